//! The seed articles: the shared report excerpt and the quoted TCO sentence, and nothing else.

use super::common::{of_type, scan_json, seeds_dir};
use serde_json::Value;

const A000: &str = "000_654eb502e9b96e1f.txt";
const A001: &str = "001_e40ca722fa7aa7f4.txt";
const A002: &str = "002_e55835728f6167c5.txt";
const A003: &str = "003_c30bde986995c84a.txt";
const A004: &str = "004_b24285a9b201835e.txt";

fn between<'a>(passages: &[&'a Value], x: &str, y: &str) -> Vec<&'a Value> {
    passages
        .iter()
        .copied()
        .filter(|p| {
            let (a, b) = (
                p["a"]["id"].as_str().unwrap(),
                p["b"]["id"].as_str().unwrap(),
            );
            (a == x && b == y) || (a == y && b == x)
        })
        .collect()
}

fn text_of(id: &str, side: &Value) -> String {
    let text = std::fs::read_to_string(seeds_dir().join(id)).unwrap();
    let (s, e) = (
        side["start"].as_u64().unwrap() as usize,
        side["end"].as_u64().unwrap() as usize,
    );
    text[s..e].to_string()
}

#[test]
fn seeds_000_and_002_share_one_merged_225_word_passage() {
    let (records, out) = scan_json(&[seeds_dir().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let passages = of_type(&records, "passage");
    let shared = between(&passages, A000, A002);
    assert_eq!(
        shared.len(),
        1,
        "one passage, merged across the edit: {shared:?}"
    );
    let p = shared[0];
    let words = p["words"].as_u64().unwrap();
    assert!((200..=240).contains(&words), "about 225 words, got {words}");
    let in_000 = text_of(A000, &p["a"]);
    let in_002 = text_of(A002, &p["b"]);
    assert!(
        in_000.starts_with("The Trump administration has directed the military"),
        "{in_000}"
    );
    assert!(in_000.contains("to manage the attacks, which are"));
    assert!(in_002.contains("to manage the attack plans, which are"));
    assert!(in_000.ends_with("Secretary of the Navy"));
    assert!(in_002.ends_with("Secretary of the Navy"));
}

#[test]
fn seed_004_shares_the_tco_sentence_with_000_and_002() {
    let (records, _) = scan_json(&[seeds_dir().to_str().unwrap()]);
    let passages = of_type(&records, "passage");
    for other in [A000, A002] {
        let shared = between(&passages, other, A004);
        assert_eq!(shared.len(), 1, "{other}: {shared:?}");
        let words = shared[0]["words"].as_u64().unwrap();
        assert!((40..=55).contains(&words), "roughly 45 words, got {words}");
        let side = if shared[0]["a"]["id"] == A004 {
            &shared[0]["a"]
        } else {
            &shared[0]["b"]
        };
        let quote = text_of(A004, side);
        assert!(
            quote.starts_with("Not only is Donald Trump uniquely focused on TCOs"),
            "{quote}"
        );
        assert!(quote.contains("potentially negative political ramifications"));
    }
}

#[test]
fn seeds_001_and_003_share_no_passage() {
    let (records, _) = scan_json(&[seeds_dir().to_str().unwrap(), "--min-words", "25"]);
    for p in of_type(&records, "passage") {
        for side in ["a", "b"] {
            let id = p[side]["id"].as_str().unwrap();
            assert!(id != A001 && id != A003, "unexpected passage {p}");
        }
    }
    assert!(of_type(&records, "duplicate").is_empty());
    assert!(of_type(&records, "cluster").is_empty());
    let summary = of_type(&records, "summary");
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0]["documents"], 5);
}

#[test]
fn readable_summary_quotes_the_passages() {
    let out = super::common::copydesk()
        .arg("scan")
        .arg(seeds_dir())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Shared passages"), "{text}");
    assert!(
        text.contains("Not only is Donald Trump uniquely focused on TCOs"),
        "{text}"
    );
    assert!(text.contains("5 documents"), "{text}");
}

#[test]
fn scan_flags_the_spun_seed_only_with_evidence() {
    let (records, _) = scan_json(&[seeds_dir().to_str().unwrap(), "--spin"]);
    let spin = of_type(&records, "spin");
    assert_eq!(spin.len(), 5, "one spin record per document");
    for r in &spin {
        let spun = r["id"] == A003;
        assert_eq!(r["spun"], spun, "{r}");
        let edits = r["edits"].as_array().unwrap();
        if spun {
            assert!(r["score"].as_f64().unwrap() > 0.9);
            assert!(!edits.is_empty() && edits.len() <= 10);
            let text = std::fs::read_to_string(seeds_dir().join(A003)).unwrap();
            for e in edits {
                let (s, t) = (
                    e["start"].as_u64().unwrap() as usize,
                    e["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(
                    &text[s..t],
                    e["spun"].as_str().unwrap(),
                    "offsets point at the spun words"
                );
            }
        } else {
            assert!(r["score"].as_f64().unwrap() < 0.5);
        }
    }
    let (records, _) = scan_json(&[seeds_dir().to_str().unwrap()]);
    assert!(
        of_type(&records, "spin").is_empty(),
        "spin detection is opt-in"
    );
    assert!(of_type(&records, "summary")[0]["spun"].is_null());
}
