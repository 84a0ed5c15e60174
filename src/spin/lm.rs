//! A word bigram language model with stupid backoff, over SymSpell's public frequency lists.
//!
//! Restoration only ever compares two readings of the same passage, so the model need not be
//! normalised; it must be fast and cover common English. Counts come from SymSpell's unigram
//! (82k words) and bigram (242k pairs) lists. Scores are natural logs:
//! `lp(w | v) = ln c(v w) - ln c(v)` when the pair is listed, and `lp(w) = ln c(w) - ln N` (an
//! unknown word gets half the smallest count). The bigram list only holds pairs seen at least
//! `c_min` times (6.4M), so an unlisted pair is not evidence of a rare pair unless independence
//! would predict more than `c_min` of it: an unlisted pair scores
//! `min(lp(w), ln(c_min / 2) - ln c(v))` rather than a fixed backoff below `lp(w)`. Words are looked up by
//! the tokenizer's normalised hash (`text::word_hash`), so no string is built in the common case.

use super::data;
use crate::text::{normalize_word, word_hash};
use rustc_hash::FxHashMap;

/// The id of a word the model does not know.
pub const OOV: u32 = u32::MAX;

/// What a pair with an unknown word loses against the unigram (see `bigram`).
pub const BACKOFF: f32 = -0.916_290_7; // ln 0.4

/// The bigrams of a model, read apart from its vocabulary ([`LanguageModel::read_bigrams`]).
pub struct BigramTable {
    /// ln c(v w), keyed by `(v << 32) | w`.
    map: FxHashMap<u64, f32>,
    /// ln(c_min / 2).
    unlisted: f32,
}

/// Unigram and bigram log counts, keyed by word ids.
pub struct LanguageModel {
    ids: FxHashMap<u64, u32>,
    /// ln P(w) per id.
    unigram: Vec<f32>,
    /// ln c(w) per id.
    log_count: Vec<f32>,
    /// Frequency rank per id (0 = most frequent).
    rank: Vec<u32>,
    /// ln c(v w), keyed by `(v << 32) | w`.
    bigrams: FxHashMap<u64, f32>,
    /// ln(c_min / 2): the log count an unlisted pair is assumed to have at most.
    unlisted: f32,
    oov_unigram: f32,
    /// Per id: the most `bigram(prev, w)` can be for this word as `w`, whatever `prev`.
    max_in: Vec<f32>,
    /// Per id: the most `bigram(Some(v), w)` can be for this word as `v`, whatever `w`.
    max_out: Vec<f32>,
    /// The endings in `a-z` of the common words (`common_ending`), a bit per three letters.
    common_endings: Vec<u64>,
}

/// Frequency rank up to which [`LanguageModel::common_ending`] knows a word's last letters.
pub const COMMON_RANK: u32 = 2_000;

/// The bit of three letters `a-z` in `LanguageModel::common_endings`, `None` for other bytes.
fn ending_bit(last3: &[u8]) -> Option<usize> {
    let mut bit = 0usize;
    for &b in last3 {
        if !b.is_ascii_lowercase() {
            return None;
        }
        bit = bit * 26 + (b - b'a') as usize;
    }
    Some(bit)
}

/// Looks a word of a text up as the models read it: by its hash (`hash`, of the word as
/// written), then without its dots ("U.S" as "us"), then without a possessive "'s".
pub fn find_word_form<T>(word: &str, hash: u64, find: impl Fn(u64) -> Option<T>) -> Option<T> {
    if let Some(found) = find(hash) {
        return Some(found);
    }
    // Both other forms need a dot or an apostrophe (which `normalize_word` maps to "'"): most
    // unknown words (names, numbers) have neither, and need no normalised copy made.
    if !word.contains(['.', '\'', '\u{2019}', '\u{2018}', '\u{02BC}']) {
        return None;
    }
    let norm = normalize_word(word);
    if norm.contains('.')
        && let Some(found) = find(word_hash(&norm.replace('.', "")))
    {
        return Some(found);
    }
    norm.strip_suffix("'s")
        .and_then(|stem| find(word_hash(stem)))
}

impl LanguageModel {
    /// Builds the model from the embedded SymSpell lists.
    pub fn embedded() -> Self {
        Self::from_tsv(
            &data::gunzip(data::UNIGRAMS_GZ),
            &data::gunzip(data::BIGRAMS_GZ),
        )
    }

    /// Builds a model from `word<TAB>count` and `w1 w2<TAB>count` texts.
    pub fn from_tsv(unigrams: &str, bigrams: &str) -> Self {
        let vocabulary = Self::vocabulary(unigrams);
        let table = vocabulary.read_bigrams(bigrams);
        vocabulary.with_bigrams(table)
    }

    /// A model of the unigrams alone (`word<TAB>count`), without bigrams: enough to give words
    /// their ids, so that the dictionary can be built while [`read_bigrams`](Self::read_bigrams)
    /// reads the bigram list (`model.rs`). Its `bigram` scores are not the full model's.
    pub fn vocabulary(unigrams: &str) -> Self {
        let mut words: Vec<(&str, f64)> = data::tsv_rows(unigrams)
            .filter_map(|(w, c)| Some((w, c.trim().parse::<f64>().ok()?)))
            .filter(|&(_, c)| c > 0.0)
            .collect();
        words.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        let total: f64 = words.iter().map(|w| w.1).sum::<f64>().max(1.0);
        let min = words.iter().map(|w| w.1).fold(f64::MAX, f64::min).min(1e9);
        let mut common_endings = vec![0u64; 26 * 26 * 26 / 64 + 1];
        for (w, _) in words.iter().take(COMMON_RANK as usize + 1) {
            let norm = normalize_word(w);
            let Some(last3) = norm.len().checked_sub(3).map(|at| &norm.as_bytes()[at..]) else {
                continue;
            };
            if let Some(bit) = ending_bit(last3) {
                common_endings[bit / 64] |= 1 << (bit % 64);
            }
        }
        let mut ids = FxHashMap::default();
        let mut unigram = Vec::with_capacity(words.len());
        let mut log_count = Vec::with_capacity(words.len());
        let mut rank = Vec::with_capacity(words.len());
        for (i, (w, c)) in words.iter().enumerate() {
            let id = unigram.len() as u32;
            if ids.insert(word_hash(w), id).is_some() {
                continue;
            }
            unigram.push((c / total).ln() as f32);
            log_count.push(c.ln() as f32);
            rank.push(i as u32);
        }
        LanguageModel {
            ids,
            unigram,
            log_count,
            rank,
            bigrams: FxHashMap::default(),
            unlisted: 0.0,
            oov_unigram: ((min / 2.0) / total).ln() as f32,
            max_in: Vec::new(),
            max_out: Vec::new(),
            common_endings,
        }
    }

    /// Reads a `w1 w2<TAB>count` list into a bigram table over this model's word ids (pairs
    /// with a word outside the vocabulary are left out).
    pub fn read_bigrams(&self, bigrams: &str) -> BigramTable {
        let mut map = FxHashMap::default();
        map.reserve(bigrams.len() / 20);
        let mut c_min = f64::MAX;
        for (pair, count) in data::tsv_rows(bigrams) {
            let (Some((a, b)), Ok(c)) =
                (data::split_at_byte(pair, b' '), count.trim().parse::<f64>())
            else {
                continue;
            };
            let (ia, ib) = (self.id_of_hash(word_hash(a)), self.id_of_hash(word_hash(b)));
            if ia != OOV && ib != OOV && c > 0.0 {
                map.insert(key(ia, ib), c.ln() as f32);
                c_min = c_min.min(c);
            }
        }
        let unlisted = if c_min == f64::MAX {
            0.0
        } else {
            (c_min / 2.0).ln() as f32
        };
        BigramTable { map, unlisted }
    }

    /// This model with `table` (read by [`read_bigrams`](Self::read_bigrams) from this
    /// vocabulary) as its bigrams, replacing any it had.
    pub fn with_bigrams(mut self, table: BigramTable) -> Self {
        self.bigrams = table.map;
        self.unlisted = table.unlisted;
        let top = self.unigram.first().copied().unwrap_or(self.oov_unigram);
        let mut max_in = self.unigram.clone();
        let mut max_out: Vec<f32> = self
            .log_count
            .iter()
            .map(|&lcv| top.min(self.unlisted - lcv).max(BACKOFF + self.oov_unigram))
            .collect();
        for (&k, &lc) in &self.bigrams {
            let (v, w) = ((k >> 32) as usize, (k & 0xffff_ffff) as usize);
            let lp = (lc - self.log_count[v]).min(0.0);
            max_in[w] = max_in[w].max(lp);
            max_out[v] = max_out[v].max(lp);
        }
        self.max_in = max_in;
        self.max_out = max_out;
        self
    }

    /// The id of a normalised word's hash, or `OOV`.
    pub fn id_of_hash(&self, hash: u64) -> u32 {
        self.ids.get(&hash).copied().unwrap_or(OOV)
    }

    /// The id of a word as it appears in text: tries the word, then without dots ("U.S" -> "us"),
    /// then without a possessive "'s".
    pub fn id_of_word(&self, word: &str, hash: u64) -> u32 {
        find_word_form(word, hash, |h| {
            Some(self.id_of_hash(h)).filter(|&id| id != OOV)
        })
        .unwrap_or(OOV)
    }

    /// ln P(w).
    pub fn unigram(&self, w: u32) -> f32 {
        self.unigram
            .get(w as usize)
            .copied()
            .unwrap_or(self.oov_unigram)
    }

    /// ln P(w | prev), `prev = None` at a sentence or clause boundary.
    pub fn bigram(&self, prev: Option<u32>, w: u32) -> f32 {
        let Some(v) = prev else {
            return self.unigram(w);
        };
        if v == OOV || w == OOV {
            return BACKOFF + self.unigram(w);
        }
        self.bigram_listed(v, w).0
    }

    /// `bigram(Some(v), w)` for two known words, and whether the pair is listed (one lookup
    /// for both).
    #[inline]
    pub fn bigram_listed(&self, v: u32, w: u32) -> (f32, bool) {
        let lcv = self.log_count[v as usize];
        match self.pair(v, w) {
            Some(&lc) => ((lc - lcv).min(0.0), true),
            None => (self.unigram(w).min(self.unlisted - lcv), false),
        }
    }

    /// The least `bigram(Some(v), w)` can be, without looking the pair up: a listed pair was
    /// seen at least `c_min` times, so it never scores below an unlisted one.
    pub fn min_bigram(&self, v: u32, w: u32) -> f32 {
        if v == OOV || w == OOV {
            return BACKOFF + self.unigram(w);
        }
        self.unigram(w)
            .min(self.unlisted - self.log_count[v as usize])
    }

    /// What [`min_bigram`](Self::min_bigram)`(v, w)` takes the least of besides `w`'s unigram,
    /// for a known `v`: `ln(c_min / 2) - ln c(v)`; for an unknown `v` (`None`) it is
    /// `BACKOFF + unigram(w)` instead. Lets a bound over many `w` be formed once per `v`.
    pub fn unlisted_after(&self, v: u32) -> Option<f32> {
        (v != OOV).then(|| self.unlisted - self.log_count[v as usize])
    }

    /// The most `bigram(_, w)` can be (the unigram for an unknown word).
    pub fn max_in(&self, w: u32) -> f32 {
        self.max_in
            .get(w as usize)
            .copied()
            .unwrap_or(self.oov_unigram)
    }

    /// The most `bigram(Some(v), _)` can be (0 for an unknown word: it is never more).
    pub fn max_out(&self, v: u32) -> f32 {
        self.max_out.get(v as usize).copied().unwrap_or(0.0)
    }

    /// True when the pair `v w` is in the bigram table.
    pub fn listed(&self, v: u32, w: u32) -> bool {
        v != OOV && w != OOV && self.pair(v, w).is_some()
    }

    /// ln c(v w) when the pair is listed.
    fn pair(&self, v: u32, w: u32) -> Option<&f32> {
        self.bigrams.get(&key(v, w))
    }

    /// ln P of a phrase on its own: its first word's unigram, then its bigrams.
    pub fn phrase(&self, ids: &[u32]) -> f32 {
        let mut lp = 0.0;
        let mut prev = None;
        for &w in ids {
            lp += self.bigram(prev, w);
            prev = Some(w);
        }
        lp
    }

    /// Frequency rank of a word (0 = most frequent), `u32::MAX` when unknown.
    pub fn rank(&self, w: u32) -> u32 {
        self.rank.get(w as usize).copied().unwrap_or(u32::MAX)
    }

    /// False when no word of rank `COMMON_RANK` or less can end with the three bytes
    /// `last3` (each `a-z`): its normalised form ends otherwise. True for any other bytes.
    /// Glue splitting (`tokens.rs`) asks it before looking up every tail of an unknown word.
    pub fn common_ending(&self, last3: &[u8]) -> bool {
        match ending_bit(last3) {
            Some(bit) => self.common_endings[bit / 64] & (1 << (bit % 64)) != 0,
            None => true,
        }
    }

    /// Number of words in the vocabulary.
    pub fn vocabulary_len(&self) -> usize {
        self.unigram.len()
    }
}

fn key(a: u32, b: u32) -> u64 {
    ((a as u64) << 32) | b as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> LanguageModel {
        LanguageModel::from_tsv(
            "the\t1000\nlaw\t100\nlegislation\t50\nenforcement\t40\n",
            "law enforcement\t30\nthe law\t50\n",
        )
    }

    #[test]
    fn listed_bigrams_beat_backoff() {
        let lm = tiny();
        let law = lm.id_of_hash(word_hash("law"));
        let leg = lm.id_of_hash(word_hash("legislation"));
        let enf = lm.id_of_hash(word_hash("enforcement"));
        assert!(lm.bigram(Some(law), enf) > lm.bigram(Some(leg), enf) + 1.0);
        assert_eq!(lm.bigram(None, enf), lm.unigram(enf));
        assert!(lm.unigram(OOV) < lm.unigram(enf));
        assert_eq!(lm.rank(lm.id_of_hash(word_hash("the"))), 0);
    }

    #[test]
    fn text_forms_are_folded() {
        let lm = LanguageModel::from_tsv("us\t10\nmexico\t5\n", "");
        assert_ne!(lm.id_of_word("U.S", word_hash("U.S")), OOV);
        assert_ne!(lm.id_of_word("Mexico’s", word_hash("Mexico’s")), OOV);
        assert_eq!(lm.id_of_word("Zzyzx", word_hash("Zzyzx")), OOV);
    }
}
