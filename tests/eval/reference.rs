//! Every metric against a naive twin "so simple it is unlikely to be incorrect", on random
//! inputs: PAN measures on explicit per-character sets, the adjusted Rand index by counting
//! all pairs, pair scores on a reachability matrix, verdicts by counting, WER by the textbook
//! dynamic programme.

// The naive twins index matrices the textbook way, on purpose.
#![allow(clippy::needless_range_loop)]

use copydesk::eval::PrecisionRecall;
use copydesk::eval::ari::adjusted_rand_index;
use copydesk::eval::pairs::{gold_pairs, predicted_pairs, score_pairs};
use copydesk::eval::pan;
use copydesk::eval::records::{DuplicateLink, Labels, Passage, PassageKind, Span};
use copydesk::eval::verdicts::score_verdicts;
use copydesk::eval::wer::word_distance;
use proptest::prelude::*;
use std::collections::HashSet;

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

// ---- PAN measures -------------------------------------------------------------------------

type Chars = HashSet<(u32, u64)>;

fn side_chars(s: Span) -> Chars {
    (s.start..s.end).map(|p| (s.doc, p)).collect()
}

fn all_chars(p: &Passage) -> Chars {
    &side_chars(p.a) | &side_chars(p.b)
}

fn meets(x: Span, y: Span) -> bool {
    !side_chars(x).is_disjoint(&side_chars(y))
}

fn naive_detects(s: &Passage, r: &Passage) -> bool {
    (meets(s.a, r.a) && meets(s.b, r.b)) || (meets(s.a, r.b) && meets(s.b, r.a))
}

/// Mean over `own` of the share of each covered by its detected intersections with `other`.
fn naive_share(own: &[Passage], other: &[Passage], case_first: bool) -> Option<f64> {
    if own.is_empty() {
        return None;
    }
    let mut sum = 0.0;
    for x in own {
        let mut found = Chars::new();
        for y in other {
            let hit = if case_first {
                naive_detects(x, y)
            } else {
                naive_detects(y, x)
            };
            if hit {
                found.extend(all_chars(x).intersection(&all_chars(y)));
            }
        }
        sum += found.len() as f64 / all_chars(x).len() as f64;
    }
    Some(sum / own.len() as f64)
}

fn naive_pan(cases: &[Passage], detections: &[Passage]) -> (Option<f64>, Option<f64>, f64) {
    let recall = naive_share(cases, detections, true);
    let precision = naive_share(detections, cases, false);
    let counts: Vec<usize> = cases
        .iter()
        .map(|s| detections.iter().filter(|r| naive_detects(s, r)).count())
        .filter(|&n| n > 0)
        .collect();
    let granularity = if counts.is_empty() {
        1.0
    } else {
        counts.iter().sum::<usize>() as f64 / counts.len() as f64
    };
    (precision, recall, granularity)
}

fn span() -> impl Strategy<Value = Span> {
    (0u32..3, 0u64..40, 1u64..15).prop_map(|(doc, start, len)| Span {
        doc,
        start,
        end: start + len,
    })
}

fn passage() -> impl Strategy<Value = Passage> {
    (span(), span()).prop_map(|(a, b)| Passage {
        a,
        b,
        kind: PassageKind::Copy,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn pan_agrees_with_per_character_sets(
        cases in prop::collection::vec(passage(), 0..5),
        detections in prop::collection::vec(passage(), 0..6),
    ) {
        let fast = pan::score(&cases, &detections);
        let (precision, recall, granularity) = naive_pan(&cases, &detections);
        prop_assert!(close(fast.scores.precision, precision), "{:?} {:?}", fast, precision);
        prop_assert!(close(fast.scores.recall, recall), "{:?} {:?}", fast, recall);
        prop_assert!((fast.granularity.unwrap_or(1.0) - granularity).abs() < 1e-12);
        prop_assert_eq!(fast.granularity.is_none(), fast.detected_cases == 0);
        let f1 = PrecisionRecall::from_values(precision, recall).f1;
        prop_assert!(close(fast.plagdet, f1.map(|f| f / (1.0 + granularity).log2())));
    }
}

// ---- adjusted Rand index ------------------------------------------------------------------

/// ARI from the four pair counts (Hubert & Arabie's formula in pair-counting form).
fn naive_ari(gold: &[u32], predicted: &[u32]) -> f64 {
    let (mut n11, mut n10, mut n01, mut n00) = (0f64, 0f64, 0f64, 0f64);
    for i in 0..gold.len() {
        for j in i + 1..gold.len() {
            match (gold[i] == gold[j], predicted[i] == predicted[j]) {
                (true, true) => n11 += 1.0,
                (true, false) => n10 += 1.0,
                (false, true) => n01 += 1.0,
                (false, false) => n00 += 1.0,
            }
        }
    }
    let denominator = (n00 + n01) * (n01 + n11) + (n00 + n10) * (n10 + n11);
    if denominator == 0.0 {
        return 1.0;
    }
    2.0 * (n00 * n11 - n01 * n10) / denominator
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn ari_agrees_with_pair_counting(
        labels in prop::collection::vec((0u32..5, 0u32..5), 0..30),
    ) {
        let gold: Vec<u32> = labels.iter().map(|l| l.0).collect();
        let predicted: Vec<u32> = labels.iter().map(|l| l.1).collect();
        let fast = adjusted_rand_index(&gold, &predicted);
        let naive = naive_ari(&gold, &predicted);
        prop_assert!((fast - naive).abs() < 1e-9, "{} vs {}", fast, naive);
    }
}

// ---- duplicate pairs ----------------------------------------------------------------------

/// Pairs connected by `links` among `n` documents, by repeated relaxation of a matrix.
fn naive_closure(n: usize, links: &[(u32, u32)]) -> HashSet<(u32, u32)> {
    let mut reach = vec![vec![false; n]; n];
    for &(a, b) in links {
        reach[a as usize][b as usize] = true;
        reach[b as usize][a as usize] = true;
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                if reach[i][k] && reach[k][j] {
                    reach[i][j] = true;
                }
            }
        }
    }
    let mut pairs = HashSet::new();
    for i in 0..n {
        for j in i + 1..n {
            if reach[i][j] {
                pairs.insert((i as u32, j as u32));
            }
        }
    }
    pairs
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn pair_scores_agree_with_a_reachability_matrix(
        gold_links in prop::collection::vec((0u32..12, 0u32..12), 0..10),
        predicted_links in prop::collection::vec((0u32..12, 0u32..12), 0..10),
        clusters in prop::collection::vec(prop::collection::vec(0u32..12, 0..4), 0..3),
    ) {
        let n = 12;
        let gold = Labels {
            duplicates: gold_links.iter().map(|&(a, b)| DuplicateLink::new(a, b, "exact")).collect(),
            ..Labels::default()
        };
        let predicted = Labels {
            duplicates: predicted_links.iter().map(|&(a, b)| DuplicateLink::new(a, b, "copy")).collect(),
            clusters: clusters.clone(),
            ..Labels::default()
        };
        let fast = score_pairs(&gold_pairs(&gold, n), &predicted_pairs(&predicted));

        let expected = naive_closure(n, &gold_links);
        let mut said: HashSet<(u32, u32)> = HashSet::new();
        let mut add = |a: u32, b: u32| {
            if a != b {
                said.insert((a.min(b), a.max(b)));
            }
        };
        for &(a, b) in &predicted_links {
            add(a, b);
        }
        for members in &clusters {
            for &a in members {
                for &b in members {
                    add(a, b);
                }
            }
        }
        let hits = expected.intersection(&said).count();
        prop_assert_eq!(fast.true_positives, hits);
        prop_assert_eq!(fast.predicted, said.len());
        prop_assert_eq!(fast.gold, expected.len());
        prop_assert_eq!(fast.scores, PrecisionRecall::from_counts(hits, said.len(), expected.len()));
    }
}

// ---- spin verdicts ------------------------------------------------------------------------

proptest! {
    #[test]
    fn verdicts_agree_with_counting(
        gold in prop::collection::btree_map(0u32..20, any::<bool>(), 0..20),
        predicted in prop::collection::btree_map(0u32..25, any::<bool>(), 1..20),
    ) {
        let g: Vec<(u32, bool)> = gold.iter().map(|(&d, &s)| (d, s)).collect();
        let p: Vec<(u32, bool)> = predicted.iter().map(|(&d, &s)| (d, s)).collect();
        let fast = score_verdicts(&g, &p).expect("verdicts were predicted");
        let flagged = |d: &u32| predicted.get(d).copied().unwrap_or(false);
        let hits = gold.iter().filter(|(d, s)| **s && flagged(d)).count();
        let n_flagged = gold.keys().filter(|d| flagged(d)).count();
        let spun = gold.values().filter(|s| **s).count();
        prop_assert_eq!(fast.scores, PrecisionRecall::from_counts(hits, n_flagged, spun));
    }
}

// ---- word error rate ----------------------------------------------------------------------

fn naive_levenshtein(a: &[String], b: &[String]) -> usize {
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for j in 0..=b.len() {
        d[0][j] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let substitution = d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = substitution.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
        }
    }
    d[a.len()][b.len()]
}

proptest! {
    #[test]
    fn word_distance_agrees_with_the_textbook_dp(
        a in prop::collection::vec(0u8..4, 0..40),
        b in prop::collection::vec(0u8..4, 0..40),
    ) {
        let words = |v: &[u8]| -> Vec<String> { v.iter().map(|w| format!("w{w}")).collect() };
        let (a, b) = (words(&a), words(&b));
        prop_assert_eq!(word_distance(&a, &b), naive_levenshtein(&a, &b));
    }
}
