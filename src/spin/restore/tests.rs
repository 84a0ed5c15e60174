//! Tests of the restoration search: spelling variants, and the search checked against a brute
//! force over every reading of small random documents.

use super::options::{options_at, spelling_variant};
use super::*;
use crate::spin::lm::LanguageModel;
use crate::spin::tokens::tokens;
use crate::spin::wide::WideModel;
use proptest::prelude::*;

const WORDS: [&str; 4] = ["a", "b", "c", "d"];

/// A toy model: SymSpell-style counts from `counts`, and Sphinx-style log10 figures with a
/// trigram for every triple whose `keep` bit is set.
fn toy_models(counts: &[u32], logps: &[f32], keep: &[bool]) -> (LanguageModel, WideModel) {
    let unigrams: String = WORDS
        .iter()
        .zip(counts)
        .map(|(w, c)| format!("{w}\t{}\n", 10 + c))
        .collect();
    let mut bigrams = String::new();
    let mut sphinx = String::new();
    let mut at = 0;
    let mut next = || {
        at += 1;
        (
            counts[at % counts.len()],
            logps[at % logps.len()],
            keep[at % keep.len()],
        )
    };
    for u in WORDS {
        sphinx.push_str(&format!("{u}\t{:.3}\t-0.2\n", next().1 - 1.0));
        for v in WORDS {
            let (c, lp, listed) = next();
            if listed {
                bigrams.push_str(&format!("{u} {v}\t{c}\n"));
            }
            sphinx.push_str(&format!("{u} {v}\t{lp:.3}\t{:.3}\n", lp / 4.0));
            for w in WORDS {
                let (_, lp, listed) = next();
                if listed {
                    sphinx.push_str(&format!("{u} {v} {w}\t{lp:.3}\n"));
                }
            }
        }
    }
    let lm = LanguageModel::from_tsv(&unigrams, &bigrams);
    let wide = WideModel::from_tsv(&lm, &sphinx);
    (lm, wide)
}

fn toy_dictionary(lm: &LanguageModel) -> Dictionary {
    let mut dict = Dictionary::default();
    for (spun, original) in [
        ("a", "b"),
        ("b", "c"),
        ("c d", "a"),
        ("d", "b c"),
        ("d", "a"),
    ] {
        dict.add_pair(lm, spun, original, Source::Signature);
    }
    dict
}

fn toy_params() -> Params {
    Params {
        min_spun_rank: 0,
        min_original_rank: 0,
        ..Params::new(0.5, 0.5, 8.0, 0.0)
    }
}

/// The score of one reading, computed from scratch: the words it emits, each predicted from
/// the (up to `order - 1`) words before it in its clause, plus each replacement's own terms,
/// with the name cost charged once per run of adjacent name replacements within a clause.
fn reading_score(
    lm: &Scorer,
    toks: &[Token],
    reading: &[(usize, Option_)],
    dict: &Dictionary,
) -> f32 {
    let mut words: Vec<(u32, bool)> = Vec::new();
    let mut local = 0.0;
    for (k, &(i, o)) in reading.iter().enumerate() {
        if k > 0 && reading[k - 1].1.name_charge > 0.0 && !toks[i].boundary_before {
            local += o.name_charge;
        }
        let ids: Vec<u32> = match o.original {
            Some(p) if !o.proxy => dict.phrase(p).ids.clone(),
            _ => toks[i..i + o.len].iter().map(|t| t.id).collect(),
        };
        local += o.local;
        for (j, w) in ids.into_iter().enumerate() {
            words.push((w, j == 0 && toks[i].boundary_before));
        }
    }
    let mut lp = 0.0;
    for j in 0..words.len() {
        let clause_start = (0..=j).rev().find(|&k| words[k].1).unwrap_or(0);
        let context: Vec<u32> = words[clause_start..j].iter().map(|w| w.0).collect();
        let (prev2, prev) = match context.len() {
            0 => (None, None),
            1 => (None, Some(context[0])),
            k if lm.order() > 2 => (Some(context[k - 2]), Some(context[k - 1])),
            k => (None, Some(context[k - 1])),
        };
        lp += lm.trigram(prev2, prev, words[j].0);
    }
    local + lp
}

/// One document and what restoring it needs.
struct Case<'a> {
    lm: Scorer<'a>,
    toks: &'a [Token],
    text: &'a str,
    dict: &'a Dictionary,
    params: Params,
}

impl Case<'_> {
    /// The candidates at token `i`, as the search sees them.
    fn options(&self, i: usize) -> Vec<Option_> {
        let mut opts = Vec::new();
        let pass = Pass {
            toks: self.toks,
            text: self.text,
            lm: &self.lm,
            dict: self.dict,
            params: &self.params,
            boost: &Boost::default(),
        };
        options_at(&pass, i, &mut OptionCache::disabled(), &mut opts);
        opts
    }

    /// The best score of every reading of `toks[i..]` after `prefix`, by brute force: keep each
    /// token or take any candidate.
    fn best_by_brute_force(&self, i: usize, prefix: &mut Vec<(usize, Option_)>) -> f32 {
        if i == self.toks.len() {
            return reading_score(&self.lm, self.toks, prefix, self.dict);
        }
        let mut best = f32::NEG_INFINITY;
        for o in std::iter::once(Option_::KEEP).chain(self.options(i)) {
            prefix.push((i, o));
            best = best.max(self.best_by_brute_force(i + o.len, prefix));
            prefix.pop();
        }
        best
    }

    /// The reading `restore` chose, as (token, option) steps for `reading_score`.
    fn chosen_reading(&self, chosen: &[Replacement]) -> Vec<(usize, Option_)> {
        let mut steps = Vec::new();
        let mut i = 0;
        let mut next = chosen.iter().peekable();
        while i < self.toks.len() {
            match next.next_if(|r| r.first == i) {
                Some(r) => {
                    let o = *self
                        .options(i)
                        .iter()
                        .find(|o| o.original == Some(r.original) && o.len == r.end - r.first)
                        .expect("a chosen replacement is a candidate");
                    steps.push((i, o));
                    i = r.end;
                }
                None => {
                    steps.push((i, Option_::KEEP));
                    i += 1;
                }
            }
        }
        steps
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// The search is exact: no reading of the document scores better than the one it
    /// returns, under the bigram model and under the trigram mixture.
    #[test]
    fn the_search_finds_the_best_reading(
        counts in prop::collection::vec(1u32..500, 7),
        logps in prop::collection::vec(-3.0f32..-0.1, 11),
        keep in prop::collection::vec(any::<bool>(), 5),
        sentence in prop::collection::vec(
            (0usize..4, prop::bool::weighted(0.2), prop::bool::weighted(0.3)),
            1..9,
        ),
    ) {
        let (lm, wide) = toy_models(&counts, &logps, &keep);
        let dict = toy_dictionary(&lm);
        let params = toy_params();
        let mut text = String::new();
        // Capitalised words inside a sentence are names (`tokens::mark_names`): their
        // replacements cost `name_cost`, once per run.
        for (k, &(w, comma, capital)) in sentence.iter().enumerate() {
            if k > 0 {
                text.push_str(if comma { ", " } else { " " });
            }
            if capital {
                text.push_str(&WORDS[w].to_uppercase());
            } else {
                text.push_str(WORDS[w]);
            }
        }
        let toks = tokens(&text, &lm, &dict);
        for scorer in [Scorer::base(&lm), Scorer::mixed(&lm, &wide, 0.5)] {
            let case = Case { lm: scorer, toks: &toks, text: &text, dict: &dict, params };
            let chosen = restore(&toks, &text, &case.lm, &dict, &params, &Boost::default(), None);
            let found = reading_score(&case.lm, &toks, &case.chosen_reading(&chosen), &dict);
            let best = case.best_by_brute_force(0, &mut Vec::new());
            prop_assert!(
                (found - best).abs() < 1e-3,
                "{text:?} order {}: search {found}, brute force {best}",
                case.lm.order()
            );
        }
    }
}

/// The check as first written: strsim's full edit distance.
fn reference(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a) || strsim::levenshtein(a, b) <= 2
}

#[test]
fn spelling_variants_are_not_synonyms() {
    assert!(spelling_variant("favour", "favor"));
    assert!(spelling_variant("focusing", "focus"));
    assert!(spelling_variant("naïve", "naive"));
    assert!(!spelling_variant("navy", "military"));
    assert!(!spelling_variant("law", "legislation"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn bounded_distance_agrees_with_the_full_distance(
        a in "[abcé ]{0,9}",
        b in "[abcé ]{0,9}",
    ) {
        prop_assert_eq!(spelling_variant(&a, &b), reference(&a, &b));
    }

    /// ASCII words go through the letter-count filter first (`letters_near`).
    #[test]
    fn the_letter_count_filter_agrees_with_the_full_distance(
        a in "[a-e]{0,10}",
        b in "[a-e]{0,10}",
    ) {
        prop_assert_eq!(spelling_variant(&a, &b), reference(&a, &b));
    }
}

/// The option cache of a pass gives every position exactly the options computed afresh, boosts
/// and names included, on a real spun article with the embedded model; so does a cache that
/// must start again every few words.
#[test]
fn the_option_cache_changes_no_option() {
    let model = crate::spin::model::model();
    let text = include_str!("../../../seeds/003_c30bde986995c84a.txt");
    let toks = tokens(text, &model.lm, &model.dict);
    let lm = Scorer::base(&model.lm);
    let mut params = Params::new(-2.0, -2.0, 0.0, 0.0);
    params.restoration_pairs = true;
    let first = restore(
        &toks,
        text,
        &lm,
        &model.dict,
        &params,
        &Boost::default(),
        None,
    );
    let boost: Boost = first.iter().map(|r| (r.spun, r.original)).collect();
    // With the boosts, options are made afresh; without, most words' come whole from the
    // word cache (`OptionCache::by_word`).
    for boost in [boost, Boost::default()] {
        options_match_fresh(&toks, text, &lm, &params, &boost);
    }
}

fn options_match_fresh(toks: &[Token], text: &str, lm: &Scorer, params: &Params, boost: &Boost) {
    let model = crate::spin::model::model();
    let pass = Pass {
        toks,
        text,
        lm,
        dict: &model.dict,
        params,
        boost,
    };
    let (mut cache, mut none) = (OptionCache::default(), OptionCache::disabled());
    let mut small = OptionCache::with_capacity(7);
    let (mut cached, mut fresh, mut cramped) = (Vec::new(), Vec::new(), Vec::new());
    let (mut compared, mut boosted, mut names) = (0, 0, 0);
    let key = |o: &Option_| {
        (
            o.len,
            o.original,
            o.spun,
            o.boosted,
            o.source,
            o.local.to_bits(),
            o.proxy,
            o.name_charge.to_bits(),
        )
    };
    for i in 0..toks.len() {
        // `options_at` appends
        for v in [&mut cached, &mut fresh, &mut cramped] {
            v.clear();
        }
        options_at(&pass, i, &mut cache, &mut cached);
        options_at(&pass, i, &mut none, &mut fresh);
        options_at(&pass, i, &mut small, &mut cramped);
        assert!(small.len() <= 7);
        let (a, b): (Vec<_>, Vec<_>) = (
            cached.iter().map(key).collect(),
            fresh.iter().map(key).collect(),
        );
        assert_eq!(a, b, "token {i}");
        let c: Vec<_> = cramped.iter().map(key).collect();
        assert_eq!(c, b, "token {i}, a cache that starts again");
        compared += a.len();
        boosted += cached.iter().filter(|o| o.boosted).count();
        names += cached.iter().filter(|o| o.name_charge > 0.0).count();
    }
    // The comparison covered the cases that depend on the position.
    let boosts = if boost.is_empty() { 0 } else { 50 };
    assert!(
        compared > 1000 && boosted >= boosts && names > 10,
        "{compared} {boosted} {names}"
    );
    // And the cache served repeated words.
    assert!(
        cache.len() * 2 < toks.len(),
        "{} of {}",
        cache.len(),
        toks.len()
    );
}

/// The collocation counts detection reads off the search (`OptionCache::collocations`, from
/// `KeptScores`) are those a naive count gives: adjacent known words inside a clause, and how
/// many of those pairs are listed bigrams (`Unspinner::collocation_counts`' rule).
#[test]
fn the_search_counts_collocations_as_a_naive_count_does() {
    let model = crate::spin::model::model();
    let lm = Scorer::base(&model.lm);
    let params = Params::new(-2.0, -2.0, 0.0, 0.0);
    for text in [
        include_str!("../../../seeds/000_654eb502e9b96e1f.txt"),
        include_str!("../../../seeds/003_c30bde986995c84a.txt"),
    ] {
        let toks = tokens(text, &model.lm, &model.dict);
        let mut cache = OptionCache::default();
        let boost = Boost::default();
        restore(
            &toks,
            text,
            &lm,
            &model.dict,
            &params,
            &boost,
            Some(&mut cache),
        );
        let naive = |own: std::ops::Range<usize>| {
            let known = |i: &usize| {
                let (a, b) = (&toks[i - 1], &toks[*i]);
                !b.boundary_before && a.id != crate::spin::lm::OOV && b.id != crate::spin::lm::OOV
            };
            let pairs: Vec<usize> = (own.start.max(1)..own.end).filter(known).collect();
            let listed = pairs
                .iter()
                .filter(|&&i| model.lm.listed(toks[i - 1].id, toks[i].id));
            (pairs.len(), listed.count())
        };
        let n = toks.len();
        let (pairs, listed) = naive(0..n);
        assert!(
            pairs > 100 && listed > 10 && listed < pairs,
            "{pairs} {listed}"
        );
        for own in [0..n, n / 3..n, 0..n / 2] {
            assert_eq!(cache.collocations(own.clone()), Some(naive(own)));
        }
    }
}
