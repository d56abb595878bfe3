# bench-lib.sh
#
# Copyright 2026 The BounceView authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Helpers that the bench-*.sh scripts source. Times come from bash's
# $EPOCHREALTIME (microseconds), so the scripts need bash 5 or newer.

# Prints the machine the figures were measured on.
bench_print_machine ()
{
  local cpu memory

  cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
  memory=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  echo "Machine: $(nproc) processors, $memory RAM, $cpu"
  echo "Kernel: $(uname -sr)"
}

# Prints the seconds since START, a value of $EPOCHREALTIME.
bench_elapsed ()
{
  awk -v start="$1" -v end="$EPOCHREALTIME" 'BEGIN { printf "%.3f", end - start }'
}

# Prints the median of its arguments.
bench_median ()
{
  printf '%s\n' "$@" | sort -g |
    awk '{ value[NR] = $1 }
         END { if (NR % 2) print value[(NR + 1) / 2]; else print (value[NR / 2] + value[NR / 2 + 1]) / 2 }'
}
