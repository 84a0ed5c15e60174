//! Passage alignment by the PAN text-alignment measures.
//!
//! Definitions from Potthast, Stein, Barrón-Cedeño & Rosso, "An Evaluation Framework for
//! Plagiarism Detection" (COLING 2010), as used for the PAN 2013 and 2014 text alignment
//! tasks. A case s (gold passage) and a detection r (predicted passage) are each the set of
//! character positions they cover in both of their documents. r *detects* s when r overlaps s
//! in both documents; here sides are unordered, so r detects s when r's sides overlap s's
//! sides in either pairing (a with a and b with b, or a with b and b with a). With
//! s ⊓ r = s ∩ r if r detects s and ∅ otherwise, S the cases and R the detections:
//!
//! - recall    = 1/|S| · Σ_s |⋃_r (s ⊓ r)| / |s|   (undefined without cases);
//! - precision = 1/|R| · Σ_r |⋃_s (s ⊓ r)| / |r|   (undefined without detections);
//! - granularity = 1/|S_R| · Σ_{s ∈ S_R} |R_s|, S_R the cases detected at all and R_s the
//!   detections of s (1 when no case is detected);
//! - plagdet = F1 / log2(1 + granularity), F1 as in [`PrecisionRecall`].
//!
//! Positions are byte offsets, the unit of copydesk's records; they equal characters for
//! ASCII text. `copydesk eval` scores copy and spun passages separately (cases and detections
//! of that kind only) and all together (kinds ignored), and leaves out predicted passages
//! between two documents the gold calls duplicates (see README).

use super::PrecisionRecall;
use super::records::{Passage, Span};
use serde::Serialize;
use std::collections::HashMap;

/// The PAN scores of one set of detections against one set of cases.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanScores {
    #[serde(flatten)]
    pub scores: PrecisionRecall,
    /// `None` when no case was detected (the mean over no case is undefined).
    pub granularity: Option<f64>,
    pub plagdet: Option<f64>,
    pub cases: usize,
    pub detections: usize,
    pub detected_cases: usize,
}

/// Spans sorted by document and start, overlapping or touching ones merged.
pub fn merge(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| (s.doc, s.start, s.end));
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        match merged.last_mut() {
            Some(last) if last.doc == s.doc && s.start <= last.end => {
                last.end = last.end.max(s.end)
            }
            _ => merged.push(s),
        }
    }
    merged
}

/// Total length of merged spans.
fn length(spans: &[Span]) -> u64 {
    spans.iter().map(|s| s.end - s.start).sum()
}

/// The intersection of two merged span lists.
fn intersect(x: &[Span], y: &[Span]) -> Vec<Span> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < x.len() && j < y.len() {
        let (p, q) = (x[i], y[j]);
        if p.doc != q.doc {
            if p.doc < q.doc {
                i += 1;
            } else {
                j += 1;
            }
            continue;
        }
        let (start, end) = (p.start.max(q.start), p.end.min(q.end));
        if start < end {
            out.push(Span {
                doc: p.doc,
                start,
                end,
            });
        }
        if p.end < q.end {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

fn overlaps(x: Span, y: Span) -> bool {
    x.doc == y.doc && x.start < y.end && y.start < x.end
}

/// True when detection `r` detects case `s`: overlap in both documents, in either pairing.
pub fn detects(s: &Passage, r: &Passage) -> bool {
    (overlaps(s.a, r.a) && overlaps(s.b, r.b)) || (overlaps(s.a, r.b) && overlaps(s.b, r.a))
}

fn covered(p: &Passage) -> Vec<Span> {
    merge(vec![p.a, p.b])
}

fn doc_pair(p: &Passage) -> (u32, u32) {
    (p.a.doc.min(p.b.doc), p.a.doc.max(p.b.doc))
}

/// The PAN measures of `detections` against `cases`.
pub fn score(cases: &[Passage], detections: &[Passage]) -> PanScores {
    // Only passages of the same document pair can detect each other.
    let mut by_pair: HashMap<(u32, u32), Vec<usize>> = HashMap::new();
    for (i, s) in cases.iter().enumerate() {
        by_pair.entry(doc_pair(s)).or_default().push(i);
    }
    let mut of_case: Vec<Vec<usize>> = vec![Vec::new(); cases.len()];
    let mut of_detection: Vec<Vec<usize>> = vec![Vec::new(); detections.len()];
    for (j, r) in detections.iter().enumerate() {
        for &i in by_pair.get(&doc_pair(r)).map_or(&[][..], Vec::as_slice) {
            if detects(&cases[i], r) {
                of_case[i].push(j);
                of_detection[j].push(i);
            }
        }
    }
    let case_spans: Vec<Vec<Span>> = cases.iter().map(covered).collect();
    let detection_spans: Vec<Vec<Span>> = detections.iter().map(covered).collect();
    // Share of `own` covered by the union of its intersections with `others`.
    let share = |own: &[Span], others: &[usize], spans: &[Vec<Span>]| {
        let found: Vec<Span> = others
            .iter()
            .flat_map(|&k| intersect(own, &spans[k]))
            .collect();
        length(&merge(found)) as f64 / length(own) as f64
    };
    let mean = |sum: f64, n: usize| (n > 0).then(|| sum / n as f64);
    let recall = mean(
        (0..cases.len())
            .map(|i| share(&case_spans[i], &of_case[i], &detection_spans))
            .sum(),
        cases.len(),
    );
    let precision = mean(
        (0..detections.len())
            .map(|j| share(&detection_spans[j], &of_detection[j], &case_spans))
            .sum(),
        detections.len(),
    );
    let detected: Vec<usize> = of_case.iter().map(Vec::len).filter(|&n| n > 0).collect();
    let granularity = mean(detected.iter().sum::<usize>() as f64, detected.len());
    let scores = PrecisionRecall::from_values(precision, recall);
    PanScores {
        scores,
        granularity,
        // with nothing detected, plagdet is F1 (granularity 1, as PAN's evaluator takes it)
        plagdet: scores
            .f1
            .map(|f1| f1 / (1.0 + granularity.unwrap_or(1.0)).log2()),
        cases: cases.len(),
        detections: detections.len(),
        detected_cases: detected.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::records::PassageKind;

    fn span(doc: u32, start: u64, end: u64) -> Span {
        Span { doc, start, end }
    }

    #[test]
    fn intersection_of_merged_spans() {
        let x = merge(vec![span(0, 0, 10), span(1, 5, 8), span(0, 8, 12)]);
        assert_eq!(x, vec![span(0, 0, 12), span(1, 5, 8)]);
        let y = vec![span(0, 4, 6), span(0, 11, 20), span(1, 0, 6), span(2, 0, 9)];
        assert_eq!(
            intersect(&x, &y),
            vec![span(0, 4, 6), span(0, 11, 12), span(1, 5, 6)]
        );
    }

    #[test]
    fn a_detection_in_swapped_order_counts() {
        let case = Passage {
            a: span(0, 0, 10),
            b: span(1, 0, 10),
            kind: PassageKind::Copy,
        };
        let swapped = Passage {
            a: span(1, 0, 10),
            b: span(0, 0, 10),
            kind: PassageKind::Copy,
        };
        let s = score(&[case], &[swapped]);
        assert_eq!(s.scores.recall, Some(1.0));
        assert_eq!(s.scores.precision, Some(1.0));
        assert_eq!(s.plagdet, Some(1.0));
    }
}
