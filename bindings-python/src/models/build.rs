//! The serde `Serializer` that builds a result's Python objects as core's typed result
//! serializes: what each value becomes is the plan's to say (the [`Kind`] of the field it fills),
//! so an amount's text becomes a `Decimal` and a time's an aware `datetime`, while free-form JSON
//! (kind `Plain`, `Mapping`) becomes dicts, lists, `str`, `int`, `bool` and `None`, with `Decimal`
//! for a number that is not an integer (never a float). A secret comes out as its placeholder's
//! index ([`Built::Secret`]); the model it belongs to is noted so that `result` sets it.

use super::fields::Fields;
use super::{plan, Kind, Types};
use forumpay::surface::secret_placeholder;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::IntoPyObjectExt;
use pyo3::types::{PyBool, PyDict, PyList, PyString, PyTuple};
use serde::ser::{self, Serialize};
use std::cell::RefCell;
use std::fmt;

/// How `serde_json` (with `arbitrary_precision`) hands over a number: a struct of this name
/// with one field of this name, the number's text.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Where a secret goes: the model, its field, the index of its value in core's list.
pub(super) type Secrets<'py> = RefCell<Vec<(Bound<'py, PyAny>, Py<PyString>, usize)>>;

/// What one value became.
pub(super) enum Built<'py> {
    Object(Bound<'py, PyAny>),
    /// A secret, by its index in the list of `secrets_apart`.
    Secret(usize),
}

/// Why building failed: a Python error, or a value of a kind its field does not take (core and
/// the generated models disagree: a bug, reported as `TypeError`).
pub(super) struct Failed(PyErr);

impl From<PyErr> for Failed {
    fn from(e: PyErr) -> Self {
        Failed(e)
    }
}

impl From<Failed> for PyErr {
    fn from(e: Failed) -> Self {
        e.0
    }
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl std::error::Error for Failed {}

impl ser::Error for Failed {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Failed(PyTypeError::new_err(format!("forumpay: {msg}")))
    }
}

pub(super) type Out<'py> = Result<Built<'py>, Failed>;

/// Builds one value of kind `kind`.
#[derive(Clone, Copy)]
pub(super) struct Builder<'a, 'py> {
    pub(super) py: Python<'py>,
    pub(super) types: &'a Types,
    kind: &'a Kind,
    /// Where secrets go; `None` for plain JSON, which holds none (no text is read as one).
    pub(super) secrets: Option<&'a Secrets<'py>>,
}

impl<'a, 'py> Builder<'a, 'py> {
    pub(super) fn new(py: Python<'py>, types: &'a Types, kind: &'a Kind, secrets: Option<&'a Secrets<'py>>) -> Self {
        Builder { py, types, kind, secrets }
    }

    pub(super) fn with(self, kind: &'a Kind) -> Self {
        Builder { kind, ..self }
    }

    /// The value of a field or item that must not be a secret (only a model's field holds one).
    fn object<T: Serialize + ?Sized>(self, value: &T) -> Result<Bound<'py, PyAny>, Failed> {
        match value.serialize(self)? {
            Built::Object(obj) => Ok(obj),
            Built::Secret(_) => Err(ser::Error::custom("a secret outside a model's field")),
        }
    }

    /// `obj`, a plain JSON value, where the field takes one.
    fn plain(self, obj: Bound<'py, PyAny>, what: &str) -> Out<'py> {
        match self.kind {
            Kind::Plain => Ok(Built::Object(obj)),
            _ => Err(self.mismatch(what)),
        }
    }

    fn mismatch(self, what: &str) -> Failed {
        ser::Error::custom(format_args!("core gave {what} where the model expects another kind"))
    }

    fn int(self, value: impl IntoPyObject<'py>) -> Out<'py> {
        let obj = value.into_bound_py_any(self.py)?;
        self.plain(obj, "a number")
    }
}

/// The integer methods of `Serializer`: each is an `int` where the field takes plain JSON.
macro_rules! ints {
    ($($method:ident: $t:ty),* $(,)?) => {
        $( fn $method(self, v: $t) -> Out<'py> {
            self.int(v)
        } )*
    };
}

impl<'a, 'py> ser::Serializer for Builder<'a, 'py> {
    type Ok = Built<'py>;
    type Error = Failed;
    type SerializeSeq = Items<'a, 'py>;
    type SerializeTuple = Items<'a, 'py>;
    type SerializeTupleStruct = Items<'a, 'py>;
    type SerializeTupleVariant = Items<'a, 'py>;
    type SerializeMap = Entries<'a, 'py>;
    type SerializeStruct = Fields<'a, 'py>;
    type SerializeStructVariant = Fields<'a, 'py>;

    fn serialize_bool(self, v: bool) -> Out<'py> {
        self.plain(PyBool::new(self.py, v).to_owned().into_any(), "a flag")
    }

    ints! {
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
    }

    fn serialize_f32(self, _: f32) -> Out<'py> {
        Err(self.mismatch("a float"))
    }

    fn serialize_f64(self, _: f64) -> Out<'py> {
        Err(self.mismatch("a float"))
    }

    fn serialize_char(self, v: char) -> Out<'py> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Out<'py> {
        if let Some(index) = self.secrets.and_then(|_| secret_placeholder(v)) {
            return Ok(Built::Secret(index));
        }
        let (py, types) = (self.py, self.types);
        Ok(Built::Object(match self.kind {
            Kind::Plain => PyString::new(py, v).into_any(),
            Kind::Decimal => types.decimal.bind(py).call1((v,))?,
            // Core writes `...Z`; Python before 3.11 reads only `+00:00`.
            Kind::DateTime => match v.strip_suffix('Z') {
                Some(_) if types.iso_reads_z => types.from_iso.bind(py).call1((v,))?,
                Some(utc) => types.from_iso.bind(py).call1((format!("{utc}+00:00"),))?,
                None => return Err(ser::Error::custom(format_args!("core gave {v:?} for a time"))),
            },
            _ => return Err(self.mismatch("text")),
        }))
    }

    fn serialize_bytes(self, _: &[u8]) -> Out<'py> {
        Err(self.mismatch("bytes"))
    }

    fn serialize_none(self) -> Out<'py> {
        Ok(Built::Object(self.py.None().into_bound(self.py)))
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Out<'py> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Out<'py> {
        self.serialize_none()
    }

    fn serialize_unit_struct(self, _: &'static str) -> Out<'py> {
        self.serialize_none()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Out<'py> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Out<'py> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(self, _: &'static str, _: u32, variant: &'static str, value: &T) -> Out<'py> {
        let dict = PyDict::new(self.py);
        dict.set_item(variant, self.with(&Kind::Plain).object(value)?)?;
        self.plain(dict.into_any(), "a variant")
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Items<'a, 'py>, Failed> {
        let (item, shape) = match self.kind {
            Kind::List(item) => (&**item, Shape::Tuple),
            Kind::Rows(item) => (&**item, Shape::List),
            Kind::Plain => (self.kind, Shape::List),
            _ => return Err(self.mismatch("a list")),
        };
        Ok(Items { item: self.with(item), shape, items: Vec::with_capacity(len.unwrap_or(0)) })
    }

    fn serialize_tuple(self, len: usize) -> Result<Items<'a, 'py>, Failed> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items<'a, 'py>, Failed> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Items<'a, 'py>, Failed> {
        Err(self.mismatch("a variant"))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Entries<'a, 'py>, Failed> {
        let proxy = match self.kind {
            Kind::Plain => false,
            Kind::Mapping => true,
            _ => return Err(self.mismatch("a map")),
        };
        Ok(Entries { plain: self.with(&Kind::Plain), dict: PyDict::new(self.py), key: None, proxy })
    }

    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Fields<'a, 'py>, Failed> {
        if name == NUMBER_TOKEN {
            return match self.kind {
                Kind::Plain => Ok(Fields::Number(self, None)),
                _ => Err(self.mismatch("a number")),
            };
        }
        match self.kind {
            Kind::Model(class) => {
                let plan = plan(self.py, class)?;
                let obj = self.types.object_new.bind(self.py).call1((plan.class.bind(self.py),))?;
                let learning = plan.order.get().is_none().then(|| Vec::with_capacity(len));
                Ok(Fields::Model { builder: self, plan, obj, set: 0, at: 0, learning })
            }
            _ => self.serialize_map(Some(len)).map(Fields::Map),
        }
    }

    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Fields<'a, 'py>, Failed> {
        Err(self.mismatch("a variant"))
    }
}

/// Whether a list becomes a `tuple` (a model's field: immutable) or a `list`.
enum Shape {
    Tuple,
    List,
}

/// The items of a list, each built as `item` says.
pub(super) struct Items<'a, 'py> {
    item: Builder<'a, 'py>,
    shape: Shape,
    items: Vec<Bound<'py, PyAny>>,
}

impl<'py> Items<'_, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
        self.items.push(self.item.object(value)?);
        Ok(())
    }

    fn finish(self) -> Out<'py> {
        let py = self.item.py;
        Ok(Built::Object(match self.shape {
            Shape::Tuple => PyTuple::new(py, self.items)?.into_any(),
            Shape::List => PyList::new(py, self.items)?.into_any(),
        }))
    }
}

/// The list-like traits of serde, all [`Items`] (a tuple variant is refused before any item).
macro_rules! items {
    ($($serialize:ident :: $method:ident),*) => {
        $( impl<'py> ser::$serialize for Items<'_, 'py> {
            type Ok = Built<'py>;
            type Error = Failed;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
                self.push(value)
            }

            fn end(self) -> Out<'py> {
                self.finish()
            }
        } )*
    };
}

items!(SerializeSeq::serialize_element, SerializeTuple::serialize_element, SerializeTupleStruct::serialize_field, SerializeTupleVariant::serialize_field);

/// The entries of free-form JSON: a `dict`, or a read-only view of one for a `Mapping` field.
pub(super) struct Entries<'a, 'py> {
    plain: Builder<'a, 'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
    proxy: bool,
}

impl<'py> Entries<'_, 'py> {
    pub(super) fn insert<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Failed> {
        Ok(self.dict.set_item(key, self.plain.object(value)?)?)
    }

    pub(super) fn finish(self) -> Out<'py> {
        let dict = self.dict.into_any();
        Ok(Built::Object(match self.proxy {
            true => self.plain.types.mapping_proxy.bind(self.plain.py).call1((dict,))?,
            false => dict,
        }))
    }
}

impl<'py> ser::SerializeMap for Entries<'_, 'py> {
    type Ok = Built<'py>;
    type Error = Failed;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Failed> {
        self.key = Some(self.plain.object(key)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Failed> {
        let key = self.key.take().ok_or_else(|| <Failed as ser::Error>::custom("a map's value before its key"))?;
        Ok(self.dict.set_item(key, self.plain.object(value)?)?)
    }

    fn end(self) -> Out<'py> {
        self.finish()
    }
}
