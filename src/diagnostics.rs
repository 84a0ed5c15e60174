//! Problems with the input, reported as they happen and remembered for the exit code.
//!
//! One bad file never stops a run: each problem is printed at once on stderr as
//! `copydesk: PLACE: message` (PLACE is a path, `path:line`, or `-` for stdin), the run goes on
//! with the rest, and the exit code at the end says that something was wrong. Shared by all
//! subcommands and safe to use from parallel stages.
//!
//! Input that is fine but not for us (WARC records whose payload is an image, a PDF, a script)
//! is no problem: it is counted, named per file only in verbose mode, and summed up in one line
//! at the end of the run (`skipped_summary`), so a crawl of a million images prints one line.

use std::fmt::Display;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Collects input problems; `problems()` tells how many were reported.
#[derive(Default)]
pub struct Diagnostics {
    problems: AtomicUsize,
    skipped_records: AtomicUsize,
    quiet_warnings: bool,
    verbose: bool,
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
            .field("verbose", &self.verbose)
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

    /// Also name, per file, the records skipped for holding no text (`-v`).
    pub fn verbose(mut self, verbose: bool) -> Self {
        self.verbose = verbose;
        self
    }

    /// Writes one message line through the printer, or to stderr.
    fn print(&self, line: &str) {
        match &self.printer {
            Some(print) => print(line),
            None => {
                let _ = writeln!(std::io::stderr().lock(), "{line}");
            }
        }
    }

    /// Reports a problem with one input; the run goes on but will exit non-zero.
    pub fn problem(&self, place: impl Display, message: impl Display) {
        self.problems.fetch_add(1, Ordering::Relaxed);
        if self.quiet_warnings {
            return;
        }
        self.print(&format!("copydesk: {place}: {message}"));
    }

    /// Counts records of one file that were passed over because they hold no text (not a
    /// problem); `detail` says why, such as `image/png 12, application/pdf 3`.
    pub fn skipped_records(&self, place: impl Display, count: usize, detail: &str) {
        self.skipped_records.fetch_add(count, Ordering::Relaxed);
        if self.verbose && !self.quiet_warnings {
            self.print(&format!(
                "copydesk: {place}: {count} records without text skipped ({detail})"
            ));
        }
    }

    /// How many records were skipped for holding no text.
    pub fn skipped(&self) -> usize {
        self.skipped_records.load(Ordering::Relaxed)
    }

    /// Prints the one line that sums up the skipped records, if any.
    pub fn skipped_summary(&self) {
        let skipped = self.skipped();
        if skipped > 0 && !self.quiet_warnings {
            let per_file = if self.verbose {
                ""
            } else {
                "; -v names them per file"
            };
            self.print(&format!(
                "copydesk: {skipped} archive records without text (images, PDF, scripts, \
                 errors) skipped{per_file}"
            ));
        }
    }

    /// How many problems were reported so far.
    pub fn problems(&self) -> usize {
        self.problems.load(Ordering::Relaxed)
    }
}
