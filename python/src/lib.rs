//! `copydesk._copydesk`: the Python binding of the copydesk library.
//!
//! A thin layer: it turns Python values into the library's options (`copydesk::options`),
//! runs the library with the GIL released, and hands back the JSON Lines the library's one
//! writer made (`copydesk::report`), so the records are those of `copydesk scan --json` byte
//! for byte. The Python package (`py_src/copydesk`) wraps these functions with the friendly
//! signatures, docstrings and type stubs.

// Production code never unwraps: user data must not panic (errors carry their context);
// tests may.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod columns;
mod distributed;
mod options;
mod shuffle;
mod spark_api;
mod wire;

use copydesk::corpus::{Document, read_corpus};
use copydesk::diagnostics::{Diagnostics, Problem};
use copydesk::eval::records::{Ids, read_candidates, read_labels};
use copydesk::eval::{evaluate, report::write_json, wer::score_unspin};
use copydesk::report::{ReportContext, emit, jsonl::JsonSink, unspin as unspin_jsonl};
use copydesk::scan::scan;
use copydesk::spin::{self, UnspinnerBuilder, WideLm};
use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::path::PathBuf;

create_exception!(
    copydesk,
    InputError,
    PyValueError,
    "A problem with the input: `place` names the file (and line or record), `path` the file, \
     `line` the line number when there is one, and `problems` lists every problem as \
     (place, message) pairs."
);

/// The place of a problem split into its file and line: `FILE:LINE` gives both, `FILE: record
/// N (URI)` and `FILE` the file alone.
fn path_and_line(place: &str) -> (String, Option<u64>) {
    if let Some((file, rest)) = place.split_once(": record ") {
        let _ = rest;
        return (file.to_string(), None);
    }
    match place.rsplit_once(':') {
        Some((file, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => {
            (file.to_string(), line.parse().ok())
        }
        _ => (place.to_string(), None),
    }
}

/// An [`InputError`] for `problems` (the first one is the message).
fn input_error(py: Python<'_>, problems: &[Problem], fallback: &str) -> PyErr {
    let (message, place) = match problems.first() {
        Some(p) => (format!("{}: {}", p.place, p.message), p.place.clone()),
        None => (fallback.to_string(), String::new()),
    };
    let more = problems.len().saturating_sub(1);
    let message = if more > 0 {
        format!("{message} (and {more} more problems, see .problems)")
    } else {
        message
    };
    let err = InputError::new_err(message);
    let value = err.value(py);
    let (path, line) = path_and_line(&place);
    let list: Vec<(String, String)> = problems
        .iter()
        .map(|p| (p.place.clone(), p.message.clone()))
        .collect();
    let set = || -> PyResult<()> {
        value.setattr("place", place.as_str())?;
        value.setattr("path", path.as_str())?;
        value.setattr("line", line)?;
        value.setattr("problems", list)?;
        Ok(())
    };
    match set() {
        Ok(()) => err,
        Err(e) => e,
    }
}

/// Runs `work` on `threads` worker threads (all cores when `None`).
pub(crate) fn on_threads<T: Send>(
    threads: Option<usize>,
    work: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    match threads {
        None => Ok(work()),
        Some(0) => Err(PyValueError::new_err(
            "threads 0 is too small: expected 1 or more",
        )),
        Some(n) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| PyRuntimeError::new_err(format!("cannot start {n} threads: {e}")))?;
            Ok(pool.install(work))
        }
    }
}

/// What a scan of documents gives back: the JSON Lines.
struct Scanned {
    jsonl: Vec<u8>,
}

/// Scans `docs` and writes the records as `copydesk scan --json` does.
fn scan_documents(
    docs: &[Document],
    opts: &copydesk::options::ScanOptions,
    problems: Vec<Problem>,
) -> std::io::Result<Scanned> {
    let cfg = opts.config();
    let result = scan(docs, cfg);
    let ctx = ReportContext::new(docs, &result, cfg, &problems);
    let mut sink = JsonSink::new(Vec::new());
    emit(&ctx, &mut sink)?;
    let jsonl = sink.into_inner();
    Ok(Scanned { jsonl })
}

/// Scans the files and directories `paths`. With `strict`, any input problem raises
/// [`InputError`] before the scan; otherwise problems become `problem` records, as in the
/// command line. Returns the JSON Lines.
#[pyfunction]
#[pyo3(signature = (paths, options, threads=None, strict=true))]
fn scan_paths<'py>(
    py: Python<'py>,
    paths: Vec<PathBuf>,
    options: &Bound<'py, PyDict>,
    threads: Option<usize>,
    strict: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let opts = options::from_dict(options, "scan")?;
    enum Outcome {
        Problems(Vec<Problem>),
        Scanned(std::io::Result<Scanned>),
    }
    let outcome = py.detach(|| {
        on_threads(threads, || {
            let diag = Diagnostics::silent();
            let docs = read_corpus(&paths, opts.read(), &diag);
            let problems = diag.problem_list();
            if docs.is_empty() || (strict && !problems.is_empty()) {
                return Outcome::Problems(problems);
            }
            Outcome::Scanned(scan_documents(&docs, &opts, problems))
        })
    })?;
    match outcome {
        Outcome::Problems(problems) => Err(input_error(
            py,
            &problems,
            "no readable document in the input",
        )),
        Outcome::Scanned(Err(e)) => Err(PyRuntimeError::new_err(e.to_string())),
        Outcome::Scanned(Ok(s)) => Ok(PyBytes::new(py, &s.jsonl)),
    }
}

/// Scans documents given as (id, text) pairs; byte offsets are offsets in the texts.
#[pyfunction]
#[pyo3(signature = (documents, options, threads=None))]
fn scan_texts<'py>(
    py: Python<'py>,
    documents: Vec<(String, String)>,
    options: &Bound<'py, PyDict>,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyBytes>> {
    let opts = options::from_dict(options, "scan")?;
    let mut seen = std::collections::HashSet::new();
    for (id, _) in &documents {
        if !seen.insert(id.as_str()) {
            return Err(PyValueError::new_err(format!(
                "document id {id:?} is given twice: ids must be unique"
            )));
        }
    }
    if documents.is_empty() {
        return Err(PyValueError::new_err("no document to scan"));
    }
    let docs: Vec<Document> = documents
        .into_iter()
        .map(|(id, text)| Document::new(id, text))
        .collect();
    let scanned = py
        .detach(|| on_threads(threads, || scan_documents(&docs, &opts, Vec::new())))?
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &scanned.jsonl))
}

/// An Arrow `large_string` column from Python: (name, offsets, data, first row, rows).
/// The buffers are Python `bytes`, read in place (no copy, and immutable while held).
pub(crate) type ArrowColumn<'py> = (
    String,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    usize,
    usize,
);

pub(crate) fn as_column<'a>(c: &'a ArrowColumn<'_>) -> columns::Column<'a> {
    let (name, offsets, data, first, rows) = c;
    columns::Column {
        name,
        offsets: offsets.as_bytes(),
        data: data.as_bytes(),
        first: *first,
        rows: *rows,
    }
}

/// Scans the rows of two Arrow `large_string` columns (ids, texts), given as their offsets and
/// data buffers and the array's first row and length (`columns`): the Spark worker's call,
/// which makes no Python object per row.
#[pyfunction]
#[pyo3(signature = (ids, texts, options, threads=None))]
fn scan_columns<'py>(
    py: Python<'py>,
    ids: ArrowColumn<'py>,
    texts: ArrowColumn<'py>,
    options: &Bound<'py, PyDict>,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyBytes>> {
    let opts = options::from_dict(options, "scan")?;
    let (ids, texts) = (as_column(&ids), as_column(&texts));
    let scanned = py.detach(|| {
        on_threads(threads, || -> Result<Scanned, String> {
            let docs = columns::documents(&ids, &texts)?;
            if docs.is_empty() {
                return Err("no document to scan".into());
            }
            scan_documents(&docs, &opts, Vec::new()).map_err(|e| e.to_string())
        })
    })?;
    match scanned {
        Ok(s) => Ok(PyBytes::new(py, &s.jsonl)),
        Err(message) => Err(PyValueError::new_err(message)),
    }
}

/// Detects spinning in `text` and restores its wording: (restored text, JSON Lines of the
/// `edit` records and the `spin` record, as `copydesk unspin --json` writes them).
#[pyfunction]
#[pyo3(signature = (text, source=None, dictionaries=Vec::new(), wide_lm="auto", moby=false))]
fn unspin<'py>(
    py: Python<'py>,
    text: String,
    source: Option<String>,
    dictionaries: Vec<PathBuf>,
    wide_lm: &str,
    moby: bool,
) -> PyResult<(String, Bound<'py, PyBytes>)> {
    let wide = match wide_lm {
        "auto" => WideLm::PhraseSpinner,
        "always" => WideLm::Always,
        "never" => WideLm::Never,
        other => {
            return Err(PyValueError::new_err(format!(
                "wide_lm {other:?} is not known: expected \"auto\", \"always\" or \"never\""
            )));
        }
    };
    let mut builder = UnspinnerBuilder::new().wide_lm(wide).moby(moby);
    for path in &dictionaries {
        let place = path.display().to_string();
        let bytes = std::fs::read(path)
            .map_err(|e| input_error(py, &[problem(&place, &e.to_string())], ""))?;
        let parsed = spin::parse_dictionary(&String::from_utf8_lossy(&bytes));
        if let Some(p) = parsed.problems.first() {
            let place = format!("{place}:{}", p.line);
            return Err(input_error(py, &[problem(&place, &p.message)], ""));
        }
        if parsed.pairs.is_empty() {
            return Err(input_error(
                py,
                &[problem(&place, "no usable pairs in dictionary")],
                "",
            ));
        }
        builder = builder.pairs(
            parsed
                .pairs
                .into_iter()
                .map(|p| (p.spun, p.original))
                .collect::<Vec<(String, String)>>(),
        );
    }
    let (restored, jsonl) = py.detach(move || -> std::io::Result<(String, Vec<u8>)> {
        let unspinner = builder.build();
        let report = spin::learn::report_with_source(&unspinner, &text, source.as_deref());
        let mut out = Vec::new();
        for edit in &report.edits {
            unspin_jsonl::write_edit(&mut out, edit)?;
        }
        unspin_jsonl::write_summary(&mut out, &report, report.edits.len())?;
        Ok((spin::apply_edits(&text, &report.edits), out))
    })?;
    Ok((restored, PyBytes::new(py, &jsonl)))
}

fn problem(place: &str, message: &str) -> Problem {
    Problem {
        place: place.to_string(),
        message: message.to_string(),
    }
}

/// Scores a prediction against a gold (and restorations against an unspin gold): the JSON
/// Lines of `copydesk eval --json`. Bad records raise [`InputError`] with their file and line.
#[pyfunction]
#[pyo3(signature = (gold=None, predicted=None, candidates=None, unspin_gold=None, restored=None))]
fn eval<'py>(
    py: Python<'py>,
    gold: Option<PathBuf>,
    predicted: Option<PathBuf>,
    candidates: Option<PathBuf>,
    unspin_gold: Option<PathBuf>,
    restored: Option<PathBuf>,
) -> PyResult<Bound<'py, PyBytes>> {
    let outcome = py.detach(move || -> Result<Result<Vec<u8>, String>, Vec<Problem>> {
        let diag = Diagnostics::silent();
        let run = || -> Result<Vec<u8>, String> {
            let evaluation = match (&gold, &predicted) {
                (Some(gold_path), Some(predicted_path)) => {
                    let mut ids = Ids::new();
                    let gold = read_labels(gold_path, &mut ids, &diag)?;
                    if gold.records == 0 {
                        return Err(format!(
                            "{}: no gold record to score against",
                            gold_path.display()
                        ));
                    }
                    let predicted = read_labels(predicted_path, &mut ids, &diag)?;
                    let candidates = match &candidates {
                        Some(path) => Some(read_candidates(path, &mut ids, &diag)?),
                        None => None,
                    };
                    Some(evaluate(&gold, &predicted, &ids, candidates.as_deref()))
                }
                (None, None) => None,
                _ => return Err("eval needs both gold and predicted".into()),
            };
            let unspin = match (&unspin_gold, &restored) {
                (Some(gold), Some(restored)) => {
                    let scores = score_unspin(gold, restored, &diag)?;
                    if scores.documents.is_empty() {
                        return Err(format!("{}: no document to score", gold.display()));
                    }
                    Some(scores)
                }
                (None, None) => None,
                _ => return Err("eval needs both unspin_gold and restored".into()),
            };
            if evaluation.is_none() && unspin.is_none() {
                return Err("eval needs gold and predicted, or unspin_gold and restored".into());
            }
            let mut out = Vec::new();
            write_json(&mut out, evaluation.as_ref(), unspin.as_ref())
                .map_err(|e| e.to_string())?;
            Ok(out)
        };
        let result = run();
        let problems = diag.problem_list();
        if problems.is_empty() {
            Ok(result)
        } else {
            Err(problems)
        }
    });
    match outcome {
        Err(problems) => Err(input_error(py, &problems, "")),
        Ok(Err(message)) => Err(InputError::new_err(message)),
        Ok(Ok(out)) => Ok(PyBytes::new(py, &out)),
    }
}

/// Checks scan options without scanning (the Spark driver's check before any job).
#[pyfunction]
fn check_options(options: &Bound<'_, PyDict>) -> PyResult<()> {
    options::from_dict(options, "scan").map(|_| ())
}

/// The names of the scan options, for the package's messages and stubs.
#[pyfunction]
fn option_names() -> Vec<&'static str> {
    copydesk::options::OPTION_NAMES.to_vec()
}

#[pymodule]
fn _copydesk(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("InputError", m.py().get_type::<InputError>())?;
    m.add_function(wrap_pyfunction!(scan_paths, m)?)?;
    m.add_function(wrap_pyfunction!(scan_texts, m)?)?;
    m.add_function(wrap_pyfunction!(scan_columns, m)?)?;
    m.add_function(wrap_pyfunction!(unspin, m)?)?;
    m.add_function(wrap_pyfunction!(eval, m)?)?;
    m.add_function(wrap_pyfunction!(option_names, m)?)?;
    m.add_function(wrap_pyfunction!(check_options, m)?)?;
    spark_api::register(m)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::path_and_line;

    #[test]
    fn places_split_into_file_and_line() {
        assert_eq!(
            path_and_line("a/b.jsonl:12"),
            ("a/b.jsonl".into(), Some(12))
        );
        assert_eq!(path_and_line("a.txt"), ("a.txt".into(), None));
        assert_eq!(
            path_and_line("c.warc: record 3 (http://x:80/)"),
            ("c.warc".into(), None)
        );
    }
}
