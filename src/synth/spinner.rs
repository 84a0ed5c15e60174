//! The evaluation spinner: a context-blind, one-replacement-per-word synonym spinner.
//!
//! It imitates what commercial "article spinners" do to scraped text ("said" -> "mentioned",
//! "White House" -> "White Home"): every word found in a fixed table is replaced by the table's
//! single replacement, whatever the context, names included, with the case pattern of the
//! original word kept and all punctuation and spacing untouched. The default table
//! (`dictionaries/moby_spinner.tsv`, embedded at build time) is derived from the public-domain
//! Moby Thesaurus II by a documented rule (see `dictionaries/README.md`); it is deliberately
//! independent of the dictionary `copydesk unspin` restores with, so an evaluation does not
//! grade the restorer on its own vocabulary.
//!
//! A `rate` below 1 spins only that fraction of eligible words, chosen by a seeded generator.
//! Every replacement is recorded as a [`SpinEdit`] with byte offsets into both texts: the gold
//! for measuring restoration.

use crate::synth::rng::Rng;
use crate::text::word_indices;
use once_cell::sync::Lazy;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// The embedded default table: `word<TAB>replacement` lines, `#` comments.
const EMBEDDED_TABLE: &str = include_str!("../../dictionaries/moby_spinner.tsv");

static EMBEDDED: Lazy<SpinTable> =
    Lazy::new(|| SpinTable::parse(EMBEDDED_TABLE).expect("embedded spinner table parses"));

/// A word -> replacement table; keys are lower case, lookups fold case.
#[derive(Debug, Clone, Default)]
pub struct SpinTable {
    map: HashMap<String, String>,
}

impl SpinTable {
    /// The embedded Moby-derived table.
    pub fn embedded() -> &'static SpinTable {
        &EMBEDDED
    }

    /// Parses `word<TAB>replacement` lines; blank lines and `#` comments are skipped.
    pub fn parse(text: &str) -> Result<SpinTable, String> {
        let mut map = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((word, repl)) = line.split_once('\t') else {
                return Err(format!("spinner table line {}: no tab", n + 1));
            };
            let (word, repl) = (word.trim(), repl.trim());
            if word.is_empty() || repl.is_empty() {
                return Err(format!("spinner table line {}: empty field", n + 1));
            }
            map.insert(word.to_lowercase(), repl.to_string());
        }
        Ok(SpinTable { map })
    }

    /// Reads a table file in the format of [`SpinTable::parse`].
    pub fn from_path(path: &Path) -> Result<SpinTable, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        SpinTable::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// A table from explicit pairs (tests, small experiments).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> SpinTable {
        let map = pairs
            .into_iter()
            .map(|(w, r)| (w.to_lowercase(), r.to_string()))
            .collect();
        SpinTable { map }
    }

    /// The replacement of `word` (any case), as stored (lower case).
    pub fn get(&self, word: &str) -> Option<&str> {
        self.map.get(&word.to_lowercase()).map(String::as_str)
    }

    /// Every `(word, replacement)` pair, in no particular order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.map.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// How much to spin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpinConfig {
    /// Fraction of eligible words (those in the table) to replace; 1.0 replaces all of them,
    /// as the commercial spinner does.
    pub rate: f64,
    /// Seed for choosing which words are replaced when `rate` < 1.
    pub seed: u64,
}

impl Default for SpinConfig {
    fn default() -> Self {
        SpinConfig { rate: 1.0, seed: 0 }
    }
}

/// One replaced word: where it is in both texts and what it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpinEdit {
    /// Byte range of the replacement in the spun text.
    pub spun_start: usize,
    pub spun_end: usize,
    /// Byte range of the replaced word in the original text.
    pub orig_start: usize,
    pub orig_end: usize,
    /// The original word, as written.
    pub original: String,
    /// The replacement, as written into the spun text.
    pub spun: String,
}

/// A spun text and its gold edits, in text order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spun {
    pub text: String,
    pub edits: Vec<SpinEdit>,
}

/// Spins `text` with `table`: context-blind, case-preserving, punctuation untouched.
///
/// Words are UAX #29 words (as everywhere in copydesk); a possessive `'s`/`’s` stays on the
/// word and the stem is looked up, so "law's" becomes "statute's".
pub fn spin(text: &str, table: &SpinTable, cfg: &SpinConfig) -> Spun {
    let mut rng = Rng::derive(cfg.seed, "spinner");
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut edits = Vec::new();
    let mut copied = 0;
    for (start, word) in word_indices(text) {
        let stem = strip_possessive(word);
        let Some(repl) = table.get(stem) else {
            continue;
        };
        if cfg.rate < 1.0 && !rng.chance(cfg.rate) {
            continue;
        }
        let replacement = match_case(stem, repl);
        if replacement == stem {
            continue;
        }
        out.push_str(&text[copied..start]);
        let spun_start = out.len();
        out.push_str(&replacement);
        edits.push(SpinEdit {
            spun_start,
            spun_end: out.len(),
            orig_start: start,
            orig_end: start + stem.len(),
            original: stem.to_string(),
            spun: replacement,
        });
        copied = start + stem.len();
    }
    out.push_str(&text[copied..]);
    Spun { text: out, edits }
}

/// How many words `text` has, and how many of them [`spin`] replaces at rate 1 (the words whose
/// stem the table knows and whose replacement differs from them as written).
pub fn eligible_words(text: &str, table: &SpinTable) -> (usize, usize) {
    let mut words = 0;
    let mut eligible = 0;
    for (_, word) in word_indices(text) {
        words += 1;
        let stem = strip_possessive(word);
        if table
            .get(stem)
            .is_some_and(|repl| match_case(stem, repl) != stem)
        {
            eligible += 1;
        }
    }
    (words, eligible)
}

/// The spinner rate (share of eligible words replaced) that replaces `share` of all `words` in
/// expectation: `min(1, share * words / eligible)`; 0 when no word is eligible. When the result
/// is 1 and `share * words > eligible`, the table cannot reach `share` in this text.
pub fn rate_for_share(share: f64, words: usize, eligible: usize) -> f64 {
    if eligible == 0 {
        return 0.0;
    }
    (share * words as f64 / eligible as f64).min(1.0)
}

/// `word` without a trailing possessive `'s` / `’s`.
fn strip_possessive(word: &str) -> &str {
    for suffix in ["'s", "\u{2019}s", "'S", "\u{2019}S"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return stem;
        }
    }
    word
}

/// `repl` (lower case) in the case pattern of `orig`: ALL CAPS, Capitalised, or as stored.
pub fn match_case(orig: &str, repl: &str) -> String {
    let letters = || orig.chars().filter(|c| c.is_alphabetic());
    let upper = letters().filter(|c| c.is_uppercase()).count();
    let total = letters().count();
    if total > 1 && upper == total {
        return repl.to_uppercase();
    }
    if orig.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = repl.chars();
        return match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
    }
    repl.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> SpinTable {
        SpinTable::from_pairs([
            ("said", "mentioned"),
            ("house", "home"),
            ("law", "legislation"),
            ("year", "12 months"),
        ])
    }

    #[test]
    fn replaces_blindly_and_keeps_case_and_punctuation() {
        let text = "The White House said: \"LAW is law,\" this Year. The law's reach.";
        let s = spin(text, &table(), &SpinConfig::default());
        assert_eq!(
            s.text,
            "The White Home mentioned: \"LEGISLATION is legislation,\" this 12 months. \
             The legislation's reach."
        );
        assert_eq!(s.edits.len(), 6);
        for e in &s.edits {
            assert_eq!(&s.text[e.spun_start..e.spun_end], e.spun);
            assert_eq!(&text[e.orig_start..e.orig_end], e.original);
        }
    }

    #[test]
    fn rate_is_seeded_and_partial() {
        let text = "law ".repeat(400);
        let cfg = SpinConfig {
            rate: 0.25,
            seed: 9,
        };
        let a = spin(&text, &table(), &cfg);
        let b = spin(&text, &table(), &cfg);
        assert_eq!(a, b);
        assert!((60..140).contains(&a.edits.len()), "{}", a.edits.len());
        let none = spin(&text, &table(), &SpinConfig { rate: 0.0, seed: 9 });
        assert_eq!(none.text, text);
    }

    #[test]
    fn eligible_words_count_what_spin_replaces() {
        // "law's" is eligible by its stem; "home" maps to itself as written and is not.
        let t = SpinTable::from_pairs([("law", "statute"), ("home", "home")]);
        let text = "The law's reach, a law at home.";
        assert_eq!(eligible_words(text, &t), (7, 2));
        let all = spin(text, &t, &SpinConfig::default());
        assert_eq!(all.edits.len(), 2);
        assert_eq!(rate_for_share(0.1, 100, 40), 0.25);
        assert_eq!(rate_for_share(0.5, 100, 40), 1.0);
        assert_eq!(rate_for_share(0.5, 100, 0), 0.0);
    }

    #[test]
    fn embedded_table_loads() {
        let t = SpinTable::embedded();
        assert!(t.len() > 10_000);
        assert_eq!(t.get("Images"), Some("pictures"));
    }
}
