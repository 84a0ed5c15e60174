//! Helpers shared by the scan tests: running the binary and reading its JSON Lines.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

pub fn copydesk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

pub fn seeds_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Runs `copydesk scan --json ARGS...` and returns (records, output).
pub fn scan_json(args: &[&str]) -> (Vec<Value>, Output) {
    let out = copydesk()
        .arg("scan")
        .arg("--json")
        .args(args)
        .output()
        .expect("run copydesk");
    let records = records(&String::from_utf8(out.stdout.clone()).expect("utf-8 output"));
    (records, out)
}

/// The records of a JSON Lines report.
pub fn records(report: &str) -> Vec<Value> {
    report
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// The `duplicate` records as (a, b, kind).
pub fn duplicate_kinds(records: &[Value]) -> Vec<(&str, &str, &str)> {
    of_type(records, "duplicate")
        .iter()
        .map(|d| {
            (
                d["a"].as_str().unwrap(),
                d["b"].as_str().unwrap(),
                d["kind"].as_str().unwrap(),
            )
        })
        .collect()
}

pub fn of_type<'a>(records: &'a [Value], kind: &str) -> Vec<&'a Value> {
    records.iter().filter(|r| r["type"] == kind).collect()
}

/// A tiny deterministic generator for test corpora (no dependency on proptest's).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut z = self.0;
        z = (z ^ (z >> 33)).wrapping_mul(0xff51afd7ed558ccd);
        z ^ (z >> 33)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A vocabulary of made-up words, large enough that random texts share no long runs.
pub fn vocabulary(size: usize) -> Vec<String> {
    let syll = [
        "ka", "lo", "mi", "ter", "sa", "ne", "vo", "rup", "di", "zel", "ba", "qu",
    ];
    (0..size)
        .map(|i| {
            let mut w = String::new();
            let mut n = i + 1;
            while n > 0 {
                w.push_str(syll[n % syll.len()]);
                n /= syll.len();
            }
            w
        })
        .collect()
}

/// Runs a command that must succeed; a failure shows its stderr.
pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run copydesk");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The names of the entries of a directory, sorted.
pub fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// One WARC record with the given type, target URI, Content-Type and block.
pub fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{}>\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// An HTTP response record (`application/http; msgtype=response`) with a 200 status.
pub fn warc_response(uri: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
    http.extend_from_slice(body);
    warc_record("response", uri, "application/http; msgtype=response", &http)
}

/// Gzip, one member.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}
