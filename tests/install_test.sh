#!/usr/bin/env bash
# `cmake --install` lays out a working domex: installed into one prefix,
# then moved to another (as a relocated or packaged tree would be), the
# binary finds its seed tables from its own location, run from /, with no
# path of the source or build tree compiled in. The man page renders, the
# bash completion loads, the systemd units name the binary, and every
# Dockerfile COPY source is a file the build produces.
# usage: install_test.sh SOURCE_DIR BUILD_DIR [SANITIZERS]
set -euo pipefail
src=$1 build=$2 sanitizers=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # check WHAT COMMAND...: runs it, reports a failure by name
  local what=$1; shift
  if ! "$@" >"$tmp/out" 2>&1; then
    echo "FAIL: $what"; sed 's/^/  /' "$tmp/out"; fail=1
  fi
}

cmake --install "$build" --prefix "$tmp/a" >/dev/null
mv "$tmp/a" "$tmp/moved"
p=$tmp/moved
for f in bin/domex share/domex/tlds.txt share/domex/keyboards \
         share/man/man1/domex.1 share/bash-completion/completions/domex \
         share/doc/domex/examples/scan.toml \
         lib/systemd/system/domex-scan.service lib/systemd/system/domex-scan.timer; do
  check "installs $f" test -e "$p/$f"
done

# No compiled-in path of the trees: the read-only data holds neither. (A
# sanitized build describes its globals by source file there; the release
# build is the one that ships.)
if [ -z "$sanitizers" ]; then
  objcopy --dump-section .rodata="$tmp/rodata" "$p/bin/domex" /dev/null
  for tree in "$src" "$build"; do
    check "no '$tree' in the binary's data" bash -c "! grep -qaF '$tree' '$tmp/rodata'"
  done
fi

# From /, with the seed tables only under the moved prefix: lookalikes get
# as far as DNS (a port where nothing listens: exit 1, every name unknown),
# which needs the tables. Without them it would be exit 2 naming them.
# A random loopback address outside 127.0.0.0/16, where no test server binds.
dead="127.$((RANDOM % 200 + 50)).$((RANDOM % 250)).$((RANDOM % 250 + 1)):9"
(cd / && env -i HOME="$tmp/home" "$p/bin/domex" lookalikes example.mil \
   --nameservers "$dead" --timeout 50 --retries 0 >"$tmp/l.out" 2>"$tmp/l.err") \
  && code=0 || code=$?
check "lookalikes from / with the installed tables exits 1 (got $code)" test "$code" = 1
check "no complaint about seed tables" bash -c "! grep -q 'seed tables' '$tmp/l.err'"
check "the store went to \$HOME/.local/state/domex" test -e "$tmp/home/.local/state/domex/CURRENT"
# ... and the tables really come from the prefix: without them, exit 2.
mv "$p/share/domex" "$p/share/domex.away"
(cd / && env -i HOME="$tmp/home" "$p/bin/domex" lookalikes example.mil \
   --nameservers "$dead" >/dev/null 2>"$tmp/l2.err") && code=0 || code=$?
check "without the tables: exit 2 (got $code)" test "$code" = 2
check "without the tables: says where it looked" grep -qF "$p/bin/../share/domex" "$tmp/l2.err"
mv "$p/share/domex.away" "$p/share/domex"
check "--version" "$p/bin/domex" --version

check "man page renders without warnings" bash -c \
  "MANWIDTH=80 man --warnings -l '$p/share/man/man1/domex.1' 2>&1 >/dev/null | (! grep .)"
check "bash completion loads and completes" bash -c "
  _init_completion() { cur=\${COMP_WORDS[COMP_CWORD]}; prev=\${COMP_WORDS[COMP_CWORD-1]}; words=(\"\${COMP_WORDS[@]}\"); cword=\$COMP_CWORD; }
  source '$p/share/bash-completion/completions/domex'
  COMP_WORDS=(domex lookalikes --name); COMP_CWORD=2; _domex
  [[ \${COMPREPLY[*]} == --nameservers ]]"
check "service runs the installed binary's scan" \
  grep -qE '^ExecStart=/.*/bin/domex scan --config /.*/domex/scan.toml' \
  "$p/lib/systemd/system/domex-scan.service"
check "service keeps its store in StateDirectory" \
  grep -qx 'StateDirectory=domex' "$p/lib/systemd/system/domex-scan.service"
check "timer is nightly" grep -qx 'OnCalendar=\*-\*-\* 03:15:00' \
  "$p/lib/systemd/system/domex-scan.timer"
if command -v systemd-analyze >/dev/null; then
  check "systemd-analyze verify" bash -c "cd '$p/lib/systemd/system' && \
    SYSTEMD_LOG_LEVEL=err systemd-analyze verify --man=no domex-scan.timer 2>&1 | grep -v 'Executable.*does not exist\|not executable\|Command.*is not executable' | (! grep .)"
fi

# The Dockerfile: no registry here to build it; every COPY source must be
# what .ci/package writes, with this version.
version=$("$p/bin/domex" --version | awk '{print $2}')
while read -r _ from _; do
  check "Dockerfile COPY source $from is what .ci/package builds" \
    test "$from" = "build/domex_${version}_amd64.deb"
done < <(grep -E '^COPY ' "$src/Dockerfile")
check "Dockerfile installs this version" grep -q "domex_${version}_amd64.deb" "$src/Dockerfile"
check ".ci/package names that file" grep -q 'build/domex_\*_amd64.deb' "$src/.ci/package"
exit "$fail"
