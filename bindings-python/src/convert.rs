//! Python arguments become the named JSON values core reads (plain JSON comes back through
//! `models::plain`).
//! What is no value of this API (a float, a naive `datetime`, a lone surrogate, an int out of
//! range, another kind of object) is a `ValidationError` naming the argument; whether a value
//! is an amount, a duration or a flag is core's to say, by the argument's name.

use crate::error;
use forumpay::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMemoryView, PyString, PyTuple};
use serde_json::{Map, Value};

/// The Python objects the conversion uses, looked up once.
struct Types {
    decimal: Py<PyAny>,
    datetime: Py<PyAny>,
    utc: Py<PyAny>,
}

static TYPES: PyOnceLock<Types> = PyOnceLock::new();

fn types(py: Python<'_>) -> PyResult<&Types> {
    TYPES.get_or_try_init(py, || {
        let datetime = py.import("datetime")?;
        Ok(Types {
            decimal: py.import("decimal")?.getattr("Decimal")?.unbind(),
            datetime: datetime.getattr("datetime")?.unbind(),
            utc: datetime.getattr("timezone")?.getattr("utc")?.unbind(),
        })
    })
}

/// A `ValidationError` about `field`.
fn refuse<T>(field: &str, why: &str) -> PyResult<T> {
    let message = if field.is_empty() { why.to_string() } else { format!("{field}: {why}") };
    Err(error::to_py(Error::validation(field, message)))
}

/// Keyword arguments as one map of named values (`None` for no arguments).
pub fn arguments(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Value> {
    match kwargs {
        Some(dict) => entries(dict.iter(), ""),
        None => Ok(Value::Object(Map::new())),
    }
}

/// The entries of a dict or mapping under `field`; an entry whose value is `None` is absent.
fn entries<'py>(items: impl Iterator<Item = (Bound<'py, PyAny>, Bound<'py, PyAny>)>, field: &str) -> PyResult<Value> {
    let mut map = Map::new();
    for (key, value) in items {
        let Ok(key) = key.cast::<PyString>().map(|k| k.to_cow().map(|c| c.into_owned())) else {
            return refuse(field, "the names of its entries must be text");
        };
        let Ok(key) = key else { return refuse(field, "the names of its entries must be valid Unicode text") };
        if value.is_none() {
            continue;
        }
        let nested = if field.is_empty() { key.clone() } else { format!("{field}.{key}") };
        map.insert(key, to_json(&value, &nested)?);
    }
    Ok(Value::Object(map))
}

/// `obj` as a named value; `field` names it in errors (dotted for nested values, list items
/// by their list).
pub fn to_json(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Value> {
    let py = obj.py();
    if let Ok(text) = obj.cast::<PyString>() {
        return match text.to_cow() {
            Ok(t) => Ok(Value::String(t.into_owned())),
            Err(_) => refuse(field, "must be valid Unicode text (it holds a lone surrogate)"),
        };
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(flag) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        return match (obj.extract::<i64>(), obj.extract::<u64>()) {
            (Ok(i), _) => Ok(i.into()),
            (_, Ok(u)) => Ok(u.into()),
            _ => refuse(field, "is out of range"),
        };
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        return entries(dict.iter(), field);
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        return obj.try_iter()?.map(|item| to_json(&item?, field)).collect::<PyResult<Vec<_>>>().map(Value::Array);
    }
    let t = types(py)?;
    if obj.is_instance(t.decimal.bind(py))? {
        // Plain digits, the scale kept ("1E+2" gives "100"); core's parser decides the rest.
        return Ok(Value::String(py.import("builtins")?.getattr("format")?.call1((obj, "f"))?.extract()?));
    }
    if obj.is_instance_of::<PyFloat>() {
        return refuse(field, "must not be a float: an amount is a Decimal or its text, a duration whole milliseconds");
    }
    if obj.is_instance(t.datetime.bind(py))? {
        if obj.getattr("tzinfo")?.is_none() {
            return refuse(field, "must be an aware datetime (UTC)");
        }
        return Ok(Value::String(obj.call_method1("astimezone", (t.utc.bind(py),))?.call_method0("isoformat")?.extract()?));
    }
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() || obj.is_instance_of::<PyMemoryView>() {
        // Bytes stay bytes (a list of byte values): only where core takes them (a raw body).
        return Ok(Value::Array(bytes_of(obj)?.into_iter().map(Value::from).collect()));
    }
    refuse(field, &format!("cannot be a {}", obj.get_type().name()?))
}

fn bytes_of(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    let bytes = obj.py().import("builtins")?.getattr("bytes")?.call1((obj,))?;
    Ok(bytes.cast::<PyBytes>()?.as_bytes().to_vec())
}

/// A text argument of the binding's own (a source address, a key).
pub fn text(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<String> {
    match to_json(obj, field)? {
        Value::String(text) => Ok(text),
        _ => refuse(field, "must be text"),
    }
}

/// A raw body: `bytes`, `bytearray`, `memoryview`, or a `str` sent as UTF-8.
pub fn body(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if obj.is_instance_of::<PyString>() {
        return text(obj, "body").map(String::into_bytes);
    }
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() || obj.is_instance_of::<PyMemoryView>() {
        return bytes_of(obj);
    }
    refuse("body", "must be bytes or str")
}
