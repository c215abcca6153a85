//! A small, strict `multipart/form-data` reader (RFC 7578) for the form fields the provider's
//! own client sends: curl given a PHP array posts every parameter as one part, a null value as
//! an empty part. Only named text fields are accepted; anything else is refused with a 400
//! rather than guessed at, and every size is bounded.

use crate::error::{bad, SandboxError};

/// Most parts one body may hold (StartPayment with every payer field is about 40).
const MAX_PARTS: usize = 256;
/// Most header lines one part may carry.
const MAX_PART_HEADERS: usize = 8;
/// Longest header line of a part, in bytes.
const MAX_HEADER_LINE: usize = 1024;
/// Longest field name, in bytes.
const MAX_NAME: usize = 128;
/// Longest boundary RFC 2046 allows.
const MAX_BOUNDARY: usize = 70;

/// The boundary of a `multipart/form-data` Content-Type, or `None` for any other type.
/// A multipart type without a usable boundary is an error.
pub(crate) fn boundary(content_type: &str) -> Option<Result<String, SandboxError>> {
    let mut pieces = content_type.split(';');
    let essence = pieces.next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    let found = pieces.find_map(|p| {
        let (key, value) = p.split_once('=')?;
        key.trim().eq_ignore_ascii_case("boundary").then(|| value.trim())
    });
    let checked = match found.map(|b| b.strip_prefix('"').and_then(|b| b.strip_suffix('"')).unwrap_or(b)) {
        Some(b) if (1..=MAX_BOUNDARY).contains(&b.len()) && b.bytes().all(boundary_char) => Ok(b.to_string()),
        Some(_) => Err(bad("multipart/form-data boundary is not valid")),
        None => Err(bad("multipart/form-data needs a boundary")),
    };
    Some(checked)
}

/// RFC 2046's `bchars`.
fn boundary_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"'()+_,-./:=? ".contains(&b)
}

/// The fields of a multipart body, in order. Refused (400): a body that does not start with
/// the boundary, a part without `Content-Disposition: form-data; name="..."`, a file part, a
/// transfer encoding other than 7bit/8bit/binary, text that is not UTF-8, a missing closing
/// boundary, and anything past the limits above.
pub(crate) fn fields(body: &[u8], boundary: &str) -> Result<Vec<(String, String)>, SandboxError> {
    let delimiter = format!("--{boundary}");
    let next_part = format!("\r\n--{boundary}");
    let mut rest = body
        .strip_prefix(delimiter.as_bytes())
        .ok_or_else(|| bad("multipart body does not start with its boundary"))?;
    let mut fields = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            // The closing delimiter; whatever follows is the epilogue, which RFC 2046 ignores.
            return Ok(fields);
        }
        rest = rest
            .strip_prefix(b"\r\n")
            .ok_or_else(|| bad("multipart boundary is not followed by a line break"))?;
        if fields.len() == MAX_PARTS {
            return Err(bad(format!("multipart body has more than {MAX_PARTS} parts")));
        }
        let (name, after_headers) = part_headers(rest)?;
        let end = find(after_headers, next_part.as_bytes())
            .ok_or_else(|| bad("multipart body is not closed by its boundary"))?;
        let value = std::str::from_utf8(&after_headers[..end])
            .map_err(|_| bad(format!("multipart field {name} is not UTF-8 text")))?;
        fields.push((name, value.to_string()));
        rest = &after_headers[end + next_part.len()..];
    }
}

/// Reads one part's header lines; returns its field name and what follows the blank line.
fn part_headers(mut rest: &[u8]) -> Result<(String, &[u8]), SandboxError> {
    let mut name = None;
    for _ in 0..=MAX_PART_HEADERS {
        let end = find(&rest[..rest.len().min(MAX_HEADER_LINE + 2)], b"\r\n")
            .ok_or_else(|| bad("multipart part header line is too long or not ended"))?;
        let line = std::str::from_utf8(&rest[..end]).map_err(|_| bad("multipart part header is not text"))?;
        rest = &rest[end + 2..];
        if line.is_empty() {
            let name = name.ok_or_else(|| bad("multipart part has no Content-Disposition"))?;
            return Ok((name, rest));
        }
        let (header, value) = line
            .split_once(':')
            .ok_or_else(|| bad("multipart part header is malformed"))?;
        match header.trim().to_ascii_lowercase().as_str() {
            "content-disposition" => name = Some(disposition_name(value)?),
            "content-transfer-encoding" => {
                let encoding = value.trim().to_ascii_lowercase();
                if !matches!(encoding.as_str(), "7bit" | "8bit" | "binary") {
                    return Err(bad("multipart part uses a transfer encoding that is not accepted"));
                }
            }
            // Content-Type of a text field (curl and PHP send none; some clients say
            // text/plain): the value is read as UTF-8 text whatever it says.
            _ => {}
        }
    }
    Err(bad(format!("multipart part has more than {MAX_PART_HEADERS} header lines")))
}

/// The `name` of `form-data; name="..."`; file parts are refused: no endpoint takes a file.
fn disposition_name(value: &str) -> Result<String, SandboxError> {
    let mut params = split_params(value)?.into_iter();
    let kind = params.next().map(|(k, _)| k).unwrap_or_default();
    if !kind.eq_ignore_ascii_case("form-data") {
        return Err(bad("multipart part is not form-data"));
    }
    let mut name = None;
    for (key, val) in params {
        match key.to_ascii_lowercase().as_str() {
            "name" => name = val,
            "filename" | "filename*" => return Err(bad("multipart file uploads are not accepted")),
            _ => {}
        }
    }
    match name {
        Some(n) if !n.is_empty() && n.len() <= MAX_NAME => Ok(n),
        Some(_) => Err(bad("multipart field name is empty or too long")),
        None => Err(bad("multipart part has no field name")),
    }
}

/// `form-data; name="a;b"; x=y` as `[("form-data", None), ("name", Some("a;b")), ("x", Some("y"))]`:
/// semicolons inside quotes do not split, and `\"` inside quotes is a quote.
fn split_params(value: &str) -> Result<Vec<(String, Option<String>)>, SandboxError> {
    let mut out = Vec::new();
    let mut chars = value.chars().peekable();
    loop {
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c == ';' {
                break;
            }
            key.push(c);
            chars.next();
        }
        let mut val = None;
        if chars.peek() == Some(&'=') {
            chars.next();
            while chars.peek() == Some(&' ') {
                chars.next();
            }
            val = Some(if chars.peek() == Some(&'"') { quoted(&mut chars)? } else { token(&mut chars) });
        }
        out.push((key.trim().to_string(), val));
        match chars.next() {
            None => return Ok(out),
            Some(';') => {}
            Some(_) => return Err(bad("multipart Content-Disposition is malformed")),
        }
    }
}

fn quoted(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, SandboxError> {
    chars.next();
    let mut text = String::new();
    loop {
        match chars.next() {
            None => return Err(bad("multipart Content-Disposition has an unclosed quote")),
            Some('"') => break,
            Some('\\') => text.extend(chars.next()),
            Some(c) => text.push(c),
        }
    }
    while chars.peek().is_some_and(|c| *c == ' ') {
        chars.next();
    }
    Ok(text)
}

fn token(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut text = String::new();
    while let Some(&c) = chars.peek() {
        if c == ';' {
            break;
        }
        text.push(c);
        chars.next();
    }
    text.trim().to_string()
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body as curl -F writes it (CRLF line ends, closing delimiter, trailing CRLF).
    fn body(boundary: &str, parts: &[(&str, &str)]) -> Vec<u8> {
        let mut b = String::new();
        for (name, value) in parts {
            b.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
        }
        b.push_str(&format!("--{boundary}--\r\n"));
        b.into_bytes()
    }

    #[test]
    fn reads_what_curl_sends() {
        let ct = "multipart/form-data; boundary=------------------------d74496d66958873e";
        let bnd = boundary(ct).unwrap().unwrap();
        let b = body(&bnd, &[("pos_id", "web"), ("payer_email", ""), ("comment", "a\r\nb --x"), ("name", "Zoë")]);
        let f = fields(&b, &bnd).unwrap();
        assert_eq!(
            f,
            vec![
                ("pos_id".into(), "web".into()),
                ("payer_email".into(), String::new()),
                ("comment".into(), "a\r\nb --x".into()),
                ("name".into(), "Zoë".into()),
            ]
        );
        assert_eq!(fields(format!("--{bnd}--\r\n").as_bytes(), &bnd).unwrap(), vec![]);
    }

    #[test]
    fn boundary_from_content_type() {
        assert!(boundary("application/x-www-form-urlencoded").is_none());
        assert_eq!(boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"").unwrap().unwrap(), "a b");
        assert!(boundary("multipart/form-data").unwrap().is_err());
        assert!(boundary(&format!("multipart/form-data; boundary={}", "x".repeat(71))).unwrap().is_err());
        assert!(boundary("multipart/form-data; boundary=a\u{7f}").unwrap().is_err());
    }

    #[test]
    fn quoted_names_and_other_headers() {
        let b = "--B\r\nContent-Disposition: form-data; name=\"a;\\\"b\\\"\"\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nv\r\n--B--";
        assert_eq!(fields(b.as_bytes(), "B").unwrap(), vec![("a;\"b\"".into(), "v".into())]);
        let b = "--B\r\ncontent-disposition: FORM-DATA; name=plain\r\n\r\nv\r\n--B--\r\n";
        assert_eq!(fields(b.as_bytes(), "B").unwrap(), vec![("plain".into(), "v".into())]);
    }

    #[test]
    fn refuses_what_it_cannot_read_exactly() {
        let refused = [
            "preamble\r\n--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--B--",
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv",
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--B",
            "--B\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--B--",
            "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.txt\"\r\n\r\nv\r\n--B--",
            "--B\r\nContent-Disposition: form-data\r\n\r\nv\r\n--B--",
            "--B\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nv\r\n--B--",
            "--B\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--B--",
            "--B\r\nContent-Type: text/plain\r\n\r\nv\r\n--B--",
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\nContent-Transfer-Encoding: base64\r\n\r\ndg==\r\n--B--",
            "--B\r\nno colon here\r\n\r\nv\r\n--B--",
            "--BContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--B--",
        ];
        for case in refused {
            let e = fields(case.as_bytes(), "B").unwrap_err();
            assert_eq!(e.code(), "invalid_argument", "{case:?}");
        }
        let not_utf8 = [b"--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n".as_slice(), &[0xff, 0xfe], b"\r\n--B--"].concat();
        assert!(fields(&not_utf8, "B").is_err());
    }

    #[test]
    fn limits_hold() {
        let many: Vec<(String, &str)> = (0..=MAX_PARTS).map(|i| (format!("f{i}"), "v")).collect();
        let parts: Vec<(&str, &str)> = many.iter().map(|(n, v)| (n.as_str(), *v)).collect();
        assert!(fields(&body("B", &parts), "B").is_err());
        assert!(fields(&body("B", &parts[..MAX_PARTS]), "B").is_ok());
        let long_name = "n".repeat(MAX_NAME + 1);
        assert!(fields(&body("B", &[(&long_name, "v")]), "B").is_err());
        let headers = "X-A: 1\r\n".repeat(MAX_PART_HEADERS + 1);
        let b = format!("--B\r\n{headers}Content-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--B--");
        assert!(fields(b.as_bytes(), "B").is_err());
        let long_line = format!("--B\r\nX-A: {}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--B--", "x".repeat(MAX_HEADER_LINE));
        assert!(fields(long_line.as_bytes(), "B").is_err());
    }
}
