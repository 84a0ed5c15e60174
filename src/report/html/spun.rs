//! Which documents the HTML report shows as spun, with which restorations and which source.
//!
//! Two findings name spun documents: spin detection (`--spin`), which restores a text with the
//! language model, and the spun copy pairs (`kind` "spun"), where the scan decided which side
//! is the source. A document judged spun keeps the model's restorations and gets a link to its
//! source when one was paired. The copy of a spun pair that spin detection did not flag (or did
//! not run on) is restored from its source, word by word, as `unspin --source` does. Nothing
//! here decides a direction or scores spinning again. Each is shown as excerpts around its
//! restorations (up to a cap), restorations marked and the bytes between excerpts named, so a
//! long text with a few restorations does not fill the page; a document with the same text and
//! restorations as one shown before (an exact copy of a spun text) refers to it instead.

use super::marked::{self, Excerpts};
use super::{Index, omitted};
use crate::dedup::CopyKind;
use crate::report::ReportContext;
use crate::spin::{self, Edit};
use maud::{Markup, html};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

/// Spun documents shown; the others are counted.
const MAX_SPUN_DOCUMENTS: usize = 100;
/// Spun documents shown open; the others are folded (`<details>`).
const OPEN_SPUN_DOCUMENTS: usize = 5;
/// Bytes of a spun document's text shown at most.
const MAX_SPUN_BYTES: usize = 60_000;
/// Bytes of context kept on each side of a restoration.
const EXCERPT_CONTEXT: usize = 120;

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

/// The spun documents section: each document's restorations in excerpts with some context
/// (the first few open, the others folded), the bytes between them named.
pub(super) fn spun_section<'a>(
    ctx: &ReportContext<'a>,
    spun: &'a [SpunDocument<'_>],
    index: &Index,
) -> Markup {
    let view = Excerpts {
        context: EXCERPT_CONTEXT,
        max_bytes: MAX_SPUN_BYTES,
    };
    // the first document shown with each text and restorations: a later one alike refers to it
    let mut shown: HashMap<&str, Vec<&SpunDocument<'_>>> = HashMap::new();
    let mut first_alike = |d: &'a SpunDocument<'_>, text: &'a str| {
        let alike = shown.entry(text).or_default();
        match alike.iter().find(|s| s.edits == d.edits) {
            Some(first) => first.doc,
            None => {
                alike.push(d);
                d.doc
            }
        }
    };
    html! {
        @if spun.is_empty() {
            p.none {
                @if ctx.spin_checked {
                    "No spun document."
                } @else {
                    "No spun copy paired with its source; spin scoring was off (" code { "--spin" } ")."
                }
            }
        }
        @for (i, d) in spun.iter().take(MAX_SPUN_DOCUMENTS).enumerate() {
            @let text = ctx.docs[d.doc as usize].text.as_str();
            @let alike = first_alike(d, text);
            article.spun id={"spun-" (d.doc)} {
                h3 { (index.link(ctx, d.doc)) }
                p.meta {
                    @if let Some(score) = d.score { "spin score " (format!("{score:.2}")) "; " }
                    (d.edits.len()) " restorations"
                    @if d.from_source { " read off its source, word by word" } @else { " by the language model" }
                    @match d.source {
                        Some(source) => { "; spun from its source " (index.link(ctx, source)) }
                        None => "; no source in the corpus",
                    }
                }
                @if alike != d.doc {
                    p.alike {
                        "The same text and restorations as " a href={"#spun-" (alike)} { (ctx.id(alike)) }
                        ", shown there."
                    }
                } @else {
                    @let (marked, left) = marked::restorations(text, &d.edits, &view);
                    details open[i < OPEN_SPUN_DOCUMENTS] {
                        summary {
                            "Restorations in context (" (text.len() - left.bytes) " of " (text.len()) " bytes shown)"
                        }
                        div.text {
                            (marked)
                            @if left.edits > 0 {
                                span.omitted { " … " (left.edits) " more restorations not shown" }
                            }
                        }
                    }
                }
            }
        }
        (omitted(spun.len().saturating_sub(MAX_SPUN_DOCUMENTS), "spun documents"))
    }
}
