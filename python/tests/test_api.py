"""The Python API against the command line: the same records, byte for byte, and clear
exceptions for bad input and bad options."""

from __future__ import annotations

import json

import pytest

import copydesk
from conftest import cli_jsonl, seed_texts


@pytest.mark.parametrize("corpus", ["seeds", "synth", "warc", "shards"])
def test_scan_writes_the_commands_bytes(corpus, corpora, copydesk_bin, tmp_path):
    path = corpora[corpus]
    expected = cli_jsonl(copydesk_bin, str(path))
    report = copydesk.scan(path)
    assert report.to_jsonl().encode() == expected
    out = tmp_path / "out.jsonl"
    report.write_jsonl(out)
    assert out.read_bytes() == expected
    assert report.summary["type"] == "summary"
    assert report.summary["documents"] > 0


def test_the_synth_corpus_has_copies_found(corpora):
    report = copydesk.scan(corpora["synth"])
    assert report.summary["duplicates"] > 0
    assert report.of_type("cluster")
    assert len(report.of_type("duplicate")) == report.summary["duplicates"]


def test_options_reach_the_scan(corpora, copydesk_bin):
    path = corpora["synth"]
    expected = cli_jsonl(
        copydesk_bin, "--spin", "--keep", "longest", "--min-words", "30",
        "--coverage", "0.7", "--no-spun-pairs", str(path),
    )
    report = copydesk.scan(
        path, spin=True, keep="longest", min_words=30, coverage=0.7, spun_pairs=False,
    )
    assert report.to_jsonl().encode() == expected
    assert report.summary["spun"] is not None


def test_threads_do_not_change_the_records(corpora):
    one = copydesk.scan(corpora["synth"], threads=1).to_jsonl()
    two = copydesk.scan(corpora["synth"], threads=2).to_jsonl()
    assert one == two


def test_texts_by_id():
    texts = {p.stem: p.read_text(encoding="utf-8") for p in seed_texts()}
    by_map = copydesk.scan(texts)
    by_pairs = copydesk.scan(list(texts.items()))
    assert by_map.to_jsonl() == by_pairs.to_jsonl()
    assert by_map.summary["documents"] == len(texts)
    with pytest.raises(ValueError, match="given twice"):
        copydesk.scan([("a", "x y z"), ("a", "x y z")])


def test_missing_file_raises_with_its_path(tmp_path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(copydesk.InputError) as err:
        copydesk.scan([missing])
    assert err.value.path == str(missing)
    assert err.value.line is None
    assert str(missing) in str(err.value)


def test_bad_json_line_raises_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    lines = [json.dumps({"id": f"d{i}", "text": f"text number {i} " * 20}) for i in range(4)]
    lines.insert(2, "{not json")
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(copydesk.InputError) as err:
        copydesk.scan(bad)
    assert err.value.path == str(bad)
    assert err.value.line == 3
    assert "not valid JSON" in str(err.value)
    # recorded instead, as the command line does: the other lines are scanned
    report = copydesk.scan(bad, on_problem="record")
    assert report.summary["documents"] == 4
    assert report.summary["problems"] == 1
    assert report.of_type("problem")[0]["place"] == f"{bad}:3"


def test_recorded_problems_match_the_command(tmp_path, copydesk_bin):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id":"a","text":"one two three"}\n{oops\n', encoding="utf-8")
    expected = cli_jsonl(copydesk_bin, str(bad))
    assert copydesk.scan(bad, on_problem="record").to_jsonl().encode() == expected


def test_wrong_option_names_and_values_raise():
    with pytest.raises(TypeError, match="unknown option \"treshold\".*threshold"):
        copydesk.scan({"a": "x"}, treshold=0.5)
    with pytest.raises(ValueError, match="coverage 1.5 is out of range"):
        copydesk.scan({"a": "x"}, coverage=1.5)
    with pytest.raises(ValueError, match="keep .*no keep policy"):
        copydesk.scan({"a": "x"}, keep="newest")
    with pytest.raises(ValueError, match="min_words expects a whole number"):
        copydesk.scan({"a": "x"}, min_words="many")
    with pytest.raises(ValueError, match="on_problem"):
        copydesk.scan({"a": "x"}, on_problem="ignore")
    with pytest.raises(ValueError, match="threads 0"):
        copydesk.scan({"a": "x"}, threads=0)
    assert "threshold" in copydesk.OPTION_NAMES


def test_unspin_gives_edits_and_confidences(copydesk_bin, tmp_path):
    import subprocess

    spun = "The man went to the shop to purchase a loaf of bread. " * 3
    result = copydesk.unspin(spun)
    assert set(result) == {"restored", "edits", "spin", "jsonl"}
    for edit in result["edits"]:
        assert 0.0 <= edit["confidence"] <= 1.0
        assert spun[edit["start"]:edit["end"]] == edit["spun"] or edit["start"] <= edit["end"]
    src = tmp_path / "in.txt"
    src.write_text(spun, encoding="utf-8")
    cli = subprocess.run(
        [str(copydesk_bin), "unspin", "--json", "--quiet", str(src)], capture_output=True,
        check=True,
    ).stdout
    assert result["jsonl"].encode() == cli
    assert result["spin"]["type"] == "spin"


def test_unspin_from_a_source():
    source = "The old house stood at the end of the long road near the river."
    spun = "The aged house stood at the end of the lengthy road near the river."
    result = copydesk.unspin(spun, source=source)
    assert result["restored"] == source
    assert all(e["confidence"] == 1.0 for e in result["edits"])


def test_eval_scores_a_scan(corpora, tmp_path):
    report = copydesk.scan(corpora["synth"])
    predicted = tmp_path / "scan.jsonl"
    report.write_jsonl(predicted)
    records = copydesk.eval(corpora["gold"], predicted)
    assert records
    assert all("type" in r for r in records)
    with pytest.raises(copydesk.InputError):
        copydesk.eval(corpora["gold"], tmp_path / "nothing.jsonl")
    with pytest.raises(copydesk.InputError, match="needs"):
        copydesk.eval(corpora["gold"])
