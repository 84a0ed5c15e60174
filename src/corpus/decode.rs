//! Bytes to text: gzip and zstd sniffing, binary detection, BOM removal, charsets, lossy UTF-8.
//!
//! Text is bytes until proven otherwise. Gzip and zstd are recognised by their magic numbers,
//! not by the file name; a NUL byte in the first 8 KiB marks a binary file, which is refused;
//! invalid UTF-8 is decoded with U+FFFD replacement and the caller is told, so it can warn about
//! the file. Text with a declared charset (WARC records) is decoded by `encoding_rs`, the
//! WHATWG Encoding Standard's implementation, which maps labels such as `latin1` to the
//! encoding browsers actually use for them (windows-1252).

use std::io::Read;

/// How a byte buffer turned into text.
#[derive(Debug)]
pub enum Decoded {
    /// Valid UTF-8 (a leading BOM removed).
    Text(String),
    /// Invalid UTF-8 decoded lossily; `first_bad_byte` is the offset of the first invalid byte.
    Lossy { text: String, first_bad_byte: usize },
    /// Looks binary (a NUL byte near the start); not text.
    Binary,
}

const BINARY_SNIFF_BYTES: usize = 8192;

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

/// Decodes `bytes` in the charset named by `label` (a MIME charset such as `utf-8`,
/// `iso-8859-1`, `windows-1252`, `shift_jis`); an unknown or missing label means UTF-8.
/// Returns the text and, when some bytes were malformed in that charset (and replaced by
/// U+FFFD), the charset's name.
pub fn decode_charset(bytes: &[u8], label: Option<&str>) -> (String, Option<&'static str>) {
    let encoding = label
        .and_then(|l| encoding_rs::Encoding::for_label(l.trim().as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    // decode() sniffs a BOM first, which wins over the label, as in browsers
    let (text, used, had_errors) = encoding.decode(bytes);
    (text.into_owned(), had_errors.then(|| used.name()))
}

/// Decodes bytes to text by the policy above.
pub fn decode_text(bytes: Vec<u8>) -> Decoded {
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    if memchr::memchr(0, sniff).is_some() {
        return Decoded::Binary;
    }
    let bytes = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes[3..].to_vec()
    } else {
        bytes
    };
    match String::from_utf8(bytes) {
        Ok(text) => Decoded::Text(text),
        Err(err) => {
            let first_bad_byte = err.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            Decoded::Lossy {
                text,
                first_bad_byte,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_lossy_and_bom() {
        assert!(matches!(decode_text(b"ab\0cd".to_vec()), Decoded::Binary));
        match decode_text(b"ok \xff here".to_vec()) {
            Decoded::Lossy {
                text,
                first_bad_byte,
            } => {
                assert_eq!(first_bad_byte, 3);
                assert_eq!(text, "ok \u{FFFD} here");
            }
            other => panic!("{other:?}"),
        }
        match decode_text(b"\xEF\xBB\xBFhi".to_vec()) {
            Decoded::Text(t) => assert_eq!(t, "hi"),
            other => panic!("{other:?}"),
        }
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

    #[test]
    fn charsets_by_label() {
        assert_eq!(
            decode_charset(b"caf\xe9", Some("ISO-8859-1")),
            ("café".into(), None)
        );
        assert_eq!(
            decode_charset(b"\x93q\x94", Some("windows-1252")),
            ("\u{201c}q\u{201d}".into(), None)
        );
        assert_eq!(decode_charset(b"caf\xc3\xa9", None), ("café".into(), None));
        assert_eq!(
            decode_charset(b"caf\xe9", Some("utf-8")),
            ("caf\u{FFFD}".into(), Some("UTF-8"))
        );
        assert_eq!(
            decode_charset(b"ok", Some("x-no-such")),
            ("ok".into(), None)
        );
    }
}
