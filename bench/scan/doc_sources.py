"""Loaders of the Debian documentation sets of the scan benchmark's pool
(see sources.py for the list and licences): HTML pages, POD, man pages and Vim
help reduced to their prose paragraphs."""

import glob
import gzip
import os
import re

from fetch import _deb


# ------------------------------------------- documentation sets shipped as HTML / POD / roff

_STOPWORDS = frozenset("""the a an of to in and or is are be was were it its this that these those for on
with as by at from not no can will may must should which who what when if then than but also has have
had do does you your we our they their there here all any each one more most such only so into out
up over about other some""".split())

_HTML_DROP = re.compile(r"<(script|style|pre|nav|head|header|footer|table|svg)\b.*?</\1\s*>", re.S | re.I)
_HTML_BLOCK = re.compile(r"</?(p|div|li|ul|ol|dl|dd|dt|h[1-6]|blockquote|section|article|br|hr|tr|td|th|title)\b[^>]*>", re.I)
_HTML_TAG = re.compile(r"<[^>]*>")


def _prose(paras):
    """Keep the paragraphs that read as English prose: at least 8 words,
    mostly letters, and at least 15% common function words (drops lists of
    identifiers, navigation, signatures); whitespace collapsed."""
    out = []
    for p in paras:
        p = re.sub(r"\s+", " ", p).strip()
        words = re.findall(r"[A-Za-z]+", p)
        if len(words) < 8 or sum(len(w) for w in words) < 0.6 * len(p):
            continue
        if sum(w.lower() in _STOPWORDS for w in words) < 0.15 * len(words):
            continue
        out.append(p)
    return out


def _html_to_text(raw):
    """Prose of an HTML page: scripts, styles, code blocks, navigation and
    tables dropped; block elements end paragraphs; entities decoded."""
    import html
    raw = re.sub(r"<!--.*?-->", "", raw, flags=re.S)
    raw = _HTML_DROP.sub("\n\n", raw)
    raw = _HTML_BLOCK.sub("\n\n", raw)
    raw = html.unescape(_HTML_TAG.sub("", raw))
    return "\n\n".join(_prose(re.split(r"\n\s*\n", raw)))


def _html_files(root, pattern, skip=()):
    for f in sorted(glob.glob(os.path.join(root, pattern), recursive=True)):
        rel = os.path.relpath(f, root)
        if any(s in rel for s in skip):
            continue
        text = _html_to_text(open(f, encoding="utf-8", errors="replace").read())
        if len(text) >= 400:
            yield rel, text


def _pod_to_text(raw):
    """Prose of a POD file: command paragraphs (=head, =item, ...) keep their
    text, verbatim (indented) paragraphs are dropped, formatting codes
    (B<>, C<>, L<text|link>, E<gt>, ...) are reduced to their text."""
    paras, skip = [], False
    for p in re.split(r"\n\s*\n", raw):
        if p.startswith("=begin") or p.startswith("=for"):
            skip = p.startswith("=begin")
            continue
        if p.startswith("=end"):
            skip = False
            continue
        if skip or p[:1] in (" ", "\t") or p.startswith(("=cut", "=pod", "=over", "=back", "=encoding")):
            continue
        p = re.sub(r"^=\w+\s*", "", p)
        p = p.replace("E<lt>", "<").replace("E<gt>", ">").replace("E<verbar>", "|").replace("E<sol>", "/")
        for _ in range(4):
            p = re.sub(r"[A-Z]<<+\s(.*?)\s>>+", r"\1", p, flags=re.S)
            p = re.sub(r"L<([^<>|]*)\|[^<>]*>", r"\1", p)
            p = re.sub(r"[A-Z]<([^<>]*)>", r"\1", p)
        paras.append(p)
    return "\n\n".join(_prose(paras))


def _roff_to_text(raw):
    """Prose of a man page (pod2man roff): macro lines end paragraphs,
    verbatim blocks (.Vb ... .Ve, .nf ... .fi) are dropped, font and
    character escapes removed."""
    paras, cur, skip = [], [], False
    for line in raw.split("\n"):
        if line.startswith((".Vb", ".nf")):
            skip = True
        elif line.startswith((".Ve", ".fi")):
            skip = False
        elif skip:
            continue
        elif line.startswith((".", "'")):
            paras.append(" ".join(cur))
            cur = []
            continue
        else:
            cur.append(line)
    paras.append(" ".join(cur))
    out = []
    for p in paras:
        p = re.sub(r"\\\*\((L\"|R\"|C`|C')", '"', p)
        p = re.sub(r"\\f(\(..|\[[^]]*\]|.)", "", p)
        p = re.sub(r"\\\*\(..|\\\*.|\\\(..", "", p)
        p = p.replace("\\-", "-").replace("\\e", "\\").replace("\\&", "").replace("\\ ", " ").replace("\\|", "")
        out.append(p)
    return "\n\n".join(_prose(out))


def load_perldoc():
    root = _deb("perl-doc", "perldoc")
    for f in sorted(glob.glob(os.path.join(root, "usr/share/perl/*/pod/*.pod"))):
        if re.search(r"perl\d+delta|perltoc|perlmodlib", f):
            continue  # release notes repeat each other; the toc repeats everything
        text = _pod_to_text(open(f, encoding="utf-8", errors="replace").read())
        if len(text) >= 400:
            yield "perldoc", os.path.relpath(f, root), text
    for f in sorted(glob.glob(os.path.join(root, "usr/share/man/man3/*.gz"))):
        text = _roff_to_text(gzip.open(f, "rt", encoding="utf-8", errors="replace").read())
        if len(text) >= 400:
            yield "perldoc", os.path.relpath(f, root), text


def _html_loader(source, pkg, dirname, pattern, skip=()):
    def load():
        root = _deb(pkg, dirname)
        for rel, text in _html_files(root, pattern, skip):
            yield source, rel, text
    load.__name__ = "load_" + source
    return load


load_pgdocs = _html_loader("pgdocs", "postgresql-doc-15", "pgdocs", "usr/share/doc/postgresql-doc-15/html/*.html",
                           skip=("release-",))
load_gitdoc = _html_loader("gitdoc", "git-doc", "gitdoc", "usr/share/doc/git-doc/**/*.html", skip=("RelNotes",))
load_debref = _html_loader("debref", "debian-reference-en", "debref", "usr/share/debian-reference/**/*.en.html")
load_djangodocs = _html_loader("djangodocs", "python-django-doc", "djangodocs",
                               "usr/share/doc/python-django-doc/html/**/*.html",
                               skip=("releases/", "genindex", "py-modindex", "_modules/"))
load_sqlitedocs = _html_loader("sqlitedocs", "sqlite3-doc", "sqlitedocs", "usr/share/doc/sqlite3/**/*.html",
                               skip=("releaselog/", "changes.html"))
load_erlangdocs = _html_loader("erlangdocs", "erlang-doc", "erlangdocs", "usr/share/doc/erlang-doc/**/*.html",
                               skip=("release_notes", "notes.html"))
load_jdkdocs = _html_loader("jdkdocs", "openjdk-17-doc", "jdkdocs",
                            "usr/share/doc/openjdk-17-jre-headless/api/**/*.html",
                            skip=("class-use/", "-tree.html", "index-files/", "allclasses", "allpackages"))
load_rustdocs = _html_loader("rustdocs", "rust-doc", "rustdocs", "usr/share/doc/rust-doc/html/**/*.html",
                             skip=("/src/", "src/", "implementors/", "print.html", "/arch/", "html/core/",
                                   "html/alloc/"))  # core and alloc: re-exported in std; arch: intrinsics stubs
load_gimphelp = _html_loader("gimphelp", "gimp-help-en", "gimphelp", "usr/share/gimp/2.0/help/en/**/*.html")
load_pandasdocs = _html_loader("pandasdocs", "python-pandas-doc", "pandasdocs",
                               "usr/share/doc/python-pandas-doc/html/**/*.html", skip=("whatsnew/", "_modules/"))
load_qtdocs = _html_loader("qtdocs", "qtbase5-doc-html", "qtdocs", "usr/share/qt5/doc/**/*.html")
load_racketdocs = _html_loader("racketdocs", "racket-doc", "racketdocs", "usr/share/doc/racket/**/*.html",
                               skip=("release/",))
load_llvmdocs = _html_loader("llvmdocs", "llvm-15-doc", "llvmdocs", "usr/share/doc/llvm-15-doc/html/**/*.html",
                             skip=("ReleaseNotes",))
load_sympydocs = _html_loader("sympydocs", "python-sympy-doc", "sympydocs",
                              "usr/share/doc/python-sympy-doc/html/**/*.html", skip=("_modules/",))
load_sqlalchemydocs = _html_loader("sqlalchemydocs", "python-sqlalchemy-doc", "sqlalchemydocs",
                                   "usr/share/doc/python-sqlalchemy-doc/html/**/*.html", skip=("changelog/",))
load_cmakedocs = _html_loader("cmakedocs", "cmake-doc", "cmakedocs", "usr/share/doc/cmake-data/html/**/*.html",
                              skip=("release/",))
load_scipydocs = _html_loader("scipydocs", "python-scipy-doc", "scipydocs",
                              "usr/share/doc/python-scipy-doc/html/**/*.html", skip=("release", "_modules/"))
load_nodedocs = _html_loader("nodedocs", "nodejs-doc", "nodedocs", "usr/share/doc/nodejs/api/*.html",
                             skip=("all.html",))
load_ghcdocs = _html_loader("ghcdocs", "ghc-doc", "ghcdocs", "usr/share/doc/ghc-doc/html/**/*.html",
                            skip=("src/", "doc-index", "/9.", "release-"))
load_boostdocs = _html_loader("boostdocs", "libboost1.81-doc", "boostdocs",
                              "usr/share/doc/libboost1.81-doc/**/*.html", skip=("release_notes",))


def load_vimdocs():
    """Vim's help files: plain text; example blocks (lines after a '>' line
    end, up to a '<' line) and header lines are dropped by the prose filter."""
    root = _deb("vim-runtime", "vimdocs")
    for f in sorted(glob.glob(os.path.join(root, "usr/share/vim/vim*/doc/*.txt"))):
        raw = open(f, encoding="utf-8", errors="replace").read()
        lines, example = [], False
        for line in raw.split("\n"):
            if example and (not line.strip() or line[:1] in (" ", "\t")):
                continue
            example = False
            if line.startswith("<"):
                line = line[1:]
            if line.rstrip() == ">" or line.endswith(" >"):
                example, line = True, line.rstrip()[:-1]
            lines.append(line)
        raw = "\n".join(lines)
        raw = re.sub(r"[*|]([\w.:'-]+)[*|]", r"\1", raw)
        text = "\n\n".join(_prose(re.split(r"\n\s*\n", raw)))
        if len(text) >= 400:
            yield "vimdocs", os.path.relpath(f, root), text
