//! The index of the documents the report names: size, spin score and links to every finding
//! about each, so a spun document's source or a cluster member is one click away.

use super::spun::SpunDocument;
use super::{MAX_DOCUMENT_ROWS, MAX_PASSAGES, MAX_ROW_LINKS, marked::text, omitted};
use crate::report::ReportContext;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What the report says about one document.
#[derive(Default)]
struct Mentions {
    clusters: Vec<usize>,
    passages: Vec<usize>,
    boilerplate: usize,
    spun: bool,
}

/// The index of documents: one row (`#doc-N`) per document named in any finding, with links
/// to the findings.
pub(super) fn documents_section(ctx: &ReportContext<'_>, spun: &[SpunDocument<'_>]) -> String {
    let r = ctx.result;
    let mut docs: BTreeMap<u32, Mentions> = BTreeMap::new();
    for (i, c) in r.clusters.iter().enumerate() {
        for &m in &c.members {
            docs.entry(m).or_default().clusters.push(i + 1);
        }
    }
    for d in &r.duplicates {
        docs.entry(d.a).or_default();
        docs.entry(d.b).or_default();
    }
    for (i, p) in r.passages.iter().enumerate() {
        docs.entry(p.a.doc).or_default().passages.push(i + 1);
        docs.entry(p.b.doc).or_default().passages.push(i + 1);
    }
    for b in &r.boilerplate {
        for o in &b.occurrences {
            docs.entry(o.doc).or_default().boilerplate += 1;
        }
    }
    for s in spun {
        docs.entry(s.doc).or_default().spun = true;
        if let Some(source) = s.source {
            docs.entry(source).or_default();
        }
    }
    if docs.is_empty() {
        return "<p class=\"none\">No document is named in any finding.</p>\n".to_string();
    }
    let mut html = String::from(
        "<table class=\"documents\"><thead><tr><th>document</th><th class=\"num\">words</th><th class=\"num\">bytes</th><th class=\"num\">spin score</th><th>found in</th></tr></thead><tbody>\n",
    );
    for (&doc, m) in docs.iter().take(MAX_DOCUMENT_ROWS) {
        let _ = write!(html, "<tr id=\"doc-{doc}\"><td>");
        text(&mut html, ctx.id(doc));
        let score = r
            .spin
            .get(doc as usize)
            .map_or("–".to_string(), |s| format!("{:.2}", s.score));
        let _ = write!(
            html,
            "</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{score}</td><td>",
            r.word_counts[doc as usize],
            ctx.docs[doc as usize].text.len()
        );
        let mut links: Vec<String> = Vec::new();
        links.extend(
            m.clusters
                .iter()
                .map(|c| format!("<a href=\"#cluster-{c}\">cluster {c}</a>")),
        );
        if m.spun {
            links.push(format!("<a href=\"#spun-{doc}\">spun</a>"));
        }
        let shown = m.passages.iter().filter(|&&p| p <= MAX_PASSAGES);
        links.extend(
            shown
                .clone()
                .take(MAX_ROW_LINKS)
                .map(|p| format!("<a href=\"#passage-{p}\">passage {p}</a>")),
        );
        let more = m.passages.len() - m.passages.len().min(shown.count().min(MAX_ROW_LINKS));
        if more > 0 {
            links.push(format!("{more} more passages"));
        }
        if m.boilerplate > 0 {
            links.push(format!("{} boilerplate occurrences", m.boilerplate));
        }
        html.push_str(&links.join(", "));
        html.push_str("</td></tr>\n");
    }
    html.push_str("</tbody></table>\n");
    omitted(
        &mut html,
        docs.len().saturating_sub(MAX_DOCUMENT_ROWS),
        "documents",
    );
    html
}
