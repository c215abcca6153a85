//! `NativeClient`: core's client behind the JS `Client` (`index.js`). Its settings and every
//! call's arguments arrive as JSON text of the caller's named values and go to core's surface
//! by name (`Settings`, `surface::call`); every call settles through the client's completion
//! channel (`runtime.rs`) with the canonical result. `decode_answer` reads an answer the caller
//! holds as its call would. Nothing here names a call's argument, a
//! setting or a result field.

use crate::convert::{camel, named, snake, CamelText};
use crate::error::{refused, CoreResultExt};
use crate::runtime::{Completions, DeliverFn};
use crate::store::NativeHostStore;
use crate::streams::NativeStream;
use forumpay::surface::{self, from_named, Settings, CALLS, STREAMS};
use napi::Env;
use napi_derive::napi;

/// The ForumPay API client. Safe to share between any number of concurrent calls; every call
/// runs on napi's tokio runtime.
#[napi]
pub struct NativeClient {
    pub(crate) inner: forumpay::Client,
    pub(crate) completions: Completions,
}

/// The calls' names in camelCase, in the order of core's `CALLS` (a call is named by its index).
#[napi]
pub fn call_names() -> Vec<String> {
    CALLS.iter().map(|c| camel(c.name)).collect()
}

/// The streams' names in camelCase, in the order of core's `STREAMS`.
#[napi]
pub fn stream_names() -> Vec<String> {
    STREAMS.iter().map(|c| camel(c.name)).collect()
}

/// Decodes `body`, an answer of call `call` (named as the client's method, `getTransactions`)
/// that the caller holds, exactly as the call decodes it (core's `surface::decode_answer`):
/// the result as `convert::CamelText`, or the call's error for that body.
#[napi(catch_unwind)]
pub fn decode_answer(call: String, body: &[u8]) -> napi::Result<String> {
    let name = snake(&call);
    if call.contains('_') || !CALLS.iter().any(|c| c.name == name) {
        return Err(refused("call", format!("there is no call `{call}` (calls are named as the client's methods, e.g. `getRate`)")));
    }
    surface::decode_answer_as::<CamelText>(&name, body).map(|t| t.0).js()
}

fn index_error(what: &str, index: u32) -> napi::Error {
    refused("", format!("there is no {what} number {index}"))
}

#[napi]
impl NativeClient {
    /// Checks the settings (a refusal names a bad one) and builds the client, keeping its
    /// shared data in `store` (a JS store) when given, else where `storeUrl` says; nothing is
    /// sent yet. Work settles through `deliver(id, kind, text)`.
    #[napi(constructor, catch_unwind)]
    pub fn new(settings: Option<String>, deliver: DeliverFn, store: Option<&NativeHostStore>) -> napi::Result<NativeClient> {
        let settings: Settings = from_named(&named(settings.as_deref())?).js()?;
        let config = settings.build().js()?;
        let inner = match store {
            Some(store) => forumpay::Client::with_store(config, store.inner.clone()),
            None => forumpay::Client::new(config),
        }
        .js()?;
        Ok(NativeClient { inner, completions: Completions::new(deliver)? })
    }

    /// Starts call number `index` of `CALLS` with its arguments; settles call `id`.
    #[napi(catch_unwind)]
    /// `traceparent`: the caller's trace context, if any.
    pub fn call(&self, env: Env, id: u32, index: u32, args: Option<String>, traceparent: Option<String>) -> napi::Result<()> {
        let info = CALLS.get(index as usize).ok_or_else(|| index_error("call", index))?;
        let client = self.inner.clone();
        self.completions.start(&env, id, traceparent, async move {
            let args = named(args.as_deref())?;
            // Boxed: one call's future holds every call's state (several KiB), which the
            // runtime would otherwise copy each time it moves the task.
            Box::pin(surface::call_as::<CamelText>(&client, info.name, &args)).await.map(|t| t.0).js()
        })
    }

    /// Starts stream number `index` of `STREAMS` (arguments are checked now; nothing is
    /// fetched until its first `next`).
    #[napi(catch_unwind)]
    pub fn stream(&self, index: u32, args: Option<String>) -> napi::Result<NativeStream> {
        let info = STREAMS.get(index as usize).ok_or_else(|| index_error("stream", index))?;
        NativeStream::start(self, info.name, &named(args.as_deref())?)
    }
}
