//! Node.js binding of the forumpay SDK (napi-rs): a thin driver of core's surface. Settings,
//! arguments and results cross as JSON text of named values (`convert.rs` cases the names);
//! every call, stream, webhook step and sandbox control is core's, reached by its name. The JS
//! package (`index.js`, `webhooks.js`, `express.js`, `testing.js`) makes them feel native.

mod client;
mod convert;
mod error;
mod runtime;
mod sandbox;
mod store;
mod streams;
mod trace;
mod webhooks;

/// The addon's own allocations (never V8's) go through mimalloc: a result is thousands of small
/// strings made and freed on whichever thread ran the call, where glibc's malloc spent a fifth
/// of decoding a page (decision 0035).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The names of the surface's free-form fields (their keys are the API's own, never re-cased).
#[napi_derive::napi]
pub fn opaque_names() -> Vec<String> {
    convert::opaque_names().clone()
}

/// The record of a refusal about the argument the caller spelled `name` (for what JavaScript
/// refuses before anything crosses: a value JSON cannot carry).
#[napi_derive::napi]
pub fn refused(name: String, message: String) -> String {
    error::refused(&name, message).reason
}
