//! Near-duplicate documents: LSH candidates, exact verification, clusters and the keep policy.
//!
//! MinHash + LSH banding only proposes pairs; every proposed pair is then measured exactly on
//! its shingle sets, so a reported similarity is never an estimate. Verified pairs are joined
//! into clusters with union-find, and a keep policy names each cluster's representative.

pub mod cluster;
pub mod judge;
pub mod lsh;
pub mod verify;

pub use cluster::{KeepPolicy, clusters, clusters_avoiding, component_labels};
pub use judge::{CopyKind, Duplicate, JudgeConfig};
pub use lsh::{LshParams, candidate_pairs};
pub use verify::{PairSimilarity, verify_pair, verify_pair_if};
