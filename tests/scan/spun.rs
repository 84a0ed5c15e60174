//! Spun copies: a synonym-spun copy of a real text (made with `copydesk::synth`'s spinner, with
//! its Moby table and with a WordNet-based one) is a copy of kind "spun", named against its
//! source, source first; a spun passage inside another text is a spun passage; honest texts,
//! exact and edited copies are never called spun.

use super::common::{Rng, duplicate_kinds, of_type, scan_json};
use copydesk::synth::{SpinConfig, SpinTable, spin};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

const SOURCES: [&str; 3] = [
    "sotu_1941_franklin_d_roosevelt_d.txt",
    "sotu_1953_harry_s_truman_d.txt",
    "sotu_1962_john_f_kennedy_d.txt",
];

/// The evaluation spinner's two tables: Moby (the default) and MyThes (WordNet 3.0).
fn tables() -> Vec<(&'static str, SpinTable)> {
    let mythes = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/spinner/mythes_spinner.tsv");
    vec![
        ("moby", SpinTable::embedded().clone()),
        ("mythes", SpinTable::from_path(&mythes).unwrap()),
    ]
}

fn spun(text: &str, table: &SpinTable, rate: f64) -> String {
    spin(text, table, &SpinConfig { rate, seed: 7 }).text
}

/// `text` with about `rate` of its words replaced by other words of the text, deleted, or
/// followed by one (an editor's changes, not a spinner's).
fn edited(text: &str, rate: f64, seed: u64) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let mut rng = Rng(seed);
    let mut out: Vec<&str> = Vec::new();
    for &w in &words {
        if rng.below(1000) >= (rate * 1000.0) as usize {
            out.push(w);
            continue;
        }
        match rng.below(3) {
            0 => out.push(words[rng.below(words.len())]),
            1 => {}
            _ => {
                out.push(w);
                out.push(words[rng.below(words.len())]);
            }
        }
    }
    out.join(" ")
}

fn corpus(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn duplicates(dir: &Path) -> Vec<Value> {
    let (records, out) = scan_json(&["--no-spin", dir.to_str().unwrap()]);
    assert!(out.status.success());
    of_type(&records, "duplicate")
        .into_iter()
        .cloned()
        .collect()
}

#[test]
fn spun_copies_are_copies_named_source_first_at_every_rate() {
    for (name, table) in tables() {
        for rate in [0.15, 0.4, 1.0] {
            let source = data(SOURCES[0]);
            let copy = spun(&source, &table, rate);
            // the copy first in corpus order, so that the direction is not the order's
            let dir = corpus(&[
                ("a_copy.txt", &copy),
                ("b_source.txt", &source),
                ("c_other.txt", &data(SOURCES[1])),
            ]);
            let dups = duplicates(dir.path());
            assert_eq!(dups.len(), 1, "{name} {rate}: {dups:?}");
            let d = &dups[0];
            assert_eq!(
                (&d["kind"], &d["a"], &d["b"]),
                (&"spun".into(), &"b_source.txt".into(), &"a_copy.txt".into()),
                "{name} {rate}: {d}"
            );
            assert!(
                d["coverage_a"].as_f64().unwrap() > 0.95,
                "{name} {rate}: {d}"
            );
            let evidence = d["evidence"].as_array().unwrap();
            assert!(!evidence.is_empty(), "{d}");
            for e in evidence {
                // the evidence reads source -> copy: the original is in the source's words
                let original = e["original"].as_str().unwrap();
                let lower = source.to_lowercase();
                assert!(
                    original.split(' ').all(|w| lower.contains(w)),
                    "{name} {rate}: {e}"
                );
            }
            assert!(d["confidence"].as_f64().unwrap() >= 0.5);
        }
    }
}

#[test]
fn a_spun_passage_is_a_spun_passage_not_a_copy() {
    let (donor, host_text) = (data(SOURCES[1]), data(SOURCES[2]));
    // two sentences of the donor, spun, inserted into the host at a sentence start
    let start = donor.find(". ").unwrap() + 2;
    let end = start + donor[start..].match_indices(". ").nth(3).unwrap().0 + 1;
    let passage = spun(&donor[start..end], SpinTable::embedded(), 1.0);
    let at = host_text.find(". ").unwrap() + 2;
    let host = format!("{}{passage} {}", &host_text[..at], &host_text[at..]);
    let dir = corpus(&[("c_donor.txt", &donor), ("d_host.txt", &host)]);
    let (records, out) = scan_json(&["--no-spin", dir.path().to_str().unwrap()]);
    assert!(out.status.success());
    assert!(of_type(&records, "duplicate").is_empty(), "{records:?}");
    let passages = of_type(&records, "passage");
    assert_eq!(passages.len(), 1, "{passages:?}");
    let p = passages[0];
    assert_eq!(p["kind"], "spun");
    let near = |got: &Value, want: std::ops::Range<usize>| {
        let (s, e) = (got["start"].as_u64().unwrap(), got["end"].as_u64().unwrap());
        (s as usize).abs_diff(want.start) < 60 && (e as usize).abs_diff(want.end) < 60
    };
    assert!(near(&p["a"], start..end), "{p}");
    assert!(near(&p["b"], at..at + passage.len()), "{p}");
}

#[test]
fn honest_texts_exact_and_edited_copies_are_not_spun() {
    let texts: Vec<String> = SOURCES.iter().map(|s| data(s)).collect();
    let dir = corpus(&[
        ("0.txt", &texts[0]),
        ("1.txt", &texts[1]),
        ("2.txt", &texts[2]),
        ("3_exact.txt", &texts[0]),
        ("4_edited.txt", &edited(&texts[1], 0.1, 3)),
        ("5_edited.txt", &edited(&texts[2], 0.3, 4)),
    ]);
    let (records, out) = scan_json(&["--no-spin", dir.path().to_str().unwrap()]);
    assert!(out.status.success());
    let kinds: Vec<(&str, &str, &str)> = duplicate_kinds(&records);
    assert_eq!(
        kinds,
        [
            ("0.txt", "3_exact.txt", "exact"),
            ("1.txt", "4_edited.txt", "near"),
            ("2.txt", "5_edited.txt", "near"),
        ],
        "{records:?}"
    );
    assert!(records.iter().all(|r| r["kind"] != "spun"), "{records:?}");
}

#[test]
fn the_spun_seed_has_no_source_in_seeds() {
    // seeds/003 is a real spun copy of a news report that is not in seeds/
    let seeds = super::common::seeds_dir();
    let (records, out) = scan_json(&["--no-spin", seeds.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(!records.is_empty());
    assert!(records.iter().all(|r| r["kind"] != "spun"), "{records:?}");
    assert!(of_type(&records, "duplicate").is_empty(), "{records:?}");
}

#[test]
fn a_source_with_many_copies_is_named_once_and_kept() {
    // 15 copies of one text hold its immutables in more documents than `common_docs` (10):
    // only one member per copy cluster is indexed, so the spun copy is still paired; it is
    // named once, against that member, and the cluster keeps a source, never the spun copy
    let source = data(SOURCES[0]);
    let copy = spun(&source, SpinTable::embedded(), 1.0);
    let mut files: Vec<(String, String)> = (0..15)
        .map(|i| (format!("b{i:02}.txt"), source.clone()))
        .collect();
    files.insert(0, ("a_spun.txt".to_string(), copy));
    let named: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let dir = corpus(&named);
    let (records, out) = scan_json(&["--no-spin", dir.path().to_str().unwrap()]);
    assert!(out.status.success());
    let spun_pairs: Vec<(&str, &str)> = of_type(&records, "duplicate")
        .iter()
        .filter(|d| d["kind"] == "spun")
        .map(|d| (d["a"].as_str().unwrap(), d["b"].as_str().unwrap()))
        .collect();
    assert_eq!(spun_pairs, [("b00.txt", "a_spun.txt")]);
    let clusters = of_type(&records, "cluster");
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0]["members"].as_array().unwrap().len(), 16);
    assert_eq!(clusters[0]["keep"], "b00.txt");
}

#[test]
fn html_report_restores_a_spun_copy_from_its_source_and_links_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let corpus_dir: PathBuf = dir.path().join("corpus");
    std::fs::create_dir(&corpus_dir).unwrap();
    let source = data(SOURCES[2]);
    let copy = spun(&source, SpinTable::embedded(), 1.0);
    std::fs::write(corpus_dir.join("a_copy.txt"), &copy).unwrap();
    std::fs::write(corpus_dir.join("b_source.txt"), &source).unwrap();
    let report = dir.path().join("report.html");
    let out = super::common::copydesk()
        .args(["scan", "--no-spin", "--html"])
        .arg(&report)
        .arg(&corpus_dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("<th>source</th><th>spun copy</th>"), "labels");
    let sections: Vec<&str> = html
        .split("<article class=\"spun\" id=\"spun-")
        .skip(1)
        .collect();
    assert_eq!(sections.len(), 1, "one spun document");
    assert!(sections[0].starts_with("0\""), "the copy, document 0");
    let article = sections[0].split("</article>").next().unwrap();
    assert!(
        article.contains(
            "read off its source, word by word; spun from its source <a class=\"doc\" href=\"#doc-1\">b_source.txt</a>"
        ),
        "{article}"
    );
    // the restorations are the source's wording
    let restored: Vec<&str> = article
        .match_indices("<ins title=\"")
        .map(|(at, _)| {
            let rest = &article[at..];
            &rest[rest.find("\">").unwrap() + 2..rest.find("</ins>").unwrap()]
        })
        .collect();
    assert!(restored.len() > 50, "{} restorations", restored.len());
    assert!(restored.iter().all(|w| source.contains(w)));
    assert!(article.contains("aligned with the source"));
}
