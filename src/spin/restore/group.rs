//! Bounds over all the candidates at one position, so that the pruning (`prune.rs`) can leave
//! out a whole position's candidates at once, and bound the options after a candidate without
//! reading each of them.
//!
//! A common word's candidates are many (a WordNet group holds tens of members, each priced),
//! and nearly all of them lose to keeping the word: one by one, the cheap bounds of `prune.rs`
//! cost a few operations per candidate, and each candidate's right term reads every option at
//! the next position. A [`Group`] keeps the greatest of each candidate's terms in those cheap
//! bounds, so that one comparison per position settles most positions: if the best terms,
//! taken together (which no single candidate may reach), still lose by the margin, every
//! candidate does. A group is made once per cached word (`options.rs`) and reused at every
//! occurrence.

use super::Option_;
use crate::spin::dictionary::Dictionary;
use crate::spin::lm::{BACKOFF, LanguageModel, OOV};

/// The greatest terms of the cheap bounds over the candidates at one position (none a proxy,
/// every first word known; see the module doc).
#[derive(Debug, Clone, Copy)]
pub(super) struct Group {
    /// Over the candidates: `local + name_charge + Reach::after_any` (the left term inside a
    /// clause) and `local + Reach::after_boundary` (after a clause boundary); infinite when
    /// one of them replaces several words (it is measured against other kept words).
    pub top_any: f32,
    pub top_boundary: f32,
    /// The greatest `Reach::before_any`.
    pub before_any: f32,
    /// For the right term of the candidates before this position, over this position's
    /// options with first word `y` and name charge `c`: the greatest `max_in(y) - unigram(y)
    /// + c`, `max_in(y) + c`, `c - unigram(y)` and `c`.
    in_gain: f32,
    in_top: f32,
    charge_gain: f32,
    charge: f32,
}

impl Group {
    /// The group of no candidate.
    pub const EMPTY: Group = Group {
        top_any: f32::NEG_INFINITY,
        top_boundary: f32::NEG_INFINITY,
        before_any: f32::NEG_INFINITY,
        in_gain: f32::NEG_INFINITY,
        in_top: f32::NEG_INFINITY,
        charge_gain: f32::NEG_INFINITY,
        charge: f32::NEG_INFINITY,
    };

    /// The group of `opts` (the options at one position), or `None` when one of them is a
    /// proxy or starts with an unknown word: those are bounded one by one.
    pub fn of(lm: &LanguageModel, dict: &Dictionary, opts: &[Option_]) -> Option<Group> {
        let mut g = Group::EMPTY;
        let mut one_word = true;
        for o in opts {
            let p = o.original?;
            if o.proxy || o.reach.after_any.is_nan() {
                return None;
            }
            one_word &= o.len == 1;
            // a one-word original's word is in its reach, without reading the dictionary
            let y = match o.reach.only {
                OOV => dict.phrase(p).ids.first().copied().unwrap_or(OOV),
                y => y,
            };
            if y == OOV {
                return None;
            }
            let r = &o.reach;
            g.top_any = g.top_any.max(o.local + o.name_charge + r.after_any);
            g.top_boundary = g.top_boundary.max(o.local + r.after_boundary);
            g.before_any = g.before_any.max(r.before_any);
            let (max_in, unigram, c) = (lm.max_in(y), lm.unigram(y), o.name_charge);
            g.in_gain = g.in_gain.max(max_in - unigram + c);
            g.in_top = g.in_top.max(max_in + c);
            g.charge_gain = g.charge_gain.max(c - unigram);
            g.charge = g.charge.max(c);
        }
        if !one_word {
            (g.top_any, g.top_boundary) = (f32::INFINITY, f32::INFINITY);
        }
        Some(g)
    }

    /// Over this position's options `n` after a kept word `v`: the greatest
    /// `max_in(y) - min_bigram(v, y) + c` and `- min_bigram(v, y) + c` (what `prune.rs` calls
    /// `cheap`), from the group's terms (`LanguageModel::unlisted_after`).
    pub fn cheap_after(&self, lm: &LanguageModel, v: u32) -> (f32, f32) {
        match lm.unlisted_after(v) {
            Some(u) => (
                self.in_gain.max(self.in_top - u),
                self.charge_gain.max(self.charge - u),
            ),
            None => (self.in_gain - BACKOFF, self.charge_gain - BACKOFF),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::options::{OptionCache, Pass, options_at};
    use super::super::prune::{Buffers, Lattice, Position};
    use super::super::{Boost, NO_WORD, Option_, Params, State};
    use crate::spin::lm::OOV;
    use crate::spin::model::model;
    use crate::spin::tokens::tokens;
    use crate::spin::wide::Scorer;

    /// Wherever a group says that all its candidates lose, each of them, bounded on its own,
    /// loses too (on seeds in the detection pass's settings, after the kept words); and the
    /// group settles a good share of the positions that have candidates (29 % on these seeds,
    /// the rest are bounded candidate by candidate).
    #[test]
    fn a_group_leaves_out_only_what_each_bound_leaves_out() {
        let m = model();
        let lm = Scorer::base(&m.lm);
        let params = Params::new(1.5, 1.5, 6.0, -6.0);
        let (mut settled, mut positions) = (0, 0);
        for text in [
            include_str!("../../../seeds/000_654eb502e9b96e1f.txt"),
            include_str!("../../../seeds/003_c30bde986995c84a.txt"),
        ] {
            let toks = tokens(text, &m.lm, &m.dict);
            let boost = Boost::default();
            let pass = Pass {
                toks: &toks,
                text,
                lm: &lm,
                dict: &m.dict,
                params: &params,
                boost: &boost,
            };
            let mut cache = OptionCache::default();
            let (mut all, mut starts, mut groups) = (Vec::new(), Vec::new(), Vec::new());
            for i in 0..toks.len() {
                starts.push(all.len());
                groups.push(options_at(&pass, i, &mut cache, &mut all));
            }
            starts.push(all.len());
            let lattice = Lattice {
                options: &all,
                starts: &starts,
                groups: &groups,
            };
            for i in 0..toks.len() {
                let here: &[Option_] = &all[starts[i]..starts[i + 1]];
                let Some(group) = groups[i].filter(|_| !here.is_empty()) else {
                    continue;
                };
                positions += 1;
                let state = [State {
                    prev2: NO_WORD,
                    last: if i > 0 { toks[i - 1].id } else { OOV },
                    after_name: false,
                    score: -40.0,
                    from_pos: 0,
                    from_state: 0,
                    option: Option_::KEEP,
                }];
                let spare = Buffers::default();
                let mut at =
                    Position::new(&m.lm, &m.dict, &toks, (i, &state), lattice, None, spare);
                if at.all_dominated(&group) {
                    settled += 1;
                    for o in here {
                        assert!(at.dominated(o), "token {i}");
                    }
                }
            }
        }
        assert!(settled * 5 > positions, "{settled} of {positions}");
    }
}
