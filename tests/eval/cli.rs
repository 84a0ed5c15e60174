//! `copydesk eval` through the command line on the hand-checked gold of tests/data/eval
//! (its README.md works every number out by hand), and its handling of bad input.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn copydesk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/eval")
        .join(name)
}

/// The JSON Lines records of a run's stdout.
pub fn records(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("utf-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// The one record of `kind` (and `passage_kind` for `passages` records).
pub fn record<'a>(records: &'a [Value], kind: &str, passage_kind: Option<&str>) -> &'a Value {
    let found: Vec<&Value> = records
        .iter()
        .filter(|r| r["type"] == kind && passage_kind.is_none_or(|k| r["kind"] == k))
        .collect();
    assert_eq!(found.len(), 1, "one {kind} record in {records:?}");
    found[0]
}

fn assert_near(value: &Value, expected: f64) {
    let v = value
        .as_f64()
        .unwrap_or_else(|| panic!("a number: {value}"));
    assert!((v - expected).abs() < 1e-6, "{v} != {expected}");
}

fn hand_checked_run(json: bool) -> Output {
    let mut cmd = copydesk();
    cmd.arg("eval")
        .arg(data("gold.jsonl"))
        .arg(data("predicted.jsonl"))
        .arg("--unspin")
        .arg(data("unspin-gold.jsonl"))
        .arg(data("restored.jsonl"));
    if json {
        cmd.arg("--json");
    }
    cmd.output().expect("run copydesk eval")
}

#[test]
fn hand_checked_gold_gives_the_worked_out_numbers() {
    let out = hand_checked_run(true);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let r = records(&out);

    let dup = record(&r, "duplicates", None);
    assert_near(&dup["precision"], 0.5);
    assert_near(&dup["recall"], 1.0 / 3.0);
    assert_near(&dup["f1"], 0.4);
    assert_eq!(dup["gold"], 3);
    assert_eq!(dup["predicted"], 2);
    let kinds: Vec<(String, u64, u64)> = dup["by_kind"]
        .as_array()
        .expect("by_kind")
        .iter()
        .map(|k| {
            (
                k["kind"].as_str().unwrap().to_string(),
                k["found"].as_u64().unwrap(),
                k["gold"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("exact".to_string(), 1, 1),
            ("spun".to_string(), 0, 1),
            ("transitive".to_string(), 0, 1)
        ]
    );

    let clusters = record(&r, "clusters", None);
    assert_eq!(clusters["documents"], 5);
    assert_near(&clusters["adjusted_rand_index"], 0.4 / 1.9);

    let all = record(&r, "passages", Some("all"));
    assert_eq!(all["left_out"], 1);
    assert_eq!(
        (all["cases"].clone(), all["detections"].clone()),
        (2.into(), 4.into())
    );
    assert_near(&all["recall"], 0.9);
    assert_near(&all["precision"], 0.625);
    assert_near(&all["f1"], 1.125 / 1.525);
    assert_near(&all["granularity"], 1.5);
    assert_near(&all["plagdet"], 1.125 / 1.525 / 2.5f64.log2());
    let copy = record(&r, "passages", Some("copy"));
    assert_near(&copy["recall"], 0.8);
    assert_near(&copy["precision"], 0.5);
    assert_near(&copy["granularity"], 2.0);
    assert_near(&copy["plagdet"], 0.8 / 1.3 / 3f64.log2());
    let spun = record(&r, "passages", Some("spun"));
    for field in ["precision", "recall", "f1", "granularity", "plagdet"] {
        assert_near(&spun[field], 1.0);
    }

    let spin = record(&r, "spin", None);
    assert_near(&spin["precision"], 0.5);
    assert_near(&spin["recall"], 1.0);
    assert_near(&spin["f1"], 2.0 / 3.0);
    assert_eq!(spin["missing"], 1);

    let docs: Vec<&Value> = r
        .iter()
        .filter(|x| x["type"] == "unspin_document")
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(
        (docs[0]["id"].as_str(), docs[0]["words"].as_u64()),
        (Some("d3"), Some(7))
    );
    assert_eq!(
        (docs[0]["before"].as_u64(), docs[0]["after"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(
        (docs[1]["before"].as_u64(), docs[1]["after"].as_u64()),
        (Some(1), Some(0))
    );
    let unspin = record(&r, "unspin", None);
    assert_eq!(unspin["words"], 13);
    assert_near(&unspin["wer_before"], 3.0 / 13.0);
    assert_near(&unspin["wer_after"], 1.0 / 13.0);
}

#[test]
fn the_table_shows_the_same_numbers() {
    let out = hand_checked_run(false);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "duplicate pairs     0.5000    0.3333    0.4000",
        "adjusted Rand index 0.2105 over 5 documents",
        "  all               0.6250    0.9000    0.7377      1.5000    0.5581",
        "(all documents)                13     0.2308     0.0769",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
}

#[test]
fn bad_records_are_reported_with_their_line_and_the_rest_is_scored() {
    let dir = tempfile::tempdir().unwrap();
    let predicted = dir.path().join("predicted.jsonl");
    let mut lines: Vec<String> = std::fs::read_to_string(data("predicted.jsonl"))
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    lines.insert(2, "{not json".into());
    lines.insert(
        3,
        r#"{"type":"passage","a":{"id":"d1","start":9,"end":3},"b":{"id":"d2","start":0,"end":5}}"#
            .into(),
    );
    lines.insert(4, r#"{"type":"duplicate","a":"d1"}"#.into());
    std::fs::write(&predicted, lines.join("\n")).unwrap();
    let out = copydesk()
        .arg("eval")
        .arg("--json")
        .arg(data("gold.jsonl"))
        .arg(&predicted)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for line in [3, 4, 5] {
        let place = format!("copydesk: {}:{line}: ", predicted.display());
        assert!(stderr.contains(&place), "{place} in {stderr}");
    }
    assert!(stderr.contains("empty or reversed span 9..3"), "{stderr}");
    // plain words, not serde's: no line and column, no Rust types
    assert!(
        stderr.contains(":3: not valid JSON (at character 2)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(":5: not a usable record: no \"b\" field"),
        "{stderr}"
    );
    assert!(!stderr.contains(" column "), "{stderr}");
    let r = records(&out);
    assert_near(&record(&r, "duplicates", None)["f1"], 0.4);
    assert_near(
        &record(&r, "passages", Some("all"))["plagdet"],
        1.125 / 1.525 / 2.5f64.log2(),
    );
}

#[test]
fn unusable_inputs_stop_the_run_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "\n").unwrap();
    let missing = dir.path().join("missing.jsonl");
    let predicted = data("predicted.jsonl");
    let runs: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec![missing.as_os_str(), predicted.as_os_str()],
        vec![empty.as_os_str(), predicted.as_os_str()],
        vec![],
        vec![predicted.as_os_str()],
    ];
    for args in runs {
        let out = copydesk().arg("eval").args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert!(out.stdout.is_empty());
    }
    // A restored text missing for a gold document: reported, the rest scored, exit 1.
    let restored = dir.path().join("restored.jsonl");
    std::fs::write(
        &restored,
        r#"{"id":"d3","text":"The White House said it would act."}"#,
    )
    .unwrap();
    let out = copydesk()
        .args(["eval", "--json", "--unspin"])
        .arg(data("unspin-gold.jsonl"))
        .arg(&restored)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no restored text for x2"));
    assert_near(&record(&records(&out), "unspin", None)["wer_after"], 0.0);
}

#[test]
fn output_goes_to_a_file_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::copy(data("gold.jsonl"), &gold).unwrap();
    let out = copydesk()
        .arg("eval")
        .arg(&gold)
        .arg(data("predicted.jsonl"))
        .arg("-o")
        .arg(&gold)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read(&gold).unwrap(),
        std::fs::read(data("gold.jsonl")).unwrap()
    );
    let result = dir.path().join("result.txt");
    let out = copydesk()
        .arg("eval")
        .arg(&gold)
        .arg(data("predicted.jsonl"))
        .arg("-o")
        .arg(&result)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&result)
            .unwrap()
            .contains("adjusted Rand index 0.2105")
    );
}

/// `copydesk eval --candidates` on the hand-checked `rates-*.jsonl` (tests/data/eval/README.md,
/// "Per kind and rate").
fn rates_run(json: bool, candidates: bool) -> Output {
    let mut cmd = copydesk();
    cmd.arg("eval")
        .arg(data("rates-gold.jsonl"))
        .arg(data("rates-predicted.jsonl"));
    if candidates {
        cmd.arg("--candidates").arg(data("rates-candidates.jsonl"));
    }
    if json {
        cmd.arg("--json");
    }
    cmd.output().expect("run copydesk eval")
}

#[test]
fn per_kind_and_rate_records_give_the_worked_out_counts() {
    let out = rates_run(true, true);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let r = records(&out);
    let groups: Vec<&Value> = r
        .iter()
        .filter(|x| x["type"] == "duplicates_by_rate")
        .collect();
    let row = |g: &Value| -> String {
        let f = |k: &str| match &g[k] {
            Value::Null => "-".to_string(),
            Value::Number(n) => format!("{:.4}", n.as_f64().unwrap()),
            v => v.to_string(),
        };
        [
            "kind",
            "rate",
            "gold",
            "found",
            "recall",
            "changed_mean",
            "expected_kind",
            "kind_right",
            "kind_accuracy",
            "direction_checked",
            "direction_right",
            "direction_accuracy",
            "candidates",
            "candidate_recall",
            "verification_recall",
            "found_outside_candidates",
        ]
        .map(f)
        .join(" ")
    };
    let rows: Vec<String> = groups.iter().map(|g| row(g)).collect();
    let expected = [
        r#""exact" 0.0000 1.0000 1.0000 1.0000 0.0000 "exact" 1.0000 1.0000 - - - 0.0000 0.0000 - 1.0000"#,
        r#""edited" 0.0500 2.0000 2.0000 1.0000 0.0550 "near" 1.0000 0.5000 - - - 2.0000 1.0000 1.0000 0.0000"#,
        r#""edited" 0.2000 1.0000 0.0000 0.0000 0.1900 "near" 0.0000 - - - - 1.0000 1.0000 0.0000 0.0000"#,
        r#""spun" 0.1000 3.0000 3.0000 1.0000 0.1000 "spun" 2.0000 0.6667 2.0000 1.0000 0.5000 2.0000 0.6667 1.0000 1.0000"#,
        r#""contained" - 1.0000 1.0000 1.0000 0.5000 "contained" 1.0000 1.0000 1.0000 1.0000 1.0000 1.0000 1.0000 1.0000 0.0000"#,
    ];
    assert_eq!(rows, expected);

    let dup = record(&r, "duplicates", None);
    assert_near(&dup["precision"], 7.0 / 8.0);
    assert_near(&dup["recall"], 7.0 / 8.0);
    let c = record(&r, "candidates", None);
    assert_eq!(
        (c["pairs"].as_u64(), c["gold"].as_u64()),
        (Some(7), Some(8))
    );
    assert_eq!(
        (c["gold_candidates"].as_u64(), c["found"].as_u64()),
        (Some(6), Some(5))
    );
    assert_near(&c["recall"], 0.75);
    assert_near(&c["verification_recall"], 5.0 / 6.0);

    // Without candidates: the same groups, no candidate fields, no candidates record.
    let r = records(&rates_run(true, false));
    assert!(r.iter().all(|x| x["type"] != "candidates"));
    let spun = r
        .iter()
        .find(|x| x["type"] == "duplicates_by_rate" && x["kind"] == "spun")
        .expect("spun group");
    assert_eq!(spun["found"], 3);
    assert!(spun["candidate_recall"].is_null() && spun["candidates"].is_null());
}

#[test]
fn per_kind_and_rate_table_and_candidate_errors() {
    let out = rates_run(false, true);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "duplicates by     rate   gold  found   recall  changed  kind ok direction  cand.rec verif.rec",
        "  edited          0.05      2      2   1.0000   0.0550   0.5000         -    1.0000    1.0000",
        "  spun            0.10      3      3   1.0000   0.1000   0.6667    0.5000    0.6667    1.0000",
        "  contained          -      1      1   1.0000   0.5000   1.0000    1.0000    1.0000    1.0000",
        "candidates: 7 pairs proposed, 6 of the 8 gold pairs among them (recall 0.7500), 5 of those predicted (verification recall 0.8333)",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }

    let dir = tempfile::tempdir().unwrap();
    let out = copydesk()
        .arg("eval")
        .arg(data("rates-gold.jsonl"))
        .arg(data("rates-predicted.jsonl"))
        .arg("--candidates")
        .arg(dir.path().join("missing.jsonl"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"a\":\"o1\",\"b\":\"c1\"}\n{\"a\":\"o2\"}\n").unwrap();
    let out = copydesk()
        .args(["eval", "--json"])
        .arg(data("rates-gold.jsonl"))
        .arg(data("rates-predicted.jsonl"))
        .arg("--candidates")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:2: ", bad.display())),
        "{stderr}"
    );
    assert_eq!(record(&records(&out), "candidates", None)["pairs"], 1);
}

/// Issue 24: eval reads compressed files like scan does, and reports no granularity when
/// nothing was detected (the mean over no detected case is undefined).
#[test]
fn compressed_inputs_and_no_detection() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let gold = std::fs::read(data("gold.jsonl")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&gold).unwrap();
    std::fs::write(dir.path().join("gold.jsonl.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(
        dir.path().join("pred.jsonl.zst"),
        zstd::encode_all(&b"{\"type\":\"summary\"}\n"[..], 3).unwrap(),
    )
    .unwrap();
    let out = copydesk()
        .arg("eval")
        .arg("--json")
        .arg(dir.path().join("gold.jsonl.gz"))
        .arg(dir.path().join("pred.jsonl.zst"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let r = records(&out);
    let all = record(&r, "passages", Some("all"));
    assert_eq!(all["detections"], 0, "{all}");
    assert!(all["granularity"].is_null(), "{all}");
    let table = copydesk()
        .arg("eval")
        .arg(dir.path().join("gold.jsonl.gz"))
        .arg(dir.path().join("pred.jsonl.zst"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&table.stdout).contains("n/a"));
}
