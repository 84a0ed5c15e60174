"""The stages of ``copydesk.spark``'s distributed scan: the ``mapInArrow`` workers (each a
call into Rust, ``python/src/distributed.rs``, on a task's Arrow buffers), the shuffles that
join them, the connected components on Spark, and the driver's sequence of stages
(:func:`distributed`). ``copydesk.spark`` documents the design; this module is its plumbing.
"""

from __future__ import annotations

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



#: Rows of the stages' shuffles: a kind, four longs and a double (see the Rust side,
#: ``python/src/distributed.rs``).
ROW_SCHEMA = "kind byte, c0 long, c1 long, c2 long, c3 long, x double"
#: Blobs a task hands back to the driver: a kind and the bytes.
BLOB_SCHEMA = "kind byte, blob binary"

#: Candidate pairs of one LSH bucket (``d``: its documents, sorted): every pair, or in a
#: bucket of more than 64 documents its first with each other (``dedup::lsh``).
_BUCKET_PAIRS = (
    "IF(size(d) > 64, transform(slice(d, 2, size(d) - 1), y -> named_struct('a', d[0], 'b', y)),"
    " flatten(transform(sequence(0, size(d) - 2), i -> transform(slice(d, i + 2, size(d) - i - 1),"
    " y -> named_struct('a', d[i], 'b', y)))))"
)


def _longs(table, name: str) -> bytes:
    """A column's values as little-endian int64 bytes."""
    import pyarrow as pa

    arr = table.column(name).combine_chunks().cast(pa.int64())
    if arr.null_count:
        raise ValueError(f"column {name!r} has {arr.null_count} null values")
    if len(arr) == 0:
        return b""
    return arr.buffers()[1][arr.offset * 8:(arr.offset + len(arr)) * 8].to_pybytes()


def _rows_batch(rows):
    """Row columns from Rust (kind, four longs, x) as an Arrow batch of ``ROW_SCHEMA``."""
    import pyarrow as pa

    kind, cols, x = rows
    n = len(kind)
    arrays = [pa.Array.from_buffers(pa.int8(), n, [None, pa.py_buffer(kind)])]
    arrays += [pa.Array.from_buffers(pa.int64(), n, [None, pa.py_buffer(c)]) for c in cols]
    arrays.append(pa.Array.from_buffers(pa.float64(), n, [None, pa.py_buffer(x)]))
    return pa.RecordBatch.from_arrays(arrays, names=["kind", "c0", "c1", "c2", "c3", "x"])


def _blobs_batch(blobs):
    import pyarrow as pa

    return pa.RecordBatch.from_arrays(
        [pa.array([k for k, _ in blobs], pa.int8()), pa.array([b for _, b in blobs], pa.binary())],
        names=["kind", "blob"],
    )


def _texts(table):
    return _column(table, "text", "text")


def _sketch_worker(options: Dict[str, Any], threads: Optional[int]):
    def work(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        for batch in batches:
            if batch.num_rows:
                table = pa.Table.from_batches([batch])
                yield _rows_batch(
                    _copydesk.spark_sketch(_longs(table, "idx"), _texts(table), options, threads)
                )

    return work


def _partition_table(batches: Iterator[Any]):
    import pyarrow as pa

    batches = list(batches)
    if not batches:
        return None
    table = pa.Table.from_batches(batches)
    return table if table.num_rows else None


def _seeds_worker(immutables: bool, options: Dict[str, Any]):
    def work(batches: Iterator[Any]) -> Iterator[Any]:
        # a hash's postings may straddle batches: the partition is read whole
        table = _partition_table(batches)
        if table is not None:
            yield _rows_batch(_copydesk.spark_seeds(
                _longs(table, "hash"), _longs(table, "doc"), _longs(table, "pos"),
                immutables, options))

    return work


def _pairs_worker(round_: int, context, options: Dict[str, Any], threads: Optional[int]):
    def work(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow.compute as pc

        table = _partition_table(batches)
        if table is None:
            return
        docs = table.filter(pc.equal(table.column("kind"), 0))
        pairs = table.filter(pc.equal(table.column("kind"), 1))
        seeds = table.filter(pc.equal(table.column("kind"), 2))
        del table
        ctx = context.value if context is not None else (b"", b"")
        passages, dups, candidates = _copydesk.spark_pairs(
            round_, _longs(docs, "a"), _texts(docs),
            [_longs(pairs, c) for c in ("a", "b", "c")],
            [_longs(seeds, c) for c in ("a", "b", "c", "d")],
            ctx, options, threads)
        yield _blobs_batch([(0, passages), (1, dups), (2, candidates)])

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
                yield _blobs_batch([(0, runs), (1, ends)])

    return work


#: Copy edges up to which the components of the copy graph are found on the driver
#: (union-find over 16-byte edges: 80 MB); above, by large-star/small-star on Spark.
COMPONENTS_ON_DRIVER = 5_000_000


def _edges_worker():
    def work(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        for batch in batches:
            for kind, blob in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist()):
                if kind == 1 and blob:
                    a, b = _copydesk.spark_copy_pairs(blob)
                    n = len(a) // 8
                    yield pa.RecordBatch.from_arrays(
                        [pa.Array.from_buffers(pa.int64(), n, [None, pa.py_buffer(a)]),
                         pa.Array.from_buffers(pa.int64(), n, [None, pa.py_buffer(b)])],
                        names=["a", "b"])

    return work


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


def _labels(found_frames, docs: int, limit: int) -> bytes:
    """Component labels (u32 per document) found on Spark when the copy edges are more than
    ``limit``, else empty (union-find on the driver)."""
    import pyarrow as pa

    frames = [f.filter("kind = 1") for f in found_frames]
    rows = frames[0]
    for f in frames[1:]:
        rows = rows.unionByName(f)
    edges = rows.mapInArrow(_edges_worker(), "a long, b long").localCheckpoint(eager=True)
    if edges.count() <= limit:
        return b""
    labels = list(range(docs))
    for r in _components_on_spark(edges).collect():
        labels[r.a] = r.b
    return pa.array(labels, pa.uint32()).buffers()[1].to_pybytes()


def _gather(rows) -> Dict[int, bytes]:
    """The blobs of each kind, end to end (blobs concatenate)."""
    out: Dict[int, List[bytes]] = {}
    for row in rows:
        out.setdefault(row.kind, []).append(bytes(row.blob))
    return {k: b"".join(v) for k, v in out.items()}


class _Clock:
    """Wall seconds of each driver-side stage (each stage's Spark jobs run inside it)."""

    def __init__(self) -> None:
        self.laps: List[Any] = []
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps.append((stage, round(now - self.last, 3)))
        if os.environ.get("COPYDESK_SPARK_TIMES"):
            print(f"copydesk.spark: {stage} {now - self.last:.3f}s", file=sys.stderr, flush=True)
        self.last = now


def _pair_stage(docs, pairs, seeds, parts: int, worker):
    """Runs ``worker`` on partitions of pairs (by their first document), each with the seeds
    of its pairs and the texts of their documents (rows of kind 2, 1 and 0)."""
    from pyspark.sql import functions as F

    part = F.pmod(F.xxhash64("a"), F.lit(parts)).cast("int").alias("part")
    pairs = pairs.select(part, "a", "b", "lsh")
    seeds = seeds.select(part, "a", "b", "pa", "pb")
    need = pairs.select("part", F.col("a").alias("idx")).union(
        pairs.select("part", F.col("b").alias("idx"))).distinct()
    zero = F.lit(0).cast("long")
    nothing = F.lit(None).cast("string")
    texts = need.join(docs.select("idx", "text"), "idx").select(
        "part", F.lit(0).cast("byte").alias("kind"), F.col("idx").alias("a"),
        zero.alias("b"), zero.alias("c"), zero.alias("d"), "text")
    pair_rows = pairs.select(
        "part", F.lit(1).cast("byte").alias("kind"), "a", "b",
        F.col("lsh").cast("long").alias("c"), zero.alias("d"), nothing.alias("text"))
    seed_rows = seeds.select(
        "part", F.lit(2).cast("byte").alias("kind"), "a", "b",
        F.col("pa").alias("c"), F.col("pb").alias("d"), nothing.alias("text"))
    rows = texts.unionByName(pair_rows).unionByName(seed_rows)
    found = rows.repartition(parts, "part").mapInArrow(worker, BLOB_SCHEMA).localCheckpoint(
        eager=True)
    return _gather(found.collect()), found


def _seed_pairs(s1, kind: int, immutables: bool, exclude, parts: int, options):
    """Seeds (a, b, pa, pb) of the pairs with two or more, those pairs, and the hashes cut."""
    from pyspark.sql import functions as F

    post = s1.filter(F.col("kind") == kind).select(
        F.col("c2").alias("hash"), F.col("c0").alias("doc"), F.col("c1").alias("pos"))
    if exclude is not None:
        post = post.join(F.broadcast(exclude), "doc", "left_anti")
    rows = (post.repartition(parts, "hash").sortWithinPartitions("hash", "doc", "pos")
            .mapInArrow(_seeds_worker(immutables, options), ROW_SCHEMA)
            .localCheckpoint(eager=True))
    seeds = rows.filter(F.col("kind") == 0).select(
        F.col("c0").alias("a"), F.col("c1").alias("b"), F.col("c2").alias("pa"),
        F.col("c3").alias("pb")).distinct()
    groups = (seeds.groupBy("a", "b").count().filter(F.col("count") >= 2).select("a", "b")
              .localCheckpoint(eager=True))
    seeds = seeds.join(groups, ["a", "b"], "left_semi")
    cut = [r.c0 for r in rows.filter(F.col("kind") == 1).select("c0").collect()]
    return seeds, groups, cut


def distributed(spark, data, id_col: str, text_col: str, order: str,
                options: Dict[str, Any], threads: Optional[int],
                parts: Optional[int], driver_components_max: int):
    """The scan's stages across Spark tasks (see ``copydesk.spark``): the JSON Lines, made on
    the driver, and the clock of the stages."""
    import pyarrow as pa
    from pyspark.sql import functions as F

    clock = _Clock()
    sc = spark.sparkContext
    parts = parts or max(sc.defaultParallelism, data.rdd.getNumPartitions())
    rows = data.select(
        F.col(order).alias("_order"),
        F.col(id_col).cast("string").alias("id"),
        F.col(text_col).cast("string").alias("text"),
    )
    # corpus numbers: the sorted rows' per-partition offsets
    ordered = (rows.orderBy("_order", "id").withColumn("_mid", F.monotonically_increasing_id())
               .localCheckpoint(eager=True))
    bad = ordered.filter(F.col("id").isNull() | F.col("text").isNull()).limit(1).collect()
    if bad:
        which = text_col if bad[0].id is not None else id_col
        raise ValueError(f"column {which!r} has null values")
    twice = ordered.groupBy("id").count().filter(F.col("count") > 1).limit(1).collect()
    if twice:
        raise ValueError(
            f"column {id_col}: id {twice[0].id!r} is given twice: ids must be unique")
    counts = sorted(
        (r.p, r["count"]) for r in
        ordered.groupBy((F.col("_mid") / F.lit(1 << 33)).cast("long").alias("p")).count().collect())
    if not counts:
        raise ValueError("no document to scan")
    offsets, total = [], 0
    for p, n in counts:
        offsets.append((p, total))
        total += n
    starts = spark.createDataFrame(offsets, "p long, start long")
    docs = (ordered.withColumn("p", (F.col("_mid") / F.lit(1 << 33)).cast("long"))
            .join(F.broadcast(starts), "p")
            .select((F.col("start") + F.col("_mid") - F.col("p") * F.lit(1 << 33)).alias("idx"),
                    "id", "text")
            .localCheckpoint(eager=True))
    clock.lap("number documents")

    s1 = (docs.select("idx", "text").mapInArrow(_sketch_worker(options, threads), ROW_SCHEMA)
          .localCheckpoint(eager=True))
    stats = sorted(
        (r.c0, r.c1, r.c2, r.c3, r.x) for r in s1.filter(F.col("kind") == 0).collect())
    ids = [r.id for r in docs.select("idx", "id").orderBy("idx").collect()]
    lengths = [s[1] for s in stats]
    clock.lap("sketch")

    bands = s1.filter(F.col("kind") == 1).select(
        F.col("c1").alias("band"), F.col("c2").alias("key"), F.col("c0").alias("doc"))
    buckets = (bands.groupBy("band", "key").agg(F.sort_array(F.collect_list("doc")).alias("d"))
               .filter(F.size("d") >= 2))
    # checkpointed: the pair stage reads the pairs three times (two sides of the text join,
    # and the pairs themselves)
    lsh_pairs = (buckets.select(F.explode(F.expr(_BUCKET_PAIRS)).alias("p"))
                 .select(F.col("p.a").alias("a"), F.col("p.b").alias("b")).distinct()
                 .localCheckpoint(eager=True))
    seeds1, groups1, boilerplate = _seed_pairs(s1, 2, False, None, parts, options)
    pairs_aligned = groups1.count()
    pairs1 = lsh_pairs.withColumn("lsh", F.lit(1)).unionByName(groups1.withColumn("lsh", F.lit(0)))
    clock.lap("candidate pairs and seeds (shuffles)")

    found, frame = _pair_stage(docs, pairs1, seeds1, parts,
                               _pairs_worker(1, None, options, threads))
    frames = [frame]
    passages = [found.get(0, b"")]
    dups = [found.get(1, b"")]
    candidates = [found.get(2, b"")]
    clock.lap("round 1: passages and verdict")

    if options.get("spun_pairs", True):
        labels = _labels(frames, len(ids), driver_components_max)
        left_out = _copydesk.spark_first_clusters(dups[0], lengths, labels, options)
        left = [int.from_bytes(left_out[i:i + 4], "little") for i in range(0, len(left_out), 4)]
        exclude = spark.createDataFrame([(d,) for d in left] or [(-1,)], "doc long")
        seeds2, groups2, _ = _seed_pairs(s1, 3, True, exclude, parts, options)
        context = sc.broadcast((passages[0], dups[0]))
        found, frame = _pair_stage(docs, groups2.withColumn("lsh", F.lit(0)), seeds2, parts,
                                   _pairs_worker(2, context, options, threads))
        frames.append(frame)
        passages.append(found.get(0, b""))
        dups.append(found.get(1, b""))
        candidates.append(found.get(2, b""))
        clock.lap("round 2: spun pairs")

    passages_blob, dups_blob = b"".join(passages), b"".join(dups)
    ranges = sc.broadcast(_copydesk.spark_ranges(passages_blob, dups_blob))
    cut = sc.broadcast(pa.array(boilerplate, pa.int64()).buffers()[1].to_pybytes()
                       if boilerplate else b"")
    final = _gather(docs.select("idx", "text")
                    .mapInArrow(_final_worker(cut, ranges, options, threads), BLOB_SCHEMA)
                    .collect())
    clock.lap("boilerplate runs and byte offsets")

    labels = _labels(frames, len(ids), driver_components_max)
    clock.lap("components")
    stat_cols = ([s[1] for s in stats], [s[2] for s in stats], [s[3] for s in stats],
                 [s[4] for s in stats])
    jsonl = _copydesk.spark_assemble(
        ids, stat_cols, dups_blob, passages_blob, final.get(0, b""), final.get(1, b""),
        b"".join(candidates), pairs_aligned, labels, options)
    clock.lap("clusters and records (driver)")
    return jsonl, clock
