//! Which documents the HTML report shows as spun, with which restorations and which source.
//!
//! Two findings name spun documents: spin detection (`--spin`), which restores a text with the
//! language model, and the spun copy pairs (`kind` "spun"), where the scan decided which side
//! is the source. A document judged spun keeps the model's restorations and gets a link to its
//! source when one was paired. The copy of a spun pair that spin detection did not flag (or did
//! not run on) is restored from its source, word by word, as `unspin --source` does. Nothing
//! here decides a direction or scores spinning again. Each is shown with its whole text (up to
//! a cap), restorations marked.

use super::{MAX_SPUN_BYTES, MAX_SPUN_DOCUMENTS, doc_link, marked, omitted};
use crate::dedup::CopyKind;
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
}

/// Every spun document of the scan, in corpus order: those spin detection flagged, and the
/// copies of spun pairs (whose source the scan named).
pub fn spun_documents<'a>(ctx: &ReportContext<'a>) -> Vec<SpunDocument<'a>> {
    let r = ctx.result;
    // spun copy -> its source, as the scan decided (one source per copy)
    let sources: BTreeMap<u32, u32> = r
        .duplicates
        .iter()
        .filter(|d| d.kind == CopyKind::Spun)
        .map(|d| (d.b, d.a))
        .collect();
    let mut spun: BTreeMap<u32, SpunDocument<'a>> = BTreeMap::new();
    for (doc, report) in r.spin.iter().enumerate().filter(|(_, s)| s.spun) {
        let doc = doc as u32;
        spun.insert(
            doc,
            SpunDocument {
                doc,
                score: Some(report.score),
                edits: Cow::Borrowed(&report.edits),
                from_source: false,
                source: sources.get(&doc).copied(),
            },
        );
    }
    let restored: Vec<SpunDocument<'a>> = sources
        .par_iter()
        .filter(|(copy, _)| !spun.contains_key(copy))
        .map(|(&copy, &source)| SpunDocument {
            doc: copy,
            score: r.spin.get(copy as usize).map(|s| s.score),
            edits: Cow::Owned(spin::learn::restore_from_source(
                &ctx.docs[copy as usize].text,
                &ctx.docs[source as usize].text,
            )),
            from_source: true,
            source: Some(source),
        })
        .collect();
    spun.extend(restored.into_iter().map(|s| (s.doc, s)));
    spun.into_values().collect()
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
                html.push_str("; spun from its source ");
                doc_link(&mut html, ctx, source);
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
