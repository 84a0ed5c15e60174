use super::*;

/// The masked share of `text`'s words.
fn share(text: &str) -> f64 {
    let words = super::super::word_indices(text).count();
    mask(text).masked_words() as f64 / words as f64
}

const PROSE: &str = "The committee met on Tuesday to discuss the budget for next year. \
    Several members argued that the proposed cuts would hurt schools, while others said the \
    city had no choice. After three hours of debate, the vote was postponed until March, and \
    the chairman asked staff to prepare a new estimate. Residents who attended the meeting \
    said they were frustrated by the delay, but most agreed the issue needed more study.";

#[test]
fn base64_is_masked() {
    let block = "PGh0bWw+DQo8aGVhZD4NCjx0aXRsZT5EZWFyIEZyaWVuZDwvdGl0bGU+DQo8L2hlYWQ+DQo8\n\
        Ym9keSBiZ2NvbG9yPSIjRkZGRkZGIj4NCjxwIGFsaWduPSJjZW50ZXIiPjxmb250IGZhY2U9\n\
        IkFyaWFsIiBzaXplPSIyIj5Zb3UgaGF2ZSBiZWVuIHNlbGVjdGVkIHRvIHJlY2VpdmUgYSBm\n\
        cmVlIGdpZnQuIENsaWNrIGhlcmUgdG8gY2xhaW0geW91ciBwcml6ZSBub3cuPC9mb250Pjwv\n\
        cD4NCjwvYm9keT4NCjwvaHRtbD4NCg==\n";
    let block = block.repeat(4);
    assert_eq!(share(&block), 1.0, "{:?}", mask(&block));
    // inside prose: only the block
    let text = format!("{PROSE}\n\n{block}\n{PROSE}");
    let m = mask(&text);
    assert_eq!(m.runs.len(), 1, "{m:?}");
    let words: Vec<&str> = super::super::word_indices(&text).map(|w| w.1).collect();
    let (s, e) = m.runs[0];
    assert_eq!(words[s as usize - 1], "study");
    assert_eq!(words[e as usize], "The");
}

#[test]
fn hex_uuencode_numbers_urls_and_minified_code_are_masked() {
    let hex = "0000000 3f2a 9b0c d1e2 f3a4 0b1c 2d3e 4f50 6172\n\
        0000020 8394 a5b6 c7d8 e9fa 0b1c 2d3e 4f50 6172\n\
        0000040 3f2a 9b0c d1e2 f3a4 0b1c 2d3e 4f50 6172\n";
    let digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n".repeat(14);
    let uu = "begin 644 data.txt\n\
        M5&AI<R!I<R!A(&9I;&4@=VET:\"!S;VUE('1E>'0@:6X@:70N(%1H:7,@:7,@\n\
        M82!F:6QE('=I=&@@<V]M92!T97AT(&EN(&ET+B!4:&ES(&ES(&$@9FEL92!W\n\
        M:71H('-O;64@=&5X=\"!I;B!I=\"X@5&AI<R!I<R!A(&9I;&4@=VET:\"!S;VUE\n\
        `\nend\n";
    let numbers = "1 4.5 23 18 9 7 3,200 12 88 41 0 17 6 5 2 9.75 11 13 14 15\n\
        16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31\n";
    let urls = "http://www.example.com/offers/index.html?id=123\n\
        http://www.example.net/click.php?u=abc&r=xyz\n\
        https://mail.example.org/unsubscribe/form.cgi\n\
        http://cheap.example.biz/meds/order.asp?ref=99\n\
        http://www.example.info/a/b/c/d.htm\n";
    let js = "function(e,t){var n=e.length;for(var r=0;r<n;r++){if(t(e[r]))return r}\
        return-1};var a=document.getElementById(\"x\");a.style.display=\"none\";\
        window.onload=function(){init(a,b,c)};";
    for (name, block) in [
        ("hex", hex.to_string()),
        ("digest", digest),
        ("uuencode", uu.to_string()),
        ("numbers", numbers.to_string()),
        ("urls", urls.to_string()),
        ("minified js", js.to_string()),
    ] {
        let s = share(&block);
        assert!(s >= 0.85, "{name}: masked share {s}, {:?}", mask(&block));
        let text = format!("{PROSE}\n{block}\n{PROSE}");
        let s = share(&text);
        assert!(s > 0.0, "{name} in prose");
    }
}

#[test]
fn prose_tables_and_codes_in_sentences_are_not_masked() {
    let table = "| Name | Role | Notes |\n|---|---|---|\n\
        | Alice Smith | editor | joined the paper in the spring |\n\
        | Bob Jones | reporter | covers the city council and schools |\n\
        | Carol White | photographer | works mostly on weekends |\n";
    let codes = "Call 555-0199 before 5 p.m. on May 3, 2004, quote order A12B-77 and visit \
        http://www.example.com/help for the iPhone or the MP3 player; the 1980s model \
        (version 2.1) still works with Windows 98 and a USB 2.0 port, see RFC 2822.";
    let spam = "FREE!!! Make $5,000 a week from home!!! CLICK HERE NOW to claim your prize. \
        Limited offer, only 3 days left. Don't wait, reply today and receive 2 bonus gifts.";
    let cjk = "我們的產品是最好的，價格便宜，品質優良。歡迎您來電查詢，我們將竭誠為您服務。";
    for (name, text) in [
        ("prose", PROSE),
        ("table", table),
        ("codes", codes),
        ("spam", spam),
        ("cjk", cjk),
    ] {
        let text = text.repeat(3);
        assert_eq!(mask(&text), Mask::default(), "{name}");
    }
}

#[test]
fn mask_queries() {
    let m = Mask {
        runs: vec![(2, 5), (9, 10)],
        bytes: 40,
    };
    let segments: Vec<_> = m.prose_segments(12).collect();
    assert_eq!(segments, [0..2, 5..9, 10..12]);
    let all = Mask {
        runs: vec![(0, 12)],
        bytes: 60,
    };
    assert_eq!(all.prose_segments(12).count(), 0);
    let whole: Vec<_> = Mask::default().prose_segments(3).collect();
    assert_eq!(whole.len(), 1);
    assert_eq!(whole[0], 0..3);
    assert!(m.contains(2) && m.contains(4) && m.contains(9));
    assert!(!m.contains(1) && !m.contains(5) && !m.contains(10));
    assert!(m.touches(0, 3) && m.touches(8, 12) && !m.touches(5, 9) && !m.touches(0, 2));
    assert_eq!(m.masked_words(), 4);
    assert_eq!(m.share(80), 0.5);
    assert!(m.mostly_non_prose(50) && !m.mostly_non_prose(80));
}

#[test]
fn blanking_keeps_offsets_and_blanks_only_runs() {
    let block = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1u\n".repeat(12);
    let text = format!("Dear friend, {block}Yours truly, Bob");
    let m = mask(&text);
    assert!(!m.is_empty());
    let blanked = blank_masked(&text, &m);
    assert_eq!(blanked.len(), text.len());
    let words: Vec<&str> = super::super::word_indices(&blanked).map(|w| w.1).collect();
    assert_eq!(words, ["Dear", "friend", "Yours", "truly", "Bob"]);
    assert!(matches!(
        blank_masked(PROSE, &mask(PROSE)),
        std::borrow::Cow::Borrowed(_)
    ));
}

/// The byte-at-a-time reading of the rule that `odd_word` computes eight bytes at a time.
fn naive_odd_word(word: &str) -> bool {
    if word.len() >= LONG_WORD {
        return true;
    }
    if !word.is_ascii() {
        return false;
    }
    let b = word.as_bytes();
    let humps = b
        .windows(2)
        .filter(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase())
        .count();
    let switches = b
        .windows(2)
        .filter(|p| {
            (p[0].is_ascii_alphabetic() && p[1].is_ascii_digit())
                || (p[0].is_ascii_digit() && p[1].is_ascii_alphabetic())
        })
        .count();
    let digits = b.iter().any(u8::is_ascii_digit);
    let letters = b.iter().any(u8::is_ascii_alphabetic);
    (digits && !letters) || switches >= 2 || humps >= 2
}

#[test]
fn odd_word_agrees_with_its_naive_twin() {
    let words = [
        "the",
        "The",
        "THE",
        "iPhone",
        "McDonald",
        "getElementById",
        "wAAACH5BAEAAAAALAAA",
        "R0lGODlh",
        "3f2a",
        "1980s",
        "mp3",
        "x_1",
        "e.length",
        "U.S",
        "it's",
        "aBcDeFgHiJ",
        "abcdefgH",
        "abcdefghIjklmnopQ",
        "abcdefgHIjK",
        "Ángeles",
        "caf\u{e9}",
        "",
        "abcdefghijklmnopqrstuvwxyz",
        "ABCDEFGHabcdefghABCDEFGH",
        "zZ",
        "aZaZ",
        "0",
        "@[`{",
    ];
    for w in words {
        assert_eq!(
            odd_word(w.as_bytes(), 0, w.len()),
            naive_odd_word(w),
            "{w:?}"
        );
        // inside a longer text, whose next bytes must not count
        let text = format!("x {w}ZZ9 more text");
        assert_eq!(
            odd_word(text.as_bytes(), 2, w.len()),
            naive_odd_word(w),
            "{w:?}"
        );
    }
    // every short word over a small alphabet that covers each class edge
    let alphabet = [
        '@', 'A', 'Z', '[', '`', 'a', 'z', '{', '/', '0', '9', ':', '_', '.',
    ];
    let mut word = String::new();
    for n in 0..(alphabet.len().pow(4)) {
        word.clear();
        let mut k = n;
        for _ in 0..4 {
            word.push(alphabet[k % alphabet.len()]);
            k /= alphabet.len();
        }
        for pad in ["", "abcdefg", "abcdefgh"] {
            let w = format!("{pad}{word}");
            assert_eq!(
                odd_word(w.as_bytes(), 0, w.len()),
                naive_odd_word(&w),
                "{w:?}"
            );
        }
    }
}

proptest::proptest! {
    /// Any ASCII word of letters, digits and infixes, alone and inside a text: the eight-byte
    /// reading agrees with the byte-at-a-time one (humps and switches across block edges too).
    #[test]
    fn odd_word_agrees_with_its_naive_twin_on_any_word(word in "[a-cA-C0-2._]{0,24}") {
        proptest::prop_assert_eq!(odd_word(word.as_bytes(), 0, word.len()), naive_odd_word(&word));
        let text = format!("x {word}Z9 more");
        proptest::prop_assert_eq!(odd_word(text.as_bytes(), 2, word.len()), naive_odd_word(&word));
    }
}

proptest::proptest! {
    /// The scan's mask, which leaves the words the scanner calls plain untested and only counts
    /// those it calls prose, is the mask that tests every word, on any mix of prose, codes, numbers, long words and non-ASCII.
    #[test]
    fn the_scanners_plain_words_change_no_mask(
        pieces in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::string::string_regex("[a-z]{1,12}").unwrap(),
                proptest::string::string_regex("[a-z]{20,40}").unwrap(),
                proptest::string::string_regex("[A-Za-z0-9]{1,14}").unwrap(),
                proptest::string::string_regex("[0-9.,]{1,8}").unwrap(),
                proptest::string::string_regex("[a-zé’]{1,8}").unwrap(),
                proptest::string::string_regex("[ ,.;:/=_\n-]{1,3}").unwrap(),
                // humps (one is prose, two are odd), over eight bytes too
                proptest::string::string_regex("[A-Za-z][a-z]{0,9}[A-Z][a-z]{0,9}([A-Z][a-z]{0,3})?")
                    .unwrap(),
                proptest::string::string_regex("[ \t\r\x0c,.]{1,2}").unwrap(),
            ],
            0..400,
        )
    ) {
        let text: String = pieces.concat();
        let (_, _, scanned) = crate::text::keys_checkpoints_and_mask(&text);
        proptest::prop_assert_eq!(scanned, mask(&text));
    }
}
