//! The HTML report (`scan --html FILE`): one self-contained page for analysts, with no
//! network access and no script (inline CSS and inline SVG only).
//!
//! Sections, in page order, each listed in the contents bar at the top and ending in a link
//! back to it: the summary (totals, charts of what the corpus holds, the settings used);
//! near-duplicate clusters (the kept member marked, each member's Jaccard and coverage against
//! it); spun copies paired with their sources; shared passages side by side with the
//! differing words marked (a word diff); boilerplate, shown once; spun documents with their
//! restorations; and an index of every document of the corpus with its roles, which the
//! other sections link to (`#doc-N`).
//!
//! The page is written with [`maud`] templates: they are checked when the crate compiles and
//! escape every value unless it is marked as already HTML, so no document text or id can
//! inject markup. Records arrive in the order of [`super::emit`], so each section is gathered
//! into its own buffer and the page is written at the summary, which comes last.
//!
//! The page's size follows what is flagged, not the corpus: long passages show words shared
//! with the left side only once, spun documents show excerpts around their restorations,
//! passages past the first few are folded, unflagged documents get a short row, and every list
//! is capped with a note of how much was left out (the `--json` output has everything). The
//! report only presents the scan's results: it decides no verdict, kind or direction. The page
//! depends on the results only, so it is byte-identical for any thread count.

mod charts;
mod documents;
mod marked;
mod spun;

use super::{ReportContext, ScanSink, Summary};
use crate::align::{Boilerplate, MatchKind, Passage, WordRange};
use crate::dedup::CopyKind;
use crate::dedup::cluster::Cluster;
use crate::scan::{Duplicate, ScanConfig};
use crate::spin::SpinReport;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use std::collections::HashMap;
use std::io::{self, Write};

const STYLE: &str = include_str!("style.css");
/// Passages shown in full; the rest are counted.
const MAX_PASSAGES: usize = 500;
/// Passages shown open; the others are folded (`<details>`).
const OPEN_PASSAGES: usize = 20;
/// Words shown per passage side.
const MAX_SIDE_WORDS: usize = 3000;
/// Words kept at each end of a run the right side of a passage shares with the left.
const SHARED_CONTEXT: usize = 12;
const MAX_CLUSTERS: usize = 500;
const MAX_MEMBERS: usize = 200;
const MAX_SPUN_PAIRS: usize = 500;
const MAX_BOILERPLATE: usize = 200;
const MAX_OCCURRENCES: usize = 50;

/// Mostly non-prose documents named in the summary (the JSON Lines list them all).
const NON_PROSE_NAMED: usize = 20;

/// Writes the HTML report to `out` when the summary arrives.
pub struct HtmlSink<W: Write> {
    out: W,
    settings: ScanConfig,
    /// The index of each pair's duplicate, for the clusters' measures.
    copies: Option<HashMap<(u32, u32), usize>>,
    /// The documents with a row in the index, made when the first record arrives.
    index: Option<Index>,
    clusters: Section,
    spun_pairs: Section,
    passages: Section,
    boilerplate: Section,
}

/// One section's HTML and how many records it had.
#[derive(Default)]
struct Section {
    html: String,
    count: usize,
}

impl Section {
    /// Counts a record; true when it is still to be shown.
    fn admit(&mut self, cap: usize) -> bool {
        self.count += 1;
        self.count <= cap
    }

    fn push(&mut self, markup: Markup) {
        self.html.push_str(&markup.into_string());
        self.html.push('\n');
    }

    /// The section's items, or a line saying there are none, and a note of those left out.
    fn body(&self, cap: usize, none: &str, what: &str) -> Markup {
        html! {
            @if self.count == 0 {
                p.none { (none) }
            } @else {
                (PreEscaped(&self.html))
                (omitted(self.count.saturating_sub(cap), what))
            }
        }
    }
}

impl<W: Write> HtmlSink<W> {
    /// A sink writing to `out`; `settings` are the scan's, shown in the summary.
    pub fn new(out: W, settings: &ScanConfig) -> Self {
        HtmlSink {
            out,
            settings: *settings,
            copies: None,
            index: None,
            clusters: Section::default(),
            spun_pairs: Section::default(),
            passages: Section::default(),
            boilerplate: Section::default(),
        }
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

/// A note that `count` more `what` were left out of the page, if any were.
fn omitted(count: usize, what: &str) -> Markup {
    html! {
        @if count > 0 {
            p.omitted { (count) " more " (what) " not shown (see " code { "--json" } ")." }
        }
    }
}

/// Which documents have a row in the index, for links to them.
struct Index(Vec<bool>);

impl Index {
    fn of(ctx: &ReportContext<'_>) -> Index {
        Index(documents::rows(&documents::mentions(ctx)))
    }

    /// A link to a document's row in the index (its id alone when it has no row).
    fn link(&self, ctx: &ReportContext<'_>, doc: u32) -> Markup {
        html! {
            @if self.0[doc as usize] {
                a.doc href={"#doc-" (doc)} { (ctx.id(doc)) }
            } @else {
                span.doc { (ctx.id(doc)) }
            }
        }
    }

    /// Where a word range is: its document (linked) and byte offsets.
    fn place(&self, ctx: &ReportContext<'_>, range: WordRange) -> Markup {
        let bytes = ctx.source_range(range);
        html! {
            (self.link(ctx, range.doc)) " " span.bytes { "bytes " (bytes.start) "–" (bytes.end) }
        }
    }
}

fn range_text<'a>(ctx: &ReportContext<'a>, range: WordRange) -> &'a str {
    &ctx.docs[range.doc as usize].text[ctx.result.byte_range(ctx.docs, range)]
}

fn percent(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

impl<W: Write> ScanSink for HtmlSink<W> {
    fn duplicate(&mut self, ctx: &ReportContext<'_>, dup: &Duplicate) -> io::Result<()> {
        let Some(evidence) = &dup.spun else {
            return Ok(());
        };
        if !self.spun_pairs.admit(MAX_SPUN_PAIRS) {
            return Ok(());
        }
        let index = self.index.get_or_insert_with(|| Index::of(ctx));
        self.spun_pairs.push(html! {
            tr {
                td { (index.link(ctx, dup.a)) }
                td { (index.link(ctx, dup.b)) }
                td.num { (percent(dup.changed_rate())) }
                td.num { (format!("{:.2}", evidence.confidence)) }
                td {
                    @for (i, s) in evidence.examples().enumerate() {
                        @if i > 0 { ", " }
                        del { (s.original) } " → " ins { (s.spun) }
                    }
                }
            }
        });
        Ok(())
    }

    fn cluster(&mut self, ctx: &ReportContext<'_>, cluster: &Cluster) -> io::Result<()> {
        if !self.clusters.admit(MAX_CLUSTERS) {
            return Ok(());
        }
        let copies = self.copies.get_or_insert_with(|| {
            ctx.result
                .duplicates
                .iter()
                .enumerate()
                .map(|(i, d)| (d.pair(), i))
                .collect()
        });
        let index = self.index.get_or_insert_with(|| Index::of(ctx));
        let n = self.clusters.count;
        let against_kept = |m: u32| {
            let pair = (m.min(cluster.keep), m.max(cluster.keep));
            copies.get(&pair).map(|&i| &ctx.result.duplicates[i])
        };
        let markup = html! {
            div.cluster id={"cluster-" (n)} {
                h3 { "Cluster " (n) " " span.meta { (cluster.members.len()) " documents" } }
                table {
                    thead { tr {
                        th { "member" } th { "kind" } th.num { "aligned" } th.num { "substituted" } th.num { "Jaccard" }
                    } }
                    tbody {
                        @for &m in cluster.members.iter().take(MAX_MEMBERS) {
                            @if m == cluster.keep {
                                tr.kept {
                                    td { (index.link(ctx, m)) " " span.badge { "kept" } }
                                    td.meta colspan="4" { "the member kept (" code { "--keep" } ")" }
                                }
                            } @else {
                                tr {
                                    td { (index.link(ctx, m)) }
                                    @match against_kept(m) {
                                        Some(d) => {
                                            td { (role_against_kept(d, m)) }
                                            td.num { (percent(if d.a == m { d.coverage_a } else { d.coverage_b })) }
                                            td.num { (percent(d.changed_rate())) }
                                            td.num { (format!("{:.4}", d.jaccard)) }
                                        }
                                        None => td.meta colspan="4" { "joined through another member" },
                                    }
                                }
                            }
                        }
                        @if cluster.members.len() > MAX_MEMBERS {
                            tr { td.omitted colspan="5" {
                                (cluster.members.len() - MAX_MEMBERS) " more members not shown"
                            } }
                        }
                    }
                }
            }
        };
        self.clusters.push(markup);
        Ok(())
    }

    fn passage(&mut self, ctx: &ReportContext<'_>, p: &Passage) -> io::Result<()> {
        if !self.passages.admit(MAX_PASSAGES) {
            return Ok(());
        }
        let index = self.index.get_or_insert_with(|| Index::of(ctx));
        let n = self.passages.count;
        let (ta, tb) = (range_text(ctx, p.a), range_text(ctx, p.b));
        let (da, db) = marked::word_diff(ta, tb);
        let sides = [
            (p.a, ta, &da, "side a", None),
            (p.b, tb, &db, "side b", Some(SHARED_CONTEXT)),
        ];
        let markup = html! {
            details class={"passage " (p.kind.as_str())} id={"passage-" (n)} open[n <= OPEN_PASSAGES] {
                summary {
                    span.n { (n) } " " (p.matched_words) " words in common, similarity "
                    (format!("{:.2}", p.similarity)) " ("
                    @match p.kind {
                        MatchKind::Copy => "copy",
                        MatchKind::Spun => { "spun, " (p.immutables) " immutable words aligned" }
                    }
                    "): " (index.link(ctx, p.a.doc)) " ↔ " (index.link(ctx, p.b.doc))
                }
                div.sides {
                    @for (range, text, diff, class, elide_same) in sides {
                        @let in_file = |r: std::ops::Range<usize>| ctx.source_bytes(range.doc, r.start, r.end);
                        @let view = marked::SideView {
                            max_words: MAX_SIDE_WORDS,
                            elide_same,
                            base: ctx.result.byte_range(ctx.docs, range).start,
                            in_file: &in_file,
                        };
                        @let (marked, left) = marked::diff_side(text, diff, &view);
                        div class=(class) {
                            div.where { (index.place(ctx, range)) }
                            div.text {
                                (marked)
                                @if left > 0 { span.omitted { " … " (left) " more words" } }
                            }
                        }
                    }
                }
            }
        };
        self.passages.push(markup);
        Ok(())
    }

    fn boilerplate(&mut self, ctx: &ReportContext<'_>, boiler: &Boilerplate) -> io::Result<()> {
        if !self.boilerplate.admit(MAX_BOILERPLATE) {
            return Ok(());
        }
        let index = self.index.get_or_insert_with(|| Index::of(ctx));
        let n = self.boilerplate.count;
        let first = boiler.occurrences[0];
        let markup = html! {
            details.boilerplate id={"boilerplate-" (n)} {
                summary {
                    span.n { (n) } " " (first.end - first.start) " words, in " (boiler.documents())
                    " documents (" (boiler.occurrences.len()) " occurrences)"
                }
                div.text { (range_text(ctx, first)) }
                ul.occurrences {
                    @for &o in boiler.occurrences.iter().take(MAX_OCCURRENCES) {
                        li { (index.place(ctx, o)) }
                    }
                    @if boiler.occurrences.len() > MAX_OCCURRENCES {
                        li.omitted { (boiler.occurrences.len() - MAX_OCCURRENCES) " more occurrences" }
                    }
                }
            }
        };
        self.boilerplate.push(markup);
        Ok(())
    }

    fn spin(&mut self, _: &ReportContext<'_>, _: u32, _: &SpinReport) -> io::Result<()> {
        // spun documents are gathered at the end with the spun pairs (see `spun`)
        Ok(())
    }

    fn summary(&mut self, ctx: &ReportContext<'_>, s: &Summary) -> io::Result<()> {
        let spun = spun::spun_documents(ctx);
        let mentions = documents::mentions(ctx);
        let index = (self.index.take()).unwrap_or_else(|| Index(documents::rows(&mentions)));
        let mut contents = vec![
            ("summary", "Summary", None),
            ("clusters", "Clusters", Some(s.clusters)),
        ];
        if self.settings.spun_copies {
            contents.push(("spun-pairs", "Spun copies", Some(self.spun_pairs.count)));
        }
        contents.extend([
            ("passages", "Passages", Some(s.passages)),
            ("boilerplate", "Boilerplate", Some(s.boilerplate)),
            ("spun", "Spun documents", Some(spun.len())),
            ("documents", "Documents", Some(s.documents)),
        ]);
        let page = html! {
            (DOCTYPE) "\n"
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { "copydesk scan: " (s.documents) " documents" }
                    style { (PreEscaped(STYLE)) }
                }
                body id="top" {
                    header {
                        h1 { "copydesk scan" }
                        p.meta {
                            (s.documents) " documents, " (s.words) " words, " (s.bytes) " bytes"
                            @if s.problems > 0 { "; " (s.problems) " input problems (reported on stderr)" }
                        }
                    }
                    nav.toc aria-label="Contents" {
                        @for (id, title, count) in &contents {
                            a href={"#" (id)} {
                                (title) @if let Some(n) = count { " " span.count { (n) } }
                            }
                        }
                    }
                    (self.summary_section(ctx, s, spun.len()))
                    (self.sections(ctx, &spun, &index))
                    (section("documents", "Documents", html! {
                        "Every document of the corpus, with its roles in the findings above (read off the scan's results) and links to them; documents no finding names are marked " span.role.none { "unflagged" } "."
                    }, documents::documents_section(ctx, &mentions, &index.0, &spun)))
                }
            }
        };
        self.out.write_all(page.into_string().as_bytes())?;
        self.out.write_all(b"\n")
    }
}

/// How a cluster member stands against the kept one, as the scan's pair says.
fn role_against_kept(d: &Duplicate, member: u32) -> &'static str {
    match d.kind {
        CopyKind::Spun if d.b == member => "spun copy of the kept",
        CopyKind::Spun => "source of the kept",
        CopyKind::Contained if d.b == member => "inside the kept",
        CopyKind::Contained => "contains the kept",
        CopyKind::Exact => "exact copy",
        CopyKind::Near => "near copy",
    }
}

impl<W: Write> HtmlSink<W> {
    /// The summary: totals, charts and the settings used.
    fn summary_section(&self, ctx: &ReportContext<'_>, s: &Summary, spun: usize) -> Markup {
        let cfg = &self.settings;
        let spun_figure = match s.spun {
            Some(n) => n.max(spun).to_string(),
            None if spun > 0 => spun.to_string(),
            None => "not scored".to_string(),
        };
        let figures = [
            ("clusters", s.duplicates.to_string(), "copy pairs"),
            ("clusters", s.clusters.to_string(), "clusters"),
            (
                "clusters",
                s.duplicate_documents.to_string(),
                "documents to drop",
            ),
            ("passages", s.passages.to_string(), "shared passages"),
            (
                "boilerplate",
                s.boilerplate.to_string(),
                "boilerplate passages",
            ),
            ("spun", spun_figure, "spun documents"),
        ];
        let settings = [
            ("--threshold (Jaccard)", cfg.threshold.to_string()),
            ("--containment", cfg.containment.to_string()),
            (
                "LSH bands × rows",
                format!("{} × {}", ctx.result.lsh.bands, ctx.result.lsh.rows),
            ),
            ("--keep", format!("{:?}", cfg.keep).to_lowercase()),
            ("--min-words", cfg.passages.min_words.to_string()),
            (
                "--boilerplate-docs",
                cfg.passages.boilerplate_docs.to_string(),
            ),
            ("spin scoring (--spin)", on_off(ctx.spin_checked)),
            ("spun-copy pairing", on_off(cfg.spun_copies)),
            ("candidate pairs verified", s.candidates.to_string()),
            ("document pairs aligned", s.pairs_aligned.to_string()),
        ];
        let body = html! {
            div.figures {
                @for (href, figure, label) in &figures {
                    a.figure href={"#" (href)} {
                        span.value { (figure) } span.label { (label) }
                    }
                }
            }
            @if s.non_prose > 0 {
                p.non-prose {
                    (s.non_prose) " mostly non-prose "
                    (if s.non_prose == 1 { "document was" } else { "documents were" })
                    " not compared (at least "
                    (percent(crate::text::prose::MOSTLY_NON_PROSE))
                    " of the words in base64, hex, code, URL or number runs): "
                    @for (i, (doc, _)) in ctx.result.mostly_non_prose().take(NON_PROSE_NAMED).enumerate() {
                        @if i > 0 { ", " }
                        span.doc { (ctx.id(doc)) }
                    }
                    @if s.non_prose > NON_PROSE_NAMED { ", …" }
                }
            }
            div.charts {
                @for chart in charts::charts(ctx) { (chart.render()) }
            }
            details.settings {
                summary { "Settings" }
                table {
                    @for (name, value) in &settings { tr { th { (name) } td { (value) } } }
                }
            }
        };
        section(
            "summary",
            "Summary",
            html! { "What the scan found, with charts of the clusters, copy pairs and spin scores." },
            body,
        )
    }

    /// The sections between the summary and the index.
    fn sections(
        &self,
        ctx: &ReportContext<'_>,
        spun: &[spun::SpunDocument<'_>],
        index: &Index,
    ) -> Markup {
        let jump = html! {
            @if self.clusters.count > 1 {
                p.jump {
                    "Jump to cluster: "
                    @for n in 1..=self.clusters.count.min(MAX_CLUSTERS) {
                        a href={"#cluster-" (n)} { (n) } " "
                    }
                }
            }
        };
        html! {
            (section("clusters", "Copy clusters", html! {
                "Documents that are copies of each other, joined into clusters: a pair is a copy when the passages aligned between them cover most of the shorter one (or their 5-word shingle sets reach the Jaccard or containment thresholds). Each member is described against the kept one: its kind, the share of the member aligned, the share of aligned words substituted, and the exact shingle Jaccard."
            }, html! {
                (jump)
                (self.clusters.body(MAX_CLUSTERS, "No near-duplicate documents.", "clusters"))
            }))
            @if self.settings.spun_copies {
                (section("spun-pairs", "Spun copies and their sources", html! {
                    "Copies whose differences are words and phrases replaced in place by synonyms. The source is the side whose wording the language model finds likelier in context; the confidence is the share of substitutions that say so. Each spun copy is named once, against one source (the others are in its cluster). In the examples the source's words are struck and the copy's underlined."
                }, html! {
                    @if self.spun_pairs.count == 0 {
                        p.none { "No spun copy paired with its source." }
                    } @else {
                        table {
                            thead { tr {
                                th { "source" } th { "spun copy" } th.num { "substituted" } th.num { "confidence" }
                                th { "substitutions, for example (source → copy)" }
                            } }
                            tbody { (PreEscaped(&self.spun_pairs.html)) }
                        }
                        (omitted(self.spun_pairs.count.saturating_sub(MAX_SPUN_PAIRS), "pairs"))
                    }
                }))
            }
            (section("passages", "Shared passages", html! {
                "Each passage side by side, with byte offsets into each document, compared word by word (case-folded). "
                span.legend {
                    del { "struck" } ": only on the left; " ins { "underlined" } ": only on the right; "
                    mark { "wavy underline" } ": replaced by other words on the other side; "
                    span.gap { "⋯" } ": words the right side shares with the left, shown on the left only."
                }
            }, self.passages.body(MAX_PASSAGES, "No shared passage.", "passages")))
            (section("boilerplate", "Boilerplate", html! {
                "Passages found in more than " (self.settings.passages.boilerplate_docs) " documents, shown once."
            }, self.boilerplate.body(MAX_BOILERPLATE, "No boilerplate.", "boilerplate passages")))
            (section("spun", "Spun documents", html! {
                "Text rewritten by a synonym spinner, with the likely original wording restored, shown around each restoration with some context. "
                span.legend {
                    del { "struck" } ": the spun wording; " ins { "underlined" } ": the original restored (hover for its confidence); "
                    span.gap { "⋯" } ": bytes with no restoration, left out."
                }
            }, spun::spun_section(ctx, spun, index)))
        }
    }
}

fn on_off(on: bool) -> String {
    if on { "on" } else { "off" }.to_string()
}

/// One `<section>` with its heading, a link back to the top and a line saying what it shows.
fn section(id: &str, title: &str, about: Markup, body: Markup) -> Markup {
    html! {
        section id=(id) {
            h2 { (title) " " a.top href="#top" { "↑ contents" } }
            p.about { (about) }
            (body)
        }
        "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_corpus;

    #[test]
    fn a_document_without_a_row_in_the_index_is_named_not_linked() {
        let (docs, result) = test_corpus::scanned();
        let ctx = test_corpus::context(&docs, &result);
        let mut rows = vec![true; docs.len()];
        rows[1] = false;
        let index = Index(rows);
        assert_eq!(
            index.link(&ctx, 0).into_string(),
            format!("<a class=\"doc\" href=\"#doc-0\">{}</a>", docs[0].id)
        );
        assert_eq!(
            index.link(&ctx, 1).into_string(),
            format!("<span class=\"doc\">{}</span>", docs[1].id)
        );
    }
}
