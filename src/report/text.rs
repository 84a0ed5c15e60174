//! The readable summary: clusters, then passages with short quotes, then boilerplate.

use super::{ReportContext, ScanSink, Summary, strongest_edits};
use crate::align::{Boilerplate, MatchKind, Passage, WordRange};
use crate::dedup::cluster::Cluster;
use crate::scan::Duplicate;
use crate::spin::SpinReport;
use std::io::{self, Write};

/// Words quoted from each end of a passage.
const QUOTE_WORDS: usize = 12;

/// Writes the human-readable report to `out`. Copy pairs are folded into their
/// clusters; spun pairs, which are not clustered, are listed.
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
    let bytes = ctx.result.byte_range(ctx.docs, range);
    format!("{} [{}..{}]", ctx.id(range.doc), bytes.start, bytes.end)
}

impl<W: Write> ScanSink for TextSink<W> {
    fn duplicate(&mut self, ctx: &ReportContext<'_>, dup: &Duplicate) -> io::Result<()> {
        if dup.kind != MatchKind::Spun {
            return Ok(());
        }
        self.heading("Spun copies (source, spun copy; not clustered)")?;
        writeln!(
            self.out,
            "  {} ~ {}  immutable-word jaccard {:.2}, containment {:.2}",
            ctx.id(dup.a),
            ctx.id(dup.b),
            dup.jaccard,
            dup.containment
        )
    }

    fn cluster(&mut self, ctx: &ReportContext<'_>, cluster: &Cluster) -> io::Result<()> {
        self.heading("Near-duplicate clusters")?;
        writeln!(
            self.out,
            "  cluster of {} (keep {}):",
            cluster.members.len(),
            ctx.id(cluster.keep)
        )?;
        for &m in &cluster.members {
            let best = ctx
                .result
                .duplicates
                .iter()
                .filter(|d| (d.a == m || d.b == m) && (d.a == cluster.keep || d.b == cluster.keep))
                .map(|d| {
                    format!(
                        "  jaccard {:.2}, containment {:.2}",
                        d.jaccard, d.containment
                    )
                })
                .next()
                .unwrap_or_default();
            writeln!(
                self.out,
                "    {}{}",
                ctx.id(m),
                if m == cluster.keep {
                    String::new()
                } else {
                    best
                }
            )?;
        }
        Ok(())
    }

    fn passage(&mut self, ctx: &ReportContext<'_>, p: &Passage) -> io::Result<()> {
        self.heading("Shared passages")?;
        let spun = if p.kind == MatchKind::Spun {
            format!(", spun ({} immutable words aligned)", p.immutables)
        } else {
            String::new()
        };
        writeln!(
            self.out,
            "  {} words, similarity {:.2}{}\n    {}\n    {}\n    “{}”",
            p.matched_words,
            p.similarity,
            spun,
            place(ctx, p.a),
            place(ctx, p.b),
            quote(ctx, p.a)
        )
    }

    fn boilerplate(&mut self, ctx: &ReportContext<'_>, boiler: &Boilerplate) -> io::Result<()> {
        self.heading("Boilerplate (passages in many documents)")?;
        let first = boiler.occurrences[0];
        writeln!(
            self.out,
            "  in {} documents, {} words, first in {}\n    “{}”",
            boiler.documents(),
            first.end - first.start,
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
            "  {}: spin score {:.2}, {} restorations; strongest:",
            ctx.id(doc),
            report.score,
            report.edits.len()
        )?;
        for e in strongest_edits(report, 6) {
            writeln!(
                self.out,
                "    [{}..{}] “{}” → “{}” ({:.2})",
                e.start, e.end, e.spun, e.original, e.confidence
            )?;
        }
        Ok(())
    }

    fn summary(&mut self, _ctx: &ReportContext<'_>, s: &Summary) -> io::Result<()> {
        if self.headed.is_some() {
            writeln!(self.out)?;
        }
        writeln!(
            self.out,
            "{} documents ({} bytes, {} words): {} near-duplicate pairs in {} clusters ({} documents to drop), {} shared passages, {} boilerplate passages{}{}",
            s.documents,
            s.bytes,
            s.words,
            s.duplicates,
            s.clusters,
            s.duplicate_documents,
            s.passages,
            s.boilerplate,
            match s.spun {
                Some(n) => format!(", {n} spun documents"),
                None => String::new(),
            },
            if s.problems > 0 {
                format!("; {} input problems (see stderr)", s.problems)
            } else {
                String::new()
            }
        )
    }
}
