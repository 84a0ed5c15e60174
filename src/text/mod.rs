//! Tokenisation with byte offsets: the one view of a document's words that every stage shares.
//!
//! Every later stage (shingling, fingerprinting, passage alignment, spin restoration) works on
//! words, yet must report exact byte offsets into the original text. So the tokenizer keeps, for
//! each word, its span in the source and a normalised form's 64-bit hash. Word boundaries follow
//! Unicode UAX #29 (the `unicode-segmentation` crate), so "U.S.", "1980s", "it’s" and "Ángeles"
//! are single words and punctuation is never a word. Normalisation folds case and the typographic
//! apostrophe, so "It’s" and "it's" compare equal; nothing else is folded.

pub(crate) mod normal;
pub mod prose;
mod scan;
mod window;

pub use normal::normalize_word;

use xxhash_rust::xxh3::xxh3_64;

/// A word's byte range in its document: `text[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The words of one text: parallel vectors of spans and normalised-word hashes.
#[derive(Debug, Clone, Default)]
pub struct Words {
    pub spans: Vec<Span>,
    pub hashes: Vec<u64>,
}

impl Words {
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The byte range covering words `from..to` (exclusive), or an empty range at the end.
    pub fn byte_range(&self, from: usize, to: usize) -> std::ops::Range<usize> {
        if from >= to || to > self.spans.len() {
            let at = self.spans.get(from).map_or(0, |s| s.start as usize);
            return at..at;
        }
        self.spans[from].start as usize..self.spans[to - 1].end as usize
    }
}

/// Iterates the words of `text` with their byte offsets, in order: exactly the crate's
/// `unicode_word_indices` (UAX #29 words that contain a letter or digit), scanned byte by byte
/// where the text is ASCII (see [`scan`]).
pub fn word_indices(text: &str) -> impl Iterator<Item = (usize, &str)> {
    scan::WordScanner::<false>::new(text).map(|(start, word, _)| (start, word))
}

/// Like [`word_indices`], with each word's [`word_hash`] computed during the scan (ASCII words
/// are hashed without a second pass over their bytes).
pub fn hashed_word_indices(text: &str) -> impl Iterator<Item = (usize, &str, u64)> {
    scan::WordScanner::<true>::new(text)
}

/// The hash of a word's normalised form; equal normalised words have equal hashes.
pub fn word_hash(word: &str) -> u64 {
    if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return xxh3_64(word.as_bytes());
    }
    // normalise into a stack buffer: no allocation unless the word is very long
    const CAP: usize = 128;
    let mut buf = [0u8; CAP];
    if word.len() <= CAP && word.is_ascii() {
        // Most words: ASCII needs no decoding, only a byte-wise case fold.
        for (folded, byte) in buf.iter_mut().zip(word.bytes()) {
            *folded = byte.to_ascii_lowercase();
        }
        return xxh3_64(&buf[..word.len()]);
    }
    let mut len = 0;
    for ch in word.chars() {
        let folded = match ch {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
            c if c.is_ascii() => c.to_ascii_lowercase(),
            c => {
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) => l,
                    _ => return xxh3_64(normalize_word(word).as_bytes()),
                }
            }
        };
        if len + folded.len_utf8() > CAP {
            return xxh3_64(normalize_word(word).as_bytes());
        }
        len += folded.encode_utf8(&mut buf[len..]).len();
    }
    xxh3_64(&buf[..len])
}

/// A word as the scan keeps it: 32 bits of its [`word_hash`] ([`word_key`]). A scan holds
/// every word of the corpus and walks these arrays in every stage; half the bytes of the full
/// hash means half the memory to fault in and half the cache lines to wait for (169 MB
/// corpus: 110 MB less). Two distinct words share a key with probability 2^-32 per pair: a
/// vocabulary of a million words has about a hundred such pairs, each making two rare words
/// count as equal inside a shingle or an alignment, which the similarities reported (rounded
/// to 4 decimals) do not show. The spin stage, which looks words up in its dictionaries,
/// keeps the full hash.
pub type WordKey = u32;

/// The [`WordKey`] of a [`word_hash`]: its two halves folded together.
#[inline]
pub fn word_key(hash: u64) -> WordKey {
    (hash ^ (hash >> 32)) as WordKey
}

/// The [`WordKey`]s of the words of `text`, without their spans (for stages that need
/// offsets only for a few documents).
pub fn word_keys(text: &str) -> Vec<WordKey> {
    hashed_word_indices(text)
        .map(|(_, _, hash)| word_key(hash))
        .collect()
}

/// Every `CHECKPOINT_STRIDE`-th word's byte offset is kept by [`keys_and_checkpoints`], so a
/// word's span can be found again by segmenting at most that many words.
pub const CHECKPOINT_STRIDE: usize = 64;

/// The word keys of `text` and the byte offsets of words 0, 64, 128, … (a few bytes per
/// thousand words, instead of eight bytes per word for all spans).
pub fn keys_and_checkpoints(text: &str) -> (Vec<WordKey>, Vec<u32>) {
    let (keys, checkpoints, _) = keys_checkpoints_and_mask(text);
    (keys, checkpoints)
}

/// [`keys_and_checkpoints`] and the text's non-prose runs ([`prose::Mask`]), found in the
/// same pass over its words.
pub fn keys_checkpoints_and_mask(text: &str) -> (Vec<WordKey>, Vec<u32>, prose::Mask) {
    // Prose averages about six bytes a word; reserving for four means the vector almost never
    // grows (a growth copies it and touches twice its pages), and the untouched tail is given
    // back by the shrink below (in place, without a copy).
    let mut hashes = Vec::with_capacity(text.len() / 4 + 1);
    let mut checkpoints = Vec::with_capacity(text.len() / 4 / CHECKPOINT_STRIDE + 1);
    let mut mask = prose::MaskBuilder::default();
    let mut words = scan::WordScanner::<true>::new(text);
    let mut i = 0;
    while let Some((start, word, hash)) = words.next() {
        if i % CHECKPOINT_STRIDE == 0 {
            checkpoints.push(start as u32);
        }
        i += 1;
        hashes.push(word_key(hash));
        if words.last_word_prose() {
            mask.push_prose(start + word.len());
        } else {
            mask.push(text, start, word, words.last_word_plain());
        }
    }
    hashes.shrink_to_fit();
    checkpoints.shrink_to_fit();
    (hashes, checkpoints, mask.finish())
}

/// The span of word `index` of `text`, from the checkpoints of [`keys_and_checkpoints`];
/// `None` past the last word. Segmenting from a word start finds the same words as segmenting
/// the whole text (a word start is a boundary whatever precedes it).
pub fn span_at(text: &str, checkpoints: &[u32], index: usize) -> Option<Span> {
    let from = *checkpoints.get(index / CHECKPOINT_STRIDE)? as usize;
    let (start, word) = word_indices(&text[from..]).nth(index % CHECKPOINT_STRIDE)?;
    Some(Span {
        start: (from + start) as u32,
        end: (from + start + word.len()) as u32,
    })
}

/// Splits `text` into words with spans and normalised hashes.
///
/// Offsets are stored as `u32`: documents over 4 GiB are refused earlier, when the corpus is read.
pub fn tokenize(text: &str) -> Words {
    let mut words = Words::default();
    for (start, word, hash) in hashed_word_indices(text) {
        words.spans.push(Span {
            start: start as u32,
            end: (start + word.len()) as u32,
        });
        words.hashes.push(hash);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_the_words() {
        let text = "The U.S. military, in the 1980s — it’s “Ángeles”.";
        let words = tokenize(text);
        let got: Vec<&str> = words.spans.iter().map(|s| &text[s.range()]).collect();
        assert_eq!(
            got,
            [
                "The", "U.S", "military", "in", "the", "1980s", "it’s", "Ángeles"
            ]
        );
    }

    #[test]
    fn normalisation_folds_case_and_apostrophes_only() {
        assert_eq!(word_hash("It’s"), word_hash("it's"));
        assert_eq!(word_hash("THE"), word_hash("the"));
        assert_ne!(word_hash("attack"), word_hash("attacks"));
        assert_eq!(normalize_word("ÁNGELES"), "ángeles");
    }

    #[test]
    fn checkpoints_find_every_span_again() {
        let text: String = (0..300)
            .map(|i| format!("w{i}’s, “Ángel” U.S. ",))
            .collect();
        let words = tokenize(&text);
        let (keys, checkpoints) = keys_and_checkpoints(&text);
        let expected: Vec<WordKey> = words.hashes.iter().map(|&h| word_key(h)).collect();
        assert_eq!(keys, expected);
        for (i, span) in words.spans.iter().enumerate() {
            assert_eq!(span_at(&text, &checkpoints, i), Some(*span), "word {i}");
        }
        assert_eq!(span_at(&text, &checkpoints, words.len()), None);
    }

    #[test]
    fn byte_range_covers_word_runs() {
        let text = "one two  three";
        let words = tokenize(text);
        assert_eq!(&text[words.byte_range(1, 3)], "two  three");
        assert_eq!(words.byte_range(2, 2), 9..9);
    }
}
