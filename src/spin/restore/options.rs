//! The candidate options at one word position: the originals of every dictionary phrase that
//! matches there, filtered and priced (the `prior - cost` and frequency terms of the score in
//! the parent module's doc).
//!
//! Most of a candidate's price depends only on the spun phrase and the original, not on where
//! it occurs, and a document repeats its words (a common word's synonym groups hold hundreds of
//! members, each filtered and priced), so [`OptionCache`] keeps, for each one-word spun phrase
//! met in a pass, its candidates with their position-free terms; each occurrence then adds
//! only what depends on it (a glued token, a pair restored elsewhere). Sums are formed in the
//! same order either way, so the cache changes no score by a bit (tested against the uncached
//! computation). Multi-word phrases are priced afresh: whether they are a spelling variant of a
//! candidate is judged on their text as written, separators included.

use super::group::Group;
use super::prune::Reach;
use super::scratch::{LISTED, PAIR, Scratch};
use super::{Option_, Params};
use crate::spin::dictionary::{Dictionary, Source, Start};
use crate::spin::lm::OOV;
use crate::spin::tokens::Token;
use crate::spin::wide::Scorer;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Mutex;

use super::Boost;

/// Spun phrases an [`OptionCache`] holds before it starts again: the dictionary has about
/// 95,000, so this bounds a cache at some tens of megabytes.
const MAX_CACHED_PHRASES: usize = 1 << 16;

/// A candidate's terms that do not depend on its position.
#[derive(Clone, Copy)]
struct Priced {
    original: u32,
    source: Source,
    /// `ln P(spun) - ln P(original) + frequency prior`, or the unscored prior for a proxy.
    base: f32,
    /// Cost, name charge included.
    cost: f32,
    proxy: bool,
    name_charge: f32,
    reach: Reach,
}

/// Candidates of one-word spun phrases, by (phrase, whether the word is a name). Valid for one
/// model, dictionary and set of parameters: one pass over a document, or the same pass over
/// many documents (`engine::Unspinner` keeps caches of its fixed passes across documents).
#[derive(Default)]
pub struct OptionCache {
    by_phrase: FxHashMap<(u32, bool), Vec<Priced>>,
    /// The options themselves, by (word hash, whether the word is a name), where the word is
    /// neither glued nor boosted and starts no phrase of several words that matches: what
    /// `options_at` makes there depends on nothing else, so it is made once (see `Prepared`).
    /// The map holds an index into `prepared`, or `NOTHING` for a word that offers no option
    /// and starts no longer phrase (most words): every token looks the map up, and small
    /// entries keep more of it in cache.
    by_word: FxHashMap<(u64, bool), u32>,
    prepared: Vec<Prepared>,
    /// Counts the times the word cache started again: a search whose lattice was made across
    /// such a start does not use `bounds` (the indices of `prepared` changed meaning).
    pub(super) generation: u32,
    /// The pruning's bounds of a position's candidates taken whole, by the words around them
    /// (`prune::Memo`); emptied with `by_word`, whose indices its keys hold.
    pub(super) bounds: FxHashMap<[u32; 4], f32>,
    /// The search's buffers, kept for the next window (`scratch.rs`).
    pub(super) scratch: Scratch,
    /// Off in tests that check the cache against the computation it saves.
    disabled: bool,
    /// Tests only: a capacity other than `MAX_CACHED_PHRASES`.
    #[cfg(test)]
    capacity: Option<usize>,
}

impl OptionCache {
    /// After a search under a bigram model (`Scorer::alone`), over the tokens `own` of its
    /// window: the adjacent known words inside clauses that end there, and how many of those
    /// pairs are listed bigrams, as the search's kept scores found them (no lookup of its
    /// own); `None` when the last search did not score them.
    pub fn collocations(&self, own: std::ops::Range<usize>) -> Option<(usize, usize)> {
        let flags = self.scratch.pairs.get(own)?;
        let pairs = flags.iter().filter(|&&f| f & PAIR != 0).count();
        let listed = flags.iter().filter(|&&f| f & LISTED != 0).count();
        Some((pairs, listed))
    }

    fn capacity(&self) -> usize {
        #[cfg(test)]
        if let Some(capacity) = self.capacity {
            return capacity;
        }
        MAX_CACHED_PHRASES
    }
}

#[cfg(test)]
impl OptionCache {
    pub(crate) fn disabled() -> Self {
        OptionCache {
            disabled: true,
            ..Default::default()
        }
    }

    /// A cache that starts again whenever it holds `capacity` phrases.
    pub(super) fn with_capacity(capacity: usize) -> Self {
        OptionCache {
            capacity: Some(capacity),
            ..Default::default()
        }
    }

    /// Spun phrases cached.
    pub(super) fn len(&self) -> usize {
        self.by_phrase.len()
    }
}

/// `OptionCache::by_word` for a word with nothing prepared.
pub(super) const NOTHING: u32 = u32::MAX;

/// [`options_keyed`]'s name for options made for one position alone.
pub(super) const FRESH: u32 = u32::MAX - 1;

/// A word's options as `options_at` makes them, and their group (`group.rs`).
struct Prepared {
    /// The options of its one-word phrases.
    options: Vec<Option_>,
    group: Option<Group>,
    /// The phrases of several words it starts: where one matches, the options are made
    /// afresh.
    longer: Vec<Start>,
}

/// Option caches of one pass that is the same for every document (same model, dictionary and
/// parameters), lent to one document at a time: one cache per thread working at once.
#[derive(Default)]
pub struct CachePool {
    caches: Mutex<Vec<OptionCache>>,
    /// Tests only: lend caches that keep nothing, the reference the caches must agree with.
    #[cfg(test)]
    pub(crate) disabled: bool,
}

impl CachePool {
    /// Runs `f` with a cache of the pool (a new one when all are lent out).
    pub fn with<T>(&self, f: impl FnOnce(&mut OptionCache) -> T) -> T {
        #[cfg(test)]
        if self.disabled {
            return f(&mut OptionCache::disabled());
        }
        // A poisoned lock only means another thread panicked mid-document: its cache went
        // with it, and the pool itself is still sound.
        let lent = self.caches.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut cache = lent.unwrap_or_default();
        let out = f(&mut cache);
        self.caches
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(cache);
        out
    }
}

/// What `options_at` reads besides the position: the pass's inputs.
pub(super) struct Pass<'a> {
    pub toks: &'a [Token],
    pub text: &'a str,
    pub lm: &'a Scorer<'a>,
    pub dict: &'a Dictionary,
    pub params: &'a Params,
    pub boost: &'a Boost,
}

/// The candidate options at token `i` (never including "keep"), appended to `out`, and their
/// group (`group.rs`).
#[cfg(test)]
pub(super) fn options_at(
    pass: &Pass,
    i: usize,
    cache: &mut OptionCache,
    out: &mut Vec<Option_>,
) -> Option<Group> {
    options_keyed(pass, i, cache, out).0
}

/// [`options_at`], and what names the options it gave: the index of the word's prepared
/// options in the cache (the same for every occurrence of the word until the cache starts
/// again, see `OptionCache::generation`), `NOTHING` for a cached word without options, or
/// `FRESH` where they were made for this position alone.
pub(super) fn options_keyed(
    pass: &Pass,
    i: usize,
    cache: &mut OptionCache,
    out: &mut Vec<Option_>,
) -> (Option<Group>, u32) {
    let from = out.len();
    let t = &pass.toks[i];
    // Where a word is neither glued nor boosted and none of the phrases of several words it
    // starts matches, its options depend on its hash and name flag alone.
    let plain = !t.glued_to_next && pass.boost.is_empty() && !cache.disabled;
    if !plain {
        options_fresh(pass, i, cache, out, false);
        return (Group::of(pass.lm.lm, pass.dict, &out[from..]), FRESH);
    }
    let key = (t.hash, t.name);
    // a phrase of several words can only match where the next word is its second
    let next = pass.toks.get(i + 1).map_or(0, |t| t.hash);
    let longer_here = |p: &Prepared| {
        p.longer
            .iter()
            .any(|s| s.second == next && matches(pass, i, s))
    };
    match cache.by_word.get(&key) {
        Some(&NOTHING) => return (Some(Group::EMPTY), NOTHING),
        Some(&at) => match cache.prepared.get(at as usize) {
            Some(p) if !longer_here(p) => {
                out.extend_from_slice(&p.options);
                return (p.group, at);
            }
            _ => {
                options_fresh(pass, i, cache, out, false);
                return (Group::of(pass.lm.lm, pass.dict, &out[from..]), FRESH);
            }
        },
        None => {}
    }
    options_fresh(pass, i, cache, out, true);
    let prepared = Prepared {
        options: out[from..].to_vec(),
        group: Group::of(pass.lm.lm, pass.dict, &out[from..]),
        longer: (pass.dict.starts(t.hash).iter())
            .filter(|s| s.words > 1)
            .copied()
            .collect(),
    };
    let (group, longer) = (prepared.group, longer_here(&prepared));
    if cache.by_word.len() >= cache.capacity() {
        cache.by_word.clear();
        cache.prepared.clear();
        cache.bounds.clear();
        cache.generation = cache.generation.wrapping_add(1);
    }
    let at = if prepared.options.is_empty() && prepared.longer.is_empty() {
        NOTHING
    } else {
        cache.prepared.len() as u32
    };
    cache.by_word.insert(key, at);
    if at != NOTHING {
        cache.prepared.push(prepared);
    }
    if !longer {
        return (group, at);
    }
    out.truncate(from);
    options_fresh(pass, i, cache, out, false);
    (Group::of(pass.lm.lm, pass.dict, &out[from..]), FRESH)
}

/// Whether dictionary phrase start `s` matches the text at token `i`.
fn matches(pass: &Pass, i: usize, s: &Start) -> bool {
    let (toks, dict) = (pass.toks, pass.dict);
    let (p, k) = (s.phrase, s.words as usize);
    if i + k > toks.len() || (k > 1 && toks[i + 1].hash != s.second) {
        return false;
    }
    (1..k).all(|j| {
        toks[i + j].hash == dict.phrase(p).hashes[j]
            && !toks[i + j].boundary_before
            && !toks[i + j - 1].glued_to_next
    })
}

/// [`options_at`] without the word cache, appended to `out`; only the one-word phrases if
/// `one_word`.
fn options_fresh(
    pass: &Pass,
    i: usize,
    cache: &mut OptionCache,
    out: &mut Vec<Option_>,
    one_word: bool,
) {
    let from = out.len();
    let (toks, dict) = (pass.toks, pass.dict);
    let mut fresh;
    for s in dict.starts(toks[i].hash) {
        let (p, k) = (s.phrase, s.words as usize);
        if (one_word && k > 1) || !matches(pass, i, s) {
            continue;
        }
        let name = toks[i].name;
        let priced: &[Priced] = if k == 1 && !cache.disabled {
            let full = cache.by_phrase.len() >= cache.capacity();
            if full && !cache.by_phrase.contains_key(&(p, name)) {
                cache.by_phrase.clear();
            }
            cache
                .by_phrase
                .entry((p, name))
                .or_insert_with(|| price(pass, i, p, k))
        } else {
            fresh = price(pass, i, p, k);
            &fresh
        };
        let glued = toks[i + k - 1].glued_to_next;
        // `price` offers each original once; another phrase of the same length matched here
        // (rare: two spellings of one word) may have offered it already.
        let others = out[from..].iter().any(|x| x.len == k);
        for c in priced {
            let o = c.original;
            if others
                && out[from..]
                    .iter()
                    .any(|x| x.original == Some(o) && x.len == k)
            {
                continue;
            }
            let boosted = pass.boost.contains(&(p, o));
            let prior = prior(pass.params, c.source, k, glued, boosted);
            out.push(Option_ {
                len: k,
                original: Some(o),
                spun: p,
                boosted,
                source: c.source,
                local: c.base + prior - c.cost,
                proxy: c.proxy,
                name_charge: c.name_charge,
                reach: c.reach,
            });
        }
    }
}

/// The candidates of spun phrase `p` (`k` words) matched at token `i`, filtered, with their
/// position-free terms.
fn price(pass: &Pass, i: usize, p: u32, k: usize) -> Vec<Priced> {
    let (toks, lm, dict, params) = (pass.toks, pass.lm, pass.dict, pass.params);
    let mut priced = Vec::new();
    let spun_ids: Vec<u32> = toks[i..i + k].iter().map(|t| t.id).collect();
    let spun_lp = lm.phrase(&spun_ids);
    let name = toks[i].name;
    // A thesaurus alone is weak evidence: never for names, unknown or very common words,
    // never to a longer phrase or a mere spelling variant.
    let thesaurus_ok = !name
        && spun_ids.iter().all(|&w| w != OOV)
        && !(k == 1 && lm.rank(toks[i].id) < params.min_spun_rank);
    // made only for a thesaurus candidate that passed every other check
    let mut spun_lower: Option<String> = None;
    // An original offered by several sources is priced as the first (the strongest) offers it.
    let mut offered = FxHashSet::default();
    // Without `thesaurus_ok` the dictionary yields no thesaurus candidate at all.
    dict.for_each_original_if(p, thesaurus_ok, |o, source| {
        if (source == Source::Restoration && !params.restoration_pairs)
            || (source == Source::Moby && !params.moby)
        {
            return;
        }
        let orig = dict.phrase(o);
        if source.is_thesaurus()
            && (orig.hashes.len() > k
                || orig
                    .ids
                    .iter()
                    .any(|&w| lm.rank(w) < params.min_original_rank)
                || !dict.scorable(o)
                || spelling_variant(
                    spun_lower.get_or_insert_with(|| {
                        crate::text::normalize_word(&pass.text[toks[i].start..toks[i + k - 1].end])
                    }),
                    &orig.text,
                ))
        {
            return;
        }
        if !offered.insert(o) {
            return;
        }
        // A user's own phrase pairs (tortured phrases) are trusted whatever the document's
        // verdict; a one-word pair is as ambiguous as any synonym out of context (a learned
        // spinner table holds thousands) and costs what every edit of this pass costs.
        let mut cost = if source == Source::User && k > 1 {
            params.user_cost
        } else {
            params.cost
        };
        if source.is_thesaurus() {
            cost += params.thesaurus_cost;
        }
        if source == Source::Moby {
            cost += params.moby_cost;
        }
        let name_charge = if name && orig.text.starts_with(char::is_alphabetic) {
            params.name_cost
        } else {
            0.0
        };
        cost += name_charge;
        // A pair whose original the model does not know ("ounces" -> "oz", "1980s") is
        // scored as fitting the context as well as the spun form, plus a fixed prior.
        let (proxy, base) = if dict.scorable(o) {
            let orig_lp = lm.phrase_logp(orig);
            (
                false,
                spun_lp - orig_lp + freq_prior(params, source, orig_lp, spun_lp),
            )
        } else {
            (true, params.unscored_prior)
        };
        priced.push(Priced {
            original: o,
            source,
            base,
            cost,
            proxy,
            name_charge,
            reach: if proxy {
                Reach::NONE
            } else {
                Reach::of(lm.lm, &orig.ids)
            },
        });
    });
    priced
}

/// The frequency prior: `alpha` times the log ratio of the phrases' own probabilities, clamped
/// to +-5 nats so that an unknown word (a number, a name) does not decide alone.
pub(super) fn freq_prior(params: &Params, source: Source, orig_lp: f32, spun_lp: f32) -> f32 {
    let alpha = if source.is_thesaurus() {
        params.thesaurus_alpha
    } else {
        params.alpha
    };
    alpha * (orig_lp - spun_lp).clamp(-5.0, 5.0)
}

/// The prior gain of a candidate for its source, before the language model speaks.
pub(super) fn prior(
    params: &Params,
    source: Source,
    words: usize,
    glued: bool,
    boosted: bool,
) -> f32 {
    let mut p = match source {
        Source::Thesaurus | Source::Moby | Source::Glue | Source::Aligned => 0.0,
        Source::Signature | Source::User | Source::Restoration if words > 1 => {
            params.signature_phrase_prior
        }
        Source::Signature | Source::User | Source::Restoration => params.signature_word_prior,
    };
    if glued {
        p += params.glue_prior;
    }
    if boosted {
        p += params.consistency_prior;
    }
    p
}

/// Whether the letter counts of two ASCII words differ by 4 or less in all: an edit changes
/// at most two counts by one each, so two words within an edit distance of 2 always are. Most
/// synonyms of about the same length are not, and skip the distance (some 1,100 instructions
/// a call; about a million calls in the 55 MB corpus' detection). Longer words (over 64 bytes
/// together) are let through to the distance.
fn letters_near(a: &[u8], b: &[u8]) -> bool {
    if a.len() + b.len() > 64 {
        return true;
    }
    let mut counts = [0i8; 128];
    for &c in a {
        counts[usize::from(c & 0x7f)] += 1;
    }
    for &c in b {
        counts[usize::from(c & 0x7f)] -= 1;
    }
    // each letter's difference once: read where the words' letters are, then cleared
    let mut apart = 0u32;
    for &c in a.iter().chain(b) {
        let count = &mut counts[usize::from(c & 0x7f)];
        apart += u32::from(count.unsigned_abs());
        *count = 0;
    }
    apart <= 4
}

/// True when two spellings are variants of one word ("favor"/"favour", "focus"/"focusing"),
/// which a spinner does not swap.
pub(super) fn spelling_variant(a: &str, b: &str) -> bool {
    if a.starts_with(b) || b.starts_with(a) {
        return true;
    }
    // The edit distance is at least the difference in length (in characters): most synonyms
    // differ by more than 2 and need no distance computed. The rest ask only whether it is at
    // most 2, which `rapidfuzz` answers bit-parallel with that cut-off (a million calls on the
    // 55 MB corpus' detection), instead of filling the whole table.
    a.chars().count().abs_diff(b.chars().count()) <= 2
        && (!(a.is_ascii() && b.is_ascii()) || letters_near(a.as_bytes(), b.as_bytes()))
        && rapidfuzz::distance::levenshtein::distance_with_args(
            a.chars(),
            b.chars(),
            &rapidfuzz::distance::levenshtein::Args::default().score_cutoff(2),
        )
        .is_some()
}
