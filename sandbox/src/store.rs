//! The in-memory payments store: creation, lookup, lazy expiry, listing, and the clock and
//! rates every operation reads.

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rust_decimal::Decimal;

use crate::catalog::{quote, Rates};
use crate::clock::Clock;
use crate::error::{forbidden, SandboxError};
use crate::ids::IdGen;
use crate::kyc::Kyc;
use crate::payment::{NewPayment, Payment, State};
use crate::timeline::Entry;
use crate::wallet_apps::WalletApps;
use crate::webhooks::Notice;

/// What a webhook notification is sent about: a change of any of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    state: State,
    paid: Decimal,
    refunded: Decimal,
}

impl Mark {
    fn of(p: &Payment) -> Mark {
        Mark {
            state: p.state,
            paid: p.paid,
            refunded: p.refunded,
        }
    }
}

/// All sandbox state that requests change, behind one lock.
#[derive(Debug)]
pub(crate) struct Store {
    /// In creation order.
    payments: Vec<Payment>,
    /// Per payment (same order), what the last notification was about.
    marks: Vec<Mark>,
    index: HashMap<String, usize>,
    /// Payment position by access token (the payment page's address).
    by_token: HashMap<String, usize>,
    /// What the operation holding the lock is doing to the payment at that position: the
    /// cause its timeline records if the payment changes.
    cause: Option<(usize, String)>,
    touched: Vec<usize>,
    scan_all: bool,
    /// Rates with test overrides.
    pub(crate) rates: Rates,
    /// Virtual clock.
    pub(crate) clock: Clock,
    /// Payers' KYC requests and whether StartPayment requires KYC.
    pub(crate) kyc: Kyc,
    /// Wallet apps per currency.
    pub(crate) wallet_apps: WalletApps,
    expiry_secs: u64,
}

impl Store {
    /// An empty store whose waiting payments expire after `expiry_secs`.
    pub(crate) fn new(expiry_secs: u64) -> Store {
        Store {
            payments: Vec::new(),
            marks: Vec::new(),
            index: HashMap::new(),
            by_token: HashMap::new(),
            cause: None,
            touched: Vec::new(),
            scan_all: false,
            rates: Rates::default(),
            clock: Clock::new(),
            kyc: Kyc::default(),
            wallet_apps: WalletApps::default(),
            expiry_secs,
        }
    }

    /// Forgets payments, rate overrides, clock offset, KYC requests and wallet app changes.
    pub(crate) fn reset(&mut self) {
        self.payments.clear();
        self.marks.clear();
        self.index.clear();
        self.by_token.clear();
        self.cause = None;
        self.rates.clear();
        self.clock.reset();
        self.kyc.reset();
        self.wallet_apps = WalletApps::default();
    }

    /// Current virtual time.
    pub(crate) fn now(&self) -> u64 {
        self.clock.now()
    }

    /// Seconds after which a waiting payment is cancelled.
    pub(crate) fn expiry_secs(&self) -> u64 {
        self.expiry_secs
    }

    /// Names what the current operation does to `payment_id`; if the payment changes before
    /// the lock is released, its timeline records this cause. Unknown ids are ignored (the
    /// operation itself reports them).
    pub(crate) fn set_cause(&mut self, payment_id: &str, cause: String) {
        if let Some(at) = self.index.get(payment_id) {
            self.cause = Some((*at, cause));
        }
    }

    /// The id of the payment whose access token is `token`.
    pub(crate) fn id_for_token(&self, token: &str) -> Option<String> {
        let at = *self.by_token.get(token)?;
        self.payments.get(at).map(|p| p.payment_id.clone())
    }

    /// Moves the virtual clock forward and applies expiry at once.
    pub(crate) fn advance_clock(&mut self, seconds: u64) {
        self.clock.advance(seconds);
        self.tick();
    }

    /// A notification for every payment whose state, amount received or refund changed since
    /// the last call, in creation order (starting a payment is not a change); each such change
    /// is also appended to the payment's timeline.
    pub(crate) fn take_changes(&mut self) -> Vec<Notice> {
        let mut cause = self.cause.take();
        let candidates: Vec<usize> = if self.scan_all {
            self.scan_all = false;
            self.touched.clear();
            (0..self.payments.len()).collect()
        } else {
            let mut touched = std::mem::take(&mut self.touched);
            touched.sort_unstable();
            touched.dedup();
            touched
        };
        let now = self.clock.now();
        let mut notices = Vec::new();
        for at in candidates {
            let payment = &mut self.payments[at];
            let mark = Mark::of(payment);
            if mark == self.marks[at] {
                continue;
            }
            self.marks[at] = mark;
            let claimed = if cause.as_ref().is_some_and(|(target, _)| *target == at) {
                cause.take().map(|(_, c)| c)
            } else {
                None
            };
            let entry = Entry::after_change(payment, now, claimed);
            payment.timeline.push(entry);
            notices.push(Notice::for_payment(payment));
        }
        notices
    }

    /// Applies expiry to every payment; called before any read or change.
    fn tick(&mut self) {
        self.scan_all = true;
        let now = self.clock.now();
        for p in &mut self.payments {
            p.expire(now, self.expiry_secs);
        }
    }

    /// StartPayment: quotes at the current rate and stores a waiting payment.
    pub(crate) fn start(
        &mut self,
        request: NewPayment,
        ids: &IdGen,
    ) -> Result<&Payment, SandboxError> {
        self.tick();
        let q = quote(
            &self.rates,
            &request.currency,
            &request.invoice_currency,
            request.invoice_amount,
        )?;
        let payment_id = match &request.payment_id {
            Some(id) if self.index.contains_key(id) => {
                return Err(forbidden("Payment already started"))
            }
            Some(id) => id.clone(),
            None => ids.uuid(),
        };
        let address = format!("{}-{}", q.info.code.to_ascii_lowercase(), ids.hex(32));
        let access_token = ids.alphanumeric(64);
        let access_url = format!(
            "http://{}/pay?merchant_id=sandbox&order_amount={}&order_currency={}&item_name=#checkPayment${}${}${}${}$sandbox${}$",
            request.public_host, q.invoice_amount, q.invoice_currency, request.pos_id, payment_id, q.info.code, address, access_token
        );
        let now = self.clock.now();
        let stats_token = stats_token(ids, &payment_id, now);
        let payment = Payment {
            payment_id: payment_id.clone(),
            info: q.info,
            address,
            state: State::Waiting,
            invoice_amount: q.invoice_amount,
            rate: q.rate,
            amount_exchange: q.amount_exchange,
            network_fee: q.network_fee,
            amount: q.amount,
            original_amount: None,
            paid: Decimal::ZERO,
            refunded: Decimal::ZERO,
            confirmations: 0,
            inserted: now,
            confirmed_time: None,
            cancelled: false,
            cancelled_time: None,
            reason: None,
            comment: None,
            unconfirmed_amount: None,
            unconfirmed_invoice_amount: None,
            refund_amount_opened: None,
            refund_status: None,
            refund_address: None,
            blocked_alert_level: None,
            access_token,
            access_url,
            stats_token,
            timeline: vec![Entry::started(now)],
            request: NewPayment {
                invoice_currency: q.invoice_currency.to_string(),
                currency: q.info.code.to_string(),
                ..request
            },
        };
        let at = self.payments.len();
        self.marks.push(Mark::of(&payment));
        self.by_token.insert(payment.access_token.clone(), at);
        self.payments.push(payment);
        self.index.insert(payment_id, at);
        Ok(&self.payments[at])
    }

    /// The payment with `payment_id`, expiry applied.
    pub(crate) fn get(&mut self, payment_id: &str) -> Result<&mut Payment, SandboxError> {
        let now = self.clock.now();
        let at = *self
            .index
            .get(payment_id)
            .ok_or_else(|| SandboxError::NotFound(payment_id.to_string()))?;
        self.touched.push(at);
        let expiry = self.expiry_secs;
        let p = self
            .payments
            .get_mut(at)
            .ok_or_else(|| SandboxError::NotFound(payment_id.to_string()))?;
        p.expire(now, expiry);
        Ok(p)
    }

    /// Like `get`, but the request's currency (and address when given) must match too:
    /// the live API treats a mismatch as an unknown payment.
    pub(crate) fn find(
        &mut self,
        payment_id: &str,
        currency: &str,
        address: Option<&str>,
    ) -> Result<&mut Payment, SandboxError> {
        let p = self.get(payment_id)?;
        let matches =
            p.info.code.eq_ignore_ascii_case(currency) && address.is_none_or(|a| a == p.address);
        if matches {
            Ok(p)
        } else {
            Err(SandboxError::NotFound(payment_id.to_string()))
        }
    }

    /// Applies `change` to a payment and returns it; `change` gets the current time.
    pub(crate) fn update<F>(
        &mut self,
        payment_id: &str,
        change: F,
    ) -> Result<&Payment, SandboxError>
    where
        F: FnOnce(&mut Payment, u64) -> Result<(), SandboxError>,
    {
        let now = self.clock.now();
        let p = self.get(payment_id)?;
        change(p, now)?;
        Ok(p)
    }

    /// Newest first, `limit` of the payments `keep` accepts after skipping `offset` of them.
    pub(crate) fn page(&mut self, offset: usize, limit: usize, keep: impl Fn(&Payment) -> bool) -> Vec<&Payment> {
        self.tick();
        self.payments
            .iter()
            .rev()
            .filter(|p| keep(p))
            .skip(offset)
            .take(limit)
            .collect()
    }

    /// Every payment, oldest first.
    pub(crate) fn all(&mut self) -> &[Payment] {
        self.tick();
        &self.payments
    }
}

/// A JWT-shaped `header.payload.signature` token; the signature is random, nothing verifies it.
fn stats_token(ids: &IdGen, payment_id: &str, now: u64) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"HS256"}"#);
    let payload = serde_json::json!({
        "payment_id": payment_id,
        "sub": "|events.stats_token",
        "exp": now.saturating_add(86_400),
    });
    let payload = URL_SAFE_NO_PAD.encode(payload.to_string());
    let signature = URL_SAFE_NO_PAD.encode(ids.bytes(32));
    format!("{header}.{payload}.{signature}")
}
