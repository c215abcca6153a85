//! Answers of the write actions (CancelPayment, AcceptPayment, RefundPayment, RequestKyc) and
//! of Ping.

use crate::decode::fields::model_fields;
use crate::decode::{self, Extra};
use crate::error::Result;
use serde::Serialize;

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

model_fields! {
    CancelResult for "CancelPayment" as CancelResultFields { cancelled: text, status: text }
}

impl CancelResult {
    fn from_fields(f: &mut CancelResultFields<'_>) -> Result<CancelResult> {
        Ok(CancelResult {
            cancelled: f.cancelled().opt_bool()?.unwrap_or(false),
            status: f.status().opt_string()?,
            recovered: false,
            extra: f.extra(),
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

model_fields! {
    AcceptResult for "AcceptPayment" as AcceptResultFields { success: text }
}

impl AcceptResult {
    fn from_fields(f: &mut AcceptResultFields<'_>) -> Result<AcceptResult> {
        Ok(AcceptResult { success: f.success().opt_bool()?.unwrap_or(false), recovered: false, extra: f.extra() })
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

model_fields! {
    RefundResult for "RefundPayment" as RefundResultFields { wait_time: text }
}

impl RefundResult {
    fn from_fields(f: &mut RefundResultFields<'_>) -> Result<RefundResult> {
        Ok(RefundResult { wait_time: f.wait_time().opt_string()?, recovered: false, extra: f.extra() })
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

model_fields! {
    KycResult for "RequestKyc" as KycResultFields { status: text }
}

impl KycResult {
    fn from_fields(f: &mut KycResultFields<'_>) -> Result<KycResult> {
        Ok(KycResult { status: f.status().opt_string()?, extra: f.extra() })
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

model_fields! {
    Pong for "Ping" as PongFields { result: text, webhook_response: object(WebhookResponse) }
}

impl Pong {
    fn from_fields(f: &mut PongFields<'_>) -> Result<Pong> {
        Ok(Pong {
            result: f.result().opt_string()?,
            webhook_response: f.webhook_response().opt_object()?,
            extra: f.extra(),
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

model_fields! {
    WebhookResponse for "Ping" as WebhookResponseFields {
        status: text, duration: text, webhook_url: text, response_code: text, response_body: text,
    }
}

impl WebhookResponse {
    fn from_fields(f: &mut WebhookResponseFields<'_>) -> Result<WebhookResponse> {
        Ok(WebhookResponse {
            status: f.status().opt_string()?,
            duration: f.duration().opt_string()?,
            webhook_url: f.webhook_url().opt_string()?,
            response_code: f.response_code().opt_int()?,
            response_body: f.response_body().opt_string()?,
            extra: f.extra(),
        })
    }
}

decode::answer::object_answers!(CancelResult, AcceptResult, RefundResult, KycResult, Pong);
