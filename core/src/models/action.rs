//! Answers of the write actions (CancelPayment, AcceptPayment, RefundPayment, RequestKyc) and
//! of Ping.

use crate::decode::{Extra, Fields};
use crate::error::Result;
use serde::Serialize;
use serde_json::Value;

/// CancelPayment's answer.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CancelResult {
    /// Whether the payment is now cancelled.
    pub cancelled: bool,
    /// Display text of the new state.
    pub status: Option<String>,
    /// True when the action's answer was lost and this result was learned afterwards by asking
    /// the API (CheckPayment or GetTransactions) whether it took effect.
    pub recovered: bool,
    /// Fields this version does not know.
    pub extra: Extra,
}

impl CancelResult {
    /// Decodes the API's answer (a parsed JSON body).
    pub fn from_json(value: Value) -> Result<CancelResult> {
        let mut f = Fields::new(value, "CancelPayment")?;
        Ok(CancelResult {
            cancelled: f.opt_bool("cancelled")?.unwrap_or(false),
            status: f.opt_string("status")?,
            recovered: false,
            extra: f.finish(),
        })
    }
}

/// AcceptPayment's answer.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct AcceptResult {
    /// Whether the amount was accepted.
    pub success: bool,
    /// True when the action's answer was lost and this result was learned afterwards by asking
    /// the API (CheckPayment or GetTransactions) whether it took effect.
    pub recovered: bool,
    /// Fields this version does not know.
    pub extra: Extra,
}

impl AcceptResult {
    /// Decodes the API's answer (a parsed JSON body).
    pub fn from_json(value: Value) -> Result<AcceptResult> {
        let mut f = Fields::new(value, "AcceptPayment")?;
        Ok(AcceptResult { success: f.opt_bool("success")?.unwrap_or(false), recovered: false, extra: f.finish() })
    }
}

/// RefundPayment's answer.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RefundResult {
    /// Expected time until the refund is sent, as prose.
    pub wait_time: Option<String>,
    /// True when the action's answer was lost and this result was learned afterwards by asking
    /// the API (CheckPayment or GetTransactions) whether it took effect.
    pub recovered: bool,
    /// Fields this version does not know.
    pub extra: Extra,
}

impl RefundResult {
    /// Decodes the API's answer (a parsed JSON body).
    pub fn from_json(value: Value) -> Result<RefundResult> {
        let mut f = Fields::new(value, "RefundPayment")?;
        Ok(RefundResult { wait_time: f.opt_string("wait_time")?, recovered: false, extra: f.finish() })
    }
}

/// RequestKyc's answer.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct KycResult {
    /// `ok` when the API took the request (the payer gets the e-mail).
    pub status: Option<String>,
    /// Fields this version does not know.
    pub extra: Extra,
}

impl KycResult {
    /// Decodes the API's answer (a parsed JSON body).
    pub fn from_json(value: Value) -> Result<KycResult> {
        let mut f = Fields::new(value, "RequestKyc")?;
        Ok(KycResult { status: f.opt_string("status")?, extra: f.finish() })
    }

    /// Whether the API said `ok` (any case).
    pub fn is_ok(&self) -> bool {
        self.status.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("ok"))
    }
}

/// Ping's answer.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Pong {
    /// `pong` when the API is reachable with these credentials.
    pub result: Option<String>,
    /// When Ping was given a `webhook_url`: how the API's test call to it went.
    pub webhook_response: Option<WebhookResponse>,
    /// Fields this version does not know.
    pub extra: Extra,
}

impl Pong {
    /// Decodes the API's answer (a parsed JSON body).
    pub fn from_json(value: Value) -> Result<Pong> {
        let mut f = Fields::new(value, "Ping")?;
        Ok(Pong {
            result: f.opt_string("result")?,
            webhook_response: f.opt_object("webhook_response", WebhookResponse::from_json)?,
            extra: f.finish(),
        })
    }
}

/// How the API's test call to a webhook URL went (Ping with `webhook_url`).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct WebhookResponse {
    /// Outcome text.
    pub status: Option<String>,
    /// How long the call took, as sent.
    pub duration: Option<String>,
    /// The URL called.
    pub webhook_url: Option<String>,
    /// HTTP status the merchant's server answered.
    pub response_code: Option<i64>,
    /// Body the merchant's server answered.
    pub response_body: Option<String>,
    /// Fields this version does not know.
    pub extra: Extra,
}

impl WebhookResponse {
    fn from_json(value: Value) -> Result<WebhookResponse> {
        let mut f = Fields::new(value, "Ping")?;
        Ok(WebhookResponse {
            status: f.opt_string("status")?,
            duration: f.opt_string("duration")?,
            webhook_url: f.opt_string("webhook_url")?,
            response_code: f.opt_int("response_code")?,
            response_body: f.opt_string("response_body")?,
            extra: f.finish(),
        })
    }
}
