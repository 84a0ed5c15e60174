//! JSON Lines output: one object per record, tagged by `type` (schema in README.md).

use super::{EVIDENCE_EDITS, ReportContext, ScanSink, Summary, round4, strongest_edits};
use crate::align::{Boilerplate, MatchKind, Passage, WordRange};
use crate::dedup::cluster::Cluster;
use crate::scan::Duplicate;
use crate::spin::SpinReport;
use serde_json::{Value, json};
use std::io::{self, Write};

/// Writes JSON Lines to `out`.
pub struct JsonSink<W: Write> {
    out: W,
}

impl<W: Write> JsonSink<W> {
    pub fn new(out: W) -> Self {
        JsonSink { out }
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    fn line(&mut self, value: Value) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, &value)?;
        self.out.write_all(b"\n")
    }
}

fn side(ctx: &ReportContext<'_>, range: WordRange) -> Value {
    let bytes = ctx.result.byte_range(ctx.docs, range);
    json!({"id": ctx.id(range.doc), "start": bytes.start, "end": bytes.end})
}

impl<W: Write> ScanSink for JsonSink<W> {
    fn duplicate(&mut self, ctx: &ReportContext<'_>, dup: &Duplicate) -> io::Result<()> {
        self.line(json!({
            "type": "duplicate",
            "a": ctx.id(dup.a),
            "b": ctx.id(dup.b),
            "jaccard": round4(dup.jaccard),
            "containment": round4(dup.containment),
            "kind": dup.kind.as_str(),
        }))
    }

    fn cluster(&mut self, ctx: &ReportContext<'_>, cluster: &Cluster) -> io::Result<()> {
        let members: Vec<&str> = cluster.members.iter().map(|&m| ctx.id(m)).collect();
        self.line(json!({"type": "cluster", "members": members, "keep": ctx.id(cluster.keep)}))
    }

    fn passage(&mut self, ctx: &ReportContext<'_>, p: &Passage) -> io::Result<()> {
        let mut record = json!({
            "type": "passage",
            "a": side(ctx, p.a),
            "b": side(ctx, p.b),
            "words": p.matched_words,
            "similarity": round4(p.similarity),
            "kind": p.kind.as_str(),
        });
        if p.kind == MatchKind::Spun {
            record["immutables"] = json!(p.immutables);
        }
        self.line(record)
    }

    fn boilerplate(&mut self, ctx: &ReportContext<'_>, boiler: &Boilerplate) -> io::Result<()> {
        let occurrences: Vec<Value> = boiler.occurrences.iter().map(|&o| side(ctx, o)).collect();
        let first = boiler.occurrences[0];
        self.line(json!({
            "type": "boilerplate",
            "documents": boiler.documents(),
            "occurrence_count": boiler.occurrences.len(),
            "words": first.end - first.start,
            "occurrences": occurrences,
        }))
    }

    fn spin(&mut self, ctx: &ReportContext<'_>, doc: u32, report: &SpinReport) -> io::Result<()> {
        let edits: Vec<Value> = strongest_edits(report, EVIDENCE_EDITS)
            .into_iter()
            .map(|e| {
                json!({
                    "start": e.start,
                    "end": e.end,
                    "spun": e.spun,
                    "original": e.original,
                    "confidence": round4(e.confidence),
                })
            })
            .collect();
        self.line(json!({
            "type": "spin",
            "id": ctx.id(doc),
            "score": round4(report.score),
            "spun": report.spun,
            "words": report.evidence.words,
            "gain_per_100": round4(report.evidence.gain_per_100),
            "signatures_per_100": round4(report.evidence.signatures_per_100),
            "edit_count": report.edits.len(),
            "edits": edits,
        }))
    }

    fn summary(&mut self, ctx: &ReportContext<'_>, s: &Summary) -> io::Result<()> {
        self.line(json!({
            "type": "summary",
            "documents": s.documents,
            "bytes": s.bytes,
            "words": s.words,
            "threshold": ctx.threshold,
            "lsh": {"bands": ctx.result.lsh.bands, "rows": ctx.result.lsh.rows},
            "candidates": s.candidates,
            "duplicates": s.duplicates,
            "clusters": s.clusters,
            "duplicate_documents": s.duplicate_documents,
            "pairs_aligned": s.pairs_aligned,
            "passages": s.passages,
            "boilerplate": s.boilerplate,
            "spun": s.spun,
            "problems": s.problems,
        }))
    }
}
