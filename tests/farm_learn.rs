//! The farm learner held to a small synthetic farm (issue 25): a seeded spinner table planted in
//! articles cut from three State of the Union addresses, learned back from the spun articles
//! against the honest ones, without any source. A farm this small (40 articles of 120 words)
//! gives little evidence: the bar is a quarter of the pairs applied 8 times or more, at a
//! precision of 3 in 4 for the confident pairs (on farms of 200 articles, BENCHMARKS-history.md, precision is about 0.9).

mod farm_sources;
use copydesk::corpus::Document;
use copydesk::spin::farm::{FarmOptions, learn_farm};
use copydesk::synth::farm::{FarmConfig, build_farm};
use farm_sources::sources;
use std::collections::BTreeMap;

const FUNCTION_WORDS: [&str; 24] = [
    "the", "a", "an", "of", "to", "in", "and", "or", "but", "is", "was", "be", "that", "this",
    "it", "for", "on", "with", "as", "by", "at", "from", "not", "we",
];

#[test]
fn the_planted_pairs_are_learned_and_nothing_silly() {
    let cfg = FarmConfig {
        seed: 3,
        docs: 40,
        honest: 20,
        heldout: 0,
        heldout_honest: 0,
        table_size: 150,
        shares: (0.3, 0.5),
        source_share: 0.0,
        article_words: 120,
    };
    let farm = build_farm(&sources(), &cfg);
    assert!(farm.farm.len() >= 30, "{} farm articles", farm.farm.len());
    let (spun, honest): (Vec<&Document>, Vec<&Document>) =
        farm.corpus.iter().partition(|d| d.id.starts_with("farm-"));
    let spun: Vec<&str> = spun.iter().map(|d| d.text.as_str()).collect();
    let honest: Vec<&str> = honest.iter().map(|d| d.text.as_str()).collect();
    let opts = FarmOptions {
        min_count: 2.0,
        ..FarmOptions::default()
    };
    let learned = learn_farm(&spun, &honest, &opts);
    // planted pairs the farm applied often enough to be seen: (original, replacement) -> times
    let planted: BTreeMap<&(String, String), &usize> =
        farm.applied.iter().filter(|(_, n)| **n >= 8).collect();
    assert!(
        planted.len() >= 10,
        "only {} pairs applied 8 times",
        planted.len()
    );
    let found = planted
        .keys()
        .filter(|(o, s)| learned.iter().any(|p| &p.original == o && &p.spun == s))
        .count();
    let recall = found as f64 / planted.len() as f64;
    assert!(
        recall >= 0.25,
        "recall {recall:.2} of {} planted pairs: {learned:?}",
        planted.len()
    );
    let truth: BTreeMap<&str, &str> = farm
        .table
        .iter()
        .map(|(o, s)| (o.as_str(), s.as_str()))
        .collect();
    // the confident pairs (the weak tier is the restorer's, its precision is low)
    let confident: Vec<_> = learned.iter().filter(|p| !p.weak).collect();
    let right = confident
        .iter()
        .filter(|p| truth.get(p.original.as_str()) == Some(&p.spun.as_str()))
        .count();
    assert!(
        right * 4 >= confident.len() * 3,
        "precision {right}/{}: {confident:?}",
        confident.len()
    );
    // a weak pair takes no word of a confident one (one replacement per word)
    for w in learned.iter().filter(|p| p.weak) {
        assert!(
            !confident
                .iter()
                .any(|c| c.spun == w.spun || c.original == w.original),
            "{w:?}"
        );
    }
    for p in &learned {
        assert_ne!(p.spun, p.original, "identity pair");
        for w in [&p.spun, &p.original] {
            assert!(
                !FUNCTION_WORDS.contains(&w.as_str()),
                "function word pair {p:?}"
            );
        }
        assert!(
            p.score > 0.0 && p.score <= 1.0 && p.count >= opts.min_count,
            "{p:?}"
        );
        assert!(!p.seen.is_empty(), "{p:?}");
    }
}

#[test]
fn an_honest_corpus_teaches_nothing_much() {
    let cfg = FarmConfig {
        seed: 5,
        docs: 0,
        honest: 40,
        heldout: 0,
        heldout_honest: 0,
        table_size: 150,
        article_words: 120,
        ..FarmConfig::default()
    };
    let farm = build_farm(&sources(), &cfg);
    let texts: Vec<&str> = farm.corpus.iter().map(|d| d.text.as_str()).collect();
    let (a, b) = texts.split_at(texts.len() / 2);
    let learned = learn_farm(a, b, &FarmOptions::default());
    let confident: Vec<_> = learned.iter().filter(|p| !p.weak).collect();
    assert!(confident.len() <= 3, "{confident:?}");
    // the weak tier is looser (3 rows here, none confident, when this was written), but still
    // bounded: an honest corpus must not fill it with its own word choices
    assert!(learned.len() <= 6, "{learned:?}");
}

fn copydesk(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn synth_farm_writes_its_files_and_refuses_bad_shares() {
    let dir = std::env::temp_dir().join(format!("copydesk-farm-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let source = format!(
        "{}/tests/data/sotu_1953_harry_s_truman_d.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = dir.join("farm");
    let out_s = out.to_str().unwrap();
    let bad = copydesk(&[
        "synth",
        "--farm",
        "5",
        "--farm-shares",
        "0.6,0.2",
        &source,
        "-o",
        out_s,
    ]);
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("--farm-shares") && stderr.contains("above"),
        "{stderr}"
    );
    assert!(!out.join("corpus.jsonl").exists());
    let ok = copydesk(&[
        "synth",
        "--farm",
        "5",
        "--farm-honest",
        "2",
        "--farm-heldout",
        "1",
        "--farm-table-size",
        "50",
        "--farm-article-words",
        "100",
        &source,
        "-o",
        out_s,
    ]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    for name in [
        "corpus.jsonl",
        "farm-table.tsv",
        "farm-applied.tsv",
        "farm.jsonl",
        "heldout-gold.jsonl",
        "honest-gold.jsonl",
    ] {
        assert!(out.join(name).is_file(), "{name}");
    }
    let table = std::fs::read_to_string(out.join("farm-table.tsv")).unwrap();
    let rows = table.lines().filter(|l| !l.starts_with('#')).count();
    assert!((1..=50).contains(&rows), "{rows} rows");
    let farm = std::fs::read_to_string(out.join("farm.jsonl")).unwrap();
    assert_eq!(farm.lines().count(), 5);
    let _ = std::fs::remove_dir_all(&dir);
}
