//! Spun copies: a synonym-spun copy (made with `copydesk::synth`'s spinner) is paired with its
//! source with kind "spun" and offsets covering the spun text; honest texts written with the
//! same function words and vocabulary are not paired.

use super::common::{Rng, of_type, scan_json, vocabulary};
use copydesk::synth::{SpinConfig, SpinTable, spin};
use serde_json::Value;

const FUNCTION: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "that", "is", "was", "for", "on", "with", "as", "by",
    "at", "from", "it", "we", "they", "this", "but", "or", "which", "will", "be", "have", "not",
];

/// English-like text: sentences of content words from `vocab` and function words, in a
/// rhythm like prose (a function word every one to three words).
fn prose(rng: &mut Rng, vocab: &[String], words: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    while n < words {
        let len = 8 + rng.below(12);
        let mut sentence: Vec<String> = Vec::new();
        while sentence.len() < len {
            sentence.push(FUNCTION[rng.below(FUNCTION.len())].to_string());
            for _ in 0..1 + rng.below(3) {
                sentence.push(vocab[rng.below(vocab.len())].clone());
            }
        }
        n += sentence.len();
        let mut s = sentence.join(" ");
        s[..1].make_ascii_uppercase();
        out.push_str(&s);
        out.push_str(". ");
    }
    out.trim_end().to_string()
}

/// A spinner table replacing 80% of the vocabulary by made-up synonyms.
fn table(vocab: &[String]) -> SpinTable {
    let synonyms: Vec<(String, String)> = vocab
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 5 != 0)
        .map(|(_, w)| (w.clone(), format!("{w}x")))
        .collect();
    SpinTable::from_pairs(synonyms.iter().map(|(w, r)| (w.as_str(), r.as_str())))
}

fn spun(text: &str, vocab: &[String]) -> String {
    spin(text, &table(vocab), &SpinConfig::default()).text
}

fn side(r: &Value, key: &str) -> (String, usize, usize) {
    let s = &r[key];
    (
        s["id"].as_str().unwrap().to_string(),
        s["start"].as_u64().unwrap() as usize,
        s["end"].as_u64().unwrap() as usize,
    )
}

#[test]
fn spun_copy_and_spun_passage_are_paired_with_their_sources() {
    let dir = tempfile::tempdir().unwrap();
    let vocab = vocabulary(3000);
    let mut rng = Rng(11);
    let source = prose(&mut rng, &vocab, 600);
    let copy = spun(&source, &vocab);
    let donor = prose(&mut rng, &vocab, 500);
    let passage = prose(&mut rng, &vocab, 80);
    let donor = format!("{donor} {passage}");
    let head = prose(&mut rng, &vocab, 300);
    let tail = prose(&mut rng, &vocab, 300);
    let spun_passage = spun(&passage, &vocab);
    let host = format!("{head} {spun_passage} {tail}");
    let host_span = head.len() + 1..head.len() + 1 + spun_passage.len();
    let donor_span = donor.len() - passage.len()..donor.len();
    for (name, text) in [
        ("a_source.txt", &source),
        ("b_copy.txt", &copy),
        ("c_donor.txt", &donor),
        ("d_host.txt", &host),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let (records, out) = scan_json(&["--no-spin", dir.path().to_str().unwrap()]);
    assert!(out.status.success());

    let dups = of_type(&records, "duplicate");
    assert_eq!(dups.len(), 1, "{dups:?}");
    assert_eq!(
        (&dups[0]["a"], &dups[0]["b"], &dups[0]["kind"]),
        (&"a_source.txt".into(), &"b_copy.txt".into(), &"spun".into())
    );
    assert!(
        dups[0]["containment"].as_f64().unwrap() > 0.9,
        "{}",
        dups[0]
    );

    let passages = of_type(&records, "passage");
    assert_eq!(passages.len(), 2, "{passages:?}");
    assert!(passages.iter().all(|p| p["kind"] == "spun"));
    // the whole copy, from its first word to its last (the final full stop is not a word)
    let (a, b) = (side(passages[0], "a"), side(passages[0], "b"));
    assert_eq!(a, ("a_source.txt".to_string(), 0, source.len() - 1));
    assert_eq!(b, ("b_copy.txt".to_string(), 0, copy.len() - 1));
    // the spun passage, within a sentence of the inserted text on both sides
    let (a, b) = (side(passages[1], "a"), side(passages[1], "b"));
    assert_eq!((a.0.as_str(), b.0.as_str()), ("c_donor.txt", "d_host.txt"));
    let near = |got: (usize, usize), want: &std::ops::Range<usize>| {
        got.0.abs_diff(want.start) < 40 && got.1.abs_diff(want.end) < 40
    };
    assert!(near((a.1, a.2), &donor_span), "{a:?} vs {donor_span:?}");
    assert!(near((b.1, b.2), &host_span), "{b:?} vs {host_span:?}");
    assert!(passages[1]["immutables"].as_u64().unwrap() >= 15);

    // spun records are as deterministic as the rest
    let run = |threads: &str| {
        super::common::copydesk()
            .args(["scan", "--json", "--no-spin", "--threads", threads])
            .arg(dir.path())
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run("1"), run("3"));
}

#[test]
fn honest_texts_and_plain_copies_are_not_spun() {
    let dir = tempfile::tempdir().unwrap();
    let vocab = vocabulary(3000);
    let mut rng = Rng(5);
    let first = prose(&mut rng, &vocab, 800);
    for (i, text) in [
        first.clone(),
        prose(&mut rng, &vocab, 800),
        prose(&mut rng, &vocab, 800),
        first, // an exact copy is a copy, not a spun copy
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(dir.path().join(format!("{i}.txt")), text).unwrap();
    }
    let (records, out) = scan_json(&["--no-spin", dir.path().to_str().unwrap()]);
    assert!(out.status.success());
    let kinds: Vec<&Value> = records
        .iter()
        .filter(|r| r["type"] == "duplicate" || r["type"] == "passage")
        .map(|r| &r["kind"])
        .collect();
    assert!(!kinds.is_empty(), "the exact copy is found");
    assert!(kinds.iter().all(|k| *k == "copy"), "{records:?}");
}

#[test]
fn the_spun_seed_has_no_source_in_seeds() {
    // seeds/003 is a real spun copy of a news report that is not in seeds/
    let seeds = super::common::seeds_dir();
    let (records, out) = scan_json(&["--no-spin", seeds.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(!records.is_empty());
    assert!(records.iter().all(|r| r["kind"] != "spun"), "{records:?}");
}

#[test]
fn a_source_with_many_copies_is_still_paired_with_its_spun_copy() {
    // 15 copies of one text hold its immutables in more documents than `common_docs` (10):
    // without indexing one member per copy cluster, all its fingerprints would be set aside
    // as common and the spun copy would go unpaired.
    let dir = tempfile::tempdir().unwrap();
    let vocab = vocabulary(3000);
    let mut rng = Rng(23);
    let source = prose(&mut rng, &vocab, 600);
    for i in 0..15 {
        std::fs::write(dir.path().join(format!("a{i:02}.txt")), &source).unwrap();
    }
    std::fs::write(dir.path().join("b_spun.txt"), spun(&source, &vocab)).unwrap();
    let (records, out) = scan_json(&["--no-spin", dir.path().to_str().unwrap()]);
    assert!(out.status.success());
    let spun_pairs: Vec<(&str, &str)> = of_type(&records, "duplicate")
        .iter()
        .filter(|d| d["kind"] == "spun")
        .map(|d| (d["a"].as_str().unwrap(), d["b"].as_str().unwrap()))
        .collect();
    // the cluster's first member, and through it every other copy, is paired with the spun copy
    let want: Vec<String> = (0..15).map(|i| format!("a{i:02}.txt")).collect();
    let got: Vec<&str> = spun_pairs.iter().map(|p| p.0).collect();
    assert_eq!(got, want, "{spun_pairs:?}");
    assert!(spun_pairs.iter().all(|p| p.1 == "b_spun.txt"));
    let clusters = of_type(&records, "cluster");
    assert_eq!(clusters.len(), 1);
    assert_eq!(clusters[0]["members"].as_array().unwrap().len(), 15);
}

#[test]
fn html_report_restores_a_spun_copy_from_its_source_and_links_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let vocab = vocabulary(3000);
    let mut rng = Rng(11);
    let source = prose(&mut rng, &vocab, 600);
    let copy = spun(&source, &vocab);
    std::fs::write(corpus.join("a_source.txt"), &source).unwrap();
    std::fs::write(corpus.join("b_copy.txt"), &copy).unwrap();
    let report = dir.path().join("report.html");
    let out = super::common::copydesk()
        .args(["scan", "--no-spin", "--html"])
        .arg(&report)
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = std::fs::read_to_string(&report).unwrap();
    // which side is the copy is read off the spin scores, which mean nothing on made-up words:
    // exactly one side is shown as spun, restored from the other
    let sections: Vec<&str> = html
        .split("<article class=\"spun\" id=\"spun-")
        .skip(1)
        .collect();
    assert_eq!(sections.len(), 1, "one spun document");
    let (copy, other, other_text) = match &sections[0][..1] {
        "0" => (0, 1, &copy),
        _ => (1, 0, &source),
    };
    let article = sections[0].split("</article>").next().unwrap();
    let names = ["a_source.txt", "b_copy.txt"];
    assert!(
        article.contains(&format!(
            "read off its source, word by word; spun from <a class=\"doc\" href=\"#doc-{other}\">{}</a> (<a href=\"#passage-1\">passage 1</a>)",
            names[other]
        )),
        "{} {article}", names[copy]
    );
    // the restorations are the other side's wording
    let restored: Vec<&str> = article
        .match_indices("<ins>")
        .map(|(at, _)| {
            let rest = &article[at + 5..];
            &rest[..rest.find("</ins>").unwrap()]
        })
        .collect();
    assert!(restored.len() > 50, "{} restorations", restored.len());
    assert!(restored.iter().all(|w| other_text.contains(w)));
    assert!(article.contains("aligned with the source"));
}
