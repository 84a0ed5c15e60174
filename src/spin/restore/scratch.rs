//! The search's working memory, kept from one call to the next, and the kept words' scores.
//!
//! A search over a window allocated a state list per token and the option lists of every
//! position: on the 55 MB benchmark corpus, a tenth of the detection pass went to `malloc` and
//! `free`. The buffers here live in the [`OptionCache`](super::OptionCache) a pass already
//! carries from window to window and document to document (one per thread), so a search
//! allocates only when a window is longer than any before it. They hold nothing from one
//! search to the next: every buffer is cleared before use.
//!
//! [`KeptScores`] is the score of each token kept after the token before it: the one
//! language-model lookup nearly every position needs (the "keep" step of the state before it,
//! and the pruning bounds of its own and the previous position's candidates, which used to
//! look the same pair up again).

use super::group::Group;
use super::prune::Buffers;
use super::{Option_, State, emit_score};
use crate::spin::lm::OOV;
use crate::spin::tokens::Token;
use crate::spin::wide::Scorer;

/// Reused buffers of one search (see the module doc).
#[derive(Default)]
pub struct Scratch {
    /// Per position (`n + 1` of them): the search states reaching it.
    pub(super) states: Vec<Vec<State>>,
    /// Every position's options, position `i`'s at `all[starts[i]..starts[i + 1]]`.
    pub(super) all: Vec<Option_>,
    pub(super) starts: Vec<usize>,
    /// Per position: the group of its options (`group.rs`).
    pub(super) groups: Vec<Option<Group>>,
    /// Per position: what names its options (`options::options_keyed`).
    pub(super) keys: Vec<u32>,
    /// Per option of the current position: not left out by the pruning.
    pub(super) live: Vec<bool>,
    pub(super) proxy_ids: Vec<u32>,
    pub(super) kept: Vec<f32>,
    /// Per token, from [`KeptScores::new`]: `PAIR` when it and the token before it are a pair
    /// of known words inside a clause, `LISTED` too when that pair is a listed bigram (what
    /// the detection's collocation share counts, `OptionCache::collocations`). Empty when the
    /// last search did not score them.
    pub(super) pairs: Vec<u8>,
    /// The pruning bounds' buffers (`prune::Buffers`).
    pub(super) bounds: Buffers,
}

/// Positions whose buffers a search keeps for the next one: a window of ordinary documents
/// (some thousands of words) fits, while the buffers of a long document's 65,536-word windows
/// (some tens of megabytes) are given back rather than held by every pass's cache.
const KEPT_POSITIONS: usize = 1 << 13;

impl Scratch {
    /// Gives back what a long window made the buffers grow to (see `KEPT_POSITIONS`).
    pub(super) fn trim(&mut self) {
        if self.states.len() > KEPT_POSITIONS {
            self.states.truncate(KEPT_POSITIONS);
            self.states.shrink_to_fit();
        }
        if self.starts.capacity() > KEPT_POSITIONS {
            self.starts = Vec::new();
        }
        if self.groups.capacity() > KEPT_POSITIONS {
            self.groups = Vec::new();
        }
        if self.keys.capacity() > KEPT_POSITIONS {
            self.keys = Vec::new();
        }
        if self.kept.capacity() > KEPT_POSITIONS {
            self.kept = Vec::new();
        }
        if self.pairs.capacity() > KEPT_POSITIONS {
            self.pairs = Vec::new();
        }
        if self.all.capacity() > 8 * KEPT_POSITIONS {
            self.all = Vec::new();
        }
    }
}

/// Clears the state lists of positions `0..=n` (`Scratch::states`), making them as needed.
pub(super) fn reset_states(states: &mut Vec<Vec<State>>, n: usize) {
    if states.len() < n + 1 {
        states.resize_with(n + 1, Vec::new);
    }
    for s in &mut states[..=n] {
        s.clear();
    }
}

/// Under a bigram model ([`Scorer::alone`]): per token, the score of emitting it kept after
/// the token before it (after nothing at a clause boundary), exactly as `emit_score` gives it.
pub(super) struct KeptScores<'a> {
    toks: &'a [Token],
    scores: &'a [f32],
}

/// `Scratch::pairs` flags.
pub(super) const PAIR: u8 = 1;
pub(super) const LISTED: u8 = 2;

impl<'a> KeptScores<'a> {
    /// Scores every token of `toks` into `buf`, and flags its pair with the token before it in
    /// `pairs` (see `Scratch::pairs`); `None` under the trigram mixture, where a state's second
    /// word counts too.
    pub fn new(
        lm: &Scorer,
        toks: &'a [Token],
        buf: &'a mut Vec<f32>,
        pairs: &mut Vec<u8>,
    ) -> Option<Self> {
        let base = lm.alone()?;
        buf.clear();
        pairs.clear();
        for (i, t) in toks.iter().enumerate() {
            let last = match i {
                0 => OOV,
                _ => toks[i - 1].id,
            };
            // `emit_score` for one word under a bigram model, with the pair's listing
            let (score, flags) = if t.boundary_before {
                (base.bigram(None, t.id), 0)
            } else if last == OOV || t.id == OOV {
                (base.bigram(Some(last), t.id), 0)
            } else {
                let (score, listed) = base.bigram_listed(last, t.id);
                (score, PAIR | if listed { LISTED } else { 0 })
            };
            debug_assert_eq!(
                score.to_bits(),
                emit_score(lm, t.boundary_before, super::NO_WORD, last, &[t.id]).to_bits()
            );
            buf.push(score);
            pairs.push(flags);
        }
        Some(KeptScores { toks, scores: buf })
    }

    /// The score of emitting token `i` kept after a state whose last word is `last`, when
    /// known without a lookup: at a clause boundary, or after the token before it.
    pub fn after(&self, i: usize, last: u32) -> Option<f32> {
        let t = &self.toks[i];
        (t.boundary_before || (i > 0 && self.toks[i - 1].id == last)).then(|| self.scores[i])
    }
}
