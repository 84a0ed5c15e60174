//! The HTML report (`scan --html FILE`): one self-contained page for analysts, with no
//! network access and no script (inline CSS only).
//!
//! Sections, in page order: the summary and the settings used; near-duplicate clusters (the
//! kept member marked, each member's Jaccard and containment against it); spun copies paired
//! with their sources; shared passages side by side with the differing words marked (a word
//! diff); boilerplate, shown once; spun documents with their restorations; and an index of the
//! documents named anywhere, which the other sections link to (`#doc-N`). Records arrive in
//! the order of [`super::emit`], so each section is gathered into its own buffer and the page
//! is written at the summary, which comes last. Long reports stay usable: passages past the
//! first few are collapsed, and every list is capped with a note of how much was left out
//! (the `--json` output has everything). The page depends on the results only, so it is
//! byte-identical for any thread count.

mod documents;
mod marked;
mod spun;

use super::{ReportContext, ScanSink, Summary};
use crate::align::{Boilerplate, MatchKind, Passage, WordRange};
use crate::dedup::CopyKind;
use crate::dedup::cluster::Cluster;
use crate::scan::{Duplicate, ScanConfig};
use crate::spin::SpinReport;
use marked::text;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

const STYLE: &str = include_str!("style.css");
/// Passages shown in full; the rest are counted.
const MAX_PASSAGES: usize = 500;
/// Passages shown open; the others are collapsed (`<details>`).
const OPEN_PASSAGES: usize = 20;
/// Words shown per passage side.
const MAX_SIDE_WORDS: usize = 3000;
const MAX_CLUSTERS: usize = 500;
const MAX_MEMBERS: usize = 200;
const MAX_SPUN_PAIRS: usize = 500;
const MAX_BOILERPLATE: usize = 200;
const MAX_OCCURRENCES: usize = 50;
const MAX_SPUN_DOCUMENTS: usize = 100;
/// Bytes of a spun document's text shown.
const MAX_SPUN_BYTES: usize = 200_000;
const MAX_DOCUMENT_ROWS: usize = 2000;
/// Links to passages per document row.
const MAX_ROW_LINKS: usize = 12;

/// Writes the HTML report to `out` when the summary arrives.
pub struct HtmlSink<W: Write> {
    out: W,
    settings: ScanConfig,
    /// The index of each pair's duplicate, for the clusters' measures.
    copies: Option<HashMap<(u32, u32), usize>>,
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

    /// The section's items, or a line saying there are none, and a note of those left out.
    fn body(&self, cap: usize, none: &str, what: &str) -> String {
        if self.count == 0 {
            return format!("<p class=\"none\">{none}</p>\n");
        }
        let mut html = self.html.clone();
        omitted(&mut html, self.count.saturating_sub(cap), what);
        html
    }
}

impl<W: Write> HtmlSink<W> {
    /// A sink writing to `out`; `settings` are the scan's, shown in the summary.
    pub fn new(out: W, settings: &ScanConfig) -> Self {
        HtmlSink {
            out,
            settings: *settings,
            copies: None,
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

/// Appends a note that `count` more `what` were left out of the page, if any were.
fn omitted(out: &mut String, count: usize, what: &str) {
    if count > 0 {
        let _ = writeln!(
            out,
            "<p class=\"omitted\">{count} more {what} not shown (see <code>--json</code>).</p>"
        );
    }
}

/// A link to a document's row in the index.
fn doc_link(out: &mut String, ctx: &ReportContext<'_>, doc: u32) {
    let _ = write!(out, "<a class=\"doc\" href=\"#doc-{doc}\">");
    text(out, ctx.id(doc));
    out.push_str("</a>");
}

/// Where a word range is: its document (linked) and byte offsets.
fn place(out: &mut String, ctx: &ReportContext<'_>, range: WordRange) {
    doc_link(out, ctx, range.doc);
    let bytes = ctx.source_range(range);
    let _ = write!(
        out,
        " <span class=\"bytes\">bytes {}–{}</span>",
        bytes.start, bytes.end
    );
}

fn range_text<'a>(ctx: &ReportContext<'a>, range: WordRange) -> &'a str {
    &ctx.docs[range.doc as usize].text[ctx.result.byte_range(ctx.docs, range)]
}

impl<W: Write> ScanSink for HtmlSink<W> {
    fn duplicate(&mut self, ctx: &ReportContext<'_>, dup: &Duplicate) -> io::Result<()> {
        let Some(evidence) = &dup.spun else {
            return Ok(());
        };
        if !self.spun_pairs.admit(MAX_SPUN_PAIRS) {
            return Ok(());
        }
        let html = &mut self.spun_pairs.html;
        html.push_str("<tr><td>");
        doc_link(html, ctx, dup.a);
        html.push_str("</td><td>");
        doc_link(html, ctx, dup.b);
        let _ = write!(
            html,
            "</td><td class=\"num\">{:.0}%</td><td class=\"num\">{:.2}</td><td>",
            100.0 * dup.changed_rate(),
            evidence.confidence
        );
        for (i, s) in evidence.examples().enumerate() {
            if i > 0 {
                html.push_str(", ");
            }
            html.push_str("<del>");
            marked::text(html, &s.original);
            html.push_str("</del> → <ins>");
            marked::text(html, &s.spun);
            html.push_str("</ins>");
        }
        html.push_str("</td></tr>\n");
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
        let html = &mut self.clusters.html;
        let n = self.clusters.count;
        let _ = writeln!(
            html,
            "<div class=\"cluster\" id=\"cluster-{n}\"><h3>Cluster {n} <span class=\"meta\">{} documents</span></h3>\n<table><thead><tr><th>member</th><th>kind</th><th class=\"num\">aligned</th><th class=\"num\">substituted</th><th class=\"num\">Jaccard</th></tr></thead><tbody>",
            cluster.members.len()
        );
        for &m in cluster.members.iter().take(MAX_MEMBERS) {
            let kept = m == cluster.keep;
            html.push_str(if kept {
                "<tr class=\"kept\"><td>"
            } else {
                "<tr><td>"
            });
            doc_link(html, ctx, m);
            if kept {
                html.push_str(" <span class=\"badge\">kept</span></td><td colspan=\"4\" class=\"meta\">the member kept (<code>--keep</code>)</td></tr>\n");
                continue;
            }
            let pair = (m.min(cluster.keep), m.max(cluster.keep));
            match copies.get(&pair).map(|&i| &ctx.result.duplicates[i]) {
                Some(d) => {
                    let role = match d.kind {
                        CopyKind::Spun if d.b == m => "spun copy of the kept",
                        CopyKind::Spun => "source of the kept",
                        CopyKind::Contained if d.b == m => "inside the kept",
                        CopyKind::Contained => "contains the kept",
                        CopyKind::Exact => "exact copy",
                        CopyKind::Near => "near copy",
                    };
                    let coverage = if d.a == m { d.coverage_a } else { d.coverage_b };
                    let _ = writeln!(
                        html,
                        "</td><td>{role}</td><td class=\"num\">{:.0}%</td><td class=\"num\">{:.0}%</td><td class=\"num\">{:.4}</td></tr>",
                        100.0 * coverage,
                        100.0 * d.changed_rate(),
                        d.jaccard
                    );
                }
                None => html.push_str("</td><td colspan=\"4\" class=\"meta\">joined through another member</td></tr>\n"),
            }
        }
        if cluster.members.len() > MAX_MEMBERS {
            let _ = writeln!(
                html,
                "<tr><td colspan=\"5\" class=\"omitted\">{} more members not shown</td></tr>",
                cluster.members.len() - MAX_MEMBERS
            );
        }
        html.push_str("</tbody></table></div>\n");
        Ok(())
    }

    fn passage(&mut self, ctx: &ReportContext<'_>, p: &Passage) -> io::Result<()> {
        if !self.passages.admit(MAX_PASSAGES) {
            return Ok(());
        }
        let n = self.passages.count;
        let html = &mut self.passages.html;
        let kind = match p.kind {
            MatchKind::Copy => "copy".to_string(),
            MatchKind::Spun => format!("spun, {} immutable words aligned", p.immutables),
        };
        let _ = write!(
            html,
            "<details class=\"passage {}\" id=\"passage-{n}\"{}><summary><span class=\"n\">{n}</span> {} words in common, similarity {:.2} ({kind}): ",
            p.kind.as_str(),
            if n <= OPEN_PASSAGES { " open" } else { "" },
            p.matched_words,
            p.similarity,
        );
        doc_link(html, ctx, p.a.doc);
        html.push_str(" ↔ ");
        doc_link(html, ctx, p.b.doc);
        html.push_str("</summary>\n<div class=\"sides\">\n");
        let (ta, tb) = (range_text(ctx, p.a), range_text(ctx, p.b));
        let (da, db) = marked::word_diff(ta, tb);
        for (range, side_text, diff, class) in [(p.a, ta, &da, "a"), (p.b, tb, &db, "b")] {
            let _ = write!(html, "<div class=\"side {class}\"><div class=\"where\">");
            place(html, ctx, range);
            html.push_str("</div><div class=\"text\">");
            let left = marked::diff_side(html, side_text, diff, MAX_SIDE_WORDS);
            if left > 0 {
                let _ = write!(html, "<span class=\"omitted\"> … {left} more words</span>");
            }
            html.push_str("</div></div>\n");
        }
        html.push_str("</div></details>\n");
        Ok(())
    }

    fn boilerplate(&mut self, ctx: &ReportContext<'_>, boiler: &Boilerplate) -> io::Result<()> {
        if !self.boilerplate.admit(MAX_BOILERPLATE) {
            return Ok(());
        }
        let n = self.boilerplate.count;
        let html = &mut self.boilerplate.html;
        let first = boiler.occurrences[0];
        let _ = write!(
            html,
            "<details class=\"boilerplate\" id=\"boilerplate-{n}\"><summary><span class=\"n\">{n}</span> {} words, in {} documents ({} occurrences)</summary>\n<div class=\"text\">",
            first.end - first.start,
            boiler.documents(),
            boiler.occurrences.len()
        );
        text(html, range_text(ctx, first));
        html.push_str("</div>\n<ul class=\"occurrences\">");
        for &o in boiler.occurrences.iter().take(MAX_OCCURRENCES) {
            html.push_str("<li>");
            place(html, ctx, o);
            html.push_str("</li>");
        }
        if boiler.occurrences.len() > MAX_OCCURRENCES {
            let _ = write!(
                html,
                "<li class=\"omitted\">{} more occurrences</li>",
                boiler.occurrences.len() - MAX_OCCURRENCES
            );
        }
        html.push_str("</ul></details>\n");
        Ok(())
    }

    fn spin(&mut self, _: &ReportContext<'_>, _: u32, _: &SpinReport) -> io::Result<()> {
        // spun documents are gathered at the end with the spun pairs (see `spun`)
        Ok(())
    }

    fn summary(&mut self, ctx: &ReportContext<'_>, s: &Summary) -> io::Result<()> {
        let spun = spun::spun_documents(ctx);
        let mut page = String::with_capacity(64 * 1024);
        let _ = write!(
            page,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>copydesk scan: {} documents</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
            s.documents
        );
        page.push_str(&self.head(ctx, s, spun.len()));
        section(
            &mut page,
            "clusters",
            "Copy clusters",
            "Documents that are copies of each other, joined into clusters: a pair is a copy when the passages aligned between them cover most of the shorter one (or their 5-word shingle sets reach the Jaccard or containment thresholds). Each member is described against the kept one: its kind, the share of the member aligned, the share of aligned words substituted, and the exact shingle Jaccard.",
            &self
                .clusters
                .body(MAX_CLUSTERS, "No near-duplicate documents.", "clusters"),
        );
        if self.settings.spun_copies {
            let body = if self.spun_pairs.count == 0 {
                self.spun_pairs.body(
                    MAX_SPUN_PAIRS,
                    "No spun copy paired with its source.",
                    "pairs",
                )
            } else {
                format!(
                    "<table><thead><tr><th>source</th><th>spun copy</th><th class=\"num\">substituted</th><th class=\"num\">confidence</th><th>substitutions, for example (source → copy)</th></tr></thead><tbody>\n{}</tbody></table>\n",
                    self.spun_pairs.body(MAX_SPUN_PAIRS, "", "pairs")
                )
            };
            section(
                &mut page,
                "spun-pairs",
                "Spun copies and their sources",
                "Copies whose differences are words and phrases replaced in place by synonyms. The source is the side whose wording the language model finds likelier in context; the confidence is the share of substitutions that say so. Each spun copy is named once, against one source (the others are in its cluster).",
                &body,
            );
        }
        section(
            &mut page,
            "passages",
            "Shared passages",
            "Each passage side by side, with byte offsets into each document; marked words are those the other side does not share (a word diff, case-folded).",
            &self
                .passages
                .body(MAX_PASSAGES, "No shared passage.", "passages"),
        );
        section(
            &mut page,
            "boilerplate",
            "Boilerplate",
            &format!(
                "Passages found in more than {} documents, shown once.",
                self.settings.passages.boilerplate_docs
            ),
            &self
                .boilerplate
                .body(MAX_BOILERPLATE, "No boilerplate.", "boilerplate passages"),
        );
        section(
            &mut page,
            "spun",
            "Spun documents",
            "Text rewritten by a synonym spinner, with the likely original wording restored: the spun word struck through, the original after it; hover a restoration for its confidence.",
            &spun::spun_section(ctx, &spun),
        );
        section(
            &mut page,
            "documents",
            "Documents",
            "Every document named above.",
            &documents::documents_section(ctx, &spun),
        );
        page.push_str("</body>\n</html>\n");
        self.out.write_all(page.as_bytes())
    }
}

impl<W: Write> HtmlSink<W> {
    /// The page header: totals, a table of contents and the settings used.
    fn head(&self, ctx: &ReportContext<'_>, s: &Summary, spun: usize) -> String {
        let cfg = &self.settings;
        let mut html = String::new();
        let _ = writeln!(
            html,
            "<header>\n<h1>copydesk scan</h1>\n<p class=\"meta\">{} documents, {} words, {} bytes{}</p>\n</header>",
            s.documents,
            s.words,
            s.bytes,
            if s.problems > 0 {
                format!("; {} input problems (reported on stderr)", s.problems)
            } else {
                String::new()
            }
        );
        html.push_str("<nav class=\"figures\">\n");
        let spun_figure = match s.spun {
            Some(n) => n.max(spun).to_string(),
            None if spun > 0 => spun.to_string(),
            None => "not scored".to_string(),
        };
        for (href, figure, label) in [
            ("clusters", s.duplicates.to_string(), "near-duplicate pairs"),
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
        ] {
            let _ = writeln!(
                html,
                "<a class=\"figure\" href=\"#{href}\"><span class=\"value\">{figure}</span><span class=\"label\">{label}</span></a>"
            );
        }
        html.push_str("</nav>\n<details class=\"settings\"><summary>Settings</summary><table>\n");
        for (name, value) in [
            ("--threshold (Jaccard)", format!("{}", cfg.threshold)),
            ("--containment", format!("{}", cfg.containment)),
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
        ] {
            let _ = writeln!(html, "<tr><th>{name}</th><td>{value}</td></tr>");
        }
        html.push_str("</table></details>\n");
        html
    }
}

fn on_off(on: bool) -> String {
    if on { "on" } else { "off" }.to_string()
}

/// Appends one `<section>` with its heading and a line saying what it shows.
fn section(page: &mut String, id: &str, title: &str, about: &str, body: &str) {
    let _ = write!(
        page,
        "<section id=\"{id}\">\n<h2>{title}</h2>\n<p class=\"about\">{about}</p>\n{body}</section>\n"
    );
}
