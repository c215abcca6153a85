//! Core's webhook endpoint (its step machine and answer table, decision 0008) for
//! `forumpay.webhooks.WebhookEndpoint`, which runs the merchant's lookup and handler between the
//! steps; and the pieces on their own: parsing a body, the deduplicator, the allow list.

use crate::client::Client;
use crate::{asyncio, convert, error, models, runtime, trace};
use forumpay::surface::from_named;
use forumpay::webhooks::{EndpointSettings, Received, Verified};
use forumpay::{KnownPayment, VerifiedWebhook, WebhookNotification};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::Deserialize;

/// A result of core as its model.
fn model<T: serde::Serialize>(py: Python<'_>, class: &str, value: &T) -> PyResult<Py<PyAny>> {
    models::result(py, class, false, value)
}

/// A step of one request that waits for the merchant: its lookup (of `value`, the
/// `WebhookNotification`) or its handler (of `value`, the `VerifiedWebhook`).
#[pyclass(module = "forumpay._native", frozen)]
pub struct Step {
    notification: Option<WebhookNotification>,
    verified: Option<VerifiedWebhook>,
    /// The client that verified (the handler's claim is in its store), and whether it is async.
    client: Option<(forumpay::Client, bool)>,
    /// What the merchant's callback is given.
    #[pyo3(get)]
    value: Py<PyAny>,
}

/// The shop's webhook URL, set up once with its settings (``EndpointSettings``) and shared by
/// every request.
#[pyclass(module = "forumpay._native", frozen)]
pub struct WebhookEndpoint(forumpay::webhooks::WebhookEndpoint);

/// The stored payment the lookup returned (a mapping, `None` for none), as core reads it.
fn known(stored: Option<&Bound<'_, PyAny>>) -> PyResult<Option<KnownPayment>> {
    match stored {
        None => Ok(None),
        Some(s) if s.is_none() => Ok(None),
        Some(s) => match convert::to_json(s, "known")? {
            named @ serde_json::Value::Object(_) => from_named(&named).map(Some).map_err(error::to_py),
            _ => Err(error::to_py(forumpay::Error::validation("known", "known: the stored payment must be a mapping of its fields"))),
        },
    }
}

/// The core client of a `Client` or an `AsyncClient`, and whether it is the async one.
fn core_client(client: &Bound<'_, PyAny>) -> PyResult<(forumpay::Client, bool)> {
    let client = client.cast::<Client>()?.get();
    Ok((client.handle.client()?, client.asynchronous))
}

impl WebhookEndpoint {
    fn verified(py: Python<'_>, (outcome, client): (Verified, (forumpay::Client, bool))) -> PyResult<Py<PyAny>> {
        match outcome {
            Verified::Answer(a) => model(py, "WebhookAnswer", &a),
            Verified::Handle(v) => {
                let value = model(py, "VerifiedWebhook", &v)?;
                Ok(Py::new(py, Step { notification: None, verified: Some(v), client: Some(client), value })?.into_any())
            }
        }
    }

    fn handler_step(step: &Step) -> PyResult<(VerifiedWebhook, (forumpay::Client, bool))> {
        match (&step.verified, &step.client) {
            (Some(v), Some(c)) => Ok((v.clone(), c.clone())),
            _ => Err(pyo3::exceptions::PyValueError::new_err("this step is not a handler's")),
        }
    }

    fn answer(py: Python<'_>, answer: forumpay::WebhookAnswer) -> PyResult<Py<PyAny>> {
        model(py, "WebhookAnswer", &answer)
    }

    fn notification(step: &Step) -> PyResult<WebhookNotification> {
        step.notification.clone().ok_or_else(|| pyo3::exceptions::PyValueError::new_err("this step is not a lookup"))
    }
}

#[pymethods]
impl WebhookEndpoint {
    #[new]
    #[pyo3(signature = (settings=None))]
    fn new(settings: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let settings: EndpointSettings = from_named(&convert::arguments(settings)?).map_err(error::to_py)?;
        settings.build().map(WebhookEndpoint).map_err(error::to_py)
    }

    /// The allow list and the body: a ``WebhookAnswer``, or a ``Step`` for the lookup.
    #[pyo3(signature = (body, source=None))]
    fn receive(&self, py: Python<'_>, body: &Bound<'_, PyAny>, source: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        let _admitted = runtime::admit(py);
        let source = source.filter(|s| !s.is_none()).map(|s| convert::text(s, "source")).transpose()?;
        trace::before_call(py);
        let received = self.0.receive(&convert::body(body)?, source.as_deref());
        trace::drain(py);
        match received {
            Received::Answer(a) => model(py, "WebhookAnswer", &a),
            Received::Lookup(n) => {
                let value = model(py, "WebhookNotification", &n)?;
                Ok(Py::new(py, Step { notification: Some(n), verified: None, client: None, value })?.into_any())
            }
        }
    }

    /// The answer when the merchant's lookup failed (500: the API delivers again).
    fn lookup_failed(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let _admitted = runtime::admit(py);
        let answer = self.0.lookup_failed();
        trace::drain(py);
        model(py, "WebhookAnswer", &answer)
    }

    /// Verifies by refetch with ``client``: a ``WebhookAnswer``, or a ``Step`` for the handler
    /// (an awaitable of it for an ``AsyncClient``). ``ValidationError`` when ``known`` is not a
    /// stored payment.
    #[pyo3(signature = (client, step, known=None))]
    fn verify(&self, py: Python<'_>, client: &Bound<'_, PyAny>, step: &Step, known: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        let (known, client, notification, endpoint) = (self::known(known)?, core_client(client)?, Self::notification(step)?, self.0.clone());
        let asynchronous = client.1;
        let work = async move { (endpoint.verify(&client.0, &notification, known).await, client) };
        asyncio::wait_or_spawn(py, asynchronous, work, Self::verified)
    }

    /// The handler returned (``succeeded``) or raised: the answer (an awaitable of it after an
    /// ``AsyncClient``'s ``verify``); the claim kept as handled, or released so that the API's
    /// next delivery runs the handler again, in the store of the client that verified.
    fn handled(&self, py: Python<'_>, step: &Step, succeeded: bool) -> PyResult<Py<PyAny>> {
        let ((verified, (client, asynchronous)), endpoint) = (Self::handler_step(step)?, self.0.clone());
        asyncio::wait_or_spawn(py, asynchronous, async move { endpoint.handled(&client, &verified, succeeded).await }, Self::answer)
    }
}

/// Reads a raw webhook body (``bytes`` or ``str``; JSON or form-encoded) into a
/// ``WebhookNotification``; nothing in it is trusted. ``WebhookError`` when it is none.
#[pyfunction]
pub fn parse_webhook(py: Python<'_>, body: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let notification = WebhookNotification::parse(&convert::body(body)?).map_err(error::to_py)?;
    model(py, "WebhookNotification", &notification)
}

/// The options of a deduplicator, by name.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Capacity {
    capacity: Option<usize>,
}

/// Remembers the de-duplication key of each payment state handled, forgetting the oldest beyond
/// ``capacity`` (default 100,000), so that a replay is recognised. Safe to share.
#[pyclass(module = "forumpay._native", frozen)]
pub struct WebhookDeduplicator(forumpay::WebhookDeduplicator);

#[pymethods]
impl WebhookDeduplicator {
    #[new]
    #[pyo3(signature = (**options))]
    fn new(options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let options: Capacity = from_named(&convert::arguments(options)?).map_err(error::to_py)?;
        Ok(WebhookDeduplicator(options.capacity.map(forumpay::WebhookDeduplicator::new).unwrap_or_default()))
    }

    /// True the first time this key is seen; false for a replay.
    fn first_time_key(&self, key: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.0.first_time_key(&convert::text(key, "key")?))
    }

    /// Forgets a key, so that its next delivery counts as the first.
    fn forget(&self, key: &Bound<'_, PyAny>) -> PyResult<()> {
        self.0.forget(&convert::text(key, "key")?);
        Ok(())
    }
}

/// The entries of an allow list.
#[derive(Deserialize)]
struct Entries {
    entries: Vec<String>,
}

/// The addresses and networks (``203.0.113.0/24``, ``2001:db8::/32``) webhooks may come from.
#[pyclass(module = "forumpay._native", frozen)]
pub struct SourceAllowList(forumpay::SourceAllowList);

#[pymethods]
impl SourceAllowList {
    #[new]
    fn new(entries: &Bound<'_, PyAny>) -> PyResult<Self> {
        let read: Entries = from_named(&serde_json::json!({ "entries": convert::to_json(entries, "entries")? })).map_err(error::to_py)?;
        forumpay::SourceAllowList::parse(&read.entries).map(SourceAllowList).map_err(error::to_py)
    }

    /// Whether ``source`` (an address as text) is allowed; text that is no address never is.
    fn allows(&self, source: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.0.allows(&convert::text(source, "source")?))
    }
}
