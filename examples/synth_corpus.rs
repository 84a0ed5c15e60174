//! Builds a labelled corpus (`copydesk::synth::build_corpus`) from a directory of `.txt`
//! sources: writes OUT_DIR/corpus.jsonl (`{"id","text"}` lines, readable by `copydesk scan`)
//! and OUT_DIR/gold.jsonl (the gold records). A stand-in until `copydesk synth` exists.
//!
//! Usage: synth_corpus [--seed S] [--spin-rate R] [--edit-rate R] IN_DIR OUT_DIR

use copydesk::corpus::Document;
use copydesk::synth::{SynthConfig, build_corpus, write_documents_jsonl};
use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("synth_corpus: {err}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut cfg = SynthConfig::default();
    let mut dirs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<f64, String> {
            let v = args.next().ok_or(format!("{name} needs a value"))?;
            v.parse().map_err(|e| format!("{name}: {e}"))
        };
        match arg.as_str() {
            "--seed" => cfg.seed = number("--seed")? as u64,
            "--spin-rate" => cfg.spin_rate = number("--spin-rate")?,
            "--edit-rate" => cfg.edit_rate = number("--edit-rate")?,
            _ => dirs.push(PathBuf::from(arg)),
        }
    }
    let [input, output] = <[PathBuf; 2]>::try_from(dirs)
        .map_err(|_| "usage: synth_corpus [--seed S] [--spin-rate R] IN_DIR OUT_DIR")?;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&input)
        .map_err(|e| format!("{}: {e}", input.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut sources = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let id = path.file_name().expect("a file name").to_string_lossy();
        sources.push(Document::new(id, text));
    }
    let (docs, gold) = build_corpus(&sources, &cfg);
    std::fs::create_dir_all(&output).map_err(|e| e.to_string())?;
    let create = |name: &str| {
        std::fs::File::create(output.join(name))
            .map(BufWriter::new)
            .map_err(|e| format!("{name}: {e}"))
    };
    write_documents_jsonl(&docs, create("corpus.jsonl")?).map_err(|e| e.to_string())?;
    gold.write_jsonl(create("gold.jsonl")?)
        .map_err(|e| e.to_string())?;
    eprintln!(
        "synth_corpus: {} sources -> {} documents, {} gold records in {}",
        sources.len(),
        docs.len(),
        gold.records.len(),
        output.display()
    );
    Ok(())
}
