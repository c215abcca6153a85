//! Keyword arguments consumed by name, so that every client method builds its core request from
//! one table of names and an unknown name is a `TypeError`, as for a Python function.

use crate::convert;
use forumpay::Decimal;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::time::Duration;

/// The keyword arguments of one call.
pub struct Kwargs<'py> {
    call: &'static str,
    dict: Bound<'py, PyDict>,
}

impl<'py> Kwargs<'py> {
    /// Takes a copy of `kwargs` (`None` counts as no arguments) for method `call`.
    pub fn new(py: Python<'py>, call: &'static str, kwargs: Option<&Bound<'py, PyDict>>) -> PyResult<Self> {
        let dict = match kwargs {
            Some(d) => d.copy()?,
            None => PyDict::new(py),
        };
        Ok(Kwargs { call, dict })
    }

    /// The raw value; an explicit `None` counts as absent.
    pub fn take(&mut self, key: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let value = self.dict.get_item(key)?;
        if value.is_some() {
            self.dict.del_item(key)?;
        }
        Ok(value.filter(|v| !v.is_none()))
    }

    fn missing(&self, key: &str) -> PyErr {
        PyTypeError::new_err(format!("{}() missing required keyword argument: '{key}'", self.call))
    }

    fn typed<T: for<'a> FromPyObject<'a, 'py>>(&mut self, key: &str, kind: &str) -> PyResult<Option<T>> {
        match self.take(key)? {
            None => Ok(None),
            Some(v) => v.extract::<T>().map(Some).map_err(|_| {
                PyTypeError::new_err(format!("{}() argument '{key}' must be {kind}", self.call))
            }),
        }
    }

    /// Optional text.
    pub fn opt_str(&mut self, key: &str) -> PyResult<Option<String>> {
        self.typed(key, "a str")
    }

    /// Required text.
    pub fn str(&mut self, key: &str) -> PyResult<String> {
        self.opt_str(key)?.ok_or_else(|| self.missing(key))
    }

    /// An optional flag (a real `bool`: `1` or `"yes"` are refused).
    pub fn opt_bool(&mut self, key: &str) -> PyResult<Option<bool>> {
        match self.take(key)? {
            None => Ok(None),
            Some(v) if v.is_instance_of::<pyo3::types::PyBool>() => Ok(Some(v.is_truthy()?)),
            Some(_) => Err(PyTypeError::new_err(format!("{}() argument '{key}' must be a bool", self.call))),
        }
    }

    /// An optional whole number (a `bool` is refused).
    pub fn opt_int(&mut self, key: &str) -> PyResult<Option<i64>> {
        match self.take(key)? {
            Some(v) if v.is_instance_of::<pyo3::types::PyBool>() => {
                Err(PyTypeError::new_err(format!("{}() argument '{key}' must be an int", self.call)))
            }
            Some(v) => v.extract::<i64>().map(Some).map_err(|_| {
                PyTypeError::new_err(format!("{}() argument '{key}' must be an int", self.call))
            }),
            None => Ok(None),
        }
    }

    /// A required raw body: `bytes`, `bytearray`, `memoryview` or a `str` (sent as UTF-8).
    pub fn bytes(&mut self, key: &str) -> PyResult<Vec<u8>> {
        match self.take(key)? {
            None => Err(self.missing(key)),
            Some(v) => convert::body(&v).map_err(|_| {
                PyTypeError::new_err(format!("{}() argument '{key}' must be bytes or str", self.call))
            }),
        }
    }

    /// A required list of strings.
    pub fn strings(&mut self, key: &str) -> PyResult<Vec<String>> {
        self.typed(key, "a list of str")?.ok_or_else(|| self.missing(key))
    }

    /// An optional amount (see [`convert::amount`]).
    pub fn opt_amount(&mut self, key: &'static str) -> PyResult<Option<Decimal>> {
        match self.take(key)? {
            None => Ok(None),
            Some(v) => convert::amount(key, &v).map(Some),
        }
    }

    /// A required amount.
    pub fn amount(&mut self, key: &'static str) -> PyResult<Decimal> {
        self.opt_amount(key)?.ok_or_else(|| self.missing(key))
    }

    /// An optional duration in seconds.
    pub fn opt_duration(&mut self, key: &'static str) -> PyResult<Option<Duration>> {
        match self.take(key)? {
            None => Ok(None),
            Some(v) => convert::duration(key, &v).map(Some),
        }
    }

    /// Whatever is left, as JSON (for open-ended arguments such as a fault's fields).
    pub fn rest_as_json(&mut self) -> PyResult<serde_json::Map<String, serde_json::Value>> {
        let value = convert::py_to_json(self.dict.as_any())?;
        self.dict.clear();
        Ok(match value {
            serde_json::Value::Object(map) => map,
            _ => serde_json::Map::new(),
        })
    }

    /// Fails with `TypeError` when an argument was given that the call does not take.
    pub fn finish(self) -> PyResult<()> {
        if self.dict.is_empty() {
            return Ok(());
        }
        let names: Vec<String> = self.dict.keys().iter().map(|k| k.to_string()).collect();
        Err(PyTypeError::new_err(format!(
            "{}() got unexpected keyword argument(s): {}",
            self.call,
            names.join(", ")
        )))
    }
}
