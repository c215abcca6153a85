//! Verification by refetch: the API signs nothing, so a notification is only a hint that a
//! payment the merchant knows may have changed; CheckPayment says what is true.

use super::notification::{refused, WebhookNotification};
use crate::trace::{self, call_span, traced};
use crate::client::Client;
use crate::error::{ErrorCode, Result};
use crate::lifecycle::TransitionKind;
use crate::models::PaymentStatus;
use crate::requests::PaymentRef;
use crate::state::PaymentState;
use serde::Serialize;

/// What the merchant stored when it started the payment: how to find it, and the last state it
/// acted on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KnownPayment {
    /// The `payment_id` StartPayment returned.
    pub payment_id: String,
    /// The crypto currency of the payment.
    pub currency: String,
    /// The address StartPayment returned.
    pub address: String,
    /// The `pos_id` the payment was started with, when not the client's default.
    #[serde(default)]
    pub pos_id: Option<String>,
    /// The state the merchant last acted on, if any.
    #[serde(default)]
    pub last_state: Option<PaymentState>,
}

impl KnownPayment {
    /// A payment known by id, currency and address.
    pub fn new(payment_id: impl Into<String>, currency: impl Into<String>, address: impl Into<String>) -> Self {
        KnownPayment {
            payment_id: payment_id.into(),
            currency: currency.into(),
            address: address.into(),
            pos_id: None,
            last_state: None,
        }
    }

    /// The `pos_id` the payment was started with.
    pub fn pos_id(mut self, pos_id: impl Into<String>) -> Self {
        self.pos_id = Some(pos_id.into());
        self
    }

    /// The state the merchant last acted on.
    pub fn last_state(mut self, state: PaymentState) -> Self {
        self.last_state = Some(state);
        self
    }

    pub(crate) fn payment_ref(&self) -> PaymentRef {
        PaymentRef { pos_id: self.pos_id.clone(), ..PaymentRef::new(&self.payment_id, &self.currency, &self.address) }
    }
}

/// A notification confirmed by CheckPayment: the authoritative payment and how it moved since
/// the state the merchant last acted on.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct VerifiedWebhook {
    /// The notification as received.
    pub notification: WebhookNotification,
    /// What CheckPayment says now: the truth to act on.
    pub payment: PaymentStatus,
    /// The state the merchant last acted on (from [`KnownPayment::last_state`]).
    pub previous: Option<PaymentState>,
    /// How `previous` → `payment.state` relates to the manual's transitions (an unlisted one is
    /// reported, never refused: the server wins). `unchanged` for a replay.
    pub transition: TransitionKind,
    /// A key naming this payment in this state, for [`super::WebhookDeduplicator`].
    pub dedupe_key: String,
}

impl Client {
    /// Verifies a notification by asking CheckPayment. `known` is what the merchant stored for
    /// the notification's `payment_id` (`None` when it knows no such payment).
    ///
    /// Code `webhook` when the notification is a test, names a payment the merchant does not
    /// know, disagrees with what the merchant stored (currency, address), names a payment the
    /// API does not know, or claims a state the authoritative one cannot have come from. Other
    /// errors (network, timeout, ...) are passed on as they are: answer the API with a failure so
    /// that it sends the notification again.
    pub async fn verify_webhook(&self, notification: &WebhookNotification, known: Option<&KnownPayment>) -> Result<VerifiedWebhook> {
        let payment_id = notification.payment_id.as_deref();
        let span = call_span!(trace::CALL, "verify_webhook", "CheckPayment", payment_id, notification.currency.as_deref());
        traced(span, self.verify_webhook_traced(notification, known)).await
    }

    async fn verify_webhook_traced(&self, notification: &WebhookNotification, known: Option<&KnownPayment>) -> Result<VerifiedWebhook> {
        if notification.test {
            return Err(refused("a test notification names no payment".to_string()));
        }
        let Some(known) = known else {
            return Err(refused("the notification is for a payment this merchant does not know".to_string()));
        };
        let disagrees = |sent: &Option<String>, stored: &str| sent.as_deref().is_some_and(|s| !s.eq_ignore_ascii_case(stored));
        if notification.payment_id.as_deref() != Some(known.payment_id.as_str()) {
            return Err(refused("the notification's payment_id is not the stored payment's".to_string()));
        }
        if disagrees(&notification.currency, &known.currency) || disagrees(&notification.address, &known.address) {
            return Err(refused("the notification's currency or address differs from the stored payment's".to_string()));
        }
        let payment = self.check_payment(known.payment_ref()).await.map_err(|e| match e.code() {
            ErrorCode::NotFound | ErrorCode::InvalidRequest => refused(format!("the API does not confirm this payment: {}", e.message())),
            _ => e,
        })?;
        if let Some(claimed) = &notification.claimed_state {
            if claimed.transition_to(&payment.state) == TransitionKind::Unlisted {
                return Err(refused(format!(
                    "the notification claims `{claimed}` but the API says `{}`",
                    payment.state
                )));
            }
        }
        let transition = match &known.last_state {
            Some(previous) => previous.transition_to(&payment.state),
            None => TransitionKind::Listed,
        };
        let dedupe_key = format!("{}|{}|{}", known.payment_id, known.currency, payment.state);
        Ok(VerifiedWebhook { notification: notification.clone(), previous: known.last_state.clone(), transition, dedupe_key, payment })
    }

    /// [`WebhookNotification::parse`] then [`Client::verify_webhook`], for a raw body.
    pub async fn verify_webhook_body(&self, body: &[u8], known: Option<&KnownPayment>) -> Result<VerifiedWebhook> {
        let notification = WebhookNotification::parse(body)?;
        self.verify_webhook(&notification, known).await
    }
}
