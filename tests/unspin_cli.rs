//! `copydesk unspin` end to end: outputs, exit codes and messages for bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn copydesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .output()
        .expect("run copydesk")
}

fn seed003() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("003"))
        .unwrap()
}

/// Runs copydesk with `input` on stdin.
fn copydesk_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run copydesk");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// `copydesk unspin --dictionary DICT TEXT`.
fn unspin_with(dict: &Path, text: &Path) -> Output {
    copydesk(&[
        "unspin",
        "--dictionary",
        dict.to_str().unwrap(),
        text.to_str().unwrap(),
    ])
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn restores_the_spun_seed() {
    let o = copydesk(&["unspin", seed003().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("U.S. military, law enforcement and intelligence officials"));
    assert!(out.contains("The Washington Post"));
    assert!(!out.contains("White Home"));
}

#[test]
fn json_lines_have_edits_then_the_verdict() {
    let path = seed003();
    let input = std::fs::read_to_string(&path).unwrap();
    let o = copydesk(&["unspin", "--json", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (last, edits) = lines.split_last().unwrap();
    assert_eq!(last["type"], "spin");
    assert_eq!(last["spun"], true);
    assert!(last["score"].as_f64().unwrap() > 0.9);
    assert!(edits.len() > 100);
    let mut found = false;
    for e in edits {
        assert_eq!(e["type"], "edit");
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&input[s..t], e["spun"].as_str().unwrap());
        found |= e["spun"] == "legislation" && e["original"] == "law";
    }
    assert!(found);
    assert_eq!(last["edits"].as_u64(), Some(edits.len() as u64));
}

/// The restored text, written edit by edit as restoration makes them, is the input with the
/// `--json` edits applied, byte for byte.
#[test]
fn restored_text_is_the_input_with_the_json_edits_applied() {
    let path = seed003();
    let input = std::fs::read_to_string(&path).unwrap();
    let json = copydesk(&["unspin", "--json", path.to_str().unwrap()]);
    let mut expected = String::new();
    let mut at = 0;
    for line in stdout(&json).lines() {
        let e: serde_json::Value = serde_json::from_str(line).unwrap();
        if e["type"] == "edit" {
            let start = e["start"].as_u64().unwrap() as usize;
            expected.push_str(&input[at..start]);
            expected.push_str(e["original"].as_str().unwrap());
            at = e["end"].as_u64().unwrap() as usize;
        }
    }
    expected.push_str(&input[at..]);
    assert!(at > input.len() / 2);
    let restored = copydesk(&["unspin", path.to_str().unwrap()]);
    assert_eq!(restored.status.code(), Some(0));
    assert_eq!(stdout(&restored), expected);
}

#[test]
fn stdin_diff_and_atomic_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.txt");
    std::fs::copy(seed003(), &input).unwrap();
    let out = dir.path().join("out.txt");
    let o = copydesk(&[
        "unspin",
        "--diff",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let diff = std::fs::read_to_string(&out).unwrap();
    assert!(diff.starts_with("---"));
    assert!(diff.contains("-The Trump administration") || diff.contains("White Home"));
    // Writing over the input is refused, and the input is untouched.
    let before = std::fs::read(&input).unwrap();
    let o = copydesk(&[
        "unspin",
        input.to_str().unwrap(),
        "-o",
        input.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("refusing"));
    assert_eq!(std::fs::read(&input).unwrap(), before);
    // Stdin.
    let o = copydesk_stdin(&["unspin", "-"], b"Plain honest words.\n");
    assert_eq!(stdout(&o), "Plain honest words.\n");
}

#[test]
fn bad_inputs_get_clear_messages_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.path().join("bin.txt");
    std::fs::write(&binary, b"ab\0cd").unwrap();
    let lossy = dir.path().join("lossy.txt");
    std::fs::write(&lossy, b"Honest caf\xc3\xa9 text \xff here.\n").unwrap();
    for (path, code, msg) in [
        (&empty, 2, "empty"),
        (&binary, 2, "binary"),
        (&dir.path().join("missing.txt"), 2, "missing.txt"),
        (&lossy, 1, "byte 18 not valid UTF-8"),
    ] {
        let o = copydesk(&["unspin", path.to_str().unwrap()]);
        assert_eq!(
            o.status.code(),
            Some(code),
            "{}: {}",
            path.display(),
            stderr(&o)
        );
        let err = stderr(&o);
        assert!(err.starts_with("copydesk: ") && err.contains(msg), "{err}");
    }
}

#[test]
fn user_dictionaries_tsv_and_pps_csv() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("paper.txt");
    std::fs::write(
        &text,
        "We train a profound learning model. Profound learning and counterfeit consciousness \
         are popular. Counterfeit consciousness is studied with profound learning methods.\n",
    )
    .unwrap();
    let csv = dir.path().join("pps.csv");
    std::fs::write(
        &csv,
        "Tortured phrase,Expected phrase,Number of papers\n\
         counterfeit consciousness,artificial intelligence,120\n\
         profound learning,deep learning,80\n\
         bosom AND malignancy,breast cancer,3\n\
         irregular ~2 woodland,random forest,7\n",
    )
    .unwrap();
    let o = unspin_with(&csv, &text);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("skipped 2 rows"), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("deep learning") && out.contains("Artificial intelligence"),
        "{out}"
    );

    // The export as the Screener publishes it: quoted exact-phrase searches, annotated
    // expected phrases.
    let export = dir.path().join("export.csv");
    std::fs::write(
        &export,
        "\"Fingerprint - Tortured Phrase\",\"Expected Text\",\"Nb Retrieved Papers\"\n\
         \"\"\"profound learning\"\"\",\"deep learning (DL)\",\"4,146\"\n\
         \"\"\"counterfeit consciousness\"\"\",\"artificial intelligence\",\"120\"\n\
         \"\"\"bosom\"\" AND \"\"breast\"\"\",\"breast\",\"13\"\n\
         \"\"\"sound rhythm\"\"\",\"beat pattern (?)\",\"11\"\n",
    )
    .unwrap();
    let o = unspin_with(&export, &text);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("skipped 1 row that is a search query"),
        "{err}"
    );
    assert!(err.contains("skipped 1 row whose expected phrase"), "{err}");
    let restored = stdout(&o);
    assert!(
        restored.contains("deep learning methods") && restored.contains("Artificial intelligence"),
        "{restored}"
    );
    assert!(!restored.contains("(DL)"), "{restored}");

    let tsv = dir.path().join("mine.tsv");
    std::fs::write(
        &tsv,
        "# mine\nprofound learning\tdeep learning\nno tab on this row\n",
    )
    .unwrap();
    let o = unspin_with(&tsv, &text);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("{}:3:", tsv.display())), "{err}");
    assert!(stdout(&o).contains("deep learning"));

    let o = unspin_with(&dir.path().join("nope.tsv"), &text);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope.tsv"));
    assert!(o.stdout.is_empty());
}

#[test]
fn wide_lm_flags_choose_the_restoration_model() {
    let seed = seed003();
    let plain = copydesk(&["unspin", "--no-wide-lm", seed.to_str().unwrap()]);
    let default = copydesk(&["unspin", seed.to_str().unwrap()]);
    let wide = copydesk(&["unspin", "--wide-lm", seed.to_str().unwrap()]);
    for o in [&plain, &default, &wide] {
        assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    }
    assert!(stdout(&plain).contains("Getty Pictures"));
    // Seed 003 shows the phrase-table spinner's signatures: the default uses the wider model.
    assert!(stdout(&default).contains("Getty Images"));
    assert!(!stdout(&default).contains("Getty Pictures"));
    assert_eq!(stdout(&wide), stdout(&default));
    let both = copydesk(&[
        "unspin",
        "--wide-lm",
        "--no-wide-lm",
        seed.to_str().unwrap(),
    ]);
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn the_verdict_is_one_line_on_stderr_and_quiet_silences_it() {
    let seed = seed003();
    let o = copydesk(&["unspin", seed.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "copydesk: {}: spun (score 1.00), ",
            seed.display()
        )) && err.trim_end().ends_with(" restorations"),
        "{err}"
    );
    let quiet = copydesk(&["unspin", "--quiet", seed.to_str().unwrap()]);
    assert!(quiet.stderr.is_empty(), "{}", stderr(&quiet));
    assert_eq!(
        quiet.stdout, o.stdout,
        "the verdict does not change the text"
    );

    let honest = copydesk_stdin(
        &["unspin", "-"],
        b"The cat sat on the mat and looked at the door.",
    );
    assert_eq!(
        stderr(&honest),
        "copydesk: -: not spun (score 0.00), 0 restorations\n"
    );
}

#[test]
fn a_missing_source_is_named_as_the_source() {
    let seed = seed003();
    let o = copydesk(&[
        "unspin",
        "--source",
        "/nonexistent/source.txt",
        seed.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("/nonexistent/source.txt: cannot read the --source text"),
        "{err}"
    );
    assert!(!err.contains(&seed.display().to_string()), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn json_floats_are_rounded_and_never_negative_zero() {
    let seed = seed003();
    let o = copydesk(&["unspin", "--json", seed.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let honest = copydesk_stdin(
        &["unspin", "--json", "-"],
        b"The cat sat on the mat and looked at the door.",
    );
    for out in [&o, &honest] {
        let text = stdout(out);
        assert!(
            !text.contains(":-0.0,") && !text.contains(":-0.0}"),
            "{text}"
        );
        for line in text.lines() {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            for (key, value) in record.as_object().unwrap() {
                if let Some(x) = value.as_f64().filter(|_| value.is_f64()) {
                    assert_eq!(x, (x * 1e4).round() / 1e4, "{key} in {line}");
                    assert!(!(x == 0.0 && x.is_sign_negative()), "{key} in {line}");
                }
            }
        }
    }
}
