//! Reading inputs: files, directories (recursively) and stdin, in every format we know.
//!
//! Inputs are listed first (`list`: each file once, in a stable order), then read in parallel,
//! then put back in that order. Compression is recognised by content (`decode`). The format of
//! a file is decided by its name, looking through a `.gz`/`.zst` suffix: `.jsonl`/`.ndjson`
//! (and `.json` holding one object per line) are JSON Lines, `.warc` a web archive,
//! `.html`/`.htm`/`.xhtml` a page whose visible text is the document, `.txt`/`.md`/`.text`
//! plain text. Any other name (or none) is sniffed: a WARC version line means WARC, a known
//! binary signature or a NUL byte means a binary file (a problem, skipped), a page starting
//! with a doctype or `<html>` means HTML, anything else is plain text. Stdin is sniffed the
//! same way, JSON Lines included. Every problem is reported to `Diagnostics` with its file (and
//! line or record) and the file is skipped; every file skipped for another reason (empty,
//! hidden, read already, JSON that is not JSON Lines) is named in a notice; nothing is ever
//! written to an input.

use super::decode::{Decoded, Decompressed, decode, decode_text, decompress};
use super::list::{Input, list_inputs};
use super::{Document, MAX_DOCUMENT_BYTES, Part, Source, html, jsonl, warc};
use crate::diagnostics::Diagnostics;
use crate::progress::{Progress, Stage};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// How to interpret an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// By name, else by content (see the module doc).
    #[default]
    Auto,
    /// Each file is one document.
    Text,
    /// Each file is one HTML page; its visible text is the document.
    Html,
    /// Each line is a JSON object with a text field and an optional id field.
    Jsonl,
    /// WARC records; response, resource and conversion records holding text are documents.
    Warc,
}

/// Settings for reading a corpus.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub format: InputFormat,
    /// JSONL field holding the text (default `text`).
    pub text_field: String,
    /// JSONL field holding the id (default `id`); missing ids become `FILE:LINE`.
    pub id_field: String,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: InputFormat::Auto,
            text_field: "text".into(),
            id_field: "id".into(),
        }
    }
}

const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "text"];
const HTML_EXTENSIONS: &[&str] = &["html", "htm", "xhtml"];
const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];
const WARC_EXTENSIONS: &[&str] = &["warc"];
const COMPRESSED_SUFFIXES: &[&str] = &[".gz", ".zst", ".zstd"];

/// The extension that decides a file's kind, looking through a compression suffix.
fn kind_extension(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = COMPRESSED_SUFFIXES
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(&name);
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_owned)
}

/// What a source's (decompressed) bytes are read as, or why they are not read.
enum Verdict {
    Read(InputFormat),
    /// Not read: a problem with the input.
    Problem(String),
    /// Not read, and no problem (named in a notice).
    Pass(&'static str),
}

/// The format of a source's (decompressed) bytes: the one asked for, else by name, else by
/// content (see the module doc).
fn format_of(input: &Input, bytes: &[u8], format: InputFormat) -> Verdict {
    if format != InputFormat::Auto {
        return Verdict::Read(format);
    }
    if bytes.starts_with(b"WARC/1.") {
        return Verdict::Read(InputFormat::Warc);
    }
    let ext = match input {
        Input::Stdin => None,
        Input::File { path, .. } => kind_extension(path),
    };
    let ext = ext.as_deref().unwrap_or("");
    if JSONL_EXTENSIONS.contains(&ext) {
        return Verdict::Read(InputFormat::Jsonl);
    }
    if ext == "json" {
        return if looks_like_jsonl(bytes) {
            Verdict::Read(InputFormat::Jsonl)
        } else {
            Verdict::Pass("JSON that is not one object per line (JSON Lines), skipped")
        };
    }
    if WARC_EXTENSIONS.contains(&ext) {
        return Verdict::Read(InputFormat::Warc);
    }
    if HTML_EXTENSIONS.contains(&ext) {
        return Verdict::Read(InputFormat::Html);
    }
    if TEXT_EXTENSIONS.contains(&ext) {
        return Verdict::Read(InputFormat::Text);
    }
    if let Some(what) = super::decode::binary_kind(bytes) {
        return Verdict::Problem(format!("binary file ({what}), skipped"));
    }
    if matches!(input, Input::Stdin) && looks_like_jsonl(bytes) {
        return Verdict::Read(InputFormat::Jsonl);
    }
    if looks_like_html(bytes) {
        return Verdict::Read(InputFormat::Html);
    }
    Verdict::Read(InputFormat::Text)
}

/// A page that starts (after white space or a BOM) with a doctype or an `<html>` tag.
fn looks_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = bytes[..bytes.len().min(256)]
        .trim_ascii_start()
        .to_ascii_lowercase();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// Reads every document behind `inputs` (files, directories, `-` for stdin).
pub fn read_corpus(
    inputs: &[std::path::PathBuf],
    opts: &ReadOptions,
    diag: &Diagnostics,
) -> Vec<Document> {
    read_corpus_with_progress(inputs, opts, diag, &Progress::new())
}

/// [`read_corpus`], counting the files read on `progress` (stage [`Stage::Reading`]).
pub fn read_corpus_with_progress(
    inputs: &[std::path::PathBuf],
    opts: &ReadOptions,
    diag: &Diagnostics,
    progress: &Progress,
) -> Vec<Document> {
    progress.start(Stage::Reading, None);
    let listed = list_inputs(inputs, diag);
    progress.start(Stage::Reading, Some(listed.len()));
    let per_input: Vec<Vec<Document>> = listed
        .par_iter()
        .map(|input| {
            let docs = read_input(input, opts, diag);
            progress.advance(1);
            docs
        })
        .collect();
    let mut docs: Vec<Document> = per_input.into_iter().flatten().collect();
    make_ids_unique(&mut docs, diag);
    docs
}

fn read_input(input: &Input, opts: &ReadOptions, diag: &Diagnostics) -> Vec<Document> {
    let (place, raw) = match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            if let Err(err) = std::io::stdin().lock().read_to_end(&mut buf) {
                diag.problem("-", err);
                return Vec::new();
            }
            ("-".to_string(), buf)
        }
        Input::File { path, .. } => match read_file(path) {
            Ok(buf) => (path.display().to_string(), buf),
            Err(err) => {
                diag.problem(path.display(), err);
                return Vec::new();
            }
        },
    };
    let source = match input {
        Input::Stdin => Source {
            path: None,
            name: Arc::from("-"),
            part: Part::Whole,
            stdin: Some(Arc::from(raw.as_slice())),
        },
        Input::File { path, id, .. } => Source {
            path: Some(Arc::from(path.as_path())),
            name: Arc::from(id.as_str()),
            part: Part::Whole,
            stdin: None,
        },
    };
    let Decompressed { bytes, damage } = decompress(raw);
    let id = source.name.to_string();
    let format = match format_of(input, &bytes, opts.format) {
        Verdict::Read(format) => format,
        Verdict::Problem(why) => {
            diag.problem(&place, why);
            return Vec::new();
        }
        Verdict::Pass(why) => {
            diag.notice(&place, why);
            return Vec::new();
        }
    };
    let whole = matches!(
        format,
        InputFormat::Text | InputFormat::Html | InputFormat::Auto
    );
    if let Some(damage) = &damage {
        if whole {
            diag.problem(&place, format!("{damage}, skipped"));
            return Vec::new();
        }
        diag.problem(
            &place,
            format!("{damage}; reading the complete lines or records before the damage"),
        );
    } else if bytes.is_empty() {
        diag.notice(&place, "empty file, skipped");
        return Vec::new();
    }
    let mut docs = match format {
        InputFormat::Jsonl => {
            // after damage, the last line is cut short: keep the complete ones
            let complete = match damage {
                Some(_) => memchr::memrchr(b'\n', &bytes).map_or(&[][..], |end| &bytes[..end]),
                None => &bytes[..],
            };
            jsonl::read_jsonl(&place, &id, Some(&source), complete, opts, diag)
        }
        InputFormat::Warc => warc::read_warc(&place, Some(&source), &bytes, damage.is_some(), diag),
        InputFormat::Html => html_document(&place, &id, &bytes, diag)
            .into_iter()
            .collect(),
        InputFormat::Text | InputFormat::Auto => text_document(&place, &id, &bytes, diag)
            .into_iter()
            .collect(),
    };
    for doc in &mut docs {
        if doc.origin.source.is_none() {
            doc.origin.source = Some(source.clone());
        }
        if doc.origin.place.is_none() {
            doc.origin.place = Some(place.clone());
        }
    }
    docs
}

/// A file's bytes, up to the length its metadata gives when it opens. `std::fs::read` reads
/// in steps growing from 8 KiB and then once more, until a read returns nothing: here one read
/// call fills the buffer (a scan of many small files makes half the read calls). A file that
/// grows while it is read is taken as it was when opened; one that shrank ends at the read that
/// returns nothing. A length of 0 is not trusted (files of `/proc` report it): such a file is
/// read to its end. A length that cannot be allocated is an error for this file, not an abort.
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let mut bytes = Vec::new();
    if len == 0 {
        file.read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
    let too_large =
        || std::io::Error::new(std::io::ErrorKind::OutOfMemory, "file too large to read");
    let len = usize::try_from(len).map_err(|_| too_large())?;
    bytes.try_reserve_exact(len).map_err(|_| too_large())?;
    bytes.resize(len, 0);
    let mut filled = 0;
    while filled < len {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

fn looks_like_jsonl(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line = bytes
        .split(|&b| b == b'\n')
        .find(|line| !line.iter().all(u8::is_ascii_whitespace));
    first_line.is_some_and(|line| {
        serde_json::from_slice::<serde_json::Value>(line).is_ok_and(|v| v.is_object())
    })
}

/// Reports bytes malformed in the charset a document was decoded from.
fn report_damage(place: &str, decoded: &super::DecodedText, diag: &Diagnostics) {
    if let Some(damage) = decoded.damage {
        diag.problem(place, damage.describe(decoded.encoding, ""));
    }
}

/// Turns one file's bytes into a document, applying the binary and charset policies.
fn text_document(place: &str, id: &str, bytes: &[u8], diag: &Diagnostics) -> Option<Document> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        diag.problem(place, "document larger than 4 GiB, skipped");
        return None;
    }
    let decoded = match decode_text(bytes) {
        Decoded::Text(decoded) => decoded,
        Decoded::Binary(what) => {
            diag.problem(place, format!("binary file ({what}), skipped"));
            return None;
        }
    };
    report_damage(place, &decoded, diag);
    let mut doc = Document::new(id, decoded.text);
    doc.origin.encoding = Some(decoded.encoding.name());
    doc.origin.map = decoded.map;
    Some(doc)
}

/// Turns one HTML page's bytes into a document: its visible text (offsets are offsets into
/// that text, as for WARC records).
fn html_document(place: &str, id: &str, bytes: &[u8], diag: &Diagnostics) -> Option<Document> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        diag.problem(place, "document larger than 4 GiB, skipped");
        return None;
    }
    let decoded = decode(bytes, None);
    report_damage(place, &decoded, diag);
    let Some(text) = html::html_to_text(&decoded.text) else {
        diag.problem(
            place,
            format!(
                "HTML nested more than {} elements deep, skipped",
                html::MAX_HTML_DEPTH
            ),
        );
        return None;
    };
    if text.trim().is_empty() {
        diag.notice(place, "HTML page without visible text, skipped");
        return None;
    }
    let mut doc = Document::new(id, text);
    doc.origin.encoding = Some(decoded.encoding.name());
    Some(doc)
}

/// Gives repeated ids a `#N` suffix (N counting from 2) and reports each repeat.
fn make_ids_unique(docs: &mut [Document], diag: &Diagnostics) {
    let mut taken: HashSet<String> = HashSet::with_capacity(docs.len());
    let mut repeated = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        if !taken.insert(doc.id.clone()) {
            repeated.push(i);
        }
    }
    for i in repeated {
        let doc = &mut docs[i];
        let fresh = (2..)
            .map(|n| format!("{}#{n}", doc.id))
            .find(|candidate| !taken.contains(candidate))
            .expect("an unused suffix exists");
        taken.insert(fresh.clone());
        let place = doc.origin.place.clone().unwrap_or_else(|| doc.id.clone());
        diag.notice(
            place,
            format!("repeated document id {:?}, renamed to {fresh:?}", doc.id),
        );
        doc.id = fresh;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_whole_in_one_go() {
        let dir = tempfile::tempdir().unwrap();
        for len in [1, 4095, 4096, 100_000] {
            let path = dir.path().join(format!("f{len}"));
            let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(read_file(&path).unwrap(), bytes, "{len} bytes");
        }
        let empty = dir.path().join("empty");
        std::fs::write(&empty, b"").unwrap();
        assert!(read_file(&empty).unwrap().is_empty());
        assert!(read_file(&dir.path().join("missing")).is_err());
    }

    /// Files of `/proc` report a length of 0 and still have content.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_zero_length_is_read_to_the_end() {
        let path = Path::new("/proc/self/status");
        assert_eq!(std::fs::metadata(path).unwrap().len(), 0);
        assert!(read_file(path).unwrap().starts_with(b"Name:"));
    }

    #[test]
    fn repeated_ids_get_fresh_suffixes() {
        let mut docs: Vec<Document> = ["a", "a#2", "a", "b", "a"]
            .iter()
            .map(|id| Document::new(*id, "x"))
            .collect();
        let diag = Diagnostics::silent();
        make_ids_unique(&mut docs, &diag);
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "a#2", "a#3", "b", "a#4"]);
        assert_eq!((diag.problems(), diag.notices()), (0, 2));
    }
}
