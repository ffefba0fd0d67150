#!/bin/sh
# Stand-in for the docker:dind entrypoint, written from what its documentation says it does:
# - no arguments, or options only: run dockerd with them added;
# - DOCKER_TLS_CERTDIR non-empty: make a CA, a server and a client certificate there (ca/, server/,
#   client/) and serve TLS on 2376; empty: plain TCP on 2375; the local socket either way.
set -eu

tls_certs() {
	dir=$1
	days=825
	mkdir -p "$dir/ca" "$dir/server" "$dir/client"
	[ -s "$dir/ca/key.pem" ] || openssl genrsa -out "$dir/ca/key.pem" 2048 2>/dev/null
	[ -s "$dir/ca/cert.pem" ] || openssl req -x509 -new -key "$dir/ca/key.pem" -days "$days" \
		-subj '/CN=dind stand-in CA' -out "$dir/ca/cert.pem"
	# Names and addresses the server answers to: its service alias "docker", its own names, its IPs.
	san="DNS:docker,DNS:localhost,DNS:$(hostname)"
	for ip in $(hostname -i 2>/dev/null) 127.0.0.1; do san="$san,IP:$ip"; done
	[ -s "$dir/server/key.pem" ] || openssl genrsa -out "$dir/server/key.pem" 2048 2>/dev/null
	openssl req -new -key "$dir/server/key.pem" -subj '/CN=dind stand-in server' -out "$dir/server/csr.pem"
	printf '[ext]\nextendedKeyUsage = serverAuth\nsubjectAltName = %s\n' "$san" > "$dir/server/ext.cnf"
	openssl x509 -req -in "$dir/server/csr.pem" -CA "$dir/ca/cert.pem" -CAkey "$dir/ca/key.pem" -CAcreateserial \
		-days "$days" -extfile "$dir/server/ext.cnf" -extensions ext -out "$dir/server/cert.pem" 2>/dev/null
	cp "$dir/ca/cert.pem" "$dir/server/ca.pem"
	[ -s "$dir/client/key.pem" ] || openssl genrsa -out "$dir/client/key.pem" 2048 2>/dev/null
	chmod 0644 "$dir/client/key.pem" # read by job containers of any user
	openssl req -new -key "$dir/client/key.pem" -subj '/CN=dind stand-in client' -out "$dir/client/csr.pem"
	printf '[ext]\nextendedKeyUsage = clientAuth\n' > "$dir/client/ext.cnf"
	openssl x509 -req -in "$dir/client/csr.pem" -CA "$dir/ca/cert.pem" -CAkey "$dir/ca/key.pem" -CAcreateserial \
		-days "$days" -extfile "$dir/client/ext.cnf" -extensions ext -out "$dir/client/cert.pem" 2>/dev/null
	cp "$dir/ca/cert.pem" "$dir/client/ca.pem"
}

if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
	if [ -n "${DOCKER_TLS_CERTDIR:-}" ]; then
		# Suite knob, not in the official image: with E2E_LATE_CERTS=1 the certificates are written only
		# after the job container has started (its entrypoint leaves a mark in the shared client folder),
		# as when the runner's service health check timed out and the job went ahead.
		if [ "${E2E_LATE_CERTS:-}" = 1 ]; then
			for i in $(seq 1 300); do [ -e "$DOCKER_TLS_CERTDIR/client/.job-started" ] && break; sleep 1; done
			echo "dind stand-in: job container started; writing certificates now" >&2
		fi
		tls_certs "$DOCKER_TLS_CERTDIR"
		set -- dockerd --host=unix:///var/run/docker.sock --host=tcp://0.0.0.0:2376 --tlsverify \
			--tlscacert "$DOCKER_TLS_CERTDIR/server/ca.pem" \
			--tlscert "$DOCKER_TLS_CERTDIR/server/cert.pem" \
			--tlskey "$DOCKER_TLS_CERTDIR/server/key.pem" "$@"
	else
		set -- dockerd --host=unix:///var/run/docker.sock --host=tcp://0.0.0.0:2375 "$@"
	fi
fi

if [ "$1" = dockerd ]; then
	rm -f /var/run/docker.pid /run/docker.pid
	# A daemon in a container needs securityfs for AppArmor detection, as the old `dind` helper mounted it.
	if [ -d /sys/kernel/security ] && ! mountpoint -q /sys/kernel/security 2>/dev/null; then
		mount -t securityfs none /sys/kernel/security 2>/dev/null || :
	fi
	echo "dind stand-in: $*" >&2
	exec tini -s -- "$@"
fi

exec docker-entrypoint.sh "$@"
