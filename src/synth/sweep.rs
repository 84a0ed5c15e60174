//! Copies made at controlled rates, and copies contained in a frame of new text.
//!
//! A rate here is the **share of the copy's words** to change (what a detector sees), unlike
//! the spinner's own rate, which is a share of the words its table knows:
//! - an edited copy at rate `r` edits each word of its origin with probability `r`
//!   ([`edit_words`]: a substitution, a deletion or an insertion, each changing one word);
//! - a spun copy at rate `r` spins its origin at the spinner rate
//!   `p = min(1, r * words / eligible)` ([`rate_for_share`]), so `r` of all its words are
//!   replaced in expectation. An origin whose table-known words are fewer than `r` of its
//!   words cannot reach `r`: such origins are passed over while an unused one that can is
//!   left, and spun at `p = 1` otherwise;
//! - a contained copy is its origin between a header and a footer of whole sentences taken
//!   from *filler* sources: sources set aside, never written to the corpus and each sentence
//!   used once, so the frame appears nowhere else. The frame has 0.5 to 2 times the origin's
//!   word count, split between header and footer at a random point.
//!
//! Whatever was aimed at, the gold records what the copy holds (`super::measure`).
//!
//! Every copy takes an origin not used yet by any copy, so that each gold pair is the only
//! copying between its two documents; once all are used a new round starts and origins are
//! reused (copies of one origin are then copies of each other, which `copydesk eval` counts
//! through the gold's closure). Contained copies are made first (their fillers are taken from
//! the unused end of the origin list), then spun copies from the highest rate down (the most
//! demanding ones choose first), then edited copies.

use super::corpus::{DuplicateKind, SynthConfig};
use super::edit::edit_words;
use super::rng::Rng;
use super::spinner::{SpinConfig, SpinTable, eligible_words, rate_for_share, spin};
use crate::corpus::Document;
use crate::text::word_indices;
use std::collections::VecDeque;
use unicode_segmentation::UnicodeSegmentation;

/// Frame size bounds, as multiples of the origin's word count.
const FRAME_RATIO: (f64, f64) = (0.5, 2.0);

/// One copy made: its origin (index into the documents), kind, text and target rate.
#[derive(Debug, Clone)]
pub(crate) struct Made {
    pub origin: usize,
    pub kind: DuplicateKind,
    pub text: String,
    pub rate: Option<f64>,
}

/// The origins, in the order they are taken, with the ones used in this round, the ones ever
/// used, and the ones set aside as fillers.
pub(crate) struct OriginPool {
    order: Vec<usize>,
    used: Vec<bool>,
    ever: Vec<bool>,
    filler: Vec<bool>,
}

impl OriginPool {
    pub fn new(order: &[usize]) -> Self {
        OriginPool {
            order: order.to_vec(),
            used: vec![false; order.len()],
            ever: vec![false; order.len()],
            filler: vec![false; order.len()],
        }
    }

    /// Marks document `doc` used (a copy was made of it elsewhere).
    pub fn mark_used(&mut self, doc: usize) {
        if let Some(k) = self.order.iter().position(|&d| d == doc) {
            self.used[k] = true;
            self.ever[k] = true;
        }
    }

    /// The first origin unused in this round that `accept` takes, else the first unused one;
    /// when all are used, a new round starts. `None` when there is no origin at all.
    pub fn take(&mut self, mut accept: impl FnMut(usize) -> bool) -> Option<usize> {
        for _ in 0..2 {
            let free = |k: &usize| !self.used[*k] && !self.filler[*k];
            let candidates: Vec<usize> = (0..self.order.len()).filter(free).collect();
            if let Some(&k) = candidates
                .iter()
                .find(|&&k| accept(self.order[k]))
                .or(candidates.first())
            {
                self.used[k] = true;
                self.ever[k] = true;
                return Some(self.order[k]);
            }
            // A new round: every origin but the fillers is free again.
            self.used.iter_mut().for_each(|u| *u = false);
        }
        None
    }

    /// Sets aside the last origin never used as a filler; `None` when there is none.
    pub fn take_filler(&mut self) -> Option<usize> {
        let k = (0..self.order.len())
            .rev()
            .find(|&k| !self.ever[k] && !self.filler[k])?;
        self.filler[k] = true;
        Some(self.order[k])
    }
}

/// Sentences of the filler sources, each handed out once.
struct Filler {
    sentences: VecDeque<(String, usize)>,
    words: usize,
}

impl Filler {
    /// Whole sentences with at least `want` words (or all that is left), reserving more filler
    /// sources from `pool` when needed; `None` when no filler is left at all.
    fn take(
        &mut self,
        want: usize,
        pool: &mut OriginPool,
        docs: &[Document],
        body: &[(usize, usize)],
        fillers: &mut Vec<usize>,
    ) -> Option<String> {
        while self.words < want {
            let Some(doc) = pool.take_filler() else {
                break;
            };
            fillers.push(doc);
            let (lo, hi) = body[doc];
            for sentence in docs[doc].text[lo..hi].split_sentence_bounds() {
                let sentence = sentence.trim();
                let n = word_indices(sentence).count();
                if n > 0 {
                    self.sentences.push_back((sentence.to_string(), n));
                    self.words += n;
                }
            }
        }
        let mut out = Vec::new();
        let mut got = 0;
        while got < want.max(1) {
            let Some((sentence, n)) = self.sentences.pop_front() else {
                break;
            };
            self.words -= n;
            got += n;
            out.push(sentence);
        }
        (!out.is_empty()).then(|| out.join(" "))
    }
}

/// The rate-swept and contained copies of `cfg`, and the filler sources they used (which must
/// not be written to the corpus). `body[i]` is the byte range of document `i` without its
/// boilerplate lines.
pub(crate) fn make_copies(
    docs: &[Document],
    body: &[(usize, usize)],
    pool: &mut OriginPool,
    cfg: &SynthConfig,
    table: &SpinTable,
) -> (Vec<Made>, Vec<usize>) {
    let mut made = Vec::new();
    let mut fillers = Vec::new();
    let mut counts: Vec<Option<(usize, usize)>> = vec![None; docs.len()];
    let mut count =
        |doc: usize| *counts[doc].get_or_insert_with(|| eligible_words(&docs[doc].text, table));

    // Contained copies.
    let mut rng = Rng::derive(cfg.seed, "sweep-contained");
    let mut filler = Filler {
        sentences: VecDeque::new(),
        words: 0,
    };
    for _ in 0..cfg.contained_copies {
        let Some(origin) = pool.take(|d| count(d).0 > 0) else {
            break;
        };
        let words = count(origin).0.max(1) as f64;
        let (lo, hi) = FRAME_RATIO;
        let total = (words * (lo + (hi - lo) * rng.next_f64())).round() as usize;
        let head_words = ((total as f64) * (0.25 + 0.5 * rng.next_f64())).round() as usize;
        let tail_words = total.saturating_sub(head_words);
        let mut piece = |want| filler.take(want, pool, docs, body, &mut fillers);
        let (Some(head), Some(tail)) = (piece(head_words), piece(tail_words)) else {
            break;
        };
        let text = format!("{head}\n\n{}\n\n{tail}", docs[origin].text);
        made.push(Made {
            origin,
            kind: DuplicateKind::Contained,
            text,
            rate: None,
        });
    }

    // Spun copies, the highest rate first.
    let mut rng = Rng::derive(cfg.seed, "sweep-spin");
    let mut rates = cfg.spin_rates.clone();
    rates.sort_by(|a, b| b.total_cmp(a));
    for &rate in &rates {
        for _ in 0..cfg.per_rate {
            let reaches = |d: usize| {
                let (words, eligible) = count(d);
                words > 0 && eligible as f64 >= rate * words as f64
            };
            let Some(origin) = pool.take(reaches) else {
                break;
            };
            let (words, eligible) = count(origin);
            let spin_cfg = SpinConfig {
                rate: rate_for_share(rate, words, eligible),
                seed: rng.next_u64(),
            };
            made.push(Made {
                origin,
                kind: DuplicateKind::Spun,
                text: spin(&docs[origin].text, table, &spin_cfg).text,
                rate: Some(rate),
            });
        }
    }

    // Edited copies.
    let mut rng = Rng::derive(cfg.seed, "sweep-edit");
    for &rate in &cfg.edit_rates {
        for _ in 0..cfg.per_rate {
            let Some(origin) = pool.take(|d| count(d).0 > 0) else {
                break;
            };
            made.push(Made {
                origin,
                kind: DuplicateKind::Edited,
                text: edit_words(&docs[origin].text, rate, &mut rng),
                rate: Some(rate),
            });
        }
    }
    (made, fillers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_prefers_accepted_unused_origins_then_reuses() {
        let mut pool = OriginPool::new(&[5, 6, 7, 8]);
        pool.mark_used(5);
        assert_eq!(pool.take(|d| d == 8), Some(8));
        assert_eq!(
            pool.take(|d| d == 8),
            Some(6),
            "8 is used: the first unused"
        );
        assert_eq!(pool.take_filler(), Some(7));
        // 5, 6, 8 used and 7 a filler: a new round, 7 never comes back.
        assert_eq!(pool.take(|_| false), Some(5));
        assert_eq!(pool.take(|d| d == 8), Some(8));
        assert_eq!(pool.take(|_| true), Some(6));
        assert_eq!(pool.take(|_| true), Some(5));
        assert_eq!(
            pool.take_filler(),
            None,
            "all were used: none can be a filler"
        );
        assert_eq!(OriginPool::new(&[]).take(|_| true), None);
    }

    #[test]
    fn spun_copies_pass_over_origins_that_cannot_reach_the_rate() {
        // Even documents are all table words, odd ones none: only even ones reach 0.5.
        let table = SpinTable::from_pairs([("known", "famous")]);
        let docs: Vec<Document> = (0..8)
            .map(|i| {
                let word = if i % 2 == 0 { "known" } else { "unknown" };
                Document::new(format!("d{i}"), [word; 20].join(" "))
            })
            .collect();
        let body: Vec<(usize, usize)> = docs.iter().map(|d| (0, d.text.len())).collect();
        let order = [1, 3, 0, 5, 2, 7, 4, 6];
        let mut pool = OriginPool::new(&order);
        let cfg = SynthConfig {
            spin_rates: vec![0.5],
            per_rate: 5,
            ..SynthConfig::default()
        };
        let (made, fillers) = make_copies(&docs, &body, &mut pool, &cfg, &table);
        let origins: Vec<usize> = made.iter().map(|m| m.origin).collect();
        // Four origins reach 0.5; the fifth copy takes the first unused one (and cannot).
        assert_eq!(origins, [0, 2, 4, 6, 1]);
        assert!(fillers.is_empty());
        for m in &made[..4] {
            let spun = m.text.split(' ').filter(|w| *w == "famous").count();
            assert!((3..=17).contains(&spun), "{spun} of 20 spun at p = 0.5");
        }
        assert_eq!(made[4].text, docs[1].text);
    }
}
