//! Sketches of documents: word shingles, MinHash signatures and winnowed fingerprints.
//!
//! - [`shingle`]: hashes of every run of k consecutive words, the unit both Jaccard similarity
//!   and passage matching are measured in;
//! - [`minhash`]: MinHash signatures over a document's shingle set, so that similar documents
//!   can be found without comparing every pair;
//! - [`winnow`]: a position-aware subset of shingle hashes (winnowing, Schleimer et al. 2003)
//!   that still guarantees a shared fingerprint for every long enough shared run of words;
//! - [`prose`]: what they, and the verdict, see of a document with non-prose runs.

pub mod minhash;
pub mod prose;
pub mod shingle;
pub mod winnow;
