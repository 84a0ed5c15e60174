//! Leaving out of the search the candidates that can never be chosen.
//!
//! Nearly every candidate a position offers loses to keeping the word: in the detection pass of
//! the 55 MB benchmark corpus, 98.6 % of them score worse than the text whatever their
//! neighbours do. Each still cost the search a language-model lookup per state before it and
//! one per option after it, and a state that the next position multiplies by its own options.
//!
//! A candidate `o` at token `i` (replacing tokens `i..j`) is *dominated* when every reading that
//! uses it scores below the same reading with tokens `i..j` kept: the two differ only in `o`'s
//! own terms (`local`, and the name refund it gets or gives), in how the words it emits follow
//! the state before it, and in how the first word after it follows its last. So
//!
//! ```text
//!   gain(o) <= local + max over states s at i   [refund(s) + emit(o | s) - emit(kept | s)]
//!                    + max over options n at j  [lp(n first | o last) - lp(n first | kept last)
//!                                                + the refund o gives n]
//! ```
//!
//! (no right term at a clause boundary or the end, where context does not pass). When this is
//! below `-margin`, no best reading uses `o`, and the search gives the same result without it;
//! the margin (far above float rounding) leaves alone any candidate that could tie. The states
//! at `i` are known when `i` is reached; the options at `j` are made ahead (`restore`).
//!
//! Most candidates are settled without a lookup of their own, by bounds from the model's
//! per-word maxima (`LanguageModel::max_in`, `max_out`) against the kept words' scores, which
//! are the same for every candidate at a position; the rest are settled exactly. Only for a
//! bigram model: under the trigram mixture a state's two words would both count.

use super::group::Group;
use super::scratch::KeptScores;
use super::{Option_, State};
use crate::spin::dictionary::Dictionary;
use crate::spin::lm::{LanguageModel, OOV};
use crate::spin::tokens::Token;

/// Margin (nats) a candidate's bound must fall below zero by, plus `RELATIVE_MARGIN` of the
/// score it starts from: float rounding of the search's sums is far smaller.
const MARGIN: f32 = 0.05;
const RELATIVE_MARGIN: f32 = 1e-4;

/// The margin of a position whose states' greatest score magnitude is `top`.
pub(super) const fn margin_at(top: f32) -> f32 {
    MARGIN + RELATIVE_MARGIN * top
}

/// How well a candidate's words can fit any context: the parts of its cheap bound that do
/// not depend on where it stands, worked out once per candidate (`options.rs` caches them).
#[derive(Debug, Clone, Copy)]
pub(super) struct Reach {
    /// The most its words score after any word.
    pub(super) after_any: f32,
    /// Its words' score after a clause boundary.
    pub(super) after_boundary: f32,
    /// The most any word scores after its last.
    pub(super) before_any: f32,
    /// Its only word, or `OOV` when it has several (then they are read from the dictionary).
    pub(super) only: u32,
}

impl Reach {
    /// For "keep" and proxies: worked out where needed.
    pub const NONE: Reach = Reach {
        after_any: f32::NAN,
        after_boundary: f32::NAN,
        before_any: f32::NAN,
        only: OOV,
    };

    /// The reach of the words `ids` under `lm`.
    pub fn of(lm: &LanguageModel, ids: &[u32]) -> Reach {
        let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
            return Reach::NONE;
        };
        let inner = lm.phrase(ids) - lm.unigram(first);
        Reach {
            after_any: lm.max_in(first) + inner,
            after_boundary: lm.unigram(first) + inner,
            before_any: lm.max_out(last),
            only: if ids.len() == 1 { first } else { OOV },
        }
    }
}

/// The options of every position, made ahead by the search: token `j`'s at
/// `options[starts[j]..starts[j + 1]]`, with their [`Group`] when they have one.
#[derive(Clone, Copy)]
pub(super) struct Lattice<'a> {
    pub options: &'a [Option_],
    pub starts: &'a [usize],
    pub groups: &'a [Option<Group>],
}

/// What the bounds at one position share: the states before it, the options after each
/// possible end, and (per candidate length, made on first use) the kept words' scores.
pub(super) struct Position<'a> {
    view: View<'a>,
    i: usize,
    states: &'a [State],
    margin: f32,
    /// For one-word candidates (nearly all of them), in `spare`'s buffers.
    one: Option<Kept>,
    /// For candidates of more words (index `len - 2`).
    longer: Vec<Option<Kept>>,
    spare: Buffers,
}

/// The buffers a position's one-word [`Kept`] is made in, kept by the search from position to
/// position (a position allocated two vectors, a tenth of the detection pass).
#[derive(Default)]
pub(super) struct Buffers {
    after_state: Vec<f32>,
    next: Vec<Next>,
}

/// What a position reads of the search's inputs.
#[derive(Clone, Copy)]
struct View<'a> {
    lm: &'a LanguageModel,
    dict: &'a Dictionary,
    toks: &'a [Token],
    lattice: Lattice<'a>,
    /// Each token's score kept after the one before it, when the search has them.
    kept_scores: Option<&'a KeptScores<'a>>,
}

/// What a candidate of one length is measured against: the kept words.
struct Kept {
    /// The kept words' score after each state.
    after_state: Vec<f32>,
    /// The least of `after_state`.
    worst: f32,
    /// Whether context passes to the token after the kept words (no clause boundary, not the
    /// end).
    passes: bool,
    /// The options at the token after the kept words, the kept word there first: made on
    /// first need (the cheap bounds need only `cheap`), when `next_made`.
    next: Vec<Next>,
    next_made: bool,
    /// Over the options there: the greatest `max_in(first) - score + charge`, and
    /// `- score + charge`, with each option's score after the kept words bounded from below.
    cheap: (f32, f32),
}

/// One option after the kept words, as a candidate's right term needs it.
struct Next {
    /// Its first word.
    y: u32,
    /// How `y` scores after the kept words: a lower bound until `exact`.
    after_kept: f32,
    exact: bool,
    /// Its name charge (the refund a name candidate before it would give it).
    charge: f32,
}

impl<'a> Position<'a> {
    pub fn new(
        lm: &'a LanguageModel,
        dict: &'a Dictionary,
        toks: &'a [Token],
        (i, states): (usize, &'a [State]),
        lattice: Lattice<'a>,
        kept_scores: Option<&'a KeptScores<'a>>,
        spare: Buffers,
    ) -> Self {
        let top = states.iter().map(|s| s.score.abs()).fold(0.0f32, f32::max);
        Position {
            view: View {
                lm,
                dict,
                toks,
                lattice,
                kept_scores,
            },
            i,
            states,
            margin: margin_at(top),
            one: None,
            longer: Vec::new(),
            spare,
        }
    }

    /// The buffers back, for the next position.
    pub fn into_buffers(self) -> Buffers {
        match self.one {
            Some(k) => Buffers {
                after_state: k.after_state,
                next: k.next,
            },
            None => self.spare,
        }
    }

    /// The kept words for candidates of `len` words, made on first use.
    fn kept(&mut self, len: usize) -> &mut Kept {
        let (view, i, states) = (self.view, self.i, self.states);
        if len == 1 {
            let spare = &mut self.spare;
            return self
                .one
                .get_or_insert_with(|| view.kept_words(i, states, 1, std::mem::take(spare)));
        }
        if self.longer.len() < len - 1 {
            self.longer.resize_with(len - 1, || None);
        }
        self.longer[len - 2]
            .get_or_insert_with(|| view.kept_words(i, states, len, Buffers::default()))
    }

    /// True when no best reading can use any candidate of `group` (the one-word candidates at
    /// this position): the cheap bound of [`dominated`](Self::dominated), from the group's
    /// greatest terms.
    pub fn all_dominated(&mut self, group: &Group) -> bool {
        let boundary = self.view.toks[self.i].boundary_before;
        let margin = self.margin;
        let kept = self.kept(1);
        let top = if boundary {
            group.top_boundary
        } else {
            group.top_any
        };
        let right = match kept.passes {
            false => 0.0,
            true => kept.cheap.0.min(group.before_any + kept.cheap.1),
        };
        top - kept.worst + right < -margin
    }

    /// True when no best reading can use `o` (see the module doc).
    pub fn dominated(&mut self, o: &Option_) -> bool {
        let margin = self.margin;
        self.bound(o, -margin) < -margin
    }

    /// The margin the bounds here must fall below zero by.
    pub fn margin(&self) -> f32 {
        self.margin
    }

    /// An upper bound on what a best reading can gain by using `o`: the first of the bounds
    /// of [`dominated`](Self::dominated), cheapest first, that falls below `tau`, else the
    /// least of them all. For any margin `m` with
    /// `-m >= tau`, `o` is dominated under `m` exactly when this is below `-m`.
    pub fn bound(&mut self, o: &Option_, tau: f32) -> f32 {
        let (i, len) = (self.i, o.len);
        let (view, states) = (self.view, self.states);
        let (lm, toks, dict) = (view.lm, view.toks, view.dict);
        let kept = self.kept(len);
        // The words `o` emits: a one-word original's from its reach, without reading the
        // dictionary; a proxy emits the kept words.
        let kept_ids: Vec<u32>;
        let only: [u32; 1];
        let ids: &[u32] = match o.original {
            Some(_) if !o.proxy && o.reach.only != OOV => {
                only = [o.reach.only];
                &only
            }
            Some(p) if !o.proxy => &dict.phrase(p).ids,
            _ => {
                kept_ids = toks[i..i + len].iter().map(|t| t.id).collect();
                &kept_ids
            }
        };
        let boundary = toks[i].boundary_before;
        let refund = if boundary { 0.0 } else { o.name_charge };
        // Cheap bounds first: the most `o`'s words can score after any state against the
        // least the kept words score, and the most any word can score after `o`'s last.
        let reach = if o.reach.after_any.is_nan() {
            Reach::of(lm, ids)
        } else {
            o.reach
        };
        let best = if boundary {
            reach.after_boundary
        } else {
            reach.after_any
        };
        let left_cheap = refund + best - kept.worst;
        let right_cheap = match kept.passes {
            false => 0.0,
            true => kept.cheap.0.min(reach.before_any + kept.cheap.1),
        };
        let cheap = o.local + left_cheap + right_cheap;
        if cheap < tau {
            return cheap;
        }
        let Some(&last) = ids.last() else {
            return cheap;
        };
        // Exactly, state by state and option by option.
        let left = states
            .iter()
            .zip(&kept.after_state)
            .map(|(s, &kept_score)| {
                let r = if s.after_name && !boundary {
                    o.name_charge
                } else {
                    0.0
                };
                r + emit(lm, boundary, s.last, ids.iter().copied()) - kept_score
            })
            .fold(f32::NEG_INFINITY, f32::max);
        let exact_left = o.local + left + right_cheap;
        if exact_left < tau {
            return exact_left;
        }
        let least = cheap.min(exact_left);
        let bound = o.local + left;
        if !kept.passes {
            return least.min(bound);
        }
        if !kept.next_made {
            view.next_options(i + len, &mut kept.next);
            kept.next_made = true;
        }
        let next = &mut kept.next;
        // The kept word after first, exactly; then each option there whose term could exceed
        // the greatest so far (its score after the kept words made exact on first need).
        let kept_last = toks[i + len - 1].id;
        let mut right = lm.bigram(Some(last), next[0].y) - next[0].after_kept;
        for n in next.iter_mut().skip(1) {
            let gives = if o.name_charge > 0.0 { n.charge } else { 0.0 };
            let best = lm.max_in(n.y).min(reach.before_any) + gives;
            if best - n.after_kept <= right {
                continue;
            }
            if !n.exact {
                n.after_kept = lm.bigram(Some(kept_last), n.y);
                n.exact = true;
                if best - n.after_kept <= right {
                    continue;
                }
            }
            right = right.max(lm.bigram(Some(last), n.y) - n.after_kept + gives);
        }
        least.min(bound + right)
    }
}

impl View<'_> {
    /// The kept words `i..i + len`, after `states`, against which candidates of `len` words
    /// are measured; made in `buffers`.
    fn kept_words(&self, i: usize, states: &[State], len: usize, buffers: Buffers) -> Kept {
        let (lm, toks) = (self.lm, self.toks);
        let j = i + len;
        let boundary = toks[i].boundary_before;
        let ids = || toks[i..j].iter().map(|t| t.id);
        let memo = |s: &State| match self.kept_scores {
            Some(k) if len == 1 => k.after(i, s.last),
            _ => None,
        };
        let Buffers {
            mut after_state,
            mut next,
        } = buffers;
        after_state.clear();
        after_state.extend(
            states
                .iter()
                .map(|s| memo(s).unwrap_or_else(|| emit(lm, boundary, s.last, ids()))),
        );
        let worst = after_state.iter().copied().fold(f32::INFINITY, f32::min);
        let passes = toks.get(j).is_some_and(|t| !t.boundary_before);
        let mut cheap = (f32::NEG_INFINITY, f32::NEG_INFINITY);
        let mut next_made = false;
        if passes {
            // The options there taken together when they have a group; else one by one.
            let group = self.lattice.groups.get(j).copied().flatten();
            let kept_score = self.kept_after(j);
            cheap = (lm.max_in(toks[j].id) - kept_score, -kept_score);
            match group {
                Some(g) => {
                    let (c0, c1) = g.cheap_after(lm, toks[j - 1].id);
                    cheap = (cheap.0.max(c0), cheap.1.max(c1));
                }
                None => {
                    self.next_options(j, &mut next);
                    for n in &next[1..] {
                        cheap.0 = cheap.0.max(lm.max_in(n.y) - n.after_kept + n.charge);
                        cheap.1 = cheap.1.max(-n.after_kept + n.charge);
                    }
                    next_made = true;
                }
            }
        }
        Kept {
            after_state,
            worst,
            passes,
            next,
            next_made,
            cheap,
        }
    }

    /// How token `j` (not after a boundary) scores kept after the token before it.
    fn kept_after(&self, j: usize) -> f32 {
        let (t, kept_last) = (&self.toks[j], self.toks[j - 1].id);
        self.kept_scores
            .and_then(|k| k.after(j, kept_last))
            .unwrap_or_else(|| self.lm.bigram(Some(kept_last), t.id))
    }

    /// The options at token `j` (not after a boundary) as a right term reads them, into
    /// `next`: the kept word first, exactly; the others' scores bounded from below for now
    /// (see `dominated`).
    fn next_options(&self, j: usize, next: &mut Vec<Next>) {
        let (lm, t, kept_last) = (self.lm, &self.toks[j], self.toks[j - 1].id);
        let l = self.lattice;
        let options = options_at(l.options, l.starts, j);
        next.clear();
        next.reserve(options.len() + 1);
        next.push(Next {
            y: t.id,
            after_kept: self.kept_after(j),
            exact: true,
            charge: 0.0,
        });
        for n in options {
            // a one-word original's word is in its reach, without reading the dictionary
            let y = match n.original {
                Some(_) if !n.proxy && n.reach.only != OOV => n.reach.only,
                Some(p) if !n.proxy => self.dict.phrase(p).ids[0],
                _ => t.id,
            };
            next.push(Next {
                y,
                after_kept: lm.min_bigram(kept_last, y),
                exact: false,
                charge: n.name_charge,
            });
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Tests only: search without leaving anything out, the reference pruning must agree with.
    static OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the search leaves dominated candidates out (always, but in the tests that compare
/// it with the search that does not).
pub(super) fn enabled() -> bool {
    #[cfg(test)]
    if OFF.with(|off| off.get()) {
        return false;
    }
    true
}

/// Token `j`'s options in `options` (none past the end).
pub(super) fn options_at<'x>(options: &'x [Option_], starts: &[usize], j: usize) -> &'x [Option_] {
    match (starts.get(j), starts.get(j + 1)) {
        (Some(&a), Some(&b)) => &options[a..b],
        _ => &[],
    }
}

/// The score of `ids` emitted after the word `last`, or after a clause boundary, under a
/// bigram model (`restore::emit_score` for `Scorer::base`).
fn emit(lm: &LanguageModel, boundary: bool, last: u32, ids: impl Iterator<Item = u32>) -> f32 {
    let mut prev = (!boundary).then_some(last);
    let mut lp = 0.0;
    for w in ids {
        lp += lm.bigram(prev, w);
        prev = Some(w);
    }
    lp
}

#[cfg(test)]
mod tests {
    use super::super::{Boost, Params, Replacement, restore};
    use super::OFF;
    use crate::spin::model::model;
    use crate::spin::tokens::tokens;
    use crate::spin::wide::Scorer;

    fn key(r: &[Replacement]) -> Vec<(usize, usize, u32, u32, u32)> {
        r.iter()
            .map(|r| (r.first, r.end, r.original, r.spun, r.gain.to_bits()))
            .collect()
    }

    /// On seeds (honest news, and the phrase-table spinner's article), in the settings of
    /// the detection pass, of honest text and of densely spun text, the search that leaves
    /// dominated candidates out makes the choices of the full search, gains to the bit.
    #[test]
    fn pruning_changes_no_choice() {
        let m = model();
        let lm = Scorer::base(&m.lm);
        // two honest news articles and the phrase-table spinner's article
        let seeds = [
            include_str!("../../../seeds/000_654eb502e9b96e1f.txt"),
            include_str!("../../../seeds/003_c30bde986995c84a.txt"),
            include_str!("../../../seeds/004_b24285a9b201835e.txt"),
        ];
        let mut dense = Params::new(1.5, 1.5, -2.0, -6.0);
        dense.restoration_pairs = true;
        dense.alpha = 0.7;
        let settings = [
            Params::new(1.5, 1.5, 6.0, -6.0),
            Params::new(12.0, 1.5, 6.0, -6.0),
            dense,
        ];
        let mut chosen = 0;
        for text in seeds {
            let toks = tokens(text, &m.lm, &m.dict);
            for params in &settings {
                let run = |off: bool| {
                    OFF.with(|o| o.set(off));
                    let r = restore(&toks, text, &lm, &m.dict, params, &Boost::default(), None);
                    OFF.with(|o| o.set(false));
                    r
                };
                let (pruned, full) = (run(false), run(true));
                assert_eq!(key(&pruned), key(&full));
                chosen += full.len();
            }
        }
        assert!(chosen > 100, "{chosen}");
    }
}
