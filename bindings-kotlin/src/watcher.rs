//! A running watch of one payment, pulled with `next()`.

use crate::error::ForumPayError;
use forumpay::PaymentUpdate;
use tokio::sync::Mutex;

/// A running watch (from `Client.paymentWatcher`). `next()` returns the current state first,
/// then each change, and null once the payment is settled. Nothing runs between calls;
/// cancelling a pending `next()` (its coroutine or Swift task) stops the poll in flight, and
/// closing the object ends the watch.
#[derive(uniffi::Object)]
pub struct PaymentWatcher {
    inner: Mutex<forumpay::PaymentWatcher>,
}

impl PaymentWatcher {
    pub(crate) fn new(inner: forumpay::PaymentWatcher) -> Self {
        PaymentWatcher { inner: Mutex::new(inner) }
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl PaymentWatcher {
    /// The next change of state, or null once a settled update has been returned. Transient
    /// failures are retried at the next poll until the deadline; others end the watch.
    pub async fn next(&self) -> Result<Option<PaymentUpdate>, ForumPayError> {
        Ok(self.inner.lock().await.next().await?)
    }

    /// How many CheckPayment calls were made so far.
    pub async fn polls(&self) -> i64 {
        i64::try_from(self.inner.lock().await.polls()).unwrap_or(i64::MAX)
    }
}
