#!/bin/sh
# screenshot.sh: make docs/screenshot.png, the window on a database
# imported from the test corpus with one event selected.
#
#   data/screenshot.sh [BUILD_DIR] [CORPUS_MAILDIR]
#
# Needs xvfb-run, xdotool and ImageMagick's import. Without a display it
# starts a 1400×900 X server with xvfb-run and runs itself inside it.

set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/_build}" && pwd)
corpus="${2:-$root/../shared/corpus/maildir}"

if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1400x900x24" "$0" "$build" "$corpus"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$build/app/bounceview-cli" import --database="$work/corpus.sqlite" "$corpus" > /dev/null

# Settings in a key file of their own, with the window as large as the screen.
mkdir -p "$work/config/glib-2.0/settings"
printf '[com/example/BounceView]\nwindow-width=1400\nwindow-height=900\n' \
  > "$work/config/glib-2.0/settings/keyfile"

XDG_CONFIG_HOME="$work/config" GSETTINGS_BACKEND=keyfile \
GSETTINGS_SCHEMA_DIR="$build/data" GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none \
  "$build/app/gui/bounceview" --database="$work/corpus.sqlite" > "$work/bounceview.log" 2>&1 &
pid=$!
sleep 3

# No window manager runs, so give the window the focus by hand, then
# click the fifth row of the list.
window=$(xdotool search --sync --onlyvisible --name '^BounceView$' | head -n 1)
xdotool windowfocus --sync "$window"
xdotool mousemove 300 250 click 1
sleep 1
xdotool mousemove 700 880
sleep 0.5

import -window root "$root/docs/screenshot.png"
kill "$pid"
wait "$pid" 2> /dev/null || true
echo "Wrote $root/docs/screenshot.png"
