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

/// How many payments a client remembers; the oldest is forgotten first.
const CAPACITY: usize = 20_000;

type Key = (String, String);

#[derive(Debug, Clone)]
struct Known {
    state: PaymentState,
    unconfirmed_amount: Option<Decimal>,
    refund_amount_opened: Option<Decimal>,
}

/// Last known states, keyed by payment id and currency.
#[derive(Debug, Default)]
pub(crate) struct KnownStates {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    map: HashMap<Key, Known>,
    order: VecDeque<Key>,
}

impl KnownStates {
    /// Remembers what CheckPayment just said.
    pub fn record(&self, payment_id: &str, currency: &str, status: &PaymentStatus) {
        let known = Known {
            state: status.state.clone(),
            unconfirmed_amount: status.unconfirmed_amount,
            refund_amount_opened: status.refund_amount_opened,
        };
        let key = (payment_id.to_string(), currency.to_string());
        let mut inner = self.lock();
        if inner.map.insert(key.clone(), known).is_none() {
            inner.order.push_back(key);
            while inner.order.len() > CAPACITY {
                if let Some(oldest) = inner.order.pop_front() {
                    inner.map.remove(&oldest);
                }
            }
        }
    }

    /// Forgets a payment after a write: until the next CheckPayment its state is not known.
    pub fn forget(&self, payment_id: &str, currency: &str) {
        let key = (payment_id.to_string(), currency.to_string());
        let mut inner = self.lock();
        if inner.map.remove(&key).is_some() {
            inner.order.retain(|k| *k != key);
        }
    }

    /// Refuses `action` with `invalid_state` when the last known state forbids it.
    pub fn check(&self, payment_id: &str, currency: &str, action: PaymentAction, api_action: &str) -> Result<()> {
        let key = (payment_id.to_string(), currency.to_string());
        let inner = self.lock();
        let Some(known) = inner.map.get(&key) else { return Ok(()) };
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
        assert!(k.check("0", "BTC", PaymentAction::Cancel, "CancelPayment").is_ok(), "oldest forgotten");
    }
}
