//! Reading what a user points at: legacy charsets decoded with offsets into the original
//! bytes, every file read once or named when skipped, JSON Lines quirks, the problems summed up,
//! and `--write-unique` keeping each document as it came (issues 24 and 26).

use super::common::{copydesk, file_names, gzip, of_type, run_ok, scan_json};

/// 40 words shared by the test documents, after text that differs.
const SHARED: &str = "the committee met on a grey morning to weigh the long report on river \
    pollution and the farms upstream whose fields drain into the water every spring when the \
    snow melts and the ditches overflow into the old mill pond";

fn write(path: &std::path::Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn legacy_charsets_are_decoded_and_offsets_point_into_the_original_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let latin1 = [
        &b"R\xe9sum\xe9 \xe0 la fran\xe7aise: "[..],
        SHARED.as_bytes(),
        b".\n",
    ]
    .concat();
    let cp1252 = [
        &b"\x93Quoted\x94 \x96 na\xefve caf\xe9: "[..],
        SHARED.as_bytes(),
        b".\n",
    ]
    .concat();
    write(&p.join("a_latin1.txt"), &latin1);
    write(&p.join("b_cp1252.txt"), &cp1252);
    write(
        &p.join("c_utf8.txt"),
        format!("Plain start here: {SHARED}.\n").as_bytes(),
    );
    let (records, out) = scan_json(&["--min-words", "10", p.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "a legacy file is no problem: {stderr}");
    let summary = of_type(&records, "summary")[0];
    assert_eq!(summary["encodings"]["windows-1252"], 2, "{summary}");
    assert_eq!(summary["encodings"]["UTF-8"], 1, "{summary}");
    let original = |id: &str| match id {
        "a_latin1.txt" => latin1.clone(),
        "b_cp1252.txt" => cp1252.clone(),
        _ => std::fs::read(p.join(id)).unwrap(),
    };
    let dups = of_type(&records, "duplicate");
    assert!(!dups.is_empty(), "{records:?}");
    for dup in dups {
        for (side, region) in [("a", "a_region"), ("b", "b_region")] {
            let bytes = original(dup[side].as_str().unwrap());
            let start = dup[region]["start"].as_u64().unwrap() as usize;
            let end = dup[region]["end"].as_u64().unwrap() as usize;
            let quoted = &bytes[start..end];
            assert!(
                quoted.ends_with(b"mill pond"),
                "{}: {:?}",
                dup[side],
                String::from_utf8_lossy(quoted)
            );
        }
    }
    // the text report says where documents came from
    let text = copydesk()
        .args(["scan", "--min-words", "10"])
        .arg(p)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&text.stdout);
    assert!(
        report.contains("documents decoded from: windows-1252 2, UTF-8 1"),
        "{report}"
    );
}

#[test]
fn every_file_in_a_directory_is_read_or_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(
        &p.join("page.html"),
        format!(
            "<!doctype html><html><head><title>T</title><style>p {{}}</style></head><body>\
             <script>var hidden = 1;</script><p>{SHARED}</p></body></html>"
        )
        .as_bytes(),
    );
    write(
        &p.join("README"),
        format!("No extension: {SHARED}").as_bytes(),
    );
    write(
        &p.join("lines.json"),
        format!("{{\"id\":\"j\",\"text\":\"{SHARED}\"}}\n").as_bytes(),
    );
    write(&p.join("array.json"), b"[1, 2, 3]\n");
    write(&p.join("picture.png"), b"\x89PNG\r\n\x1a\n\0\0");
    write(&p.join(".hidden.txt"), SHARED.as_bytes());
    write(&p.join("empty.md"), b"");
    let (records, out) = scan_json(&["--min-words", "10", p.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "the PNG is a problem: {stderr}");
    for named in [
        "array.json: JSON that is not one object per line (JSON Lines), skipped",
        "picture.png: binary file (PNG image), skipped",
        ".hidden.txt: hidden file, skipped",
        "empty.md: empty file, skipped",
    ] {
        assert!(stderr.contains(named), "{named:?} not in:\n{stderr}");
    }
    let cluster = &of_type(&records, "cluster")[0];
    assert_eq!(
        cluster["members"],
        serde_json::json!(["README", "j", "page.html"]),
        "{records:?}"
    );
    let summary = of_type(&records, "summary")[0];
    assert_eq!(summary["problems"], 1);
    assert_eq!(of_type(&records, "problem").len(), 1);
}

#[test]
fn empty_inputs_are_named_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let empty_dir = dir.path().join("nothing");
    std::fs::create_dir(&empty_dir).unwrap();
    let empty_file = dir.path().join("empty.txt");
    write(&empty_file, b"");
    for input in [&empty_dir, &empty_file] {
        let out = copydesk().arg("scan").arg(input).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("no readable document in the input"),
            "{stderr}"
        );
        assert!(
            stderr.contains("directory holds no file to read") || stderr.contains("empty file"),
            "{stderr}"
        );
    }
    // an empty file beside a document is a notice, not a failure
    write(&dir.path().join("nothing/a.txt"), SHARED.as_bytes());
    let out = copydesk()
        .arg("scan")
        .arg(&empty_dir)
        .arg(&empty_file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty.txt: empty file, skipped"));
}

#[test]
fn a_path_named_twice_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let corp = dir.path().join("corp");
    std::fs::create_dir(&corp).unwrap();
    write(&corp.join("a.txt"), SHARED.as_bytes());
    write(&corp.join("b.txt"), b"something else entirely, a few words");
    let c = corp.to_str().unwrap();
    let a = corp.join("a.txt");
    let (records, out) = scan_json(&[c, c, a.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(of_type(&records, "summary")[0]["documents"], 2);
    assert!(of_type(&records, "duplicate").is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already read"));
}

#[test]
fn json_lines_with_a_bom_null_ids_and_repeated_ids() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("d.jsonl");
    write(
        &file,
        b"\xEF\xBB\xBF{\"id\":\"x\",\"text\":\"first\"}\n{\"id\":null,\"text\":\"second\"}\n\
          {\"id\":\"x\",\"text\":\"third\"}\n",
    );
    let (records, out) = scan_json(&[file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "notices are no problems: {stderr}"
    );
    assert!(
        stderr.contains("d.jsonl:2: \"id\" is null; the document is named"),
        "{stderr}"
    );
    assert!(
        stderr.contains("d.jsonl:3: repeated document id \"x\", renamed to \"x#2\""),
        "{stderr}"
    );
    assert_eq!(of_type(&records, "summary")[0]["documents"], 3);
}

#[test]
fn problems_are_summed_up_and_all_listed_in_json() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..15 {
        write(&dir.path().join(format!("bin{i:02}.txt")), b"ab\0cd");
    }
    write(&dir.path().join("ok.txt"), SHARED.as_bytes());
    let (records, out) = scan_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.lines().filter(|l| l.contains("binary file")).count(),
        10,
        "{stderr}"
    );
    assert!(
        stderr.contains("15 input problems in all, 5 not shown above"),
        "{stderr}"
    );
    let problems = of_type(&records, "problem");
    assert_eq!(problems.len(), 15);
    assert!(
        problems[0]["place"]
            .as_str()
            .unwrap()
            .ends_with("bin00.txt")
    );
    let verbose = copydesk()
        .args(["scan", "-v"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&verbose.stderr);
    assert_eq!(
        stderr.lines().filter(|l| l.contains("binary file")).count(),
        15
    );
}

#[test]
fn write_unique_keeps_each_document_as_it_came() {
    let dir = tempfile::tempdir().unwrap();
    let corp = dir.path().join("corp");
    std::fs::create_dir(&corp).unwrap();
    let latin1 = [&b"Caf\xe9 cr\xe8me: "[..], SHARED.as_bytes()].concat();
    write(&corp.join("a.txt"), &latin1);
    let packed = gzip(format!("Another start: {SHARED}").as_bytes());
    write(&corp.join("b.txt.gz"), &packed);
    write(
        &corp.join("other.txt.gz"),
        &gzip(b"words of an unrelated document"),
    );
    let lines = format!(
        "{{\"id\":\"copy\",\"text\":\"{SHARED}\",\"url\":\"http://x/1\"}}\n\
         {{\"id\":\"keep/me\\u0000too\",\"text\":\"distinct text here\",\"n\":[1,2]}}\n"
    );
    write(&corp.join("d.jsonl.gz"), &gzip(lines.as_bytes()));
    let unique = dir.path().join("unique");
    run_ok(
        copydesk()
            .args(["scan", "--min-words", "10", "--write-unique"])
            .arg(&unique)
            .arg(&corp),
    );
    assert_eq!(
        file_names(&unique),
        [
            ".copydesk-removed.jsonl",
            "a.txt",
            "d.jsonl.gz",
            "other.txt.gz"
        ]
    );
    assert_eq!(std::fs::read(unique.join("a.txt")).unwrap(), latin1);
    assert_eq!(
        std::fs::read(unique.join("other.txt.gz")).unwrap(),
        gzip(b"words of an unrelated document")
    );
    let kept = std::fs::read(unique.join("d.jsonl.gz")).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&kept[..]), &mut text).unwrap();
    assert_eq!(
        text,
        "{\"id\":\"keep/me\\u0000too\",\"text\":\"distinct text here\",\"n\":[1,2]}\n"
    );
    let map = std::fs::read_to_string(unique.join(".copydesk-removed.jsonl")).unwrap();
    assert_eq!(
        map,
        "{\"removed\":\"b.txt.gz\",\"kept\":\"a.txt\"}\n{\"removed\":\"copy\",\"kept\":\"a.txt\"}\n"
    );
}

#[test]
fn write_unique_keeps_the_kept_warc_records_as_they_were() {
    use super::common::warc_record;
    let dir = tempfile::tempdir().unwrap();
    let corp = dir.path().join("corp");
    std::fs::create_dir(&corp).unwrap();
    let first = warc_record("resource", "http://a/1", "text/plain", SHARED.as_bytes());
    let copy = warc_record("resource", "http://a/2", "text/plain", SHARED.as_bytes());
    let other = warc_record(
        "resource",
        "http://a/3",
        "text/plain",
        b"an unrelated page of words",
    );
    write(
        &corp.join("crawl.warc"),
        &[first.clone(), copy, other.clone()].concat(),
    );
    let unique = dir.path().join("unique");
    run_ok(
        copydesk()
            .args(["scan", "--write-unique"])
            .arg(&unique)
            .arg(&corp),
    );
    assert_eq!(
        std::fs::read(unique.join("crawl.warc")).unwrap(),
        [first, other].concat()
    );
    assert_eq!(
        std::fs::read_to_string(unique.join(".copydesk-removed.jsonl")).unwrap(),
        "{\"removed\":\"http://a/2\",\"kept\":\"http://a/1\"}\n"
    );
}
