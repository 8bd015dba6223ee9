#!/usr/bin/env bash
# On a fresh Debian 12 machine (no systemd: a container, a minimal host)
# .ci/install-deps must not pull in a package that starts a service: not
# one it names, not one in their dependency closure (chromium's closure once
# held systemd and the system bus dbus, through dbus-user-session). Asks apt
# to simulate installing `.ci/install-deps --list` from an empty dpkg status,
# as on a machine that has nothing, and fails if the closure holds one.
# Without package lists there is nothing to simulate: exit 77 (skip), unless
# DOMEX_REQUIRE_ALL=1 (.ci/run), where a skip is coverage lost: fail.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# A package list offers chromium (a line "500 http://... Packages"), not
# only dpkg's status (which would make an installed chromium the candidate).
policy=$(apt-cache policy chromium 2>/dev/null || true)
if ! grep -q ' Packages$' <<< "$policy"; then
  echo "no apt package lists (apt-cache policy chromium: no source offers it)"
  if [ "${DOMEX_REQUIRE_ALL:-}" = 1 ]; then
    echo "FAIL: DOMEX_REQUIRE_ALL=1: may not skip"; exit 1
  fi
  exit 77
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
: > "$scratch/status"
mapfile -t packages < <(bash "$root/.ci/install-deps" --list)
# No lock: only a simulation, and another apt may be running.
apt-get install -s --no-install-recommends -o Debug::NoLocking=1 \
  -o Dir::State::status="$scratch/status" "${packages[@]}" > "$scratch/sim"
awk '/^Inst /{print $2}' "$scratch/sim" > "$scratch/closure"
if [ "$(wc -l < "$scratch/closure")" -lt 100 ]; then
  echo "FAIL: the simulation installed too little to be real:"; cat "$scratch/sim"
  exit 1
fi
# Packages whose maintainer scripts start (or restart on upgrade) a daemon,
# or that make the machine run one: the service manager itself, the system
# bus and what pulls them in, and the usual servers and system daemons.
services='systemd|systemd-sysv|systemd-timesyncd|systemd-resolved|udev'
services+='|libpam-systemd|dbus|dbus-user-session|polkitd|packagekit'
services+='|avahi-daemon|cups|cups-daemon|exim4-daemon-.*|postfix|nginx.*'
services+='|apache2|nsd|unbound|bind9|dnsmasq|openssh-server|cron|anacron'
services+='|rsyslog|rtkit|upower|colord|udisks2|accountsservice'
if grep -xE "$services" "$scratch/closure"; then
  echo "FAIL: installing .ci/install-deps --list on a fresh machine would" \
       "install the service packages above"
  exit 1
fi
echo "$(wc -l < "$scratch/closure") packages, none starts a service"
