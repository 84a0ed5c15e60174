//! Learning a content farm's spinner from its output alone: thesaurus-constrained noisy-channel
//! decipherment over the language model, checked against the honest documents.
//!
//! A farm runs hundreds of articles through one context-blind spinner: a table that writes
//! `s` for every (or a share of every) `o` it knows. Without the sources the table is a
//! cipher to break, with many ciphertexts and a known language model: the setting of
//! Knight, Nair, Rathod and Yamada, "Unsupervised Analysis for Decipherment Problems"
//! (COLING/ACL 2006), and Ravi and Knight, "Deciphering Foreign Language" (ACL 2011), where EM
//! estimates the channel probabilities of a noisy-channel model whose source model (the
//! language model) is fixed. Here:
//! - **candidates**: a word `s` of a flagged document may have been written for `o` only
//!   when the embedded thesauri link them (WordNet groups, signatures, reverse Moby: the
//!   restoration dictionary, `model::moby`); function words and words the model does not know
//!   are left alone. This keeps the search small and the pairs plausible. Capitalised words
//!   the tokenizer takes for names are read like the rest: a context-blind spinner writes
//!   "Section" for "Department" and "United Expresses" for "United States" (on a 200-article
//!   farm, 0.048 of the spinner's replacements are only learned that way).
//! - **channel**: `θ(s|o)`, the probability that the spinner writes `s` for an `o`; `o` is
//!   kept with `1 - Σ θ(·|o)`.
//! - **source model**: at every occurrence, the Sphinx trigram model scores each candidate
//!   original in its two-word contexts either side (`context_fit`, as the copy verdict does),
//!   times the topic odds of the original over the word (`Channel::topic`): the model is
//!   general English, and the corpus's honest documents say which words its topics use
//!   ("negotiations", not "conversations", went missing where "dialogues" appeared). On a
//!   200-article farm: precision 0.878 -> 0.911 and 0.633 -> 0.644 of the replacements
//!   without sources; 0.907 -> 0.911 with a quarter of them.
//! - **EM**: the E-step gives each occurrence a posterior over `{s} ∪ candidates`; the M-step
//!   sets `θ(s|o)` to the expected `o -> s` count over the expected count of `o` as an
//!   original, which includes the visible `o`s: a word the spinner replaces is
//!   under-represented in the farm (few `o`s left) while its replacement sits in its contexts,
//!   so both signals of the issue (distributional and contextual) enter one estimate.
//! - **honest control**: the same EM over the corpus's honest documents estimates how often
//!   the model "restores" honest writing (`θ_H`); a pair is the farm's only when its farm
//!   rate clearly exceeds that ([`FarmOptions::min_excess`]), and when the share of `s`
//!   against `o` has moved the spinner's way against the honest text (or, with too little
//!   honest text, against the Sphinx unigram odds): the distributional comparison.
//! - **counts that agree**: a pair needs [`FarmOptions::min_count`] expected replacements,
//!   unless the original's deficit and the spun word's excess are both significant and of
//!   about the same size (`farm_counts::AGREED_MIN_Z`): where a spun word has many candidate
//!   originals, rare ones soak up EM's posterior, but the counts still show which word went
//!   missing.
//! - **one replacement per word**: a context-blind spinner has one entry per word, so each
//!   original keeps its best replacement, and each replacement its best original, or a second
//!   one when that original's own deficit is strong ([`SHARED_MIN_Z`]): a table may give two
//!   words one synonym.
//!
//! - **weak tier**: then each replacement still free takes the EM's best original when the
//!   EM credits it with a few replacements, though the counts do not vouch for it
//!   ([`WEAK_MIN_COUNT`]): marked `weak`, for the restorer, not as the spinner's known table.
//!
//! Each learned pair carries its expected count, a score (the share of `s`'s occurrences in
//! the farm that the spinner wrote, which `unspin --dictionary` can use as a prior) and the
//! first documents it was seen in.

use super::dictionary::{Dictionary, Phrase};
use super::farm_counts::Shift;
use super::lm::{LanguageModel, OOV};
use super::model::{moby, model, wide};
use super::tokens::{Token, tokens};
use super::wide::WideModel;
use crate::align::immutable::is_function_word;
use crate::text::{word_hash, word_key};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

/// How the farm learner decides (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FarmOptions {
    /// EM iterations.
    pub iterations: usize,
    /// Fewest expected spinner replacements of a pair in the farm.
    pub min_count: f64,
    /// Least farm channel rate over the honest one.
    pub min_excess: f64,
    /// Least deficit of the original in the farm against the honest documents.
    pub min_shift: f64,
    /// Least significance (standard errors) of that deficit and of the spun word's excess.
    pub min_z: f64,
}

impl Default for FarmOptions {
    fn default() -> Self {
        FarmOptions {
            iterations: 8,
            min_count: 3.0,
            min_excess: 0.1,
            min_shift: 0.15,
            min_z: 2.0,
        }
    }
}

/// One learned pair.
#[derive(Debug, Clone, PartialEq)]
pub struct FarmPair {
    pub spun: String,
    pub original: String,
    /// Spinner replacements in the farm: the larger of the EM's expected count and the farm's
    /// excess of `spun` over the honest documents.
    pub count: f64,
    /// Share of `spun`'s occurrences in the farm that the spinner wrote.
    pub score: f64,
    /// The farm's channel rate: `count` over `count` and the originals left standing.
    pub rate: f64,
    /// The first documents (their order in the input) where it was seen, at most 3.
    pub seen: Vec<usize>,
    /// A pair of the weak tier ([`WEAK_MIN_COUNT`]): the EM's best guess for a replacement
    /// the farm's counts do not vouch for.
    pub weak: bool,
}

/// Pseudo-count pulling the honest channel rate towards [`INITIAL_RATE`] where honest text is
/// scarce.
const HONEST_PRIOR: f64 = 5.0;
/// Channel rate every candidate pair starts EM with.
const INITIAL_RATE: f64 = 0.02;
/// Least significance (standard errors) of an original's deficit in the farm for it to share
/// its replacement with a better original: a spinner's table may give two words one synonym
/// ("energy" for "spirit" and for "power"), but a second original of a replacement must be
/// missing from the farm in its own right.
const SHARED_MIN_Z: f64 = 4.0;
/// Largest share of a replacement's occurrences in the farm that the originals sharing it may
/// account for (their expected counts together).
const SHARED_MAX_SHARE: f64 = 0.5;
/// Largest context margin, in nats, one occurrence contributes.
const MAX_MARGIN: f32 = 12.0;
/// Fewest expected replacements of a pair the counts vouch for ([`farm_counts::AGREED_MIN_Z`]): the
/// context must not rule it out.
const AGREED_MIN_EXPECTED: f64 = 0.3;

/// Fewest expected replacements of a weak pair: one the EM credits, whose spun word is in
/// excess at [`WEAK_MIN_Z`] standard errors, and whose two words no confident pair took,
/// though the farm's counts do not vouch for it (too few occurrences of a rare pair in a
/// small farm, or an original whose deficit the topics of the farm hide: "receive" -> "nod",
/// 21 replacements, yet 27 "receive" against 21 expected). Written after the confident pairs,
/// marked `weak` (about half of them are the spinner's), for the restorer: in a text judged
/// spun the context decides each occurrence, and a wrong pair rarely fires (200 articles, a
/// quarter of the sources: restoration 0.756 -> 0.771, offline).
const WEAK_MIN_COUNT: f64 = 2.0;
/// Least share of a weak pair's spun word's occurrences in the farm that are in excess of the
/// honest expectation: a word the farm writes far more than honest text does, not one up by
/// chance among thousands of candidates (at 1,000 articles and a quarter of the sources,
/// where the confident pairs already cover 0.99 of the replacements, weak pairs without this
/// bar were nearly all wrong: restoration 0.834 -> 0.818; 0.832 with a bar of 0.5, 0.837
/// with 0.7, offline; at 200 articles with a quarter of the sources 0.771, 0.782, 0.783).
const WEAK_MIN_EXCESS_SHARE: f64 = 0.7;
/// Least significance (standard errors) of a weak pair's spun word's excess.
const WEAK_MIN_Z: f64 = 1.0;

/// Pseudo-count of a word's topic odds ([`Channel::topic`]): its honest count and its count
/// at the model's unigram rate both take it.
const TOPIC_PRIOR: f64 = 1.0;
/// Largest topic odds, in nats, either way.
const MAX_TOPIC: f64 = 4.0;

/// Interned words: index -> text, and the hash -> index map.
#[derive(Default)]
struct Words {
    text: Vec<String>,
    ids: Vec<u32>,
    by_hash: FxHashMap<u64, u32>,
}

impl Words {
    fn intern(&mut self, hash: u64, id: u32, text: impl FnOnce() -> String) -> u32 {
        if let Some(&i) = self.by_hash.get(&hash) {
            return i;
        }
        let i = self.text.len() as u32;
        self.text.push(text());
        self.ids.push(id);
        self.by_hash.insert(hash, i);
        i
    }
}

/// Candidate originals per surface word, and the pair table.
struct Channel {
    words: Words,
    /// Per surface word index: pair indices (into `pairs`).
    candidates: FxHashMap<u32, Vec<u32>>,
    /// (original, spun) word indices.
    pairs: Vec<(u32, u32)>,
}

/// One occurrence of a word with candidates: its word and, per candidate pair, the context
/// margin of the original over the word (nats).
struct Occurrence {
    word: u32,
    doc: u32,
    margins: Vec<(u32, f32)>,
}

/// One document's word counts (`u32::MAX`: its number of words) and occurrences.
type DocSide = (Vec<(u32, f64)>, Vec<Occurrence>);

/// Counts and occurrences of one side (farm or honest).
struct Side {
    counts: Vec<f64>,
    /// Words of the side's documents.
    words: f64,
    occurrences: Vec<Occurrence>,
}

fn plain_content(text: &str) -> bool {
    text.len() >= 3
        && text.chars().all(|c| c.is_ascii_lowercase())
        && !is_function_word(word_key(word_hash(text)))
}

/// Calls `f` with every one-word original, other than the word itself, that the restoration
/// dictionary gives the one word `hash`: the learner's candidates.
fn for_each_word_original(dict: &Dictionary, hash: u64, mut f: impl FnMut(&Phrase)) {
    for p in dict.starting_with(hash) {
        let phrase = dict.phrase(p);
        if phrase.hashes.len() != 1 || phrase.hashes[0] != hash {
            continue;
        }
        dict.for_each_original(p, |o, _| {
            let op = dict.phrase(o);
            if op.hashes.len() == 1 && op.hashes[0] != hash {
                f(op);
            }
        });
    }
}

/// Whether the restoration dictionary gives `original` as a candidate original of the word
/// `spun` (as it must for the farm learner to consider the pair).
pub fn thesaurus_links(spun: &str, original: &str) -> bool {
    let target = word_hash(original);
    let mut linked = false;
    for_each_word_original(moby(), word_hash(spun), |op| {
        linked |= op.hashes[0] == target;
    });
    linked
}

impl Channel {
    /// The candidate pairs of every word of `texts` (see the module doc, "candidates").
    fn build(texts: &[&str], lm: &LanguageModel, dict: &Dictionary) -> Channel {
        let mut channel = Channel {
            words: Words::default(),
            candidates: FxHashMap::default(),
            pairs: Vec::new(),
        };
        let mut seen: FxHashMap<u64, ()> = FxHashMap::default();
        for text in texts {
            for t in tokens(text, lm, dict) {
                if t.id == OOV || seen.insert(t.hash, ()).is_some() {
                    continue;
                }
                let surface = &text[t.start..t.end];
                let lower = surface.to_lowercase();
                if !plain_content(&lower) {
                    continue;
                }
                let mut originals: Vec<(u64, u32, String)> = Vec::new();
                for_each_word_original(dict, t.hash, |op| {
                    if op.ids[0] != OOV && plain_content(&op.text) {
                        originals.push((op.hashes[0], op.ids[0], op.text.clone()));
                    }
                });
                originals.sort_unstable_by_key(|o| o.0);
                originals.dedup_by_key(|o| o.0);
                if originals.is_empty() {
                    continue;
                }
                let s = channel.words.intern(t.hash, t.id, || lower.clone());
                let mut list = Vec::with_capacity(originals.len());
                for (hash, id, text) in originals {
                    let o = channel.words.intern(hash, id, || text);
                    list.push(channel.pairs.len() as u32);
                    channel.pairs.push((o, s));
                }
                channel.candidates.insert(s, list);
            }
        }
        channel
    }

    /// Counts of every interned word in `texts`, and the occurrences of words with candidates.
    fn side(
        &self,
        texts: &[&str],
        lm: &LanguageModel,
        dict: &Dictionary,
        wide: &WideModel,
    ) -> Side {
        let per_doc: Vec<DocSide> = texts
            .par_iter()
            .enumerate()
            .map(|(d, text)| {
                let toks = tokens(text, lm, dict);
                let mut counts = Vec::new();
                let mut occurrences = Vec::new();
                counts.push((u32::MAX, toks.len() as f64));
                for (i, t) in toks.iter().enumerate() {
                    let Some(&w) = self.words.by_hash.get(&t.hash) else {
                        continue;
                    };
                    counts.push((w, 1.0));
                    let Some(list) = self.candidates.get(&w) else {
                        continue;
                    };
                    let own = context_fit(wide, &toks, i, t.id);
                    let margins = list
                        .iter()
                        .map(|&pi| {
                            let o = self.pairs[pi as usize].0;
                            let fit = context_fit(wide, &toks, i, self.words.ids[o as usize]);
                            (pi, (fit - own).clamp(-MAX_MARGIN, MAX_MARGIN))
                        })
                        .collect();
                    occurrences.push(Occurrence {
                        word: w,
                        doc: d as u32,
                        margins,
                    });
                }
                (counts, occurrences)
            })
            .collect();
        let mut counts = vec![0.0; self.words.text.len()];
        let mut words = 0.0;
        let mut occurrences = Vec::new();
        for (c, o) in per_doc {
            for (w, n) in c {
                match counts.get_mut(w as usize) {
                    Some(count) => *count += n,
                    None => words += n,
                }
            }
            occurrences.extend(o);
        }
        Side {
            counts,
            words,
            occurrences,
        }
    }

    /// Per interned word, ln of how much likelier the corpus's honest documents make it than
    /// the language model's unigram rate does ([`TOPIC_PRIOR`], clamped to [`MAX_TOPIC`]): the
    /// model is general English, the farm writes on the corpus's topics. Zero without honest
    /// words.
    fn topic(&self, control: &Side, lm: &LanguageModel) -> Vec<f64> {
        self.words
            .ids
            .iter()
            .enumerate()
            .map(|(w, &id)| {
                if control.words <= 0.0 {
                    return 0.0;
                }
                let expected = f64::from(lm.unigram(id)).exp() * control.words;
                ((control.counts[w] + TOPIC_PRIOR) / (expected + TOPIC_PRIOR))
                    .ln()
                    .clamp(-MAX_TOPIC, MAX_TOPIC)
            })
            .collect()
    }

    /// EM over one side's occurrences: the channel rates and the expected pair counts. Each
    /// candidate's context margin takes the `topic` odds of its original over the word.
    fn em(&self, side: &Side, topic: &[f64], iterations: usize) -> (Vec<f64>, Vec<f64>) {
        let n = self.words.text.len();
        let mut theta = vec![INITIAL_RATE; self.pairs.len()];
        let mut expected = vec![0.0; self.pairs.len()];
        let mut with_candidates = vec![0.0; n];
        for occ in &side.occurrences {
            with_candidates[occ.word as usize] += 1.0;
        }
        for _ in 0..iterations.max(1) {
            let mut keep = vec![1.0f64; n];
            for (pi, &(o, _)) in self.pairs.iter().enumerate() {
                keep[o as usize] -= theta[pi];
            }
            keep.iter_mut().for_each(|k| *k = k.max(0.01));
            let mut kept = vec![0.0f64; n];
            expected.iter_mut().for_each(|e| *e = 0.0);
            let mut weights = Vec::new();
            for occ in &side.occurrences {
                let own = keep[occ.word as usize];
                weights.clear();
                weights.extend(occ.margins.iter().map(|&(pi, m)| {
                    let o = self.pairs[pi as usize].0 as usize;
                    let m = f64::from(m) + topic[o] - topic[occ.word as usize];
                    (pi, m.exp() * theta[pi as usize])
                }));
                let z = own + weights.iter().map(|w| w.1).sum::<f64>();
                kept[occ.word as usize] += own / z;
                for &(pi, w) in &weights {
                    expected[pi as usize] += w / z;
                }
            }
            // expected count of each word as an original: kept, plain, and spun away
            let mut as_original: Vec<f64> = (0..n)
                .map(|w| kept[w] + side.counts[w] - with_candidates[w])
                .collect();
            for (pi, &(o, _)) in self.pairs.iter().enumerate() {
                as_original[o as usize] += expected[pi];
            }
            for (pi, &(o, _)) in self.pairs.iter().enumerate() {
                let total = as_original[o as usize];
                theta[pi] = if total > 0.0 {
                    expected[pi] / total
                } else {
                    0.0
                };
            }
        }
        (theta, expected)
    }
}

/// ln P of the word `id` at position `i` of `toks` and of the two words after it, in their
/// contexts (trigrams, not across clause boundaries).
pub(crate) fn context_fit(wide: &WideModel, toks: &[Token], i: usize, id: u32) -> f32 {
    let at = |j: usize| -> Option<u32> { toks.get(j).map(|t| t.id).filter(|&x| x != OOV) };
    let before = |j: usize| -> Option<u32> {
        // the word before position j, unless a boundary separates them
        if j == 0 || toks[j].boundary_before {
            None
        } else if j - 1 == i {
            Some(id)
        } else {
            at(j - 1)
        }
    };
    let mut fit = 0.0;
    let p1 = before(i);
    let p2 = p1.and_then(|_| before(i - 1));
    fit += wide.trigram(p2, p1, id).unwrap_or(-20.0);
    for j in [i + 1, i + 2] {
        let Some(t) = toks.get(j) else { break };
        if t.boundary_before || t.id == OOV {
            break;
        }
        let q1 = before(j);
        let q2 = q1.and_then(|_| if j >= 1 { before(j - 1) } else { None });
        fit += wide.trigram(q2, q1, t.id).unwrap_or(0.0);
    }
    fit
}

/// Learns the spinner from `flagged` documents against `honest` ones (see the module doc).
pub fn learn_farm(flagged: &[&str], honest: &[&str], opts: &FarmOptions) -> Vec<FarmPair> {
    if flagged.is_empty() {
        return Vec::new();
    }
    let m = model();
    let (lm, dict, wide) = (&m.lm, moby(), wide());
    let channel = Channel::build(flagged, lm, dict);
    let farm = channel.side(flagged, lm, dict, wide);
    let control = channel.side(honest, lm, dict, wide);
    let topic = channel.topic(&control, lm);
    let (theta, expected) = channel.em(&farm, &topic, opts.iterations);
    let (theta_h, expected_h) = channel.em(&control, &topic, opts.iterations);
    let mut found: Vec<(usize, f64, f64)> = Vec::new();
    let mut excess_share: FxHashMap<usize, f64> = FxHashMap::default();
    let mut weak: Vec<usize> = Vec::new();
    for (pi, &(o, s)) in channel.pairs.iter().enumerate() {
        // the farm's counts alone can vouch for a pair the EM credits with few replacements
        // (its spun word's occurrences spread over many candidate originals)
        if expected[pi] < opts.min_count.min(AGREED_MIN_EXPECTED) {
            continue;
        }
        let shift = shift(&channel, &farm, &control, lm, o, s);
        // honest rate, pulled towards the initial rate where honest `o`s are few
        let honest_o = control.counts[o as usize] + expected_h[pi];
        let rate_h =
            (theta_h[pi] * honest_o + INITIAL_RATE * HONEST_PRIOR) / (honest_o + HONEST_PRIOR);
        let excess = theta[pi] - rate_h;
        if expected[pi] >= WEAK_MIN_COUNT
            && excess >= opts.min_excess
            && shift.z_spun >= WEAK_MIN_Z
            && shift.excess_share >= WEAK_MIN_EXCESS_SHARE
        {
            weak.push(pi);
        }
        if expected[pi] < opts.min_count && !shift.agrees(opts.min_count) {
            continue;
        }
        if excess < opts.min_excess
            || shift.deficit < opts.min_shift
            || shift.z_original < opts.min_z
            || shift.z_spun < opts.min_z
        {
            continue;
        }
        found.push((pi, expected[pi], shift.z_original));
        excess_share.insert(pi, shift.excess_share);
    }
    // one replacement per original, one original per replacement (but see
    // [`SHARED_MIN_Z`]): best evidence first
    found.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then(expected[b.0].total_cmp(&expected[a.0]))
            .then(a.0.cmp(&b.0))
    });
    let mut used_o: FxHashSet<u32> = FxHashSet::default();
    // replacement -> expected count of the originals it was given so far
    let mut used_s: FxHashMap<u32, f64> = FxHashMap::default();
    let mut out = Vec::new();
    for (pi, _, z_original) in found {
        let (o, s) = channel.pairs[pi];
        if used_o.contains(&o) {
            continue;
        }
        if let Some(&taken) = used_s.get(&s)
            && (z_original < SHARED_MIN_Z
                || taken + expected[pi] > SHARED_MAX_SHARE * farm.counts[s as usize])
        {
            continue;
        }
        used_o.insert(o);
        *used_s.entry(s).or_insert(0.0) += expected[pi];
        // The context EM undercounts where the model reads the spun word as well as the
        // original; the farm's excess of the spun word over the honest documents counts the
        // spinner's work without the model: the larger of the two.
        let fs = farm.counts[s as usize].max(1.0);
        let count = expected[pi].max(excess_share.get(&pi).copied().unwrap_or(0.0) * fs);
        out.push(farm_pair(&channel, &farm, pi, count, false));
    }
    // the weak tier: the best candidate of each replacement still free, on EM's evidence
    weak.sort_by(|&a, &b| expected[b].total_cmp(&expected[a]).then(a.cmp(&b)));
    for pi in weak {
        let (o, s) = channel.pairs[pi];
        if used_o.contains(&o) || used_s.contains_key(&s) {
            continue;
        }
        used_o.insert(o);
        used_s.insert(s, expected[pi]);
        out.push(farm_pair(&channel, &farm, pi, expected[pi], true));
    }
    out.sort_by(|a, b| {
        b.count
            .total_cmp(&a.count)
            .then_with(|| (&a.spun, &a.original).cmp(&(&b.spun, &b.original)))
    });
    out
}

/// How far the farm's counts moved the spinner's way against the honest documents: the
/// deficit of `o` (`1 - c_F(o) / E(o)`, `E` its count at the honest rate) and, in standard
/// errors of two Poisson counts, the significance of that deficit and of the excess of `s`.
/// With no honest words, the Sphinx unigram rate stands in for the honest one.
fn shift(
    channel: &Channel,
    farm: &Side,
    control: &Side,
    lm: &LanguageModel,
    o: u32,
    s: u32,
) -> Shift {
    let expected = |w: u32| -> (f64, f64) {
        let honest = control.counts[w as usize];
        if control.words > 0.0 {
            let scale = farm.words / control.words;
            ((honest + 0.5) * scale, (honest + 0.5) * scale * scale)
        } else {
            let rate = f64::from(lm.unigram(channel.words.ids[w as usize])).exp();
            (rate * farm.words, rate * farm.words)
        }
    };
    Shift::new(
        (farm.counts[o as usize], farm.counts[s as usize]),
        expected(o),
        expected(s),
    )
}

/// Candidate pair `pi` as learned, with `count` replacements: its score is the share of the
/// spun word's farm occurrences that `count` makes the spinner's, its rate the share of the
/// original's occurrences replaced.
fn farm_pair(channel: &Channel, farm: &Side, pi: usize, count: f64, weak: bool) -> FarmPair {
    let (o, s) = channel.pairs[pi];
    let (fs, fo) = (farm.counts[s as usize].max(1.0), farm.counts[o as usize]);
    FarmPair {
        spun: channel.words.text[s as usize].clone(),
        original: channel.words.text[o as usize].clone(),
        count,
        score: (count / fs).min(1.0),
        rate: count / (count + fo).max(1.0),
        seen: first_docs(farm, pi as u32),
        weak,
    }
}

/// The first 3 documents where pair `pi` is more likely than not the spinner's.
fn first_docs(side: &Side, pi: u32) -> Vec<usize> {
    let mut docs: Vec<usize> = Vec::new();
    for occ in &side.occurrences {
        if occ.margins.iter().any(|&(p, m)| p == pi && m > 0.0)
            && !docs.contains(&(occ.doc as usize))
        {
            docs.push(occ.doc as usize);
            if docs.len() == 3 {
                break;
            }
        }
    }
    docs
}
