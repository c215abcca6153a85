//! Builds the models of `forumpay.models` (generated) straight from core's typed results
//! (decisions 0010, 0033): a serde `Serializer` ([`build`]) makes the Python objects as the
//! result serializes, each model slot by slot by the plan its class declares (`_fields`), with no
//! JSON tree in between. Each secret (core's `Secret`) is set as a `forumpay.models.Secret`, the
//! `str` that prints as `***`: which fields are secret is known from core's types, never from a
//! list here.

mod build;
mod fields;

use build::{Builder, Built};
use forumpay::surface::{secrets_apart, Crossed};
use pyo3::exceptions::PyTypeError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyString;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// How one field is read: as sent, `Decimal` from text, aware UTC `datetime` from RFC 3339 text,
/// a read-only mapping, a nested model (by class name), a tuple of items; and a list result's
/// rows (a Python `list`, where a field's list is a tuple).
enum Kind {
    Plain,
    Decimal,
    DateTime,
    Mapping,
    Model(String),
    List(Box<Kind>),
    Rows(Box<Kind>),
}

/// How one model class is built: its fields sorted by name, and the order in which core's type
/// gives them, learnt from the first one built (see [`Plan::find`]).
struct Plan {
    class: Py<PyAny>,
    fields: Vec<(Py<PyString>, String, Kind)>,
    order: OnceLock<Vec<Given>>,
}

/// A field as core's type gave it: its name (by address and length: serde's names are
/// `&'static str`s of the type's code), and its index in the plan (`None`: not declared there).
type Given = ((usize, usize), Option<usize>);

impl Plan {
    /// The index of field `key`, given `at`-th. A struct gives its fields in the same order each
    /// time, so the learnt order answers by comparing one address; otherwise the name is looked
    /// up (binary search compared names 36 times per record, 0.6 M instructions of a 50-record
    /// page's 5.7 M).
    fn find(&self, at: usize, key: &'static str) -> Option<usize> {
        match self.order.get().and_then(|o| o.get(at)) {
            Some(&(given, index)) if given == (key.as_ptr() as usize, key.len()) => index,
            _ => self.fields.binary_search_by(|f| f.1.as_str().cmp(key)).ok(),
        }
    }
}

/// A plan's fields are marked in a `u128` as they are set (the largest model has 42).
const MOST_FIELDS: usize = 128;

/// The Python objects the builder calls, looked up once.
struct Types {
    models: Py<PyAny>,
    object_new: Py<PyAny>,
    decimal: Py<PyAny>,
    from_iso: Py<PyAny>,
    /// Whether `from_iso` reads a `Z` (Python 3.11 and later).
    iso_reads_z: bool,
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
            iso_reads_z: py.version_info() >= (3, 11),
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
    if fields.len() > MOST_FIELDS {
        return Err(PyTypeError::new_err(format!("forumpay: {name} has more than {MOST_FIELDS} fields")));
    }
    fields.sort_by(|a, b| a.1.cmp(&b.1));
    let plan = Arc::new(Plan { class: class.unbind(), fields, order: OnceLock::new() });
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

/// A result in Python: the model of class `name` (a list of them when `list`), its secrets as
/// `Secret` values.
pub fn result<T: Serialize + ?Sized>(py: Python<'_>, name: &str, list: bool, value: &T) -> PyResult<Py<PyAny>> {
    let model = Kind::Model(name.to_string());
    let kind = if list { Kind::Rows(Box::new(model)) } else { model };
    let types = types(py)?;
    let secrets = RefCell::new(Vec::new());
    let (built, taken) = secrets_apart(|| value.serialize(Builder::new(py, types, &kind, Some(&secrets))));
    let Built::Object(root) = built.map_err(PyErr::from)? else {
        return Err(PyTypeError::new_err(format!("forumpay: a secret where a {name} was expected")));
    };
    for (at, attr, index) in secrets.into_inner() {
        let secret = taken.get(index).ok_or_else(|| PyTypeError::new_err("forumpay: a secret went missing"))?;
        set(&at, attr.bind(py).as_any(), &types.secret.bind(py).call1((secret.as_str(),))?)?;
    }
    Ok(root.unbind())
}

/// Plain JSON as Python (a `serde_json::Value`, or what serializes as one): dicts, lists, text,
/// flags, ints, and `Decimal` for other numbers (an exact number is never made a float).
pub fn plain<'py, T: Serialize + ?Sized>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    match value.serialize(Builder::new(py, types(py)?, &Kind::Plain, None))? {
        Built::Object(obj) => Ok(obj),
        Built::Secret(_) => Err(PyTypeError::new_err("forumpay: a secret in plain JSON")),
    }
}

/// A result of core's kept as it is typed until the GIL is held to build its model (the form
/// in which a call's result crosses: no JSON tree, no text).
pub struct Typed(Box<Build>);

/// What makes a [`Typed`] result's model: given the GIL, its class name and whether it is a list.
type Build = dyn FnOnce(Python<'_>, &str, bool) -> PyResult<Py<PyAny>> + Send;

impl Crossed for Typed {
    fn cross<T: Serialize + Send + 'static>(value: T) -> forumpay::Result<Typed> {
        Ok(Typed(Box::new(move |py, name, list| result(py, name, list, &value))))
    }
}

impl Typed {
    /// The model of class `name` (a list of them when `list`), as [`result`] builds it.
    pub fn model(self, py: Python<'_>, name: &str, list: bool) -> PyResult<Py<PyAny>> {
        (self.0)(py, name, list)
    }
}
