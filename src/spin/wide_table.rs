//! The Sphinx n-gram table (`dictionaries/lm_sphinx.tsv.gz`) as flat sorted arrays, and their
//! byte form.
//!
//! Parsing the 72 MB of text and hashing 3.3M n-grams took about 1.2 s, paid by every run that
//! restores a document with the wide model (a 16 KB article took 1.5 s). So `build.rs` parses
//! the file once, at compile time, with this module (it includes this file: plain `std`, no
//! crate paths), and embeds the arrays' bytes (`packed.rs`); at run time [`Table::from_bytes`]
//! reads them in place (decompressing and copying them took 0.08 s, half a 19 MB scan), and
//! `wide.rs` only maps SymSpell ids to this table's word indices. The text file stays the data of record; the same parser builds a table from
//! text at run time (`WideModel::from_tsv`, tests).
//!
//! Words have local indices (order of first appearance in the file). N-grams are stored in
//! compressed-row form: the bigrams of `v` are `bigram_words[bigram_start[v]..bigram_start[v +
//! 1]]` (sorted, with `bigram_logp` alongside), the two-word contexts `u v` that have trigrams
//! or a back-off weight are `context_v[context_start[u]..context_start[u + 1]]` (sorted), and a
//! context's trigrams are `trigram_words[trigram_start[c]..trigram_start[c + 1]]`. Lookups are
//! binary searches in short sorted runs. Probabilities are natural logs.

use super::normal::normalize_word;
use super::packed::{Reader, Writer};
use std::borrow::Cow;
use std::collections::HashMap;

/// The Sphinx table in sorted arrays (see the module doc), owned or read in place from its
/// byte form.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Table<'a> {
    /// The words, by local index, one a line.
    words: Cow<'a, str>,
    /// Each word's hash (`text::word_hash`: xxh3 of its normalised form), by local index:
    /// computed at build time, so that loading hashes no word.
    pub word_hashes: Cow<'a, [u64]>,
    /// ln P(w) per word; NaN for a word met only inside n-grams.
    pub unigram: Cow<'a, [f32]>,
    /// ln back-off weight per word (0 when the file gives none).
    pub backoff: Cow<'a, [f32]>,
    pub bigram_start: Cow<'a, [u32]>,
    pub bigram_words: Cow<'a, [u32]>,
    /// ln P(w | v).
    pub bigram_logp: Cow<'a, [f32]>,
    pub context_start: Cow<'a, [u32]>,
    pub context_v: Cow<'a, [u32]>,
    /// ln back-off weight of the context `u v` (0 when the file gives none).
    pub context_backoff: Cow<'a, [f32]>,
    pub trigram_start: Cow<'a, [u32]>,
    pub trigram_words: Cow<'a, [u32]>,
    /// ln P(w | u v).
    pub trigram_logp: Cow<'a, [f32]>,
}

/// Magic and version at the start of [`Table::to_bytes`]'s output.
const MAGIC: &[u8; 8] = b"CDSPHX02";
/// What the byte form is, for messages.
const WHAT: &str = "Sphinx table";

impl<'a> Table<'a> {
    /// Parses `word<TAB>log10 P<TAB>log10 bo`, `w1 w2<TAB>log10 P[<TAB>log10 bo]` and
    /// `w1 w2 w3<TAB>log10 P` rows (blank lines, `#` comments and rows whose probability does not
    /// parse are skipped). Should an n-gram be listed twice, its last row counts.
    pub fn from_lines<'t>(lines: impl IntoIterator<Item = &'t str>) -> Table<'static> {
        let ln10 = std::f32::consts::LN_10;
        let mut index: HashMap<&'t str, u32> = HashMap::new();
        let mut words: Vec<&'t str> = Vec::new();
        let mut id = |w: &'t str| -> u32 {
            *index.entry(w).or_insert_with(|| {
                words.push(w);
                (words.len() - 1) as u32
            })
        };
        let mut unigrams: Vec<(u32, f32, f32)> = Vec::new();
        // (v, w, ln P, ln bo) and (u, v, w, ln P), in file order.
        let mut bigrams: Vec<(u32, u32, f32, Option<f32>)> = Vec::new();
        let mut trigrams: Vec<(u32, u32, u32, f32)> = Vec::new();
        for line in lines {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, rest)) = line.split_once('\t') else {
                continue;
            };
            let mut fields = rest.split('\t').map(|f| f.trim().parse::<f32>());
            let Some(Ok(lp)) = fields.next() else {
                continue;
            };
            let bo = match fields.next() {
                Some(Ok(bo)) => Some(bo * ln10),
                _ => None,
            };
            let mut parts = key.split(' ');
            let first = parts.next().unwrap_or("");
            if first.is_empty() {
                continue;
            }
            match (parts.next(), parts.next()) {
                (Some(v), Some(w)) => trigrams.push((id(first), id(v), id(w), lp * ln10)),
                (Some(w), None) => bigrams.push((id(first), id(w), lp * ln10, bo)),
                (None, _) => unigrams.push((id(first), lp * ln10, bo.unwrap_or(0.0))),
            }
        }
        let n = words.len();
        let mut unigram = vec![f32::NAN; n];
        let mut backoff = vec![0.0; n];
        for (w, lp, bo) in unigrams {
            unigram[w as usize] = lp;
            backoff[w as usize] = bo;
        }
        // Bigrams: the last row of a pair counts (a stable sort keeps file order among equals),
        // and its last back-off weight.
        bigrams.sort_by_key(|&(v, w, _, _)| (v, w));
        let weights: Vec<(u32, u32, f32)> = bigrams
            .iter()
            .filter_map(|b| Some((b.0, b.1, b.3?)))
            .collect();
        let bigrams = last_of_each(bigrams, |b| (b.0, b.1));
        // Contexts: every pair with trigrams or a back-off weight.
        let mut contexts: Vec<(u32, u32, Option<f32>)> = trigrams
            .iter()
            .map(|t| (t.0, t.1, None))
            .chain(weights.into_iter().map(|(u, v, bo)| (u, v, Some(bo))))
            .collect();
        contexts.sort_by_key(|&(u, v, _)| (u, v));
        contexts.dedup_by(|later, kept| {
            let same = (later.0, later.1) == (kept.0, kept.1);
            if same && later.2.is_some() {
                kept.2 = later.2;
            }
            same
        });
        trigrams.sort_by_key(|&(u, v, w, _)| (u, v, w));
        let trigrams = last_of_each(trigrams, |t| (t.0, t.1, t.2));
        // Both lists are sorted by (u, v): walk them together.
        let mut at = 0;
        let mut trigram_start = vec![0];
        for &(u, v, _) in &contexts {
            while at < trigrams.len() && (trigrams[at].0, trigrams[at].1) == (u, v) {
                at += 1;
            }
            trigram_start.push(at as u32);
        }
        Table {
            words: words.join("\n").into(),
            word_hashes: words.iter().map(|w| word_hash(w)).collect(),
            unigram: unigram.into(),
            backoff: backoff.into(),
            bigram_start: row_starts(n, bigrams.iter().map(|b| b.0)).into(),
            bigram_words: bigrams.iter().map(|b| b.1).collect(),
            bigram_logp: bigrams.iter().map(|b| b.2).collect(),
            context_start: row_starts(n, contexts.iter().map(|c| c.0)).into(),
            context_v: contexts.iter().map(|c| c.1).collect(),
            context_backoff: contexts.iter().map(|c| c.2.unwrap_or(0.0)).collect(),
            trigram_start: trigram_start.into(),
            trigram_words: trigrams.iter().map(|t| t.2).collect(),
            trigram_logp: trigrams.iter().map(|t| t.3).collect(),
        }
    }

    /// Number of words.
    pub fn word_count(&self) -> usize {
        self.word_hashes.len()
    }

    /// The words, by local index.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.split('\n').filter(|_| !self.words.is_empty())
    }

    /// ln P(w | v) when the pair is listed.
    pub fn bigram(&self, v: u32, w: u32) -> Option<f32> {
        let range = run(&self.bigram_start, v)?;
        let at = self.bigram_words[range.clone()].binary_search(&w).ok()?;
        Some(self.bigram_logp[range.start + at])
    }

    /// The index of the context `u v`, when it has trigrams or a back-off weight.
    pub fn context(&self, u: u32, v: u32) -> Option<usize> {
        let range = run(&self.context_start, u)?;
        let at = self.context_v[range.clone()].binary_search(&v).ok()?;
        Some(range.start + at)
    }

    /// ln P(w | context) when the triple is listed.
    pub fn trigram(&self, context: usize, w: u32) -> Option<f32> {
        let range = self.trigram_start[context] as usize..self.trigram_start[context + 1] as usize;
        let at = self.trigram_words[range.clone()].binary_search(&w).ok()?;
        Some(self.trigram_logp[range.start + at])
    }

    /// The table as bytes (`packed.rs`): a magic, the words as one newline-separated string,
    /// then each array.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(MAGIC);
        w.bytes(self.words.as_bytes());
        w.u64s(self.word_hashes.iter().copied());
        w.f32s(&self.unigram);
        w.f32s(&self.backoff);
        w.u32s(self.bigram_start.iter().copied());
        w.u32s(self.bigram_words.iter().copied());
        w.f32s(&self.bigram_logp);
        w.u32s(self.context_start.iter().copied());
        w.u32s(self.context_v.iter().copied());
        w.f32s(&self.context_backoff);
        w.u32s(self.trigram_start.iter().copied());
        w.u32s(self.trigram_words.iter().copied());
        w.f32s(&self.trigram_logp);
        w.out
    }

    /// Reads [`to_bytes`](Self::to_bytes)'s output back, in place where it can, checking its
    /// shape.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Table<'a>, String> {
        let table = Self::read(bytes)?;
        table.check()?;
        Ok(table)
    }

    /// [`from_bytes`](Self::from_bytes) checking only the arrays' lengths, not their values:
    /// for the table `build.rs` embeds (a test checks it in full), as the full check reads
    /// every page of 31 MB. A damaged table would make lookups panic, never misbehave
    /// silently: every index is bounds-checked.
    pub fn from_trusted_bytes(bytes: &'a [u8]) -> Result<Table<'a>, String> {
        let table = Self::read(bytes)?;
        if table.lengths_agree() {
            Ok(table)
        } else {
            Err(format!("inconsistent {WHAT} arrays"))
        }
    }

    fn read(bytes: &'a [u8]) -> Result<Table<'a>, String> {
        let mut r = Reader::new(bytes, MAGIC, WHAT)?;
        let words = std::str::from_utf8(r.bytes()?).map_err(|e| e.to_string())?;
        let table = Table {
            words: Cow::Borrowed(words),
            word_hashes: r.u64s()?,
            unigram: r.f32s()?,
            backoff: r.f32s()?,
            bigram_start: r.u32s()?,
            bigram_words: r.u32s()?,
            bigram_logp: r.f32s()?,
            context_start: r.u32s()?,
            context_v: r.u32s()?,
            context_backoff: r.f32s()?,
            trigram_start: r.u32s()?,
            trigram_words: r.u32s()?,
            trigram_logp: r.f32s()?,
        };
        r.finish()?;
        Ok(table)
    }

    /// The arrays' lengths agree with each other.
    fn lengths_agree(&self) -> bool {
        let n = self.word_count();
        self.unigram.len() == n
            && self.backoff.len() == n
            && self.bigram_start.len() == n + 1
            && self.bigram_logp.len() == self.bigram_words.len()
            && self.context_start.len() == n + 1
            && self.context_backoff.len() == self.context_v.len()
            && self.trigram_start.len() == self.context_v.len() + 1
            && self.trigram_logp.len() == self.trigram_words.len()
    }

    /// The arrays' lengths agree, and every start array is monotone and ends at its run's end.
    fn check(&self) -> Result<(), String> {
        let n = self.word_count();
        if !self.lengths_agree()
            || self.words().count() != n
            || self
                .words()
                .zip(self.word_hashes.iter())
                .any(|(w, &h)| word_hash(w) != h)
        {
            return Err(format!("inconsistent {WHAT} words"));
        }
        let starts_ok = |starts: &[u32], rows: usize, len: usize| {
            starts.len() == rows + 1
                && starts.windows(2).all(|w| w[0] <= w[1])
                && starts.first() == Some(&0)
                && starts.last().map(|&e| e as usize) == Some(len)
        };
        let ok = self.unigram.len() == n
            && self.backoff.len() == n
            && self.bigram_logp.len() == self.bigram_words.len()
            && starts_ok(&self.bigram_start, n, self.bigram_words.len())
            && self.context_backoff.len() == self.context_v.len()
            && starts_ok(&self.context_start, n, self.context_v.len())
            && self.trigram_logp.len() == self.trigram_words.len()
            && starts_ok(
                &self.trigram_start,
                self.context_v.len(),
                self.trigram_words.len(),
            )
            && self
                .bigram_words
                .iter()
                .chain(self.context_v.iter())
                .chain(self.trigram_words.iter())
                .all(|&w| (w as usize) < n);
        if ok {
            Ok(())
        } else {
            Err(format!("inconsistent {WHAT} arrays"))
        }
    }
}

/// `text::word_hash` of a word (the tokenizer's fast paths give the same hash).
pub fn word_hash(word: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(normalize_word(word).as_bytes())
}

/// The run `starts[i]..starts[i + 1]` as a range, `None` past the end.
fn run(starts: &[u32], i: u32) -> Option<std::ops::Range<usize>> {
    let i = i as usize;
    Some(*starts.get(i)? as usize..*starts.get(i + 1)? as usize)
}

/// Row starts of a compressed-row array over `rows` rows, from the sorted row of each entry.
fn row_starts(rows: usize, sorted_rows: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut starts = vec![0u32; rows + 1];
    for r in sorted_rows {
        starts[r as usize + 1] += 1;
    }
    for i in 0..rows {
        starts[i + 1] += starts[i];
    }
    starts
}

/// The last element of each run of equal keys in a sorted list.
fn last_of_each<T, K: PartialEq>(sorted: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(sorted.len());
    for item in sorted {
        match out.last_mut() {
            Some(last) if key(last) == key(&item) => *last = item,
            _ => out.push(item),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROWS: &str = "# comment\n\
        the\t-1.0\t-0.5\ngetty\t-5.0\t-0.3\nimages\t-3.0\npictures\t-3.0\t0.0\n\n\
        getty images\t-1.0\nthe getty\t-2.0\t-0.4\nthe getty\t-2.5\n\
        the getty images\t-0.1\nthe images\t-2.0\tnot-a-number\nbad row\n\
        pictures images\tx\n";

    #[test]
    fn rows_become_sorted_runs_and_survive_the_byte_form() {
        let table = Table::from_lines(ROWS.lines());
        let ln10 = std::f32::consts::LN_10;
        let id = |w: &str| table.words().position(|x| x == w).unwrap() as u32;
        let (the, getty, images) = (id("the"), id("getty"), id("images"));
        assert_eq!(table.unigram[getty as usize], -5.0 * ln10);
        assert_eq!(table.backoff[images as usize], 0.0, "no weight given");
        assert_eq!(table.bigram(getty, images), Some(-ln10));
        // The last row of a pair counts; its weight is kept from the row that gave one.
        assert_eq!(table.bigram(the, getty), Some(-2.5 * ln10));
        let context = table.context(the, getty).unwrap();
        assert_eq!(table.context_backoff[context], -0.4 * ln10);
        assert_eq!(table.trigram(context, images), Some(-0.1 * ln10));
        assert_eq!(table.trigram(context, getty), None);
        assert_eq!(table.context(getty, images), None);
        // "the images" has an unparsable weight: a bigram, no context.
        assert_eq!(table.bigram(the, images), Some(-2.0 * ln10));
        assert_eq!(table.context(the, images), None);
        assert_eq!(table.bigram_words.len(), 3);
        let bytes = table.to_bytes();
        let back = Table::from_bytes(&bytes).unwrap();
        assert_eq!(
            format!("{back:?}"),
            format!("{table:?}"),
            "NaN-safe equality"
        );
    }

    #[test]
    fn damaged_bytes_are_refused() {
        let bytes = Table::from_lines(ROWS.lines()).to_bytes();
        assert!(Table::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Table::from_bytes(b"CDSPHX00").is_err());
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(Table::from_bytes(&extra).is_err());
        // A start array that does not end at its run's end.
        let mut table = Table::from_lines(ROWS.lines());
        *table.bigram_start.to_mut().last_mut().unwrap() += 1;
        assert!(Table::from_bytes(&table.to_bytes()).is_err());
        assert!(Table::from_bytes(&Table::default().to_bytes()).is_err());
        let empty = Table::from_lines(std::iter::empty());
        let bytes = empty.to_bytes();
        assert_eq!(Table::from_bytes(&bytes).unwrap().word_count(), 0);
    }
}
