//! Learning a spinner from its work: substitution pairs read off spun copies aligned with their
//! sources.
//!
//! The scan judges every copy pair once (`dedup::judge`): a pair of kind `spun` comes with its
//! source, and with every in-place substitution of its word diff, read from the source to the
//! copy ("law" -> "legislation"; a run of the same length on both sides word for word,
//! "1980s" -> "Nineteen Eighties" as a phrase). Only those pairs teach: an edited copy's
//! replacements are an editor's, not a spinner's, and reading them taught pairs like
//! "the" -> "a" or "decade" -> "combat" that then changed honest text. Of a spun pair's
//! substitutions, a pair of function words alone is left out (spinners leave function words
//! alone; such a pair is a misalignment), and so is one whose spun side reads much worse in
//! its context than a spinner's choice does ([`MAX_LEARN_MARGIN`]). Counting what is left over
//! a corpus and keeping the pairs seen at least `min_count` times (or once, with strong
//! evidence: a thesaurus links the two and the pair's direction is sure) gives a dictionary in
//! the `spun<TAB>original` format of `dictionaries/`, which `unspin --dictionary` reads. The
//! same alignment restores a spun text exactly when its source is at hand
//! (`restore_from_source`, used by `unspin --source`).

use super::dictionary::Source;
use super::edit::Edit;
use crate::align::immutable::is_function_word;
use crate::dedup::judge::{CopyKind, Duplicate, SubstitutionText};
use crate::text::{normalize_word, tokenize, word_hash, word_indices, word_key};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Longest replaced run, in words on either side, that counts as one substitution.
pub const MAX_PHRASE_WORDS: usize = 3;

/// Largest language-model margin, in nats, of a learned substitution: how much less likely the
/// spun phrase may be than the original between the same neighbours. A spinner's synonym
/// reads acceptably; a far worse fit is a misalignment or an unrelated edit.
pub const MAX_LEARN_MARGIN: f32 = 8.0;

/// Lowest direction confidence of a spun pair whose synonym substitutions are learned when
/// seen once.
pub const SURE_DIRECTION: f64 = 0.8;

/// Substitution counts: (spun phrase, original phrase) -> (times seen, times seen with strong
/// evidence), in lower case.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Substitutions {
    counts: BTreeMap<(String, String), (usize, usize)>,
}

impl Substitutions {
    pub fn new() -> Self {
        Self::default()
    }

    /// The substitutions of every spun copy pair of a scan (its `duplicates`), filtered as the
    /// module doc says.
    pub fn from_duplicates(duplicates: &[Duplicate]) -> Substitutions {
        let mut subs = Substitutions::new();
        for d in duplicates.iter().filter(|d| d.kind == CopyKind::Spun) {
            let Some(evidence) = &d.spun else { continue };
            let sure = evidence.confidence >= SURE_DIRECTION;
            for s in evidence.substitutions.iter().filter(|s| learnable(s)) {
                let (spun, original): (Vec<&str>, Vec<&str>) =
                    (s.spun.split(' ').collect(), s.original.split(' ').collect());
                subs.count_run(&spun, &original, sure && s.synonym);
            }
        }
        subs
    }

    /// Counts one replaced run, `original` words turned into `spun` ones: a run of the same
    /// length on both sides word for word (a context-blind spinner replaces word for word;
    /// the strong evidence of a phrase does not pass to its words), another as one phrase.
    fn count_run<S: AsRef<str>>(&mut self, spun: &[S], original: &[S], strong: bool) {
        if spun.len() == original.len() && spun.len() > 1 {
            for (w, o) in spun.iter().zip(original) {
                if w.as_ref() != o.as_ref() {
                    self.count(w.as_ref().to_string(), o.as_ref().to_string(), false);
                }
            }
        } else {
            let join = |words: &[S]| {
                words
                    .iter()
                    .map(AsRef::as_ref)
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            self.count(join(spun), join(original), strong);
        }
    }

    fn count(&mut self, spun: String, original: String, strong: bool) {
        let entry = self.counts.entry((spun, original)).or_insert((0, 0));
        entry.0 += 1;
        entry.1 += usize::from(strong);
    }

    /// Adds the substitutions that turn `original` (the source passage) into `spun`.
    pub fn observe(&mut self, original: &str, spun: &str) {
        let words = |text: &str| -> Vec<String> {
            word_indices(text).map(|(_, w)| normalize_word(w)).collect()
        };
        let (old, new) = (words(original), words(spun));
        for (old_index, old_len, new_index, new_len) in replaced_runs(&old, &new) {
            if old_len > MAX_PHRASE_WORDS || new_len > MAX_PHRASE_WORDS {
                continue;
            }
            self.count_run(
                &new[new_index..new_index + new_len],
                &old[old_index..old_index + old_len],
                false,
            );
        }
    }

    /// The pairs seen at least `min_count` times, or once with strong evidence, most frequent
    /// first (ties alphabetical).
    pub fn frequent(&self, min_count: usize) -> Vec<(&str, &str, usize)> {
        self.frequent_or(min_count, |_, _| false)
    }

    /// [`Substitutions::frequent`], and the pairs seen fewer times that `also(spun, original)`
    /// keeps.
    pub fn frequent_or(
        &self,
        min_count: usize,
        also: impl Fn(&str, &str) -> bool,
    ) -> Vec<(&str, &str, usize)> {
        let mut pairs: Vec<(&str, &str, usize)> = self
            .counts
            .iter()
            .filter(|((s, o), (n, strong))| *n >= min_count || *strong > 0 || also(s, o))
            .map(|((s, o), (n, _))| (s.as_str(), o.as_str(), *n))
            .collect();
        pairs.sort_by(|x, y| y.2.cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
        pairs
    }

    /// Writes the frequent pairs as a dictionary file: `spun<TAB>original<TAB>count` lines
    /// after a `#` header (the count column is ignored when the file is read back).
    pub fn write_dictionary(&self, min_count: usize, out: &mut dyn Write) -> io::Result<usize> {
        let pairs = self.frequent(min_count);
        writeln!(
            out,
            "# spinner substitutions learned by copydesk from spun copies aligned with their sources"
        )?;
        writeln!(
            out,
            "# spun<TAB>original<TAB>times seen (at least {min_count}, or once with a thesaurus link in a pair of sure direction)"
        )?;
        for (spun, original, n) in &pairs {
            writeln!(out, "{spun}\t{original}\t{n}")?;
        }
        Ok(pairs.len())
    }
}

/// Whether a spun pair's substitution is learned (see the module doc).
fn learnable(s: &SubstitutionText) -> bool {
    let content =
        |phrase: &str| word_indices(phrase).any(|(_, w)| !is_function_word(word_key(word_hash(w))));
    s.margin <= MAX_LEARN_MARGIN && (content(&s.spun) || content(&s.original))
}

pub use crate::align::word_diff::replaced_runs;

/// Longest replaced run, in words on either side, that `restore_from_source` takes as spinning
/// (a heavily spun sentence replaces many words in a row); longer runs, or runs whose sides
/// differ in length more than twofold, are rewritten passages and are left alone.
pub const MAX_ALIGNED_WORDS: usize = 12;

/// The spin report of `text` with its restorations: read off `source`, the text it was spun
/// from, when that is at hand ([`restore_from_source`]), else guessed by `unspinner`
/// (`unspin --source` and the Python package's `unspin(source=...)`).
pub fn report_with_source(
    unspinner: &super::Unspinner,
    text: &str,
    source: Option<&str>,
) -> super::SpinReport {
    match source {
        Some(source) => {
            let mut report = unspinner.detect(text);
            report.edits = restore_from_source(text, source);
            report
        }
        None => unspinner.analyze(text),
    }
}

/// Restores a spun text from its source: the two are aligned word by word, and every small
/// replaced run of the spun text becomes an edit whose original is the source's wording,
/// verbatim (its case and punctuation), with confidence 1. Words the spinner glued together
/// ("Ouncessaid" for "Oz said") come back as the source wrote them.
pub fn restore_from_source(spun: &str, source: &str) -> Vec<Edit> {
    let (spun_words, source_words) = (tokenize(spun), tokenize(source));
    replaced_runs(&source_words.hashes, &spun_words.hashes)
        .into_iter()
        .filter(|&(_, old_len, _, new_len)| {
            (1..=MAX_ALIGNED_WORDS).contains(&old_len)
                && (1..=MAX_ALIGNED_WORDS).contains(&new_len)
                && old_len <= 2 * new_len
                && new_len <= 2 * old_len
        })
        .map(|(old_index, old_len, new_index, new_len)| {
            let at = spun_words.byte_range(new_index, new_index + new_len);
            let from = source_words.byte_range(old_index, old_index + old_len);
            Edit {
                start: at.start,
                end: at.end,
                spun: spun[at].to_string(),
                original: source[from].to_string(),
                confidence: 1.0,
                source: Source::Aligned,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaced_runs_become_pairs() {
        let mut subs = Substitutions::new();
        subs.observe(
            "U.S. military, law enforcement and intelligence officials said",
            "U.S. navy, legislation enforcement and intelligence officers mentioned",
        );
        subs.observe(
            "the law was said to be",
            "the legislation was mentioned to be",
        );
        let got = subs.frequent(2);
        assert_eq!(
            got,
            vec![("legislation", "law", 2), ("mentioned", "said", 2)]
        );
        // military/navy, officials/officers once each
        assert_eq!(subs.frequent(1).len(), 4);
        let mut out = Vec::new();
        assert_eq!(subs.write_dictionary(2, &mut out).unwrap(), 2);
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().any(|l| l == "legislation\tlaw\t2"), "{text}");
    }

    #[test]
    fn a_spun_text_is_restored_from_its_source_exactly() {
        let source = "Officials said the U.S. military, law enforcement and Cheri Oz said: no.";
        let spun =
            "Officers mentioned the U.S. navy, legislation enforcement and Cheri Ouncessaid: no.";
        let edits = restore_from_source(spun, source);
        assert!(
            edits
                .iter()
                .all(|e| e.confidence == 1.0 && spun[e.start..e.end] == e.spun)
        );
        assert_eq!(super::super::apply_edits(spun, &edits), source);
    }

    #[test]
    fn long_rewrites_are_not_substitutions() {
        let mut subs = Substitutions::new();
        subs.observe(
            "one two three four five six seven",
            "one alpha beta gamma delta epsilon seven",
        );
        assert!(subs.frequent(1).is_empty());
    }
}
