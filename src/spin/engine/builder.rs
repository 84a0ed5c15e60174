//! The settings of an [`Unspinner`](super::Unspinner), frozen by [`UnspinnerBuilder::build`].

use super::window::Windowing;
use super::{MOBY_COST, Unspinner, WIDE_WEIGHT, WideLm, model, with_user_pairs};
use crate::spin::restore::CachePool;
use once_cell::sync::OnceCell;
use std::borrow::Cow;

/// Settings of an `Unspinner`; each setter documents its default.
#[derive(Clone)]
pub struct UnspinnerBuilder {
    pairs: Vec<(String, String)>,
    spun_cost: f32,
    honest_cost: f32,
    thesaurus_cost: f32,
    threshold: f64,
    wide_lm: WideLm,
    wide_weight: f32,
    moby: bool,
    moby_cost: f32,
    windowing: Windowing,
}

impl Default for UnspinnerBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl UnspinnerBuilder {
    pub fn new() -> Self {
        UnspinnerBuilder {
            pairs: Vec::new(),
            spun_cost: 1.5,
            honest_cost: 12.0,
            thesaurus_cost: 8.0,
            threshold: 0.5,
            wide_lm: WideLm::default(),
            wide_weight: WIDE_WEIGHT,
            moby: false,
            moby_cost: MOBY_COST,
            windowing: Windowing::default(),
        }
    }

    /// Adds user `spun -> original` pairs (none by default).
    pub fn pairs(mut self, pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        self.pairs.extend(pairs);
        self
    }

    /// Evidence (nats) an edit needs in a document judged spun (default 1.5).
    pub fn spun_cost(mut self, nats: f32) -> Self {
        self.spun_cost = nats;
        self
    }

    /// Evidence (nats) an edit needs in a document judged honest (default 12).
    pub fn honest_cost(mut self, nats: f32) -> Self {
        self.honest_cost = nats;
        self
    }

    /// Extra evidence (nats) a thesaurus candidate needs over a signature when restoring a
    /// document judged spun (default 8; lower values restore more of a heavily
    /// spun text at the price of more wrong guesses). Detection and honest documents use 6.
    /// In a document judged densely spun by a word-for-word spinner (a low collocation share)
    /// the cost falls from this value to `DENSE_THESAURUS_COST` (-2).
    pub fn thesaurus_cost(mut self, nats: f32) -> Self {
        self.thesaurus_cost = nats;
        self
    }

    /// Which documents judged spun are restored with the CMU Sphinx bigrams and trigrams mixed
    /// into the language model (`wide.rs`; default [`WideLm::PhraseSpinner`]). More phrases are
    /// known ("Getty Images"), at the price of about 0.1 s of loading (and 40 MB) on the first
    /// such document. Verdicts never use it.
    pub fn wide_lm(mut self, when: WideLm) -> Self {
        self.wide_lm = when;
        self
    }

    /// Weight of the Sphinx model where it is used (0..=1, default `WIDE_WEIGHT`; 0 is
    /// the SymSpell model alone).
    pub fn wide_weight(mut self, weight: f32) -> Self {
        self.wide_weight = weight;
        self
    }

    /// Whether documents judged spun (except those showing the phrase-table spinner's
    /// signatures) are restored with the reverse Moby Thesaurus candidates as well
    /// (`dictionary.rs`; default false). The verdict never uses them. They restore text spun
    /// from a Moby-like table and hurt text spun from another table (word error rate 42.6% ->
    /// 38.6% and 34.0% -> 37.2% on held-out text, bench/unspin_eval/RESULTS.md), so they are a
    /// choice for a user who knows the spinner, not a default.
    pub fn moby(mut self, on: bool) -> Self {
        self.moby = on;
        self
    }

    /// Extra evidence (nats) a Moby candidate needs over a WordNet one (default `MOBY_COST`).
    pub fn moby_cost(mut self, nats: f32) -> Self {
        self.moby_cost = nats;
        self
    }

    /// How long documents are cut into windows (`window.rs`; default [`Windowing::default`]:
    /// windows of 65,536 words or more, ending at a clause boundary). Results do not depend on
    /// it unless a clause is longer than `max_clause` words; it bounds the memory a document
    /// needs.
    pub fn windowing(mut self, sizes: Windowing) -> Self {
        self.windowing = sizes;
        self
    }

    /// Score at which a document is called spun (default 0.5).
    pub fn threshold(mut self, score: f64) -> Self {
        self.threshold = score;
        self
    }

    /// Freezes the settings (builds the embedded model if it is not built yet).
    pub fn build(self) -> Unspinner {
        let m = model();
        let dict = if self.pairs.is_empty() {
            Cow::Borrowed(&m.dict)
        } else {
            Cow::Owned(with_user_pairs(&m.dict, &m.lm, &self.pairs))
        };
        Unspinner {
            lm: &m.lm,
            dict,
            pairs: self.pairs,
            moby_dict: OnceCell::new(),
            detection_options: CachePool::default(),
            honest_options: CachePool::default(),
            moby: self.moby,
            moby_cost: self.moby_cost,
            spun_cost: self.spun_cost,
            honest_cost: self.honest_cost,
            thesaurus_cost: self.thesaurus_cost,
            threshold: self.threshold,
            wide_lm: self.wide_lm,
            wide_weight: self.wide_weight,
            windowing: self.windowing,
        }
    }
}
