//! Unspin quality: word error rate of spun and restored texts against the originals.
//!
//! Definition (the speech recognition measure, e.g. Jurafsky & Martin, *Speech and Language
//! Processing*, ch. 16): WER = word-level Levenshtein distance (substitutions, insertions,
//! deletions, each costing 1) from the original to the hypothesis / words in the original.
//! "Before" compares the spun text with the original, "after" the restored text. The overall
//! figures are micro-averaged: summed distances over summed original words.
//!
//! Words are those of `bench/unspin_eval/score.py`, so the two agree on the same inputs: the
//! text is lower-cased, words are runs of letters, digits and `_` joined by inner apostrophes
//! (`'` or `’`, the latter folded to `'`). Letters and digits are Rust's `char::is_alphanumeric`,
//! which may differ from Python's `\w` on rare characters; `bench/unspin_eval/check_eval.sh`
//! found no difference on 200 random texts of letters, marks, numerals, ligatures and emoji.
//!
//! Inputs (README "`copydesk eval`"): a gold JSON Lines file of `{"id","original","spun"}`
//! (`copydesk synth` writes one, `unspin-gold.jsonl`) and the restored texts, either a JSON Lines
//! file of `{"id","text"}` or a directory holding `ID` or `ID.txt` for each gold id.

use super::records::for_each_record;
use crate::diagnostics::Diagnostics;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// The words of `text` as `score.py` takes them.
pub fn words(text: &str) -> Vec<String> {
    let lower: Vec<char> = text.to_lowercase().chars().collect();
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut i = 0;
    while i < lower.len() {
        if !is_word(lower[i]) {
            i += 1;
            continue;
        }
        let mut word = String::new();
        loop {
            while i < lower.len() && is_word(lower[i]) {
                word.push(lower[i]);
                i += 1;
            }
            let apostrophe = i < lower.len() && matches!(lower[i], '\'' | '\u{2019}');
            if apostrophe && i + 1 < lower.len() && is_word(lower[i + 1]) {
                word.push('\'');
                i += 1;
            } else {
                break;
            }
        }
        out.push(word);
    }
    out
}

/// Word-level Levenshtein distance (each word interned to a number, then `strsim`).
pub fn word_distance<'a>(reference: &'a [String], hypothesis: &'a [String]) -> usize {
    let mut numbers: HashMap<&str, u32> = HashMap::new();
    let mut number = |w: &'a str| {
        let next = numbers.len() as u32;
        *numbers.entry(w).or_insert(next)
    };
    let r: Vec<u32> = reference.iter().map(|w| number(w)).collect();
    let h: Vec<u32> = hypothesis.iter().map(|w| number(w)).collect();
    strsim::generic_levenshtein(&r, &h)
}

/// One document's distances.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentWer {
    pub id: String,
    /// Words in the original.
    pub words: usize,
    /// Distance of the spun text from the original, and of the restored text.
    pub before: usize,
    pub after: usize,
    pub wer_before: f64,
    pub wer_after: f64,
}

impl DocumentWer {
    fn new(id: String, words: usize, before: usize, after: usize) -> Self {
        let rate = |d: usize| d as f64 / words.max(1) as f64;
        DocumentWer {
            id,
            words,
            before,
            after,
            wer_before: rate(before),
            wer_after: rate(after),
        }
    }
}

/// All documents and the micro-averaged totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnspinScores {
    pub documents: Vec<DocumentWer>,
    pub total: DocumentWer,
}

#[derive(Deserialize)]
struct GoldText {
    id: String,
    original: String,
    spun: String,
}

#[derive(Deserialize)]
struct RestoredText {
    id: String,
    text: String,
}

/// Scores restored texts against a gold of originals and spun texts, in the gold's order.
/// A gold document without a restored text is reported and left out.
pub fn score_unspin(
    gold: &Path,
    restored: &Path,
    diag: &Diagnostics,
) -> Result<UnspinScores, String> {
    let mut golds: Vec<(String, GoldText)> = Vec::new();
    for_each_record(gold, diag, |place, g: GoldText| {
        golds.push((place, g));
        true
    })?;
    let mut texts: HashMap<String, String> = HashMap::new();
    if restored.is_dir() {
        for (_, g) in &golds {
            let plain = restored.join(&g.id);
            let with_txt = restored.join(format!("{}.txt", g.id));
            let path = if plain.is_file() { plain } else { with_txt };
            if let Ok(text) = std::fs::read(&path) {
                texts.insert(g.id.clone(), String::from_utf8_lossy(&text).into_owned());
            }
        }
    } else {
        for_each_record(restored, diag, |_, r: RestoredText| {
            texts.insert(r.id, r.text);
            true
        })?;
    }
    let mut documents = Vec::new();
    for (place, g) in golds {
        let Some(text) = texts.get(&g.id) else {
            diag.problem(
                place,
                format!("no restored text for {} in {}", g.id, restored.display()),
            );
            continue;
        };
        let original = words(&g.original);
        let before = word_distance(&original, &words(&g.spun));
        let after = word_distance(&original, &words(text));
        documents.push(DocumentWer::new(g.id, original.len(), before, after));
    }
    let sum = |f: fn(&DocumentWer) -> usize| documents.iter().map(f).sum::<usize>();
    let total = DocumentWer::new(
        "(all documents)".to_string(),
        sum(|d| d.words),
        sum(|d| d.before),
        sum(|d| d.after),
    );
    Ok(UnspinScores { documents, total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_as_score_py_takes_them() {
        assert_eq!(
            words("It\u{2019}s the U.S. in the 1980s"),
            ["it's", "the", "u", "s", "in", "the", "1980s"]
        );
        assert_eq!(
            words("rock 'n' roll -- don't_"),
            ["rock", "n", "roll", "don't_"]
        );
        let w = |s: &str| words(s);
        assert_eq!(
            word_distance(&w("The White House said."), &w("the white home mentioned")),
            2
        );
    }
}
