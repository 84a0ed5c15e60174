//! The corpus: documents read from files, directories, JSON Lines, WARC archives and stdin.
//!
//! A `Document` is an id and its text; every later stage works from those two. It also
//! remembers where it came from (`Origin`): the charset it was decoded from and the map from its
//! text's offsets back to its file's bytes (so reported offsets point into the file), and the
//! file, line or record it was read from (so `--write-unique` can copy it as it came).
//! Reading is lenient by design (see `read`): a bad file is reported and skipped, and the rest of
//! the corpus is still read. Ids are unique within a corpus: a repeated id is reported and made
//! unique with a `#N` suffix, so records never point at two documents at once.

mod decode;
mod html;
mod jsonl;
mod list;
mod payload;
mod read;
mod source_map;
pub mod unique;
mod warc;

pub use decode::{Damage, Decoded, DecodedText, Decompressed, decode, decode_text, decompress};
pub use html::html_to_text;
pub use jsonl::read_jsonl_bytes;
pub use read::{InputFormat, ReadOptions, read_corpus, read_corpus_with_progress};
pub use source_map::SourceMap;
pub use warc::read_warc_bytes;

/// Offsets are u32 throughout; larger documents are refused (the documented limit).
pub const MAX_DOCUMENT_BYTES: usize = u32::MAX as usize;

/// One document of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Path relative to the scanned directory, the path as named, a JSONL id, or `-`.
    pub id: String,
    pub text: String,
    pub origin: Origin,
}

/// Where a document came from and how it was decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The charset its text was decoded from (`None`: given as text, such as a JSON string).
    pub encoding: Option<&'static str>,
    /// Offsets in `text` back to offsets in the (decompressed) bytes it was decoded from.
    pub map: SourceMap,
    /// The file and the part of it that holds the document (`None` for documents made in code).
    pub source: Option<Source>,
    /// Where messages say the document is (`FILE`, `FILE:LINE`, `FILE: record N (URI)`).
    pub place: Option<String>,
}

/// The input a document was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file (`None`: stdin, whose bytes are kept in `stdin`).
    pub path: Option<std::sync::Arc<std::path::Path>>,
    /// The name the file has relative to the input it was found under (its path as named for a
    /// file named on the command line; `-` for stdin).
    pub name: std::sync::Arc<str>,
    /// Which part of the (decompressed) file holds the document.
    pub part: Part,
    /// Stdin's raw bytes (stdin cannot be read twice).
    pub stdin: Option<std::sync::Arc<[u8]>>,
}

/// The part of a file that holds a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// The whole file.
    Whole,
    /// A JSON Lines line (byte range of the line, without its newline).
    Line(std::ops::Range<usize>),
    /// A WARC record (byte range of the record with its trailing empty line).
    Record(std::ops::Range<usize>),
}

impl Source {
    /// The same file, another part of it.
    pub fn with_part(&self, part: Part) -> Source {
        Source {
            part,
            ..self.clone()
        }
    }
}

impl Document {
    /// A document made from text (no file behind it; offsets are text offsets).
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            origin: Origin::default(),
        }
    }

    /// The byte range in the document's source of a byte range of its text: the same for text
    /// read as UTF-8, shifted past a byte-order mark or mapped back through a legacy charset.
    pub fn source_range(&self, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.origin.map.source_range(range)
    }
}
