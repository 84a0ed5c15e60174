//! The word scanner: UAX #29 words of a text, byte by byte for ASCII, through the
//! `unicode-segmentation` crate for the rest, with each word's normalised hash computed on the way.
//!
//! The definition of a word stays the crate's `unicode_word_indices`; this scanner yields exactly
//! its `(offset, word)` sequence (checked exhaustively on short strings, by proptest and by the
//! tokenizer fuzz target), only faster on ASCII prose.
//!
//! **ASCII words.** In ASCII only a few Word_Break classes occur: ALetter (A–Z, a–z), Numeric
//! (0–9), ExtendNumLet (`_`), MidLetter (`:`), MidNumLet (`.`), Single_Quote (`'`), MidNum
//! (`,` `;`), Double_Quote, CR, LF, Newline (VT, FF), WSegSpace (space) and Other. A segment with a
//! letter or digit is then a run of "core" bytes (letters, digits, `_`) in which single infix bytes
//! are kept when both neighbours allow it: `' . :` between letters (WB6/WB7), `' . , ;` between
//! digits (WB11/WB12). Every other ASCII segment (spaces, CR LF, one punctuation byte) has no
//! letter or digit and is not a word; so is a run of underscores only.
//!
//! **Where the crate takes over.** On a non-ASCII byte the scanner hands a piece of text to the
//! crate, from the last *safe point* before the byte to the first safe point after it, and
//! re-bases the crate's offsets. A safe point `p` is a word boundary that the crate finds in the
//! whole text and also at the end of `text[..p]`, so segmenting the pieces on either side of it
//! separately gives the whole text's segments (forward segmentation from a boundary depends only
//! on the text after it). Two kinds are used:
//!
//! - *After ASCII whitespace, before ASCII non-whitespace* (start of the next ASCII chunk): every
//!   state of the crate's segmenter stops at or before an ASCII whitespace byte (no rule WB5–WB16
//!   continues over CR, LF, Newline, space or tab; WB4 only absorbs Extend/Format/ZWJ, none of them
//!   ASCII), a space run only continues with more WSegSpace (WB3d), CR only joins a following LF
//!   (WB3), and an ASCII non-whitespace byte is neither. A whitespace byte just *before* non-ASCII
//!   text is not used: a combining mark after a space joins the space (WB4).
//! - *The end of a word the ASCII scan has finished*: the word ends at an ASCII core byte and is
//!   followed by an ASCII byte that does not continue it, and, when that byte is an infix (`' . :
//!   , ;`), by an ASCII byte after it that does not complete WB6/7/11/12 either. Then the crate's
//!   Letter/Numeric/ExtendNumLet state breaks there (or backs up to there, WB6/WB12 failing), and
//!   at the end of `text[..p]` it ends the word at the same place. When the byte after an infix is
//!   not ASCII (`a.é` is one word), the scan hands over instead of deciding.

use unicode_segmentation::{UnicodeSegmentation, UnicodeWordIndices};
use xxhash_rust::xxh3::xxh3_64;

use super::window::Window;
use super::word_hash;

/// Letters, digits and `_`: the bytes an ASCII word is made of.
const CORE: u8 = 1;
/// Letters and digits: an ASCII segment is a word when it has one.
const ALNUM: u8 = 1 << 1;
/// A–Z: the word's hash needs a case fold.
const UPPER: u8 = 1 << 2;
const ALPHA: u8 = 1 << 3;
const DIGIT: u8 = 1 << 4;
/// MidLetter or MidNumLetQ (`:` `.` `'`): kept between two letters (WB6/WB7).
const INFIX_LETTERS: u8 = 1 << 5;
/// MidNum or MidNumLetQ (`,` `;` `.` `'`): kept between two digits (WB11/WB12).
const INFIX_DIGITS: u8 = 1 << 6;
/// A byte of a multi-byte UTF-8 character: the crate decides.
const NON_ASCII: u8 = 1 << 7;

/// The class bits of each byte value.
static CLASS: [u8; 256] = classes();

const fn classes() -> [u8; 256] {
    let mut class = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        class[b] = if byte >= 0x80 {
            NON_ASCII
        } else if byte.is_ascii_uppercase() {
            CORE | ALNUM | ALPHA | UPPER
        } else if byte.is_ascii_lowercase() {
            CORE | ALNUM | ALPHA
        } else if byte.is_ascii_digit() {
            CORE | ALNUM | DIGIT
        } else {
            match byte {
                b'_' => CORE,
                b':' => INFIX_LETTERS,
                b'.' | b'\'' => INFIX_LETTERS | INFIX_DIGITS,
                b',' | b';' => INFIX_DIGITS,
                _ => 0,
            }
        };
        b += 1;
    }
    class
}

/// The ASCII whitespace bytes after which a chunk may start: space (WSegSpace), tab (Other),
/// LF, VT, FF (Newline), CR.
fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// The first safe point after the non-ASCII byte at `from`: a position after ASCII whitespace and
/// at ASCII non-whitespace, or the end of the text.
fn next_chunk_start(bytes: &[u8], from: usize) -> usize {
    let mut p = from + 1;
    while p < bytes.len() {
        let byte = bytes[p];
        if byte < 0x80 && !is_ascii_space(byte) && is_ascii_space(bytes[p - 1]) {
            return p;
        }
        p += 1;
    }
    bytes.len()
}

/// The hash `word_hash` gives an ASCII word, from the scan's class bits: no copy when the word has
/// no capital (the common case), else an ASCII case fold on the stack.
#[inline(always)]
fn ascii_word_hash(word: &[u8], has_upper: bool) -> u64 {
    const CAP: usize = 128;
    if !has_upper {
        return xxh3_64(word);
    }
    if word.len() > CAP {
        // Rare long words: the general path (an ASCII slice is valid UTF-8).
        return word_hash(std::str::from_utf8(word).expect("ASCII word"));
    }
    let mut buf = [0u8; CAP];
    for (folded, &byte) in buf.iter_mut().zip(word) {
        *folded = byte.to_ascii_lowercase();
    }
    xxh3_64(&buf[..word.len()])
}

/// Iterates `(offset, word, hash)` over the words of a text; the hash is `word_hash(word)` when
/// `HASH` is true and 0 otherwise (callers that only want offsets skip the hashing).
pub struct WordScanner<'a, const HASH: bool> {
    text: &'a str,
    /// Where the ASCII scan resumes.
    pos: usize,
    /// The latest safe point: no word has been yielded from after it.
    safe: usize,
    /// The crate's iterator over a piece with non-ASCII text, and the piece's offset.
    fallback: Option<(UnicodeWordIndices<'a>, usize)>,
    /// The current window's classes, from `window_base`, and its final runs not yet yielded.
    window: Window,
    window_base: usize,
    starts: u64,
    ends: u64,
    /// The byte machine takes the next step (the window could not decide at `pos`).
    byte_step: bool,
    /// Whether the word yielded last is ASCII with no capital and no digit.
    plain: bool,
    /// Whether the word yielded last is known not to be odd for the non-prose mask
    /// (`WordFlags::prose`).
    prose: bool,
}

impl<'a, const HASH: bool> WordScanner<'a, HASH> {
    pub fn new(text: &'a str) -> Self {
        WordScanner {
            text,
            pos: 0,
            safe: 0,
            fallback: None,
            window: Window::default(),
            window_base: 0,
            starts: 0,
            ends: 0,
            byte_step: false,
            plain: false,
            prose: false,
        }
    }

    /// Whether the word yielded last is known to be ASCII with no capital letter and no digit
    /// (`false` where the scanner does not know: words the crate segmented, and every word
    /// when `HASH` is false). The non-prose
    /// mask reads it to leave such words, most of prose, untested (`text::prose`).
    #[inline]
    pub fn last_word_plain(&self) -> bool {
        self.plain
    }

    /// Whether the word yielded last is known to be prose for the non-prose mask: not odd by
    /// itself nor by its gap (`window::WordFlags::prose`; `false` where the scanner does not
    /// know: words the window did not find, and every word when `HASH` is false). The mask then only counts it
    /// (`prose::MaskBuilder::push_prose`).
    #[inline]
    pub fn last_word_prose(&self) -> bool {
        self.prose
    }

    /// Hands `text[safe..next safe point after non_ascii]` to the crate.
    #[cold]
    fn hand_over(&mut self, non_ascii: usize) {
        let end = next_chunk_start(self.text.as_bytes(), non_ascii);
        let piece = &self.text[self.safe..end];
        self.fallback = Some((piece.unicode_word_indices(), self.safe));
        self.pos = end;
        self.safe = end;
    }

    /// The next word of the crate's piece, if any.
    fn next_from_fallback(&mut self) -> Option<(usize, &'a str, u64)> {
        let (words, base) = self.fallback.as_mut()?;
        match words.next() {
            Some((start, word)) => {
                self.plain = false;
                self.prose = false;
                let hash = if HASH { word_hash(word) } else { 0 };
                Some((*base + start, word, hash))
            }
            None => {
                self.fallback = None;
                None
            }
        }
    }
}

/// What one run of the byte machine found.
enum Step<'a> {
    Word((usize, &'a str, u64)),
    /// A piece went to the crate (`fallback`).
    HandedOver,
    End,
}

impl<'a, const HASH: bool> WordScanner<'a, HASH> {
    /// The byte machine: scans from `pos` to the next word, handing over to the crate at a
    /// non-ASCII byte. It runs where a window cannot decide: near non-ASCII text and in words that
    /// do not fit a window.
    fn next_bytewise(&mut self) -> Step<'a> {
        loop {
            let bytes = self.text.as_bytes();
            let n = bytes.len();
            let mut i = self.pos;
            // Skip to the next core byte.
            let mut class;
            loop {
                if i >= n {
                    self.pos = n;
                    return Step::End;
                }
                class = CLASS[bytes[i] as usize];
                if class & CORE != 0 {
                    break;
                }
                if class & NON_ASCII != 0 {
                    self.hand_over(i);
                    return Step::HandedOver;
                }
                i += 1;
            }
            // A run of core bytes with infixes kept where both neighbours allow.
            let start = i;
            let mut seen = 0u8;
            loop {
                while class & CORE != 0 {
                    seen |= class;
                    i += 1;
                    if i >= n {
                        break;
                    }
                    class = CLASS[bytes[i] as usize];
                }
                if i >= n {
                    break;
                }
                if class & NON_ASCII != 0 {
                    self.hand_over(i);
                    return Step::HandedOver;
                }
                if class & (INFIX_LETTERS | INFIX_DIGITS) == 0 || i + 1 >= n {
                    break;
                }
                let after = CLASS[bytes[i + 1] as usize];
                if after & NON_ASCII != 0 {
                    self.hand_over(i + 1);
                    return Step::HandedOver;
                }
                let before = CLASS[bytes[i - 1] as usize];
                let joins = (class & INFIX_LETTERS != 0 && before & after & ALPHA != 0)
                    || (class & INFIX_DIGITS != 0 && before & after & DIGIT != 0);
                if !joins {
                    break;
                }
                i += 1;
                class = after;
            }
            self.pos = i;
            if seen & ALNUM == 0 {
                continue; // underscores only: a segment, not a word
            }
            self.safe = i;
            self.plain = seen & (UPPER | DIGIT) == 0;
            self.prose = false;
            let word = &bytes[start..i];
            let hash = if HASH {
                ascii_word_hash(word, seen & UPPER != 0)
            } else {
                0
            };
            // The word is ASCII, so its bounds are character boundaries.
            return Step::Word((start, &self.text[start..i], hash));
        }
    }

    /// Classifies the 64 bytes from `pos` (zeros past the end) and queues their final words.
    #[inline]
    fn load_window(&mut self) {
        let bytes = self.text.as_bytes();
        self.window = match bytes[self.pos..].first_chunk::<64>() {
            Some(block) => Window::classify(block),
            None => {
                let mut block = [0u8; 64];
                let rest = &bytes[self.pos..];
                block[..rest.len()].copy_from_slice(rest);
                Window::classify(&block)
            }
        };
        let runs = self.window.final_runs();
        self.starts = runs.starts;
        self.ends = runs.ends;
        self.window_base = self.pos;
        self.pos += runs.resume as usize;
        self.byte_step = runs.non_ascii || runs.resume == 0;
    }

    /// The next queued word of the window, skipping runs of `_` only.
    #[inline]
    fn next_from_window(&mut self) -> Option<(usize, &'a str, u64)> {
        while self.starts != 0 {
            let first = self.starts.trailing_zeros();
            let last = self.ends.trailing_zeros();
            self.starts &= self.starts - 1;
            self.ends &= self.ends - 1;
            let flags = self.window.word_flags(first, last);
            if !flags.alnum {
                continue;
            }
            if HASH {
                // only the hashing scan feeds the mask: the offsets' re-scans skip the flags
                self.plain = flags.plain;
                self.prose = flags.prose;
            }
            let start = self.window_base + first as usize;
            let end = self.window_base + last as usize + 1;
            self.safe = end;
            let word = &self.text[start..end];
            let hash = if HASH {
                ascii_word_hash(word.as_bytes(), flags.upper)
            } else {
                0
            };
            return Some((start, word, hash));
        }
        None
    }
}

impl<'a, const HASH: bool> Iterator for WordScanner<'a, HASH> {
    type Item = (usize, &'a str, u64);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(word) = self.next_from_window() {
                return Some(word);
            }
            if self.fallback.is_some()
                && let Some(word) = self.next_from_fallback()
            {
                return Some(word);
            }
            if self.byte_step {
                self.byte_step = false;
                match self.next_bytewise() {
                    Step::Word(word) => return Some(word),
                    Step::HandedOver => continue,
                    Step::End => return None,
                }
            }
            if self.pos >= self.text.len() {
                return None;
            }
            self.load_window();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(usize, &str)> {
        WordScanner::<false>::new(text)
            .map(|(at, word, _)| (at, word))
            .collect()
    }

    #[test]
    fn ascii_infix_rules() {
        assert_eq!(
            words("U.S. e.g. 3.14 1,000 it's a:b a.1 1.a __ x_1 a..b"),
            [
                (0, "U.S"),
                (5, "e.g"),
                (10, "3.14"),
                (15, "1,000"),
                (21, "it's"),
                (26, "a:b"),
                (30, "a"),
                (32, "1"),
                (34, "1"),
                (36, "a"),
                (41, "x_1"),
                (45, "a"),
                (48, "b")
            ]
        );
    }

    #[test]
    fn non_ascii_goes_through_the_crate() {
        let text = "Café it’s a.é  \u{301}x “Ángeles” 中文 end";
        let expected: Vec<(usize, &str)> = text.unicode_word_indices().collect();
        assert_eq!(words(text), expected);
    }

    #[test]
    fn hashes_are_word_hash() {
        let text = "The QUICK brown_Fox’s 1,000 Ängel";
        for (_, word, hash) in WordScanner::<true>::new(text) {
            assert_eq!(hash, word_hash(word), "{word}");
        }
    }
}
