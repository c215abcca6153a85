//! RequestKyc: the payer's KYC, asked for by e-mail.

use super::Params;
use crate::error::Result;
use crate::validate;

/// Asks the API to e-mail the payer a KYC verification code (RequestKyc), as a shop does when
/// StartPayment is refused with an `err_code` such as `payerKYCNeeded` or
/// `payerEmailVerificationCodeNeeded`; StartPayment then takes the code as `payer_kyc_pin`.
/// Sent as a POST form, like StartPayment, and without `pos_id`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestKyc {
    /// The payer's e-mail address (`name@domain`, at most 254 characters): the same as
    /// StartPayment's `payer_email`.
    pub email: String,
}

impl RequestKyc {
    /// A KYC request for the payer at `email`.
    pub fn new(email: impl Into<String>) -> Self {
        RequestKyc { email: email.into() }
    }

    pub(crate) fn params(&self) -> Result<Params> {
        validate::email("email", &self.email)?;
        let mut p = Params::default();
        p.text("email", &self.email);
        Ok(p)
    }
}
