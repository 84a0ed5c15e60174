//! Replays the fuzz seeds (`fuzz/seeds/TARGET/`) and every saved fuzz finding
//! (`tests/fuzz_findings/TARGET/`, each an input that once crashed or broke an invariant) through the
//! checks the fuzz targets run (`fuzz/checks.rs`), so a fixed finding stays fixed without the
//! fuzzer. Findings are named after what they found.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

/// Runs `check` on every file of the seed and finding directories of `target`; returns how many.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for dir in [
        root.join("fuzz/seeds").join(target),
        root.join("tests/fuzz_findings").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{} fails its check again", path.display());
            count += 1;
        }
    }
    count
}

#[test]
fn jsonl_findings_stay_fixed() {
    assert!(replay("jsonl", checks::check_jsonl) >= 1);
}

#[test]
fn warc_findings_stay_fixed() {
    assert!(replay("warc", checks::check_warc) >= 3);
}

#[test]
fn tokenizer_findings_stay_fixed() {
    assert!(replay("tokenizer", checks::check_tokenizer) >= 1);
}
