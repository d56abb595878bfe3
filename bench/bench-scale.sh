#!/bin/bash
# bench-scale.sh
#
# Copyright 2026 The BounceView authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Imports N synthetic bounces (gen-bounces.py) into a new database and
# prints messages per second and the importer's peak resident memory, as
# GNU time measures it for the child process. It deletes the mailbox
# when done; set BV_KEEP_DATABASE to keep the database for bench-list.sh.
# It never fails on a time or a memory figure.
#
# The mailbox is one mbox file by default. A Maildir of a million files
# measures the same decoder and store plus one open() a message, which
# bench-import.sh covers already, and on a 2-processor VM with ext4 it
# took 4 minutes to write and more than 30 minutes to delete.
#
# Usage: bench/bench-scale.sh [BUILD_DIR]      (default: build)
#
# Environment:
#   BV_COUNT           reports to generate (default: 1000000)
#   BV_FORMAT          mbox (default) or maildir
#   BV_SEED            generator seed (default: 1)
#   BV_WORK            the folder for the mailbox and the database (default: a new one under /tmp)
#   BV_KEEP_DATABASE   move the database there when done

set -eu
export LC_ALL=C

bench_dir=$(cd "$(dirname "$0")" && pwd)
build_dir=${1:-build}
cli="$build_dir/app/bounceview-cli"
count=${BV_COUNT:-1000000}
format=${BV_FORMAT:-mbox}
seed=${BV_SEED:-1}

. "$bench_dir/bench-lib.sh"

if [ ! -x "$cli" ]; then
  echo "bench-scale: $cli not found; build first and pass BUILD_DIR" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  echo "bench-scale: /usr/bin/time (GNU time) is missing; apt-get install time" >&2
  exit 2
fi

work=${BV_WORK:-$(mktemp -d /tmp/bv-bench-scale.XXXXXX)}
mkdir -p "$work"
cleanup ()
{
  rm -rf "$work/mailbox" "$work/mailbox.mbox"
  if [ -z "${BV_WORK:-}" ]; then
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# A report takes about 4 KB on disk as a file of its own (less in an
# mbox), and the database about 1.5 KB a report: ask for 6 KB a report.
needed_kb=$((count * 6))
available_kb=$(df --output=avail -k "$work" | tail -1)
if [ "$available_kb" -lt "$needed_kb" ]; then
  echo "bench-scale: $work has $((available_kb / 1024)) MB free; $count reports need about $((needed_kb / 1024)) MB. Set BV_WORK or BV_COUNT." >&2
  exit 2
fi

bench_print_machine
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$format" = mbox ]; then
  mailbox="$work/mailbox.mbox"
else
  mailbox="$work/mailbox"
fi

start=$EPOCHREALTIME
python3 "$bench_dir/gen-bounces.py" --format="$format" --seed="$seed" "$count" "$mailbox"
echo "Generated $count reports ($format, $(du -sh "$mailbox" | cut -f1)) in $(bench_elapsed "$start") s"

rm -f "$work"/db.sqlite*
/usr/bin/time -v -o "$work/time.log" \
  "$cli" import --database="$work/db.sqlite" "$mailbox" > "$work/import.log"

elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ {
                        n = split($2, part, ":"); s = 0
                        for (i = 1; i <= n; i++) s = s * 60 + part[i]
                        print s }' "$work/time.log")
rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.log")
cpu=$(awk -F': ' '/Percent of CPU/ { print $2 }' "$work/time.log")
user=$(awk -F': ' '/User time/ { print $2 }' "$work/time.log")
system=$(awk -F': ' '/System time/ { print $2 }' "$work/time.log")
messages=$(awk -F': ' '/^Messages read/ { print $2 }' "$work/import.log")

echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "BounceView: $(grep -E '^(Messages read|Events stored|Not bounces|Duplicates|Failures)' "$work/import.log" | tr '\n' ' ')"
echo "Database: $(du -sh "$work/db.sqlite" | cut -f1)"
printf 'Import of %s reports: %.1f s, %.0f messages/s, CPU %s\n' "$count" "$elapsed" \
       "$(awk -v m="$messages" -v s="$elapsed" 'BEGIN { print m / s }')" "$cpu"
# The CPU time depends less than the elapsed time on what else runs.
printf 'CPU time: %.1f s user, %.1f s system, %.0f messages per CPU second\n' "$user" "$system" \
       "$(awk -v m="$messages" -v u="$user" -v s="$system" 'BEGIN { print m / (u + s) }')"
printf 'Peak RSS: %.1f MB (target: under 150 MB)\n' "$(awk -v k="$rss_kb" 'BEGIN { print k / 1024 }')"

if [ -n "${BV_KEEP_DATABASE:-}" ]; then
  for suffix in "" -wal -shm; do
    if [ -e "$work/db.sqlite$suffix" ]; then
      mv "$work/db.sqlite$suffix" "$BV_KEEP_DATABASE$suffix"
    fi
  done
  echo "Database kept as $BV_KEEP_DATABASE"
fi
