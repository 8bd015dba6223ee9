#!/usr/bin/env bash
# The Debian package, installed as a user would install it: builds it
# (.ci/package), installs it with apt-get (which resolves its Depends),
# checks what it installed and that it enabled or started nothing, then
# runs the installed domex from / against loopback servers
# (tests/deb_test.cc). Run by .ci/run after the test suite; needs root.
# A domex package this script installed is removed again at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
cd "$root"
if ! dpkg-query -W -f='${Status}' domex 2>/dev/null | grep -q "ok installed"; then
  trap 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq domex >/dev/null' EXIT
fi
bash .ci/package >/dev/null
deb=$(ls build/domex_*_amd64.deb)
fail=0
check() {
  local what=$1; shift
  if ! "$@" >/tmp/domex-deb-check.out 2>&1; then
    echo "FAIL: $what"; sed 's/^/  /' /tmp/domex-deb-check.out; fail=1
  fi
}
depends=$(dpkg-deb -f "$deb" Depends)
check "Depends names runtime libraries, not -dev packages ($depends)" \
  bash -c "[[ '$depends' == *librocksdb* && '$depends' != *-dev* ]]"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
check "domex --version" bash -c "cd / && domex --version | grep -qx 'domex [0-9.]*'"
check "man -w domex" man -w domex
check "seed tables under /usr/share/domex" test -f /usr/share/domex/tlds.txt
check "the timer is installed, not enabled" bash -c \
  "test -f /usr/lib/systemd/system/domex-scan.timer -o -f /lib/systemd/system/domex-scan.timer && \
   test ! -e /etc/systemd/system/timers.target.wants/domex-scan.timer"
check "a loopback scan from / with /etc/domex/scan.toml" \
  "$build/tests/deb_e2e_test"
exit "$fail"
