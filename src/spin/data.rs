//! The embedded data files of `dictionaries/`, decompressed on first use.
//!
//! The binary must work with no files beside it, so the language model counts and the thesaurus
//! groups are compiled in as the gzip files that `dictionaries/build/build_all.py` writes, the
//! Sphinx n-grams and the thesaurus index as the arrays `build.rs` makes of them
//! (`wide_table.rs`, `synonym_table.rs`, read in place), and the small hand-written tables as
//! plain text. Decompression happens once, when the model is first
//! needed (see `model.rs`), never at start-up of commands that do not use it.

use flate2::read::GzDecoder;
use std::io::Read;

/// Bytes aligned for the widest number of a packed table (`packed.rs`), so that its arrays can
/// be read in place.
#[repr(C, align(8))]
pub struct Aligned<B: ?Sized>(pub B);

/// A file of `build.rs`'s output directory, embedded with [`Aligned`]'s alignment.
macro_rules! aligned_bytes {
    ($name:literal) => {{
        static BYTES: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), $name)));
        BYTES
    }};
}

/// `word<TAB>count`, SymSpell unigram frequencies.
pub const UNIGRAMS_GZ: &[u8] = include_bytes!("../../dictionaries/lm_unigrams.tsv.gz");
/// `word1 word2<TAB>count`, SymSpell bigram frequencies.
pub const BIGRAMS_GZ: &[u8] = include_bytes!("../../dictionaries/lm_bigrams.tsv.gz");
/// CMU Sphinx US English unigrams, bigrams and trigrams (`dictionaries/lm_sphinx.tsv.gz`,
/// restricted to the SymSpell vocabulary), parsed by `build.rs` into the arrays of
/// `wide_table.rs`, read in place (`packed.rs`).
pub static SPHINX_TABLE: &[u8] = &aligned_bytes!("/lm_sphinx.table").0;
/// The thesaurus index of `synonyms.rs`, compiled by `build.rs` from the WordNet groups, the
/// reverse Moby thesaurus and the pair tables below (`synonym_table.rs`), read in place.
pub static SYNONYM_TABLE: &[u8] = &aligned_bytes!("/synonyms.table").0;
/// One synonym group a line (WordNet 3.0 synsets and their inflected copies), TAB-separated.
pub const SYNSETS_GZ: &[u8] = include_bytes!("../../dictionaries/synsets.tsv.gz");
/// Hand-curated spinner signatures, `spun<TAB>original`.
/// Reverse Moby Thesaurus candidates (`spun<TAB>original...`), used only to restore documents
/// judged spun (`build/build_moby.py`).
pub const MOBY_REVERSE_GZ: &[u8] = include_bytes!("../../dictionaries/moby_reverse.tsv.gz");
pub const SIGNATURES: &str = include_str!("../../dictionaries/signatures.tsv");
/// Phrase-table spinner pairs used only to restore documents judged spun, `spun<TAB>original`.
pub const RESTORATION: &str = include_str!("../../dictionaries/restoration.tsv");
/// Spelled-out decades, `spun<TAB>original`.
pub const NUMBERS: &str = include_str!("../../dictionaries/numbers.tsv");

/// Decompresses one embedded gzip file. The files are built into the binary, so a failure here
/// is a build defect, not a user error.
pub fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4);
    GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .expect("embedded dictionary data is valid gzip UTF-8");
    out
}

/// The `a<TAB>b` rows of a TSV text, skipping blank lines and `#` comments.
pub fn tsv_rows(text: &str) -> impl Iterator<Item = (&str, &str)> {
    lines(text)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(split_at_tab)
}

/// The lines of a text, exactly as `str::lines` splits them (`\n` or `\r\n`), found with a
/// byte search: `str::lines` and `str::split_once` go through the generic character searcher,
/// which cost a tenth of the embedded model's load time.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        // '\n' is ASCII, so both sides are on character boundaries.
        let Some(at) = memchr::memchr(b'\n', rest.as_bytes()) else {
            return Some(std::mem::take(&mut rest));
        };
        let line = &rest[..at];
        rest = &rest[at + 1..];
        Some(line.strip_suffix('\r').unwrap_or(line))
    })
}

/// `line` split at its first TAB (see [`lines`]).
fn split_at_tab(line: &str) -> Option<(&str, &str)> {
    split_at_byte(line, b'\t')
}

/// `text` split at the first `byte`, an ASCII byte, so both sides are on character boundaries.
pub fn split_at_byte(text: &str, byte: u8) -> Option<(&str, &str)> {
    debug_assert!(byte.is_ascii());
    let at = memchr::memchr(byte, text.as_bytes())?;
    Some((&text[..at], &text[at + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_decompress() {
        assert!(gunzip(UNIGRAMS_GZ).starts_with(|c: char| c.is_ascii()));
        assert!(tsv_rows(SIGNATURES).count() > 50);
        assert!(tsv_rows(NUMBERS).any(|(a, b)| a == "nineteen eighties" && b == "1980s"));
    }

    /// The rows of `tsv_rows` as the standard library's splitting gives them.
    fn naive_rows(text: &str) -> Vec<(&str, &str)> {
        text.lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .collect()
    }

    #[test]
    fn lines_and_rows_read_like_the_standard_library() {
        for text in [
            "",
            "a\tb",
            "a\tb\n",
            "a\tb\r\n\n# c\td\nx\ty\tz\r\n  \nno tab\n\r",
            "é\t€\n\n",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>()
            );
            assert_eq!(tsv_rows(text).collect::<Vec<_>>(), naive_rows(text));
        }
        assert_eq!(split_at_byte("w1 w2 w3", b' '), Some(("w1", "w2 w3")));
    }

    proptest::proptest! {
        #[test]
        fn lines_and_rows_agree_with_the_standard_library_on_any_text(
            text in "[a#é \t\r\n]{0,40}"
        ) {
            proptest::prop_assert_eq!(lines(&text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>());
            proptest::prop_assert_eq!(tsv_rows(&text).collect::<Vec<_>>(), naive_rows(&text));
        }
    }
}
