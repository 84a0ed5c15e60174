//! The Spark path's shuffles as blobs: a task cuts what it sends into one blob per
//! destination (a range of the hash space, or a partition of pairs), so Spark moves a few
//! large binary values per task pair instead of millions of rows, and the receiving task merges
//! the blobs here, in Rust. Three steps use it:
//!
//! - [`sketch_blobs`], per partition of documents: each document's stats, and its LSH band
//!   keys, winnowed fingerprints and immutables' fingerprints cut by hash range;
//! - [`keys_to_pairs`], per hash range: band keys grouped into LSH buckets and their candidate
//!   pairs (by `dedup::lsh`'s rule for a bucket), fingerprint postings into seeds of document pairs, and the hashes in
//!   too many documents (boilerplate), all cut by pair partition ([`PairBlocks`]);
//! - [`prepare_pairs`], per pair partition: the LSH pairs and seeds merged, the seeds of pairs
//!   with fewer than two dropped (the verdict aligns only pairs with two or more), and the
//!   documents the partition's pairs need, so that each text is sent once to each pair
//!   partition that reads it.
//!
//! Blobs are little-endian records end to end (`crate::wire`), so blobs of one kind concatenate.

use crate::distributed::{Rows, sketch_rows};
use crate::wire::{self, Reader, Writer};
use copydesk::align::seeds::{self, Posting, Seed};
use copydesk::dedup::lsh;
use copydesk::scan::ScanConfig;

/// Blobs of one step: (kind, destination, bytes).
pub type Blobs = Vec<(u8, u32, Vec<u8>)>;

/// Kinds of the sketch's blobs.
pub const STATS: u8 = 0;
pub const BAND_KEYS: u8 = 1;
pub const FINGERPRINTS: u8 = 2;
pub const IMMUTABLES: u8 = 3;
/// Kinds of the pair blobs ([`keys_to_pairs`], [`prepare_pairs`]).
pub const LSH_PAIRS: u8 = 1;
pub const SEEDS: u8 = 2;
pub const BOILERPLATE: u8 = 3;

/// The range (of `parts`) of the 64-bit hash space that `hash` falls in.
pub fn range_of(hash: u64, parts: u32) -> u32 {
    ((u128::from(hash) * u128::from(parts)) >> 64) as u32
}

/// The pair partitions: the documents fall in `blocks` blocks (by a hash of their number, so
/// copies that sit close in the corpus's order spread over blocks), and a pair goes to the
/// partition of its two blocks: one partition per pair of distinct blocks, a block's pairs
/// within itself joined to one of them. So a pair task needs the texts of two blocks, each
/// text is sent to `blocks - 1` tasks, and the partitions are about `blocks^2 / 2`. (By the
/// pair's first document instead, each task read the texts of every document its pairs name,
/// nearly all of them with 9-18 candidates per document: 86% per task at 500 MB, 4 tasks.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PairBlocks {
    blocks: u32,
}

impl PairBlocks {
    /// `blocks` blocks (two at least).
    pub fn new(blocks: u32) -> Self {
        PairBlocks {
            blocks: blocks.max(2),
        }
    }

    pub fn blocks(self) -> u32 {
        self.blocks
    }

    /// The fewest blocks whose pairs of blocks are at least `parts` partitions (two or more
    /// blocks: one partition for `parts` <= 1).
    pub fn for_parts(parts: u32) -> Self {
        let mut blocks = 2;
        while blocks * (blocks - 1) / 2 < parts {
            blocks += 1;
        }
        PairBlocks::new(blocks)
    }

    /// How many pair partitions there are.
    pub fn partitions(self) -> u32 {
        self.blocks * (self.blocks - 1) / 2
    }

    fn block(self, doc: u32) -> u32 {
        range_of(
            u64::from(doc).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            self.blocks,
        )
    }

    /// The pair partition of the pair `(a, b)`: the index of its two blocks `x < y` in the
    /// triangle (`y (y - 1) / 2 + x`); a pair within block `x` goes with blocks `x, x + 1`.
    pub fn part(self, a: u32, b: u32) -> u32 {
        let (x, y) = (self.block(a), self.block(b));
        let (x, y) = if x == y {
            (x, (x + 1) % self.blocks)
        } else {
            (x, y)
        };
        let (x, y) = (x.min(y), x.max(y));
        y * (y - 1) / 2 + x
    }
}

/// One writer per destination, taken as blobs of `kind` (empty ones left out).
fn cut(kind: u8, writers: Vec<Writer>, out: &mut Blobs) {
    for (part, w) in writers.into_iter().enumerate() {
        if !w.bytes.is_empty() {
            out.push((kind, part as u32, w.bytes));
        }
    }
}

fn writers(parts: u32) -> Vec<Writer> {
    (0..parts).map(|_| Writer::default()).collect()
}

fn column(rows: &Rows, c: usize, i: usize) -> i64 {
    let mut le = [0u8; 8];
    le.copy_from_slice(&rows.cols[c][i * 8..i * 8 + 8]);
    i64::from_le_bytes(le)
}

/// A partition's sketch as blobs: stats (kind [`STATS`], destination 0: idx u32, bytes u64,
/// words u32, non-prose words u32, non-prose share f64), band keys ([`BAND_KEYS`]: band u32,
/// key u64, doc u32), fingerprints ([`FINGERPRINTS`]) and immutables' fingerprints
/// ([`IMMUTABLES`]) as postings (hash u64, doc u32, position u32), each cut by hash range.
pub fn sketch_blobs(idx: &[i64], texts: &[&str], cfg: &ScanConfig, parts: u32) -> Blobs {
    let rows = sketch_rows(idx, texts, cfg);
    let parts = parts.max(1);
    let mut stats = Writer::default();
    let (mut bands, mut fps, mut imm) = (writers(parts), writers(parts), writers(parts));
    for (i, &kind) in rows.kind.iter().enumerate() {
        let [c0, c1, c2, c3] = [0, 1, 2, 3].map(|c| column(&rows, c, i));
        match kind {
            0 => {
                stats.u32(c0 as u32);
                stats.u64(c1 as u64);
                stats.u32(c2 as u32);
                stats.u32(c3 as u32);
                let mut le = [0u8; 8];
                le.copy_from_slice(&rows.x[i * 8..i * 8 + 8]);
                stats.u64(u64::from_le_bytes(le));
            }
            1 => {
                let key = c2 as u64;
                let w = &mut bands[range_of(band_hash(c1 as u32, key), parts) as usize];
                w.u32(c1 as u32);
                w.u64(key);
                w.u32(c0 as u32);
            }
            _ => {
                let hash = c2 as u64;
                let to = if kind == 2 { &mut fps } else { &mut imm };
                let w = &mut to[range_of(hash, parts) as usize];
                w.u64(hash);
                w.u32(c0 as u32);
                w.u32(c1 as u32);
            }
        }
    }
    let mut out = vec![(STATS, 0, stats.bytes)];
    cut(BAND_KEYS, bands, &mut out);
    cut(FINGERPRINTS, fps, &mut out);
    cut(IMMUTABLES, imm, &mut out);
    out
}

/// A band key's place in the hash space (keys of different bands spread apart).
fn band_hash(band: u32, key: u64) -> u64 {
    key ^ u64::from(band).wrapping_mul(0xD6E8_FEB8_6659_FD93)
}

/// Per-document figures of stats blobs, in corpus order: bytes, words, non-prose words and
/// non-prose share; an error unless the documents are exactly 0..n.
pub type StatColumns = (Vec<usize>, Vec<usize>, Vec<usize>, Vec<f64>);

pub fn stats(blob: &[u8]) -> Result<StatColumns, String> {
    let mut rows = wire::all(blob, |r| {
        Ok((
            r.u32()?,
            r.u64()?,
            r.u32()?,
            r.u32()?,
            f64::from_bits(r.u64()?),
        ))
    })?;
    rows.sort_unstable_by_key(|r| r.0);
    if rows.iter().enumerate().any(|(i, r)| r.0 as usize != i) {
        return Err("the sketch's stats do not number the documents 0..n".to_string());
    }
    Ok((
        rows.iter().map(|r| r.1 as usize).collect(),
        rows.iter().map(|r| r.2 as usize).collect(),
        rows.iter().map(|r| r.3 as usize).collect(),
        rows.iter().map(|r| r.4).collect(),
    ))
}

/// The postings of a blob, without those of the documents `exclude` (sorted) holds, sorted by
/// hash, document and position.
fn postings(blob: &[u8], exclude: &[u32]) -> Result<Vec<Posting>, String> {
    let mut out = Vec::with_capacity(blob.len() / 16);
    let mut r = Reader::new(blob);
    while !r.done() {
        let p = (r.u64()?, r.u32()?, r.u32()?);
        if exclude.binary_search(&p.1).is_err() {
            out.push(p);
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// The candidate pairs of LSH buckets (`dedup::lsh::push_bucket_pairs`: the command's rule),
/// sorted and deduplicated.
fn bucket_pairs(blob: &[u8]) -> Result<Vec<(u32, u32)>, String> {
    let mut keys = wire::all(blob, |r| Ok((r.u32()?, r.u64()?, r.u32()?)))?;
    keys.sort_unstable();
    let mut pairs = Vec::new();
    for bucket in keys.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        lsh::push_bucket_pairs(bucket, |&(_, _, doc)| doc, &mut pairs);
    }
    pairs.sort_unstable();
    pairs.dedup();
    Ok(pairs)
}

/// One hash range's keys as pairs: LSH pairs ([`LSH_PAIRS`]: a u32, b u32) of the band keys
/// `bands`, and seeds ([`SEEDS`]: a, b, position in a, in b, u32 each) of the postings
/// `postings` (documents in `exclude` left out), both cut by pair partition of `blocks`; and the hashes
/// in more than `cut_docs` documents ([`BOILERPLATE`], destination 0, u64 each).
pub fn keys_to_pairs(
    bands: &[u8],
    postings_blob: &[u8],
    cut_docs: usize,
    exclude: &[u32],
    blocks: PairBlocks,
) -> Result<Blobs, String> {
    let parts = blocks.partitions();
    let mut lsh = writers(parts);
    for (a, b) in bucket_pairs(bands)? {
        let w = &mut lsh[blocks.part(a, b) as usize];
        w.u32(a);
        w.u32(b);
    }
    let (found, boilerplate) = seeds::seeds_of_sorted(&postings(postings_blob, exclude)?, cut_docs);
    let mut seeds_out = writers(parts);
    for s in found {
        seed(&mut seeds_out[blocks.part(s.a, s.b) as usize], &s);
    }
    let mut out = Blobs::new();
    cut(LSH_PAIRS, lsh, &mut out);
    cut(SEEDS, seeds_out, &mut out);
    let mut cut_hashes = Writer::default();
    for h in boilerplate {
        cut_hashes.u64(h);
    }
    if !cut_hashes.bytes.is_empty() {
        out.push((BOILERPLATE, 0, cut_hashes.bytes));
    }
    Ok(out)
}

fn seed(w: &mut Writer, s: &Seed) {
    w.u32(s.a);
    w.u32(s.b);
    w.u32(s.pos_a);
    w.u32(s.pos_b);
}

/// The seeds of a seeds blob.
pub fn read_seeds(blob: &[u8]) -> Result<Vec<Seed>, String> {
    wire::all(blob, |r| {
        Ok(Seed {
            a: r.u32()?,
            b: r.u32()?,
            pos_a: r.u32()?,
            pos_b: r.u32()?,
        })
    })
}

/// The pairs of an LSH pairs blob.
pub fn read_pairs(blob: &[u8]) -> Result<Vec<(u32, u32)>, String> {
    wire::all(blob, |r| Ok((r.u32()?, r.u32()?)))
}

/// One pair partition's pairs merged ([`prepare_pairs`]), as blobs.
pub struct Prepared {
    /// LSH pairs, sorted and deduplicated.
    pub pairs: Vec<u8>,
    /// Seeds of the pairs with two or more distinct seeds, sorted.
    pub seeds: Vec<u8>,
    /// The documents these pairs name, sorted (u32 each).
    pub docs: Vec<u8>,
}

/// One pair partition's LSH pairs and seeds merged (see [`Prepared`]).
pub fn prepare_pairs(lsh: &[u8], seeds_blob: &[u8]) -> Result<Prepared, String> {
    let mut pairs = read_pairs(lsh)?;
    pairs.sort_unstable();
    pairs.dedup();
    let mut found = read_seeds(seeds_blob)?;
    found.sort_unstable();
    found.dedup();
    let mut docs: Vec<u32> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    let mut out = (Writer::default(), Writer::default(), Writer::default());
    for &(a, b) in &pairs {
        out.0.u32(a);
        out.0.u32(b);
    }
    for group in found.chunk_by(|x, y| (x.a, x.b) == (y.a, y.b)) {
        if group.len() >= 2 {
            docs.extend([group[0].a, group[0].b]);
            for s in group {
                seed(&mut out.1, s);
            }
        }
    }
    docs.sort_unstable();
    docs.dedup();
    for d in docs {
        out.2.u32(d);
    }
    Ok(Prepared {
        pairs: out.0.bytes,
        seeds: out.1.bytes,
        docs: out.2.bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands(keys: &[(u32, u64, u32)]) -> Vec<u8> {
        let mut w = Writer::default();
        for &(band, key, doc) in keys {
            w.u32(band);
            w.u64(key);
            w.u32(doc);
        }
        w.bytes
    }

    #[test]
    fn buckets_pair_as_the_lsh_does() {
        // a bucket of three: every pair; another band repeats a pair (once in the output);
        // a bucket of 66: its first with each other
        let mut keys = vec![
            (0, 7, 5),
            (0, 7, 2),
            (0, 7, 9),
            (1, 7, 2),
            (1, 7, 5),
            (0, 8, 1),
        ];
        keys.extend((100..166).map(|d| (3, 1, d)));
        let pairs = bucket_pairs(&bands(&keys)).unwrap();
        let mut expected = vec![(2, 5), (2, 9), (5, 9)];
        expected.extend((101..166).map(|d| (100, d)));
        expected.sort_unstable();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn seeds_of_pairs_with_one_are_dropped_and_documents_listed() {
        let mut w = Writer::default();
        for (a, b, pos_a, pos_b) in [(1, 4, 0, 3), (1, 4, 9, 12), (1, 4, 0, 3), (2, 6, 5, 5)] {
            seed(&mut w, &Seed { a, b, pos_a, pos_b });
        }
        let mut lsh = Writer::default();
        for (a, b) in [(3, 8), (3, 8)] {
            lsh.u32(a);
            lsh.u32(b);
        }
        let prepared = prepare_pairs(&lsh.bytes, &w.bytes).unwrap();
        assert_eq!(read_pairs(&prepared.pairs).unwrap(), vec![(3, 8)]);
        let kept = read_seeds(&prepared.seeds).unwrap();
        assert_eq!(kept.len(), 2);
        assert!(kept.iter().all(|s| (s.a, s.b) == (1, 4)));
        assert_eq!(
            wire::all(&prepared.docs, Reader::u32).unwrap(),
            vec![1, 3, 4, 8]
        );
    }

    #[test]
    fn ranges_cover_the_hash_space_in_order() {
        assert_eq!(range_of(0, 7), 0);
        assert_eq!(range_of(u64::MAX, 7), 6);
        assert!(range_of(1 << 63, 2) == 1 && range_of((1 << 63) - 1, 2) == 0);
    }

    #[test]
    fn pair_partitions_need_two_blocks_each() {
        assert_eq!(PairBlocks::for_parts(1).partitions(), 1);
        assert_eq!(PairBlocks::for_parts(2), PairBlocks::new(3));
        assert_eq!(PairBlocks::for_parts(4).partitions(), 6);
        for parts in [1, 2, 4, 7, 64] {
            let pb = PairBlocks::for_parts(parts);
            let n = pb.partitions();
            assert!(n >= parts);
            let mut blocks_of = vec![std::collections::BTreeSet::new(); n as usize];
            for a in 0..300 {
                for b in a + 1..300 {
                    let p = pb.part(a, b);
                    assert!(p < n && p == pb.part(b, a));
                    blocks_of[p as usize].extend([pb.block(a), pb.block(b)]);
                }
            }
            // every partition has pairs, and needs the texts of two blocks at most
            assert!(blocks_of.iter().all(|s| !s.is_empty() && s.len() <= 2));
        }
    }
}
