//! What came back, read: the answer of a success, or the error its status and `err` body say.

use crate::error::{Error, ErrorCode, ErrorDetails, Result};
use crate::secret::{scrub, Secret};
use serde_json::Value;

/// Turns a status and body into the answer or the matching error: a success is the parsed
/// body (an empty one is `null`), a success carrying the API's `err` is `invalid_request`, any
/// other status its code; the `err` text is scrubbed of `secret`. `details` are what is known
/// of the exchange. The transport's general path, and [`crate::surface::decode_answer`]'s.
pub(crate) fn interpret(action: &str, status: u16, body: &[u8], secret: &Secret, mut details: ErrorDetails) -> Result<Value> {
    let parsed: Option<Value> = if body.iter().all(u8::is_ascii_whitespace) {
        Some(Value::Null)
    } else {
        serde_json::from_slice(body).ok()
    };
    let api_err = parsed.as_ref().and_then(err_fields);
    let success = (200..300).contains(&status);
    if success && api_err.is_none() {
        return parsed.ok_or_else(|| Error::new(ErrorCode::Decode, "the answer is not JSON").with_details(details));
    }
    let code = if success { ErrorCode::InvalidRequest } else { ErrorCode::from_http_status(status) };
    let message = match &api_err {
        Some((err, _, _)) => scrub(err, secret),
        None => format!("HTTP {status} from {action}"),
    };
    if let Some((err, err_code, additional)) = api_err {
        details.err = Some(scrub(&err, secret));
        details.err_code = err_code;
        details.additional = additional;
    }
    Err(Error::new(code, message).with_details(details))
}

/// `err`, `err_code` and `additional` of an error body, when it is one.
fn err_fields(value: &Value) -> Option<(String, Option<String>, Option<Value>)> {
    let obj = value.as_object()?;
    let err = match obj.get("err")? {
        Value::Null => return None,
        Value::String(s) if s.trim().is_empty() => return None,
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let err_code = obj.get("err_code").and_then(|v| match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    });
    let additional = obj.get("additional").filter(|v| !v.is_null()).cloned();
    Some((err, err_code, additional))
}

#[cfg(test)]
mod tests {
    use crate::error::{ErrorDetails, Result};
    use crate::transport::test_transport;
    use serde_json::Value;

    fn code(r: Result<Value>) -> &'static str {
        r.unwrap_err().code().as_str()
    }

    #[test]
    fn statuses_and_bodies_map_to_codes() {
        let t = test_transport();
        let d = ErrorDetails::default;
        assert_eq!(code(t.interpret("X", 401, br#"{"err":"bad key"}"#, d())), "unauthorized");
        assert_eq!(code(t.interpret("X", 403, b"", d())), "unauthorized");
        assert_eq!(code(t.interpret("X", 404, b"<html>", d())), "not_found");
        assert_eq!(code(t.interpret("X", 429, b"", d())), "rate_limited");
        assert_eq!(code(t.interpret("X", 500, b"oops", d())), "server");
        assert_eq!(code(t.interpret("X", 400, br#"{"err":"Missing"}"#, d())), "invalid_request");
        assert_eq!(code(t.interpret("X", 200, br#"{"err":"Payment not found"}"#, d())), "invalid_request");
        assert_eq!(code(t.interpret("X", 200, b"<html>502</html>", d())), "decode");
        assert_eq!(t.interpret("X", 200, b"null", d()).unwrap(), Value::Null);
        assert_eq!(t.interpret("X", 200, b"  ", d()).unwrap(), Value::Null);
        assert!(t.interpret("X", 200, br#"{"err":"","a":1}"#, d()).is_ok());
    }

    #[test]
    fn non_2xx_bodies_keep_their_string_err_code() {
        let t = test_transport();
        let body = br#"{"err":"Payment not found","err_code":"paymentNotFound","additional":{"id":"p-1"}}"#;
        for (status, code) in [(400, "invalid_request"), (401, "unauthorized"), (403, "unauthorized"), (404, "not_found"), (429, "rate_limited"), (500, "server"), (503, "server")] {
            let e = t.interpret("CheckPayment", status, body, ErrorDetails::default()).unwrap_err();
            assert_eq!(e.code().as_str(), code, "{status}");
            assert_eq!(e.err_code(), Some("paymentNotFound"), "{status}");
            assert_eq!(e.details().err.as_deref(), Some("Payment not found"), "{status}");
            assert_eq!(e.details().additional, Some(serde_json::json!({"id": "p-1"})), "{status}");
        }
        // A numeric err_code reads as its digits; an empty or non-text one as none.
        let e = t.interpret("X", 400, br#"{"err":"x","err_code":1042}"#, ErrorDetails::default()).unwrap_err();
        assert_eq!(e.err_code(), Some("1042"));
        for odd in [r#""""#, "null", "[]", "{}"] {
            let body = format!(r#"{{"err":"x","err_code":{odd}}}"#);
            let e = t.interpret("X", 400, body.as_bytes(), ErrorDetails::default()).unwrap_err();
            assert_eq!(e.err_code(), None, "{odd}");
        }
    }

    #[test]
    fn err_body_details_are_kept_and_scrubbed() {
        let t = test_transport();
        let e = t
            .interpret(
                "StartPayment",
                200,
                br#"{"err":"key topsecret-key refused","err_code":"payerKYCNeeded","additional":{"x":1}}"#,
                ErrorDetails::default(),
            )
            .unwrap_err();
        assert_eq!(e.err_code(), Some("payerKYCNeeded"));
        assert!(e.details().additional.is_some());
        assert!(!e.to_string().contains("topsecret"));
        assert!(!format!("{e:?}").contains("topsecret"));
    }
}
