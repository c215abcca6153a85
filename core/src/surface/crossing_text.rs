//! A result's crossing written straight to packed JSON text, for a binding whose language parses
//! text faster than it can be handed objects (Node's `JSON.parse`): the canonical form with every
//! secret apart, as [`Crossing::of`](super::Crossing::of) gives, without a `serde_json::Value`
//! in between, and without writing each object's keys again and again. A page of 50 records
//! repeats one set of keys 50 times; `JSON.parse` reads lists of values in half the time of the
//! same objects with their keys (measured on a GetTransactions page, decision 0010), and the
//! binding builds each object from its values with a function made once per set of keys.
//!
//! The text is `[value, shapes]`:
//! - `value` packed: text, numbers, booleans and null as JSON; every list and object as a JSON
//!   list whose last item says what it is: a struct `[v1,…,vn,k]` (its values in the order of
//!   shape `k`), a list `[i1,…,in,0]`, a map `[key1,v1,…,keyn,vn,-1]`; a free-form value (a
//!   field the caller names opaque: the API's own data) is plain JSON, a list of it tagged
//!   `[list,-2]` and an object as it is (nothing packed is written as a JSON object, so an
//!   object is free-form: a record's `extra`, mostly `{}`, spares the parser a list);
//! - `shapes`: the keys of each struct written, comma-separated, `["state,status,…",…]` (one
//!   text, which the binding looks its builder up by); shape `k` is the `k`-th (from 1).
//!
//! A [`Secret`](crate::Secret) held by a field or a map's entry is written in its place, its
//! key marked (in a shape `*accessToken`; in a map written as a list of one, `["accessToken"]`,
//! a map's keys being data), so that the binding keeps it apart from the object's printable
//! fields. A secret anywhere else (a list's item, the whole result) is
//! written as `***`: nothing could keep it apart there.
//!
//! Keys may be re-cased on the way (never inside free-form values), in shapes and map keys
//! alike. Struct keys come in the order the types declare them.

use super::naming::push_camel;
use crate::error::{Error, ErrorCode, Result};
use crate::secret::{self, SecretMode, MARKED};
use serde::ser::{self, Serialize};
use std::fmt::{self, Display, Write as _};

// One-byte text is pushed with `push_str`: `push` of a char stayed out of line in the Node
// addon, a call for every comma and quote (decision 0035).
#[allow(clippy::single_char_add_str)]
mod compound;
#[allow(clippy::single_char_add_str)]
mod json_text;
mod serializer;
#[cfg(test)]
mod tests;

pub(crate) use json_text::push_json_str;
use json_text::TextSink;

/// How object keys are written.
#[derive(Clone, Copy)]
pub enum Keys<'a> {
    /// As core names them (snake_case); no field is free-form.
    Canonical,
    /// camelCased, except inside the fields `opaque` names (free-form values, kept as sent).
    Camel {
        /// Whether a field (by its core name) is free-form.
        opaque: &'a dyn Fn(&str) -> bool,
    },
}

/// The last item of a packed list, a map and a free-form list (a struct's is its shape, ≥ 1).
const LIST: &str = "0";
const MAP: &str = "-1";
const FREE_FORM: &str = "-2";

/// The struct serde_json writes an exact number as (with `arbitrary_precision`): its one field
/// is the number's text, to be written as it is.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// `result`'s crossing as packed JSON text (see the module's doc). Code `decode` when it cannot
/// be written (a map with keys that are not text: none of core's results has one).
pub fn crossing_json<T: Serialize + ?Sized>(result: &T, keys: Keys<'_>) -> Result<String> {
    let mut packer = Packer {
        out: String::with_capacity(1024),
        keys,
        shapes: Vec::new(),
        shapes_text: String::new(),
        keys_held: Vec::new(),
        opaque_seen: [("", false); OPAQUE_SLOTS],
        secret: false,
    };
    packer.out.push('[');
    let (written, _) = secret::with_mode(SecretMode::Marked, || result.serialize(&mut packer));
    written.map_err(|e| Error::new(ErrorCode::Decode, format!("cannot convert the result: {e}")))?;
    if packer.secret {
        packer.out.truncate(1);
        packer.out.push_str(MASKED);
    }
    let Packer { out: mut text, shapes_text, .. } = packer;
    text.push_str(",[");
    text.push_str(&shapes_text);
    text.push_str("]]");
    Ok(text)
}

thread_local! {
    /// Each shape's text as written before on this thread (re-cased, quoted), by whether keys
    /// are camelCased and the keys' identities: a call's result is one or two structs, whose
    /// keys were re-cased on every call (a third of packing a CheckPayment's status).
    static SHAPE_TEXTS: std::cell::RefCell<Vec<ShapeText>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A shape's text: camelCased or not, its keys by identity, its quoted text.
type ShapeText = (bool, Box<[(&'static str, bool)]>, String);

/// How many shape texts a thread keeps (core's types have fewer shapes than this together).
const SHAPE_TEXTS_KEPT: usize = 512;

/// The slots of [`Packer::opaque_field`]'s table (a power of two, more than the fields of the
/// largest result's types together).
const OPAQUE_SLOTS: usize = 256;

/// What a secret that no field holds is written as.
const MASKED: &str = "\"***\"";

/// Why a result could not be packed.
#[derive(Debug)]
pub struct PackError(String);

impl Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PackError {}

impl ser::Error for PackError {
    fn custom<T: Display>(msg: T) -> Self {
        PackError(msg.to_string())
    }
}

/// The serializer: writes `value` into `out` and the shapes into `shapes_text`.
pub(crate) struct Packer<'k> {
    out: String,
    keys: Keys<'k>,
    /// Each shape's keys by identity (a field's name is a `&'static str` of its type), with
    /// whether the field held a secret.
    shapes: Vec<Box<[(&'static str, bool)]>>,
    /// The shapes as JSON, without the enclosing brackets.
    shapes_text: String,
    /// The keys written so far of every struct being written, innermost last.
    keys_held: Vec<(&'static str, bool)>,
    /// Whether a field is free-form, remembered by its name's identity (address and length: a
    /// field's name is asked about once per object written, hundreds of times a page): a table
    /// open-addressed by the address, an empty name marking a free slot.
    opaque_seen: [(&'static str, bool); OPAQUE_SLOTS],
    /// The value just written was a secret (set by the secret, taken by what holds it).
    secret: bool,
}

impl Packer<'_> {
    fn push_key(&self, out: &mut String, name: &str) {
        match self.keys {
            Keys::Camel { .. } if name.contains('_') => push_camel(out, name),
            _ => out.push_str(name),
        }
    }

    fn cased(&self, name: &str) -> String {
        let mut out = String::with_capacity(name.len());
        self.push_key(&mut out, name);
        out
    }

    fn opaque(&self, name: &str) -> bool {
        match self.keys {
            Keys::Canonical => false,
            Keys::Camel { opaque } => opaque(name),
        }
    }

    /// [`Packer::opaque`] for a struct's field, remembered by the name's address. A record has
    /// tens of fields: a slot per address (the table before this one) let names share a slot and
    /// push each other out, and a third of the asks of a page went to the caller's function.
    /// The name found in its first slot (nearly always) is answered inline.
    #[inline(always)]
    fn opaque_field(&mut self, name: &'static str) -> bool {
        // The address's bits mixed (names lie a few bytes apart), the top ones taken.
        let slot = ((name.as_ptr() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % OPAQUE_SLOTS;
        match self.opaque_seen[slot] {
            (seen, opaque) if std::ptr::eq(seen, name) => opaque,
            _ => self.opaque_field_probed(name, slot),
        }
    }

    /// [`Packer::opaque_field`] from `slot` on: the slots after it, then a free one filled.
    #[inline(never)]
    fn opaque_field_probed(&mut self, name: &'static str, mut slot: usize) -> bool {
        for _ in 0..OPAQUE_SLOTS {
            match self.opaque_seen[slot] {
                (seen, opaque) if std::ptr::eq(seen, name) => return opaque,
                ("", _) => {
                    let opaque = self.opaque(name);
                    // The empty name is never a field's, so it marks a free slot only.
                    if !name.is_empty() {
                        self.opaque_seen[slot] = (name, opaque);
                    }
                    return opaque;
                }
                _ => slot = (slot + 1) % OPAQUE_SLOTS,
            }
        }
        // The table is full (more distinct fields than slots in one result): asked each time.
        self.opaque(name)
    }

    /// The shape number of the keys `keys_held[from..]`, made if new.
    fn shape(&mut self, from: usize) -> std::result::Result<usize, PackError> {
        let keys = &self.keys_held[from..];
        let same = |shape: &[(&'static str, bool)]| shape.len() == keys.len() && shape.iter().zip(keys).all(|(a, b)| std::ptr::eq(a.0, b.0) && a.1 == b.1);
        if let Some(at) = self.shapes.iter().position(|s| same(s)) {
            return Ok(at + 1);
        }
        if !self.shapes.is_empty() {
            self.shapes_text.push(',');
        }
        let camel = matches!(self.keys, Keys::Camel { .. });
        let kept = SHAPE_TEXTS.with_borrow(|texts| match texts.iter().find(|(c, k, _)| *c == camel && same(k)) {
            Some((_, _, text)) => {
                self.shapes_text.push_str(text);
                true
            }
            None => false,
        });
        if !kept {
            let text = self.shape_text(keys)?;
            self.shapes_text.push_str(&text);
            SHAPE_TEXTS.with_borrow_mut(|texts| {
                if texts.len() < SHAPE_TEXTS_KEPT {
                    texts.push((camel, keys.into(), text));
                }
            });
        }
        self.shapes.push(keys.into());
        Ok(self.shapes.len())
    }

    /// The quoted text of a shape of `keys` (re-cased, a secret's key marked `*`).
    fn shape_text(&self, keys: &[(&'static str, bool)]) -> std::result::Result<String, PackError> {
        let mut text = String::new();
        for (i, &(key, secret)) in keys.iter().enumerate() {
            if key.contains(',') || key.starts_with('*') {
                return Err(PackError(format!("a field cannot be named {key:?} (`,` and a leading `*` say what a shape is)")));
            }
            if i > 0 {
                text.push(',');
            }
            if secret {
                text.push('*');
            }
            self.push_key(&mut text, key);
        }
        let mut quoted = String::with_capacity(text.len() + 2);
        push_json_str(&mut quoted, &text);
        Ok(quoted)
    }

    /// Writes `value`, a field's or an entry's: free-form as plain JSON, else packed. Says
    /// whether it was a secret.
    #[inline(always)]
    fn entry<T: Serialize + ?Sized>(&mut self, free_form: bool, value: &T) -> std::result::Result<bool, PackError> {
        if free_form {
            self.free_form(value)?;
            return Ok(false);
        }
        self.secret = false;
        value.serialize(&mut *self)?;
        Ok(std::mem::take(&mut self.secret))
    }

    /// A free-form value as plain JSON: as it is when it is a scalar or an object, a list as
    /// `[list,-2]`.
    fn free_form<T: Serialize + ?Sized>(&mut self, value: &T) -> std::result::Result<(), PackError> {
        let start = self.out.len();
        serde_json::to_writer(TextSink(&mut self.out), value).map_err(|e| PackError(e.to_string()))?;
        if self.out.as_bytes().get(start) == Some(&b'[') {
            self.out.insert(start, '[');
            self.out.push(',');
            self.out.push_str(FREE_FORM);
            self.out.push(']');
        }
        Ok(())
    }

    fn display(&mut self, value: impl Display) -> std::result::Result<(), PackError> {
        write!(self.out, "{value}").map_err(|e| PackError(e.to_string()))
    }

    /// A whole number, written without the formatting machinery (every struct ends with one).
    fn number(&mut self, value: u64) {
        let mut buf = [0u8; 40];
        let at = crate::money::text::digits(u128::from(value), &mut buf);
        self.out.extend(buf[at..].iter().map(|&d| char::from(d)));
    }
}

/// Takes a map's key as text (serde_json's rule: text, or a number or boolean written as text).
struct KeyText;

impl KeyText {
    fn of<T: Serialize + ?Sized>(key: &T) -> std::result::Result<String, PackError> {
        match serde_json::to_value(key).map_err(|e| PackError(e.to_string()))? {
            serde_json::Value::String(text) => Ok(text),
            serde_json::Value::Number(n) => Ok(n.to_string()),
            serde_json::Value::Bool(b) => Ok(b.to_string()),
            _ => Err(PackError("a map's key must be text".into())),
        }
    }
}
