//! Reconciling a shop's orders with the API's payments: which orders were paid in full, short or
//! over, which are unpaid, cancelled or still moving, which carry several payments, and which
//! payments name no order. Payments are matched to orders by `reference_no`; amounts are compared
//! exactly (`Decimal`, scale ignored: `10.0` equals `10.00`).
//!
//! Built for a stream: [`Reconciliation::add`] takes one payment at a time as pages arrive and
//! hands back at once a payment that matches no order; only the orders and the payments that
//! match them are kept until [`Reconciliation::finish`].

use crate::error::{Error, Result};
use crate::models::Transaction;
use crate::state::PaymentState;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// One order of the shop: its number (the `reference_no` its payments were started with), and
/// what it costs in fiat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Order {
    /// The order number, as sent as `reference_no`.
    pub reference_no: String,
    /// What the order costs.
    #[serde(serialize_with = "crate::money::text::plain")]
    pub amount: Decimal,
    /// The fiat currency of `amount` (the payment's invoice currency).
    pub currency: String,
}

impl Order {
    /// An order `reference_no` of `amount` `currency`; the number and currency are trimmed and
    /// must not be empty, the amount must not be negative (code `validation`).
    pub fn new(reference_no: impl Into<String>, amount: Decimal, currency: impl Into<String>) -> Result<Order> {
        let reference_no = reference_no.into().trim().to_string();
        let currency = currency.into().trim().to_string();
        if reference_no.is_empty() {
            return Err(Error::validation("reference_no", "the order number is empty"));
        }
        if currency.is_empty() {
            return Err(Error::validation("currency", format!("order {reference_no}: the currency is empty")));
        }
        if amount.is_sign_negative() {
            return Err(Error::validation("amount", format!("order {reference_no}: the amount {amount} is negative")));
        }
        Ok(Order { reference_no, amount, currency })
    }
}

/// What reconciliation found for an order, or for a payment that matches none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Confirmed, with exactly the order's amount and the crypto amount due.
    PaidInFull,
    /// Less than the order's amount: an underpayment still open, or one that was accepted.
    Underpaid,
    /// More than the order's amount, or more crypto than was due (accepted or open for refund).
    Overpaid,
    /// No payment, or one still waiting with nothing received.
    Unpaid,
    /// The payment was cancelled (a late payment into it is named in the note).
    Cancelled,
    /// Money arrived and waits for confirmations (`processing`, `zero_confirmed`, or a state
    /// this SDK does not know).
    Pending,
    /// The provider's risk checks blocked the payment.
    Blocked,
    /// More than one payment names the order.
    SeveralPayments,
    /// A payment whose `reference_no` names no order (or an order in another currency).
    NoOrder,
}

impl Category {
    /// Every category, in report order.
    pub const ALL: [Category; 9] = [
        Category::PaidInFull,
        Category::Underpaid,
        Category::Overpaid,
        Category::Unpaid,
        Category::Cancelled,
        Category::Pending,
        Category::Blocked,
        Category::SeveralPayments,
        Category::NoOrder,
    ];

    /// The category's name (`paid_in_full`, `underpaid`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::PaidInFull => "paid_in_full",
            Category::Underpaid => "underpaid",
            Category::Overpaid => "overpaid",
            Category::Unpaid => "unpaid",
            Category::Cancelled => "cancelled",
            Category::Pending => "pending",
            Category::Blocked => "blocked",
            Category::SeveralPayments => "several_payments",
            Category::NoOrder => "no_order",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One line of the reconciliation: an order with its payments, or a payment without an order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// What was found.
    pub category: Category,
    /// The order (`None` for [`Category::NoOrder`]).
    pub order: Option<Order>,
    /// The payments naming the order, newest first as listed (one for `NoOrder`).
    pub payments: Vec<Transaction>,
    /// Why, in words, when the category alone does not say it.
    pub note: Option<String>,
}

/// Crypto received into a payment, refunds taken off.
pub fn net_received(payment: &Transaction) -> Decimal {
    payment.payment.unwrap_or_default() - payment.refund.unwrap_or_default()
}

/// A reconciliation in progress: the orders, and the payments matched to them so far.
#[derive(Debug)]
pub struct Reconciliation {
    orders: Vec<Order>,
    by_reference: HashMap<String, usize>,
    matched: Vec<Vec<Transaction>>,
}

impl Reconciliation {
    /// Starts from the shop's orders. Two orders with one number are refused (code
    /// `validation`): a payment could not tell which one it pays.
    pub fn new(orders: Vec<Order>) -> Result<Reconciliation> {
        let mut by_reference = HashMap::with_capacity(orders.len());
        for (i, order) in orders.iter().enumerate() {
            if by_reference.insert(order.reference_no.clone(), i).is_some() {
                return Err(Error::validation("reference_no", format!("order {} appears twice", order.reference_no)));
            }
        }
        let matched = vec![Vec::new(); orders.len()];
        Ok(Reconciliation { orders, by_reference, matched })
    }

    /// Takes one payment. Returns the [`Category::NoOrder`] finding at once when it matches no
    /// order (nothing of it is kept); otherwise keeps it with its order.
    pub fn add(&mut self, payment: Transaction) -> Option<Finding> {
        let Some(&i) = payment.reference_no.as_ref().and_then(|r| self.by_reference.get(r)) else {
            return Some(Finding { category: Category::NoOrder, order: None, payments: vec![payment], note: None });
        };
        let order = &self.orders[i];
        if let Some(other) = payment.invoice_currency.as_ref().filter(|c| !c.eq_ignore_ascii_case(&order.currency)) {
            let note = format!("order {} is in {}, this payment in {other}", order.reference_no, order.currency);
            return Some(Finding { category: Category::NoOrder, order: None, payments: vec![payment], note: Some(note) });
        }
        self.matched[i].push(payment);
        None
    }

    /// Every order with its category, in the order given to [`Reconciliation::new`].
    pub fn finish(self) -> Vec<Finding> {
        self.orders
            .into_iter()
            .zip(self.matched)
            .map(|(order, payments)| {
                let (category, note) = match payments.as_slice() {
                    [] => (Category::Unpaid, Some("no payment names this order".to_string())),
                    [one] => classify(&order, one),
                    several => (Category::SeveralPayments, Some(several_note(several))),
                };
                Finding { category, order: Some(order), payments, note }
            })
            .collect()
    }
}

/// The category of an order paid by exactly one payment.
pub fn classify(order: &Order, payment: &Transaction) -> (Category, Option<String>) {
    let currency = payment.currency.as_deref().unwrap_or("");
    let received = net_received(payment);
    let crypto = |d: Decimal| format!("{d} {currency}");
    match &payment.state {
        PaymentState::Cancelled if received > Decimal::ZERO => {
            (Category::Cancelled, Some(format!("{} received after cancellation", crypto(received))))
        }
        PaymentState::Cancelled => (Category::Cancelled, None),
        PaymentState::Blocked => (Category::Blocked, payment.status.clone()),
        PaymentState::Waiting if received <= Decimal::ZERO => (Category::Unpaid, None),
        PaymentState::Underpayment => {
            let due = payment.amount.map(|d| format!(" of {}", crypto(d))).unwrap_or_default();
            (Category::Underpaid, Some(format!("{} received{due}, not accepted yet", crypto(received))))
        }
        PaymentState::Confirmed => confirmed(order, payment, received),
        other => (Category::Pending, Some(format!("{other}: {} received", crypto(received)))),
    }
}

/// A confirmed payment against its order: the fiat value first (an accepted under- or
/// overpayment changes the invoice amount), then the crypto received against the crypto due.
fn confirmed(order: &Order, payment: &Transaction, received: Decimal) -> (Category, Option<String>) {
    let currency = payment.currency.as_deref().unwrap_or("");
    if let Some(invoiced) = payment.invoice_amount {
        let fiat = &order.currency;
        let note = Some(format!("invoiced {invoiced} {fiat} for an order of {} {fiat}", order.amount));
        if invoiced < order.amount {
            return (Category::Underpaid, note);
        }
        if invoiced > order.amount {
            return (Category::Overpaid, note);
        }
    }
    match payment.amount {
        Some(due) if received < due => (Category::Underpaid, Some(format!("{received} {currency} received of {due} {currency}"))),
        Some(due) if received > due => (Category::Overpaid, Some(format!("{received} {currency} received of {due} {currency}"))),
        _ => (Category::PaidInFull, None),
    }
}

/// `2 payments: confirmed, cancelled`.
fn several_note(payments: &[Transaction]) -> String {
    let states: Vec<&str> = payments.iter().map(|p| p.state.as_str()).collect();
    format!("{} payments: {}", payments.len(), states.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::TransactionPage;
    use serde_json::{json, Value};

    fn payment(fields: Value) -> Transaction {
        let mut base = json!({
            "payment_id": "p", "state": "confirmed", "reference_no": "o-1", "invoice_currency": "EUR",
            "invoice_amount": "10.00", "currency": "BTC", "amount": "0.00050000", "payment": "0.00050000"
        });
        if let (Some(b), Value::Object(f)) = (base.as_object_mut(), fields) {
            b.extend(f);
        }
        TransactionPage::from_json(json!([base])).map(|mut p| p.transactions.remove(0)).unwrap_or_else(|e| panic!("{e}"))
    }

    fn order(reference: &str, amount: &str) -> Order {
        Order::new(reference, amount.parse().unwrap_or_default(), "EUR").unwrap_or_else(|e| panic!("{e}"))
    }

    fn category(fields: Value) -> Category {
        classify(&order("o-1", "10.0"), &payment(fields)).0
    }

    #[test]
    fn one_payment_per_order() {
        assert_eq!(category(json!({})), Category::PaidInFull, "10.00 equals 10.0");
        assert_eq!(category(json!({"invoice_amount": "9.99"})), Category::Underpaid);
        assert_eq!(category(json!({"invoice_amount": "10.01"})), Category::Overpaid);
        assert_eq!(category(json!({"payment": "0.00050001"})), Category::Overpaid);
        assert_eq!(category(json!({"payment": "0.00050001", "refund": "0.00000001"})), Category::PaidInFull);
        assert_eq!(category(json!({"state": "underpayment", "payment": "0.0001"})), Category::Underpaid);
        assert_eq!(category(json!({"state": "waiting", "payment": null})), Category::Unpaid);
        assert_eq!(category(json!({"state": "processing"})), Category::Pending);
        assert_eq!(category(json!({"state": "refunding"})), Category::Pending);
        assert_eq!(category(json!({"state": "blocked"})), Category::Blocked);
        assert_eq!(category(json!({"state": "cancelled", "payment": null})), Category::Cancelled);
        let (c, note) = classify(&order("o-1", "10"), &payment(json!({"state": "cancelled", "payment": "0.0001"})));
        assert_eq!(c, Category::Cancelled);
        assert!(note.unwrap_or_default().contains("0.0001 BTC"));
    }

    #[test]
    fn orders_in_file_order_and_payments_without_order_at_once() {
        let orders = vec![order("o-1", "10.00"), order("o-2", "5"), order("o-3", "7")];
        let mut r = Reconciliation::new(orders).unwrap();
        assert!(r.add(payment(json!({"payment_id": "a"}))).is_none());
        assert!(r.add(payment(json!({"payment_id": "b", "reference_no": "o-3", "state": "cancelled", "payment": null}))).is_none());
        assert!(r.add(payment(json!({"payment_id": "c", "reference_no": "o-3", "invoice_amount": "7"}))).is_none());
        let stray = r.add(payment(json!({"payment_id": "d", "reference_no": "nope"}))).unwrap();
        assert_eq!((stray.category, stray.order.is_none()), (Category::NoOrder, true));
        let other_currency = r.add(payment(json!({"payment_id": "e", "reference_no": "o-2", "invoice_currency": "USD"}))).unwrap();
        assert_eq!(other_currency.category, Category::NoOrder);
        assert!(other_currency.note.unwrap_or_default().contains("USD"));
        let found: Vec<(String, Category, usize)> =
            r.finish().into_iter().map(|f| (f.order.map(|o| o.reference_no).unwrap_or_default(), f.category, f.payments.len())).collect();
        assert_eq!(
            found,
            [("o-1".into(), Category::PaidInFull, 1), ("o-2".into(), Category::Unpaid, 0), ("o-3".into(), Category::SeveralPayments, 2)]
        );
    }

    #[test]
    fn bad_orders_are_validation_errors() {
        assert!(Order::new(" ", Decimal::ONE, "EUR").is_err());
        assert!(Order::new("o", Decimal::ONE, "").is_err());
        assert!(Order::new("o", Decimal::NEGATIVE_ONE, "EUR").is_err());
        let twice = Reconciliation::new(vec![order("o", "1"), order("o", "2")]).unwrap_err();
        assert_eq!(twice.code(), crate::ErrorCode::Validation);
    }
}
