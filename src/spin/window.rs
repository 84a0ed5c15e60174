//! Windows of a long document: its tokens a slice at a time, so that restoration needs memory
//! for one window, not for the whole text (a 100 MB document on one line has 17 million words,
//! and the search keeps some hundred bytes per word).
//!
//! A window ends at a *clause boundary* (a token with `boundary_before`: punctuation or a line
//! break before it) once it holds [`Windowing::words`] words. Context does not pass a clause
//! boundary: the search (`restore.rs`) keeps one state there and starts its score again, no
//! phrase matches across it, and the gain of a replacement is measured within its clause. So
//! the windows, searched one by one, make exactly the choices of one search over the whole text,
//! and need no overlap (tested in `engine.rs`).
//!
//! A clause longer than [`Windowing::max_clause`] words (no punctuation for pages: a word list,
//! text with its punctuation stripped) is cut between two words instead. There the search does
//! need context, so the windows overlap by [`CONTEXT_WORDS`] words on both sides of the cut:
//! each window *owns* the tokens from its cut to the next, and is searched with the context
//! words around them; a replacement belongs to the window that owns its first word, and one that
//! overlaps a replacement already kept is dropped. Only such cuts can make a choice the whole
//! search would not.
//!
//! Names (`Token::name`) depend on the whole text; they are found by one pass over the token
//! stream before the windows (`tokens::names`).

use super::tokens::{Token, mark_name};
use rustc_hash::FxHashSet;
use std::ops::Range;

/// Words of context on each side of a cut inside a clause: more than the trigram model's two
/// words and the longest dictionary phrases.
pub const CONTEXT_WORDS: usize = 8;

/// Window sizes, in tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Windowing {
    /// Tokens from which a window ends at the next clause boundary (default 65,536: about
    /// 400 KB of prose, some tens of megabytes of search state).
    pub words: usize,
    /// Tokens of one clause past `words` after which a window is cut between two words
    /// (default 4,096: far longer than any sentence of prose).
    pub max_clause: usize,
}

impl Default for Windowing {
    fn default() -> Self {
        Windowing {
            words: 1 << 16,
            max_clause: 1 << 12,
        }
    }
}

/// One window: tokens `toks` (with `name` set), the first of them token `offset` of the
/// document; the window owns `toks[own]`, and the tokens around them are context.
#[derive(Debug)]
pub struct Window {
    pub toks: Vec<Token>,
    pub offset: usize,
    pub own: Range<usize>,
}

/// The windows of a token stream (`tokens::stream`), with names marked from `names`
/// (`tokens::names`) in `text`.
pub fn windows<'a>(
    text: &'a str,
    stream: impl Iterator<Item = Token> + 'a,
    names: &'a FxHashSet<u64>,
    sizes: Windowing,
) -> impl Iterator<Item = Window> + 'a {
    let words = sizes.words.max(1);
    let limit = words + sizes.max_clause.max(2 * CONTEXT_WORDS);
    let mut stream = stream.map(move |mut t| {
        mark_name(text, &mut t, names);
        t
    });
    // What the next window starts with: context before its own tokens, and the first of them.
    let mut carry: Vec<Token> = Vec::new();
    let mut carry_context = 0;
    let mut offset = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut toks = std::mem::take(&mut carry);
        // held tokens tell how many are left: one allocation per window
        toks.reserve(stream.size_hint().0.min(limit + 1));
        let own_start = carry_context;
        let at = offset;
        loop {
            let Some(t) = stream.next() else {
                done = true;
                return (toks.len() > own_start).then_some(Window {
                    own: own_start..toks.len(),
                    toks,
                    offset: at,
                });
            };
            if t.boundary_before && toks.len() - own_start >= words {
                carry = vec![t];
                carry_context = 0;
                offset = at + toks.len();
                return Some(Window {
                    own: own_start..toks.len(),
                    toks,
                    offset: at,
                });
            }
            toks.push(t);
            if toks.len() - own_start >= limit {
                // Cut between two words, never inside a glued token, with context both sides.
                let mut cut = toks.len() - CONTEXT_WORDS;
                if toks[cut - 1].glued_to_next {
                    cut -= 1;
                }
                let left = CONTEXT_WORDS.min(cut);
                carry = toks[cut - left..].to_vec();
                carry_context = left;
                offset = at + cut - left;
                return Some(Window {
                    own: own_start..cut,
                    toks,
                    offset: at,
                });
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spin::model::model;
    use crate::spin::tokens::{names, stream, tokens};

    fn check(text: &str, sizes: Windowing) -> Vec<Window> {
        let m = model();
        let whole = tokens(text, &m.lm, &m.dict);
        let names = names(text, &m.lm, &m.dict);
        let windows: Vec<Window> =
            windows(text, stream(text, &m.lm, &m.dict), &names, sizes).collect();
        // The owned parts tile the document's tokens, and every window's tokens are the whole
        // document's, flags and names included.
        let mut next = 0;
        for w in &windows {
            assert_eq!(w.offset + w.own.start, next);
            next = w.offset + w.own.end;
            for (j, t) in w.toks.iter().enumerate() {
                let u = whole[w.offset + j];
                assert_eq!(
                    (t.start, t.end, t.hash, t.id, t.boundary_before),
                    (u.start, u.end, u.hash, u.id, u.boundary_before)
                );
                assert_eq!((t.glued_to_next, t.sentence_start, t.name), {
                    (u.glued_to_next, u.sentence_start, u.name)
                });
            }
        }
        assert_eq!(next, whole.len());
        windows
    }

    #[test]
    fn windows_tile_the_tokens_and_end_at_clause_boundaries() {
        let text = include_str!("../../seeds/003_c30bde986995c84a.txt");
        let sizes = Windowing {
            words: 20,
            max_clause: 4096,
        };
        let windows = check(text, sizes);
        assert!(windows.len() > 50, "{}", windows.len());
        for w in &windows {
            assert_eq!(w.own, 0..w.toks.len());
            assert!(w.toks[0].boundary_before);
        }
        assert_eq!(check(text, Windowing::default()).len(), 1);
        assert_eq!(check("", sizes).len(), 0);
    }

    #[test]
    fn a_long_clause_is_cut_with_context_on_both_sides() {
        let text = "the White Home said the legislation enforcement officers met ".repeat(40);
        let sizes = Windowing {
            words: 10,
            max_clause: 30,
        };
        let windows = check(&text, sizes);
        assert!(windows.len() > 5);
        for pair in windows.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            assert_eq!(a.toks.len() - a.own.end, CONTEXT_WORDS);
            assert_eq!(b.own.start, CONTEXT_WORDS);
            assert!(a.own.len() <= 40 + 2 * CONTEXT_WORDS);
        }
    }
}
