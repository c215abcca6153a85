//! State shared by the server tasks and the `Sandbox` handle, and the control operations on it
//! (the Rust API and the HTTP control API both go through here, so their semantics match).

use std::net::SocketAddr;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use rust_decimal::Decimal;

use crate::catalog::parse_positive;
use crate::error::{bad, SandboxError};
use crate::faults::{Fault, FaultTable};
use crate::ids::IdGen;
use crate::payment::PaymentSnapshot;
use crate::sink::Sink;
use crate::store::Store;
use crate::timeline::TimelineEvent;
use crate::webhooks::Webhooks;

/// Cancellation reasons the live API knows (CancelPayment's `reason`).
pub(crate) const REASONS: [&str; 5] = [
    "qr_code_problem",
    "no_wallet",
    "curious",
    "bad_rate",
    "other",
];

/// Who asked for a change, as a payment's timeline names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Actor {
    /// The Rust handle (and the language bindings built on it).
    Code,
    /// The `/sandbox/` HTTP control API.
    Control,
    /// The emulator's test actions on the customer's payment page.
    Page,
}

impl Actor {
    fn label(self) -> &'static str {
        match self {
            Actor::Code => "test code",
            Actor::Control => "control API",
            Actor::Page => "payment page",
        }
    }
}

/// Everything one sandbox instance knows.
#[derive(Debug)]
pub(crate) struct Shared {
    store: Mutex<Store>,
    faults: Mutex<FaultTable>,
    sink: Mutex<Sink>,
    /// Webhook queue, delivery records and default URL.
    pub(crate) webhooks: Webhooks,
    /// Id/token generator.
    pub(crate) ids: IdGen,
    /// Basic-auth user.
    pub(crate) api_user: String,
    /// Basic-auth secret.
    pub(crate) api_secret: String,
    /// Where the listener is bound.
    pub(crate) addr: SocketAddr,
    /// Whether `/sandbox/` (dashboard and control API) answers clients on other machines.
    remote_control: AtomicBool,
}

/// Locks `m`, carrying on after a poisoned lock: every change keeps the store consistent
/// before it can panic, and a test harness must never be wedged by one failed test.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The locked store. Releasing it is the one place where payment changes are noticed: every
/// payment whose state, amount received or refund changed while it was held gets a webhook
/// notification queued, in order, before the lock is let go.
pub(crate) struct StoreGuard<'a> {
    store: MutexGuard<'a, Store>,
    webhooks: &'a Webhooks,
}

impl Deref for StoreGuard<'_> {
    type Target = Store;

    fn deref(&self) -> &Store {
        &self.store
    }
}

impl DerefMut for StoreGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        &mut self.store
    }
}

impl Drop for StoreGuard<'_> {
    fn drop(&mut self) {
        let notices = self.store.take_changes();
        if !notices.is_empty() {
            self.webhooks.enqueue(notices);
        }
    }
}

impl Shared {
    /// Fresh state.
    pub(crate) fn new(
        api_user: String,
        api_secret: String,
        expiry_secs: u64,
        addr: SocketAddr,
    ) -> Shared {
        Shared {
            store: Mutex::new(Store::new(expiry_secs)),
            faults: Mutex::new(FaultTable::default()),
            sink: Mutex::new(Sink::default()),
            webhooks: Webhooks::new(),
            ids: IdGen::new(),
            api_user,
            api_secret,
            addr,
            remote_control: AtomicBool::new(false),
        }
    }

    /// Whether `/sandbox/` answers clients that are not on this machine.
    pub(crate) fn remote_control(&self) -> bool {
        self.remote_control.load(Ordering::Relaxed)
    }

    /// Opens `/sandbox/` to other machines (`true`) or keeps it local-only (`false`).
    pub(crate) fn set_remote_control(&self, allowed: bool) {
        self.remote_control.store(allowed, Ordering::Relaxed);
    }

    /// The payments store, locked; changes made through it queue webhooks on release.
    pub(crate) fn store(&self) -> StoreGuard<'_> {
        StoreGuard {
            store: lock(&self.store),
            webhooks: &self.webhooks,
        }
    }

    /// The webhook sink, locked.
    pub(crate) fn sink(&self) -> MutexGuard<'_, Sink> {
        lock(&self.sink)
    }

    /// The fault table, locked.
    pub(crate) fn faults(&self) -> MutexGuard<'_, FaultTable> {
        lock(&self.faults)
    }

    /// The customer pays `amount`.
    pub(crate) fn pay(
        &self,
        payment_id: &str,
        amount: Decimal,
        by: Actor,
    ) -> Result<PaymentSnapshot, SandboxError> {
        let mut store = self.store();
        let snapshot = store
            .update(payment_id, |p, _| p.pay(amount))
            .map(|p| p.snapshot())?;
        let cause = format!("received {amount} {} ({})", snapshot.currency, by.label());
        store.set_cause(payment_id, cause);
        Ok(snapshot)
    }

    /// `confirmations` more confirmations arrive.
    pub(crate) fn add_confirmations(
        &self,
        payment_id: &str,
        confirmations: u32,
        by: Actor,
    ) -> Result<PaymentSnapshot, SandboxError> {
        let mut store = self.store();
        let plural = if confirmations == 1 { "" } else { "s" };
        let cause = format!("{confirmations} confirmation{plural} ({})", by.label());
        store.set_cause(payment_id, cause);
        store
            .update(payment_id, |p, now| p.add_confirmations(confirmations, now))
            .map(|p| p.snapshot())
    }

    /// KYT blocks the payment.
    pub(crate) fn block(
        &self,
        payment_id: &str,
        alert_level: Option<&str>,
        by: Actor,
    ) -> Result<PaymentSnapshot, SandboxError> {
        let mut store = self.store();
        let level = alert_level.unwrap_or("high");
        let cause = format!("blocked, alert level {level} ({})", by.label());
        store.set_cause(payment_id, cause);
        store
            .update(payment_id, |p, _| p.block(alert_level))
            .map(|p| p.snapshot())
    }

    /// The customer cancels on the payment page, as CancelPayment does (no comment).
    pub(crate) fn customer_cancel(
        &self,
        payment_id: &str,
        reason: &str,
    ) -> Result<PaymentSnapshot, SandboxError> {
        check_reason(reason)?;
        let mut store = self.store();
        let cause = format!(
            "cancelled by the customer: {reason} ({})",
            Actor::Page.label()
        );
        store.set_cause(payment_id, cause);
        store
            .update(payment_id, |p, now| {
                p.cancel(Some(reason.to_string()), None, now)
            })
            .map(|p| p.snapshot())
    }

    /// One payment's timeline, oldest first.
    pub(crate) fn timeline(&self, payment_id: &str) -> Option<Vec<TimelineEvent>> {
        let mut store = self.store();
        let payment = store.get(payment_id).ok()?;
        let decimals = payment.info.decimals;
        Some(
            payment
                .timeline
                .iter()
                .map(|e| e.public(decimals))
                .collect(),
        )
    }

    /// Overrides a rate.
    pub(crate) fn set_rate(
        &self,
        currency: &str,
        invoice_currency: &str,
        rate: Decimal,
    ) -> Result<(), SandboxError> {
        self.store().rates.set(currency, invoice_currency, rate)
    }

    /// Like `set_rate` with the rate as text (control API).
    pub(crate) fn set_rate_text(
        &self,
        currency: &str,
        invoice_currency: &str,
        rate: &str,
    ) -> Result<(), SandboxError> {
        self.set_rate(currency, invoice_currency, parse_positive("rate", rate)?)
    }

    /// Moves the virtual clock forward (payments that expire are cancelled now).
    pub(crate) fn advance_clock(&self, seconds: u64) {
        self.store().advance_clock(seconds);
    }

    /// Arms a fault.
    pub(crate) fn inject_fault(&self, route: &str, fault: Fault, times: u32) {
        self.faults().inject(route, fault, times);
    }

    /// Back to a fresh sandbox (same address and credentials).
    pub(crate) fn reset(&self) {
        // Under the store lock, so no change slips between forgetting payments and
        // cancelling their notifications.
        let mut store = self.store();
        store.reset();
        self.webhooks.reset();
        self.sink().reset();
        self.faults().reset();
    }

    /// One payment.
    pub(crate) fn payment(&self, payment_id: &str) -> Option<PaymentSnapshot> {
        self.store().get(payment_id).ok().map(|p| p.snapshot())
    }

    /// Every payment, oldest first.
    pub(crate) fn payments(&self) -> Vec<PaymentSnapshot> {
        self.store().all().iter().map(|p| p.snapshot()).collect()
    }

    /// API requests received for `route` (`*` = all).
    pub(crate) fn request_count(&self, route: &str) -> u64 {
        self.faults().count(route)
    }
}

/// A cancellation reason must be one the API knows.
pub(crate) fn check_reason(reason: &str) -> Result<(), SandboxError> {
    if REASONS.contains(&reason) {
        Ok(())
    } else {
        Err(bad(format!("Invalid reason: {reason}")))
    }
}
