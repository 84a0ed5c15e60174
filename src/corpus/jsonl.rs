//! JSON Lines: one document per line, a JSON object with a text field and an optional id field.
//!
//! Every line is parsed on its own, so one broken line (not JSON, not an object, no string text
//! field) is reported as `FILE:LINE` and skipped while the other lines are still read. Blank
//! lines are allowed. A missing id becomes `FILE:LINE`.

use super::{Document, MAX_DOCUMENT_BYTES, ReadOptions};
use crate::diagnostics::Diagnostics;

/// Reads the documents of one JSON Lines file's (decompressed) bytes. `place` names the file in
/// messages (`place:LINE`), `file_id` is the file's id, the prefix of ids made up for lines
/// without an id field.
pub fn read_jsonl_bytes(
    place: &str,
    file_id: &str,
    bytes: &[u8],
    opts: &ReadOptions,
    diag: &Diagnostics,
) -> Vec<Document> {
    let mut docs = Vec::new();
    for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_no = index + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let at = format!("{place}:{line_no}");
        let value: serde_json::Value = match serde_json::from_slice(line) {
            Ok(value) => value,
            Err(err) => {
                diag.problem(&at, format!("not valid JSON: {err}"));
                continue;
            }
        };
        let Some(object) = value.as_object() else {
            diag.problem(&at, "JSON value is not an object");
            continue;
        };
        let text = match object.get(&opts.text_field) {
            Some(serde_json::Value::String(text)) => text.clone(),
            Some(_) => {
                diag.problem(
                    &at,
                    format!("field \"{}\" is not a string", opts.text_field),
                );
                continue;
            }
            None => {
                diag.problem(&at, format!("no \"{}\" field", opts.text_field));
                continue;
            }
        };
        let id = match object.get(&opts.id_field) {
            Some(serde_json::Value::String(id)) => id.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(_) => {
                diag.problem(
                    &at,
                    format!("field \"{}\" is not a string or number", opts.id_field),
                );
                continue;
            }
            None => format!("{file_id}:{line_no}"),
        };
        if text.len() > MAX_DOCUMENT_BYTES {
            diag.problem(&at, "document larger than 4 GiB, skipped");
            continue;
        }
        docs.push(Document::new(id, text));
    }
    docs
}
