//! `copydesk eval`: scores scan results (and unspin restorations) against a gold standard.
//!
//! Reads the gold and the prediction (README "`copydesk eval`" gives the formats), runs the
//! metric families of `copydesk::eval`, and prints a table or JSON Lines records. Bad records are
//! reported as `FILE:LINE` and skipped (exit 1); an unreadable file or a gold with nothing to
//! score stops the run (exit 2).

use super::output::{Output, check_file, refuse_inputs};
use super::{CliError, CliResult, Outcome};
use clap::{ArgGroup, Args};
use copydesk::diagnostics::Diagnostics;
use copydesk::eval::records::{Ids, read_candidates, read_labels};
use copydesk::eval::report::{write_json, write_table};
use copydesk::eval::{evaluate, wer::score_unspin};
use std::path::PathBuf;

/// Arguments of `copydesk eval`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").required(true).multiple(true).args(["gold", "unspin"])))]
pub struct EvalArgs {
    /// The gold: JSON Lines `duplicate`, `passage`, `spin` and `document` records (`copydesk synth` writes gold.jsonl).
    #[arg(requires = "predicted")]
    pub gold: Option<PathBuf>,
    /// The prediction: `copydesk scan --json` output, or any JSON Lines in its schema.
    pub predicted: Option<PathBuf>,
    /// Score restorations: UNSPIN_GOLD holds `{"id","original","spun"}` lines, RESTORED
    /// `{"id","text"}` lines or is a directory of ID or ID.txt files.
    #[arg(long, num_args = 2, value_names = ["UNSPIN_GOLD", "RESTORED"])]
    pub unspin: Option<Vec<PathBuf>>,
    /// The pairs the scan proposed before verification, JSON Lines `{"a":ID,"b":ID}` (`scan
    /// --write-candidates`): adds candidate recall and verification recall.
    #[arg(long, value_name = "FILE", requires = "predicted")]
    pub candidates: Option<PathBuf>,
    /// Write JSON Lines records instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Write the results to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: EvalArgs) -> CliResult {
    let inputs: Vec<PathBuf> = args
        .gold
        .iter()
        .chain(&args.predicted)
        .chain(args.unspin.iter().flatten())
        .chain(&args.candidates)
        .cloned()
        .collect();
    if let Some(out) = &args.output {
        refuse_inputs(out, &inputs)?;
        check_file(out)?;
    }
    let diag = Diagnostics::new();
    let evaluation = match (&args.gold, &args.predicted) {
        (Some(gold_path), Some(predicted_path)) => {
            let mut ids = Ids::new();
            let gold = read_labels(gold_path, &mut ids, &diag)?;
            if gold.records == 0 {
                return Err(CliError::Message(format!(
                    "{}: no gold record to score against",
                    gold_path.display()
                )));
            }
            let predicted = read_labels(predicted_path, &mut ids, &diag)?;
            let candidates = match &args.candidates {
                Some(path) => Some(read_candidates(path, &mut ids, &diag)?),
                None => None,
            };
            Some(evaluate(&gold, &predicted, &ids, candidates.as_deref()))
        }
        _ => None,
    };
    let unspin = match args.unspin.as_deref() {
        Some([gold, restored]) => {
            let scores = score_unspin(gold, restored, &diag)?;
            if scores.documents.is_empty() {
                return Err(CliError::Message(format!(
                    "{}: no document to score",
                    gold.display()
                )));
            }
            Some(scores)
        }
        _ => None,
    };
    let mut out = Output::open(args.output.as_deref())?;
    if args.json {
        write_json(&mut out, evaluation.as_ref(), unspin.as_ref())?;
    } else {
        write_table(&mut out, evaluation.as_ref(), unspin.as_ref())?;
    }
    out.finish()?;
    Ok(if diag.problems() > 0 {
        Outcome::InputProblems
    } else {
        Outcome::Clean
    })
}
