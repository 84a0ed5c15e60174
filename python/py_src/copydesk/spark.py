"""copydesk on Spark: a DataFrame (or files) in, DataFrames of copydesk's records out.

    from copydesk import spark as cds
    result = cds.scan(spark, df, id_col="url", text_col="text", min_words=30)
    result.pairs.show()                 # duplicate records; also clusters, passages, ...
    result.write_jsonl("scan.jsonl")    # the bytes of `copydesk scan --json`

How it runs (``mode="distributed"``, what ``mode="auto"``, the default, picks for a DataFrame
larger than ``one_task_max_bytes`` or of unknown size): the scan's own stages
(``copydesk::scan::stages``, which ``copydesk scan`` composes in one process) are composed
across Spark tasks, each stage in Rust on Arrow buffers (``mapInArrow``), never row by row in
Python:

1. the documents are numbered in the order of ``order_col`` (the ids and order keys sorted
   on the driver, which holds ids but no text; the texts, read once, joined to their
   numbers by id, never sorted or shuffled for it); every task keeps a document's corpus number, so every comparison a stage makes
   between documents is the one the command makes;
2. per partition of documents: words, LSH band keys, winnowed fingerprints and the
   immutables' fingerprints, cut into one blob per range of the hash space (the shuffles
   carry a few blobs per pair of tasks, not a row per key);
3. shuffles: each hash range's blobs merged in Rust, band keys grouped into candidate pairs
   (a bucket of more than 64 documents pairs its first with the rest, as the command's LSH
   does) and fingerprints grouped by hash into seeds of document pairs, the hashes in more
   than ``boilerplate_docs`` documents cut as boilerplate (decided from all of a hash's
   postings, which the shuffle brings together); pairs and seeds cut again into one blob per
   partition of pairs (the documents fall in blocks, and a pair goes to the partition of its
   two blocks) and merged there, with the documents each partition needs;
4. per partition of pairs (each task given the texts its pairs need, each text once per
   partition, by a join with the few rows naming them: two blocks' texts at most):
   passages aligned from the seeds and the verdict on every candidate, in Rust;
5. the clusters of round 1 on the driver (union-find over the copy edges, which are few);
   then round 2 the same way on the immutables' fingerprints (spun copies and spun passages),
   unless ``spun_pairs=False``;
6. per partition of documents: boilerplate runs, and the byte spans of the words the records
   point at;
7. on the driver: clusters with the keep policy, the passages to report, the JSON Lines,
   written by the library's one writer from ids, per-document counts and records: the
   driver never holds a text.

``mode="one_task"`` (and files given as paths, and ``spin=True``, whose per-document spin
records are not yet carried across tasks) runs the whole scan in one task, in one Spark job:
the same records, with memory for the whole corpus in that task (about 10 times its text).
``mode="auto"`` picks it for a DataFrame whose id and text columns Spark estimates, from the
plan and without a job, at most ``one_task_max_bytes`` (default :data:`ONE_TASK_MAX_BYTES`,
64 MiB). That avoids the distributed stages' fixed cost (Spark jobs, passes over the texts,
a Python worker per core) where one task's memory allows; it does not cut it.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any, Dict, Iterator, List, Optional, Sequence, Union

from . import InputError, _copydesk
from ._spark_stages import (  # noqa: F401 (_components_on_spark: for tests)
    BLOB_SCHEMA,
    COMPONENTS_ON_DRIVER,
    _blobs_batch,
    _column,
    _components_on_spark,
    _frame,
    _timed,
    distributed,
    scan_settings,
)

__all__ = ["scan", "SparkScan", "RECORD_SCHEMA", "RECORD_TYPES", "ONE_TASK_MAX_BYTES"]

#: Input bytes (Spark's estimate from the plan: :func:`_estimated_bytes`) up to which
#: ``mode="auto"`` scans in one task. The one task's Python worker peaks at about 9.5 times
#: its text (527 MB for the 55 MB corpus), so 64 MiB of input is about 640 MB there: under
#: the memory overhead Spark gives an 8 GiB executor by default (10 %: 819 MiB), which the
#: Python workers count against on YARN and Kubernetes. Above it, or when Spark does not know
#: the size, the stages run across tasks.
ONE_TASK_MAX_BYTES = 64 << 20

#: The schema of :attr:`SparkScan.records`: the record's place in the output, its type, and
#: its JSON line (without the newline).
RECORD_SCHEMA = "seq long, type string, json string"

#: The record type behind each DataFrame of :class:`SparkScan`.
RECORD_TYPES = {
    "pairs": "duplicate",
    "clusters": "cluster",
    "passages": "passage",
    "boilerplate": "boilerplate",
    "spin": "spin",
    "problems": "problem",
}


def _records(jsonl: bytes):
    """The JSON Lines as one Arrow batch of (seq, type, json) rows."""
    import pyarrow as pa

    lines = jsonl.decode("utf-8").splitlines()
    # every record starts with {"type":"NAME", (the schema's first field)
    types = [line[9:line.index('"', 9)] for line in lines]
    return pa.RecordBatch.from_arrays(
        [pa.array(range(len(lines)), pa.int64()), pa.array(types, pa.string()),
         pa.array(lines, pa.string())],
        names=["seq", "type", "json"],
    )


#: The one-task scan's JSON Lines go to the driver in pieces of at most this many bytes (one
#: row each: a Spark row, like an Arrow binary value, holds at most 2 GiB).
_PIECE = 64 << 20


def _pieces(jsonl: bytes):
    """The JSON Lines as one Arrow batch of ``BLOB_SCHEMA`` rows: kind 0, the piece's place,
    its bytes (no row per record: the driver splits the lines)."""
    return _blobs_batch([(0, i, jsonl[at:at + _PIECE])
                         for i, at in enumerate(range(0, max(len(jsonl), 1), _PIECE))])


def _column_worker(options: Dict[str, Any], threads: Optional[int], names: Sequence[str]):
    def work(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        started = time.perf_counter()
        batches = list(batches)
        if not batches:
            return
        table = pa.Table.from_batches(batches)
        if table.num_rows == 0:
            return
        ids = _column(table, "id", names[0])
        texts = _column(table, "text", names[1])
        started = _timed("receive rows (Arrow)", started)
        jsonl = _copydesk.scan_columns(ids, texts, options, threads)
        started = _timed("scan (Rust)", started)
        del table, ids, texts
        yield _pieces(jsonl)

    return work


def _path_worker(options: Dict[str, Any], threads: Optional[int]):
    def work(batches: Iterator[Any]) -> Iterator[Any]:
        paths = [p for b in batches for p in b.column("path").to_pylist()]
        if paths:
            yield _pieces(_copydesk.scan_paths(paths, options, threads, False))

    return work


def _one_task(spark: Any, rows: Any, worker: Any) -> List[str]:
    """Runs ``worker`` on ``rows`` (one partition) in one Spark job; its JSON lines."""
    with scan_settings(spark, 1):
        pieces = sorted((r.part, bytes(r.blob))
                        for r in rows.mapInArrow(worker, BLOB_SCHEMA).collect() if r.blob)
    return b"".join(b for _, b in pieces).decode("utf-8").splitlines()


def _estimated_bytes(frame: Any) -> Optional[int]:
    """Spark's estimate of a DataFrame's bytes from its plan's statistics, made without a job:
    the files' sizes for files read (compressed files count their compressed bytes), none
    (``None``) for data whose size Spark does not know without computing it (an RDD, rows
    made on the driver, most transformed plans), or through Spark Connect."""
    try:
        size = int(str(frame._jdf.queryExecution().optimizedPlan().stats().sizeInBytes()))
    except Exception:  # Spark Connect: no JVM handle; or a plan without statistics
        return None
    return None if size >= (1 << 63) - 1 else size


def _records_frame(spark: Any, lines: List[str]) -> Any:
    """The lines as a DataFrame of ``RECORD_SCHEMA`` rows in one partition."""
    return _frame(spark, _records(("\n".join(lines)).encode("utf-8")),
                  RECORD_SCHEMA).coalesce(1)


class SparkScan:
    """The records of a Spark scan: :attr:`records` holds every one as ``(seq, type, json)``;
    :attr:`pairs`, :attr:`clusters`, :attr:`passages`, :attr:`boilerplate`, :attr:`spin` and
    :attr:`problems` are DataFrames of one type each with the schema's fields as columns."""

    def __init__(self, spark: Any, records: Any, lines: Optional[List[str]] = None) -> None:
        self.spark = spark
        self._records = records
        #: Wall seconds of each stage of a distributed scan, as (stage, seconds).
        self.stage_seconds: List[Any] = []
        #: The JSON lines, when the scan brought them to the driver (as :func:`scan` does).
        self._lines = lines

    @property
    def records(self) -> Any:
        """Every record as ``(seq, type, json)`` rows (``RECORD_SCHEMA``). The scan brought its
        lines to the driver: the DataFrame is made from them when first asked for (through
        Arrow, one partition), not before, so writing the lines costs no job."""
        if self._records is None:
            self._records = _records_frame(self.spark, self._lines or [])
        return self._records

    def _typed(self, kind: str) -> Any:
        rows = self.records.filter(self.records.type == kind).orderBy("seq").select("json")
        return self.spark.read.json(rows.rdd.map(lambda r: r[0]))

    @property
    def pairs(self) -> Any:
        """The ``duplicate`` records: pairs of copies with kind, coverage and regions."""
        return self._typed("duplicate")

    @property
    def clusters(self) -> Any:
        """The ``cluster`` records: members and the one kept."""
        return self._typed("cluster")

    @property
    def passages(self) -> Any:
        """The ``passage`` records: shared passages with byte offsets on both sides."""
        return self._typed("passage")

    @property
    def boilerplate(self) -> Any:
        """The ``boilerplate`` records: passages in more documents than ``boilerplate_docs``."""
        return self._typed("boilerplate")

    @property
    def spin(self) -> Any:
        """The ``spin`` records (with ``spin=True``): each document's spin score and verdict."""
        return self._typed("spin")

    @property
    def problems(self) -> Any:
        """The ``problem`` records: input that could not be read (files input only)."""
        return self._typed("problem")

    def summary(self) -> Dict[str, Any]:
        """The ``summary`` record, as a dict."""
        row = self.records.filter(self.records.type == "summary").first()
        return json.loads(row.json)

    def lines(self) -> Iterator[str]:
        """Every JSON line in order (without newlines), streamed to the driver."""
        if self._lines is not None:
            # the scan brought them to the driver
            yield from self._lines
            return
        records = self.records
        if records.rdd.getNumPartitions() != 1:
            # one task writes every record in order; a records frame made otherwise is sorted
            records = records.orderBy("seq")
        for row in records.select("json").toLocalIterator():
            yield row.json

    def to_jsonl(self) -> str:
        """The JSON Lines, those of ``copydesk scan --json`` byte for byte once encoded."""
        return "".join(line + "\n" for line in self.lines())

    def write_jsonl(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Writes the JSON Lines to ``path`` on the driver (atomically: a temporary file,
        then a rename)."""
        path = os.fspath(path)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as out:
            for line in self.lines():
                out.write(line)
                out.write("\n")
        os.replace(tmp, path)


def scan(
    spark: Any,
    data: Any,
    *,
    id_col: str = "id",
    text_col: str = "text",
    order_col: Optional[str] = None,
    threads: Optional[int] = None,
    mode: str = "auto",
    partitions: Optional[int] = None,
    driver_components_max: int = COMPONENTS_ON_DRIVER,
    one_task_max_bytes: int = ONE_TASK_MAX_BYTES,
    **options: Any,
) -> SparkScan:
    """Scans a DataFrame's documents, or files, on Spark; returns a :class:`SparkScan`.

    ``data``: a DataFrame with an id column and a text column (``id_col``, ``text_col``; ids
    unique, no nulls), or a path or list of paths (files and directories every executor can
    read, read as ``copydesk scan`` reads them). Documents are in the order of ``order_col``
    (default the id column): the same records whatever the partitioning; its values are
    collected on the driver with the ids (a short key: a date, a URL, a number, not a text).
    ``threads``: threads of the scanning task (default all its cores). ``options``: those of
    :func:`copydesk.scan` (``min_words=30``, ``spin=True``, ``keep="longest"``, ...).
    ``mode``: ``"distributed"`` (the stages across tasks, see the module's doc),
    ``"one_task"`` (the whole scan in one task), or ``"auto"`` (the default): one task when
    Spark's estimate of the id and text columns' size, taken from the plan without a job, is
    at most ``one_task_max_bytes`` (default :data:`ONE_TASK_MAX_BYTES`, 64 MiB: the one
    task's worker holds about 10 times its text), else across tasks, as when Spark does not
    know the size; the same records either way. ``spin=True`` runs in one task.
    ``partitions``: partitions of the shuffled stages (default the larger of the default
    parallelism and the input's partitions). ``driver_components_max``: copy edges up to
    which the clusters' components are found by union-find on the driver; above, by
    large-star/small-star rounds on Spark (the same clusters).

    The scan runs when this returns (the records are on the driver); a bad column name,
    option or missing file raises here, before any Spark job.
    """
    from pyspark.sql import DataFrame, functions as F

    _copydesk.check_options(options)
    if mode not in ("auto", "distributed", "one_task"):
        raise ValueError(f"mode: expected 'auto', 'distributed' or 'one_task', not {mode!r}")
    if isinstance(data, DataFrame):
        order = order_col or id_col
        for role, col in (("id_col", id_col), ("text_col", text_col), ("order_col", order)):
            if col not in data.columns:
                raise ValueError(
                    f"{role}: no column {col!r}; the columns are {', '.join(data.columns)}"
                )
        if mode == "auto":
            size = _estimated_bytes(data.select(id_col, text_col))
            mode = "one_task" if size is not None and size <= one_task_max_bytes else "distributed"
        if mode == "distributed" and not options.get("spin", False):
            jsonl, clock = distributed(spark, data, id_col, text_col, order, options,
                                       threads, partitions, driver_components_max)
            result = SparkScan(spark, None, jsonl.decode("utf-8").splitlines())
            result.stage_seconds = clock.laps
            return result
        rows = data.select(
            F.col(order).alias("_order"),
            F.col(id_col).cast("string").alias("id"),
            F.col(text_col).cast("string").alias("text"),
        )
        rows = rows.repartition(1).sortWithinPartitions("_order", "id").drop("_order")
        worker = _column_worker(options, threads, (id_col, text_col))
    else:
        paths: List[str] = (
            [os.fspath(data)] if isinstance(data, (str, os.PathLike))
            else [os.fspath(p) for p in data]
        )
        missing = [p for p in paths if not os.path.exists(p)]
        if missing:
            err = InputError(f"{missing[0]}: No such file or directory")
            err.place, err.path, err.line = missing[0], missing[0], None
            err.problems = [(p, "No such file or directory") for p in missing]
            raise err
        rows = spark.createDataFrame([(p,) for p in paths], "path string").coalesce(1)
        worker = _path_worker(options, threads)
    return SparkScan(spark, None, _one_task(spark, rows, worker))
