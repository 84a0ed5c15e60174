//! The word scanner (`text::word_indices`, `text::hashed_word_indices`) against its definition,
//! the `unicode-segmentation` crate's `unicode_word_indices`, and `text::word_hash`: the same
//! `(offset, word)` sequence and the same hashes, on every short string over an alphabet of every
//! ASCII word-break class and the non-ASCII characters that interact with them, on random mixed
//! text, and on the repository's real texts.
//!
//! The exhaustive checks (every string of six symbols, of five across a window edge, of four
//! over a wider alphabet: about 80 s on 2 cores) are `#[ignore]`d so that `cargo test` stays
//! quick; their shorter forms run every time, and `.ci/run` runs the full ones with
//! `cargo test --release --test tokenizer_equivalence -- --ignored`.

use copydesk::text;
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

/// Panics unless the scanner agrees with the crate on `s`.
fn check(s: &str) {
    let expected = s.unicode_word_indices();
    if !text::word_indices(s).eq(expected) {
        let got: Vec<_> = text::word_indices(s).collect();
        let want: Vec<_> = s.unicode_word_indices().collect();
        panic!("{s:?}: scanner {got:?}, crate {want:?}");
    }
    let hashed = text::hashed_word_indices(s);
    assert!(
        hashed
            .zip(s.unicode_word_indices())
            .all(|((at, word, hash), (at2, word2))| at == at2
                && word == word2
                && hash == text::word_hash(word)),
        "{s:?}: hashed scan differs"
    );
    if s.is_ascii() {
        // The crate segments an all-ASCII text with its own fast path, and any other text with
        // the general rules: the scanner must agree with both on ASCII pieces.
        let general = s
            .split_word_bound_indices()
            .filter(|(_, w)| w.chars().any(char::is_alphanumeric));
        assert!(
            text::word_indices(s).eq(general),
            "{s:?}: differs from the crate's general rules"
        );
    }
}

/// Checks every string of up to `max_len` symbols from `alphabet`, after each of `prefixes`, on
/// all cores.
fn check_all_strings_after(alphabet: &[&str], max_len: u32, prefixes: &[String]) {
    std::thread::scope(|scope| {
        for first in alphabet {
            scope.spawn(move || {
                let mut s = String::new();
                for len in 0..max_len {
                    let count = alphabet.len().pow(len);
                    for mut code in 0..count {
                        s.clear();
                        s.push_str(first);
                        for _ in 0..len {
                            s.push_str(alphabet[code % alphabet.len()]);
                            code /= alphabet.len();
                        }
                        for prefix in prefixes {
                            s.insert_str(0, prefix);
                            check(&s);
                            s.drain(..prefix.len());
                        }
                    }
                }
            });
        }
    });
    check("");
}

fn check_all_strings(alphabet: &[&str], max_len: u32) {
    check_all_strings_after(alphabet, max_len, &[String::new()]);
}

/// One symbol of each ASCII class (ALetter lower and upper, Numeric, MidNumLet, Single_Quote,
/// MidLetter, MidNum ×2, ExtendNumLet, WSegSpace, LF, CR, Double_Quote, Other), a non-ASCII
/// letter, a combining mark (Extend) and the typographic apostrophe (MidNumLet).
const ALPHABET: [&str; 17] = [
    "a", "Z", "1", ".", "'", ":", ",", ";", "_", " ", "\n", "\r", "\"", "-", "é", "\u{301}", "’",
];

#[test]
#[ignore = "exhaustive, about 80 s: cargo test --release -- --ignored (.ci/run runs it)"]
fn every_string_of_six_symbols() {
    check_all_strings(&ALPHABET, 6);
}

/// The quick form of the check above, run by every `cargo test`: every string of four symbols.
#[test]
fn every_string_of_four_symbols() {
    check_all_strings(&ALPHABET, 4);
}

/// The quick form of the window-edge check below: every string of three symbols across it.
#[test]
fn every_string_of_three_symbols_across_a_window_edge() {
    check_all_strings_after(&ALPHABET, 3, &window_edge_prefixes());
}

fn window_edge_prefixes() -> Vec<String> {
    let mut prefixes: Vec<String> = (56..=63).map(|k| " ".repeat(k)).collect();
    prefixes.push("x".repeat(61));
    prefixes.push("a.b ".repeat(15));
    prefixes
}

/// The scanner decides ASCII words 64 bytes at a time: every string of five symbols placed across
/// a window's end (after spaces, which the first window skips; after a long word, which the
/// byte machine takes).
#[test]
#[ignore = "exhaustive, about 80 s: cargo test --release -- --ignored (.ci/run runs it)"]
fn every_string_of_five_symbols_across_a_window_edge() {
    check_all_strings_after(&ALPHABET, 5, &window_edge_prefixes());
}

/// Fewer ASCII classes, more of the non-ASCII ones the rules treat apart: Hebrew letters (WB7a–c
/// with quotes), an ideographic space (WSegSpace), ZWJ and an emoji (WB3c), a soft hyphen
/// (Format), Katakana (WB13), a regional indicator (WB15/16), an Arabic-Indic digit, a CJK
/// ideograph, tab, VT and NEL.
#[test]
#[ignore = "exhaustive, about 80 s: cargo test --release -- --ignored (.ci/run runs it)"]
fn every_string_of_four_symbols_with_more_scripts() {
    let alphabet = [
        "a", "1", ".", "'", ",", "_", " ", "\r", "\n", "\"", "\t", "\u{b}", "\u{85}", "א",
        "\u{3000}", "\u{200d}", "👍", "\u{ad}", "ア", "🇫", "٣", "中", "\u{301}", "’", "é",
    ];
    check_all_strings(&alphabet, 4);
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z]{1,12}",
        1 => "[a-z]{50,140}",
        1 => "[a-z0-9.',:;_]{20,90}",
        2 => "[0-9]{1,6}",
        3 => prop::sample::select(vec![
            " ", "  ", ". ", ", ", "; ", ": ", "'", "\"", "\n", "\r\n", "\t", "-", "_", "(", ")",
            "...", "U.S.", "e.g.", "3.14", "1,000", "it's", "http://x.y", "a_b", "—", "–",
        ])
        .prop_map(str::to_owned),
        2 => prop::sample::select(vec![
            "é", "Ángeles", "naïve", "it’s", "“", "”", "‘", "’", "\u{301}", "\u{308}", "中文",
            "日本語", "カタカナ", "한국어", "😀", "👍🏽", "👨\u{200d}👩", "🇫🇷", "שלום", "א\"ב",
            "א'", "مرحبا", "٣٤", "\u{200f}", "\u{ad}", "\u{3000}", "\u{85}", "Ⅻ", "½",
        ])
        .prop_map(str::to_owned),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn random_mixed_text(pieces in prop::collection::vec(piece(), 0..60)) {
        check(&pieces.concat());
    }

    #[test]
    fn random_unicode_strings(s in "\\PC{0,40}") {
        check(&s);
    }

    #[test]
    fn random_ascii_strings(s in "[ -~\t\n\r\u{b}\u{c}]{0,60}") {
        check(&s);
    }
}

#[test]
fn repository_texts() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for dir in ["seeds", "tests/data", "fuzz/seeds/tokenizer"] {
        for entry in walkdir::WalkDir::new(root.join(dir)) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue; // binary fixtures (gzip, WARC)
            };
            check(&text);
            // And from every 97th word start on, as `span_at` segments.
            for (start, _) in text.unicode_word_indices().step_by(97) {
                check(&text[start..]);
            }
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} texts found");
}
