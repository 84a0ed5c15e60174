//! Word edits: the `edited` copies.

use crate::synth::rng::Rng;
use crate::text::word_indices;

/// `text` with about `rate` of its words edited: each picked word is substituted by another
/// word of the text, deleted, or followed by an inserted word, with equal odds.
pub fn edit_words(text: &str, rate: f64, rng: &mut Rng) -> String {
    let words: Vec<(usize, &str)> = word_indices(text).collect();
    if words.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut copied = 0;
    for &(start, word) in &words {
        if !rng.chance(rate) {
            continue;
        }
        let end = start + word.len();
        out.push_str(&text[copied..start]);
        let other = words[rng.below(words.len())].1;
        match rng.below(3) {
            0 => out.push_str(other),
            1 => {
                // Delete the word and the spaces after it.
                let rest = &text[end..];
                let spaces = rest.len() - rest.trim_start_matches(' ').len();
                copied = end + spaces;
                continue;
            }
            _ => {
                out.push_str(word);
                out.push(' ');
                out.push_str(other);
            }
        }
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_change_about_the_rate() {
        let text = "alpha beta gamma delta epsilon ".repeat(200);
        let mut rng = Rng::new(3);
        let edited = edit_words(&text, 0.1, &mut rng);
        assert_ne!(edited, text);
        let before = word_indices(&text).count() as f64;
        let after = word_indices(&edited).count() as f64;
        assert!((after - before).abs() < before * 0.1);
        assert_eq!(edit_words(&text, 0.0, &mut rng), text);
    }
}
