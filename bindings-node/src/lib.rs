//! Node.js binding of the forumpay SDK (napi-rs). It only converts types and maps errors: every
//! behaviour (validation, decoding, retries, the watcher, pagination, webhook checks) is core's.
//! The JS package wraps these native classes in `index.js` (the `Client` facade,
//! `ForumPayError`, async iterators), `webhooks.js` (parser, deduplicator, allow list; the
//! Express route in `express.js`) and `testing.js` (the `Sandbox`).

mod calls;
mod client;
mod convert;
mod error;
mod pages;
mod requests;
mod sandbox;
mod sandbox_webhooks;
mod watch;
mod webhooks;
