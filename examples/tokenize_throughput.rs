//! Tokenisation throughput, one thread: the word scanner fused with hashing
//! (`text::keys_and_checkpoints`) against its definition, the `unicode-segmentation` crate's
//! `unicode_word_indices` followed by `text::word_hash` per word. Reads every file under the
//! given paths (each file one document, as `copydesk scan` does), checks both give the same
//! hashes, and prints MB/s of each, best of `--rounds` (default 5).
//!
//! Usage: cargo run --release --example tokenize_throughput -- [--rounds N] [--scanner-only] PATH...
//! (`--scanner-only` times the scanner alone, for profiling it.)

use copydesk::text;
use std::time::Instant;
use unicode_segmentation::UnicodeSegmentation;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut rounds = 5;
    if let Some(at) = args.iter().position(|a| a == "--rounds") {
        rounds = args[at + 1].parse().expect("--rounds N");
        args.drain(at..at + 2);
    }
    let scanner_only = args.iter().any(|a| a == "--scanner-only");
    args.retain(|a| a != "--scanner-only");
    let mut docs = Vec::new();
    for root in &args {
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry = entry.expect("readable path");
            if entry.file_type().is_file() {
                let bytes = std::fs::read(entry.path()).expect("readable file");
                docs.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    let bytes: usize = docs.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;
    println!("{} documents, {mb:.1} MB", docs.len());

    let crate_hashes = |doc: &str| -> Vec<text::WordKey> {
        doc.unicode_word_indices()
            .map(|(_, w)| text::word_key(text::word_hash(w)))
            .collect()
    };
    if scanner_only {
        let started = Instant::now();
        for _ in 0..rounds {
            for doc in &docs {
                std::hint::black_box(text::keys_and_checkpoints(doc));
            }
        }
        let mean = started.elapsed().as_secs_f64() / rounds as f64;
        println!("scanner {:.0} MB/s (mean of {rounds})", mb / mean);
        return;
    }
    for doc in &docs {
        assert_eq!(text::keys_and_checkpoints(doc).0, crate_hashes(doc));
    }

    let time = |f: &dyn Fn(&str) -> usize| -> f64 {
        (0..rounds)
            .map(|_| {
                let started = Instant::now();
                let words: usize = docs.iter().map(|d| f(d)).sum();
                std::hint::black_box(words);
                started.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let old = time(&|d| crate_hashes(d).len());
    let new = time(&|d| text::keys_and_checkpoints(d).0.len());
    let offsets_old = time(&|d| d.unicode_word_indices().count());
    let offsets_new = time(&|d| text::word_indices(d).count());
    println!(
        "words+hashes: crate + word_hash {:.0} MB/s, scanner {:.0} MB/s ({:.2}x)",
        mb / old,
        mb / new,
        old / new
    );
    println!(
        "words only:   crate {:.0} MB/s, scanner {:.0} MB/s ({:.2}x)",
        mb / offsets_old,
        mb / offsets_new,
        offsets_old / offsets_new
    );
}
