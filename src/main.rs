//! The copydesk command: parses arguments and dispatches to one subcommand.

use std::process::ExitCode;

fn main() -> ExitCode {
    copydesk::cli::main()
}
