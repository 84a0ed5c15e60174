//! The embedded data files of `dictionaries/`, decompressed on first use.
//!
//! The binary must work with no files beside it, so the language model counts and the thesaurus
//! groups are compiled in as the gzip files that `dictionaries/build/build_all.py` writes, the
//! Sphinx n-grams as the arrays `build.rs` makes of theirs (`wide_table.rs`), and the small
//! hand-written tables as plain text. Decompression happens once, when the model is first
//! needed (see `engine::model`), never at start-up of commands that do not use it.

use flate2::read::GzDecoder;
use std::io::Read;

/// `word<TAB>count`, SymSpell unigram frequencies.
pub const UNIGRAMS_GZ: &[u8] = include_bytes!("../../dictionaries/lm_unigrams.tsv.gz");
/// `word1 word2<TAB>count`, SymSpell bigram frequencies.
pub const BIGRAMS_GZ: &[u8] = include_bytes!("../../dictionaries/lm_bigrams.tsv.gz");
/// CMU Sphinx US English unigrams, bigrams and trigrams (`dictionaries/lm_sphinx.tsv.gz`,
/// restricted to the SymSpell vocabulary), parsed by `build.rs` into the arrays of
/// `wide_table.rs` and compressed with zstd (see `wide.rs`).
pub const SPHINX_TABLE_ZST: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/lm_sphinx.table.zst"));
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
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
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
}
