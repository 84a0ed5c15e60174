//! The embedded models, built once per process on first use.
//!
//! Every `unspin` of an honest document spends nearly all its time building the SymSpell
//! model and the WordNet dictionary from the embedded files, so the build is arranged for
//! speed, on a second thread: the bigram list is decompressed while the unigrams are read, and
//! the dictionary, which needs the words' ids but not the bigrams, is built while the bigram
//! list is parsed; its phrases are scored once the bigrams are in. On one thread the same
//! steps run in turn and give the same model (tested against the plain sequential build).
//! `copydesk unspin seeds/000...` (an honest article, nearly all start-up): wall 0.23 -> 0.14
//! s, CPU 0.22 -> 0.20 s, peak memory 61 -> 70 MB (the per-phrase arrays of `Dictionary`, and
//! the second thread's allocations); with one thread no change. See BENCHMARKS.md.
//!
//! The Moby candidates and the Sphinx n-grams load separately, on first use, since only the
//! restoration of documents judged spun needs them.

use super::data;
use super::dictionary::Dictionary;
use super::lm::LanguageModel;
use super::wide::WideModel;
use once_cell::sync::Lazy;
use rustc_hash::FxHashMap;
use std::thread;

/// The embedded language model and dictionary.
pub struct Model {
    pub lm: LanguageModel,
    /// WordNet groups, signatures, number words and the restoration-only pairs (which only
    /// some passes use, see `restore::Params::restoration_pairs`).
    pub dict: Dictionary,
}

static MODEL: Lazy<Model> = Lazy::new(build);

/// The embedded dictionary plus the reverse Moby Thesaurus candidates: only the restoration of
/// documents judged spun uses it (never the verdict).
static MOBY: Lazy<Dictionary> = Lazy::new(|| {
    let m = model();
    let mut dict = m.dict.clone();
    dict.add_moby(&m.lm);
    dict
});

/// The Sphinx model: only documents judged spun need it.
static WIDE: Lazy<WideModel> = Lazy::new(|| WideModel::embedded(&model().lm));

/// The Sphinx model alone, by its own word indices, and the index from word hashes to them:
/// what the copy verdict weighs a spun pair's direction with, without building the SymSpell
/// model (0.17 s) that restoration needs.
static SPHINX_ALONE: Lazy<(WideModel, FxHashMap<u64, u32>)> = Lazy::new(WideModel::embedded_alone);

/// The Sphinx model alone, built on first use (see [`SPHINX_ALONE`]).
pub fn sphinx_alone() -> &'static (WideModel, FxHashMap<u64, u32>) {
    &SPHINX_ALONE
}

/// The embedded model, built on first use.
pub fn model() -> &'static Model {
    &MODEL
}

/// The embedded dictionary with the Moby candidates, built on first use.
pub fn moby() -> &'static Dictionary {
    &MOBY
}

/// The Sphinx model, built on first use.
pub fn wide() -> &'static WideModel {
    &WIDE
}

/// Builds the embedded model, on two threads unless rayon is limited to one (see the module
/// doc).
fn build() -> Model {
    build_on(rayon::current_num_threads() > 1)
}

fn build_on(two_threads: bool) -> Model {
    let (vocabulary, bigrams) = thread::scope(|s| {
        let bigrams = beside(s, two_threads, || data::gunzip(data::BIGRAMS_GZ));
        let vocabulary = LanguageModel::vocabulary(&data::gunzip(data::UNIGRAMS_GZ));
        (vocabulary, bigrams())
    });
    let (table, mut dict) = thread::scope(|s| {
        let (vocabulary, bigrams) = (&vocabulary, &bigrams);
        let table = beside(s, two_threads, move || vocabulary.read_bigrams(bigrams));
        let dict = Dictionary::embedded_from(vocabulary, &data::gunzip(data::SYNSETS_GZ));
        (table(), dict)
    });
    let lm = vocabulary.with_bigrams(table);
    // The phrases were scored by the vocabulary alone.
    dict.rescore(&lm);
    Model { lm, dict }
}

/// Starts `job` on a thread of its own (when `two_threads`, and the system starts one) and
/// returns what waits for its result; otherwise the waiting runs the job.
///
/// A plain thread, not `rayon::join`: the model is built inside a `Lazy` that rayon tasks
/// force, and a thread waiting in `rayon::join` may run another task, which would force the
/// same `Lazy` again on the thread that is initialising it: a deadlock.
fn beside<'scope, T: Send + 'scope>(
    scope: &'scope thread::Scope<'scope, '_>,
    two_threads: bool,
    job: impl FnOnce() -> T + Send + Copy + 'scope,
) -> impl FnOnce() -> T + 'scope {
    let started = two_threads
        .then(|| thread::Builder::new().spawn_scoped(scope, job).ok())
        .flatten();
    move || match started {
        Some(handle) => handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        None => job(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::word_hash;

    #[test]
    fn the_parallel_build_is_the_sequential_one() {
        let lm = LanguageModel::embedded();
        let dict = Dictionary::embedded(&lm);
        for two_threads in [true, false] {
            check_same(&lm, &dict, &build_on(two_threads));
        }
    }

    fn check_same(lm: &LanguageModel, dict: &Dictionary, fast: &Model) {
        assert_eq!(fast.lm.vocabulary_len(), lm.vocabulary_len());
        assert_eq!(fast.dict.len(), dict.len());
        let ids = |lm: &LanguageModel, words: &[&str]| -> Vec<u32> {
            words.iter().map(|w| lm.id_of_hash(word_hash(w))).collect()
        };
        let words = [
            "the",
            "law",
            "enforcement",
            "white",
            "house",
            "year",
            "months",
            "zzyzx",
        ];
        for &v in &words {
            for &w in &words {
                let (a, b) = (ids(lm, &[v, w]), ids(&fast.lm, &[v, w]));
                assert_eq!(a, b);
                assert_eq!(
                    lm.bigram(Some(a[0]), a[1]).to_bits(),
                    fast.lm.bigram(Some(b[0]), b[1]).to_bits()
                );
            }
        }
        for p in 0..dict.len() as u32 {
            let (a, b) = (dict.phrase(p), fast.dict.phrase(p));
            assert_eq!((&a.text, &a.hashes, &a.ids), (&b.text, &b.hashes, &b.ids));
            // Scored with the bigrams, not the vocabulary alone.
            assert_eq!(a.logp.to_bits(), b.logp.to_bits(), "{}", a.text);
            let mut candidates = (vec![], vec![]);
            dict.for_each_original(p, |o, s| candidates.0.push((o, s)));
            fast.dict
                .for_each_original(p, |o, s| candidates.1.push((o, s)));
            assert_eq!(candidates.0, candidates.1);
        }
    }
}
