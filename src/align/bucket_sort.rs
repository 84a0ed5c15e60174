//! Sorting the large index vectors (fingerprint postings, seeds) in buckets.
//!
//! One counting pass spreads the items into buckets by a monotone function of their key (the
//! top bits of a hash, or the document of a seed), a second pass copies each item into its
//! bucket's place, and the buckets, small enough to sort in cache, are sorted in parallel. The
//! buckets follow one another in key order, so the result is the fully sorted vector, the same
//! as a comparison sort's: the comparisons the first pass saves are most of them.

use rayon::prelude::*;

/// Items per bucket aimed at: a bucket of 16-byte items then fits in the L1 cache.
const ITEMS_PER_BUCKET: usize = 1024;

/// Items counted per parallel task of the counting pass.
const COUNT_CHUNK: usize = 1 << 16;

/// How many buckets suit `items` items: a power of two, from 1 to 2^16.
pub fn buckets_for(items: usize) -> usize {
    (items / ITEMS_PER_BUCKET)
        .next_power_of_two()
        .clamp(1, 1 << 16)
}

/// `items` sorted. `bucket(x)` must be below `buckets` and monotone: `x <= y` implies
/// `bucket(x) <= bucket(y)`. Items that compare equal must be indistinguishable (the sort is
/// unstable), as for `sort_unstable`.
pub fn sort_in_buckets<T, F>(items: &[T], buckets: usize, bucket: F) -> Vec<T>
where
    T: Ord + Copy + Default + Send + Sync,
    F: Fn(&T) -> usize + Sync,
{
    let counts = items
        .par_chunks(COUNT_CHUNK)
        .map(|chunk| {
            let mut counts = vec![0usize; buckets];
            for x in chunk {
                counts[bucket(x)] += 1;
            }
            counts
        })
        .reduce(
            || vec![0usize; buckets],
            |mut total, part| {
                total.iter_mut().zip(part).for_each(|(t, p)| *t += p);
                total
            },
        );
    let mut next: Vec<usize> = counts
        .iter()
        .scan(0, |start, &n| {
            let here = *start;
            *start += n;
            Some(here)
        })
        .collect();
    let mut sorted = vec![T::default(); items.len()];
    for x in items {
        let slot = &mut next[bucket(x)];
        sorted[*slot] = *x;
        *slot += 1;
    }
    let mut rest = sorted.as_mut_slice();
    let mut slices = Vec::with_capacity(buckets);
    for &n in &counts {
        let (head, tail) = rest.split_at_mut(n);
        slices.push(head);
        rest = tail;
    }
    slices.par_iter_mut().for_each(|s| s.sort_unstable());
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_as_sort_unstable(
            items in proptest::collection::vec((any::<u64>(), 0u32..50, 0u32..50), 0..3000),
            bits in 0u32..10,
        ) {
            let buckets = 1usize << bits;
            let sorted = sort_in_buckets(&items, buckets, |x: &(u64, u32, u32)| {
                (x.0.checked_shr(64 - bits).unwrap_or(0)) as usize
            });
            let mut expected = items.clone();
            expected.sort_unstable();
            prop_assert_eq!(sorted, expected);
        }
    }

    #[test]
    fn bucket_counts_are_powers_of_two_in_range() {
        assert_eq!(buckets_for(0), 1);
        assert_eq!(buckets_for(5000), 4);
        assert_eq!(buckets_for(usize::MAX / 2), 1 << 16);
    }
}
