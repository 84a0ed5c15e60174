//! A wider model for restoration: CMU Sphinx's US English trigram model, mixed into the SymSpell
//! bigrams.
//!
//! The SymSpell lists (`lm.rs`) hold 242k bigrams, too few to know many phrases a spinner
//! breaks ("getty images", "target list", "didn't respond"); restoration then cannot tell the
//! original from its synonym. `dictionaries/lm_sphinx.tsv.gz` holds the unigrams, 1.77M bigrams
//! and 1.53M trigrams of the CMU Sphinx 3-gram model (BSD-2-Clause), restricted to SymSpell's
//! vocabulary, as log10 probabilities with back-off weights (Katz back-off: an unlisted pair
//! `v w` scores `bo(v) + P(w)`, an unlisted triple `u v w` scores `bo(u v) + P(w | v)`).
//! [`Scorer`] mixes the two conditional probabilities linearly,
//! `P(w | u v) = (1 - weight) P_symspell(w | v) + weight P_sphinx(w | u v)`, so an n-gram listed
//! in either model is evidence; a word Sphinx does not know is scored by SymSpell alone. The
//! trigrams let two words of context speak: "the present threat" and "the current threat" differ
//! to Sphinx where "present threat" and "current threat" alone say less.
//!
//! Only the restoration passes of documents judged spun use the mixture: the spin verdict
//! (`detect.rs`) was calibrated on the SymSpell model and keeps it ([`Scorer::base`] scores
//! exactly as `LanguageModel` does).

use super::data;
use super::dictionary::Phrase;
use super::lm::{LanguageModel, OOV};
use crate::text::word_hash;
use rustc_hash::FxHashMap;

/// Sphinx unigram, bigram and trigram log probabilities (natural logs), keyed by SymSpell word
/// ids.
pub struct WideModel {
    /// ln P(w) per SymSpell id, NaN for words Sphinx does not know.
    unigram: Vec<f32>,
    /// ln back-off weight per SymSpell id (0 for unknown words).
    backoff: Vec<f32>,
    /// ln P(w | v), keyed by `(v << 32) | w`.
    bigrams: FxHashMap<u64, f32>,
    /// The two-word contexts `u v` (keyed by `pair_key(u, v)`) that have trigrams or a back-off
    /// weight; every other context predicts as its last word alone does.
    contexts: FxHashMap<u64, Context>,
    /// The last words of the trigrams, sorted within each context's range, and ln P(w | u v).
    trigram_words: Vec<u32>,
    trigram_logp: Vec<f32>,
}

/// A two-word context of the trigram table.
#[derive(Debug, Clone, Copy)]
struct Context {
    /// ln back-off weight: an unlisted triple `u v w` scores `backoff + ln P(w | v)`.
    backoff: f32,
    /// Its trigrams: `trigram_words[first..end]`.
    first: u32,
    end: u32,
}

impl WideModel {
    /// Builds the table from the embedded `lm_sphinx.tsv.gz`, with `lm`'s word ids. The file is
    /// read a line at a time: its 75 MB of text are never held whole.
    pub fn embedded(lm: &LanguageModel) -> Self {
        let mut builder = Builder::new(lm);
        // The embedded file holds 1.77M bigrams and 1.53M trigrams: no rehashing while loading.
        builder.table.bigrams.reserve(1_800_000);
        builder.trigrams.reserve(1_550_000);
        builder.context_backoff.reserve(300_000);
        data::for_each_gz_line(data::SPHINX_GZ, |line| builder.row(line));
        builder.finish()
    }

    /// Builds the table from `word<TAB>log10 P<TAB>log10 bo`, `w1 w2<TAB>log10 P[<TAB>log10 bo]`
    /// and `w1 w2 w3<TAB>log10 P` rows; rows with words `lm` does not know are skipped.
    pub fn from_tsv(lm: &LanguageModel, text: &str) -> Self {
        let mut builder = Builder::new(lm);
        text.lines().for_each(|line| builder.row(line));
        builder.finish()
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

    /// ln P(w | prev2 prev) under the Sphinx model (Katz back-off: an unlisted triple scores
    /// `bo(prev2 prev) + ln P(w | prev)`), `None` when it does not know `w`. Without a
    /// two-word context it is [`bigram`](Self::bigram).
    pub fn trigram(&self, prev2: Option<u32>, prev: Option<u32>, w: u32) -> Option<f32> {
        let bigram = self.bigram(prev, w)?;
        let (Some(u), Some(v)) = (prev2, prev) else {
            return Some(bigram);
        };
        let Some(context) = self.context(u, v) else {
            return Some(bigram);
        };
        let range = context.first as usize..context.end as usize;
        Some(match self.trigram_words[range.clone()].binary_search(&w) {
            Ok(at) => self.trigram_logp[range.start + at],
            Err(_) => context.backoff + bigram,
        })
    }

    /// Whether the word before `v` can change a prediction after `u v`: false when the table has
    /// no trigram and no back-off weight for the context, which then predicts as `v` alone.
    pub fn keeps_context(&self, u: u32, v: u32) -> bool {
        self.context(u, v).is_some()
    }

    fn context(&self, u: u32, v: u32) -> Option<&Context> {
        // Without trigrams the model is a bigram model (`Scorer::order` 2), weights or not.
        if self.trigram_words.is_empty() {
            return None;
        }
        self.contexts.get(&pair_key(u, v))
    }

    /// Number of bigrams kept.
    pub fn len(&self) -> usize {
        self.bigrams.len()
    }

    /// Number of trigrams kept.
    pub fn trigrams(&self) -> usize {
        self.trigram_words.len()
    }

    /// True when no bigram is kept.
    pub fn is_empty(&self) -> bool {
        self.bigrams.is_empty()
    }
}

fn pair_key(a: u32, b: u32) -> u64 {
    ((a as u64) << 32) | b as u64
}

/// Reads the rows of a Sphinx table one at a time (see [`WideModel::from_tsv`]).
struct Builder<'a> {
    lm: &'a LanguageModel,
    table: WideModel,
    /// `(pair_key(u, v), w, ln P)` per trigram row.
    trigrams: Vec<(u64, u32, f32)>,
    /// ln back-off weight per context, from the bigram rows' third column.
    context_backoff: FxHashMap<u64, f32>,
    /// Rows are sorted: the first word is looked up once per run of rows, and a trigram's
    /// second word once per run of trigram rows.
    first_word: (String, u32),
    second_word: (String, u32),
}

impl<'a> Builder<'a> {
    fn new(lm: &'a LanguageModel) -> Self {
        let n = lm.vocabulary_len();
        Builder {
            lm,
            table: WideModel {
                unigram: vec![f32::NAN; n],
                backoff: vec![0.0; n],
                bigrams: FxHashMap::default(),
                contexts: FxHashMap::default(),
                trigram_words: Vec::new(),
                trigram_logp: Vec::new(),
            },
            trigrams: Vec::new(),
            context_backoff: FxHashMap::default(),
            first_word: (String::new(), OOV),
            second_word: (String::new(), OOV),
        }
    }

    fn id(&self, word: &str) -> u32 {
        self.lm.id_of_hash(word_hash(word))
    }

    fn row(&mut self, line: &str) {
        if line.trim().is_empty() || line.starts_with('#') {
            return;
        }
        let Some((key, rest)) = line.split_once('\t') else {
            return;
        };
        let mut fields = rest.split('\t').map(|f| f.trim().parse::<f32>());
        let Some(Ok(lp)) = fields.next() else {
            return;
        };
        let ln10 = std::f32::consts::LN_10;
        let mut words = key.split(' ');
        let first = words.next().unwrap_or("");
        let (second, third) = (words.next(), words.next());
        if second.is_some() && self.first_word.0 != first {
            self.first_word = (first.to_string(), self.id(first));
        }
        let u = self.first_word.1;
        match (second, third) {
            (Some(v), Some(w)) => {
                if self.second_word.0 != v {
                    self.second_word = (v.to_string(), self.id(v));
                }
                let (v, w) = (self.second_word.1, self.id(w));
                if u != OOV && v != OOV && w != OOV {
                    self.trigrams.push((pair_key(u, v), w, lp * ln10));
                }
            }
            (Some(w), None) => {
                let iw = self.id(w);
                if u != OOV && iw != OOV {
                    self.table.bigrams.insert(pair_key(u, iw), lp * ln10);
                    if let Some(Ok(bo)) = fields.next() {
                        self.context_backoff.insert(pair_key(u, iw), bo * ln10);
                    }
                }
            }
            (None, _) => {
                let id = self.id(key);
                if id != OOV {
                    self.table.unigram[id as usize] = lp * ln10;
                    if let Some(Ok(bo)) = fields.next() {
                        self.table.backoff[id as usize] = bo * ln10;
                    }
                }
            }
        }
    }

    fn finish(mut self) -> WideModel {
        self.trigrams
            .sort_unstable_by_key(|&(context, w, _)| (context, w));
        self.trigrams
            .dedup_by_key(|&mut (context, w, _)| (context, w));
        let table = &mut self.table;
        table.trigram_words = self.trigrams.iter().map(|t| t.1).collect();
        table.trigram_logp = self.trigrams.iter().map(|t| t.2).collect();
        let mut first = 0;
        for run in self.trigrams.chunk_by(|a, b| a.0 == b.0) {
            let end = first + run.len() as u32;
            let backoff = self.context_backoff.remove(&run[0].0).unwrap_or(0.0);
            table.contexts.insert(
                run[0].0,
                Context {
                    backoff,
                    first,
                    end,
                },
            );
            first = end;
        }
        // Contexts with a weight but no trigram kept.
        for (key, backoff) in self.context_backoff {
            table.contexts.insert(
                key,
                Context {
                    backoff,
                    first: 0,
                    end: 0,
                },
            );
        }
        self.table
    }
}

/// The language model restoration scores with: SymSpell alone, or mixed with Sphinx.
#[derive(Clone, Copy)]
pub struct Scorer<'a> {
    pub lm: &'a LanguageModel,
    wide: Option<(&'a WideModel, f32)>,
}

impl<'a> Scorer<'a> {
    /// SymSpell alone: scores exactly as `LanguageModel` does.
    pub fn base(lm: &'a LanguageModel) -> Self {
        Scorer { lm, wide: None }
    }

    /// SymSpell mixed with `wide` at `weight` (in 0..=1).
    pub fn mixed(lm: &'a LanguageModel, wide: &'a WideModel, weight: f32) -> Self {
        Scorer {
            lm,
            wide: Some((wide, weight.clamp(0.0, 1.0))),
        }
    }

    /// ln P(w | prev), `prev = None` at a clause boundary: [`trigram`](Self::trigram) with one
    /// word of context.
    pub fn bigram(&self, prev: Option<u32>, w: u32) -> f32 {
        self.trigram(None, prev, w)
    }

    /// ln P(w | prev2 prev): the mixture of the two models' conditional probabilities, with
    /// Sphinx's trigram in place of its bigram where the Sphinx table has one (without
    /// `prev2`, or without trigrams, its bigram).
    pub fn trigram(&self, prev2: Option<u32>, prev: Option<u32>, w: u32) -> f32 {
        let a = self.lm.bigram(prev, w);
        let Some((wide, weight)) = self.wide else {
            return a;
        };
        match wide.trigram(prev2, prev, w) {
            Some(b) => {
                let m = a.max(b);
                m + ((1.0 - weight) * (a - m).exp() + weight * (b - m).exp()).ln()
            }
            None => a,
        }
    }

    /// Whether the word before `v` can change a prediction after `u v` (never for a bigram
    /// model): the restoration search keeps apart only the states where it can.
    pub fn keeps_context(&self, u: u32, v: u32) -> bool {
        match self.wide {
            Some((wide, _)) => wide.keeps_context(u, v),
            None => false,
        }
    }

    /// How many words a prediction looks at: 3 when mixed with Sphinx trigrams, else 2.
    pub fn order(&self) -> usize {
        match self.wide {
            Some((wide, _)) if wide.trigrams() > 0 => 3,
            _ => 2,
        }
    }

    /// ln P of a phrase on its own: its first word's unigram, then its bigrams (trigrams when
    /// mixed with Sphinx trigrams).
    pub fn phrase(&self, ids: &[u32]) -> f32 {
        if self.wide.is_none() {
            return self.lm.phrase(ids);
        }
        let mut lp = 0.0;
        let (mut prev2, mut prev) = (None, None);
        for &w in ids {
            lp += self.trigram(prev2, prev, w);
            (prev2, prev) = (prev, Some(w));
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
        let wide = WideModel::from_tsv(&lm, &sphinx);
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
    fn trigrams_back_off_to_the_context_weight_and_the_bigram() {
        let (lm, mut sphinx) = models();
        sphinx.push_str("the getty\t-2.0\t-0.4\nthe getty images\t-0.1\n");
        let wide = WideModel::from_tsv(&lm, &sphinx);
        assert_eq!(wide.trigrams(), 1);
        let id = |w: &str| lm.id_of_hash(word_hash(w));
        let (the, getty, images, pictures) = (id("the"), id("getty"), id("images"), id("pictures"));
        let ln10 = std::f32::consts::LN_10;
        let close = |a: Option<f32>, b: f32| (a.unwrap() - b).abs() < 1e-4;
        // Listed.
        assert!(close(
            wide.trigram(Some(the), Some(getty), images),
            -0.1 * ln10
        ));
        // Unlisted after a context with a weight: bo(the getty) + P(pictures | getty).
        let bigram = wide.bigram(Some(getty), pictures).unwrap();
        assert!(close(
            wide.trigram(Some(the), Some(getty), pictures),
            -0.4 * ln10 + bigram
        ));
        // A context without trigrams, or no second word: the bigram.
        let (p, q) = (
            wide.trigram(Some(getty), Some(getty), images),
            wide.bigram(Some(getty), images),
        );
        assert_eq!(p, q);
        assert_eq!(wide.trigram(None, Some(getty), images), q);
        // Only a context with trigrams or a weight keeps its first word.
        assert!(wide.keeps_context(the, getty));
        assert!(!wide.keeps_context(getty, getty));
        // The scorer mixes the trigram and says it looks at three words.
        let mixed = Scorer::mixed(&lm, &wide, 0.5);
        assert_eq!(mixed.order(), 3);
        assert_eq!(
            Scorer::mixed(&lm, &WideModel::from_tsv(&lm, &models().1), 0.5).order(),
            2
        );
        assert_eq!(Scorer::base(&lm).order(), 2);
        assert!(
            mixed.trigram(Some(the), Some(getty), images)
                > mixed.trigram(Some(getty), Some(getty), images) + 0.3
        );
    }

    #[test]
    fn the_base_scorer_is_the_symspell_model_and_unknown_words_fall_back() {
        let (lm, sphinx) = models();
        let wide = WideModel::from_tsv(&lm, &sphinx);
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
