//! Tests of the unspinner: the dense thesaurus cost, and reports that depend neither on the
//! documents before (option caches) nor on the window size.

use super::*;

/// Evidence with the given collocation share whose gain gives a verdict margin of
/// `margin`: the margin is that where the collocation side is the larger, i.e. at shares up
/// to 0.685 - margin / 120 (`detect.rs`), and lower above.
fn evidence(collocations: f64, margin: f64) -> Evidence {
    Evidence::new(1000, (margin / 1.2 + 10.9) * 10.0, 0, collocations)
}

#[test]
fn dense_cost_falls_with_the_collocation_share() {
    let sure = 3.0; // above DENSE_MARGIN; the margin itself up to a share of 0.66
    assert_eq!(dense_thesaurus_cost(&evidence(0.70, sure), 8.0), 8.0);
    assert_eq!(
        dense_thesaurus_cost(&evidence(SPARSE_COLLOCATIONS, sure), 8.0),
        8.0
    );
    assert_eq!(
        dense_thesaurus_cost(&evidence(DENSE_COLLOCATIONS, sure), 8.0),
        DENSE_THESAURUS_COST
    );
    assert_eq!(
        dense_thesaurus_cost(&evidence(0.50, sure), 8.0),
        DENSE_THESAURUS_COST
    );
    let mid = (DENSE_COLLOCATIONS + SPARSE_COLLOCATIONS) / 2.0;
    let mid = dense_thesaurus_cost(&evidence(mid, sure), 8.0);
    assert!((mid - 3.0).abs() < 1e-4, "{mid}");
    // Never falling as the share rises: a less broken text never gets a lower cost.
    let costs: Vec<f32> = (0..=100)
        .map(|i| dense_thesaurus_cost(&evidence(0.6 + i as f64 * 0.001, sure), 8.0))
        .collect();
    assert!(costs.windows(2).all(|w| w[0] <= w[1]), "{costs:?}");
}

#[test]
fn a_doubtful_verdict_gets_no_discount() {
    // Areopagitica's figures: broken collocations, but a verdict of 0.83 (margin 1.59).
    assert!((evidence(0.641, 1.59).margin() - 1.59).abs() < 1e-9);
    assert_eq!(dense_thesaurus_cost(&evidence(0.641, 1.59), 8.0), 8.0);
    assert_eq!(dense_thesaurus_cost(&evidence(0.50, FAIR_MARGIN), 8.0), 8.0);
    assert_eq!(
        dense_thesaurus_cost(&evidence(0.50, DENSE_MARGIN), 8.0),
        DENSE_THESAURUS_COST
    );
    let half = dense_thesaurus_cost(&evidence(0.50, 2.5), 8.0);
    assert!(DENSE_THESAURUS_COST < half && half < 8.0, "{half}");
    // The margin constants are the scores' log-odds.
    assert!((FAIR_MARGIN - (0.88f64 / 0.12).ln()).abs() < 1e-12);
    assert!((DENSE_MARGIN - (0.95f64 / 0.05).ln()).abs() < 1e-12);
}
/// Texts for the window tests: the seeds, and all of them as one text.
fn texts() -> Vec<String> {
    let seeds = [
        include_str!("../../../seeds/000_654eb502e9b96e1f.txt"),
        include_str!("../../../seeds/001_e40ca722fa7aa7f4.txt"),
        include_str!("../../../seeds/002_e55835728f6167c5.txt"),
        include_str!("../../../seeds/003_c30bde986995c84a.txt"),
        include_str!("../../../seeds/004_b24285a9b201835e.txt"),
    ];
    let mut texts: Vec<String> = seeds.iter().map(|s| s.to_string()).collect();
    texts.push(seeds.join(" "));
    texts
}

/// A document searched window by window gets the report of one search over the whole
/// document, to the bit, whatever the window size, as long as no clause is longer than
/// `max_clause`: honest and spun text, each restoration setting (the Sphinx mixture, Moby,
/// a user's pairs with their own tokenisation).
#[test]
fn windows_change_no_report() {
    let settings: [fn() -> UnspinnerBuilder; 4] = [
        UnspinnerBuilder::new,
        || UnspinnerBuilder::new().wide_lm(WideLm::Always),
        || UnspinnerBuilder::new().moby(true),
        || {
            UnspinnerBuilder::new()
                .pairs(vec![("officers".into(), "officials".into())])
                .pairs(vec![("Home".into(), "house".into())])
        },
    ];
    let texts = texts();
    for (k, builder) in settings.iter().enumerate() {
        let whole = builder().build();
        for words in [1, 7, 60] {
            let sizes = Windowing {
                words,
                max_clause: 4096,
            };
            let windowed = builder().windowing(sizes).build();
            for text in &texts {
                let expected = whole.analyze(text);
                assert_eq!(
                    windowed.analyze(text),
                    expected,
                    "setting {k}, {words} words"
                );
                let mut each = Vec::new();
                let report = windowed.analyze_each(text, |e| each.push(e));
                assert_eq!(each, expected.edits);
                assert!(report.edits.is_empty());
                assert_eq!(windowed.detect(text), whole.detect(text));
            }
        }
    }
    // The seeds hold both verdicts, and restorations.
    let reports: Vec<SpinReport> = texts.iter().map(|t| analyze(t)).collect();
    assert!(reports.iter().any(|r| r.spun) && reports.iter().any(|r| !r.spun));
    assert!(reports.iter().map(|r| r.edits.len()).sum::<usize>() > 500);
}

/// A clause too long for a window (text with its punctuation stripped) is cut between two
/// words with context on both sides: the edits still come sorted and apart, every word is
/// counted once, and nearly every edit is the one the whole search makes.
#[test]
fn a_cut_inside_a_clause_changes_little() {
    let text: String = include_str!("../../../seeds/003_c30bde986995c84a.txt")
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let whole = UnspinnerBuilder::new().build().analyze(&text);
    let sizes = Windowing {
        words: 50,
        max_clause: 100,
    };
    let cut = UnspinnerBuilder::new()
        .windowing(sizes)
        .build()
        .analyze(&text);
    assert_eq!(cut.evidence.words, whole.evidence.words);
    assert_eq!(cut.spun, whole.spun);
    assert!(cut.edits.windows(2).all(|e| e[0].end <= e[1].start));
    let same = cut.edits.iter().filter(|e| whole.edits.contains(e)).count();
    assert!(whole.edits.len() > 100, "{}", whole.edits.len());
    assert!(
        same as f64 >= 0.9 * whole.edits.len() as f64,
        "{same} of {} (windowed {})",
        whole.edits.len(),
        cut.edits.len()
    );
}

/// The option caches an `Unspinner` keeps across documents change no report: each
/// document, in any order, gets what an `Unspinner` without caches gives it (honest and spun, with
/// and without a user's pairs, whose honest pass uses another dictionary).
#[test]
fn reports_do_not_depend_on_the_documents_before() {
    let texts = [
        include_str!("../../../seeds/003_c30bde986995c84a.txt"),
        include_str!("../../../seeds/000_654eb502e9b96e1f.txt"),
        include_str!("../../../seeds/002_e55835728f6167c5.txt"),
        "The White Home mentioned the legislation enforcement officers met in 12 months.",
    ];
    let user = || UnspinnerBuilder::new().pairs(vec![("officers".into(), "officials".into())]);
    for builder in [UnspinnerBuilder::new, user] {
        let shared = builder().build();
        let reference = builder().build().without_option_caches();
        for text in texts.iter().chain(texts.iter().rev()) {
            assert_eq!(shared.analyze(text), reference.analyze(text));
            assert_eq!(shared.detect(text), reference.detect(text));
        }
    }
}
