//! `forumpay._native`: the compiled half of the `forumpay` Python package. It converts types
//! and maps errors around the Rust core; every behaviour lives in the core.

mod async_client;
mod calls;
mod client;
mod convert;
mod error;
mod iterators;
mod kwargs;
mod log;
mod models;
mod runtime;
mod sandbox;
mod webhooks;

use pyo3::prelude::*;

/// The pid the I/O runtime belongs to (``None`` before the first call); for fork tests.
#[pyfunction]
fn _runtime_pid() -> Option<u32> {
    runtime::owner_pid()
}

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<client::Client>()?;
    m.add_class::<async_client::AsyncClient>()?;
    m.add_class::<iterators::Transactions>()?;
    m.add_class::<iterators::Watch>()?;
    m.add_class::<iterators::AsyncTransactions>()?;
    m.add_class::<iterators::AsyncWatch>()?;
    m.add_class::<sandbox::NativeSandbox>()?;
    m.add_class::<webhooks::WebhookDeduplicator>()?;
    m.add_class::<webhooks::SourceAllowList>()?;
    m.add_function(wrap_pyfunction!(webhooks::parse_webhook, m)?)?;
    m.add_function(wrap_pyfunction!(_runtime_pid, m)?)?;
    m.add_function(wrap_pyfunction!(models::_build_model, m)?)?;
    Ok(())
}
