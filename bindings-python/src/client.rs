//! `forumpay.Client`: the sync client. Each call releases the GIL while it waits, so threads of
//! a Django worker run their calls in parallel.

use crate::calls::{client_methods, list_transactions, payment_ref, watch_options, Request};
use crate::iterators::{Transactions, Watch};
use crate::kwargs::Kwargs;
use crate::{error, log, runtime};
use forumpay::Config;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::sync::Mutex;
use std::time::Instant;

/// The configuration and the core client of the current process. A client made before
/// `fork()` holds connections of the parent's runtime, so the child makes its own.
pub struct Handle {
    config: Config,
    client: Mutex<(u32, forumpay::Client)>,
}

impl Handle {
    /// Reads the constructor's arguments and builds the core client.
    pub fn new(py: Python<'_>, api_user: String, api_secret: String, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Handle> {
        let mut a = Kwargs::new(py, "Client", kwargs)?;
        let mut b = Config::builder(api_user, api_secret);
        if let Some(env) = a.opt_str("environment")? {
            b = b.environment(forumpay::Environment::parse(&env).map_err(error::to_py)?);
        }
        if let Some(url) = a.opt_str("base_url")? {
            b = b.base_url(url);
        }
        if let Some(pos_id) = a.opt_str("pos_id")? {
            b = b.pos_id(pos_id);
        }
        if let Some(locale) = a.opt_str("locale")? {
            b = b.locale(locale);
        }
        if let Some(user) = a.opt_str("user")? {
            b = b.user(user);
        }
        if let Some(t) = a.opt_duration("connect_timeout")? {
            b = b.connect_timeout(t);
        }
        if let Some(t) = a.opt_duration("request_timeout")? {
            b = b.request_timeout(t);
        }
        if let Some(t) = a.opt_duration("deadline")? {
            b = b.call_deadline(t);
        }
        if let Some(n) = a.opt_int("max_attempts")? {
            // Out of u32's range is out of the core's range too: the core names the limits.
            b = b.max_attempts(u32::try_from(n).unwrap_or(0));
        }
        if let Some(t) = a.opt_duration("retry_base_delay")? {
            b = b.retry_base_delay(t);
        }
        if let Some(t) = a.opt_duration("retry_max_delay")? {
            b = b.retry_max_delay(t);
        }
        let version = py.version_info();
        let mut suffix = format!("python/{}.{}", version.major, version.minor);
        if let Some(extra) = a.opt_str("user_agent_suffix")? {
            suffix = format!("{suffix} {extra}");
        }
        a.finish()?;
        let config = b.user_agent_suffix(suffix).build().map_err(error::to_py)?;
        let client = forumpay::Client::new(config.clone()).map_err(error::to_py)?;
        Ok(Handle { config, client: Mutex::new((std::process::id(), client)) })
    }

    /// The core client of this process.
    pub fn client(&self) -> PyResult<forumpay::Client> {
        let pid = std::process::id();
        let mut slot = self.client.lock().unwrap_or_else(|p| p.into_inner());
        if slot.0 != pid {
            let fresh = forumpay::Client::new(self.config.clone()).map_err(error::to_py)?;
            // The parent's client must not be dropped here (its pool belongs to a dead runtime).
            std::mem::forget(std::mem::replace(&mut *slot, (pid, fresh)));
        }
        Ok(slot.1.clone())
    }

    /// `Client(api_user=..., base_url=..., pos_id=...)`, never the secret.
    pub fn repr(&self, class: &str) -> String {
        let quote = |s: &str| format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"));
        let pos_id = self.config.pos_id().map(quote).unwrap_or_else(|| "None".into());
        format!("{class}(api_user={}, base_url={}, pos_id={pos_id})", quote(self.config.api_user()), quote(self.config.base_url()))
    }

    /// Runs one call to the end on the process runtime, without the GIL (Ctrl-C stops it).
    pub fn call(&self, py: Python<'_>, name: &'static str, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
        let request = Request::read(py, name, kwargs)?;
        let action = request.action();
        let client = self.client()?;
        let started = Instant::now();
        let result = runtime::wait(py, request.run(client))?;
        log::outcome(py, action, started.elapsed(), &result);
        result.map_err(error::to_py)?.into_py(py)
    }

    /// The base URL in use.
    pub fn base_url(&self) -> &str {
        self.config.base_url()
    }

    /// The default point of sale.
    pub fn pos_id(&self) -> Option<&str> {
        self.config.pos_id()
    }
}

/// The ForumPay API client (sync). Safe to share between threads: calls release the GIL.
///
/// ``Client(api_user, api_secret, *, environment="production", base_url=None, pos_id=None,
/// locale=None, user=None, connect_timeout=None, request_timeout=None, deadline=None,
/// max_attempts=None, retry_base_delay=None, retry_max_delay=None, user_agent_suffix=None)``
/// (durations in seconds or as ``timedelta``).
#[pyclass(module = "forumpay._native", frozen)]
pub struct Client {
    handle: Handle,
}

impl Client {
    /// Runs call `name` to the end (the table of `client_methods!`).
    fn call(&self, py: Python<'_>, name: &'static str, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
        self.handle.call(py, name, kwargs)
    }
}

client_methods!(Client, Transactions, Watch);
