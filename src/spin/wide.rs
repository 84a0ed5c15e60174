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
use super::wide_table::Table;
use once_cell::sync::Lazy;
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// The embedded table, read in place once per process whichever models use it.
static EMBEDDED_TABLE: Lazy<Arc<Table<'static>>> = Lazy::new(|| {
    Arc::new(
        Table::from_trusted_bytes(data::SPHINX_TABLE)
            .expect("the embedded Sphinx table is well formed (a build defect otherwise)"),
    )
});

fn embedded_table() -> &'static Arc<Table<'static>> {
    &EMBEDDED_TABLE
}

/// `WideModel::local` for a SymSpell word the Sphinx table does not list.
const NONE: u32 = u32::MAX;

/// Sphinx unigram, bigram and trigram log probabilities (natural logs), looked up by SymSpell
/// word ids.
pub struct WideModel {
    /// The n-grams, by the table's own word indices (`wide_table.rs`), shared by every model
    /// made from the embedded table.
    table: Arc<Table<'static>>,
    /// The table's word index per SymSpell id, `NONE` where Sphinx does not list the word.
    local: Vec<u32>,
}

impl WideModel {
    /// The embedded table: `dictionaries/lm_sphinx.tsv.gz`, parsed at compile time by `build.rs`
    /// into arrays that the binary reads in place (`wide_table.rs`).
    pub fn embedded(lm: &LanguageModel) -> Self {
        Self::new(lm, Arc::clone(embedded_table()))
    }

    /// The embedded table looked up by its own word indices, with an index from each word's
    /// hash ([`WideModel::own_id`]): the Sphinx model without SymSpell, which needs no
    /// SymSpell model built (the copy verdict's direction uses it).
    pub fn embedded_alone() -> (Self, FxHashMap<u64, u32>) {
        let table = Arc::clone(embedded_table());
        let local: Vec<u32> = (0..table.word_count() as u32).collect();
        let index = table
            .word_hashes
            .iter()
            .enumerate()
            .map(|(i, &h)| (h, i as u32))
            .collect();
        (WideModel { table, local }, index)
    }

    /// Builds the table from `word<TAB>log10 P<TAB>log10 bo`, `w1 w2<TAB>log10 P[<TAB>log10 bo]`
    /// and `w1 w2 w3<TAB>log10 P` rows; words `lm` does not know are never looked up.
    pub fn from_tsv(lm: &LanguageModel, text: &str) -> Self {
        Self::new(lm, Arc::new(Table::from_lines(text.lines())))
    }

    fn new(lm: &LanguageModel, table: Arc<Table<'static>>) -> Self {
        let mut local = vec![NONE; lm.vocabulary_len()];
        for (i, &hash) in table.word_hashes.iter().enumerate() {
            let id = lm.id_of_hash(hash);
            if id != OOV {
                local[id as usize] = i as u32;
            }
        }
        WideModel { table, local }
    }

    /// The table's index of a SymSpell id, when the table has the word.
    fn listed(&self, id: u32) -> Option<u32> {
        let l = *self.local.get(id as usize)?;
        (l != NONE).then_some(l)
    }

    /// The table's index of a SymSpell id, when Sphinx gives the word a probability.
    fn known(&self, id: u32) -> Option<u32> {
        self.listed(id)
            .filter(|&l| !self.table.unigram[l as usize].is_nan())
    }

    /// ln P(w | prev) under the Sphinx model, `None` when it does not know `w`.
    pub fn bigram(&self, prev: Option<u32>, w: u32) -> Option<f32> {
        let lw = self.known(w)?;
        let uw = self.table.unigram[lw as usize];
        let Some(lv) = prev.and_then(|v| self.known(v)) else {
            return Some(uw);
        };
        Some(match self.table.bigram(lv, lw) {
            Some(lp) => lp,
            None => self.table.backoff[lv as usize] + uw,
        })
    }

    /// ln P(w | prev2 prev) under the Sphinx model (Katz back-off: an unlisted triple scores
    /// `bo(prev2 prev) + ln P(w | prev)`), `None` when it does not know `w`. Without a
    /// two-word context it is [`bigram`](Self::bigram).
    pub fn trigram(&self, prev2: Option<u32>, prev: Option<u32>, w: u32) -> Option<f32> {
        let lw = self.known(w)?;
        let context = match (prev2, prev) {
            (Some(u), Some(v)) => self.context(u, v),
            _ => None,
        };
        let Some(context) = context else {
            return self.bigram(prev, w);
        };
        // the listed triple first: the bigram (a search in the longest runs) only to back off
        match self.table.trigram(context, lw) {
            Some(lp) => Some(lp),
            None => Some(self.table.context_backoff[context] + self.bigram(prev, w)?),
        }
    }

    /// Whether the word before `v` can change a prediction after `u v`: false when the table has
    /// no trigram and no back-off weight for the context, which then predicts as `v` alone.
    pub fn keeps_context(&self, u: u32, v: u32) -> bool {
        self.context(u, v).is_some()
    }

    fn context(&self, u: u32, v: u32) -> Option<usize> {
        // Without trigrams the model is a bigram model (`Scorer::order` 2), weights or not.
        if self.table.trigram_words.is_empty() {
            return None;
        }
        let (lu, lv) = (self.listed(u)?, self.listed(v)?);
        self.table.context(lu, lv)
    }

    /// Number of bigrams listed.
    pub fn len(&self) -> usize {
        self.table.bigram_words.len()
    }

    /// Number of trigrams listed.
    pub fn trigrams(&self) -> usize {
        self.table.trigram_words.len()
    }

    /// True when no bigram is listed.
    pub fn is_empty(&self) -> bool {
        self.table.bigram_words.is_empty()
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

    /// The SymSpell model, when it scores alone (`Scorer::base`).
    pub fn alone(&self) -> Option<&'a LanguageModel> {
        self.wide.is_none().then_some(self.lm)
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
    use crate::text::word_hash;

    /// The embedded table passes the full check `from_trusted_bytes` leaves out, and is read
    /// in place, not copied.
    #[test]
    fn the_embedded_table_is_whole_and_read_in_place() {
        let table = Table::from_bytes(data::SPHINX_TABLE).unwrap();
        assert!(table.word_count() > 40_000, "{} words", table.word_count());
        // the hashes build.rs wrote are the tokenizer's
        for (word, &hash) in table.words().zip(table.word_hashes.iter()) {
            assert_eq!(word_hash(word), hash, "{word}");
        }
        if cfg!(target_endian = "little") {
            assert!(matches!(table.trigram_logp, std::borrow::Cow::Borrowed(_)));
        }
        let trusted = embedded_table();
        assert_eq!(trusted.word_hashes, table.word_hashes);
        assert_eq!(trusted.trigram_words, table.trigram_words);
    }

    /// The table alone, by its own indices, scores as the SymSpell-keyed model does.
    #[test]
    fn the_table_alone_scores_as_by_symspell_ids() {
        let lm = &super::super::model::model().lm;
        let by_ids = WideModel::embedded(lm);
        let (alone, index) = WideModel::embedded_alone();
        let words = [
            "the", "white", "house", "said", "on", "monday", "getty", "images",
        ];
        let sym = |w: &str| lm.id_of_hash(word_hash(w));
        let own = |w: &str| index.get(&word_hash(w)).copied();
        for u in words {
            for v in words {
                for w in words {
                    let (Some(ou), Some(ov), Some(ow)) = (own(u), own(v), own(w)) else {
                        panic!("{u} {v} {w} in the table");
                    };
                    assert_eq!(
                        alone.trigram(Some(ou), Some(ov), ow),
                        by_ids.trigram(Some(sym(u)), Some(sym(v)), sym(w)),
                        "{u} {v} {w}"
                    );
                }
            }
        }
        assert!(own("zzzqxj").is_none());
    }

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

    /// The embedded table (compiled by build.rs into arrays) against a naive reading of the
    /// text file: Katz back-off computed from string-keyed maps of the rows. Every bigram is
    /// kept, and every context and trigram that starts with one of a sample of words, so listed
    /// and unlisted queries after those words are both checked exactly.
    #[test]
    fn the_compiled_table_agrees_with_a_naive_reading_of_the_file() {
        use std::collections::{HashMap, HashSet};
        use std::io::Read;
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/dictionaries/lm_sphinx.tsv.gz");
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        let ln10 = std::f32::consts::LN_10;
        let sampled = |w: &str| word_hash(w).is_multiple_of(61);
        let mut uni: HashMap<&str, (f32, f32)> = HashMap::new();
        let mut bi: HashMap<(&str, &str), f32> = HashMap::new();
        let mut ctx: HashMap<(&str, &str), f32> = HashMap::new();
        let mut tri: HashMap<(&str, &str, &str), f32> = HashMap::new();
        let mut vocab: Vec<&str> = Vec::new();
        for line in text.lines() {
            let Some((key, rest)) = line.split_once('\t') else {
                continue;
            };
            let mut f = rest.split('\t').map(|x| x.parse::<f32>().unwrap() * ln10);
            let lp = f.next().unwrap();
            let k: Vec<&str> = key.split(' ').collect();
            match k[..] {
                [w] => {
                    uni.insert(w, (lp, f.next().unwrap_or(0.0)));
                    vocab.push(w);
                }
                [v, w] => {
                    bi.insert((v, w), lp);
                    match f.next() {
                        Some(bo) if sampled(v) => {
                            ctx.insert((v, w), bo);
                        }
                        _ => {}
                    }
                }
                [u, v, w] if sampled(u) => {
                    tri.insert((u, v, w), lp);
                    ctx.entry((u, v)).or_insert(0.0);
                }
                _ => {}
            }
        }
        let reference_bigram = |v: &str, w: &str| -> Option<f32> {
            let (uw, _) = *uni.get(w)?;
            let Some(&(_, bo)) = uni.get(v) else {
                return Some(uw);
            };
            Some(bi.get(&(v, w)).copied().unwrap_or(bo + uw))
        };
        let reference_trigram = |u: &str, v: &str, w: &str| -> Option<f32> {
            let b = reference_bigram(v, w)?;
            Some(match ctx.get(&(u, v)) {
                Some(&bo) => tri.get(&(u, v, w)).copied().unwrap_or(bo + b),
                None => b,
            })
        };
        let lm = &super::super::model::model().lm;
        let wide = WideModel::embedded(lm);
        assert_eq!((wide.len(), wide.trigrams()), (1_774_010, 1_529_581));
        let id = |w: &str| lm.id_of_hash(word_hash(w));
        // Listed n-grams, and the same contexts followed by other words (mostly unlisted).
        let mut checked = 0;
        let mut pick = 0usize;
        let mut other = || {
            pick = (pick + 7919) % vocab.len();
            vocab[pick]
        };
        for &(v, w) in bi.keys().filter(|k| sampled(k.0)) {
            let x = other();
            for w in [w, x] {
                assert_eq!(
                    wide.bigram(Some(id(v)), id(w)),
                    reference_bigram(v, w),
                    "{v} {w}"
                );
                checked += 1;
            }
        }
        let contexts: HashSet<(&str, &str)> = ctx.keys().copied().collect();
        for &(u, v, w) in tri.keys() {
            let x = other();
            for w in [w, x] {
                let got = wide.trigram(Some(id(u)), Some(id(v)), id(w));
                assert_eq!(got, reference_trigram(u, v, w), "{u} {v} {w}");
                checked += 1;
            }
            assert!(wide.keeps_context(id(u), id(v)));
        }
        for &(u, v) in &contexts {
            assert!(wide.keeps_context(id(u), id(v)), "{u} {v}");
            let (y, z) = (other(), other());
            assert_eq!(
                wide.trigram(Some(id(u)), Some(id(y)), id(z)),
                reference_trigram(u, y, z),
                "{u} {y} {z}"
            );
            assert_eq!(wide.keeps_context(id(u), id(y)), ctx.contains_key(&(u, y)));
        }
        for &w in &vocab {
            assert_eq!(wide.bigram(None, id(w)), Some(uni[w].0), "{w}");
        }
        assert!(checked > 100_000, "{checked} queries");
    }
}
