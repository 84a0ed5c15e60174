//! The options of a scan as every front end gives them: the command line, the Python package
//! and the Spark driver all fill one [`ScanOptionsBuilder`], whose `build` checks every value
//! in one place and returns a frozen [`ScanOptions`] (how to read the corpus, how to scan it).
//!
//! The library knows nothing of any front end: no argument parser types, only plain values.
//! Each option has one name, shared by the command line (`--min-words`) and the bindings
//! (`min_words`); [`OPTION_NAMES`] lists them for the bindings' error messages.

use crate::align::PassageConfig;
use crate::corpus::{InputFormat, ReadOptions};
use crate::dedup::KeepPolicy;
use crate::scan::ScanConfig;

/// The options a front end may set, by their binding names.
pub const OPTION_NAMES: [&str; 12] = [
    "coverage",
    "threshold",
    "containment",
    "keep",
    "min_words",
    "boilerplate_docs",
    "spin",
    "spun_pairs",
    "every_substitution",
    "format",
    "text_field",
    "id_field",
];

/// What a share option accepts, for messages: `coverage`, `threshold`, `containment`.
pub const UNIT_INTERVAL: &str = "a number above 0 and at most 1";

/// Whether `v` is a share option's value: above 0 and at most 1.
pub fn in_unit_interval(v: f64) -> bool {
    v > 0.0 && v <= 1.0
}

/// Fewest words of a reported passage.
pub const MIN_WORDS_AT_LEAST: usize = 1;
/// Fewest documents of a boilerplate passage (a shared passage is always in 2).
pub const BOILERPLATE_DOCS_AT_LEAST: usize = 2;

/// A checked, frozen set of options: how to read a corpus and how to scan it.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    read: ReadOptions,
    config: ScanConfig,
}

impl ScanOptions {
    /// A builder starting from the documented defaults.
    pub fn builder() -> ScanOptionsBuilder {
        ScanOptionsBuilder::default()
    }

    /// How to read the corpus.
    pub fn read(&self) -> &ReadOptions {
        &self.read
    }

    /// How to scan it.
    pub fn config(&self) -> &ScanConfig {
        &self.config
    }
}

/// Collects options; every setter's doc gives its default. [`ScanOptionsBuilder::build`]
/// checks them all.
#[derive(Debug, Clone, Default)]
pub struct ScanOptionsBuilder {
    read: ReadOptions,
    config: ScanConfig,
}

impl ScanOptionsBuilder {
    /// Share of the shorter document covered by aligned passages from which two documents are
    /// copies (default 0.8).
    pub fn coverage(&mut self, v: f64) -> &mut Self {
        self.config.coverage = v;
        self
    }

    /// Shingle Jaccard from which documents are copies whatever their coverage; also tunes the
    /// LSH candidate search (default 0.5).
    pub fn threshold(&mut self, v: f64) -> &mut Self {
        self.config.threshold = v;
        self
    }

    /// Containment from which documents are duplicates (default 0.9).
    pub fn containment(&mut self, v: f64) -> &mut Self {
        self.config.containment = v;
        self
    }

    /// Which member of a cluster is kept (default first).
    pub fn keep(&mut self, keep: KeepPolicy) -> &mut Self {
        self.config.keep = keep;
        self
    }

    /// Fewest shared words of a reported passage (default 25, at least 1).
    pub fn min_words(&mut self, n: usize) -> &mut Self {
        self.config.passages.min_words = n;
        self
    }

    /// A passage in more documents than this is boilerplate (default 20, at least 2).
    pub fn boilerplate_docs(&mut self, n: usize) -> &mut Self {
        self.config.passages.boilerplate_docs = n;
        self
    }

    /// Score every document for synonym spinning (default off).
    pub fn spin(&mut self, on: bool) -> &mut Self {
        self.config.spin = on;
        self
    }

    /// Pair spun copies with their sources (default on).
    pub fn spun_pairs(&mut self, on: bool) -> &mut Self {
        self.config.spun_copies = on;
        self
    }

    /// Spun pairs' evidence lists every substitution, for the spinner learner (default off).
    pub fn every_substitution(&mut self, on: bool) -> &mut Self {
        self.config.every_substitution = on;
        self
    }

    /// Input format (default by name, else by content).
    pub fn format(&mut self, format: InputFormat) -> &mut Self {
        self.read.format = format;
        self
    }

    /// JSON Lines field holding the text (default `text`).
    pub fn text_field(&mut self, field: impl Into<String>) -> &mut Self {
        self.read.text_field = field.into();
        self
    }

    /// JSON Lines field holding the id (default `id`).
    pub fn id_field(&mut self, field: impl Into<String>) -> &mut Self {
        self.read.id_field = field.into();
        self
    }

    /// The options, or a message naming the first value out of range.
    pub fn build(&self) -> Result<ScanOptions, String> {
        for (name, v) in [
            ("coverage", self.config.coverage),
            ("threshold", self.config.threshold),
            ("containment", self.config.containment),
        ] {
            if !in_unit_interval(v) {
                return Err(format!(
                    "{name} {v} is out of range: expected {UNIT_INTERVAL}"
                ));
            }
        }
        let passages: &PassageConfig = &self.config.passages;
        for (name, v, min) in [
            ("min_words", passages.min_words, MIN_WORDS_AT_LEAST),
            (
                "boilerplate_docs",
                passages.boilerplate_docs,
                BOILERPLATE_DOCS_AT_LEAST,
            ),
        ] {
            if v < min {
                return Err(format!("{name} {v} is too small: expected {min} or more"));
            }
        }
        for (name, field) in [
            ("text_field", &self.read.text_field),
            ("id_field", &self.read.id_field),
        ] {
            if field.is_empty() {
                return Err(format!("{name} is empty: expected a JSON field name"));
            }
        }
        Ok(ScanOptions {
            read: self.read.clone(),
            config: self.config,
        })
    }
}

/// The one of `all` whose `name` is `s`; the error names `what` and lists the names.
pub fn by_name<T: Copy>(
    s: &str,
    all: &[T],
    name: fn(T) -> &'static str,
    what: &str,
) -> Result<T, String> {
    all.iter().copied().find(|&v| name(v) == s).ok_or_else(|| {
        let names: Vec<&str> = all.iter().map(|&v| name(v)).collect();
        format!("`{s}` is no {what}; expected one of {}", names.join(", "))
    })
}

impl std::str::FromStr for InputFormat {
    type Err = String;

    /// A format by its name on the command line and in the bindings.
    fn from_str(s: &str) -> Result<Self, String> {
        by_name(s, &InputFormat::ALL, InputFormat::name, "input format")
    }
}

impl InputFormat {
    /// Every format, in the order the command line lists them.
    pub const ALL: [InputFormat; 5] = [
        InputFormat::Auto,
        InputFormat::Text,
        InputFormat::Jsonl,
        InputFormat::Warc,
        InputFormat::Html,
    ];

    /// The format's name (`auto`, `text`, `jsonl`, `warc`, `html`).
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Auto => "auto",
            InputFormat::Text => "text",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Warc => "warc",
            InputFormat::Html => "html",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_scan_defaults() {
        let built = ScanOptions::builder().build().unwrap();
        let plain = ScanConfig::default();
        assert_eq!(built.config().coverage, plain.coverage);
        assert_eq!(built.config().passages.min_words, plain.passages.min_words);
        assert_eq!(built.read().text_field, "text");
    }

    #[test]
    fn values_out_of_range_are_named() {
        let err = ScanOptions::builder().coverage(1.5).build().unwrap_err();
        assert!(err.starts_with("coverage 1.5 is out of range"), "{err}");
        let err = ScanOptions::builder().threshold(0.0).build().unwrap_err();
        assert!(err.starts_with("threshold 0 is out of range"), "{err}");
        let err = ScanOptions::builder()
            .boilerplate_docs(1)
            .build()
            .unwrap_err();
        assert!(err.contains("boilerplate_docs 1 is too small"), "{err}");
        let err = ScanOptions::builder().text_field("").build().unwrap_err();
        assert!(err.contains("text_field is empty"), "{err}");
    }

    #[test]
    fn names_parse_back() {
        for f in InputFormat::ALL {
            assert_eq!(f.name().parse::<InputFormat>().unwrap(), f);
        }
        for k in KeepPolicy::ALL {
            assert_eq!(k.name().parse::<KeepPolicy>().unwrap(), k);
        }
        assert!(
            "xml"
                .parse::<InputFormat>()
                .unwrap_err()
                .contains("auto, text")
        );
    }
}
