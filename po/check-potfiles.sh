#!/bin/sh
# check-potfiles.sh: fail when po/POTFILES.in differs from the list of
# files with translatable strings, so that no new string is left out of
# the translation template. Those are C files with _(), N_() or
# ngettext(), templates with translatable="yes", and the data files
# that gettext reads. On a difference it prints what to add or remove.
#
#   po/check-potfiles.sh [SOURCE_ROOT]

set -eu

cd "${1:-$(dirname "$0")/..}"

expected=$(mktemp)
trap 'rm -f "$expected"' EXIT

{
  grep -l -E '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|ngettext)[[:space:]]*\(' \
    app/core/*.c app/cli/*.c app/gui/*.c 2>/dev/null || true
  grep -l 'translatable="yes"' ui/*.ui 2>/dev/null || true
  ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null || true
} | LC_ALL=C sort -u > "$expected"

if ! grep -v '^#' po/POTFILES.in | grep -v '^$' | diff -u - "$expected"; then
  echo "po/POTFILES.in is out of date; the lines marked + are missing, - are extra." >&2
  exit 1
fi
