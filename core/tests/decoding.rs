//! Decoding tests over hand-written fixtures that carry every quirk the live API is known to
//! send (see docs/decisions/0003-tolerant-decoding.md).

use forumpay::{
    Currency, PaymentState, PaymentStatus, Pong, Rate, Rates, StartedPayment, TransactionPage,
    CancelResult, AcceptResult,
};
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn s<T: ToString>(v: T) -> String {
    v.to_string()
}

#[test]
fn check_payment_with_string_numbers_flags_and_underpayment() {
    let p = PaymentStatus::from_json(fixture("check_payment_underpaid_cancelled.json")).unwrap();
    assert_eq!(p.state, PaymentState::Cancelled);
    assert!(p.cancelled && !p.confirmed);
    assert_eq!(p.min_confirmations, Some(2)); // "2"
    assert_eq!(p.confirmations, Some(0)); // "0"
    assert_eq!(p.accept_zero_confirmations, Some(true)); // "1"
    assert_eq!(p.require_kyt_for_confirmation, Some(false)); // "0"
    assert_eq!(s(p.payment.unwrap()), "0.0010000"); // scale kept, trailing zeros
    assert_eq!(s(p.invoice_amount), "150.00");
    assert_eq!(p.refund_amount_opened, None); // "" means none
    assert_eq!(p.reference_no, None); // null
    assert_eq!(s(p.cancelled_time.unwrap()), "2025-03-04 10:20:00");
    assert_eq!(p.confirmed_time, None);
    let under = p.underpayment.as_ref().unwrap();
    assert_eq!(s(under.missing_amount.unwrap()), "0.00612345");
    assert_eq!(s(p.invoice_surcharge_percent.unwrap()), "2.00");
    assert!(p.extra.contains_key("brand_new_field"), "unknown fields are kept");
    assert_eq!(p.payment_type.as_deref(), Some("Sell"));
}

#[test]
fn start_payment_with_tokens_notices_and_integer_confirmations() {
    let p = StartedPayment::from_json(fixture("start_payment_rich.json")).unwrap();
    assert_eq!(p.min_confirmations, Some(2)); // a number here, a string in CheckPayment
    assert_eq!(p.notices.len(), 1);
    assert_eq!(p.notices[0].code.as_deref(), Some("slow_network"));
    assert_eq!(p.cancelled, Some(false));
    assert_eq!(s(p.amount), "0.00715220");
    assert_eq!(p.fast_transaction_fee_currency.as_deref(), Some("BTC/kB"));
    assert_eq!(p.access_token.as_ref().unwrap().expose(), "TOKENabc123TOKENabc123TOKENabc123");
    assert!(p.beneficiary_vasp_details.is_some());
    let r = p.payment_ref();
    assert_eq!((r.payment_id.as_str(), r.currency.as_str()), ("0b8f5f7e-1111-4222-8333-944445555666", "BTC"));
}

#[test]
fn transactions_as_invoices_object_bare_list_and_null() {
    let page = TransactionPage::from_json(fixture("transactions_invoices.json")).unwrap();
    assert_eq!(page.transactions.len(), 2);
    let t = &page.transactions[0];
    assert!(t.confirmed); // a timestamp means confirmed
    assert_eq!(s(t.confirmed_time.unwrap()), "2025-03-04 10:31:12");
    assert!(!t.cancelled);
    assert_eq!(t.accept_zero_confirmations, Some(false)); // a JSON bool here
    assert_eq!(t.refund, None); // ""
    assert_eq!(t.reference_no.as_deref(), Some("order-17"));
    let eth = &page.transactions[1];
    assert_eq!(s(eth.invoice_amount.unwrap()), "10"); // a JSON number
    assert_eq!(s(eth.amount.unwrap()), "0.006984210000000001"); // 18 places, no float on the way
    assert_eq!(eth.accept_zero_confirmations, Some(false)); // "0"
    assert_eq!(eth.payment, None);

    let bare = TransactionPage::from_json(fixture("transactions_bare.json")).unwrap();
    assert_eq!(bare.transactions[0].state, PaymentState::Unknown("refunding".into()));
    assert!(bare.transactions[0].cancelled);
    assert_eq!(s(bare.transactions[0].refund_amount_opened.unwrap()), "0.00000000");

    assert!(TransactionPage::from_json(Value::Null).unwrap().transactions.is_empty());
    assert!(TransactionPage::from_json(json!({"invoices": null})).unwrap().transactions.is_empty());
}

#[test]
fn currency_list_is_a_bare_list_with_nullable_fields() {
    let list = Currency::list_from_json(fixture("currency_list.json")).unwrap();
    assert_eq!(list.len(), 2);
    assert!(list[0].is_available());
    assert_eq!(list[0].zero_confirmations_enabled, Some(true));
    assert_eq!(s(list[0].sell_min_invoice_amount.unwrap()), "0.10");
    assert!(!list[1].is_available());
    assert_eq!(list[1].rate, None);
    assert_eq!(list[1].buy_rate, None);
    assert!(Currency::list_from_json(Value::Null).unwrap().is_empty());
}

#[test]
fn rates_keep_eighteen_places() {
    let r = Rate::from_json(fixture("rate.json")).unwrap();
    assert_eq!(s(r.amount), "0.104978000000000000");
    assert_eq!(s(r.fast_transaction_fee.unwrap()), "0.000000030000000000");
    let rs = Rates::from_json(fixture("rates.json")).unwrap();
    assert_eq!(rs.currencies.len(), 2);
    assert_eq!(s(rs.currencies[1].amount), "21.000000");
    assert_eq!(rs.currencies[1].wait_time, None);
}

#[test]
fn small_answers_in_every_spelling() {
    assert!(CancelResult::from_json(json!({"cancelled": true, "status": "Cancelled"})).unwrap().cancelled);
    assert!(CancelResult::from_json(json!({"cancelled": "1"})).unwrap().cancelled);
    assert!(AcceptResult::from_json(json!({"success": "true"})).unwrap().success);
    let pong = Pong::from_json(json!({"result": "pong", "webhook_response": {
        "status": "ok", "duration": 0.12, "webhook_url": "https://shop.test/hook",
        "response_code": "200", "response_body": "OK"}}))
    .unwrap();
    assert_eq!(pong.webhook_response.unwrap().response_code, Some(200));
}

#[test]
fn broken_shapes_are_decode_errors_that_name_the_field_not_the_value() {
    let e = PaymentStatus::from_json(json!({"state": "waiting", "invoice_currency": "EUR",
        "invoice_amount": "SECRETVALUE", "currency": "BTC", "amount": "1"}))
    .unwrap_err();
    assert_eq!(e.code().as_str(), "decode");
    assert!(e.to_string().contains("invoice_amount"));
    assert!(!e.to_string().contains("SECRETVALUE"));
    assert_eq!(StartedPayment::from_json(json!([1, 2])).unwrap_err().code().as_str(), "decode");
    assert_eq!(StartedPayment::from_json(json!({"payment_id": "x"})).unwrap_err().code().as_str(), "decode");
    assert_eq!(TransactionPage::from_json(json!("text")).unwrap_err().code().as_str(), "decode");
}
