//! Bad input gets a clear message naming the file (and line), the rest is still processed, and
//! the exit code says something was wrong. Nothing is written over an input.

use super::common::{copydesk, file_names, of_type, run_ok, scan_json};
use std::io::Write;

const GOOD: &str = "The quick brown fox jumps over the lazy dog near the river bank today.";

#[test]
fn one_bad_file_of_each_kind_is_reported_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("good.txt"), GOOD).unwrap();
    std::fs::write(p.join("latin1.txt"), b"caf\xe9 au lait and more words here").unwrap();
    std::fs::write(p.join("binary.txt"), b"\x7fELF\x00\x00\x01binary").unwrap();
    std::fs::write(p.join("empty.txt"), b"").unwrap();
    std::fs::write(
        p.join("sniffed.bin"),
        b"read: sniffed as text whatever its name",
    )
    .unwrap();
    std::fs::write(
        p.join("docs.jsonl"),
        "{\"id\":\"j1\",\"text\":\"first json document\"}\nnot json at all\n{\"id\":\"j3\"}\n{\"id\":4,\"text\":\"fourth\"}\n",
    )
    .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"a gzip compressed document with a few words")
        .unwrap();
    let gz = gz.finish().unwrap();
    std::fs::write(p.join("packed.txt.gz"), &gz).unwrap();
    std::fs::write(p.join("truncated.txt.gz"), &gz[..gz.len() / 2]).unwrap();
    let missing = p.join("no-such-file.txt");

    let (records, out) = scan_json(&[p.to_str().unwrap(), missing.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "input problems give exit code 1"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    for expected in [
        "binary.txt: binary file (executable), skipped",
        "empty.txt: empty file, skipped",
        "docs.jsonl:2: not valid JSON",
        "docs.jsonl:3: no \"text\" field",
        "truncated.txt.gz: cannot decompress gzip",
        "no-such-file.txt: ",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    // a Latin-1 file is decoded, not a problem; a file of another name is sniffed and read
    assert!(!stderr.contains("latin1.txt"), "{stderr}");
    assert!(!stderr.contains("sniffed.bin"), "{stderr}");
    let summary = &of_type(&records, "summary")[0];
    // good.txt, latin1.txt, sniffed.bin, j1, 4, packed.txt.gz
    assert_eq!(summary["documents"], 6, "{summary}");
    assert_eq!(summary["encodings"]["windows-1252"], 1, "{summary}");
    // the empty file is a notice; binary, two JSON lines, truncated gzip, the missing file
    assert_eq!(summary["problems"], 5);
    assert_eq!(of_type(&records, "problem").len(), 5);
    assert_eq!(
        std::fs::read(p.join("latin1.txt")).unwrap(),
        b"caf\xe9 au lait and more words here"
    );
}

#[test]
fn symlink_loop_is_reported_not_followed_forever() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/a.txt"), GOOD).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    let (records, out) = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link loop"));
    assert_eq!(of_type(&records, "summary")[0]["documents"], 1);
}

#[test]
fn nothing_readable_is_a_failure_and_stdin_works() {
    let out = copydesk().args(["scan", "/no/such/dir"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let mut child = copydesk()
        .args(["scan", "--json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(GOOD.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"documents\":1"));
}

#[test]
fn outputs_never_overwrite_inputs_and_unique_corpus_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let long: String = (0..80).map(|i| format!("word{i} ")).collect();
    std::fs::write(corpus.join("a.txt"), &long).unwrap();
    std::fs::write(corpus.join("b.txt"), &long).unwrap();
    std::fs::write(corpus.join("c.txt"), GOOD).unwrap();
    let into_input = copydesk()
        .args(["scan", "-o"])
        .arg(corpus.join("a.txt"))
        .arg(&corpus)
        .output()
        .unwrap();
    assert_eq!(into_input.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(corpus.join("a.txt")).unwrap(), long);

    let unique = dir.path().join("unique");
    let report = dir.path().join("report.jsonl");
    run_ok(
        copydesk()
            .args(["scan", "--json", "--keep", "longest", "-o"])
            .arg(&report)
            .arg("--write-unique")
            .arg(&unique)
            .arg(&corpus),
    );
    assert_eq!(
        file_names(&unique),
        [".copydesk-removed.jsonl", "a.txt", "c.txt"]
    );
    let report = std::fs::read_to_string(report).unwrap();
    assert!(
        report.contains(
            "{\"type\":\"cluster\",\"members\":[\"a.txt\",\"b.txt\"],\"keep\":\"a.txt\"}"
        ),
        "{report}"
    );
    // a second run refuses to replace the existing directory
    let again = copydesk()
        .args(["scan", "--write-unique"])
        .arg(&unique)
        .arg(&corpus)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn unique_corpus_from_json_lines_gets_safe_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let long: String = (0..60).map(|i| format!("term{i} ")).collect();
    let lines = format!(
        "{{\"id\":\"../escape\",\"text\":\"{long}\"}}\n{{\"id\":\"dup\",\"text\":\"{long}\"}}\n{{\"text\":\"{GOOD}\"}}\n"
    );
    std::fs::write(dir.path().join("docs.jsonl"), lines).unwrap();
    let unique = dir.path().join("out");
    run_ok(copydesk().current_dir(dir.path()).args([
        "scan",
        "--no-spin",
        "--write-unique",
        "out",
        "docs.jsonl",
    ]));
    let names = file_names(&unique);
    // "../escape" and "dup" are one cluster: the first is kept; the JSON Lines file is written
    // back with its kept lines, byte for byte, beside the map of removed ids
    assert_eq!(names, [".copydesk-removed.jsonl", "docs.jsonl"]);
    let kept = std::fs::read_to_string(unique.join("docs.jsonl")).unwrap();
    assert_eq!(
        kept,
        format!("{{\"id\":\"../escape\",\"text\":\"{long}\"}}\n{{\"text\":\"{GOOD}\"}}\n")
    );
    assert_eq!(
        std::fs::read_to_string(unique.join(".copydesk-removed.jsonl")).unwrap(),
        "{\"removed\":\"dup\",\"kept\":\"../escape\"}\n"
    );
}

#[test]
fn result_files_get_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), GOOD).unwrap();
    let report = dir.path().join("report.jsonl");
    let out = copydesk()
        .args(["scan", "--no-spin", "--json", "-o"])
        .arg(&report)
        .arg(dir.path().join("a.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let mode = std::fs::metadata(&report).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644, "not the temporary file's 0600");
}
