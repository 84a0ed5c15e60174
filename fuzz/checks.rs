//! What must hold for any input to the three fuzzed entry points: the JSON Lines reader, the
//! WARC reader and the tokenizer. The fuzz targets call these on every generated input, and
//! `tests/fuzz_regressions.rs` replays the saved findings (`tests/fuzz_findings/`) through them,
//! so the invariants live in one place. A panic anywhere (ours or a crate's) is a finding.

#![allow(dead_code)] // each target uses one check

use copydesk::corpus::{ReadOptions, read_jsonl_bytes, read_warc_bytes};
use copydesk::diagnostics::Diagnostics;
use copydesk::text;
use unicode_segmentation::UnicodeSegmentation;

/// Every non-blank line (after a leading UTF-8 byte-order mark) becomes a document, or one
/// reported problem, or both (a document whose bytes were malformed in its charset).
pub fn check_jsonl(data: &[u8]) {
    let diag = Diagnostics::silent();
    let docs = read_jsonl_bytes("f.jsonl", "f.jsonl", data, &ReadOptions::default(), &diag);
    let body = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let lines = body
        .split(|&b| b == b'\n')
        .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
        .count();
    assert!(docs.len() <= lines && diag.problems() <= lines);
    assert!(docs.len() + diag.problems() >= lines);
}

/// No more documents than records, each with an id and some text.
pub fn check_warc(data: &[u8]) {
    let diag = Diagnostics::silent();
    let docs = read_warc_bytes("f.warc", data, &diag);
    let records = memchr_count(data, b"WARC/");
    assert!(
        docs.len() <= records,
        "{} documents from {records} records",
        docs.len()
    );
    for doc in &docs {
        assert!(!doc.id.is_empty());
        assert!(!doc.text.trim().is_empty());
    }
}

/// The words are exactly UAX #29's (the `unicode-segmentation` crate, which the scanner's ASCII
/// fast path must agree with); spans are non-empty, in order, on character boundaries, hashed as
/// `word_hash` hashes their text, and found again from the checkpoints.
pub fn check_tokenizer(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    assert!(
        text::word_indices(&text).eq(text.unicode_word_indices()),
        "the scanner's words differ from the crate's"
    );
    let words = text::tokenize(&text);
    let mut previous_end = 0;
    for (span, &hash) in words.spans.iter().zip(&words.hashes) {
        assert!(span.start >= previous_end && span.start < span.end);
        assert!(text.is_char_boundary(span.start as usize));
        assert!(text.is_char_boundary(span.end as usize));
        assert_eq!(hash, text::word_hash(&text[span.range()]));
        previous_end = span.end;
    }
    let (keys, checkpoints) = text::keys_and_checkpoints(&text);
    assert!(
        keys.iter()
            .copied()
            .eq(words.hashes.iter().map(|&h| text::word_key(h)))
    );
    for (i, span) in words.spans.iter().enumerate() {
        assert_eq!(text::span_at(&text, &checkpoints, i), Some(*span));
    }
    assert_eq!(text::span_at(&text, &checkpoints, words.len()), None);
}

fn memchr_count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}
