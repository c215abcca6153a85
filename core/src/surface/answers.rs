//! Answers the caller already holds (fetched by other means, archived, replayed) decoded into a
//! call's result exactly as the call decodes them: [`decode_answer`] in `calls.rs` picks the
//! call by name, this module decodes one body for it.

use crate::decode::{self, Answer};
use crate::error::{Error, ErrorDetails, Result};
use crate::models::{Currency, CurrencyList, WalletApp, WalletAppList};
use crate::webhooks::VerifiedWebhook;
use crate::Secret;

/// A call's result type as one answer body decodes to it (the body of the call's API action).
pub(crate) trait FromAnswer: Sized {
    /// Whether an answer holds this result at all (see [`super::CallInfo::decodes`]).
    const DECODES: bool = true;

    /// Decodes `body`, the answer of call `call`, into the result.
    fn from_answer(call: &str, body: &[u8]) -> Result<Self>;
}

impl<T: Answer> FromAnswer for T {
    fn from_answer(_: &str, body: &[u8]) -> Result<T> {
        decode_as::<T>(body)
    }
}

impl FromAnswer for Vec<Currency> {
    fn from_answer(_: &str, body: &[u8]) -> Result<Self> {
        Ok(decode_as::<CurrencyList>(body)?.0)
    }
}

impl FromAnswer for Vec<WalletApp> {
    fn from_answer(_: &str, body: &[u8]) -> Result<Self> {
        Ok(decode_as::<WalletAppList>(body)?.0)
    }
}

impl FromAnswer for VerifiedWebhook {
    const DECODES: bool = false;

    fn from_answer(call: &str, _: &[u8]) -> Result<Self> {
        // Its result joins a webhook body and a CheckPayment answer: no one answer holds it.
        Err(Error::validation(
            "call",
            format!("`{call}` has no answer of its own to decode: decode its CheckPayment answer with `check_payment`"),
        ))
    }
}

/// The transport's reading of a 200 answer, step for step (see `transport::send_once`): the
/// usual answer straight from its bytes; anything else (an `err` body, not JSON, not this
/// answer) through the general path, which gives the same error the call would. There was no
/// exchange here, so the error carries the action but no HTTP status, `Cf-Ray` or attempts; no
/// client either, so there is no secret to scrub from an `err` text.
fn decode_as<T: Answer>(body: &[u8]) -> Result<T> {
    if let Some(typed) = decode::answer::<T>(body) {
        return Ok(typed);
    }
    let details = ErrorDetails { action: Some(T::CONTEXT.to_string()), ..ErrorDetails::default() };
    let value = crate::transport::interpret(T::CONTEXT, 200, body, &Secret::new(""), details.clone())?;
    decode::from_value(value).map_err(|e| e.with_exchange(&details))
}

#[cfg(test)]
mod tests {
    use crate::error::ErrorCode;
    use crate::models::TransactionPage;
    use crate::surface::{decode_answer, Crossing, CALLS};

    #[test]
    fn a_body_decodes_as_the_typed_decoder_reads_it() {
        let body = br#"{"invoices": [{"payment_id": "p", "state": "new_one", "amount": 1.50, "access_token": "t-1", "x": 1}]}"#;
        let expected = Crossing::of(&TransactionPage::from_slice(body).unwrap()).unwrap();
        assert_eq!(decode_answer("get_transactions", body).unwrap(), expected);
        assert_eq!(expected.secrets.len(), 1, "the secret is apart");
    }

    #[test]
    fn an_err_body_is_the_transports_refusal_without_an_exchange() {
        let e = decode_answer("get_rate", br#"{"err": "Bad currency", "err_code": 7}"#).unwrap_err();
        assert_eq!((e.code(), e.message(), e.err(), e.err_code()), (ErrorCode::InvalidRequest, "Bad currency", Some("Bad currency"), Some("7")));
        assert_eq!((e.details().action.as_deref(), e.http_status(), e.attempts()), (Some("GetRate"), None, 0));
    }

    #[test]
    fn every_call_answers_or_refuses_by_name() {
        for call in CALLS {
            match decode_answer(call.name, b"{}") {
                Ok(_) => assert!(call.decodes, "{}", call.name),
                Err(e) if call.decodes => assert_eq!(e.code(), ErrorCode::Decode, "{}: {e:?}", call.name),
                Err(e) => assert_eq!((e.code(), e.details().field.as_deref()), (ErrorCode::Validation, Some("call"))),
            }
            assert!(decode_answer(call.name, b"\xff").is_err(), "{}: bytes that are not text", call.name);
        }
        assert_eq!(decode_answer("nope", b"{}").unwrap_err().details().field.as_deref(), Some("call"));
    }
}
