//! Word shingles: one 64-bit hash per run of `k` consecutive words.
//!
//! A shingle's hash combines its words' keys (`text::WordKey`) in order, so equal word runs give
//! equal shingles whatever their spacing or punctuation. A text shorter than `k` words has one
//! shingle (all its words), so short documents can still be compared; an empty text has none.

use crate::align::bucket_sort::spread::sorted_set;
use crate::text::WordKey;

/// splitmix64's output function: a bijective 64-bit mixer.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hash of the word-key run `words` (order-sensitive): each word is folded into a running
/// value by rotate-xor-multiply, and the result is finalised with a 64-bit mixer. The word
/// keys are already uniform 32-bit values, which the multiplications spread over 64 bits.
#[inline]
pub fn hash_run(words: &[WordKey]) -> u64 {
    let mut acc = words.len() as u64;
    for &w in words {
        acc = (acc.rotate_left(23) ^ u64::from(w)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    mix(acc)
}

/// The hashes of every k-word window, in text order (position i = words i..i+k).
pub fn shingles(word_keys: &[WordKey], k: usize) -> Vec<u64> {
    let mut out = Vec::new();
    shingles_into(word_keys, k, &mut out);
    out
}

/// [`shingles`] written into `out` (cleared first), so that one buffer serves many documents.
pub fn shingles_into(word_keys: &[WordKey], k: usize, out: &mut Vec<u64>) {
    assert!(k > 0, "shingle size must be positive");
    out.clear();
    if word_keys.is_empty() {
        return;
    }
    if word_keys.len() < k {
        out.push(hash_run(word_keys));
        return;
    }
    // the scan's shingle sizes (5 words; 6 immutable tokens) with the window's length known
    match k {
        5 => windows_into::<5>(word_keys, out),
        6 => windows_into::<6>(word_keys, out),
        _ => out.extend(word_keys.windows(k).map(hash_run)),
    }
}

/// [`hash_run`] of every `K`-word window of `word_keys` (at least `K` words) appended to
/// `out`. With the length a constant the fold is unrolled and its first step, on the length
/// alone, computed at compile time: about a third fewer instructions per shingle than the
/// loop over a window of any length (the scan's most frequent loop after the tokenizer).
fn windows_into<const K: usize>(word_keys: &[WordKey], out: &mut Vec<u64>) {
    let count = word_keys.len() + 1 - K;
    out.reserve(count);
    out.extend((0..count).map(|i| {
        let window = &word_keys[i..i + K];
        let mut acc = K as u64;
        for &w in window {
            acc = (acc.rotate_left(23) ^ u64::from(w)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
        mix(acc)
    }));
}

/// The set of shingle hashes, sorted and without repeats (for exact Jaccard).
pub fn shingle_set(word_keys: &[WordKey], k: usize) -> Vec<u64> {
    sorted_set(shingles(word_keys, k))
}

/// Size of the intersection of two sorted, repeat-free sets: a merge whose steps are
/// comparisons added as numbers rather than branches, which the shingle hashes, being
/// random, would mispredict half the time.
pub fn intersection_size<T: Copy + Ord>(a: &[T], b: &[T]) -> usize {
    intersection_size_unless(a, b, |_| false).unwrap_or(0)
}

/// Merge steps between two checks of [`intersection_size_unless`]'s bound.
pub(crate) const STEPS_PER_CHECK: usize = 64;

/// [`intersection_size`], given up (`None`) as soon as `short(bound)` says that even `bound`,
/// the most the intersection can still reach (shared so far plus the fewer elements left on
/// either side), falls short. `short` must be monotone: short of `n` means short of less.
/// Most candidate pairs of a scan share a passage and little else: the merge of two such
/// sets stops about a third of the way through.
pub fn intersection_size_unless<T: Copy + Ord>(
    a: &[T],
    b: &[T],
    short: impl Fn(usize) -> bool,
) -> Option<usize> {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if short(n + (a.len() - i).min(b.len() - j)) {
            return None;
        }
        let mut steps = 0;
        while steps < STEPS_PER_CHECK && i < a.len() && j < b.len() {
            let (x, y) = (a[i], b[j]);
            n += usize::from(x == y);
            i += usize::from(x <= y);
            j += usize::from(y <= x);
            steps += 1;
        }
    }
    (!short(n)).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_windows_hash_as_hash_run() {
        let words: Vec<WordKey> = (0..40u32).map(|i| i.wrapping_mul(0x9e37_79b9)).collect();
        for k in 1..9 {
            for len in 0..words.len() {
                let naive: Vec<u64> = if len == 0 {
                    Vec::new()
                } else if len < k {
                    vec![hash_run(&words[..len])]
                } else {
                    words[..len].windows(k).map(hash_run).collect()
                };
                assert_eq!(shingles(&words[..len], k), naive, "k {k}, {len} words");
            }
        }
    }

    #[test]
    fn windows_and_short_texts() {
        let w = [1, 2, 3, 4];
        assert_eq!(shingles(&w, 2).len(), 3);
        assert_eq!(shingles(&w, 2)[0], hash_run(&[1, 2]));
        assert_eq!(shingles(&w, 9), vec![hash_run(&w)]);
        assert!(shingles(&[], 5).is_empty());
        let mut buffer = vec![7; 9];
        shingles_into(&w, 2, &mut buffer);
        assert_eq!(buffer, shingles(&w, 2));
        shingles_into(&w, 9, &mut buffer);
        assert_eq!(buffer, vec![hash_run(&w)]);
        assert_ne!(hash_run(&[1, 2]), hash_run(&[2, 1]));
    }

    /// The intersection as first written: a merge that branches on each comparison.
    fn branching_intersection_size(a: &[u64], b: &[u64]) -> usize {
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }

    proptest::proptest! {
        #[test]
        fn intersection_agrees_with_the_branching_merge(
            a in proptest::collection::btree_set(0u64..400, 0..300),
            b in proptest::collection::btree_set(0u64..400, 0..300),
        ) {
            let (a, b): (Vec<u64>, Vec<u64>) = (a.into_iter().collect(), b.into_iter().collect());
            proptest::prop_assert_eq!(intersection_size(&a, &b), branching_intersection_size(&a, &b));
            proptest::prop_assert_eq!(intersection_size(&b, &a), branching_intersection_size(&a, &b));
        }
    }

    #[test]
    fn shingle_sets_are_sorted_without_repeats() {
        let words: Vec<WordKey> = (0..2000u32).map(|i| i % 700).collect();
        let set = shingle_set(&words, 5);
        let mut expected = shingles(&words, 5);
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(set, expected);
        assert_eq!(set.len(), 700);
    }

    #[test]
    fn intersection_of_sorted_sets() {
        assert_eq!(intersection_size(&[1, 3, 5, 7], &[3, 4, 5, 8]), 2);
        assert_eq!(intersection_size(&[], &[1]), 0);
    }
}
