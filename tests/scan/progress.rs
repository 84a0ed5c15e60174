//! Progress and `--quiet`: nothing but messages on stderr when it is a pipe, no notice with
//! `--quiet` (input problems are still reported), and a progress line on a terminal that
//! leaves stdout as it was.

use super::common::{copydesk, run_ok, seeds_dir};
use std::process::Command;

#[test]
fn a_piped_stderr_gets_no_progress_and_quiet_silences_notices() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = seeds_dir();
    let out = run_ok(copydesk().args(["scan", "--spin"]).arg(&seeds));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let learned = dir.path().join("learned.tsv");
    let noisy = run_ok(
        copydesk()
            .arg("scan")
            .arg("--learn")
            .arg(&learned)
            .arg(&seeds),
    );
    assert!(String::from_utf8_lossy(&noisy.stderr).contains("spinner substitutions learned"));
    let quiet = run_ok(
        copydesk()
            .args(["scan", "--quiet", "--learn"])
            .arg(&learned)
            .arg(&seeds),
    );
    assert!(
        quiet.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&quiet.stderr)
    );
    assert_eq!(quiet.stdout, noisy.stdout, "--quiet changes no result");
}

#[test]
fn quiet_still_reports_input_problems() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(dir.path().join("bin.txt"), b"ab\0cd").unwrap();
    std::fs::write(dir.path().join("text.txt"), "a few words of text").unwrap();
    let out = copydesk()
        .args(["scan", "-q"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    // the empty file is a notice, which --quiet silences; the binary one is a problem
    assert!(
        stderr.contains("bin.txt: binary file (NUL byte), skipped"),
        "{stderr}"
    );
}

#[test]
fn quiet_and_verbose_conflict() {
    let out = copydesk()
        .args(["scan", "--quiet", "--verbose"])
        .arg(seeds_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Runs `command` with stdin, stdout and stderr on a pseudo-terminal (util-linux `script`) and
/// returns what the terminal showed; `None` when `script` is not installed.
fn on_terminal(command: &str) -> Option<String> {
    let out = Command::new("script")
        .args(["-q", "-e", "-c", command, "/dev/null"])
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_terminal_shows_a_progress_line_that_is_cleared_and_changes_no_result() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_copydesk");
    let seeds = seeds_dir();
    let results = dir.path().join("results.txt");
    let command = format!(
        "'{bin}' scan --spin '{}' > '{}'",
        seeds.display(),
        results.display()
    );
    let Some(shown) = on_terminal(&command) else {
        eprintln!("skipped: `script` (util-linux) is not installed, no terminal to test on");
        return;
    };
    // the line is redrawn in place (carriage return, erase line) and names what it counts
    assert!(
        shown.contains("\r\x1b[2K"),
        "no progress line drawn: {shown:?}"
    );
    assert!(
        [
            "starting",
            "files read",
            "documents",
            "pairs aligned",
            "candidates verified"
        ]
        .iter()
        .any(|label| shown.contains(label)),
        "{shown:?}"
    );
    let piped = run_ok(copydesk().args(["scan", "--spin"]).arg(&seeds)).stdout;
    assert_eq!(std::fs::read(&results).unwrap(), piped);

    let quiet = on_terminal(&format!("{command} --quiet")).unwrap();
    assert!(quiet.is_empty(), "--quiet drew something: {quiet:?}");
}
