#!/bin/sh
# Written by gitlab-dind: registers the runner that gitlab-runner/config.toml describes.
#
# 1. In GitLab, create the runner (Settings > CI/CD > Runners > New project runner), and copy its token (glrt-...).
#    Tags and other server-side settings live in GitLab: `register --token` refuses them.
# 2. On the runner host: RUNNER_TOKEN=glrt-... sh register.sh
# 3. Set concurrent = 4 at the top of /etc/gitlab-runner/config.toml (register writes 1).
set -eu
: "${RUNNER_TOKEN:?set RUNNER_TOKEN to the runner authentication token (glrt-...) from GitLab}"

gitlab-runner register --token "$RUNNER_TOKEN" \
  --non-interactive \
  --url https://gitlab.com/ \
  --executor docker \
  --name dind-tls \
  --docker-image docker:29.10.1-cli \
  --docker-privileged \
  --docker-volumes /certs/client \
  --docker-volumes /cache
