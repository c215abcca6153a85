//! The last state a client saw of each payment, so that it can refuse an action that state
//! forbids before sending it (code `invalid_state`).
//!
//! Only what the rule needs is kept (state and two open amounts), for a bounded number of
//! payments: a client that watches ten thousand payments must stay small. A payment the client
//! never saw is not checked: the server decides.

use crate::error::{Error, ErrorCode, ErrorDetails, Result};
use crate::lifecycle::{action_allowed, PaymentAction};
use crate::models::PaymentStatus;
use crate::state::PaymentState;
use rust_decimal::Decimal;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// How many payments a client remembers; the oldest is forgotten first. Enough for a client
/// that watches a hundred thousand payments at once (about 20 MB when full), so that their
/// states are not forgotten and learned again on every poll.
const CAPACITY: usize = 100_000;

#[derive(Debug, Clone)]
struct Known {
    state: PaymentState,
    unconfirmed_amount: Option<Decimal>,
    refund_amount_opened: Option<Decimal>,
}

/// Last known states, by payment id, then currency (nearly always one): a poll of a payment
/// already known updates it in place, without allocating a key.
#[derive(Debug, Default)]
pub(crate) struct KnownStates {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    map: HashMap<String, Vec<(String, Known)>>,
    /// Payments in the order they were first remembered.
    order: VecDeque<(String, String)>,
}

impl Inner {
    fn get(&self, payment_id: &str, currency: &str) -> Option<&Known> {
        self.map.get(payment_id)?.iter().find(|(c, _)| c == currency).map(|(_, k)| k)
    }

    fn remove(&mut self, payment_id: &str, currency: &str) -> bool {
        let Some(entries) = self.map.get_mut(payment_id) else { return false };
        let before = entries.len();
        entries.retain(|(c, _)| c != currency);
        let removed = entries.len() < before;
        if entries.is_empty() {
            self.map.remove(payment_id);
        }
        removed
    }
}

impl KnownStates {
    /// Remembers what CheckPayment just said.
    pub fn record(&self, payment_id: &str, currency: &str, status: &PaymentStatus) {
        let known = Known {
            state: status.state.clone(),
            unconfirmed_amount: status.unconfirmed_amount,
            refund_amount_opened: status.refund_amount_opened,
        };
        let mut inner = self.lock();
        if let Some(entries) = inner.map.get_mut(payment_id) {
            if let Some((_, slot)) = entries.iter_mut().find(|(c, _)| c == currency) {
                *slot = known;
                return;
            }
            entries.push((currency.to_string(), known));
        } else {
            inner.map.insert(payment_id.to_string(), vec![(currency.to_string(), known)]);
        }
        inner.order.push_back((payment_id.to_string(), currency.to_string()));
        while inner.order.len() > CAPACITY {
            if let Some((id, currency)) = inner.order.pop_front() {
                inner.remove(&id, &currency);
            }
        }
    }

    /// Forgets a payment after a write: until the next CheckPayment its state is not known.
    pub fn forget(&self, payment_id: &str, currency: &str) {
        let mut inner = self.lock();
        if inner.remove(payment_id, currency) {
            inner.order.retain(|(id, c)| !(id == payment_id && c == currency));
        }
    }

    /// Refuses `action` with `invalid_state` when the last known state forbids it.
    pub fn check(&self, payment_id: &str, currency: &str, action: PaymentAction, api_action: &str) -> Result<()> {
        let inner = self.lock();
        let Some(known) = inner.get(payment_id, currency) else { return Ok(()) };
        if action_allowed(&known.state, known.unconfirmed_amount, known.refund_amount_opened, action) {
            return Ok(());
        }
        let message = format!(
            "the payment's last known state is `{}`, which does not allow {} (pass skip_state_check to send it anyway)",
            known.state,
            action.as_str()
        );
        Err(Error::new(ErrorCode::InvalidState, message).with_details(ErrorDetails {
            action: Some(api_action.to_string()),
            ..ErrorDetails::default()
        }))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // The map holds plain data: a panic elsewhere cannot leave it half-written.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(state: &str) -> PaymentStatus {
        let body = serde_json::json!({
            "state": state, "invoice_currency": "EUR", "invoice_amount": "1.00",
            "currency": "BTC", "amount": "0.0001"
        });
        PaymentStatus::from_json(body).unwrap()
    }

    #[test]
    fn refuses_what_the_last_state_forbids() {
        let k = KnownStates::default();
        assert!(k.check("p", "BTC", PaymentAction::Cancel, "CancelPayment").is_ok(), "unknown: not checked");
        k.record("p", "BTC", &status("confirmed"));
        let e = k.check("p", "BTC", PaymentAction::Cancel, "CancelPayment").unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidState);
        assert_eq!(e.attempts(), 0);
        assert!(k.check("p", "ETH", PaymentAction::Cancel, "CancelPayment").is_ok(), "keyed by currency too");
        k.record("p", "BTC", &status("waiting"));
        assert!(k.check("p", "BTC", PaymentAction::Cancel, "CancelPayment").is_ok());
        k.forget("p", "BTC");
        assert!(k.check("p", "BTC", PaymentAction::Refund, "RefundPayment").is_ok());
    }

    #[test]
    fn stays_bounded() {
        let k = KnownStates::default();
        let s = status("confirmed");
        for i in 0..CAPACITY + 10 {
            k.record(&i.to_string(), "BTC", &s);
        }
        assert_eq!(k.lock().map.len(), CAPACITY);
        assert_eq!(k.lock().order.len(), CAPACITY);
        assert!(k.check("0", "BTC", PaymentAction::Cancel, "CancelPayment").is_ok(), "oldest forgotten");
    }
}
