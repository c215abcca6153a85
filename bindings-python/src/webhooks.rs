//! The webhook pieces of the core, converted: parsing a raw body, the deduplicator and the
//! source allow list (`forumpay.webhooks` re-exports them). Verification is a client call
//! (`verify_webhook` in `calls.rs`); the merchant's stored payment is read here.

use crate::{convert, error};
use forumpay::{KnownPayment, PaymentState};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

/// The merchant's stored payment (a ``forumpay.webhooks.KnownPayment``, or anything with its
/// attributes), as the core's `KnownPayment`; `None` stays `None`.
pub fn known(obj: Option<Bound<'_, PyAny>>) -> PyResult<Option<KnownPayment>> {
    let Some(obj) = obj else { return Ok(None) };
    let text = |name: &str| -> PyResult<Option<String>> {
        let value = obj.getattr(name).map_err(|_| PyTypeError::new_err(format!("known must have the attribute {name}")))?;
        if value.is_none() {
            return Ok(None);
        }
        value.extract::<String>().map(Some).map_err(|_| PyTypeError::new_err(format!("known.{name} must be a str")))
    };
    let required = |name: &str| text(name)?.ok_or_else(|| PyTypeError::new_err(format!("known.{name} is required")));
    let mut k = KnownPayment::new(required("payment_id")?, required("currency")?, required("address")?);
    k.pos_id = text("pos_id")?;
    k.last_state = text("last_state")?.map(|s| PaymentState::parse(&s));
    Ok(Some(k))
}

/// Reads a raw webhook body (``bytes`` or ``str``; JSON or form-encoded) into a
/// ``WebhookNotification``. Nothing in it is trusted: verify it with ``Client.verify_webhook``.
/// ``WebhookError`` when the body is not a notification.
#[pyfunction]
pub fn parse_webhook(py: Python<'_>, body: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let bytes = convert::body(body)?;
    let notification = forumpay::WebhookNotification::parse(&bytes).map_err(error::to_py)?;
    convert::model(py, "WebhookNotification", &notification)
}

/// Makes a replayed notification a no-op: remembers the (payment, currency, state) keys already
/// handled, forgetting the oldest beyond ``capacity`` (default 100,000). One per process; safe
/// to share between threads.
#[pyclass(module = "forumpay._native", frozen)]
pub struct WebhookDeduplicator(forumpay::WebhookDeduplicator);

#[pymethods]
impl WebhookDeduplicator {
    #[new]
    #[pyo3(signature = (capacity=None))]
    fn new(capacity: Option<usize>) -> Self {
        WebhookDeduplicator(capacity.map(forumpay::WebhookDeduplicator::new).unwrap_or_default())
    }

    fn __repr__(&self) -> String {
        "WebhookDeduplicator()".to_string()
    }

    /// True the first time this payment is seen in this state (a ``VerifiedWebhook``); false
    /// for a replay.
    fn first_time(&self, verified: &Bound<'_, PyAny>) -> PyResult<bool> {
        let key: String = verified.getattr("dedupe_key")?.extract()?;
        Ok(self.0.first_time_key(&key))
    }

    /// ``first_time`` for a stored ``dedupe_key``.
    fn first_time_key(&self, key: &str) -> bool {
        self.0.first_time_key(key)
    }

    /// Forgets a key, so that the next delivery of it counts as the first (after the handler
    /// of the first one failed).
    fn forget(&self, key: &str) {
        self.0.forget(key)
    }
}

/// The addresses and networks (``203.0.113.0/24``, ``2001:db8::/32``) webhooks may come from.
/// A bad entry is a ``ValidationError`` naming ``allow_list``.
#[pyclass(module = "forumpay._native", frozen)]
pub struct SourceAllowList(forumpay::SourceAllowList);

#[pymethods]
impl SourceAllowList {
    #[new]
    fn new(entries: Vec<String>) -> PyResult<Self> {
        forumpay::SourceAllowList::parse(&entries).map(SourceAllowList).map_err(error::to_py)
    }

    fn __repr__(&self) -> String {
        "SourceAllowList(...)".to_string()
    }

    /// Whether ``source`` (an address as text) is allowed; text that is no address never is.
    fn allows(&self, source: &str) -> bool {
        self.0.allows(source)
    }

    /// ``None`` when ``source`` is allowed, else ``WebhookError``.
    fn check(&self, source: &str) -> PyResult<()> {
        self.0.check(source).map_err(error::to_py)
    }
}
