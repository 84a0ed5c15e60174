//! JSON Lines output: one object per record, tagged by `type` (schema in README.md).
//!
//! The many records (duplicates, clusters, passages, boilerplate, spin) are written from typed
//! structs whose fields are in the schema's order, and rendered in parallel, batch by batch,
//! then written in their fixed order: the bytes are those of writing them one by one.

use super::{
    Batching, EVIDENCE_EDITS, ReportContext, ScanSink, Summary, round4, strongest_edits,
    write_in_parallel,
};
use crate::align::{Boilerplate, MatchKind, Passage, WordRange};
use crate::dedup::cluster::Cluster;
use crate::diagnostics::Problem;
use crate::scan::Duplicate;
use crate::spin::SpinReport;
use serde::Serialize;
use serde_json::{Value, json};
use std::io::{self, Write};

/// Writes JSON Lines to `out`.
pub struct JsonSink<W: Write> {
    out: W,
    batching: Batching,
}

impl<W: Write> JsonSink<W> {
    pub fn new(out: W) -> Self {
        JsonSink {
            out,
            batching: Batching::default(),
        }
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    fn line(&mut self, value: Value) -> io::Result<()> {
        write_line(&mut self.out, &value)
    }

    /// Writes one line per item of `items`, rendered by `render` in parallel, in order.
    fn lines<T: Sync, R: Serialize>(
        &mut self,
        items: &[T],
        render: impl Fn(usize, &T) -> R + Sync,
    ) -> io::Result<()> {
        write_in_parallel(&mut self.out, items, self.batching, |buf, i, item| {
            write_line(buf, &render(i, item))
        })
    }
}

fn write_line(out: &mut impl Write, record: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record)?;
    out.write_all(b"\n")
}

#[derive(Serialize)]
struct SideRecord<'a> {
    id: &'a str,
    start: usize,
    end: usize,
}

fn side<'a>(ctx: &ReportContext<'a>, range: WordRange) -> SideRecord<'a> {
    let bytes = ctx.source_range(range);
    SideRecord {
        id: ctx.id(range.doc),
        start: bytes.start,
        end: bytes.end,
    }
}

#[derive(Serialize)]
struct ByteSpan {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct SubstitutionRecord {
    original: String,
    spun: String,
}

#[derive(Serialize)]
struct DuplicateRecord<'a> {
    r#type: &'static str,
    a: &'a str,
    b: &'a str,
    kind: &'static str,
    coverage_a: f64,
    coverage_b: f64,
    changed: f64,
    inserted: f64,
    deleted: f64,
    jaccard: f64,
    containment: f64,
    a_region: ByteSpan,
    b_region: ByteSpan,
    /// Only for spun pairs.
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    synonym_share: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<Vec<SubstitutionRecord>>,
}

fn duplicate_record<'a>(ctx: &ReportContext<'a>, dup: &Duplicate) -> DuplicateRecord<'a> {
    let span = |range: WordRange| {
        let bytes = ctx.source_range(range);
        ByteSpan {
            start: bytes.start,
            end: bytes.end,
        }
    };
    let spun = dup.spun.as_ref();
    DuplicateRecord {
        r#type: "duplicate",
        a: ctx.id(dup.a),
        b: ctx.id(dup.b),
        kind: dup.kind.as_str(),
        coverage_a: round4(dup.coverage_a),
        coverage_b: round4(dup.coverage_b),
        changed: round4(dup.changed_rate()),
        inserted: round4(dup.inserted_rate()),
        deleted: round4(dup.deleted_rate()),
        jaccard: round4(dup.jaccard),
        containment: round4(dup.containment),
        a_region: span(dup.region_a),
        b_region: span(dup.region_b),
        confidence: spun.map(|e| round4(e.confidence)),
        synonym_share: spun.map(|e| round4(e.synonym_share)),
        evidence: spun.map(|e| {
            e.examples()
                .map(|s| SubstitutionRecord {
                    original: s.original.clone(),
                    spun: s.spun.clone(),
                })
                .collect()
        }),
    }
}

#[derive(Serialize)]
struct ClusterRecord<'a> {
    r#type: &'static str,
    members: Vec<&'a str>,
    keep: &'a str,
}

fn cluster_record<'a>(ctx: &ReportContext<'a>, cluster: &Cluster) -> ClusterRecord<'a> {
    ClusterRecord {
        r#type: "cluster",
        members: cluster.members.iter().map(|&m| ctx.id(m)).collect(),
        keep: ctx.id(cluster.keep),
    }
}

#[derive(Serialize)]
struct PassageRecord<'a> {
    r#type: &'static str,
    a: SideRecord<'a>,
    b: SideRecord<'a>,
    words: u32,
    similarity: f64,
    kind: &'static str,
    /// Only for spun passages.
    #[serde(skip_serializing_if = "Option::is_none")]
    immutables: Option<u32>,
}

fn passage_record<'a>(ctx: &ReportContext<'a>, p: &Passage) -> PassageRecord<'a> {
    PassageRecord {
        r#type: "passage",
        a: side(ctx, p.a),
        b: side(ctx, p.b),
        words: p.matched_words,
        similarity: round4(p.similarity),
        kind: p.kind.as_str(),
        immutables: (p.kind == MatchKind::Spun).then_some(p.immutables),
    }
}

#[derive(Serialize)]
struct BoilerplateRecord<'a> {
    r#type: &'static str,
    documents: usize,
    occurrence_count: usize,
    words: u32,
    occurrences: Vec<SideRecord<'a>>,
}

fn boilerplate_record<'a>(ctx: &ReportContext<'a>, boiler: &Boilerplate) -> BoilerplateRecord<'a> {
    let first = boiler.occurrences[0];
    BoilerplateRecord {
        r#type: "boilerplate",
        documents: boiler.documents(),
        occurrence_count: boiler.occurrences.len(),
        words: first.end - first.start,
        occurrences: boiler.occurrences.iter().map(|&o| side(ctx, o)).collect(),
    }
}

fn spin_record(ctx: &ReportContext<'_>, doc: u32, report: &SpinReport) -> Value {
    let edits: Vec<Value> = strongest_edits(report, EVIDENCE_EDITS)
        .into_iter()
        .map(|e| {
            let bytes = ctx.source_bytes(doc, e.start, e.end);
            json!({
                "start": bytes.start,
                "end": bytes.end,
                "spun": e.spun,
                "original": e.original,
                "confidence": round4(e.confidence),
            })
        })
        .collect();
    json!({
        "type": "spin",
        "id": ctx.id(doc),
        "score": round4(report.score),
        "spun": report.spun,
        "words": report.evidence.words,
        "gain_per_100": round4(report.evidence.gain_per_100),
        "signatures_per_100": round4(report.evidence.signatures_per_100),
        "edit_count": report.edits.len(),
        "edits": edits,
    })
}

impl<W: Write> ScanSink for JsonSink<W> {
    fn duplicate(&mut self, ctx: &ReportContext<'_>, dup: &Duplicate) -> io::Result<()> {
        write_line(&mut self.out, &duplicate_record(ctx, dup))
    }

    fn cluster(&mut self, ctx: &ReportContext<'_>, cluster: &Cluster) -> io::Result<()> {
        write_line(&mut self.out, &cluster_record(ctx, cluster))
    }

    fn passage(&mut self, ctx: &ReportContext<'_>, p: &Passage) -> io::Result<()> {
        write_line(&mut self.out, &passage_record(ctx, p))
    }

    fn boilerplate(&mut self, ctx: &ReportContext<'_>, boiler: &Boilerplate) -> io::Result<()> {
        write_line(&mut self.out, &boilerplate_record(ctx, boiler))
    }

    fn spin(&mut self, ctx: &ReportContext<'_>, doc: u32, report: &SpinReport) -> io::Result<()> {
        self.line(spin_record(ctx, doc, report))
    }

    fn duplicates(&mut self, ctx: &ReportContext<'_>, dups: &[Duplicate]) -> io::Result<()> {
        self.lines(dups, |_, dup| duplicate_record(ctx, dup))
    }

    fn clusters(&mut self, ctx: &ReportContext<'_>, clusters: &[Cluster]) -> io::Result<()> {
        self.lines(clusters, |_, c| cluster_record(ctx, c))
    }

    fn passages(&mut self, ctx: &ReportContext<'_>, passages: &[Passage]) -> io::Result<()> {
        self.lines(passages, |_, p| passage_record(ctx, p))
    }

    fn boilerplates(&mut self, ctx: &ReportContext<'_>, boiler: &[Boilerplate]) -> io::Result<()> {
        self.lines(boiler, |_, b| boilerplate_record(ctx, b))
    }

    fn spins(&mut self, ctx: &ReportContext<'_>, reports: &[SpinReport]) -> io::Result<()> {
        self.lines(reports, |doc, report| spin_record(ctx, doc as u32, report))
    }

    fn summary(&mut self, ctx: &ReportContext<'_>, s: &Summary) -> io::Result<()> {
        self.line(json!({
            "type": "summary",
            "documents": s.documents,
            "bytes": s.bytes,
            "words": s.words,
            "threshold": ctx.threshold,
            "coverage": ctx.coverage,
            "lsh": {"bands": ctx.result.lsh.bands, "rows": ctx.result.lsh.rows},
            "candidates": s.candidates,
            "duplicates": s.duplicates,
            "clusters": s.clusters,
            "duplicate_documents": s.duplicate_documents,
            "pairs_aligned": s.pairs_aligned,
            "passages": s.passages,
            "boilerplate": s.boilerplate,
            "spun": s.spun,
            "non_prose": s.non_prose,
            "problems": s.problems,
            "encodings": s.encodings.iter().map(|&(e, n)| (e.to_owned(), json!(n))).collect::<serde_json::Map<_, _>>(),
        }))
    }

    fn non_prose(&mut self, ctx: &ReportContext<'_>, doc: u32, share: f64) -> io::Result<()> {
        let r = ctx.result;
        self.line(json!({
            "type": "non_prose",
            "id": ctx.id(doc),
            "words": r.word_counts[doc as usize],
            "non_prose_words": r.masked_words[doc as usize],
            "share": round4(share),
        }))
    }

    fn problems(&mut self, _ctx: &ReportContext<'_>, problems: &[Problem]) -> io::Result<()> {
        for p in problems {
            self.line(json!({"type": "problem", "place": p.place, "message": p.message}))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    //! The parallel typed rendering against the one-record-at-a-time `json!` rendering it
    //! replaced, on a synthetic corpus with every kind of record.
    use super::*;
    use crate::dedup::CopyKind;
    use crate::report::{ReportContext, Summary, emit, test_corpus};

    fn reference_side(ctx: &ReportContext<'_>, range: WordRange) -> Value {
        let bytes = ctx.result.byte_range(ctx.docs, range);
        json!({"id": ctx.id(range.doc), "start": bytes.start, "end": bytes.end})
    }

    fn reference_span(ctx: &ReportContext<'_>, range: WordRange) -> Value {
        let bytes = ctx.result.byte_range(ctx.docs, range);
        json!({"start": bytes.start, "end": bytes.end})
    }

    /// The output as the sink wrote it before typed records and parallel rendering.
    fn reference_output(ctx: &ReportContext<'_>) -> Vec<u8> {
        let mut out = Vec::new();
        let r = ctx.result;
        let mut line = |v: Value| write_line(&mut out, &v).unwrap();
        for dup in &r.duplicates {
            let mut record = json!({
                "type": "duplicate",
                "a": ctx.id(dup.a),
                "b": ctx.id(dup.b),
                "kind": dup.kind.as_str(),
                "coverage_a": round4(dup.coverage_a),
                "coverage_b": round4(dup.coverage_b),
                "changed": round4(dup.changed_rate()),
                "inserted": round4(dup.inserted_rate()),
                "deleted": round4(dup.deleted_rate()),
                "jaccard": round4(dup.jaccard),
                "containment": round4(dup.containment),
                "a_region": reference_span(ctx, dup.region_a),
                "b_region": reference_span(ctx, dup.region_b),
            });
            if let Some(e) = &dup.spun {
                record["confidence"] = json!(round4(e.confidence));
                record["synonym_share"] = json!(round4(e.synonym_share));
                let examples: Vec<Value> = e
                    .examples()
                    .map(|s| json!({"original": s.original, "spun": s.spun}))
                    .collect();
                record["evidence"] = json!(examples);
            }
            line(record);
        }
        for cluster in &r.clusters {
            let members: Vec<&str> = cluster.members.iter().map(|&m| ctx.id(m)).collect();
            line(json!({"type": "cluster", "members": members, "keep": ctx.id(cluster.keep)}));
        }
        for p in &r.passages {
            let mut record = json!({
                "type": "passage",
                "a": reference_side(ctx, p.a),
                "b": reference_side(ctx, p.b),
                "words": p.matched_words,
                "similarity": round4(p.similarity),
                "kind": p.kind.as_str(),
            });
            if p.kind == MatchKind::Spun {
                record["immutables"] = json!(p.immutables);
            }
            line(record);
        }
        for boiler in &r.boilerplate {
            let occurrences: Vec<Value> = boiler
                .occurrences
                .iter()
                .map(|&o| reference_side(ctx, o))
                .collect();
            let first = boiler.occurrences[0];
            line(json!({
                "type": "boilerplate",
                "documents": boiler.documents(),
                "occurrence_count": boiler.occurrences.len(),
                "words": first.end - first.start,
                "occurrences": occurrences,
            }));
        }
        for (doc, report) in r.spin.iter().enumerate() {
            line(spin_record(ctx, doc as u32, report));
        }
        let mut sink = JsonSink::new(&mut out);
        sink.summary(ctx, &Summary::of(ctx)).unwrap();
        out
    }

    #[test]
    fn parallel_typed_records_are_the_reference_bytes() {
        let (docs, result) = test_corpus::scanned();
        let ctx = test_corpus::context(&docs, &result);
        for kind in [CopyKind::Exact, CopyKind::Near, CopyKind::Spun] {
            assert!(result.duplicates.iter().any(|d| d.kind == kind), "{kind:?}");
        }
        for kind in [MatchKind::Copy, MatchKind::Spun] {
            assert!(result.passages.iter().any(|p| p.kind == kind), "{kind:?}");
        }
        assert!(!result.clusters.is_empty(), "clusters");
        assert!(!result.boilerplate.is_empty(), "boilerplate");
        assert!(result.spin.iter().any(|s| s.spun), "spin");
        let reference = reference_output(&ctx);
        // batches and tasks of many sizes, so records cross every kind of boundary
        for (per_task, per_batch) in [(1, 1), (1, 3), (2, 7), (5, 5), (256, 64 * 256)] {
            let mut out = Vec::new();
            let mut sink = JsonSink {
                out: &mut out,
                batching: Batching {
                    per_task,
                    per_batch,
                },
            };
            emit(&ctx, &mut sink).unwrap();
            assert!(
                out == reference,
                "{per_task}/{per_batch}:\n{}\n---\n{}",
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&reference)
            );
        }
    }
}
