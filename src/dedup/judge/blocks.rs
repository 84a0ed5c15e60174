//! The aligned blocks of a candidate pair and their word diff (see the verdict's step 2 in
//! `dedup::judge`): overlapping aligned ranges merged into blocks in the order of both
//! documents, each block and the gaps between them diffed, long gaps of unlike length counted
//! undiffed, so that the cost follows the aligned text, not the documents' lengths.

use crate::align::WordRange;
use crate::align::word_diff;
use crate::text::WordKey;

/// Longest gap, in words on either side, between two aligned blocks that is diffed whatever its
/// sides' lengths; a longer one is text the two documents do not share, counted as deleted and
/// inserted undiffed (which bounds the diff's cost by the aligned text, not by the documents'
/// lengths), unless its sides are about as long ([`MAX_IN_PLACE_GAP`]).
pub const MAX_GAP_DIFFED: usize = 64;

/// Longest gap between two aligned blocks that is diffed when its two sides are within 10 % of
/// each other's length (see [`MAX_GAP_DIFFED`]).
pub const MAX_IN_PLACE_GAP: usize = 1024;

/// The aligned ranges of a pair as blocks in the order of both documents: ranges that overlap
/// on either side merged into one, and a block that would go backwards on side b (a
/// transposed passage) dropped. Blocks never overlap on either side, so no word is diffed,
/// and counted, twice.
pub(super) fn aligned_blocks(aligned: &[(WordRange, WordRange)]) -> Vec<(WordRange, WordRange)> {
    let mut ranges = aligned.to_vec();
    ranges.sort_unstable_by_key(|r| (r.0.start, r.1.start));
    let mut blocks: Vec<(WordRange, WordRange)> = Vec::with_capacity(ranges.len());
    for (ra, rb) in ranges {
        // where the block before the last ends on side b: a merge must not reach back over it
        let floor_b = blocks.len().checked_sub(2).map_or(0, |i| blocks[i].1.end);
        match blocks.last_mut() {
            Some((la, lb)) if ra.start < la.end || rb.start < lb.end => {
                if rb.end <= lb.start {
                    continue; // before the block on side b: out of order
                }
                la.end = la.end.max(ra.end);
                lb.start = lb.start.min(rb.start).max(floor_b);
                lb.end = lb.end.max(rb.end);
            }
            _ => blocks.push((ra, rb)),
        }
    }
    blocks
}

/// The word diff of a pair read block by block: each aligned block, and each gap between two
/// blocks of at most [`MAX_GAP_DIFFED`] words on both sides; the words of longer gaps count as
/// deleted and inserted. Substitutions are indexed in the whole documents.
pub(super) fn diff_blocks(
    a: &[WordKey],
    b: &[WordKey],
    blocks: &[(WordRange, WordRange)],
) -> word_diff::WordDiff {
    let mut out = word_diff::WordDiff::default();
    let mut add = |ra: std::ops::Range<usize>, rb: std::ops::Range<usize>| {
        let (sa, sb) = (ra.start, rb.start);
        out.append(word_diff::diff(&a[ra], &b[rb]), sa, sb);
    };
    let mut previous: Option<(WordRange, WordRange)> = None;
    let mut undiffed = (0u32, 0u32);
    for &(ra, rb) in blocks {
        if let Some((pa, pb)) = previous {
            let (gap_a, gap_b) = (
                pa.end as usize..ra.start.max(pa.end) as usize,
                pb.end as usize..rb.start.max(pb.end) as usize,
            );
            let (la, lb) = (gap_a.len(), gap_b.len());
            let short = la <= MAX_GAP_DIFFED && lb <= MAX_GAP_DIFFED;
            // a long gap of the same length on both sides is where the words were replaced in
            // place (a spun stretch no passage covers), not text the two do not share
            let in_place = la.max(lb) <= MAX_IN_PLACE_GAP && 10 * la.abs_diff(lb) <= la.max(lb);
            if short || in_place {
                add(gap_a, gap_b);
            } else {
                undiffed.0 += gap_a.len() as u32;
                undiffed.1 += gap_b.len() as u32;
            }
        }
        add(
            ra.start as usize..ra.end as usize,
            rb.start as usize..rb.end as usize,
        );
        previous = Some((ra, rb));
    }
    out.counts.deleted += undiffed.0;
    out.counts.inserted += undiffed.1;
    out
}

/// Number of distinct words in a set of ranges of one document.
pub(super) fn covered_words(ranges: impl Iterator<Item = WordRange>) -> usize {
    let mut spans: Vec<(u32, u32)> = ranges.map(|r| (r.start, r.end)).collect();
    spans.sort_unstable();
    let mut covered = 0usize;
    let mut reach = 0u32;
    for (start, end) in spans {
        let start = start.max(reach);
        if end > start {
            covered += (end - start) as usize;
            reach = end;
        }
    }
    covered
}

/// From the first word of any range to the last.
pub(super) fn hull(doc: u32, ranges: impl Iterator<Item = WordRange>) -> WordRange {
    let mut out = WordRange {
        doc,
        start: u32::MAX,
        end: 0,
    };
    for r in ranges {
        out.start = out.start.min(r.start);
        out.end = out.end.max(r.end);
    }
    if out.start > out.end {
        out.start = 0;
    }
    out
}
