//! `--write-unique`: the corpus without its dropped copies, each kept document as it came.
//!
//! A document read from a whole file is written as that file's bytes, copied unchanged under
//! the same relative name (`b.txt.gz` stays `b.txt.gz`, compressed as it was; a Latin-1 file
//! stays Latin-1). A JSON Lines file or a WARC archive is written under its own name holding
//! only the lines or records of its kept documents, each byte for byte as it was (all fields
//! of a JSON object kept), compressed again when the file was gzip or zstd; one that lost no
//! document is copied whole. Stdin's documents go to `stdin` (its bytes were kept when read).
//! Documents made in code (no file behind them) are written as UTF-8 text under a name made
//! from their id, with anything a file name cannot hold (`/`, NUL, control characters, `..`)
//! replaced.
//!
//! Beside the documents, `.copydesk-removed.jsonl` maps every dropped document to the one kept
//! in its place, one `{"removed":ID,"kept":ID}` line each, in corpus order (a hidden file, so
//! a later scan of the directory passes over it). The directory is built in a temporary sibling
//! and renamed into place, so it appears whole or not at all.

use super::decode::decompress;
use super::{Document, Part, Source};
use crate::dedup::cluster::Cluster;
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// The name of the map of dropped documents to kept ones inside the output directory.
pub const REMOVED_MAP: &str = ".copydesk-removed.jsonl";

/// What was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub documents: usize,
    pub files: usize,
    pub removed: usize,
}

/// Writes every document that is not a dropped cluster member under the new directory `dir`.
pub fn write_unique(
    dir: &Path,
    docs: &[Document],
    clusters: &[Cluster],
) -> Result<Written, String> {
    if dir.exists() {
        return Err(format!(
            "{}: already exists; name a new directory",
            dir.display()
        ));
    }
    let mut kept_for: Vec<Option<u32>> = vec![None; docs.len()];
    for c in clusters {
        for &m in c.members.iter().filter(|&&m| m != c.keep) {
            kept_for[m as usize] = Some(c.keep);
        }
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| format!("{}: {e}", dir.display());
    let staging = tempfile::Builder::new()
        .prefix(".copydesk-unique-")
        .tempdir_in(parent)
        .map_err(|e| {
            format!(
                "{}: cannot create a directory beside it: {e}",
                dir.display()
            )
        })?;
    // documents grouped by the file they came from, files in corpus order
    let mut files: Vec<(&Source, Vec<usize>)> = Vec::new();
    let mut file_index: BTreeMap<(Option<&Path>, &str), usize> = BTreeMap::new();
    let mut loose = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        match &doc.origin.source {
            Some(source) => {
                let key = (source.path.as_deref(), &*source.name);
                let at = *file_index.entry(key).or_insert_with(|| {
                    files.push((source, Vec::new()));
                    files.len() - 1
                });
                files[at].1.push(i);
            }
            None => loose.push(i),
        }
    }
    let mut used = HashSet::new();
    let mut written = Written {
        documents: 0,
        files: 0,
        removed: kept_for.iter().flatten().count(),
    };
    for (source, members) in &files {
        let kept: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| kept_for[i].is_none())
            .collect();
        if kept.is_empty() {
            continue;
        }
        let raw = match (&source.stdin, &source.path) {
            (Some(bytes), _) => bytes.to_vec(),
            (None, Some(path)) => std::fs::read(path)
                .map_err(|e| format!("{}: cannot read again: {e}", path.display()))?,
            (None, None) => continue,
        };
        let bytes = if kept.len() == members.len() {
            raw
        } else {
            kept_parts(raw, kept.iter().map(|&i| &docs[i]))
                .map_err(|e| format!("{}: {e}", source.name))?
        };
        let name = if source.path.is_none() {
            "stdin"
        } else {
            &source.name
        };
        let rel = safe_relative_path(name, &mut used);
        write_file(&staging.path().join(rel), &bytes).map_err(fail)?;
        written.files += 1;
        written.documents += kept.len();
    }
    for &i in loose.iter().filter(|&&i| kept_for[i].is_none()) {
        let mut name = docs[i].id.clone();
        if !name.ends_with(".txt") {
            name.push_str(".txt");
        }
        let rel = safe_relative_path(&name, &mut used);
        write_file(&staging.path().join(rel), docs[i].text.as_bytes()).map_err(fail)?;
        written.files += 1;
        written.documents += 1;
    }
    let mut map = Vec::new();
    for (i, kept) in kept_for.iter().enumerate() {
        if let Some(kept) = kept {
            let line = serde_json::json!({"removed": docs[i].id, "kept": docs[*kept as usize].id});
            writeln!(map, "{line}").map_err(fail)?;
        }
    }
    write_file(&staging.path().join(REMOVED_MAP), &map).map_err(fail)?;
    let staged = staging.keep();
    std::fs::rename(&staged, dir).map_err(|e| {
        let _ = std::fs::remove_dir_all(&staged);
        fail(e)
    })?;
    Ok(written)
}

/// The lines or records of `kept` (documents of one file) cut from the file's raw bytes,
/// compressed again as the file was.
fn kept_parts<'d>(
    raw: Vec<u8>,
    kept: impl Iterator<Item = &'d Document>,
) -> Result<Vec<u8>, String> {
    let compression = if raw.starts_with(&[0x1f, 0x8b]) {
        Some("gzip")
    } else if raw.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Some("zstd")
    } else {
        None
    };
    let bytes = decompress(raw).bytes;
    let mut out = Vec::new();
    for doc in kept {
        let part = doc.origin.source.as_ref().map(|s| &s.part);
        let (range, newline) = match part {
            Some(Part::Line(range)) => (range.clone(), true),
            Some(Part::Record(range)) => (range.clone(), false),
            _ => return Err("a whole-file document among the parts of a file".into()),
        };
        let piece = bytes
            .get(range)
            .ok_or("the file changed since it was read (it is shorter)")?;
        out.extend_from_slice(piece);
        if newline {
            out.push(b'\n');
        }
    }
    match compression {
        Some("gzip") => {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(&out).map_err(|e| e.to_string())?;
            enc.finish().map_err(|e| e.to_string())
        }
        Some(_) => zstd::encode_all(&out[..], 3).map_err(|e| e.to_string()),
        None => Ok(out),
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p)?;
    }
    std::fs::write(path, bytes)
}

/// A relative path for a file name or id: components that could escape the directory (`..`,
/// a root, empty ones) are dropped, NUL and control characters become `_`, a hidden name loses
/// its dot, and a name already used gets a `-N` suffix before its extensions.
fn safe_relative_path(name: &str, used: &mut HashSet<PathBuf>) -> PathBuf {
    let mut rel: PathBuf = Path::new(name)
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => {
                let clean: String = s
                    .to_string_lossy()
                    .chars()
                    .map(|c| if c.is_control() { '_' } else { c })
                    .collect();
                let clean = clean.trim_start_matches('.');
                (!clean.is_empty()).then(|| clean.to_owned())
            }
            _ => None,
        })
        .collect();
    if rel.as_os_str().is_empty() {
        rel = PathBuf::from("document");
    }
    let mut candidate = rel.clone();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        let file = rel
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let (stem, ext) = match file.find('.') {
            Some(dot) if dot > 0 => file.split_at(dot),
            _ => (file.as_str(), ""),
        };
        candidate = rel.with_file_name(format!("{stem}-{n}{ext}"));
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_unique() {
        let mut used = HashSet::new();
        let mut name = |s: &str| safe_relative_path(s, &mut used);
        assert_eq!(name("a/b.txt.gz"), PathBuf::from("a/b.txt.gz"));
        assert_eq!(name("a/b.txt.gz"), PathBuf::from("a/b-2.txt.gz"));
        assert_eq!(name("../../etc/x"), PathBuf::from("etc/x"));
        assert_eq!(name("nul\0id.txt"), PathBuf::from("nul_id.txt"));
        assert_eq!(name("/"), PathBuf::from("document"));
        assert_eq!(name(".hidden"), PathBuf::from("hidden"));
    }
}
