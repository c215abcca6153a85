//! Whole answers, decoded straight from the body's bytes: one model (an object), a list of models
//! (a bare list, `null`, or an object holding the list under a key), each reporting whether
//! the top-level object carried the API's `err`, which makes the answer an error whatever else
//! it holds (the transport then classifies it: see `transport`).

use super::fields::Model;
use super::json::{read_list, FromReader, ListShape, Shape};
use super::reader::{Reader, Result as ReadResult};
use crate::error::{Error, Result};
use serde_json::Value;

/// A whole answer of one call.
pub(crate) trait Answer: Sized {
    /// The call its errors name.
    const CONTEXT: &'static str;
    /// Reads the answer: the result or why it cannot be built, and whether the top-level object
    /// had an `err` key. A reader's error means the text is not JSON.
    fn read(r: &mut Reader<'_>) -> ReadResult<(Result<Self>, bool)>;
}

/// `from_json` (a parsed body) and `from_slice` (the body's bytes) for answer types.
macro_rules! decoders {
    ($($ty:ident),* $(,)?) => {$(
        impl $ty {
            /// Decodes the API's answer (a parsed JSON body).
            pub fn from_json(value: serde_json::Value) -> $crate::error::Result<$ty> {
                $crate::decode::from_value(value)
            }

            /// Decodes the API's answer straight from the body's bytes (code `decode` for bytes
            /// that are not JSON or not this answer).
            pub fn from_slice(bytes: &[u8]) -> $crate::error::Result<$ty> {
                $crate::decode::from_slice(bytes)
            }
        }
    )*};
}
pub(crate) use decoders;

/// Models that are themselves whole answers (an object), with their [`decoders!`].
macro_rules! object_answers {
    ($($model:ident),* $(,)?) => {$(
        impl $crate::decode::Answer for $model {
            const CONTEXT: &'static str = <$model as $crate::decode::fields::Model>::CONTEXT;
            fn read(
                r: &mut $crate::decode::reader::Reader<'_>,
            ) -> $crate::decode::reader::Result<($crate::error::Result<Self>, bool)> {
                $crate::decode::answer::object_answer(r)
            }
        }
        $crate::decode::answer::decoders!($model);
    )*};
}
pub(crate) use object_answers;

/// A list answer's whole answer type (`$list`, holding the items of model `$item`), and the
/// item's `list_from_json` / `list_from_slice` (documented by `$doc`): a bare list, `null`
/// (none), or an object holding the list under `$key`; anything else is `decode`, naming
/// `$what` the list should hold.
macro_rules! list_answers {
    ($list:ident($item:ident) under $key:literal of $what:literal, $doc:literal) => {
        #[doc = concat!("The whole answer of a list of [`", stringify!($item), "`], however it is wrapped.")]
        pub(crate) struct $list(pub(crate) Vec<$item>);

        impl $crate::decode::Answer for $list {
            const CONTEXT: &'static str = <$item as $crate::decode::fields::Model>::CONTEXT;
            fn read(
                r: &mut $crate::decode::reader::Reader<'_>,
            ) -> $crate::decode::reader::Result<($crate::error::Result<Self>, bool)> {
                let (items, saw_err) = $crate::decode::answer::list_answer(r, $key, $what)?;
                Ok((items.map($list), saw_err))
            }
        }

        impl $item {
            #[doc = $doc]
            pub fn list_from_json(value: serde_json::Value) -> $crate::error::Result<Vec<$item>> {
                $crate::decode::from_value::<$list>(value).map(|list| list.0)
            }

            #[doc = concat!("The same, straight from the body's bytes (see [`", stringify!($item), "::list_from_json`]).")]
            pub fn list_from_slice(bytes: &[u8]) -> $crate::error::Result<Vec<$item>> {
                $crate::decode::from_slice::<$list>(bytes).map(|list| list.0)
            }
        }
    };
}
pub(crate) use list_answers;

/// The answer is one object read as `T`.
pub(crate) fn object_answer<T: Model>(r: &mut Reader<'_>) -> ReadResult<(Result<T>, bool)> {
    let shape = Shape::<T>::from_reader(r)?;
    let saw_err = matches!(shape, Shape::Object(_, true));
    Ok((shape.into_item(), saw_err))
}

/// A list answer read item by item: a bare list, `null` (none), or an object holding the list
/// under `key` (itself any of these); anything else is `decode`, naming `what` the list holds.
pub(crate) fn list_answer<T: Model>(r: &mut Reader<'_>, key: &str, what: &str) -> ReadResult<(Result<Vec<T>>, bool)> {
    let mut saw_err = false;
    let shape = read_list::<T>(r, Some(key), &mut saw_err)?;
    let items = match shape {
        ListShape::Null => Ok(Vec::new()),
        ListShape::Items(items) => items,
        ListShape::EmptyText => Err(Error::decode(T::CONTEXT, format!("expected a list of {what}, got a string"))),
        ListShape::Other(kind) => Err(Error::decode(T::CONTEXT, format!("expected a list of {what}, got {kind}"))),
    };
    Ok((items, saw_err))
}

/// Reads an answer from its bytes; code `decode` when they are not JSON or not the answer.
pub(crate) fn from_slice<T: Answer>(bytes: &[u8]) -> Result<T> {
    read::<T>(bytes)?.0
}

/// Reads an answer already parsed into a `Value` (the same readers, through its JSON text).
pub(crate) fn from_value<T: Answer>(value: Value) -> Result<T> {
    let bytes =
        serde_json::to_vec(&value).map_err(|_| Error::decode(T::CONTEXT, "the value cannot be written as JSON"))?;
    from_slice(&bytes)
}

/// The typed answer when the bytes are one; `None` when they are not JSON, cannot be built, or
/// carry an `err` at the top: then the transport's general path decides what they mean.
pub(crate) fn answer<T: Answer>(bytes: &[u8]) -> Option<T> {
    match read::<T>(bytes) {
        Ok((Ok(value), false)) => Some(value),
        _ => None,
    }
}

fn read<T: Answer>(bytes: &[u8]) -> Result<(Result<T>, bool)> {
    // Checked once for the whole text, so that no string needs checking again.
    let text = std::str::from_utf8(bytes).map_err(|e| not_json::<T>(bytes, e.valid_up_to()))?;
    let mut reader = Reader::new(text);
    let read = T::read(&mut reader).and_then(|r| reader.end().map(|()| r));
    read.map_err(|e| not_json::<T>(bytes, e.at.unwrap_or(reader.position())))
}

/// `decode`: the bytes are not JSON; says where, never what.
fn not_json<T: Answer>(bytes: &[u8], at: usize) -> Error {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.len() - before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
    Error::decode(T::CONTEXT, format!("the answer is not valid JSON (line {line}, column {column})"))
}
