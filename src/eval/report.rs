//! The results of `copydesk eval`: a readable table, or JSON Lines records (README
//! "`copydesk eval`" lists the record types). Both are written from the same [`Evaluation`].

use super::PrecisionRecall;
use super::by_rate::{CandidateScores, RateGroup};
use super::pairs::PairScores;
use super::pan::PanScores;
use super::verdicts::VerdictScores;
use super::wer::{DocumentWer, UnspinScores};
use serde::Serialize;
use std::io::{self, Write};

/// Everything scored from one gold and one prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Documents of the gold's universe (the items of the adjusted Rand index).
    pub documents: usize,
    pub duplicates: PairScores,
    /// Gold duplicate records per kind and rate.
    pub by_rate: Vec<RateGroup>,
    /// The candidate stage, when the candidates were given.
    pub candidates: Option<CandidateScores>,
    pub adjusted_rand_index: f64,
    /// PAN scores for `copy`, `spun` and `all` passages, in that order.
    pub passages: Vec<(&'static str, PanScores)>,
    /// Predicted passages left out: they join two documents the gold calls duplicates.
    pub passages_left_out: usize,
    /// `None` when the prediction has no `spin` records.
    pub spin: Option<VerdictScores>,
}

/// A record with its `type` tag first, then the fields of `body`.
fn record(kind: &str, extra: &[(&str, serde_json::Value)], body: &impl Serialize) -> String {
    let mut map = serde_json::Map::new();
    map.insert("type".into(), kind.into());
    for (key, value) in extra {
        map.insert((*key).into(), value.clone());
    }
    if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(body) {
        map.extend(fields);
    }
    serde_json::Value::Object(map).to_string()
}

/// Writes the JSON Lines records: `duplicates`, `duplicates_by_rate` (one per group),
/// `candidates` (with candidates), `clusters`, `passages` (one per kind), `spin`, then
/// `unspin_document` records and one `unspin`.
pub fn write_json(
    out: &mut impl Write,
    eval: Option<&Evaluation>,
    unspin: Option<&UnspinScores>,
) -> io::Result<()> {
    if let Some(e) = eval {
        writeln!(out, "{}", record("duplicates", &[], &e.duplicates))?;
        for group in &e.by_rate {
            writeln!(out, "{}", record("duplicates_by_rate", &[], group))?;
        }
        if let Some(c) = &e.candidates {
            writeln!(out, "{}", record("candidates", &[], c))?;
        }
        let clusters = serde_json::json!({
            "documents": e.documents,
            "adjusted_rand_index": e.adjusted_rand_index,
        });
        writeln!(out, "{}", record("clusters", &[], &clusters))?;
        for (kind, scores) in &e.passages {
            let mut extra = vec![("kind", (*kind).into())];
            if *kind == "all" {
                extra.push(("left_out", e.passages_left_out.into()));
            }
            writeln!(out, "{}", record("passages", &extra, scores))?;
        }
        if let Some(spin) = &e.spin {
            writeln!(out, "{}", record("spin", &[], spin))?;
        }
    }
    if let Some(u) = unspin {
        for doc in &u.documents {
            writeln!(out, "{}", record("unspin_document", &[], doc))?;
        }
        let total = serde_json::json!({
            "documents": u.documents.len(),
            "words": u.total.words,
            "before": u.total.before,
            "after": u.total.after,
            "wer_before": u.total.wer_before,
            "wer_after": u.total.wer_after,
        });
        writeln!(out, "{}", record("unspin", &[], &total))?;
    }
    Ok(())
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".to_string(), |x| format!("{x:.4}"))
}

/// The per-kind, per-rate table (`by_rate`), and the candidate stage when known.
fn write_by_rate(
    out: &mut impl Write,
    groups: &[RateGroup],
    candidates: Option<&CandidateScores>,
) -> io::Result<()> {
    let stages = candidates.is_some();
    let mut header = format!(
        "{:<16} {:>5} {:>6} {:>6} {:>8} {:>8} {:>8} {:>9}",
        "duplicates by", "rate", "gold", "found", "recall", "changed", "kind ok", "direction"
    );
    if stages {
        header.push_str(&format!(" {:>9} {:>9}", "cand.rec", "verif.rec"));
    }
    writeln!(out, "{header}")?;
    for g in groups {
        let rate = g
            .rate
            .map_or_else(|| "-".to_string(), |r| format!("{r:.2}"));
        let mut line = format!(
            "{:<16} {:>5} {:>6} {:>6} {:>8} {:>8} {:>8} {:>9}",
            format!("  {}", g.kind),
            rate,
            g.gold,
            g.found,
            num(g.recall),
            num(g.changed_mean),
            num(g.kind_accuracy),
            if g.direction_checked.is_some() {
                num(g.direction_accuracy)
            } else {
                "-".to_string()
            },
        );
        if stages {
            line.push_str(&format!(
                " {:>9} {:>9}",
                num(g.candidate_recall),
                num(g.verification_recall)
            ));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(
        out,
        "(found: a predicted duplicate record on the pair; kind ok: of those found, labelled \
         near for edited, else the gold kind; direction: of those labelled right, a is the \
         source (spun) or the container (contained))"
    )?;
    if let Some(c) = candidates {
        writeln!(
            out,
            "candidates: {} pairs proposed, {} of the {} gold pairs among them (recall {}), {} \
             of those predicted (verification recall {})",
            c.pairs,
            c.gold_candidates,
            c.gold,
            num(c.recall),
            c.found,
            num(c.verification_recall)
        )?;
    }
    Ok(())
}

/// Writes the readable table.
pub fn write_table(
    out: &mut impl Write,
    eval: Option<&Evaluation>,
    unspin: Option<&UnspinScores>,
) -> io::Result<()> {
    if let Some(e) = eval {
        let d = &e.duplicates;
        let row = |out: &mut dyn Write, label: &str, cells: [String; 3], note: String| {
            let [p, r, f] = cells;
            let line = format!("{label:<16} {p:>9} {r:>9} {f:>9}   {note}");
            writeln!(out, "{}", line.trim_end())
        };
        let header = ["precision", "recall", "F1"].map(String::from);
        row(out, "", header, String::new())?;
        let scores = |s: &PrecisionRecall| [num(s.precision), num(s.recall), num(s.f1)];
        let note = format!(
            "{} of {} predicted pairs in the gold's {}",
            d.true_positives, d.predicted, d.gold
        );
        row(out, "duplicate pairs", scores(&d.scores), note)?;
        for k in &d.by_kind {
            let recall = num(Some(k.found as f64 / k.gold.max(1) as f64));
            let note = format!("{} of {} gold pairs", k.found, k.gold);
            let label = format!("  {}", k.kind);
            row(out, &label, [String::new(), recall, String::new()], note)?;
        }
        if let Some(s) = &e.spin {
            let note = format!(
                "{} of {} flagged documents spun, {} spun in the gold",
                s.true_positives, s.flagged, s.spun
            );
            row(out, "spin verdicts", scores(&s.scores), note)?;
        } else {
            writeln!(
                out,
                "spin verdicts    n/a (no spin records in the prediction)"
            )?;
        }
        if !e.by_rate.is_empty() {
            writeln!(out)?;
            write_by_rate(out, &e.by_rate, e.candidates.as_ref())?;
        }
        writeln!(
            out,
            "\nclusters: adjusted Rand index {:.4} over {} documents",
            e.adjusted_rand_index, e.documents
        )?;
        writeln!(
            out,
            "\n{:<16} {:>9} {:>9} {:>9} {:>11} {:>9} {:>6} {:>10} {:>8}",
            "passages (PAN)",
            "precision",
            "recall",
            "F1",
            "granularity",
            "plagdet",
            "cases",
            "detections",
            "detected"
        )?;
        for (kind, p) in &e.passages {
            writeln!(
                out,
                "{:<16} {:>9} {:>9} {:>9} {:>11} {:>9} {:>6} {:>10} {:>8}",
                format!("  {kind}"),
                num(p.scores.precision),
                num(p.scores.recall),
                num(p.scores.f1),
                num(p.granularity),
                num(p.plagdet),
                p.cases,
                p.detections,
                p.detected_cases
            )?;
        }
        writeln!(
            out,
            "({} predicted passages between gold duplicates left out)",
            e.passages_left_out
        )?;
    }
    if let Some(u) = unspin {
        if eval.is_some() {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{:<24} {:>8} {:>10} {:>10}",
            "unspin", "words", "WER before", "WER after"
        )?;
        let row = |out: &mut dyn Write, d: &DocumentWer| {
            writeln!(
                out,
                "{:<24} {:>8} {:>10.4} {:>10.4}",
                d.id, d.words, d.wer_before, d.wer_after
            )
        };
        for doc in &u.documents {
            row(out, doc)?;
        }
        row(out, &u.total)?;
    }
    Ok(())
}
