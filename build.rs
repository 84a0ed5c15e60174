//! Compiles the lookup tables the binary reads in place (`src/spin/packed.rs`), once, at build
//! time:
//! - the CMU Sphinx n-gram table (`dictionaries/lm_sphinx.tsv.gz`, 72 MB of text) into the
//!   arrays of `src/spin/wide_table.rs`, so that `copydesk unspin` and the copy verdict's
//!   direction do not parse the text on every run (about 1.2 s);
//! - the thesaurus index of `src/spin/synonyms.rs` (WordNet groups, reverse Moby, the pair
//!   tables) into the arrays of `src/spin/synonym_table.rs` (hashing it took 0.05 s a scan).
//!
//! The text files stay the data of record (see dictionaries/README.md); the same code builds
//! the tables from them at run time in tests, which check that the embedded ones agree.

use std::io::Read;
use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/text/normal.rs"]
mod normal;
#[allow(dead_code)]
#[path = "src/spin/packed.rs"]
mod packed;
#[allow(dead_code)]
#[path = "src/spin/synonym_table.rs"]
mod synonym_table;
#[allow(dead_code)]
#[path = "src/spin/wide_table.rs"]
mod wide_table;

const SPHINX: &str = "dictionaries/lm_sphinx.tsv.gz";
const SYNSETS: &str = "dictionaries/synsets.tsv.gz";
const MOBY_REVERSE: &str = "dictionaries/moby_reverse.tsv.gz";
/// The pair tables and the strength of their links: `synonyms::PAIR_TABLES` (a test checks
/// that the embedded index is the one it gives).
const PAIR_TABLES: [(&str, u32); 3] = [
    ("dictionaries/signatures.tsv", 1),
    ("dictionaries/numbers.tsv", 1),
    ("dictionaries/restoration.tsv", 0),
];

fn main() {
    for source in [SPHINX, SYNSETS, MOBY_REVERSE]
        .into_iter()
        .chain(PAIR_TABLES.map(|t| t.0))
    {
        println!("cargo::rerun-if-changed={source}");
    }
    for module in [
        "src/text/normal.rs",
        "src/spin/packed.rs",
        "src/spin/synonym_table.rs",
        "src/spin/wide_table.rs",
        "build.rs",
    ] {
        println!("cargo::rerun-if-changed={module}");
    }
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));

    let table = wide_table::Table::from_lines(gunzip(&root, SPHINX).lines());
    write(&out.join("lm_sphinx.table"), &table.to_bytes());
    drop(table);

    let texts: Vec<(String, u32)> = PAIR_TABLES
        .iter()
        .map(|&(path, strength)| (read(&root, path), strength))
        .collect();
    let tables: Vec<(&str, u32)> = texts.iter().map(|(t, s)| (t.as_str(), *s)).collect();
    let synonyms = synonym_table::SynonymTable::build(
        &gunzip(&root, SYNSETS),
        &gunzip(&root, MOBY_REVERSE),
        &tables,
    );
    write(&out.join("synonyms.table"), &synonyms.to_bytes());
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn gunzip(root: &Path, path: &str) -> String {
    let file = std::fs::File::open(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::io::BufReader::new(file))
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{path}: not gzip UTF-8 text: {e}"));
    text
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
