//! The readable summary: clusters, then passages with short quotes, then boilerplate.
//!
//! Places are written `ID bytes START..END` (byte offsets into the document's text, end
//! excluded, as in the JSON Lines records), and counts agree with their nouns ("1 cluster").

use super::{Batching, ReportContext, ScanSink, Summary, strongest_edits, write_in_parallel};
use crate::align::{Boilerplate, MatchKind, Passage, WordRange};
use crate::dedup::cluster::Cluster;
use crate::scan::Duplicate;
use crate::spin::SpinReport;
use rustc_hash::FxHashMap;
use std::io::{self, Write};

/// Words quoted from each end of a passage.
const QUOTE_WORDS: usize = 12;

/// Writes the human-readable report to `out`. Copy pairs are folded into their clusters;
/// spun copies are listed besides, each against its source.
pub struct TextSink<W: Write> {
    out: W,
    headed: Option<&'static str>,
}

impl<W: Write> TextSink<W> {
    pub fn new(out: W) -> Self {
        TextSink { out, headed: None }
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    fn heading(&mut self, name: &'static str) -> io::Result<()> {
        if self.headed != Some(name) {
            if self.headed.is_some() {
                writeln!(self.out)?;
            }
            writeln!(self.out, "{name}")?;
            self.headed = Some(name);
        }
        Ok(())
    }
}

/// A short quote of a word range: its first and last words, joined by an ellipsis.
fn quote(ctx: &ReportContext<'_>, range: WordRange) -> String {
    let text = &ctx.docs[range.doc as usize].text;
    let flat = |r: WordRange| {
        text[ctx.result.byte_range(ctx.docs, r)]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    if range.end - range.start <= 2 * QUOTE_WORDS as u32 {
        return flat(range);
    }
    let head = WordRange {
        end: range.start + QUOTE_WORDS as u32,
        ..range
    };
    let tail = WordRange {
        start: range.end - QUOTE_WORDS as u32,
        ..range
    };
    format!("{} … {}", flat(head), flat(tail))
}

fn place(ctx: &ReportContext<'_>, range: WordRange) -> String {
    let bytes = ctx.source_range(range);
    format!("{} bytes {}..{}", ctx.id(range.doc), bytes.start, bytes.end)
}

/// `n` and its noun, in the plural unless `n` is 1: "1 cluster", "3 clusters".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A passage's lines: its size and similarity, its two places, a quote.
fn write_passage(out: &mut impl Write, ctx: &ReportContext<'_>, p: &Passage) -> io::Result<()> {
    let spun = if p.kind == MatchKind::Spun {
        format!(", spun ({} immutable words aligned)", p.immutables)
    } else {
        String::new()
    };
    writeln!(
        out,
        "  {}, similarity {:.2}{}\n    {}\n    {}\n    “{}”",
        count(p.matched_words as usize, "word", "words"),
        p.similarity,
        spun,
        place(ctx, p.a),
        place(ctx, p.b),
        quote(ctx, p.a)
    )
}

/// A cluster member's line after its id: how it is a copy of the kept document.
fn measures(d: &Duplicate) -> String {
    format!(
        "  {}, aligned {:.0}% / {:.0}%, {:.0}% substituted, jaccard {:.2}",
        d.kind.as_str(),
        100.0 * d.coverage_a,
        100.0 * d.coverage_b,
        100.0 * d.changed_rate(),
        d.jaccard
    )
}

impl<W: Write> ScanSink for TextSink<W> {
    fn duplicate(&mut self, ctx: &ReportContext<'_>, dup: &Duplicate) -> io::Result<()> {
        let Some(evidence) = &dup.spun else {
            return Ok(());
        };
        self.heading("Spun copies (copy <- source)")?;
        let examples: Vec<String> = evidence
            .examples()
            .map(|s| format!("“{}” → “{}”", s.original, s.spun))
            .collect();
        writeln!(
            self.out,
            "  {} <- {}: {:.0}% of words substituted, source confidence {:.2}\n    e.g. {}",
            ctx.id(dup.b),
            ctx.id(dup.a),
            100.0 * dup.changed_rate(),
            evidence.confidence,
            examples.join(", ")
        )
    }

    fn cluster(&mut self, ctx: &ReportContext<'_>, cluster: &Cluster) -> io::Result<()> {
        self.clusters(ctx, std::slice::from_ref(cluster))
    }

    fn clusters(&mut self, ctx: &ReportContext<'_>, clusters: &[Cluster]) -> io::Result<()> {
        if clusters.is_empty() {
            return Ok(());
        }
        self.heading("Copy clusters (kind, aligned share of each, substituted words)")?;
        // each member is shown with its similarity to the kept one: the first duplicate of
        // the pair, in output order
        let mut first_duplicate: FxHashMap<(u32, u32), &Duplicate> = FxHashMap::default();
        for d in &ctx.result.duplicates {
            first_duplicate.entry(d.pair()).or_insert(d);
        }
        for cluster in clusters {
            writeln!(
                self.out,
                "  cluster of {} (keep {}):",
                count(cluster.members.len(), "document", "documents"),
                ctx.id(cluster.keep)
            )?;
            for &m in &cluster.members {
                let keep = cluster.keep;
                let best = first_duplicate
                    .get(&(m.min(keep), m.max(keep)))
                    .filter(|_| m != keep)
                    .map(|d| measures(d))
                    .unwrap_or_default();
                writeln!(self.out, "    {}{}", ctx.id(m), best)?;
            }
        }
        Ok(())
    }

    fn passage(&mut self, ctx: &ReportContext<'_>, p: &Passage) -> io::Result<()> {
        self.heading("Shared passages")?;
        write_passage(&mut self.out, ctx, p)
    }

    fn passages(&mut self, ctx: &ReportContext<'_>, passages: &[Passage]) -> io::Result<()> {
        if passages.is_empty() {
            return Ok(());
        }
        self.heading("Shared passages")?;
        write_in_parallel(&mut self.out, passages, Batching::default(), |buf, _, p| {
            write_passage(buf, ctx, p)
        })
    }

    fn boilerplate(&mut self, ctx: &ReportContext<'_>, boiler: &Boilerplate) -> io::Result<()> {
        self.heading("Boilerplate (passages in many documents)")?;
        let first = boiler.occurrences[0];
        writeln!(
            self.out,
            "  in {}, {}, first in {}\n    “{}”",
            count(boiler.documents(), "document", "documents"),
            count((first.end - first.start) as usize, "word", "words"),
            place(ctx, first),
            quote(ctx, first)
        )
    }

    fn spin(&mut self, ctx: &ReportContext<'_>, doc: u32, report: &SpinReport) -> io::Result<()> {
        if !report.spun {
            return Ok(());
        }
        self.heading("Spun documents (synonym spinner)")?;
        writeln!(
            self.out,
            "  {}: spin score {:.2}, {}; strongest:",
            ctx.id(doc),
            report.score,
            count(report.edits.len(), "restoration", "restorations")
        )?;
        for e in strongest_edits(report, 6) {
            let bytes = ctx.source_bytes(doc, e.start, e.end);
            writeln!(
                self.out,
                "    bytes {}..{} “{}” → “{}” ({:.2})",
                bytes.start, bytes.end, e.spun, e.original, e.confidence
            )?;
        }
        Ok(())
    }

    fn non_prose(&mut self, ctx: &ReportContext<'_>, doc: u32, share: f64) -> io::Result<()> {
        self.heading("Mostly non-prose, not compared (base64, hex, code, URL or number runs)")?;
        writeln!(
            self.out,
            "  {}: {:.0}% of {} in non-prose runs",
            ctx.id(doc),
            100.0 * share,
            count(ctx.result.word_counts[doc as usize], "word", "words")
        )
    }

    fn summary(&mut self, _ctx: &ReportContext<'_>, s: &Summary) -> io::Result<()> {
        if self.headed.is_some() {
            writeln!(self.out)?;
        }
        let spun = match s.spun {
            Some(n) => format!(", {}", count(n, "spun document", "spun documents")),
            None => String::new(),
        };
        let problems = if s.problems > 0 {
            format!(
                "; {} (see stderr)",
                count(s.problems, "input problem", "input problems")
            )
        } else {
            String::new()
        };
        writeln!(
            self.out,
            "{} ({}, {}): {} in {} ({} to drop), {}, {}{spun}{problems}",
            count(s.documents, "document", "documents"),
            count(s.bytes, "byte", "bytes"),
            count(s.words, "word", "words"),
            count(s.duplicates, "copy pair", "copy pairs"),
            count(s.clusters, "cluster", "clusters"),
            count(s.duplicate_documents, "document", "documents"),
            count(s.passages, "shared passage", "shared passages"),
            count(s.boilerplate, "boilerplate passage", "boilerplate passages"),
        )?;
        write_encodings(&mut self.out, &s.encodings)
    }
}

/// The line that says which charsets the documents were decoded from, when any was not UTF-8
/// (`decoded from: UTF-8 1771, windows-1252 118, Big5 2`).
fn write_encodings(out: &mut impl Write, encodings: &[(&'static str, usize)]) -> io::Result<()> {
    if encodings.iter().all(|&(e, _)| e == "UTF-8") {
        return Ok(());
    }
    let list: Vec<String> = encodings.iter().map(|(e, n)| format!("{e} {n}")).collect();
    writeln!(out, "documents decoded from: {}", list.join(", "))
}

#[cfg(test)]
mod tests {
    //! The list methods (parallel passages, clusters from a pair index) against the records
    //! written one by one, and the clusters against the scan over all duplicates they replaced.
    use super::*;
    use crate::report::{emit, test_corpus};

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count(0, "cluster", "clusters"), "0 clusters");
        assert_eq!(count(1, "cluster", "clusters"), "1 cluster");
        assert_eq!(
            count(2, "spun document", "spun documents"),
            "2 spun documents"
        );
    }

    /// The output with every record handed over alone, and clusters as first written: each
    /// member's similarity found by scanning all duplicates.
    fn reference_output(ctx: &ReportContext<'_>) -> Vec<u8> {
        let mut out = Vec::new();
        let mut sink = TextSink::new(&mut out);
        let r = ctx.result;
        for d in &r.duplicates {
            sink.duplicate(ctx, d).unwrap();
        }
        for cluster in &r.clusters {
            sink.heading("Copy clusters (kind, aligned share of each, substituted words)")
                .unwrap();
            let line = format!(
                "  cluster of {} (keep {}):",
                count(cluster.members.len(), "document", "documents"),
                ctx.id(cluster.keep)
            );
            writeln!(sink.out, "{line}").unwrap();
            for &m in &cluster.members {
                let best = r
                    .duplicates
                    .iter()
                    .filter(|d| {
                        (d.a == m || d.b == m) && (d.a == cluster.keep || d.b == cluster.keep)
                    })
                    .map(measures)
                    .next()
                    .unwrap_or_default();
                let best = if m == cluster.keep {
                    String::new()
                } else {
                    best
                };
                writeln!(sink.out, "    {}{}", ctx.id(m), best).unwrap();
            }
        }
        for p in &r.passages {
            sink.passage(ctx, p).unwrap();
        }
        for b in &r.boilerplate {
            sink.boilerplate(ctx, b).unwrap();
        }
        for (doc, report) in r.spin.iter().enumerate() {
            sink.spin(ctx, doc as u32, report).unwrap();
        }
        sink.summary(ctx, &Summary::of(ctx)).unwrap();
        out
    }

    #[test]
    fn list_methods_write_the_reference_bytes() {
        let (docs, result) = test_corpus::scanned();
        let ctx = test_corpus::context(&docs, &result);
        assert!(
            result.clusters.iter().any(|c| c.members.len() > 2),
            "a larger cluster"
        );
        let mut out = Vec::new();
        emit(&ctx, &mut TextSink::new(&mut out)).unwrap();
        let reference = reference_output(&ctx);
        assert!(
            out == reference,
            "{}\n---\n{}",
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(&reference)
        );
    }
}
