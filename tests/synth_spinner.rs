//! The evaluation spinner on real text with the embedded Moby table: gold edits undo the spin.

use copydesk::synth::{SpinConfig, SpinTable, spin};

fn seed_text() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/003_c30bde986995c84a.txt"
    );
    std::fs::read_to_string(path).expect("seed article")
}

/// Rebuilds the original from the spun text and the gold edits.
fn undo(spun: &str, edits: &[copydesk::synth::SpinEdit]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for e in edits {
        out.push_str(&spun[at..e.spun_start]);
        out.push_str(&e.original);
        at = e.spun_end;
    }
    out.push_str(&spun[at..]);
    out
}

#[test]
fn gold_edits_restore_the_original_exactly() {
    let text = seed_text();
    let s = spin(&text, SpinTable::embedded(), &SpinConfig::default());
    assert!(s.edits.len() * 10 > copydesk::text::word_indices(&text).count());
    assert_eq!(undo(&s.text, &s.edits), text);
    for e in &s.edits {
        assert_eq!(&text[e.orig_start..e.orig_end], e.original);
        assert_eq!(&s.text[e.spun_start..e.spun_end], e.spun);
        assert_ne!(e.original, e.spun);
    }
}

#[test]
fn lower_rate_spins_fewer_words_and_seed_decides_which() {
    let text = seed_text();
    let full = spin(&text, SpinTable::embedded(), &SpinConfig::default());
    let half = |seed| {
        spin(
            &text,
            SpinTable::embedded(),
            &SpinConfig { rate: 0.5, seed },
        )
    };
    let (a, b, c) = (half(1), half(1), half(2));
    assert_eq!(a, b);
    assert_ne!(a.text, c.text);
    let n = a.edits.len() as f64 / full.edits.len() as f64;
    assert!((0.35..0.65).contains(&n), "{n}");
    assert_eq!(undo(&a.text, &a.edits), text);
}

#[test]
fn table_from_a_file_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.tsv");
    std::fs::write(&path, "# comment\nhouse\thome\nsaid\tmentioned\n").unwrap();
    let table = SpinTable::from_path(&path).unwrap();
    assert_eq!(table.len(), 2);
    let s = spin("The White House said so.", &table, &SpinConfig::default());
    assert_eq!(s.text, "The White Home mentioned so.");
    std::fs::write(&path, "no tab here\n").unwrap();
    assert!(SpinTable::from_path(&path).is_err());
}

mod prop {
    use super::undo;
    use copydesk::synth::{SpinConfig, SpinTable, spin};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any text, any rate: the gold edits undo the spin and point at the right bytes.
        #[test]
        fn gold_always_undoes_the_spin(
            words in prop::collection::vec(
                prop_oneof![
                    prop::sample::select(vec![
                        "said", "House", "LAW", "images", "the", "law's", "Ángeles", "1980s",
                        "it’s", "—",
                    ])
                    .prop_map(String::from),
                    "[a-zA-Z]{1,8}",
                    "[ .,;:!?\n]{1,3}"
                ],
                0..60,
            ),
            rate in 0.0f64..=1.0,
            seed in any::<u64>(),
        ) {
            let text = words.join(" ");
            let s = spin(&text, SpinTable::embedded(), &SpinConfig { rate, seed });
            prop_assert_eq!(undo(&s.text, &s.edits), text.clone());
            for e in &s.edits {
                prop_assert_eq!(&text[e.orig_start..e.orig_end], e.original.as_str());
                prop_assert_eq!(&s.text[e.spun_start..e.spun_end], e.spun.as_str());
            }
        }
    }
}

/// Words of `a` that differ from `b`, by a word-level Levenshtein distance.
fn word_errors(reference: &str, hypothesis: &str) -> usize {
    let r: Vec<String> = reference
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let h: Vec<String> = hypothesis
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let mut row: Vec<usize> = (0..=h.len()).collect();
    for (i, rw) in r.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, hw) in h.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(rw != hw)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[h.len()]
}

#[test]
fn moby_candidates_restore_more_of_a_moby_spun_text_and_leave_the_verdict() {
    // A real address spun by the evaluation spinner (a Moby-built table): the reverse Moby
    // candidates bring the restored text closer to the original than WordNet alone does.
    let original = std::fs::read_to_string("tests/data/sotu_1962_john_f_kennedy_d.txt").unwrap();
    let spun = spin(
        &original,
        SpinTable::embedded(),
        &SpinConfig { rate: 1.0, seed: 1 },
    );
    let plain = copydesk::spin::UnspinnerBuilder::new()
        .build()
        .analyze(&spun.text);
    let moby = copydesk::spin::UnspinnerBuilder::new()
        .moby(true)
        .build()
        .analyze(&spun.text);
    assert!(plain.spun);
    assert_eq!((plain.score, plain.spun), (moby.score, moby.spun));
    let before = word_errors(&original, &spun.text);
    let after_plain = word_errors(
        &original,
        &copydesk::spin::apply_edits(&spun.text, &plain.edits),
    );
    let after_moby = word_errors(
        &original,
        &copydesk::spin::apply_edits(&spun.text, &moby.edits),
    );
    assert!(
        after_moby < after_plain && after_plain <= before,
        "word errors: spun {before}, WordNet {after_plain}, with Moby {after_moby}"
    );
    assert!(
        moby.edits
            .iter()
            .any(|e| e.source == copydesk::spin::Source::Moby)
    );
}

#[test]
fn moby_candidates_leave_honest_text_and_seed_003_alone() {
    let on = copydesk::spin::UnspinnerBuilder::new().moby(true).build();
    let off = copydesk::spin::UnspinnerBuilder::new().build();
    for name in ["000", "003", "004"] {
        let path = std::fs::read_dir("seeds")
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
            .unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(on.analyze(&text), off.analyze(&text), "seed {name}");
    }
}

/// `original` spun by the MyThes-built evaluation table (a WordNet-family spinner,
/// `bench/spinner/mythes_spinner.tsv`) at `rate`.
fn mythes_spun(original: &str, rate: f64) -> copydesk::synth::Spun {
    let table = SpinTable::from_path(std::path::Path::new("bench/spinner/mythes_spinner.tsv"))
        .expect("MyThes evaluation table");
    spin(original, &table, &SpinConfig { rate, seed: 1 })
}

/// Word errors of unspin's restoration of `original` spun by the MyThes table at `rate`:
/// (before, after, flagged).
fn mythes_spun_errors(original: &str, rate: f64) -> (usize, usize, bool) {
    let spun = mythes_spun(original, rate);
    let report = copydesk::spin::analyze(&spun.text);
    let restored = copydesk::spin::apply_edits(&spun.text, &report.edits);
    (
        word_errors(original, &spun.text),
        word_errors(original, &restored),
        report.spun,
    )
}

#[test]
fn densely_spun_text_gets_thesaurus_restorations() {
    // Every table word swapped: the broken collocations mark the text as densely spun, and the
    // WordNet candidates restore much of it (at the fixed thesaurus cost, 4% of the errors).
    let original = std::fs::read_to_string("tests/data/sotu_1962_john_f_kennedy_d.txt").unwrap();
    let (before, after, flagged) = mythes_spun_errors(&original, 1.0);
    assert!(flagged);
    assert!(
        after * 4 < before * 3,
        "word errors: spun {before}, restored {after}"
    );
}

#[test]
fn lightly_spun_text_is_not_made_worse() {
    // A third of the table words swapped: where the text is flagged at all, the thesaurus cost
    // stays high, so restoration never adds errors.
    for name in ["sotu_1953_harry_s_truman_d", "sotu_1962_john_f_kennedy_d"] {
        let original = std::fs::read_to_string(format!("tests/data/{name}.txt")).unwrap();
        let (before, after, _) = mythes_spun_errors(&original, 0.3);
        assert!(after <= before, "{name}: spun {before}, restored {after}");
    }
}

#[test]
fn user_pairs_keep_the_full_thesaurus_cost() {
    // With a user's pairs (the spinner's vocabulary, as `scan --learn` gives it), thesaurus
    // guesses get no dense discount: far fewer of them than without pairs.
    let original = std::fs::read_to_string("tests/data/sotu_1962_john_f_kennedy_d.txt").unwrap();
    let spun = mythes_spun(&original, 1.0);
    let thesaurus_edits = |report: &copydesk::spin::SpinReport| {
        report
            .edits
            .iter()
            .filter(|e| e.source == copydesk::spin::Source::Thesaurus)
            .count()
    };
    let plain = copydesk::spin::analyze(&spun.text);
    let with_pairs = copydesk::spin::UnspinnerBuilder::new()
        .pairs([("zzqx".to_string(), "zzqy".to_string())])
        .build()
        .analyze(&spun.text);
    assert!(plain.spun && with_pairs.spun);
    let (a, b) = (thesaurus_edits(&plain), thesaurus_edits(&with_pairs));
    assert!(b * 3 < a, "thesaurus edits: {a} without pairs, {b} with");
}
