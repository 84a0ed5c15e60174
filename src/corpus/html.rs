//! HTML to text: the words a reader sees, with scripts, styles and markup removed.
//!
//! The page is parsed by html5ever (through `scraper`), the HTML5 parsing algorithm browsers use,
//! so broken markup, unclosed tags and character references (`&amp;`, `&eacute;`, `&#8217;`) come
//! out as a browser would show them. The tree is then walked without recursion (a page of
//! 100,000 nested `<div>`s must not overflow the stack): text nodes are kept, runs of white space
//! collapse to one space as in rendering (except inside `<pre>`), block elements (`<p>`, `<div>`,
//! headings, list items, table rows, `<br>`, ...) end a line, and the contents of `<head>`,
//! `<script>`, `<style>`, `<noscript>`, `<template>` and other non-text elements are dropped.
//!
//! The HTML5 tree builder looks through the stack of open elements at every start tag, so its
//! time grows with the square of the nesting depth (40,000 nested `<div>`s take seconds). No
//! real page nests that deep: a page whose tags could nest deeper than [`MAX_HTML_DEPTH`]
//! (counted by a linear pre-scan that ignores void elements and those whose end tag may be
//! left out) is refused instead of parsed.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Elements whose content is never text a reader sees.
const HIDDEN: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas",
    "select", "textarea", "button",
];

/// Elements that start and end a line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Deepest tag nesting accepted (the pre-scan's upper bound); browsers flatten beyond 512.
pub const MAX_HTML_DEPTH: usize = 4096;

/// Elements with no end tag, or whose end tag may be left out: they do not nest in the pre-scan.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body",
];

/// The visible text of an HTML document, one line per block; `None` when its tags could nest
/// deeper than [`MAX_HTML_DEPTH`].
pub fn html_to_text(html: &str) -> Option<String> {
    if nesting_bound(html) > MAX_HTML_DEPTH {
        return None;
    }
    let document = Html::parse_document(html);
    let mut out = TextBuilder::default();
    let mut hidden_depth = 0usize;
    let mut pre_depth = 0usize;
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let name = element.name();
                    if HIDDEN.contains(&name) {
                        hidden_depth += 1;
                    } else if hidden_depth == 0 && BLOCKS.contains(&name) {
                        out.line_break();
                    }
                    if name == "pre" {
                        pre_depth += 1;
                    }
                }
                Node::Text(text) if hidden_depth == 0 => out.push(text, pre_depth > 0),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(element) = node.value() {
                    let name = element.name();
                    if HIDDEN.contains(&name) {
                        hidden_depth = hidden_depth.saturating_sub(1);
                    } else if hidden_depth == 0 && BLOCKS.contains(&name) {
                        out.line_break();
                    }
                    if name == "pre" {
                        pre_depth = pre_depth.saturating_sub(1);
                    }
                }
            }
        }
    }
    Some(out.finish())
}

/// An upper bound of the element nesting depth: start tags minus end tags, in one pass.
fn nesting_bound(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    for at in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[at + 1..];
        let (closing, rest) = match rest.strip_prefix(b"/") {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let name_len = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !rest[0].is_ascii_alphabetic() {
            continue;
        }
        let name = rest[..name_len].to_ascii_lowercase();
        if NOT_NESTING.iter().any(|n| n.as_bytes() == name.as_slice()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// Accumulates text with rendering's white-space rules: no space at the start of a line, one
/// space between words, at most one empty line between blocks.
#[derive(Default)]
struct TextBuilder {
    text: String,
    /// A space is owed before the next visible character on this line.
    pending_space: bool,
}

impl TextBuilder {
    fn at_line_start(&self) -> bool {
        self.text.is_empty() || self.text.ends_with('\n')
    }

    fn push(&mut self, chunk: &str, preformatted: bool) {
        if preformatted {
            if self.pending_space && !self.at_line_start() {
                self.text.push(' ');
            }
            self.pending_space = false;
            self.text.push_str(chunk);
            return;
        }
        for (i, word) in chunk.split(is_html_space).enumerate() {
            if i > 0 {
                self.pending_space = true;
            }
            if word.is_empty() {
                continue;
            }
            if self.pending_space && !self.at_line_start() {
                self.text.push(' ');
            }
            self.pending_space = false;
            self.text.push_str(word);
        }
    }

    fn line_break(&mut self) {
        self.pending_space = false;
        if !self.at_line_start() {
            self.text.push('\n');
        }
    }

    fn finish(mut self) -> String {
        self.line_break();
        self.text
    }
}

/// HTML's white space (ASCII only: a no-break space is text).
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// The charset a page declares in its first 1024 bytes (`<meta charset="...">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=...">`), as browsers prescan.
pub fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&lower[from..], b"<meta") {
        let tag_start = from + at;
        let tag_end =
            memchr::memchr(b'>', &lower[tag_start..]).map_or(lower.len(), |e| tag_start + e);
        let tag = &lower[tag_start..tag_end];
        if let Some(label) = charset_parameter(tag) {
            return Some(label);
        }
        from = tag_end.max(tag_start + 1);
    }
    None
}

/// The value after `charset=` in a (lower-cased) tag or Content-Type header.
pub fn charset_parameter(lower: &[u8]) -> Option<String> {
    let at = memchr::memmem::find(lower, b"charset")?;
    let rest = &lower[at + "charset".len()..];
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| {
            matches!(
                b,
                b'"' | b'\'' | b';' | b' ' | b'/' | b'>' | b'\t' | b'\r' | b'\n'
            )
        })
        .unwrap_or(rest.len());
    let label = std::str::from_utf8(&rest[..end]).ok()?;
    (!label.is_empty()).then(|| label.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_hidden_content_goes() {
        let page = "<!doctype html><html><head><title>T</title><style>p{}</style></head>\
            <body><h1>Big  news</h1><script>var x = 1;</script>\n<p>Caf&eacute; &amp; <b>bar</b>\
            &#8217;s<br>next line</p><ul><li>one</li><li>two</li></ul><pre>a  b\n c</pre></body>";
        assert_eq!(
            html_to_text(page).unwrap(),
            "Big news\nCafé & bar’s\nnext line\none\ntwo\na  b\n c\n"
        );
    }

    #[test]
    fn deep_nesting_and_broken_markup_do_not_fail() {
        let deep = |n| "<div>".repeat(n) + "deep" + &"</div>".repeat(3);
        assert_eq!(html_to_text(&deep(MAX_HTML_DEPTH)).unwrap(), "deep\n");
        assert_eq!(html_to_text(&deep(MAX_HTML_DEPTH + 1)), None);
        let paragraphs = "<p>para".repeat(3 * MAX_HTML_DEPTH);
        assert!(
            html_to_text(&paragraphs).is_some(),
            "unclosed <p> do not nest"
        );
        assert_eq!(
            html_to_text("<p>unclosed <b>bold <i>x").unwrap(),
            "unclosed bold x\n"
        );
        assert_eq!(html_to_text("").unwrap(), "");
    }

    #[test]
    fn charset_declarations() {
        assert_eq!(
            meta_charset(b"<html><META CHARSET='Latin1'>"),
            Some("latin1".into())
        );
        assert_eq!(
            meta_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
            ),
            Some("windows-1252".into())
        );
        assert_eq!(meta_charset(b"<meta name=x><p>charset=no</p>"), None);
        assert_eq!(
            charset_parameter(b"text/html; charset=\"utf-8\""),
            Some("utf-8".into())
        );
    }
}
