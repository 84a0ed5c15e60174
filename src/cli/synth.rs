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
use crate::synth::{
    DuplicateKind, Gold, GoldRecord, SynthConfig, build_corpus, write_documents_jsonl,
};
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
    /// Edit-rate sweep: --per-rate edited copies at each rate, a rate being the share of the
    /// copy's words edited (comma list, each in (0, 1]).
    #[arg(long, value_name = "R,R,...", value_delimiter = ',', value_parser = swept_rate)]
    pub edit_rates: Vec<f64>,
    /// Spin-rate sweep: --per-rate spun copies at each rate, a rate being the share of the
    /// copy's words spun (not the spinner's share of the words it knows; comma list, each in (0, 1]).
    #[arg(long, value_name = "R,R,...", value_delimiter = ',', value_parser = swept_rate)]
    pub spin_rates: Vec<f64>,
    /// Copies made at each rate of --edit-rates and of --spin-rates.
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().per_rate)]
    pub per_rate: usize,
    /// Copies of origins placed whole between a header and a footer of text found nowhere else
    /// in the corpus (0.5 to 2 times the origin's length, from sources left out of the corpus).
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().contained_copies)]
    pub contained: usize,
}

fn rate(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err("must be in [0, 1]".into())
    }
}

fn swept_rate(s: &str) -> Result<f64, String> {
    let v: f64 = s.trim().parse().map_err(|e| format!("{e}"))?;
    if v > 0.0 && v <= 1.0 {
        Ok(v)
    } else {
        Err("each rate must be in (0, 1]".into())
    }
}

/// A rate listed twice would silently double its group: refuse it.
fn refuse_repeats(option: &str, rates: &[f64]) -> Result<(), CliError> {
    for (i, r) in rates.iter().enumerate() {
        if rates[..i].contains(r) {
            return Err(CliError::Message(format!(
                "{option}: rate {r} is listed twice"
            )));
        }
    }
    Ok(())
}

pub fn run(args: SynthArgs) -> CliResult {
    refuse_inputs(&args.output, &args.sources)?;
    if args.min_passage_words > args.max_passage_words {
        return Err(CliError::Message(format!(
            "--min-passage-words {} is above --max-passage-words {}",
            args.min_passage_words, args.max_passage_words
        )));
    }
    refuse_repeats("--edit-rates", &args.edit_rates)?;
    refuse_repeats("--spin-rates", &args.spin_rates)?;
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
        edit_rates: args.edit_rates,
        spin_rates: args.spin_rates,
        per_rate: args.per_rate,
        contained_copies: args.contained,
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
    let contained = gold
        .records
        .iter()
        .filter(|r| {
            matches!(
                r,
                GoldRecord::Duplicate {
                    kind: DuplicateKind::Contained,
                    ..
                }
            )
        })
        .count();
    if contained < cfg.contained_copies {
        eprintln!(
            "copydesk: synth: only {contained} of {} contained copies made: no source was left \
             to frame the others with",
            cfg.contained_copies
        );
    }
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
