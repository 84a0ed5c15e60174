//! The corpus: documents read from files, directories, JSON Lines and stdin.
//!
//! A `Document` is an id and its text, nothing more; every later stage works from those two.
//! Reading is lenient by design (see `read`): a bad file is reported and skipped, and the rest of
//! the corpus is still read. Ids are unique within a corpus: a repeated id is reported and made
//! unique with a `#N` suffix, so records never point at two documents at once.

mod decode;
mod read;

pub use decode::{Decoded, decode_text};
pub use read::{InputFormat, ReadOptions, read_corpus, read_corpus_with_progress};

/// One document of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Path relative to the scanned directory, the path as named, a JSONL id, or `-`.
    pub id: String,
    pub text: String,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
        }
    }
}
