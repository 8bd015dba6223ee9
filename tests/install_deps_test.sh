#!/usr/bin/env bash
# .ci/install-deps runs on the user's own machine (the README's first
# command): it may install packages that start nothing and unpack the
# servers the tests run (nginx, NSD, unbound) inside the checkout, and must
# do nothing else. Runs a copy of it in a scratch checkout with every
# package reported missing, apt-get, dpkg-deb and every tool that could touch
# a service replaced by recorders, then checks what was asked for.
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
# apt-get download leaves a .deb per package in its working directory;
# dpkg-deb -x unpacks nothing (recorded: where to).
cat > "$shims/apt-get" <<SH
#!/bin/sh
echo "apt-get \$* (in \$PWD)" >> "$log"
if [ "\$1" = download ] || [ "\$3" = download ] || [ "\$5" = download ]; then
  for p in "\$@"; do case "\$p" in -*|download|APT::*) ;; *) : > "\$p.deb" ;; esac; done
fi
exit 0
SH
chmod +x "$shims/apt-get"
record dpkg-deb 0
for tool in systemctl service invoke-rc.d update-rc.d deb-systemd-invoke \
            deb-systemd-helper dpkg pkill killall nginx nsd unbound \
            unbound-control nsd-control; do
  record "$tool" 1
done
checkout="$shims/checkout"
mkdir -p "$checkout/.ci"
cp "$root/.ci/install-deps" "$checkout/.ci/"
PATH="$shims:$PATH" bash "$checkout/.ci/install-deps"

fail=0
if ! grep -q '^apt-get update' "$log"; then
  echo "FAIL: apt-get update was not run"; fail=1
fi
if ! grep -q '^apt-get install .*libevent-2.1-7' "$log"; then
  echo "FAIL: apt-get install was not run for the missing packages"; fail=1
fi
# Packages whose postinst starts (or whose dependency closure holds) a
# service; nginx-* also replaces the user's own nginx flavour.
if grep -E '^apt-get install .* (nginx[^ ]*|nsd|unbound|dbus|systemd)( |$)' "$log"; then
  echo "FAIL: a package that starts a service was installed (above)"; fail=1
fi
for p in nginx nginx-common nsd unbound; do
  if ! grep -qE "^apt-get download .* $p( |\$)" "$log"; then
    echo "FAIL: $p was not downloaded"; fail=1
  fi
done
# Unpacked only inside the checkout.
if grep '^dpkg-deb ' "$log" | grep -v -e "^dpkg-deb -x [^ ]*\.deb $checkout/\.servers"; then
  echo "FAIL: dpkg-deb did something other than unpack into the checkout (above)"
  fail=1
fi
if grep -v -e '^dpkg-query ' -e '^apt-get update' -e '^apt-get install' \
        -e '^apt-get download' -e '^dpkg-deb -x' "$log"; then
  echo "FAIL: install-deps ran something other than package installs (above)"
  fail=1
fi
if [ "$(ls -A "$checkout")" != "$(printf '.ci\n.servers')" ] ||
   [ ! -f "$checkout/.servers/.packages" ]; then
  echo "FAIL: the checkout holds other than .ci and .servers:"; ls -A "$checkout"
  fail=1
fi
# Idempotent: a second run downloads and unpacks nothing.
: > "$log"
PATH="$shims:$PATH" bash "$checkout/.ci/install-deps"
if grep -e '^apt-get download' -e '^dpkg-deb' "$log"; then
  echo "FAIL: a second run unpacked the servers again (above)"; fail=1
fi
exit "$fail"
