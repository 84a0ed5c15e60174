//! Problems with the input, reported as they happen and remembered for the exit code.
//!
//! One bad file never stops a run: each problem is printed at once on stderr as
//! `copydesk: PLACE: message` (PLACE is a path, `path:line`, or `-` for stdin), the run goes on
//! with the rest, and the exit code at the end says that something was wrong. Shared by all
//! subcommands and safe to use from parallel stages.

use std::fmt::Display;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Collects input problems; `problems()` tells how many were reported.
#[derive(Default)]
pub struct Diagnostics {
    problems: AtomicUsize,
    quiet_warnings: bool,
    /// Prints one message line instead of writing it to stderr directly (a front end that
    /// draws a progress line on stderr lifts it first).
    printer: Option<Printer>,
}

/// Prints one message line (without its newline).
type Printer = Box<dyn Fn(&str) + Send + Sync>;

impl std::fmt::Debug for Diagnostics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Diagnostics")
            .field("problems", &self.problems)
            .field("quiet_warnings", &self.quiet_warnings)
            .finish_non_exhaustive()
    }
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// A diagnostics sink that counts problems without printing them (for library use and tests).
    pub fn silent() -> Self {
        Diagnostics {
            quiet_warnings: true,
            ..Self::default()
        }
    }

    /// A diagnostics sink that hands each message line (`copydesk: PLACE: message`, no newline)
    /// to `printer` rather than writing it to stderr itself.
    pub fn with_printer(printer: impl Fn(&str) + Send + Sync + 'static) -> Self {
        Diagnostics {
            printer: Some(Box::new(printer)),
            ..Self::default()
        }
    }

    /// Reports a problem with one input; the run goes on but will exit non-zero.
    pub fn problem(&self, place: impl Display, message: impl Display) {
        self.problems.fetch_add(1, Ordering::Relaxed);
        if self.quiet_warnings {
            return;
        }
        match &self.printer {
            Some(print) => print(&format!("copydesk: {place}: {message}")),
            None => {
                let _ = writeln!(std::io::stderr().lock(), "copydesk: {place}: {message}");
            }
        }
    }

    /// How many problems were reported so far.
    pub fn problems(&self) -> usize {
        self.problems.load(Ordering::Relaxed)
    }
}
