//! The table `scan --learn` writes: the substitutions of spun copies aligned with their
//! sources (`learn`, precise), then what the farm's flagged documents teach without sources
//! (`farm`), one line per pair, in the `spun<TAB>original` format `unspin --dictionary` reads.
//!
//! Columns: `spun`, `original`, `count` (times seen aligned; for a farm pair its number of
//! spinner replacements, rounded: the larger of the EM's expectation and the farm's excess of
//! the spun word over the honest documents), `score` (the share of the spun word's
//! occurrences that the spinner wrote, `count` over them: for a farm pair in the flagged
//! documents, for an aligned pair in the spun copies that taught it), `rate` (the share of the
//! original's occurrences the spinner replaced, `count` over `count` and the originals left,
//! in the same documents; 1 and 1 for an aligned phrase), `seen`
//! (`aligned`, or the ids of the first flagged documents the pair was seen in, comma
//! separated, after `weak` for a pair of the farm learner's weak tier: its best guess for a
//! replacement the farm's counts do not vouch for, there for the restorer). An aligned pair seen fewer than `min_count` times is written all the same when
//! the farm learner's candidates (the restoration dictionary) link its two words. A farm pair
//! whose spun word an aligned pair already restores, or whose original an aligned pair already
//! gives a replacement (a spinner has one per word), is left out: the alignment saw the
//! spinner's work, the farm learner infers it.
//!
//! The farm learner runs twice: the documents the engine passed that its first table judges
//! spun (`LearnedTable::judges_spun`, the restorer's verdict) join the flagged ones for the
//! second run. Lightly spun farm articles, which the engine often passes, otherwise sit among
//! the honest documents and dull the counts the learner checks against (200 articles, seed 1,
//! no sources: restoration 0.633 -> 0.649, pairs' precision 0.763 -> 0.780).

use super::engine::SpinReport;
use super::farm::{FarmOptions, FarmPair, learn_farm, thesaurus_links};
use super::farm_restore::{LearnedPair, LearnedTable};
use super::learn::Substitutions;
use crate::dedup::judge::{CopyKind, Duplicate};
use crate::text::{normalize_word, word_indices};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
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
    // a pair seen fewer times is kept when the learner's own candidates (the restoration
    // dictionary) link the two: the alignment saw the spinner write it, the thesaurus agrees
    let aligned = subs.frequent_or(min_count, |s, o| {
        !s.contains(' ') && !o.contains(' ') && thesaurus_links(s, o)
    });
    let (mut flagged, mut honest) = (Vec::new(), Vec::new());
    let (mut flagged_ids, mut honest_ids) = (Vec::new(), Vec::new());
    for (i, report) in scanned.spin.iter().enumerate() {
        if report.spun {
            flagged.push(scanned.texts[i]);
            flagged_ids.push(scanned.ids[i]);
        } else {
            honest.push(scanned.texts[i]);
            honest_ids.push(scanned.ids[i]);
        }
    }
    let mut farm = learn_farm(&flagged, &honest, opts);
    // the farm's articles the engine passed (lightly spun ones) sit among the honest documents
    // and dull the counts the learner checks against: the first table judges them as the
    // restorer does (`LearnedTable::judges_spun`), and the learner runs again without them
    let judge = LearnedTable::new(&farm.iter().map(learned_pair).collect::<Vec<_>>());
    let passed: Vec<bool> = honest.par_iter().map(|t| judge.judges_spun(t)).collect();
    if passed.iter().any(|&p| p) {
        let mut still = Vec::new();
        for ((text, id), p) in honest.iter().zip(&honest_ids).zip(&passed) {
            if *p {
                flagged.push(text);
                flagged_ids.push(id);
            } else {
                still.push(*text);
            }
        }
        honest = still;
        farm = learn_farm(&flagged, &honest, opts);
    }
    writeln!(
        out,
        "# spinner substitutions learned by copydesk: from spun copies aligned with their sources, \
         then from the documents flagged as spun (noisy-channel EM over the language model)"
    )?;
    writeln!(
        out,
        "# spun<TAB>original<TAB>count<TAB>score<TAB>rate<TAB>seen (aligned pairs: seen at least {min_count} \
         times, or once with a thesaurus link in a pair of sure direction or in the restoration dictionary)"
    )?;
    let copies = copy_counts(scanned);
    let (mut restored, mut replaced): (BTreeSet<&str>, BTreeSet<&str>) = Default::default();
    for (spun, original, n) in &aligned {
        let (score, rate) = aligned_numbers(&copies, spun, original, *n);
        writeln!(
            out,
            "{spun}\t{original}\t{n}\t{score:.4}\t{rate:.4}\taligned"
        )?;
        restored.insert(spun);
        replaced.insert(original);
    }
    let mut written = 0;
    for p in farm
        .iter()
        .filter(|p| !restored.contains(p.spun.as_str()) && !replaced.contains(p.original.as_str()))
    {
        let weak = p.weak.then_some("weak");
        let seen: Vec<&str> = weak
            .into_iter()
            .chain(p.seen.iter().map(|&d| flagged_ids[d]))
            .collect();
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

/// A farm pair as the restorer reads it from the table.
fn learned_pair(p: &FarmPair) -> LearnedPair {
    LearnedPair {
        spun: p.spun.clone(),
        original: p.original.clone(),
        count: p.count.round(),
        score: p.score,
        rate: p.rate,
    }
}

/// Word counts (lower case) of the spun copies of the scan's spun pairs, each copy once: what
/// an aligned pair's numbers are read against.
fn copy_counts(scanned: &Scanned) -> FxHashMap<String, f64> {
    let copies: BTreeSet<usize> = scanned
        .duplicates
        .iter()
        .filter(|d| d.kind == CopyKind::Spun && d.spun.is_some())
        .map(|d| d.b as usize)
        .collect();
    let mut counts: FxHashMap<String, f64> = FxHashMap::default();
    for &b in &copies {
        let Some(text) = scanned.texts.get(b) else {
            continue;
        };
        for (_, w) in word_indices(text) {
            *counts.entry(normalize_word(w)).or_insert(0.0) += 1.0;
        }
    }
    counts
}

/// An aligned pair's score and rate, as a farm pair's (see the module doc), read off the spun
/// copies that taught it: `n` of the copies' occurrences of `spun` were written for
/// `original`, and the copies' `original`s left standing are the ones the spinner passed
/// over. A phrase, or a word the copies do not hold, gets 1 and 1.
fn aligned_numbers(
    copies: &FxHashMap<String, f64>,
    spun: &str,
    original: &str,
    n: usize,
) -> (f64, f64) {
    let n = n as f64;
    match copies.get(spun) {
        Some(&s) if !spun.contains(' ') && !original.contains(' ') => {
            let standing = copies.get(original).copied().unwrap_or(0.0);
            ((n / s).min(1.0), n / (n + standing))
        }
        _ => (1.0, 1.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_aligned_pair_is_scored_against_its_copies() {
        let copies: FxHashMap<String, f64> =
            [("legislation".to_string(), 4.0), ("law".to_string(), 1.0)]
                .into_iter()
                .collect();
        // 3 of the copies' 4 "legislation" were the spinner's; 1 "law" was left standing
        assert_eq!(
            aligned_numbers(&copies, "legislation", "law", 3),
            (0.75, 0.75)
        );
        assert_eq!(
            aligned_numbers(&copies, "nineteen eighties", "1980s", 2),
            (1.0, 1.0)
        );
        assert_eq!(
            aligned_numbers(&copies, "officers", "officials", 2),
            (1.0, 1.0)
        );
    }
}
