//! Command-line entry: argument parsing, dispatch, output plumbing and exit codes.
//!
//! Exit codes (documented in README.md and in every `--help`, `EXIT_CODES`):
//! - 0: success;
//! - 1: the run finished, but some input had problems (each reported on stderr);
//! - 2: the command could not run (bad arguments, unwritable output, no readable input at all).
//!
//! Results go to stdout (or `-o FILE`, written atomically), messages to stderr. A closed stdout
//! (`copydesk scan … | head`) ends the run quietly with exit code 0.

pub mod docs;
pub mod eval;
pub mod output;
pub mod progress;
pub mod scan;
pub mod synth;
pub mod synth_farm;
pub mod unspin;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::process::ExitCode;

/// The exit codes, shown at the end of every `--help`.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  finished, but some input had problems (each reported on stderr)
  2  could not run: bad arguments, an output that cannot be written or would overwrite an input,
     or no readable input at all";

/// Find copies, shared passages and synonym-spun rewrites in text corpora.
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find near-duplicate documents, clusters and shared passages in a corpus.
    Scan(scan::ScanArgs),
    /// Detect synonym spinning in one text and restore the original wording.
    Unspin(unspin::UnspinArgs),
    /// Score scan results (and unspin restorations) against a gold standard.
    Eval(eval::EvalArgs),
    /// Build a labelled corpus (copies, passages, spun copies, gold) from real text and a seed.
    Synth(synth::SynthArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) on stdout.
    Completions(docs::CompletionsArgs),
    /// Print the manual page (roff) on stdout, or write one page per command with --dir.
    Man(docs::ManArgs),
}

/// The command-line definition, with the exit codes after every subcommand's help too.
pub fn command() -> clap::Command {
    Cli::command().mut_subcommands(|sub| sub.after_help(EXIT_CODES))
}

/// How a subcommand ended, mapped onto the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    InputProblems,
    Failed,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> ExitCode {
        match outcome {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::InputProblems => ExitCode::from(1),
            Outcome::Failed => ExitCode::from(2),
        }
    }
}

/// Parses the arguments and runs the chosen subcommand.
pub fn main() -> ExitCode {
    let cli = Cli::from_arg_matches(&command().get_matches()).unwrap_or_else(|err| err.exit());
    let result = match cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Unspin(args) => unspin::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Synth(args) => synth::run(args),
        Command::Completions(args) => docs::completions(args),
        Command::Man(args) => docs::man(args),
    };
    match result {
        Ok(outcome) => outcome.into(),
        Err(err) if output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("copydesk: {err:#}");
            Outcome::Failed.into()
        }
    }
}

/// Errors that stop a subcommand: a message for the user.
pub type CliResult = Result<Outcome, CliError>;

/// A fatal error of a subcommand.
#[derive(Debug)]
pub enum CliError {
    Io(std::io::Error),
    Message(String),
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Io(err) => write!(f, "{err}"),
            CliError::Message(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for CliError {}

impl From<std::io::Error> for CliError {
    fn from(err: std::io::Error) -> Self {
        CliError::Io(err)
    }
}

impl From<String> for CliError {
    fn from(msg: String) -> Self {
        CliError::Message(msg)
    }
}
