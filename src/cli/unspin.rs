//! `copydesk unspin`: restore the original wording of a synonym-spun text.

use super::CliResult;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `copydesk unspin`.
#[derive(Debug, Args)]
pub struct UnspinArgs {
    /// The text to restore (`-` for stdin).
    pub input: PathBuf,
}

pub fn run(_args: UnspinArgs) -> CliResult {
    Err("unspin is being built".to_string().into())
}
