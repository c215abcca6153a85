//! The shop's webhook URL as a step machine: allow list, parse, the merchant's lookup, verify by
//! refetch, claim the de-duplication key, the merchant's handler, release the key when the
//! handler fails. It does no I/O of its own but the CheckPayment of the verification; the
//! merchant's lookup and handler are callbacks the binding runs (sync or async, in its own
//! language) between the steps. One answer table (decision 0008) for every language:
//!
//! | status | `outcome` | when |
//! |---|---|---|
//! | 200 | `handled` | verified; the handler ran and returned |
//! | 200 | `replay` | verified; this payment in this state was already handled (handler not run) |
//! | 200 | `test` | the API's connectivity test (`webhook_test`) |
//! | 400 | `refused` | not a notification, or not to be trusted (code `webhook`) |
//! | 403 | `forbidden` | the source is not on the allow list |
//! | 500 | `failed` | the merchant's side failed: its lookup or handler threw, its stored payment is not valid, or the API refused this client's credentials |
//! | 503 | `unavailable` | the API could not be asked (network, timeout, 5xx, an unreadable answer), or the client's store could not (code `network`): it will deliver again |
//! | 503 | `unavailable` | another worker is handling this payment in this state right now (code null): if it fails, the next delivery runs the handler |
//!
//! The body is JSON: `{"ok": bool, "outcome": .., "code": error code or null}`. Every non-2xx
//! answer makes the API deliver again; a failed handler's key is released, so that delivery
//! runs it again instead of being taken for a replay. The de-duplication keys are claimed in
//! the client's store (decision 0027): shared by every worker whose client names the same one.

use super::verify::{KnownPayment, VerifiedWebhook};
use super::{SourceAllowList, WebhookNotification};
use crate::client::Client;
use crate::error::{Error, ErrorCode, Result};
use crate::store::Claim;
use crate::trace;
use tracing::Level;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a webhook request is answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct WebhookAnswer {
    /// The HTTP status to answer with.
    pub status: u16,
    /// The JSON body to answer with.
    pub body: WebhookAnswerBody,
}

/// The body of a [`WebhookAnswer`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct WebhookAnswerBody {
    /// Whether the notification was taken (2xx).
    pub ok: bool,
    /// `handled`, `replay`, `test`, `refused`, `forbidden`, `failed` or `unavailable`.
    pub outcome: WebhookOutcome,
    /// The error code behind a failure, if any.
    pub code: Option<ErrorCode>,
}

/// What became of a webhook request (see the module's table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WebhookOutcome {
    /// Verified and handled.
    Handled,
    /// Verified, already handled before.
    Replay,
    /// The API's connectivity test.
    Test,
    /// Not a notification, or not to be trusted.
    Refused,
    /// From a source not on the allow list.
    Forbidden,
    /// The merchant's side failed.
    Failed,
    /// The API could not be asked; it will deliver again.
    Unavailable,
}

impl WebhookOutcome {
    /// The outcome's name (`handled`, `replay`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookOutcome::Handled => "handled",
            WebhookOutcome::Replay => "replay",
            WebhookOutcome::Test => "test",
            WebhookOutcome::Refused => "refused",
            WebhookOutcome::Forbidden => "forbidden",
            WebhookOutcome::Failed => "failed",
            WebhookOutcome::Unavailable => "unavailable",
        }
    }

    /// The HTTP status of this outcome.
    pub fn status(self) -> u16 {
        match self {
            WebhookOutcome::Handled | WebhookOutcome::Replay | WebhookOutcome::Test => 200,
            WebhookOutcome::Refused => 400,
            WebhookOutcome::Forbidden => 403,
            WebhookOutcome::Failed => 500,
            WebhookOutcome::Unavailable => 503,
        }
    }

    fn answer(self, code: Option<ErrorCode>) -> WebhookAnswer {
        let status = self.status();
        WebhookAnswer { status, body: WebhookAnswerBody { ok: status < 300, outcome: self, code } }
    }

    /// The outcome of an error met while verifying: `refused` for a notification not to be
    /// trusted, `unavailable` when the API could not be asked (it will deliver again),
    /// `failed` for the merchant's own side (an invalid stored payment, refused credentials).
    pub fn of_error(error: &Error) -> WebhookOutcome {
        match error.code() {
            ErrorCode::Webhook => WebhookOutcome::Refused,
            c if Error::new(c, "").is_transient() || c == ErrorCode::Decode => WebhookOutcome::Unavailable,
            _ => WebhookOutcome::Failed,
        }
    }
}

/// After [`WebhookEndpoint::receive`].
#[derive(Debug, Clone)]
pub enum Received {
    /// Answer now; nothing else to do.
    Answer(WebhookAnswer),
    /// Ask the merchant's lookup for the stored payment with this `payment_id`, then call
    /// [`WebhookEndpoint::verify`] (or [`WebhookEndpoint::lookup_failed`] if it threw).
    Lookup(WebhookNotification),
}

/// After [`WebhookEndpoint::verify`].
#[derive(Debug, Clone)]
pub enum Verified {
    /// Answer now (refused, unavailable, a replay, ...).
    Answer(WebhookAnswer),
    /// Run the merchant's handler with this, then call [`WebhookEndpoint::handled`] with
    /// whether it succeeded. Its de-duplication key is claimed until then (for the store's claim
    /// TTL at most).
    Handle(VerifiedWebhook),
}

/// The shop's side of its webhook URL, set up once and shared by every request.
#[derive(Debug, Clone, Default)]
pub struct WebhookEndpoint {
    allow_list: Option<SourceAllowList>,
    deduplicate: bool,
}

impl WebhookEndpoint {
    /// An endpoint that de-duplicates in the client's store when `deduplicate` (otherwise every
    /// verified notification runs the handler) and, with an `allow_list`, answers only those
    /// sources.
    pub fn new(deduplicate: bool, allow_list: Option<SourceAllowList>) -> Self {
        WebhookEndpoint { allow_list, deduplicate }
    }

    /// The first step: the allow list and the body.
    pub fn receive(&self, body: &[u8], source: Option<&str>) -> Received {
        if let Some(list) = &self.allow_list {
            if !list.allows(source.unwrap_or_default()) {
                // The source address is the sender's: it is never recorded.
                return Received::Answer(answered("allow_list", None, WebhookOutcome::Forbidden.answer(None)));
            }
        }
        match WebhookNotification::parse(body) {
            Ok(n) if n.test => Received::Answer(answered("parse", None, WebhookOutcome::Test.answer(None))),
            Ok(n) => {
                step("lookup", n.payment_id.as_deref());
                Received::Lookup(n)
            }
            Err(e) => Received::Answer(answered("parse", None, WebhookOutcome::Refused.answer(Some(e.code())))),
        }
    }

    /// The merchant's lookup threw: answer 500 (the API delivers again).
    pub fn lookup_failed(&self) -> WebhookAnswer {
        answered("lookup", None, WebhookOutcome::Failed.answer(None))
    }

    /// Verifies the notification by refetch with `client` and claims its de-duplication key in
    /// the client's store. A store that cannot be reached answers 503: the handler never runs
    /// unclaimed.
    pub async fn verify(&self, client: &Client, notification: &WebhookNotification, known: Option<KnownPayment>) -> Verified {
        let payment_id = notification.payment_id.as_deref();
        let verified = match client.verify_webhook(notification, known.as_ref()).await {
            Ok(v) => v,
            Err(e) => return Verified::Answer(answered("verify", payment_id, WebhookOutcome::of_error(&e).answer(Some(e.code())))),
        };
        if !self.deduplicate {
            step("handle", payment_id);
            return Verified::Handle(verified);
        }
        let answer = match client.shared().claim_webhook(&verified.dedupe_key).await {
            Ok(Claim::Claimed) => {
                step("handle", payment_id);
                return Verified::Handle(verified);
            }
            Ok(Claim::Handled) => WebhookOutcome::Replay.answer(None),
            Ok(Claim::InProgress) => WebhookOutcome::Unavailable.answer(None),
            Err(e) => WebhookOutcome::Unavailable.answer(Some(e.code())),
        };
        Verified::Answer(answered("dedupe", payment_id, answer))
    }

    /// The handler returned (`succeeded`: 200, its key kept as handled for the store's TTL) or
    /// threw (500, its key released so the API's next delivery runs the handler again). `client`
    /// is the one that verified. Should the store fail here, the answer stays the same and the
    /// claim lapses after its TTL.
    pub async fn handled(&self, client: &Client, verified: &VerifiedWebhook, succeeded: bool) -> WebhookAnswer {
        let shared = client.shared();
        let payment_id = verified.notification.payment_id.as_deref();
        if succeeded {
            if self.deduplicate {
                shared.webhook_handled(&verified.dedupe_key).await.ok();
            }
            return answered("handle", payment_id, WebhookOutcome::Handled.answer(None));
        }
        if self.deduplicate {
            shared.release_webhook(&verified.dedupe_key).await.ok();
        }
        answered("handle", payment_id, WebhookOutcome::Failed.answer(None))
    }
}

/// The event of a step that goes on (`debug`): the merchant's lookup or handler runs next.
fn step(step: &'static str, payment_id: Option<&str>) {
    tracing::event!(target: trace::WEBHOOK, Level::DEBUG, forumpay.webhook.step = step, forumpay.payment_id = payment_id, "webhook step");
}

/// The event of the answer a webhook request gets, at the step that decided it: `info` for a
/// 2xx, `warn` for the rest (the API delivers again).
fn answered(step: &'static str, payment_id: Option<&str>, answer: WebhookAnswer) -> WebhookAnswer {
    let outcome = answer.body.outcome.as_str();
    let code = answer.body.code.map(ErrorCode::as_str);
    if answer.body.ok {
        tracing::event!(target: trace::WEBHOOK, Level::INFO, forumpay.webhook.step = step, forumpay.payment_id = payment_id, forumpay.webhook.outcome = outcome, http.response.status_code = answer.status, error.type = code, "webhook answered");
    } else {
        tracing::event!(target: trace::WEBHOOK, Level::WARN, forumpay.webhook.step = step, forumpay.payment_id = payment_id, forumpay.webhook.outcome = outcome, http.response.status_code = answer.status, error.type = code, "webhook answered");
    }
    answer
}

/// The raw body of a webhook request, as named arguments carry it: text (taken as UTF-8), or
/// a list of byte values for a body that is not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum WebhookBody {
    /// The body as text.
    Text(String),
    /// The body's bytes.
    Bytes(Vec<u8>),
}

impl WebhookBody {
    /// The body's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            WebhookBody::Text(t) => t.as_bytes(),
            WebhookBody::Bytes(b) => b,
        }
    }
}

/// What a webhook endpoint is set up with, by name.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EndpointSettings {
    /// Addresses or networks (`203.0.113.0/24`) webhooks may come from; absent: any.
    #[serde(default)]
    pub allow_list: Option<Vec<String>>,
    /// Whether replays of a handled payment state are answered without running the handler
    /// (default true). The claims are kept in the client's store: shared by every worker whose
    /// client names the same `store_url`.
    #[serde(default)]
    pub deduplicate: Option<bool>,
}

impl EndpointSettings {
    /// The endpoint these settings describe.
    pub fn build(self) -> Result<WebhookEndpoint> {
        let allow_list = self.allow_list.map(|l| SourceAllowList::parse(&l)).transpose()?;
        Ok(WebhookEndpoint::new(self.deduplicate.unwrap_or(true), allow_list))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table() {
        let e = |c| WebhookOutcome::of_error(&Error::new(c, ""));
        assert_eq!(e(ErrorCode::Webhook).status(), 400);
        assert_eq!(e(ErrorCode::Network).status(), 503);
        assert_eq!(e(ErrorCode::Server).status(), 503);
        assert_eq!(e(ErrorCode::Decode).status(), 503);
        assert_eq!(e(ErrorCode::Validation).status(), 500, "an invalid stored payment is the merchant's bug");
        assert_eq!(e(ErrorCode::Unauthorized).status(), 500);
    }

    #[test]
    fn receive_answers_what_needs_no_lookup() {
        let list = SourceAllowList::parse(&["10.0.0.0/8"]).unwrap();
        let ep = WebhookEndpoint::new(false, Some(list));
        let status = |r: Received| match r {
            Received::Answer(a) => a.status,
            Received::Lookup(_) => 0,
        };
        assert_eq!(status(ep.receive(b"{}", Some("192.0.2.1"))), 403);
        assert_eq!(status(ep.receive(br#"{"webhook_test":true}"#, Some("10.1.2.3"))), 200);
        assert_eq!(status(ep.receive(b"junk", Some("10.1.2.3"))), 400);
        assert_eq!(status(ep.receive(br#"{"payment_id":"p"}"#, Some("10.1.2.3"))), 0);
        let body = serde_json::to_value(WebhookOutcome::Refused.answer(Some(ErrorCode::Webhook))).unwrap();
        assert_eq!(body, serde_json::json!({"status": 400, "body": {"ok": false, "outcome": "refused", "code": "webhook"}}));
    }
}
