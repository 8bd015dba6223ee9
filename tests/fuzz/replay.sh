#!/bin/sh
# Runs every input under the given directories once through a fuzz target:
# the target's seeds and every input that ever crashed any target.
#   replay.sh TARGET DIR... -- LIBFUZZER_FLAGS...
# Fails when an input crashes, leaks, times out or breaks an assertion.
set -eu
target=$1
shift
dirs=
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  dirs="$dirs $1"
  shift
done
[ $# -gt 0 ] && shift
# shellcheck disable=SC2086  # the directories are words
inputs=$(find $dirs -type f ! -name '*.md' 2>/dev/null | sort)
if [ -z "$inputs" ]; then
  echo "replay.sh: no inputs under$dirs" >&2
  exit 1
fi
# With only files as arguments libFuzzer runs each once and does not fuzz.
# shellcheck disable=SC2086
exec "$target" "$@" $inputs
