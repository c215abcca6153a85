//! The JSON shapes a model's fields can take, read token by token from the [`Reader`]: one
//! object as a model ([`Shape`]), a list of them ([`ListShape`]), a value kept as sent. Nothing
//! is parsed twice and no intermediate `serde_json::Value` is built, except for the fields a
//! model keeps as sent (`extra`, and fields typed `Value`).

use super::fields::{read_entries, FieldSet, KeyOrder, Model};
use super::reader::{Reader, Result as ReadResult, Token};
use crate::error::{Error, Result};

/// A field's value read from the text (each slot kind implements it).
pub(crate) trait FromReader<'de>: Sized {
    /// Reads the next value.
    fn from_reader(r: &mut Reader<'de>) -> ReadResult<Self>;
}

impl<'de> FromReader<'de> for serde_json::Value {
    fn from_reader(r: &mut Reader<'de>) -> ReadResult<Self> {
        // Mostly null: read without the serde machinery.
        if r.null() {
            return Ok(serde_json::Value::Null);
        }
        r.json()
    }
}

/// A word for the JSON kind of a value, for messages that must not print the value itself.
pub(crate) fn kind(token: &Token<'_>) -> &'static str {
    match token {
        Token::Null => "null",
        Token::Bool(_) => "a boolean",
        Token::Number(_) => "a number",
        Token::Text(_) => "a string",
        Token::ListStart => "a list",
        Token::ObjectStart => "an object",
    }
}

/// A value where a model `T` is expected.
pub(crate) enum Shape<T> {
    /// An object, read as `T` (or why it could not be); whether it had an `err` key.
    Object(Result<T>, bool),
    /// `null`.
    Null,
    /// `""`.
    EmptyText,
    /// `[]`.
    EmptyList,
    /// Anything else, by its kind (`a string`, `a number`, `a boolean`, `a list`).
    Other(&'static str),
}

impl<T: Model> Shape<T> {
    /// As an item of a list (or a whole answer): anything but an object is an error.
    pub(crate) fn into_item(self) -> Result<T> {
        let kind = match self {
            Shape::Object(built, _) => return built,
            Shape::Null => "null",
            Shape::EmptyText => "a string",
            Shape::EmptyList => "a list",
            Shape::Other(kind) => kind,
        };
        Err(Error::decode(T::CONTEXT, format!("expected a JSON object, got {kind}")))
    }
}

impl<'de, T: Model> FromReader<'de> for Shape<T> {
    fn from_reader(r: &mut Reader<'de>) -> ReadResult<Self> {
        let token = r.token()?;
        Ok(match token {
            Token::ObjectStart => {
                let (built, saw_err) = read_object::<T>(r, &mut KeyOrder::new())?;
                Shape::Object(built, saw_err)
            }
            Token::Null => Shape::Null,
            Token::Text(s) if s.is_empty() => Shape::EmptyText,
            Token::ListStart => {
                let mut first = true;
                if r.next_item(&mut first)? {
                    r.skip()?;
                    while r.next_item(&mut first)? {
                        r.skip()?;
                    }
                    Shape::Other("a list")
                } else {
                    Shape::EmptyList
                }
            }
            other => Shape::Other(kind(&other)),
        })
    }
}

/// The entries of an object just opened, read as `T` (`order`: the order of the keys of the
/// objects read before it); whether it had an `err` key.
pub(crate) fn read_object<'de, T: Model>(r: &mut Reader<'de>, order: &mut KeyOrder) -> ReadResult<(Result<T>, bool)> {
    let mut fields = <T::Fields<'de> as FieldSet<'de>>::empty();
    read_entries(&mut fields, r, order)?;
    let saw_err = fields.saw_err();
    Ok((T::build(&mut fields), saw_err))
}

/// The most items [`read_items`] reserves room for at once from its guess.
const MAX_ITEMS_GUESSED: usize = 1024;

/// The items of a list just opened, each an object read as `T`, or the first that could not
/// be read (the rest of the list is still read as JSON, but not built).
pub(crate) fn read_items<'de, T: Model>(r: &mut Reader<'de>) -> ReadResult<Result<Vec<T>>> {
    let mut items = Vec::new();
    let mut order = KeyOrder::new();
    let mut first = true;
    let opened = r.position();
    while r.next_item(&mut first)? {
        let token = r.token()?;
        let item = if token == Token::ObjectStart {
            // Built here rather than through `read_object`: a record is large, and each
            // wrapper it passed through moved it once more.
            let mut fields = <T::Fields<'de> as FieldSet<'de>>::empty();
            read_entries(&mut fields, r, &mut order)?;
            T::build(&mut fields)
        } else {
            r.skip_rest(&token)?;
            let kind = match token {
                Token::Text(s) if s.is_empty() => "a string",
                other => kind(&other),
            };
            Err(Error::decode(T::CONTEXT, format!("expected a JSON object, got {kind}")))
        };
        match item {
            Ok(item) => {
                if items.capacity() == 0 {
                    // The items of an answer are alike: room for as many as the first one's
                    // size says the text holds, and a quarter more (items differ a little:
                    // a guess short by one moved the whole list once more), allocated once,
                    // instead of growing (and moving) the list several times over a page.
                    let per_item = (r.position() - opened).max(1);
                    let guess = r.remaining() / per_item;
                    items.reserve(1 + (guess + guess / 4 + 1).min(MAX_ITEMS_GUESSED));
                }
                items.push(item);
            }
            Err(e) => {
                while r.next_item(&mut first)? {
                    r.skip()?;
                }
                return Ok(Err(e));
            }
        }
    }
    Ok(Ok(items))
}

/// A value where a list of models `T` is expected.
pub(crate) enum ListShape<T> {
    /// `null`.
    Null,
    /// `""`.
    EmptyText,
    /// A list: its items, or the first item that could not be read.
    Items(Result<Vec<T>>),
    /// An object (that does not hold the list), or anything else, by its kind.
    Other(&'static str),
}

/// Reads a list of `T`; in an object, the list under `key` (`None`: an object is `Other`), and
/// `saw_err` notes whether the object has an `err` key.
pub(crate) fn read_list<'de, T: Model>(
    r: &mut Reader<'de>,
    key: Option<&str>,
    saw_err: &mut bool,
) -> ReadResult<ListShape<T>> {
    let token = r.token()?;
    Ok(match token {
        Token::Null => ListShape::Null,
        Token::Text(s) if s.is_empty() => ListShape::EmptyText,
        Token::ListStart => ListShape::Items(read_items(r)?),
        Token::ObjectStart => {
            let mut found = None;
            let mut first = true;
            while let Some(k) = r.next_key(&mut first)? {
                match key {
                    Some(key) if k == key => found = Some(read_list(r, Some(key), &mut false)?),
                    _ => {
                        // Parsed, not skipped over: the answer must be JSON throughout, as
                        // when it was parsed whole.
                        *saw_err |= k == "err";
                        r.json()?;
                    }
                }
            }
            found.unwrap_or(ListShape::Other("an object"))
        }
        other => ListShape::Other(kind(&other)),
    })
}

impl<'de, T: Model> FromReader<'de> for ListShape<T> {
    fn from_reader(r: &mut Reader<'de>) -> ReadResult<Self> {
        read_list(r, None, &mut false)
    }
}
