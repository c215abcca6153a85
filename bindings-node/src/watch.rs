//! `PaymentWatch`: core's payment watcher, polled one update at a time by the async iterator
//! of `client.watchPayment()` in `index.js`. Pull-style: nothing runs between two `next()`
//! calls, so leaving the `for await` loop (which calls `close()`) stops the watch.

use crate::convert::to_js;
use crate::error::CoreResultExt;
use forumpay::{PaymentUpdate, PaymentWatcher, Timestamp};
use napi_derive::napi;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::UNIX_EPOCH;
use tokio::sync::Mutex;

/// A running watch of one payment.
#[napi]
pub struct PaymentWatch {
    watcher: Mutex<Option<PaymentWatcher>>,
    closed: AtomicBool,
}

impl PaymentWatch {
    /// Wraps a core watcher.
    pub fn new(watcher: PaymentWatcher) -> Self {
        PaymentWatch { watcher: Mutex::new(Some(watcher)), closed: AtomicBool::new(false) }
    }
}

/// `{ previous, state, status, observedAt, transition, unlisted, settled }`.
fn update(u: &PaymentUpdate) -> napi::Result<Value> {
    let seconds = u.observed_at.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let observed = Timestamp::from_unix_seconds(i64::try_from(seconds).unwrap_or(i64::MAX));
    to_js(&json!({
        "previous": u.previous,
        "state": u.state,
        "status": u.status,
        "observed_at": observed,
        "transition": u.transition,
        "unlisted": u.is_unlisted(),
        "settled": u.is_settled(),
    }))
}

#[napi]
impl PaymentWatch {
    /// The next change of state, or `null` once the payment is settled (or the watch closed).
    #[napi]
    pub async fn next(&self) -> napi::Result<Option<Value>> {
        let mut guard = self.watcher.lock().await;
        if self.closed.load(Ordering::SeqCst) {
            *guard = None;
        }
        let Some(watcher) = guard.as_mut() else { return Ok(None) };
        match watcher.next().await.js()? {
            Some(u) => update(&u).map(Some),
            None => {
                *guard = None;
                Ok(None)
            }
        }
    }

    /// Stops the watch and frees the watcher.
    #[napi]
    pub fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        if let Ok(mut guard) = self.watcher.try_lock() {
            *guard = None;
        }
    }
}
