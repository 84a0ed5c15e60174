//! Output formats of `scan`: one `ScanSink` per format, fed by one walk over the results.
//!
//! `emit` walks a scan's results in their fixed order (duplicates, clusters, passages,
//! boilerplate, spin, summary) and hands each record to the sink; the sink decides how it looks.
//! [`text::TextSink`] writes the readable summary, [`jsonl::JsonSink`] JSON Lines (the schema is
//! in README.md). The pipeline never knows which format it feeds.

pub mod html;
pub mod jsonl;
pub mod text;

use crate::align::{Boilerplate, Passage};
use crate::corpus::Document;
use crate::dedup::cluster::Cluster;
use crate::scan::{Duplicate, ScanResult};
use crate::spin::SpinReport;
use std::io;

/// What every record may refer to: the corpus and the scan's results.
pub struct ReportContext<'a> {
    pub docs: &'a [Document],
    pub result: &'a ScanResult,
    pub threshold: f64,
    pub problems: usize,
    /// Whether spin detection ran.
    pub spin_checked: bool,
}

impl<'a> ReportContext<'a> {
    pub fn id(&self, doc: u32) -> &'a str {
        &self.docs[doc as usize].id
    }
}

/// Totals written last.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub documents: usize,
    pub bytes: usize,
    pub words: usize,
    pub candidates: usize,
    pub duplicates: usize,
    pub clusters: usize,
    pub duplicate_documents: usize,
    pub passages: usize,
    pub pairs_aligned: usize,
    pub boilerplate: usize,
    /// Documents judged spun (`None` when spin detection was off).
    pub spun: Option<usize>,
    pub problems: usize,
}

impl Summary {
    pub fn of(ctx: &ReportContext<'_>) -> Summary {
        let r = ctx.result;
        Summary {
            documents: ctx.docs.len(),
            bytes: ctx.docs.iter().map(|d| d.text.len()).sum(),
            words: r.word_counts.iter().sum(),
            candidates: r.candidates,
            duplicates: r.duplicates.len(),
            clusters: r.clusters.len(),
            duplicate_documents: r.clusters.iter().map(|c| c.members.len() - 1).sum(),
            passages: r.passages.len(),
            pairs_aligned: r.pairs_aligned,
            boilerplate: r.boilerplate.len(),
            spun: ctx
                .spin_checked
                .then(|| r.spin.iter().filter(|s| s.spun).count()),
            problems: ctx.problems,
        }
    }
}

/// One output format.
pub trait ScanSink {
    fn duplicate(&mut self, ctx: &ReportContext<'_>, dup: &Duplicate) -> io::Result<()>;
    fn cluster(&mut self, ctx: &ReportContext<'_>, cluster: &Cluster) -> io::Result<()>;
    fn passage(&mut self, ctx: &ReportContext<'_>, passage: &Passage) -> io::Result<()>;
    fn boilerplate(&mut self, ctx: &ReportContext<'_>, boiler: &Boilerplate) -> io::Result<()>;
    /// Spin detection of document `doc`.
    fn spin(&mut self, ctx: &ReportContext<'_>, doc: u32, report: &SpinReport) -> io::Result<()>;
    fn summary(&mut self, ctx: &ReportContext<'_>, summary: &Summary) -> io::Result<()>;

    /// Every duplicate, in order. A sink whose records do not depend on each other may render
    /// them in parallel (the JSON Lines sink does); the default hands them over one by one.
    fn duplicates(&mut self, ctx: &ReportContext<'_>, dups: &[Duplicate]) -> io::Result<()> {
        dups.iter().try_for_each(|dup| self.duplicate(ctx, dup))
    }

    /// Every cluster, in order (see [`ScanSink::duplicates`]).
    fn clusters(&mut self, ctx: &ReportContext<'_>, clusters: &[Cluster]) -> io::Result<()> {
        clusters.iter().try_for_each(|c| self.cluster(ctx, c))
    }

    /// Every passage, in order (see [`ScanSink::duplicates`]).
    fn passages(&mut self, ctx: &ReportContext<'_>, passages: &[Passage]) -> io::Result<()> {
        passages.iter().try_for_each(|p| self.passage(ctx, p))
    }

    /// Every boilerplate passage, in order (see [`ScanSink::duplicates`]).
    fn boilerplates(&mut self, ctx: &ReportContext<'_>, boiler: &[Boilerplate]) -> io::Result<()> {
        boiler.iter().try_for_each(|b| self.boilerplate(ctx, b))
    }

    /// Spin detection of every document, in corpus order (see [`ScanSink::duplicates`]).
    fn spins(&mut self, ctx: &ReportContext<'_>, reports: &[SpinReport]) -> io::Result<()> {
        reports
            .iter()
            .enumerate()
            .try_for_each(|(doc, report)| self.spin(ctx, doc as u32, report))
    }
}

/// Feeds every record of a scan to `sink`, in the documented order.
pub fn emit(ctx: &ReportContext<'_>, sink: &mut dyn ScanSink) -> io::Result<()> {
    let r = ctx.result;
    sink.duplicates(ctx, &r.duplicates)?;
    sink.clusters(ctx, &r.clusters)?;
    sink.passages(ctx, &r.passages)?;
    sink.boilerplates(ctx, &r.boilerplate)?;
    sink.spins(ctx, &r.spin)?;
    sink.summary(ctx, &Summary::of(ctx))
}

/// Rounds a similarity to 4 decimals, so output is short and stable.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// How many edits a `spin` record carries as evidence.
pub const EVIDENCE_EDITS: usize = 10;

/// The `n` most confident edits of a report, in text order.
pub fn strongest_edits(report: &SpinReport, n: usize) -> Vec<&crate::spin::Edit> {
    let mut edits: Vec<&crate::spin::Edit> = report.edits.iter().collect();
    edits.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(a.start.cmp(&b.start))
    });
    edits.truncate(n);
    edits.sort_by_key(|e| e.start);
    edits
}
