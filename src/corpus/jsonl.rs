//! JSON Lines: one document per line, a JSON object with a text field and an optional id field.
//!
//! Every line is parsed on its own, so one broken line (not JSON, not an object, no string text
//! field) is reported as `FILE:LINE` and skipped while the other lines are still read. Blank
//! lines are allowed, and so is a UTF-8 byte-order mark before the first line. A line that is
//! not UTF-8 is decoded by the charset policy of `decode` before it is parsed. A missing id
//! becomes `FILE:LINE`; so does a `null` one, with a notice (the line is still a document).

use super::decode::decode;
use super::{Document, MAX_DOCUMENT_BYTES, Part, ReadOptions, Source};
use crate::diagnostics::Diagnostics;
use std::borrow::Cow;

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
    read_jsonl(place, file_id, None, bytes, opts, diag)
}

/// As [`read_jsonl_bytes`]; `source` is the file the documents' origins name.
pub(super) fn read_jsonl(
    place: &str,
    file_id: &str,
    source: Option<&Source>,
    bytes: &[u8],
    opts: &ReadOptions,
    diag: &Diagnostics,
) -> Vec<Document> {
    let mut docs = Vec::new();
    let body_start = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut line_start = body_start;
    for (index, line) in bytes[body_start..].split(|&b| b == b'\n').enumerate() {
        let range = line_start..line_start + line.len();
        line_start = range.end + 1;
        let line_no = index + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let at = format!("{place}:{line_no}");
        // bytes malformed in the line's charset: reported only if the line is a document
        // (a line that is not usable gets one problem, the reason it is not)
        let mut damaged = None;
        let (line, encoding): (Cow<'_, [u8]>, &'static str) = match std::str::from_utf8(line) {
            Ok(_) => (Cow::Borrowed(line), "UTF-8"),
            Err(_) => {
                let decoded = decode(line, None);
                damaged = decoded
                    .damage
                    .map(|damage| damage.describe(decoded.encoding, " of the line"));
                (
                    Cow::Owned(decoded.text.into_bytes()),
                    decoded.encoding.name(),
                )
            }
        };
        let value: serde_json::Value = match serde_json::from_slice(&line) {
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
        let made_up = || format!("{file_id}:{line_no}");
        let id = match object.get(&opts.id_field) {
            Some(serde_json::Value::String(id)) => id.clone(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(serde_json::Value::Null) => {
                diag.notice(
                    &at,
                    format!(
                        "\"{}\" is null; the document is named {}",
                        opts.id_field,
                        made_up()
                    ),
                );
                made_up()
            }
            Some(_) => {
                diag.problem(
                    &at,
                    format!("field \"{}\" is not a string or number", opts.id_field),
                );
                continue;
            }
            None => made_up(),
        };
        if text.len() > MAX_DOCUMENT_BYTES {
            diag.problem(&at, "document larger than 4 GiB, skipped");
            continue;
        }
        if let Some(message) = damaged {
            diag.problem(&at, message);
        }
        let mut doc = Document::new(id, text);
        doc.origin.encoding = Some(encoding);
        doc.origin.source = source.map(|s| s.with_part(Part::Line(range)));
        doc.origin.place = Some(at);
        docs.push(doc);
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> (Vec<Document>, Diagnostics) {
        let diag = Diagnostics::silent();
        let docs = read_jsonl_bytes("f.jsonl", "f.jsonl", bytes, &ReadOptions::default(), &diag);
        (docs, diag)
    }

    #[test]
    fn bom_null_ids_and_latin1_lines() {
        let (docs, diag) = read(
            b"\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"one\"}\n{\"id\":null,\"text\":\"two\"}\n\
              {\"text\":\"caf\xe9 cr\xe8me\"}\n",
        );
        let got: Vec<(&str, &str)> = docs
            .iter()
            .map(|d| (d.id.as_str(), d.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("a", "one"),
                ("f.jsonl:2", "two"),
                ("f.jsonl:3", "café crème")
            ]
        );
        assert_eq!(diag.problems(), 0);
        assert_eq!(diag.notices(), 1);
        assert_eq!(docs[2].origin.encoding, Some("windows-1252"));
    }

    #[test]
    fn a_damaged_line_is_one_problem_with_or_without_its_document() {
        let (docs, diag) = read(b"{\"text\":\"caf\xc3\xa9 \xff\"}\n{broken \xc3\xa9 \xff\n");
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].text, "café \u{FFFD}");
        // the first line: its damage; the second: not JSON (its damage not reported again)
        assert_eq!(diag.problems(), 2);
    }

    proptest::proptest! {
        /// The fuzz target's invariant (fuzz/checks.rs) on lines made of JSON pieces and
        /// bytes that break UTF-8: each non-blank line is a document, one problem, or both.
        #[test]
        fn each_line_is_a_document_or_one_problem(pieces in proptest::collection::vec(0usize..12, 0..60)) {
            const PIECES: [&[u8]; 12] = [
                b"{\"text\":\"", b"\"}", b"\"id\":null,", b"caf\xc3\xa9", b"\xff", b"\xe9",
                b"\n", b" ", b"\xEF\xBB\xBF", b"\"id\":\"x\",", b"{", b"}",
            ];
            let data: Vec<u8> = pieces.iter().flat_map(|&p| PIECES[p].iter().copied()).collect();
            let (docs, diag) = read(&data);
            let body = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&data);
            let lines = body
                .split(|&b| b == b'\n')
                .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
                .count();
            proptest::prop_assert!(docs.len() <= lines && diag.problems() <= lines);
            proptest::prop_assert!(docs.len() + diag.problems() >= lines);
        }
    }
}
