//! The labelled corpus builder: gold offsets point at the right text, and a seed fixes it all.

use copydesk::corpus::Document;
use copydesk::synth::{
    DuplicateKind, GoldRecord, PassageKind, SpinConfig, SpinTable, SynthConfig, build_corpus,
    build_corpus_with, spinner::spin,
};
use std::collections::HashMap;

/// Sources: the seed articles in runs of a few lines, so there are enough documents.
fn sources() -> Vec<Document> {
    let mut docs = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
        .expect("seeds/")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("seed text");
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        for (k, chunk) in lines.chunks(4).enumerate() {
            let name = path.file_stem().unwrap().to_string_lossy();
            docs.push(Document::new(format!("{name}-{k}"), chunk.join("\n")));
        }
    }
    assert!(docs.len() >= 30, "{} sources", docs.len());
    docs
}

fn config(seed: u64) -> SynthConfig {
    SynthConfig {
        seed,
        exact_copies: 3,
        edited_copies: 3,
        spun_copies: 3,
        copy_passages: 4,
        spun_passages: 4,
        passage_words: (30, 150),
        boilerplate_lines: 4,
        boilerplate_fraction: 0.4,
        ..SynthConfig::default()
    }
}

#[test]
fn gold_offsets_point_at_the_right_text() {
    let (docs, gold) = build_corpus(&sources(), &config(11));
    let by_id: HashMap<&str, &str> = docs
        .iter()
        .map(|d| (d.id.as_str(), d.text.as_str()))
        .collect();
    assert_eq!(by_id.len(), docs.len(), "ids are unique");
    let spin_cfg = SpinConfig {
        rate: 1.0,
        seed: 11,
    };
    let (mut dups, mut passages, mut spins, mut boiler) = (0, 0, 0, 0);
    for record in &gold.records {
        match record {
            GoldRecord::Duplicate {
                a,
                b,
                kind,
                rate,
                changed,
            } => {
                dups += 1;
                let (ta, tb) = (by_id[a.as_str()], by_id[b.as_str()]);
                match kind {
                    DuplicateKind::Exact => {
                        assert_eq!(ta, tb);
                        assert_eq!((*rate, *changed), (Some(0.0), 0.0));
                    }
                    DuplicateKind::Edited => {
                        assert_ne!(ta, tb);
                        assert_eq!(*rate, Some(0.05));
                        assert!(*changed > 0.0);
                    }
                    DuplicateKind::Spun => {
                        assert_eq!(spin(ta, SpinTable::embedded(), &spin_cfg).text, tb);
                        assert_eq!(*rate, None, "--spin-rate is no share of all words");
                        assert!(*changed > 0.0);
                    }
                    DuplicateKind::Contained => panic!("none asked for"),
                }
            }
            GoldRecord::Passage { a, b, kind } => {
                passages += 1;
                assert_ne!(a.id, b.id);
                let pa = &by_id[a.id.as_str()][a.start..a.end];
                let pb = &by_id[b.id.as_str()][b.start..b.end];
                let words = copydesk::text::word_indices(pa).count();
                assert!((30..=150).contains(&words), "{words} words: {pa}");
                match kind {
                    PassageKind::Copy => assert_eq!(pa, pb),
                    PassageKind::Spun => {
                        assert_ne!(pa, pb);
                        assert_eq!(spin(pa, SpinTable::embedded(), &spin_cfg).text, pb);
                    }
                }
            }
            GoldRecord::Spin { id, spun, source } => {
                spins += 1;
                assert!(by_id.contains_key(id.as_str()));
                assert_eq!(*spun, source.is_some());
            }
            GoldRecord::Boilerplate { text, ids } => {
                boiler += 1;
                assert!(ids.len() >= 2, "{text} in {ids:?}");
                for id in ids {
                    assert!(by_id[id.as_str()].lines().any(|l| l == text));
                }
            }
        }
    }
    assert_eq!(dups, 9);
    assert_eq!(passages, 8);
    assert_eq!(spins, docs.len());
    assert!(boiler >= 1);
}

#[test]
fn same_seed_same_corpus_other_seed_other_corpus() {
    let src = sources();
    let (d1, g1) = build_corpus(&src, &config(5));
    let (d2, g2) = build_corpus(&src, &config(5));
    assert_eq!(d1, d2);
    assert_eq!(g1, g2);
    let (d3, g3) = build_corpus(&src, &config(6));
    assert!(d1 != d3 || g1 != g3);
    let mut a = Vec::new();
    let mut b = Vec::new();
    g1.write_jsonl(&mut a).unwrap();
    g2.write_jsonl(&mut b).unwrap();
    assert_eq!(a, b);
    let first: serde_json::Value =
        serde_json::from_slice(a.split(|&c| c == b'\n').next().unwrap()).unwrap();
    assert!(first["type"].is_string());
}

#[test]
fn gold_lines_have_the_documented_shape() {
    let (_, gold) = build_corpus(&sources(), &config(2));
    let mut out = Vec::new();
    gold.write_jsonl(&mut out).unwrap();
    for line in String::from_utf8(out).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        match v["type"].as_str().unwrap() {
            "duplicate" => {
                assert!(v["a"].is_string() && v["b"].is_string());
                let kind = v["kind"].as_str().unwrap();
                assert!(["exact", "edited", "spun"].contains(&kind));
                let changed = v["changed"].as_f64().expect("changed");
                assert!((0.0..=1.0).contains(&changed));
                assert_eq!(v["rate"].is_number(), kind != "spun", "{v}");
            }
            "passage" => {
                for side in ["a", "b"] {
                    assert!(v[side]["id"].is_string());
                    assert!(v[side]["start"].as_u64() < v[side]["end"].as_u64());
                }
                assert!(["copy", "spun"].contains(&v["kind"].as_str().unwrap()));
            }
            "spin" => {
                assert!(v["id"].is_string() && v["spun"].is_boolean());
                assert_eq!(v["spun"].as_bool().unwrap(), v["source"].is_string());
            }
            "boilerplate" => assert!(v["ids"].is_array()),
            other => panic!("unexpected type {other}"),
        }
    }
}

// Rate sweeps and contained copies.

use copydesk::synth::measure::changed_share;
use copydesk::synth::rng::Rng;

/// Made-up words: `w0`..`w1999`, of which the spinner table below knows the first 1,200 (60 %).
const VOCABULARY: usize = 2000;
const KNOWN: usize = 1200;

fn sweep_table() -> SpinTable {
    let pairs: Vec<(String, String)> = (0..KNOWN)
        .map(|i| (format!("w{i}"), format!("r{i}")))
        .collect();
    SpinTable::from_pairs(pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())))
}

/// `n` sources of `words` words each, drawn uniformly from the vocabulary, in 12-word
/// sentences (each starting with a capital, as a sentence break needs).
fn long_sources(n: usize, words: usize, seed: u64) -> Vec<Document> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|d| {
            let mut text = String::new();
            for i in 0..words {
                let w = if i % 12 == 0 { 'W' } else { 'w' };
                text.push_str(&format!("{w}{}", rng.below(VOCABULARY)));
                text.push_str(if i % 12 == 11 { ". " } else { " " });
            }
            Document::new(format!("src{d:02}"), text.trim_end())
        })
        .collect()
}

fn sweep_config(seed: u64) -> SynthConfig {
    SynthConfig {
        seed,
        exact_copies: 1,
        edited_copies: 0,
        spun_copies: 0,
        copy_passages: 0,
        spun_passages: 0,
        boilerplate_lines: 0,
        edit_rates: vec![0.05, 0.2],
        spin_rates: vec![0.05, 0.2, 0.9],
        per_rate: 2,
        contained_copies: 2,
        ..SynthConfig::default()
    }
}

/// The duplicate records: (a, b, kind, rate, changed).
fn duplicates(gold: &copydesk::synth::Gold) -> Vec<(&str, &str, DuplicateKind, Option<f64>, f64)> {
    gold.records
        .iter()
        .filter_map(|r| match r {
            GoldRecord::Duplicate {
                a,
                b,
                kind,
                rate,
                changed,
            } => Some((a.as_str(), b.as_str(), *kind, *rate, *changed)),
            _ => None,
        })
        .collect()
}

/// The achieved share of changed words is the target within its binomial spread.
///
/// Edits: each of the n = 6,000 origin words is edited with probability r, so the count is
/// Binomial(n, r) and the share's standard deviation is sqrt(r(1 - r)/n) (0.0052 at r = 0.2).
/// The word diff can count less than was done: an insertion right before a deletion reads as
/// one substitution (about (r/3)^2 per word, 0.0044 at 0.2) and a substitution can draw the
/// same word (1/2000 of them). Spins: the 60 % known words are each replaced with probability
/// p = r/0.6, so the count is Binomial(0.6n, p), standard deviation sqrt(0.6 p(1 - p)/n)
/// (0.0047 at 0.2), and the diff is exact (replacements are new words). The tolerance is
/// 4.5 standard deviations plus that bias bound. A spinner rate read the old way (p = r)
/// would give 0.6r, 0.08 off at 0.2, and fail.
#[test]
fn swept_copies_change_the_target_share_of_words() {
    let n = 6000;
    let sources = long_sources(24, n, 1);
    let (docs, gold) = build_corpus_with(&sources, &sweep_config(3), &sweep_table());
    let by_id: HashMap<&str, &str> = docs
        .iter()
        .map(|d| (d.id.as_str(), d.text.as_str()))
        .collect();
    let mut checked = 0;
    for (a, b, kind, rate, changed) in duplicates(&gold) {
        let measured = changed_share(by_id[a], by_id[b]);
        assert!(
            (measured - changed).abs() < 1e-4,
            "gold changed {changed} vs {measured}"
        );
        let (r, n) = (rate.unwrap_or(0.0), n as f64);
        let tolerance = match kind {
            DuplicateKind::Edited => {
                4.5 * (r * (1.0 - r) / n).sqrt() + (r / 3.0).powi(2) + r / 2000.0
            }
            DuplicateKind::Spun if r <= 0.6 => {
                let p = r / 0.6;
                4.5 * (0.6 * p * (1.0 - p) / n).sqrt()
            }
            DuplicateKind::Spun => {
                // 0.9 is out of the table's reach: every known word is replaced, and the gold
                // says how many that was (about 60 %, spread sqrt(0.6 * 0.4 / n) = 0.0063).
                assert_eq!(rate, Some(0.9));
                let known = by_id[a].split_whitespace().filter(|w| {
                    let w = w.trim_end_matches('.');
                    w[1..].parse::<usize>().unwrap() < KNOWN
                });
                assert!((changed - known.count() as f64 / n).abs() < 1e-4);
                assert!((changed - 0.6).abs() < 4.5 * (0.24 / n).sqrt(), "{changed}");
                checked += 1;
                continue;
            }
            DuplicateKind::Exact => 0.0,
            DuplicateKind::Contained => continue,
        };
        assert!(
            (changed - r).abs() <= tolerance,
            "{kind:?} at {r}: changed {changed}, tolerance {tolerance}"
        );
        checked += 1;
    }
    assert_eq!(checked, 1 + 2 * 2 + 3 * 2);
}

#[test]
fn swept_copies_have_distinct_origins_and_their_rates_in_the_gold() {
    let (_, gold) = build_corpus_with(&long_sources(24, 300, 2), &sweep_config(5), &sweep_table());
    let dups = duplicates(&gold);
    let count =
        |k: DuplicateKind, r: Option<f64>| dups.iter().filter(|d| d.2 == k && d.3 == r).count();
    for r in [0.05, 0.2] {
        assert_eq!(count(DuplicateKind::Edited, Some(r)), 2, "edited at {r}");
    }
    for r in [0.05, 0.2, 0.9] {
        assert_eq!(count(DuplicateKind::Spun, Some(r)), 2, "spun at {r}");
    }
    assert_eq!(count(DuplicateKind::Exact, Some(0.0)), 1);
    assert_eq!(count(DuplicateKind::Contained, None), 2);
    let mut origins: Vec<&str> = dups
        .iter()
        .map(|d| {
            if d.2 == DuplicateKind::Contained {
                d.1
            } else {
                d.0
            }
        })
        .collect();
    origins.sort();
    origins.dedup();
    assert_eq!(origins.len(), dups.len(), "one origin per copy: {dups:?}");

    // With more copies than sources, origins are reused.
    let cfg = SynthConfig {
        per_rate: 10,
        contained_copies: 0,
        ..sweep_config(5)
    };
    let (docs, gold) = build_corpus_with(&long_sources(6, 300, 2), &cfg, &sweep_table());
    let dups = duplicates(&gold);
    let count =
        |k: DuplicateKind, r: f64| dups.iter().filter(|d| d.2 == k && d.3 == Some(r)).count();
    for r in [0.05, 0.2] {
        assert_eq!(count(DuplicateKind::Edited, r), 10, "edited at {r}");
        assert_eq!(count(DuplicateKind::Spun, r), 10, "spun at {r}");
    }
    // At 0.9 a short origin's every eligible word is spun: spinning it again would give the
    // same text, and such a twin is not made (issue 24). No two spun copies are identical.
    let at_09 = count(DuplicateKind::Spun, 0.9);
    assert!((1..10).contains(&at_09), "spun at 0.9: {at_09}");
    let text = |id: &str| docs.iter().find(|d| d.id == id).unwrap().text.clone();
    let mut spun: Vec<String> = dups
        .iter()
        .filter(|d| d.2 == DuplicateKind::Spun)
        .map(|d| text(d.1))
        .collect();
    let made = spun.len();
    spun.sort();
    spun.dedup();
    assert_eq!(spun.len(), made, "byte-identical spun copies");
}

#[test]
fn contained_copies_hold_their_origin_in_a_frame_found_nowhere_else() {
    let sources = long_sources(24, 300, 4);
    let cfg = SynthConfig {
        contained_copies: 4,
        ..sweep_config(7)
    };
    let (docs, gold) = build_corpus_with(&sources, &cfg, &sweep_table());
    let by_id: HashMap<&str, &str> = docs
        .iter()
        .map(|d| (d.id.as_str(), d.text.as_str()))
        .collect();
    let source_ids: Vec<&str> = sources.iter().map(|d| d.id.as_str()).collect();
    let mut contained = 0;
    for (a, b, kind, _, changed) in duplicates(&gold) {
        if kind != DuplicateKind::Contained {
            continue;
        }
        contained += 1;
        assert!(
            a.starts_with("synth-") && source_ids.contains(&b),
            "a is the container: {a} {b}"
        );
        let (container, origin) = (by_id[a], by_id[b]);
        let at = container
            .find(origin)
            .expect("the origin is a substring of the container");
        let (head, tail) = (&container[..at], &container[at + origin.len()..]);
        assert!(!head.trim().is_empty() && !tail.trim().is_empty());
        // Frame 0.5x-2x the origin's 300 words (whole sentences of 12 words may add up to 2
        // x 11 more): changed = frame / (frame + 300).
        let frame = changed * (300.0 / (1.0 - changed));
        assert!(
            (150.0 - 1.0..=600.0 + 23.0).contains(&frame),
            "frame {frame} words"
        );
        for piece in [head, tail] {
            let sentence = piece
                .split(". ")
                .find(|s| s.split_whitespace().count() >= 11)
                .expect("a sentence");
            let holders = docs.iter().filter(|d| d.text.contains(sentence)).count();
            assert_eq!(holders, 1, "{sentence} is in {holders} documents");
        }
    }
    assert_eq!(contained, 4);
    // The filler sources are left out: they are not in the corpus nor in the spin records.
    let spins = gold
        .records
        .iter()
        .filter(|r| matches!(r, GoldRecord::Spin { .. }))
        .count();
    assert_eq!(spins, docs.len());
    let out_sources = docs
        .iter()
        .filter(|d| source_ids.contains(&d.id.as_str()))
        .count();
    assert!(
        out_sources < sources.len(),
        "no source was set aside as filler"
    );
}

#[test]
fn sweeps_are_deterministic_under_the_seed() {
    let sources = long_sources(24, 300, 6);
    let bytes = |seed| {
        let (docs, gold) = build_corpus_with(&sources, &sweep_config(seed), &sweep_table());
        let mut out = Vec::new();
        copydesk::synth::write_documents_jsonl(&docs, &mut out).unwrap();
        gold.write_jsonl(&mut out).unwrap();
        out
    };
    assert_eq!(bytes(11), bytes(11));
    assert_ne!(bytes(11), bytes(12));
}
