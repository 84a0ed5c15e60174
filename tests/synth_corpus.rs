//! The labelled corpus builder: gold offsets point at the right text, and a seed fixes it all.

use copydesk::corpus::Document;
use copydesk::synth::{
    DuplicateKind, GoldRecord, PassageKind, SpinConfig, SpinTable, SynthConfig, build_corpus,
    spinner::spin,
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
            GoldRecord::Duplicate { a, b, kind } => {
                dups += 1;
                let (ta, tb) = (by_id[a.as_str()], by_id[b.as_str()]);
                match kind {
                    DuplicateKind::Exact => assert_eq!(ta, tb),
                    DuplicateKind::Edited => assert_ne!(ta, tb),
                    DuplicateKind::Spun => {
                        assert_eq!(spin(ta, SpinTable::embedded(), &spin_cfg).text, tb)
                    }
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
