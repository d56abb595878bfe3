#!/bin/sh
# tests/fuzz/run-fuzz.sh: search for crashes with both libFuzzer harnesses.
#
#   tests/fuzz/run-fuzz.sh BUILD_DIR [SECONDS] [WORK_DIR] [SEED_DIR…]
#
# BUILD_DIR is a clang build with the fuzz-decode and fuzz-sources
# targets, best configured with -Db_sanitize=address,undefined. Both
# harnesses run at the same time, one a core, for SECONDS each (default
# 30), seeded with every file under tests/data, tests/fuzz/seeds and
# the SEED_DIRs, with the tokens of tests/fuzz/bounce.dict; FUZZ_FLAGS
# adds libFuzzer options (for long runs: "-fork=1 -ignore_crashes=1
# -ignore_timeouts=1 -ignore_ooms=1" goes on after a failure). The inputs
# they find go to WORK_DIR/corpus-NAME (a temporary folder, removed at
# the end, when WORK_DIR is not given), crashing inputs to
# WORK_DIR/crashes, logs to WORK_DIR/NAME.log. The exit status is 1
# when a harness found a crash, a leak, a timeout or a memory blow-up.
# Save each crashing input under tests/data/robust/ and make
# test-robustness.c decode it.

set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:?usage: run-fuzz.sh BUILD_DIR [SECONDS] [WORK_DIR] [SEED_DIR…]}
seconds=${2:-30}
work=${3:-}
if [ $# -gt 3 ]; then
  shift 3
else
  shift $#
fi

temporary=false
if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/bv-fuzz.XXXXXX")
  temporary=true
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/crashes"

for name in decode sources; do
  if [ ! -x "$build/tests/fuzz-$name" ]; then
    echo "run-fuzz.sh: $build/tests/fuzz-$name is missing; configure $build with CC=clang" >&2
    exit 2
  fi
done

# Failures must stop the harness, so that libFuzzer saves the input.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export G_SLICE=always-malloc
export LC_ALL=C.UTF-8

pids=""
for name in decode sources; do
  mkdir -p "$work/corpus-$name"
  # -timeout: an input that takes 20 s is a hang (normal inputs take
  # milliseconds); -rss_limit_mb: a memory blow-up is a failure.
  "$build/tests/fuzz-$name" \
    -max_total_time="$seconds" \
    -timeout=20 \
    -rss_limit_mb=2048 \
    -max_len=65536 \
    -print_final_stats=1 \
    ${FUZZ_FLAGS:-} \
    -dict="$src/tests/fuzz/bounce.dict" \
    -artifact_prefix="$work/crashes/$name-" \
    "$work/corpus-$name" "$src/tests/data" "$src/tests/fuzz/seeds" "$@" \
    >"$work/$name.log" 2>&1 &
  pids="$pids $!"
done

status=0
for pid in $pids; do
  wait "$pid" || status=1
done

for name in decode sources; do
  echo "== fuzz-$name"
  grep -E '^(#[0-9]+[[:space:]]+DONE|stat::|INFO: seed corpus)' "$work/$name.log" || true
  # With -fork, the last progress line has the totals.
  grep -E '^#[0-9]+: cov:' "$work/$name.log" | tail -n 1 || true
  grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$work/$name.log" || true
done
if [ -n "$(ls "$work/crashes")" ]; then
  echo "Inputs that failed, in $work/crashes:"
  ls -l "$work/crashes"
  status=1
fi
if [ "$status" != 0 ]; then
  echo "run-fuzz.sh: a harness failed; see the logs above and in $work" >&2
  if $temporary; then
    # The folder goes away with this script: show what it held.
    for name in decode sources; do
      tail -n 60 "$work/$name.log"
    done
    for input in "$work"/crashes/*; do
      [ -f "$input" ] || continue
      echo "== $input, base64:"
      base64 "$input" | head -n 200
    done
  fi
fi
exit "$status"
