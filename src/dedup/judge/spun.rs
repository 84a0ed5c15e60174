//! Whether a copy pair's word diff is a synonym spinner's, and which side is the source (the
//! verdict's steps 3 and 4 in `dedup::judge`): the substitutions checked against the
//! thesaurus index (`spin::synonyms`), then weighed by the Sphinx trigram model for the
//! direction.

use super::Side;
use crate::align::word_diff;
use crate::spin::{self, lm::find_word_form, synonyms::Synonyms, wide::WideModel};
use crate::text;

/// Fewest substitutions for a spun verdict.
pub const MIN_SUBSTITUTIONS: usize = 3;
/// Lowest share of a pair's substitutions that link thesaurus synonyms for a spun verdict.
pub const MIN_SYNONYM_SHARE: f64 = 0.3;
/// Fewest distinct synonym pairs among a spun pair's substitutions: a spinner swaps many
/// words, two pages of one template differ in one word many times ("vertical" and
/// "horizontal" throughout two widget manuals).
pub const MIN_DISTINCT_SYNONYMS: usize = 3;
/// Substituted words must outnumber inserted and deleted ones this many times for a spun
/// verdict: a spinner keeps the length.
pub const SUBSTITUTION_DOMINANCE: f64 = 2.0;
/// Largest share, in nats, that one substitution's language-model margin adds to the
/// direction: a word the model has never seen must not outweigh the rest.
pub const MAX_MARGIN: f64 = 5.0;
/// What a signature pair (a replacement only spinners make) adds to the direction, in nats.
pub const SIGNATURE_NATS: f64 = 5.0;
/// ln P of a word the Sphinx model does not know, in a direction's context fit: about one in
/// ten million, below the rarest words it lists.
pub const UNKNOWN_WORD_LN_P: f32 = -16.0;
/// The Sphinx model by its own word indices, and its index from word hashes.
type SphinxAlone = (WideModel, rustc_hash::FxHashMap<u64, u32>);
/// Substitutions named as evidence in a spun pair's record.
pub const EVIDENCE_PAIRS: usize = 5;
/// Most substitutions the verdict reads (synonym share, distinct pairs, direction), evenly
/// spread over the pair: a few dozen decide it, and a long document spun at half its words
/// has thousands, each a thesaurus and a language-model lookup.
pub const VERDICT_SUBSTITUTIONS: usize = 128;

/// One substitution of a spun pair, as text: the source's wording and the copy's.
#[derive(Debug, Clone, PartialEq)]
pub struct SubstitutionText {
    pub original: String,
    pub spun: String,
    /// Whether a thesaurus (or a signature pair) links the two.
    pub synonym: bool,
    /// ln P(original in context) - ln P(spun in context), by the bigram model: how much better
    /// the original reads between the shared neighbouring words.
    pub margin: f32,
}

/// The evidence of a spun pair.
#[derive(Debug, Clone, PartialEq)]
pub struct SpunEvidence {
    /// The substitutions, in the copy's order: every one when the judge was asked for all
    /// (`JudgeConfig::every_substitution`, for the learner), else those the verdict read.
    pub substitutions: Vec<SubstitutionText>,
    /// Share of the substitutions that link synonyms.
    pub synonym_share: f64,
    /// Share of the direction evidence on the source's side (0.5-1).
    pub confidence: f64,
}

impl SpunEvidence {
    /// The first few substitutions that link synonyms, for a record's `evidence`.
    pub fn examples(&self) -> impl Iterator<Item = &SubstitutionText> {
        self.substitutions
            .iter()
            .filter(|s| s.synonym)
            .take(EVIDENCE_PAIRS)
    }
}

/// The indices of at most `most` of `n` items, evenly spread, in order.
fn spread(n: usize, most: usize) -> impl Iterator<Item = usize> {
    let take = n.min(most);
    (0..take).map(move |i| i * n / take)
}

/// The evidence that `b` is a spun copy of `a` or the reverse, with `true` when `a` is the
/// source; `None` when the diff is not a spinner's (see the module doc). The verdict reads
/// at most [`VERDICT_SUBSTITUTIONS`] of the substitutions; `every_substitution` lists the
/// others too, with their margins, without changing it.
pub(super) fn spun_evidence(
    a: &Side<'_>,
    b: &Side<'_>,
    diff: &word_diff::WordDiff,
    every_substitution: bool,
) -> Option<(SpunEvidence, bool)> {
    let c = &diff.counts;
    let substituted = f64::from(c.substituted_old + c.substituted_new) / 2.0;
    let indels = f64::from(c.inserted + c.deleted);
    if diff.substitutions.len() < MIN_SUBSTITUTIONS || substituted < SUBSTITUTION_DOMINANCE * indels
    {
        return None;
    }
    let (words_a, words_b) = (text::tokenize(a.text), text::tokenize(b.text));
    if !made_from(a, &words_a) || !made_from(b, &words_b) {
        return None; // not the texts the keys were made from
    }
    // where each substitution sits on both sides, its texts and whether a thesaurus links them
    let thesaurus = spin::synonyms::synonyms();
    let n = diff.substitutions.len();
    let mut in_verdict = vec![false; n];
    for i in spread(n, VERDICT_SUBSTITUTIONS) {
        in_verdict[i] = true;
    }
    // (where on a, where on b, linked, read by the verdict, signature pairs b -> a and a -> b)
    let located: Vec<(Location, Location, bool, bool, SignaturePairs)> = diff
        .substitutions
        .iter()
        .enumerate()
        .filter(|&(i, _)| every_substitution || in_verdict[i])
        .map(|(i, s)| {
            let (at_a, whole_a) =
                Location::of_prose(a, &words_a, s.old_start, u32::from(s.old_len));
            let (at_b, whole_b) =
                Location::of_prose(b, &words_b, s.new_start, u32::from(s.new_len));
            let (link, a_to_b, b_to_a) = thesaurus.link_and_signatures(&at_a.text, &at_b.text);
            // a substitution across a non-prose run is no linguistic evidence
            let linked = whole_a
                && whole_b
                && (link.is_some() || word_by_word_link(thesaurus, &at_a.text, &at_b.text));
            (at_a, at_b, linked, in_verdict[i], (b_to_a, a_to_b))
        })
        .collect();
    let verdict = || located.iter().filter(|l| l.3);
    let linked = verdict().filter(|l| l.2).count();
    let synonym_share = linked as f64 / verdict().count() as f64;
    let mut distinct: Vec<(&str, &str)> = verdict()
        .filter(|l| l.2)
        .map(|l| (l.0.text.as_str(), l.1.text.as_str()))
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    if synonym_share < MIN_SYNONYM_SHARE || distinct.len() < MIN_DISTINCT_SYNONYMS {
        return None;
    }
    // the direction: only now is the language model needed
    let sphinx = spin::model::sphinx_alone();
    let mut substitutions = Vec::with_capacity(located.len());
    // the evidence that a is the source (positive) or b (negative), in nats, per substitution
    let mut leans = Vec::with_capacity(located.len());
    for (at_a, at_b, synonym, counted, (b_to_a, a_to_b)) in located {
        let margin =
            at_a.context_fit(sphinx, a.text, &words_a) - at_b.context_fit(sphinx, b.text, &words_b);
        if counted {
            let mut lean = f64::from(margin).clamp(-MAX_MARGIN, MAX_MARGIN);
            if b_to_a {
                lean += SIGNATURE_NATS;
            }
            if a_to_b {
                lean -= SIGNATURE_NATS;
            }
            leans.push(lean);
        }
        substitutions.push((at_a.text, at_b.text, synonym, margin));
    }
    let for_a: f64 = leans.iter().filter(|&&l| l > 0.0).sum();
    let for_b: f64 = -leans.iter().filter(|&&l| l < 0.0).sum::<f64>();
    let source_is_a = for_a >= for_b;
    let confidence = for_a.max(for_b) / (for_a + for_b).max(f64::MIN_POSITIVE);
    let substitutions = substitutions
        .into_iter()
        .map(|(pa, pb, synonym, margin)| {
            let (original, spun, margin) = if source_is_a {
                (pa, pb, margin)
            } else {
                (pb, pa, -margin)
            };
            SubstitutionText {
                original,
                spun,
                synonym,
                margin,
            }
        })
        .collect();
    Some((
        SpunEvidence {
            substitutions,
            synonym_share,
            confidence: confidence.max(0.5),
        },
        source_is_a,
    ))
}

/// Whether a substitution is a signature pair read from b to a, and from a to b.
type SignaturePairs = (bool, bool);

/// A substituted phrase in its document: its words' indices and its normalised text.
struct Location {
    start: usize,
    len: usize,
    text: String,
}

/// Whether `words` are the words `side`'s keys were made from.
fn made_from(side: &Side<'_>, words: &text::Words) -> bool {
    match side.positions {
        None => words.len() == side.words.len(),
        Some(positions) => {
            positions.len() == side.words.len()
                && positions.last().is_none_or(|&l| (l as usize) < words.len())
        }
    }
}

impl Location {
    /// The substitution of `len` prose words from prose word `start` of `side`, and whether
    /// its words are consecutive in the text (it crosses no non-prose run).
    fn of_prose(side: &Side<'_>, words: &text::Words, start: u32, len: u32) -> (Location, bool) {
        let Some(positions) = side.positions else {
            return (
                Location::new(side.text, words, start as usize, len as usize),
                true,
            );
        };
        let at = |i: u32| {
            positions
                .get(i as usize)
                .map_or(words.len(), |&p| p as usize)
        };
        let from = at(start);
        let to = if len == 0 {
            from
        } else {
            at(start + len - 1) + 1
        };
        let location = Location::new(side.text, words, from, to - from);
        (location, to - from == len as usize)
    }

    fn new(text: &str, words: &text::Words, start: usize, len: usize) -> Location {
        let mut phrase = String::new();
        for i in start..start + len {
            if !phrase.is_empty() {
                phrase.push(' ');
            }
            phrase.push_str(&text::normalize_word(&text[words.spans[i].range()]));
        }
        Location {
            start,
            len,
            text: phrase,
        }
    }

    /// ln P of the phrase between its neighbours under `scorer`: each of its words, and the
    /// word after it, given the two words before each.
    fn context_fit(&self, sphinx: &SphinxAlone, text: &str, words: &text::Words) -> f32 {
        let (model, index) = sphinx;
        let id = |i: usize| {
            find_word_form(&text[words.spans[i].range()], words.hashes[i], |h| {
                index.get(&h).copied()
            })
        };
        let before = |k: usize| self.start.checked_sub(k).and_then(id);
        let (mut prev2, mut prev) = (before(2), before(1));
        let mut lp = 0.0;
        let end = (self.start + self.len + 1).min(words.len());
        for i in self.start..end {
            let w = id(i);
            lp += w
                .and_then(|w| model.trigram(prev2, prev, w))
                .unwrap_or(UNKNOWN_WORD_LN_P);
            (prev2, prev) = (prev, w);
        }
        lp
    }
}

/// A substitution of as many words as it replaces (two or more) is linked when each word pair
/// that differs is.
fn word_by_word_link(thesaurus: &Synonyms, a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    wa.len() == wb.len()
        && wa.len() > 1
        && wa
            .iter()
            .zip(&wb)
            .filter(|(x, y)| x != y)
            .all(|(x, y)| thesaurus.link(x, y).is_some())
}
