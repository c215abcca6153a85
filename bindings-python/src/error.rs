//! The one error mapping of the binding: a core error becomes the exception class of its code
//! (`forumpay._errors`, generated), carrying every field of its canonical form by name; an
//! error of the emulator becomes `forumpay.testing.SandboxError`.

use crate::models;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

static ERRORS: PyOnceLock<(Py<PyAny>, Py<PyAny>)> = PyOnceLock::new();

/// The Python exception for a core error.
pub fn to_py(e: forumpay::Error) -> PyErr {
    Python::attach(|py| build(py, &e).unwrap_or_else(|failure| failure))
}

fn build(py: Python<'_>, e: &forumpay::Error) -> PyResult<PyErr> {
    let (by_code, base) = ERRORS.get_or_try_init(py, || {
        let module = py.import("forumpay._errors")?;
        Ok::<_, PyErr>((module.getattr("BY_CODE")?.unbind(), module.getattr("ForumPayError")?.unbind()))
    })?;
    let fields = models::plain(py, &e.fields())?.cast_into::<PyDict>()?;
    let message = fields.get_item("message")?.map(|m| m.unbind()).unwrap_or_else(|| py.None());
    fields.del_item("message")?;
    let code = fields.get_item("code")?;
    let class = match code {
        Some(code) => by_code.bind(py).call_method1("get", (code, base.bind(py)))?,
        None => base.bind(py).clone(),
    };
    Ok(PyErr::from_value(class.call((message,), Some(&fields))?))
}

/// `forumpay.testing.SandboxError` for an error of the emulator.
pub fn sandbox_to_py(e: forumpay_sandbox::SandboxError) -> PyErr {
    Python::attach(|py| {
        let made = py.import("forumpay.testing").and_then(|m| m.getattr("SandboxError")).and_then(|cls| cls.call1((e.to_string(), e.code())));
        match made {
            Ok(exc) => PyErr::from_value(exc),
            Err(failure) => failure,
        }
    })
}
