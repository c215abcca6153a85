//! Keys of the [`Reader`]'s objects: read as strings, or matched in place against the key a
//! model expects next (decision 0025), and the `:` after them.

use super::{Reader, Result};
use std::borrow::Cow;

impl<'de> Reader<'de> {
    /// In an object just opened (`first`) or after an entry's value: the next key, its `:`
    /// consumed; `None` once the closing `}` is consumed.
    #[inline(always)]
    pub(crate) fn next_key(&mut self, first: &mut bool) -> Result<Option<Cow<'de, str>>> {
        if !self.next_entry(first)? {
            return Ok(None);
        }
        let key = self.key()?;
        self.colon()?;
        Ok(Some(key))
    }

    /// In an object just opened (`first`) or after an entry's value: whether another entry
    /// follows (then its key's opening quote is next); `false` once the closing `}` is consumed.
    /// The key is then read by [`Reader::key_is`] or [`Reader::key`], and [`Reader::colon`].
    #[inline(always)]
    pub(crate) fn next_entry(&mut self, first: &mut bool) -> Result<bool> {
        if !self.next_in(first, b'}', "EOF while parsing an object", "expected `,` or `}`")? {
            return Ok(false);
        }
        if self.peek() != Some(b'"') {
            return Err(self.error("key must be a string"));
        }
        Ok(true)
    }

    /// Whether the key that is next (after [`Reader::next_entry`]) is exactly `key`, written
    /// without escapes; it is then consumed (not its `:`). Bytes equal to `key` and a closing
    /// quote can only be that key: `key` holds no quote nor backslash (the models' keys are
    /// plain words), so nothing in between can be an escape.
    #[inline(always)]
    pub(crate) fn key_is(&mut self, key: &str) -> bool {
        let start = self.pos + 1;
        let end = start + key.len();
        match self.bytes().get(start..=end) {
            Some(found) if found[key.len()] == b'"' && same_bytes(&found[..key.len()], key.as_bytes()) => {
                self.pos = end + 1;
                true
            }
            _ => false,
        }
    }

    /// The key that is next (after [`Reader::next_entry`]), read as a string.
    #[inline(always)]
    pub(crate) fn key(&mut self) -> Result<Cow<'de, str>> {
        self.pos += 1;
        self.string()
    }

    /// The `:` after a key.
    #[inline(always)]
    pub(crate) fn colon(&mut self) -> Result<()> {
        match self.peek() {
            Some(b':') => {
                self.pos += 1;
                Ok(())
            }
            Some(_) => Err(self.error("expected `:`")),
            None => Err(self.error("EOF while parsing an object")),
        }
    }
}

/// Whether `a` and `b` hold the same bytes: compared a word at a time in place of a call to
/// `memcmp` (keys are short: the call cost more than the comparison).
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n >= 8 {
        let word = |s: &[u8], at: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&s[at..at + 8]);
            u64::from_le_bytes(w)
        };
        let mut at = 0;
        while at + 8 < n {
            if word(a, at) != word(b, at) {
                return false;
            }
            at += 8;
        }
        // The last eight bytes, overlapping those already compared.
        return word(a, n - 8) == word(b, n - 8);
    }
    if n >= 4 {
        let word = |s: &[u8], at: usize| {
            let mut w = [0u8; 4];
            w.copy_from_slice(&s[at..at + 4]);
            u32::from_le_bytes(w)
        };
        return word(a, 0) == word(b, 0) && word(a, n - 4) == word(b, n - 4);
    }
    a.iter().zip(b).all(|(x, y)| x == y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::reader::Token;

    #[test]
    fn keys_are_matched_in_place() {
        let text = r#"{"status": 1, "status_loc": 2, "type_loc" : 3, "es\u0063": 4, "payment_id"#;
        let mut r = Reader::new(text);
        assert_eq!(r.token().unwrap(), Token::ObjectStart);
        let mut first = true;
        assert!(r.next_entry(&mut first).unwrap());
        assert!(!r.key_is("statu") && !r.key_is("status_loc") && !r.key_is("stat_s"), "only the whole key");
        assert!(r.key_is("status"));
        r.colon().unwrap();
        r.skip().unwrap();
        assert!(r.next_entry(&mut first).unwrap());
        assert!(!r.key_is("status_lox") && !r.key_is("xtatus_loc"));
        assert!(r.key_is("status_loc"));
        r.colon().unwrap();
        r.skip().unwrap();
        assert!(r.next_entry(&mut first).unwrap());
        assert!(r.key_is("type_loc"), "spaces before the colon");
        r.colon().unwrap();
        r.skip().unwrap();
        assert!(r.next_entry(&mut first).unwrap());
        assert!(!r.key_is("esc"), "an escaped key is read as a string");
        assert_eq!(r.key().unwrap(), "esc");
        r.colon().unwrap();
        r.skip().unwrap();
        assert!(r.next_entry(&mut first).unwrap());
        assert!(!r.key_is("payment_id"), "no closing quote");
        let same = ["", "a", "abc", "abcd", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq"];
        for (i, a) in same.iter().enumerate() {
            assert!(same_bytes(a.as_bytes(), a.as_bytes()), "{a}");
            for b in &same[i + 1..] {
                assert!(!same_bytes(a.as_bytes(), b.as_bytes()), "{a} {b}");
            }
            // One byte changed, at every place.
            for at in 0..a.len() {
                let mut other = a.as_bytes().to_vec();
                other[at] = b'_';
                assert!(!same_bytes(a.as_bytes(), &other), "{a} at {at}");
            }
        }
    }
}
