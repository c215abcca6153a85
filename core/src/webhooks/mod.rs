//! Webhooks (IPN): read a raw body, verify it by asking CheckPayment, make replays a no-op, and
//! optionally accept them only from known addresses. The API signs nothing, so a notification
//! is never trusted by itself (facts: every official plugin refetches).

mod allow_list;
mod dedupe;
mod endpoint;
mod notification;
mod verify;

pub use allow_list::SourceAllowList;
pub use dedupe::WebhookDeduplicator;
pub use endpoint::{
    EndpointSettings, Received, Verified, WebhookAnswer, WebhookAnswerBody, WebhookBody, WebhookEndpoint, WebhookOutcome,
};
pub use notification::{WebhookNotification, MAX_WEBHOOK_BODY};
pub use verify::{KnownPayment, VerifiedWebhook};
