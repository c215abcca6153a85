//! `NativeStream`: core's pull-style streams (the payment watcher, the all-pages walk) behind the
//! async iterators of `index.js`. Each `next` settles through the client's completion channel
//! with a list of items (one update, or one page's records); nothing runs between two `next`s.
//! `close` stops the stream at once: a pending `next` is cancelled (its request dropped) and
//! settles as the end, so an iterator's `return()` never waits for a poll (issue 11).

use crate::client::NativeClient;
use crate::convert::result_text;
use crate::error::{refused, CoreResultExt};
use crate::runtime::Completions;
use forumpay::{surface, PaymentWatcher, TransactionPager};
use napi::Env;
use napi_derive::napi;
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tokio::sync::{watch, Mutex};

/// The next items of a stream as JSON text (see `convert::CamelText`), `None` at its end.
type Next<'a> = Pin<Box<dyn Future<Output = napi::Result<Option<String>>> + Send + 'a>>;

/// One of core's streams.
trait Pull: Send {
    fn pull(&mut self) -> Next<'_>;
}

impl Pull for PaymentWatcher {
    fn pull(&mut self) -> Next<'_> {
        Box::pin(async move { self.next().await.js()?.map(|u| result_text(&[u])).transpose() })
    }
}

impl Pull for TransactionPager {
    fn pull(&mut self) -> Next<'_> {
        Box::pin(async move { self.next_page().await.js()?.map(|page| result_text(&page)).transpose() })
    }
}

/// A running stream; `close()` ends it.
#[napi]
pub struct NativeStream {
    source: Arc<Mutex<Option<Box<dyn Pull>>>>,
    stop: watch::Sender<bool>,
    completions: Completions,
}

impl NativeStream {
    /// Starts stream `name` of `client` with its named arguments (checked now).
    pub(crate) fn start(client: &NativeClient, name: &str, args: &Value) -> napi::Result<NativeStream> {
        let source: Box<dyn Pull> = match name {
            "watch_payment" => Box::new(surface::watch_payment(&client.inner, args).js()?),
            "transactions" => Box::new(surface::transactions(&client.inner, args).js()?),
            other => return Err(refused("", format!("there is no stream {other}"))),
        };
        Ok(NativeStream {
            source: Arc::new(Mutex::new(Some(source))),
            stop: watch::channel(false).0,
            completions: client.completions.clone(),
        })
    }
}

#[napi]
impl NativeStream {
    /// Fetches the next items; settles `id` with their list, or `null` once the stream is over
    /// (ended, failed before, or closed).
    #[napi(catch_unwind)]
    /// `traceparent`: the caller's trace context, if any.
    pub fn next(&self, env: Env, id: u32, traceparent: Option<String>) -> napi::Result<()> {
        let source = Arc::clone(&self.source);
        let mut stopped = self.stop.subscribe();
        self.completions.start(&env, id, traceparent, async move {
            let work = async {
                let mut guard = source.lock().await;
                let Some(stream) = guard.as_mut() else { return Ok(None) };
                let next = stream.pull().await;
                if !matches!(next, Ok(Some(_))) {
                    *guard = None; // over, or failed: a failed stream ends with its error
                }
                next
            };
            let items = tokio::select! {
                items = work => items?,
                () = async { drop(stopped.wait_for(|stop| *stop).await) } => {
                    // The cancelled `next` has let go of the stream: drop it (and its request).
                    *source.lock().await = None;
                    None
                }
            };
            Ok(items.unwrap_or_else(|| "null".to_string()))
        })
    }

    /// Ends the stream now: a pending `next` is cancelled and settles as the end (dropping
    /// the stream); with none pending, the stream is dropped here.
    #[napi]
    pub fn close(&self) {
        self.stop.send_replace(true);
        if let Ok(mut source) = self.source.try_lock() {
            *source = None;
        }
    }
}
