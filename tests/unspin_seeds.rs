//! Library-level checks of spin detection and restoration on the seed articles and on honest
//! public-domain prose (State of the Union paragraphs in tests/data/).

use copydesk::spin::{self, Edit, SpinReport};

fn seed(prefix: &str) -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
    let entry = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("seed {prefix} missing"));
    std::fs::read_to_string(entry).unwrap()
}

fn changed_words(edits: &[Edit]) -> usize {
    edits
        .iter()
        .map(|e| copydesk::text::word_indices(&e.spun).count().max(1))
        .sum()
}

fn check_honest(name: &str, text: &str) -> SpinReport {
    let report = spin::analyze(text);
    let words = copydesk::text::word_indices(text).count();
    let per_1000 = changed_words(&report.edits) as f64 * 1000.0 / words as f64;
    assert!(!report.spun, "{name} flagged as spun: {report:?}");
    assert!(
        per_1000 < 1.0,
        "{name}: {per_1000:.2} changed words per 1,000: {:?}",
        report.edits
    );
    report
}

#[test]
fn honest_seeds_are_not_flagged_nor_changed() {
    for prefix in ["000", "001", "002", "004"] {
        check_honest(prefix, &seed(prefix));
    }
}

#[test]
fn secretary_of_the_navy_stays() {
    for prefix in ["000", "002"] {
        let text = seed(prefix);
        assert!(text.contains("Secretary of the Navy"));
        let restored = spin::apply_edits(&text, &spin::analyze(&text).edits);
        assert!(restored.contains("Secretary of the Navy"), "{prefix}");
    }
}

#[test]
fn honest_state_of_the_union_prose_is_left_alone() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            check_honest(
                &path.display().to_string(),
                &std::fs::read_to_string(&path).unwrap(),
            );
            seen += 1;
        }
    }
    assert!(seen >= 3);
}

#[test]
fn spun_seed_is_flagged_and_restored() {
    let text = seed("003");
    let report = spin::analyze(&text);
    assert!(report.spun && report.score > 0.9, "{:?}", report.evidence);
    let restored = spin::apply_edits(&text, &report.edits);
    for phrase in [
        "U.S. military, law enforcement and intelligence officials",
        "White House",
        "Washington Post",
        "law enforcement",
        "this year",
        "national security",
        "attorney general",
        "Cheri Oz said",
        "1980s",
        "first time",
        "ambitious",
        "request for comment",
        "vehicles",
        "still at an early stage",
        "agreement",
        "experts",
        "threat",
        // phrase-table outputs, restored by the restoration-only pairs
        "both in the variety",
        "worked in concert",
        "There is no doubt",
        "rejected in the past",
        "including the six present",
        "Mexico under pressure",
        "in the first few months",
        "Possible unilateral strikes",
        "according to six present",
    ] {
        assert!(restored.contains(phrase), "not restored: {phrase}");
    }
    for spun in [
        "legislation enforcement",
        "White Home",
        "Washington Submit",
        "12 months",
        "Nineteen Eighties",
        "Ouncessaid",
        "legal professional normal",
        "nationwide safety",
        "as we speak",
        "most cancers",
        "within the",
        "is just not",
        "prior to now",
        "There is no such thing as a",
        "at all times",
        // known pairs whose context says little: restored on the model's full odds
        // (engine.rs, SPUN_PAIR_ALPHA), the last "mentioned" of 31 among them
        "mentioned",
        "despatched",
        "Biden crew",
    ] {
        assert!(!restored.contains(spun), "still spun: {spun}");
    }
}

/// One span of the hand annotation of seed 003 (tests/data/seed003_gold.tsv).
struct GoldSpan {
    start: usize,
    end: usize,
    original: String,
    sure: bool,
}

fn seed003_gold() -> Vec<GoldSpan> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/seed003_gold.tsv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 5, "{l}");
            GoldSpan {
                start: f[0].parse().unwrap(),
                end: f[1].parse().unwrap(),
                original: f[3].to_string(),
                sure: f[4] == "1",
            }
        })
        .collect()
}

/// Lower-case words of `text` with `replacements` (byte ranges of `text`, sorted) applied to
/// `text[from..to]`.
fn region_words(
    text: &str,
    from: usize,
    to: usize,
    replacements: &[(usize, usize, &str)],
) -> Vec<String> {
    let mut out = String::new();
    let mut at = from;
    for &(s, e, new) in replacements {
        out.push_str(&text[at..s]);
        out.push_str(new);
        at = e;
    }
    out.push_str(&text[at..to]);
    copydesk::text::word_indices(&out)
        .map(|(_, w)| w.to_lowercase())
        .collect()
}

/// Seed 003 against its hand annotation, scored as bench/unspin_eval/seed003.py scores it: an
/// annotated span is restored when the text over it (and over the edits touching it) reads as
/// the annotation says. A floor under the figures measured when the annotation was made
/// (session 8: 357 of the 576 sure spans restored, 4 restored wrongly, 4 edits outside every
/// annotated span), so that a change that loses restorations or adds stray edits fails here.
#[test]
fn seed003_restores_most_annotated_spans_and_little_else() {
    let text = seed("003");
    let gold = seed003_gold();
    assert!(
        gold.iter()
            .all(|g| text.is_char_boundary(g.start) && text.is_char_boundary(g.end))
    );
    let edits = spin::analyze(&text).edits;
    let gold_edits: Vec<(usize, usize, &str)> = gold
        .iter()
        .map(|g| (g.start, g.end, g.original.as_str()))
        .collect();
    let mut touched = vec![false; edits.len()];
    let (mut restored, mut wrong, mut missed) = (0, 0, 0);
    for g in gold.iter().filter(|g| g.sure) {
        let hits: Vec<usize> = (0..edits.len())
            .filter(|&i| edits[i].start < g.end && edits[i].end > g.start)
            .collect();
        if hits.is_empty() {
            missed += 1;
            continue;
        }
        hits.iter().for_each(|&i| touched[i] = true);
        let mut lo = hits
            .iter()
            .map(|&i| edits[i].start)
            .min()
            .unwrap()
            .min(g.start);
        let mut hi = hits.iter().map(|&i| edits[i].end).max().unwrap().max(g.end);
        let near: Vec<(usize, usize, &str)> = gold_edits
            .iter()
            .copied()
            .filter(|&(s, e, _)| s < hi && e > lo)
            .collect();
        lo = near.iter().map(|r| r.0).min().unwrap().min(lo);
        hi = near.iter().map(|r| r.1).max().unwrap().max(hi);
        let ours: Vec<(usize, usize, &str)> = hits
            .iter()
            .map(|&i| (edits[i].start, edits[i].end, edits[i].original.as_str()))
            .collect();
        if region_words(&text, lo, hi, &near) == region_words(&text, lo, hi, &ours) {
            restored += 1;
        } else {
            wrong += 1;
        }
    }
    let outside = edits
        .iter()
        .enumerate()
        .filter(|&(i, e)| !touched[i] && !gold.iter().any(|g| g.start < e.end && g.end > e.start))
        .count();
    let sure = gold.iter().filter(|g| g.sure).count();
    eprintln!(
        "seed 003: {restored} of {sure} sure spans restored, {wrong} wrong, {missed} missed, {outside} edits outside"
    );
    assert_eq!(restored + wrong + missed, sure);
    assert!(restored >= 375, "{restored} of {sure} restored");
    assert!(wrong <= 6, "{wrong} restored wrongly");
    assert!(outside <= 8, "{outside} edits outside every annotated span");
}

#[test]
fn edits_point_at_the_spun_text_and_keep_the_rest() {
    let text = seed("003");
    let report = spin::analyze(&text);
    let mut at = 0;
    for e in &report.edits {
        assert!(e.start >= at, "edits overlap or are unsorted");
        assert_eq!(&text[e.start..e.end], e.spun);
        assert!((0.0..=1.0).contains(&e.confidence));
        at = e.end;
    }
    // Everything between edits is byte for byte the input.
    let restored = spin::apply_edits(&text, &report.edits);
    let mut pos_in = 0;
    let mut pos_out = 0;
    for e in &report.edits {
        let gap = &text[pos_in..e.start];
        assert_eq!(&restored[pos_out..pos_out + gap.len()], gap);
        pos_out += gap.len() + e.original.len();
        pos_in = e.end;
    }
    assert_eq!(&restored[pos_out..], &text[pos_in..]);
}

#[test]
fn case_pattern_is_carried_over() {
    let text = "THE WHITE HOME SAID NOTHING. The Washington Submit by way of Getty Pictures. \
                Discussions amongst White Home, Protection Division and intelligence officers, \
                the sources mentioned, went on within the Nineteen Eighties and this 12 months, \
                in accordance with U.S. navy, legislation enforcement and intelligence officers.";
    let report = spin::analyze(text);
    let restored = spin::apply_edits(text, &report.edits);
    assert!(restored.contains("Washington Post"), "{restored}");
    assert!(restored.contains("White House,"), "{restored}");
    assert!(restored.contains("law enforcement"), "{restored}");
    for e in &report.edits {
        let first = e.spun.chars().next().unwrap();
        let first_out = e.original.chars().next().unwrap();
        if first.is_alphabetic() && first_out.is_alphabetic() {
            assert_eq!(first.is_uppercase(), first_out.is_uppercase(), "{e:?}");
        }
    }
}

#[test]
fn user_pairs_extend_the_dictionary() {
    let text = "The counterfeit consciousness model and the profound learning model are studied \
                in this counterfeit consciousness paper on profound learning.";
    let plain = spin::analyze(text);
    let with = spin::UnspinnerBuilder::new()
        .pairs([
            (
                "counterfeit consciousness".to_string(),
                "artificial intelligence".to_string(),
            ),
            ("profound learning".to_string(), "deep learning".to_string()),
        ])
        .honest_cost(4.0)
        .build()
        .analyze(text);
    assert!(with.edits.len() > plain.edits.len(), "{with:?}");
    let restored = spin::apply_edits(text, &with.edits);
    assert!(restored.contains("artificial intelligence"), "{restored}");
}

#[test]
fn analyze_is_usable_from_threads() {
    fn assert_sync<T: Sync>() {}
    assert_sync::<spin::Unspinner>();
    let text = seed("003");
    let reports: Vec<SpinReport> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2).map(|_| s.spawn(|| spin::analyze(&text))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(reports[0], reports[1]);
}

#[test]
fn detect_scores_like_analyze_and_restores_only_spun_text() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let text = seed(prefix);
        let (full, quick) = (spin::analyze(&text), spin::detect(&text));
        assert_eq!(full.score, quick.score, "{prefix}");
        assert_eq!(full.spun, quick.spun, "{prefix}");
        if full.spun {
            assert_eq!(
                full.edits, quick.edits,
                "{prefix}: a spun text gets the same restorations"
            );
        } else {
            assert!(quick.edits.is_empty(), "{prefix}");
        }
    }
}

#[test]
fn wide_lm_restores_phrases_the_symspell_model_lacks() {
    let text = seed("003");
    // Seed 003 shows the phrase-table spinner's signatures: the default uses the wider model.
    let wide = spin::analyze(&text);
    let plain = spin::UnspinnerBuilder::new()
        .wide_lm(spin::WideLm::Never)
        .build()
        .analyze(&text);
    // The verdict does not depend on the restoration model.
    assert_eq!((plain.score, plain.spun), (wide.score, wide.spun));
    let before = spin::apply_edits(&text, &plain.edits);
    let after = spin::apply_edits(&text, &wide.edits);
    assert!(
        before.contains("Getty Pictures"),
        "the SymSpell model alone misses it"
    );
    assert!(after.contains("Getty Images") && !after.contains("Getty Pictures"));
    for phrase in [
        "seized near Ensenada",
        "target list",
        "didn’t respond to a request",
        "White House",
        "law enforcement",
        "attorney general",
        "1980s",
    ] {
        assert!(
            after.contains(phrase),
            "not restored with --wide-lm: {phrase}"
        );
    }
}

#[test]
fn wide_lm_leaves_honest_seeds_alone() {
    let wide = spin::UnspinnerBuilder::new()
        .wide_lm(spin::WideLm::Always)
        .build();
    for prefix in ["000", "001", "002", "004"] {
        let text = seed(prefix);
        let report = wide.analyze(&text);
        assert!(!report.spun, "{prefix} flagged");
        assert_eq!(report.edits, spin::analyze(&text).edits, "{prefix}");
    }
}

/// Pairs of `dictionaries/restoration.tsv` that no verdict-side table holds.
fn restoration_only_pairs() -> std::collections::HashSet<(String, String)> {
    let rows = |name: &str| -> Vec<(String, String)> {
        let path = format!("{}/dictionaries/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .map(|(s, o)| (s.to_string(), o.trim().to_string()))
            .collect()
    };
    let verdict_side: std::collections::HashSet<_> = rows("signatures.tsv").into_iter().collect();
    rows("restoration.tsv")
        .into_iter()
        .filter(|p| !verdict_side.contains(p))
        .collect()
}

fn uses_restoration_only_pairs(report: &SpinReport) -> usize {
    let only = restoration_only_pairs();
    report
        .edits
        .iter()
        .filter(|e| only.contains(&(e.spun.to_lowercase(), e.original.to_lowercase())))
        .count()
}

#[test]
fn restoration_only_pairs_need_the_phrase_spinners_signatures() {
    // Seed 003 carries the phrase-table spinner's signatures: its phrase outputs are restored.
    let spun = spin::analyze(&seed("003"));
    assert!(spun.evidence.signatures_per_100 >= 1.0);
    assert!(
        uses_restoration_only_pairs(&spun) >= 50,
        "{}",
        spun.edits.len()
    );
    // A word-for-word thesaurus spinner's output is judged spun without those signatures, and
    // restoring it must not assume the phrase-table spinner.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sotu_1962_john_f_kennedy_d.txt"
    ))
    .unwrap();
    let moby = copydesk::synth::spin(
        &text,
        copydesk::synth::SpinTable::embedded(),
        &copydesk::synth::SpinConfig::default(),
    );
    let report = spin::analyze(&moby.text);
    assert!(report.spun, "{:?}", report.evidence);
    assert!(
        report.evidence.signatures_per_100 < 1.0,
        "{:?}",
        report.evidence
    );
    // At the full thesaurus cost (a user's pair turns the dense discount off) no edit makes a
    // restoration-only swap at all.
    let full_cost = spin::UnspinnerBuilder::new()
        .pairs([("zzqx".to_string(), "zzqy".to_string())])
        .build()
        .analyze(&moby.text);
    assert_eq!(uses_restoration_only_pairs(&full_cost), 0);
    // With the discount a WordNet synonym may make the same swap as a restoration-only pair:
    // what matters is that none came from the restoration-only list.
    assert!(
        !report
            .edits
            .iter()
            .any(|e| e.source == copydesk::spin::Source::Restoration),
        "{:?}",
        report.edits
    );
}
