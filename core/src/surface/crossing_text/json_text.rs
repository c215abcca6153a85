//! JSON text as the packer writes it: strings escaped as serde_json escapes them, and
//! serde_json's own output (free-form values) taken into a `String`.

use std::fmt::Write as _;

/// `io::Write` into a `String` for serde_json, which writes only UTF-8.
pub(super) struct TextSink<'a>(pub(super) &'a mut String);

impl std::io::Write for TextSink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.push_str(std::str::from_utf8(buf).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Which bytes a JSON string cannot hold as they are: `"`, `\` and the controls.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Where the first byte of `bytes` that [`needs_escape`] is: eight bytes at a time while they
/// are plain (most text is), then byte by byte.
fn next_escape(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte of `x` is zero (below `n`: `x - n` borrows where `x` had no high bit): exact as
    // to whether one is, which is all that is asked.
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS;
    let mut at = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]]);
        if below(word, 0x20) | below(word ^ (ONES * u64::from(b'"')), 1) | below(word ^ (ONES * u64::from(b'\\')), 1) != 0 {
            break;
        }
        at += 8;
    }
    bytes[at..].iter().position(|&b| needs_escape(b)).map(|i| at + i)
}

/// `text` as a JSON string (escaped as serde_json does: only what JSON requires).
pub(crate) fn push_json_str(out: &mut String, text: &str) {
    out.push('"');
    let mut rest = text;
    while let Some(at) = next_escape(rest.as_bytes()) {
        out.push_str(&rest[..at]);
        match rest.as_bytes()[at] {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            control => {
                let _ = write!(out, "\\u{control:04x}");
            }
        }
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out.push('"');
}
