//! The emulator's own API errors on the wire: an HTTP status and `{"err", "err_code"}` (plus
//! `additional` where there is something to add), as the live API's error bodies carry them.
//! Decision 0023 has the table and says which codes are the live API's own.

use serde_json::{json, Value};

use crate::error::SandboxError;

/// The `err_code` of each error the emulator sends.
pub(crate) mod code {
    /// 401: no credentials, or not the configured ones.
    pub const UNAUTHORIZED: &str = "unauthorized";
    /// 404: no such action.
    pub const UNKNOWN_ACTION: &str = "unknownAction";
    /// 404: no such payment (or not with that currency and address).
    pub const PAYMENT_NOT_FOUND: &str = "paymentNotFound";
    /// 400: a parameter is missing or malformed, or the body cannot be read.
    pub const INVALID_PARAMETER: &str = "invalidParameter";
    /// 413: the body is larger than the emulator reads.
    pub const REQUEST_TOO_LARGE: &str = "requestTooLarge";
    /// 200: the payment's state (or amounts) forbid the action.
    pub const INVALID_PAYMENT_STATE: &str = "invalidPaymentState";
    /// 500: the emulator itself failed.
    pub const INTERNAL_ERROR: &str = "internalError";
    /// 200, live: KYC is required and the payer's e-mail is missing.
    pub const MISSING_PAYER_DATA: &str = "missingPayerData";
    /// 200, live: KYC is required and was never requested for this payer.
    pub const PAYER_KYC_NEEDED: &str = "payerKYCNeeded";
    /// 200, live: KYC was requested; the code sent to the payer is needed (`payer_kyc_pin`).
    pub const PAYER_EMAIL_VERIFICATION_CODE_NEEDED: &str = "payerEmailVerificationCodeNeeded";
    /// 200, live: the code given is not one sent to this payer.
    pub const PAYER_KYC_NOT_VERIFIED: &str = "payerKYCNotVerified";
}

/// An API call refused: what the client receives instead of an answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Refusal {
    /// HTTP status.
    pub status: u16,
    /// The `err` text.
    pub err: String,
    /// The `err_code`.
    pub err_code: &'static str,
    /// The `additional` data, when there is any.
    pub additional: Option<Value>,
}

impl Refusal {
    /// A refusal without `additional`.
    pub(crate) fn new(status: u16, err_code: &'static str, err: impl Into<String>) -> Refusal {
        Refusal { status, err: err.into(), err_code, additional: None }
    }

    /// With `additional` data.
    pub(crate) fn with_additional(mut self, additional: Value) -> Refusal {
        self.additional = Some(additional);
        self
    }

    /// The JSON body.
    pub(crate) fn body(&self) -> Value {
        let mut body = json!({ "err": self.err, "err_code": self.err_code });
        if let Some(additional) = &self.additional {
            body["additional"] = additional.clone();
        }
        body
    }
}

/// How each failure of an action is reported: validation 400, unknown payment 404, a state
/// that forbids the action 200 with `err` (as the live API reports most refusals).
impl From<SandboxError> for Refusal {
    fn from(e: SandboxError) -> Refusal {
        match e {
            SandboxError::NotFound(_) => Refusal::new(404, code::PAYMENT_NOT_FOUND, "Payment not found"),
            SandboxError::InvalidState(message) => Refusal::new(200, code::INVALID_PAYMENT_STATE, message),
            SandboxError::InvalidArgument(message) => Refusal::new(400, code::INVALID_PARAMETER, message),
            SandboxError::Timeout(message) => Refusal::new(504, code::INTERNAL_ERROR, message),
            SandboxError::Io(e) => Refusal::new(500, code::INTERNAL_ERROR, e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_failure_has_a_status_and_a_code() {
        let cases = [
            (SandboxError::NotFound("p".into()), 404, "paymentNotFound"),
            (SandboxError::InvalidState("no".into()), 200, "invalidPaymentState"),
            (SandboxError::InvalidArgument("bad".into()), 400, "invalidParameter"),
            (SandboxError::Io(std::io::Error::other("x")), 500, "internalError"),
        ];
        for (e, status, code) in cases {
            let r = Refusal::from(e);
            assert_eq!((r.status, r.err_code), (status, code));
            assert_eq!(r.body()["err_code"], code);
            assert!(r.body()["err"].is_string());
        }
        let r = Refusal::new(200, code::MISSING_PAYER_DATA, "e-mail").with_additional(json!({"fields": ["payer_email"]}));
        assert_eq!(r.body(), json!({"err": "e-mail", "err_code": "missingPayerData", "additional": {"fields": ["payer_email"]}}));
    }
}
