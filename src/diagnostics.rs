//! Problems with the input and notices about it, reported as they happen and remembered.
//!
//! One bad file never stops a run: each problem is printed on stderr as
//! `copydesk: PLACE: message` (PLACE is a path, `path:line`, or `-` for stdin), the run goes on
//! with the rest, and the exit code at the end says that something was wrong. Shared by all
//! subcommands and safe to use from parallel stages.
//!
//! Problems are input that was damaged or unusable: bytes malformed in their charset, binary
//! files, truncated archives, broken lines or records. Notices are input that was handled in a
//! way a user should know about but that is not wrong: a file skipped for being empty or
//! hidden, a repeated id renamed, a `null` id replaced. Notices do not change the exit code and
//! `--quiet` silences them. A file decoded from a legacy charset is neither (the summary counts
//! them).
//!
//! A corpus of a million files may have thousands of problems, so a front end can cap the lines
//! printed (`limit`): the first few are printed as they come, the rest only counted, and
//! `finish` prints one line saying how many were not shown. Every problem is also kept, so the
//! JSON Lines report lists them all (`problem` records, sorted by place for a deterministic
//! output whatever the thread count); `--verbose` lifts the cap.
//!
//! Input that is fine but not for us (WARC records whose payload is an image, a PDF, a script)
//! is no problem either: it is counted, named per file only in verbose mode, and summed up in
//! one line at the end of the run (`skipped_summary`), so a crawl of a million images prints
//! one line.

use std::fmt::Display;
use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One problem with the input: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: String,
    pub message: String,
}

/// Collects input problems and notices; `problems()` tells how many problems were reported.
#[derive(Default)]
pub struct Diagnostics {
    problems: AtomicUsize,
    notices: AtomicUsize,
    printed_problems: AtomicUsize,
    printed_notices: AtomicUsize,
    skipped_records: AtomicUsize,
    quiet_warnings: bool,
    quiet_notices: bool,
    verbose: bool,
    /// Most problems (and, apart, notices) printed as they come; `None`: all.
    limit: Option<usize>,
    /// Every problem reported.
    kept: Mutex<Vec<Problem>>,
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
            .field("notices", &self.notices)
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

    /// Print every problem and notice, and name per file the records skipped for holding no
    /// text (`-v`).
    pub fn verbose(mut self, verbose: bool) -> Self {
        self.verbose = verbose;
        self
    }

    /// Print at most `limit` problems, and apart `limit` notices, as they come (unless verbose);
    /// `finish` says how many more there were.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Do not print notices (`--quiet`); problems are still printed.
    pub fn quiet_notices(mut self, quiet: bool) -> Self {
        self.quiet_notices = quiet;
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

    /// The most lines of one kind printed (`usize::MAX`: no cap).
    fn cap(&self) -> usize {
        match self.limit {
            Some(limit) if !self.verbose => limit,
            _ => usize::MAX,
        }
    }

    /// Whether one more line counted by `printed` may be printed.
    fn may_print(&self, printed: &AtomicUsize) -> bool {
        printed.fetch_add(1, Ordering::Relaxed) < self.cap()
    }

    /// Reports a problem with one input; the run goes on but will exit non-zero.
    pub fn problem(&self, place: impl Display, message: impl Display) {
        self.problems.fetch_add(1, Ordering::Relaxed);
        let problem = Problem {
            place: place.to_string(),
            message: message.to_string(),
        };
        if !self.quiet_warnings && self.may_print(&self.printed_problems) {
            self.print(&format!("copydesk: {}: {}", problem.place, problem.message));
        }
        self.kept
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(problem);
    }

    /// Reports something a user should know about the input that is not a problem.
    pub fn notice(&self, place: impl Display, message: impl Display) {
        self.notices.fetch_add(1, Ordering::Relaxed);
        if !self.quiet_warnings && !self.quiet_notices && self.may_print(&self.printed_notices) {
            self.print(&format!("copydesk: {place}: {message}"));
        }
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

    /// Prints how many problems and notices were counted but not printed (under `limit`).
    pub fn finish(&self) {
        if self.quiet_warnings {
            return;
        }
        let problems = self.problems();
        let shown = self
            .printed_problems
            .load(Ordering::Relaxed)
            .min(problems)
            .min(self.cap());
        if shown < problems {
            self.print(&format!(
                "copydesk: {problems} input problems in all, {} not shown above (-v prints \
                 each; --json lists each as a \"problem\" record)",
                problems - shown
            ));
        }
        let notices = self.notices();
        let shown = self
            .printed_notices
            .load(Ordering::Relaxed)
            .min(notices)
            .min(self.cap());
        if shown < notices && !self.quiet_notices {
            self.print(&format!(
                "copydesk: {notices} notices in all, {} not shown above (-v prints each)",
                notices - shown
            ));
        }
    }

    /// How many problems were reported so far.
    pub fn problems(&self) -> usize {
        self.problems.load(Ordering::Relaxed)
    }

    /// How many notices were given so far.
    pub fn notices(&self) -> usize {
        self.notices.load(Ordering::Relaxed)
    }

    /// Every problem reported so far, sorted by place (numbers in places compared as numbers,
    /// so `f:9` comes before `f:10`) and then by message.
    pub fn problem_list(&self) -> Vec<Problem> {
        let mut list = self.kept.lock().unwrap_or_else(|e| e.into_inner()).clone();
        list.sort_by(|a, b| {
            natural_cmp(&a.place, &b.place).then_with(|| natural_cmp(&a.message, &b.message))
        });
        list
    }
}

/// Compares strings with runs of ASCII digits compared by value.
fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (digits(a), digits(b));
                let trim = |s: &[u8]| {
                    let zeros = s.iter().take_while(|&&c| c == b'0').count();
                    s[zeros..].to_vec()
                };
                let (va, vb) = (trim(&a[..na]), trim(&b[..nb]));
                let order = va.len().cmp(&vb.len()).then_with(|| va.cmp(&vb));
                if order != std::cmp::Ordering::Equal {
                    return order;
                }
                a = &a[na..];
                b = &b[nb..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn problems_are_capped_counted_and_kept_in_order() {
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&lines);
        let diag =
            Diagnostics::with_printer(move |l| sink.lock().unwrap().push(l.to_owned())).limit(2);
        for line in [10, 9, 2, 1] {
            diag.problem(format!("f:{line}"), "bad");
        }
        diag.notice("g", "renamed");
        diag.finish();
        let lines = lines.lock().unwrap().clone();
        assert_eq!(
            lines[..3],
            [
                "copydesk: f:10: bad",
                "copydesk: f:9: bad",
                "copydesk: g: renamed"
            ]
        );
        assert!(lines[3].starts_with("copydesk: 4 input problems in all, 2 not shown"));
        assert_eq!(lines.len(), 4);
        let places: Vec<String> = diag.problem_list().into_iter().map(|p| p.place).collect();
        assert_eq!(places, ["f:1", "f:2", "f:9", "f:10"]);
        assert_eq!((diag.problems(), diag.notices()), (4, 1));
    }
}
