//! ASCII words of a 64-byte window as bit masks: the word scanner's fast path, which finds word
//! starts and ends with a few vector compares and bit operations per 64 bytes instead of a
//! branch per byte.
//!
//! Bit `j` of each mask stands for byte `j` of the window. The window must start where no word is
//! under way (the scanner's restart points), so byte `-1` counts as not a word byte. Words are
//! the runs of *core* bytes, where a core byte is a letter, digit or `_`, or an infix joined by its
//! neighbours (`' . :` between two letters, `' . , ;` between two digits: WB6/7, WB11/12), the
//! rules of the scanner's byte machine (see `scan`), on every byte at once.
//!
//! A run is only final when the bytes it was decided on are inside the window and ASCII: its own
//! bytes, the byte after it (which ends it) and the one after that (which decided that an infix
//! there does not join). [`Window::final_runs`] keeps those runs; the scanner hands the rest of the
//! window to its byte machine.

/// The class masks of one window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub alpha: u64,
    pub digit: u64,
    pub underscore: u64,
    pub upper: u64,
    /// `:` `.` `'`: kept between two letters.
    pub infix_letters: u64,
    /// `,` `;` `.` `'`: kept between two digits.
    pub infix_digits: u64,
    pub non_ascii: u64,
    /// The bytes right after a space or LF (ASCII whitespace, which no gap of non-prose has:
    /// `text::prose`).
    pub after_space: u64,
    /// The capitals right after a small letter.
    pub humps: u64,
}

/// What the scanner and the non-prose mask read of one word of a window ([`Window::word_flags`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordFlags {
    /// A letter or digit (else the run is `_` only, not a word).
    pub alnum: bool,
    /// A capital letter: its hash needs a case fold.
    pub upper: bool,
    /// Neither a capital nor a digit: the mask need not test the word itself.
    pub plain: bool,
    /// Not odd for the non-prose mask, by itself or by the bytes before it: shorter than
    /// `prose::LONG_WORD`, no digit, at most one capital after a small letter, and the byte
    /// before it whitespace in the window (so its gap is no non-prose gap).
    pub prose: bool,
}

/// The runs of a window that are final: bit masks of their first and last bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Runs {
    pub starts: u64,
    pub ends: u64,
    /// Where the first run that is not final starts (or where the final part of the window ends):
    /// the scanner's next restart point, relative to the window.
    pub resume: u32,
    /// Whether the window has a non-ASCII byte: the byte machine must take over at `resume`.
    pub non_ascii: bool,
}

impl Window {
    /// The class masks of `bytes` (bytes past the text's end are passed as zeros: not a word
    /// byte, not an infix, ASCII).
    #[inline(always)]
    pub fn classify(bytes: &[u8; 64]) -> Window {
        #[cfg(target_arch = "x86_64")]
        let mut w = classify_sse2(bytes);
        #[cfg(not(target_arch = "x86_64"))]
        let mut w = classify_scalar(bytes);
        w.humps = ((w.alpha & !w.upper) << 1) & w.upper;
        w
    }

    /// The word bytes: letters, digits, `_` and infixes joined by their neighbours.
    #[inline]
    pub fn core(&self) -> u64 {
        // The neighbours of byte j are bits j-1 (shift left) and j+1 (shift right); byte -1 is
        // not a word byte and byte 64 is unknown (runs that depend on it are not final).
        let joined_letters = self.infix_letters & (self.alpha << 1) & (self.alpha >> 1);
        let joined_digits = self.infix_digits & (self.digit << 1) & (self.digit >> 1);
        self.alpha | self.digit | self.underscore | joined_letters | joined_digits
    }

    /// The runs whose bytes, the byte after and the one after that are all in the window and
    /// ASCII.
    #[inline]
    pub fn final_runs(&self) -> Runs {
        let core = self.core();
        let starts = core & !(core << 1);
        let ends = core & !(core >> 1);
        // Bytes up to `limit - 1` are ASCII and inside the window; a run ending at `e` is final
        // when e + 2 < limit.
        let limit = self.non_ascii.trailing_zeros(); // 64 when all ASCII
        let final_ends = if limit >= 3 {
            ends & ((1u64 << (limit - 2)) - 1)
        } else {
            0
        };
        let final_starts = if final_ends == 0 {
            0
        } else {
            let last_end = 63 - final_ends.leading_zeros();
            starts & ((2u64 << last_end) - 1)
        };
        // Restart at the first run that is not final, else where finality stops (at most 62:
        // bytes 62 and 63 decide nothing alone).
        let pending = starts & !final_starts;
        let resume = pending
            .trailing_zeros()
            .min(limit.saturating_sub(2).min(62));
        Runs {
            starts: final_starts,
            ends: final_ends,
            resume,
            non_ascii: limit < 64,
        }
    }

    /// The flags of the word of run `start..=end` (see [`WordFlags`]).
    #[inline]
    pub fn word_flags(&self, start: u32, end: u32) -> WordFlags {
        let range = ((2u64 << end) - 1) & !((1u64 << start) - 1);
        let upper = self.upper & range;
        let digit = self.digit & range;
        // byte `start - 1` is no letter (runs start there): no hump of the word is outside it
        let humps = self.humps & range;
        let spaced = (self.after_space >> start) & 1 != 0;
        let short = ((end - start + 1) as usize) < super::prose::LONG_WORD;
        WordFlags {
            alnum: (self.alpha | self.digit) & range != 0,
            upper: upper != 0,
            plain: upper | digit == 0,
            // `&` on the four: no branch per test
            prose: spaced & (digit == 0) & (humps & humps.wrapping_sub(1) == 0) & short,
        }
    }
}

/// The class masks from the scanner's byte-class table, one byte at a time: the definition the
/// vector version must match, and the version for other architectures.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
pub fn classify_scalar(bytes: &[u8; 64]) -> Window {
    let mut w = Window::default();
    for (j, &byte) in bytes.iter().enumerate() {
        let bit = 1u64 << j;
        let set = |mask: &mut u64, yes: bool| {
            if yes {
                *mask |= bit
            }
        };
        set(&mut w.alpha, byte.is_ascii_alphabetic());
        set(&mut w.digit, byte.is_ascii_digit());
        set(&mut w.underscore, byte == b'_');
        set(&mut w.upper, byte.is_ascii_uppercase());
        set(&mut w.infix_letters, matches!(byte, b':' | b'.' | b'\''));
        set(
            &mut w.infix_digits,
            matches!(byte, b',' | b';' | b'.' | b'\''),
        );
        set(&mut w.non_ascii, byte >= 0x80);
        if j < 63 && matches!(byte, b' ' | b'\n') {
            w.after_space |= bit << 1;
        }
    }
    w
}

/// The class masks with SSE2 compares, 16 bytes at a time.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub fn classify_sse2(bytes: &[u8; 64]) -> Window {
    use std::arch::x86_64::*;
    let mut w = Window::default();
    for part in 0..4 {
        // SAFETY: SSE2 is part of every x86-64 CPU (the target's baseline), and the unaligned
        // load reads 16 bytes from offset 16 * part of a 64-byte array.
        unsafe {
            let v = _mm_loadu_si128(bytes.as_ptr().add(16 * part).cast::<__m128i>());
            // Non-ASCII bytes are negative as i8, so they fail every `greater than` range below.
            let between = |v: __m128i, lo: u8, hi: u8| {
                _mm_and_si128(
                    _mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1)),
                )
            };
            let eq = |v: __m128i, b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
            let lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
            let alpha = between(lower, b'a', b'z');
            let upper = between(v, b'A', b'Z');
            let digit = between(v, b'0', b'9');
            let underscore = eq(v, b'_');
            let dot_or_quote = _mm_or_si128(eq(v, b'.'), eq(v, b'\''));
            let infix_letters = _mm_or_si128(dot_or_quote, eq(v, b':'));
            let infix_digits = _mm_or_si128(dot_or_quote, _mm_or_si128(eq(v, b','), eq(v, b';')));
            let space = _mm_or_si128(eq(v, b' '), eq(v, b'\n'));
            let shift = 16 * part as u32;
            let mask = |m: __m128i| u64::from(_mm_movemask_epi8(m) as u16) << shift;
            w.alpha |= mask(alpha);
            w.digit |= mask(digit);
            w.underscore |= mask(underscore);
            w.upper |= mask(upper);
            w.infix_letters |= mask(infix_letters);
            w.infix_digits |= mask(infix_digits);
            w.non_ascii |= mask(v);
            w.after_space |= mask(space) << 1;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn vector_classes_match_the_scalar_ones() {
        // Every byte value at every position, next to varied neighbours.
        for shift in 0..64u32 {
            let mut bytes = [0u8; 64];
            for (j, byte) in bytes.iter_mut().enumerate() {
                *byte = (j as u32 * 4 + shift) as u8;
            }
            assert_eq!(classify_sse2(&bytes), classify_scalar(&bytes));
            for (j, byte) in bytes.iter_mut().enumerate() {
                *byte = ((j as u32 * 4 + shift) as u8).wrapping_add(2) ^ 0x81;
            }
            assert_eq!(classify_sse2(&bytes), classify_scalar(&bytes));
        }
        for value in 0..=255u8 {
            let bytes = [value; 64];
            assert_eq!(classify_sse2(&bytes), classify_scalar(&bytes), "{value}");
        }
    }

    fn window(text: &str) -> Window {
        let mut bytes = [0u8; 64];
        bytes[..text.len()].copy_from_slice(text.as_bytes());
        Window::classify(&bytes)
    }

    #[test]
    fn runs_join_infixes_between_matching_neighbours() {
        let w = window("U.S. 3.14 a.1 it's");
        let runs = w.final_runs();
        assert_eq!(runs.starts, 1 | 1 << 5 | 1 << 10 | 1 << 12 | 1 << 14);
        assert_eq!(runs.ends, 1 << 2 | 1 << 8 | 1 << 10 | 1 << 12 | 1 << 17);
        assert!(!runs.non_ascii);
    }

    #[test]
    fn runs_stop_two_bytes_before_non_ascii_and_the_window_end() {
        let w = window("ab cd.é");
        let runs = w.final_runs();
        assert_eq!((runs.starts, runs.ends), (1, 1 << 1));
        assert_eq!(runs.resume, 3);
        assert!(runs.non_ascii);
        let long = "x".repeat(63) + " ";
        let runs = window(&long).final_runs();
        assert_eq!((runs.starts, runs.ends, runs.resume), (0, 0, 0));
        let words = "a ".repeat(32);
        let runs = window(&words).final_runs();
        assert_eq!(runs.ends.count_ones(), 31);
        assert_eq!(runs.resume, 62);
    }
}
