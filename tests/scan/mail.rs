//! Real mail (issue 26): 29 messages of the SpamAssassin public corpus (tests/data/README.md)
//! in ten charsets, with MIME base64 parts and four groups of templated near-copies.

use super::common::{of_type, scan_json};
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
