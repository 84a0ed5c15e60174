//! Real mail (issue 26): 29 messages of the SpamAssassin public corpus (tests/data/README.md)
//! in ten charsets, with MIME base64 parts and four groups of templated near-copies.

use super::common::{duplicate_kinds, of_type, scan_json};
use std::path::Path;

fn mail_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mail")
}

#[test]
fn real_mail_is_decoded_grouped_and_its_one_broken_file_named() {
    let dir = mail_dir();
    let (records, out) = scan_json(&[dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // one message mixes UTF-8 and Latin-1 no-break spaces: the only problem
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let problems = of_type(&records, "problem");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]["place"]
            .as_str()
            .unwrap()
            .ends_with("spam-1/00245.f129d5e7df2eebd03948bb4f33fa7107.txt")
    );
    assert_eq!(
        problems[0]["message"],
        "byte 1375 (and 14 more) not valid UTF-8, replaced by U+FFFD"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let summary = of_type(&records, "summary")[0];
    assert_eq!(summary["documents"], 29);
    assert_eq!(
        summary["encodings"],
        serde_json::json!({"UTF-8": 18, "windows-1252": 3, "Big5": 1, "EUC-KR": 1, "GBK": 1,
            "ISO-8859-2": 1, "Shift_JIS": 1, "windows-1250": 1, "windows-1254": 1,
            "windows-874": 1})
    );
    // the four templated groups, each one cluster
    let clusters: Vec<Vec<&str>> = of_type(&records, "cluster")
        .iter()
        .map(|c| {
            c["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| &m.as_str().unwrap()[7..12])
                .collect()
        })
        .collect();
    assert_eq!(
        clusters,
        [
            ["00098", "00129", "00146"],
            ["00272", "00553", "00630"],
            ["00345", "00414", "00518"],
            ["00754", "00817", "00871"]
        ]
    );
    // every reported range lies inside its file's bytes
    for passage in of_type(&records, "passage") {
        for side in ["a", "b"] {
            let id = passage[side]["id"].as_str().unwrap();
            let len = std::fs::metadata(dir.join(id)).unwrap().len();
            let (start, end) = (
                passage[side]["start"].as_u64().unwrap(),
                passage[side]["end"].as_u64().unwrap(),
            );
            assert!(start < end && end <= len, "{passage}");
        }
    }
}

/// Standard base64 of `bytes`, in 76-character lines as MIME writes it.
fn base64_lines(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, &b| n << 8 | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    let lines: Vec<String> = out
        .as_bytes()
        .chunks(76)
        .map(|l| String::from_utf8(l.to_vec()).unwrap())
        .collect();
    lines.join("\n")
}

/// Real messages of the fixture set that are copies of no other, each as a UTF-8 string.
fn unrelated_messages() -> Vec<String> {
    [
        "spam-1/00136.faa39d8e816c70f23b4bb8758d8a74f0.txt",
        "spam-1/00288.8c8bc71976c3b67d900ebd8eeab8a0f5.txt",
        "spam-1/00320.20dcbb5b047b8e2f212ee78267ee27ad.txt",
        "spam-1/00397.1a99f98a5b996f99f3661e9609782932.txt",
        "spam-2/00274.192bd3848a65302344dff2d7c0d3f08a.txt",
        "spam-2/00692.e886bd6ece727e1c1fdbae4dc4b60bb5.txt",
    ]
    .iter()
    .map(|name| String::from_utf8_lossy(&std::fs::read(mail_dir().join(name)).unwrap()).into())
    .collect()
}

/// An attachment: 12 KB that look like a compressed image (a fixed pseudo-random stream).
fn attachment() -> String {
    let mut rng = super::common::Rng(26);
    let bytes: Vec<u8> = (0..12_000).map(|_| rng.next() as u8).collect();
    base64_lines(&bytes)
}

/// Issue 26: one base64 part repeated in unrelated messages (the Big5 mail sent ten times)
/// made them copies; its words are not prose now, so they are not compared, and the messages,
/// mostly that part, are named as mostly non-prose.
#[test]
fn a_repeated_base64_part_makes_no_copies() {
    let dir = tempfile::tempdir().unwrap();
    let part = attachment();
    for (i, message) in unrelated_messages().iter().enumerate() {
        let mail = format!(
            "{message}\n------=_NextPart_000\nContent-Type: image/gif\n\
             Content-Transfer-Encoding: base64\n\n{part}\n------=_NextPart_000--\n"
        );
        std::fs::write(dir.path().join(format!("m{i}.eml")), mail).unwrap();
    }
    let (records, out) = scan_json(&[dir.path().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        of_type(&records, "duplicate"),
        Vec::<&serde_json::Value>::new()
    );
    let named: Vec<&str> = of_type(&records, "non_prose")
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        named,
        ["m0.eml", "m1.eml", "m2.eml", "m3.eml", "m4.eml", "m5.eml"]
    );
    let first = of_type(&records, "non_prose")[0];
    assert!(first["share"].as_f64().unwrap() >= 0.7, "{first}");
    assert_eq!(of_type(&records, "summary")[0]["non_prose"], 6);
}

/// Two unrelated mails whose bodies are base64 (HTML from one spam tool: the same headers,
/// other text) are not paired, and never `spun`; with the same prose under other base64
/// bodies, they are still copies (of their prose).
#[test]
fn unrelated_base64_mails_are_not_paired_and_prose_copies_still_are() {
    let dir = tempfile::tempdir().unwrap();
    let messages = unrelated_messages();
    let headers = "From: offers@example.com\nTo: you@example.org\nSubject: Your offer\n\
        MIME-Version: 1.0\nContent-Type: text/html; charset=\"big5\"\n\
        Content-Transfer-Encoding: base64\n\n";
    for (name, body) in [("a.eml", &messages[0]), ("b.eml", &messages[1])] {
        let html = format!("<html><body><p>{body}</p></body></html>");
        let mail = format!("{headers}{}\n", base64_lines(html.as_bytes()));
        std::fs::write(dir.path().join(name), mail).unwrap();
    }
    // the same prose, with another attachment each: a copy of its prose
    let prose = &messages[2];
    for (name, seed) in [("c.eml", 1u64), ("d.eml", 2)] {
        let mut rng = super::common::Rng(seed);
        let bytes: Vec<u8> = (0..600).map(|_| rng.next() as u8).collect();
        let mail = format!("{prose}\n--part\n{}\n", base64_lines(&bytes));
        std::fs::write(dir.path().join(name), mail).unwrap();
    }
    let (records, out) = scan_json(&[dir.path().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pairs: Vec<(&str, &str, &str)> = duplicate_kinds(&records);
    assert_eq!(pairs, [("c.eml", "d.eml", "near")]);
}
