//! `copydesk completions SHELL` and `copydesk man`: shell completions and manual pages, both
//! generated from the argument definitions themselves (`clap_complete`, `clap_mangen`), so they
//! cannot drift from what the command accepts.

use super::output::{Output, Staged, check_file, commit_all};
use super::{CliError, CliResult, Outcome};
use clap::Args;
use clap_complete::Shell;
use std::path::{Path, PathBuf};

/// Arguments of `copydesk completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Arguments of `copydesk man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write one page per command (copydesk.1, copydesk-scan.1, ...) into DIR, which must
    /// exist, instead of printing copydesk.1 on stdout.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Prints the completion script for `shell` on stdout.
pub fn completions(args: CompletionsArgs) -> CliResult {
    let mut out = Output::open(None)?;
    clap_complete::generate(args.shell, &mut super::command(), "copydesk", &mut out);
    out.finish()?;
    Ok(Outcome::Clean)
}

/// Prints the main manual page, or writes every command's page into a directory.
pub fn man(args: ManArgs) -> CliResult {
    let mut cmd = super::command().disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = args.dir else {
        let mut out = Output::open(None)?;
        clap_mangen::Man::new(cmd).render(&mut out)?;
        out.finish()?;
        return Ok(Outcome::Clean);
    };
    let mut pages = Vec::new();
    collect_pages(cmd, &mut pages);
    for (name, _) in &pages {
        check_file(&dir.join(name))?;
    }
    let mut staged: Vec<Staged> = Vec::new();
    for (name, page) in pages {
        staged.extend(write_page(&dir.join(name), &page)?);
    }
    commit_all(staged, None)?;
    Ok(Outcome::Clean)
}

/// Every command's page, the subcommands' named `copydesk-NAME.1`.
fn collect_pages(cmd: clap::Command, pages: &mut Vec<(String, clap_mangen::Man)>) {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
        collect_pages(sub, pages);
    }
    let man = clap_mangen::Man::new(cmd);
    pages.push((man.get_filename(), man));
}

fn write_page(path: &Path, page: &clap_mangen::Man) -> Result<Option<Staged>, CliError> {
    let mut out = Output::open(Some(path))?;
    page.render(&mut out)
        .map_err(|e| CliError::Message(format!("{}: cannot write: {e}", path.display())))?;
    out.stage()
}
