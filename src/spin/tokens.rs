//! The document as restoration sees it: words with byte spans, model ids and clause boundaries.
//!
//! Built on the shared tokenizer (`text::tokenize`). Two things are added:
//! - a boundary flag per word, set when the gap before it holds anything but spaces (punctuation,
//!   a line break): bigrams are not scored across it and phrases do not match across it;
//! - splitting of glued tokens. The spinner sometimes eats the space after a replacement
//!   ("Cheri Oz said" -> "Cheri Ouncessaid"). An unknown word that is a known spun form followed
//!   immediately by a frequent word is split into two words; restoration puts the space back.

use super::dictionary::Dictionary;
use super::lm::{COMMON_RANK, LanguageModel, OOV};
use crate::text::{hashed_word_indices, word_hash};
use rustc_hash::FxHashSet;

/// Frequency rank under which a word counts as "common" for glue splitting.
const GLUE_SUFFIX_RANK: u32 = COMMON_RANK;

/// One word of the document.
#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub hash: u64,
    pub id: u32,
    /// Punctuation or a line break separates this word from the previous one.
    pub boundary_before: bool,
    /// This word is the first half of a glued token; the next token continues it with no space.
    pub glued_to_next: bool,
    /// The word opens a sentence, line or quotation (so a capital letter says nothing about it).
    pub sentence_start: bool,
    /// Capitalised, and capitalised inside a sentence somewhere in the document: likely a name
    /// ("Trump" at the start of a sentence is still a name if "the Trump administration" occurs).
    pub name: bool,
}

/// Tokens of `text`, with glued tokens split and names marked.
pub fn tokens(text: &str, lm: &LanguageModel, dict: &Dictionary) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(text.len() / 5 + 4);
    out.extend(stream(text, lm, dict));
    let names = names_in(text, out.iter().copied());
    mark_names(text, &mut out, &names);
    out
}

/// The tokens of `text` one at a time, without names (`name` is false): what [`tokens`] makes,
/// without holding them all. Each token's flags depend only on the text and the token before
/// it, so a window of the stream is the same slice of [`tokens`] (names apart, see
/// [`names`]).
pub fn stream<'a>(
    text: &'a str,
    lm: &'a LanguageModel,
    dict: &'a Dictionary,
) -> impl Iterator<Item = Token> + 'a {
    let mut words = hashed_word_indices(text);
    let mut prev_end = 0usize;
    let mut first = true;
    // The second half of a glued token, given out after the first.
    let mut pending: Option<Token> = None;
    std::iter::from_fn(move || {
        if let Some(t) = pending.take() {
            return Some(t);
        }
        let (start, word, hash) = words.next()?;
        let end = start + word.len();
        let gap = &text[prev_end..start];
        let boundary_before = first || !gap.bytes().all(|b| b == b' ');
        let sentence_start = first
            || gap.contains(['.', '!', '?', '\n', ':', '“', '"', '(', '‘', '\''])
            || text[..start].ends_with(['.', '?', '!']);
        first = false;
        // A possessive "’s" is left outside the word: "normal’s" restores as "general’s".
        let (end, word, hash) = match strip_possessive(word) {
            Some(stem) => (start + stem.len(), stem, word_hash(stem)),
            None => (end, word, hash),
        };
        prev_end = end;
        let id = lm.id_of_word(word, hash);
        if id == OOV
            && let Some(split) = split_glued(word, lm, dict)
        {
            let rest = &word[split..];
            pending = Some(Token {
                start: start + split,
                end,
                hash: word_hash(rest),
                id: lm.id_of_hash(word_hash(rest)),
                boundary_before: false,
                glued_to_next: false,
                sentence_start: false,
                name: false,
            });
            return Some(Token {
                start,
                end: start + split,
                hash: word_hash(&word[..split]),
                id: lm.id_of_hash(word_hash(&word[..split])),
                boundary_before,
                glued_to_next: true,
                sentence_start,
                name: false,
            });
        }
        Some(Token {
            start,
            end,
            hash,
            id,
            boundary_before,
            glued_to_next: false,
            sentence_start,
            name: false,
        })
    })
}

/// The hashes of the capitalised word forms found capitalised inside a sentence somewhere in
/// `text`: a capitalised token of one of these forms is a name wherever it stands
/// ([`Token::name`]). One pass over the stream; the set grows with the vocabulary, not with the
/// length of the text.
pub fn names(text: &str, lm: &LanguageModel, dict: &Dictionary) -> FxHashSet<u64> {
    names_in(text, stream(text, lm, dict))
}

/// [`names`] from the tokens of `text` already made (by [`stream`]).
pub fn names_of(text: &str, toks: &[Token]) -> FxHashSet<u64> {
    names_in(text, toks.iter().copied())
}

fn names_in(text: &str, toks: impl Iterator<Item = Token>) -> FxHashSet<u64> {
    toks.filter(|t| !t.sentence_start && capitalised(text, t))
        .map(|t| t.hash)
        .collect()
}

fn capitalised(text: &str, t: &Token) -> bool {
    // an ASCII first letter decides alone (most words), without decoding a character
    match text.as_bytes().get(t.start) {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => text[t.start..].starts_with(char::is_uppercase),
    }
}

/// Sets `name` on the capitalised tokens whose form is in `names` (see [`names`]).
pub fn mark_names(text: &str, toks: &mut [Token], names: &FxHashSet<u64>) {
    for t in toks.iter_mut() {
        mark_name(text, t, names);
    }
}

/// Sets `t.name`: whether `t` is capitalised and its form in `names`.
pub fn mark_name(text: &str, t: &mut Token, names: &FxHashSet<u64>) {
    t.name = capitalised(text, t) && names.contains(&t.hash);
}

/// The word without a possessive "'s" / "’s", if it has one and something is left.
fn strip_possessive(word: &str) -> Option<&str> {
    let stem = word
        .strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .or_else(|| word.strip_suffix("’S"))
        .or_else(|| word.strip_suffix("'S"))?;
    (stem.chars().count() >= 3).then_some(stem)
}

/// Where to split an unknown word made of a one-word spun form (of a signature or user pair, not
/// a mere thesaurus word) and a common word of three letters or more, if anywhere.
/// The longest spun prefix wins; the prefix must start with a capital letter or the whole word be
/// lower case, so camel-case names ("McDonald") are not split at random.
fn split_glued(word: &str, lm: &LanguageModel, dict: &Dictionary) -> Option<usize> {
    if word.len() < 5 || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    // Every tail ends with the word's last three bytes: where those are letters `a-z` that no
    // common word ends with, no tail is common (most unknown words: names, terms).
    if !lm.common_ending(&word.as_bytes()[word.len() - 3..]) {
        return None;
    }
    // Split points from the last (the longest head) back to the third character: the tail
    // grows leftwards a character at a time, so once it holds a capital letter every longer
    // tail does too.
    let first = word.char_indices().nth(2).map_or(word.len(), |(i, _)| i);
    let mut tail_chars = 0;
    for (at, c) in word.char_indices().rev() {
        if at < first || c.is_uppercase() {
            return None;
        }
        tail_chars += 1;
        if tail_chars < 3 {
            continue;
        }
        let (head, tail) = word.split_at(at);
        let tail_id = lm.id_of_hash(word_hash(tail));
        if tail_id == OOV || lm.rank(tail_id) > GLUE_SUFFIX_RANK {
            continue;
        }
        let head_hash = word_hash(head);
        let is_spun_form = dict
            .starting_with(head_hash)
            .any(|p| dict.phrase(p).hashes.len() == 1 && dict.has_pairs(p));
        if is_spun_form && lm.id_of_hash(head_hash) != OOV {
            return Some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spin::dictionary::Source;

    #[test]
    fn boundaries_and_glue() {
        let lm = LanguageModel::from_tsv("ounces\t5\noz\t4\nsaid\t90\ncheri\t1\nthe\t99\n", "");
        let mut dict = Dictionary::default();
        dict.add_pair(&lm, "ounces", "oz", Source::Signature);
        let text = "Cheri Ouncessaid the. The";
        assert_eq!(strip_possessive("normal’s"), Some("normal"));
        assert_eq!(strip_possessive("it's"), None);
        let toks = tokens(text, &lm, &dict);
        let words: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(words, ["Cheri", "Ounces", "said", "the", "The"]);
        assert!(toks[1].glued_to_next && !toks[2].boundary_before);
        assert!(toks[0].boundary_before && toks[4].boundary_before && !toks[3].boundary_before);
    }
}
