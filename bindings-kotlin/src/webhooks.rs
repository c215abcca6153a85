//! The shop's webhook URL: core's step machine (`WebhookEndpoint`: allow list, parse, verify by
//! refetch, de-duplicate, release on failure) exported step by step, so that the Kotlin
//! `WebhookEndpoint` only calls the merchant's lookup and handler between the steps. The
//! answers (status and JSON body) are core's table; none is written here.

use crate::client::NativeClient;
use crate::error::NativeError;
use forumpay::webhooks::{
    EndpointSettings, KnownPayment, Received, Verified, VerifiedWebhook, WebhookAnswer, WebhookEndpoint,
    WebhookNotification,
};
use std::sync::Arc;

/// After `receive`: answer now, or ask the merchant's lookup about the notification's payment.
#[uniffi::remote(Enum)]
pub enum Received {
    /// Answer with this; nothing else to do.
    Answer(WebhookAnswer),
    /// Run the merchant's lookup for this notification, then `verify` (or `lookupFailed`).
    Lookup(WebhookNotification),
}

/// After `verify`: answer now, or run the merchant's handler.
#[uniffi::remote(Enum)]
pub enum Verified {
    /// Answer with this (refused, unavailable, a replay, ...).
    Answer(WebhookAnswer),
    /// Run the merchant's handler with this, then `handled`.
    Handle(VerifiedWebhook),
}

/// Core's webhook endpoint, step by step (Kotlin code uses `WebhookEndpoint`).
#[derive(uniffi::Object)]
pub struct NativeWebhookEndpoint {
    inner: WebhookEndpoint,
}

#[uniffi::export(async_runtime = "tokio")]
impl NativeWebhookEndpoint {
    /// An endpoint with these settings (code `validation` for a bad allow list).
    #[uniffi::constructor]
    pub fn new(settings: EndpointSettings) -> Result<Arc<Self>, NativeError> {
        Ok(Arc::new(NativeWebhookEndpoint { inner: settings.build()? }))
    }

    /// The first step: the allow list and the body.
    pub fn receive(&self, body: Vec<u8>, source: Option<String>) -> Received {
        self.inner.receive(&body, source.as_deref())
    }

    /// The merchant's lookup threw: the answer (500; the API delivers again).
    pub fn lookup_failed(&self) -> WebhookAnswer {
        self.inner.lookup_failed()
    }

    /// Verifies the notification by refetch with `client` and claims its de-duplication key.
    pub async fn verify(
        &self,
        client: Arc<NativeClient>,
        notification: WebhookNotification,
        known: Option<KnownPayment>,
    ) -> Verified {
        self.inner.verify(client.core(), &notification, known).await
    }

    /// The handler returned (`succeeded`) or threw: the answer; the key kept as handled, or
    /// released on failure, in the store of `client` (the client that verified).
    pub async fn handled(&self, client: Arc<NativeClient>, verified: VerifiedWebhook, succeeded: bool) -> WebhookAnswer {
        self.inner.handled(client.core(), &verified, succeeded).await
    }
}

/// The JSON body of an answer, as the HTTP response's text.
#[uniffi::export]
pub fn webhook_answer_json(answer: WebhookAnswer) -> String {
    serde_json::to_string(&answer.body).unwrap_or_default()
}

/// Reads a raw webhook body (JSON, or a form with the same keys); code `webhook` when it is not
/// a notification. Kotlin: `parseWebhook`.
#[uniffi::export]
pub fn native_parse_webhook(body: Vec<u8>) -> Result<WebhookNotification, NativeError> {
    Ok(WebhookNotification::parse(&body)?)
}

/// Remembers which keys were seen (bounded, oldest forgotten first), so a replay is a no-op.
/// Safe to share between threads.
#[derive(uniffi::Object)]
pub struct WebhookDeduplicator {
    inner: forumpay::WebhookDeduplicator,
}

#[uniffi::export]
impl WebhookDeduplicator {
    /// Remembers up to `capacity` keys (null: core's default; less than 1 counts as 1).
    #[uniffi::constructor(default(capacity = None))]
    pub fn new(capacity: Option<i64>) -> Arc<Self> {
        let inner = match capacity {
            Some(n) => forumpay::WebhookDeduplicator::new(usize::try_from(n.max(1)).unwrap_or(usize::MAX)),
            None => forumpay::WebhookDeduplicator::default(),
        };
        Arc::new(WebhookDeduplicator { inner })
    }

    /// True the first time `key` is seen (and remembers it).
    pub fn first_time_key(&self, key: String) -> bool {
        self.inner.first_time_key(&key)
    }

    /// Forgets `key`, so its next delivery counts as new.
    pub fn forget(&self, key: String) {
        self.inner.forget(&key);
    }
}
