//! copydesk: find copies, shared passages and synonym-spun rewrites in scraped text corpora.
//!
//! The pipeline, one stage per module:
//! - [`corpus`]: reading documents (files, directories, JSON Lines, gzip, stdin);
//! - [`text`]: words with byte offsets and normalised hashes, shared by every stage;
//! - [`sketch`]: shingles, MinHash signatures and winnowed fingerprints;
//! - [`dedup`]: LSH candidates, exact verification, clusters and the keep policy;
//! - [`align`]: shared passages between documents, aligned with byte offsets;
//! - [`spin`]: spin detection and restoration of the original wording;
//! - [`eval`]: scoring results against a gold standard (`copydesk eval`);
//! - [`report`]: output formats (readable text, JSON Lines), one sink each.

pub mod align;
pub mod cli;
pub mod corpus;
pub mod dedup;
pub mod diagnostics;
pub mod eval;
pub mod progress;
pub mod report;
pub mod scan;
pub mod sketch;
pub mod spin;
pub mod synth;
pub mod text;
