//! The index of the corpus: one row per document (`#doc-N`), flagged or not, with its size,
//! spin score, its roles in the findings and links to every finding about it, so a spun
//! document's source or a cluster member is one click away. Every role is read off the scan's
//! results (the kept member of a cluster, the `a`/`b` of a pair, the spin verdict); nothing is
//! decided here. Unflagged documents get a short row and, past a cap, only a count, so the
//! page stays proportional to what is flagged.

use super::spun::SpunDocument;
use super::{MAX_PASSAGES, omitted};
use crate::dedup::CopyKind;
use crate::report::ReportContext;
use maud::{Markup, html};
use std::collections::BTreeSet;

/// Rows of flagged documents shown at most.
const MAX_FLAGGED_ROWS: usize = 2000;
/// Rows of unflagged documents shown at most.
const MAX_UNFLAGGED_ROWS: usize = 500;
/// Links to passages per document row.
const MAX_ROW_LINKS: usize = 12;

/// What the report says about one document.
#[derive(Default)]
pub(super) struct Mentions {
    /// Roles, in a fixed order (see [`Role`]).
    roles: BTreeSet<Role>,
    clusters: Vec<usize>,
    passages: Vec<usize>,
    boilerplate: usize,
}

/// A document's part in the findings, as the scan decided it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Kept,
    Dropped,
    ExactCopy,
    NearCopy,
    SpunCopy,
    SpunSource,
    Container,
    Contained,
    SpinFlagged,
    SharesPassages,
    Boilerplate,
}

impl Role {
    fn label(self) -> &'static str {
        match self {
            Role::Kept => "kept copy",
            Role::Dropped => "copy to drop",
            Role::ExactCopy => "exact copy",
            Role::NearCopy => "near copy",
            Role::SpunCopy => "spun copy",
            Role::SpunSource => "source of a spun copy",
            Role::Container => "contains a copy",
            Role::Contained => "contained in another",
            Role::SpinFlagged => "judged spun",
            Role::SharesPassages => "shares passages",
            Role::Boilerplate => "has boilerplate",
        }
    }
}

/// What the findings say about every document, in corpus order.
pub(super) fn mentions(ctx: &ReportContext<'_>) -> Vec<Mentions> {
    let r = ctx.result;
    let mut docs: Vec<Mentions> = (0..ctx.docs.len()).map(|_| Mentions::default()).collect();
    for (i, c) in r.clusters.iter().enumerate() {
        for &m in &c.members {
            let d = &mut docs[m as usize];
            d.clusters.push(i + 1);
            d.roles.insert(if m == c.keep {
                Role::Kept
            } else {
                Role::Dropped
            });
        }
    }
    for d in &r.duplicates {
        let (role_a, role_b) = match d.kind {
            CopyKind::Exact => (Role::ExactCopy, Role::ExactCopy),
            CopyKind::Near => (Role::NearCopy, Role::NearCopy),
            CopyKind::Spun => (Role::SpunSource, Role::SpunCopy),
            CopyKind::Contained => (Role::Container, Role::Contained),
        };
        docs[d.a as usize].roles.insert(role_a);
        docs[d.b as usize].roles.insert(role_b);
    }
    for (i, p) in r.passages.iter().enumerate() {
        for doc in [p.a.doc, p.b.doc] {
            let d = &mut docs[doc as usize];
            d.passages.push(i + 1);
            d.roles.insert(Role::SharesPassages);
        }
    }
    for b in &r.boilerplate {
        for o in &b.occurrences {
            let d = &mut docs[o.doc as usize];
            d.boilerplate += 1;
            d.roles.insert(Role::Boilerplate);
        }
    }
    for (doc, s) in r.spin.iter().enumerate() {
        if s.spun {
            docs[doc].roles.insert(Role::SpinFlagged);
        }
    }
    docs
}

impl Mentions {
    /// Whether any finding names the document (a spun document always has a role: judged
    /// spun, or the copy of a spun pair).
    pub(super) fn flagged(&self) -> bool {
        !self.roles.is_empty()
    }
}

/// Which documents have a row in the index: flagged ones up to their cap, then the unflagged
/// up to theirs, in corpus order. Links to a document without a row are plain text.
pub(super) fn rows(docs: &[Mentions]) -> Vec<bool> {
    let (mut flagged, mut unflagged) = (0, 0);
    docs.iter()
        .map(|m| {
            let (count, cap) = if m.flagged() {
                (&mut flagged, MAX_FLAGGED_ROWS)
            } else {
                (&mut unflagged, MAX_UNFLAGGED_ROWS)
            };
            *count += 1;
            *count <= cap
        })
        .collect()
}

/// The index of documents: a row per document, flagged ones first up to their cap, then the
/// unflagged up to theirs, each kept in corpus order.
pub(super) fn documents_section(
    ctx: &ReportContext<'_>,
    docs: &[Mentions],
    has_row: &[bool],
    spun: &[SpunDocument<'_>],
) -> Markup {
    let r = ctx.result;
    let flagged = docs.iter().filter(|m| m.flagged()).count();
    let unflagged = docs.len() - flagged;
    let spun: BTreeSet<usize> = spun.iter().map(|s| s.doc as usize).collect();
    let rows: Vec<(usize, &Mentions)> = docs
        .iter()
        .enumerate()
        .filter(|&(doc, _)| has_row[doc])
        .collect();
    html! {
        p.meta { (flagged) " flagged, " (unflagged) " unflagged." }
        @if !rows.is_empty() {
            table.documents {
                thead { tr {
                    th { "document" } th.num { "words" } th.num { "bytes" } th.num { "spin score" }
                    th { "role" } th { "found in" }
                } }
                tbody {
                    @for (doc, m) in &rows {
                        @let score = r.spin.get(*doc).map(|s| format!("{:.2}", s.score));
                        tr class=[(!m.flagged()).then_some("unflagged")] id={"doc-" (doc)} {
                            td { (ctx.id(*doc as u32)) }
                            td.num { (r.word_counts[*doc]) }
                            td.num { (ctx.docs[*doc].text.len()) }
                            td.num { (score.as_deref().unwrap_or("–")) }
                            td {
                                @if m.flagged() {
                                    (roles(m))
                                } @else {
                                    span.role.none { "unflagged" }
                                }
                            }
                            td { (links(*doc, m, spun.contains(doc))) }
                        }
                    }
                }
            }
        }
        (omitted(flagged.saturating_sub(MAX_FLAGGED_ROWS), "flagged documents"))
        (omitted(unflagged.saturating_sub(MAX_UNFLAGGED_ROWS), "unflagged documents"))
    }
}

fn roles(m: &Mentions) -> Markup {
    html! {
        @for role in &m.roles {
            span.role { (role.label()) } " "
        }
    }
}

/// Links to the findings about a document.
fn links(doc: usize, m: &Mentions, spun: bool) -> Markup {
    let shown: Vec<usize> = m
        .passages
        .iter()
        .copied()
        .filter(|&p| p <= MAX_PASSAGES)
        .take(MAX_ROW_LINKS)
        .collect();
    let more = m.passages.len() - shown.len();
    let mut links: Vec<Markup> = Vec::new();
    links.extend(
        m.clusters
            .iter()
            .map(|c| html! { a href={"#cluster-" (c)} { "cluster " (c) } }),
    );
    if spun {
        links.push(html! { a href={"#spun-" (doc)} { "spun text" } });
    }
    links.extend(
        shown
            .iter()
            .map(|p| html! { a href={"#passage-" (p)} { "passage " (p) } }),
    );
    if more > 0 {
        links.push(html! { span.meta { (more) " more passages" } });
    }
    if m.boilerplate > 0 {
        links.push(html! { span.meta { (m.boilerplate) " boilerplate occurrences" } });
    }
    html! {
        @for (i, link) in links.iter().enumerate() {
            @if i > 0 { ", " }
            (link)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_the_first_flagged_and_unflagged_documents_up_to_their_caps() {
        let docs: Vec<Mentions> = (0..MAX_FLAGGED_ROWS + MAX_UNFLAGGED_ROWS + 10)
            .map(|i| {
                let mut m = Mentions::default();
                if i % 2 == 0 || i > 2 * MAX_UNFLAGGED_ROWS + 5 {
                    m.roles.insert(Role::SharesPassages);
                }
                m
            })
            .collect();
        let flagged = docs.iter().filter(|m| m.flagged()).count();
        assert!(flagged > MAX_FLAGGED_ROWS);
        let rows = rows(&docs);
        let shown = |f: bool| {
            (0..docs.len())
                .filter(|&d| rows[d] && docs[d].flagged() == f)
                .count()
        };
        assert_eq!(shown(true), MAX_FLAGGED_ROWS);
        assert_eq!(shown(false), MAX_UNFLAGGED_ROWS);
        // the last flagged documents and the last unflagged one have no row
        assert!(!rows[docs.len() - 1]);
        let last_unflagged = (0..docs.len()).rev().find(|&d| !docs[d].flagged()).unwrap();
        assert!(!rows[last_unflagged]);
        assert!(rows[0] && rows[1]);
    }
}
