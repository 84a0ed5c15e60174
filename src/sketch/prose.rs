//! What the sketches and the verdict see of a document with non-prose runs (`text::prose`):
//! its prose only, with word indices kept.
//!
//! - A masked word's key is replaced by one drawn from its document and position
//!   ([`scramble`]), never a function word: it matches no word of another document in the
//!   passage finder's extensions or the immutables' skeletons (a base64 line split at `+` and
//!   `/` has many "a", "I" and "to"), and the word keeps its index, so checkpoints and byte
//!   offsets are untouched.
//! - Shingles are those of each prose stretch, as if each were a text of its own
//!   ([`shingles_into`]): no shingle has a masked word or spans a masked run. A document
//!   without a mask gets exactly `shingle::shingles_into`.
//! - The verdict reads a document's prose words alone, in order ([`ProseView`]), and maps its
//!   ranges to and from word indices: coverage, the word diff and the spun evidence count
//!   prose words only.

use super::shingle;
use crate::align::immutable::is_function_word;
use crate::text::WordKey;
use crate::text::prose::Mask;

/// The key a masked word gets: a mix of its document and index, not a function word.
pub fn masked_key(doc: u32, index: u32) -> WordKey {
    let mut z = (u64::from(doc) << 32) | u64::from(index);
    loop {
        z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut x = z;
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^= x >> 31;
        let key = (x ^ (x >> 32)) as WordKey;
        if !is_function_word(key) {
            return key;
        }
    }
}

/// Replaces the keys of `mask`'s words by [`masked_key`]s.
pub fn scramble(keys: &mut [WordKey], mask: &Mask, doc: u32) {
    for &(start, end) in &mask.runs {
        for i in start..end.min(keys.len() as u32) {
            keys[i as usize] = masked_key(doc, i);
        }
    }
}

/// The shingles of each prose stretch of `keys` (as `shingle::shingles_into` makes them for
/// a whole text), in order, into `out` (cleared first).
pub fn shingles_into(keys: &[WordKey], mask: &Mask, k: usize, out: &mut Vec<u64>) {
    if mask.is_empty() {
        shingle::shingles_into(keys, k, out);
        return;
    }
    out.clear();
    let mut part = Vec::new();
    for segment in mask.prose_segments(keys.len()) {
        shingle::shingles_into(&keys[segment], k, &mut part);
        out.extend_from_slice(&part);
    }
}

/// The sorted, repeat-free set of [`shingles_into`].
pub fn shingle_set(keys: &[WordKey], mask: &Mask, k: usize) -> Vec<u64> {
    let mut out = Vec::new();
    shingles_into(keys, mask, k, &mut out);
    crate::align::bucket_sort::spread::sorted_set(out)
}

/// The sorted, repeat-free set of the content words (those not function words) of the prose
/// words of `keys`, and how many content words the prose has with repeats: exactly
/// `judge::content_word_set` of the prose words in order, made without a branch per word.
/// About every other word of prose is a function word, a branch the processor cannot
/// predict: every word is written, and the write position moves on only for a content word.
pub fn content_word_set(keys: &[WordKey], mask: &Mask) -> (Vec<WordKey>, usize) {
    let is_function_word = crate::align::function_words::table().tester();
    let mut set: Vec<WordKey> = vec![0; keys.len()];
    let mut n = 0;
    for segment in mask.prose_segments(keys.len()) {
        for &w in &keys[segment] {
            set[n] = w;
            n += usize::from(!is_function_word(w));
        }
    }
    set.truncate(n);
    // word keys are folded hashes: spread evenly
    (crate::align::bucket_sort::spread::sorted_set(set), n)
}

/// A document's prose words in order, and the word index of each.
#[derive(Debug, Clone, Default)]
pub struct ProseView {
    pub keys: Vec<WordKey>,
    /// `positions[i]`: the word index of prose word `i`.
    pub positions: Vec<u32>,
}

impl ProseView {
    pub fn new(keys: &[WordKey], mask: &Mask) -> ProseView {
        let mut view = ProseView::default();
        for segment in mask.prose_segments(keys.len()) {
            view.keys.extend_from_slice(&keys[segment.clone()]);
            view.positions.extend(segment.map(|i| i as u32));
        }
        view
    }

    /// The prose words of word range `start..end`, as prose indices.
    pub fn to_prose(&self, start: u32, end: u32) -> (u32, u32) {
        let from = self.positions.partition_point(|&p| p < start);
        let to = self.positions.partition_point(|&p| p < end);
        (from as u32, to as u32)
    }

    /// The word range from prose word `start` to prose word `end - 1` (an empty range at the
    /// word index of `start`, or at `words` past the last prose word, when `start >= end`).
    pub fn to_words(&self, start: u32, end: u32, words: u32) -> (u32, u32) {
        let at = |i: u32| self.positions.get(i as usize).copied();
        match (at(start), end.checked_sub(1).and_then(at)) {
            (Some(s), Some(l)) if start < end => (s, l + 1),
            (Some(s), _) => (s, s),
            _ => (words, words),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::word_keys;

    #[test]
    fn prose_shingles_skip_masked_runs() {
        let keys = word_keys("a1 b2 c3 d4 e5 f6 g7 h8 i9 j10 k11 l12");
        let mask = Mask {
            runs: vec![(3, 5), (10, 11)],
            bytes: 0,
        };
        let mut got = Vec::new();
        shingles_into(&keys, &mask, 3, &mut got);
        let mut expected = shingle::shingles(&keys[0..3], 3);
        expected.extend(shingle::shingles(&keys[5..10], 3));
        expected.extend(shingle::shingles(&keys[11..12], 3));
        assert_eq!(got, expected);
        shingles_into(&keys, &Mask::default(), 3, &mut got);
        assert_eq!(got, shingle::shingles(&keys, 3));
    }

    #[test]
    fn content_word_sets_are_the_judges_of_the_prose_words() {
        use crate::align::immutable::is_function_word;
        // a mix of function and content words, with repeats, and masks cutting it
        let text: String = (0..400)
            .map(|i| format!("the w{} of and x{} ", i % 37, i % 101))
            .collect();
        let keys = word_keys(&text);
        assert!(keys.iter().any(|&k| is_function_word(k)));
        for runs in [
            vec![],
            vec![(0, 3)],
            vec![(5, 60), (700, 1600)],
            vec![(0, 1600)],
        ] {
            let mask = Mask { runs, bytes: 0 };
            let prose = mask
                .prose_segments(keys.len())
                .flat_map(|segment| keys[segment].iter().copied());
            let expected = crate::dedup::judge::content_word_set(prose);
            assert_eq!(content_word_set(&keys, &mask), expected, "{:?}", mask.runs);
        }
    }

    #[test]
    fn masked_keys_differ_by_document_and_are_no_function_words() {
        let mut seen = std::collections::HashSet::new();
        for doc in 0..50 {
            for i in 0..200 {
                let key = masked_key(doc, i);
                assert!(!is_function_word(key));
                seen.insert(key);
            }
        }
        assert_eq!(seen.len(), 50 * 200);
    }

    #[test]
    fn prose_view_maps_ranges_both_ways() {
        let keys: Vec<WordKey> = (0..10).collect();
        let view = ProseView::new(
            &keys,
            &Mask {
                runs: vec![(2, 5)],
                bytes: 0,
            },
        );
        assert_eq!(view.keys, [0, 1, 5, 6, 7, 8, 9]);
        assert_eq!(view.to_prose(0, 10), (0, 7));
        assert_eq!(view.to_prose(3, 6), (2, 3));
        assert_eq!(view.to_prose(2, 5), (2, 2));
        assert_eq!(view.to_words(1, 3, 10), (1, 6));
        assert_eq!(view.to_words(2, 2, 10), (5, 5));
        assert_eq!(view.to_words(7, 7, 10), (10, 10));
    }
}
