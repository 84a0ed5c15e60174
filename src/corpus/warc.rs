//! WARC (ISO 28500) files: the records web archives are made of, and the documents inside them.
//!
//! A WARC file is a sequence of records, each a `WARC/1.x` version line, header lines, an empty
//! line, a block of exactly `Content-Length` bytes, and an empty line (CRLF CRLF). Documents are
//! taken from `response`, `resource` and `conversion` records (the latter are the extracted text
//! of WET files); their block is turned into text by `payload`. A document's id is the record's
//! `WARC-Target-URI`, or its `WARC-Record-ID` when that is missing.
//!
//! The record framing is our own, small code rather than the `warc` crate: that crate's reader
//! adds 4 to a `Content-Length` taken from the file (an overflow panic under our overflow
//! checks), reads blocks line by line, and cannot find the next record after a malformed one.
//! Here a malformed record (no version line, no `Content-Length`, a block that runs past the end
//! of the file or does not end where its length says) is reported with its number and byte
//! offset, and reading resumes at the next line that starts with `WARC/1.`, so the other records
//! of the file are still read.

use super::payload::{self, Payload};
use super::{Document, Part, Source};
use crate::diagnostics::Diagnostics;
use std::collections::BTreeMap;

/// Record types that hold a document.
const DOCUMENT_RECORDS: &[&str] = &["response", "resource", "conversion"];

/// Reads the documents of one WARC file's (decompressed) bytes; `place` names the file in
/// messages. Records without a document (`warcinfo`, `request`, `metadata`, `revisit`) are
/// passed over; records whose payload is not text are counted and reported once for the file.
pub fn read_warc_bytes(place: &str, bytes: &[u8], diag: &Diagnostics) -> Vec<Document> {
    read_warc(place, None, bytes, false, diag)
}

/// As [`read_warc_bytes`]; `cut_short` says the bytes end early because decompression failed
/// (already reported), so a last record running past the end is dropped without a message;
/// `source` is the file the documents' origins name.
pub(super) fn read_warc(
    place: &str,
    source: Option<&Source>,
    bytes: &[u8],
    cut_short: bool,
    diag: &Diagnostics,
) -> Vec<Document> {
    let mut docs = Vec::new();
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut pos = skip_blank_lines(bytes, 0);
    let mut number = 0usize;
    while pos < bytes.len() {
        number += 1;
        match next_record(bytes, pos) {
            Ok(record) => {
                pos = skip_blank_lines(bytes, record.end);
                let what = describe(number, record.offset, record.header("WARC-Target-URI"));
                if let Some(doc) = document_of(place, source, &record, &what, &mut skipped, diag) {
                    docs.push(doc);
                }
            }
            Err(bad) => {
                if !(cut_short && bad.at_end) {
                    let what = describe(number, pos, bad.uri.as_deref());
                    diag.problem(place, format!("{what}: {}, skipped", bad.message));
                }
                match resync(bytes, bad.resume_from) {
                    Some(next) => pos = next,
                    None => break,
                }
            }
        }
    }
    if !skipped.is_empty() {
        let total: usize = skipped.values().sum();
        let detail: Vec<String> = skipped
            .iter()
            .map(|(why, n)| format!("{why} {n}"))
            .collect();
        diag.skipped_records(place, total, &detail.join(", "));
    }
    docs
}

/// How messages name a record: its number, and its URI or byte offset.
fn describe(number: usize, offset: usize, uri: Option<&str>) -> String {
    match uri {
        Some(uri) => format!("record {number} ({uri})"),
        None => format!("record {number} (byte {offset})"),
    }
}

/// One well-formed record: its headers and its block.
struct Record<'a> {
    offset: usize,
    headers: Vec<(String, String)>,
    block: &'a [u8],
    /// Where the record ends, after its trailing CRLF CRLF.
    end: usize,
}

impl Record<'_> {
    /// The value of a header (names are case-insensitive); WARC 1.0's `<uri>` brackets removed.
    fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }
}

/// A record that could not be framed.
struct Malformed {
    message: String,
    uri: Option<String>,
    /// Where to look for the next record.
    resume_from: usize,
    /// The record runs past the end of the bytes (a truncated file).
    at_end: bool,
}

fn next_record(bytes: &[u8], offset: usize) -> Result<Record<'_>, Malformed> {
    let malformed =
        |message: &str, uri: Option<String>, resume_from: usize, at_end: bool| Malformed {
            message: message.to_owned(),
            uri,
            resume_from,
            at_end,
        };
    if !bytes[offset..].starts_with(b"WARC/") {
        return Err(malformed("no WARC/ version line", None, offset + 1, false));
    }
    let Some(header_len) = memchr::memmem::find(&bytes[offset..], b"\r\n\r\n") else {
        return Err(malformed(
            "header runs to the end of the file",
            None,
            bytes.len(),
            true,
        ));
    };
    let header_text = String::from_utf8_lossy(&bytes[offset..offset + header_len]);
    let headers = parse_headers(&header_text);
    let uri = header_value(&headers, "WARC-Target-URI").map(str::to_owned);
    let block_start = offset + header_len + 4;
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
        .map(|(_, v)| v.trim().parse::<usize>());
    let length = match length {
        Some(Ok(length)) => length,
        Some(Err(_)) => return Err(malformed("invalid Content-Length", uri, block_start, false)),
        None => return Err(malformed("no Content-Length", uri, block_start, false)),
    };
    let block_end = match block_start.checked_add(length) {
        Some(end) if end <= bytes.len() => end,
        _ => {
            let message = format!("Content-Length {length} runs past the end of the file");
            return Err(malformed(&message, uri, block_start, true));
        }
    };
    let trailer = &bytes[block_end..bytes.len().min(block_end + 4)];
    // some writers end the last record with a single CRLF or none at all
    let trailer_ok = trailer == b"\r\n\r\n"
        || (block_end + trailer.len() == bytes.len() && b"\r\n\r\n".starts_with(trailer));
    if !trailer_ok {
        let message = format!("the block does not end where Content-Length {length} says");
        return Err(malformed(&message, uri, block_start, false));
    }
    Ok(Record {
        offset,
        headers,
        block: &bytes[block_start..block_end],
        end: block_end + trailer.len(),
    })
}

/// The first non-empty value of a header (names are case-insensitive), with WARC 1.0's `<uri>`
/// brackets removed; an empty value counts as missing (an empty id would name no document).
fn header_value<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim_start_matches('<').trim_end_matches('>').trim())
        .find(|v| !v.is_empty())
}

/// Header lines `Name: value`; a line starting with white space continues the previous value.
fn parse_headers(text: &str) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in text.split("\r\n").skip(1) {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    headers
}

/// The first line at or after `from` that starts a record.
fn resync(bytes: &[u8], from: usize) -> Option<usize> {
    let from = from.min(bytes.len());
    memchr::memmem::find(&bytes[from..], b"\nWARC/1.").map(|at| from + at + 1)
}

/// Skips the empty lines between records.
fn skip_blank_lines(bytes: &[u8], mut pos: usize) -> usize {
    while pos < bytes.len() && matches!(bytes[pos], b'\r' | b'\n') {
        pos += 1;
    }
    pos
}

/// The document of a record, or `None` (counted in `skipped`, or reported) when it has none.
fn document_of(
    place: &str,
    source: Option<&Source>,
    record: &Record<'_>,
    what: &str,
    skipped: &mut BTreeMap<String, usize>,
    diag: &Diagnostics,
) -> Option<Document> {
    let kind = record
        .header("WARC-Type")
        .unwrap_or("")
        .to_ascii_lowercase();
    if !DOCUMENT_RECORDS.contains(&kind.as_str()) {
        return None;
    }
    let content_type = record.header("Content-Type");
    let is_http = content_type.is_some_and(|t| {
        t.trim_start()
            .to_ascii_lowercase()
            .starts_with("application/http")
    });
    let payload = if is_http {
        payload::from_http_response(record.block)
    } else {
        payload::from_block(record.block, content_type)
    };
    let (text, encoding) = match payload {
        Payload::Text {
            text,
            encoding,
            damage,
        } => {
            if let Some(damage) = damage {
                let message = damage.describe(encoding, " of the payload");
                diag.problem(place, format!("{what}: {message}"));
            }
            (text, encoding)
        }
        Payload::Skipped(why) => {
            *skipped.entry(why).or_insert(0) += 1;
            return None;
        }
        Payload::Malformed(message) => {
            diag.problem(place, format!("{what}: {message}, skipped"));
            return None;
        }
    };
    if text.len() > super::MAX_DOCUMENT_BYTES {
        diag.problem(
            place,
            format!("{what}: document larger than 4 GiB, skipped"),
        );
        return None;
    }
    let id = record
        .header("WARC-Target-URI")
        .or_else(|| record.header("WARC-Record-ID"))
        .map_or_else(
            || format!("{place}:record {}", record.offset),
            str::to_owned,
        );
    let mut doc = Document::new(id, text);
    doc.origin.encoding = Some(encoding.name());
    doc.origin.source = source.map(|s| s.with_part(Part::Record(record.offset..record.end)));
    Some(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
             Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    #[test]
    fn records_are_framed_and_a_bad_one_is_passed_over() {
        let mut file = record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: x\r\n",
        );
        file.extend(record("resource", "http://a/", "text/plain", b"first text"));
        // a Content-Length that is one too long swallows the record's trailer
        let mut bad = record("resource", "http://bad/", "text/plain", b"broken");
        let at = memchr::memmem::find(&bad, b"Length: 6").unwrap();
        bad[at + 8] = b'7';
        file.extend(bad);
        file.extend(record(
            "resource",
            "http://c/",
            "text/plain; charset=latin1",
            b"caf\xe9",
        ));
        let diag = Diagnostics::silent();
        let docs = read_warc_bytes("f.warc", &file, &diag);
        let got: Vec<(&str, &str)> = docs
            .iter()
            .map(|d| (d.id.as_str(), d.text.as_str()))
            .collect();
        assert_eq!(got, [("http://a/", "first text"), ("http://c/", "café")]);
        assert_eq!(diag.problems(), 1);
    }

    #[test]
    fn huge_or_missing_lengths_are_malformed_not_panics() {
        for header in [
            "Content-Length: 18446744073709551615",
            "Content-Length: -1",
            "X: y",
        ] {
            let file = format!("WARC/1.0\r\nWARC-Type: resource\r\n{header}\r\n\r\nbody\r\n\r\n");
            let diag = Diagnostics::silent();
            assert!(read_warc_bytes("f", file.as_bytes(), &diag).is_empty());
            assert_eq!(diag.problems(), 1, "{header}");
        }
    }
}
