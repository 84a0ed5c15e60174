//! The corpus: documents read from files, directories, JSON Lines, WARC archives and stdin.
//!
//! A `Document` is an id and its text, nothing more; every later stage works from those two.
//! Reading is lenient by design (see `read`): a bad file is reported and skipped, and the rest of
//! the corpus is still read. Ids are unique within a corpus: a repeated id is reported and made
//! unique with a `#N` suffix, so records never point at two documents at once.

mod decode;
mod html;
mod jsonl;
mod payload;
mod read;
mod warc;

pub use decode::{Decoded, Decompressed, decode_charset, decode_text, decompress};
pub use html::html_to_text;
pub use jsonl::read_jsonl_bytes;
pub use read::{InputFormat, ReadOptions, read_corpus, read_corpus_with_progress};
pub use warc::read_warc_bytes;

/// Offsets are u32 throughout; larger documents are refused (the documented limit).
pub const MAX_DOCUMENT_BYTES: usize = u32::MAX as usize;

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
