//! Input formats: WARC (plain, gzip, by content or `--format warc`) and zstd-compressed files.
//! Document texts are checked through the library's reader, messages and exit codes through the
//! binary.

use super::common::{copydesk, gzip, of_type, scan_json, warc_record, warc_response};
use copydesk::corpus::{InputFormat, ReadOptions, read_corpus};
use copydesk::diagnostics::Diagnostics;
use std::path::PathBuf;

/// A small crawl: one record of each kind a crawler writes.
fn crawl() -> Vec<u8> {
    let mut warc = warc_record(
        "warcinfo",
        "",
        "application/warc-fields",
        b"software: test\r\n",
    );
    warc.extend(warc_record(
        "request",
        "http://news.example/a",
        "application/http; msgtype=request",
        b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n",
    ));
    warc.extend(warc_response(
        "http://news.example/a",
        "text/html; charset=iso-8859-1",
        b"<html><head><title>A</title><script>var x = '<p>no</p>';</script></head>\
          <body><h1>Caf\xe9 news</h1><p>First &amp; <i>second</i>\nline</p>\
          <ul><li>one</li><li>two</li></ul></body></html>",
    ));
    warc.extend(warc_response(
        "http://news.example/logo.png",
        "image/png",
        b"\x89PNG\r\n\x1a\n\0\0",
    ));
    warc.extend(warc_response(
        "http://news.example/style.css",
        "text/css",
        b"p { color: red }",
    ));
    warc.extend(warc_record(
        "resource",
        "file:///notes.txt",
        "text/plain",
        b"plain notes, kept as they are",
    ));
    warc.extend(warc_record(
        "response",
        "http://news.example/gone",
        "application/http; msgtype=response",
        b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>gone</p>",
    ));
    warc
}

fn read(path: PathBuf, format: InputFormat) -> (Vec<(String, String)>, usize) {
    let diag = Diagnostics::silent();
    let opts = ReadOptions {
        format,
        ..ReadOptions::default()
    };
    let docs = read_corpus(&[path], &opts, &diag);
    let docs = docs.into_iter().map(|d| (d.id, d.text)).collect();
    (docs, diag.problems())
}

fn expected_crawl_documents() -> Vec<(String, String)> {
    vec![
        (
            "http://news.example/a".into(),
            "Café news\nFirst & second line\none\ntwo\n".into(),
        ),
        (
            "file:///notes.txt".into(),
            "plain notes, kept as they are".into(),
        ),
    ]
}

#[test]
fn warc_records_become_documents_plain_gzip_and_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("crawl.warc");
    std::fs::write(&plain, crawl()).unwrap();
    assert_eq!(
        read(plain, InputFormat::Auto),
        (expected_crawl_documents(), 0)
    );
    // .warc.gz as crawlers write it: one gzip member per record
    let split_at = memchr::memmem::find(&crawl()[10..], b"WARC/1.0").unwrap() + 10;
    let mut members = gzip(&crawl()[..split_at]);
    members.extend(gzip(&crawl()[split_at..]));
    let gz = dir.path().join("crawl.warc.gz");
    std::fs::write(&gz, members).unwrap();
    assert_eq!(read(gz, InputFormat::Auto), (expected_crawl_documents(), 0));
    // any name, by content; and by --format
    let odd = dir.path().join("crawl.dat");
    std::fs::write(&odd, crawl()).unwrap();
    assert_eq!(
        read(odd.clone(), InputFormat::Auto),
        (expected_crawl_documents(), 0)
    );
    assert_eq!(
        read(odd, InputFormat::Warc),
        (expected_crawl_documents(), 0)
    );
}

#[test]
fn records_without_text_are_summed_up_once_not_reported_as_problems() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("crawl.warc"), crawl()).unwrap();
    let (records, out) = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("3 archive records without text"),
        "{stderr}"
    );
    assert_eq!(of_type(&records, "summary")[0]["documents"], 2);
    let verbose = copydesk()
        .args(["scan", "-v"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&verbose.stderr);
    assert!(
        stderr.contains(
            "crawl.warc: 3 records without text skipped (HTTP 404 1, image/png 1, text/css 1)"
        ),
        "{stderr}"
    );
}

#[test]
fn undecodable_charset_is_reported_with_its_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut warc = warc_response(
        "http://x.example/bad",
        "text/plain; charset=shift_jis",
        b"\x82\xa0 time \xff",
    );
    warc.extend(warc_response(
        "http://x.example/ok",
        "text/plain",
        b"fine words",
    ));
    std::fs::write(dir.path().join("x.warc"), warc).unwrap();
    let (records, out) = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "x.warc: record 1 (http://x.example/bad): byte 8 of the payload not valid Shift_JIS, \
             replaced by U+FFFD"
        ),
        "{stderr}"
    );
    assert_eq!(of_type(&records, "summary")[0]["documents"], 2);
}

#[test]
fn zstd_files_are_read_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let lines =
        b"{\"id\":\"z1\",\"text\":\"first zstd line\"}\n{\"id\":\"z2\",\"text\":\"second\"}\n";
    std::fs::write(
        dir.path().join("docs.jsonl.zst"),
        zstd::encode_all(&lines[..], 3).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("note.txt.zst"),
        zstd::encode_all(&b"a compressed note"[..], 3).unwrap(),
    )
    .unwrap();
    let (docs, problems) = read(dir.path().to_path_buf(), InputFormat::Auto);
    assert_eq!(problems, 0);
    let want: Vec<(String, String)> = [
        ("z1", "first zstd line"),
        ("z2", "second"),
        ("note.txt.zst", "a compressed note"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(docs, want);
}
