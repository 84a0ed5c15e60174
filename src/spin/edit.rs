//! Edits: the replacements restoration makes, as byte ranges of the input, and applying them.
//!
//! An edit names the bytes it replaces (`start..end` in the input) and the text that goes there.
//! Everything outside the edits is copied byte for byte, so applying no edit gives the input back.

use super::dictionary::Source;
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
