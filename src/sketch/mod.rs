//! Shingles, MinHash signatures and winnowed fingerprints.
