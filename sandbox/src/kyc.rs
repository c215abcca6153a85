//! The payer's KYC, as the provider's shop plugins meet it: a merchant account that requires
//! KYC refuses StartPayment with a `payer*` err_code until the payer has it; RequestKyc (POST
//! `email`) sends the payer a verification code; StartPayment with that `payer_kyc_pin`
//! proceeds, and the payer is verified from then on. Every request is recorded per payer.
//!
//! Off by default (`require_kyc`): then StartPayment never asks, and RequestKyc is recorded all
//! the same.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::{json, Value};

use crate::clock::format_timestamp;
use crate::error::{bad, SandboxError};
use crate::ids::IdGen;
use crate::params::Params;
use crate::refusal::{code, Refusal};
use crate::shared::Shared;

/// Longest e-mail address (RFC 5321's path limit).
const MAX_EMAIL: usize = 254;

/// One RequestKyc as the emulator received it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KycRequest {
    /// The payer's e-mail, as sent.
    pub email: String,
    /// The verification code "sent" to that e-mail: StartPayment's `payer_kyc_pin`.
    pub pin: String,
    /// `locale` of the request, if given.
    pub locale: Option<String>,
    /// `user` (sub-merchant) of the request, if given.
    pub user: Option<String>,
    /// When it arrived (the emulator's clock).
    pub requested_at: String,
}

/// KYC state: whether it is required, every request, and who is verified.
#[derive(Debug, Default)]
pub(crate) struct Kyc {
    required: bool,
    requests: Vec<KycRequest>,
    /// E-mails (lowercase) that passed with a code.
    verified: HashSet<String>,
}

impl Kyc {
    /// Forgets everything; KYC is no longer required.
    pub(crate) fn reset(&mut self) {
        *self = Kyc::default();
    }

    /// Makes StartPayment require KYC (or not).
    pub(crate) fn set_required(&mut self, required: bool) {
        self.required = required;
    }

    /// Every request, oldest first.
    pub(crate) fn requests(&self) -> Vec<KycRequest> {
        self.requests.clone()
    }

    /// Records a request for `email` and returns the code sent to it. Each request sends a new
    /// code; every code sent to a payer stays valid, so a request sent twice (a lost answer,
    /// a retry) never invalidates the first e-mail.
    fn record(&mut self, email: &str, locale: Option<String>, user: Option<String>, now: u64, ids: &IdGen) -> String {
        let pin = format!("{:06}", ids.next_u64() % 1_000_000);
        self.requests.push(KycRequest {
            email: email.to_string(),
            pin: pin.clone(),
            locale,
            user,
            requested_at: format_timestamp(now),
        });
        pin
    }

    /// Whether StartPayment may go ahead for this payer, or the live refusal that says what is
    /// missing (HTTP 200 with `err`, `err_code` and, for missing data, `additional`).
    pub(crate) fn admit(&mut self, email: Option<&str>, pin: Option<&str>) -> Result<(), Refusal> {
        if !self.required {
            return Ok(());
        }
        let Some(email) = email else {
            return Err(Refusal::new(200, code::MISSING_PAYER_DATA, "Payer data is missing: KYC requires payer_email")
                .with_additional(json!({ "fields": ["payer_email"] })));
        };
        let key = email.to_ascii_lowercase();
        if self.verified.contains(&key) {
            return Ok(());
        }
        let sent: Vec<&str> = self
            .requests
            .iter()
            .filter(|r| r.email.eq_ignore_ascii_case(email))
            .map(|r| r.pin.as_str())
            .collect();
        if sent.is_empty() {
            return Err(Refusal::new(200, code::PAYER_KYC_NEEDED, "Payer KYC is needed: request it with RequestKyc"));
        }
        match pin {
            None => Err(Refusal::new(
                200,
                code::PAYER_EMAIL_VERIFICATION_CODE_NEEDED,
                "Payer e-mail verification code is needed: send it as payer_kyc_pin",
            )),
            Some(pin) if sent.contains(&pin) => {
                self.verified.insert(key);
                Ok(())
            }
            Some(_) => Err(Refusal::new(200, code::PAYER_KYC_NOT_VERIFIED, "Payer KYC is not verified: the code does not match")),
        }
    }
}

/// RequestKyc: `email` (required), answered `{"status": "ok"}`.
pub(crate) fn request(params: &Params, shared: &Shared) -> Result<Value, SandboxError> {
    let email = params.req("email")?;
    check_email(email)?;
    let mut store = shared.store();
    let now = store.now();
    store.kyc.record(email, params.opt_string("locale"), params.opt_string("user"), now, &shared.ids);
    Ok(json!({ "status": "ok" }))
}

/// An e-mail address the API could send to: one `@` with text on both sides, no spaces or
/// control characters, at most 254 characters.
fn check_email(email: &str) -> Result<(), SandboxError> {
    let shaped = email.len() <= MAX_EMAIL
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty() && !domain.contains('@'));
    if shaped {
        Ok(())
    } else {
        Err(bad("Invalid e-mail address"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_asks_for_what_is_missing_in_order() {
        let ids = IdGen::new();
        let mut kyc = Kyc::default();
        assert!(kyc.admit(None, None).is_ok(), "not required: no questions");
        kyc.set_required(true);
        let code_of = |r: Result<(), Refusal>| r.unwrap_err().err_code;
        assert_eq!(code_of(kyc.admit(None, None)), code::MISSING_PAYER_DATA);
        assert_eq!(code_of(kyc.admit(Some("a@b.c"), None)), code::PAYER_KYC_NEEDED);
        let first = kyc.record("a@b.c", None, None, 0, &ids);
        let second = kyc.record("A@B.C", Some("en-GB".into()), None, 1, &ids);
        assert_eq!(code_of(kyc.admit(Some("a@b.c"), None)), code::PAYER_EMAIL_VERIFICATION_CODE_NEEDED);
        let wrong = if first == "999999" || second == "999999" { "999998" } else { "999999" };
        assert_eq!(code_of(kyc.admit(Some("a@b.c"), Some(wrong))), code::PAYER_KYC_NOT_VERIFIED);
        assert!(kyc.admit(Some("a@b.c"), Some(&first)).is_ok(), "an earlier code stays valid");
        assert!(kyc.admit(Some("A@b.C"), None).is_ok(), "verified from then on");
        assert_eq!(code_of(kyc.admit(Some("other@b.c"), None)), code::PAYER_KYC_NEEDED);
        assert_eq!(kyc.requests().len(), 2);
        assert_eq!(kyc.requests()[1].locale.as_deref(), Some("en-GB"));
        kyc.reset();
        assert!(kyc.admit(None, None).is_ok() && kyc.requests().is_empty());
    }

    #[test]
    fn emails_are_checked() {
        for ok in ["a@b.c", "payer+tag@example.com"] {
            assert!(check_email(ok).is_ok(), "{ok}");
        }
        let long = format!("{}@b.c", "a".repeat(MAX_EMAIL));
        for bad in ["", "ab.c", "@b.c", "a@", "a b@c.d", "a@b@c", "a@b\n", long.as_str()] {
            assert!(check_email(bad).is_err(), "{bad:?}");
        }
    }
}
