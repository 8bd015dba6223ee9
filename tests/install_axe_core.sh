#!/bin/bash
# Installs axe-core (the accessibility rules engine the HTML report test runs
# in Chromium) into <prefix>/node_modules, once: later runs reuse it, so the
# test needs the npm registry only the first time. Pinned, so a new axe
# release with new rules cannot turn a green build red overnight.
# Exit 77 (skip) when npm is missing or the registry cannot be reached.
set -u
prefix=${1:?usage: install_axe_core.sh <prefix>}
version=4.10.2
target="$prefix/node_modules/axe-core"
# ctest -j runs several axe tests at once: one installs, the others wait.
mkdir -p "$prefix"
exec 9>"$prefix/.install_axe_core.lock"
flock 9
if [[ -f "$target/axe.min.js" ]] &&
  grep -q "\"version\": \"$version\"" "$target/package.json" 2>/dev/null; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "npm is not installed (apt-get install npm)" >&2
  exit 77
fi
mkdir -p "$prefix"
# No package.json or lock file is written beside the build tree's files.
if ! timeout 120 npm install --prefix "$prefix" --no-save --no-audit \
  --no-fund --no-package-lock --no-update-notifier "axe-core@$version" >&2; then
  echo "npm could not fetch axe-core@$version" >&2
  exit 77
fi
[[ -f "$target/axe.min.js" ]] || exit 77
