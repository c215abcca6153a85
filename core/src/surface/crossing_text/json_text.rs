//! JSON text as the packer writes it: strings escaped as serde_json escapes them, and
//! serde_json's own output (free-form values) taken into a `String`.

use crate::decode::reader::first_special;
use std::fmt::Write as _;

/// `io::Write` into a `String` for serde_json, which writes only UTF-8.
pub(super) struct TextSink<'a>(pub(super) &'a mut String);

impl std::io::Write for TextSink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = if buf.is_ascii() {
            // SAFETY: ASCII is UTF-8. Most writes are short (`null`, a key, a number), and
            // the full check cost more than the write itself.
            unsafe { std::str::from_utf8_unchecked(buf) }
        } else {
            std::str::from_utf8(buf).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?
        };
        self.0.push_str(text);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `text` as a JSON string (escaped as serde_json does: only what JSON requires). The bytes to
/// escape are found by the decoder's own scan, sixteen at a step (one step for most strings).
#[inline(always)]
pub(crate) fn push_json_str(out: &mut String, text: &str) {
    let first = first_special(text.as_bytes());
    if first == text.len() {
        // Nearly every text: nothing to escape. (`push_str` of one byte: `push` of a char was
        // left out of line in the Node addon, a call for every quote.)
        out.reserve(text.len() + 2);
        out.push_str("\"");
        out.push_str(text);
        out.push_str("\"");
    } else {
        push_escaped(out, text, first);
    }
}

/// [`push_json_str`] of a text whose first byte to escape is at `from`.
#[inline(never)]
fn push_escaped(out: &mut String, text: &str, mut from: usize) {
    let bytes = text.as_bytes();
    out.reserve(text.len() + 8);
    out.push('"');
    out.push_str(&text[..from]);
    loop {
        let at = from + first_special(&bytes[from..]);
        out.push_str(&text[from..at]);
        let Some(&special) = bytes.get(at) else { break };
        match special {
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
        from = at + 1;
    }
    out.push('"');
}
