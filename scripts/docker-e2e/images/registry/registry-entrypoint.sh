#!/bin/sh
# One user, from REGISTRY_USER / REGISTRY_PASSWORD; bcrypt as the registry requires.
set -eu
htpasswd -Bbn "$REGISTRY_USER" "$REGISTRY_PASSWORD" > /etc/e2e-registry/htpasswd
exec docker-registry serve /etc/e2e-registry/config.yml
