//! `copydesk scan`: near-duplicate clusters and shared passages in a corpus.

use super::output::{Output, refuse_inputs};
use super::progress::ProgressLine;
use super::{CliError, CliResult, Outcome};
use crate::align::PassageConfig;
use crate::corpus::{Document, InputFormat, ReadOptions, read_corpus_with_progress};
use crate::dedup::{JudgeConfig, KeepPolicy};
use crate::diagnostics::Diagnostics;
use crate::progress::Progress;
use crate::report::{ReportContext, emit, html::HtmlSink, jsonl::JsonSink, text::TextSink};
use crate::scan::{ScanConfig, scan_with_progress};
use crate::spin::learn::Substitutions;
use clap::{Args, ValueEnum};
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
    #[arg(long, default_value_t = JudgeConfig::default().coverage, value_parser = unit_interval)]
    pub coverage: f64,
    /// Jaccard similarity (of 5-word shingle sets) from which documents are copies whatever
    /// their coverage (it also tunes the LSH candidate search).
    #[arg(long, default_value_t = 0.5, value_parser = unit_interval)]
    pub threshold: f64,
    /// Containment (share of the smaller document inside the larger) from which documents are duplicates.
    #[arg(long, default_value_t = 0.9, value_parser = unit_interval)]
    pub containment: f64,
    /// Which member of a cluster to keep.
    #[arg(long, value_enum, default_value_t = KeepPolicy::First)]
    pub keep: KeepPolicy,
    /// Write the deduplicated corpus (documents in no cluster, and each cluster's kept one) to
    /// DIR, each file, line or record as it came, with DIR/.copydesk-removed.jsonl mapping each
    /// removed id to the kept one.
    #[arg(long, value_name = "DIR")]
    pub write_unique: Option<PathBuf>,
    /// Learn the spinner: write the substitutions of the spun copies paired with their sources
    /// to FILE (`spun<TAB>original<TAB>count`, readable by `unspin --dictionary`).
    #[arg(long, value_name = "FILE")]
    pub learn: Option<PathBuf>,
    /// Write every candidate pair proposed to the copy verdict (LSH, shared passages, aligned
    /// immutables) to FILE as JSON Lines `{"a":ID,"b":ID}`: to measure candidate recall apart
    /// from the verdict's (`copydesk eval --candidates`).
    #[arg(long, value_name = "FILE")]
    pub write_candidates: Option<PathBuf>,
    /// With --learn: how often a substitution must be seen to be written.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub learn_min: usize,
    /// Fewest shared words for a reported passage.
    #[arg(long, default_value_t = 25)]
    pub min_words: usize,
    /// A passage in more documents than this is reported as boilerplate, not as pairs.
    #[arg(long, default_value_t = 20)]
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
    /// Worker threads (default: all cores). Output is identical for any value.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Score every document for synonym spinning (`spin` records). Off by default: it is by far
    /// the slowest stage (about 1-2 MB/s per core) and still flags some honest verse as spun.
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

fn unit_interval(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&v) && v > 0.0 {
        Ok(v)
    } else {
        Err("must be in (0, 1]".into())
    }
}

/// Input problems printed on stderr as they come (all of them with `--verbose`); the rest are
/// counted in one line, and every one is a `problem` record with `--json`.
const PROBLEMS_SHOWN: usize = 10;

pub fn run(args: ScanArgs) -> CliResult {
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .map_err(|e| CliError::Message(format!("cannot start {threads} threads: {e}")))?;
    }
    if let Some(out) = &args.output {
        refuse_inputs(out, &args.inputs)?;
    }
    if let Some(dir) = &args.write_unique {
        refuse_inputs(dir, &args.inputs)?;
    }
    if let Some(html) = &args.html
        && (html.as_os_str() == "-" || args.output.as_ref() == Some(html))
    {
        return Err(CliError::Message(format!(
            "{}: --html needs a file of its own (the results go to stdout or -o)",
            html.display()
        )));
    }
    for file in [&args.learn, &args.html, &args.write_candidates]
        .into_iter()
        .flatten()
    {
        refuse_inputs(file, &args.inputs)?;
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
    let read_opts = ReadOptions {
        format: match args.format {
            FormatArg::Auto => InputFormat::Auto,
            FormatArg::Text => InputFormat::Text,
            FormatArg::Jsonl => InputFormat::Jsonl,
            FormatArg::Warc => InputFormat::Warc,
            FormatArg::Html => InputFormat::Html,
        },
        text_field: args.text_field.clone(),
        id_field: args.id_field.clone(),
    };
    let started = std::time::Instant::now();
    let docs = read_corpus_with_progress(&args.inputs, &read_opts, &diag, &progress);
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
    let cfg = ScanConfig {
        coverage: args.coverage,
        threshold: args.threshold,
        containment: args.containment,
        keep: args.keep,
        spin: args.spin && !args.no_spin,
        spun_copies: !args.no_spun_pairs,
        passages: PassageConfig {
            min_words: args.min_words.max(1),
            boilerplate_docs: args.boilerplate_docs.max(2),
            ..PassageConfig::default()
        },
        ..ScanConfig::default()
    };
    let result = scan_with_progress(&docs, &cfg, &progress);
    progress_line.finish();
    if args.verbose {
        for (stage, seconds) in &result.stage_seconds {
            eprintln!("copydesk: {stage} {seconds:.3}s");
        }
    }
    let problem_list = diag.problem_list();
    let ctx = ReportContext {
        docs: &docs,
        result: &result,
        threshold: cfg.threshold,
        coverage: cfg.coverage,
        problems: diag.problems(),
        problem_list: &problem_list,
        spin_checked: cfg.spin,
    };
    let output_started = std::time::Instant::now();
    let mut out = Output::open(args.output.as_deref())?;
    if args.json {
        emit(&ctx, &mut JsonSink::new(&mut out))?;
    } else {
        emit(&ctx, &mut TextSink::new(&mut out))?;
    }
    out.finish()?;
    if args.verbose {
        eprintln!(
            "copydesk: output {:.3}s",
            output_started.elapsed().as_secs_f64()
        );
    }
    if let Some(file) = &args.html {
        let mut out = Output::open(Some(file))?;
        emit(&ctx, &mut HtmlSink::new(&mut out, &cfg))?;
        out.finish()?;
    }
    if let Some(file) = &args.learn {
        let subs = Substitutions::from_duplicates(&result.duplicates);
        let mut out = Output::open(Some(file))?;
        let written = subs.write_dictionary(args.learn_min.max(1), &mut out)?;
        out.finish()?;
        if !args.quiet {
            eprintln!(
                "copydesk: {}: {written} spinner substitutions learned",
                file.display()
            );
        }
    }
    if let Some(file) = &args.write_candidates {
        let mut out = Output::open(Some(file))?;
        for &(a, b) in &result.candidates {
            let record = serde_json::json!({"a": docs[a as usize].id, "b": docs[b as usize].id});
            writeln!(out, "{record}")
                .map_err(|e| CliError::Message(format!("{}: cannot write: {e}", file.display())))?;
        }
        out.finish()?;
    }
    if let Some(dir) = &args.write_unique {
        write_unique(dir, &docs, &result.clusters)?;
    }
    Ok(if diag.problems() > 0 {
        Outcome::InputProblems
    } else {
        Outcome::Clean
    })
}

/// Writes the deduplicated corpus under `dir` (see `corpus::unique`).
fn write_unique(
    dir: &Path,
    docs: &[Document],
    clusters: &[crate::dedup::cluster::Cluster],
) -> Result<(), CliError> {
    crate::corpus::unique::write_unique(dir, docs, clusters).map_err(CliError::Message)?;
    Ok(())
}
