//! What the sandbox records and sends about webhooks: a notification's body in the live shape,
//! each delivery attempt, and a notification with its attempts for the dashboard.

use serde::Serialize;

use crate::payment::Payment;

/// One attempt to deliver a payment notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookDelivery {
    /// The payment the notification is about.
    pub payment_id: String,
    /// Where it was POSTed.
    pub url: String,
    /// The exact JSON text sent.
    pub body: String,
    /// 1 for the first attempt, up to 5.
    pub attempt: u32,
    /// HTTP status of the answer, when one came.
    pub status: Option<u16>,
    /// The status code as text (`"200"`), or why no answer came.
    pub outcome: String,
    /// Whether this attempt succeeded (a 2xx answer).
    pub delivered: bool,
}

/// The live notification body, fields in the live order.
#[derive(Serialize)]
struct NoticeBody<'a> {
    pos_id: &'a str,
    payment_id: &'a str,
    address: &'a str,
    currency: &'a str,
    reference_no: Option<&'a str>,
}

/// A notification about one payment, before its URL is resolved.
#[derive(Debug)]
pub(crate) struct Notice {
    pub(super) payment_id: String,
    /// The payment's own `webhook_url`.
    pub(super) url: Option<String>,
    pub(super) body: String,
}

impl Notice {
    /// The payment the notice is about.
    #[cfg(test)]
    pub(crate) fn payment_id(&self) -> &str {
        &self.payment_id
    }

    /// The notification for `payment` as it is now.
    pub(crate) fn for_payment(payment: &Payment) -> Notice {
        let body = NoticeBody {
            pos_id: &payment.request.pos_id,
            payment_id: &payment.payment_id,
            address: &payment.address,
            currency: payment.info.code,
            reference_no: payment.request.reference_no.as_deref(),
        };
        Notice {
            payment_id: payment.payment_id.clone(),
            url: payment.request.webhook_url.clone(),
            body: serde_json::to_string(&body).unwrap_or_default(),
        }
    }
}

/// One notification of a payment and every attempt made to deliver it (for the dashboard).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Notification {
    /// Its number, for a redelivery.
    pub number: u64,
    /// Where it was POSTed.
    pub url: String,
    /// The JSON text sent.
    pub body: String,
    /// The attempts so far, first to last.
    pub attempts: Vec<WebhookDelivery>,
}

impl Notification {
    /// The last attempt.
    pub(crate) fn last(&self) -> Option<&WebhookDelivery> {
        self.attempts.last()
    }
}

