//! Edits: the replacements restoration makes, as byte ranges of the input (made from the
//! search's token replacements, with the case pattern carried over and glued tokens split), and
//! applying them.
//!
//! An edit names the bytes it replaces (`start..end` in the input) and the text that goes there.
//! Everything outside the edits is copied byte for byte, so applying no edit gives the input back.

use super::case;
use super::dictionary::{Dictionary, Source};
use super::restore::Replacement;
use super::tokens::Token;
use serde::Serialize;

/// One restoration: `text[start..end]` (the spun wording) becomes `original`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edit {
    /// Byte offset of the first replaced byte in the input.
    pub start: usize,
    /// Byte offset just past the last replaced byte.
    pub end: usize,
    /// The input's text at `start..end`.
    pub spun: String,
    /// The restored wording, in the case pattern of `spun`.
    pub original: String,
    /// How sure restoration is, in [0, 1]: `1 / (1 + exp(4 - gain))`, where `gain` is the
    /// log-likelihood ratio (nats) of the restored reading over the given one in context.
    pub confidence: f64,
    /// Where the candidate came from.
    pub source: Source,
}

/// Turns the replacements of tokens `own` into byte edits (handed to `sink` in order),
/// restoring the space inside glued tokens. `chosen` must start inside `own`; a replacement may
/// end past it (into tokens that are context: see `window.rs`).
pub fn from_replacements(
    text: &str,
    toks: &[Token],
    own: std::ops::Range<usize>,
    chosen: &[Replacement],
    spun: bool,
    dict: &Dictionary,
    sink: &mut dyn FnMut(Edit),
) {
    let mut by_first = chosen.iter().peekable();
    let mut i = own.start;
    while i < own.end {
        let here = by_first.next_if(|r| r.first == i);
        let (end, original, gain, source) = match here {
            Some(r) => {
                let words: Vec<&str> = toks[r.first..r.end]
                    .iter()
                    .map(|t| &text[t.start..t.end])
                    .collect();
                let phrase = &dict.phrase(r.original).text;
                (
                    r.end,
                    case::apply(case::pattern(&words), phrase),
                    r.gain,
                    r.source,
                )
            }
            None => (
                i + 1,
                text[toks[i].start..toks[i].end].to_string(),
                0.0,
                Source::Glue,
            ),
        };
        let glued = toks[end - 1].glued_to_next && end < toks.len();
        if here.is_none() && !(glued && spun) {
            i = end;
            continue;
        }
        let mut edit = Edit {
            start: toks[i].start,
            end: toks[end - 1].end,
            spun: String::new(),
            original,
            confidence: confidence(gain),
            source,
        };
        let mut next = end;
        if glued {
            // Put the eaten space back, and take the glued word (restored or not) along.
            let tail = by_first.next_if(|r| r.first == end);
            let (tail_end, tail_text) = match tail {
                Some(r) => {
                    let w = &text[toks[r.first].start..toks[r.first].end];
                    let phrase = &dict.phrase(r.original).text;
                    (r.end, case::apply(case::pattern(&[w]), phrase))
                }
                None => (end + 1, text[toks[end].start..toks[end].end].to_string()),
            };
            edit.original = format!("{} {}", edit.original, tail_text);
            edit.end = toks[tail_end - 1].end;
            if edit.source == Source::Glue {
                edit.confidence = 0.5;
            }
            next = tail_end;
        }
        edit.spun = text[edit.start..edit.end].to_string();
        if edit.spun != edit.original {
            sink(edit);
        }
        i = next;
    }
}

/// Confidence of a replacement from its gain (nats over keeping the text): `1 / (1 + exp(4 -
/// gain))`, so an edit that barely beats its cost is a coin toss.
fn confidence(gain: f32) -> f64 {
    1.0 / (1.0 + (4.0 - gain as f64).exp())
}

/// The text with `edits` applied. Edits must be sorted by `start` and must not overlap; an edit
/// that overlaps the one before it, or whose range is not inside `text` on character boundaries,
/// is ignored.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in edits {
        if e.start < at
            || e.end < e.start
            || e.end > text.len()
            || !text.is_char_boundary(e.start)
            || !text.is_char_boundary(e.end)
        {
            continue;
        }
        out.push_str(&text[at..e.start]);
        out.push_str(&e.original);
        at = e.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, original: &str) -> Edit {
        Edit {
            start,
            end,
            spun: String::new(),
            original: original.into(),
            confidence: 1.0,
            source: Source::User,
        }
    }

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let text = "the White Home  said";
        let edits = [
            edit(10, 14, "House"),
            edit(12, 13, "x"),
            edit(16, 20, "stated"),
        ];
        assert_eq!(apply_edits(text, &edits), "the White House  stated");
        assert_eq!(apply_edits(text, &[]), text);
    }
}
