//! `copydesk synth --farm N`: a synthetic content farm with its true spinner table
//! (`copydesk::synth::farm`), to measure `scan --spin --learn` and `unspin --dictionary`.
//!
//! OUT_DIR receives, written to temporary files and renamed into place together:
//! - `corpus.jsonl`: the farm's spun articles (`farm-NNNNN`), the honest articles
//!   (`honest-NNNNN`) and the sources present (`source-NNNNN`), for `copydesk scan`;
//! - `farm-table.tsv`: the true table, `original<TAB>replacement` (the spinner table format
//!   `examples/synth_spin --table` reads);
//! - `farm-applied.tsv`: `original<TAB>replacement<TAB>times` applied in the farm's articles;
//! - `farm.jsonl`: `{"id","share","source"}` per farm article (share of its words spun);
//! - `heldout-gold.jsonl`: `{"id","original","spun"}` for held-out articles spun by the same
//!   spinner, for `copydesk eval --unspin`;
//! - `honest-gold.jsonl`: the same for held-out honest articles (`original` = `spun`): the
//!   words `unspin` changes in them are mistakes.

use super::CliError;
use super::output::{commit_all, without_path};
use super::synth::{SynthArgs, stage_file};
use clap::Args;
use copydesk::corpus::Document;
use copydesk::synth::farm::{FarmConfig, HeldOut, build_farm};
use copydesk::synth::write_documents_jsonl;
use std::io::Write;

/// The files `synth --farm` writes.
pub const FILES: [&str; 6] = [
    "corpus.jsonl",
    "farm-table.tsv",
    "farm-applied.tsv",
    "farm.jsonl",
    "heldout-gold.jsonl",
    "honest-gold.jsonl",
];

/// Options of `synth --farm`.
#[derive(Debug, Args)]
pub struct FarmArgs {
    /// With --farm: honest articles in the corpus.
    #[arg(long, value_name = "N", default_value_t = FarmConfig::default().honest)]
    pub farm_honest: usize,
    /// With --farm: held-out spun articles, and as many held-out honest ones.
    #[arg(long, value_name = "N", default_value_t = FarmConfig::default().heldout)]
    pub farm_heldout: usize,
    /// With --farm: entries of the spinner's table.
    #[arg(long, value_name = "N", default_value_t = FarmConfig::default().table_size)]
    pub farm_table_size: usize,
    /// With --farm: lowest and highest share of an article's words spun.
    #[arg(long, value_name = "LO,HI", value_delimiter = ',',
          default_values_t = [FarmConfig::default().shares.0, FarmConfig::default().shares.1])]
    pub farm_shares: Vec<f64>,
    /// With --farm: share of the farm's articles whose source is in the corpus.
    #[arg(long, value_name = "R", default_value_t = FarmConfig::default().source_share)]
    pub farm_sources: f64,
    /// With --farm: fewest words of an article cut from a source.
    #[arg(long, value_name = "N", default_value_t = FarmConfig::default().article_words)]
    pub farm_article_words: usize,
}

/// Makes the farm and writes OUT_DIR (checked by the caller).
pub fn run(args: &SynthArgs, docs: usize, sources: &[Document]) -> Result<(), CliError> {
    let o = &args.farm_options;
    let unit = |name: &str, v: f64| {
        if (0.0..=1.0).contains(&v) {
            Ok(v)
        } else {
            Err(CliError::Message(format!("{name}: {v} is not in [0, 1]")))
        }
    };
    if o.farm_shares.len() != 2 {
        return Err(CliError::Message(format!(
            "--farm-shares: expected two shares LO,HI, found {}",
            o.farm_shares.len()
        )));
    }
    let (lo, hi) = (
        unit("--farm-shares", o.farm_shares[0])?,
        unit("--farm-shares", o.farm_shares[1])?,
    );
    if lo > hi {
        return Err(CliError::Message(format!(
            "--farm-shares: {lo} is above {hi}"
        )));
    }
    let cfg = FarmConfig {
        seed: args.seed,
        docs,
        honest: o.farm_honest,
        heldout: o.farm_heldout,
        heldout_honest: o.farm_heldout,
        table_size: o.farm_table_size,
        shares: (lo, hi),
        source_share: unit("--farm-sources", o.farm_sources)?,
        article_words: o.farm_article_words.max(1),
    };
    let farm = build_farm(sources, &cfg);
    let dir = &args.output;
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::Message(format!("{}: {}", dir.display(), without_path(&e))))?;
    let staged = vec![
        stage_file(&dir.join(FILES[0]), |out| {
            write_documents_jsonl(&farm.corpus, out)
        })?,
        stage_file(&dir.join(FILES[1]), |out| {
            writeln!(out, "# the farm's spinner: original<TAB>replacement")?;
            for (a, b) in &farm.table {
                writeln!(out, "{a}\t{b}")?;
            }
            Ok(())
        })?,
        stage_file(&dir.join(FILES[2]), |out| {
            for ((a, b), n) in &farm.applied {
                writeln!(out, "{a}\t{b}\t{n}")?;
            }
            Ok(())
        })?,
        stage_file(&dir.join(FILES[3]), |out| {
            for (id, share, source) in &farm.farm {
                let line = serde_json::json!({"id": id, "share": (share * 1e4).round() / 1e4, "source": source});
                writeln!(out, "{line}")?;
            }
            Ok(())
        })?,
        stage_file(&dir.join(FILES[4]), |out| write_gold(&farm.heldout, out))?,
        stage_file(&dir.join(FILES[5]), |out| {
            write_gold(&farm.heldout_honest, out)
        })?,
    ];
    commit_all(staged, None)?;
    let spun_words: f64 =
        farm.farm.iter().map(|f| f.1).sum::<f64>() / farm.farm.len().max(1) as f64;
    eprintln!(
        "copydesk: synth: farm of {} articles (mean share spun {:.3}, {} sources present), {} honest, \
         {} held out, table of {} entries ({} applied) in {}",
        farm.farm.len(),
        spun_words,
        farm.farm.iter().filter(|f| f.2.is_some()).count(),
        cfg.honest.min(farm.corpus.len()),
        farm.heldout.len(),
        farm.table.len(),
        farm.applied.len(),
        dir.display()
    );
    if farm.farm.len() < docs {
        eprintln!(
            "copydesk: synth: only {} of {docs} farm articles made: the sources ran short",
            farm.farm.len()
        );
    }
    Ok(())
}

fn write_gold(items: &[HeldOut], out: &mut impl Write) -> std::io::Result<()> {
    for h in items {
        let line = serde_json::json!({"id": h.id, "original": h.original, "spun": h.spun});
        writeln!(out, "{line}")?;
    }
    Ok(())
}
