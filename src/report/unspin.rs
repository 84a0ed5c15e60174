//! JSON Lines records of `unspin` (schema in README.md): one `edit` record per restored
//! span, byte offsets into the input, then one `spin` record with the verdict. The command
//! line and the Python package both write them here, so their records agree. Floats are
//! rounded to 4 decimals.

use super::round4;
use crate::spin::{self, Edit, SpinReport};
use serde::Serialize;
use std::io::{self, Write};

/// The `spin` summary record of `--json`.
#[derive(Serialize)]
pub struct SpinRecord {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    report: SpinSummary,
}

#[derive(Serialize)]
pub struct SpinSummary {
    score: f64,
    spun: bool,
    words: usize,
    gain_per_100: f64,
    signatures_per_100: f64,
    collocations: f64,
    edits: usize,
}

#[derive(Serialize)]
pub struct EditRecord<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
    spun: &'a str,
    original: &'a str,
    confidence: f64,
    source: spin::Source,
}

impl<'a> EditRecord<'a> {
    pub fn of(edit: &'a Edit) -> Self {
        EditRecord {
            kind: "edit",
            start: edit.start,
            end: edit.end,
            spun: &edit.spun,
            original: &edit.original,
            confidence: round4(edit.confidence),
            source: edit.source,
        }
    }
}

/// Writes the `edit` record of `edit`.
pub fn write_edit(out: &mut impl Write, edit: &Edit) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &EditRecord::of(edit))?;
    out.write_all(b"\n")
}

/// Writes the `spin` record of `report`, after its `edits` edit records.
pub fn write_summary(out: &mut impl Write, report: &SpinReport, edits: usize) -> io::Result<()> {
    let summary = SpinRecord {
        kind: "spin",
        report: SpinSummary {
            score: round4(report.score),
            spun: report.spun,
            words: report.evidence.words,
            gain_per_100: round4(report.evidence.gain_per_100),
            signatures_per_100: round4(report.evidence.signatures_per_100),
            collocations: round4(report.evidence.collocations),
            edits,
        },
    };
    serde_json::to_writer(&mut *out, &summary)?;
    out.write_all(b"\n")
}
