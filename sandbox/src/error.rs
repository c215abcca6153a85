//! The one error type of the sandbox's Rust and control APIs.

/// Why a sandbox operation failed. `code()` is the stable string the HTTP control API reports.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// No payment with that id (or it does not match the currency/address given).
    #[error("payment not found: {0}")]
    NotFound(String),
    /// The payment's current state forbids the operation.
    #[error("{0}")]
    InvalidState(String),
    /// An argument was malformed or out of range.
    #[error("{0}")]
    InvalidArgument(String),
    /// A wait (flushing webhooks) did not finish in time.
    #[error("timed out: {0}")]
    Timeout(String),
    /// Binding the listener or starting the runtime failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
}

impl SandboxError {
    /// Stable machine code: `not_found`, `invalid_state`, `invalid_argument`, `timeout`
    /// or `io`.
    pub fn code(&self) -> &'static str {
        match self {
            SandboxError::NotFound(_) => "not_found",
            SandboxError::InvalidState(_) => "invalid_state",
            SandboxError::InvalidArgument(_) => "invalid_argument",
            SandboxError::Timeout(_) => "timeout",
            SandboxError::Io(_) => "io",
        }
    }
}

/// Shorthand for an `InvalidArgument` error.
pub(crate) fn bad(message: impl Into<String>) -> SandboxError {
    SandboxError::InvalidArgument(message.into())
}

/// Shorthand for an `InvalidState` error.
pub(crate) fn forbidden(message: impl Into<String>) -> SandboxError {
    SandboxError::InvalidState(message.into())
}
