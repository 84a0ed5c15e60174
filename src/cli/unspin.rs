//! `copydesk unspin`: restore the original wording of a synonym-spun text.
//!
//! A one-line verdict goes to stderr (`copydesk: INPUT: spun (score 1.00), 399 restorations`;
//! not with `--quiet`), so the default output, the restored text alone, still says what was
//! decided. Floats in `--json` are rounded to 4 decimals.
//!
//! Reads one text (a file or `-` for stdin), runs spin detection and restoration
//! (`copydesk::spin`), and writes one of:
//! - the restored text (default), byte for byte identical outside the edits;
//! - `--diff`: a unified diff of the input against the restored text;
//! - `--json`: JSON Lines, one `{"type":"edit",...}` record per edit (byte offsets into the
//!   input), then one `{"type":"spin","score":f,"spun":bool,...}` record.
//!
//! Problems: an unreadable, empty or binary input, or an unreadable dictionary, stops the run
//! (exit 2). Invalid UTF-8 (decoded lossily) and malformed dictionary rows are reported as
//! `copydesk: FILE[:LINE]: message`, and the run goes on (exit 1). Output never replaces an
//! input: `-o` naming the input or a dictionary is refused.

use super::output::{Output, check_file, refuse_inputs};
use super::{CliError, CliResult, Outcome};
use clap::Args;
use copydesk::corpus::{InputFormat, ReadOptions, read_corpus};
use copydesk::diagnostics::Diagnostics;
use copydesk::report::{text::count, unspin as unspin_jsonl};
use copydesk::spin::farm_restore::{self, LearnedPair, LearnedTable};
use copydesk::spin::{self, Edit, SpinReport, UnspinnerBuilder, WideLm};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `copydesk unspin`.
#[derive(Debug, Args)]
pub struct UnspinArgs {
    /// The text to restore (`-` for stdin).
    pub input: PathBuf,
    /// Print a unified diff of the input against the restored text.
    #[arg(long, conflicts_with = "json")]
    pub diff: bool,
    /// Print the edits and the spin verdict as JSON Lines.
    #[arg(long)]
    pub json: bool,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Extra `spun<TAB>original` pairs, or a Problematic Paper Screener CSV export (repeatable).
    #[arg(long = "dictionary", value_name = "FILE")]
    pub dictionaries: Vec<PathBuf>,
    /// The text the input was spun from (found by `copydesk scan`): restore by aligning the
    /// two, taking the source's wording with confidence 1, instead of guessing.
    #[arg(long, value_name = "FILE", conflicts_with = "dictionaries")]
    pub source: Option<PathBuf>,
    /// Restore every text judged spun with the CMU Sphinx bigrams and trigrams mixed into the
    /// language model (wider phrase coverage; about 0.1 s more start-up). By default only
    /// texts that show the phrase-table spinner's signatures use them.
    #[arg(long, conflicts_with = "no_wide_lm")]
    pub wide_lm: bool,
    /// Never use the Sphinx model: restore with the SymSpell bigrams alone.
    #[arg(long)]
    pub no_wide_lm: bool,
    /// Also propose reverse Moby Thesaurus synonyms when restoring a text judged spun (a wider,
    /// looser thesaurus than WordNet): for text from a thesaurus spinner whose table WordNet
    /// does not cover. It helps on a Moby-built spinner and hurts on a WordNet-built one.
    #[arg(long)]
    pub moby: bool,
    /// Print no verdict and no notices on stderr; problems are still reported.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: UnspinArgs) -> CliResult {
    let diag = Diagnostics::new();
    if let Some(target) = &args.output {
        let mut inputs = vec![args.input.clone()];
        inputs.extend(args.dictionaries.iter().cloned());
        inputs.extend(args.source.iter().cloned());
        refuse_inputs(target, &inputs)?;
        check_file(target)?;
    }
    let mut builder = UnspinnerBuilder::new().wide_lm(match (args.wide_lm, args.no_wide_lm) {
        (true, _) => WideLm::Always,
        (_, true) => WideLm::Never,
        _ => WideLm::PhraseSpinner,
    });
    if args.moby {
        builder = builder.moby(true);
    }
    let mut learned = Vec::new();
    for path in &args.dictionaries {
        let (pairs, farm) = read_dictionary(path, &diag)?;
        builder = builder.pairs(pairs);
        learned.extend(farm);
    }
    let learned = LearnedTable::new(&learned);
    let text = read_input(&args.input, "the text to restore", &diag)?;
    let source = match &args.source {
        Some(path) => Some(read_input(path, "the --source text", &diag)?),
        None => None,
    };
    let unspinner = builder.build();
    let mut out = Output::open(args.output.as_deref())?;
    let (spun, score, edits) = match (&source, args.diff) {
        (None, false) if learned.is_empty() => {
            // The edits go out as they are made: a long text needs no room for all of them
            // (nor for a restored copy).
            let mut writer = EditWriter {
                out: &mut out,
                text: &text,
                json: args.json,
                at: 0,
                edits: 0,
                failed: None,
            };
            let report = unspinner.analyze_each(&text, |edit| writer.edit(edit));
            let edits = writer.finish(&report)?;
            (report.spun, report.score, edits)
        }
        _ => {
            let report = match &source {
                Some(source) => spin::learn::report_with_source(&unspinner, &text, Some(source)),
                None => farm_restore::analyze_with(&unspinner, &text, &learned),
            };
            if args.json {
                let mut writer = EditWriter {
                    out: &mut out,
                    text: &text,
                    json: true,
                    at: 0,
                    edits: 0,
                    failed: None,
                };
                for edit in report.edits.iter().cloned() {
                    writer.edit(edit);
                }
                writer.finish(&report)?;
            } else if args.diff {
                let restored = spin::apply_edits(&text, &report.edits);
                let name = args.input.display().to_string();
                let diff = similar::TextDiff::from_lines(text.as_str(), restored.as_str());
                write!(
                    out,
                    "{}",
                    diff.unified_diff()
                        .context_radius(1)
                        .header(&name, &format!("{name} (unspun)"))
                )?;
            } else {
                out.write_all(spin::apply_edits(&text, &report.edits).as_bytes())?;
            }
            (report.spun, report.score, report.edits.len())
        }
    };
    out.finish()?;
    if !args.quiet {
        eprintln!("copydesk: {}", verdict(&args.input, spun, score, edits));
    }
    Ok(if diag.problems() > 0 {
        Outcome::InputProblems
    } else {
        Outcome::Clean
    })
}

/// The one-line verdict: `INPUT: spun (score 1.00), 399 restorations`.
fn verdict(input: &Path, spun: bool, score: f64, edits: usize) -> String {
    format!(
        "{}: {} (score {:.2}), {}",
        input.display(),
        if spun { "spun" } else { "not spun" },
        score,
        count(edits, "restoration", "restorations")
    )
}

/// Writes edits as they come: as `edit` records (`--json`), or as the restored text (the input
/// up to each edit, then its original wording). Edits come sorted and never overlap.
struct EditWriter<'a> {
    out: &'a mut Output,
    text: &'a str,
    json: bool,
    /// Input bytes before this are written (restored text).
    at: usize,
    edits: usize,
    /// The first write error: reported by `finish`, and no writing after it.
    failed: Option<CliError>,
}

impl EditWriter<'_> {
    fn edit(&mut self, edit: Edit) {
        if self.failed.is_some() {
            return;
        }
        self.edits += 1;
        let written = if self.json {
            unspin_jsonl::write_edit(&mut *self.out, &edit).map_err(CliError::from)
        } else {
            let before = &self.text.as_bytes()[self.at..edit.start];
            self.at = edit.end;
            self.out
                .write_all(before)
                .and_then(|()| self.out.write_all(edit.original.as_bytes()))
                .map_err(CliError::from)
        };
        if let Err(e) = written {
            self.failed = Some(e);
        }
    }

    /// Writes the rest: the `spin` record, or the input after the last edit; the number of
    /// edits written.
    fn finish(self, report: &SpinReport) -> Result<usize, CliError> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        if self.json {
            write_summary(self.out, report, self.edits)?;
        } else {
            self.out.write_all(&self.text.as_bytes()[self.at..])?;
        }
        Ok(self.edits)
    }
}

/// The `spin` record of `--json`, after the `edits` edit records.
fn write_summary(out: &mut Output, report: &SpinReport, edits: usize) -> Result<(), CliError> {
    Ok(unspin_jsonl::write_summary(out, report, edits)?)
}

/// Reads one text file (or stdin) with the corpus reader's policies (gzip, binary, empty and
/// lossy UTF-8 handling); `None` when nothing readable came out (already reported).
fn read_one(path: &Path, diag: &Diagnostics) -> Result<Option<String>, CliError> {
    if path.is_dir() {
        return Err(CliError::Message(format!(
            "{}: is a directory, expected one text file",
            path.display()
        )));
    }
    let opts = ReadOptions {
        format: InputFormat::Text,
        ..ReadOptions::default()
    };
    let docs = read_corpus(&[path.to_path_buf()], &opts, diag);
    Ok(docs.into_iter().next().map(|d| d.text))
}

/// Reads the input text or the `--source` text (`what` names which, for the message); an
/// unreadable, empty or binary file stops the run.
fn read_input(path: &Path, what: &str, diag: &Diagnostics) -> Result<String, CliError> {
    read_one(path, diag)?
        .ok_or_else(|| CliError::Message(format!("{}: cannot read {what}", path.display())))
}

/// `spun -> original` pairs of a dictionary.
type Pairs = Vec<(String, String)>;

/// Reads one `--dictionary` file; malformed rows are reported and skipped. Returns its pairs,
/// and the learned ones among them with their numbers (`scan --learn`).
pub(super) fn read_dictionary(
    path: &Path,
    diag: &Diagnostics,
) -> Result<(Pairs, Vec<LearnedPair>), CliError> {
    let place = path.display().to_string();
    let text = read_one(path, diag)?
        .ok_or_else(|| CliError::Message(format!("{place}: cannot use dictionary")))?;
    let parsed = spin::parse_dictionary(&text);
    for problem in &parsed.problems {
        diag.problem(format!("{place}:{}", problem.line), &problem.message);
    }
    if parsed.query_rows > 0 {
        eprintln!(
            "copydesk: {place}: skipped {} (AND / OR / NOT / ~N / *)",
            count(
                parsed.query_rows,
                "row that is a search query",
                "rows that are search queries"
            )
        );
    }
    if parsed.unclear_rows > 0 {
        eprintln!(
            "copydesk: {place}: skipped {} whose expected phrase is uncertain or not plain \
             text (?, /, brackets)",
            count(parsed.unclear_rows, "row", "rows")
        );
    }
    if parsed.pairs.is_empty() {
        diag.problem(&place, "no usable pairs in dictionary");
    }
    let learned = farm_restore::parse_learned(&text);
    Ok((
        parsed
            .pairs
            .into_iter()
            .map(|p| (p.spun, p.original))
            .collect(),
        learned,
    ))
}
