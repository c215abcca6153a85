//! A store written in JavaScript (decision 0028) as core's `Store`: each of core's store calls
//! becomes `ask(id, op, key, value, ttlMs)` on the JS thread; `store.js` runs the merchant's
//! method (which may return a value or a Promise) and answers with `answer(id, ok, text)`, which
//! completes the call waiting here. Nothing in this file knows what the keys mean.

use forumpay::store::{store_unreachable, Store, StoreFuture};
use napi::bindgen_prelude::{FnArgs, Function};
use napi::threadsafe_function::{ThreadsafeCallContext, ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::Status;
use napi_derive::napi;
use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::oneshot;

/// What `ask(id, op, key, value, ttlMs)` receives (`value` empty and `ttlMs` 0 where the
/// operation has none).
type Asked = (u32, String, String, String, f64);

/// The threadsafe function behind `ask`: weak (a client with a store does not keep the process
/// alive; the call waiting on it does) and called without an error argument.
type Ask = ThreadsafeFunction<Asked, (), FnArgs<Asked>, Status, false, true>;

/// The JS function core's store calls go to.
pub type AskFn<'a> = Function<'a, FnArgs<Asked>, ()>;

/// Calls waiting for their answer, by id.
type Pending = Mutex<HashMap<u32, oneshot::Sender<Result<String, String>>>>;

/// A JS store, shared by the clients made with it.
#[napi]
pub struct NativeHostStore {
    pub(crate) inner: Arc<HostStore>,
}

/// Core's side of a JS store.
pub struct HostStore {
    ask: Ask,
    pending: Pending,
    next: AtomicU32,
}

impl fmt::Debug for HostStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HostStore(JavaScript)")
    }
}

#[napi]
impl NativeHostStore {
    /// Wraps `ask` (called on the JS thread as `ask(id, op, key, value, ttlMs)`).
    #[napi(constructor, catch_unwind)]
    pub fn new(ask: AskFn<'_>) -> napi::Result<NativeHostStore> {
        let ask = ask
            .build_threadsafe_function::<Asked>()
            .callee_handled::<false>()
            .weak::<true>()
            .build_callback(|ctx: ThreadsafeCallContext<Asked>| Ok(FnArgs::from(ctx.value)))?;
        Ok(NativeHostStore { inner: Arc::new(HostStore { ask, pending: Mutex::default(), next: AtomicU32::new(0) }) })
    }

    /// The merchant's method for call `id` settled: `ok` with `text` (JSON of its result), or
    /// failed with `text` (its message).
    #[napi]
    pub fn answer(&self, id: u32, ok: bool, text: String) {
        let waiting = self.inner.pending.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
        if let Some(waiting) = waiting {
            // The call may have been dropped meanwhile (its request ended): nobody to tell.
            let _ = waiting.send(if ok { Ok(text) } else { Err(text) });
        }
    }
}

impl HostStore {
    /// Asks the JS store for `op` and waits for its answer (JSON text).
    async fn ask(&self, op: &str, key: &str, value: &str, ttl: Duration) -> forumpay::Result<String> {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (sender, receiver) = oneshot::channel();
        self.pending.lock().unwrap_or_else(|e| e.into_inner()).insert(id, sender);
        let ttl_ms = ttl.as_millis().min(u128::from(u32::MAX)) as f64;
        let asked = (id, op.to_string(), key.to_string(), value.to_string(), ttl_ms);
        if self.ask.call(asked, ThreadsafeFunctionCallMode::NonBlocking) != Status::Ok {
            self.pending.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
            return Err(store_unreachable("the JavaScript store cannot be called (the process is shutting down)"));
        }
        match receiver.await {
            Ok(Ok(text)) => Ok(text),
            Ok(Err(message)) => Err(store_unreachable(format!("store.{op} failed: {message}"))),
            Err(_) => Err(store_unreachable(format!("store.{op} never answered"))),
        }
    }

    /// `op`'s JSON answer read as `T`, or why it is not one.
    async fn ask_for<T: serde::de::DeserializeOwned>(&self, op: &str, key: &str, value: &str, ttl: Duration, wanted: &str) -> forumpay::Result<T> {
        let text = self.ask(op, key, value, ttl).await?;
        serde_json::from_str(&text).map_err(|_| store_unreachable(format!("store.{op} must resolve to {wanted}")))
    }
}

impl Store for HostStore {
    fn claim<'a>(&'a self, key: &'a str, value: &'a str, ttl: Duration) -> StoreFuture<'a, bool> {
        Box::pin(self.ask_for("claim", key, value, ttl, "true or false"))
    }

    fn put<'a>(&'a self, key: &'a str, value: &'a str, ttl: Duration) -> StoreFuture<'a, ()> {
        Box::pin(async move { self.ask("put", key, value, ttl).await.map(drop) })
    }

    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Option<String>> {
        Box::pin(self.ask_for("get", key, "", Duration::ZERO, "a string, or null when there is none"))
    }

    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move { self.ask("delete", key, "", Duration::ZERO).await.map(drop) })
    }
}
