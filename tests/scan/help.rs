//! The command's own documentation: exit codes at the end of every `--help`, shell completions
//! and manual pages generated from the argument definitions (issue 24, point 8).

use super::common::{copydesk, run_ok};

#[test]
fn every_help_ends_with_the_exit_codes() {
    for args in [
        &["--help"][..],
        &["scan", "--help"],
        &["unspin", "--help"],
        &["eval", "--help"],
        &["synth", "--help"],
    ] {
        let out = run_ok(copydesk().args(args));
        let help = String::from_utf8(out.stdout).unwrap();
        let codes = help
            .find("Exit codes:")
            .unwrap_or_else(|| panic!("{args:?}: {help}"));
        for code in [
            "0  success",
            "1  finished, but some input had problems",
            "2  could not run",
        ] {
            assert!(help[codes..].contains(code), "{args:?}: {help}");
        }
    }
}

#[test]
fn completions_and_man_pages_come_from_the_binary() {
    let bash = run_ok(copydesk().args(["completions", "bash"]));
    let bash = String::from_utf8(bash.stdout).unwrap();
    assert!(
        bash.contains("_copydesk()") && bash.contains("--write-unique"),
        "{bash}"
    );
    let zsh = run_ok(copydesk().args(["completions", "zsh"]));
    assert!(
        String::from_utf8(zsh.stdout)
            .unwrap()
            .starts_with("#compdef copydesk")
    );
    let bad = copydesk()
        .args(["completions", "cmd.exe"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));

    let page = run_ok(copydesk().arg("man"));
    let page = String::from_utf8(page.stdout).unwrap();
    assert!(
        page.contains(".TH copydesk 1") && page.contains("scan"),
        "{page}"
    );

    let dir = tempfile::tempdir().unwrap();
    run_ok(copydesk().args(["man", "--dir"]).arg(dir.path()));
    let scan_page = std::fs::read_to_string(dir.path().join("copydesk-scan.1")).unwrap();
    assert!(scan_page.contains("\\-\\-write\\-unique"), "{scan_page}");
    for name in [
        "copydesk.1",
        "copydesk-unspin.1",
        "copydesk-eval.1",
        "copydesk-synth.1",
    ] {
        assert!(dir.path().join(name).exists(), "{name}");
    }
    let missing = copydesk()
        .args(["man", "--dir"])
        .arg(dir.path().join("missing"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does not exist"));
}
