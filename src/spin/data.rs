//! The embedded data files of `dictionaries/`, decompressed on first use.
//!
//! The binary must work with no files beside it, so the language model counts and the thesaurus
//! groups are compiled in as the gzip files that `dictionaries/build/build_all.py` writes, and the
//! small hand-written tables as plain text. Decompression happens once, when the model is first
//! needed (see `model.rs`), never at start-up of commands that do not use it.

use flate2::read::GzDecoder;
use std::io::Read;

/// `word<TAB>count`, SymSpell unigram frequencies.
pub const UNIGRAMS_GZ: &[u8] = include_bytes!("../../dictionaries/lm_unigrams.tsv.gz");
/// `word1 word2<TAB>count`, SymSpell bigram frequencies.
pub const BIGRAMS_GZ: &[u8] = include_bytes!("../../dictionaries/lm_bigrams.tsv.gz");
/// CMU Sphinx US English unigrams (`word<TAB>log10 P<TAB>log10 back-off`), bigrams
/// (`w1 w2<TAB>log10 P[<TAB>log10 back-off]`) and trigrams (`w1 w2 w3<TAB>log10 P`), restricted
/// to the SymSpell vocabulary (see `wide.rs`).
pub const SPHINX_GZ: &[u8] = include_bytes!("../../dictionaries/lm_sphinx.tsv.gz");
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

/// Calls `f` on each line of one embedded gzip file, decompressing as it goes (for a file too
/// large to want whole in memory). As with [`gunzip`], a failure is a build defect.
pub fn for_each_gz_line(bytes: &[u8], mut f: impl FnMut(&str)) {
    let mut reader = std::io::BufReader::with_capacity(1 << 20, GzDecoder::new(bytes));
    let mut line = String::new();
    loop {
        line.clear();
        let read = std::io::BufRead::read_line(&mut reader, &mut line)
            .expect("embedded dictionary data is valid gzip UTF-8");
        if read == 0 {
            break;
        }
        f(line.trim_end_matches(['\n', '\r']));
    }
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
