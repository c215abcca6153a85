//! Every failure as it crosses: core's error in its canonical form (`ErrorFields`), which the
//! Kotlin layer turns into `ForumPayException`'s subclass for its code; and the sandbox's
//! refusals with the emulator's code.

use forumpay::ErrorFields;
use std::fmt;

/// A failed call: the error's canonical fields (`ErrorFields`). Kotlin code sees
/// `ForumPayException` instead.
#[derive(Debug, uniffi::Error)]
pub enum NativeError {
    /// The call failed.
    Failed {
        /// Everything known about the failure.
        fields: ErrorFields,
    },
    /// An argument could not cross (an amount with more digits than core can hold): a
    /// `validation` error whose argument the Kotlin layer names.
    Argument {
        /// Everything known about the failure.
        fields: ErrorFields,
    },
}

impl fmt::Display for NativeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (NativeError::Failed { fields } | NativeError::Argument { fields }) = self;
        f.write_str(&fields.message)
    }
}

impl std::error::Error for NativeError {}

impl From<forumpay::Error> for NativeError {
    fn from(e: forumpay::Error) -> Self {
        NativeError::Failed { fields: e.fields() }
    }
}

/// The error uniffi reports when an argument cannot be lifted, so that a value core cannot
/// hold reaches Kotlin and Swift as a typed `validation` error (field still unknown here: the
/// Kotlin layer finds it), never as an internal one.
pub(crate) fn lift_error(e: forumpay::Error) -> uniffi::deps::anyhow::Error {
    uniffi::deps::anyhow::Error::new(NativeError::Argument { fields: e.fields() })
}

/// A `validation` error about `field`, for failures found before a call reaches Rust (a string
/// that is not valid UTF-16, a moment out of range).
#[uniffi::export]
pub fn native_validation_error(field: String, message: String) -> ErrorFields {
    forumpay::Error::validation(&field, message).fields()
}

/// A sandbox control the emulator refused, with the emulator's stable code for it
/// (`SandboxError::code`); Kotlin code sees `SandboxException`.
#[derive(Debug, uniffi::Error)]
pub enum SandboxRefusal {
    /// The control was refused.
    Refused {
        /// The emulator's stable code.
        code: String,
        /// What went wrong, for people.
        detail: String,
    },
}

impl fmt::Display for SandboxRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let SandboxRefusal::Refused { detail, .. } = self;
        f.write_str(detail)
    }
}

impl std::error::Error for SandboxRefusal {}

impl From<forumpay_sandbox::SandboxError> for SandboxRefusal {
    fn from(e: forumpay_sandbox::SandboxError) -> Self {
        SandboxRefusal::Refused { code: e.code().to_string(), detail: e.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canonical_fields_cross_whole() {
        let NativeError::Failed { fields } = NativeError::from(forumpay::parse_amount("some_name", "4.825E1").unwrap_err()) else {
            panic!("a core error is Failed");
        };
        assert_eq!(fields.code, forumpay::ErrorCode::Validation);
        assert_eq!(fields.field.as_deref(), Some("some_name"));
        assert_eq!(native_validation_error("someName".into(), "m".into()).field.as_deref(), Some("someName"));
    }
}
