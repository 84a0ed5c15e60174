//! From chains to aligned passages: extension over small edits, measurement, merging.
//!
//! A chain covers its seeds' shingles. It is extended outwards while the words agree; where
//! they stop agreeing, up to `MAX_SKIP` words are skipped on either side if that leads to
//! `RESYNC_WORDS` agreeing words again (an edit inside a copied passage), else the extension
//! stops. The result is measured by its matched words, the length of the longest common
//! subsequence of the two sides' words (`rapidfuzz`'s bit-parallel LCS, 64 words a machine
//! word), and a similarity 2·matched/(|a|+|b|). Chains of one pair whose passages
//! overlap on both sides are merged and measured again.

use super::chain::Chain;
use super::{Passage, PassageConfig, WordRange};
use crate::text::WordKey;

/// Largest number of words skipped on one side to get past an edit.
const MAX_SKIP: usize = 4;
/// Words that must agree after a skip for the extension to go on.
const RESYNC_WORDS: usize = 3;

/// Words of a slice read forwards from an index, or backwards from it (`BACKWARDS`, for left
/// extension), so that one extension routine serves both directions without copying. The
/// direction is a constant: each direction compiles to its own branch-free loop.
#[derive(Clone, Copy)]
struct Walk<'a, const BACKWARDS: bool> {
    words: &'a [WordKey],
    origin: usize,
}

impl<const BACKWARDS: bool> Walk<'_, BACKWARDS> {
    /// How many words lie ahead of the origin in this direction.
    fn len(&self) -> usize {
        if BACKWARDS {
            self.origin
        } else {
            self.words.len() - self.origin
        }
    }

    /// The word `i` steps ahead of the origin.
    #[inline]
    fn at(&self, i: usize) -> WordKey {
        if BACKWARDS {
            self.words[self.origin - 1 - i]
        } else {
            self.words[self.origin + i]
        }
    }

    /// The `n` words from `i` steps ahead of the origin on, in walking order when iterated
    /// forwards for a forward walk and backwards for a backward one.
    fn ahead(&self, i: usize, n: usize) -> &[WordKey] {
        if BACKWARDS {
            &self.words[self.origin - i - n..self.origin - i]
        } else {
            &self.words[self.origin + i..self.origin + i + n]
        }
    }
}

/// How many steps two walks agree on from `ea` and `eb` ahead of their origins.
fn common_run<const BACKWARDS: bool>(
    a: &Walk<'_, BACKWARDS>,
    b: &Walk<'_, BACKWARDS>,
    ea: usize,
    eb: usize,
) -> usize {
    let n = (a.len() - ea).min(b.len() - eb);
    let (sa, sb) = (a.ahead(ea, n), b.ahead(eb, n));
    let pairs = sa.iter().zip(sb);
    if BACKWARDS {
        pairs.rev().take_while(|(x, y)| x == y).count()
    } else {
        pairs.take_while(|(x, y)| x == y).count()
    }
}

/// The skips `(on a, on b)` tried, in order, to get past a disagreement: fewest words
/// skipped in all first, then fewest on side a; at most `MAX_SKIP` on either side.
const SKIPS: [(usize, usize); (MAX_SKIP + 1) * (MAX_SKIP + 1) - 1] = {
    let mut out = [(0, 0); (MAX_SKIP + 1) * (MAX_SKIP + 1) - 1];
    let mut n = 0;
    let mut total = 1;
    while total <= 2 * MAX_SKIP {
        let mut sa = 0;
        while sa <= total {
            if sa <= MAX_SKIP && total - sa <= MAX_SKIP {
                out[n] = (sa, total - sa);
                n += 1;
            }
            sa += 1;
        }
        total += 1;
    }
    out
};

/// How far two walks can go together, crossing small edits: returns the steps taken on each.
fn extend<const BACKWARDS: bool>(a: Walk<'_, BACKWARDS>, b: Walk<'_, BACKWARDS>) -> (usize, usize) {
    let (len_a, len_b) = (a.len(), b.len());
    let agree = |fa: usize, fb: usize| {
        fa + RESYNC_WORDS <= len_a
            && fb + RESYNC_WORDS <= len_b
            && (0..RESYNC_WORDS).all(|i| a.at(fa + i) == b.at(fb + i))
    };
    // The first word of each side a skip could resume at (if the three words fit): no skip
    // can agree unless one of side a's equals one of side b's, the usual case at the end.
    let firsts = |w: &Walk<'_, BACKWARDS>, e: usize| -> [Option<WordKey>; MAX_SKIP + 1] {
        std::array::from_fn(|s| (e + s + RESYNC_WORDS <= w.len()).then(|| w.at(e + s)))
    };
    let (mut ea, mut eb) = (0, 0);
    loop {
        let run = common_run(&a, &b, ea, eb);
        ea += run;
        eb += run;
        let (fa, fb) = (firsts(&a, ea), firsts(&b, eb));
        if !fa
            .iter()
            .flatten()
            .any(|x| fb.iter().flatten().any(|y| x == y))
        {
            return (ea, eb);
        }
        match SKIPS.iter().find(|&&(sa, sb)| agree(ea + sa, eb + sb)) {
            Some(&(sa, sb)) => {
                ea += sa + RESYNC_WORDS;
                eb += sb + RESYNC_WORDS;
            }
            None => return (ea, eb),
        }
    }
}

/// Extends `[ea..]` / `[eb..]` to the right; returns the new exclusive ends.
fn extend_right(a: &[WordKey], b: &[WordKey], ea: usize, eb: usize) -> (usize, usize) {
    let forwards = |words, origin| Walk::<false> { words, origin };
    let (da, db) = extend(forwards(a, ea), forwards(b, eb));
    (ea + da, eb + db)
}

/// Extends `[..sa]` / `[..sb]` to the left; returns the new inclusive starts.
fn extend_left(a: &[WordKey], b: &[WordKey], sa: usize, sb: usize) -> (usize, usize) {
    let backwards = |words, origin| Walk::<true> { words, origin };
    let (da, db) = extend(backwards(a, sa), backwards(b, sb));
    (sa - da, sb - db)
}

/// Matched words of two ranges: the length of their longest common subsequence of words,
/// computed bit-parallel (Hyyrö's algorithm in the `rapidfuzz` crate: a column of 64 cells per
/// machine word), exact where a Myers diff's middle-snake search (the `similar` crate's, used
/// before) sometimes settled for a few matches fewer, and cheaper on long edited copies.
///
/// The crate finds a word's positions in a table indexed by the word when it is below 256, in
/// a hash map per 64-word block otherwise: the words are renamed first, those of `a` in order
/// of first appearance (0, 1, …), those only in `b` all to one name not in `a`, so that most
/// passages are compared through the table. Renaming keeps equality, so the count is the same.
pub(super) fn matched_words(a: &[WordKey], b: &[WordKey]) -> usize {
    if a == b {
        return a.len();
    }
    // the common ends are matched words of some longest common subsequence: renaming only the
    // middle keeps more passages under 256 names
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    if a.is_empty() || b.is_empty() {
        return prefix + suffix;
    }
    RENAMED.with_borrow_mut(|r| {
        r.names.clear();
        r.a.clear();
        r.b.clear();
        for &w in a {
            let next = r.names.len() as u32;
            r.a.push(*r.names.entry(w).or_insert(next));
        }
        let absent = r.names.len() as u32;
        let Renamed { names, b: rb, .. } = r;
        rb.extend(b.iter().map(|w| names.get(w).copied().unwrap_or(absent)));
        prefix
            + suffix
            + rapidfuzz::distance::lcs_seq::similarity(r.a.iter().copied(), r.b.iter().copied())
    })
}

/// The buffers of [`matched_words`]' renaming, one set per thread.
#[derive(Default)]
struct Renamed {
    names: rustc_hash::FxHashMap<WordKey, u32>,
    a: Vec<u32>,
    b: Vec<u32>,
}

thread_local! {
    static RENAMED: std::cell::RefCell<Renamed> = std::cell::RefCell::default();
}

fn measure(a: &[WordKey], b: &[WordKey], ra: WordRange, rb: WordRange) -> Passage {
    let sa = &a[ra.start as usize..ra.end as usize];
    let sb = &b[rb.start as usize..rb.end as usize];
    let matched = matched_words(sa, sb);
    Passage {
        a: ra,
        b: rb,
        matched_words: matched as u32,
        similarity: 2.0 * matched as f64 / (sa.len() + sb.len()).max(1) as f64,
        kind: super::MatchKind::Copy,
        immutables: 0,
    }
}

fn overlaps(x: WordRange, y: WordRange) -> bool {
    x.start < y.end && y.start < x.end
}

/// Aligns the chains of documents `doc_a < doc_b` and returns the passages that pass the
/// thresholds, ordered by their start in `doc_a`.
pub fn align_chains(
    a: &[WordKey],
    b: &[WordKey],
    doc_a: u32,
    doc_b: u32,
    chains: &[Chain],
    cfg: &PassageConfig,
) -> Vec<Passage> {
    let k = cfg.shingle_words;
    let mut regions: Vec<(WordRange, WordRange)> = chains
        .iter()
        .map(|c| {
            let end_a = (c.last_a as usize + k).min(a.len());
            let end_b = (c.last_b as usize + k).min(b.len());
            let (start_a, start_b) = extend_left(a, b, c.first_a as usize, c.first_b as usize);
            let (end_a, end_b) = extend_right(a, b, end_a, end_b);
            (
                WordRange {
                    doc: doc_a,
                    start: start_a as u32,
                    end: end_a as u32,
                },
                WordRange {
                    doc: doc_b,
                    start: start_b as u32,
                    end: end_b as u32,
                },
            )
        })
        .filter(|(ra, rb)| (ra.end - ra.start).min(rb.end - rb.start) as usize >= cfg.min_words)
        .collect();
    // merge regions overlapping on both sides until none do
    regions.sort();
    let mut merged: Vec<(WordRange, WordRange)> = Vec::new();
    for (ra, rb) in regions {
        if let Some(last) = merged
            .iter_mut()
            .find(|(ma, mb)| overlaps(*ma, ra) && overlaps(*mb, rb))
        {
            last.0.start = last.0.start.min(ra.start);
            last.0.end = last.0.end.max(ra.end);
            last.1.start = last.1.start.min(rb.start);
            last.1.end = last.1.end.max(rb.end);
        } else {
            merged.push((ra, rb));
        }
    }
    merged.dedup();
    let mut out: Vec<Passage> = merged
        .into_iter()
        .map(|(ra, rb)| measure(a, b, ra, rb))
        .filter(|p| p.matched_words as usize >= cfg.min_words && p.similarity >= cfg.min_similarity)
        .collect();
    out.sort_by_key(|p| (p.a.start, p.b.start));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The extension as first written: a direction flag read at every step, and the skips
    /// enumerated by an iterator chain on every disagreement.
    mod reference {
        use super::super::{MAX_SKIP, RESYNC_WORDS};
        use crate::text::WordKey;

        #[derive(Clone, Copy)]
        struct Walk<'a> {
            words: &'a [WordKey],
            origin: usize,
            backwards: bool,
        }

        impl Walk<'_> {
            fn len(&self) -> usize {
                if self.backwards {
                    self.origin
                } else {
                    self.words.len() - self.origin
                }
            }

            fn at(&self, i: usize) -> WordKey {
                if self.backwards {
                    self.words[self.origin - 1 - i]
                } else {
                    self.words[self.origin + i]
                }
            }
        }

        fn extend(a: Walk<'_>, b: Walk<'_>) -> (usize, usize) {
            let (mut ea, mut eb) = (0, 0);
            let agree = |fa: usize, fb: usize| {
                fa + RESYNC_WORDS <= a.len()
                    && fb + RESYNC_WORDS <= b.len()
                    && (0..RESYNC_WORDS).all(|i| a.at(fa + i) == b.at(fb + i))
            };
            loop {
                while ea < a.len() && eb < b.len() && a.at(ea) == b.at(eb) {
                    ea += 1;
                    eb += 1;
                }
                let resync = (1..=MAX_SKIP * 2)
                    .flat_map(|total| (0..=total).map(move |sa| (sa, total - sa)))
                    .filter(|&(sa, sb)| sa <= MAX_SKIP && sb <= MAX_SKIP)
                    .find(|&(sa, sb)| agree(ea + sa, eb + sb));
                match resync {
                    Some((sa, sb)) => {
                        ea += sa + RESYNC_WORDS;
                        eb += sb + RESYNC_WORDS;
                    }
                    None => return (ea, eb),
                }
            }
        }

        pub fn extend_right(a: &[WordKey], b: &[WordKey], ea: usize, eb: usize) -> (usize, usize) {
            let walk = |words, origin| Walk {
                words,
                origin,
                backwards: false,
            };
            let (da, db) = extend(walk(a, ea), walk(b, eb));
            (ea + da, eb + db)
        }

        pub fn extend_left(a: &[WordKey], b: &[WordKey], sa: usize, sb: usize) -> (usize, usize) {
            let walk = |words, origin| Walk {
                words,
                origin,
                backwards: true,
            };
            let (da, db) = extend(walk(a, sa), walk(b, sb));
            (sa - da, sb - db)
        }

        /// The longest common subsequence by the textbook dynamic programme.
        pub fn matched_words(a: &[WordKey], b: &[WordKey]) -> usize {
            let mut row = vec![0usize; b.len() + 1];
            for &x in a {
                let mut diagonal = 0;
                for (j, &y) in b.iter().enumerate() {
                    let above = row[j + 1];
                    row[j + 1] = if x == y {
                        diagonal + 1
                    } else {
                        above.max(row[j])
                    };
                    diagonal = above;
                }
            }
            row[b.len()]
        }
    }

    /// `a` with `edits` applied in order: `(at, kind, word)` replaces (kind 0), removes (1) or
    /// inserts (2) a word at `at` (clamped to the length).
    fn edited(a: &[WordKey], edits: Vec<(usize, u8, WordKey)>) -> Vec<WordKey> {
        let mut b = a.to_vec();
        for (at, kind, word) in edits {
            let at = at.min(b.len());
            match kind {
                0 if at < b.len() => b[at] = word,
                1 if at < b.len() => {
                    b.remove(at);
                }
                _ => b.insert(at, word),
            }
        }
        b
    }

    /// Two word sequences with long shared stretches and small edits, over a vocabulary of
    /// 2 to 6 words so that chance agreements (and competing resynchronisations) are common.
    fn related_pair() -> impl Strategy<Value = (Vec<WordKey>, Vec<WordKey>)> {
        (2u32..7)
            .prop_flat_map(|vocabulary| {
                (
                    proptest::collection::vec(0..vocabulary, 0..120),
                    proptest::collection::vec((0usize..120, 0u8..3, 0..vocabulary), 0..12),
                )
            })
            .prop_map(|(a, edits)| {
                let b = edited(&a, edits);
                (a, b)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn extension_is_the_reference_extension(
            (a, b) in related_pair(),
            fa in 0usize..130,
            fb in 0usize..130,
        ) {
            let (fa, fb) = (fa.min(a.len()), fb.min(b.len()));
            prop_assert_eq!(extend_right(&a, &b, fa, fb), reference::extend_right(&a, &b, fa, fb));
            prop_assert_eq!(extend_left(&a, &b, fa, fb), reference::extend_left(&a, &b, fa, fb));
        }

        #[test]
        fn matched_words_is_the_reference_count((a, b) in related_pair()) {
            prop_assert_eq!(matched_words(&a, &b), reference::matched_words(&a, &b));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Long passages over a wide vocabulary, with word keys as large as real ones: more
        /// than 256 distinct words on side a, some only on side b.
        #[test]
        fn matched_words_of_long_passages_is_the_reference_count(
            a in proptest::collection::vec(0u32..1500, 0..700),
            edits in proptest::collection::vec((0usize..700, 0u8..3, 0u32..1800), 0..60),
        ) {
            let b = edited(&a, edits);
            let hashed = |v: &[WordKey]| -> Vec<WordKey> {
                v.iter().map(|w| w.wrapping_mul(0x9e37_79b9) ^ 0xdead_beef).collect()
            };
            let (a, b) = (hashed(&a), hashed(&b));
            prop_assert_eq!(matched_words(&a, &b), reference::matched_words(&a, &b));
            prop_assert_eq!(matched_words(&b, &a), reference::matched_words(&a, &b));
        }
    }

    #[test]
    fn skips_go_by_fewest_words_then_fewest_on_a() {
        assert_eq!(SKIPS.len(), 24);
        assert_eq!(&SKIPS[..4], &[(0, 1), (1, 0), (0, 2), (1, 1)]);
        assert_eq!(SKIPS[23], (MAX_SKIP, MAX_SKIP));
    }

    #[test]
    fn extension_crosses_a_small_edit() {
        let a: Vec<WordKey> = (0..30).collect();
        let mut b: Vec<WordKey> = (0..30).collect();
        b[15] = 999; // substitution
        b.insert(20, 998); // insertion
        assert_eq!(extend_right(&a, &b, 0, 0), (30, 31));
        assert_eq!(extend_left(&a, &b, 30, 31), (0, 0));
    }

    #[test]
    fn extension_stops_at_unrelated_text() {
        let a: Vec<WordKey> = (0..10).chain(100..120).collect();
        let b: Vec<WordKey> = (0..10).chain(200..220).collect();
        assert_eq!(extend_right(&a, &b, 0, 0), (10, 10));
    }
}
