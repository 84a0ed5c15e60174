//! `copydesk scan`: near-duplicate clusters and shared passages in a corpus.

use super::{CliResult, Outcome};
use crate::corpus::{read_corpus, InputFormat, ReadOptions};
use crate::diagnostics::Diagnostics;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `copydesk scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files, directories (read recursively) or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
}

pub fn run(args: ScanArgs) -> CliResult {
    let diag = Diagnostics::new();
    let docs = read_corpus(&args.inputs, &ReadOptions { format: InputFormat::Auto, ..Default::default() }, &diag);
    for d in &docs {
        println!("{} {}", d.id, d.text.len());
    }
    Ok(if diag.problems() > 0 { Outcome::InputProblems } else { Outcome::Clean })
}
