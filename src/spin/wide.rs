//! A wider bigram model for restoration: CMU Sphinx's US English model, mixed into the SymSpell one.
//!
//! The SymSpell lists (`lm.rs`) hold 242k bigrams, too few to know many phrases a spinner
//! breaks ("getty images", "target list", "didn't respond"); restoration then cannot tell the
//! original from its synonym. `dictionaries/lm_sphinx.tsv.gz` holds the unigrams and 1.76M
//! bigrams of the CMU Sphinx 3-gram model (BSD-2-Clause), restricted to SymSpell's vocabulary, as
//! log10 probabilities with back-off weights (Katz back-off: an unlisted pair `v w` scores
//! `bo(v) + P(w)`). [`Scorer`] mixes the two conditional probabilities linearly,
//! `P(w | v) = (1 - weight) P_symspell + weight P_sphinx`, so a pair listed in either model is
//! evidence; a word Sphinx does not know is scored by SymSpell alone.
//!
//! Only the restoration passes of documents judged spun use the mixture: the spin verdict
//! (`detect.rs`) was calibrated on the SymSpell model and keeps it ([`Scorer::base`] scores
//! exactly as `LanguageModel` does).

use super::data;
use super::dictionary::Phrase;
use super::lm::{LanguageModel, OOV};
use crate::text::word_hash;
use rustc_hash::FxHashMap;

/// Sphinx unigram and bigram log probabilities (natural logs), keyed by SymSpell word ids.
pub struct WideBigrams {
    /// ln P(w) per SymSpell id, NaN for words Sphinx does not know.
    unigram: Vec<f32>,
    /// ln back-off weight per SymSpell id (0 for unknown words).
    backoff: Vec<f32>,
    /// ln P(w | v), keyed by `(v << 32) | w`.
    bigrams: FxHashMap<u64, f32>,
}

impl WideBigrams {
    /// Builds the table from the embedded `lm_sphinx.tsv.gz`, with `lm`'s word ids.
    pub fn embedded(lm: &LanguageModel) -> Self {
        Self::from_tsv(lm, &data::gunzip(data::SPHINX_GZ))
    }

    /// Builds the table from `word<TAB>log10 P<TAB>log10 bo` and `w1 w2<TAB>log10 P` rows; rows
    /// with words `lm` does not know are skipped.
    pub fn from_tsv(lm: &LanguageModel, text: &str) -> Self {
        let n = lm.vocabulary_len();
        let mut table = WideBigrams {
            unigram: vec![f32::NAN; n],
            backoff: vec![0.0; n],
            bigrams: FxHashMap::default(),
        };
        table.bigrams.reserve(text.len() / 22);
        let ln10 = std::f32::consts::LN_10;
        // Bigram rows are sorted by their first word: look it up once per run of rows.
        let mut last_v: (&str, u32) = ("", OOV);
        for (key, rest) in data::tsv_rows(text) {
            let mut fields = rest.split('\t').map(|f| f.trim().parse::<f32>());
            let Some(Ok(lp)) = fields.next() else {
                continue;
            };
            match key.split_once(' ') {
                Some((v, w)) => {
                    if last_v.0 != v {
                        last_v = (v, lm.id_of_hash(word_hash(v)));
                    }
                    let (iv, iw) = (last_v.1, lm.id_of_hash(word_hash(w)));
                    if iv != OOV && iw != OOV {
                        table.bigrams.insert(pair_key(iv, iw), lp * ln10);
                    }
                }
                None => {
                    let id = lm.id_of_hash(word_hash(key));
                    if id != OOV {
                        table.unigram[id as usize] = lp * ln10;
                        if let Some(Ok(bo)) = fields.next() {
                            table.backoff[id as usize] = bo * ln10;
                        }
                    }
                }
            }
        }
        table
    }

    /// ln P(w | prev) under the Sphinx model, `None` when it does not know `w`.
    pub fn bigram(&self, prev: Option<u32>, w: u32) -> Option<f32> {
        let uw = *self.unigram.get(w as usize)?;
        if uw.is_nan() {
            return None;
        }
        let Some(v) = prev.filter(|&v| (v as usize) < self.unigram.len()) else {
            return Some(uw);
        };
        if self.unigram[v as usize].is_nan() {
            return Some(uw);
        }
        Some(match self.bigrams.get(&pair_key(v, w)) {
            Some(&lp) => lp,
            None => self.backoff[v as usize] + uw,
        })
    }

    /// Number of bigrams kept.
    pub fn len(&self) -> usize {
        self.bigrams.len()
    }

    /// True when no bigram is kept.
    pub fn is_empty(&self) -> bool {
        self.bigrams.is_empty()
    }
}

fn pair_key(a: u32, b: u32) -> u64 {
    ((a as u64) << 32) | b as u64
}

/// The language model restoration scores with: SymSpell alone, or mixed with Sphinx.
#[derive(Clone, Copy)]
pub struct Scorer<'a> {
    pub lm: &'a LanguageModel,
    wide: Option<(&'a WideBigrams, f32)>,
}

impl<'a> Scorer<'a> {
    /// SymSpell alone: scores exactly as `LanguageModel` does.
    pub fn base(lm: &'a LanguageModel) -> Self {
        Scorer { lm, wide: None }
    }

    /// SymSpell mixed with `wide` at `weight` (in 0..=1).
    pub fn mixed(lm: &'a LanguageModel, wide: &'a WideBigrams, weight: f32) -> Self {
        Scorer {
            lm,
            wide: Some((wide, weight.clamp(0.0, 1.0))),
        }
    }

    /// ln P(w | prev), `prev = None` at a clause boundary.
    pub fn bigram(&self, prev: Option<u32>, w: u32) -> f32 {
        let a = self.lm.bigram(prev, w);
        let Some((wide, weight)) = self.wide else {
            return a;
        };
        match wide.bigram(prev, w) {
            Some(b) => {
                let m = a.max(b);
                m + ((1.0 - weight) * (a - m).exp() + weight * (b - m).exp()).ln()
            }
            None => a,
        }
    }

    /// ln P of a phrase on its own: its first word's unigram, then its bigrams.
    pub fn phrase(&self, ids: &[u32]) -> f32 {
        if self.wide.is_none() {
            return self.lm.phrase(ids);
        }
        let mut lp = 0.0;
        let mut prev = None;
        for &w in ids {
            lp += self.bigram(prev, w);
            prev = Some(w);
        }
        lp
    }

    /// ln P of a dictionary phrase on its own (its cached SymSpell figure when not mixed).
    pub fn phrase_logp(&self, phrase: &Phrase) -> f32 {
        if self.wide.is_none() {
            phrase.logp
        } else {
            self.phrase(&phrase.ids)
        }
    }

    /// Frequency rank of a word in the SymSpell model (0 = most frequent).
    pub fn rank(&self, w: u32) -> u32 {
        self.lm.rank(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn models() -> (LanguageModel, String) {
        let lm = LanguageModel::from_tsv(
            "the\t1000\ngetty\t10\nimages\t50\npictures\t60\nzebra\t5\n",
            "the images\t20\n",
        );
        let sphinx = "getty\t-5.0\t-0.3\nimages\t-3.0\t0.0\npictures\t-3.0\t0.0\nthe\t-1.0\t-0.5\n\
                      getty images\t-1.0\n"
            .to_string();
        (lm, sphinx)
    }

    #[test]
    fn a_pair_listed_only_by_sphinx_becomes_evidence() {
        let (lm, sphinx) = models();
        let wide = WideBigrams::from_tsv(&lm, &sphinx);
        let id = |w: &str| lm.id_of_hash(word_hash(w));
        let (getty, images, pictures) = (id("getty"), id("images"), id("pictures"));
        let base = Scorer::base(&lm);
        let mixed = Scorer::mixed(&lm, &wide, 0.5);
        let base_margin = base.bigram(Some(getty), images) - base.bigram(Some(getty), pictures);
        let mixed_margin = mixed.bigram(Some(getty), images) - mixed.bigram(Some(getty), pictures);
        assert!(base_margin < 0.5, "SymSpell alone barely tells them apart");
        assert!(
            mixed_margin > base_margin + 0.5,
            "Sphinx lists getty images: {mixed_margin} against {base_margin}"
        );
        // Sphinx's back-off: bo(getty) + P(pictures), in natural logs.
        let backed_off = wide.bigram(Some(getty), pictures).unwrap();
        assert!((backed_off - (-3.3 * std::f32::consts::LN_10)).abs() < 1e-4);
    }

    #[test]
    fn the_base_scorer_is_the_symspell_model_and_unknown_words_fall_back() {
        let (lm, sphinx) = models();
        let wide = WideBigrams::from_tsv(&lm, &sphinx);
        let id = |w: &str| lm.id_of_hash(word_hash(w));
        let base = Scorer::base(&lm);
        let mixed = Scorer::mixed(&lm, &wide, 0.5);
        for (v, w) in [
            (Some(id("the")), id("images")),
            (None, id("getty")),
            (None, OOV),
        ] {
            assert_eq!(base.bigram(v, w), lm.bigram(v, w));
        }
        // "zebra" is unknown to Sphinx: the mixture is SymSpell's figure.
        assert_eq!(
            mixed.bigram(Some(id("the")), id("zebra")),
            lm.bigram(Some(id("the")), id("zebra"))
        );
        assert_eq!(mixed.bigram(None, OOV), lm.bigram(None, OOV));
        // Weight 0 is SymSpell alone.
        let none = Scorer::mixed(&lm, &wide, 0.0);
        let (g, i) = (id("getty"), id("images"));
        assert!((none.bigram(Some(g), i) - lm.bigram(Some(g), i)).abs() < 1e-5);
    }
}
