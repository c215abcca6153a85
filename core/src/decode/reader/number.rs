//! Numbers of the [`Reader`]: JSON's grammar checked, machine integers recognised, the
//! rest kept as digits (as `serde_json` with `arbitrary_precision` keeps them).

use super::{Number, Reader, Result};
use std::borrow::Cow;

impl<'de> Reader<'de> {
    /// A number (JSON's grammar: no leading zero, no lone `-`, digits after `.` and `e`).
    pub(super) fn number(&mut self) -> Result<Number<'de>> {
        let bytes = self.bytes();
        let start = self.pos;
        let digits = |i: usize| bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let mut i = start + usize::from(bytes[start] == b'-');
        match bytes.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => i += digits(i),
            _ => {
                self.pos = i;
                return Err(self.error("invalid number"));
            }
        }
        if bytes.get(i).is_some_and(u8::is_ascii_digit) {
            self.pos = i;
            return Err(self.error("invalid number"));
        }
        let mut integer = true;
        if bytes.get(i) == Some(&b'.') {
            integer = false;
            let n = digits(i + 1);
            if n == 0 {
                self.pos = i + 1;
                return Err(self.error("invalid number"));
            }
            i += 1 + n;
        }
        let mut exponent = None;
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            integer = false;
            let mark = i;
            i += 1;
            let signed = matches!(bytes.get(i), Some(b'+' | b'-'));
            i += usize::from(signed);
            let n = digits(i);
            if n == 0 {
                self.pos = i;
                return Err(self.error("invalid number"));
            }
            i += n;
            exponent = Some((mark, signed));
        }
        self.pos = i;
        let text = &self.text[start..i];
        if integer {
            if !text.starts_with('-') {
                if let Ok(n) = text.parse::<u64>() {
                    return Ok(Number::Unsigned(n, text));
                }
            } else if text != "-0" {
                if let Ok(n) = text.parse::<i64>() {
                    return Ok(Number::Signed(n, text));
                }
            }
        }
        Ok(Number::Digits(match exponent {
            None => Cow::Borrowed(text),
            Some((mark, signed)) => {
                let (mantissa, rest) = (&self.text[start..mark], &self.text[mark + 1..i]);
                Cow::Owned(format!("{mantissa}e{}{rest}", if signed { "" } else { "+" }))
            }
        }))
    }
}
