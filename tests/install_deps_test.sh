#!/usr/bin/env bash
# .ci/install-deps runs on the user's own machine (the README's first
# command): it may install packages and must do nothing else. Runs it with
# every package reported missing and every tool that could touch a service
# replaced by a recorder, then checks that only apt-get update and apt-get
# install were asked for.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shims=$(mktemp -d)
trap 'rm -rf "$shims"' EXIT
log="$shims/calls.log"
: > "$log"
record() {  # record NAME EXIT-STATUS: a shim that logs its arguments
  printf '#!/bin/sh\necho "%s $*" >> "%s"\nexit %s\n' "$1" "$log" "$2" > "$shims/$1"
  chmod +x "$shims/$1"
}
record dpkg-query 1  # every package missing: the install path runs
record apt-get 0
for tool in systemctl service invoke-rc.d update-rc.d deb-systemd-invoke \
            pkill killall nginx nsd unbound unbound-control nsd-control; do
  record "$tool" 1
done
PATH="$shims:$PATH" bash "$root/.ci/install-deps"

fail=0
if ! grep -q '^apt-get update' "$log"; then
  echo "FAIL: apt-get update was not run"; fail=1
fi
if ! grep -q '^apt-get install .*nginx' "$log"; then
  echo "FAIL: apt-get install was not run for the missing packages"; fail=1
fi
if grep -v -e '^dpkg-query ' -e '^apt-get update' -e '^apt-get install' "$log"; then
  echo "FAIL: install-deps ran something other than package installs (above)"
  fail=1
fi
exit "$fail"
