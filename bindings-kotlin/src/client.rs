//! The client object: built from core's `Settings`, it runs any typed request through core's
//! `Call` and opens any stream through core's `Stream`. The methods themselves, one per call,
//! are generated (`generated.rs`); Kotlin wraps them in `Client`.

use crate::error::NativeError;
use crate::store::{Adapted, Store};
use forumpay::surface::{Call, Settings, Stream};
use std::sync::Arc;

/// The native ForumPay client (Kotlin code uses `Client`, which wraps it). Safe to share
/// between threads; every call checks its request before sending.
#[derive(uniffi::Object)]
pub struct NativeClient {
    inner: forumpay::Client,
}

impl NativeClient {
    /// The core client, for the webhook endpoint's verification.
    pub(crate) fn core(&self) -> &forumpay::Client {
        &self.inner
    }

    /// Runs one call (the generated exports all come here).
    pub(crate) async fn run<R: Call + Send>(&self, request: R) -> Result<R::Output, NativeError> {
        // Read at the first poll, on the calling thread (see `trace::trace_call_context`).
        let parent = crate::trace::call_context();
        // Boxed, as core's `call_as` boxes the other bindings' calls: the generated export's
        // future and uniffi's wrappers around it then hold a pointer, not the largest call's
        // state (polled on the JVM's own threads, whose stacks are 1 MiB; decision 0034).
        let call = Box::pin(request.run(&self.inner));
        Ok(forumpay::trace::within(parent, call).await?)
    }

    /// Opens one stream (the generated exports all come here).
    pub(crate) fn open<R: Stream>(&self, request: R) -> Result<R::Stream, NativeError> {
        Ok(request.open(&self.inner)?)
    }
}

#[uniffi::export]
impl NativeClient {
    /// A client with these settings (code `validation` naming a bad one).
    #[uniffi::constructor]
    pub fn new(settings: Settings) -> Result<Arc<Self>, NativeError> {
        Ok(Arc::new(NativeClient { inner: forumpay::Client::new(settings.build()?)? }))
    }

    /// A client keeping its webhook claims and payment states in `store` (written in Kotlin)
    /// instead of where `store_url` says.
    #[uniffi::constructor]
    pub fn with_store(settings: Settings, store: Arc<dyn Store>) -> Result<Arc<Self>, NativeError> {
        let inner = forumpay::Client::with_store(settings.build()?, Arc::new(Adapted(store)))?;
        Ok(Arc::new(NativeClient { inner }))
    }
}
