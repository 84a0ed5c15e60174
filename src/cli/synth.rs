//! `copydesk synth`: a labelled corpus with known copies, built from real text and a seed.
//!
//! Wraps `copydesk::synth::build_corpus`: sources are read with the corpus reader (files,
//! directories, JSON Lines, gzip, `-`), and OUT_DIR receives `corpus.jsonl` (the documents,
//! for `copydesk scan`), `gold.jsonl` (the gold records, for `copydesk eval`) and
//! `unspin-gold.jsonl` (original and spun text of every spun copy, for `copydesk eval
//! --unspin`). The same sources and options give the same bytes. OUT_DIR is checked before
//! the sources are read: it must be new, empty, or given with `--force` (a corpus and its gold
//! must not mix with files of another run); the three files are written to temporary files and
//! renamed into place together, so a failure leaves none of them.

use super::output::{Output, Staged, check_file, commit_all, refuse_inputs, without_path};
use super::{CliError, CliResult, Outcome};
use clap::Args;
use copydesk::corpus::{Document, ReadOptions, read_corpus};
use copydesk::diagnostics::Diagnostics;
use copydesk::report::text::count;
use copydesk::synth::{
    DuplicateKind, Gold, GoldRecord, SynthConfig, build_corpus, write_documents_jsonl,
};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `copydesk synth`.
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Source documents: files, directories (read as `scan` reads them) or `-` for stdin.
    #[arg(required = true)]
    pub sources: Vec<PathBuf>,
    /// Directory to write corpus.jsonl, gold.jsonl and unspin-gold.jsonl into (created if
    /// missing; one that holds files is refused unless --force).
    #[arg(short, long, value_name = "OUT_DIR")]
    pub output: PathBuf,
    /// Write into OUT_DIR even when it already holds files (the three files are replaced).
    #[arg(long)]
    pub force: bool,
    /// Seed of every random choice.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Exact copies of origin documents.
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().exact_copies)]
    pub exact: usize,
    /// Copies with word edits (substitutions, insertions, deletions).
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().edited_copies)]
    pub edited: usize,
    /// Share of words edited in an edited copy.
    #[arg(long, value_name = "R", default_value_t = SynthConfig::default().edit_rate, value_parser = rate)]
    pub edit_rate: f64,
    /// Copies spun by the evaluation spinner.
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().spun_copies)]
    pub spun: usize,
    /// The spinner's rate: share of the words it knows that it replaces.
    #[arg(long, value_name = "R", default_value_t = SynthConfig::default().spin_rate, value_parser = rate)]
    pub spin_rate: f64,
    /// Verbatim passages of one source inserted into another.
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().copy_passages)]
    pub copy_passages: usize,
    /// Spun passages of one source inserted into another.
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().spun_passages)]
    pub spun_passages: usize,
    /// Fewest words of an inserted passage.
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().passage_words.0)]
    pub min_passage_words: usize,
    /// Most words of an inserted passage.
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().passage_words.1)]
    pub max_passage_words: usize,
    /// Distinct boilerplate lines (at most 8).
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().boilerplate_lines)]
    pub boilerplate_lines: usize,
    /// Share of sources each boilerplate line is put into.
    #[arg(long, value_name = "R", default_value_t = SynthConfig::default().boilerplate_fraction, value_parser = rate)]
    pub boilerplate_fraction: f64,
    /// Edit-rate sweep: --per-rate edited copies at each rate, a rate being the share of the
    /// copy's words edited (comma list, each in (0, 1]).
    #[arg(long, value_name = "R,R,...", value_delimiter = ',', value_parser = swept_rate)]
    pub edit_rates: Vec<f64>,
    /// Spin-rate sweep: --per-rate spun copies at each rate, a rate being the share of the
    /// copy's words spun (not the spinner's share of the words it knows; comma list, each in (0, 1]).
    #[arg(long, value_name = "R,R,...", value_delimiter = ',', value_parser = swept_rate)]
    pub spin_rates: Vec<f64>,
    /// Copies made at each rate of --edit-rates and of --spin-rates.
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().per_rate)]
    pub per_rate: usize,
    /// Copies of origins placed whole between a header and a footer of text found nowhere else
    /// in the corpus (0.5 to 2 times the origin's length, from sources left out of the corpus).
    #[arg(long, value_name = "N", default_value_t = SynthConfig::default().contained_copies)]
    pub contained: usize,
    /// Make a content farm of N spun articles instead (see `synth_farm`): OUT_DIR receives
    /// corpus.jsonl, farm-table.tsv (the true table), farm-applied.tsv, farm.jsonl,
    /// heldout-gold.jsonl and honest-gold.jsonl.
    #[arg(long, value_name = "N")]
    pub farm: Option<usize>,
    #[command(flatten)]
    pub farm_options: super::synth_farm::FarmArgs,
}

fn rate(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|e| format!("{e}"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err("must be in [0, 1]".into())
    }
}

fn swept_rate(s: &str) -> Result<f64, String> {
    let v: f64 = s.trim().parse().map_err(|e| format!("{e}"))?;
    if v > 0.0 && v <= 1.0 {
        Ok(v)
    } else {
        Err("each rate must be in (0, 1]".into())
    }
}

/// A rate listed twice would silently double its group: refuse it.
fn refuse_repeats(option: &str, rates: &[f64]) -> Result<(), CliError> {
    for (i, r) in rates.iter().enumerate() {
        if rates[..i].contains(r) {
            return Err(CliError::Message(format!(
                "{option}: rate {r} is listed twice"
            )));
        }
    }
    Ok(())
}

pub fn run(args: SynthArgs) -> CliResult {
    refuse_inputs(&args.output, &args.sources)?;
    if args.min_passage_words > args.max_passage_words {
        return Err(CliError::Message(format!(
            "--min-passage-words {} is above --max-passage-words {}",
            args.min_passage_words, args.max_passage_words
        )));
    }
    refuse_repeats("--edit-rates", &args.edit_rates)?;
    refuse_repeats("--spin-rates", &args.spin_rates)?;
    let names: &[&str] = match args.farm {
        Some(_) => &super::synth_farm::FILES,
        None => &["corpus.jsonl", "gold.jsonl", "unspin-gold.jsonl"],
    };
    check_output_dir(&args.output, args.force, names)?;
    let diag = Diagnostics::new();
    let sources = read_corpus(&args.sources, &ReadOptions::default(), &diag);
    if sources.is_empty() {
        return Err(CliError::Message(
            "no readable source document in the input".into(),
        ));
    }
    if let Some(docs) = args.farm {
        super::synth_farm::run(&args, docs, &sources)?;
        return Ok(if diag.problems() > 0 {
            Outcome::InputProblems
        } else {
            Outcome::Clean
        });
    }
    let cfg = SynthConfig {
        seed: args.seed,
        exact_copies: args.exact,
        edited_copies: args.edited,
        edit_rate: args.edit_rate,
        spun_copies: args.spun,
        spin_rate: args.spin_rate,
        copy_passages: args.copy_passages,
        spun_passages: args.spun_passages,
        passage_words: (args.min_passage_words, args.max_passage_words),
        boilerplate_lines: args.boilerplate_lines,
        boilerplate_fraction: args.boilerplate_fraction,
        edit_rates: args.edit_rates,
        spin_rates: args.spin_rates,
        per_rate: args.per_rate,
        contained_copies: args.contained,
    };
    let (docs, gold) = build_corpus(&sources, &cfg);
    let dir = &args.output;
    let created = !dir.exists();
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::Message(format!("{}: {}", dir.display(), without_path(&e))))?;
    let mut spun = 0;
    let written = (|| {
        let staged = vec![
            stage_file(&dir.join("corpus.jsonl"), |out| {
                write_documents_jsonl(&docs, out)
            })?,
            stage_file(&dir.join("gold.jsonl"), |out| gold.write_jsonl(out))?,
            stage_file(&dir.join("unspin-gold.jsonl"), |out| {
                spun = write_unspin_gold(&docs, &gold, out)?;
                Ok(())
            })?,
        ];
        commit_all(staged, None)
    })();
    if let Err(err) = written {
        if created {
            // nothing was committed into it: the directory made for this run goes too
            let _ = std::fs::remove_dir(dir);
        }
        return Err(err);
    }
    eprintln!(
        "copydesk: synth: {} -> {} ({}), {} in {}",
        count(sources.len(), "source", "sources"),
        count(docs.len(), "document", "documents"),
        count(spun, "spun copy", "spun copies"),
        count(gold.records.len(), "gold record", "gold records"),
        dir.display()
    );
    let spun_wanted = cfg.spun_copies + cfg.per_rate * cfg.spin_rates.len();
    let spun_made = gold
        .records
        .iter()
        .filter(|r| {
            matches!(
                r,
                GoldRecord::Duplicate {
                    kind: DuplicateKind::Spun,
                    ..
                }
            )
        })
        .count();
    if spun_made < spun_wanted {
        eprintln!(
            "copydesk: synth: only {spun_made} of {spun_wanted} spun copies made: with few \
             sources an origin is spun again, and where the spinner replaces every word it \
             knows that gives the text of the first copy, which is not written twice (add \
             sources, or lower --spin-rate)"
        );
    }
    let contained = gold
        .records
        .iter()
        .filter(|r| {
            matches!(
                r,
                GoldRecord::Duplicate {
                    kind: DuplicateKind::Contained,
                    ..
                }
            )
        })
        .count();
    if contained < cfg.contained_copies {
        eprintln!(
            "copydesk: synth: only {contained} of {} contained copies made: no source was left \
             to frame the others with",
            cfg.contained_copies
        );
    }
    Ok(if diag.problems() > 0 {
        Outcome::InputProblems
    } else {
        Outcome::Clean
    })
}

/// Refuses, before any work, an OUT_DIR that holds files (unless `force`), a file in the way,
/// or one that cannot be created.
fn check_output_dir(dir: &Path, force: bool, names: &[&str]) -> Result<(), CliError> {
    if dir.exists() && !dir.is_dir() {
        return Err(CliError::Message(format!(
            "{}: is not a directory",
            dir.display()
        )));
    }
    if dir.is_dir() {
        let mut entries = std::fs::read_dir(dir)
            .map_err(|e| CliError::Message(format!("{}: {}", dir.display(), without_path(&e))))?;
        if entries.next().is_some() && !force {
            return Err(CliError::Message(format!(
                "{}: is not empty; name a new directory, or add --force to replace its {}",
                dir.display(),
                names.join(", ")
            )));
        }
        for name in names {
            check_file(&dir.join(name))?;
        }
    } else {
        let mut parent = dir.parent();
        while let Some(p) = parent.filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
            parent = p.parent();
        }
        if let Some(p) = parent.filter(|p| !p.as_os_str().is_empty() && !p.is_dir()) {
            return Err(CliError::Message(format!(
                "{}: cannot create directory: {} is not a directory",
                dir.display(),
                p.display()
            )));
        }
    }
    Ok(())
}

/// Writes one output file to a temporary file beside it with `write`.
pub(super) fn stage_file(
    path: &Path,
    write: impl FnOnce(&mut Output) -> std::io::Result<()>,
) -> Result<Staged, CliError> {
    let mut out = Output::open(Some(path))?;
    write(&mut out).map_err(|e| {
        CliError::Message(format!(
            "{}: cannot write: {}",
            path.display(),
            without_path(&e)
        ))
    })?;
    Ok(out.stage()?.expect("a file, not stdout"))
}

/// `{"id","original","spun"}` for every document the gold marks spun from a source: the
/// source's text and the spun copy's. Returns how many were written.
fn write_unspin_gold(
    docs: &[Document],
    gold: &Gold,
    out: &mut impl Write,
) -> std::io::Result<usize> {
    let text: HashMap<&str, &str> = docs
        .iter()
        .map(|d| (d.id.as_str(), d.text.as_str()))
        .collect();
    let mut written = 0;
    for record in &gold.records {
        let GoldRecord::Spin {
            id,
            spun: true,
            source: Some(source),
        } = record
        else {
            continue;
        };
        let (Some(original), Some(spun)) = (text.get(source.as_str()), text.get(id.as_str()))
        else {
            continue;
        };
        let line = serde_json::json!({ "id": id, "original": original, "spun": spun });
        writeln!(out, "{line}")?;
        written += 1;
    }
    Ok(written)
}
