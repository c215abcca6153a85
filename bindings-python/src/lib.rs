//! `forumpay._native`: the compiled half of the `forumpay` package. It carries values between
//! Python and core's surface and makes them feel native; every behaviour, name and check is
//! core's (decision 0020).

mod asyncio;
mod client;
#[cfg(unix)]
mod completions;
mod convert;
mod error;
mod models;
mod runtime;
mod sandbox;
mod store;
mod streams;
mod trace;
mod webhooks;

use pyo3::prelude::*;

/// The pid the I/O runtimes belong to (``None`` before the first call); for the fork test.
#[pyfunction]
fn _runtime_pid() -> Option<u32> {
    runtime::owner_pid()
}

/// The native module. Registers `runtime::_at_exit` with `atexit`, so that no Rust thread
/// enters Python once the interpreter begins to exit, and `runtime::_after_fork` for children.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<client::Client>()?;
    m.add_class::<streams::Stream>()?;
    m.add_class::<streams::AsyncStream>()?;
    #[cfg(unix)]
    m.add_class::<completions::Completions>()?;
    m.add_class::<sandbox::NativeSandbox>()?;
    m.add_function(wrap_pyfunction!(sandbox::sandbox_actions, m)?)?;
    m.add_class::<webhooks::WebhookEndpoint>()?;
    m.add_class::<webhooks::Step>()?;
    m.add_class::<webhooks::WebhookDeduplicator>()?;
    m.add_class::<webhooks::SourceAllowList>()?;
    m.add_function(wrap_pyfunction!(webhooks::parse_webhook, m)?)?;
    m.add_function(wrap_pyfunction!(client::decode_answer, m)?)?;
    m.add_function(wrap_pyfunction!(_runtime_pid, m)?)?;
    m.add_function(wrap_pyfunction!(trace::_trace_listening, m)?)?;
    m.add_function(wrap_pyfunction!(trace::_trace_is_listening, m)?)?;
    m.add_function(wrap_pyfunction!(trace::_trace_take, m)?)?;
    trace::install();
    let (at_exit, after_fork) = (wrap_pyfunction!(runtime::_at_exit, m)?, wrap_pyfunction!(runtime::_after_fork, m)?);
    m.py().import("atexit")?.call_method1("register", (&at_exit,))?;
    let hook = pyo3::types::PyDict::new(m.py());
    hook.set_item("after_in_child", &after_fork)?;
    m.py().import("os")?.call_method("register_at_fork", (), Some(&hook))?;
    m.add_function(at_exit)?;
    m.add_function(after_fork)?;
    Ok(())
}
