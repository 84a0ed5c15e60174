//! Restoring a farm's articles with its spinner's table (issue 25), the true table in place of
//! the learner (the oracle): a seeded spinner planted in articles cut from three State of the
//! Union addresses, the true pairs given the numbers the farm shows (how often each was
//! applied, over the spun word's occurrences and over its original's), and held-out articles
//! restored by the noisy-channel decoder alone (`LearnedTable::restore`; `unspin` and `scan`
//! run it only in a text the engine judges spun, which short articles often are not). On the
//! 200-article farm of BENCHMARKS-history.md the same oracle restores 0.855 through `unspin`
//! (0.801 before spun forms shared by several originals and rescoring with restored
//! neighbours); here the decoder alone restores about 0.93 and the bar is 0.85. Honest
//! held-out articles, through `analyze_with`, must stay nearly untouched (none of 1,522 words
//! here, 3 when the true table's pairs the farm never applied kept the score 1 the oracle
//! writes for them; 0.03 per 1,000 on the benchmark).

mod farm_sources;
use copydesk::eval::wer::{word_distance, words};
use copydesk::spin::farm_restore::{LearnedPair, LearnedTable, analyze_with};
use copydesk::spin::{Unspinner, UnspinnerBuilder, apply_edits};
use copydesk::synth::farm::{Farm, FarmConfig, build_farm};
use farm_sources::sources;
use std::collections::HashMap;

fn farm() -> Farm {
    let cfg = FarmConfig {
        seed: 5,
        docs: 24,
        honest: 0,
        heldout: 8,
        heldout_honest: 6,
        table_size: 400,
        shares: (0.2, 0.5),
        source_share: 0.0,
        article_words: 250,
    };
    build_farm(&sources(), &cfg)
}

/// The true table with the farm's numbers, as `bench/farm/oracle_table.py` writes it.
fn oracle(farm: &Farm) -> Vec<LearnedPair> {
    let mut counts: HashMap<String, f64> = HashMap::new();
    for d in farm.corpus.iter().filter(|d| d.id.starts_with("farm-")) {
        for w in words(&d.text) {
            *counts.entry(w.to_lowercase()).or_default() += 1.0;
        }
    }
    let count = |w: &str| counts.get(w).copied().unwrap_or(0.0);
    farm.table
        .iter()
        .map(|(o, s)| {
            let n = farm
                .applied
                .get(&(o.clone(), s.clone()))
                .copied()
                .unwrap_or(0) as f64;
            LearnedPair {
                spun: s.clone(),
                original: o.clone(),
                count: n,
                score: if count(s) > 0.0 {
                    (n / count(s)).min(1.0)
                } else {
                    1.0
                },
                rate: if n + count(o) > 0.0 {
                    n / (n + count(o))
                } else {
                    0.5
                },
            }
        })
        .collect()
}

/// Word errors against the original before and after restoring each text: through
/// `analyze_with` (the engine's verdict first) with an unspinner, else by the decoder alone.
fn errors(
    unspinner: Option<&Unspinner>,
    table: &LearnedTable,
    items: &[(&str, &str)],
) -> (usize, usize) {
    let (mut before, mut after) = (0, 0);
    for (original, spun) in items {
        let edits = match unspinner {
            Some(unspinner) => analyze_with(unspinner, spun, table).edits,
            None => table.restore(spun).edits,
        };
        let restored = apply_edits(spun, &edits);
        let reference = words(original);
        before += word_distance(&reference, &words(spun));
        after += word_distance(&reference, &words(&restored));
    }
    (before, after)
}

#[test]
fn the_true_table_restores_the_held_out_articles_and_leaves_honest_ones() {
    let farm = farm();
    assert!(farm.heldout.len() >= 6, "{} held out", farm.heldout.len());
    let table = LearnedTable::new(&oracle(&farm));
    let unspinner = UnspinnerBuilder::new().build();
    let spun: Vec<(&str, &str)> = farm
        .heldout
        .iter()
        .map(|h| (h.original.as_str(), h.spun.as_str()))
        .collect();
    let (before, after) = errors(None, &table, &spun);
    assert!(before > 200, "only {before} spun words");
    let restoration = 1.0 - after as f64 / before as f64;
    assert!(
        restoration >= 0.85,
        "restoration {restoration:.3} ({before} -> {after} word errors)"
    );
    let honest: Vec<(&str, &str)> = farm
        .heldout_honest
        .iter()
        .map(|h| (h.original.as_str(), h.original.as_str()))
        .collect();
    let words_total: usize = honest.iter().map(|h| words(h.0).len()).sum();
    let (_, changed) = errors(Some(&unspinner), &table, &honest);
    assert!(
        // the engine's own signature edits stay in a text it judges spun: a word or two here
        changed <= 2,
        "{changed} honest words changed of {words_total}"
    );
}

#[test]
fn a_spun_document_gets_a_high_rate_and_an_honest_one_a_low_one() {
    let farm = farm();
    let table = LearnedTable::new(&oracle(&farm));
    let spun_rates: Vec<f64> = farm
        .heldout
        .iter()
        .map(|h| table.restore(&h.spun).rate)
        .collect();
    let honest_rates: Vec<f64> = farm
        .heldout_honest
        .iter()
        .map(|h| table.restore(&h.original).rate)
        .collect();
    let lowest_spun = spun_rates.iter().copied().fold(1.0, f64::min);
    let highest_honest = honest_rates.iter().copied().fold(0.0, f64::max);
    assert!(
        lowest_spun > 2.0 * highest_honest,
        "spun {spun_rates:?} honest {honest_rates:?}"
    );
}

/// `copydesk ARGS`: (exit code, stdout).
fn copydesk(args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// The `edit_count` of the one `spin` record of a `scan --json`.
fn scan_edit_count(stdout: &str) -> u64 {
    stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|r| r["type"] == "spin")
        .and_then(|r| r["edit_count"].as_u64())
        .unwrap()
}

#[test]
fn scan_spin_restores_with_a_learned_table_as_unspin_does() {
    let dir = std::env::temp_dir().join(format!("copydesk-scan-table-{}", std::process::id()));
    let corpus = dir.join("in");
    std::fs::create_dir_all(&corpus).unwrap();
    let seed = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("003"))
        .unwrap();
    let text = corpus.join("a.txt");
    std::fs::copy(&seed, &text).unwrap();
    let table = dir.join("table.tsv");
    std::fs::write(
        &table,
        "# learned\nlegislation\tlaw\t40\t0.9\t0.8\tfarm-1\n",
    )
    .unwrap();
    let (t, c) = (table.to_str().unwrap(), corpus.to_str().unwrap());
    let (code, with) = copydesk(&["scan", "-q", "--spin", "--json", "--dictionary", t, c]);
    assert_eq!(code, 0);
    let (_, without) = copydesk(&["scan", "-q", "--spin", "--json", c]);
    let (_, unspun) = copydesk(&[
        "unspin",
        "-q",
        "--json",
        "--dictionary",
        t,
        text.to_str().unwrap(),
    ]);
    let unspin_edits = unspun
        .lines()
        .filter(|l| l.contains("\"type\":\"edit\""))
        .count() as u64;
    assert_eq!(scan_edit_count(&with), unspin_edits);
    assert_ne!(scan_edit_count(&with), scan_edit_count(&without));
    // the table restores only with --spin
    let (code, _) = copydesk(&["scan", "-q", "--dictionary", t, c]);
    assert_eq!(code, 2);
    std::fs::remove_dir_all(&dir).unwrap();
}
