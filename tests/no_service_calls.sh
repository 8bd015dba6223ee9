#!/usr/bin/env bash
# Usage: bash tests/no_service_calls.sh CMD [ARGS...]
#
# Runs CMD with recording shims first on PATH for every tool that starts,
# stops, enables or reloads a system service, and fails if CMD (or anything
# it runs, down to the maintainer scripts of what it installs) asked for
# such a change. .ci/run wraps
# install-deps, the .deb test and the demo in it: they run on the user's own
# machine (often a school's live web host) and must leave its services alone.
#
# Read-only queries (systemctl is-active, service NAME status, ...) pass
# through to the real tool. Anything else is recorded and never reaches the
# real tool; the shim then exits 0 so that CMD runs to its end (every call
# is listed, not just the first) and a maintainer script that does
# `invoke-rc.d x restart || exit 1` does not leave a half-configured package
# behind. Unknown subcommands count as changes: better a false alarm than a
# missed stop.
#
# dpkg's maintainer scripts inherit PATH, but apt-get runs dpkg with PATH
# set to its DPkg::Path: that is prefixed with the shims too (APT_CONFIG).
# A command that resets PATH otherwise (sudo's secure_path, env -i) escapes.
#
# A package new to the machine may set up its own services: a call made by
# its maintainer script (dpkg names it in DPKG_MAINTSCRIPT_PACKAGE) on its
# own units or init script only (man-db enabling man-db.timer, x11-common
# running its one-shot init script), or systemctl daemon-reload, is listed
# as "setup" and not run, and does not fail CMD. A package that starts a
# daemon is kept out by tests/install_deps_closure_test.sh instead. Nothing
# may touch a service of a package that was installed before CMD started
# (the user's own nginx, a dbus already running): that is DENIED.
#
# Not shimmed: start-stop-daemon (man-db's postinst runs mandb through it; an
# init script reaches it only through invoke-rc.d or service, shimmed here).
#
# Prints every recorded call to stderr; exits with CMD's status, or 1 if CMD
# succeeded but asked for a change.
set -euo pipefail
if (($# == 0)); then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi
shims=$(mktemp -d /tmp/domex-no-service.XXXXXX)
trap 'rm -rf "$shims"' EXIT
log=$shims/calls.log
: > "$log"

# One shim, installed under each name; the log and its own directory are
# baked in so a CMD that rewrites the environment is still recorded.
cat > "$shims/shim" <<SH
#!/usr/bin/env bash
set -euo pipefail
log='$log'
shims='$shims'
SH
cat >> "$shims/shim" <<'SH'
name=${0##*/}
# The first argument that is not an option: systemctl's verb, service's and
# invoke-rc.d's NAME, deb-systemd-helper's action.
first_word() {
  for a in "$@"; do case $a in -*) ;; *) echo "$a"; return ;; esac; done
}
read_only=0
case $name in
  systemctl)
    case $(first_word "$@") in
      is-active|is-enabled|is-failed|is-system-running|status|show|cat|\
      list-*|get-default|show-environment) read_only=1 ;;
      "") read_only=1 ;;  # --version, --help
    esac ;;
  service)
    case " $* " in
      " --status-all "|" --version "|" --help ") read_only=1 ;;
      *) [ $# -eq 2 ] && [ "$2" = status ] && read_only=1 ;;
    esac ;;
  invoke-rc.d)
    case " $* " in *" --query "*) read_only=1 ;; esac
    [ "${*: -1}" = status ] && read_only=1 ;;
  deb-systemd-helper)
    case $(first_word "$@") in
      is-enabled|was-enabled|debian-installed) read_only=1 ;;
    esac ;;
esac
# The names a call acts on: units after systemctl's and deb-systemd-*'s
# verb; the NAME of service, invoke-rc.d and update-rc.d.
targets() {
  local skip=1 a
  case $name in systemctl|deb-systemd-invoke|deb-systemd-helper) ;; *) skip=0 ;; esac
  for a in "$@"; do
    case $a in -*) continue ;; esac
    if ((skip)); then skip=0; continue; fi
    echo "${a%.*}"  # man-db.timer -> man-db
    case $name in service|invoke-rc.d|update-rc.d) return ;; esac
  done
}
# Setting up a package new to the machine: its own maintainer script, on its
# own units only (or reloading systemd's unit files).
own_setup() {
  local pkg=${DPKG_MAINTSCRIPT_PACKAGE:-} t found=0
  [ -n "$pkg" ] || return 1
  grep -qx "$pkg" "$shims/installed-before" && return 1
  [ "$name" = systemctl ] && [ "$(first_word "$@")" = daemon-reload ] && return 0
  for t in $(targets "$@"); do
    [ "$t" = "$pkg" ] || return 1
    found=1
  done
  ((found))
}
# The real tool: the first on PATH after the shims.
real() {
  local IFS=: dir
  for dir in $PATH; do
    [ "$dir" != "$shims" ] && [ -x "$dir/$name" ] && { echo "$dir/$name"; return; }
  done
}
if ((read_only)); then
  echo "allowed $name $*" >> "$log"
  tool=$(real) || true
  [ -n "$tool" ] || { echo "$name: not found" >&2; exit 127; }
  exec "$tool" "$@"
fi
if own_setup "$@"; then
  echo "setup ($DPKG_MAINTSCRIPT_PACKAGE, new) $name $*" >> "$log"
else
  echo "DENIED $name $*" >> "$log"
fi
exit 0
SH
chmod +x "$shims/shim"
for tool in systemctl service invoke-rc.d update-rc.d deb-systemd-invoke \
            deb-systemd-helper telinit initctl shutdown reboot halt poweroff; do
  ln -s shim "$shims/$tool"
done

# What was installed before CMD: those packages' services are the user's.
dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' 2>/dev/null |
  awk '$1 ~ /^.i/ {print $2}' > "$shims/installed-before" || true

# apt reads APT_CONFIG before /etc/apt/apt.conf.d: if a file there sets
# DPkg::Path again, the postinsts apt runs would escape; refuse to run then.
if command -v apt-config >/dev/null; then
  apt_path=/usr/sbin:/usr/bin:/sbin:/bin
  eval "$(apt-config shell apt_path DPkg::Path)"
  {
    [ -z "${APT_CONFIG:-}" ] || echo "#include \"$APT_CONFIG\";"
    echo "DPkg::Path \"$shims:$apt_path\";"
  } > "$shims/apt.conf"
  export APT_CONFIG=$shims/apt.conf
  eval "$(apt-config shell apt_path DPkg::Path)"
  if [ "${apt_path%%:*}" != "$shims" ]; then
    echo "no_service_calls: apt's DPkg::Path ($apt_path) is set after" \
         "APT_CONFIG: the postinsts apt runs would not be checked" >&2
    exit 2
  fi
fi

status=0
PATH="$shims:$PATH" "$@" || status=$?

if [ -s "$log" ]; then
  echo "no_service_calls: service tools called by $*:" >&2
  sed 's/^/  /' "$log" >&2
fi
if grep -q '^DENIED ' "$log"; then
  echo "no_service_calls: FAIL: a service was to be changed (DENIED above;" \
       "none reached the real tool)" >&2
  ((status)) || status=1
fi
exit "$status"
