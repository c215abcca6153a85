//! Builds the typed results of `forumpay.models` from their canonical JSON form in Rust: the
//! object is made with `object.__new__` and each slot is set directly, amounts become `Decimal`
//! and timestamps `datetime` without a Python function per field. The Python models stay the
//! definition: each class says once, in `Model._native_plan()`, how its fields are read, and
//! any value this module does not expect goes through that field's Python reader, so the result
//! is the same as `Model._from_dict` (a test compares both). Measured: building a
//! `PaymentStatus` this way takes a few microseconds instead of about 30.

use crate::convert::json_to_py;
use pyo3::exceptions::PyTypeError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyTuple};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How one field (or the items of a tuple field) is read.
enum Kind {
    /// As sent (text, numbers, flags, nested JSON).
    Plain,
    /// `decimal.Decimal` from the text of an amount.
    Decimal,
    /// A naive `datetime` from `YYYY-MM-DD HH:MM:SS`.
    DateTime,
    /// `MappingProxyType` of a dict (`{}` when absent).
    Mapping,
    /// A nested model, by class name.
    Model(String),
    /// A tuple of items (`()` when absent).
    Tuple(Box<Kind>),
    /// Only the field's Python reader knows.
    Other,
}

/// One field of a model.
struct Field {
    attr: Py<PyString>,
    key: String,
    kind: Kind,
    optional: bool,
    reader: Py<PyAny>,
}

/// How one model class is built.
struct Plan {
    class: Py<PyAny>,
    fields: Vec<Field>,
}

/// The Python objects the builder calls, looked up once.
struct Types {
    models: Py<PyAny>,
    object_new: Py<PyAny>,
    decimal: Py<PyAny>,
    datetime: Py<PyAny>,
    mapping_proxy: Py<PyAny>,
}

static TYPES: PyOnceLock<Types> = PyOnceLock::new();
/// Plans by class name. The lock is never held while Python runs.
static PLANS: Mutex<Option<HashMap<String, Arc<Plan>>>> = Mutex::new(None);

fn types(py: Python<'_>) -> PyResult<&Types> {
    TYPES.get_or_try_init(py, || {
        Ok(Types {
            models: py.import("forumpay.models")?.into_any().unbind(),
            object_new: py.import("builtins")?.getattr("object")?.getattr("__new__")?.unbind(),
            decimal: py.import("decimal")?.getattr("Decimal")?.unbind(),
            datetime: py.import("datetime")?.getattr("datetime")?.unbind(),
            mapping_proxy: py.import("types")?.getattr("MappingProxyType")?.unbind(),
        })
    })
}

fn kind(kind: &str, arg: &Bound<'_, PyAny>) -> PyResult<Kind> {
    Ok(match kind {
        "plain" => Kind::Plain,
        "decimal" => Kind::Decimal,
        "datetime" => Kind::DateTime,
        "mapping" => Kind::Mapping,
        "model" => Kind::Model(arg.getattr("__name__")?.extract()?),
        "tuple" => {
            let (item, item_arg): (String, Bound<'_, PyAny>) = arg.extract()?;
            Kind::Tuple(Box::new(self::kind(&item, &item_arg)?))
        }
        _ => Kind::Other,
    })
}

/// The plan of `forumpay.models.<name>`, asked of the class the first time.
fn plan(py: Python<'_>, name: &str) -> PyResult<Arc<Plan>> {
    if let Some(plan) = PLANS.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert_with(HashMap::new).get(name) {
        return Ok(plan.clone());
    }
    let class = types(py)?.models.bind(py).getattr(name)?;
    let mut fields = Vec::new();
    for entry in class.call_method0("_native_plan")?.try_iter()? {
        let (attr, key, k, optional, arg, reader): (Bound<'_, PyString>, String, String, bool, Bound<'_, PyAny>, Bound<'_, PyAny>) =
            entry?.extract()?;
        let attr = PyString::intern(py, attr.to_cow()?.as_ref()).unbind();
        fields.push(Field { attr, key, kind: kind(&k, &arg)?, optional, reader: reader.unbind() });
    }
    let plan = Arc::new(Plan { class: class.unbind(), fields });
    PLANS.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert_with(HashMap::new).insert(name.to_string(), plan.clone());
    Ok(plan)
}

/// The model `forumpay.models.<name>` built from its canonical form.
pub fn build<'py>(py: Python<'py>, name: &str, json: &Value) -> PyResult<Bound<'py, PyAny>> {
    let plan = plan(py, name)?;
    let Value::Object(map) = json else {
        // Not a model's form: `_from_dict` says what is wrong with it.
        return plan.class.bind(py).call_method1("_from_dict", (json_to_py(py, json)?,));
    };
    let types = types(py)?;
    let obj = types.object_new.bind(py).call1((plan.class.bind(py),))?;
    for field in &plan.fields {
        let value = map.get(&field.key).unwrap_or(&Value::Null);
        let read = match read(py, types, &field.kind, field.optional, value)? {
            Some(read) => read,
            None => field.reader.bind(py).call1((json_to_py(py, value)?,))?,
        };
        // object.__setattr__: the models refuse plain assignment (they are immutable).
        // SAFETY: three valid object pointers; the GIL is held.
        if unsafe { ffi::PyObject_GenericSetAttr(obj.as_ptr(), field.attr.as_ptr(), read.as_ptr()) } != 0 {
            return Err(PyErr::take(py).unwrap_or_else(|| PyTypeError::new_err("cannot set a field")));
        }
    }
    Ok(obj)
}

/// One value read natively, or `None` when the field's Python reader must read it.
fn read<'py>(py: Python<'py>, types: &Types, kind: &Kind, optional: bool, value: &Value) -> PyResult<Option<Bound<'py, PyAny>>> {
    Ok(Some(match (kind, value) {
        (_, Value::Null) if optional => py.None().into_bound(py),
        (Kind::Plain, v) => json_to_py(py, v)?,
        (Kind::Tuple(_), Value::Null) => PyTuple::empty(py).into_any(),
        (Kind::Mapping, Value::Null) => types.mapping_proxy.bind(py).call1((PyDict::new(py),))?,
        (Kind::Mapping, v @ Value::Object(_)) => types.mapping_proxy.bind(py).call1((json_to_py(py, v)?,))?,
        (Kind::Decimal, Value::String(s)) => types.decimal.bind(py).call1((s.as_str(),))?,
        (Kind::DateTime, Value::String(s)) => match timestamp(s) {
            // A date the calendar refuses is left to the reader (and its error message).
            Some(parts) => match types.datetime.bind(py).call1(parts) {
                Ok(t) => t,
                Err(_) => return Ok(None),
            },
            None => return Ok(None),
        },
        (Kind::Model(name), v @ Value::Object(_)) => build(py, name, v)?,
        (Kind::Tuple(item), Value::Array(items)) => {
            let mut read_items = Vec::with_capacity(items.len());
            for v in items {
                match read(py, types, item, false, v)? {
                    Some(x) => read_items.push(x),
                    None => return Ok(None),
                }
            }
            PyTuple::new(py, read_items)?.into_any()
        }
        _ => return Ok(None),
    }))
}

/// `YYYY-MM-DD HH:MM:SS` exactly (what `strptime` with the models' format reads the same way).
fn timestamp(s: &str) -> Option<(u32, u32, u32, u32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b' ' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |at: usize, len: usize| -> Option<u32> {
        b[at..at + len].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    Some((num(0, 4)?, num(5, 2)?, num(8, 2)?, num(11, 2)?, num(14, 2)?, num(17, 2)?))
}

/// `_native._build_model(name, canonical_json)`: the native builder alone, for the test that
/// compares it with `Model._from_dict`.
#[pyfunction]
pub fn _build_model<'py>(py: Python<'py>, name: &str, canonical_json: &str) -> PyResult<Bound<'py, PyAny>> {
    let json: Value = serde_json::from_str(canonical_json).map_err(|e| PyTypeError::new_err(e.to_string()))?;
    build(py, name, &json)
}

#[cfg(test)]
mod tests {
    use super::timestamp;

    #[test]
    fn timestamps_are_read_only_in_the_exact_format() {
        assert_eq!(timestamp("2026-11-21 13:01:59"), Some((2026, 11, 21, 13, 1, 59)));
        assert_eq!(timestamp("2026-1-21 13:01:59"), None);
        assert_eq!(timestamp("2026-11-21T13:01:59"), None);
        assert_eq!(timestamp("2026-11-21 13:01:5x"), None);
        assert_eq!(timestamp("2026-11-21 13:01:59Z"), None);
    }
}
