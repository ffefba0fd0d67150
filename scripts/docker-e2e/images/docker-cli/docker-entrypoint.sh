#!/bin/sh
# Stand-in for the docker:cli entrypoint, written from what its documentation says it does:
# - a first argument that is an option runs `docker` with it;
# - without DOCKER_HOST and without a local socket, a host named "docker" is the daemon
#   (2376 when client certificates exist, else 2375);
# - client certificates in $DOCKER_TLS_CERTDIR/client switch TLS on for the client
#   (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH). This is decided once, when the container starts.
set -eu

if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
	set -- docker "$@"
fi

client_certs() {
	[ -n "${DOCKER_TLS_CERTDIR:-}" ] &&
		[ -s "$DOCKER_TLS_CERTDIR/client/ca.pem" ] &&
		[ -s "$DOCKER_TLS_CERTDIR/client/cert.pem" ] &&
		[ -s "$DOCKER_TLS_CERTDIR/client/key.pem" ]
}

if [ -z "${DOCKER_HOST:-}" ] && [ ! -S /var/run/docker.sock ] && getent hosts docker >/dev/null 2>&1; then
	if client_certs; then
		export DOCKER_HOST=tcp://docker:2376
	else
		export DOCKER_HOST=tcp://docker:2375
	fi
fi

if [ -n "${DOCKER_HOST:-}" ] && client_certs; then
	export DOCKER_TLS_VERIFY=1
	export DOCKER_CERT_PATH="$DOCKER_TLS_CERTDIR/client"
fi

# Suite knob, not in the official image: E2E_LATE_CERTS=1 marks that this job container has started, so
# the dind stand-in writes its certificates only now (see dockerd-entrypoint.sh).
if [ "${E2E_LATE_CERTS:-}" = 1 ] && [ -d "${DOCKER_TLS_CERTDIR:-/certs}/client" ]; then
	: > "${DOCKER_TLS_CERTDIR:-/certs}/client/.job-started"
fi

exec "$@"
