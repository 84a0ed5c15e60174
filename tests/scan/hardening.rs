//! Surviving an archivist's directory: every kind of bad input in one run gets one message
//! naming the file (and record or line), the rest is processed, the exit code is 1, and the
//! outputs (`-o`, `--write-unique`) appear whole, with no temporary file left beside them.

use super::common::{copydesk, file_names, gzip, of_type, records, warc_record};
use std::path::{Path, PathBuf};

const GOOD: &str = "The quick brown fox jumps over the lazy dog near the river bank today.";

fn long_text(seed: usize) -> String {
    (0..120).map(|i| format!("word{} ", i * 7 + seed)).collect()
}

/// Writes the good part of the corpus: two copies and one other document.
fn good_files(dir: &Path) {
    std::fs::write(dir.join("copy_a.txt"), long_text(0)).unwrap();
    std::fs::write(dir.join("copy_b.txt"), long_text(0)).unwrap();
    std::fs::write(dir.join("other.txt"), GOOD).unwrap();
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Writes one file of each bad kind; returns (file name, expected message) pairs.
fn bad_files(dir: &Path) -> Vec<(&'static str, &'static str)> {
    // UTF-8 with one broken byte (a Latin-1 file would be decoded, no problem)
    std::fs::write(
        dir.join("broken_utf8.txt"),
        b"caf\xc3\xa9 au lait \xff and more words here",
    )
    .unwrap();
    std::fs::write(dir.join("binary.txt"), b"\x7fELF\x00\x00\x01binary").unwrap();
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    let gz = gzip(GOOD.as_bytes());
    std::fs::write(dir.join("cut.txt.gz"), &gz[..gz.len() / 2]).unwrap();
    let zst = zstd::encode_all(GOOD.as_bytes(), 3).unwrap();
    std::fs::write(dir.join("cut.txt.zst"), &zst[..zst.len() - 5]).unwrap();
    // 300 lines of gzip JSON Lines cut at three quarters: the complete lines are still read
    let lines: String = (0..300)
        .map(|i| {
            format!(
                "{{\"id\":\"g{i}\",\"text\":\"line {i} of a long file {}\"}}\n",
                i * 31
            )
        })
        .collect();
    let gz = gzip(lines.as_bytes());
    std::fs::write(dir.join("cut.jsonl.gz"), &gz[..gz.len() * 3 / 4]).unwrap();
    std::fs::write(
        dir.join("lines.jsonl"),
        "{\"id\":\"j1\",\"text\":\"a json document\"}\n{not json\n{\"id\":\"j3\",\"text\":\"x\"}\n",
    )
    .unwrap();
    let mut warc = warc_record("resource", "http://w/1", "text/plain", b"first record text");
    let mut bad = warc_record("resource", "http://w/2", "text/plain", b"the broken one");
    let at = memchr::memmem::find(&bad, b"Content-Length: 14").unwrap();
    bad[at + 16] = b'9'; // Content-Length 94: runs into the next record
    warc.extend(bad);
    warc.extend(warc_record(
        "resource",
        "http://w/3",
        "text/plain",
        b"third record text",
    ));
    std::fs::write(dir.join("broken.warc"), warc).unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::os::unix::fs::symlink(dir, dir.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere.txt"), dir.join("dangling.txt")).unwrap();
    mkfifo(&dir.join("fifo.txt"));
    vec![
        (
            "broken_utf8.txt",
            "broken_utf8.txt: byte 14 not valid UTF-8",
        ),
        ("binary.txt", "binary.txt: binary file"),
        ("cut.txt.gz", "cut.txt.gz: cannot decompress gzip"),
        ("cut.txt.zst", "cut.txt.zst: cannot decompress zstd"),
        ("cut.jsonl.gz", "cut.jsonl.gz: cannot decompress gzip"),
        ("lines.jsonl", "lines.jsonl:2: not valid JSON"),
        (
            "broken.warc",
            "broken.warc: record 2 (http://w/2): the block does not end where Content-Length 94 says",
        ),
        ("sub/loop", "symbolic link loop"),
        ("dangling.txt", "dangling.txt: No such file or directory"),
        ("fifo.txt", "fifo.txt: not a regular file"),
    ]
}

fn assert_one_message_each(stderr: &str, expected: &[(&str, &str)]) {
    for (name, message) in expected {
        let naming: Vec<&str> = stderr.lines().filter(|l| l.contains(name)).collect();
        assert_eq!(
            naming.len(),
            1,
            "{name}: one message, got {naming:?}\n{stderr}"
        );
        assert!(
            naming[0].contains(message),
            "{name}: want {message:?}\n{stderr}"
        );
        assert!(naming[0].starts_with("copydesk: "), "{}", naming[0]);
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// An empty corpus directory and an empty output directory beside it, in a temporary root.
fn corpus_and_out_dirs() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let corpus = root.path().join("corpus");
    let out_dir = root.path().join("out");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::create_dir(&out_dir).unwrap();
    (root, corpus, out_dir)
}

/// Scans `corpus` (JSON Lines) with `-o out_dir/report.jsonl --write-unique out_dir/unique`.
fn scan_with_outputs(corpus: &Path, out_dir: &Path) -> std::process::Output {
    copydesk()
        .args(["scan", "--json", "-o"])
        .arg(out_dir.join("report.jsonl"))
        .arg("--write-unique")
        .arg(out_dir.join("unique"))
        .arg(corpus)
        .output()
        .unwrap()
}

#[test]
fn every_kind_of_bad_input_is_reported_once_and_the_outputs_are_whole() {
    let (_root, corpus, out_dir) = corpus_and_out_dirs();
    good_files(&corpus);
    let expected = bad_files(&corpus);
    let out = scan_with_outputs(&corpus, &out_dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_one_message_each(&stderr, &expected);
    // an empty file is named, and is no problem
    assert_one_message_each(&stderr, &[("empty.txt", "empty.txt: empty file, skipped")]);
    assert_eq!(
        file_names(&out_dir),
        ["report.jsonl", "unique"],
        "no temporary leftovers"
    );
    let report = std::fs::read_to_string(out_dir.join("report.jsonl")).unwrap();
    let records = records(&report);
    let summary = of_type(&records, "summary")[0];
    assert_eq!(summary["problems"], expected.len(), "{summary}");
    let ids: Vec<&str> = of_type(&records, "cluster")[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(ids, ["copy_a.txt", "copy_b.txt"]);
    // copy_a, other, broken_utf8 (with U+FFFD), j1, j3, http://w/1, http://w/3, and the complete gzip lines
    let documents = summary["documents"].as_u64().unwrap();
    let from_cut_jsonl = documents - 7;
    assert!((1..300).contains(&from_cut_jsonl), "{documents} documents");
    let unique = file_names(&out_dir.join("unique"));
    assert!(
        unique.contains(&"copy_a.txt".to_string()) && !unique.contains(&"copy_b.txt".to_string())
    );
    // the JSON Lines file cut short is written back under its own name, its complete lines
    assert!(unique.contains(&"cut.jsonl.gz".to_string()), "{unique:?}");
}

#[test]
fn nothing_readable_fails_and_writes_nothing() {
    let (_root, corpus, out_dir) = corpus_and_out_dirs();
    std::fs::write(corpus.join("empty.txt"), b"").unwrap();
    mkfifo(&corpus.join("fifo.txt"));
    let out = scan_with_outputs(&corpus, &out_dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        file_names(&out_dir).is_empty(),
        "{:?}",
        file_names(&out_dir)
    );
}

#[test]
fn unreadable_file_is_reported_when_permissions_can_stop_us() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), GOOD).unwrap();
    let locked = dir.path().join("locked.txt");
    std::fs::write(&locked, GOOD).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // root reads anything: the FIFO and dangling link above are the unreadable files then
        return;
    }
    let out = copydesk().args(["scan"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("locked.txt: Permission denied"), "{stderr}");
}

/// A 100 MB document on one line is read, tokenized and aligned like any other (documents are
/// refused only above 4 GiB): a 2,000-byte excerpt of it is found as a contained copy, at its
/// offset.
#[test]
fn a_100_mb_single_line_file_is_processed() {
    use super::common::{Rng, vocabulary};
    let vocab = vocabulary(50_000);
    let mut rng = Rng(6);
    let mut line = String::with_capacity(100_000_100);
    while line.len() < 100_000_000 {
        line.push_str(&vocab[rng.below(vocab.len())]);
        line.push(' ');
    }
    line.pop();
    let excerpt_start = line[50_000_000..].find(' ').unwrap() + 50_000_001;
    let excerpt_end = line[excerpt_start + 2_000..].find(' ').unwrap() + excerpt_start + 2_000;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("huge.txt"), &line).unwrap();
    std::fs::write(
        dir.path().join("excerpt.txt"),
        &line[excerpt_start..excerpt_end],
    )
    .unwrap();
    drop(line);
    let out = copydesk()
        .args(["scan", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = records(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(of_type(&records, "summary")[0]["documents"], 2);
    // the excerpt is a copy contained in the huge line, found where it is
    let dup = of_type(&records, "duplicate")[0];
    assert_eq!(dup["kind"], "contained");
    assert_eq!(dup["a"], "huge.txt");
    assert_eq!(dup["b"], "excerpt.txt");
    assert_eq!(dup["a_region"]["start"], excerpt_start);
    assert_eq!(dup["a_region"]["end"], excerpt_end);
    assert!(
        of_type(&records, "passage").is_empty(),
        "the pair is reported once"
    );
}
