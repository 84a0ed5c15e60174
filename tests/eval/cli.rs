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
