//! The fingerprint index: which documents share which fingerprints, as seeds per document pair.
//!
//! All fingerprints are spread into buckets by hash, and the postings of the hashes that repeat
//! within a bucket are sorted (most hashes occur once). A hash held by one document says nothing; one held
//! by two to `boilerplate_docs` documents becomes seeds `(a, b, pos_a, pos_b)` for each pair of
//! its holders; one held by more is boilerplate and is set aside. Seeds sorted by pair form
//! each pair's group, aligned independently and in parallel.

use super::{Boilerplate, PassageConfig, WordRange, bucket_sort};
use crate::sketch::winnow::Fingerprint;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;

/// A matching pair of word positions in documents `a < b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Seed {
    pub a: u32,
    pub b: u32,
    pub pos_a: u32,
    pub pos_b: u32,
}

/// At most this many positions of one hash in one document take part (repeated lines).
const MAX_POSITIONS_PER_DOC: usize = 8;

/// Seeds of the corpus and its boilerplate hashes.
pub struct SeedIndex {
    seeds: Vec<Seed>,
    boilerplate: HashSet<u64>,
}

impl SeedIndex {
    /// Indexes the fingerprints of every document (`fingerprints[doc]`).
    pub fn build(fingerprints: &[&[Fingerprint]], boilerplate_docs: usize) -> SeedIndex {
        // Most hashes are held by one document: only the repeated ones are sorted, the
        // shared ones found among them, then their seeds made.
        let (postings, kept) = bucket_sort::sort_mapped_in_buckets(
            fingerprints,
            |doc, f: &Fingerprint| -> Posting { (f.hash, doc as u32, f.pos) },
            |p, buckets| {
                let bits = buckets.trailing_zeros();
                p.0.checked_shr(64 - bits).unwrap_or(0) as usize
            },
            keep_repeated_hashes,
        );
        let shared = shared_runs(&postings, &kept);
        let boilerplate: HashSet<u64> = shared
            .par_iter()
            .filter(|run| distinct_docs(run) > boilerplate_docs)
            .map(|run| run[0].0)
            .collect::<Vec<u64>>()
            .into_iter()
            .collect();
        let docs = fingerprints.len().max(1);
        let mut seeds = bucket_sort::sort_made_in_buckets(
            &shared,
            |_, run, out| {
                if !boilerplate.contains(&run[0].0) {
                    push_seeds_of_run(run, out);
                }
            },
            |s: &Seed, buckets| s.a as usize * buckets / docs,
        );
        seeds.dedup();
        SeedIndex { seeds, boilerplate }
    }

    /// Seed groups of the pairs with at least `min_seeds` seeds, in pair order.
    pub fn pair_groups(&self, min_seeds: usize) -> Vec<&[Seed]> {
        self.seeds
            .chunk_by(|x, y| (x.a, x.b) == (y.a, y.b))
            .filter(|g| g.len() >= min_seeds)
            .collect()
    }

    /// Boilerplate passages: runs of boilerplate fingerprints at least `min_words` long, grouped
    /// into one record per boilerplate text (see below), in order of first occurrence.
    pub fn boilerplate_runs(
        &self,
        fingerprints: &[&[Fingerprint]],
        cfg: &PassageConfig,
    ) -> Vec<Boilerplate> {
        if self.boilerplate.is_empty() {
            return Vec::new();
        }
        let runs: Vec<(WordRange, Vec<u64>)> = fingerprints
            .par_iter()
            .enumerate()
            .flat_map_iter(|(doc, fps)| {
                boilerplate_in_doc(doc as u32, fps, |h| self.boilerplate.contains(&h), cfg)
            })
            .collect();
        group_boilerplate_runs(&runs, cfg)
    }
}

/// Groups the boilerplate runs of every document (each document's from
/// [`boilerplate_in_doc`], in document order) into one record per boilerplate text.
pub fn group_boilerplate_runs(
    runs: &[(WordRange, Vec<u64>)],
    cfg: &PassageConfig,
) -> Vec<Boilerplate> {
    // Runs of one boilerplate text share most fingerprints, so they very likely share the
    // smallest one (a one-permutation MinHash); unrelated runs sharing a common phrase
    // rarely do. Group by that hash, and drop groups found in no more than
    // `boilerplate_docs` documents: those are common phrases that happen to stand
    // together, not one text repeated across the corpus.
    let mut by_key: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for (i, (_, hashes)) in runs.iter().enumerate() {
        let key = *hashes.iter().min().expect("a run has a fingerprint");
        by_key.entry(key).or_default().push(i);
    }
    let documents = |members: &[usize]| {
        let mut docs: Vec<u32> = members.iter().map(|&i| runs[i].0.doc).collect();
        docs.dedup();
        docs.len()
    };
    let (mut big, small): (Vec<Vec<usize>>, Vec<Vec<usize>>) = by_key
        .into_values()
        .partition(|members| documents(members) > cfg.boilerplate_docs);
    // A fragment of a boilerplate text (a truncated footer) may lack the text's smallest
    // fingerprint: it joins the large group that holds most of its fingerprints.
    let mut owner: HashMap<u64, usize> = HashMap::default();
    for (g, members) in big.iter().enumerate() {
        for &i in members {
            for &h in &runs[i].1 {
                owner.entry(h).or_insert(g);
            }
        }
    }
    for i in small.into_iter().flatten() {
        let hashes = &runs[i].1;
        let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
        for h in hashes {
            if let Some(&g) = owner.get(h) {
                *votes.entry(g).or_insert(0) += 1;
            }
        }
        let best = votes
            .iter()
            .max_by_key(|(g, n)| (**n, std::cmp::Reverse(**g)));
        if let Some((&g, &n)) = best
            && 2 * n > hashes.len()
        {
            big[g].push(i);
        }
    }
    let mut groups: Vec<Vec<WordRange>> = big
        .into_iter()
        .map(|mut members| {
            members.sort_unstable();
            members.into_iter().map(|i| runs[i].0).collect()
        })
        .collect();
    groups.sort();
    groups
        .into_iter()
        .map(|occurrences| Boilerplate { occurrences })
        .collect()
}

/// The runs of boilerplate fingerprints of one document (`fps` in position order) at least
/// `min_words` long, each with its hashes: the per-document part of
/// [`SeedIndex::boilerplate_runs`].
pub fn boilerplate_in_doc(
    doc: u32,
    fps: &[Fingerprint],
    is_boilerplate: impl Fn(u64) -> bool,
    cfg: &PassageConfig,
) -> Vec<(WordRange, Vec<u64>)> {
    let mut out = Vec::new();
    let mut run: Option<(WordRange, Vec<u64>)> = None;
    let k = cfg.shingle_words as u32;
    let close = |run: (WordRange, Vec<u64>), out: &mut Vec<(WordRange, Vec<u64>)>| {
        if (run.0.end - run.0.start) as usize >= cfg.min_words {
            out.push(run);
        }
    };
    for f in fps.iter().filter(|f| is_boilerplate(f.hash)) {
        match run.as_mut() {
            Some((range, hashes))
                if (f.pos + k - range.end) as usize <= cfg.max_gap + k as usize =>
            {
                range.end = f.pos + k;
                hashes.push(f.hash);
            }
            _ => {
                if let Some(done) = run.take() {
                    close(done, &mut out);
                }
                let range = WordRange {
                    doc,
                    start: f.pos,
                    end: f.pos + k,
                };
                run = Some((range, vec![f.hash]));
            }
        }
    }
    if let Some(done) = run {
        close(done, &mut out);
    }
    out
}

/// One fingerprint of the index: hash, document, word position.
pub type Posting = (u64, u32, u32);

/// The seeds and boilerplate hashes of postings sorted by hash, document and position (all
/// the postings of each hash they hold, e.g. one partition of a shuffle on the hash): what
/// [`SeedIndex::build`] finds for those hashes. The seeds are not sorted or deduplicated.
pub fn seeds_of_sorted(postings: &[Posting], boilerplate_docs: usize) -> (Vec<Seed>, Vec<u64>) {
    let (mut seeds, mut boilerplate) = (Vec::new(), Vec::new());
    for run in postings.chunk_by(|x, y| x.0 == y.0) {
        if run.len() < 2 || run[0].1 == run[run.len() - 1].1 {
            continue;
        }
        if distinct_docs(run) > boilerplate_docs {
            boilerplate.push(run[0].0);
        } else {
            push_seeds_of_run(run, &mut seeds);
        }
    }
    (seeds, boilerplate)
}

/// Slots of the table that [`keep_repeated_hashes`] counts a bucket's hashes in.
const REPEAT_SLOTS: usize = 1 << 13;

/// Moves the postings of one bucket whose hash may be repeated in it to its front; returns how
/// many. Each hash is counted in a slot chosen by the bits below those that chose its bucket
/// (so a bucket's hashes spread over the slots); a posting is kept when its slot counted two or
/// more. Every repeated hash is kept, and a few single ones that share a slot with another
/// hash (the runs found after sorting drop them): counting is two passes over a table in the
/// first-level cache, cheaper than sorting the singletons, which are most postings.
fn keep_repeated_hashes(buckets: usize, postings: &mut [Posting]) -> usize {
    let bucket_bits = buckets.trailing_zeros();
    let slot = |p: &Posting| (p.0.checked_shl(bucket_bits).unwrap_or(0) >> 51) as usize;
    const { assert!(REPEAT_SLOTS == 1 << (64 - 51)) };
    let mut counts = [0u8; REPEAT_SLOTS];
    for p in postings.iter() {
        let c = &mut counts[slot(p)];
        *c = c.saturating_add(1);
    }
    let mut kept = 0;
    for i in 0..postings.len() {
        if counts[slot(&postings[i])] >= 2 {
            postings.swap(kept, i);
            kept += 1;
        }
    }
    kept
}

/// The runs of postings of the hashes held by more than one document, in hash order, from the
/// sorted ranges of kept postings per bucket (`kept`), which hold every repeated hash.
fn shared_runs<'a>(postings: &'a [Posting], kept: &[std::ops::Range<usize>]) -> Vec<&'a [Posting]> {
    kept.par_iter()
        .flat_map_iter(|range| {
            postings[range.clone()]
                .chunk_by(|x, y| x.0 == y.0)
                .filter(|run| run.len() > 1 && run[0].1 != run[run.len() - 1].1)
        })
        .collect()
}

/// How many documents hold a hash (postings sorted by doc).
fn distinct_docs(run: &[Posting]) -> usize {
    run.chunk_by(|x, y| x.1 == y.1).count()
}

/// Pushes the seeds of one hash's postings (sorted by doc, then position): every position in
/// one document (up to `MAX_POSITIONS_PER_DOC`) with every position in each later one.
fn push_seeds_of_run(run: &[Posting], seeds: &mut Vec<Seed>) {
    let mut rest = run;
    while let Some(&(_, doc, _)) = rest.first() {
        let same_doc = rest.iter().take_while(|p| p.1 == doc).count();
        let (left, later) = rest.split_at(same_doc);
        for right in later.chunk_by(|x, y| x.1 == y.1) {
            for &(_, a, pos_a) in left.iter().take(MAX_POSITIONS_PER_DOC) {
                for &(_, b, pos_b) in right.iter().take(MAX_POSITIONS_PER_DOC) {
                    seeds.push(Seed { a, b, pos_a, pos_b });
                }
            }
        }
        rest = later;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seeds of a run as first written: documents grouped into a vector, then paired.
    fn reference_seeds_of_run(run: &[Posting]) -> Vec<Seed> {
        let per_doc: Vec<&[Posting]> = run.chunk_by(|x, y| x.1 == y.1).collect();
        let mut seeds = Vec::new();
        for (i, left) in per_doc.iter().enumerate() {
            for right in &per_doc[i + 1..] {
                for &(_, a, pos_a) in left.iter().take(MAX_POSITIONS_PER_DOC) {
                    for &(_, b, pos_b) in right.iter().take(MAX_POSITIONS_PER_DOC) {
                        seeds.push(Seed { a, b, pos_a, pos_b });
                    }
                }
            }
        }
        seeds
    }

    proptest::proptest! {
        #[test]
        fn shared_runs_are_those_of_all_postings_sorted(
            lists in proptest::collection::vec(
                proptest::collection::vec((0u64..400, 0u32..9), 0..300),
                1..12,
            ),
            spread in 0u32..3,
        ) {
            // hashes from a few hundred values, spread over the top bits or the low ones only
            // (then every hash is in bucket 0 and the slots do the sorting out)
            let fingerprints: Vec<Vec<Fingerprint>> = lists
                .iter()
                .map(|l| {
                    l.iter()
                        .map(|&(h, pos)| Fingerprint {
                            hash: match spread {
                                0 => h,
                                1 => h.wrapping_mul(0x9e37_79b9_7f4a_7c15),
                                _ => h << 40,
                            },
                            pos,
                        })
                        .collect()
                })
                .collect();
            let sources: Vec<&[Fingerprint]> = fingerprints.iter().map(Vec::as_slice).collect();
            let (postings, kept) = bucket_sort::sort_mapped_in_buckets(
                &sources,
                |doc, f: &Fingerprint| -> Posting { (f.hash, doc as u32, f.pos) },
                |p, buckets| {
                    let bits = buckets.trailing_zeros();
                    p.0.checked_shr(64 - bits).unwrap_or(0) as usize
                },
                keep_repeated_hashes,
            );
            let mut all: Vec<Posting> = sources
                .iter()
                .enumerate()
                .flat_map(|(d, fs)| fs.iter().map(move |f| (f.hash, d as u32, f.pos)))
                .collect();
            all.sort_unstable();
            let reference: Vec<&[Posting]> = all
                .chunk_by(|x, y| x.0 == y.0)
                .filter(|run| run.len() > 1 && run[0].1 != run[run.len() - 1].1)
                .collect();
            proptest::prop_assert_eq!(shared_runs(&postings, &kept), reference);
        }
    }

    #[test]
    fn every_repeated_hash_is_kept() {
        let mut state = 5u64;
        let mut postings: Vec<Posting> = (0..3000)
            .map(|i| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                // about one hash in four repeated
                let hash = if i % 4 == 0 { state % 50 } else { state };
                (hash, (i % 7) as u32, i as u32)
            })
            .collect();
        let mut repeated: Vec<Posting> = postings.clone();
        repeated.sort_unstable();
        let repeated: Vec<Posting> = repeated
            .chunk_by(|x, y| x.0 == y.0)
            .filter(|run| run.len() > 1)
            .flatten()
            .copied()
            .collect();
        let kept = keep_repeated_hashes(1, &mut postings);
        let mut front = postings[..kept].to_vec();
        front.sort_unstable();
        assert!(repeated.iter().all(|p| front.binary_search(p).is_ok()));
        assert!(
            kept < postings.len() / 2,
            "most single hashes are set aside: {kept}"
        );
    }

    #[test]
    fn seeds_of_a_run_are_the_reference_seeds() {
        let mut state = 7u64;
        for len in 0..200 {
            let mut run: Vec<Posting> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                    (1, (state >> 59) as u32 % 6, (state >> 40) as u32 % 1000)
                })
                .collect();
            run.sort_unstable();
            let mut seeds = Vec::new();
            push_seeds_of_run(&run, &mut seeds);
            assert_eq!(seeds, reference_seeds_of_run(&run), "len {len}");
        }
    }
}
