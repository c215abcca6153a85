//! A result's crossing written straight to JSON text: the canonical form with every secret apart,
//! as [`Crossing::of`](super::Crossing::of) and then `serde_json::to_string` give, without the
//! `serde_json::Value` tree in between (for a binding whose language parses text faster than it
//! can be handed objects: Node's `JSON.parse`). Object keys may be re-cased on the way, except
//! inside free-form fields, which keep the API's own keys.
//!
//! The text is `[value]`, or `[value, secrets]` with each secret as `[path, key, secret]`
//! ([`Step`]s to the object that held it, its key, its value), keys cased alike. Keys come in
//! the order the types declare them (a `Value`'s are sorted).

use super::crossing::Step;
use super::naming::push_camel;
use crate::error::{Error, ErrorCode, Result};
use crate::secret::{self, SecretMode};
use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};
use std::io;

/// How object keys are written.
#[derive(Clone, Copy)]
pub enum Keys<'a> {
    /// As core names them (snake_case).
    Canonical,
    /// camelCased, except inside the fields `opaque` names (free-form maps, kept as sent).
    Camel {
        /// Whether a field (by its core name) is free-form.
        opaque: &'a dyn Fn(&str) -> bool,
    },
}

/// `result`'s crossing as JSON text (see the module's doc). Code `decode` when it cannot be
/// written (a map with non-text keys: none of core's results has one).
pub fn crossing_json<T: Serialize + ?Sized>(result: &T, keys: Keys<'_>) -> Result<String> {
    let mut state =
        State { out: String::with_capacity(256), keys, levels: Vec::new(), key: String::new(), in_key: false, string_start: 0, found: Vec::new() };
    state.out.push('[');
    let (written, taken) = secret::with_mode(SecretMode::Apart(Vec::new()), || {
        let mut serializer = serde_json::Serializer::with_formatter(io::sink(), Writer(&mut state));
        result.serialize(&mut serializer)
    });
    written.map_err(|e| Error::new(ErrorCode::Decode, format!("cannot convert the result: {e}")))?;
    let State { mut out, found, .. } = state;
    if !found.is_empty() {
        let secrets: Vec<(Vec<Step>, String, &str)> = found
            .into_iter()
            .filter_map(|(path, key, index)| taken.get(index).map(|value| (path, key, value.as_str())))
            .collect();
        out.push(',');
        serde_json::to_writer(Text(&mut out), &secrets).map_err(|e| Error::new(ErrorCode::Decode, format!("cannot convert the result: {e}")))?;
    }
    out.push(']');
    Ok(out)
}

/// `io::Write` into a `String`, for what serde_json writes as bytes (numbers, escapes, the
/// secrets' list): text, checked piece by piece (the strings' own text arrives as `&str`, so
/// the whole result is never checked again).
struct Text<'a>(&'a mut String);

impl io::Write for Text<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.push_str(std::str::from_utf8(buf).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// One open object or list.
struct Level {
    object: bool,
    /// Inside a free-form field: keys kept as sent.
    opaque: bool,
    /// Whether an entry or item has been written (the next one needs a comma).
    written: bool,
    /// Where the current entry (its comma included) starts, to take it back for a secret.
    entry_start: usize,
    /// Where the current entry's value starts.
    value_start: usize,
    /// The current entry's key as written (cased), or the current item's index.
    key: String,
    index: usize,
    /// The current entry was a secret and was taken out.
    removed: bool,
}

struct State<'a> {
    out: String,
    keys: Keys<'a>,
    levels: Vec<Level>,
    /// The key being read (as serde_json escapes it: core's keys are plain ASCII names).
    key: String,
    in_key: bool,
    /// Where the string being written starts (its opening quote).
    string_start: usize,
    /// Secrets taken out: where, under which key, and their index among the placeholders.
    found: Vec<(Vec<Step>, String, usize)>,
}

impl State<'_> {
    fn open(&mut self, object: bool) {
        // The key last read is the parent entry's, as core names it (plain ASCII names).
        let opaque = match (self.levels.last(), self.keys) {
            (_, Keys::Canonical) => true,
            (None, _) => false,
            (Some(parent), Keys::Camel { opaque }) => {
                parent.opaque || (parent.object && opaque(&self.key))
            }
        };
        self.levels.push(Level { object, opaque, written: false, entry_start: 0, value_start: 0, key: String::new(), index: 0, removed: false });
    }

    /// A string value just ended at `self.out`'s end: if it is a secret's placeholder and an
    /// entry's whole value, the entry is taken out and the secret noted.
    fn maybe_secret(&mut self, string_start: usize) {
        match self.levels.last() {
            Some(level) if level.object && level.value_start == string_start => {}
            _ => return,
        }
        // `"\u0000forumpay-secret:N"`: the placeholder, its NUL escaped as serde_json does.
        let text = &self.out[string_start..];
        if !text.starts_with("\"\\u0000") {
            return;
        }
        let Some(index) = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"')?.strip_prefix("\\u0000").map(|rest| format!("\u{0}{rest}")))
            .and_then(|t| secret::placeholder_index(&t))
        else {
            return;
        };
        let path = self.levels[..self.levels.len() - 1]
            .iter()
            .map(|l| if l.object { Step::Key(l.key.clone()) } else { Step::Index(l.index) })
            .collect();
        if let Some(level) = self.levels.last_mut() {
            self.out.truncate(level.entry_start);
            level.removed = true;
            self.found.push((path, level.key.clone(), index));
        }
    }
}

/// The formatter: writes into the state's buffer (the serializer's own writer is a sink).
struct Writer<'s, 'a>(&'s mut State<'a>);

macro_rules! plain {
    ($($name:ident($t:ty)),* $(,)?) => {$(
        fn $name<W: ?Sized + io::Write>(&mut self, _: &mut W, value: $t) -> io::Result<()> {
            CompactFormatter.$name(&mut Text(&mut self.0.out), value)
        }
    )*};
}

impl Formatter for Writer<'_, '_> {
    plain!(
        write_bool(bool), write_i8(i8), write_i16(i16), write_i32(i32), write_i64(i64), write_i128(i128), write_u8(u8),
        write_u16(u16), write_u32(u32), write_u64(u64), write_u128(u128), write_f32(f32), write_f64(f64),
        write_number_str(&str), write_raw_fragment(&str),
    );

    fn write_null<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.0.out.push_str("null");
        Ok(())
    }

    fn begin_string<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        if !self.0.in_key {
            self.0.string_start = self.0.out.len();
            self.0.out.push('"');
        }
        Ok(())
    }

    fn end_string<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        if !self.0.in_key {
            self.0.out.push('"');
            self.0.maybe_secret(self.0.string_start);
        }
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, _: &mut W, fragment: &str) -> io::Result<()> {
        match self.0.in_key {
            true => self.0.key.push_str(fragment),
            false => self.0.out.push_str(fragment),
        }
        Ok(())
    }

    fn write_char_escape<W: ?Sized + io::Write>(&mut self, _: &mut W, escape: CharEscape) -> io::Result<()> {
        let to = if self.0.in_key { &mut self.0.key } else { &mut self.0.out };
        CompactFormatter.write_char_escape(&mut Text(to), escape)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.0.open(false);
        self.0.out.push('[');
        Ok(())
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.0.levels.pop();
        self.0.out.push(']');
        Ok(())
    }

    fn begin_array_value<W: ?Sized + io::Write>(&mut self, _: &mut W, _: bool) -> io::Result<()> {
        if let Some(level) = self.0.levels.last_mut() {
            if level.written {
                self.0.out.push(',');
                level.index += 1;
            }
            level.written = true;
        }
        Ok(())
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.0.open(true);
        self.0.out.push('{');
        Ok(())
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.0.levels.pop();
        self.0.out.push('}');
        Ok(())
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, _: &mut W, _: bool) -> io::Result<()> {
        let state = &mut *self.0;
        if let Some(level) = state.levels.last_mut() {
            level.entry_start = state.out.len();
            level.removed = false;
            if level.written {
                state.out.push(',');
            }
        }
        state.key.clear();
        state.in_key = true;
        Ok(())
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        let state = &mut *self.0;
        state.in_key = false;
        let name = state.key.as_str();
        let Some(level) = state.levels.last_mut() else { return Ok(()) };
        level.key.clear();
        match state.keys {
            Keys::Camel { .. } if !level.opaque && name.contains('_') => push_camel(&mut level.key, name),
            _ => level.key.push_str(name),
        }
        state.out.push('"');
        state.out.push_str(&level.key);
        state.out.push('"');
        Ok(())
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        let state = &mut *self.0;
        state.out.push(':');
        if let Some(level) = state.levels.last_mut() {
            level.value_start = state.out.len();
        }
        Ok(())
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _: &mut W) -> io::Result<()> {
        if let Some(level) = self.0.levels.last_mut() {
            level.written |= !level.removed;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::surface::Crossing;
    use crate::Secret;
    use serde_json::{json, Value};

    #[derive(Serialize)]
    struct Inner {
        token: Option<Secret>,
        plain_text: &'static str,
    }

    #[derive(Serialize)]
    struct Outer {
        access_url: Secret,
        the_items: Vec<Inner>,
        extra: Value,
        quoted: &'static str,
    }

    fn sample() -> Outer {
        Outer {
            access_url: Secret::new("https://pay/x#tok"),
            the_items: vec![
                Inner { token: Some(Secret::new("t-1")), plain_text: "a" },
                Inner { token: None, plain_text: "\"\\\u{0}forumpay-secret:0" },
            ],
            extra: json!({"api_key_kept": {"deep_key": [1, {"x_y": 2}]}}),
            quoted: "\u{0}forumpay-secret:0 is text here",
        }
    }

    fn parsed(text: &str) -> (Value, Value) {
        let v: Value = serde_json::from_str(text).unwrap();
        (v[0].clone(), v.get(1).cloned().unwrap_or(Value::Null))
    }

    #[test]
    fn canonical_text_is_the_crossing() {
        let (value, secrets) = parsed(&crossing_json(&sample(), Keys::Canonical).unwrap());
        let crossing = Crossing::of(&sample()).unwrap();
        assert_eq!(value, crossing.value);
        let expected: Vec<Value> = crossing.secrets.iter().map(|s| json!([s.path, s.key, s.value])).collect();
        assert_eq!(secrets, Value::Array(expected));
    }

    #[test]
    fn camel_keys_outside_free_form_fields_and_in_secret_paths() {
        let opaque = |name: &str| name == "extra";
        let text = crossing_json(&sample(), Keys::Camel { opaque: &opaque }).unwrap();
        let (value, secrets) = parsed(&text);
        assert_eq!(value["extra"], json!({"api_key_kept": {"deep_key": [1, {"x_y": 2}]}}));
        assert_eq!(value["theItems"][1], json!({"token": null, "plainText": "\"\\\u{0}forumpay-secret:0"}));
        assert_eq!(value["theItems"][0], json!({"plainText": "a"}), "the secret's entry is gone, no stray comma");
        assert_eq!(secrets, json!([[[], "accessUrl", "https://pay/x#tok"], [["theItems", 0], "token", "t-1"]]));
        assert!(text.starts_with(r#"[{"theItems":"#), "declaration order, the first entry taken out: {text}");
    }

    #[test]
    fn without_secrets_the_text_is_one_value() {
        assert_eq!(crossing_json(&json!({"a_b": [1, "x"]}), Keys::Camel { opaque: &|_| false }).unwrap(), r#"[{"aB":[1,"x"]}]"#);
        assert_eq!(crossing_json(&Vec::<u8>::new(), Keys::Canonical).unwrap(), "[[]]");
    }
}
