//! The English function words, and a fast test of whether a word key is one of them.
//!
//! The spun-copy finder tests every word of the corpus against this list, so the test is a
//! single probe: the word keys of the list are placed in a table of `1 << TABLE_BITS` slots
//! by a multiplicative hash whose multiplier is searched, once, so that no two of them share a
//! slot. A key is a function word's if and only if its slot holds it.

use crate::text::WordKey;
use once_cell::sync::Lazy;

/// English function words: closed-class words a synonym spinner has no reason to replace.
#[rustfmt::skip]
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
    "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "either", "for",
    "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself",
    "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "may",
    "me", "might", "more", "most", "must", "my", "myself", "neither", "no", "nor", "not", "of",
    "off", "on", "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over",
    "own", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through",
    "to", "too", "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when",
    "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "would",
    "yet", "you", "your", "yours", "yourself", "yourselves",
];

/// Slots of the table, as a power of two: 2048 slots of 4 bytes fit in the L1 cache.
const TABLE_BITS: u32 = 11;

/// A collision-free table of the function words' keys (`text::WordKey`).
pub struct FunctionWords {
    multiplier: u64,
    /// A fixed-size array: a slot number, the top `TABLE_BITS` bits of a product, is always
    /// in range, so a lookup has no bounds check.
    slots: Box<[WordKey; 1 << TABLE_BITS]>,
}

impl FunctionWords {
    #[inline]
    fn slot(&self, key: WordKey) -> usize {
        slot_of(key, self.multiplier)
    }

    /// Whether `key` is a function word's key.
    #[inline]
    pub fn contains(&self, key: WordKey) -> bool {
        self.slots[self.slot(key)] == key
    }

    /// [`FunctionWords::contains`] as a closure that holds the multiplier and the slots'
    /// address itself: a loop that writes to memory while it tests words (filling a vector)
    /// would otherwise read both from the shared table again after every write, since the
    /// compiler cannot tell that the write does not change them.
    #[inline]
    pub fn tester(&self) -> impl Fn(WordKey) -> bool + Copy + '_ {
        let (multiplier, slots) = (self.multiplier, &*self.slots);
        move |key| slots[slot_of(key, multiplier)] == key
    }

    /// The table of `keys` (distinct), with the first multiplier that places them in
    /// distinct slots. An empty slot holds a key of the list that belongs to another slot,
    /// so that no key is found there.
    fn new(keys: &[WordKey]) -> FunctionWords {
        let mut odd = 1u64;
        loop {
            let multiplier = 0x9e37_79b9_7f4a_7c15u64.wrapping_mul(odd) | 1;
            let mut filled: Vec<Option<WordKey>> = vec![None; 1 << TABLE_BITS];
            let placed = keys.iter().all(|&h| {
                let slot = &mut filled[slot_of(h, multiplier)];
                slot.replace(h).is_none()
            });
            if placed {
                let first = keys[0];
                let mut slots = Box::new([first; 1 << TABLE_BITS]);
                for (slot, key) in slots.iter_mut().zip(&filled) {
                    *slot = key.unwrap_or(first);
                }
                return FunctionWords { multiplier, slots };
            }
            odd += 2;
        }
    }
}

/// The slot of `key` in a table of `1 << TABLE_BITS` slots with `multiplier`: always in range.
#[inline]
fn slot_of(key: WordKey, multiplier: u64) -> usize {
    (u64::from(key).wrapping_mul(multiplier) >> (64 - TABLE_BITS)) as usize
}

static TABLE: Lazy<FunctionWords> = Lazy::new(|| {
    let mut keys: Vec<WordKey> = FUNCTION_WORDS.iter().map(|w| key_of(w)).collect();
    keys.sort_unstable();
    keys.dedup();
    FunctionWords::new(&keys)
});

/// The function-word table.
pub fn table() -> &'static FunctionWords {
    &TABLE
}

/// Whether `key` is a function word's key.
pub fn contains(key: WordKey) -> bool {
    TABLE.contains(key)
}

/// A word's key, as the scan computes it.
fn key_of(word: &str) -> WordKey {
    crate::text::word_key(crate::text::word_hash(word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn table_holds_exactly_the_function_words() {
        let words: HashSet<WordKey> = FUNCTION_WORDS.iter().map(|w| key_of(w)).collect();
        assert_eq!(words.len(), FUNCTION_WORDS.len());
        for &h in &words {
            assert!(contains(h));
        }
        let mut state = 1u64;
        for _ in 0..100_000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let key = (state >> 32) as WordKey;
            assert_eq!(contains(key), words.contains(&key));
        }
        for word in ["law", "land", "The", "thee", "0", ""] {
            let h = key_of(word);
            assert_eq!(contains(h), words.contains(&h), "{word}");
        }
        // every slot's value, looked up, is found only if it is a function word
        for &h in table().slots.iter() {
            assert!(contains(h) == words.contains(&h));
            assert_eq!((table().tester())(h), contains(h));
        }
    }
}
