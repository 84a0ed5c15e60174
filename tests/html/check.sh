#!/usr/bin/env bash
# Renders the HTML report of `copydesk scan --spin seeds` in headless Chromium and checks it as
# a reader would get it: the page logs no console message at all (it has no script, so any
# message is a fault: a blocked resource, a parse error), and the DOM Chromium built shows the
# seeds' shared passages (000/002, and the TCO sentence 000 and 002 share with 004) with their
# differences marked by more than colour, the restorations of the spun seed 003, the contents
# bar and back-to-top links, the four SVG charts, and every seed in the document index (001,
# which no finding names, marked unflagged).
#
# Usage: tests/html/check.sh [SCREENSHOT.png]   (run from anywhere; builds nothing: it uses
# $CARGO_TARGET_DIR/release/copydesk (default target/), or $COPYDESK). Without Chromium it skips with a notice, unless CI is
# set, where a missing Chromium is a failure (.ci/run installs it).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${COPYDESK:-${CARGO_TARGET_DIR:-target}/release/copydesk}
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  if [ -n "${CI:-}" ]; then
    echo "html check: chromium is not installed" >&2
    exit 1
  fi
  echo "html check SKIPPED: chromium is not installed (apt-get install chromium)"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
  echo "html check FAILED: $*" >&2
  exit 1
}

"$bin" scan --spin --quiet --html "$work/report.html" seeds > "$work/stdout.txt"
render() { # render MODE OUT: headless Chromium on the report, logging to $work/chromium.log
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$work/profile" --enable-logging=stderr --v=1 "$@" \
    "file://$work/report.html" 2>> "$work/chromium.log"
}
render --dump-dom > "$work/dom.html" || fail "chromium could not render the report"
if [ "$#" -ge 1 ]; then
  render --hide-scrollbars --window-size=1300,2400 --screenshot="$1" > /dev/null ||
    fail "chromium could not take a screenshot"
fi

if grep -q 'CONSOLE' "$work/chromium.log"; then
  grep 'CONSOLE' "$work/chromium.log" >&2
  fail "the page logged console messages"
fi
# one line per passage, boilerplate group or spun document, to check what sits together
blocks=$(tr '\n' ' ' < "$work/dom.html" | sed -e 's#</details>#</details>\n#g' -e 's#</article>#</article>\n#g')
block() { printf '%s\n' "$blocks" | grep -F "$1" || true; }
has() { # has BLOCK TEXT...: every TEXT is in BLOCK
  local b=$1
  shift
  for t in "$@"; do
    [[ $b == *"$t"* ]] || fail "missing “$t”"
  done
}

p1=$(block 'id="passage-1"')
has "$p1" 000_654eb502e9b96e1f.txt 002_e55835728f6167c5.txt 'bytes 2666–4175' 'bytes 1202–2719' \
  'The Trump administration has directed the military to prepare for lethal' \
  'manage the <mark>attack plans</mark>' 'words as on the left (bytes 1540–2637)'
for n in 2 3; do
  p=$(block "id=\"passage-$n\"")
  has "$p" 004_b24285a9b201835e.txt 'bytes 793–1140' \
    'Not only is Donald Trump uniquely focused on TCOs [transnational criminal'
done
spun=$(block 'id="spun-3"')
has "$spun" 003_c30bde986995c84a.txt 'spin score 1.00' '399 restorations' \
  '<del>legislation</del><ins title="confidence 1.00 · signature · bytes 342–353">law</ins>' \
  'White <del>Home</del><ins title="confidence 0.98 · signature · bytes 445–449">House</ins>'
dom=$(cat "$work/dom.html")
has "$dom" 'href="#spun-3"' 'No near-duplicate documents.' \
  '<nav class="toc" aria-label="Contents"><a href="#summary">Summary</a>' \
  '<a class="top" href="#top">' '<body id="top">' \
  '<del>struck</del>: only on the left; <ins>underlined</ins>: only on the right' \
  '<figcaption>Cluster sizes' '<figcaption>Copy pairs by shingle Jaccard' \
  '<figcaption>Copy pairs by kind' '<figcaption>Documents by spin score' \
  '<tr class="unflagged" id="doc-1"><td>001_e40ca722fa7aa7f4.txt</td>' '4 flagged, 1 unflagged.'
for doc in 0 2 3 4; do has "$dom" "<tr id=\"doc-$doc\">"; done
[ "$(grep -o '<svg ' "$work/dom.html" | wc -l)" -eq 4 ] || fail "not four charts"
# changes are struck, underlined or wavy-underlined, not only coloured
for rule in 'text-decoration: line-through' 'text-decoration: underline' 'underline wavy'; do
  has "$dom" "$rule"
done
echo "html check passed: no console message; contents, charts, passages 000/002 and 000,002/004 with marked differences, the restorations of 003 and every document shown"
