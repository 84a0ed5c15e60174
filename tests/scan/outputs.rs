//! Outputs are checked before the scan starts, and a failure leaves none of them behind
//! (issue 24, point 3); bad numeric arguments get a clear range message (point 7).

use super::common::{copydesk, file_names, seeds_dir};
use std::path::Path;
use std::process::Output;

fn scan(args: &[&std::ffi::OsStr]) -> Output {
    copydesk()
        .arg("scan")
        .args(args)
        .arg(seeds_dir())
        .output()
        .expect("run copydesk")
}

/// A directory for the outputs, named without `.tmp` so that messages can be checked for
/// temporary names.
fn workdir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("copydesk-outputs-test")
        .tempdir()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The run failed before reading any input: exit 2, the reason on stderr naming `target`, no
/// progress or result, and no temporary file's name in the message.
fn refused_before_work(out: &Output, target: &Path, reason: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&target.display().to_string()), "{err}");
    assert!(err.contains(reason), "{err}");
    assert!(
        !err.contains(".tmp") && !err.contains(".copydesk-"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "no result on stdout");
}

#[test]
fn a_missing_output_directory_is_reported_before_the_scan() {
    let dir = workdir();
    let html = dir.path().join("report.html");
    let target = dir.path().join("missing").join("out.txt");
    let out = scan(&[
        "--html".as_ref(),
        html.as_os_str(),
        "-o".as_ref(),
        target.as_os_str(),
    ]);
    refused_before_work(&out, &target, "does not exist");
    assert!(
        file_names(dir.path()).is_empty(),
        "{:?}",
        file_names(dir.path())
    );
}

#[test]
fn a_directory_in_the_way_of_a_file_output_is_reported_before_the_scan() {
    let dir = workdir();
    let result = dir.path().join("result.txt");
    for option in ["--html", "--learn", "--write-candidates"] {
        let target = dir.path().join(format!("taken{option}"));
        std::fs::create_dir(&target).unwrap();
        let out = scan(&[
            "-o".as_ref(),
            result.as_os_str(),
            option.as_ref(),
            target.as_os_str(),
        ]);
        refused_before_work(&out, &target, "is a directory");
        assert!(!result.exists(), "{option}: the -o file was left behind");
    }
}

#[test]
fn an_existing_unique_directory_is_reported_before_the_scan_and_nothing_is_written() {
    let dir = workdir();
    let unique = dir.path().join("unique");
    std::fs::create_dir(&unique).unwrap();
    let result = dir.path().join("result.jsonl");
    let html = dir.path().join("report.html");
    let learned = dir.path().join("learned.tsv");
    let out = scan(&[
        "--json".as_ref(),
        "-o".as_ref(),
        result.as_os_str(),
        "--html".as_ref(),
        html.as_os_str(),
        "--learn".as_ref(),
        learned.as_os_str(),
        "--write-unique".as_ref(),
        unique.as_os_str(),
    ]);
    refused_before_work(&out, &unique, "already exists");
    assert_eq!(file_names(dir.path()), ["unique"]);
    assert!(file_names(&unique).is_empty());
}

#[test]
fn one_file_named_for_two_outputs_is_refused() {
    let dir = workdir();
    let both = dir.path().join("both.txt");
    let out = scan(&[
        "--learn".as_ref(),
        both.as_os_str(),
        "--write-candidates".as_ref(),
        both.as_os_str(),
    ]);
    refused_before_work(&out, &both, "two outputs");
    assert!(!both.exists());
}

/// Every output of one run, written together.
#[test]
fn all_outputs_appear_together_on_success() {
    let dir = workdir();
    let result = dir.path().join("result.jsonl");
    let html = dir.path().join("report.html");
    let learned = dir.path().join("learned.tsv");
    let candidates = dir.path().join("candidates.jsonl");
    let unique = dir.path().join("unique");
    let out = scan(&[
        "--json".as_ref(),
        "-o".as_ref(),
        result.as_os_str(),
        "--html".as_ref(),
        html.as_os_str(),
        "--learn".as_ref(),
        learned.as_os_str(),
        "--write-candidates".as_ref(),
        candidates.as_os_str(),
        "--write-unique".as_ref(),
        unique.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        file_names(dir.path()),
        [
            "candidates.jsonl",
            "learned.tsv",
            "report.html",
            "result.jsonl",
            "unique"
        ]
    );
    assert!(out.stdout.is_empty(), "the results went to -o");
}

#[test]
fn numbers_out_of_range_get_a_message_that_gives_the_range() {
    for (option, value, expected) in [
        ("--threads", "0", "expected 1 or more"),
        ("--min-words", "0", "expected 1 or more"),
        ("--learn-min", "0", "expected 1 or more"),
        ("--boilerplate-docs", "1", "expected 2 or more"),
        ("--boilerplate-docs", "-3", "not a whole number"),
        (
            "--threshold",
            "-1",
            "expected a number above 0 and at most 1",
        ),
        (
            "--threshold",
            "0",
            "expected a number above 0 and at most 1",
        ),
        (
            "--coverage",
            "1.5",
            "expected a number above 0 and at most 1",
        ),
        ("--containment", "x", "not a number"),
    ] {
        let out = scan(&[option.as_ref(), value.as_ref()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{option} {value}: {err}");
        assert!(
            err.contains(option) && err.contains(expected),
            "{option} {value}: {err}"
        );
        assert!(out.stdout.is_empty());
    }
}

/// An output that is a named pipe (or `/dev/null`) is written in place: renaming the staged
/// file over it would replace the pipe (as root, `/dev/null` itself) and its reader would
/// wait for ever.
#[cfg(unix)]
#[test]
fn a_named_pipe_output_is_written_in_place() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let dir = workdir();
    let pipe = dir.path().join("results.pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());
    let reading = pipe.clone();
    // Opening a pipe to read waits for its writer; with the old rename, none ever came and
    // this thread stays blocked (it is not joined then: the assertions below fail first).
    let (sent, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        std::fs::File::open(&reading)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        sent.send(text).unwrap();
    });
    let out = scan(&["--json".as_ref(), "-o".as_ref(), pipe.as_os_str()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let kind = std::fs::symlink_metadata(&pipe).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe was replaced: {kind:?}");
    let text = received
        .recv_timeout(std::time::Duration::from_secs(600))
        .expect("the pipe's reader got the results");
    assert!(
        text.lines().any(|l| l.contains("\"type\":\"summary\"")),
        "{text}"
    );
    assert!(
        file_names(dir.path()) == ["results.pipe"],
        "no staged file left"
    );
}
