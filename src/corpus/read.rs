//! Reading inputs: files, directories (recursively) and stdin, in every format we know.
//!
//! Inputs are listed first (directories walked in sorted order, so the corpus order never
//! depends on the file system), then read in parallel, then put back in that order. A file in a
//! directory is read when its name ends in .txt, .md or .text (plain text), .jsonl/.ndjson (JSON
//! Lines) or .warc (web archive), each optionally followed by .gz or .zst; a file named
//! explicitly is always read. Compression is recognised by content (`decode`), the format by
//! name, or by content for stdin and WARC. Every problem is reported to `Diagnostics` with its
//! file (and line or record) and the file is skipped; nothing is ever written to an input.

use super::decode::{Decoded, Decompressed, decode_text, decompress};
use super::{Document, MAX_DOCUMENT_BYTES, jsonl, warc};
use crate::diagnostics::Diagnostics;
use crate::progress::{Progress, Stage};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How to interpret an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// By name: .jsonl/.ndjson are JSON Lines, .warc (or content starting `WARC/1.`) is a web
    /// archive, everything else is text (each optionally compressed).
    #[default]
    Auto,
    /// Each file is one document.
    Text,
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

/// One file to read, with the id its documents get.
#[derive(Debug)]
enum Source {
    File { path: PathBuf, id: String },
    Stdin,
}

const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "text"];
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

fn is_corpus_file(path: &Path) -> bool {
    kind_extension(path).is_some_and(|ext| {
        [TEXT_EXTENSIONS, JSONL_EXTENSIONS, WARC_EXTENSIONS]
            .iter()
            .any(|known| known.contains(&ext.as_str()))
    })
}

/// The format of a source's (decompressed) bytes: the one asked for, else by name, else (stdin,
/// or a WARC under any name) by content.
fn format_of(source: &Source, bytes: &[u8], format: InputFormat) -> InputFormat {
    if format != InputFormat::Auto {
        return format;
    }
    if bytes.starts_with(b"WARC/1.") {
        return InputFormat::Warc;
    }
    match source {
        Source::Stdin if looks_like_jsonl(bytes) => InputFormat::Jsonl,
        Source::Stdin => InputFormat::Text,
        Source::File { path, .. } => match kind_extension(path) {
            Some(ext) if JSONL_EXTENSIONS.contains(&ext.as_str()) => InputFormat::Jsonl,
            Some(ext) if WARC_EXTENSIONS.contains(&ext.as_str()) => InputFormat::Warc,
            _ => InputFormat::Text,
        },
    }
}

const NOT_REGULAR: &str = "not a regular file (a FIFO, socket or device), skipped";

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
        if !meta.is_dir() && !meta.is_file() {
            diag.problem(input.display(), NOT_REGULAR);
            continue;
        }
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
                Ok(entry)
                    if !entry.file_type().is_file()
                        && !entry.file_type().is_dir()
                        && is_corpus_file(entry.path()) =>
                {
                    diag.problem(entry.path().display(), NOT_REGULAR);
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
        Source::File { path, .. } => match read_file(path) {
            Ok(buf) => (path.display().to_string(), buf),
            Err(err) => {
                diag.problem(path.display(), err);
                return Vec::new();
            }
        },
    };
    let Decompressed { bytes, damage } = decompress(raw);
    let id = match source {
        Source::Stdin => "-",
        Source::File { id, .. } => id.as_str(),
    };
    let format = format_of(source, &bytes, opts.format);
    if let Some(damage) = &damage {
        if format == InputFormat::Text {
            diag.problem(&place, format!("{damage}, skipped"));
            return Vec::new();
        }
        diag.problem(
            &place,
            format!("{damage}; reading the complete lines or records before the damage"),
        );
    } else if bytes.is_empty() {
        diag.problem(&place, "empty file, skipped");
        return Vec::new();
    }
    match format {
        InputFormat::Jsonl => {
            // after damage, the last line is cut short: keep the complete ones
            let complete = match damage {
                Some(_) => memchr::memrchr(b'\n', &bytes).map_or(&[][..], |end| &bytes[..end]),
                None => &bytes[..],
            };
            jsonl::read_jsonl_bytes(&place, id, complete, opts, diag)
        }
        InputFormat::Warc => warc::read_warc(&place, &bytes, damage.is_some(), diag),
        InputFormat::Text | InputFormat::Auto => decode_document(&place, id, bytes, diag)
            .into_iter()
            .collect(),
    }
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
        assert_eq!(diag.problems(), 2);
    }
}
