//! Webhooks: core's parser, verification by refetch, deduplicator and source allow list, as
//! native functions and classes wrapped by `webhooks.js` (and used by the Express helper in
//! `express.js`). Bodies cross as raw bytes (a `Buffer`); nothing here judges a notification.

use crate::client::NativeClient;
use crate::convert::{to_js, Options};
use crate::error::{validation, CoreResultExt};
use forumpay::{KnownPayment, PaymentState, SourceAllowList, WebhookDeduplicator, WebhookNotification};
use napi::bindgen_prelude::Buffer;
use napi::Env;
use napi_derive::napi;
use serde_json::Value;

/// Reads a raw webhook body (JSON or form-encoded); code `webhook` when it is not a notification.
#[napi(catch_unwind)]
pub fn parse_webhook(body: Buffer) -> napi::Result<Value> {
    to_js(&WebhookNotification::parse(&body).js()?)
}

/// `{ paymentId, currency, address, posId?, lastState? }` (what the merchant stored), or nothing.
fn known_payment(value: Option<Value>) -> napi::Result<Option<KnownPayment>> {
    if value.is_none() || value == Some(Value::Null) {
        return Ok(None);
    }
    let mut o = Options::new(value)?;
    let mut known = KnownPayment::new(o.str("payment_id")?, o.str("currency")?, o.str("address")?);
    known.pos_id = o.opt_str("pos_id")?;
    known.last_state = o.opt_str("last_state")?.map(|s| PaymentState::parse(&s));
    o.finish()?;
    Ok(Some(known))
}

#[napi]
impl NativeClient {
    /// Parses a raw body and verifies it by asking CheckPayment; `known` is what the merchant
    /// stored for the notification's payment (`null` when it knows none).
    /// Settles call `id` like the request methods (see `calls.rs`).
    #[napi]
    pub fn verify_webhook(&self, env: Env, id: u32, body: Buffer, known: Option<Value>) -> napi::Result<()> {
        let body = body.to_vec();
        self.start(&env, id, move |client| async move {
            let known = known_payment(known)?;
            client.verify_webhook_body(&body, known.as_ref()).await.js()
        })
    }
}

/// Remembers the dedupe keys already handled (core's `WebhookDeduplicator`).
#[napi]
pub struct NativeDeduplicator {
    inner: WebhookDeduplicator,
}

#[napi]
impl NativeDeduplicator {
    /// Remembers up to `capacity` keys (default 100,000; at least one).
    #[napi(constructor, catch_unwind)]
    pub fn new(capacity: Option<i64>) -> napi::Result<NativeDeduplicator> {
        let inner = match capacity {
            None => WebhookDeduplicator::default(),
            Some(n) => WebhookDeduplicator::new(
                usize::try_from(n).map_err(|_| validation("capacity", "capacity must not be negative"))?,
            ),
        };
        Ok(NativeDeduplicator { inner })
    }

    /// True the first time this key is seen; false for a replay.
    #[napi(catch_unwind)]
    pub fn first_time_key(&self, key: String) -> bool {
        self.inner.first_time_key(&key)
    }

    /// Forgets `key`: the next notification with it counts as the first again.
    #[napi(catch_unwind)]
    pub fn forget_key(&self, key: String) {
        self.inner.forget(&key);
    }
}

/// Networks or single addresses a webhook may come from (core's `SourceAllowList`).
#[napi]
pub struct NativeAllowList {
    inner: SourceAllowList,
}

#[napi]
impl NativeAllowList {
    /// Parses each entry (`203.0.113.0/24`, `2001:db8::1`); code `validation` (field
    /// `allow_list`) for a bad one.
    #[napi(constructor, catch_unwind)]
    pub fn new(entries: Value) -> napi::Result<NativeAllowList> {
        let bad = || validation("allow_list", "the allow list must be a list of strings");
        let Value::Array(items) = entries else { return Err(bad()) };
        let list: Vec<String> = items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                _ => Err(bad()),
            })
            .collect::<napi::Result<_>>()?;
        Ok(NativeAllowList { inner: SourceAllowList::parse(&list).js()? })
    }

    /// Whether `source` (an address as text) is allowed.
    #[napi(catch_unwind)]
    pub fn allows(&self, source: String) -> bool {
        self.inner.allows(&source)
    }

    /// Nothing when `source` is allowed, else code `webhook`.
    #[napi(catch_unwind)]
    pub fn check(&self, source: String) -> napi::Result<()> {
        self.inner.check(&source).js()
    }
}
