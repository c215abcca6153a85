//! Webhooks (IPN): core's parser, verification by refetch, de-duplication and source allow
//! list, exported as they are. The API signs nothing, so a notification is only a trigger:
//! `Client.verifyWebhook` asks CheckPayment and returns the authoritative status. The Kotlin
//! `WebhookEndpoint` strings these together for one request; no webhook logic lives here.

use crate::client::Client;
use crate::error::ForumPayError;
use forumpay::{
    Decimal, Extra, KnownPayment, PaymentState, PaymentStatus, TransitionKind, VerifiedWebhook, WebhookNotification,
};
use std::sync::Arc;

type Result<T> = std::result::Result<T, ForumPayError>;

/// A webhook body as read (not yet trusted): the live shape (`pos_id`, `payment_id`,
/// `address`, `currency`, `reference_no`), the richer one (`event`, `status`, `amount`,
/// `timestamp`), or the API's connectivity test (`test`, no payment).
#[uniffi::remote(Record)]
pub struct WebhookNotification {
    /// True for the API's connectivity test (`webhook_test`): answer 200, act on nothing.
    pub test: bool,
    /// The payment the notification is about (null only for a test).
    pub payment_id: Option<String>,
    /// Point of sale.
    pub pos_id: Option<String>,
    /// The payment's address.
    pub address: Option<String>,
    /// The payment's cryptocurrency.
    pub currency: Option<String>,
    /// The merchant's reference.
    pub reference_no: Option<String>,
    /// The event name of the richer shape (`payment.confirmed`, ...).
    pub event: Option<String>,
    /// The state the body claims (from `status` or `event`); never trusted by itself.
    pub claimed_state: Option<PaymentState>,
    /// The amount the body claims, exact.
    pub amount: Option<Decimal>,
    /// The body's timestamp, as sent.
    pub timestamp: Option<String>,
    /// Fields this version does not know.
    pub extra: Extra,
}

/// What the merchant stored when it started the payment: how to find it again, and the state
/// it last acted on. `KnownPayment(paymentId, currency, address)`.
#[uniffi::remote(Record)]
pub struct KnownPayment {
    /// The `payment_id` StartPayment returned.
    pub payment_id: String,
    /// The payment's cryptocurrency.
    pub currency: String,
    /// The address StartPayment returned.
    pub address: String,
    /// The point of sale it was started with, when not the client's default.
    #[uniffi(default)]
    pub pos_id: Option<String>,
    /// The state the merchant last acted on (null if none yet).
    #[uniffi(default)]
    pub last_state: Option<PaymentState>,
}

/// A notification checked against the API: act on `payment` (CheckPayment's answer), never on
/// the body.
#[uniffi::remote(Record)]
pub struct VerifiedWebhook {
    /// The body as read.
    pub notification: WebhookNotification,
    /// CheckPayment's answer: the authoritative status.
    pub payment: PaymentStatus,
    /// The state the merchant last acted on (from `KnownPayment.lastState`).
    pub previous: Option<PaymentState>,
    /// How `previous` to `payment.state` relates to the manual's transitions (reported, never
    /// refused).
    pub transition: TransitionKind,
    /// `payment_id|currency|state`: what a deduplicator remembers.
    pub dedupe_key: String,
}

/// Reads a raw webhook body (JSON, or a form with the same keys); code `webhook` when it is not
/// a notification (not JSON/form, not an object, no `payment_id`, over 64 KiB).
#[uniffi::export]
pub fn parse_webhook(body: Vec<u8>) -> Result<WebhookNotification> {
    Ok(WebhookNotification::parse(&body)?)
}

/// Remembers which payment states were already handled (bounded, oldest forgotten first), so a
/// replayed notification is a no-op while a new state passes. Safe to share between threads.
#[derive(uniffi::Object)]
pub struct WebhookDeduplicator {
    inner: forumpay::WebhookDeduplicator,
}

#[uniffi::export]
impl WebhookDeduplicator {
    /// Remembers up to `capacity` keys (null: 100 000; less than 1 counts as 1).
    #[uniffi::constructor(default(capacity = None))]
    pub fn new(capacity: Option<i32>) -> Arc<Self> {
        let inner = match capacity {
            Some(n) => forumpay::WebhookDeduplicator::new(usize::try_from(n).unwrap_or(1)),
            None => forumpay::WebhookDeduplicator::default(),
        };
        Arc::new(WebhookDeduplicator { inner })
    }

    /// True the first time this verified payment and state is seen (and remembers it).
    pub fn first_time(&self, verified: VerifiedWebhook) -> bool {
        self.inner.first_time(&verified)
    }

    /// True the first time `key` is seen (and remembers it).
    pub fn first_time_key(&self, key: String) -> bool {
        self.inner.first_time_key(&key)
    }

    /// Forgets `key`, so its next delivery counts as new (after the handler failed).
    pub fn forget(&self, key: String) {
        self.inner.forget(&key);
    }
}

/// The addresses and networks (`203.0.113.0/24`, `2001:db8::/32`) webhooks may come from. The
/// provider publishes none, so there is no default list; an empty list allows nothing.
#[derive(uniffi::Object)]
pub struct SourceAllowList {
    inner: forumpay::SourceAllowList,
}

#[uniffi::export]
impl SourceAllowList {
    /// Reads the entries (code `validation`, field `allow_list`, on one that is not an address
    /// or a network).
    #[uniffi::constructor]
    pub fn new(entries: Vec<String>) -> Result<Arc<Self>> {
        Ok(Arc::new(SourceAllowList { inner: forumpay::SourceAllowList::parse(&entries)? }))
    }

    /// Whether `source` (an IP address as text) is on the list; anything else is not.
    pub fn allows(&self, source: String) -> bool {
        self.inner.allows(&source)
    }

    /// Like `allows`, failing with code `webhook` when the source is not on the list.
    pub fn check(&self, source: String) -> Result<()> {
        Ok(self.inner.check(&source)?)
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Client {
    /// Verifies a parsed notification by refetching the payment `known` names (CheckPayment).
    /// Code `webhook`: a test, no `known` (a payment the merchant does not know), a body that
    /// disagrees with `known`, a payment the API does not find, or a claimed state the real one
    /// cannot follow. Network-type errors pass through unchanged (answer 5xx: the API resends).
    pub async fn verify_webhook(
        &self,
        notification: WebhookNotification,
        known: Option<KnownPayment>,
    ) -> Result<VerifiedWebhook> {
        Ok(self.core().verify_webhook(&notification, known.as_ref()).await?)
    }

    /// Parses the raw body and verifies it (see `verifyWebhook`).
    pub async fn verify_webhook_body(&self, body: Vec<u8>, known: Option<KnownPayment>) -> Result<VerifiedWebhook> {
        Ok(self.core().verify_webhook_body(&body, known.as_ref()).await?)
    }
}
