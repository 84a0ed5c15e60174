//! Spins every `.txt` file of a directory with the evaluation spinner (`copydesk::synth`),
//! writing the spun texts and, per file, the gold edits as JSON Lines. Used by
//! `bench/unspin_eval/run.sh`; deterministic under `--seed`.
//!
//! Usage: synth_spin [--rate R] [--seed S] [--table FILE.tsv] IN_DIR OUT_DIR
//! Writes OUT_DIR/spun/NAME.txt and OUT_DIR/gold/NAME.jsonl, one record per replaced word:
//! {"spun_start","spun_end","orig_start","orig_end","original","spun"} (byte offsets).

use copydesk::synth::{SpinConfig, SpinTable, spin};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("synth_spin: {err}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut cfg = SpinConfig::default();
    let mut table_path = None;
    let mut dirs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--rate" => {
                cfg.rate = value("--rate")?
                    .parse()
                    .map_err(|e| format!("--rate: {e}"))?
            }
            "--seed" => {
                cfg.seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--table" => table_path = Some(PathBuf::from(value("--table")?)),
            _ => dirs.push(PathBuf::from(arg)),
        }
    }
    let [input, output] = <[PathBuf; 2]>::try_from(dirs)
        .map_err(|_| "usage: synth_spin [--rate R] [--seed S] [--table F] IN_DIR OUT_DIR")?;
    let owned;
    let table = match &table_path {
        Some(path) => {
            owned = SpinTable::from_path(path)?;
            &owned
        }
        None => SpinTable::embedded(),
    };
    let io = |e: std::io::Error| e.to_string();
    std::fs::create_dir_all(output.join("spun")).map_err(io)?;
    std::fs::create_dir_all(output.join("gold")).map_err(io)?;
    let mut names: Vec<PathBuf> = std::fs::read_dir(&input)
        .map_err(|e| format!("{}: {e}", input.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let (mut words, mut edits) = (0usize, 0usize);
    for path in &names {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let spun = spin(&text, table, &cfg);
        let name = path.file_name().expect("a file name");
        std::fs::write(output.join("spun").join(name), &spun.text).map_err(io)?;
        let mut gold = String::new();
        for edit in &spun.edits {
            gold.push_str(&serde_json::to_string(edit).map_err(|e| e.to_string())?);
            gold.push('\n');
        }
        let gold_path = output.join("gold").join(name).with_extension("jsonl");
        std::fs::write(gold_path, gold).map_err(io)?;
        words += copydesk::text::word_indices(&text).count();
        edits += spun.edits.len();
    }
    eprintln!(
        "synth_spin: {} files, {words} words, {edits} replaced ({:.1}%), table of {} words",
        names.len(),
        100.0 * edits as f64 / words.max(1) as f64,
        table.len()
    );
    Ok(())
}
