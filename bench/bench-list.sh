#!/bin/bash
# bench-list.sh
#
# Copyright 2026 The BounceView authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Times `bounceview-cli list --recipient=TEXT` on a database of a
# million events or more, for several kinds of TEXT, with the output
# going to /dev/null. Prints the median of BV_RUNS runs for each TEXT
# and the number of rows it printed. It never fails on a time.
#
# Usage: bench/bench-list.sh [BUILD_DIR]       (default: build)
#
# Environment:
#   BV_DATABASE  a database to query, such as the one bench-scale.sh keeps with
#                BV_KEEP_DATABASE; without it the script generates 700,000 reports
#                (about a million events) as an mbox, imports them and deletes both
#   BV_TEXTS     the texts to search for, separated by spaces (default: an address
#                found in the database, its domain, gmail.com, "tsu" and "ya")
#   BV_RUNS      runs per text (default: 7)

set -eu
export LC_ALL=C

bench_dir=$(cd "$(dirname "$0")" && pwd)
build_dir=${1:-build}
cli="$build_dir/app/bounceview-cli"
runs=${BV_RUNS:-7}

. "$bench_dir/bench-lib.sh"

if [ ! -x "$cli" ]; then
  echo "bench-list: $cli not found; build first and pass BUILD_DIR" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  echo "bench-list: /usr/bin/time (GNU time) is missing; apt-get install time" >&2
  exit 2
fi

work=$(mktemp -d /tmp/bv-bench-list.XXXXXX)
trap 'rm -rf "$work"' EXIT

bench_print_machine

database=${BV_DATABASE:-}
if [ -z "$database" ]; then
  database="$work/db.sqlite"
  echo "Generating 700000 reports as an mbox and importing them into $database"
  python3 "$bench_dir/gen-bounces.py" --format=mbox 700000 "$work/mailbox.mbox"
  "$cli" import --database="$database" "$work/mailbox.mbox" > "$work/import.log"
  rm -f "$work/mailbox.mbox"
fi
if [ ! -f "$database" ]; then
  echo "bench-list: no database at $database" >&2
  exit 2
fi

# Opening the database for writing once brings its schema up to date,
# so the timed runs, which open it read-only, include no migration.
mkdir -p "$work/empty"
"$cli" import --database="$database" "$work/empty" > /dev/null
echo "Database: $database, $(du -h "$database" | cut -f1)"

if [ -n "${BV_TEXTS:-}" ]; then
  read -r -a texts <<< "$BV_TEXTS"
else
  # The recipient of the first row, found by its column name in the TSV
  # header line.
  address=$("$cli" list --database="$database" --recipient=.jp |
              awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "recipient") column = i }
                            NR == 2 { print $column; exit }')
  texts=("$address" "${address#*@}" gmail.com tsu ya)
fi

# Page cache: read the database once.
cat "$database" > /dev/null
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# Besides the wall-clock time, GNU time gives the CPU time (user and
# system, in steps of 10 ms), which other programs running on the machine
# disturb less.
for text in "${texts[@]}"; do
  times=()
  cpu_times=()
  rows=$("$cli" list --database="$database" --recipient="$text" | tail -n +2 | wc -l)
  for run in $(seq 1 "$runs"); do
    start=$EPOCHREALTIME
    /usr/bin/time -f '%U %S' -o "$work/cpu" \
      "$cli" list --database="$database" --recipient="$text" > /dev/null
    times+=("$(bench_elapsed "$start")")
    cpu_times+=("$(awk '{ print $1 + $2 }' "$work/cpu")")
  done
  printf 'list --recipient=%-30s %7d rows, median of %d: %4.0f ms, CPU %4.0f ms (target: 100 ms or less)\n' \
         "$text" "$rows" "$runs" "$(awk -v s="$(bench_median "${times[@]}")" 'BEGIN { print s * 1000 }')" \
         "$(awk -v s="$(bench_median "${cpu_times[@]}")" 'BEGIN { print s * 1000 }')"
done
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
