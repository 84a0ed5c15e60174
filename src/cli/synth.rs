//! `copydesk synth`: a labelled corpus with known copies, built from real text and a seed.
//!
//! Wraps `crate::synth::build_corpus`: sources are read with the corpus reader (files,
//! directories, JSON Lines, gzip, `-`), and OUT_DIR receives `corpus.jsonl` (the documents,
//! for `copydesk scan`), `gold.jsonl` (the gold records, for `copydesk eval`) and
//! `unspin-gold.jsonl` (original and spun text of every spun copy, for `copydesk eval
//! --unspin`), each written atomically. The same sources and options give the same bytes.

use super::output::{Output, refuse_inputs};
use super::{CliError, CliResult, Outcome};
use crate::corpus::{Document, ReadOptions, read_corpus};
use crate::diagnostics::Diagnostics;
use crate::synth::{Gold, GoldRecord, SynthConfig, build_corpus, write_documents_jsonl};
use clap::Args;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `copydesk synth`.
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Source documents: files, directories (read as `scan` reads them) or `-` for stdin.
    #[arg(required = true)]
    pub sources: Vec<PathBuf>,
    /// Directory to write corpus.jsonl, gold.jsonl and unspin-gold.jsonl into (created if missing).
    #[arg(short, long, value_name = "OUT_DIR")]
    pub output: PathBuf,
    /// Seed of every random choice.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Exact copies of origin documents.
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().exact_copies)]
    pub exact: usize,
    /// Copies with word edits (substitutions, insertions, deletions).
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().edited_copies)]
    pub edited: usize,
    /// Share of words edited in an edited copy.
    #[arg(long, value_name = "R", default_value_t = SynthConfig::default().edit_rate, value_parser = rate)]
    pub edit_rate: f64,
    /// Copies spun by the evaluation spinner.
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().spun_copies)]
    pub spun: usize,
    /// The spinner's rate: share of the words it knows that it replaces.
    #[arg(long, value_name = "R", default_value_t = SynthConfig::default().spin_rate, value_parser = rate)]
    pub spin_rate: f64,
    /// Verbatim passages of one source inserted into another.
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().copy_passages)]
    pub copy_passages: usize,
    /// Spun passages of one source inserted into another.
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().spun_passages)]
    pub spun_passages: usize,
    /// Fewest words of an inserted passage.
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().passage_words.0)]
    pub min_passage_words: usize,
    /// Most words of an inserted passage.
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().passage_words.1)]
    pub max_passage_words: usize,
    /// Distinct boilerplate lines (at most 8).
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().boilerplate_lines)]
    pub boilerplate_lines: usize,
    /// Share of sources each boilerplate line is put into.
    #[arg(long, value_name = "R", default_value_t = SynthConfig::default().boilerplate_fraction, value_parser = rate)]
    pub boilerplate_fraction: f64,
}

fn rate(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err("must be in [0, 1]".into())
    }
}

pub fn run(args: SynthArgs) -> CliResult {
    refuse_inputs(&args.output, &args.sources)?;
    if args.min_passage_words > args.max_passage_words {
        return Err(CliError::Message(format!(
            "--min-passage-words {} is above --max-passage-words {}",
            args.min_passage_words, args.max_passage_words
        )));
    }
    let diag = Diagnostics::new();
    let sources = read_corpus(&args.sources, &ReadOptions::default(), &diag);
    if sources.is_empty() {
        return Err(CliError::Message(
            "no readable source document in the input".into(),
        ));
    }
    let cfg = SynthConfig {
        seed: args.seed,
        exact_copies: args.exact,
        edited_copies: args.edited,
        edit_rate: args.edit_rate,
        spun_copies: args.spun,
        spin_rate: args.spin_rate,
        copy_passages: args.copy_passages,
        spun_passages: args.spun_passages,
        passage_words: (args.min_passage_words, args.max_passage_words),
        boilerplate_lines: args.boilerplate_lines,
        boilerplate_fraction: args.boilerplate_fraction,
    };
    let (docs, gold) = build_corpus(&sources, &cfg);
    let dir = &args.output;
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::Message(format!("{}: {e}", dir.display())))?;
    write_file(&dir.join("corpus.jsonl"), |out| {
        write_documents_jsonl(&docs, out)
    })?;
    write_file(&dir.join("gold.jsonl"), |out| gold.write_jsonl(out))?;
    let spun = write_file(&dir.join("unspin-gold.jsonl"), |out| {
        write_unspin_gold(&docs, &gold, out)
    })?;
    eprintln!(
        "copydesk: synth: {} sources -> {} documents ({spun} spun copies), {} gold records in {}",
        sources.len(),
        docs.len(),
        gold.records.len(),
        dir.display()
    );
    Ok(if diag.problems() > 0 {
        Outcome::InputProblems
    } else {
        Outcome::Clean
    })
}

/// Writes one output file atomically with `write`, returning what `write` returns.
fn write_file<T>(
    path: &Path,
    write: impl FnOnce(&mut Output) -> std::io::Result<T>,
) -> Result<T, CliError> {
    let mut out = Output::open(Some(path))?;
    let value = write(&mut out)
        .map_err(|e| CliError::Message(format!("{}: cannot write: {e}", path.display())))?;
    out.finish()?;
    Ok(value)
}

/// `{"id","original","spun"}` for every document the gold marks spun from a source: the
/// source's text and the spun copy's. Returns how many were written.
fn write_unspin_gold(
    docs: &[Document],
    gold: &Gold,
    out: &mut impl Write,
) -> std::io::Result<usize> {
    let text: HashMap<&str, &str> = docs
        .iter()
        .map(|d| (d.id.as_str(), d.text.as_str()))
        .collect();
    let mut written = 0;
    for record in &gold.records {
        let GoldRecord::Spin {
            id,
            spun: true,
            source: Some(source),
        } = record
        else {
            continue;
        };
        let (Some(original), Some(spun)) = (text.get(source.as_str()), text.get(id.as_str()))
        else {
            continue;
        };
        let line = serde_json::json!({ "id": id, "original": original, "spun": spun });
        writeln!(out, "{line}")?;
        written += 1;
    }
    Ok(written)
}
