//! `scan --learn`: the spinner's substitutions are read off a spun copy aligned with its source.

use super::common::{copydesk, run_ok};
use copydesk::synth::{SpinConfig, SpinTable, spin};
use std::collections::HashMap;

/// The State of the Union extracts of tests/data (its .txt files; tests/data/eval holds the
/// eval gold), in name order.
fn sotu_extracts() -> Vec<std::path::PathBuf> {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut paths: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn learned_pairs_are_the_spinners_substitutions() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let table = SpinTable::embedded();
    for path in sotu_extracts() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let spun = spin(&text, table, &SpinConfig::default());
        std::fs::write(dir.path().join(&name), &text).unwrap();
        std::fs::write(dir.path().join(format!("spun_{name}")), &spun.text).unwrap();
    }
    let learned = outside.path().join("learned.tsv");
    let corpus = dir.path().to_path_buf();
    run_ok(
        copydesk()
            .args(["scan", "--json", "--learn-min", "2", "--learn"])
            .arg(&learned)
            .arg(&corpus),
    );
    let truth: HashMap<String, String> = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dictionaries/moby_spinner.tsv"),
    )
    .unwrap()
    .lines()
    .filter(|l| !l.starts_with('#') && !l.is_empty())
    .filter_map(|l| l.split_once('\t'))
    .map(|(w, r)| (w.to_string(), r.split('\t').next().unwrap().to_string()))
    .collect();
    let pairs: Vec<(String, String)> = std::fs::read_to_string(&learned)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let mut f = l.split('\t');
            (f.next().unwrap().to_string(), f.next().unwrap().to_string())
        })
        .collect();
    assert!(pairs.len() >= 30, "only {} pairs learned", pairs.len());
    let right = pairs
        .iter()
        .filter(|(spun, original)| truth.get(original) == Some(spun))
        .count();
    assert!(
        right * 100 >= pairs.len() * 95,
        "{right} of {} learned pairs are the spinner's",
        pairs.len()
    );
}

#[test]
fn unspin_with_the_source_restores_a_spun_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = sotu_extracts().remove(0);
    let original = std::fs::read_to_string(&path).unwrap();
    let spun = spin(&original, SpinTable::embedded(), &SpinConfig::default());
    let (src, spun_path) = (dir.path().join("source.txt"), dir.path().join("spun.txt"));
    std::fs::write(&src, &original).unwrap();
    std::fs::write(&spun_path, &spun.text).unwrap();
    let out = run_ok(
        copydesk()
            .args(["unspin", "--source"])
            .arg(&src)
            .arg(&spun_path),
    );
    let restored = String::from_utf8(out.stdout).unwrap();
    let words = |t: &str| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    let (want, got, before) = (words(&original), words(&restored), words(&spun.text));
    let differing = |x: &[String]| x.iter().zip(&want).filter(|(a, b)| a != b).count();
    assert!(
        differing(&before) * 10 > want.len(),
        "the spinner changed many words"
    );
    assert_eq!(got.len(), want.len());
    assert!(
        differing(&got) * 100 <= want.len(),
        "{} of {} words still differ",
        differing(&got),
        want.len()
    );
    let json = copydesk()
        .args(["unspin", "--json", "--source"])
        .arg(&src)
        .arg(&spun_path)
        .output()
        .unwrap();
    let text = String::from_utf8(json.stdout).unwrap();
    assert!(
        text.lines()
            .filter(|l| l.contains("\"type\":\"edit\""))
            .all(|l| l.contains("\"confidence\":1.0") && l.contains("\"source\":\"aligned\""))
    );
}
