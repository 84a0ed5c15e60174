//! Which documents the HTML report shows as spun, with which restorations and which source.
//!
//! Two findings name spun documents: spin detection (`--spin`), which restores a text with the
//! language model, and the pairing of spun copies with their sources (`kind` "spun"), which
//! names the source. A document judged spun keeps the model's restorations and gets a link to
//! its source when one was paired. The spun side of a pair that spin detection did not flag (or
//! did not run on) is restored from its source, word by word, as `unspin --source` does. The
//! spun side of a pair is the one with the higher spin score (scored here when the scan did not).
//! Each is shown with its whole text (up to a cap), restorations marked.

use super::{MAX_SPUN_BYTES, MAX_SPUN_DOCUMENTS, doc_link, marked, omitted};
use crate::align::MatchKind;
use crate::report::ReportContext;
use crate::spin::{self, Edit};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A spun document as the report shows it.
pub struct SpunDocument<'a> {
    pub doc: u32,
    /// The spin score, when spin detection ran.
    pub score: Option<f64>,
    pub edits: Cow<'a, [Edit]>,
    /// True when the edits were read off the source rather than restored by the model.
    pub from_source: bool,
    /// The document it was spun from, when the corpus holds it.
    pub source: Option<u32>,
    /// The 1-based number of the spun passage pairing it with its source.
    pub passage: Option<usize>,
}

/// Every spun document of the scan, in corpus order.
pub fn spun_documents<'a>(ctx: &ReportContext<'a>) -> Vec<SpunDocument<'a>> {
    let r = ctx.result;
    let mut pairs: Vec<(u32, u32, Option<usize>)> = r
        .passages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == MatchKind::Spun)
        .map(|(i, p)| (p.a.doc, p.b.doc, Some(i + 1)))
        .collect();
    pairs.extend(
        r.duplicates
            .iter()
            .filter(|d| d.kind == MatchKind::Spun)
            .map(|d| (d.a, d.b, None)),
    );
    let measured = measured_scores(ctx, &pairs);
    let score = |doc: u32| {
        r.spin
            .get(doc as usize)
            .map(|s| s.score)
            .or_else(|| measured.get(&doc).copied())
            .unwrap_or(0.0)
    };
    // the spun side of each pair -> (source, passage), first pairing in passage order
    let mut sources: BTreeMap<u32, (u32, Option<usize>)> = BTreeMap::new();
    for &(a, b, passage) in &pairs {
        let (source, copy) = if score(a) > score(b) { (b, a) } else { (a, b) };
        let entry = sources.entry(copy).or_insert((source, passage));
        if entry.0 == source && entry.1.is_none() {
            entry.1 = passage;
        }
    }
    let mut spun: BTreeMap<u32, SpunDocument<'a>> = BTreeMap::new();
    for (doc, report) in r.spin.iter().enumerate().filter(|(_, s)| s.spun) {
        let doc = doc as u32;
        let paired = sources.get(&doc);
        spun.insert(
            doc,
            SpunDocument {
                doc,
                score: Some(report.score),
                edits: Cow::Borrowed(&report.edits),
                from_source: false,
                source: paired.map(|p| p.0),
                passage: paired.and_then(|p| p.1),
            },
        );
    }
    let restored: Vec<SpunDocument<'a>> = sources
        .par_iter()
        .filter(|(copy, _)| !spun.contains_key(copy))
        .map(|(&copy, &(source, passage))| SpunDocument {
            doc: copy,
            score: r.spin.get(copy as usize).map(|s| s.score),
            edits: Cow::Owned(spin::learn::restore_from_source(
                &ctx.docs[copy as usize].text,
                &ctx.docs[source as usize].text,
            )),
            from_source: true,
            source: Some(source),
            passage,
        })
        .collect();
    spun.extend(restored.into_iter().map(|s| (s.doc, s)));
    spun.into_values().collect()
}

/// Spin scores of the documents of `pairs` when the scan did not score spinning (empty when it did).
fn measured_scores(
    ctx: &ReportContext<'_>,
    pairs: &[(u32, u32, Option<usize>)],
) -> BTreeMap<u32, f64> {
    if !ctx.result.spin.is_empty() {
        return BTreeMap::new();
    }
    let mut docs: Vec<u32> = pairs.iter().flat_map(|&(a, b, _)| [a, b]).collect();
    docs.sort_unstable();
    docs.dedup();
    docs.into_par_iter()
        .map(|d| (d, spin::detect(&ctx.docs[d as usize].text).score))
        .collect()
}

/// The spun documents section: each document's text with its restorations marked.
pub(super) fn spun_section(ctx: &ReportContext<'_>, spun: &[SpunDocument<'_>]) -> String {
    let mut html = String::new();
    if spun.is_empty() {
        html.push_str(if ctx.spin_checked {
            "<p class=\"none\">No spun document.</p>\n"
        } else {
            "<p class=\"none\">No spun copy paired with its source; spin scoring was off (<code>--spin</code>).</p>\n"
        });
    }
    for d in spun.iter().take(MAX_SPUN_DOCUMENTS) {
        let _ = write!(html, "<article class=\"spun\" id=\"spun-{}\">\n<h3>", d.doc);
        doc_link(&mut html, ctx, d.doc);
        html.push_str("</h3>\n<p class=\"meta\">");
        if let Some(score) = d.score {
            let _ = write!(html, "spin score {score:.2}; ");
        }
        let _ = write!(
            html,
            "{} restorations{}",
            d.edits.len(),
            if d.from_source {
                " read off its source, word by word"
            } else {
                " by the language model"
            }
        );
        match d.source {
            Some(source) => {
                html.push_str("; spun from ");
                doc_link(&mut html, ctx, source);
                if let Some(n) = d.passage {
                    let _ = write!(html, " (<a href=\"#passage-{n}\">passage {n}</a>)");
                }
            }
            None => html.push_str("; no source in the corpus"),
        }
        html.push_str(
            "</p>\n<details open><summary>Text with restorations</summary><div class=\"text\">",
        );
        let left = marked::restorations(
            &mut html,
            &ctx.docs[d.doc as usize].text,
            &d.edits,
            MAX_SPUN_BYTES,
        );
        if left > 0 {
            let _ = write!(html, "<span class=\"omitted\"> … {left} more bytes</span>");
        }
        html.push_str("</div></details>\n</article>\n");
    }
    omitted(
        &mut html,
        spun.len().saturating_sub(MAX_SPUN_DOCUMENTS),
        "spun documents",
    );
    html
}
