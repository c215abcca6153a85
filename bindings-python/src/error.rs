//! The one error mapping of the binding: a core [`forumpay::Error`] becomes the exception class
//! of its code, and a sandbox error becomes `forumpay.testing.SandboxError`. The classes
//! themselves are declared once, in Python (`forumpay/_errors.py`); this file only fills them.

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Builds the Python exception for a core error (`forumpay._errors._from_core`).
pub fn to_py(e: forumpay::Error) -> PyErr {
    Python::attach(|py| build(py, &e).unwrap_or_else(|failure| failure))
}

fn build(py: Python<'_>, e: &forumpay::Error) -> PyResult<PyErr> {
    let d = e.details();
    let kw = PyDict::new(py);
    kw.set_item("code", e.code().as_str())?;
    kw.set_item("http_status", d.http_status)?;
    kw.set_item("err", d.err.as_deref())?;
    kw.set_item("err_code", d.err_code.as_deref())?;
    kw.set_item("cf_ray", d.cf_ray.as_deref())?;
    kw.set_item("attempts", d.attempts)?;
    kw.set_item("field", d.field.as_deref())?;
    kw.set_item("action", d.action.as_deref())?;
    kw.set_item("retry_after", d.retry_after.map(|t| t.as_secs_f64()))?;
    // Display gives code, message, action, status and Cf-Ray; core keeps secrets out of it.
    let exc = py
        .import("forumpay._errors")?
        .getattr("_from_core")?
        .call((e.to_string(),), Some(&kw))?;
    Ok(PyErr::from_value(exc))
}

/// Builds `forumpay.testing.SandboxError` for an error of the emulator.
pub fn sandbox_to_py(e: forumpay_sandbox::SandboxError) -> PyErr {
    Python::attach(|py| {
        let made = py
            .import("forumpay._errors")
            .and_then(|m| m.getattr("SandboxError"))
            .and_then(|cls| cls.call1((e.to_string(), e.code())));
        match made {
            Ok(exc) => PyErr::from_value(exc),
            Err(failure) => failure,
        }
    })
}
