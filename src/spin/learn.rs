//! Learning a spinner from its work: substitution pairs read off spun copies aligned with their
//! sources.
//!
//! A spun passage and its source (found by `scan`, `kind` "spun") say the same thing in the
//! same order; a word diff of the two leaves the spinner's substitutions as small replaced runs
//! ("law" -> "legislation", "White House" -> "White Home" gives "house" -> "home"; a run of equal
//! length on both sides is paired word by word, "1980s" -> "Nineteen Eighties" stays a phrase).
//! Counting
//! those runs over every spun pair of a corpus, and keeping those seen often enough, gives a
//! dictionary in the `spun<TAB>original` format of `dictionaries/`, which `unspin --dictionary`
//! reads: a corpus holding one original and its spun copy thereby teaches copydesk that spinner.
//! The same alignment restores a spun text exactly when its source is at hand
//! (`restore_from_source`, used by `unspin --source`).

use super::dictionary::Source;
use super::edit::Edit;
use crate::align::WordRange;
use crate::corpus::Document;
use crate::scan::ScanResult;
use crate::text::{normalize_word, tokenize, word_indices};
use rayon::prelude::*;
use similar::{Algorithm, DiffOp, capture_diff_slices};
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::hash::Hash;
use std::io::{self, Write};

/// Longest replaced run, in words on either side, that counts as one substitution.
pub const MAX_PHRASE_WORDS: usize = 3;

/// Substitution counts: (spun phrase, original phrase) -> times seen, in lower case.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Substitutions {
    counts: BTreeMap<(String, String), usize>,
}

impl Substitutions {
    pub fn new() -> Self {
        Self::default()
    }

    /// The substitutions of every passage a scan found (spun, or copied with small edits, as a
    /// lightly spun copy is), read from the source side to the spun side: the side with the
    /// higher spin score (the scan's, or scored here, once per document, when the scan did not
    /// score spinning). Edits that are not a spinner's are seen once or twice and fall under
    /// the writer's minimum count.
    pub fn from_scan(docs: &[Document], result: &ScanResult) -> Substitutions {
        let mut involved: Vec<u32> = result
            .passages
            .iter()
            .flat_map(|p| [p.a.doc, p.b.doc])
            .collect();
        involved.sort_unstable();
        involved.dedup();
        let scores: HashMap<u32, f64> = involved
            .into_par_iter()
            .map(|doc| {
                let score = match result.spin.get(doc as usize) {
                    Some(report) => report.score,
                    None => super::detect(&docs[doc as usize].text).score,
                };
                (doc, score)
            })
            .collect();
        let mut subs = Substitutions::new();
        for p in &result.passages {
            let (spun, source) = if scores[&p.a.doc] >= scores[&p.b.doc] {
                (p.a, p.b)
            } else {
                (p.b, p.a)
            };
            let text =
                |side: WordRange| &docs[side.doc as usize].text[result.byte_range(docs, side)];
            subs.observe(text(source), text(spun));
        }
        subs
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
            if old_len == new_len {
                // a context-blind spinner replaces word for word: count each word's pair
                for k in 0..old_len {
                    let pair = (new[new_index + k].clone(), old[old_index + k].clone());
                    *self.counts.entry(pair).or_insert(0) += 1;
                }
            } else {
                let from = new[new_index..new_index + new_len].join(" ");
                let to = old[old_index..old_index + old_len].join(" ");
                *self.counts.entry((from, to)).or_insert(0) += 1;
            }
        }
    }

    /// The pairs seen at least `min_count` times, most frequent first (ties alphabetical).
    pub fn frequent(&self, min_count: usize) -> Vec<(&str, &str, usize)> {
        let mut pairs: Vec<(&str, &str, usize)> = self
            .counts
            .iter()
            .filter(|(_, n)| **n >= min_count)
            .map(|((s, o), n)| (s.as_str(), o.as_str(), *n))
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
            "# spun<TAB>original<TAB>times seen (at least {min_count})"
        )?;
        for (spun, original, n) in &pairs {
            writeln!(out, "{spun}\t{original}\t{n}")?;
        }
        Ok(pairs.len())
    }
}

/// The replaced runs of a word diff of `old` against `new`: `(old_index, old_len, new_index,
/// new_len)` for each place where words were deleted and others inserted (a Replace op, or a
/// deletion and an insertion next to each other). Pure insertions and deletions are not
/// substitutions and are left out.
pub fn replaced_runs<T: Hash + Eq + Ord>(
    old: &[T],
    new: &[T],
) -> Vec<(usize, usize, usize, usize)> {
    let ops = capture_diff_slices(Algorithm::Myers, old, new);
    let mut runs = Vec::new();
    let mut i = 0;
    while i < ops.len() {
        let (run, step) = match (&ops[i], ops.get(i + 1)) {
            (
                &DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                },
                _,
            ) => (Some((old_index, old_len, new_index, new_len)), 1),
            (
                &DiffOp::Delete {
                    old_index,
                    old_len,
                    new_index,
                },
                Some(&DiffOp::Insert {
                    new_len,
                    new_index: at,
                    ..
                }),
            ) if at == new_index => (Some((old_index, old_len, new_index, new_len)), 2),
            (
                &DiffOp::Insert {
                    old_index,
                    new_index,
                    new_len,
                },
                Some(&DiffOp::Delete {
                    old_index: at,
                    old_len,
                    ..
                }),
            ) if at == old_index => (Some((old_index, old_len, new_index, new_len)), 2),
            _ => (None, 1),
        };
        runs.extend(run);
        i += step;
    }
    runs
}

/// Longest replaced run, in words on either side, that `restore_from_source` takes as spinning
/// (a heavily spun sentence replaces many words in a row); longer runs, or runs whose sides
/// differ in length more than twofold, are rewritten passages and are left alone.
pub const MAX_ALIGNED_WORDS: usize = 12;

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
