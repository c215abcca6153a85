//! A JSON reader made for answers, over text already checked to be UTF-8. It accepts exactly
//! what `serde_json` accepts (same grammar, same nesting limit; `serde` tests below compare the
//! two on mutated texts), but models read it token by token ([`Reader::token`],
//! [`Reader::next_key`], [`Reader::next_item`]) without a visitor in between, and strings
//! without an escape are borrowed from the input. Measured in decision 0025: parsing was most of
//! a page's decoding cost. `serde` values (`extra`) are read through [`super::reader_serde`].

use std::borrow::Cow;
use std::fmt;

mod keys;
mod number;
mod text;

pub(crate) use text::first_special;

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

    /// Consumes a `null` if one is next (a value of a field that is mostly null).
    #[inline(always)]
    pub(crate) fn null(&mut self) -> bool {
        let is_null = self.peek() == Some(b'n') && self.bytes()[self.pos..].starts_with(b"null");
        if is_null {
            self.pos += 4;
        }
        is_null
    }

    /// Reads a string if one is next (most values of an answer are).
    #[inline(always)]
    pub(crate) fn text(&mut self) -> Result<Option<Cow<'de, str>>> {
        if self.peek() != Some(b'"') {
            return Ok(None);
        }
        self.pos += 1;
        self.string().map(Some)
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
}
