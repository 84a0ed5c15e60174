//! Output formats of `scan`: one `ScanSink` per format, fed by one walk over the results.
//!
//! `emit` walks a scan's results in their fixed order (duplicates, clusters, passages,
//! boilerplate, spin, mostly non-prose documents, problems, summary) and hands each record to the sink; the sink decides how it looks.
//! [`text::TextSink`] writes the readable summary, [`jsonl::JsonSink`] JSON Lines (the schema is
//! in README.md). The pipeline never knows which format it feeds.

pub mod html;
pub mod jsonl;
pub mod text;
pub mod unspin;

use crate::align::{Boilerplate, Passage};
use crate::corpus::Document;
use crate::dedup::cluster::Cluster;
use crate::diagnostics::Problem;
use crate::scan::{Duplicate, ScanResult};
use crate::spin::SpinReport;
use std::io;

/// What every record may refer to: the corpus and the scan's results.
pub struct ReportContext<'a> {
    pub docs: &'a [Document],
    pub result: &'a ScanResult,
    pub threshold: f64,
    /// The coverage from which a pair is a copy.
    pub coverage: f64,
    pub problems: usize,
    /// Every input problem, in a fixed order (`problem` records).
    pub problem_list: &'a [Problem],
    /// Whether spin detection ran.
    pub spin_checked: bool,
}

impl<'a> ReportContext<'a> {
    /// The context of a scan of `docs` with `cfg`, whose reading reported `problem_list`: the
    /// one way every front end (command line, bindings) makes it, so their records agree.
    pub fn new(
        docs: &'a [Document],
        result: &'a ScanResult,
        cfg: &crate::scan::ScanConfig,
        problem_list: &'a [Problem],
    ) -> Self {
        ReportContext {
            docs,
            result,
            threshold: cfg.threshold,
            coverage: cfg.coverage,
            problems: problem_list.len(),
            problem_list,
            spin_checked: cfg.spin,
        }
    }

    pub fn id(&self, doc: u32) -> &'a str {
        &self.docs[doc as usize].id
    }

    /// The byte range a passage side or boilerplate occurrence has in its document's source
    /// (the file's bytes, after decompression; see `Document::source_range`).
    pub fn source_range(&self, range: crate::align::WordRange) -> std::ops::Range<usize> {
        let doc = &self.docs[range.doc as usize];
        doc.source_range(self.result.byte_range(self.docs, range))
    }

    /// A byte range of document `doc`'s text in its source.
    pub fn source_bytes(&self, doc: u32, start: usize, end: usize) -> std::ops::Range<usize> {
        self.docs[doc as usize].source_range(start..end)
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
    /// Documents mostly non-prose (`ScanResult::mostly_non_prose`).
    pub non_prose: usize,
    pub problems: usize,
    /// How many documents were decoded from each charset (most first, then by name);
    /// documents made in code, with no charset, are not counted.
    pub encodings: Vec<(&'static str, usize)>,
}

impl Summary {
    pub fn of(ctx: &ReportContext<'_>) -> Summary {
        let r = ctx.result;
        Summary {
            documents: ctx.docs.len(),
            bytes: r.text_bytes.iter().sum(),
            words: r.word_counts.iter().sum(),
            candidates: r.candidates.len(),
            duplicates: r.duplicates.len(),
            clusters: r.clusters.len(),
            duplicate_documents: r.clusters.iter().map(|c| c.members.len() - 1).sum(),
            passages: r.passages.len(),
            pairs_aligned: r.pairs_aligned,
            boilerplate: r.boilerplate.len(),
            spun: ctx
                .spin_checked
                .then(|| r.spin.iter().filter(|s| s.spun).count()),
            non_prose: r.mostly_non_prose().count(),
            problems: ctx.problems,
            encodings: encoding_counts(ctx.docs),
        }
    }
}

/// How many documents were decoded from each charset, most first, then by name.
fn encoding_counts(docs: &[Document]) -> Vec<(&'static str, usize)> {
    let mut counts: std::collections::BTreeMap<&'static str, usize> = Default::default();
    for encoding in docs.iter().filter_map(|d| d.origin.encoding) {
        *counts.entry(encoding).or_insert(0) += 1;
    }
    let mut counts: Vec<(&'static str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
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

    /// Document `doc`, mostly non-prose: `share` of its words are in non-prose runs, which
    /// were not compared (sinks that do not list them pass over them).
    fn non_prose(&mut self, _ctx: &ReportContext<'_>, _doc: u32, _share: f64) -> io::Result<()> {
        Ok(())
    }

    /// Every input problem, in order (sinks that do not list them pass over them).
    fn problems(&mut self, _ctx: &ReportContext<'_>, _problems: &[Problem]) -> io::Result<()> {
        Ok(())
    }

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
    for (doc, share) in r.mostly_non_prose() {
        sink.non_prose(ctx, doc, share)?;
    }
    sink.problems(ctx, ctx.problem_list)?;
    sink.summary(ctx, &Summary::of(ctx))
}

/// How records are rendered in parallel: `per_task` records by one task, `per_batch` records
/// rendered before their bytes are written out (which bounds the memory held).
#[derive(Debug, Clone, Copy)]
pub struct Batching {
    pub per_task: usize,
    pub per_batch: usize,
}

impl Default for Batching {
    fn default() -> Self {
        Batching {
            per_task: 256,
            per_batch: 64 * 256,
        }
    }
}

/// Writes `items` to `out`, each rendered by `render(buffer, index, item)` in parallel, in
/// their order: the bytes are those of rendering them one after the other.
pub fn write_in_parallel<T: Sync>(
    out: &mut impl io::Write,
    items: &[T],
    batching: Batching,
    render: impl Fn(&mut Vec<u8>, usize, &T) -> io::Result<()> + Sync,
) -> io::Result<()> {
    use rayon::prelude::*;
    let Batching {
        per_task,
        per_batch,
    } = batching;
    for (b, batch) in items.chunks(per_batch.max(1)).enumerate() {
        let rendered: Vec<io::Result<Vec<u8>>> = batch
            .par_chunks(per_task.max(1))
            .enumerate()
            .map(|(t, task)| {
                let first = b * per_batch + t * per_task;
                let mut buf = Vec::with_capacity(task.len() * 160);
                for (i, item) in task.iter().enumerate() {
                    render(&mut buf, first + i, item)?;
                }
                Ok(buf)
            })
            .collect();
        for buf in rendered {
            out.write_all(&buf?)?;
        }
    }
    Ok(())
}

/// Rounds a measure to 4 decimals, so output is short and stable; a value that rounds to zero
/// is 0.0, never -0.0.
pub fn round4(x: f64) -> f64 {
    let r = (x * 10_000.0).round() / 10_000.0;
    if r == 0.0 { 0.0 } else { r }
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

/// A synthetic corpus with every kind of record (copies, spun copies, passages, boilerplate,
/// spin), scanned, for the sinks' tests.
#[cfg(test)]
pub(crate) mod test_corpus {
    use super::ReportContext;
    use crate::corpus::Document;
    use crate::scan::{ScanConfig, ScanResult, scan};
    use crate::synth::{SynthConfig, build_corpus};

    pub fn corpus() -> Vec<Document> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .expect("seeds/")
            .map(|e| e.expect("entry").path())
            .collect();
        paths.sort();
        let mut sources = Vec::new();
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("seed text");
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            for (k, chunk) in lines.chunks(4).enumerate() {
                let name = path.file_stem().unwrap().to_string_lossy();
                sources.push(Document::new(format!("{name}-{k}"), chunk.join("\n")));
            }
        }
        let cfg = SynthConfig {
            boilerplate_fraction: 0.6,
            ..SynthConfig::default()
        };
        build_corpus(&sources, &cfg).0
    }

    pub fn context<'a>(docs: &'a [Document], result: &'a ScanResult) -> ReportContext<'a> {
        ReportContext {
            docs,
            result,
            threshold: 0.5,
            coverage: 0.8,
            problems: 0,
            problem_list: &[],
            spin_checked: true,
        }
    }

    /// The corpus and its scan (spin detection on, boilerplate from 4 documents).
    pub fn scanned() -> (Vec<Document>, ScanResult) {
        let docs = corpus();
        let cfg = ScanConfig {
            spin: true,
            passages: crate::align::PassageConfig {
                boilerplate_docs: 4,
                min_words: 8,
                ..Default::default()
            },
            ..ScanConfig::default()
        };
        let result = scan(&docs, &cfg);
        (docs, result)
    }
}
