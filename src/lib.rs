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
//! - [`report`]: output formats (readable text, JSON Lines), one sink each;
//! - [`options`]: the options of a scan as every front end gives them, checked in one place.
//!
//! The `copydesk` command (src/cli, behind the default `cli` feature) and the Python package
//! (python/) are front ends of this library; it has no command-line types of its own.

// Production code never unwraps: user data must not panic (errors carry their context);
// tests may.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod align;
pub mod corpus;
pub mod dedup;
pub mod diagnostics;
pub mod eval;
pub mod options;
pub mod progress;
pub mod report;
pub mod scan;
pub mod sketch;
pub mod spin;
pub mod synth;
pub mod text;
