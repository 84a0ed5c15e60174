//! Spin detection and restoration: find text disguised by a synonym spinner and restore it.
//!
//! Content farms disguise copied articles with a context-blind spinner that swaps words and
//! phrases for thesaurus synonyms ("law enforcement" -> "legislation enforcement", "White
//! House" -> "White Home"). Restoration reverses it: every word or phrase gets candidate
//! originals from a reverse spinner dictionary, and a bigram language model keeps a candidate only
//! when it clearly fits the context better, deciding adjacent positions jointly.
//!
//! Modules, in pipeline order:
//! - [`data`]: the embedded data files of `dictionaries/`;
//! - [`lm`]: the bigram language model;
//! - [`wide`]: the wider Sphinx trigram model mixed in when restoring spun documents, and
//!   [`wide_table`], its arrays (built at compile time by `build.rs`);
//! - [`dictionary`]: candidate originals per spun phrase (thesaurus, signatures, user pairs);
//! - [`synonyms`]: whether two phrases are thesaurus-linked, for the copy verdict;
//! - [`model`]: the embedded models, built once per process on first use;
//! - [`userdict`]: reading `--dictionary` files (TSV, Problematic Paper Screener CSV);
//! - [`tokens`]: the document's words, boundaries and glued tokens;
//! - [`window`]: a long document's tokens a window at a time, cut at clause boundaries;
//! - [`restore`]: the Viterbi search over candidates;
//! - [`detect`]: the calibrated document score;
//! - [`case`]: carrying the case pattern over;
//! - [`edit`]: byte edits and applying them;
//! - [`engine`]: the two-pass `Unspinner` that ties them together;
//! - [`learn`], [`farm`], [`learned`]: learning a spinner's table from a scanned corpus (spun
//!   copies aligned with their sources; documents flagged as spun, by EM decipherment), and
//!   [`farm_restore`], restoring with such a table at a document-level spin rate.
//!
//! ```no_run
//! let report = copydesk::spin::analyze("The White Home mentioned it.");
//! let restored = copydesk::spin::apply_edits("The White Home mentioned it.", &report.edits);
//! ```

pub mod case;
pub mod data;
pub mod detect;
pub mod dictionary;
pub mod edit;
pub mod engine;
pub mod farm;
mod farm_counts;
pub mod farm_restore;
pub mod learn;
pub mod learned;
pub mod lm;
pub mod model;
pub mod packed;
/// `text::normal`, where `build.rs` finds it too (`wide_table.rs`, `synonym_table.rs`).
use crate::text::normal;
pub mod restore;
pub mod synonym_table;
pub mod synonyms;
pub mod tokens;
pub mod userdict;
pub mod wide;
pub mod wide_table;
pub mod window;

pub use detect::Evidence;
pub use dictionary::Source;
pub use edit::{Edit, apply_edits};
pub use engine::{SpinReport, Unspinner, UnspinnerBuilder, WideLm, analyze, detect};
pub use userdict::{ParsedDictionary, RowProblem, UserPair, parse_dictionary};
pub use window::Windowing;
