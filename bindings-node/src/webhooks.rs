//! Webhooks: core's parser, deduplicator and source allow list, and core's webhook endpoint
//! (decision 0008) driven step by step from `webhooks.js`: `receive` (allow list, parsing), the
//! merchant's lookup in JS, `verify` (refetch, the claim in the client's store), the
//! merchant's handler in JS, `handled` (the claim kept or released). Every answer (status and JSON body) is core's; between the steps the endpoint
//! keeps the notification or the verified webhook under a token.

use crate::client::NativeClient;
use crate::convert::{named, result_text};
use crate::error::{refused, CoreResultExt};
use forumpay::surface::from_named;
use forumpay::webhooks::{EndpointSettings, Received, Verified, WebhookAnswer, WebhookEndpoint};
use forumpay::{SourceAllowList, VerifiedWebhook, WebhookDeduplicator, WebhookNotification};
use napi::bindgen_prelude::Buffer;
use napi::Env;
use napi_derive::napi;
use serde_json::json;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

/// Reads a raw webhook body (JSON or form-encoded); code `webhook` when it is not a notification.
#[napi(catch_unwind)]
pub fn parse_webhook(raw: Buffer) -> napi::Result<String> {
    result_text(&WebhookNotification::parse(&raw).js()?)
}

/// Remembers the dedupe keys already handled (core's `WebhookDeduplicator`).
#[napi]
pub struct NativeDeduplicator(WebhookDeduplicator);

#[napi]
impl NativeDeduplicator {
    /// A deduplicator of core's default capacity.
    #[napi(constructor)]
    pub fn new() -> Self {
        NativeDeduplicator(WebhookDeduplicator::default())
    }

    /// True the first time this key is seen; false for a replay.
    #[napi]
    pub fn first_time(&self, key: String) -> bool {
        self.0.first_time_key(&key)
    }

    /// Forgets `key`: the next notification with it counts as the first again.
    #[napi]
    pub fn forget(&self, key: String) {
        self.0.forget(&key);
    }
}

/// Networks or single addresses a webhook may come from (core's `SourceAllowList`).
#[napi]
pub struct NativeAllowList(SourceAllowList);

#[napi]
impl NativeAllowList {
    /// Parses the entries (JSON text of a list); refused when one is bad.
    #[napi(constructor, catch_unwind)]
    pub fn new(entries: Option<String>) -> napi::Result<NativeAllowList> {
        let entries: Vec<String> = from_named(&serde_json::from_str(entries.as_deref().unwrap_or("null")).unwrap_or_default()).js()?;
        Ok(NativeAllowList(SourceAllowList::parse(&entries).js()?))
    }

    /// Whether `source` (an address as text) is allowed.
    #[napi]
    pub fn allows(&self, source: String) -> bool {
        self.0.allows(&source)
    }
}

/// What an endpoint holds between two steps of one request.
enum Pending {
    Notification(Box<WebhookNotification>),
    Verified(Box<VerifiedWebhook>),
}

/// What an endpoint keeps between the steps of its requests, under tokens.
#[derive(Default)]
struct Tokens {
    pending: Mutex<HashMap<u32, Pending>>,
    next: AtomicU32,
}

impl Tokens {
    fn take(&self, token: u32) -> Option<Pending> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner()).remove(&token)
    }

    /// `{token, value}`: `pending` kept under a new token, and `value`'s canonical form.
    fn keep<T: serde::Serialize>(&self, value: &T, pending: Pending) -> napi::Result<String> {
        let crossing = result_text(value)?;
        let token = self.next.fetch_add(1, Ordering::Relaxed);
        self.pending.lock().unwrap_or_else(|p| p.into_inner()).insert(token, pending);
        Ok(format!(r#"{{"token":{token},"value":{crossing}}}"#))
    }
}

fn answer_text(answer: &WebhookAnswer) -> String {
    json!({ "answer": answer }).to_string()
}

/// The shop's webhook endpoint (core's `WebhookEndpoint`), shared by every request.
#[napi]
pub struct NativeEndpoint {
    endpoint: Arc<WebhookEndpoint>,
    tokens: Arc<Tokens>,
}

#[napi]
impl NativeEndpoint {
    /// An endpoint set up by its named settings (JSON text); refused naming a bad one.
    #[napi(constructor, catch_unwind)]
    pub fn new(settings: Option<String>) -> napi::Result<NativeEndpoint> {
        let endpoint = from_named::<EndpointSettings>(&named(settings.as_deref())?).js()?.build().js()?;
        Ok(NativeEndpoint { endpoint: Arc::new(endpoint), tokens: Arc::default() })
    }

    /// The first step: `{answer}`, or `{token, value}` with the notification for the lookup.
    #[napi(catch_unwind)]
    pub fn receive(&self, raw: Buffer, source: Option<String>) -> napi::Result<String> {
        match self.endpoint.receive(&raw, source.as_deref()) {
            Received::Answer(a) => Ok(answer_text(&a)),
            Received::Lookup(n) => self.tokens.keep(&n, Pending::Notification(Box::new(n.clone()))),
        }
    }

    /// The merchant's side failed before verifying (its lookup threw or returned no valid
    /// stored payment, or the request's body could not be had): `{answer}`. Forgets `token`.
    #[napi]
    pub fn failed(&self, token: Option<u32>) -> String {
        token.map(|t| self.tokens.take(t));
        answer_text(&self.endpoint.lookup_failed())
    }

    /// Verifies the notification kept under `token` against `stored` (the merchant's stored
    /// payment as named values; none: unknown) on `client`; settles `id` with `{answer}` or
    /// `{token, value}` (the verified webhook for the handler). An invalid `stored` rejects.
    #[napi(catch_unwind)]
    /// `traceparent`: the caller's trace context, if any.
    pub fn verify(&self, client: &NativeClient, env: Env, id: u32, token: u32, stored: Option<String>, traceparent: Option<String>) -> napi::Result<()> {
        let notification = match self.tokens.take(token) {
            Some(Pending::Notification(n)) => Some(n),
            _ => None,
        };
        let (endpoint, tokens, core) = (Arc::clone(&self.endpoint), Arc::clone(&self.tokens), client.inner.clone());
        client.completions.start(&env, id, traceparent, async move {
            let notification = notification.ok_or_else(|| refused("", "no webhook request has this token".into()))?;
            let stored = stored.map(|text| named(Some(&text)).and_then(|v| from_named(&v).js())).transpose()?;
            match endpoint.verify(&core, &notification, stored).await {
                Verified::Answer(a) => Ok(answer_text(&a)),
                Verified::Handle(v) => tokens.keep(&v, Pending::Verified(Box::new(v.clone()))),
            }
        })
    }

    /// The merchant's handler returned (`succeeded`) or threw: settles `id` with `{answer}`
    /// (the key is kept as handled, or released so the API's resend runs the handler again, in
    /// `client`'s store: the client that verified).
    #[napi(catch_unwind)]
    pub fn handled(&self, client: &NativeClient, env: Env, id: u32, token: u32, succeeded: bool) -> napi::Result<()> {
        let verified = match self.tokens.take(token) {
            Some(Pending::Verified(v)) => Some(v),
            _ => None,
        };
        let (endpoint, core) = (Arc::clone(&self.endpoint), client.inner.clone());
        client.completions.start(&env, id, None, async move {
            Ok(match verified {
                Some(v) => answer_text(&endpoint.handled(&core, &v, succeeded).await),
                None => answer_text(&endpoint.lookup_failed()),
            })
        })
    }
}
