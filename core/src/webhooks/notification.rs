//! A webhook body as the API sent it: read, never trusted. Both payload shapes are accepted: the
//! live one (`pos_id`, `payment_id`, `address`, `currency`, `reference_no`) and the richer one of
//! the second manual (`event`, `status`, `amount`, `timestamp`), plus the `webhook_test` ping.

use crate::decode::fields::model_fields;
use crate::decode::{self, Extra};
use crate::error::{Error, ErrorCode, Result};
use crate::state::PaymentState;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

/// Bodies larger than this are refused unread: a notification is a few hundred bytes.
pub const MAX_WEBHOOK_BODY: usize = 64 * 1024;

/// A webhook notification. Nothing in it is authoritative (the API signs nothing): use it as a
/// trigger and ask CheckPayment ([`crate::Client::verify_webhook`]).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct WebhookNotification {
    /// True for the API's connectivity test (`webhook_test`): it names no payment.
    pub test: bool,
    /// The payment it is about (absent only in a test).
    pub payment_id: Option<String>,
    /// The point of sale, as sent.
    pub pos_id: Option<String>,
    /// The payment's address, as sent.
    pub address: Option<String>,
    /// The crypto currency, as sent.
    pub currency: Option<String>,
    /// The merchant's reference, as sent.
    pub reference_no: Option<String>,
    /// The event name of the richer shape (`payment.confirmed`, ...).
    pub event: Option<String>,
    /// The state the notification claims, from `status` or `event` (unverified).
    pub claimed_state: Option<PaymentState>,
    /// The amount of the richer shape, exact.
    #[serde(serialize_with = "crate::money::text::option")]
    pub amount: Option<Decimal>,
    /// The timestamp of the richer shape, as sent.
    pub timestamp: Option<String>,
    /// Fields this version does not know.
    pub extra: Extra,
}

impl WebhookNotification {
    /// Reads a raw webhook body (JSON, or a form-encoded body with the same keys). Anything that
    /// is not a notification gets code `webhook`.
    pub fn parse(body: &[u8]) -> Result<WebhookNotification> {
        if body.len() > MAX_WEBHOOK_BODY {
            return Err(refused(format!("the body has {} bytes, more than {MAX_WEBHOOK_BODY}", body.len())));
        }
        let value = to_json(body)?;
        if !value.is_object() {
            return Err(refused("the body is not a JSON object".to_string()));
        }
        Self::from_object(value).map_err(|e| refused(e.message().to_string()))
    }

    fn from_object(value: Value) -> Result<WebhookNotification> {
        decode::from_value(value)
    }

    fn from_fields(f: &mut WebhookFields<'_>) -> Result<WebhookNotification> {
        let test_flag = f.webhook_test().json();
        let payment_id = f.payment_id().opt_string()?;
        // Only the API's own ping is a test: `true` in JSON (`true` as text in a form body) and
        // no payment named. Anything else that names a payment is a real notification, verified
        // like any other: taking it for a test would acknowledge it unhandled and lose it.
        let test = payment_id.is_none() && is_true(test_flag.as_ref());
        let event = f.event().opt_string()?;
        let status = f.status().opt_string()?;
        let claimed_state = status.as_deref().map(PaymentState::parse).or_else(|| event.as_deref().and_then(state_of_event));
        let notification = WebhookNotification {
            test,
            pos_id: f.pos_id().opt_string()?,
            address: f.address().opt_string()?,
            currency: f.currency().opt_string()?,
            reference_no: f.reference_no().opt_string()?,
            amount: f.amount().opt_decimal()?,
            timestamp: f.timestamp().json().and_then(|v| match v {
                Value::String(s) if !s.trim().is_empty() => Some(s),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            }),
            payment_id,
            event,
            claimed_state,
            extra: f.extra(),
        };
        match &notification.payment_id {
            None if !notification.test => Err(refused("the notification names no payment_id".to_string())),
            Some(id) if id.len() > 128 || id.chars().any(char::is_control) => {
                Err(refused("the payment_id is not one the API issues".to_string()))
            }
            _ => Ok(notification),
        }
    }
}

model_fields! {
    WebhookNotification for "webhook" as WebhookFields {
        webhook_test: json, payment_id: text, event: text, status: text, pos_id: text, address: text,
        currency: text, reference_no: text, amount: text, timestamp: json,
    }
}

decode::answer::object_answers!(WebhookNotification);

/// Whether a `webhook_test` value is the API's `true`.
fn is_true(flag: Option<&Value>) -> bool {
    match flag {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "true",
        _ => false,
    }
}

/// The state an event of the richer shape announces, when it announces one.
fn state_of_event(event: &str) -> Option<PaymentState> {
    match event.strip_prefix("payment.")? {
        "confirmed" => Some(PaymentState::Confirmed),
        "cancelled" | "canceled" => Some(PaymentState::Cancelled),
        "underpaid" => Some(PaymentState::Underpayment),
        _ => None,
    }
}

/// JSON as sent, or a form-encoded body turned into a JSON object of strings.
fn to_json(body: &[u8]) -> Result<Value> {
    let trimmed = body.trim_ascii();
    if trimmed.is_empty() {
        return Err(refused("the body is empty".to_string()));
    }
    if matches!(trimmed.first(), Some(b'{' | b'[')) {
        return serde_json::from_slice(trimmed).map_err(|e| refused(format!("the body is not valid JSON ({e})")));
    }
    let text = std::str::from_utf8(trimmed).map_err(|_| refused("the body is not UTF-8".to_string()))?;
    if !text.contains('=') {
        return Err(refused("the body is neither JSON nor a form".to_string()));
    }
    let map = form_urlencoded::parse(text.as_bytes()).map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())));
    Ok(Value::Object(map.collect()))
}

pub(crate) fn refused(message: String) -> Error {
    Error::new(ErrorCode::Webhook, message).with_action("webhook")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(body: &[u8]) -> &'static str {
        WebhookNotification::parse(body).unwrap_err().code().as_str()
    }

    #[test]
    fn reads_the_live_shape() {
        let n = WebhookNotification::parse(
            br#"{"pos_id":"web","payment_id":"p-1","address":"bc1q","currency":"BTC","reference_no":""}"#,
        )
        .unwrap();
        assert_eq!(n.payment_id.as_deref(), Some("p-1"));
        assert_eq!(n.reference_no, None, "empty string means none");
        assert!(!n.test);
        assert_eq!(n.claimed_state, None);
    }

    #[test]
    fn reads_the_rich_shape_with_an_exact_amount() {
        let n = WebhookNotification::parse(
            br#"{"event":"payment.confirmed","payment_id":"p","pos_id":"POS1","status":"confirmed","amount":"0.00701648","currency":"BTC","timestamp":"2024-01-15T10:30:00Z","new_field":1}"#,
        )
        .unwrap();
        assert_eq!(n.claimed_state, Some(PaymentState::Confirmed));
        assert_eq!(n.amount.unwrap().to_string(), "0.00701648");
        assert_eq!(n.extra.len(), 1);
        let e = WebhookNotification::parse(br#"{"event":"payment.underpaid","payment_id":"p"}"#).unwrap();
        assert_eq!(e.claimed_state, Some(PaymentState::Underpayment));
    }

    #[test]
    fn reads_the_test_and_a_form_body() {
        assert!(WebhookNotification::parse(br#"{"webhook_test":true}"#).unwrap().test);
        let n = WebhookNotification::parse(b"payment_id=p%2D1&currency=BTC&address=a").unwrap();
        assert_eq!(n.payment_id.as_deref(), Some("p-1"));
    }

    #[test]
    fn only_a_true_flag_without_a_payment_is_a_test() {
        for body in [
            &br#"{"webhook_test":0,"payment_id":"p","currency":"BTC","address":"a"}"#[..],
            br#"{"webhook_test":"false","payment_id":"p"}"#,
            br#"{"webhook_test":true,"payment_id":"p"}"#,
            b"webhook_test=1&payment_id=p",
            b"webhook_test=true&payment_id=p",
        ] {
            let n = WebhookNotification::parse(body).unwrap();
            assert!(!n.test, "{}", String::from_utf8_lossy(body));
            assert_eq!(n.payment_id.as_deref(), Some("p"));
        }
        assert!(WebhookNotification::parse(b"webhook_test=true").unwrap().test);
        for body in [&br#"{"webhook_test":0}"#[..], br#"{"webhook_test":"1"}"#, br#"{"webhook_test":false}"#, b"webhook_test=yes"] {
            assert_eq!(code(body), "webhook", "{}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn refuses_what_is_not_a_notification() {
        assert_eq!(code(b""), "webhook");
        assert_eq!(code(b"[1,2]"), "webhook");
        assert_eq!(code(b"{not json"), "webhook");
        assert_eq!(code(br#"{"currency":"BTC"}"#), "webhook");
        assert_eq!(code(br#"{"payment_id":"p","amount":"1.2.3"}"#), "webhook");
        assert_eq!(code(br#"{"payment_id":{"x":1}}"#), "webhook");
        assert_eq!(code(&vec![b' '; MAX_WEBHOOK_BODY + 1]), "webhook");
        assert_eq!(code(&[0xff, 0xfe, b'=']), "webhook");
    }
}
