//! Bytes to text: gzip and zstd sniffing, binary detection, byte-order marks and charsets.
//!
//! Text is bytes until proven otherwise. Gzip and zstd are recognised by their magic numbers,
//! not by the file name. A document's charset is decided in this order, the first that applies:
//! a byte-order mark (UTF-8, UTF-16LE, UTF-16BE); a declared charset (the caller's, such as a
//! WARC record's HTTP `Content-Type`, else one the bytes declare: an XML declaration's
//! `encoding`, or in HTML a `<meta charset>`); UTF-8 when the bytes are valid UTF-8; UTF-8 with
//! replacements when there are at least as many valid multi-byte UTF-8 sequences as invalid
//! ones (a UTF-8 file with a few broken bytes, not a legacy one); otherwise the charset that
//! `chardetng` guesses from the first 256 KiB, the detector Firefox uses for unlabelled pages,
//! trained on the statistics of each legacy encoding's languages. Decoding itself is
//! `encoding_rs`, the WHATWG Encoding Standard's implementation, which maps labels such as
//! `latin1` to the encoding browsers actually use for them (windows-1252).
//!
//! A file decoded from another charset is no problem; only bytes that are malformed in the
//! charset chosen (replaced by U+FFFD) are, and the caller is told the first one's offset and
//! how many there were. A NUL byte in the first 8 KiB (with no UTF-16 byte-order mark) marks a
//! binary file, and so do a few well-known magic numbers (PDF, PNG, JPEG, GIF, ZIP, ELF).
//! Every decoded text comes with a [`SourceMap`] back to the offsets of the bytes it was decoded
//! from, so reported offsets stay offsets into the file.

use super::html::meta_charset;
use super::source_map::{SourceMap, SourceMapBuilder};
use encoding_rs::{Encoding, ISO_2022_JP, UTF_8, UTF_16BE, UTF_16LE};
use std::io::Read;

/// Text decoded from bytes, with how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    pub text: String,
    /// The charset the text was decoded from.
    pub encoding: &'static Encoding,
    /// Text offsets back to offsets in the bytes.
    pub map: SourceMap,
    /// Bytes malformed in `encoding`, replaced by U+FFFD.
    pub damage: Option<Damage>,
}

/// Malformed bytes met while decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Damage {
    /// Offset (in the bytes decoded) of the first malformed sequence.
    pub first_bad_byte: usize,
    /// How many malformed sequences were replaced.
    pub replaced: usize,
}

impl Damage {
    /// The message for a problem report: `byte 3 (and 2 more) not valid UTF-8, replaced by
    /// U+FFFD`; `of` says what the offset counts in, when not the file (`of the payload`).
    pub fn describe(&self, encoding: &'static Encoding, of: &str) -> String {
        let more = match self.replaced {
            0 | 1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        format!(
            "byte {}{of}{more} not valid {}, replaced by U+FFFD",
            self.first_bad_byte,
            encoding.name()
        )
    }
}

/// How a byte buffer turned into text.
#[derive(Debug)]
pub enum Decoded {
    Text(DecodedText),
    /// Not text; the reason (`NUL byte`, `PDF`, ...).
    Binary(&'static str),
}

const BINARY_SNIFF_BYTES: usize = 8192;

/// The detector sees at most this much of a document: it runs at about 7 MB/s, and a quarter
/// of a megabyte of text is plenty to tell its charset.
const DETECTOR_BYTES: usize = 256 * 1024;

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];

/// The bytes of a file after decompression.
#[derive(Debug)]
pub struct Decompressed {
    /// Everything that could be decompressed (all of it unless `damage` says otherwise).
    pub bytes: Vec<u8>,
    /// Why decompression stopped early (truncated or corrupt stream), naming the format.
    pub damage: Option<String>,
}

/// Decompresses `raw` if it is gzip (several members allowed) or zstd (several frames allowed),
/// else returns it as it is. A damaged stream keeps what was decoded before the damage, so a
/// line- or record-oriented reader can still use the complete part.
pub fn decompress(raw: Vec<u8>) -> Decompressed {
    let format = if raw.starts_with(GZIP_MAGIC) {
        "gzip"
    } else if raw.starts_with(ZSTD_MAGIC) {
        "zstd"
    } else {
        return Decompressed {
            bytes: raw,
            damage: None,
        };
    };
    // read_to_end keeps the bytes decoded before an error in `bytes`
    let mut bytes = Vec::with_capacity(raw.len().saturating_mul(4));
    let result = if format == "gzip" {
        flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut bytes)
    } else {
        zstd::stream::read::Decoder::with_buffer(&raw[..])
            .and_then(|mut decoder| decoder.read_to_end(&mut bytes))
    };
    Decompressed {
        bytes,
        damage: result
            .err()
            .map(|err| format!("cannot decompress {format}: {err}")),
    }
}

/// Magic numbers of common binary formats met in document folders.
const BINARY_MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x7fELF", "executable"),
];

/// Why `bytes` are not text, if they are not: a known binary magic number, or a NUL byte in
/// the first 8 KiB of bytes without a UTF-16 byte-order mark.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if let Some((_, what)) = BINARY_MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(what);
    }
    let utf16 = Encoding::for_bom(bytes).is_some_and(|(e, _)| e != UTF_8);
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    (!utf16 && memchr::memchr(0, sniff).is_some()).then_some("NUL byte")
}

/// Decodes a file's bytes to text by the policy above, or says it is binary.
pub fn decode_text(bytes: &[u8]) -> Decoded {
    match binary_kind(bytes) {
        Some(why) => Decoded::Binary(why),
        None => Decoded::Text(decode(bytes, None)),
    }
}

/// Decodes `bytes` by the policy above; `declared` is a charset label given from outside the
/// bytes (an HTTP Content-Type), which only a byte-order mark overrides.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> DecodedText {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return decode_as(bytes, bom, encoding);
    }
    let declared = declared
        .map(str::to_owned)
        .or_else(|| declared_in_content(bytes))
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()));
    if let Some(encoding) = declared {
        // UTF-16 labels on bytes without a BOM mean UTF-8 in HTML's rules (the page was
        // re-encoded after it was labelled); a declared UTF-8 that is not falls to detection
        let encoding = if encoding == UTF_16LE || encoding == UTF_16BE {
            UTF_8
        } else {
            encoding
        };
        if encoding != UTF_8 || std::str::from_utf8(bytes).is_ok() {
            return decode_as(bytes, 0, encoding);
        }
    }
    if std::str::from_utf8(bytes).is_ok() || mostly_utf8(bytes) {
        return decode_as(bytes, 0, UTF_8);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let sample = &bytes[..bytes.len().min(DETECTOR_BYTES)];
    detector.feed(sample, sample.len() == bytes.len());
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    decode_as(bytes, 0, guess)
}

/// The charset the bytes declare: an XML declaration's `encoding` at the very start, or a
/// `<meta>` charset in the first 1024 bytes of a page that looks like HTML.
fn declared_in_content(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with(b"<?xml") {
        let end = memchr::memmem::find(&bytes[..bytes.len().min(256)], b"?>")?;
        let decl = bytes[..end].to_ascii_lowercase();
        let at = memchr::memmem::find(&decl, b"encoding")?;
        let rest = decl[at + "encoding".len()..]
            .trim_ascii_start()
            .strip_prefix(b"=")?
            .trim_ascii_start();
        let quote = *rest.first()?;
        let rest = rest.get(1..)?;
        let close = memchr::memchr(quote, rest)?;
        return std::str::from_utf8(&rest[..close]).ok().map(str::to_owned);
    }
    let head = bytes[..bytes.len().min(1024)].to_ascii_lowercase();
    let html = [&b"<!doctype html"[..], b"<html", b"<head", b"<meta"]
        .iter()
        .any(|tag| memchr::memmem::find(&head, tag).is_some());
    if html { meta_charset(bytes) } else { None }
}

/// Invalid UTF-8 with at least as many valid multi-byte sequences as malformed ones.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut malformed) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        malformed += usize::from(!chunk.invalid().is_empty());
    }
    multibyte > 0 && multibyte >= malformed
}

/// Decodes `bytes[skip..]` (`skip` is the length of a byte-order mark) as `encoding`.
fn decode_as(bytes: &[u8], skip: usize, encoding: &'static Encoding) -> DecodedText {
    let body = &bytes[skip..];
    let mut map = SourceMapBuilder::new();
    let mut damage: Option<Damage> = None;
    let mut note_bad = |at: usize| match &mut damage {
        Some(d) => d.replaced += 1,
        None => {
            damage = Some(Damage {
                first_bad_byte: at,
                replaced: 1,
            })
        }
    };
    // valid throughout (nearly every file): the standard check reads ASCII a word at a time,
    // where the chunked walk below goes byte by byte
    let valid_utf8 = if encoding == UTF_8 {
        std::str::from_utf8(body).ok()
    } else {
        None
    };
    let text = if let Some(valid) = valid_utf8 {
        map.at(0, skip);
        valid.to_owned()
    } else if encoding == UTF_8 {
        let mut text = String::with_capacity(body.len());
        let mut source = skip;
        map.at(0, source);
        for chunk in body.utf8_chunks() {
            text.push_str(chunk.valid());
            source += chunk.valid().len();
            if !chunk.invalid().is_empty() {
                note_bad(source);
                text.push(char::REPLACEMENT_CHARACTER);
                source += chunk.invalid().len();
                map.at(text.len(), source);
            }
        }
        text
    } else if encoding.is_single_byte() {
        // one byte, one character: walk the two together
        let (text, _) = encoding.decode_without_bom_handling(body);
        let text = text.into_owned();
        map.at(0, skip);
        for (source, (at, c)) in text.char_indices().enumerate() {
            if c == char::REPLACEMENT_CHARACTER {
                note_bad(skip + source);
            }
            if !c.is_ascii() {
                map.at(at + c.len_utf8(), skip + source + 1);
            }
        }
        text
    } else {
        // multi-byte: non-ASCII bytes (and the byte after each, which may be a trail byte in
        // the ASCII range) fed one at a time, so each character's bytes are known; a run of
        // ASCII met while no sequence is open decodes to itself, fed whole (not in the stateful
        // ISO-2022-JP or in UTF-16, fed byte by byte throughout)
        let ascii_runs = encoding.is_ascii_compatible() && encoding != ISO_2022_JP;
        let mut decoder = encoding.new_decoder_without_bom_handling();
        let mut text = String::with_capacity(
            decoder
                .max_utf8_buffer_length(body.len())
                .unwrap_or(body.len()),
        );
        map.at(0, skip);
        let mut clean = true;
        let mut i = 0;
        while i < body.len() {
            if ascii_runs && clean && body[i].is_ascii() {
                let run = body[i..]
                    .iter()
                    .position(|b| !b.is_ascii())
                    .unwrap_or(body.len() - i);
                // ASCII with no sequence open: no replacement possible
                let _ = decoder.decode_to_string(&body[i..i + run], &mut text, false);
                i += run;
                continue;
            }
            let before = text.len();
            let (_, _, replaced) =
                decoder.decode_to_string(std::slice::from_ref(&body[i]), &mut text, false);
            if replaced {
                note_bad(skip + i);
            }
            clean = text.len() != before;
            if clean {
                map.at(text.len(), skip + i + 1);
            }
            i += 1;
        }
        let before = text.len();
        let (_, _, replaced) = decoder.decode_to_string(&[], &mut text, true);
        if replaced {
            note_bad(bytes.len());
        }
        if text.len() != before {
            map.at(text.len(), bytes.len());
        }
        text
    };
    DecodedText {
        text,
        encoding,
        map: map.finish(),
        damage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> DecodedText {
        match decode_text(bytes) {
            Decoded::Text(t) => t,
            other => panic!("{other:?}"),
        }
    }

    /// The source offset of the first occurrence of `needle` in the decoded text.
    fn source_of(t: &DecodedText, needle: &str) -> usize {
        t.map.source_offset(t.text.find(needle).unwrap())
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(
            decode_text(b"ab\0cd"),
            Decoded::Binary("NUL byte")
        ));
        assert!(matches!(decode_text(b"%PDF-1.4 x"), Decoded::Binary("PDF")));
        assert!(matches!(decode_text(b"\xff\xfeh\0i\0"), Decoded::Text(_)));
    }

    #[test]
    fn utf8_with_a_few_bad_bytes_stays_utf8() {
        let t = text(b"caf\xc3\xa9 ok \xff here");
        assert_eq!(t.text, "café ok \u{FFFD} here");
        assert_eq!(t.encoding, UTF_8);
        let damage = t.damage.unwrap();
        assert_eq!((damage.first_bad_byte, damage.replaced), (9, 1));
        assert_eq!(source_of(&t, "here"), 11);
    }

    #[test]
    fn bom_is_removed_and_offsets_kept() {
        let t = text(b"\xEF\xBB\xBFhi there");
        assert_eq!(t.text, "hi there");
        assert_eq!(source_of(&t, "there"), 6);
        let t = text(b"\xff\xfeh\0i\0 \0y\0o\0");
        assert_eq!((t.text.as_str(), t.encoding), ("hi yo", UTF_16LE));
        assert_eq!(source_of(&t, "yo"), 8);
        assert_eq!(t.damage, None);
    }

    #[test]
    fn legacy_files_are_detected_and_mapped_to_their_bytes() {
        // Latin-1 French: é, à, è are one byte each in the file, two in the text
        let latin1 = b"Le caf\xe9 est \xe0 c\xf4t\xe9 de la gare, o\xf9 le p\xe8re attend \
            son fr\xe8re depuis des ann\xe9es; la passage suivant est ici.";
        let t = text(latin1);
        assert_eq!(t.encoding.name(), "windows-1252");
        assert!(
            t.text
                .starts_with("Le café est à côté de la gare, où le père")
        );
        assert_eq!(t.damage, None);
        let at = source_of(&t, "passage suivant");
        assert_eq!(&latin1[at..at + 15], b"passage suivant");
        // Windows-1252 curly quotes and a dash: bytes 0x93 0x94 0x96
        let cp1252 = b"He said \x93caf\xe9\x94 \x96 and then the passage after it.";
        let t = text(cp1252);
        assert_eq!(t.encoding.name(), "windows-1252");
        assert!(t.text.contains("\u{201c}café\u{201d} \u{2013} and"));
        let at = source_of(&t, "passage after");
        assert_eq!(&cp1252[at..at + 13], b"passage after");
    }

    #[test]
    fn declared_charsets_win() {
        let page = b"<html><head><meta charset=shift_jis></head><body>\x82\xa0 and more</body>";
        let t = text(page);
        assert_eq!(t.encoding.name(), "Shift_JIS");
        assert!(t.text.contains("\u{3042} and more"));
        let at = source_of(&t, "and more");
        assert_eq!(&page[at..at + 8], b"and more");
        let xml = b"<?xml version='1.0' encoding='ISO-8859-2'?><a>\xb1</a>";
        let t = text(xml);
        assert_eq!(t.encoding.name(), "ISO-8859-2");
        assert!(t.text.contains("<a>\u{105}</a>"));
        let t = decode(b"caf\xe9", Some("latin1"));
        assert_eq!(
            (t.text.as_str(), t.encoding.name()),
            ("café", "windows-1252")
        );
        // a declared UTF-8 that is not falls to detection
        let t = decode(b"caf\xe9 cr\xe8me br\xfbl\xe9e", Some("utf-8"));
        assert_eq!(t.text, "café crème brûlée");
        // Big5 trail bytes in the ASCII range ("\xa4\x40" is one character), then ASCII runs
        let big5 = b"\xa4\x40@ and \xa4\x40 more words \xa4\x41";
        let t = decode(big5, Some("big5"));
        assert_eq!(t.text, "\u{4e00}@ and \u{4e00} more words \u{4e59}");
        let at = source_of(&t, "more");
        assert_eq!(&big5[at..at + 10], b"more words");
        assert_eq!(t.map.source_offset(t.text.len()), big5.len());
        let t = decode(b"\x82\xa0\xff", Some("shift_jis"));
        assert_eq!(t.damage.map(|d| d.first_bad_byte), Some(2));
    }

    #[test]
    fn gzip_is_sniffed() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"hello").unwrap();
        let gz = enc.finish().unwrap();
        let whole = decompress(gz.clone());
        assert_eq!(
            (whole.bytes.as_slice(), whole.damage),
            (&b"hello"[..], None)
        );
        let plain = decompress(b"plain".to_vec());
        assert_eq!(
            (plain.bytes.as_slice(), plain.damage),
            (&b"plain"[..], None)
        );
        let cut = decompress(gz[..gz.len() - 4].to_vec());
        assert!(cut.damage.unwrap().starts_with("cannot decompress gzip"));
    }

    #[test]
    fn zstd_is_sniffed_and_truncation_reported() {
        let packed = zstd::encode_all(&b"hello zstd, hello again"[..], 3).unwrap();
        let whole = decompress(packed.clone());
        assert_eq!(whole.bytes, b"hello zstd, hello again");
        assert_eq!(whole.damage, None);
        let cut = decompress(packed[..packed.len() - 3].to_vec());
        assert!(cut.damage.unwrap().starts_with("cannot decompress zstd"));
    }
}
