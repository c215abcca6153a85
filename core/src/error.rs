//! The one error type of the SDK, with a stable code per kind.

use serde_json::Value;
use std::fmt;
use std::time::Duration;

/// The stable kind of an [`Error`]. Its string form ([`ErrorCode::as_str`]) is the same in every
/// language binding; tests and callers branch on it, never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 401 or 403: a missing or wrong api key, or an account without API access.
    Unauthorized,
    /// 400 (or another 4xx), or an `err` body: the API refused the request.
    InvalidRequest,
    /// 404: an unknown payment or endpoint.
    NotFound,
    /// 429: too many requests.
    RateLimited,
    /// 5xx: the API failed.
    Server,
    /// No answer within the configured timeout.
    Timeout,
    /// The connection could not be made or broke.
    Network,
    /// The answer could not be read (not JSON, or not the expected shape).
    Decode,
    /// Refused before sending: an argument is not valid.
    Validation,
    /// The payment's state does not allow the action.
    InvalidState,
    /// A webhook notification that cannot be read or trusted.
    Webhook,
    /// A write whose result could not be learned, even by asking the API afterwards.
    OutcomeUnknown,
}

impl ErrorCode {
    /// Every code, in a stable order.
    pub const ALL: [ErrorCode; 12] = [
        ErrorCode::Unauthorized,
        ErrorCode::InvalidRequest,
        ErrorCode::NotFound,
        ErrorCode::RateLimited,
        ErrorCode::Server,
        ErrorCode::Timeout,
        ErrorCode::Network,
        ErrorCode::Decode,
        ErrorCode::Validation,
        ErrorCode::InvalidState,
        ErrorCode::Webhook,
        ErrorCode::OutcomeUnknown,
    ];

    /// The stable string code, e.g. `"unauthorized"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::NotFound => "not_found",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Server => "server",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Network => "network",
            ErrorCode::Decode => "decode",
            ErrorCode::Validation => "validation",
            ErrorCode::InvalidState => "invalid_state",
            ErrorCode::Webhook => "webhook",
            ErrorCode::OutcomeUnknown => "outcome_unknown",
        }
    }

    /// The code for an HTTP status that is not a success.
    pub fn from_http_status(status: u16) -> ErrorCode {
        match status {
            401 | 403 => ErrorCode::Unauthorized,
            404 => ErrorCode::NotFound,
            429 => ErrorCode::RateLimited,
            500..=599 => ErrorCode::Server,
            _ => ErrorCode::InvalidRequest,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An SDK error: a stable [`ErrorCode`], a message for people, and what is known of the HTTP
/// exchange. Its text never contains the api secret or a payer token.
#[derive(Clone)]
pub struct Error {
    code: ErrorCode,
    message: String,
    details: Box<ErrorDetails>,
}

/// What is known about the exchange that failed. Every field is optional because validation
/// errors never reach the network.
#[derive(Debug, Clone, Default)]
pub struct ErrorDetails {
    /// The API action (`CheckPayment`, ...), when the error belongs to one.
    pub action: Option<String>,
    /// The HTTP status of the answer, when one arrived.
    pub http_status: Option<u16>,
    /// The API's `err` message.
    pub err: Option<String>,
    /// The API's `err_code` (e.g. `payerKYCNeeded`).
    pub err_code: Option<String>,
    /// The API's `additional` data.
    pub additional: Option<Value>,
    /// The `Cf-Ray` id of the answer: the request id the provider's support asks for.
    pub cf_ray: Option<String>,
    /// How many attempts were made (0 when refused before sending).
    pub attempts: u32,
    /// The argument a validation error is about.
    pub field: Option<String>,
    /// The delay the server asked for with `Retry-After`.
    pub retry_after: Option<Duration>,
}

impl Error {
    /// A new error with no exchange details.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error { code, message: message.into(), details: Box::default() }
    }

    /// A validation error about one argument.
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        let mut e = Error::new(ErrorCode::Validation, message);
        e.details.field = Some(field.to_string());
        e
    }

    /// A decode error: the answer of `action` could not be read.
    pub fn decode(action: &str, message: impl Into<String>) -> Self {
        Error::new(ErrorCode::Decode, message).with_action(action)
    }

    /// The same error, attached to an API action.
    pub fn with_action(mut self, action: &str) -> Self {
        self.details.action = Some(action.to_string());
        self
    }

    /// The same error, with its exchange details replaced.
    pub fn with_details(mut self, details: ErrorDetails) -> Self {
        *self.details = details;
        self
    }

    /// The same error, with what is known of the exchange it came from: its action (unless the
    /// error names one), HTTP status, `Cf-Ray` and attempts. A decode error then still says
    /// which answer could not be read, and support can find it by its Cf-Ray.
    pub(crate) fn with_exchange(mut self, exchange: &ErrorDetails) -> Self {
        let d = &mut self.details;
        if d.action.is_none() {
            d.action.clone_from(&exchange.action);
        }
        d.http_status = d.http_status.or(exchange.http_status);
        if d.cf_ray.is_none() {
            d.cf_ray.clone_from(&exchange.cf_ray);
        }
        d.attempts = exchange.attempts;
        self
    }

    /// The same error, with the number of attempts made.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.details.attempts = attempts;
        self
    }

    /// The stable kind.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message for people (may change between versions; do not match on it).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Everything known about the exchange.
    pub fn details(&self) -> &ErrorDetails {
        &self.details
    }

    /// The HTTP status, when an answer arrived.
    pub fn http_status(&self) -> Option<u16> {
        self.details.http_status
    }

    /// The API's `err` message.
    pub fn err(&self) -> Option<&str> {
        self.details.err.as_deref()
    }

    /// The API's `err_code`.
    pub fn err_code(&self) -> Option<&str> {
        self.details.err_code.as_deref()
    }

    /// The `Cf-Ray` request id.
    pub fn cf_ray(&self) -> Option<&str> {
        self.details.cf_ray.as_deref()
    }

    /// How many attempts were made.
    pub fn attempts(&self) -> u32 {
        self.details.attempts
    }

    /// Whether repeating the same read could succeed (the failure was transient).
    pub fn is_transient(&self) -> bool {
        matches!(
            self.code,
            ErrorCode::Server | ErrorCode::Timeout | ErrorCode::Network | ErrorCode::RateLimited
        )
    }
}

/// An error in its canonical form: what every language's exception carries, under these names.
/// The message never contains the api secret or a payer token.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct ErrorFields {
    /// The stable code (`unauthorized`, `validation`, ...): branch on this, never on the message.
    pub code: ErrorCode,
    /// What went wrong, for people.
    pub message: String,
    /// The API action the error belongs to (`CheckPayment`, ...).
    pub action: Option<String>,
    /// The HTTP status of the answer, when one arrived.
    pub http_status: Option<u16>,
    /// The API's `err` message.
    pub err: Option<String>,
    /// The API's `err_code` (`payerKYCNeeded`, ...).
    pub err_code: Option<String>,
    /// The API's `additional` data (e.g. `{"fields": ["payer_email"]}`).
    pub additional: Option<Value>,
    /// The `Cf-Ray` id of the answer: the request id the provider's support asks for.
    pub cf_ray: Option<String>,
    /// How many attempts were made (0 when refused before sending).
    pub attempts: u32,
    /// The argument or setting a `validation` error is about, as the caller named it.
    pub field: Option<String>,
    /// The wait the server asked for with `Retry-After`, in ms.
    pub retry_after_ms: Option<u64>,
}

impl Error {
    /// The canonical form.
    pub fn fields(&self) -> ErrorFields {
        let d = &*self.details;
        ErrorFields {
            code: self.code,
            message: self.message.clone(),
            action: d.action.clone(),
            http_status: d.http_status,
            err: d.err.clone(),
            err_code: d.err_code.clone(),
            additional: d.additional.clone(),
            cf_ray: d.cf_ray.clone(),
            attempts: d.attempts,
            field: d.field.clone(),
            retry_after_ms: d.retry_after.map(|r| u64::try_from(r.as_millis()).unwrap_or(u64::MAX)),
        }
    }
}

impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.fields().serialize(serializer)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.code, self.message)?;
        if let Some(action) = &self.details.action {
            write!(f, " (action {action}")?;
            if let Some(status) = self.details.http_status {
                write!(f, ", HTTP {status}")?;
            }
            if let Some(ray) = &self.details.cf_ray {
                write!(f, ", cf-ray {ray}")?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("code", &self.code.as_str())
            .field("message", &self.message)
            .field("details", &self.details)
            .finish()
    }
}

impl std::error::Error for Error {}

/// The SDK's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_strings() {
        let all: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            all,
            [
                "unauthorized", "invalid_request", "not_found", "rate_limited", "server", "timeout",
                "network", "decode", "validation", "invalid_state", "webhook", "outcome_unknown"
            ]
        );
    }

    #[test]
    fn serde_names_are_the_codes() {
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }

    #[test]
    fn http_status_mapping() {
        assert_eq!(ErrorCode::from_http_status(401), ErrorCode::Unauthorized);
        assert_eq!(ErrorCode::from_http_status(403), ErrorCode::Unauthorized);
        assert_eq!(ErrorCode::from_http_status(404), ErrorCode::NotFound);
        assert_eq!(ErrorCode::from_http_status(429), ErrorCode::RateLimited);
        assert_eq!(ErrorCode::from_http_status(503), ErrorCode::Server);
        assert_eq!(ErrorCode::from_http_status(400), ErrorCode::InvalidRequest);
        assert_eq!(ErrorCode::from_http_status(422), ErrorCode::InvalidRequest);
    }
}
