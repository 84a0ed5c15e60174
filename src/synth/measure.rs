//! How much of a copy differs from its origin, measured on words: the `changed` field of the
//! gold `duplicate` records.
//!
//! Both texts are split into words as everywhere in copydesk (UAX #29, compared in their
//! normalised form, so case alone is no change) and diffed with Myers' algorithm without
//! heuristics (`similar`'s `RawMyers`: a shortest edit script, that is a longest common
//! subsequence; the default `Myers` may settle for a longer script). Between two runs of equal words, a hunk that deletes `d` origin words and inserts
//! `i` copy words counts `max(d, i)` changed words: a substituted word counts once, an
//! inserted or a deleted word once. The share is that count over the word count of the longer
//! of the two texts (capped at 1, which only reordered text can exceed): for a substituted or spun copy it is the share of
//! the copy's words that differ from the origin; for a copy framed by new text (`contained`)
//! it is the share of the container's words that are not the origin's.
//!
//! A diff finds the cheapest such script, so the share can fall a little below the number of
//! edits made (a word substituted by an equal word, or a deletion and an insertion that cancel
//! out); it is what the copy holds, whatever the generator meant to do.

use crate::text::{normalize_word, word_indices};
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// Share of words changed between `origin` and `copy` (see the module docs); 0 for two texts
/// without words.
pub fn changed_share(origin: &str, copy: &str) -> f64 {
    let words =
        |t: &str| -> Vec<String> { word_indices(t).map(|(_, w)| normalize_word(w)).collect() };
    let (old, new) = (words(origin), words(copy));
    let longer = old.len().max(new.len());
    if longer == 0 {
        return 0.0;
    }
    (changed_words(&old, &new) as f64 / longer as f64).min(1.0)
}

/// Changed words between two word lists: `max(deleted, inserted)` summed over the hunks
/// between equal runs.
fn changed_words(old: &[String], new: &[String]) -> usize {
    let mut total = 0;
    let (mut deleted, mut inserted) = (0, 0);
    for op in capture_diff_slices(Algorithm::RawMyers, old, new) {
        match op {
            DiffOp::Equal { .. } => {
                total += deleted.max(inserted);
                (deleted, inserted) = (0, 0);
            }
            DiffOp::Delete { old_len, .. } => deleted += old_len,
            DiffOp::Insert { new_len, .. } => inserted += new_len,
            DiffOp::Replace {
                old_len, new_len, ..
            } => {
                deleted += old_len;
                inserted += new_len;
            }
        }
    }
    total + deleted.max(inserted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_substitutions_insertions_and_deletions_once_each() {
        let origin = "one two three four five six seven eight nine ten";
        assert_eq!(changed_share(origin, origin), 0.0);
        assert_eq!(changed_share(origin, &origin.to_uppercase()), 0.0);
        // two substitutions
        let s = "one 2 three four five six 7 eight nine ten";
        assert!((changed_share(origin, s) - 0.2).abs() < 1e-12);
        // a deletion and an insertion elsewhere: 2 of 10 (the longer text has 10 words)
        let d = "one two four five six seven eight nine extra ten";
        assert!((changed_share(origin, d) - 0.2).abs() < 1e-12);
        // a substitution next to an insertion: one hunk of 1 deleted, 2 inserted -> 2 of 11
        let si = "one two 3 new four five six seven eight nine ten";
        assert!((changed_share(origin, si) - 2.0 / 11.0).abs() < 1e-12);
        // framed: 5 new words around the 10 -> 5 of 15
        let framed = format!("a b c. {origin} d e.");
        assert!((changed_share(origin, &framed) - 5.0 / 15.0).abs() < 1e-12);
        assert_eq!(changed_share("", ""), 0.0);
        assert_eq!(changed_share("", "new words"), 1.0);
        // reordered: two hunks of 2 words each in 3 words, capped
        assert_eq!(changed_share("a b c", "c b a"), 1.0);
    }
}
