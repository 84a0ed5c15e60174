//! Reading inputs: files, directories (recursively), JSON Lines, gzip, and stdin.
//!
//! Inputs are listed first (directories walked in sorted order, so the corpus order never
//! depends on the file system), then read in parallel, then put back in that order. A file in a
//! directory is read when its name ends in .txt, .md or .text (plain text) or .jsonl/.ndjson
//! (JSON Lines), each optionally followed by .gz; a file named explicitly is always read. Every
//! problem is reported to `Diagnostics` with its file (and line) and the file is skipped; nothing
//! is ever written to an input.

use super::Document;
use super::decode::{Decoded, decode_text, maybe_gunzip};
use crate::diagnostics::Diagnostics;
use crate::progress::{Progress, Stage};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How to interpret an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// By name: .jsonl/.ndjson (optionally .gz) are JSON Lines, everything else is text.
    #[default]
    Auto,
    /// Each file is one document.
    Text,
    /// Each line is a JSON object with a text field and an optional id field.
    Jsonl,
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

/// One file to read, with the id its documents get.
#[derive(Debug)]
enum Source {
    File { path: PathBuf, id: String },
    Stdin,
}

const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "text"];
const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];
/// Offsets are u32 throughout; larger documents are refused.
const MAX_DOCUMENT_BYTES: usize = u32::MAX as usize;

/// The extension that decides a file's kind, looking through a trailing `.gz`.
fn kind_extension(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_owned)
}

fn is_corpus_file(path: &Path) -> bool {
    kind_extension(path).is_some_and(|ext| {
        TEXT_EXTENSIONS.contains(&ext.as_str()) || JSONL_EXTENSIONS.contains(&ext.as_str())
    })
}

fn is_jsonl(path: &Path, format: InputFormat) -> bool {
    match format {
        InputFormat::Text => false,
        InputFormat::Jsonl => true,
        InputFormat::Auto => {
            kind_extension(path).is_some_and(|ext| JSONL_EXTENSIONS.contains(&ext.as_str()))
        }
    }
}

/// Lists the files behind `inputs`, in a stable order, reporting paths that cannot be walked.
fn list_sources(inputs: &[PathBuf], diag: &Diagnostics) -> Vec<Source> {
    let mut sources = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            sources.push(Source::Stdin);
            continue;
        }
        let meta = match std::fs::metadata(input) {
            Ok(meta) => meta,
            Err(err) => {
                diag.problem(input.display(), err);
                continue;
            }
        };
        if !meta.is_dir() {
            sources.push(Source::File {
                path: input.clone(),
                id: input.to_string_lossy().into_owned(),
            });
            continue;
        }
        let walker = walkdir::WalkDir::new(input)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() && is_corpus_file(entry.path()) => {
                    let rel = entry.path().strip_prefix(input).unwrap_or(entry.path());
                    sources.push(Source::File {
                        path: entry.path().to_path_buf(),
                        id: rel.to_string_lossy().into_owned(),
                    });
                }
                Ok(_) => {}
                Err(err) => {
                    let place = err
                        .path()
                        .map_or_else(|| input.display().to_string(), |p| p.display().to_string());
                    let message = match err.loop_ancestor() {
                        Some(anc) => format!("symbolic link loop back to {}", anc.display()),
                        None => err
                            .io_error()
                            .map_or_else(|| err.to_string(), |e| e.to_string()),
                    };
                    diag.problem(place, message);
                }
            }
        }
    }
    sources
}

/// Reads every document behind `inputs` (files, directories, `-` for stdin).
pub fn read_corpus(inputs: &[PathBuf], opts: &ReadOptions, diag: &Diagnostics) -> Vec<Document> {
    read_corpus_with_progress(inputs, opts, diag, &Progress::new())
}

/// [`read_corpus`], counting the files read on `progress` (stage [`Stage::Reading`]).
pub fn read_corpus_with_progress(
    inputs: &[PathBuf],
    opts: &ReadOptions,
    diag: &Diagnostics,
    progress: &Progress,
) -> Vec<Document> {
    progress.start(Stage::Reading, None);
    let sources = list_sources(inputs, diag);
    progress.start(Stage::Reading, Some(sources.len()));
    let per_source: Vec<Vec<Document>> = sources
        .par_iter()
        .map(|source| {
            let docs = read_source(source, opts, diag);
            progress.advance(1);
            docs
        })
        .collect();
    let mut docs: Vec<Document> = per_source.into_iter().flatten().collect();
    make_ids_unique(&mut docs, diag);
    docs
}

fn read_source(source: &Source, opts: &ReadOptions, diag: &Diagnostics) -> Vec<Document> {
    let (place, raw) = match source {
        Source::Stdin => {
            let mut buf = Vec::new();
            if let Err(err) = std::io::stdin().lock().read_to_end(&mut buf) {
                diag.problem("-", err);
                return Vec::new();
            }
            ("-".to_string(), buf)
        }
        Source::File { path, .. } => match std::fs::read(path) {
            Ok(buf) => (path.display().to_string(), buf),
            Err(err) => {
                diag.problem(path.display(), err);
                return Vec::new();
            }
        },
    };
    let bytes = match maybe_gunzip(raw) {
        Ok(bytes) => bytes,
        Err(err) => {
            diag.problem(&place, format!("cannot decompress gzip: {err}"));
            return Vec::new();
        }
    };
    let jsonl = match source {
        Source::Stdin => match opts.format {
            InputFormat::Auto => looks_like_jsonl(&bytes),
            other => other == InputFormat::Jsonl,
        },
        Source::File { path, .. } => is_jsonl(path, opts.format),
    };
    let id = match source {
        Source::Stdin => "-",
        Source::File { id, .. } => id.as_str(),
    };
    if bytes.is_empty() {
        diag.problem(&place, "empty file, skipped");
        return Vec::new();
    }
    if jsonl {
        read_jsonl(&place, id, &bytes, opts, diag)
    } else {
        decode_document(&place, id, bytes, diag)
            .into_iter()
            .collect()
    }
}

fn looks_like_jsonl(bytes: &[u8]) -> bool {
    let first_line = bytes
        .split(|&b| b == b'\n')
        .find(|line| !line.iter().all(u8::is_ascii_whitespace));
    first_line.is_some_and(|line| {
        serde_json::from_slice::<serde_json::Value>(line).is_ok_and(|v| v.is_object())
    })
}

/// Turns one file's bytes into a document, applying the binary and UTF-8 policies.
fn decode_document(place: &str, id: &str, bytes: Vec<u8>, diag: &Diagnostics) -> Option<Document> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        diag.problem(place, "document larger than 4 GiB, skipped");
        return None;
    }
    let text = match decode_text(bytes) {
        Decoded::Text(text) => text,
        Decoded::Lossy {
            text,
            first_bad_byte,
        } => {
            diag.problem(
                place,
                format!("invalid UTF-8 at byte {first_bad_byte}, decoded with U+FFFD replacements"),
            );
            text
        }
        Decoded::Binary => {
            diag.problem(place, "binary file (NUL byte), skipped");
            return None;
        }
    };
    Some(Document::new(id, text))
}

fn read_jsonl(
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
        diag.problem(&doc.id, format!("repeated document id, renamed to {fresh}"));
        doc.id = fresh;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(diag.problems(), 2);
    }
}
