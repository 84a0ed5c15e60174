//! The payload of a web-archive record as text: HTTP framing, content types and charsets.
//!
//! An HTTP response's status line and headers are parsed by `httparse` (the parser under
//! `hyper`), in its lenient mode for responses, since archived servers are not all polite. A
//! chunked body is de-chunked and a gzip or deflate `Content-Encoding` is undone. The body
//! becomes text when its Content-Type is `text/html` or `application/xhtml+xml` (markup removed
//! by `html`) or `text/plain`; a missing or generic type (`application/octet-stream`) is sniffed:
//! markup near the start means HTML, no NUL byte means plain text. Anything else (images, PDF,
//! scripts, style sheets) is skipped with its type as the reason, to be counted by the caller.
//! The charset comes from the Content-Type, else (for HTML) from a `<meta>` declaration, else
//! it is UTF-8 when the bytes are, else detected (`decode`).

use super::decode::{Damage, decode};
use super::html::{MAX_HTML_DEPTH, charset_parameter, html_to_text, meta_charset};
use std::io::Read;

/// What a record's payload gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Payload {
    /// Text, the charset it was decoded from, and the bytes malformed in that charset.
    Text {
        text: String,
        encoding: &'static encoding_rs::Encoding,
        damage: Option<Damage>,
    },
    /// Not text (the reason, such as its content type, for the per-file count).
    Skipped(String),
    /// Damaged beyond use (the message).
    Malformed(String),
}

/// Header slots tried for one response; a response with more headers is malformed.
const MAX_HTTP_HEADERS: usize = 256;
const SNIFF_BYTES: usize = 1024;

/// The payload of an HTTP response block (a WARC `response` record of type application/http).
pub fn from_http_response(block: &[u8]) -> Payload {
    let mut headers = vec![httparse::EMPTY_HEADER; MAX_HTTP_HEADERS];
    let mut response = httparse::Response::new(&mut headers);
    let parsed = httparse::ParserConfig::default()
        .allow_spaces_after_header_name_in_responses(true)
        .allow_obsolete_multiline_headers_in_responses(true)
        .allow_multiple_spaces_in_response_status_delimiters(true)
        .ignore_invalid_headers_in_responses(true)
        .parse_response(&mut response, block);
    let body_start = match parsed {
        Ok(httparse::Status::Complete(at)) => at,
        Ok(httparse::Status::Partial) => {
            return Payload::Malformed("HTTP headers end early".into());
        }
        Err(err) => return Payload::Malformed(format!("bad HTTP response: {err}")),
    };
    let code = response.code.unwrap_or(0);
    if !(200..300).contains(&code) {
        return Payload::Skipped(format!("HTTP {code}"));
    }
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let mut body = block[body_start..].to_vec();
    if header("Transfer-Encoding").is_some_and(|t| t.contains("chunked")) {
        body = match dechunk(&body) {
            Some(body) => body,
            None => return Payload::Malformed("bad chunked encoding".into()),
        };
    }
    match header("Content-Encoding").as_deref() {
        None | Some("" | "identity") => {}
        Some("gzip" | "x-gzip") => {
            let mut out = Vec::new();
            if let Err(err) = flate2::read::MultiGzDecoder::new(&body[..]).read_to_end(&mut out) {
                return Payload::Malformed(format!("cannot decompress gzip body: {err}"));
            }
            body = out;
        }
        Some("deflate") => {
            let mut out = Vec::new();
            if let Err(err) = flate2::read::ZlibDecoder::new(&body[..]).read_to_end(&mut out) {
                return Payload::Malformed(format!("cannot decompress deflate body: {err}"));
            }
            body = out;
        }
        Some(other) => return Payload::Skipped(format!("Content-Encoding {other}")),
    }
    let content_type = header("Content-Type");
    from_block(&body, content_type.as_deref())
}

/// Removes chunked transfer coding; `None` when the chunks are malformed. A body that ends
/// without the last (empty) chunk keeps the chunks it has.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        if body.is_empty() {
            return Some(out);
        }
        let (header_len, size) = match httparse::parse_chunk_size(body) {
            Ok(httparse::Status::Complete(found)) => found,
            Ok(httparse::Status::Partial) => return Some(out),
            Err(_) => return None,
        };
        if size == 0 {
            return Some(out);
        }
        let rest = &body[header_len..];
        let size = usize::try_from(size).ok()?.min(rest.len());
        out.extend_from_slice(&rest[..size]);
        body = rest[size..].strip_prefix(b"\r\n").unwrap_or(&rest[size..]);
    }
}

/// The text of a payload with the given Content-Type (`None` when unknown).
pub fn from_block(block: &[u8], content_type: Option<&str>) -> Payload {
    let content_type = content_type.unwrap_or("").trim().to_ascii_lowercase();
    let mime = content_type.split(';').next().unwrap_or("").trim();
    let charset = charset_parameter(content_type.as_bytes());
    let is_html = match mime {
        "text/html" | "application/xhtml+xml" => true,
        "text/plain" | "text/markdown" => false,
        "" | "application/octet-stream" | "unknown/unknown" | "application/unknown" => {
            if looks_like_html(block) {
                true
            } else if memchr::memchr(0, &block[..block.len().min(8192)]).is_none() {
                false
            } else {
                return Payload::Skipped("binary".into());
            }
        }
        other => return Payload::Skipped(other.to_owned()),
    };
    if !is_html && memchr::memchr(0, &block[..block.len().min(8192)]).is_some() {
        return Payload::Skipped("binary".into());
    }
    let charset = charset.or_else(|| if is_html { meta_charset(block) } else { None });
    let decoded = decode(block, charset.as_deref());
    let (encoding, damage) = (decoded.encoding, decoded.damage);
    let decoded = decoded.text;
    let text = if is_html {
        match html_to_text(&decoded) {
            Some(text) => text,
            None => {
                return Payload::Malformed(format!(
                    "HTML nested more than {MAX_HTML_DEPTH} elements deep"
                ));
            }
        }
    } else {
        decoded
    };
    if text.trim().is_empty() {
        return Payload::Skipped("no text".into());
    }
    Payload::Text {
        text,
        encoding,
        damage,
    }
}

/// Markup near the start: a doctype or an `<html>`, `<head>` or `<body>` tag.
fn looks_like_html(block: &[u8]) -> bool {
    let head = block[..block.len().min(SNIFF_BYTES)].to_ascii_lowercase();
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body"]
        .iter()
        .any(|tag| memchr::memmem::find(&head, tag).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(payload: Payload) -> String {
        match payload {
            Payload::Text {
                text, damage: None, ..
            } => text,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn http_html_response_to_text() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n\
            <html><body><p>caf\xe9 <script>x()</script>au lait</p></body></html>";
        assert_eq!(text(from_http_response(block)), "café au lait\n");
    }

    #[test]
    fn chunked_gzip_body() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"plain words").unwrap();
        let gz = gz.finish().unwrap();
        let mut block = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\
            Content-Encoding: gzip\r\nContent-Type: text/plain\r\n\r\n"
            .to_vec();
        let (a, b) = gz.split_at(5);
        for part in [a, b] {
            block.extend(format!("{:x}\r\n", part.len()).bytes());
            block.extend(part);
            block.extend(b"\r\n");
        }
        block.extend(b"0\r\n\r\n");
        assert_eq!(text(from_http_response(&block)), "plain words");
    }

    #[test]
    fn other_types_statuses_and_sniffing() {
        let png = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\0";
        assert_eq!(
            from_http_response(png),
            Payload::Skipped("image/png".into())
        );
        let gone = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>no</p>";
        assert_eq!(
            from_http_response(gone),
            Payload::Skipped("HTTP 404".into())
        );
        assert_eq!(text(from_block(b"<!DOCTYPE html><p>hi</p>", None)), "hi\n");
        assert_eq!(
            text(from_block(b"just words", Some("application/octet-stream"))),
            "just words"
        );
        assert_eq!(
            from_block(b"\0\x01", None),
            Payload::Skipped("binary".into())
        );
        assert!(matches!(
            from_http_response(b"garbage\r\n\r\n"),
            Payload::Malformed(_)
        ));
        let meta = b"<html><head><meta charset=windows-1252></head><body>\x93q\x94</body>";
        assert_eq!(
            text(from_block(meta, Some("text/html"))),
            "\u{201c}q\u{201d}\n"
        );
    }
}
