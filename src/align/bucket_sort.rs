//! Sorting the large index vectors (fingerprint postings, seeds) in buckets.
//!
//! The items are made in parallel chunks; one counting pass per chunk spreads them into buckets
//! by a monotone function of their key (the top bits of a hash, or the document of a seed), a
//! second pass per chunk copies each item into its bucket's place, and the buckets, small
//! enough to sort in cache, are sorted in parallel. The buckets follow one another in key
//! order, so the result is the fully sorted vector, the same as a comparison sort's: the
//! comparisons the first pass saves are most of them. Items that are a plain function of
//! list elements (postings: one per fingerprint) are made twice, once per pass, rather than
//! stored in between; items that cost more to make (seeds) are made once and stored. Where
//! only some items matter (postings of hashes that repeat), a bucket is narrowed to those
//! before it is sorted.

pub mod spread;

use rayon::prelude::*;
use std::mem::MaybeUninit;
use std::ops::Range;

/// Items per bucket aimed at: a bucket of 16-byte items then fits in the L1 cache.
const ITEMS_PER_BUCKET: usize = 1024;

/// Parallel tasks per thread for making and scattering the items.
const CHUNKS_PER_THREAD: usize = 4;

/// How many buckets suit `items` items: a power of two, from 1 to 2^16.
pub fn buckets_for(items: usize) -> usize {
    (items / ITEMS_PER_BUCKET)
        .next_power_of_two()
        .clamp(1, 1 << 16)
}

/// The items that `make` pushes for each of `sources`, sorted. The sources are cut into a few
/// chunks per thread; each chunk makes its items into a vector of its own, counts them per
/// bucket and scatters them into its own places of the output, all in parallel, so the items
/// are copied twice and no pass over all of them is serial.
///
/// With `buckets = buckets_for(total items)`, `bucket(x, buckets)` must be below `buckets` and
/// monotone: `x <= y` implies `bucket(x, buckets) <= bucket(y, buckets)`. Items that compare
/// equal must be indistinguishable (the sort is unstable), as for `sort_unstable`.
pub fn sort_made_in_buckets<S, T, M, F>(sources: &[S], make: M, bucket: F) -> Vec<T>
where
    S: Sync,
    T: Ord + Copy + Send + Sync,
    M: Fn(usize, &S, &mut Vec<T>) + Sync,
    F: Fn(&T, usize) -> usize + Sync,
{
    let chunk_len = chunk_len(sources.len());
    let made: Vec<Vec<T>> = sources
        .par_chunks(chunk_len)
        .enumerate()
        .map(|(c, chunk)| {
            let mut items = Vec::new();
            for (i, source) in chunk.iter().enumerate() {
                make(c * chunk_len + i, source, &mut items);
            }
            items
        })
        .collect();
    let total: usize = made.iter().map(Vec::len).sum();
    let (mut sorted, sizes) = scatter(made.len(), total, |c| made[c].iter().copied(), bucket);
    drop(made);
    sort_buckets(&mut sorted, &sizes);
    sorted
}

/// [`sort_made_in_buckets`] for sources that are lists of elements, each element giving one
/// item (`map(source index, element)`): the number of items is known from the lists' lengths,
/// so the items are made where they are counted and again where they are scattered, and never
/// stored but in the output (the fingerprint postings: no second copy of the whole index).
///
/// Where only some items matter, `narrow(bucket count, bucket)` moves those of one bucket to
/// its front (in any order) and returns how many; only they are sorted (`|b| b.len()` keeps
/// all). Returns the vector and, per bucket, the range of its kept items, sorted; the items
/// outside these ranges are left in no particular order. Concatenated, the ranges hold the
/// kept items in sorted order.
pub fn sort_mapped_in_buckets<E, T, M, F, N>(
    sources: &[&[E]],
    map: M,
    bucket: F,
    narrow: N,
) -> (Vec<T>, Vec<Range<usize>>)
where
    E: Sync,
    T: Ord + Copy + Send + Sync,
    M: Fn(usize, &E) -> T + Sync,
    F: Fn(&T, usize) -> usize + Sync,
    N: Fn(usize, &mut [T]) -> usize + Sync,
{
    let chunk_len = chunk_len(sources.len());
    let chunks = sources.len().div_ceil(chunk_len);
    let total: usize = sources.iter().map(|s| s.len()).sum();
    let items_of = |c: usize| {
        let first = c * chunk_len;
        let chunk = &sources[first..(first + chunk_len).min(sources.len())];
        chunk
            .iter()
            .enumerate()
            .flat_map(move |(i, elements)| elements.iter().map(move |e| (first + i, e)))
            .map(|(source, e)| map(source, e))
    };
    let (mut sorted, sizes) = scatter(chunks, total, items_of, bucket);
    let buckets = sizes.len();
    let kept: Vec<usize> = bucket_slices(&mut sorted, &sizes)
        .into_par_iter()
        .map(|items| {
            let kept = narrow(buckets, items);
            items[..kept].sort_unstable();
            kept
        })
        .collect();
    let mut start = 0;
    let ranges = sizes
        .iter()
        .zip(kept)
        .map(|(&size, kept)| {
            let range = start..start + kept;
            start += size;
            range
        })
        .collect();
    (sorted, ranges)
}

/// Sources per chunk: a few chunks per thread.
fn chunk_len(sources: usize) -> usize {
    let chunks = (rayon::current_num_threads() * CHUNKS_PER_THREAD).max(1);
    sources.div_ceil(chunks).max(1)
}

/// Counts the `total` items of `chunks` chunks (`items(c)` yields chunk c's, the same each
/// time) per bucket and scatters them into one output vector in bucket order, in parallel;
/// returns it with the size of each bucket. Within a bucket the items are in chunk order.
fn scatter<T, I, It, F>(chunks: usize, total: usize, items: I, bucket: F) -> (Vec<T>, Vec<usize>)
where
    T: Copy + Send + Sync,
    I: Fn(usize) -> It + Sync,
    It: Iterator<Item = T>,
    F: Fn(&T, usize) -> usize + Sync,
{
    let buckets = buckets_for(total);
    let counts: Vec<Vec<usize>> = (0..chunks)
        .into_par_iter()
        .map(|c| {
            let mut counts = vec![0usize; buckets];
            for x in items(c) {
                counts[bucket(&x, buckets)] += 1;
            }
            counts
        })
        .collect();
    assert_eq!(
        counts.iter().flatten().sum::<usize>(),
        total,
        "items miscounted"
    );
    // The output is written once, by the scatter below, not filled first: a fill would be a
    // serial pass over the whole vector (and all its page faults) before the parallel one.
    let mut sorted: Vec<T> = Vec::with_capacity(total);
    // The output in bucket order; within a bucket, one slice per chunk, in chunk order.
    let mut places: Vec<Vec<&mut [MaybeUninit<T>]>> =
        (0..chunks).map(|_| Vec::with_capacity(buckets)).collect();
    let mut rest = &mut sorted.spare_capacity_mut()[..total];
    for b in 0..buckets {
        for (c, chunk_counts) in counts.iter().enumerate() {
            let (head, tail) = rest.split_at_mut(chunk_counts[b]);
            places[c].push(head);
            rest = tail;
        }
    }
    places
        .into_par_iter()
        .enumerate()
        .for_each(|(c, mut places)| {
            let mut next = vec![0usize; buckets];
            for x in items(c) {
                let b = bucket(&x, buckets);
                places[b][next[b]].write(x);
                next[b] += 1;
            }
            // every place filled: what makes `set_len` below sound, checked, not assumed
            assert!(places.iter().zip(&next).all(|(p, &n)| p.len() == n));
        });
    // SAFETY: the places cut above are disjoint and cover the first `total` slots of the spare
    // capacity (their lengths are the per-chunk, per-bucket counts, which sum to `total`, as
    // asserted), and each chunk filled each of its places (asserted above), so all `total`
    // slots are written.
    unsafe { sorted.set_len(total) };
    let sizes = (0..buckets)
        .map(|b| counts.iter().map(|c| c[b]).sum())
        .collect();
    (sorted, sizes)
}

/// Sorts each bucket (`sizes` consecutive slices of `sorted`) in parallel.
fn sort_buckets<T: Ord + Send>(sorted: &mut [T], sizes: &[usize]) {
    bucket_slices(sorted, sizes)
        .into_par_iter()
        .for_each(|s| s.sort_unstable());
}

/// The buckets of `items`: `sizes` consecutive slices.
fn bucket_slices<'a, T>(items: &'a mut [T], sizes: &[usize]) -> Vec<&'a mut [T]> {
    let mut rest = items;
    let mut slices = Vec::with_capacity(sizes.len());
    for &n in sizes {
        let (head, tail) = rest.split_at_mut(n);
        slices.push(head);
        rest = tail;
    }
    slices
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_as_sort_unstable(
            items in proptest::collection::vec((any::<u64>(), 0u32..50, 0u32..50), 0..20000),
            bits in 0u32..10,
        ) {
            // each source makes 0 to 2 items, depending on `bits`, at its index
            let sorted = sort_made_in_buckets(&items, |i, x, out| {
                for _ in 0..(i + bits as usize) % 3 {
                    out.push(*x);
                }
            }, |x: &(u64, u32, u32), buckets| {
                let bits = buckets.trailing_zeros();
                (x.0.checked_shr(64 - bits).unwrap_or(0)) as usize
            });
            let mut expected: Vec<_> = items
                .iter()
                .enumerate()
                .flat_map(|(i, x)| std::iter::repeat_n(*x, (i + bits as usize) % 3))
                .collect();
            expected.sort_unstable();
            prop_assert_eq!(sorted, expected);
        }
    }

    proptest! {
        #[test]
        fn mapped_sorts_as_sort_unstable(
            lists in proptest::collection::vec(
                proptest::collection::vec((any::<u64>(), 0u32..50), 0..300),
                0..60,
            ),
        ) {
            let sources: Vec<&[(u64, u32)]> = lists.iter().map(Vec::as_slice).collect();
            let top_bits = |x: &(u64, u32, u32), buckets: usize| {
                let bits = buckets.trailing_zeros();
                (x.0.checked_shr(64 - bits).unwrap_or(0)) as usize
            };
            let make = |i: usize, &(h, pos): &(u64, u32)| (h, i as u32, pos);
            let mut expected: Vec<(u64, u32, u32)> = lists
                .iter()
                .enumerate()
                .flat_map(|(i, l)| l.iter().map(move |&(h, pos)| (h, i as u32, pos)))
                .collect();
            expected.sort_unstable();
            let concatenated = |(items, ranges): (Vec<_>, Vec<Range<usize>>)| -> Vec<(u64, u32, u32)> {
                ranges.into_iter().flat_map(|r| items[r].to_vec()).collect()
            };
            let all = sort_mapped_in_buckets(&sources, make, top_bits, |_, b| b.len());
            prop_assert_eq!(all.0.len(), expected.len());
            prop_assert_eq!(concatenated(all), expected.clone());
            // keeping the items of even position only: those, sorted
            let even = sort_mapped_in_buckets(&sources, make, top_bits, |_, b| {
                let mut kept = 0;
                for i in 0..b.len() {
                    if b[i].2 % 2 == 0 {
                        b.swap(kept, i);
                        kept += 1;
                    }
                }
                kept
            });
            expected.retain(|x| x.2 % 2 == 0);
            prop_assert_eq!(concatenated(even), expected);
        }
    }

    #[test]
    fn bucket_counts_are_powers_of_two_in_range() {
        assert_eq!(buckets_for(0), 1);
        assert_eq!(buckets_for(5000), 4);
        assert_eq!(buckets_for(usize::MAX / 2), 1 << 16);
    }
}
