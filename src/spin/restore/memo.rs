//! The pruning's verdict on a whole position, remembered by the words around it.
//!
//! Where a position's group bound (`group.rs`) fails, `prune.rs` bounds its candidates one by
//! one: a language-model lookup or several per candidate, and a common word has tens of them.
//! Yet what those bounds come to depends on little: the one search state before the position
//! (its last word, or a clause boundary; no name refund pending), the word there (its prepared
//! options in the word cache, `options.rs`), and whether context passes to the next word and,
//! if so, that word and its prepared options. A document and a corpus repeat such triples
//! (a third of the positions of the 55 MB benchmark corpus repeat one seen before), so the
//! greatest of the candidates' bounds is kept by them (`OptionCache::bounds`), and where it is
//! below the margin every candidate is left out with one lookup.
//!
//! The bounds are the ones `prune::Position::dominated` compares, computed down to
//! [`TAU`] rather than to the position's own margin (`Position::bound`), so that the greatest
//! of them answers for any margin down to `-TAU`: the same candidates are left out as without
//! the memo (the pruning's reference test runs with it).

use super::Option_;
use super::State;
use super::options::{FRESH, NOTHING};
use super::prune::{self, Position};
use crate::spin::tokens::Token;
use rustc_hash::FxHashMap;

/// Scores (nats, from the last clause boundary) up to which a kept bound answers: beyond, the
/// relative margin (`prune.rs`) would exceed `-TAU`.
const TOP: f32 = 500.0;

/// How far below zero the kept bounds are worked out: the margin at a score of `TOP`.
const TAU: f32 = -prune::margin_at(TOP);

/// Bounds kept before the memo starts again (some 20 bytes each).
const CAPACITY: usize = 1 << 18;

/// `key`'s word before the position for a clause boundary, and its next word where context
/// does not pass: never a word id (unknown words have `OOV`).
const BOUNDARY: u32 = u32::MAX - 2;

/// What the candidates' bounds at token `i` depend on, where the search reached it with one
/// state (`here`): that state's last word (or a boundary), the prepared options there, and the
/// next word and its prepared options (or no context passing). `None` where something else
/// counts too (several states, a name refund, options made for this position alone).
pub(super) fn key(toks: &[Token], keys: &[u32], i: usize, here: &[State]) -> Option<[u32; 4]> {
    let [s] = here else {
        return None;
    };
    let ki = keys[i];
    if s.after_name || ki == FRESH || ki == NOTHING {
        return None;
    }
    let v = if toks[i].boundary_before {
        BOUNDARY
    } else {
        s.last
    };
    let (wj, kj) = match toks.get(i + 1) {
        Some(t) if !t.boundary_before => (t.id, keys[i + 1]),
        // no word id (an unknown word's is `OOV`): context does not pass
        _ => (BOUNDARY, NOTHING),
    };
    (kj != FRESH).then_some([v, ki, wj, kj])
}

/// Sets `live` (empty) to whether each of `opts`, the candidates at `at`'s position, may be
/// chosen: from the bound kept under `key` when there is one, else one by one (keeping their
/// greatest bound under `key`).
pub(super) fn settle(
    at: &mut Position,
    opts: &[Option_],
    key: Option<[u32; 4]>,
    memo: &mut FxHashMap<[u32; 4], f32>,
    live: &mut Vec<bool>,
) {
    let margin = at.margin();
    let Some(key) = key.filter(|_| -margin >= TAU) else {
        live.extend(opts.iter().map(|o| !at.dominated(o)));
        return;
    };
    match memo.get(&key) {
        Some(&top) if below(top, margin) => live.resize(opts.len(), false),
        Some(_) => live.extend(opts.iter().map(|o| !at.dominated(o))),
        None => {
            let mut top = f32::NEG_INFINITY;
            for o in opts {
                let b = at.bound(o, TAU);
                top = if b.is_nan() {
                    f32::INFINITY
                } else {
                    top.max(b)
                };
                live.push(!below(b, margin));
            }
            if memo.len() >= CAPACITY {
                memo.clear();
            }
            memo.insert(key, top);
        }
    }
}

/// Whether a bound leaves its candidates out under `margin` (`Position::dominated`).
fn below(bound: f32, margin: f32) -> bool {
    bound < -margin
}
