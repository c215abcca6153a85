//! The [`Reader`] as a serde `Deserializer`, for the values a model keeps as sent (`extra`,
//! fields typed `serde_json::Value`): values come out exactly as `serde_json` (built with
//! `arbitrary_precision`, as this workspace is: amounts must never pass through a float) would
//! make them, numbers included.

use super::reader::{Number, Reader, Result, SyntaxError, Token};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// How `serde_json` with `arbitrary_precision` hands a number that fits no machine integer to
/// a visitor: as a map with this one key and the digits as its value. `serde_json::Value` reads
/// it back as that exact number (the agreement tests below would fail otherwise).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

impl de::Error for SyntaxError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        SyntaxError { message: Cow::Owned(msg.to_string()), at: None }
    }
}

impl<'de> Reader<'de> {
    /// The next value as a `serde_json::Value`.
    pub(crate) fn json(&mut self) -> Result<serde_json::Value> {
        serde::Deserialize::deserialize(self)
    }
}

impl<'de> Deserializer<'de> for &mut Reader<'de> {
    type Error = SyntaxError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.token()? {
            Token::Null => visitor.visit_unit(),
            Token::Bool(b) => visitor.visit_bool(b),
            Token::Text(Cow::Borrowed(s)) => visitor.visit_borrowed_str(s),
            Token::Text(Cow::Owned(s)) => visitor.visit_string(s),
            Token::Number(Number::Unsigned(n, _)) => visitor.visit_u64(n),
            Token::Number(Number::Signed(n, _)) => visitor.visit_i64(n),
            Token::Number(Number::Digits(digits)) => visitor.visit_map(NumberMap { digits: Some(digits) }),
            Token::ListStart => {
                let mut items = Items { reader: self, first: true, done: false };
                let value = visitor.visit_seq(&mut items)?;
                items.finish().map(|()| value)
            }
            Token::ObjectStart => {
                let mut entries = Entries { reader: self, first: true, done: false };
                let value = visitor.visit_map(&mut entries)?;
                entries.finish().map(|()| value)
            }
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The items of a list, for a visitor.
struct Items<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
    done: bool,
}

impl Items<'_, '_> {
    /// Reads what the visitor left of the list.
    fn finish(&mut self) -> Result<()> {
        while !self.done && self.reader.next_item(&mut self.first)? {
            self.reader.skip()?;
        }
        Ok(())
    }
}

impl<'de> SeqAccess<'de> for &mut Items<'_, 'de> {
    type Error = SyntaxError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.done || !self.reader.next_item(&mut self.first)? {
            self.done = true;
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

/// The entries of an object, for a visitor.
struct Entries<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
    done: bool,
}

impl Entries<'_, '_> {
    /// Reads what the visitor left of the object.
    fn finish(&mut self) -> Result<()> {
        while !self.done && self.reader.next_key(&mut self.first)?.is_some() {
            self.reader.skip()?;
        }
        Ok(())
    }
}

impl<'de> MapAccess<'de> for &mut Entries<'_, 'de> {
    type Error = SyntaxError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.done {
            return Ok(None);
        }
        match self.reader.next_key(&mut self.first)? {
            Some(key) => seed.deserialize(Text(key)).map(Some),
            None => {
                self.done = true;
                Ok(None)
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.reader)
    }
}

/// A string handed to a visitor: an object key, or a number's token and digits.
struct Text<'de>(Cow<'de, str>);

impl<'de> Deserializer<'de> for Text<'de> {
    type Error = SyntaxError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.0 {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// A number as the one-entry map `serde_json` uses for digits no machine integer holds.
struct NumberMap<'de> {
    digits: Option<Cow<'de, str>>,
}

impl<'de> MapAccess<'de> for NumberMap<'de> {
    type Error = SyntaxError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.digits.is_none() {
            return Ok(None);
        }
        seed.deserialize(Text(Cow::Borrowed(NUMBER_TOKEN))).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let digits = self.digits.take().ok_or_else(|| de::Error::custom("a number has one value"))?;
        seed.deserialize(Text(digits))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn ours(text: &str) -> std::result::Result<Value, String> {
        let mut r = Reader::new(text);
        r.json().and_then(|v| r.end().map(|()| v)).map_err(|e| e.to_string())
    }

    fn agree(text: &str) {
        let theirs = serde_json::from_str::<Value>(text);
        match (ours(text), theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{text:?}"),
            (Err(_), Err(_)) => {}
            (a, b) => panic!("{text:?}: ours {a:?}, serde_json {b:?}"),
        }
    }

    #[test]
    fn reads_what_serde_json_reads_and_refuses_what_it_refuses() {
        let cases = [
            "null",
            "true",
            "false",
            " 1 ",
            "-0",
            "0",
            "-1",
            "01",
            "-",
            "1.",
            ".5",
            "1.5",
            "1e5",
            "1E+5",
            "1e-5",
            "1.5E3",
            "-0.0e-0",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1e",
            "1e+",
            "+1",
            "0x1",
            "NaN",
            "nul",
            "truex",
            "[]",
            "[1,]",
            "[,1]",
            "[1 2]",
            "[1,2]",
            "{}",
            "{,}",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            r#"{"a":}"#,
            r#"{1:1}"#,
            r#"{"a":1 "b":2}"#,
            r#"{"a":1,"a":2}"#,
            r#""\u00e9\n\t\"\\\/""#,
            r#""\ud83d\ude00""#,
            r#""\ud83d""#,
            r#""\ude00""#,
            r#""\ud83dx""#,
            r#""\ud83d\u0041""#,
            r#""\x""#,
            r#""\u12""#,
            "\"a\u{1}b\"",
            "\"tab\tin\"",
            "\"é ünï\"",
            "\"unterminated",
            "[1] x",
            "{\"a\": [1, {\"b\": null}]}",
            "",
            " \n\t\r[ ]",
            "[\"a\\u0000\"]",
            "1 ",
            "{\"\\u0061\": 1}",
            "[1.0, 100, -7, 0.5e+2, 123456789012345678901234567890]",
        ];
        for case in cases {
            agree(case);
        }
        for depth in [126, 127, 128, 129] {
            agree(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
            agree(&format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth)));
        }
    }

    #[test]
    fn agrees_with_serde_json_on_mutated_texts() {
        let seeds = [
            r#"{"invoices":[{"state":"waiting","amount":"0.01069040","n":12.50,"e":1E-7,"neg":-3,"t":true,"z":null,"s":"a\"b\u00e9","l":[1,[2,{"x":[]}]]}]}"#,
            r#"[{"id":"w-1","name":"Wallet","image":null},{"id":7,"name":"Seven","image":""}]"#,
        ];
        let alphabet = b"{}[]:,\"\\ue0123456789.-+Ee tfnalrsx\n\t";
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let mut bytes = seeds[(next() % 2) as usize].as_bytes().to_vec();
            for _ in 0..=next() % 3 {
                let at = (next() as usize) % bytes.len();
                let with = alphabet[(next() as usize) % alphabet.len()];
                match next() % 3 {
                    0 => bytes[at] = with,
                    1 => bytes.insert(at, with),
                    _ => drop(bytes.remove(at)),
                }
            }
            if let Ok(text) = std::str::from_utf8(&bytes) {
                agree(text);
            }
        }
    }
}
