//! Document text as HTML with parts marked: the words two sides of a passage do not share (a
//! word diff), and the restorations of a spun text.
//!
//! Every byte of document text goes through `html_escape`, so scraped `<script>` tags and `&`
//! show as text. Marks never split a word, and a run of neighbouring changed words becomes one
//! mark (the spaces between them included), which reads better than a mark per word.

use crate::spin::{Edit, Source};
use crate::text::tokenize;
use similar::{Algorithm, DiffOp, capture_diff_slices};
use std::ops::Range;

/// Appends `text`, escaped for an element's content.
pub fn text(out: &mut String, text: &str) {
    html_escape::encode_text_to_string(text, out);
}

/// Appends `value`, escaped for a double-quoted attribute.
pub fn attribute(out: &mut String, value: &str) {
    html_escape::encode_double_quoted_attribute_to_string(value, out);
}

/// One side of a passage: its words (byte ranges into the side's text) and which of them the
/// word diff did not match with the other side.
pub struct DiffSide {
    pub words: Vec<Range<usize>>,
    pub changed: Vec<bool>,
}

/// The word diff of two passage sides, compared as the scan compares words (case-folded).
pub fn word_diff(a: &str, b: &str) -> (DiffSide, DiffSide) {
    let (wa, wb) = (tokenize(a), tokenize(b));
    let mut changed_a = vec![true; wa.len()];
    let mut changed_b = vec![true; wb.len()];
    for op in capture_diff_slices(Algorithm::Myers, &wa.hashes, &wb.hashes) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            changed_a[old_index..old_index + len].fill(false);
            changed_b[new_index..new_index + len].fill(false);
        }
    }
    let side = |words: crate::text::Words, changed| DiffSide {
        words: words.spans.iter().map(|s| s.range()).collect(),
        changed,
    };
    (side(wa, changed_a), side(wb, changed_b))
}

/// Appends the first `max_words` words of `side` (the text between them too), changed runs in
/// `<mark>`; returns how many words were left out.
pub fn diff_side(out: &mut String, passage: &str, side: &DiffSide, max_words: usize) -> usize {
    let mut at = 0;
    let mut open = false;
    let shown = side.words.len().min(max_words);
    for (word, &changed) in side.words.iter().zip(&side.changed).take(shown) {
        if open && !changed {
            out.push_str("</mark>");
            open = false;
        }
        text(out, &passage[at..word.start]);
        if changed && !open {
            out.push_str("<mark>");
            open = true;
        }
        text(out, &passage[word.clone()]);
        at = word.end;
    }
    if open {
        out.push_str("</mark>");
    }
    if shown == side.words.len() {
        text(out, &passage[at..]);
    }
    side.words.len() - shown
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

/// Appends the first `max_bytes` of `document` (cut at a character boundary) with every
/// restoration marked: the spun wording struck through, the original after it, the confidence
/// and the candidate's origin in a tooltip. Returns how many bytes were left out. Edits must be
/// sorted and must not overlap; one that does not fit is shown as plain text.
pub fn restorations(out: &mut String, document: &str, edits: &[Edit], max_bytes: usize) -> usize {
    let mut cut = max_bytes.min(document.len());
    while !document.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut at = 0;
    for e in edits {
        let fits = e.start >= at
            && e.start <= e.end
            && e.end <= cut
            && document.is_char_boundary(e.start)
            && document.is_char_boundary(e.end);
        if !fits {
            continue;
        }
        text(out, &document[at..e.start]);
        out.push_str("<span class=\"fix\" title=\"");
        attribute(
            out,
            &format!(
                "“{}” restored to “{}”: confidence {:.2}, {}; bytes {}..{}",
                e.spun,
                e.original,
                e.confidence,
                source_name(e.source),
                e.start,
                e.end
            ),
        );
        out.push_str("\"><del>");
        text(out, &document[e.start..e.end]);
        out.push_str("</del><ins>");
        text(out, &e.original);
        out.push_str("</ins></span>");
        at = e.end;
    }
    text(out, &document[at..cut]);
    document.len() - cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differing_words_are_marked_in_runs_and_text_is_escaped() {
        let (a, b) = ("one <> two, three && four", "One <> deux, trois && four");
        let (da, db) = word_diff(a, b);
        let (mut ha, mut hb) = (String::new(), String::new());
        assert_eq!(diff_side(&mut ha, a, &da, 100), 0);
        diff_side(&mut hb, b, &db, 100);
        assert_eq!(ha, "one &lt;&gt; <mark>two, three</mark> &amp;&amp; four");
        assert_eq!(hb, "One &lt;&gt; <mark>deux, trois</mark> &amp;&amp; four");
        let mut cut = String::new();
        assert_eq!(diff_side(&mut cut, a, &da, 2), 2);
        assert_eq!(cut, "one &lt;&gt; <mark>two</mark>");
    }

    #[test]
    fn restorations_strike_the_spun_word_and_skip_edits_that_do_not_fit() {
        let doc = "the legislation <script>x</script> ok";
        let edit = |start, end, original: &str| Edit {
            start,
            end,
            spun: doc[start..end].to_string(),
            original: original.into(),
            confidence: 0.987,
            source: Source::Signature,
        };
        let mut out = String::new();
        let left = restorations(&mut out, doc, &[edit(4, 15, "law"), edit(5, 8, "x")], 100);
        assert_eq!(left, 0);
        assert!(out.starts_with("the <span class=\"fix\" title=\"“legislation” restored to “law”: confidence 0.99, signature; bytes 4..15\"><del>legislation</del><ins>law</ins></span> &lt;script&gt;"), "{out}");
        let mut short = String::new();
        assert_eq!(
            restorations(&mut short, doc, &[edit(4, 15, "law")], 10),
            doc.len() - 10
        );
        assert_eq!(short, "the legisl");
    }
}
