//! The one error mapping of the binding: every core error becomes a `ForumPayError` (Kotlin
//! `ForumPayException`, Swift `ForumPayError`) with one variant per stable code, each carrying the
//! same `ErrorInfo`; every sandbox refusal becomes a `SandboxError`.

use crate::convert::JsonValue;
use forumpay::ErrorCode;
use std::fmt;

/// Everything known about a failure. `code` is the stable string (`not_found`, `validation`,
/// ...) shared by every language; `message` is for people and may change.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ErrorInfo {
    /// The stable code: `unauthorized`, `invalid_request`, `not_found`, `rate_limited`,
    /// `server`, `timeout`, `network`, `decode`, `validation`, `invalid_state`, `webhook`,
    /// `outcome_unknown`.
    pub code: String,
    /// A message for people (never contains the api secret or a token).
    pub message: String,
    /// The HTTP status of the answer, when one arrived.
    pub http_status: Option<i32>,
    /// The API's `err` message.
    pub err: Option<String>,
    /// The API's `err_code` (e.g. `payerKYCNeeded`).
    pub err_code: Option<String>,
    /// The API's `additional` data, as JSON text.
    pub additional: Option<JsonValue>,
    /// The `Cf-Ray` request id the provider's support asks for.
    pub cf_ray: Option<String>,
    /// How many attempts were made (0 when refused before sending).
    pub attempts: i32,
    /// The argument a `validation` error is about.
    pub field: Option<String>,
    /// The API action (`CheckPayment`, ...) the error belongs to.
    pub action: Option<String>,
    /// The delay the server asked for with `Retry-After`, in milliseconds.
    pub retry_after_ms: Option<i64>,
}

/// An SDK error: one variant per stable code, each with the same `info`. Catch the variant you
/// handle (`ForumPayException.NotFound`) or the base type and read its `info.code`.
#[derive(Debug, Clone, PartialEq, uniffi::Error)]
pub enum ForumPayError {
    /// 401 or 403: a missing or wrong api key, or an account without API access.
    Unauthorized { info: ErrorInfo },
    /// 400 (or another 4xx), or an `err` body: the API refused the request.
    InvalidRequest { info: ErrorInfo },
    /// 404: an unknown payment or endpoint.
    NotFound { info: ErrorInfo },
    /// 429: too many requests.
    RateLimited { info: ErrorInfo },
    /// 5xx: the API failed.
    Server { info: ErrorInfo },
    /// No answer within the configured timeout (or a watch's deadline passed).
    Timeout { info: ErrorInfo },
    /// The connection could not be made or broke.
    Network { info: ErrorInfo },
    /// The answer could not be read.
    Decode { info: ErrorInfo },
    /// Refused before sending: an argument is not valid (`info.field` names it).
    Validation { info: ErrorInfo },
    /// The payment's state does not allow the action.
    InvalidState { info: ErrorInfo },
    /// A webhook notification that cannot be read or trusted.
    Webhook { info: ErrorInfo },
    /// A write whose result could not be learned, even by asking the API afterwards.
    OutcomeUnknown { info: ErrorInfo },
}

impl ForumPayError {
    /// The details, whatever the variant.
    pub fn info(&self) -> &ErrorInfo {
        use ForumPayError::*;
        match self {
            Unauthorized { info } | InvalidRequest { info } | NotFound { info } | RateLimited { info }
            | Server { info } | Timeout { info } | Network { info } | Decode { info } | Validation { info }
            | InvalidState { info } | Webhook { info } | OutcomeUnknown { info } => info,
        }
    }
}

impl fmt::Display for ForumPayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let info = self.info();
        write!(f, "[{}] {}", info.code, info.message)
    }
}

impl std::error::Error for ForumPayError {}

impl From<forumpay::Error> for ForumPayError {
    fn from(e: forumpay::Error) -> Self {
        let d = e.details();
        let info = ErrorInfo {
            code: e.code().as_str().to_string(),
            message: e.message().to_string(),
            http_status: d.http_status.map(i32::from),
            err: d.err.clone(),
            err_code: d.err_code.clone(),
            additional: d.additional.clone(),
            cf_ray: d.cf_ray.clone(),
            attempts: i32::try_from(d.attempts).unwrap_or(i32::MAX),
            field: d.field.clone(),
            action: d.action.clone(),
            retry_after_ms: d.retry_after.map(|t| i64::try_from(t.as_millis()).unwrap_or(i64::MAX)),
        };
        match e.code() {
            ErrorCode::Unauthorized => ForumPayError::Unauthorized { info },
            ErrorCode::InvalidRequest => ForumPayError::InvalidRequest { info },
            ErrorCode::NotFound => ForumPayError::NotFound { info },
            ErrorCode::RateLimited => ForumPayError::RateLimited { info },
            ErrorCode::Server => ForumPayError::Server { info },
            ErrorCode::Timeout => ForumPayError::Timeout { info },
            ErrorCode::Network => ForumPayError::Network { info },
            ErrorCode::Decode => ForumPayError::Decode { info },
            ErrorCode::Validation => ForumPayError::Validation { info },
            ErrorCode::InvalidState => ForumPayError::InvalidState { info },
            ErrorCode::Webhook => ForumPayError::Webhook { info },
            ErrorCode::OutcomeUnknown => ForumPayError::OutcomeUnknown { info },
        }
    }
}

/// A sandbox control call the emulator refused; the variant is the emulator's stable code
/// (`not_found`, `invalid_state`, `invalid_argument`, `timeout`, `io`), the message is for people.
#[derive(Debug, Clone, PartialEq, uniffi::Error)]
#[uniffi(flat_error)]
pub enum SandboxError {
    /// No payment with that id.
    NotFound(String),
    /// The payment's current state forbids the operation.
    InvalidState(String),
    /// An argument was malformed or out of range.
    InvalidArgument(String),
    /// A wait (flushing webhooks) did not finish in time.
    Timeout(String),
    /// The emulator could not start (binding the port, starting its runtime).
    Io(String),
}

impl fmt::Display for SandboxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (SandboxError::NotFound(m) | SandboxError::InvalidState(m) | SandboxError::InvalidArgument(m)
            | SandboxError::Timeout(m) | SandboxError::Io(m)) = self;
        f.write_str(m)
    }
}

impl std::error::Error for SandboxError {}

impl From<forumpay_sandbox::SandboxError> for SandboxError {
    fn from(e: forumpay_sandbox::SandboxError) -> Self {
        let message = e.to_string();
        match e {
            forumpay_sandbox::SandboxError::NotFound(_) => SandboxError::NotFound(message),
            forumpay_sandbox::SandboxError::InvalidState(_) => SandboxError::InvalidState(message),
            forumpay_sandbox::SandboxError::InvalidArgument(_) => SandboxError::InvalidArgument(message),
            forumpay_sandbox::SandboxError::Timeout(_) => SandboxError::Timeout(message),
            forumpay_sandbox::SandboxError::Io(_) => SandboxError::Io(message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_code_maps_to_its_own_variant() {
        for code in ErrorCode::ALL {
            let mapped = ForumPayError::from(forumpay::Error::new(code, "m").with_attempts(3));
            assert_eq!(mapped.info().code, code.as_str());
            assert_eq!(mapped.info().attempts, 3);
            let variant = format!("{mapped:?}");
            let expected: String = code.as_str().split('_').map(|w| w[..1].to_uppercase() + &w[1..]).collect();
            assert!(variant.starts_with(&expected), "{variant} for {code}");
        }
    }

    #[test]
    fn validation_keeps_its_field() {
        let mapped = ForumPayError::from(forumpay::parse_amount("invoice_amount", "4.825E1").unwrap_err());
        assert!(matches!(mapped, ForumPayError::Validation { .. }));
        assert_eq!(mapped.info().field.as_deref(), Some("invoice_amount"));
    }
}
