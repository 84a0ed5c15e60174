//! `copydesk scan`: near-duplicate clusters and shared passages in a corpus.

use super::output::{
    Output, Staged, check_file, check_new_dir, commit_all, refuse_inputs, without_path,
};
use super::progress::ProgressLine;
use super::{CliError, CliResult, Outcome};
use clap::{Args, ValueEnum};
use copydesk::corpus::{Document, InputFormat, read_corpus_with_progress};
use copydesk::dedup::{JudgeConfig, KeepPolicy};
use copydesk::diagnostics::Diagnostics;
use copydesk::options::{UNIT_INTERVAL, in_unit_interval};
use copydesk::progress::Progress;
use copydesk::report::{
    ReportContext, Summary, emit, html::HtmlSink, jsonl::JsonSink, text::TextSink,
};
use copydesk::scan::scan_with_progress;
use copydesk::spin::farm::FarmOptions;
use copydesk::spin::farm_restore::LearnedTable;
use copydesk::spin::learned::{Scanned, write_learned};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Input format choice on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// By file name: .jsonl/.ndjson are JSON Lines, .warc is a web archive (also recognised by
    /// content), .html/.htm HTML, .txt/.md text, other names sniffed; each optionally .gz or .zst.
    Auto,
    /// Every file is one document.
    Text,
    /// Every line is a JSON object.
    Jsonl,
    /// WARC records (response, resource, conversion) holding HTML or plain text.
    Warc,
    /// Every file is an HTML page whose visible text is the document.
    Html,
}

/// The keep policy on the command line: the library's [`KeepPolicy`], named and described
/// by the library (the library knows nothing of clap).
#[derive(Debug, Clone, Copy)]
pub struct KeepArg(pub KeepPolicy);

impl ValueEnum for KeepArg {
    fn value_variants<'a>() -> &'a [Self] {
        const ALL: [KeepArg; 3] = [
            KeepArg(KeepPolicy::ALL[0]),
            KeepArg(KeepPolicy::ALL[1]),
            KeepArg(KeepPolicy::ALL[2]),
        ];
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.name()).help(self.0.about()))
    }
}

/// Arguments of `copydesk scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files, directories (read recursively; every file is read, its format by name, else
    /// sniffed; hidden files are skipped with a notice) or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Write JSON Lines (schema in README.md) instead of the readable summary.
    #[arg(long)]
    pub json: bool,
    /// Write the results to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Share of the shorter document covered by passages aligned with the other from which two
    /// documents are copies.
    #[arg(long, value_name = "C", default_value_t = JudgeConfig::default().coverage,
          value_parser = unit_interval, allow_negative_numbers = true)]
    pub coverage: f64,
    /// Jaccard similarity (of 5-word shingle sets) from which documents are copies whatever
    /// their coverage (it also tunes the LSH candidate search).
    #[arg(long, value_name = "J", default_value_t = 0.5, value_parser = unit_interval,
          allow_negative_numbers = true)]
    pub threshold: f64,
    /// Containment (share of the smaller document inside the larger) from which documents are duplicates.
    #[arg(long, value_name = "C", default_value_t = 0.9, value_parser = unit_interval,
          allow_negative_numbers = true)]
    pub containment: f64,
    /// Which member of a cluster to keep.
    #[arg(long, value_enum, default_value_t = KeepArg(KeepPolicy::First))]
    pub keep: KeepArg,
    /// Write the deduplicated corpus (documents in no cluster, and each cluster's kept one) to
    /// DIR, each file, line or record as it came, with DIR/.copydesk-removed.jsonl mapping each
    /// removed id to the kept one.
    #[arg(long, value_name = "DIR")]
    pub write_unique: Option<PathBuf>,
    /// Learn the spinner: write the substitutions of the spun copies paired with their sources,
    /// then (with --spin) the pairs the documents flagged as spun teach without sources, to
    /// FILE (`spun<TAB>original<TAB>count<TAB>score<TAB>rate<TAB>seen`, readable by `unspin
    /// --dictionary`).
    #[arg(long, value_name = "FILE")]
    pub learn: Option<PathBuf>,
    /// With --spin: restore the documents judged spun with a spinner table `scan --learn`
    /// wrote, as `unspin --dictionary` does: the table's restorations, each with its
    /// confidence, replace the thesaurus guesses in the `spin` records.
    #[arg(long = "dictionary", value_name = "FILE", requires = "spin")]
    pub dictionary: Option<PathBuf>,
    /// Write every candidate pair proposed to the copy verdict (LSH, shared passages, aligned
    /// immutables) to FILE as JSON Lines `{"a":ID,"b":ID}`: to measure candidate recall apart
    /// from the verdict's (`copydesk eval --candidates`).
    #[arg(long, value_name = "FILE")]
    pub write_candidates: Option<PathBuf>,
    /// With --learn: how often a substitution must be seen to be written (at least 1).
    #[arg(long, default_value_t = 2, value_name = "N", value_parser = at_least(1),
          allow_negative_numbers = true)]
    pub learn_min: usize,
    /// Fewest shared words for a reported passage (at least 1).
    #[arg(long, default_value_t = 25, value_name = "N", value_parser = at_least(1),
          allow_negative_numbers = true)]
    pub min_words: usize,
    /// A passage in more documents than this is reported as boilerplate, not as pairs (at
    /// least 2: a shared passage is always in 2 documents).
    #[arg(long, default_value_t = 20, value_name = "N", value_parser = at_least(2),
          allow_negative_numbers = true)]
    pub boilerplate_docs: usize,
    /// Input format.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    pub format: FormatArg,
    /// JSON Lines field holding the text.
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// JSON Lines field holding the document id.
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// Worker threads, at least 1 (default: all cores). Output is identical for any value.
    #[arg(long, value_name = "N", value_parser = at_least(1),
          allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// Score every document for synonym spinning (`spin` records). Off by default: it is by far
    /// the slowest stage (a scan with it runs at about a quarter of its speed, about 11 MB/s per
    /// core) and still flags some honest verse as spun.
    #[arg(long)]
    pub spin: bool,
    /// Do not score spinning (the default; overrides --spin).
    #[arg(long)]
    pub no_spin: bool,
    /// Skip pairing spun copies with their sources (`kind` "spun" records).
    #[arg(long)]
    pub no_spun_pairs: bool,
    /// Also write a self-contained HTML report (summary, clusters, passages side by side, spun
    /// documents with their restorations) to FILE, atomically.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Print the time each stage took on stderr, and per WARC file the records without text.
    #[arg(short, long)]
    pub verbose: bool,
    /// No progress line and no notices on stderr; problems with the input are still reported.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
}

/// A share above 0 and at most 1.
pub(crate) fn unit_interval(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number; expected {UNIT_INTERVAL}"))?;
    if in_unit_interval(v) {
        Ok(v)
    } else {
        Err(format!("{s} is out of range: expected {UNIT_INTERVAL}"))
    }
}

/// A whole number of at least `min`, with a message that says so.
pub(crate) fn at_least(min: usize) -> impl Fn(&str) -> Result<usize, String> + Clone {
    move |s: &str| {
        let v: usize = s
            .trim()
            .parse()
            .map_err(|_| format!("`{s}` is not a whole number; expected {min} or more"))?;
        if v >= min {
            Ok(v)
        } else {
            Err(format!("{v} is too small: expected {min} or more"))
        }
    }
}

/// The library's options from the arguments (every value was checked by clap already; the
/// library checks them again, in one place for every front end).
fn scan_options(args: &ScanArgs) -> Result<copydesk::options::ScanOptions, CliError> {
    let format = match args.format {
        FormatArg::Auto => InputFormat::Auto,
        FormatArg::Text => InputFormat::Text,
        FormatArg::Jsonl => InputFormat::Jsonl,
        FormatArg::Warc => InputFormat::Warc,
        FormatArg::Html => InputFormat::Html,
    };
    copydesk::options::ScanOptions::builder()
        .coverage(args.coverage)
        .threshold(args.threshold)
        .containment(args.containment)
        .keep(args.keep.0)
        .min_words(args.min_words)
        .boilerplate_docs(args.boilerplate_docs)
        .spin(args.spin && !args.no_spin)
        .spun_pairs(!args.no_spun_pairs)
        .every_substitution(args.learn.is_some())
        .format(format)
        .text_field(args.text_field.clone())
        .id_field(args.id_field.clone())
        .build()
        .map_err(CliError::Message)
}

/// The learned table of `--dictionary`: its rows `scan --learn` writes (other rows are not
/// read here; a table without any is a problem, and the scan goes on without it).
fn read_table(path: &std::path::Path, diag: &Diagnostics) -> Result<LearnedTable, CliError> {
    let (_, learned) = super::unspin::read_dictionary(path, diag)?;
    if learned.is_empty() {
        diag.problem(
            path.display().to_string(),
            "no learned pairs (spun, original, count, score, rate, seen) in dictionary",
        );
    }
    Ok(LearnedTable::new(&learned))
}

/// Input problems printed on stderr as they come (all of them with `--verbose`); the rest are
/// counted in one line, and every one is a `problem` record with `--json`.
const PROBLEMS_SHOWN: usize = 10;

pub fn run(args: ScanArgs) -> CliResult {
    check_outputs(&args)?;
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .map_err(|e| CliError::Message(format!("cannot start {threads} threads: {e}")))?;
    }
    let progress = Arc::new(Progress::new());
    let progress_line = ProgressLine::start(
        Arc::clone(&progress),
        !args.quiet && std::io::stderr().is_terminal(),
    );
    let note = progress_line.printer();
    let diag = Diagnostics::with_printer(progress_line.printer())
        .verbose(args.verbose)
        .limit(PROBLEMS_SHOWN)
        .quiet_notices(args.quiet);
    let options = scan_options(&args)?;
    let table = match &args.dictionary {
        Some(path) => Some(read_table(path, &diag)?),
        None => None,
    };
    let started = std::time::Instant::now();
    let docs = read_corpus_with_progress(&args.inputs, options.read(), &diag, &progress);
    if !args.quiet {
        diag.skipped_summary();
    }
    diag.finish();
    if args.verbose {
        note(&format!(
            "copydesk: read {} documents in {:.3}s",
            docs.len(),
            started.elapsed().as_secs_f64()
        ));
    }
    if docs.is_empty() {
        return Err(CliError::Message(
            "no readable document in the input (see the messages above)".into(),
        ));
    }
    let cfg = *options.config();
    let result = scan_with_progress(&docs, &cfg, table.as_ref(), &progress);
    progress_line.finish();
    if args.verbose {
        for (stage, seconds) in &result.stage_seconds {
            eprintln!("copydesk: {stage} {seconds:.3}s");
        }
    }
    let problem_list = diag.problem_list();
    let ctx = ReportContext::new(&docs, &result, &cfg, &problem_list);
    let output_started = std::time::Instant::now();
    // Every output file is written in full to a temporary file first; the unique corpus is
    // written next, and only then are the files renamed into place: a failure leaves nothing.
    let mut staged: Vec<Staged> = Vec::new();
    let results_to_stdout = args.output.as_ref().is_none_or(|p| p.as_os_str() == "-");
    if !results_to_stdout {
        staged.extend(write_staged(args.output.as_deref(), |out| {
            write_results(&ctx, args.json, out)
        })?);
    }
    if let Some(file) = &args.html {
        staged.extend(write_staged(Some(file), |out| {
            emit(&ctx, &mut HtmlSink::new(out, &cfg))
        })?);
    }
    let mut learned = (0, 0);
    if let Some(file) = &args.learn {
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
        let scanned = Scanned {
            ids: &ids,
            texts: &texts,
            spin: &result.spin,
            duplicates: &result.duplicates,
        };
        staged.extend(write_staged(Some(file), |out| {
            learned = write_learned(&scanned, args.learn_min, &FarmOptions::default(), out)?;
            Ok(())
        })?);
    }
    if let Some(file) = &args.write_candidates {
        staged.extend(write_staged(Some(file), |out| {
            for &(a, b) in &result.candidates {
                let record =
                    serde_json::json!({"a": docs[a as usize].id, "b": docs[b as usize].id});
                writeln!(out, "{record}")?;
            }
            Ok(())
        })?);
    }
    if let Some(dir) = &args.write_unique {
        write_unique(dir, &docs, &result.clusters)?;
    }
    commit_all(staged, args.write_unique.as_deref())?;
    if results_to_stdout {
        let mut out = Output::open(None)?;
        write_results(&ctx, args.json, &mut out)?;
        out.finish()?;
    }
    if args.verbose {
        eprintln!(
            "copydesk: output {:.3}s",
            output_started.elapsed().as_secs_f64()
        );
    }
    if !args.quiet
        && !args.json
        && std::io::stderr().is_terminal()
        && let Some(hint) = next_steps(&args, &Summary::of(&ctx))
    {
        eprintln!("{hint}");
    }
    if let Some(file) = &args.learn
        && !args.quiet
    {
        eprintln!(
            "copydesk: {}: {} spinner substitutions learned ({} from aligned copies, {} from documents flagged as spun)",
            file.display(),
            learned.0 + learned.1,
            learned.0,
            learned.1
        );
    }
    // The process ends next: freeing the corpus and the scan's vectors one by one (tens of
    // thousands of allocations, the large ones each an `munmap`) is a serial tail the
    // kernel's teardown of the whole address space makes needless.
    std::mem::forget(result);
    std::mem::forget(docs);
    Ok(if diag.problems() > 0 {
        Outcome::InputProblems
    } else {
        Outcome::Clean
    })
}

/// What to try next after a readable report, for someone at a terminal: the options that show
/// more of what was found and were not given. `None` when there is nothing to suggest.
fn next_steps(args: &ScanArgs, s: &Summary) -> Option<String> {
    let found = s.duplicates + s.passages + s.boilerplate > 0;
    let mut tips = Vec::new();
    if found && args.html.is_none() {
        tips.push("--html report.html to read each copy and passage side by side");
    }
    if found {
        tips.push("--json for every record with its byte offsets");
    }
    if s.clusters > 0 && args.write_unique.is_none() {
        tips.push("--write-unique DIR to keep one document of each cluster");
    }
    if s.spun.is_none() {
        tips.push("--spin to score each document for synonym spinning");
    }
    if s.spun.is_some_and(|n| n > 0) {
        tips.push("`copydesk unspin FILE` to restore a spun document's wording");
    }
    (!tips.is_empty()).then(|| format!("copydesk: next: {}", tips.join("; ")))
}

/// The results in the chosen format: JSON Lines or the readable summary.
fn write_results(ctx: &ReportContext<'_>, json: bool, out: &mut Output) -> std::io::Result<()> {
    if json {
        emit(ctx, &mut JsonSink::new(out))
    } else {
        emit(ctx, &mut TextSink::new(out))
    }
}

/// Writes one output file to its temporary file with `write`; `None` for stdout.
fn write_staged(
    path: Option<&Path>,
    write: impl FnOnce(&mut Output) -> std::io::Result<()>,
) -> Result<Option<Staged>, CliError> {
    let mut out = Output::open(path)?;
    if let Err(e) = write(&mut out) {
        let name = path.map_or("-".into(), |p| p.display().to_string());
        return Err(CliError::Message(format!(
            "{name}: cannot write output: {}",
            without_path(&e)
        )));
    }
    out.stage()
}

/// Checks every output before any input is read, so that a scan never runs to fail at its end:
/// none may be an input or lie inside an input directory, `--html` needs a file of its own,
/// each file must be creatable (its directory exists and is writable, and it is no directory),
/// and the `--write-unique` directory must be new and creatable.
fn check_outputs(args: &ScanArgs) -> Result<(), CliError> {
    if let Some(html) = &args.html
        && (html.as_os_str() == "-" || args.output.as_ref() == Some(html))
    {
        return Err(CliError::Message(format!(
            "{}: --html needs a file of its own (the results go to stdout or -o)",
            html.display()
        )));
    }
    let files = [
        &args.output,
        &args.html,
        &args.learn,
        &args.write_candidates,
    ];
    let files: Vec<&PathBuf> = files.into_iter().flatten().collect();
    for (i, file) in files.iter().enumerate() {
        refuse_inputs(file, &args.inputs)?;
        if file.as_os_str() != "-" && files[..i].contains(file) {
            return Err(CliError::Message(format!(
                "{}: named for two outputs; give each its own file",
                file.display()
            )));
        }
    }
    if let Some(dir) = &args.write_unique {
        refuse_inputs(dir, &args.inputs)?;
        check_new_dir(dir)?;
    }
    for file in files {
        check_file(file)?;
    }
    Ok(())
}

/// Writes the deduplicated corpus under `dir` (see `corpus::unique`).
fn write_unique(
    dir: &Path,
    docs: &[Document],
    clusters: &[copydesk::dedup::cluster::Cluster],
) -> Result<(), CliError> {
    copydesk::corpus::unique::write_unique(dir, docs, clusters).map_err(CliError::Message)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrap {
        #[command(flatten)]
        args: ScanArgs,
    }

    fn summary(passages: usize, clusters: usize, spun: Option<usize>) -> Summary {
        Summary {
            documents: 5,
            bytes: 100,
            words: 20,
            candidates: 0,
            duplicates: clusters,
            clusters,
            duplicate_documents: clusters,
            passages,
            pairs_aligned: 0,
            boilerplate: 0,
            spun,
            non_prose: 0,
            problems: 0,
            encodings: Vec::new(),
        }
    }

    #[test]
    fn next_steps_suggest_only_the_options_not_given() {
        let plain = Wrap::parse_from(["scan", "in"]).args;
        let hint = next_steps(&plain, &summary(3, 1, None)).unwrap();
        for tip in ["--html", "--json", "--write-unique", "--spin"] {
            assert!(hint.contains(tip), "{hint}");
        }
        let given = Wrap::parse_from(["scan", "--html", "r.html", "--spin", "in"]).args;
        let hint = next_steps(&given, &summary(3, 0, Some(1))).unwrap();
        assert!(
            !hint.contains("--html") && !hint.contains("--write-unique"),
            "{hint}"
        );
        assert!(hint.contains("copydesk unspin"), "{hint}");
        let spun_checked = Wrap::parse_from(["scan", "--spin", "in"]).args;
        assert_eq!(next_steps(&spun_checked, &summary(0, 0, Some(0))), None);
    }
}
