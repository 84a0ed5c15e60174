//! Compiles the CMU Sphinx n-gram table (`dictionaries/lm_sphinx.tsv.gz`, 72 MB of text) into
//! the arrays of `src/spin/wide_table.rs` once, at build time, so that `copydesk unspin` loads
//! them in tens of milliseconds instead of parsing the text on every run (about 1.2 s). The
//! text file stays the data of record (see dictionaries/README.md); the same parser reads it
//! here and, for tests, at run time.

use std::io::Read;
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/spin/wide_table.rs"]
mod wide_table;

const SOURCE: &str = "dictionaries/lm_sphinx.tsv.gz";

fn main() {
    println!("cargo::rerun-if-changed={SOURCE}");
    println!("cargo::rerun-if-changed=src/spin/wide_table.rs");
    println!("cargo::rerun-if-changed=build.rs");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut text = String::new();
    let file = std::fs::File::open(root.join(SOURCE)).unwrap_or_else(|e| panic!("{SOURCE}: {e}"));
    flate2::read::GzDecoder::new(std::io::BufReader::new(file))
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{SOURCE}: not gzip UTF-8 text: {e}"));
    let table = wide_table::Table::from_lines(text.lines());
    drop(text);
    let bytes = table.to_bytes();
    let packed = zstd::bulk::compress(&bytes, 9).expect("zstd compresses a byte buffer");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    let path = out.join("lm_sphinx.table.zst");
    std::fs::write(&path, packed).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
