#!/bin/bash
# bench-import.sh
#
# Copyright 2026 The BounceView authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Times `bounceview-cli import` of a Maildir of 20 copies of the corpus
# (9,500 files) into a new database, side by side with Debian's Sisimai
# decoding the same files and `cat` reading them. Each of the three runs
# once per round, the files stay in the page cache, and the script prints
# the median of each and the two ratios. It never fails on a time; it
# only prints.
#
# Usage: bench/bench-import.sh [BUILD_DIR]      (default: build)
#
# Environment:
#   BV_CORPUS   the Maildir to copy (default: ../shared/corpus/maildir beside the repository)
#   BV_COPIES   how many copies of it (default: 20)
#   BV_RUNS     rounds; the medians need 5 or more (default: 5)
#   BV_KEEP=1   keep the temporary folder and print its path

set -eu
export LC_ALL=C

bench_dir=$(cd "$(dirname "$0")" && pwd)
source_dir=$(dirname "$bench_dir")
build_dir=${1:-build}
cli="$build_dir/app/bounceview-cli"
corpus=${BV_CORPUS:-$source_dir/../shared/corpus/maildir}
copies=${BV_COPIES:-20}
runs=${BV_RUNS:-5}

. "$bench_dir/bench-lib.sh"

if [ ! -x "$cli" ]; then
  echo "bench-import: $cli not found; build first (meson setup BUILD_DIR && ninja -C BUILD_DIR) and pass BUILD_DIR" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  echo "bench-import: /usr/bin/time (GNU time) is missing; apt-get install time" >&2
  exit 2
fi
if [ ! -d "$corpus/cur" ] && [ ! -d "$corpus/new" ]; then
  echo "bench-import: no Maildir at $corpus; set BV_CORPUS to one" >&2
  exit 2
fi

have_sisimai=1
if ! perl -MSisimai -e 1 2>/dev/null; then
  have_sisimai=0
  echo "bench-import: Sisimai is not installed (apt-get install libsisimai-perl); timing BounceView and cat only"
fi

work=$(mktemp -d /tmp/bv-bench-import.XXXXXX)
cleanup ()
{
  if [ "${BV_KEEP:-0}" = 1 ]; then
    echo "Kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

bench_print_machine
python3 "$bench_dir/copy-corpus.py" "$corpus" "$work/maildir" "$copies"
find "$work/maildir/cur" "$work/maildir/new" -type f | sort > "$work/files"
echo "Files: $(wc -l < "$work/files"), $(du -sh "$work/maildir" | cut -f1)"

# Page cache: read every file twice before the first timed run.
xargs -d '\n' cat -- < "$work/files" > /dev/null
xargs -d '\n' cat -- < "$work/files" > /dev/null

# Sisimai 4.25 reads one flat directory per call, so it gets cur/ and
# new/ one after the other in the same process.
sisimai_script='my $n = 0;
for my $dir (@ARGV) { my $found = Sisimai->make($dir); $n += scalar @$found if $found }
print "$n\n";'

bv_times=()
bv_cpu=()
sisimai_times=()
cat_times=()

echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

for round in $(seq 1 "$runs"); do
  rm -f "$work"/db.sqlite*
  start=$EPOCHREALTIME
  /usr/bin/time -f '%U %S' -o "$work/cpu" \
    "$cli" import --database="$work/db.sqlite" "$work/maildir" > "$work/import.log"
  bv_times+=("$(bench_elapsed "$start")")
  bv_cpu+=("$(awk '{ print $1 + $2 }' "$work/cpu")")

  if [ "$have_sisimai" = 1 ]; then
    start=$EPOCHREALTIME
    perl -MSisimai -e "$sisimai_script" "$work/maildir/cur" "$work/maildir/new" > "$work/sisimai.log"
    sisimai_times+=("$(bench_elapsed "$start")")
  fi

  start=$EPOCHREALTIME
  xargs -d '\n' cat -- < "$work/files" > /dev/null
  cat_times+=("$(bench_elapsed "$start")")

  printf 'Round %d: BounceView %s s, Sisimai %s s, cat %s s\n' "$round" "${bv_times[-1]}" \
         "${sisimai_times[-1]:--}" "${cat_times[-1]}"
done

bv=$(bench_median "${bv_times[@]}")
cat_median=$(bench_median "${cat_times[@]}")

echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "BounceView: $(grep -E '^(Messages read|Events stored|Failures)' "$work/import.log" | tr '\n' ' ')"
if [ "$have_sisimai" = 1 ]; then
  echo "Sisimai: $(cat "$work/sisimai.log") events"
fi
printf 'BounceView import, median of %d: %.3f s (CPU time, user and system: %.2f s)\n' "$runs" \
       "$bv" "$(bench_median "${bv_cpu[@]}")"
if [ "$have_sisimai" = 1 ]; then
  sisimai=$(bench_median "${sisimai_times[@]}")
  printf 'Sisimai %s, median of %d:  %.3f s\n' "$(perl -MSisimai -e 'print $Sisimai::VERSION')" \
         "$runs" "$sisimai"
fi
printf 'cat of the same files, median of %d: %.3f s\n' "$runs" "$cat_median"
if [ "$have_sisimai" = 1 ]; then
  printf 'Sisimai / BounceView: %.1fx (target: 20x or more)\n' \
         "$(awk -v a="$sisimai" -v b="$bv" 'BEGIN { print a / b }')"
fi
printf 'BounceView / cat: %.1fx (target: 4x or less)\n' \
       "$(awk -v a="$bv" -v b="$cat_median" 'BEGIN { print a / b }')"
