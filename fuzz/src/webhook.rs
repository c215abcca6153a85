//! `WebhookNotification::parse`: anything that is not a notification gets code `webhook` (and an
//! error that repeats no value of the body); a notification that is not a test names a payment id
//! the API could have issued; blank bytes around a body change nothing.

use crate::decoders::json_body;
use crate::echo::{assert_no_echo, data_strings};
use forumpay::webhooks::MAX_WEBHOOK_BODY;
use forumpay::{ErrorCode, WebhookNotification};
use serde_json::Value;

/// Checks the parser on `body`, and on `body` with blanks around it.
pub fn check_webhook(body: &[u8]) {
    let parsed = WebhookNotification::parse(body);
    match &parsed {
        Ok(notification) => {
            if !notification.test {
                let id = notification.payment_id.as_deref().expect("a notification names its payment");
                assert!(!id.is_empty() && id.len() <= 128 && !id.chars().any(char::is_control), "payment_id {id:?}");
            }
            serde_json::to_string(notification).expect("a notification serializes");
        }
        Err(error) => {
            assert_eq!(error.code(), ErrorCode::Webhook, "{error:?}");
            assert_no_echo(error, &values_of(body));
        }
    }
    if body.len() + 3 <= MAX_WEBHOOK_BODY {
        let padded = [b" \t".as_slice(), body, b"\n"].concat();
        match (&parsed, WebhookNotification::parse(&padded)) {
            (Ok(a), Ok(b)) => assert_eq!(*a, b, "blanks around the body changed the notification"),
            (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
            (a, b) => panic!("blanks around the body changed the outcome: {a:?} / {b:?}"),
        }
    }
}

/// The data-like values of a JSON or form body (see `echo`).
fn values_of(body: &[u8]) -> Vec<String> {
    let json = json_body(body).filter(|v| !v.is_null());
    let value = json.unwrap_or_else(|| {
        let form = form_urlencoded::parse(body).map(|(_, v)| Value::String(v.into_owned()));
        Value::Array(form.collect())
    });
    data_strings(&value)
}
