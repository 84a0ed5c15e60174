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
#[derive(Debug, Default)]
pub struct Diagnostics {
    problems: AtomicUsize,
    quiet_warnings: bool,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// A diagnostics sink that counts problems without printing them (for library use and tests).
    pub fn silent() -> Self {
        Diagnostics {
            problems: AtomicUsize::new(0),
            quiet_warnings: true,
        }
    }

    /// Reports a problem with one input; the run goes on but will exit non-zero.
    pub fn problem(&self, place: impl Display, message: impl Display) {
        self.problems.fetch_add(1, Ordering::Relaxed);
        if !self.quiet_warnings {
            let _ = writeln!(std::io::stderr().lock(), "copydesk: {place}: {message}");
        }
    }

    /// How many problems were reported so far.
    pub fn problems(&self) -> usize {
        self.problems.load(Ordering::Relaxed)
    }
}
