//! The fast paths against naive reference implementations "so simple they are unlikely to be
//! wrong": brute-force Jaccard over all pairs, brute-force longest common word runs, and a
//! brute-force copy verdict (every pair aligned by a full longest-common-subsequence table).

use super::common::{Rng, vocabulary};
use copydesk::corpus::Document;
use copydesk::scan::{ScanConfig, scan};
use proptest::prelude::*;
use std::collections::HashSet;

/// Lower-cased words, split on anything that is not alphanumeric (the test corpora are ASCII).
fn naive_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

fn naive_shingles(text: &str, k: usize) -> HashSet<Vec<String>> {
    let words = naive_words(text);
    if words.len() < k {
        return if words.is_empty() {
            HashSet::new()
        } else {
            [words].into_iter().collect()
        };
    }
    words.windows(k).map(|w| w.to_vec()).collect()
}

fn naive_jaccard(a: &str, b: &str) -> f64 {
    let (sa, sb) = (naive_shingles(a, 5), naive_shingles(b, 5));
    if sa.is_empty() || sb.is_empty() {
        return 0.0;
    }
    let shared = sa.intersection(&sb).count() as f64;
    shared / sa.union(&sb).count() as f64
}

/// Every maximal run of equal words shared by `a` and `b` with at least `min` words:
/// (start in a, start in b, length). Plain O(n·m) dynamic programming.
fn naive_common_runs(a: &[String], b: &[String], min: usize) -> Vec<(usize, usize, usize)> {
    let mut runs = Vec::new();
    let mut prev = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        let mut cur = vec![0usize; b.len() + 1];
        for j in 1..=b.len() {
            if a[i - 1] == b[j - 1] {
                cur[j] = prev[j - 1] + 1;
            }
        }
        for j in 1..=b.len() {
            let len = cur[j];
            let ends_here = i == a.len() || j == b.len() || a[i] != b[j];
            if len >= min && ends_here {
                runs.push((i - len, j - len, len));
            }
        }
        prev = cur;
    }
    runs
}

/// Length of the longest common subsequence of two word lists (O(n·m) table).
fn naive_lcs(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    for x in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Words in a run shared by a brute-force alignment: the shortest run that counts.
const NAIVE_RUN_WORDS: usize = 8;

/// The share of the shorter document's words that lie in runs of at least
/// [`NAIVE_RUN_WORDS`] equal words shared with the other: a brute-force alignment of the whole
/// pair (every common run found by the full table), without sketches, seeds or chains.
fn naive_aligned_share(a: &[String], b: &[String]) -> f64 {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return 0.0;
    }
    let mut covered = vec![false; short.len()];
    for (start, _, len) in naive_common_runs(short, long, NAIVE_RUN_WORDS) {
        covered[start..start + len]
            .iter_mut()
            .for_each(|c| *c = true);
    }
    covered.iter().filter(|&&c| c).count() as f64 / short.len() as f64
}

/// A corpus of random texts with planted near-copies and shared passages (with edits).
fn planted_corpus(seed: u64, docs: usize) -> Vec<Document> {
    let vocab = vocabulary(3000);
    let mut rng = Rng(seed);
    let mut texts: Vec<Vec<String>> = (0..docs)
        .map(|_| {
            let n = 40 + rng.below(300);
            (0..n)
                .map(|_| vocab[rng.below(vocab.len())].clone())
                .collect()
        })
        .collect();
    for d in 1..docs {
        match rng.below(4) {
            0 => {
                // near copy of an earlier document with a few edits
                let src = rng.below(d);
                let mut copy = texts[src].clone();
                for _ in 0..rng.below(1 + copy.len() / 15) {
                    let at = rng.below(copy.len());
                    copy[at] = vocab[rng.below(vocab.len())].clone();
                }
                texts[d] = copy;
            }
            1 => {
                // a passage of an earlier document inserted, with one edit
                let src = rng.below(d);
                let len = (20 + rng.below(60)).min(texts[src].len());
                let from = rng.below(texts[src].len() - len + 1);
                let mut passage = texts[src][from..from + len].to_vec();
                let edit = rng.below(passage.len());
                passage[edit] = "edited".into();
                let at = rng.below(texts[d].len() + 1);
                texts[d].splice(at..at, passage);
            }
            _ => {}
        }
    }
    texts
        .into_iter()
        .enumerate()
        .map(|(i, words)| {
            let mut text = String::new();
            for (n, w) in words.iter().enumerate() {
                text.push_str(w);
                text.push_str(if n % 13 == 12 { ". " } else { " " });
            }
            Document::new(format!("doc{i:03}"), text)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Every reported duplicate carries the exact Jaccard, and every pair clearly above the
    /// threshold is reported.
    #[test]
    fn duplicates_agree_with_brute_force_jaccard(seed in any::<u64>(), n in 5usize..30) {
        let docs = planted_corpus(seed, n);
        let cfg = ScanConfig::default();
        let result = scan(&docs, &cfg);
        let reported: HashSet<(u32, u32)> = result.duplicates.iter().map(|d| d.pair()).collect();
        for d in &result.duplicates {
            let exact = naive_jaccard(&docs[d.a as usize].text, &docs[d.b as usize].text);
            prop_assert!((d.jaccard - exact).abs() < 1e-9, "pair {:?}: {} vs {}", (d.a, d.b), d.jaccard, exact);
        }
        for a in 0..docs.len() {
            for b in a + 1..docs.len() {
                let exact = naive_jaccard(&docs[a].text, &docs[b].text);
                // LSH alone (26 bands of 4 rows at t=0.5) misses a pair at J >= 0.85 with probability
                // below 1e-8; pairs sharing a passage are verified as well
                if exact >= 0.85 {
                    prop_assert!(reported.contains(&(a as u32, b as u32)), "missed {a}-{b} at J={exact}");
                }
            }
        }
    }

    /// The copy verdict against brute-force alignments: every pair whose common runs of 8 words
    /// or more cover at least 90% of the shorter document is reported, and every reported
    /// pair's longest common subsequence covers at least half of it.
    #[test]
    fn copies_agree_with_brute_force_alignment(seed in any::<u64>(), n in 5usize..24) {
        let docs = planted_corpus(seed, n);
        let result = scan(&docs, &ScanConfig::default());
        let words: Vec<Vec<String>> = docs.iter().map(|d| naive_words(&d.text)).collect();
        let reported: HashSet<(u32, u32)> = result.duplicates.iter().map(|d| d.pair()).collect();
        for a in 0..docs.len() {
            for b in a + 1..docs.len() {
                let share = naive_aligned_share(&words[a], &words[b]);
                let found = reported.contains(&(a as u32, b as u32));
                if share >= 0.9 {
                    prop_assert!(found, "missed {a}-{b}: brute-force alignment covers {share:.3}");
                }
                if found {
                    let shorter = words[a].len().min(words[b].len()).max(1);
                    let lcs = naive_lcs(&words[a], &words[b]) as f64 / shorter as f64;
                    prop_assert!(lcs >= 0.5, "reported {a}-{b}: the LCS covers {lcs:.3}");
                }
            }
        }
    }

    /// Every exact shared run of at least 25 words lies inside a reported passage of that pair
    /// (or inside the aligned regions of its duplicate record, or joins two members of a
    /// cluster),
    /// and every reported passage's offsets sit on word boundaries with enough matched words.
    #[test]
    fn passages_cover_brute_force_common_runs(seed in any::<u64>(), n in 4usize..16) {
        let docs = planted_corpus(seed, n);
        let cfg = ScanConfig::default();
        let result = scan(&docs, &cfg);
        let words: Vec<Vec<String>> = docs.iter().map(|d| naive_words(&d.text)).collect();
        for a in 0..docs.len() {
            for b in a + 1..docs.len() {
                for (sa, sb, len) in naive_common_runs(&words[a], &words[b], cfg.passages.min_words) {
                    let inside = |ra: copydesk::align::WordRange, rb: copydesk::align::WordRange| {
                        ra.doc as usize == a && rb.doc as usize == b
                            && ra.start as usize <= sa && sa + len <= ra.end as usize
                            && rb.start as usize <= sb && sb + len <= rb.end as usize
                    };
                    // a run of a copy pair lies inside the aligned regions of its duplicate; one
                    // of two documents of one cluster is told by the cluster
                    let clustered = result.clusters.iter().any(|c| {
                        c.members.contains(&(a as u32)) && c.members.contains(&(b as u32))
                    });
                    let covered = clustered
                        || result.passages.iter().any(|p| inside(p.a, p.b))
                        || result.duplicates.iter().any(|d| {
                            inside(d.region_a, d.region_b) || inside(d.region_b, d.region_a)
                        });
                    prop_assert!(covered, "run of {len} words at {a}:{sa} / {b}:{sb} not covered");
                }
            }
        }
        for p in &result.passages {
            prop_assert!(p.a.doc < p.b.doc);
            prop_assert!(p.matched_words as usize >= cfg.passages.min_words);
            for side in [p.a, p.b] {
                let text = &docs[side.doc as usize].text;
                let r = result.byte_range(&docs, side);
                prop_assert!(r.start < r.end && r.end <= text.len());
                prop_assert!(text[r.clone()].chars().next().unwrap().is_alphanumeric());
                prop_assert!(text[r].chars().last().unwrap().is_alphanumeric());
            }
        }
    }
}

#[test]
fn naive_references_are_right_on_hand_checked_cases() {
    let w = |s: &str| naive_words(s);
    assert_eq!(
        naive_common_runs(&w("a b c d x"), &w("y a b c d"), 3),
        vec![(0, 1, 4)]
    );
    assert!((naive_jaccard("a b c d e f", "a b c d e g") - 1.0 / 3.0).abs() < 1e-12);
    let ten = "a b c d e f g h i j";
    assert_eq!(naive_aligned_share(&w(ten), &w(&format!("x {ten} y"))), 1.0);
    // runs of 5: too short to count
    assert_eq!(
        naive_aligned_share(&w(ten), &w("a b c d e q f g h i j")),
        0.0
    );
    assert_eq!(naive_lcs(&w("a x b c y d"), &w("a b z c d")), 4);
    let share = naive_aligned_share(&w(&format!("{ten} k l")), &w(&format!("z {ten} m n")));
    assert!((share - 10.0 / 12.0).abs() < 1e-12);
}
