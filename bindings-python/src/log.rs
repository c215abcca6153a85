//! Log lines through Python's `logging` (logger `forumpay`): the action, how long it took and,
//! on failure, the error code, HTTP status and Cf-Ray. Never a body, an amount or a secret.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use std::time::Duration;

static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
const DEBUG: i32 = 10;
const INFO: i32 = 20;

fn logger(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    LOGGER
        .get_or_try_init(py, || Ok::<_, PyErr>(py.import("logging")?.call_method1("getLogger", ("forumpay",))?.unbind()))
        .map(|l| l.bind(py))
}

fn emit(py: Python<'_>, level: i32, line: impl FnOnce() -> String) -> PyResult<()> {
    let logger = logger(py)?;
    if logger.call_method1(pyo3::intern!(py, "isEnabledFor"), (level,))?.is_truthy()? {
        logger.call_method1(pyo3::intern!(py, "log"), (level, "%s", line()))?;
    }
    Ok(())
}

/// Logs the outcome of one call (debug on success, info on failure). Logging never fails
/// the call.
pub fn outcome<T>(py: Python<'_>, action: &str, elapsed: Duration, result: &forumpay::Result<T>) {
    let ms = elapsed.as_millis();
    let logged = match result {
        Ok(_) => emit(py, DEBUG, || format!("{action} ok in {ms} ms")),
        Err(e) => emit(py, INFO, || {
            let status = e.http_status().map(|s| format!(" http_status={s}")).unwrap_or_default();
            let ray = e.cf_ray().map(|r| format!(" cf_ray={r}")).unwrap_or_default();
            format!("{action} failed in {ms} ms: code={}{status}{ray} attempts={}", e.code(), e.attempts())
        }),
    };
    let _ = logged;
}
