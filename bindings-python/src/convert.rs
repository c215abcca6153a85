//! Type conversions between Python and the core: JSON values to Python objects, core results to
//! the typed Python models of `forumpay.models`, and Python amounts and durations to Rust.

use crate::error;
use forumpay::{Decimal, PaymentStatus, PaymentUpdate};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
use serde::Serialize;
use serde_json::Value;
use std::time::Duration;

/// A JSON value as plain Python data: objects → dict, lists → list, whole numbers → int, other
/// numbers → `Decimal` (never float), strings, booleans, `None`.
pub fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.into_pyobject(py)?.into_any(),
            None => match Decimal::from_scientific(&n.to_string()).or_else(|_| Decimal::from_str_exact(&n.to_string())) {
                Ok(d) => d.into_pyobject(py)?,
                Err(_) => PyString::new(py, &n.to_string()).into_any(),
            },
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// Plain Python data (str, int, bool, None, lists, dicts) as JSON; anything else is refused.
pub fn py_to_json(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    if obj.is_none() {
        Ok(Value::Null)
    } else if let Ok(b) = obj.cast::<PyBool>() {
        Ok(Value::Bool(b.is_true()))
    } else if obj.is_instance_of::<PyInt>() {
        Ok(Value::from(obj.extract::<i64>()?))
    } else if let Ok(s) = obj.cast::<PyString>() {
        Ok(Value::String(s.to_cow()?.into_owned()))
    } else if let Ok(list) = obj.cast::<PyList>() {
        list.iter().map(|item| py_to_json(&item)).collect::<PyResult<Vec<_>>>().map(Value::Array)
    } else if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (k, v) in dict.iter() {
            map.insert(k.extract::<String>()?, py_to_json(&v)?);
        }
        Ok(Value::Object(map))
    } else {
        Err(PyTypeError::new_err(format!("cannot send a {} value", obj.get_type().name()?)))
    }
}

/// A raw body: `bytes`, `bytearray`, `memoryview` (anything with the buffer protocol), or a
/// `str` taken as UTF-8.
pub fn body(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(text) = obj.cast::<PyString>() {
        return Ok(text.to_cow()?.as_bytes().to_vec());
    }
    if obj.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err("a body must be bytes or str"));
    }
    let bytes = obj.py().import("builtins")?.getattr("bytes")?.call1((obj,))?;
    Ok(bytes.cast::<pyo3::types::PyBytes>()?.as_bytes().to_vec())
}

/// An amount from Python: a `decimal.Decimal`, a `str` of plain digits, or an `int`. A `float`
/// (or a bool) is refused with `ValidationError`: a binary float cannot hold most amounts.
/// The text goes through the core's own parser, so scale and digits are kept exactly.
pub fn amount(field: &'static str, obj: &Bound<'_, PyAny>) -> PyResult<Decimal> {
    let py = obj.py();
    let text = if obj.is_instance_of::<PyFloat>() || obj.is_instance_of::<PyBool>() {
        let kind = obj.get_type().name()?;
        let e = forumpay::Error::validation(
            field,
            format!("{field} must be a decimal.Decimal or a str, not {kind}: floats cannot hold amounts exactly"),
        );
        return Err(error::to_py(e));
    } else if obj.is_instance_of::<PyString>() {
        obj.extract::<String>()?
    } else if obj.is_instance_of::<PyInt>() {
        obj.str()?.to_cow()?.into_owned()
    } else if obj.is_instance(&py.import("decimal")?.getattr("Decimal")?)? {
        // format(d, "f") writes plain digits (no exponent) and keeps the scale.
        py.import("builtins")?.getattr("format")?.call1((obj, "f"))?.extract::<String>()?
    } else {
        let kind = obj.get_type().name()?;
        let e = forumpay::Error::validation(field, format!("{field} must be a decimal.Decimal or a str, not {kind}"));
        return Err(error::to_py(e));
    };
    forumpay::parse_amount(field, &text).map_err(error::to_py)
}

/// A duration in seconds (int, float or `datetime.timedelta`); durations are not money.
pub fn duration(field: &'static str, obj: &Bound<'_, PyAny>) -> PyResult<Duration> {
    let seconds: f64 = if obj.hasattr("total_seconds")? {
        obj.call_method0("total_seconds")?.extract()?
    } else {
        obj.extract()
            .map_err(|_| PyTypeError::new_err(format!("{field} must be seconds (int or float) or a timedelta")))?
    };
    match Duration::try_from_secs_f64(seconds) {
        Ok(d) if !d.is_zero() => Ok(d),
        _ => Err(error::to_py(forumpay::Error::validation(field, format!("{field} must be a positive number of seconds")))),
    }
}

/// A core result as the typed model `forumpay.models.<class_name>` (built from its canonical
/// snake_case form).
pub fn model<T: Serialize>(py: Python<'_>, class_name: &str, value: &T) -> PyResult<Py<PyAny>> {
    let json = serde_json::to_value(value)
        .map_err(|e| PyValueError::new_err(format!("cannot convert the result: {e}")))?;
    from_canonical(py, class_name, &json)
}

/// The model `forumpay.models.<class_name>` built from a canonical JSON form (see
/// [`crate::models`]).
pub fn from_canonical(py: Python<'_>, class_name: &str, json: &Value) -> PyResult<Py<PyAny>> {
    Ok(crate::models::build(py, class_name, json)?.unbind())
}

/// Adds the core state machine's answers for a payment to its canonical form (`status`, the
/// serialized `s`): `settled` and `allowed_actions`, so that Python asks the core, never guesses.
pub fn add_facts(s: &PaymentStatus, status: &mut Value) {
    if let Value::Object(map) = status {
        map.insert("settled".into(), Value::Bool(s.is_settled()));
        let actions = s.allowed_actions().into_iter().map(|a| Value::from(a.as_str())).collect();
        map.insert("allowed_actions".into(), Value::Array(actions));
    }
}

/// A payment status in canonical form, with the state machine's answers ([`add_facts`]).
pub fn status_json(s: &PaymentStatus) -> forumpay::Result<Value> {
    let mut json = serde_json::to_value(s)
        .map_err(|e| forumpay::Error::new(forumpay::ErrorCode::Decode, format!("cannot convert the result: {e}")))?;
    add_facts(s, &mut json);
    Ok(json)
}

/// A watch update as `forumpay.models.PaymentUpdate`.
pub fn update(py: Python<'_>, u: &PaymentUpdate) -> PyResult<Py<PyAny>> {
    let status = status_json(&u.status).map_err(error::to_py)?;
    // Core's `observed_at` is a `Timestamp` to the millisecond (the Kotlin binding's core commit).
    let observed = u.observed_at.unix_millis() as f64 / 1000.0;
    let json = serde_json::json!({
        "previous": u.previous.as_ref().map(|s| s.as_str().to_string()),
        "state": u.state.as_str(),
        "status": status,
        "observed_at": observed,
        "transition": u.transition,
        "unlisted": u.is_unlisted(),
        "settled": u.is_settled(),
    });
    from_canonical(py, "PaymentUpdate", &json)
}
