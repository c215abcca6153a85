//! Strings of the [`Reader`]: a plain one borrowed from the input, one with escapes
//! unescaped into an owned copy, and the scan for the byte that ends a plain run (which the
//! Node packer also uses to find what to escape).

use super::{Reader, Result};
use std::borrow::Cow;

impl<'de> Reader<'de> {
    /// A string's contents; `self.pos` is just past its opening quote.
    #[inline(always)]
    pub(super) fn string(&mut self) -> Result<Cow<'de, str>> {
        let start = self.pos;
        let at = special_from(self.bytes(), start);
        self.pos = at;
        match self.bytes().get(at) {
            Some(b'"') => {
                self.pos += 1;
                debug_assert!(self.text.is_char_boundary(start) && self.text.is_char_boundary(at));
                // SAFETY: `start` is just past a quote and `at` at one (both ASCII), so both are
                // character boundaries of `text` (valid UTF-8), and `start <= at <= len`. The
                // checked slice's out-of-line boundary checks cost 2% of a page's decoding.
                Ok(Cow::Borrowed(unsafe { self.text.get_unchecked(start..at) }))
            }
            Some(b'\\') => {
                let mut owned = String::with_capacity(at - start + 16);
                owned.push_str(&self.text[start..at]);
                self.escaped(owned).map(Cow::Owned)
            }
            Some(_) => Err(self.error("control character (\\u0000-\\u001F) found while parsing a string")),
            None => Err(self.error("EOF while parsing a string")),
        }
    }

    /// The rest of a string holding escapes; `self.pos` is at a backslash.
    fn escaped(&mut self, mut out: String) -> Result<String> {
        loop {
            let bytes = self.bytes();
            match bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let escape = *bytes.get(self.pos + 1).ok_or_else(|| self.error("EOF while parsing a string"))?;
                    self.pos += 2;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => out.push(self.unicode_escape()?),
                        _ => return Err(self.error("invalid escape")),
                    }
                }
                Some(_) => {
                    let at = special_from(bytes, self.pos);
                    out.push_str(&self.text[self.pos..at]);
                    self.pos = at;
                    match bytes.get(at) {
                        Some(b'"' | b'\\') => {}
                        Some(_) => {
                            return Err(self.error("control character (\\u0000-\\u001F) found while parsing a string"))
                        }
                        None => return Err(self.error("EOF while parsing a string")),
                    }
                }
                None => return Err(self.error("EOF while parsing a string")),
            }
        }
    }

    /// The character of a `\uXXXX` escape (a surrogate pair takes two); `self.pos` is past `u`.
    fn unicode_escape(&mut self) -> Result<char> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.text[self.pos..].starts_with("\\u") {
                    return Err(self.error("unexpected end of hex escape"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                0x10000 + ((u32::from(first) - 0xD800) << 10) + (u32::from(second) - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("lone trailing surrogate in hex escape")),
            n => u32::from(n),
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid unicode code point"))
    }

    fn hex4(&mut self) -> Result<u16> {
        let digits =
            self.bytes().get(self.pos..self.pos + 4).ok_or_else(|| self.error("EOF while parsing a string"))?;
        let mut n = 0u16;
        for &d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return Err(self.error("invalid escape")),
            };
            n = n * 16 + u16::from(v);
        }
        self.pos += 4;
        Ok(n)
    }
}

/// Where the next `"`, `\` or control character is, from `from` (the length if none): sixteen
/// bytes at a step where the CPU compares them at once (most strings of an answer are short and
/// plain, so the first step usually finds the closing quote), eight at a step elsewhere.
#[inline]
fn special_from(bytes: &[u8], from: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        let mut i = from;
        while i + 16 <= bytes.len() {
            let mask = specials16(bytes, i);
            if mask != 0 {
                return i + mask.trailing_zeros() as usize;
            }
            i += 16;
        }
        special_from_words(bytes, i)
    }
    #[cfg(not(target_arch = "x86_64"))]
    special_from_words(bytes, from)
}

/// [`special_from`] over a whole string, as the packer scans each one it writes. From sixteen
/// bytes, sixteen at a step and the last sixteen overlapping the step before; from eight, the
/// first and the last eight as words; from four, the first and last four as one word. Most
/// strings take one step, and nothing is copied; the exact place of a special byte, when there
/// is one, is then found by the slower scan.
#[inline(always)]
pub(crate) fn first_special(bytes: &[u8]) -> usize {
    let len = bytes.len();
    if len < 8 {
        // The first and the last four bytes (overlapping) as one word; below four, one by one.
        if len >= 4 {
            let four = |at: usize| u64::from(u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or_default()));
            if specials8(four(0) | four(len - 4) << 32) == 0 {
                return len;
            }
        }
        return special_from_words(bytes, 0);
    }
    if len < 16 {
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
        if specials8(word(0)) | specials8(word(len - 8)) == 0 {
            return len;
        }
        return special_from_words(bytes, 0);
    }
    #[cfg(target_arch = "x86_64")]
    {
        let mut i = 0;
        while i + 16 <= len {
            let mask = specials16(bytes, i);
            if mask != 0 {
                return i + mask.trailing_zeros() as usize;
            }
            i += 16;
        }
        if i < len {
            // The bytes before `i` were plain, so the first found lies at `i` or after.
            let mask = specials16(bytes, len - 16);
            if mask != 0 {
                return len - 16 + mask.trailing_zeros() as usize;
            }
        }
        len
    }
    #[cfg(not(target_arch = "x86_64"))]
    special_from_words(bytes, 0)
}

/// A bit for each of the sixteen bytes from `at` that is special (bit `k`: byte `at + k`).
/// `at + 16 <= bytes.len()`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn specials16(bytes: &[u8], at: usize) -> u32 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    assert!(at + 16 <= bytes.len());
    // SAFETY: the sixteen bytes loaded lie inside `bytes` (checked just above; an unaligned load
    // is allowed); SSE2 is part of every x86_64 target.
    unsafe {
        let v = _mm_loadu_si128(bytes.as_ptr().add(at).cast::<__m128i>());
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let slash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        let low = _mm_set1_epi8(0x1f);
        let control = _mm_cmpeq_epi8(_mm_max_epu8(v, low), low);
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, slash), control)) as u32
    }
}

/// [`special_from`] eight bytes at a step (bit tricks on a `u64`), then byte by byte.
fn special_from_words(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let found = specials8(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        if found != 0 {
            return i + found.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if is_special(b) {
            return i;
        }
        i += 1;
    }
    i
}

/// Whether a string cannot hold `b` as it is: `"`, `\` and the controls.
#[inline(always)]
fn is_special(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// The high bit of each byte of `word` (read little-endian) that is special, exact for the
/// lowest one set (a borrow only runs upwards, past a byte that is special itself).
#[inline(always)]
fn specials8(word: u64) -> u64 {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES << 7;
    const QUOTES: u64 = ONES * b'"' as u64;
    const SLASHES: u64 = ONES * b'\\' as u64;
    let control = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = (word ^ QUOTES).wrapping_sub(ONES) & !(word ^ QUOTES);
    let slash = (word ^ SLASHES).wrapping_sub(ONES) & !(word ^ SLASHES);
    (control | quote | slash) & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_special_byte() {
        for find in [special_from, special_from_words] {
            let long = "0123456789abcdef0123456789abcdef";
            for at in 0..long.len() {
                for special in [b'"', b'\\', 0x01, 0x1f] {
                    let mut text = long.as_bytes().to_vec();
                    text[at] = special;
                    assert_eq!(find(&text, 0), at, "{special} at {at}");
                    assert_eq!(find(&text, at.min(3)), at);
                }
            }
            assert_eq!(find("ééééééééééé\u{7f}ü\"".as_bytes(), 0), 25);
            assert_eq!(find(long.as_bytes(), 0), long.len());
        }
        assert_eq!(special_from(b"abcdefghijklmnop\"", 0), 16);
        assert_eq!(special_from(b"ab\\", 0), 2);
        assert_eq!(special_from(b"abcdefgh\x01", 0), 8);
        assert_eq!(special_from(b"abc", 0), 3);
        assert_eq!(special_from("é\u{7f}ü\"".as_bytes(), 0), 5);
    }

    #[test]
    fn finds_the_first_special_byte_of_a_whole_string() {
        for len in 0..50 {
            let plain = vec![b'a'; len];
            assert_eq!(first_special(&plain), len);
            for at in 0..len {
                for special in [b'"', b'\\', 0x00, 0x1f] {
                    let mut text = plain.clone();
                    text[at] = special;
                    assert_eq!(first_special(&text), at, "{special} at {at} of {len}");
                    // A second special after the first does not hide it.
                    text[len - 1] = b'"';
                    assert_eq!(first_special(&text), at, "{special} at {at} of {len}, quote last");
                }
            }
        }
        assert_eq!(first_special("ééééééééééé\u{7f}ü\"".as_bytes()), 25);
        assert_eq!(first_special(" \u{7f}".as_bytes()), 2);
    }
}
