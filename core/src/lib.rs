//! # forumpay
//!
//! A client for the [ForumPay](https://forumpay.com) crypto payment gateway API (v2): exact
//! money (`rust_decimal`, never a float), typed errors with stable codes, tolerant decoding of
//! what the live API really sends, and secrets that never reach a log.
//!
//! ```no_run
//! use forumpay::{Client, Config, GetRate, StartPayment};
//! use rust_decimal::Decimal;
//! # async fn demo() -> forumpay::Result<()> {
//! let client = Client::new(Config::builder("api-user", "api-secret").pos_id("web").build()?)?;
//! let amount: Decimal = "48.25".parse().unwrap();
//! let rate = client.get_rate(GetRate::new("EUR", amount, "BTC")).await?;
//! let payment = client
//!     .start_payment(StartPayment::new("EUR", amount, "BTC").payment_id(&rate.payment_id))
//!     .await?;
//! let status = client.check_payment(payment.payment_ref()).await?;
//! println!("{} {} to {}: {}", payment.amount, payment.currency, payment.address, status.state);
//! # Ok(()) }
//! ```
//!
//! The same core serves the Python, Node.js and Kotlin/Swift bindings.

pub mod blocking;
mod client;
mod config;
mod decode;
mod error;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod known;
mod lifecycle;
pub mod models;
pub mod money;
mod pagination;
pub mod reconcile;
pub mod requests;
mod retry;
mod secret;
mod state;
pub mod store;
pub mod surface;
mod timestamp;
pub mod trace;
mod transport;
mod trim;
mod trust;
mod validate;
mod watch;
pub mod webhooks;
mod writes;

pub use client::Client;
pub use config::{
    Config, ConfigBuilder, Environment, DEFAULT_CONNECT_TIMEOUT, DEFAULT_LOCALE, DEFAULT_MAX_IN_FLIGHT,
    DEFAULT_REQUEST_TIMEOUT, PRODUCTION_URL, SANDBOX_URL,
};
pub use decode::Extra;
pub use error::{Error, ErrorCode, ErrorDetails, ErrorFields, Result};
pub use lifecycle::{PaymentAction, TransitionKind};
pub use models::*;
pub use money::parse_amount;
pub use pagination::{ListTransactions, TransactionPager};
pub use requests::*;
pub use retry::{
    RetryPolicy, DEFAULT_CALL_DEADLINE, DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_BASE_DELAY, DEFAULT_RETRY_MAX_DELAY,
    MAX_ATTEMPTS_LIMIT,
};
pub use secret::{Masked, Secret};
pub use state::PaymentState;
pub use timestamp::Timestamp;
pub use validate::{
    MAX_CALL_DEADLINE, MAX_COMMENT_LEN, MAX_PAGE_LIMIT, MAX_PAYER_ID_LEN, MAX_POLL_INTERVAL, MAX_POS_ID_LEN,
    MAX_RETRY_DELAY, MAX_TIMEOUT, MAX_WATCH_TIMEOUT, MIN_POLL_INTERVAL,
};
pub use watch::{PaymentUpdate, PaymentWatcher, WatchOptions, DEFAULT_POLL_INTERVAL, DEFAULT_WATCH_TIMEOUT};
pub use webhooks::{
    KnownPayment, SourceAllowList, VerifiedWebhook, WebhookAnswer, WebhookDeduplicator, WebhookEndpoint,
    WebhookNotification, WebhookOutcome,
};

/// Re-exported so callers use the exact same decimal type.
pub use rust_decimal::Decimal;
