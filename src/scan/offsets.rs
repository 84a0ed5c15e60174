//! Byte offsets of the word ranges a scan reports, found once, in parallel, before output.
//!
//! The scan keeps each document's word keys and the byte offset of every 64th word, not
//! every word's span (see `text::keys_and_checkpoints`): a reported range's bytes are found
//! by segmenting again from the checkpoint before it. Done while writing the output, one range
//! at a time, that segmentation ran on one core and was repeated (a passage end shared by
//! several pairs was found once per pair). Here every distinct range end is found once,
//! documents in parallel, and each checkpoint block is segmented once for all the ends in it.
//! The words found are those of `text::span_at`, which is the reference (tested below).

use crate::align::WordRange;
use crate::text::{self, CHECKPOINT_STRIDE, Span};
use rayon::prelude::*;

/// The spans of the first and last words of a set of word ranges, looked up by document and
/// word index.
#[derive(Debug, Default)]
pub struct RangeEnds {
    /// `(doc, word)`, sorted and without repeats.
    words: Vec<(u32, u32)>,
    /// The span of each of `words` (`None` past the last word of its document).
    spans: Vec<Option<Span>>,
}

/// The words whose spans `ScanResult::byte_range` needs for `range`: the first one, and the
/// last one when the range is not empty.
fn ends_of(range: WordRange) -> impl Iterator<Item = (u32, u32)> {
    let last = (range.start < range.end).then(|| (range.doc, range.end - 1));
    std::iter::once((range.doc, range.start)).chain(last)
}

impl RangeEnds {
    /// Finds the end words of every range in `ranges`; `doc_of(doc)` gives the document's
    /// text and the checkpoints it was sketched with.
    pub fn find<'t>(
        ranges: impl Iterator<Item = WordRange>,
        doc_of: impl Fn(u32) -> (&'t str, &'t [u32]) + Sync,
    ) -> RangeEnds {
        let mut words: Vec<(u32, u32)> = ranges.flat_map(ends_of).collect();
        words.par_sort_unstable();
        words.dedup();
        let per_doc: Vec<&[(u32, u32)]> = words.chunk_by(|x, y| x.0 == y.0).collect();
        let spans: Vec<Option<Span>> = per_doc
            .par_iter()
            .flat_map_iter(|group| {
                let doc = group[0].0;
                let indices: Vec<u32> = group.iter().map(|&(_, w)| w).collect();
                let (text, checkpoints) = doc_of(doc);
                spans_at(text, checkpoints, &indices)
            })
            .collect();
        RangeEnds { words, spans }
    }

    /// Every word found and its span, in `(doc, word)` order (to send them elsewhere).
    pub fn entries(&self) -> impl Iterator<Item = ((u32, u32), Option<Span>)> + '_ {
        self.words.iter().copied().zip(self.spans.iter().copied())
    }

    /// The words and spans of several [`RangeEnds`] (found on different documents, or the
    /// same spans found twice) as one.
    pub fn from_entries(mut entries: Vec<((u32, u32), Option<Span>)>) -> RangeEnds {
        entries.sort_unstable_by_key(|e| e.0);
        entries.dedup_by_key(|e| e.0);
        let (words, spans) = entries.into_iter().unzip();
        RangeEnds { words, spans }
    }

    /// The span of word `word` of document `doc`: `None` when it was not asked for,
    /// `Some(None)` when it lies past the document's last word.
    pub fn get(&self, doc: u32, word: u32) -> Option<Option<Span>> {
        self.words
            .binary_search(&(doc, word))
            .ok()
            .map(|i| self.spans[i])
    }
}

/// The spans of words `indices` (sorted, without repeats) of `text`, as `text::span_at` finds
/// them, segmenting each checkpoint block once up to the last word needed in it.
fn spans_at(text: &str, checkpoints: &[u32], indices: &[u32]) -> Vec<Option<Span>> {
    let stride = CHECKPOINT_STRIDE as u32;
    let mut spans = Vec::with_capacity(indices.len());
    for block in indices.chunk_by(|a, b| a / stride == b / stride) {
        let Some(&from) = checkpoints.get((block[0] / stride) as usize) else {
            spans.extend(block.iter().map(|_| None));
            continue;
        };
        let from = from as usize;
        let mut words = text::word_indices(&text[from..]).enumerate();
        for &index in block {
            let wanted = (index % stride) as usize;
            let found = words.by_ref().find(|(i, _)| *i == wanted);
            spans.push(found.map(|(_, (start, word))| Span {
                start: (from + start) as u32,
                end: (from + start + word.len()) as u32,
            }));
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample_text(words: &[(u8, u8)]) -> String {
        const PIECES: [&str; 6] = ["word", "U.S.", "it’s", "Ángeles", "1980s", "x"];
        const GAPS: [&str; 5] = [" ", ", ", " — ", "\n\n", " “"];
        words
            .iter()
            .map(|&(w, g)| format!("{}{}", PIECES[w as usize % 6], GAPS[g as usize % 5]))
            .collect()
    }

    proptest! {
        #[test]
        fn ends_match_span_at(
            words in prop::collection::vec((any::<u8>(), any::<u8>()), 0..400),
            ranges in prop::collection::vec((0u32..2, 0u32..420, 0u32..60), 0..40),
        ) {
            let texts = [sample_text(&words), sample_text(&words[words.len() / 2..])];
            let checkpoints: Vec<Vec<u32>> =
                texts.iter().map(|t| text::keys_and_checkpoints(t).1).collect();
            let ranges: Vec<WordRange> = ranges
                .iter()
                .map(|&(doc, start, len)| WordRange { doc, start, end: start + len })
                .collect();
            let ends = RangeEnds::find(ranges.iter().copied(), |d| {
                (texts[d as usize].as_str(), checkpoints[d as usize].as_slice())
            });
            for range in &ranges {
                for (doc, word) in ends_of(*range) {
                    let reference =
                        text::span_at(&texts[doc as usize], &checkpoints[doc as usize], word as usize);
                    prop_assert_eq!(ends.get(doc, word), Some(reference));
                }
            }
            prop_assert_eq!(ends.get(2, 0), None);
        }
    }
}
