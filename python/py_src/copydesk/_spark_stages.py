"""The stages of ``copydesk.spark``'s distributed scan: the ``mapInArrow`` workers (each a
call into Rust, ``python/src/distributed.rs`` and ``python/src/shuffle.rs``, on a task's Arrow
buffers), the shuffles that join them, the connected components on Spark, and the driver's
sequence of stages (:func:`distributed`). ``copydesk.spark`` documents the design; this module
is its plumbing.

The shuffles carry blobs, not rows: a task cuts what it sends into one binary value per
destination (a range of the hash space, or a partition of pairs), and each destination is
given a partition of its own (:func:`_partition_keys`), so Spark moves and sorts a few rows
per pair of tasks and Rust merges the blobs. The Spark jobs are few (every one costs a
fixed tenth of a second or more): 8 for a scan with ``spun_pairs``. The documents are
numbered by one collect of the ids (sorted on the driver); the input, the numbered texts,
the sketch and each round's merged pairs are checkpointed lazily, each stored by the first
job that reads it (the ids' collect, the sketch's stats, the broadcast of the documents a
pair partition needs), so no checkpoint is a job of its own and the texts are joined to
their numbers once; adaptive execution is off for the scan's queries
(:func:`_scan_settings`), which would run each shuffle as a job of its own.

The pair partitions are pairs of blocks of documents (``shuffle::PairBlocks`` decides them
from ``parts``: 3 for 2 parts, 6 for 4, 66 for 64): each pair task is sent the texts of two
blocks, so each text reaches ``blocks - 1`` tasks and no task holds most of the corpus (by
the pair's first document, each task was sent nearly every text).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from typing import Any, Dict, Iterator, List, Optional

from . import _copydesk


def _column(table, name: str, shown: str):
    """A column as (name, offsets, data, first row, rows) for the Rust worker."""
    import pyarrow as pa

    arr = table.column(name).cast(pa.large_string()).combine_chunks()
    if arr.null_count:
        raise ValueError(f"column {shown!r} has {arr.null_count} null values")
    _validity, offsets, data = arr.buffers()
    return (
        shown,
        offsets.to_pybytes(),
        b"" if data is None else data.to_pybytes(),
        arr.offset,
        len(arr),
    )



#: Blobs of the stages: a kind, the destination (a hash range or a pair partition; 0 for
#: blobs to the driver) and the bytes (see ``python/src/shuffle.rs``).
BLOB_SCHEMA = "kind byte, part int, blob binary"
#: The merged pairs: blobs, and rows (kind 3) naming a document a pair partition needs.
PREPARED_SCHEMA = "kind byte, part int, idx long, blob binary"
#: Kinds: stats, band keys, fingerprints, immutables' fingerprints (the sketch); LSH pairs,
#: seeds, boilerplate hashes (the keys' merge); a document needed (the pairs' merge).
STATS, BAND_KEYS, FINGERPRINTS, IMMUTABLES = 0, 1, 2, 3
LSH_PAIRS, SEEDS, BOILERPLATE, NEEDED = 1, 2, 3, 3
#: Kinds of what a pair task finds; boilerplate hashes pass through it to the driver.
PASSAGES, COPIES, CANDIDATES, ALIGNED, CUT = 0, 1, 2, 4, 5


def _frame(spark, table, schema: str):
    """A DataFrame of an Arrow table (or batch) made on the driver: through Arrow on Spark 4
    (the JVM reads the buffers; no Python task, no row pickled), else from its rows."""
    import pyarrow as pa
    import pyspark

    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    if int(pyspark.__version__.split(".")[0]) >= 4:
        return spark.createDataFrame(table, schema)
    return spark.createDataFrame(list(zip(*table.to_pydict().values())), schema)


def _longs(table, name: str) -> bytes:
    """A column's values as little-endian int64 bytes."""
    import pyarrow as pa

    arr = table.column(name).combine_chunks().cast(pa.int64())
    if arr.null_count:
        raise ValueError(f"column {name!r} has {arr.null_count} null values")
    if len(arr) == 0:
        return b""
    return arr.buffers()[1][arr.offset * 8:(arr.offset + len(arr)) * 8].to_pybytes()


def _blobs_batch(blobs, idx=None):
    """(kind, part, bytes) triples as an Arrow batch of ``BLOB_SCHEMA`` (with ``idx``, the
    documents needed as rows of ``PREPARED_SCHEMA``: (part, u32 blob of documents) pairs)."""
    import pyarrow as pa

    kinds = [k for k, _, _ in blobs]
    parts = [p for _, p, _ in blobs]
    data = [b for _, _, b in blobs]
    if idx is None:
        return pa.RecordBatch.from_arrays(
            [pa.array(kinds, pa.int8()), pa.array(parts, pa.int32()), pa.array(data, pa.binary())],
            names=["kind", "part", "blob"])
    rows = [0] * len(blobs)
    for part, docs in idx:
        n = len(docs) // 4
        arr = pa.Array.from_buffers(pa.uint32(), n, [None, pa.py_buffer(docs)])
        kinds += [NEEDED] * n
        parts += [part] * n
        rows += arr.cast(pa.int64()).to_pylist()
        data += [None] * n
    return pa.RecordBatch.from_arrays(
        [pa.array(kinds, pa.int8()), pa.array(parts, pa.int32()), pa.array(rows, pa.int64()),
         pa.array(data, pa.binary())], names=["kind", "part", "idx", "blob"])


def _by_kind(table) -> Dict[Any, bytes]:
    """The blobs of a table, concatenated per kind (and per part: keys ``(kind, part)``)."""
    out: Dict[Any, List[bytes]] = {}
    for kind, part, blob in zip(table.column("kind").to_pylist(), table.column("part").to_pylist(),
                                table.column("blob").to_pylist()):
        if blob:
            out.setdefault((kind, part), []).append(blob)
    return {k: b"".join(v) for k, v in out.items()}


def _texts(table):
    return _column(table, "text", "text")


def _partition_table(batches: Iterator[Any]):
    import pyarrow as pa

    batches = list(batches)
    if not batches:
        return None
    table = pa.Table.from_batches(batches)
    return table if table.num_rows else None


def _murmur3_int(value: int, seed: int = 42) -> int:
    """Spark's ``hash`` of an int (Murmur3 x86 32-bit, seed 42): what ``repartition(n, col)``
    sends a row of an int column by (``pmod(hash(col), n)``)."""
    m = 0xFFFFFFFF

    def rotl(x: int, r: int) -> int:
        return ((x << r) | (x >> (32 - r))) & m

    k = (value & m) * 0xCC9E2D51 & m
    k = rotl(k, 15) * 0x1B873593 & m
    h = rotl(seed ^ k, 13)
    h = (h * 5 + 0xE6546B64) & m
    h ^= 4
    h ^= h >> 16
    h = h * 0x85EBCA6B & m
    h ^= h >> 13
    h = h * 0xC2B2AE35 & m
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h


def _partition_keys(parts: int) -> List[int]:
    """For each destination ``0..parts``, an int that ``repartition(parts, col)`` sends to
    the partition of that number: each destination gets a task of its own (the destinations
    themselves would collide: 0 and 1 may hash to the same of two partitions)."""
    keys: List[Optional[int]] = [None] * parts
    left, k = parts, 0
    while left:
        t = _murmur3_int(k) % parts
        if keys[t] is None:
            keys[t] = k
            left -= 1
        k += 1
    return [int(k) for k in keys if k is not None]


def _keyed(frame, keys: List[int], parts: int):
    """``frame`` with a column ``key`` (the partition key of its ``part``), repartitioned on
    it: destination ``p`` goes to partition ``p``."""
    from pyspark.sql import functions as F

    key = F.element_at(F.array(*[F.lit(k) for k in keys]), F.col("part") + 1).alias("key")
    return frame.select(key, *frame.columns).repartition(parts, "key")


def _say_seconds(label: str, seconds: float) -> None:
    """With COPYDESK_SPARK_TIMES set, prints a stage's seconds on stderr (the driver's, or a
    task's on the worker's)."""
    if os.environ.get("COPYDESK_SPARK_TIMES"):
        print(f"copydesk.spark: {label} {seconds:.3f}s", file=sys.stderr, flush=True)


def _timed(stage: str, started: float) -> float:
    """Prints the seconds of a task's stage since ``started`` (:func:`_say_seconds`); now."""
    now = time.perf_counter()
    _say_seconds(f"task {stage}", now - started)
    return now


def _sketch_worker(parts: int, options: Dict[str, Any], threads: Optional[int]):
    def work(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        started = _timed("sketch: worker up", time.perf_counter())
        for batch in batches:
            if batch.num_rows:
                started = _timed(f"sketch: {batch.num_rows} rows in", started)
                table = pa.Table.from_batches([batch])
                blobs = _copydesk.spark_sketch(
                    _longs(table, "idx"), _texts(table), parts, options, threads)
                started = _timed("sketch: Rust", started)
                yield _blobs_batch(blobs)
                started = _timed("sketch: blobs out", started)

    return work


def _keys_worker(postings: int, exclude, blocks: int, options: Dict[str, Any]):
    """Per hash range: band keys (round 1) and postings of kind ``postings`` merged into
    pairs and seeds cut by pair partition (of ``blocks`` blocks of documents)."""
    immutables = postings == IMMUTABLES

    def work(batches: Iterator[Any]) -> Iterator[Any]:
        table = _partition_table(batches)
        if table is None:
            return
        blobs = _by_kind(table)
        out = []
        for r in sorted({part for _, part in blobs}):
            bands = b"" if immutables else blobs.get((BAND_KEYS, r), b"")
            out += _copydesk.spark_keys_to_pairs(
                bands, blobs.get((postings, r), b""), immutables,
                exclude.value if exclude is not None else b"", blocks, options)
        yield _blobs_batch(out)

    return work


def _prepare_worker():
    """Per pair partition: LSH pairs and seeds merged, and the documents they need."""
    def work(batches: Iterator[Any]) -> Iterator[Any]:
        table = _partition_table(batches)
        if table is None:
            return
        blobs = _by_kind(table)
        out, needed = [], []
        for q in sorted({part for kind, part in blobs if kind in (LSH_PAIRS, SEEDS)}):
            pairs, seeds, docs = _copydesk.spark_prepare_pairs(
                blobs.get((LSH_PAIRS, q), b""), blobs.get((SEEDS, q), b""))
            out += [(LSH_PAIRS, q, pairs), (SEEDS, q, seeds)]
            needed.append((q, docs))
        out += [(CUT, q, b) for (kind, q), b in blobs.items() if kind == BOILERPLATE]
        yield _blobs_batch(out, needed)

    return work


def _pairs_worker(round_: int, context, options: Dict[str, Any], threads: Optional[int]):
    def work(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow.compute as pc

        started = time.perf_counter()
        table = _partition_table(batches)
        if table is None:
            return
        kind = table.column("kind")
        docs = table.filter(pc.equal(kind, -1))
        started = _timed(f"round {round_}: {docs.num_rows} texts in", started)
        blobs = _by_kind(table.filter(pc.not_equal(kind, -1)))
        del table
        ctx = context.value if context is not None else (b"", b"")
        pairs = b"".join(b for (k, _), b in sorted(blobs.items()) if k == LSH_PAIRS)
        seeds = b"".join(b for (k, _), b in sorted(blobs.items()) if k == SEEDS)
        passages, dups, candidates, aligned = _copydesk.spark_pairs(
            round_, _longs(docs, "idx"), _texts(docs), pairs, seeds, ctx, options, threads)
        _timed(f"round {round_}: {len(pairs) // 8} LSH pairs, Rust", started)
        cut = [(CUT, 0, b) for (k, _), b in blobs.items() if k == CUT]
        yield _blobs_batch([(PASSAGES, 0, passages), (COPIES, 0, dups),
                            (CANDIDATES, 0, candidates),
                            (ALIGNED, 0, aligned.to_bytes(8, "little"))] + cut)

    return work


def _final_worker(boilerplate, ranges, options: Dict[str, Any], threads: Optional[int]):
    def work(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        for batch in batches:
            if batch.num_rows:
                table = pa.Table.from_batches([batch])
                runs, ends = _copydesk.spark_final(
                    _longs(table, "idx"), _texts(table), boilerplate.value, ranges.value,
                    options, threads)
                yield _blobs_batch([(0, 0, runs), (1, 0, ends)])

    return work


#: Copy edges up to which the components of the copy graph are found on the driver
#: (union-find over 16-byte edges: 80 MB); above, by large-star/small-star on Spark.
COMPONENTS_ON_DRIVER = 5_000_000


def _components_on_spark(edges) -> Any:
    """The connected components of a graph given as edges ``(a, b)``, by alternating
    large-star and small-star rounds (Kiveris et al., 2014) until the edges stop changing: then
    every component is a star on its smallest vertex, and each edge ``(v, m)`` gives vertex
    ``v`` its label ``m``, as union-find on the driver would."""
    from pyspark.sql import functions as F

    def normal(df):
        return (df.select(F.greatest("a", "b").alias("a"), F.least("a", "b").alias("b"))
                .filter(F.col("a") != F.col("b")).distinct())

    current = normal(edges).localCheckpoint(eager=True)
    while True:
        both = current.unionByName(current.select(F.col("b").alias("a"), F.col("a").alias("b")))
        # large star: each vertex links its larger neighbours to the smallest of its
        # neighbourhood (itself included)
        least = both.groupBy("a").agg(F.min("b").alias("m")).select(
            "a", F.least("a", "m").alias("m"))
        large = normal(both.filter(F.col("b") > F.col("a")).join(least, "a")
                       .select(F.col("b").alias("a"), F.col("m").alias("b")))
        # small star: each vertex and its smaller neighbours linked to the smallest of them
        smallest = large.groupBy("a").agg(F.min("b").alias("m"))
        small = normal(large.join(smallest, "a").select(F.col("b").alias("a"), "m")
                       .withColumnRenamed("m", "b")
                       .unionByName(smallest.select("a", F.col("m").alias("b"))))
        small = small.localCheckpoint(eager=True)
        if small.exceptAll(current).count() == 0 and current.exceptAll(small).count() == 0:
            return small
        current = small


def _labels(spark, duplicates: bytes, docs: int, limit: int) -> bytes:
    """Component labels (u32 per document) found on Spark when the copy edges (the pairs of
    the copies ``duplicates``, a blob the driver holds) are more than ``limit``, else empty
    (union-find on the driver)."""
    import pyarrow as pa
    from array import array

    a, b = _copydesk.spark_copy_pairs(duplicates)
    if len(a) // 8 <= limit:
        return b""
    xs, ys = array("q"), array("q")
    xs.frombytes(a)
    ys.frombytes(b)
    edges = spark.createDataFrame(list(zip(xs, ys)), "a long, b long")
    labels = list(range(docs))
    for r in _components_on_spark(edges).collect():
        labels[r.a] = r.b
    return pa.array(labels, pa.uint32()).buffers()[1].to_pybytes()


def _gather(rows) -> Dict[int, List[bytes]]:
    """The blobs of each kind (blobs of a kind concatenate)."""
    out: Dict[int, List[bytes]] = {}
    for row in rows:
        if row.blob:
            out.setdefault(row.kind, []).append(bytes(row.blob))
    return out


class _Clock:
    """Wall seconds of each driver-side stage (each stage's Spark jobs run inside it)."""

    def __init__(self) -> None:
        self.laps: List[Any] = []
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps.append((stage, round(now - self.last, 3)))
        _say_seconds(stage, now - self.last)
        self.last = now


class _PairParts:
    """The pair partitions for ``parts`` (``shuffle::PairBlocks``): blocks of documents, the
    partitions and their keys."""

    def __init__(self, parts: int) -> None:
        self.blocks, self.parts = _copydesk.spark_pair_blocks(parts)
        self.keys = _partition_keys(self.parts)


def _merged_pairs(s1, postings: int, exclude, keys: List[int], parts: int,
                  pair: "_PairParts", options):
    """The pairs of a round, merged per pair partition (checkpointed, stored by the first
    job that reads them: the broadcast of the documents needed, :func:`_pair_stage`): the
    keys' blobs shuffled to their ``parts`` hash ranges and merged into pairs and seeds,
    those shuffled to their pair partitions and merged, with the documents each partition
    needs."""
    from pyspark.sql import functions as F

    kinds = [postings] if postings == IMMUTABLES else [BAND_KEYS, postings]
    keyed = _keyed(s1.filter(F.col("kind").isin(kinds)), keys, parts)
    pairs = keyed.mapInArrow(_keys_worker(postings, exclude, pair.blocks, options), BLOB_SCHEMA)
    return (_keyed(pairs, pair.keys, pair.parts).mapInArrow(_prepare_worker(), PREPARED_SCHEMA)
            .localCheckpoint(eager=False))


def _pair_stage(docs, merged, pair: "_PairParts", worker) -> Dict[int, List[bytes]]:
    """Runs ``worker`` on each pair partition with its merged pairs and seeds and the texts
    of the documents they name, each text once per partition that needs it (rows of kind -1;
    the documents needed are few rows, broadcast to the join)."""
    from pyspark.sql import functions as F

    needed = merged.filter(F.col("kind") == NEEDED).select("part", "idx")
    texts = docs.join(F.broadcast(needed), "idx").select(
        F.lit(-1).cast("byte").alias("kind"), "part", "idx", "text",
        F.lit(None).cast("binary").alias("blob"))
    blobs = merged.filter(F.col("kind") != NEEDED).select(
        "kind", "part", "idx", F.lit(None).cast("string").alias("text"), "blob")
    rows = _keyed(texts.unionByName(blobs), pair.keys, pair.parts)
    return _gather(rows.mapInArrow(worker, BLOB_SCHEMA).collect())


#: Documents up to which the ids' numbers are broadcast to the join that numbers the texts
#: (above, the join shuffles).
BROADCAST_IDS = 2_000_000
#: Types of order columns sorted on the driver (Python orders their values as Spark does:
#: strings by code point, which is UTF-8's byte order); others are sorted by Spark.
_DRIVER_SORTED = ("string", "bigint", "int", "smallint", "tinyint")


def _collected(frame) -> List[Any]:
    """A frame's rows as tuples on the driver: through Arrow on Spark 4 (``toArrow``: columns,
    no row pickled), else by ``collect``."""
    if hasattr(frame, "toArrow"):
        return list(zip(*(col.to_pylist() for col in frame.toArrow().columns)))
    return [tuple(r) for r in frame.collect()]


def _ordered_ids(rows, id_col: str, text_col: str) -> List[str]:
    """The ids of ``rows`` (``_order``, ``id``, ``text``) in the order of ``_order``, then id,
    collected without the texts (the driver holds ids, no text); raises for null ids or texts
    and repeated ids."""
    from collections import Counter

    from pyspark.sql import functions as F

    keys = rows.select("_order", "id", F.col("text").isNull().alias("_null"))
    if dict(keys.dtypes)["_order"] in _DRIVER_SORTED:
        listed = _collected(keys)
        # Spark's ascending order: nulls first
        listed.sort(key=lambda r: (r[0] is not None, r[0], r[1] is not None, r[1]))
    else:
        listed = _collected(keys.orderBy("_order", "id"))
    bad = next((r for r in listed if r[1] is None or r[2]), None)
    if bad is not None:
        raise ValueError(f"column {text_col if bad[1] is not None else id_col!r} has null values")
    ids = [r[1] for r in listed]
    twice = next((i for i, n in Counter(ids).items() if n > 1), None)
    if twice is not None:
        raise ValueError(f"column {id_col}: id {twice!r} is given twice: ids must be unique")
    if not ids:
        raise ValueError("no document to scan")
    return ids


def _number(spark, data, id_col: str, text_col: str, order: str):
    """The documents numbered in the order of ``order`` (then id): the ids in that order
    and a frame of (idx, text). The input is read once, by the job that collects the ids
    (checkpointed in its partitions as that job reads it); the texts are never sorted or
    shuffled: they are joined to their numbers by id once, by the sketch's job, which stores
    the (idx, text) rows for every later stage (checkpointed: no later join, no broadcast
    job per use)."""
    from pyspark.sql import functions as F

    rows = data.select(
        F.col(order).alias("_order"),
        F.col(id_col).cast("string").alias("id"),
        F.col(text_col).cast("string").alias("text"),
    ).localCheckpoint(eager=False)
    ids = _ordered_ids(rows, id_col, text_col)
    import pyarrow as pa

    numbers = _frame(spark, pa.table({"idx": pa.array(range(len(ids)), pa.int64()),
                                      "id": pa.array(ids, pa.string())}), "idx long, id string")
    if len(ids) <= BROADCAST_IDS:
        numbers = F.broadcast(numbers)
    return ids, rows.join(numbers, "id").select("idx", "text").localCheckpoint(eager=False)


def _scan_settings(parts: int) -> Dict[str, str]:
    """Session settings for the scan's queries (:func:`scan_settings`): adaptive execution
    off, since every shuffle of the stages is partitioned by hand (one partition per
    destination, see :func:`_keyed`; the one-task scan's one partition) and adaptive execution
    runs each shuffle of a query as a job of its own (21 jobs for a distributed scan instead
    of 15, each a fixed cost; 2 for the one-task scan instead of 1); and, without it to
    coalesce them, the other shuffles (a sort of the order column, the components on Spark) in
    ``parts`` partitions, not Spark's default of 200."""
    return {"spark.sql.adaptive.enabled": "false", "spark.sql.shuffle.partitions": str(parts)}


@contextlib.contextmanager
def scan_settings(spark, parts: int):
    """The scan's session settings (:func:`_scan_settings`) while the block runs; the
    session's own afterwards."""
    settings = _scan_settings(parts)
    saved = {k: spark.conf.get(k, None) for k in settings}
    for k, v in settings.items():
        spark.conf.set(k, v)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                spark.conf.unset(k)
            else:
                spark.conf.set(k, v)


def distributed(spark, data, id_col: str, text_col: str, order: str,
                options: Dict[str, Any], threads: Optional[int],
                parts: Optional[int], driver_components_max: int):
    """The scan's stages across Spark tasks (see ``copydesk.spark``): the JSON Lines, made on
    the driver, and the clock of the stages."""
    clock = _Clock()
    parts = parts or max(spark.sparkContext.defaultParallelism, data.rdd.getNumPartitions())
    with scan_settings(spark, parts):
        return _distributed(spark, data, id_col, text_col, order, options, threads, parts,
                            driver_components_max, clock)


def _distributed(spark, data, id_col: str, text_col: str, order: str,
                 options: Dict[str, Any], threads: Optional[int],
                 parts: int, driver_components_max: int, clock: "_Clock"):
    from pyspark.sql import functions as F

    sc = spark.sparkContext
    keys, pair = _partition_keys(parts), _PairParts(parts)
    ids, docs = _number(spark, data, id_col, text_col, order)
    clock.lap("number documents")

    # stored by the job that collects the stats (the sketch's only job)
    s1 = (docs.mapInArrow(_sketch_worker(parts, options, threads), BLOB_SCHEMA)
          .localCheckpoint(eager=False))
    stats = _copydesk.spark_stats(b"".join(
        bytes(r.blob) for r in s1.filter(F.col("kind") == STATS).select("blob").collect()))
    lengths = stats[0]
    clock.lap("sketch")

    merged = _merged_pairs(s1, FINGERPRINTS, None, keys, parts, pair, options)
    clock.lap("candidate pairs and seeds (shuffles)")

    found = _pair_stage(docs, merged, pair, _pairs_worker(1, None, options, threads))
    passages = [b"".join(found.get(PASSAGES, []))]
    dups = [b"".join(found.get(COPIES, []))]
    candidates = [b"".join(found.get(CANDIDATES, []))]
    pairs_aligned = sum(int.from_bytes(b, "little") for b in found.get(ALIGNED, []))
    cut_blob = b"".join(found.get(CUT, []))
    clock.lap("round 1: passages and verdict")

    if options.get("spun_pairs", True):
        labels = _labels(spark, dups[0], len(ids), driver_components_max)
        exclude = sc.broadcast(
            _copydesk.spark_first_clusters(dups[0], lengths, labels, options))
        merged = _merged_pairs(s1, IMMUTABLES, exclude, keys, parts, pair, options)
        context = sc.broadcast((passages[0], dups[0]))
        found = _pair_stage(docs, merged, pair, _pairs_worker(2, context, options, threads))
        passages.append(b"".join(found.get(PASSAGES, [])))
        dups.append(b"".join(found.get(COPIES, [])))
        candidates.append(b"".join(found.get(CANDIDATES, [])))
        clock.lap("round 2: spun pairs")

    passages_blob, dups_blob = b"".join(passages), b"".join(dups)
    ranges = sc.broadcast(_copydesk.spark_ranges(passages_blob, dups_blob))
    cut = sc.broadcast(cut_blob)
    final = _gather(docs.mapInArrow(_final_worker(cut, ranges, options, threads), BLOB_SCHEMA)
                    .collect())
    clock.lap("boilerplate runs and byte offsets")

    labels = _labels(spark, dups_blob, len(ids), driver_components_max)
    clock.lap("components")
    jsonl = _copydesk.spark_assemble(
        ids, stats, dups_blob, passages_blob, b"".join(final.get(0, [])),
        b"".join(final.get(1, [])), b"".join(candidates), pairs_aligned, labels, options)
    clock.lap("clusters and records (driver)")
    return jsonl, clock
