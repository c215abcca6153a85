//! The last state a client saw of each payment, so that it can refuse an action that state
//! forbids before sending it (code `invalid_state`). Kept in the client's store (decision
//! 0027), so that every worker sharing the store checks against what any of them saw last.
//!
//! Only what the rule needs is kept (state and two open amounts). A payment no worker saw, or
//! whose stored value does not read, is not checked: the server decides.

use crate::error::{Error, ErrorCode, ErrorDetails, Result};
use crate::lifecycle::{action_allowed, PaymentAction};
use crate::models::PaymentStatus;
use crate::state::PaymentState;
use crate::store::Shared;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A payment's stored state (JSON; amounts as text).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Known {
    state: PaymentState,
    unconfirmed_amount: Option<Decimal>,
    refund_amount_opened: Option<Decimal>,
}

/// Last known states in a store, keyed by payment id and currency.
#[derive(Debug, Clone)]
pub(crate) struct KnownStates {
    shared: Shared,
}

impl KnownStates {
    /// The states kept in `shared`.
    pub fn new(shared: Shared) -> Self {
        KnownStates { shared }
    }

    fn key(&self, payment_id: &str, currency: &str) -> String {
        self.shared.key_of("state", &[payment_id, currency])
    }

    /// Remembers what CheckPayment just said.
    pub async fn record(&self, payment_id: &str, currency: &str, status: &PaymentStatus) -> Result<()> {
        let known = Known {
            state: status.state.clone(),
            unconfirmed_amount: status.unconfirmed_amount,
            refund_amount_opened: status.refund_amount_opened,
        };
        let value = serde_json::to_string(&known).unwrap_or_default();
        self.shared.store().put(&self.key(payment_id, currency), &value, self.shared.ttl()).await
    }

    /// Forgets a payment after a write: until the next CheckPayment its state is not known.
    pub async fn forget(&self, payment_id: &str, currency: &str) -> Result<()> {
        self.shared.store().delete(&self.key(payment_id, currency)).await
    }

    /// Refuses `action` with `invalid_state` when the last known state forbids it.
    pub async fn check(&self, payment_id: &str, currency: &str, action: PaymentAction, api_action: &str) -> Result<()> {
        let stored = self.shared.store().get(&self.key(payment_id, currency)).await?;
        let Some(known) = stored.and_then(|text| serde_json::from_str::<Known>(&text).ok()) else { return Ok(()) };
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{MemoryStore, Store, StoreConfig};
    use std::sync::Arc;

    fn status(state: &str) -> PaymentStatus {
        let body = serde_json::json!({
            "state": state, "invoice_currency": "EUR", "invoice_amount": "1.00",
            "currency": "BTC", "amount": "0.0001", "unconfirmed_amount": "0.00005"
        });
        PaymentStatus::from_json(body).unwrap()
    }

    fn states(store: &Arc<MemoryStore>) -> KnownStates {
        KnownStates::new(Shared::new(store.clone(), StoreConfig::default()))
    }

    #[tokio::test]
    async fn refuses_what_the_last_state_forbids() {
        let k = states(&Arc::new(MemoryStore::default()));
        assert!(k.check("p", "BTC", PaymentAction::Cancel, "CancelPayment").await.is_ok(), "unknown: not checked");
        k.record("p", "BTC", &status("confirmed")).await.unwrap();
        let e = k.check("p", "BTC", PaymentAction::Cancel, "CancelPayment").await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidState);
        assert_eq!(e.attempts(), 0);
        assert!(k.check("p", "ETH", PaymentAction::Cancel, "CancelPayment").await.is_ok(), "keyed by currency too");
        k.record("p", "BTC", &status("waiting")).await.unwrap();
        assert!(k.check("p", "BTC", PaymentAction::Cancel, "CancelPayment").await.is_ok());
        k.forget("p", "BTC").await.unwrap();
        assert!(k.check("p", "BTC", PaymentAction::Refund, "RefundPayment").await.is_ok());
    }

    #[tokio::test]
    async fn two_clients_on_one_store_see_one_state() {
        let store = Arc::new(MemoryStore::default());
        let (first, second) = (states(&store), states(&store));
        first.record("p", "BTC", &status("cancelled")).await.unwrap();
        assert!(second.check("p", "BTC", PaymentAction::Cancel, "CancelPayment").await.is_err());
        first.record("p", "BTC", &status("underpayment")).await.unwrap();
        assert!(second.check("p", "BTC", PaymentAction::Accept, "AcceptPayment").await.is_ok());
        assert_eq!(first.key("p", "BTC"), "forumpay:state:p|BTC", "the key other languages and workers read");
        let stored = store.get(&first.key("p", "BTC")).await.unwrap().unwrap();
        assert!(stored.contains(r#""unconfirmed_amount":"0.00005""#), "amounts stay text: {stored}");
    }

    #[tokio::test]
    async fn an_unreadable_value_is_not_checked() {
        let store = Arc::new(MemoryStore::default());
        let k = states(&store);
        store.put(&k.key("p", "BTC"), "not json", std::time::Duration::from_secs(9)).await.unwrap();
        assert!(k.check("p", "BTC", PaymentAction::Cancel, "CancelPayment").await.is_ok());
    }
}
