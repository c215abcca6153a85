//! A JSON reader made for answers, over text already checked to be UTF-8. It accepts exactly
//! what `serde_json` accepts (same grammar, same nesting limit; `serde` tests below compare the
//! two on mutated texts), but models read it token by token ([`Reader::token`],
//! [`Reader::next_key`], [`Reader::next_item`]) without a visitor in between, and strings
//! without an escape are borrowed from the input. Measured in decision 0025: parsing was most of
//! a page's decoding cost. `serde` values (`extra`) are read through [`super::reader_serde`].

use std::borrow::Cow;
use std::fmt;

/// How deep lists and objects may nest, as in `serde_json`.
const MAX_DEPTH: u8 = 128;

/// Why the text is not JSON (or a visitor's own complaint), and where.
#[derive(Debug)]
pub(crate) struct SyntaxError {
    pub(crate) message: Cow<'static, str>,
    pub(crate) at: Option<usize>,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SyntaxError {}

pub(crate) type Result<T> = std::result::Result<T, SyntaxError>;

/// A number as written: a machine integer when it is one (as `serde_json` hands them over),
/// else its digits (an exponent written `e+N` / `e-N`, as `serde_json` with
/// `arbitrary_precision` keeps them).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Number<'de> {
    /// Fits a `u64`.
    Unsigned(u64, &'de str),
    /// Negative, fits an `i64`.
    Signed(i64, &'de str),
    /// Anything else.
    Digits(Cow<'de, str>),
}

impl<'de> Number<'de> {
    /// The digits, as `serde_json::Number` would print them.
    pub(crate) fn text(self) -> Cow<'de, str> {
        match self {
            Number::Unsigned(_, text) | Number::Signed(_, text) => Cow::Borrowed(text),
            Number::Digits(text) => text,
        }
    }
}

/// One step of a JSON text: a whole scalar, or the start of a list or an object (whose items
/// or entries then follow through [`Reader::next_item`] / [`Reader::next_key`]).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token<'de> {
    Null,
    Bool(bool),
    Number(Number<'de>),
    Text(Cow<'de, str>),
    ListStart,
    ObjectStart,
}

/// Reads one JSON text.
pub(crate) struct Reader<'de> {
    text: &'de str,
    pos: usize,
    depth_left: u8,
}

impl<'de> Reader<'de> {
    /// A reader at the start of `text`.
    pub(crate) fn new(text: &'de str) -> Self {
        Reader { text, pos: 0, depth_left: MAX_DEPTH }
    }

    /// Where reading stands (a byte offset).
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// How many bytes of the text are left to read.
    pub(crate) fn remaining(&self) -> usize {
        self.text.len() - self.pos
    }

    /// Requires nothing but whitespace after the value.
    pub(crate) fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters")),
        }
    }

    pub(crate) fn error(&self, message: &'static str) -> SyntaxError {
        SyntaxError { message: Cow::Borrowed(message), at: Some(self.pos) }
    }

    fn bytes(&self) -> &'de [u8] {
        self.text.as_bytes()
    }

    /// The next byte that is not whitespace, not consumed.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.bytes();
        // Answers are mostly compact: anything above a space is no whitespace.
        if let Some(&b) = bytes.get(self.pos) {
            if b > b' ' {
                return Some(b);
            }
        }
        while let Some(&b) = bytes.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    /// The next value's first step: a scalar read whole, or a list or object opened.
    #[inline(always)]
    pub(crate) fn token(&mut self) -> Result<Token<'de>> {
        let Some(b) = self.peek() else {
            return Err(self.error("EOF while parsing a value"));
        };
        match b {
            b'"' => {
                self.pos += 1;
                self.string().map(Token::Text)
            }
            b'-' | b'0'..=b'9' => self.number().map(Token::Number),
            b'{' | b'[' => {
                self.depth_left -= 1;
                if self.depth_left == 0 {
                    return Err(self.error("recursion limit exceeded"));
                }
                self.pos += 1;
                Ok(if b == b'{' { Token::ObjectStart } else { Token::ListStart })
            }
            b'n' => self.literal("null", Token::Null),
            b't' => self.literal("true", Token::Bool(true)),
            b'f' => self.literal("false", Token::Bool(false)),
            _ => Err(self.error("expected value")),
        }
    }

    #[inline(always)]
    fn literal(&mut self, word: &'static str, token: Token<'de>) -> Result<Token<'de>> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(token)
        } else {
            Err(self.error("expected value"))
        }
    }

    /// In an object just opened (`first`) or after an entry's value: the next key, its `:`
    /// consumed; `None` once the closing `}` is consumed.
    #[inline(always)]
    pub(crate) fn next_key(&mut self, first: &mut bool) -> Result<Option<Cow<'de, str>>> {
        if !self.next_in(first, b'}', "EOF while parsing an object", "expected `,` or `}`")? {
            return Ok(None);
        }
        if self.peek() != Some(b'"') {
            return Err(self.error("key must be a string"));
        }
        self.pos += 1;
        let key = self.string()?;
        match self.peek() {
            Some(b':') => self.pos += 1,
            Some(_) => return Err(self.error("expected `:`")),
            None => return Err(self.error("EOF while parsing an object")),
        }
        Ok(Some(key))
    }

    /// In a list just opened (`first`) or after an item: whether another item follows (then
    /// it is next); `false` once the closing `]` is consumed.
    #[inline]
    pub(crate) fn next_item(&mut self, first: &mut bool) -> Result<bool> {
        self.next_in(first, b']', "EOF while parsing a list", "expected `,` or `]`")
    }

    #[inline(always)]
    fn next_in(&mut self, first: &mut bool, bracket: u8, eof: &'static str, expected: &'static str) -> Result<bool> {
        let Some(b) = self.peek() else {
            return Err(self.error(eof));
        };
        if b == bracket {
            self.pos += 1;
            self.depth_left += 1;
            return Ok(false);
        }
        if !std::mem::take(first) {
            if b != b',' {
                return Err(self.error(expected));
            }
            self.pos += 1;
            match self.peek() {
                Some(b) if b == bracket => return Err(self.error("trailing comma")),
                None => return Err(self.error(eof)),
                Some(_) => {}
            }
        }
        Ok(true)
    }

    /// Reads the rest of what `token` began (nothing for a scalar), checking it is JSON.
    pub(crate) fn skip_rest(&mut self, token: &Token<'de>) -> Result<()> {
        let mut first = true;
        match token {
            Token::ListStart => {
                while self.next_item(&mut first)? {
                    self.skip()?;
                }
            }
            Token::ObjectStart => {
                while self.next_key(&mut first)?.is_some() {
                    self.skip()?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Reads a whole value, checking it is JSON.
    pub(crate) fn skip(&mut self) -> Result<()> {
        let token = self.token()?;
        self.skip_rest(&token)
    }

    /// A string's contents; `self.pos` is just past its opening quote.
    #[inline(always)]
    fn string(&mut self) -> Result<Cow<'de, str>> {
        let start = self.pos;
        let at = special_from(self.bytes(), start);
        self.pos = at;
        match self.bytes().get(at) {
            Some(b'"') => {
                self.pos += 1;
                Ok(Cow::Borrowed(&self.text[start..at]))
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

    /// A number (JSON's grammar: no leading zero, no lone `-`, digits after `.` and `e`).
    fn number(&mut self) -> Result<Number<'de>> {
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

/// Where the next `"`, `\` or control character is, from `from` (the length if none): sixteen
/// bytes at a step where the CPU compares them at once (most strings of an answer are short and
/// plain, so the first step usually finds the closing quote), eight at a step elsewhere.
#[inline]
fn special_from(bytes: &[u8], from: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{
            __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        };
        let mut i = from;
        while i + 16 <= bytes.len() {
            // SAFETY: `i + 16 <= bytes.len()`, so the sixteen bytes loaded lie inside `bytes`
            // (an unaligned load is allowed); SSE2 is part of every x86_64 target.
            let mask = unsafe {
                let v = _mm_loadu_si128(bytes.as_ptr().add(i).cast::<__m128i>());
                let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
                let slash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
                let low = _mm_set1_epi8(0x1f);
                let control = _mm_cmpeq_epi8(_mm_max_epu8(v, low), low);
                _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, slash), control))
            };
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

/// [`special_from`] eight bytes at a step (bit tricks on a `u64`), then byte by byte.
fn special_from_words(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES << 7;
    const QUOTES: u64 = ONES * b'"' as u64;
    const SLASHES: u64 = ONES * b'\\' as u64;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let control = word.wrapping_sub(ONES * 0x20) & !word;
        let quote = (word ^ QUOTES).wrapping_sub(ONES) & !(word ^ QUOTES);
        let slash = (word ^ SLASHES).wrapping_sub(ONES) & !(word ^ SLASHES);
        let found = (control | quote | slash) & HIGH;
        if found != 0 {
            return i + found.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            return i;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Token<'_>> {
        let mut r = Reader::new(text);
        let mut out = vec![r.token().unwrap()];
        let mut first = true;
        while r.next_item(&mut first).unwrap() {
            out.push(r.token().unwrap());
        }
        out
    }

    #[test]
    fn tokens_borrow_and_numbers_keep_their_digits() {
        let t = tokens(r#"["plain", "es\"c", 12, -3, -0, 1.50, 1E5, 2e-3, 18446744073709551616, true, null]"#);
        assert_eq!(t[1], Token::Text(Cow::Borrowed("plain")));
        assert_eq!(t[2], Token::Text(Cow::Owned("es\"c".into())));
        let digits: Vec<String> = t[3..10]
            .iter()
            .map(|t| match t {
                Token::Number(n) => n.clone().text().into_owned(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(digits, ["12", "-3", "-0", "1.50", "1e+5", "2e-3", "18446744073709551616"]);
        assert_eq!(t[3], Token::Number(Number::Unsigned(12, "12")));
        assert_eq!(t[5], Token::Number(Number::Digits(Cow::Borrowed("-0"))));
    }

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
}
