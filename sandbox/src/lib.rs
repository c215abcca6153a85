//! A stateful local emulator of the ForumPay v2 payment gateway API.
//!
//! [`Sandbox`] runs a real HTTP/1.1 server on a loopback port that answers like the live
//! service (same JSON quirks, same error conventions), keeps payments in memory and moves them
//! through the payment states when a test says the customer paid. Tests drive it through the
//! handle's methods or through the `/sandbox/` HTTP control API; faults can be injected to
//! exercise a client's timeouts, retries and decoding.
//!
//! Every change of a payment (state, amount received, refund) POSTs the live webhook body to
//! the payment's `webhook_url` or the sandbox-wide default, with retries; every attempt is
//! recorded, and a built-in sink ([`Sandbox::webhook_sink_url`]) receives them for tests.

#![warn(missing_docs)]

mod actions;
mod api;
mod body;
mod catalog;
mod clock;
mod control;
mod delivery;
mod error;
mod faults;
mod form;
mod ids;
mod kyc;
mod multipart;
mod params;
mod payment;
mod refusal;
mod render;
mod server;
mod shared;
mod sink;
mod state;
#[cfg(test)]
mod state_tests;
mod store;
mod timeline;
mod web;
mod wallet_apps;
mod webhooks;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub use actions::ACTIONS;
pub use error::SandboxError;
pub use faults::Fault;
pub use kyc::KycRequest;
pub use payment::PaymentSnapshot;
pub use wallet_apps::WalletApp;
pub use rust_decimal::Decimal;
pub use timeline::TimelineEvent;
pub use webhooks::WebhookDelivery;

use shared::{Actor, Shared};

/// How to start a sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxOptions {
    /// Interface to bind; `127.0.0.1` by default.
    pub host: String,
    /// Port to bind; 0 lets the OS pick a free one.
    pub port: u16,
    /// Basic-auth user the API expects.
    pub api_user: String,
    /// Basic-auth secret the API expects.
    pub api_secret: String,
    /// Seconds after which a waiting payment is cancelled.
    pub payment_expiry_secs: u64,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        SandboxOptions {
            host: "127.0.0.1".to_string(),
            port: 0,
            api_user: "sandbox-user".to_string(),
            api_secret: "sandbox-secret".to_string(),
            payment_expiry_secs: 1800,
        }
    }
}

/// How the server is being run, so Drop can stop it.
#[derive(Debug)]
enum Runner {
    /// A task on the caller's runtime.
    Task(tokio::task::JoinHandle<()>),
    /// A dedicated thread with its own runtime.
    Thread {
        stop: Option<tokio::sync::oneshot::Sender<()>>,
        thread: Option<std::thread::JoinHandle<()>>,
    },
}

/// A running sandbox. Dropping it stops the server and closes its connections.
#[derive(Debug)]
pub struct Sandbox {
    shared: Arc<Shared>,
    runner: Runner,
}

impl Sandbox {
    /// Starts with default options on the caller's tokio runtime.
    pub async fn start() -> Result<Sandbox, SandboxError> {
        Sandbox::start_with(SandboxOptions::default()).await
    }

    /// Starts with `options` on the caller's tokio runtime.
    pub async fn start_with(options: SandboxOptions) -> Result<Sandbox, SandboxError> {
        let listener = tokio::net::TcpListener::bind((options.host.as_str(), options.port)).await?;
        let shared = shared_for(&options, listener.local_addr()?);
        let task = tokio::spawn(run(listener, shared.clone()));
        Ok(Sandbox {
            shared,
            runner: Runner::Task(task),
        })
    }

    /// Starts on a dedicated OS thread with its own runtime: usable from synchronous code and
    /// from inside any runtime (nothing here blocks on the caller's runtime).
    pub fn start_background(options: SandboxOptions) -> Result<Sandbox, SandboxError> {
        let listener = std::net::TcpListener::bind((options.host.as_str(), options.port))?;
        listener.set_nonblocking(true)?;
        let shared = shared_for(&options, listener.local_addr()?);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let serving = shared.clone();
        let thread = std::thread::Builder::new()
            .name("forumpay-sandbox".to_string())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    tokio::select! {
                        _ = run(listener, serving) => {}
                        _ = stopped => {}
                    }
                });
            })?;
        Ok(Sandbox {
            shared,
            runner: Runner::Thread {
                stop: Some(stop),
                thread: Some(thread),
            },
        })
    }

    /// Base URL of the API, with a trailing slash: `http://127.0.0.1:PORT/api/v2/`.
    pub fn base_url(&self) -> String {
        format!("http://{}/api/v2/", self.shared.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.shared.addr
    }

    /// The dashboard, in a browser: `http://127.0.0.1:PORT/sandbox/`. It lists every payment
    /// (with its timeline and webhook deliveries) and sets faults, the clock and reset. Like the
    /// control API under the same path, it answers only clients on this machine unless
    /// [`Sandbox::set_remote_control`] opened it.
    pub fn dashboard_url(&self) -> String {
        format!("http://{}/sandbox/", self.shared.addr)
    }

    /// Lets clients on other machines use the dashboard and the `/sandbox/` control API
    /// (`true`), or keeps them local-only (`false`, the default). The API and the customers'
    /// payment pages answer every client either way.
    pub fn set_remote_control(&self, allowed: bool) {
        self.shared.set_remote_control(allowed);
    }

    /// Basic-auth user.
    pub fn api_user(&self) -> &str {
        &self.shared.api_user
    }

    /// Basic-auth secret (a test credential).
    pub fn api_secret(&self) -> &str {
        &self.shared.api_secret
    }

    /// What a client of this emulator is set up with, as named settings (the names of the SDK's
    /// client settings: `forumpay::surface::Settings`): its credentials and base URL. A binding
    /// builds its client settings from this map, so that none of them names a setting itself.
    pub fn client_settings(&self) -> serde_json::Value {
        serde_json::json!({
            "api_user": self.api_user(),
            "api_secret": self.api_secret(),
            "base_url": self.base_url(),
        })
    }

    /// The customer sends `amount` to the payment's address.
    pub fn pay(&self, payment_id: &str, amount: Decimal) -> Result<PaymentSnapshot, SandboxError> {
        self.shared.pay(payment_id, amount, Actor::Code)
    }

    /// `confirmations` more blockchain confirmations arrive.
    pub fn add_confirmations(
        &self,
        payment_id: &str,
        confirmations: u32,
    ) -> Result<PaymentSnapshot, SandboxError> {
        self.shared
            .add_confirmations(payment_id, confirmations, Actor::Code)
    }

    /// KYT blocks the payment with `alert_level` (default `high`).
    pub fn block(
        &self,
        payment_id: &str,
        alert_level: Option<&str>,
    ) -> Result<PaymentSnapshot, SandboxError> {
        self.shared.block(payment_id, alert_level, Actor::Code)
    }

    /// Overrides the rate of `currency` in `invoice_currency` for later quotes.
    pub fn set_rate(
        &self,
        currency: &str,
        invoice_currency: &str,
        rate: Decimal,
    ) -> Result<(), SandboxError> {
        self.shared.set_rate(currency, invoice_currency, rate)
    }

    /// Moves the virtual clock forward (expiry, timestamps).
    pub fn advance_clock(&self, seconds: u64) {
        self.shared.advance_clock(seconds);
    }

    /// Arms `fault` for the next `times` requests to `route` (an action name, or `*`).
    pub fn inject_fault(&self, route: &str, fault: Fault, times: u32) {
        self.shared.inject_fault(route, fault, times);
    }

    /// Sets (or with `None` clears) the webhook URL for payments started without
    /// `webhook_url`. Read when a notification is queued; a URL that is not `http://` is
    /// recorded as a failed delivery.
    pub fn set_webhook_url(&self, url: Option<&str>) {
        self.shared.webhooks.set_default_url(url);
    }

    /// The default webhook URL, if one is set.
    pub fn webhook_url(&self) -> Option<String> {
        self.shared.webhooks.default_url()
    }

    /// Every webhook delivery attempt since the start or the last reset, oldest first.
    pub fn webhook_deliveries(&self) -> Vec<WebhookDelivery> {
        self.shared.webhooks.deliveries()
    }

    /// Full URL of the built-in webhook sink: `http://127.0.0.1:PORT/sandbox/webhook-sink`.
    pub fn webhook_sink_url(&self) -> String {
        format!("http://{}/sandbox/webhook-sink", self.shared.addr)
    }

    /// Raw bodies the sink accepted (answered 200), in arrival order.
    pub fn received_webhooks(&self) -> Vec<String> {
        self.shared.sink().received()
    }

    /// Makes the sink refuse the next `times` requests with `status` (300..=599) and keep
    /// nothing of them; `times` 0 disarms it.
    pub fn fail_webhook_sink(&self, times: u32, status: u16) -> Result<(), SandboxError> {
        self.shared.sink().fail_next(times, status)
    }

    /// Blocks until every queued notification is delivered or given up (retries included);
    /// [`SandboxError::Timeout`] after `timeout`. A sandbox started on the caller's
    /// current-thread runtime cannot deliver while this blocks that runtime, so there it
    /// refuses with `InvalidState`: use [`Sandbox::flush_webhooks_async`].
    pub fn flush_webhooks(&self, timeout: Duration) -> Result<(), SandboxError> {
        let would_deadlock = matches!(self.runner, Runner::Task(_))
            && tokio::runtime::Handle::try_current()
                .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::CurrentThread);
        if would_deadlock {
            return Err(SandboxError::InvalidState(
                "flush_webhooks would block the runtime that delivers; use flush_webhooks_async"
                    .to_string(),
            ));
        }
        self.shared.webhooks.flush(timeout)
    }

    /// Like [`Sandbox::flush_webhooks`], waiting asynchronously (any runtime).
    pub async fn flush_webhooks_async(&self, timeout: Duration) -> Result<(), SandboxError> {
        self.shared.webhooks.flush_async(timeout).await
    }

    /// Forgets payments, faults, rate overrides, clock offset, counters, KYC requests (and the
    /// KYC requirement), wallet app changes, the default webhook URL, webhook records and sink
    /// contents; queued and running deliveries are cancelled.
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// One payment, if it exists.
    pub fn payment(&self, payment_id: &str) -> Option<PaymentSnapshot> {
        self.shared.payment(payment_id)
    }

    /// Every payment, oldest first.
    pub fn payments(&self) -> Vec<PaymentSnapshot> {
        self.shared.payments()
    }

    /// Each change of one payment's state or amounts, with the emulator's clock and its cause,
    /// oldest first (the StartPayment that made it included); `None` for an unknown payment.
    pub fn timeline(&self, payment_id: &str) -> Option<Vec<TimelineEvent>> {
        self.shared.timeline(payment_id)
    }

    /// API requests received for `route` (faulted ones included); `*` counts all.
    pub fn request_count(&self, route: &str) -> u64 {
        self.shared.request_count(route)
    }

    /// Makes StartPayment require the payer's KYC (off by default): without `payer_email`,
    /// before a RequestKyc for it, or without the code that request "sent", StartPayment is
    /// refused with the live err_codes (`missingPayerData`, `payerKYCNeeded`,
    /// `payerEmailVerificationCodeNeeded`, `payerKYCNotVerified`).
    pub fn require_kyc(&self, required: bool) {
        self.shared.store().kyc.set_required(required);
    }

    /// Every RequestKyc received since the start or the last reset, oldest first, with the
    /// code each one "sent" to the payer.
    pub fn kyc_requests(&self) -> Vec<KycRequest> {
        self.shared.store().kyc.requests()
    }

    /// Replaces the wallet apps of `currency` (GetWalletApps lists every app once; GetRate
    /// and StartPayment refuse a `wallet_app_id` no app of their currency has).
    pub fn set_wallet_apps(&self, currency: &str, apps: Vec<WalletApp>) -> Result<(), SandboxError> {
        self.shared.store().wallet_apps.set(currency, apps)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        match &mut self.runner {
            Runner::Task(task) => task.abort(),
            Runner::Thread { stop, thread } => {
                if let Some(stop) = stop.take() {
                    let _ = stop.send(());
                }
                // Joining is quick (the runtime only cancels tasks) and guarantees the port is
                // closed when drop returns.
                if let Some(thread) = thread.take() {
                    let _ = thread.join();
                }
            }
        }
    }
}

/// Serves the API and delivers webhooks until the future is dropped.
async fn run(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    tokio::join!(
        server::serve(listener, shared.clone()),
        webhooks::run(shared)
    );
}

fn shared_for(options: &SandboxOptions, addr: SocketAddr) -> Arc<Shared> {
    Arc::new(Shared::new(
        options.api_user.clone(),
        options.api_secret.clone(),
        options.payment_expiry_secs,
        addr,
    ))
}
