//! The table `scan --learn` writes: the substitutions of spun copies aligned with their
//! sources (`learn`, precise), then what the farm's flagged documents teach without sources
//! (`farm`), one line per pair, in the `spun<TAB>original` format `unspin --dictionary` reads.
//!
//! Columns: `spun`, `original`, `count` (times seen aligned; for a farm pair its number of
//! spinner replacements, rounded: the larger of the EM's expectation and the farm's excess of
//! the spun word over the honest documents), `score` (1 for an aligned pair; for a farm pair
//! the share of the spun word's occurrences in the farm that the spinner wrote, `count` over
//! them), `rate` (1 for an aligned pair; for a farm pair the share of the original's
//! occurrences the spinner replaced, `count` over `count` and the originals left), `seen`
//! (`aligned`, or the ids of the first flagged documents the pair was seen in, comma
//! separated). A farm pair whose spun word an aligned pair already restores is left out: the
//! alignment saw the spinner's work, the farm learner infers it.

use super::engine::SpinReport;
use super::farm::{FarmOptions, learn_farm};
use super::learn::Substitutions;
use crate::dedup::judge::Duplicate;
use std::collections::BTreeSet;
use std::io::{self, Write};

/// The documents of a scan, as the learner needs them.
pub struct Scanned<'a> {
    pub ids: &'a [&'a str],
    pub texts: &'a [&'a str],
    /// Spin reports per document (empty when the scan did not check for spinning).
    pub spin: &'a [SpinReport],
    pub duplicates: &'a [Duplicate],
}

/// Writes the learned table (see the module doc); returns (aligned pairs, farm pairs).
pub fn write_learned(
    scanned: &Scanned,
    min_count: usize,
    opts: &FarmOptions,
    out: &mut dyn Write,
) -> io::Result<(usize, usize)> {
    let subs = Substitutions::from_duplicates(scanned.duplicates);
    let aligned = subs.frequent(min_count);
    let (mut flagged, mut honest) = (Vec::new(), Vec::new());
    let mut flagged_ids = Vec::new();
    for (i, report) in scanned.spin.iter().enumerate() {
        if report.spun {
            flagged.push(scanned.texts[i]);
            flagged_ids.push(scanned.ids[i]);
        } else {
            honest.push(scanned.texts[i]);
        }
    }
    let farm = learn_farm(&flagged, &honest, opts);
    writeln!(
        out,
        "# spinner substitutions learned by copydesk: from spun copies aligned with their sources, \
         then from the documents flagged as spun (noisy-channel EM over the language model)"
    )?;
    writeln!(
        out,
        "# spun<TAB>original<TAB>count<TAB>score<TAB>rate<TAB>seen (aligned pairs: seen at least {min_count} \
         times, or once with a thesaurus link in a pair of sure direction)"
    )?;
    let mut restored: BTreeSet<&str> = BTreeSet::new();
    for (spun, original, n) in &aligned {
        writeln!(out, "{spun}\t{original}\t{n}\t1\t1\taligned")?;
        restored.insert(spun);
    }
    let mut written = 0;
    for p in farm.iter().filter(|p| !restored.contains(p.spun.as_str())) {
        let seen: Vec<&str> = p.seen.iter().map(|&d| flagged_ids[d]).collect();
        writeln!(
            out,
            "{}\t{}\t{}\t{:.4}\t{:.4}\t{}",
            p.spun,
            p.original,
            p.count.round() as u64,
            p.score,
            p.rate,
            seen.join(",")
        )?;
        written += 1;
    }
    Ok((aligned.len(), written))
}
