//! The Python functions of the Spark path (`copydesk._copydesk.spark_*`): thin wrappers of
//! [`crate::distributed`] that take Arrow buffers as bytes and give bytes back, with the GIL
//! released while Rust works. `copydesk.spark` calls them inside `mapInArrow` tasks and on
//! the driver.

use crate::distributed::{self, Gathered, Rows, Stats, longs};
use crate::{ArrowColumn, as_column, columns, on_threads, options};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

/// Row columns as Python bytes: (kind, c0, c1, c2, c3, x).
type RowBytes<'py> = (
    Bound<'py, PyBytes>,
    [Bound<'py, PyBytes>; 4],
    Bound<'py, PyBytes>,
);

fn row_bytes(py: Python<'_>, rows: Rows) -> RowBytes<'_> {
    let [c0, c1, c2, c3] = rows.cols;
    (
        PyBytes::new(py, &rows.kind),
        [c0, c1, c2, c3].map(|c| PyBytes::new(py, &c)),
        PyBytes::new(py, &rows.x),
    )
}

fn value_error(message: String) -> PyErr {
    PyValueError::new_err(message)
}

/// Sketch rows of a partition of documents: `idx` (i64 data buffer), `texts` (Arrow
/// `large_string` column).
#[pyfunction]
#[pyo3(signature = (idx, texts, options, threads=None))]
fn spark_sketch<'py>(
    py: Python<'py>,
    idx: &[u8],
    texts: ArrowColumn<'py>,
    options: &Bound<'py, PyDict>,
    threads: Option<usize>,
) -> PyResult<RowBytes<'py>> {
    let opts = options::from_dict(options, "scan")?;
    let texts = as_column(&texts);
    let rows = py.detach(|| {
        on_threads(threads, || -> Result<Rows, String> {
            let texts = columns::strings(&texts)?;
            Ok(distributed::sketch_rows(&longs(idx), &texts, opts.config()))
        })
    })?;
    Ok(row_bytes(py, rows.map_err(value_error)?))
}

/// Seed rows of postings sorted by hash, document and position (i64 data buffers): of the
/// words' fingerprints (boilerplate cut `boilerplate_docs`) or, with `immutables`, of the
/// immutables' (cut `SpunConfig::common_docs`).
#[pyfunction]
fn spark_seeds<'py>(
    py: Python<'py>,
    hash: &[u8],
    doc: &[u8],
    pos: &[u8],
    immutables: bool,
    options: &Bound<'py, PyDict>,
) -> PyResult<RowBytes<'py>> {
    let opts = options::from_dict(options, "scan")?;
    let cfg = opts.config();
    let cut = if immutables {
        cfg.spun.common_docs
    } else {
        cfg.passages.boilerplate_docs
    };
    let rows = py.detach(|| distributed::seed_rows(&longs(hash), &longs(doc), &longs(pos), cut));
    Ok(row_bytes(py, rows))
}

/// One round of the verdict over a partition's pairs: (passages, copies, candidates) blobs.
#[pyfunction]
#[pyo3(signature = (round, idx, texts, pairs, seeds, context, options, threads=None))]
#[allow(clippy::too_many_arguments)]
fn spark_pairs<'py>(
    py: Python<'py>,
    round: u8,
    idx: &[u8],
    texts: ArrowColumn<'py>,
    pairs: [Vec<u8>; 3],
    seeds: [Vec<u8>; 4],
    context: (Vec<u8>, Vec<u8>),
    options: &Bound<'py, PyDict>,
    threads: Option<usize>,
) -> PyResult<(
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
)> {
    let opts = options::from_dict(options, "scan")?;
    let texts = as_column(&texts);
    let found = py.detach(|| {
        on_threads(threads, || {
            let texts = columns::strings(&texts)?;
            let pairs = pairs.each_ref().map(|c| longs(c));
            let seeds = seeds.each_ref().map(|c| longs(c));
            distributed::pair_round(
                round,
                (&longs(idx), &texts),
                pairs.each_ref().map(Vec::as_slice),
                seeds.each_ref().map(Vec::as_slice),
                (&context.0, &context.1),
                opts.config(),
            )
        })
    })?;
    let found = found.map_err(value_error)?;
    Ok((
        PyBytes::new(py, &found.passages),
        PyBytes::new(py, &found.duplicates),
        PyBytes::new(py, &found.candidates),
    ))
}

/// The documents left out of round 2's index (u32 blob), from the round-1 copies.
#[pyfunction]
fn spark_first_clusters<'py>(
    py: Python<'py>,
    duplicates: &[u8],
    lengths: Vec<usize>,
    labels: &[u8],
    options: &Bound<'py, PyDict>,
) -> PyResult<Bound<'py, PyBytes>> {
    let opts = options::from_dict(options, "scan")?;
    let out =
        py.detach(|| distributed::first_clusters(duplicates, &lengths, labels, opts.config()));
    Ok(PyBytes::new(py, &out.map_err(value_error)?))
}

/// Boilerplate runs and word spans of a partition's documents: (runs, spans) blobs.
#[pyfunction]
#[pyo3(signature = (idx, texts, boilerplate, ranges, options, threads=None))]
fn spark_final<'py>(
    py: Python<'py>,
    idx: &[u8],
    texts: ArrowColumn<'py>,
    boilerplate: &[u8],
    ranges: &[u8],
    options: &Bound<'py, PyDict>,
    threads: Option<usize>,
) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyBytes>)> {
    let opts = options::from_dict(options, "scan")?;
    let texts = as_column(&texts);
    let out = py.detach(|| {
        on_threads(threads, || {
            let texts = columns::strings(&texts)?;
            distributed::final_rows((&longs(idx), &texts), boilerplate, ranges, opts.config())
        })
    })?;
    let (runs, ends) = out.map_err(value_error)?;
    Ok((PyBytes::new(py, &runs), PyBytes::new(py, &ends)))
}

/// The edges of the copy graph of a blob of copies: (a, b) as i64 data buffers.
#[pyfunction]
fn spark_copy_pairs<'py>(
    py: Python<'py>,
    duplicates: &[u8],
) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyBytes>)> {
    let (a, b) = py
        .detach(|| distributed::copy_pairs(duplicates))
        .map_err(value_error)?;
    Ok((PyBytes::new(py, &a), PyBytes::new(py, &b)))
}

/// Every word range the records may give byte offsets for (passage sides, copy regions), as
/// a word-range blob, from passages and copies blobs.
#[pyfunction]
fn spark_ranges<'py>(
    py: Python<'py>,
    passages: &[u8],
    duplicates: &[u8],
) -> PyResult<Bound<'py, PyBytes>> {
    let out = py.detach(|| -> Result<Vec<u8>, String> {
        let mut w = crate::wire::Writer::default();
        for p in crate::wire::all(passages, crate::wire::Reader::passage)? {
            w.range(p.a);
            w.range(p.b);
        }
        for d in crate::wire::all(duplicates, crate::wire::Reader::duplicate)? {
            w.range(d.region_a);
            w.range(d.region_b);
        }
        Ok(w.bytes)
    });
    Ok(PyBytes::new(py, &out.map_err(value_error)?))
}

/// The JSON Lines from what the tasks found (see `distributed::assemble`).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn spark_assemble<'py>(
    py: Python<'py>,
    ids: Vec<String>,
    stats: (Vec<usize>, Vec<usize>, Vec<usize>, Vec<f64>),
    duplicates: &[u8],
    passages: &[u8],
    runs: &[u8],
    ends: &[u8],
    candidates: &[u8],
    pairs_aligned: usize,
    labels: &[u8],
    options: &Bound<'py, PyDict>,
) -> PyResult<Bound<'py, PyBytes>> {
    let opts = options::from_dict(options, "scan")?;
    let (bytes, words, masked, share) = stats;
    let out = py.detach(|| {
        distributed::assemble(
            ids,
            Stats {
                bytes,
                words,
                masked,
                share,
            },
            Gathered {
                duplicates,
                passages,
                runs,
                ends,
                candidates,
                pairs_aligned,
                labels,
            },
            &opts,
        )
    });
    Ok(PyBytes::new(py, &out.map_err(value_error)?))
}

/// Adds the Spark path's functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(spark_sketch, m)?)?;
    m.add_function(wrap_pyfunction!(spark_seeds, m)?)?;
    m.add_function(wrap_pyfunction!(spark_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(spark_first_clusters, m)?)?;
    m.add_function(wrap_pyfunction!(spark_final, m)?)?;
    m.add_function(wrap_pyfunction!(spark_ranges, m)?)?;
    m.add_function(wrap_pyfunction!(spark_copy_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(spark_assemble, m)?)?;
    Ok(())
}
