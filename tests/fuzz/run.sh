#!/usr/bin/env bash
# Fuzzes every libFuzzer target for SECONDS each, two at a time (the
# machine's two cores), and fails on any crash, leak, timeout, out-of-memory
# or broken assertion. The reproducer is saved under
# BUILD/fuzz/<target>/artifacts/<time>/ and printed (base64, when small).
#
#   tests/fuzz/run.sh SECONDS [TARGET...]     # CI: 60; offline: 3600
#
# Builds the fuzz tree first if needed (DOMEX_FUZZ_BUILD, default
# build-asan: the tree .ci/sanitize builds). What a target finds stays in
# BUILD/fuzz/<target>/corpus, so the next run starts from there; the seeds
# (tests/fuzz/<target>/) and past crashes (tests/fuzz/regressions/) are
# read, never written. A crash found becomes a regression: fix it, then
# copy the reproducer to tests/fuzz/regressions/<target>/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-}
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: tests/fuzz/run.sh SECONDS [TARGET...]" >&2
  exit 2
fi
shift
build=${DOMEX_FUZZ_BUILD:-$root/build-asan}
jobs=${DOMEX_FUZZ_JOBS:-2}

if ! grep -q '^DOMEX_FUZZ:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOMEX_SANITIZE=address,undefined \
    -DDOMEX_FUZZ=ON >/dev/null
fi
list=$build/tests/fuzz/targets.txt
cmake --build "$build" -j "$jobs" --target \
  $(awk '{print "fuzz_" $1}' "$list") >/dev/null

targets=("$@")
if ((${#targets[@]} == 0)); then
  mapfile -t targets < <(awk '{print $1}' "$list")
fi

# One target: fuzz, then report. Runs in the background, two at a time.
fuzz_one() {
  local name=$1 flags work log artifacts status=0
  flags=$(awk -v n="$name" '$1 == n {$1 = ""; print}' "$list")
  if [ -z "$flags" ]; then
    echo "$name: no such fuzz target" >&2
    return 1
  fi
  work=$build/fuzz/$name
  log=$work/fuzz.log
  artifacts=$work/artifacts/$(date -u +%Y%m%dT%H%M%S)
  mkdir -p "$work/corpus" "$artifacts"
  # The outer timeout catches a target that hangs outside libFuzzer's own
  # per-input timer (loading the corpus, exiting).
  # shellcheck disable=SC2086  # flags are words
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    timeout --kill-after=10 $((seconds + 300)) \
    "$build/tests/fuzz/fuzz_$name" $flags -max_total_time="$seconds" \
    -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$work/corpus" "$here/$name" "$here/regressions" >"$log" 2>&1 ||
    status=$?
  local runs rss cov
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  if ((status == 0)); then
    echo "fuzz $name: ok, ${runs:-?} inputs in ${seconds}s, peak RSS ${rss:-?} MB, $cov"
    return 0
  fi
  echo "fuzz $name: FAILED (exit $status); log $log"
  grep -E 'ERROR|FUZZ_CHECK|runtime error|SUMMARY|Test unit written|timeout' \
    "$log" | head -20 | sed 's/^/  /'
  local f
  for f in "$artifacts"/{crash,leak,timeout,oom}-*; do
    [ -e "$f" ] || continue
    echo "  reproducer: $f ($(stat -c %s "$f") bytes)"
    if (($(stat -c %s "$f") <= 4096)); then
      echo "  base64: $(base64 -w0 "$f")"
    fi
  done
  return 1
}

failed=0
running=0
for name in "${targets[@]}"; do
  fuzz_one "$name" &
  running=$((running + 1))
  if ((running >= jobs)); then
    wait -n || failed=$((failed + 1))
    running=$((running - 1))
  fi
done
while ((running > 0)); do
  wait -n || failed=$((failed + 1))
  running=$((running - 1))
done
echo "fuzz: $((${#targets[@]} - failed)) passed, $failed failed"
if ((failed)); then
  echo "fuzz: reproducers above; see tests/fuzz/README.md" >&2
  exit 1
fi
