#!/usr/bin/env bash
# tests/no_service_calls.sh is what proves in CI that install-deps, the .deb
# test and the demo touch no system service; this proves the wrapper: each
# kind of change fails it and never reaches the real tool, read-only queries
# and silence pass, CMD's own exit status is kept, and a postinst that dpkg
# runs is caught too, also when apt-get runs dpkg.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
wrapper=$root/tests/no_service_calls.sh
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Fake "real" tools later on PATH than the shims: each touches a sentinel,
# so a call that got past the shims leaves a trace (and none reaches the
# machine's own systemctl).
real=$scratch/real
mkdir -p "$real"
for tool in systemctl service invoke-rc.d update-rc.d deb-systemd-invoke \
            deb-systemd-helper; do
  printf '#!/bin/sh\necho "%s $*" >> "%s/reached"\n' "$tool" "$scratch" > "$real/$tool"
  chmod +x "$real/$tool"
done

fail=0
# expect STATUS REACHED SCRIPT: runs SCRIPT under the wrapper, expects exit
# STATUS and REACHED (yes/no) about the fake real tools.
expect() {
  local want=$1 reached=$2 script=$3 got=0
  rm -f "$scratch/reached"
  PATH="$real:$PATH" bash "$wrapper" bash -c "$script" 2>"$scratch/err" || got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: '$script': exit $got, want $want"; sed 's/^/  /' "$scratch/err"
    fail=1
  fi
  if [ "$reached" = no ] && [ -e "$scratch/reached" ]; then
    echo "FAIL: '$script' reached the real tool:"; sed 's/^/  /' "$scratch/reached"
    fail=1
  fi
  if [ "$reached" = yes ] && [ ! -e "$scratch/reached" ]; then
    echo "FAIL: '$script': the read-only query did not reach the real tool"
    fail=1
  fi
}

# Each change fails the wrapper, and no real tool runs.
for call in 'systemctl stop x' 'service y restart' 'invoke-rc.d z reload' \
            'systemctl mask w' 'systemctl disable v' 'systemctl --system daemon-reload' \
            'systemctl start nginx' 'systemctl enable --now nsd' \
            'invoke-rc.d --skip-systemd-native x11-common restart' \
            'update-rc.d nsd defaults' 'deb-systemd-invoke restart nsd.service' \
            'deb-systemd-helper enable nsd.service' 'systemctl kill nginx' \
            'systemctl -p Id show nginx'; do  # an option value read as a verb: denied
  expect 1 no "$call"
done
# Denied even when the script goes on and succeeds.
expect 1 no 'systemctl restart nginx; invoke-rc.d nsd stop; true'
# Read-only queries reach the real tool and pass.
expect 0 yes 'systemctl is-active foo'
expect 0 yes 'service nginx status'
expect 0 yes 'deb-systemd-helper --quiet was-enabled man-db.timer'
# Nothing called: passes.
expect 0 no 'echo hello >/dev/null'
# CMD's own status is kept, with and without a denied call.
expect 3 no 'exit 3'
expect 3 no 'systemctl stop x; exit 3'
# Every call is printed, denied ones marked.
PATH="$real:$PATH" bash "$wrapper" bash -c 'systemctl is-active a; systemctl stop b' \
  2>"$scratch/err" || true
if ! grep -q 'allowed systemctl is-active a' "$scratch/err" ||
   ! grep -q 'DENIED systemctl stop b' "$scratch/err"; then
  echo "FAIL: the calls were not listed:"; sed 's/^/  /' "$scratch/err"; fail=1
fi

# dpkg's maintainer scripts inherit PATH: a postinst calling invoke-rc.d is
# caught. Installed into a scratch dpkg root, scripts run outside a chroot,
# so the machine's dpkg database is untouched (and root is not needed).
pkg=$scratch/pkg
mkdir -p "$pkg/DEBIAN" "$scratch/root/var/lib/dpkg/info" \
  "$scratch/root/var/lib/dpkg/updates"
: > "$scratch/root/var/lib/dpkg/status"
printf 'Package: domex-probe\nVersion: 1\nArchitecture: all\nMaintainer: t <t@localhost>\nDescription: probe\n' \
  > "$pkg/DEBIAN/control"
# probe POSTINST-BODY: installs a probe package whose postinst runs it.
probe() {
  printf '#!/bin/sh\nset -e\n%s\n' "$1" > "$pkg/DEBIAN/postinst"
  chmod 755 "$pkg/DEBIAN/postinst"
  dpkg-deb -b "$pkg" "$scratch/probe.deb" >/dev/null
  echo "dpkg --root='$scratch/root' --force-script-chrootless --force-not-root \
    -i '$scratch/probe.deb' >/dev/null"
}
# A package new to the machine setting up its own service: listed as setup,
# not run, not a failure (man-db's timer, x11-common's init script).
expect 0 no "$(probe 'invoke-rc.d domex-probe start || exit 1
deb-systemd-helper enable domex-probe.timer
systemctl --system daemon-reload')"
if ! grep -q 'setup (domex-probe, new) invoke-rc.d domex-probe start' "$scratch/err"; then
  echo "FAIL: the postinst's own setup was not recorded:"; sed 's/^/  /' "$scratch/err"
  fail=1
fi
# Its postinst touching another package's service: denied.
expect 1 no "$(probe 'invoke-rc.d domex-probe start
invoke-rc.d nginx restart || exit 1')"
if ! grep -q 'DENIED invoke-rc.d nginx restart' "$scratch/err"; then
  echo "FAIL: the postinst's call was not recorded:"; sed 's/^/  /' "$scratch/err"
  fail=1
fi
# A package that was installed before (the user's) may not touch its own
# services either: DPKG_MAINTSCRIPT_PACKAGE names one that is installed.
expect 1 no 'DPKG_MAINTSCRIPT_PACKAGE=dpkg invoke-rc.d dpkg restart'

# apt-get runs dpkg with PATH set to its DPkg::Path, not the caller's: the
# wrapper prefixes that too, keeping the caller's APT_CONFIG. Done here as
# apt would do it, with a DPkg::Path whose only service tools are the fakes.
printf 'DPkg::Path "%s:/usr/bin:/bin";\n' "$real" > "$scratch/apt.conf"
# shellcheck disable=SC2016  # expanded by the script, not here
APT_CONFIG=$scratch/apt.conf expect 1 no \
  'eval "$(apt-config shell P DPkg::Path)"; PATH=$P invoke-rc.d z start'
exit "$fail"
