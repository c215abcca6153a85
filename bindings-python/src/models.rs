//! Builds the models of `forumpay.models` (generated) from core's canonical form in Rust (decision
//! 0010), slot by slot, by the plan each class declares (`_fields`); then puts each secret core
//! moved apart back in its place as a `forumpay.models.Secret`, the `str` that prints as `***`:
//! which fields are secret is known from core's types, never from a list here.

use crate::convert;
use forumpay::surface::{Crossing, Step};
use pyo3::exceptions::PyTypeError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyString, PyTuple};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How one field is read: as sent, `Decimal` from text, aware UTC `datetime` from RFC 3339 text,
/// a read-only mapping, a nested model (by class name), a tuple of items.
enum Kind {
    Plain,
    Decimal,
    DateTime,
    Mapping,
    Model(String),
    List(Box<Kind>),
}

/// How one model class is built.
struct Plan {
    class: Py<PyAny>,
    fields: Vec<(Py<PyString>, String, Kind)>,
}

/// The Python objects the builder calls, looked up once.
struct Types {
    models: Py<PyAny>,
    object_new: Py<PyAny>,
    decimal: Py<PyAny>,
    from_iso: Py<PyAny>,
    mapping_proxy: Py<PyAny>,
    secret: Py<PyAny>,
}

static TYPES: PyOnceLock<Types> = PyOnceLock::new();
/// Plans by class name. The lock is never held while Python runs.
static PLANS: Mutex<Option<HashMap<String, Arc<Plan>>>> = Mutex::new(None);

fn types(py: Python<'_>) -> PyResult<&Types> {
    TYPES.get_or_try_init(py, || {
        let models = py.import("forumpay.models")?;
        Ok(Types {
            object_new: py.import("builtins")?.getattr("object")?.getattr("__new__")?.unbind(),
            decimal: py.import("decimal")?.getattr("Decimal")?.unbind(),
            from_iso: py.import("datetime")?.getattr("datetime")?.getattr("fromisoformat")?.unbind(),
            mapping_proxy: py.import("types")?.getattr("MappingProxyType")?.unbind(),
            secret: models.getattr("Secret")?.unbind(),
            models: models.into_any().unbind(),
        })
    })
}

fn kind(declared: &Bound<'_, PyAny>) -> PyResult<Kind> {
    if let Ok(name) = declared.extract::<String>() {
        return Ok(match name.as_str() {
            "decimal" => Kind::Decimal,
            "datetime" => Kind::DateTime,
            "mapping" => Kind::Mapping,
            _ => Kind::Plain,
        });
    }
    let (outer, inner): (String, Bound<'_, PyAny>) = declared.extract()?;
    Ok(match outer.as_str() {
        "model" => Kind::Model(inner.extract()?),
        _ => Kind::List(Box::new(kind(&inner)?)),
    })
}

/// The plan of `forumpay.models.<name>`, read from the class the first time.
fn plan(py: Python<'_>, name: &str) -> PyResult<Arc<Plan>> {
    if let Some(plan) = PLANS.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert_with(HashMap::new).get(name) {
        return Ok(plan.clone());
    }
    let class = types(py)?.models.bind(py).getattr(name)?;
    let mut fields = Vec::new();
    for entry in class.getattr("_fields")?.try_iter()? {
        let (field, declared): (String, Bound<'_, PyAny>) = entry?.extract()?;
        fields.push((PyString::intern(py, &field).unbind(), field, kind(&declared)?));
    }
    // In the order of core's maps (sorted by key), so that `build` reads both in one pass.
    fields.sort_by(|a, b| a.1.cmp(&b.1));
    let plan = Arc::new(Plan { class: class.unbind(), fields });
    PLANS.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert_with(HashMap::new).insert(name.to_string(), plan.clone());
    Ok(plan)
}

/// Sets an attribute of a model, which refuses plain assignment (they are immutable).
fn set(obj: &Bound<'_, PyAny>, attr: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
    // SAFETY: three valid object pointers; the GIL is held.
    if unsafe { ffi::PyObject_GenericSetAttr(obj.as_ptr(), attr.as_ptr(), value.as_ptr()) } != 0 {
        return Err(PyErr::take(obj.py()).unwrap_or_else(|| PyTypeError::new_err("cannot set a field")));
    }
    Ok(())
}

/// The model `forumpay.models.<name>` built from its canonical form (an object).
fn build<'py>(py: Python<'py>, name: &str, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    let plan = plan(py, name)?;
    let Value::Object(map) = value else {
        return Err(PyTypeError::new_err(format!("forumpay: core gave {value} for a {name}")));
    };
    let types = types(py)?;
    let obj = types.object_new.bind(py).call1((plan.class.bind(py),))?;
    let mut entries = map.iter().peekable();
    for (attr, key, kind) in &plan.fields {
        while entries.next_if(|(k, _)| *k < key).is_some() {}
        let value = entries.next_if(|(k, _)| *k == key).map_or(&Value::Null, |(_, v)| v);
        let read = read(py, types, kind, value)?;
        set(&obj, attr.bind(py), &read)?;
    }
    Ok(obj)
}

fn read<'py>(py: Python<'py>, types: &Types, kind: &Kind, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match (kind, value) {
        (_, Value::Null) => py.None().into_bound(py),
        (Kind::Plain, v) => convert::to_py(py, v)?,
        (Kind::Decimal, Value::String(s)) => types.decimal.bind(py).call1((s.as_str(),))?,
        // Core writes `...Z`; Python before 3.11 reads only `+00:00`.
        (Kind::DateTime, Value::String(s)) => match s.strip_suffix('Z') {
            Some(utc) => types.from_iso.bind(py).call1((format!("{utc}+00:00"),))?,
            None => return Err(PyTypeError::new_err(format!("forumpay: core gave {s:?} for a time"))),
        },
        (Kind::Mapping, v @ Value::Object(_)) => types.mapping_proxy.bind(py).call1((convert::to_py(py, v)?,))?,
        (Kind::Model(name), v) => build(py, name, v)?,
        (Kind::List(item), Value::Array(items)) => {
            PyTuple::new(py, items.iter().map(|v| read(py, types, item, v)).collect::<PyResult<Vec<_>>>()?)?.into_any()
        }
        (_, v) => return Err(PyTypeError::new_err(format!("forumpay: core gave {v} where the model expects another kind"))),
    })
}

/// A result in Python: the model of class `name` (a list of them when `list`), with its
/// secrets put back as `Secret` values.
pub fn result(py: Python<'_>, name: &str, crossing: Crossing, list: bool) -> PyResult<Py<PyAny>> {
    let types = types(py)?;
    let root = match (&crossing.value, list) {
        (Value::Array(items), true) => PyList::new(py, items.iter().map(|v| build(py, name, v)).collect::<PyResult<Vec<_>>>()?)?.into_any(),
        (value, _) => build(py, name, value)?,
    };
    for secret in crossing.secrets {
        let mut at = root.clone();
        for step in &secret.path {
            at = match step {
                Step::Key(key) => at.getattr(key.as_str())?,
                Step::Index(i) => at.get_item(*i)?,
            };
        }
        let value = types.secret.bind(py).call1((secret.value,))?;
        set(&at, PyString::new(py, &secret.key).as_any(), &value)?;
    }
    Ok(root.unbind())
}
