//! The normalised form of a word, the one folding every comparison of words shares (see the
//! `text` module doc). Plain `std`: `build.rs` includes this file to key the thesaurus it
//! compiles exactly as the tokenizer keys text.

/// The normalised form of one word: lower case, with ’ and ‘ folded to '.
pub fn normalize_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for ch in word.chars() {
        match ch {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}
