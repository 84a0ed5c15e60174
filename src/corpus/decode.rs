//! Bytes to text: gzip sniffing, binary detection, BOM removal and lossy UTF-8.
//!
//! Text is bytes until proven otherwise. Gzip is recognised by its magic number, not by the file
//! name; a NUL byte in the first 8 KiB marks a binary file, which is refused; invalid UTF-8 is
//! decoded with U+FFFD replacement and the caller is told, so it can warn about the file.

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

/// Decompresses `raw` if it is gzip (several members allowed), else returns it as it is.
pub fn maybe_gunzip(raw: Vec<u8>) -> std::io::Result<Vec<u8>> {
    if raw.len() >= 2 && raw[0] == 0x1f && raw[1] == 0x8b {
        let mut out = Vec::with_capacity(raw.len() * 4);
        flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out)?;
        Ok(out)
    } else {
        Ok(raw)
    }
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
        assert_eq!(maybe_gunzip(gz).unwrap(), b"hello");
        assert_eq!(maybe_gunzip(b"plain".to_vec()).unwrap(), b"plain");
    }
}
