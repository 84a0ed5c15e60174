//! Sorting one small vector of values spread evenly by their top bits: hashes, word keys
//! (`text::WordKey`, folded hashes), and word keys packed above an index.
//!
//! One counting pass spreads the values over buckets of a few values each by their top bits,
//! in order of bucket, and one insertion sort finishes, each value being then only a place or
//! two from its own: linear time where a comparison sort of a document's ~700 values makes ten
//! passes. When the insertion sort has moved values more than [`MOVES_PER_VALUE`] places each
//! on average (values alike in their top bits: not spread evenly), `sort_unstable` finishes
//! instead, so the worst case stays n log n. Equal values (a word repeated) cost no moves.
//! The result is that of `sort_unstable`: the values are sorted, and values that compare
//! equal are equal.

/// A value whose top bits spread a collection of them evenly.
pub trait Spread: Copy + Ord {
    /// The value's top `bits` bits (1 to 32), as a bucket index: monotone in the value.
    fn top_bits(self, bits: u32) -> usize;
}

impl Spread for u64 {
    #[inline]
    fn top_bits(self, bits: u32) -> usize {
        (self >> (64 - bits)) as usize
    }
}

impl Spread for u32 {
    #[inline]
    fn top_bits(self, bits: u32) -> usize {
        (self >> (32 - bits)) as usize
    }
}

/// Values per bucket aimed at: few enough that a value is a place or two from its own after
/// the counting pass, enough that the buckets cost less than the values.
const VALUES_PER_BUCKET: usize = 4;

/// Places moved per value, on average, past which the insertion sort gives up for
/// `sort_unstable` (values crowded in a few buckets).
const MOVES_PER_VALUE: usize = 8;

/// Fewest values sorted in buckets; fewer are sorted by `sort_unstable`.
const MIN_VALUES: usize = 64;

/// `values` sorted (as `sort_unstable` sorts them), in buckets by their top bits (see the
/// module doc).
pub fn sort_spread<T: Spread>(mut values: Vec<T>) -> Vec<T> {
    let n = values.len();
    if n < MIN_VALUES {
        values.sort_unstable();
        return values;
    }
    let bits = (n / VALUES_PER_BUCKET)
        .next_power_of_two()
        .trailing_zeros()
        .clamp(1, 24);
    // starts[b + 1] counts bucket b, so that the prefix sums below give each bucket's start
    let mut starts = vec![0u32; (1 << bits) + 1];
    for &v in &values {
        starts[v.top_bits(bits) + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let mut sorted = values.clone();
    for &v in &values {
        let slot = &mut starts[v.top_bits(bits)];
        sorted[*slot as usize] = v;
        *slot += 1;
    }
    // the buckets follow one another in order: one insertion sort over all finishes them
    let mut moves_left = MOVES_PER_VALUE * n;
    for i in 1..n {
        let x = sorted[i];
        let mut j = i;
        while j > 0 && sorted[j - 1] > x {
            sorted[j] = sorted[j - 1];
            j -= 1;
        }
        sorted[j] = x;
        let Some(left) = moves_left.checked_sub(i - j) else {
            sorted.sort_unstable();
            break;
        };
        moves_left = left;
    }
    sorted
}

/// The sorted, repeat-free set of `values` ([`sort_spread`], then repeats dropped): the one way
/// the scan makes its shingle and content-word sets.
pub fn sorted_set<T: Spread>(values: Vec<T>) -> Vec<T> {
    let mut set = sort_spread(values);
    set.dedup();
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn spread_values_sort_as_sort_unstable(
            spread in proptest::collection::vec(proptest::num::u64::ANY, 0..3000),
            repeats in proptest::collection::vec(0u64..40, 0..400),
            small in proptest::collection::vec(0u64..100_000, 0..400),
            mix in 0u8..4,
        ) {
            // evenly spread values; with repeats; crowded into the lowest bucket; all three
            let values: Vec<u64> = match mix {
                0 => spread,
                1 => spread.into_iter().chain(repeats.iter().map(|r| r << 58)).collect(),
                2 => small,
                _ => spread.into_iter().chain(repeats).chain(small).collect(),
            };
            let mut expected = values.clone();
            expected.sort_unstable();
            prop_assert_eq!(sort_spread(values.clone()), expected);
            // the same values' top halves, as 32-bit keys
            let keys: Vec<u32> = values.iter().map(|v| (v >> 32) as u32).collect();
            let mut expected = keys.clone();
            expected.sort_unstable();
            prop_assert_eq!(sort_spread(keys), expected);
        }
    }
}
