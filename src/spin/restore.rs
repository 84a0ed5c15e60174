//! Joint restoration: a Viterbi search over the lattice of candidate originals.
//!
//! Each word position offers "keep the text" plus the candidate originals of every dictionary
//! phrase that matches there (a candidate may replace several words, and be several words).
//! A reading of the document is scored as
//!
//! ```text
//!   sum over emitted words of ln P(w | previous words)    (bigram or trigram model, wide.rs Scorer)
//!   + for each replacement:  ln P(spun) - ln P(original)       (cancel the phrases' own odds)
//!                            + alpha * clamp(ln P(original) - ln P(spun), -5, 5)
//!                            + prior(source) - cost
//! ```
//!
//! The first replacement term cancels each phrase's own probability, so a replacement wins on
//! how well it fits its neighbours, not on being a frequent word; `alpha` keeps a share of the
//! frequency prior, because spinners swap common words for rarer synonyms. `prior` credits
//! signature and user pairs (more for phrases), glued tokens, and pairs restored confidently
//! elsewhere in the document; `cost` is the evidence (nats) a replacement must bring: low once a
//! document is judged spun, high otherwise, and higher for thesaurus candidates and names (see
//! `engine.rs`; a name's extra cost is paid once for adjacent replacements in one clause, so
//! "Protection Division" -> "Defense Department" is one name changed, not two). The search is exact: its states are the last emitted word (the last two under
//! the trigram mixture), and they collapse to one at every clause boundary, where context does
//! not pass; a test checks it against every reading of small random documents. Deciding jointly
//! matters: "legal professional normal" only reads right as "attorney general" once both parts
//! are restored.

use super::dictionary::{Dictionary, Source};
use super::lm::OOV;
use super::tokens::Token;
use super::wide::Scorer;
pub use options::{CachePool, OptionCache};
use options::{Pass, freq_prior, options_keyed, prior};
use rustc_hash::FxHashSet;
use scratch::{KeptScores, Scratch};

mod group;
mod memo;
mod options;
mod prune;
mod scratch;

/// Scoring parameters (nats).
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Share of the frequency prior kept for replacements (0 = context only).
    pub alpha: f32,
    /// `alpha` for thesaurus candidates: a thesaurus links a rare word to common ones in senses
    /// it seldom has, so frequency is weaker evidence there.
    pub thesaurus_alpha: f32,
    /// Evidence a replacement needs.
    pub cost: f32,
    /// Evidence a user pair needs (the cost of a spun document, in both passes).
    pub user_cost: f32,
    /// Extra evidence for a thesaurus candidate over a signature or user pair.
    pub thesaurus_cost: f32,
    /// Extra evidence to change a capitalised word inside a sentence (often a name).
    pub name_cost: f32,
    /// Thesaurus candidates are not proposed for spun words more frequent than this rank.
    pub min_spun_rank: u32,
    /// Thesaurus candidates containing a word more frequent than this rank are not proposed:
    /// the commonest words ("take", "other", "go") have so many senses that a synonym link to
    /// them says little.
    pub min_original_rank: u32,
    /// Gain credited to a signature or user pair whose original the model does not know.
    pub unscored_prior: f32,
    /// Prior gain of a signature or user pair whose spun side is one word / several words
    /// (a phrase signature such as "as we speak" is rarely honest English).
    pub signature_word_prior: f32,
    pub signature_phrase_prior: f32,
    /// Prior gain of replacing the first half of a glued token (the spinner touched it).
    pub glue_prior: f32,
    /// Prior gain of a pair restored confidently elsewhere in the document (see `Boost`).
    pub consistency_prior: f32,
    /// Whether restoration-only pairs (`Source::Restoration`) are candidates: only in a
    /// document judged spun that shows the phrase-table spinner's signatures.
    pub restoration_pairs: bool,
    /// Whether reverse Moby Thesaurus candidates (`Source::Moby`) are candidates, and the
    /// extra evidence they need on top of `thesaurus_cost`.
    pub moby: bool,
    pub moby_cost: f32,
}

impl Params {
    /// The given costs, and the fixed priors and filters every pass shares; restoration-only
    /// pairs and Moby candidates off.
    pub fn new(cost: f32, user_cost: f32, thesaurus_cost: f32, moby_cost: f32) -> Self {
        Params {
            alpha: 0.3,
            thesaurus_alpha: 0.3,
            cost,
            user_cost,
            thesaurus_cost,
            name_cost: 2.0,
            min_spun_rank: 150,
            min_original_rank: 120,
            unscored_prior: 2.0,
            signature_word_prior: 0.5,
            signature_phrase_prior: 1.5,
            glue_prior: 3.0,
            consistency_prior: 1.5,
            restoration_pairs: false,
            moby: false,
            moby_cost,
        }
    }
}

/// One chosen replacement: tokens `first..end` restored to dictionary phrase `original`.
#[derive(Debug, Clone, Copy)]
pub struct Replacement {
    pub first: usize,
    pub end: usize,
    pub original: u32,
    /// The dictionary phrase matched in the text.
    pub spun: u32,
    pub source: Source,
    /// How much better (nats) the restored reading scores than keeping the text, with the
    /// neighbouring choices fixed and before `cost`.
    pub gain: f32,
}

#[derive(Clone, Copy)]
struct Option_ {
    len: usize,
    /// Dictionary phrase to emit, or `None` to keep the tokens.
    original: Option<u32>,
    /// The dictionary phrase matched (unused for keep).
    spun: u32,
    /// The pair was restored confidently elsewhere in the document.
    boosted: bool,
    source: Source,
    /// The replacement terms of the score (prior and cost), 0 for keep.
    local: f32,
    /// Score the context with the spun words' ids (the original is unknown to the model).
    proxy: bool,
    /// The `name_cost` charged in `local` (0 when the first word is no name): refunded when
    /// the replacement just before also changed a name, since a name is one decision however
    /// many of its words the spinner swapped ("Protection Division" -> "Defense Department").
    name_charge: f32,
    /// How well its words can fit any context, for leaving it out early (`prune.rs`).
    reach: prune::Reach,
}

impl Option_ {
    /// Keep the token as it is.
    const KEEP: Option_ = Option_ {
        len: 1,
        original: None,
        spun: 0,
        boosted: false,
        source: Source::Thesaurus,
        local: 0.0,
        proxy: false,
        name_charge: 0.0,
        reach: prune::Reach::NONE,
    };
}

/// `State::prev2` when there is no second word of context: a clause boundary, or a bigram
/// model (where every state keeps it, so states are told apart by their last word alone).
const NO_WORD: u32 = u32::MAX - 1;

#[derive(Clone, Copy)]
struct State {
    /// The word emitted before `last`, for a trigram model (`NO_WORD` otherwise).
    prev2: u32,
    last: u32,
    /// The option that reached this state replaced a name (see `Option_::name_charge`).
    after_name: bool,
    score: f32,
    from_pos: u32,
    from_state: u32,
    option: Option_,
}

/// Score of emitting `ids` after the words `prev2 last` (`prev2` may be `NO_WORD`), or after a
/// clause boundary.
fn emit_score(lm: &Scorer, boundary: bool, prev2: u32, last: u32, ids: &[u32]) -> f32 {
    let (mut prev2, mut prev) = if boundary {
        (None, None)
    } else {
        ((prev2 != NO_WORD).then_some(prev2), Some(last))
    };
    let mut lp = 0.0;
    for &w in ids {
        lp += lm.trigram(prev2, prev, w);
        (prev2, prev) = (prev, Some(w));
    }
    lp
}

/// `(spun phrase, original phrase)` pairs restored confidently elsewhere in the document.
/// A context-blind spinner makes the same swap wherever the word occurs, so these pairs get
/// `consistency_prior` at their other occurrences.
pub type Boost = FxHashSet<(u32, u32)>;

/// The best reading of the document: the replacements it makes. `cache` may hold candidate
/// options from earlier passes with the same `lm`, `dict` and `params` (it changes no result;
/// `None`: a cache for this pass alone).
pub fn restore(
    toks: &[Token],
    text: &str,
    lm: &Scorer,
    dict: &Dictionary,
    params: &Params,
    boost: &Boost,
    cache: Option<&mut OptionCache>,
) -> Vec<Replacement> {
    let mut own = OptionCache::default();
    let cache = cache.unwrap_or(&mut own);
    let n = toks.len();
    cache.scratch.pairs.clear();
    if n == 0 {
        return Vec::new();
    }
    // The buffers are taken out of the cache for the search (which lends the cache to
    // `options_at`) and given back at the end.
    let mut scratch = std::mem::take(&mut cache.scratch);
    let pass = Pass {
        toks,
        text,
        lm,
        dict,
        params,
        boost,
    };
    let chosen = search(&pass, cache, &mut scratch);
    scratch.trim();
    cache.scratch = scratch;
    measure(toks, lm, dict, params, chosen)
}

/// The Viterbi search of [`restore`]: the options chosen, as `(first, end, option)`.
fn search(
    pass: &Pass,
    cache: &mut OptionCache,
    scratch: &mut Scratch,
) -> Vec<(usize, usize, Option_)> {
    let (toks, lm, dict) = (pass.toks, pass.lm, pass.dict);
    let n = toks.len();
    let keep = Option_::KEEP;
    let Scratch {
        states,
        all,
        starts,
        groups,
        keys,
        live,
        proxy_ids,
        kept,
        pairs,
        bounds,
    } = scratch;
    scratch::reset_states(states, n);
    states[0].push(State {
        prev2: NO_WORD,
        last: OOV,
        after_name: false,
        score: 0.0,
        from_pos: 0,
        from_state: 0,
        option: keep,
    });
    // Every position's options, made ahead: whether a candidate can be chosen depends on the
    // options after it (`prune.rs`).
    all.clear();
    starts.clear();
    groups.clear();
    keys.clear();
    let generation = cache.generation;
    for i in 0..n {
        starts.push(all.len());
        let (group, key) = options_keyed(pass, i, cache, all);
        groups.push(group);
        keys.push(key);
    }
    starts.push(all.len());
    // The words' prepared options kept their indices while the lattice was made.
    let memo_ok = cache.generation == generation;
    let kept = KeptScores::new(lm, toks, kept, pairs);
    for i in 0..n {
        if states[i].is_empty() {
            continue;
        }
        // At a boundary the context does not pass: only the best state matters. Its score
        // starts again from 0, so that what follows is scored (to the bit) as if the text began
        // here: a long document searched window by window, cut at boundaries (`window.rs`),
        // makes the choices the whole search makes.
        if toks[i].boundary_before {
            let best = best_state(&states[i]);
            let mut s = states[i][best];
            s.score = 0.0;
            states[i].clear();
            states[i].push(s);
        }
        let opts = prune::options_at(all, starts, i);
        let here = std::mem::take(&mut states[i]);
        live.clear();
        // whether some candidate here is not left out (`live` is then set for each)
        let any_live = match lm.alone() {
            Some(base) if !opts.is_empty() && prune::enabled() => {
                let lattice = prune::Lattice {
                    options: all,
                    starts,
                    groups,
                };
                let spare = std::mem::take(bounds);
                let mut at = prune::Position::new(
                    base,
                    dict,
                    toks,
                    (i, &here),
                    lattice,
                    kept.as_ref(),
                    spare,
                );
                // Most positions' candidates all lose, and are told so at once.
                let any = if groups[i].is_some_and(|g| at.all_dominated(&g)) {
                    false
                } else {
                    let key = memo_ok.then(|| memo::key(toks, keys, i, &here)).flatten();
                    memo::settle(&mut at, opts, key, &mut cache.bounds, live);
                    live.contains(&true)
                };
                *bounds = at.into_buffers();
                any
            }
            _ => {
                live.resize(opts.len(), true);
                !opts.is_empty()
            }
        };
        let boundary = toks[i].boundary_before;
        for (si, s) in here.iter().enumerate() {
            let keep_ids = [toks[i].id];
            let emit = match kept.as_ref().and_then(|k| k.after(i, s.last)) {
                Some(e) => e,
                None => emit_score(lm, boundary, s.prev2, s.last, &keep_ids),
            };
            push_option(states, i, si, s, keep, &keep_ids, emit, lm, toks);
            if !any_live {
                continue;
            }
            for (o, _) in opts.iter().zip(live.iter()).filter(|(_, live)| **live) {
                let ids: &[u32] = if o.proxy {
                    spun_ids_buf(toks, i, o.len, proxy_ids)
                } else {
                    &dict.phrase(o.original.expect("candidate")).ids
                };
                let emit = emit_score(lm, boundary, s.prev2, s.last, ids);
                push_option(states, i, si, s, *o, ids, emit, lm, toks);
            }
        }
        states[i] = here;
    }
    // Backtrack.
    let mut chosen = Vec::new();
    let mut pos = n;
    let mut si = best_state(&states[n]);
    while pos > 0 {
        let s = states[pos][si];
        if s.option.original.is_some() {
            chosen.push((pos - s.option.len, pos, s.option));
        }
        pos = s.from_pos as usize;
        si = s.from_state as usize;
    }
    chosen.reverse();
    chosen
}

/// The replacements of the options `chosen` by the search, each with its gain.
fn measure(
    toks: &[Token],
    lm: &Scorer,
    dict: &Dictionary,
    params: &Params,
    chosen: Vec<(usize, usize, Option_)>,
) -> Vec<Replacement> {
    if chosen.is_empty() {
        return Vec::new();
    }
    let n = toks.len();
    // What each choice emits to the model (a proxy emits the spun words' ids).
    let emitted = |first: usize, end: usize, o: &Option_| -> Vec<u32> {
        match o.original {
            Some(p) if !o.proxy => dict.phrase(p).ids.clone(),
            _ => toks[first..end].iter().map(|t| t.id).collect(),
        }
    };
    // The reading chosen, as the model sees it: each emitted word, whether a clause boundary
    // comes before it, and where each replacement's words are.
    let mut words: Vec<(u32, bool)> = Vec::with_capacity(n);
    let mut placed = Vec::with_capacity(chosen.len());
    let mut next = chosen.iter().peekable();
    let mut i = 0;
    while i < n {
        match next.next_if(|c| c.0 == i) {
            Some(&(first, end, o)) => {
                let at = words.len();
                let ids = emitted(first, end, &o);
                let boundary = toks[first].boundary_before;
                words.extend(
                    ids.iter()
                        .enumerate()
                        .map(|(j, &w)| (w, j == 0 && boundary)),
                );
                placed.push((at, words.len()));
                i = end;
            }
            None => {
                words.push((toks[i].id, toks[i].boundary_before));
                i += 1;
            }
        }
    }
    let context = lm.order() - 1;
    let mut out = Vec::with_capacity(chosen.len());
    for ((first, end, o), &(at, after)) in chosen.iter().zip(&placed) {
        let (first, end) = (*first, *end);
        // The words before the replacement that the model sees (none across a boundary; the
        // document's start reads as an unknown word, as in the search), and those after it
        // whose prediction it changes.
        let boundary = toks[first].boundary_before;
        let mut before: Vec<u32> = Vec::with_capacity(context);
        if !boundary {
            let mut from = at;
            while from > 0 && at - from < context {
                from -= 1;
                if words[from].1 {
                    break;
                }
            }
            before.extend(words[from..at].iter().map(|w| w.0));
            if before.is_empty() {
                before.push(OOV);
            }
        }
        let following: Vec<u32> = words[after..]
            .iter()
            .take(context)
            .take_while(|w| !w.1)
            .map(|w| w.0)
            .collect();
        let spun_ids: Vec<u32> = toks[first..end].iter().map(|t| t.id).collect();
        // `before` is empty only at a boundary; else its last one or two words are the context.
        let last = before.last().copied().unwrap_or(OOV);
        let prev2 = match before.len() {
            k if k >= 2 => before[k - 2],
            _ => NO_WORD,
        };
        let reading = |ids: &[u32]| {
            let words: Vec<u32> = ids.iter().chain(&following).copied().collect();
            emit_score(lm, before.is_empty(), prev2, last, &words) - lm.phrase(ids)
        };
        let original = o.original.expect("replacement");
        let glued = toks[end - 1].glued_to_next;
        let source_prior = prior(params, o.source, end - first, glued, o.boosted);
        let prior = source_prior
            + if o.proxy {
                params.unscored_prior
            } else {
                freq_prior(
                    params,
                    o.source,
                    lm.phrase_logp(dict.phrase(original)),
                    lm.phrase(&spun_ids),
                )
            };
        let gain = reading(&emitted(first, end, o)) - reading(&spun_ids) + prior;
        out.push(Replacement {
            first,
            end,
            original,
            spun: o.spun,
            source: o.source,
            gain,
        });
    }
    out
}

fn spun_ids_buf<'a>(toks: &[Token], i: usize, len: usize, buf: &'a mut Vec<u32>) -> &'a [u32] {
    buf.clear();
    buf.extend(toks[i..i + len].iter().map(|t| t.id));
    buf
}

/// Extends state `s` (number `si` at token `i`) by option `o`, which emits `ids` scoring
/// `emit` after it (`emit_score`).
#[allow(clippy::too_many_arguments)]
fn push_option(
    states: &mut [Vec<State>],
    i: usize,
    si: usize,
    s: &State,
    o: Option_,
    ids: &[u32],
    emit: f32,
    lm: &Scorer,
    toks: &[Token],
) {
    let boundary = toks[i].boundary_before;
    let refund = if s.after_name && !boundary {
        o.name_charge
    } else {
        0.0
    };
    let score = s.score + o.local + refund + emit;
    let last = *ids.last().unwrap_or(&OOV);
    let prev2 = match ids.len() {
        0 => NO_WORD,
        1 if boundary => NO_WORD,
        1 => s.last,
        k => ids[k - 2],
    };
    // States that differ only in a word the model will not look at are one state: a bigram
    // model never looks at it, and most two-word contexts of the trigram model have no trigram,
    // so the search stays nearly as small as a bigram search.
    let prev2 = if prev2 != NO_WORD && lm.keeps_context(prev2, last) {
        prev2
    } else {
        NO_WORD
    };
    let after_name = o.name_charge > 0.0;
    let target = &mut states[i + o.len];
    let new = State {
        prev2,
        last,
        after_name,
        score,
        from_pos: i as u32,
        from_state: si as u32,
        option: o,
    };
    match target
        .iter_mut()
        .find(|t| t.last == last && t.prev2 == prev2 && t.after_name == after_name)
    {
        Some(t) if t.score >= score => {}
        Some(t) => *t = new,
        None => target.push(new),
    }
}

fn best_state(states: &[State]) -> usize {
    let mut best = 0;
    for (i, s) in states.iter().enumerate() {
        if s.score > states[best].score {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests;
