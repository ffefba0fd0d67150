#!/bin/sh
# Written by gitlab-dind: registers the runner that gitlab-runner/config.toml describes.
#
# 1. In GitLab, create the runner (Settings > CI/CD > Runners > New project runner)
#    with "Run untagged jobs" ticked: the jobs have no tags, and a runner without it takes none of them,
#    and copy its token (glrt-...).
#    Tags and other server-side settings live in GitLab: `register --token` refuses them.
# 2. On the runner host: RUNNER_TOKEN=glrt-... sh register.sh
# 3. Set concurrent = 4 at the top of /etc/gitlab-runner/config.toml (register writes 1).
set -eu
: "${RUNNER_TOKEN:?set RUNNER_TOKEN to the runner authentication token (glrt-...) from GitLab}"
# The runner's system service reads /etc/gitlab-runner/config.toml, which only root may write; run as another
# user, gitlab-runner would write ~/.gitlab-runner/config.toml, which the service never reads.
as_root=
[ "$(id -u)" -eq 0 ] || as_root=sudo

$as_root gitlab-runner register --token "$RUNNER_TOKEN" \
  --config /etc/gitlab-runner/config.toml \
  --non-interactive \
  --url https://gitlab.com/ \
  --executor docker \
  --name buildkit-rootless \
  --docker-image harbor.example.com/dockerhub/moby/buildkit:v0.32.2-rootless \
  --docker-pull-policy always,if-not-present \
  --docker-helper-image 'harbor.example.com/dockerhub/gitlab/gitlab-runner-helper:x86_64-v${CI_RUNNER_VERSION}' \
  --docker-volumes /cache \
  --docker-security-opt seccomp:unconfined \
  --docker-security-opt apparmor:unconfined \
  --cache-type s3 \
  --cache-shared \
  --cache-path gitlab-runner \
  --cache-s3-bucket-name ci-cache \
  --cache-s3-authentication_type iam
