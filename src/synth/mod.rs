//! Synthetic, labelled test material for measuring copydesk on text it was never tuned on.
//!
//! Two parts, both deterministic under a seed:
//! - [`spinner`]: an evaluation spinner that imitates a commercial, context-blind synonym
//!   spinner. Its word table comes from the Moby Thesaurus II (`dictionaries/moby_spinner.tsv`), not from the
//!   WordNet-based dictionary that `copydesk unspin` restores with, so restoration is measured
//!   against substitutions it has not seen. Every replacement is recorded (the gold).
//! - [`corpus`]: builds a corpus from real source documents with known exact copies, edited
//!   copies, spun copies, reused and spun passages and repeated boilerplate lines, and the
//!   gold records (JSON Lines) saying where each of them is; `sweep` makes copies at chosen
//!   shares of changed words and copies framed by new text, [`measure`] measures the share
//!   each copy changed, [`edit`] makes word edits.
//!
//! [`farm`] makes a content farm: a seeded spinner table from the embedded thesauri applied to
//! many articles, with held-out articles and the true table, to measure learning a spinner.
//!
//! [`rng`] is the small seeded generator both use, so results do not depend on a crate's
//! version of a random algorithm.

pub mod corpus;
pub mod edit;
pub mod farm;
pub mod measure;
pub mod rng;
pub mod spinner;
mod sweep;

pub use corpus::{
    DuplicateKind, Gold, GoldRecord, PassageKind, PassageSide, SynthConfig, build_corpus,
    build_corpus_with, write_documents_jsonl,
};
pub use spinner::{SpinConfig, SpinEdit, SpinTable, Spun, eligible_words, rate_for_share, spin};
