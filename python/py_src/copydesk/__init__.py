"""copydesk: find copies, shared passages and synonym-spun rewrites in text corpora.

The Rust library does the work with the GIL released; this package gives it Python
signatures. Every record is the one ``copydesk scan --json`` writes (schema in the
project's README.md), so :meth:`ScanReport.write_jsonl` writes the command's bytes.

>>> import copydesk
>>> report = copydesk.scan(["seeds"])                      # files and directories
>>> report.summary["duplicates"]
>>> [r for r in report if r["type"] == "cluster"]
>>> copydesk.scan({"a": "some text ...", "b": "..."})       # or texts by id
>>> copydesk.unspin("The tortured phrase ...")["restored"]

``copydesk.spark`` runs the scan on a Spark cluster (needs ``pip install pyspark pyarrow``).
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _copydesk
from ._copydesk import InputError, __version__

__all__ = [
    "InputError",
    "ScanReport",
    "Unspun",
    "OPTION_NAMES",
    "scan",
    "unspin",
    "eval",
    "__version__",
]

#: The keyword options of :func:`scan`, as the command line's long options with ``_``.
OPTION_NAMES: Tuple[str, ...] = tuple(_copydesk.option_names())

PathLike = Union[str, "os.PathLike[str]"]
Inputs = Union[PathLike, Sequence[PathLike], Mapping[str, str], Sequence[Tuple[str, str]]]


class ScanReport(List[Dict[str, Any]]):
    """The records of a scan, in the order ``copydesk scan --json`` writes them.

    A list of dicts (``duplicate``, ``cluster``, ``passage``, ``boilerplate``, ``spin``,
    ``problem`` records, then the ``summary``), which also keeps the exact JSON Lines.
    """

    def __init__(self, jsonl: bytes) -> None:
        super().__init__(json.loads(line) for line in jsonl.splitlines())
        self._jsonl = jsonl

    @property
    def summary(self) -> Dict[str, Any]:
        """The ``summary`` record (the last one)."""
        return self[-1]

    def of_type(self, kind: str) -> List[Dict[str, Any]]:
        """The records whose ``type`` is ``kind`` (``"duplicate"``, ``"passage"``, ...)."""
        return [r for r in self if r.get("type") == kind]

    def to_jsonl(self) -> str:
        """The JSON Lines, byte for byte those of ``copydesk scan --json`` once encoded."""
        return self._jsonl.decode("utf-8")

    def write_jsonl(self, path: PathLike) -> None:
        """Writes the JSON Lines to ``path`` (atomically: a temporary file, then a rename)."""
        path = os.fspath(path)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as out:
            out.write(self._jsonl)
        os.replace(tmp, path)


def _documents(inputs: Inputs) -> Tuple[Optional[List[str]], Optional[List[Tuple[str, str]]]]:
    """Paths or (id, text) documents from what :func:`scan` was given."""
    if isinstance(inputs, (str, os.PathLike)):
        return [os.fspath(inputs)], None
    if isinstance(inputs, Mapping):
        return None, [(str(k), v) for k, v in inputs.items()]
    items = list(inputs)
    if items and all(isinstance(i, tuple) and len(i) == 2 for i in items):
        return None, [(str(i), t) for i, t in items]
    if all(isinstance(i, (str, os.PathLike)) for i in items):
        return [os.fspath(i) for i in items], None
    raise TypeError(
        "scan() takes paths (str or os.PathLike), a mapping of id to text, "
        "or a sequence of (id, text) pairs"
    )


def scan(
    inputs: Inputs,
    *,
    threads: Optional[int] = None,
    on_problem: str = "raise",
    **options: Any,
) -> ScanReport:
    """Finds near-duplicates, clusters, shared passages and boilerplate; with ``spin=True``
    also scores each document for synonym spinning.

    ``inputs``: a path or a list of paths (files and directories, read as the command line
    reads them: JSON Lines, WARC, HTML, text, gzip or zstd), or documents as a mapping of id
    to text or a list of (id, text) pairs (byte offsets are then offsets in the texts).

    ``threads``: worker threads (default all cores); the records are the same for any number.
    ``on_problem``: ``"raise"`` (default) raises :class:`InputError` naming the file and line
    of the first bad input before scanning; ``"record"`` scans what could be read and keeps
    each problem as a ``problem`` record, as the command line does.

    Options (the command line's, with ``_``): ``coverage``, ``threshold``, ``containment``
    (floats above 0, at most 1), ``keep`` (``"first"``, ``"longest"``, ``"shortest"``),
    ``min_words``, ``boilerplate_docs`` (ints), ``spin``, ``spun_pairs`` (bools),
    ``format`` (``"auto"``, ``"text"``, ``"jsonl"``, ``"warc"``, ``"html"``), ``text_field``,
    ``id_field``. An unknown name raises ``TypeError``, a bad value ``ValueError``.
    """
    if on_problem not in ("raise", "record"):
        raise ValueError(f'on_problem must be "raise" or "record", not {on_problem!r}')
    paths, texts = _documents(inputs)
    if paths is not None:
        jsonl = _copydesk.scan_paths(
            paths, options, threads, on_problem == "raise"
        )
    else:
        if not all(isinstance(t, str) for _, t in texts or []):
            raise TypeError("scan(): every text must be a str")
        jsonl = _copydesk.scan_texts(texts, options, threads)
    return ScanReport(jsonl)


class Unspun(Dict[str, Any]):
    """What :func:`unspin` found: ``restored`` (the text with the original wording back),
    ``edits`` (one dict per restored span: ``start``, ``end`` byte offsets into the input,
    ``spun``, ``original``, ``confidence``, ``source``), ``spin`` (the verdict: ``score``,
    ``spun``, ``words``, ...), and ``jsonl`` (the lines of ``copydesk unspin --json``)."""


def unspin(
    text: str,
    *,
    source: Optional[str] = None,
    dictionaries: Iterable[PathLike] = (),
    wide_lm: str = "auto",
    moby: bool = False,
) -> Unspun:
    """Detects synonym spinning in ``text`` and restores the original wording.

    ``source``: the text it was spun from (restores by aligning the two, confidence 1).
    ``dictionaries``: extra ``spun<TAB>original`` files or Problematic Paper Screener CSVs.
    ``wide_lm``: ``"auto"``, ``"always"`` or ``"never"`` use the Sphinx n-grams.
    ``moby``: also propose reverse Moby Thesaurus synonyms.
    """
    if not isinstance(text, str):
        raise TypeError("unspin(): text must be a str")
    restored, jsonl = _copydesk.unspin(
        text, source, [os.fspath(d) for d in dictionaries], wide_lm, moby
    )
    records = [json.loads(line) for line in jsonl.splitlines()]
    return Unspun(
        restored=restored,
        edits=[r for r in records if r["type"] == "edit"],
        spin=records[-1],
        jsonl=jsonl.decode("utf-8"),
    )


def eval(  # noqa: A001 - the command's name
    gold: Optional[PathLike] = None,
    predicted: Optional[PathLike] = None,
    *,
    candidates: Optional[PathLike] = None,
    unspin_gold: Optional[PathLike] = None,
    restored: Optional[PathLike] = None,
) -> List[Dict[str, Any]]:
    """Scores a prediction (``copydesk scan --json`` output, or a :class:`ScanReport` written
    with ``write_jsonl``) against a gold (``copydesk synth``'s gold.jsonl): the records of
    ``copydesk eval --json`` (pair F1, ARI, PAN plagdet, ...). With ``unspin_gold`` and
    ``restored``, scores restorations too. A bad record raises :class:`InputError` with its
    file and line."""
    fs = lambda p: None if p is None else os.fspath(p)  # noqa: E731
    jsonl = _copydesk.eval(fs(gold), fs(predicted), fs(candidates), fs(unspin_gold), fs(restored))
    return [json.loads(line) for line in jsonl.splitlines()]
