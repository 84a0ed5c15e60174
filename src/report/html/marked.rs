//! Document text as HTML with parts marked: the words two sides of a passage do not share (a
//! word diff), and the restorations of a spun text.
//!
//! Every byte of document text goes through maud's escaping, so scraped `<script>` tags and
//! `&` show as text. Changes are marked by more than colour: words only on the left side of a
//! passage are struck (`<del>`), words only on the right underlined (`<ins>`), words replaced
//! by others wavy-underlined (`<mark>`); a restoration strikes the spun wording (`<del>`) and
//! underlines the original (`<ins>`). Marks never split a word, and a run of neighbouring words
//! marked alike becomes one mark (the spaces between them included).
//!
//! Text stays proportional to what is flagged: a run of words the right side shares with the
//! left is shown once, on the left (the right keeps some context and names the bytes left
//! out), and a spun document is shown as excerpts around its restorations, each gap named by
//! its byte offsets.

use crate::spin::{Edit, Source};
use crate::text::tokenize;
use maud::{Markup, html};
use similar::{Algorithm, DiffOp, capture_diff_slices};
use std::ops::Range;

/// How a word of a passage side compares with the other side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Matched with the same word on the other side.
    Same,
    /// Only on the left side (`a`).
    Deleted,
    /// Only on the right side (`b`).
    Inserted,
    /// Replaced by other words on the other side.
    Substituted,
}

/// One side of a passage: its words (byte ranges into the side's text) and how each compares
/// with the other side.
pub struct DiffSide {
    pub words: Vec<Range<usize>>,
    pub marks: Vec<Mark>,
}

/// The word diff of two passage sides, compared as the scan compares words (case-folded), read
/// from the left side `a` to the right side `b`.
pub fn word_diff(a: &str, b: &str) -> (DiffSide, DiffSide) {
    let (wa, wb) = (tokenize(a), tokenize(b));
    let mut marks_a = vec![Mark::Deleted; wa.len()];
    let mut marks_b = vec![Mark::Inserted; wb.len()];
    for op in capture_diff_slices(Algorithm::Myers, &wa.hashes, &wb.hashes) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                marks_a[old_index..old_index + len].fill(Mark::Same);
                marks_b[new_index..new_index + len].fill(Mark::Same);
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                marks_a[old_index..old_index + old_len].fill(Mark::Substituted);
                marks_b[new_index..new_index + new_len].fill(Mark::Substituted);
            }
            DiffOp::Delete { .. } | DiffOp::Insert { .. } => {}
        }
    }
    let side = |words: crate::text::Words, marks| DiffSide {
        words: words.spans.iter().map(|s| s.range()).collect(),
        marks,
    };
    (side(wa, marks_a), side(wb, marks_b))
}

/// A piece of a side as shown.
enum Piece<'a> {
    Text(&'a str),
    Marked(Mark, &'a str),
    /// Words left out: how many, and their bytes in the document.
    Gap(usize, Range<usize>),
}

/// How one side of a passage is shown.
pub struct SideView<'a> {
    /// Words shown at most; the rest are counted.
    pub max_words: usize,
    /// When set, a run of more than `2 * context + 10` unchanged words keeps only `context`
    /// words at each end (the right side, whose unchanged words the left side shows).
    pub elide_same: Option<usize>,
    /// The byte offset of the side's text in its document, for naming what is left out.
    pub base: usize,
    /// A byte range of the document's text as a range of its file (the file's own charset:
    /// `ReportContext::source_bytes`), so that what is left out is named as every place is.
    pub in_file: &'a dyn Fn(Range<usize>) -> Range<usize>,
}

/// The words of `side` (its text `passage`) with marked runs, as `view` says; and how many
/// words were left out past `view.max_words`.
pub fn diff_side(passage: &str, side: &DiffSide, view: &SideView<'_>) -> (Markup, usize) {
    let shown = side.words.len().min(view.max_words);
    // the words hidden in runs of unchanged words
    let mut hidden = vec![false; shown];
    if let Some(context) = view.elide_same {
        let mut i = 0;
        while i < shown {
            let run = side.marks[i..shown]
                .iter()
                .take_while(|&&m| m == Mark::Same)
                .count();
            if run > 2 * context + 10 {
                hidden[i + context..i + run - context].fill(true);
            }
            i += run.max(1);
        }
    }
    let mut pieces: Vec<Piece<'_>> = Vec::new();
    let mut at = 0;
    let mut i = 0;
    while i < shown {
        let word = &side.words[i];
        if hidden[i] {
            let n = hidden[i..].iter().take_while(|&&h| h).count();
            let last = &side.words[i + n - 1];
            pieces.push(Piece::Text(&passage[at..word.start]));
            let bytes = (view.in_file)(view.base + word.start..view.base + last.end);
            pieces.push(Piece::Gap(n, bytes));
            at = last.end;
            i += n;
            continue;
        }
        let mark = side.marks[i];
        let n = side.marks[i..shown]
            .iter()
            .zip(&hidden[i..])
            .take_while(|&(&m, &h)| m == mark && !h)
            .count();
        let end = side.words[i + n - 1].end;
        pieces.push(Piece::Text(&passage[at..word.start]));
        if mark == Mark::Same {
            pieces.push(Piece::Text(&passage[word.start..end]));
        } else {
            pieces.push(Piece::Marked(mark, &passage[word.start..end]));
        }
        at = end;
        i += n;
    }
    if shown == side.words.len() {
        pieces.push(Piece::Text(&passage[at..]));
    }
    (render(&pieces), side.words.len() - shown)
}

fn render(pieces: &[Piece<'_>]) -> Markup {
    html! {
        @for piece in pieces {
            @match piece {
                Piece::Text(t) => (t),
                Piece::Marked(Mark::Deleted, t) => del { (t) },
                Piece::Marked(Mark::Inserted, t) => ins { (t) },
                Piece::Marked(_, t) => mark { (t) },
                Piece::Gap(n, bytes) => span.gap {
                    "⋯ " (n) " words as on the left (bytes " (bytes.start) "–" (bytes.end) ") ⋯"
                },
            }
        }
    }
}

/// The `source` tag of an edit, as `unspin --json` writes it.
fn source_name(source: Source) -> &'static str {
    match source {
        Source::Thesaurus => "thesaurus",
        Source::Moby => "moby",
        Source::Signature => "signature",
        Source::User => "user",
        Source::Restoration => "restoration",
        Source::Glue => "glue",
        Source::Aligned => "aligned with the source",
    }
}

/// How a spun document is shown.
pub struct Excerpts {
    /// Bytes of text kept on each side of a restoration.
    pub context: usize,
    /// Bytes of text shown at most (excerpts past it are counted).
    pub max_bytes: usize,
}

/// What [`restorations`] left out.
#[derive(Debug, PartialEq, Eq)]
pub struct LeftOut {
    /// Restorations past `max_bytes`.
    pub edits: usize,
    /// Bytes of the document not shown.
    pub bytes: usize,
}

/// A piece of a spun document as shown.
enum Span<'a> {
    Text(&'a str),
    Fix(&'a Edit, &'a str),
    Gap(Range<usize>),
}

/// The excerpts of `document` around its restorations, every restoration marked: the spun
/// wording struck through, the original after it, the confidence, the candidate's origin and
/// the bytes in a tooltip. Between excerpts, the bytes left out are named. Edits must be sorted
/// and must not overlap; one that does not fit is shown as plain text.
pub fn restorations(document: &str, edits: &[Edit], view: &Excerpts) -> (Markup, LeftOut) {
    let fits = |e: &&Edit| {
        e.start <= e.end
            && e.end <= document.len()
            && document.is_char_boundary(e.start)
            && document.is_char_boundary(e.end)
    };
    let mut kept: Vec<&Edit> = Vec::new();
    for e in edits.iter().filter(fits) {
        if kept.last().is_none_or(|last| last.end <= e.start) {
            kept.push(e);
        }
    }
    // the excerpts: byte ranges around the restorations, merged when they touch
    let mut excerpts: Vec<(Range<usize>, Range<usize>)> = Vec::new(); // (bytes, edits)
    for (i, e) in kept.iter().enumerate() {
        let from = word_start(document, e.start.saturating_sub(view.context), e.start);
        let to = word_end(document, (e.end + view.context).min(document.len()), e.end);
        match excerpts.last_mut() {
            Some((bytes, in_it)) if from <= bytes.end + view.context / 2 => {
                bytes.end = to;
                in_it.end = i + 1;
            }
            _ => excerpts.push((from..to, i..i + 1)),
        }
    }
    if excerpts.is_empty() {
        excerpts.push((
            0..word_end(document, view.context.min(document.len()), 0),
            0..0,
        ));
    }
    let mut spans: Vec<Span<'_>> = Vec::new();
    let mut at = 0;
    let mut shown_bytes = 0;
    let mut shown_edits = 0;
    for (bytes, in_it) in &excerpts {
        if shown_bytes >= view.max_bytes {
            break;
        }
        if bytes.start > at {
            spans.push(Span::Gap(at..bytes.start));
        }
        at = bytes.start;
        for e in &kept[in_it.clone()] {
            spans.push(Span::Text(&document[at..e.start]));
            spans.push(Span::Fix(e, &document[e.start..e.end]));
            at = e.end;
        }
        spans.push(Span::Text(&document[at..bytes.end]));
        shown_bytes += bytes.len();
        shown_edits = in_it.end;
        at = bytes.end;
    }
    let left_out = LeftOut {
        edits: kept.len() - shown_edits,
        bytes: document.len() - shown_bytes,
    };
    if left_out.edits == 0 && at < document.len() {
        spans.push(Span::Gap(at..document.len()));
    }
    let markup = html! {
        @for span in &spans {
            @match span {
                Span::Text(t) => (t),
                Span::Fix(e, spun) => {
                    del { (spun) }
                    ins title=(format!("confidence {:.2} · {} · bytes {}–{}", e.confidence, source_name(e.source), e.start, e.end)) {
                        (e.original)
                    }
                }
                Span::Gap(bytes) => span.gap {
                    "⋯ bytes " (bytes.start) "–" (bytes.end) " unchanged ⋯"
                },
            }
        }
    };
    (markup, left_out)
}

/// Where an excerpt starts: `at`, moved forward to a word start (at most to `limit`).
fn word_start(text: &str, at: usize, limit: usize) -> usize {
    let mut at = at;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    if at == 0 || text[..at].ends_with(char::is_whitespace) {
        return at;
    }
    match text[at..limit].find(char::is_whitespace) {
        Some(i) => {
            let space = text[at + i..].chars().next().map_or(1, char::len_utf8);
            at + i + space
        }
        None => limit,
    }
}

/// Where an excerpt ends: `at`, moved back to a word end (at least to `limit`).
fn word_end(text: &str, at: usize, limit: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    let mut at = at;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if text[at..].starts_with(char::is_whitespace) {
        return at;
    }
    text[limit..at]
        .rfind(char::is_whitespace)
        .map_or(limit, |i| limit + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(max_words: usize) -> SideView<'static> {
        SideView {
            max_words,
            elide_same: None,
            base: 0,
            in_file: &|r| r,
        }
    }

    #[test]
    fn deleted_inserted_and_substituted_words_are_marked_in_runs_and_text_is_escaped() {
        let (a, b) = (
            "one <> two, three && four five",
            "One <> deux, trois && four five six",
        );
        let (da, db) = word_diff(a, b);
        let (ha, left) = diff_side(a, &da, &whole(100));
        assert_eq!(left, 0);
        let (hb, _) = diff_side(b, &db, &whole(100));
        assert_eq!(
            ha.into_string(),
            "one &lt;&gt; <mark>two, three</mark> &amp;&amp; four five"
        );
        assert_eq!(
            hb.into_string(),
            "One &lt;&gt; <mark>deux, trois</mark> &amp;&amp; four five <ins>six</ins>"
        );
        let (hb, ha) = (
            diff_side(b, &db, &whole(100)).0,
            diff_side(a, &da, &whole(2)),
        );
        assert!(hb.into_string().ends_with("<ins>six</ins>"));
        assert_eq!(ha.0.into_string(), "one &lt;&gt; <mark>two</mark>");
        assert_eq!(ha.1, 3);
        let (da, _) = word_diff("keep this gone", "keep this");
        assert_eq!(
            diff_side("keep this gone", &da, &whole(10)).0.into_string(),
            "keep this <del>gone</del>"
        );
    }

    #[test]
    fn a_long_run_of_shared_words_is_cut_on_the_elided_side_with_its_bytes() {
        let words: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
        let a = words.join(" ");
        let b = format!("{a} extra");
        let (_, db) = word_diff(&a, &b);
        let view = SideView {
            max_words: 100,
            elide_same: Some(3),
            base: 1000,
            in_file: &|r| r,
        };
        let (html, _) = diff_side(&b, &db, &view);
        let html = html.into_string();
        // words 3..37 are left out: bytes of "w3" to the end of "w36"
        let (start, end) = (b.find("w3 ").unwrap(), b.find("w36").unwrap() + 3);
        assert_eq!(
            html,
            format!(
                "w0 w1 w2 <span class=\"gap\">⋯ 34 words as on the left (bytes {}–{}) ⋯</span> w37 w38 w39 <ins>extra</ins>",
                1000 + start,
                1000 + end
            )
        );
        // in a file of another charset, the gap is named by the file's bytes, as places are
        let in_file = |r: Range<usize>| 2 * r.start..2 * r.end;
        let view = SideView {
            in_file: &in_file,
            ..view
        };
        let html = diff_side(&b, &db, &view).0.into_string();
        let bytes = format!("(bytes {}–{})", 2 * (1000 + start), 2 * (1000 + end));
        assert!(html.contains(&bytes), "{html}");
        // a short run is kept whole
        let (_, db) = word_diff("a b c d", "a b c d e");
        assert!(
            !diff_side("a b c d e", &db, &view)
                .0
                .into_string()
                .contains("gap")
        );
    }

    fn edit(doc: &str, start: usize, end: usize, original: &str) -> Edit {
        Edit {
            start,
            end,
            spun: doc[start..end].to_string(),
            original: original.into(),
            confidence: 0.987,
            source: Source::Signature,
        }
    }

    #[test]
    fn restorations_strike_the_spun_word_and_skip_edits_that_do_not_fit() {
        let doc = "the legislation <script>x</script> ok";
        let view = Excerpts {
            context: 100,
            max_bytes: 1000,
        };
        let (out, left) =
            restorations(doc, &[edit(doc, 4, 15, "law"), edit(doc, 5, 8, "x")], &view);
        assert_eq!(left, LeftOut { edits: 0, bytes: 0 });
        assert_eq!(
            out.into_string(),
            "the <del>legislation</del><ins title=\"confidence 0.99 · signature · bytes 4–15\">law</ins> &lt;script&gt;x&lt;/script&gt; ok"
        );
    }

    #[test]
    fn a_spun_document_is_cut_to_excerpts_around_its_restorations() {
        let filler: Vec<String> = (0..200).map(|i| format!("w{i:03}")).collect();
        let doc = format!("{} spun {} later", filler.join(" "), filler.join(" "));
        let s = doc.find("spun").unwrap();
        let l = doc.find("later").unwrap();
        let edits = [edit(&doc, s, s + 4, "good"), edit(&doc, l, l + 5, "after")];
        let view = Excerpts {
            context: 20,
            max_bytes: 10_000,
        };
        let (out, left) = restorations(&doc, &edits, &view);
        let out = out.into_string();
        // 20 bytes of context: 4 whole words (5 bytes each) on each side of "spun"
        let from = s - 20;
        assert!(
            out.starts_with(&format!(
                "<span class=\"gap\">⋯ bytes 0–{from} unchanged ⋯</span>w196 w197 w198 w199 <del>spun</del>"
            )),
            "{out}"
        );
        assert!(out.contains("<del>later</del>"), "{out}");
        assert!(
            out.ends_with("</ins>"),
            "the last edit ends the text: {out}"
        );
        assert_eq!(left.edits, 0);
        assert!(left.bytes > 1500 && left.bytes < doc.len() - 50, "{left:?}");
        // a byte budget stops after the first excerpt
        let small = Excerpts {
            context: 20,
            max_bytes: 10,
        };
        let (out, left) = restorations(&doc, &edits, &small);
        assert!(!out.into_string().contains("later"));
        assert_eq!(left.edits, 1);
    }
}
