"""The Spark path against the command line: the same JSON Lines, byte for byte, on local[1]
and local[2] with 1, 7 and 64 partitions; clear errors for bad columns and options."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import copydesk
from conftest import cli_jsonl, seed_texts

pyspark = pytest.importorskip("pyspark")
from pyspark.sql import SparkSession  # noqa: E402

from copydesk import spark as cds  # noqa: E402


def session(master: str) -> SparkSession:
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"  # loopback only
    return (
        SparkSession.builder.master(master)
        .appName("copydesk-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )


@pytest.fixture(scope="module", params=["local[1]", "local[2]"])
def spark(request):
    s = session(request.param)
    yield s
    s.stop()


def text_rows(paths):
    return [(p.name, p.read_text(encoding="utf-8")) for p in paths]


@pytest.mark.parametrize("partitions", [1, 7, 64])
def test_dataframe_gives_the_commands_bytes(spark, partitions, copydesk_bin, tmp_path):
    # a directory of UTF-8 text files: ids are file names, offsets are text offsets
    corpus = tmp_path / "texts"
    corpus.mkdir()
    for p in seed_texts():
        (corpus / p.name).write_bytes(p.read_bytes())
    df = spark.createDataFrame(text_rows(sorted(corpus.iterdir())), "id string, text string")
    result = cds.scan(spark, df.repartition(partitions), mode="distributed")
    expected = cli_jsonl(copydesk_bin, str(corpus))
    assert result.to_jsonl().encode() == expected
    out = tmp_path / "spark.jsonl"
    result.write_jsonl(out)
    assert out.read_bytes() == expected


@pytest.mark.parametrize("partitions", [1, 7, 64])
def test_synth_texts_match_the_python_api(spark, partitions, corpora):
    import json

    rows = [(r["id"], r["text"]) for r in map(json.loads, open(corpora["synth"]))]
    df = spark.createDataFrame(rows, "doc string, body string").repartition(partitions)
    result = cds.scan(spark, df, id_col="doc", text_col="body", spin=True)
    by_id = dict(sorted(rows))
    # the same records; the summary differs only in counting Arrow's texts as UTF-8
    spark_lines = result.to_jsonl().splitlines()
    api_lines = copydesk.scan(by_id, spin=True).to_jsonl().splitlines()
    assert spark_lines[:-1] == api_lines[:-1]
    summary = result.summary()
    api_summary = json.loads(api_lines[-1])
    assert summary.pop("encodings") == {"UTF-8": len(rows)}
    assert api_summary.pop("encodings") == {}
    assert summary == api_summary
    assert summary["duplicates"] > 0
    assert result.pairs.count() == summary["duplicates"]
    assert result.clusters.count() == summary["clusters"]
    assert result.spin.count() == summary["documents"]


@pytest.mark.parametrize("corpus", ["synth", "warc", "shards"])
def test_files_give_the_commands_bytes(spark, corpus, corpora, copydesk_bin):
    path = corpora[corpus]
    result = cds.scan(spark, [str(path)])
    assert result.to_jsonl().encode() == cli_jsonl(copydesk_bin, str(path))


def test_bad_columns_options_and_paths_raise(spark, tmp_path):
    df = spark.createDataFrame([("a", "x y z")], "id string, text string")
    with pytest.raises(ValueError, match="text_col: no column 'body'; the columns are id, text"):
        cds.scan(spark, df, text_col="body")
    with pytest.raises(TypeError, match="unknown option"):
        cds.scan(spark, df, treshold=0.4)
    with pytest.raises(copydesk.InputError) as err:
        cds.scan(spark, [str(tmp_path / "missing.jsonl")])
    assert err.value.path.endswith("missing.jsonl")


def synth_rows(corpora):
    import json

    return [(r["id"], r["text"]) for r in map(json.loads, open(corpora["synth"]))]


@pytest.mark.parametrize(
    "options",
    [{}, {"keep": "longest", "boilerplate_docs": 3}, {"spun_pairs": False, "min_words": 15}],
)
@pytest.mark.parametrize("partitions", [7])
def test_distributed_stages_match_the_python_api(spark, partitions, options, corpora):
    # the stages across tasks against the one-process scan, with the command's options
    import json

    rows = synth_rows(corpora)
    df = spark.createDataFrame(rows, "doc string, body string").repartition(partitions)
    adaptive = spark.conf.get("spark.sql.adaptive.enabled")
    shuffle_parts = spark.conf.get("spark.sql.shuffle.partitions")
    result = cds.scan(spark, df, id_col="doc", text_col="body", partitions=partitions,
                      mode="distributed", **options)
    # the scan's own settings are the session's again once it returns
    assert spark.conf.get("spark.sql.adaptive.enabled") == adaptive
    assert spark.conf.get("spark.sql.shuffle.partitions") == shuffle_parts
    assert [s for s, _ in result.stage_seconds][:2] == ["number documents", "sketch"]
    spark_lines = result.to_jsonl().splitlines()
    # the records frame, made from the lines when asked for, holds them in order
    records = result.records.orderBy("seq").collect()
    assert [r.json for r in records] == spark_lines
    assert [r.type for r in records] == [line[9:line.index('"', 9)] for line in spark_lines]
    api_lines = copydesk.scan(dict(sorted(rows)), **options).to_jsonl().splitlines()
    assert spark_lines[:-1] == api_lines[:-1]
    summary, api_summary = json.loads(spark_lines[-1]), json.loads(api_lines[-1])
    assert summary.pop("encodings") == {"UTF-8": len(rows)}
    api_summary.pop("encodings")
    assert summary == api_summary
    assert summary["duplicates"] > 0 and summary["passages"] > 0


def test_one_task_mode_gives_the_same_bytes(spark, corpora):
    rows = synth_rows(corpora)
    df = spark.createDataFrame(rows, "id string, text string").repartition(3)
    one = cds.scan(spark, df, mode="one_task").to_jsonl()
    assert cds.scan(spark, df, mode="distributed").to_jsonl() == one
    with pytest.raises(ValueError, match="mode"):
        cds.scan(spark, df, mode="sideways")


def test_auto_mode_picks_one_task_by_the_plans_size(spark, corpora, tmp_path):
    # files read have a size in the plan: one task up to one_task_max_bytes, across tasks
    # above it (a distributed scan clocks its stages), the same bytes either way
    import json

    path = tmp_path / "synth.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n"
                            for i, t in synth_rows(corpora)), encoding="utf-8")
    df = spark.read.json(str(path), schema="id string, text string")
    size = cds._estimated_bytes(df.select("id", "text"))
    assert size == path.stat().st_size
    small = cds.scan(spark, df, one_task_max_bytes=size)
    large = cds.scan(spark, df, one_task_max_bytes=size - 1)
    assert small.stage_seconds == [] and large.stage_seconds != []
    assert small.to_jsonl() == large.to_jsonl()
    # rows made on the driver have no size Spark knows without a job: across tasks
    rows = spark.createDataFrame(synth_rows(corpora), "id string, text string")
    assert cds._estimated_bytes(rows) is None
    assert cds.scan(spark, rows).stage_seconds != []


def test_distributed_ids_must_be_unique_and_present(spark):
    df = spark.createDataFrame([("a", "x y z"), ("a", "u v w")], "id string, text string")
    with pytest.raises(ValueError, match="id 'a' is given twice"):
        cds.scan(spark, df, mode="distributed")
    df = spark.createDataFrame([("a", None), ("b", "u v w")], "id string, text string")
    with pytest.raises(ValueError, match="'text' has null values"):
        cds.scan(spark, df, mode="distributed")


def test_components_on_spark_are_union_finds(spark):
    # a long path (many rounds), a star, a cycle and a lone edge, in scrambled order
    edges = [(i, i + 1) for i in range(20, 40)] + [(7, 3), (7, 5), (7, 11), (50, 51), (51, 52),
                                                  (52, 50), (61, 60)]
    df = spark.createDataFrame(edges[::-1], "a long, b long")
    labels = {r.a: r.b for r in cds._components_on_spark(df).collect()}
    expected = {**{i: 20 for i in range(21, 41)}, 5: 3, 7: 3, 11: 3, 51: 50, 52: 50, 61: 60}
    assert labels == expected


def test_components_found_on_spark_give_the_same_bytes(spark, corpora):
    rows = synth_rows(corpora)
    df = spark.createDataFrame(rows, "id string, text string").repartition(2)
    assert (cds.scan(spark, df, mode="distributed", driver_components_max=0).to_jsonl()
            == cds.scan(spark, df, mode="one_task").to_jsonl())


def test_partition_keys_give_each_destination_its_own_partition(spark):
    # the keys are found with Spark's hash computed in Python: Spark must agree
    from pyspark.sql import functions as F

    from copydesk._spark_stages import _partition_keys

    for parts in (1, 2, 7, 64):
        keys = _partition_keys(parts)
        df = spark.createDataFrame([(k, d) for d, k in enumerate(keys)], "key int, part int")
        placed = {(r.part, r.pid) for r in df.repartition(parts, "key")
                  .select("part", F.spark_partition_id().alias("pid")).collect()}
        assert placed == {(d, d) for d in range(parts)}
