//! Carrying the case pattern of the spun words over to the restored ones.
//!
//! Dictionaries are lower case; the text is not. A restored phrase takes the pattern of the words
//! it replaces: ALL CAPS stays all caps ("NAVY" -> "MILITARY"), a capitalised first word gives a
//! capitalised first word ("Submit" -> "Post"), and when every replaced word is capitalised, as in
//! a name or a title ("Protection Division"), every restored word is. Lower case is left as the
//! dictionary spells it.

/// The case pattern of a run of words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CasePattern {
    Lower,
    Capitalised,
    TitleCase,
    Upper,
}

fn is_upper_word(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && w.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// The pattern of the words a restoration replaces.
pub fn pattern(words: &[&str]) -> CasePattern {
    let with_letters: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if with_letters.is_empty() {
        return CasePattern::Lower;
    }
    if with_letters.iter().all(|w| is_upper_word(w)) {
        CasePattern::Upper
    } else if with_letters.len() > 1 && with_letters.iter().all(|w| is_capitalised(w)) {
        CasePattern::TitleCase
    } else if is_capitalised(with_letters[0]) {
        CasePattern::Capitalised
    } else {
        CasePattern::Lower
    }
}

/// `phrase` spelt with `pattern`.
pub fn apply(pattern: CasePattern, phrase: &str) -> String {
    match pattern {
        CasePattern::Lower => phrase.to_string(),
        CasePattern::Upper => phrase.to_uppercase(),
        CasePattern::Capitalised => capitalise(phrase),
        CasePattern::TitleCase => phrase
            .split(' ')
            .map(capitalise)
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_carry_over() {
        assert_eq!(apply(pattern(&["Submit"]), "post"), "Post");
        assert_eq!(apply(pattern(&["NAVY"]), "military"), "MILITARY");
        assert_eq!(apply(pattern(&["navy"]), "military"), "military");
        assert_eq!(
            apply(pattern(&["Legal", "Professional"]), "attorney general"),
            "Attorney General"
        );
        assert_eq!(apply(pattern(&["As", "we", "speak"]), "today"), "Today");
        assert_eq!(apply(pattern(&["Nineteen", "Eighties"]), "1980s"), "1980s");
        assert_eq!(apply(pattern(&["12", "months"]), "year"), "year");
        assert_eq!(apply(pattern(&["A"]), "an"), "An");
    }
}
