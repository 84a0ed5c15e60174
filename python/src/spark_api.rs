//! The Python functions of the Spark path (`copydesk._copydesk.spark_*`): thin wrappers of
//! [`crate::distributed`] that take Arrow buffers as bytes and give bytes back, with the GIL
//! released while Rust works. `copydesk.spark` calls them inside `mapInArrow` tasks and on
//! the driver.

use crate::distributed::{self, Gathered, Stats, longs};
use crate::shuffle::{self, Blobs, PairBlocks};
use crate::{ArrowColumn, as_column, columns, on_threads, options};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

fn value_error(message: String) -> PyErr {
    PyValueError::new_err(message)
}

/// Blobs as Python values: [(kind, destination, bytes)].
fn blob_list(py: Python<'_>, blobs: Blobs) -> Vec<(u8, u32, Bound<'_, PyBytes>)> {
    blobs
        .into_iter()
        .map(|(kind, part, bytes)| (kind, part, PyBytes::new(py, &bytes)))
        .collect()
}

/// A partition of documents sketched into blobs cut by hash range (`shuffle::sketch_blobs`):
/// `idx` (i64 data buffer), `texts` (Arrow `large_string` column).
#[pyfunction]
#[pyo3(signature = (idx, texts, parts, options, threads=None))]
fn spark_sketch<'py>(
    py: Python<'py>,
    idx: &[u8],
    texts: ArrowColumn<'py>,
    parts: u32,
    options: &Bound<'py, PyDict>,
    threads: Option<usize>,
) -> PyResult<Vec<(u8, u32, Bound<'py, PyBytes>)>> {
    let opts = options::from_dict(options, "scan")?;
    let texts = as_column(&texts);
    let blobs = py.detach(|| {
        on_threads(threads, || -> Result<Blobs, String> {
            let texts = columns::strings(&texts)?;
            Ok(shuffle::sketch_blobs(
                &longs(idx),
                &texts,
                opts.config(),
                parts,
            ))
        })
    })?;
    Ok(blob_list(py, blobs.map_err(value_error)?))
}

/// Every document's figures from the sketch's stats blobs, in corpus order: (bytes, words,
/// non-prose words, non-prose share).
#[pyfunction]
fn spark_stats(py: Python<'_>, stats: &[u8]) -> PyResult<shuffle::StatColumns> {
    py.detach(|| shuffle::stats(stats)).map_err(value_error)
}

/// One hash range's band keys and postings as pair blobs (`shuffle::keys_to_pairs`): of the
/// words' fingerprints (boilerplate cut `boilerplate_docs`) or, with `immutables`, of the
/// immutables' (cut `SpunConfig::common_docs`), the documents of `exclude` (sorted u32 blob)
/// left out, cut by pair partition of `blocks` blocks of documents.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn spark_keys_to_pairs<'py>(
    py: Python<'py>,
    bands: &[u8],
    postings: &[u8],
    immutables: bool,
    exclude: &[u8],
    blocks: u32,
    options: &Bound<'py, PyDict>,
) -> PyResult<Vec<(u8, u32, Bound<'py, PyBytes>)>> {
    let opts = options::from_dict(options, "scan")?;
    let cfg = opts.config();
    let cut = if immutables {
        cfg.spun.common_docs
    } else {
        cfg.passages.boilerplate_docs
    };
    let blobs = py.detach(|| {
        let mut exclude = crate::wire::all(exclude, crate::wire::Reader::u32)?;
        exclude.sort_unstable();
        shuffle::keys_to_pairs(bands, postings, cut, &exclude, PairBlocks::new(blocks))
    });
    Ok(blob_list(py, blobs.map_err(value_error)?))
}

/// The pair partitions for `parts` partitions (`shuffle::PairBlocks`): (blocks of documents,
/// pair partitions).
#[pyfunction]
fn spark_pair_blocks(parts: u32) -> (u32, u32) {
    let pb = PairBlocks::for_parts(parts);
    (pb.blocks(), pb.partitions())
}

/// One pair partition's LSH pairs and seeds merged (`shuffle::prepare_pairs`): (pairs,
/// seeds, documents needed) blobs.
#[pyfunction]
fn spark_prepare_pairs<'py>(
    py: Python<'py>,
    lsh: &[u8],
    seeds: &[u8],
) -> PyResult<(
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
)> {
    let prepared = py
        .detach(|| shuffle::prepare_pairs(lsh, seeds))
        .map_err(value_error)?;
    Ok((
        PyBytes::new(py, &prepared.pairs),
        PyBytes::new(py, &prepared.seeds),
        PyBytes::new(py, &prepared.docs),
    ))
}

/// What a pair task found: (passages, copies, candidates) blobs and the pairs aligned.
type FoundBytes<'py> = (
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    Bound<'py, PyBytes>,
    usize,
);

/// One round of the verdict over a partition's pairs (LSH pairs and seeds blobs of
/// `spark_prepare_pairs`): (passages, copies, candidates) blobs and the pairs aligned.
#[pyfunction]
#[pyo3(signature = (round, idx, texts, pairs, seeds, context, options, threads=None))]
#[allow(clippy::too_many_arguments)]
fn spark_pairs<'py>(
    py: Python<'py>,
    round: u8,
    idx: &[u8],
    texts: ArrowColumn<'py>,
    pairs: &[u8],
    seeds: &[u8],
    context: (Vec<u8>, Vec<u8>),
    options: &Bound<'py, PyDict>,
    threads: Option<usize>,
) -> PyResult<FoundBytes<'py>> {
    let opts = options::from_dict(options, "scan")?;
    let texts = as_column(&texts);
    let found = py.detach(|| {
        on_threads(threads, || {
            let texts = columns::strings(&texts)?;
            distributed::pair_round(
                round,
                (&longs(idx), &texts),
                &shuffle::read_pairs(pairs)?,
                &shuffle::read_seeds(seeds)?,
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
        found.aligned_pairs,
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
    m.add_function(wrap_pyfunction!(spark_stats, m)?)?;
    m.add_function(wrap_pyfunction!(spark_keys_to_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(spark_pair_blocks, m)?)?;
    m.add_function(wrap_pyfunction!(spark_prepare_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(spark_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(spark_first_clusters, m)?)?;
    m.add_function(wrap_pyfunction!(spark_final, m)?)?;
    m.add_function(wrap_pyfunction!(spark_ranges, m)?)?;
    m.add_function(wrap_pyfunction!(spark_copy_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(spark_assemble, m)?)?;
    Ok(())
}
