//! Non-prose runs: the stretches of a text whose words are not language (base64, uuencoded and
//! hex blocks, minified code, runs of URLs or of numbers), found while the words are scanned.
//!
//! Such runs are words to the tokenizer, but comparing them as prose makes unrelated mails with
//! base64 bodies share shingles, and feeds a spin verdict words no thesaurus or language model
//! knows. So the scan marks them ([`Mask`]) and the later stages leave them out: they make no
//! shingle, no content word and no fingerprint, and never match another document's words
//! (`scan`), the verdict measures coverage over the prose words (`dedup::judge`), and spin
//! detection reads the text with them blanked. Word indices and byte offsets are untouched:
//! a masked word keeps its place.
//!
//! **The rule.** A word is *odd* when the word itself is not word-like or the bytes before it
//! are not what separates prose words:
//! - the word has at least [`LONG_WORD`] bytes (a base64 line, a hex string, a hash), switches
//!   between letters and digits twice or more (`R0lGODlh`, `3f2a`, `M4V1E`; not `term12`,
//!   `1980s`, `mp3`), is a number (digits with `.`/`,`), or has a capital after a small
//!   letter twice or more (`wAAACH`, `getElementById`);
//! - or the gap before it is ASCII punctuation without whitespace other than one hyphen or
//!   apostrophe: `://` and `/` in URLs, `/` and `+` in base64, `){` and `=` in minified code,
//!   the punctuation of uuencoded lines (prose puts a space after its punctuation; CJK prose,
//!   whose words touch, has no ASCII gap).
//!
//! A *run* is a sequence of odd words in which at most [`MAX_PROSE_GAP`] ordinary words
//! separate two odd ones; a run of at least [`MIN_RUN_ODD`] odd words, [`MIN_RUN_DENSITY`] of
//! its words odd, is masked from its first odd word to its last. A URL, a product code or a
//! year in a sentence is a run of one or two odd words and stays prose. (Thresholds measured in
//! BENCHMARKS-history.md, "Non-prose runs": on the copies and scan corpora, which are prose,
//! they mask under 0.1 % of the words.)
//!
//! A document is *mostly non-prose* when at least [`MOSTLY_NON_PROSE`] of its bytes are in
//! masked runs (bytes, not words: a 76-byte base64 line is one to four words); the verdict
//! does not compare it (its little prose, in mail mostly headers, would decide), and the
//! reports name it.

/// Word length in bytes from which a word is odd by its length alone.
pub const LONG_WORD: usize = 25;
/// Most ordinary words between two odd words of one run.
pub const MAX_PROSE_GAP: usize = 1;
/// Fewest odd words of a masked run.
pub const MIN_RUN_ODD: usize = 12;
/// Lowest share of odd words in a masked run (first to last odd word).
pub const MIN_RUN_DENSITY: f64 = 0.8;
/// Share of bytes in masked runs from which a document is mostly non-prose.
pub const MOSTLY_NON_PROSE: f64 = 0.7;

/// The masked word ranges of one document, sorted and disjoint (`start..end`, word indices).
/// Empty for ordinary prose, so it costs nothing there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mask {
    pub runs: Vec<(u32, u32)>,
    /// Bytes the runs span, from each run's first word to its last.
    pub bytes: usize,
}

impl Mask {
    /// Words masked.
    pub fn masked_words(&self) -> usize {
        self.runs.iter().map(|&(s, e)| (e - s) as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// The prose stretches of a document of `len` words: the ranges between masked runs, empty
    /// ones left out.
    pub fn prose_segments(&self, len: usize) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let mut from = 0usize;
        let mut runs = self.runs.iter();
        let mut done = false;
        std::iter::from_fn(move || {
            while !done {
                let (start, end) = match runs.next() {
                    Some(&(s, e)) => (s as usize, e as usize),
                    None => {
                        done = true;
                        (len, len)
                    }
                };
                let segment = from..start.min(len);
                from = end;
                if !segment.is_empty() {
                    return Some(segment);
                }
            }
            None
        })
    }

    /// Whether word `index` is masked.
    pub fn contains(&self, index: usize) -> bool {
        let i = self.runs.partition_point(|&(_, e)| e as usize <= index);
        self.runs.get(i).is_some_and(|&(s, _)| s as usize <= index)
    }

    /// Whether any word of `from..to` is masked.
    pub fn touches(&self, from: usize, to: usize) -> bool {
        let i = self.runs.partition_point(|&(_, e)| e as usize <= from);
        self.runs.get(i).is_some_and(|&(s, _)| (s as usize) < to)
    }

    /// The share of the bytes of a text of `len` bytes in its masked runs (0 for an empty
    /// one): a base64 line of 76 bytes is one to four words, so words undercount it.
    pub fn share(&self, len: usize) -> f64 {
        if len == 0 {
            0.0
        } else {
            self.bytes as f64 / len as f64
        }
    }

    /// Whether a text of `len` bytes with this mask is mostly non-prose ([`MOSTLY_NON_PROSE`]).
    pub fn mostly_non_prose(&self, len: usize) -> bool {
        self.bytes > 0 && self.share(len) >= MOSTLY_NON_PROSE
    }
}

/// Each byte's high bit.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// Each byte 1.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `x` (all bytes ASCII) that lies in `lo..=hi` (`lo >= 1`):
/// adding `0x80 - lo` sets it from `lo` up, adding `0x7f - hi` sets it above `hi`, and no sum
/// carries into the next byte.
#[inline]
fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let from_lo = x.wrapping_add(ONES * u64::from(0x80 - lo));
    let above_hi = x.wrapping_add(ONES * u64::from(0x7f - hi));
    from_lo & !above_hi & HIGH
}

/// The `len` (at most 8) bytes of `text` from `at` as a little-endian word, zeros above: one
/// unaligned load where eight bytes are there to read.
#[inline]
fn load(text: &[u8], at: usize, len: usize) -> u64 {
    match text.get(at..at + 8) {
        Some(eight) => {
            let mut block = [0u8; 8];
            block.copy_from_slice(eight);
            let x = u64::from_le_bytes(block);
            if len >= 8 {
                x
            } else {
                x & ((1u64 << (8 * len)) - 1)
            }
        }
        None => {
            let mut block = [0u8; 8];
            block[..len].copy_from_slice(&text[at..at + len]);
            u64::from_le_bytes(block)
        }
    }
}

/// Whether the word of `len` bytes at `start` of `text` is odd by itself (see the module
/// doc). Eight bytes at a time (most words are one step): a word takes a few arithmetic
/// operations, not a branch a byte.
#[inline(always)]
fn odd_word(text: &[u8], start: usize, len: usize) -> bool {
    if len >= LONG_WORD {
        return true;
    }
    if len <= 8 {
        // most words: one block, nothing carried
        let x = load(text, start, len);
        if x & HIGH != 0 {
            return false;
        }
        let digit = in_range(x, b'0', b'9');
        let lower = in_range(x, b'a', b'z');
        let upper = in_range(x, b'A', b'Z');
        let letter = lower | upper;
        let humps = (lower << 8) & upper;
        if digit == 0 {
            return at_least_two(humps);
        }
        let switches = ((letter << 8) & digit) | ((digit << 8) & letter);
        return letter == 0 || at_least_two(switches) || at_least_two(humps);
    }
    let (mut letters, mut digits) = (0u64, 0u64);
    // whether a hump (a switch) was seen, and whether two were: bit tests, not population
    // counts (without the POPCNT instruction, which the portable x86-64 target lacks, a count
    // is a dozen instructions)
    let (mut hump, mut two_humps, mut switch, mut two_switches) = (false, false, false, false);
    // the previous block's last byte: small letter, letter, digit (high bit of byte 0)
    let (mut carry_lower, mut carry_letter, mut carry_digit) = (0u64, 0u64, 0u64);
    let mut at = 0;
    while at < len {
        let x = load(text, start + at, (len - at).min(8));
        at += 8;
        if x & HIGH != 0 {
            return false; // non-ASCII words are language here (CJK, accented prose)
        }
        let digit = in_range(x, b'0', b'9');
        let lower = in_range(x, b'a', b'z');
        let upper = in_range(x, b'A', b'Z');
        let letter = lower | upper;
        // a capital right after a small letter, within the block or across its start
        let humps = (lower << 8 | carry_lower) & upper;
        // a digit after a letter or a letter after a digit (disjoint: a byte is one or the
        // other)
        let switches =
            ((letter << 8 | carry_letter) & digit) | ((digit << 8 | carry_digit) & letter);
        two_humps |= at_least_two(humps) || (hump && humps != 0);
        hump |= humps != 0;
        two_switches |= at_least_two(switches) || (switch && switches != 0);
        switch |= switches != 0;
        (carry_lower, carry_letter, carry_digit) = (lower >> 56, letter >> 56, digit >> 56);
        letters |= letter;
        digits |= digit;
    }
    // digits only (with `.` `,` infixes) is a number; letters and digits switching twice a
    // code (`R0lGOD`, `3f2a`; `term12`, `1980s` and `mp3` switch once)
    (digits != 0 && letters == 0) || two_switches || two_humps
}

/// Whether at least two bits of `x` are set.
#[inline]
fn at_least_two(x: u64) -> bool {
    x & x.wrapping_sub(1) != 0
}

/// Whether the bytes between two words are not a prose separator (see the module doc).
#[inline]
fn odd_gap(gap: &[u8]) -> bool {
    if gap.is_empty() || matches!(gap, b"-" | b"'") {
        return false;
    }
    gap.iter().all(|&b| b < 0x80 && !b.is_ascii_whitespace())
}

/// Builds a [`Mask`] word by word: feed every word in order with [`MaskBuilder::push`].
#[derive(Debug, Default)]
pub struct MaskBuilder {
    mask: Mask,
    /// Byte offset where the previous word ended.
    prev_end: usize,
    /// Words seen.
    index: u32,
    /// The open run: first odd word, last odd word, odd words (none when `odd == 0`), and
    /// where the first starts and the last ends.
    first: u32,
    last: u32,
    odd: u32,
    first_start: usize,
    last_end: usize,
}

impl MaskBuilder {
    /// Takes word number `self.index`, `word` at byte `start` of `text`; `plain`: the word is
    /// known to be ASCII with no capital letter and no digit (the word scanner's
    /// `last_word_plain`), so that only its length can make it odd by itself: no hump, no
    /// switch, no number (`false` when not known: the word is then tested).
    #[inline(always)]
    pub fn push(&mut self, text: &str, start: usize, word: &str, plain: bool) {
        // Most words of prose are plain, short and after one space: not odd, and nothing to
        // do but move on. That test is all the scan's loop holds; the rest is out of line, so
        // that the loop keeps its values in registers.
        let prev_end = self.prev_end;
        self.prev_end = start + word.len();
        let spaced = start == prev_end + 1 && text.as_bytes().get(prev_end) == Some(&b' ');
        if plain && spaced && word.len() < LONG_WORD {
            self.index += 1;
            return;
        }
        self.push_other(text, start, word.len(), plain, prev_end, spaced);
    }

    /// [`MaskBuilder::push`] of a word known not to be odd, by itself or by its gap (the word
    /// scanner's `last_word_prose`), which ends at byte `end`: it is only counted.
    #[inline(always)]
    pub fn push_prose(&mut self, end: usize) {
        self.prev_end = end;
        self.index += 1;
    }

    /// [`MaskBuilder::push`] of a word that is not plain, long, or not after one space.
    #[inline(never)]
    fn push_other(
        &mut self,
        text: &str,
        start: usize,
        len: usize,
        plain: bool,
        prev_end: usize,
        spaced: bool,
    ) {
        let gap = text.as_bytes().get(prev_end..start).unwrap_or(&[]);
        let odd_alone = if plain {
            len >= LONG_WORD
        } else {
            odd_word(text.as_bytes(), start, len)
        };
        let odd = odd_alone || (self.index > 0 && !spaced && odd_gap(gap));
        if odd {
            if self.odd > 0 && (self.index - self.last - 1) as usize > MAX_PROSE_GAP {
                self.close();
            }
            if self.odd == 0 {
                self.first = self.index;
                self.first_start = start;
            }
            self.last = self.index;
            self.last_end = self.prev_end;
            self.odd += 1;
        }
        self.index += 1;
    }

    fn close(&mut self) {
        let span = self.last - self.first + 1;
        if self.odd as usize >= MIN_RUN_ODD
            && f64::from(self.odd) >= MIN_RUN_DENSITY * f64::from(span)
        {
            self.mask.runs.push((self.first, self.last + 1));
            self.mask.bytes += self.last_end - self.first_start;
        }
        self.odd = 0;
    }

    pub fn finish(mut self) -> Mask {
        if self.odd > 0 {
            self.close();
        }
        self.mask
    }
}

/// The [`Mask`] of a text (the words as `text::word_indices` finds them).
pub fn mask(text: &str) -> Mask {
    let mut builder = MaskBuilder::default();
    for (start, word) in super::word_indices(text) {
        builder.push(text, start, word, false);
    }
    builder.finish()
}

/// `text` with its masked runs blanked: every byte from a run's first word to its last turned
/// into a space, so byte offsets stay those of `text` (for spin detection, which must read
/// only prose). Borrowed when nothing is masked.
pub fn blank_masked<'a>(text: &'a str, mask: &Mask) -> std::borrow::Cow<'a, str> {
    if mask.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let spans: Vec<(usize, usize)> = {
        let mut words = super::word_indices(text).enumerate();
        let mut spans = Vec::with_capacity(mask.runs.len());
        for &(s, e) in &mask.runs {
            let mut start = None;
            let mut end = None;
            for (i, (at, word)) in words.by_ref() {
                if i == s as usize {
                    start = Some(at);
                }
                if i + 1 == e as usize {
                    end = Some(at + word.len());
                    break;
                }
            }
            if let (Some(start), Some(end)) = (start, end) {
                spans.push((start, end));
            }
        }
        spans
    };
    let mut bytes = text.as_bytes().to_vec();
    for (start, end) in spans {
        bytes[start..end].fill(b' ');
    }
    // whole characters were replaced by ASCII spaces: still UTF-8
    std::borrow::Cow::Owned(
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

#[cfg(test)]
mod tests;
