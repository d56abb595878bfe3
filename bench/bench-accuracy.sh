#!/bin/sh
# bench-accuracy.sh: BounceView's and Sisimai's agreement with the
# expected events of the public bounce corpus, side by side.
#
#   bench/bench-accuracy.sh [BUILD_DIR] [CORPUS_DIR]
#
# BUILD_DIR defaults to _build, CORPUS_DIR to $BOUNCEVIEW_CORPUS, else to
# ../shared/corpus next to the checkout. Sisimai is Debian's libsisimai-perl (4.25); its
# Sisimai->make() reads a folder of message files, so it is given cur/
# and new/ in turn. The figures are printed, never checked.

set -eu

here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$here/../_build}"
corpus="${2:-${BOUNCEVIEW_CORPUS:-$here/../../shared/corpus}}"
cli="$build/app/bounceview-cli"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ ! -f "$corpus/expected.tsv" ]; then
  echo "bench-accuracy: no corpus at $corpus; give its folder as the second argument or in BOUNCEVIEW_CORPUS" >&2
  exit 1
fi

# Absolute, as BounceView writes each message's source.
corpus=$(cd "$corpus" && pwd)

# BounceView: the TSV columns source (1), recipient (6), status (8),
# reply_code (9), reason (18), hard_bounce (19).
"$cli" parse --format=tsv "$corpus/maildir" 2>/dev/null |
  awk -F'\t' -v prefix="$corpus/" 'NR > 1 {
      file = $1; sub("^" prefix, "", file)
      print file "\t" $6 "\t" $8 "\t" $9 "\t" $18 "\t" ($19 == "" ? "0" : $19) }' \
  > "$work/bounceview.tsv"

echo "BounceView ($cli)"
python3 "$here/score-corpus.py" "$corpus/expected.tsv" "$work/bounceview.tsv"

if perl -MSisimai -e 1 2>/dev/null; then
  perl -MSisimai -e '
    my $corpus = shift;
    for my $dir ("$corpus/maildir/new", "$corpus/maildir/cur") {
      my $list = Sisimai->make ($dir, delivered => 1) || [];
      for my $e (@$list) {
        my $file = $e->origin; $file =~ s{^\Q$corpus\E/}{};
        print join ("\t", $file, $e->recipient->address, $e->deliverystatus,
                    $e->replycode, $e->reason, $e->softbounce == 0 ? 1 : 0), "\n";
      }
    }' "$corpus" > "$work/sisimai.tsv"
  echo
  echo "Sisimai $(perl -MSisimai -e 'print $Sisimai::VERSION')"
  python3 "$here/score-corpus.py" "$corpus/expected.tsv" "$work/sisimai.tsv"
else
  echo "bench-accuracy: Sisimai is not installed (apt-get install libsisimai-perl)" >&2
fi
