//! One field's value as the API sent it, read straight from the answer's bytes (borrowed where
//! it holds no escape), and the tolerant readers that turn it into a typed value: every spelling
//! the live API uses (numbers as strings and as numbers, `"1"`/`"0"`/`true`, `""` as none).
//!
//! Error messages name the field and what was expected, never the value: a value may be a token.

use super::json::FromReader;
use super::reader::{Reader, Result as ReadResult, Token};
use crate::error::{Error, Result};
use crate::money::decimal_from_text;
use crate::secret::Secret;
use crate::timestamp::Timestamp;
use crate::trim::trim;
use rust_decimal::Decimal;
use std::borrow::Cow;

/// A field's value as sent. Objects and lists are only named (no scalar reader takes one).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar<'de> {
    /// JSON `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number's digits, exactly as `serde_json::Number` (arbitrary precision) would print them.
    Number(Cow<'de, str>),
    /// A string, unescaped.
    Text(Cow<'de, str>),
    /// An object or a list, by its kind (`an object`, `a list`).
    Nested(&'static str),
}

impl<'de> FromReader<'de> for Scalar<'de> {
    #[inline]
    fn from_reader(r: &mut Reader<'de>) -> ReadResult<Self> {
        // Most values are strings or null: read without going through a token.
        if let Some(text) = r.text()? {
            return Ok(Scalar::Text(text));
        }
        if r.null() {
            return Ok(Scalar::Null);
        }
        let token = r.token()?;
        Ok(match token {
            Token::Null => Scalar::Null,
            Token::Bool(b) => Scalar::Bool(b),
            Token::Number(n) => Scalar::Number(n.text()),
            Token::Text(s) => Scalar::Text(s),
            Token::ListStart | Token::ObjectStart => {
                r.skip_rest(&token)?;
                Scalar::Nested(if token == Token::ListStart { "a list" } else { "an object" })
            }
        })
    }
}

/// One known field of a model as it is read: its name (for errors), the model's context, and
/// what was sent (`None`: absent). The model's fields hand one out per field
/// ([`super::fields::model_fields!`]); the readers consume it.
#[derive(Debug)]
pub(crate) struct Slot<T> {
    pub(crate) key: &'static str,
    pub(crate) context: &'static str,
    pub(crate) value: Option<T>,
}

impl<T> Slot<T> {
    /// The field `key` of a model read for `context`, holding `value`.
    #[inline]
    pub(crate) fn new(key: &'static str, context: &'static str, value: Option<T>) -> Self {
        Slot { key, context, value }
    }

    /// An error naming the field and what was expected (never the value).
    #[cold]
    #[inline(never)]
    pub(crate) fn bad(&self, expected: &str) -> Error {
        Error::decode(self.context, format!("field `{}`: expected {expected}", self.key))
    }

    #[cold]
    #[inline(never)]
    fn missing(&self) -> Error {
        Error::decode(self.context, format!("field `{}` is missing", self.key))
    }
}

impl<'de> Slot<Scalar<'de>> {
    /// The value, `None` for absent or null.
    #[inline]
    fn present(&mut self) -> Option<Scalar<'de>> {
        match self.value.take() {
            Some(Scalar::Null) | None => None,
            v => v,
        }
    }

    /// Text without copying it: a string, or a number's digits or a boolean as text; `None` for
    /// null or `""`.
    #[inline]
    fn text(&mut self) -> Result<Option<Cow<'de, str>>> {
        match self.present() {
            None => Ok(None),
            Some(Scalar::Text(s)) if s.is_empty() => Ok(None),
            Some(Scalar::Text(s) | Scalar::Number(s)) => Ok(Some(s)),
            Some(Scalar::Bool(b)) => Ok(Some(Cow::Borrowed(if b { "true" } else { "false" }))),
            Some(_) => Err(self.bad("text")),
        }
    }

    /// Text: a string or a number's digits; `None` for null or `""`.
    #[inline]
    pub(crate) fn opt_string(mut self) -> Result<Option<String>> {
        Ok(self.text()?.map(Cow::into_owned))
    }

    /// Required text.
    #[inline]
    pub(crate) fn string(mut self) -> Result<String> {
        match self.text()? {
            Some(s) => Ok(s.into_owned()),
            None => Err(self.missing()),
        }
    }

    /// Text read by `parse` without copying it; `None` for null or `""`.
    pub(crate) fn opt_text_with<R>(mut self, parse: impl FnOnce(&str) -> R) -> Result<Option<R>> {
        Ok(self.text()?.map(|s| parse(&s)))
    }

    /// Required text read by `parse` without copying it.
    pub(crate) fn text_with<R>(mut self, parse: impl FnOnce(&str) -> R) -> Result<R> {
        match self.text()? {
            Some(s) => Ok(parse(&s)),
            None => Err(self.missing()),
        }
    }

    /// A secret (token) as text.
    #[inline]
    pub(crate) fn opt_secret(self) -> Result<Option<Secret>> {
        Ok(self.opt_string()?.map(Secret::new))
    }

    /// An exact amount (a string or a number, spaces around it tolerated, an exponent read
    /// exactly); `None` for null or `""`.
    #[inline]
    pub(crate) fn opt_decimal(mut self) -> Result<Option<Decimal>> {
        let parsed = match self.present() {
            None => return Ok(None),
            Some(Scalar::Text(s) | Scalar::Number(s)) => decimal_from_text(&s),
            Some(_) => Err(()),
        };
        parsed.map_err(|()| self.bad("a decimal amount"))
    }

    /// A required exact amount.
    pub(crate) fn decimal(self) -> Result<Decimal> {
        let (key, context) = (self.key, self.context);
        self.opt_decimal()?.ok_or_else(|| Slot::<()>::new(key, context, None).missing())
    }

    /// A flag: `true`/`false`, `"1"`/`"0"`, `1`/`0`, `"true"`/`"false"`, `"yes"`/`"no"`; `None`
    /// for null or `""`.
    pub(crate) fn opt_bool(mut self) -> Result<Option<bool>> {
        let parsed = match self.present() {
            None => return Ok(None),
            Some(Scalar::Bool(b)) => Some(b),
            Some(Scalar::Number(n)) => match n.as_ref() {
                "1" => Some(true),
                "0" => Some(false),
                _ => None,
            },
            Some(Scalar::Text(s)) => match trim(&s) {
                "" => return Ok(None),
                t if ["1", "true", "yes"].iter().any(|w| t.eq_ignore_ascii_case(w)) => Some(true),
                t if ["0", "false", "no"].iter().any(|w| t.eq_ignore_ascii_case(w)) => Some(false),
                _ => None,
            },
            Some(_) => None,
        };
        parsed.map(Some).ok_or_else(|| self.bad("a flag (true/false or \"1\"/\"0\")"))
    }

    /// A whole number, from a number or a string of digits; `None` for null or `""`.
    pub(crate) fn opt_int(mut self) -> Result<Option<i64>> {
        let parsed = match self.present() {
            None => return Ok(None),
            Some(Scalar::Number(n)) => n.parse::<i64>().ok(),
            Some(Scalar::Text(s)) if trim(&s).is_empty() => return Ok(None),
            Some(Scalar::Text(s)) => trim(&s).parse::<i64>().ok(),
            Some(_) => None,
        };
        parsed.map(Some).ok_or_else(|| self.bad("a whole number"))
    }

    /// A timestamp; `None` for null or `""`.
    #[inline]
    pub(crate) fn opt_timestamp(mut self) -> Result<Option<Timestamp>> {
        match self.text()? {
            None => Ok(None),
            Some(s) => Timestamp::parse(&s).map(Some).ok_or_else(|| self.bad("a timestamp")),
        }
    }

    /// A field that is a flag in some answers and a timestamp in others (`confirmed`,
    /// `cancelled`): the flag (a timestamp means `true`) and the timestamp if any.
    pub(crate) fn flag_or_timestamp(self) -> Result<(Option<bool>, Option<Timestamp>)> {
        if let Some(Scalar::Text(s)) = &self.value {
            if let Some(t) = Timestamp::parse(s) {
                return Ok((Some(true), Some(t)));
            }
        }
        Ok((self.opt_bool()?, None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(json: &str) -> Scalar<'_> {
        let mut r = Reader::new(json);
        let s = Scalar::from_reader(&mut r).unwrap();
        r.end().unwrap();
        s
    }

    fn slot(json: &str) -> Slot<Scalar<'_>> {
        Slot::new("f", "Test", Some(scalar(json)))
    }

    #[test]
    fn numbers_keep_their_digits() {
        assert_eq!(slot("0.100000000000000001").opt_decimal().unwrap().unwrap().to_string(), "0.100000000000000001");
        assert_eq!(slot("\" 0.0000000 \"").opt_decimal().unwrap().unwrap().to_string(), "0.0000000");
        assert_eq!(slot("12345678901234567890123").opt_string().unwrap().as_deref(), Some("12345678901234567890123"));
        assert_eq!(slot("-7").opt_int().unwrap(), Some(-7));
        assert_eq!(slot("1E2").opt_decimal().unwrap().unwrap(), Decimal::from(100));
        assert_eq!(slot("\"\"").opt_decimal().unwrap(), None);
        assert!(slot("true").opt_decimal().is_err());
        assert!(slot("{\"a\": 1}").opt_decimal().is_err());
    }

    #[test]
    fn flags_in_every_spelling() {
        for (json, want) in [
            ("\"1\"", Some(true)),
            ("\"0\"", Some(false)),
            ("true", Some(true)),
            ("0", Some(false)),
            ("\"\"", None),
            ("null", None),
            ("\" YES \"", Some(true)),
        ] {
            assert_eq!(slot(json).opt_bool().unwrap(), want, "{json}");
        }
        let err = slot("\"maybe\"").opt_bool().unwrap_err();
        assert_eq!(err.code().as_str(), "decode");
        assert!(!err.to_string().contains("maybe"), "values never appear in messages");
        assert!(slot("1.0").opt_bool().is_err());
    }

    #[test]
    fn flag_or_timestamp_reads_both() {
        let (flag, at) = slot("\"2020-03-27 11:00:00\"").flag_or_timestamp().unwrap();
        assert_eq!((flag, at), (Some(true), Timestamp::parse("2020-03-27 11:00:00")));
        assert_eq!(slot("false").flag_or_timestamp().unwrap(), (Some(false), None));
        assert_eq!(slot("null").flag_or_timestamp().unwrap(), (None, None));
        assert_eq!(slot("\"1\"").flag_or_timestamp().unwrap(), (Some(true), None));
    }

    #[test]
    fn strings_are_borrowed_unless_escaped() {
        assert!(matches!(scalar("\"abc\""), Scalar::Text(Cow::Borrowed("abc"))));
        assert_eq!(scalar(r#""a\"b""#), Scalar::Text(Cow::Owned("a\"b".into())));
        assert_eq!(scalar("[1, {\"a\": [2]}]"), Scalar::Nested("a list"));
        assert_eq!(scalar("{}"), Scalar::Nested("an object"));
        assert!(slot("[]").opt_string().is_err());
    }
}
