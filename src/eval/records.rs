//! Reading gold and predicted JSON Lines into what the metrics need.
//!
//! Both files use the `copydesk scan --json` schema (README.md); a record type the metrics do
//! not use (`summary`, `boilerplate`, …) is skipped, so a whole scan output can be scored as
//! is. Ids are interned once for both files ([`Ids`]), so a document is the same index in the
//! gold and in the prediction. A line that is not JSON, or a record without the fields its
//! type needs, is reported as `FILE:LINE` in plain words and skipped; the rest is still
//! scored. Files compressed with gzip or zstd are read by content, as `scan` reads them.

use crate::diagnostics::Diagnostics;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

/// Document ids interned to dense indices, in order of first sight.
#[derive(Debug, Default)]
pub struct Ids {
    index: HashMap<String, u32>,
    names: Vec<String>,
}

impl Ids {
    pub fn new() -> Self {
        Self::default()
    }

    /// The index of `id`, new ones appended.
    pub fn intern(&mut self, id: &str) -> u32 {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = self.names.len() as u32;
        self.index.insert(id.to_string(), i);
        self.names.push(id.to_string());
        i
    }

    pub fn name(&self, index: u32) -> &str {
        &self.names[index as usize]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// The kind of a shared passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PassageKind {
    Copy,
    Spun,
}

/// Bytes `start..end` of document `doc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub doc: u32,
    pub start: u64,
    pub end: u64,
}

/// A passage shared by two documents: a gold case or a predicted detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passage {
    pub a: Span,
    pub b: Span,
    pub kind: PassageKind,
}

/// A `duplicate` record: documents `a` and `b` as the record orders them, its `kind` (empty
/// when absent), and the gold's `rate` and `changed` when present.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DuplicateLink {
    pub a: u32,
    pub b: u32,
    pub kind: String,
    pub rate: Option<f64>,
    pub changed: Option<f64>,
}

impl DuplicateLink {
    /// A link of `kind` without rate or measured change.
    pub fn new(a: u32, b: u32, kind: &str) -> Self {
        DuplicateLink {
            a,
            b,
            kind: kind.to_string(),
            ..DuplicateLink::default()
        }
    }
}

/// What one file says about the corpus.
#[derive(Debug, Default)]
pub struct Labels {
    /// `duplicate` records, in file order.
    pub duplicates: Vec<DuplicateLink>,
    /// `cluster` records: member lists.
    pub clusters: Vec<Vec<u32>>,
    pub passages: Vec<Passage>,
    /// `spin` records that carry an `id`: the document and its `spun` verdict.
    pub verdicts: Vec<(u32, bool)>,
    /// Documents named by `document` or `spin` records.
    pub documents: Vec<u32>,
    /// Lines read, records used.
    pub records: usize,
}

#[derive(Deserialize)]
struct SideRecord {
    id: String,
    start: u64,
    end: u64,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Record {
    Duplicate {
        a: String,
        b: String,
        #[serde(default)]
        kind: Option<String>,
        #[serde(default)]
        rate: Option<f64>,
        #[serde(default)]
        changed: Option<f64>,
    },
    Cluster {
        members: Vec<String>,
    },
    Passage {
        a: SideRecord,
        b: SideRecord,
        #[serde(default)]
        kind: Option<PassageKind>,
    },
    Spin {
        id: String,
        spun: bool,
    },
    Document {
        id: String,
    },
    #[serde(other)]
    Other,
}

/// Reads a scan-schema JSON Lines file. An unreadable file is an error (the caller cannot
/// score without it); bad lines are reported to `diag` and skipped.
pub fn read_labels(path: &Path, ids: &mut Ids, diag: &Diagnostics) -> Result<Labels, String> {
    let mut labels = Labels::default();
    for_each_record(path, diag, |place, record: Record| {
        let used = add_record(record, ids, &mut labels);
        if let Err(message) = &used {
            diag.problem(place, message);
        }
        used.is_ok()
    })?;
    Ok(labels)
}

fn add_record(record: Record, ids: &mut Ids, labels: &mut Labels) -> Result<(), String> {
    match record {
        Record::Duplicate {
            a,
            b,
            kind,
            rate,
            changed,
        } => {
            let (a, b) = (ids.intern(&a), ids.intern(&b));
            labels.duplicates.push(DuplicateLink {
                a,
                b,
                kind: kind.unwrap_or_default(),
                rate,
                changed,
            });
        }
        Record::Cluster { members } => {
            labels
                .clusters
                .push(members.iter().map(|m| ids.intern(m)).collect());
        }
        Record::Passage { a, b, kind } => {
            let mut span = |side: SideRecord, name: &str| {
                if side.start >= side.end {
                    return Err(format!(
                        "passage side {name}: empty or reversed span {}..{}",
                        side.start, side.end
                    ));
                }
                Ok(Span {
                    doc: ids.intern(&side.id),
                    start: side.start,
                    end: side.end,
                })
            };
            let (a, b) = (span(a, "a")?, span(b, "b")?);
            labels.passages.push(Passage {
                a,
                b,
                kind: kind.unwrap_or(PassageKind::Copy),
            });
        }
        Record::Spin { id, spun } => {
            let doc = ids.intern(&id);
            labels.verdicts.push((doc, spun));
            labels.documents.push(doc);
        }
        Record::Document { id } => labels.documents.push(ids.intern(&id)),
        Record::Other => return Ok(()),
    }
    labels.records += 1;
    Ok(())
}

/// One line of a candidates file (`copydesk scan --write-candidates`): a pair proposed for
/// verification. Other fields are ignored.
#[derive(Deserialize)]
struct CandidateRecord {
    a: String,
    b: String,
}

/// Reads a candidates file, JSON Lines `{"a":ID,"b":ID}`, into pairs of interned ids (as the
/// records order them; a document paired with itself is kept and matches no gold pair). An
/// unreadable file is an error; bad lines are reported to `diag` and skipped.
pub fn read_candidates(
    path: &Path,
    ids: &mut Ids,
    diag: &Diagnostics,
) -> Result<Vec<(u32, u32)>, String> {
    let mut pairs = Vec::new();
    for_each_record(path, diag, |_, record: CandidateRecord| {
        pairs.push((ids.intern(&record.a), ids.intern(&record.b)));
        true
    })?;
    Ok(pairs)
}

/// Calls `use_record(PLACE, record)` for every non-empty line of `path` that parses as a `T`;
/// reports the others as `PATH:LINE`. Returns how many records were passed on.
pub fn for_each_record<T: for<'de> Deserialize<'de>>(
    path: &Path,
    diag: &Diagnostics,
    mut use_record: impl FnMut(String, T) -> bool,
) -> Result<usize, String> {
    let raw = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let unpacked = crate::corpus::decompress(raw);
    if let Some(damage) = &unpacked.damage {
        diag.problem(
            path.display(),
            format!("{damage}; reading the complete lines before the damage"),
        );
    }
    let bytes = unpacked.bytes;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut used = 0;
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let complete = match unpacked.damage {
        // the last line after damage is cut short
        Some(_) => lines.len().saturating_sub(1),
        None => lines.len(),
    };
    for (index, line) in lines[..complete].iter().enumerate() {
        let place = format!("{}:{}", path.display(), index + 1);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<T>(line) {
            Ok(record) => used += usize::from(use_record(place, record)),
            Err(e) => diag.problem(place, plain_message(line, &e)),
        }
    }
    Ok(used)
}

/// A JSON error in words a user reads: what is wrong, without serde's line and column (the
/// place says the line) or its Rust type names.
fn plain_message(line: &[u8], err: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match err.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            format!("not valid JSON (at character {})", err.column())
        }
        Category::Data => {
            if !serde_json::from_slice::<serde_json::Value>(line).is_ok_and(|v| v.is_object()) {
                return "not a JSON object".into();
            }
            let text = err.to_string();
            let text = text
                .split(" at line ")
                .next()
                .unwrap_or(&text)
                .replace('`', "\"");
            let text = match text.strip_prefix("missing field ") {
                Some(field) => format!("no {field} field"),
                None => text,
            };
            let text = match text.strip_prefix("invalid type: ") {
                Some(rest) => match rest.split_once(", expected ") {
                    Some((found, wanted)) => {
                        format!("a field holds {found} where {wanted} was expected")
                    }
                    None => rest.to_owned(),
                },
                None => text,
            };
            let text = text.replace("unknown variant ", "unknown record type ");
            format!("not a usable record: {text}")
        }
    }
}
