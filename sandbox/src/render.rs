//! Payments and quotes as the live API's JSON: amounts as fixed-scale strings, and the
//! per-endpoint type quirks (`"1"` vs `1`, `""` vs null) the client must decode.

use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::catalog::{fixed, CurrencyInfo, Quote, FIAT_SCALE};
use crate::clock::format_timestamp;
use crate::payment::{Payment, State};
use crate::web;

/// Prose wait time for unsettled payments.
pub(crate) const WAIT_TIME: &str = "Less than 2 minutes";

/// `"1"` / `"0"` flags of CheckPayment and GetCurrencyList.
fn flag(value: bool) -> &'static str {
    if value {
        "1"
    } else {
        "0"
    }
}

/// A crypto amount at the currency's scale.
fn crypto(info: &CurrencyInfo, value: Decimal) -> String {
    fixed(value, info.decimals)
}

fn opt_crypto(info: &CurrencyInfo, value: Option<Decimal>) -> Value {
    value.map_or(Value::Null, |v| Value::String(crypto(info, v)))
}

/// URL of a QR image of `data`, drawn by the sandbox itself (`GET /qr/`).
pub(crate) fn qr_img(host: &str, data: &str) -> String {
    format!("http://{host}{}", web::qr::path_of(data))
}

/// `<scheme>:<address>?amount=<amount>`.
fn qr(info: &CurrencyInfo, address: &str, amount: &str) -> String {
    format!("{}:{address}?amount={amount}", info.scheme)
}

/// The fields GetRate, GetRates entries and StartPayment share.
fn quote_fields(q: &Quote) -> serde_json::Map<String, Value> {
    let info = q.info;
    let mut m = serde_json::Map::new();
    m.insert("currency".into(), json!(info.code));
    m.insert("rate".into(), json!(q.rate.to_string()));
    m.insert(
        "amount_exchange".into(),
        json!(crypto(info, q.amount_exchange)),
    );
    m.insert(
        "network_processing_fee".into(),
        json!(crypto(info, q.network_fee)),
    );
    m.insert("amount".into(), json!(crypto(info, q.amount)));
    m.insert("wait_time".into(), json!(WAIT_TIME));
    m.insert("fast_transaction_fee".into(), json!(info.fast_fee));
    m.insert(
        "fast_transaction_fee_currency".into(),
        json!(info.fast_fee_currency),
    );
    m
}

/// GetRate response.
pub(crate) fn rate(q: &Quote, payment_id: &str) -> Value {
    let mut m = quote_fields(q);
    m.insert("invoice_currency".into(), json!(q.invoice_currency));
    m.insert("invoice_amount".into(), json!(q.invoice_amount.to_string()));
    m.insert("sid".into(), Value::Null);
    m.insert("payment_id".into(), json!(payment_id));
    Value::Object(m)
}

/// GetRates response.
pub(crate) fn rates(
    quotes: &[Quote],
    invoice_currency: &str,
    invoice_amount: Decimal,
    payment_id: &str,
) -> Value {
    let currencies: Vec<Value> = quotes
        .iter()
        .map(|q| Value::Object(quote_fields(q)))
        .collect();
    json!({
        "payment_id": payment_id,
        "invoice_amount": invoice_amount.to_string(),
        "invoice_currency": invoice_currency,
        "sid": null,
        "currencies": currencies,
    })
}

/// StartPayment response.
pub(crate) fn started(p: &Payment) -> Value {
    let info = p.info;
    let host = &p.request.public_host;
    let amount = crypto(info, p.amount);
    let qr_text = qr(info, &p.address, &amount);
    let print_string = format!(
        "<SMALL>ForumPay Sandbox</SMALL><BR><LINE><SMALL>Date: {}</SMALL><BR>Reference: {}:{}<BR><LINE>\
         <SMALL>FIAT amount:</SMALL><BR>{} {}<BR><BR><BOLD>Total:</BOLD><BR><BOLD><BIG>{} {}</BIG></BOLD><BR>\
         <QR>{}</QR><BR><SMALL>Address:</SMALL><BR>{}<BR><BR><CUT><LINE><BR>",
        format_timestamp(p.inserted), p.request.pos_id, p.payment_id, p.invoice_amount,
        p.request.invoice_currency, amount, info.code, qr_text, p.address
    );
    json!({
        "invoice_currency": p.request.invoice_currency,
        "invoice_amount": p.invoice_amount.to_string(),
        "currency": info.code,
        "rate": p.rate.to_string(),
        "amount_exchange": crypto(info, p.amount_exchange),
        "network_processing_fee": crypto(info, p.network_fee),
        "amount": amount,
        "min_confirmations": info.min_confirmations,
        "wait_time": WAIT_TIME,
        "sid": p.request.sid,
        "fast_transaction_fee": info.fast_fee,
        "fast_transaction_fee_currency": info.fast_fee_currency,
        "address": p.address,
        "qr": qr_text,
        "qr_alt": p.address,
        "qr_img": qr_img(host, &qr_text),
        "qr_alt_img": qr_img(host, &p.address),
        "print_string": print_string,
        "access_token": p.access_token,
        "access_url": p.access_url,
        "stats_token": p.stats_token,
        "notices": [],
        "payment_id": p.payment_id,
        "item_name": p.request.item_name,
        "reference_no": p.request.reference_no,
    })
}

/// The `underpayment` object of CheckPayment, present only in state underpayment.
fn underpayment(p: &Payment) -> Value {
    let Some(missing) = p.missing_amount() else {
        return Value::Null;
    };
    let host = &p.request.public_host;
    let missing = crypto(p.info, missing);
    let qr_text = qr(p.info, &p.address, &missing);
    json!({
        "address": p.address,
        "missing_amount": missing,
        "qr": qr_text,
        "qr_alt": p.address,
        "qr_img": qr_img(host, &qr_text),
        "qr_alt_img": qr_img(host, &p.address),
    })
}

/// CheckPayment response: serialized straight to JSON text, fields in the order a
/// `serde_json::Value` would write them (sorted), so the bytes are those the `json!` map made,
/// without building it (the map and its drop were most of the emulator's work per poll in the
/// scale run of decision 0026).
pub(crate) struct CheckAnswer<'a>(pub &'a Payment);

impl serde::Serialize for CheckAnswer<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let p = self.0;
        let info = p.info;
        let r = &p.request;
        let print_string = format!(
            "<BR>Reference: {}:{}<BR><DLINE><BR><CENTER>=== {} ===</CENTER><BR><DLINE><BR><BR><CUT><LINE><BR>",
            r.pos_id, p.payment_id, p.state.status()
        );
        let mut map = serializer.serialize_map(Some(34))?;
        map.serialize_entry("accept_zero_confirmations", &flag(r.accept_zero_confirmations))?;
        map.serialize_entry("access_token", &p.access_token)?;
        map.serialize_entry("access_url", &p.access_url)?;
        map.serialize_entry("amount", &crypto(info, p.amount))?;
        map.serialize_entry("blocked_alert_level", &p.blocked_alert_level)?;
        map.serialize_entry("cancelled", &p.cancelled)?;
        map.serialize_entry("cancelled_time", &p.cancelled_time.map(format_timestamp))?;
        map.serialize_entry("confirmations", &p.confirmations.to_string())?;
        map.serialize_entry("confirmed", &(p.state == State::Confirmed))?;
        map.serialize_entry("confirmed_time", &p.confirmed_time.map(format_timestamp))?;
        map.serialize_entry("currency", &info.code)?;
        map.serialize_entry("inserted", &format_timestamp(p.inserted))?;
        map.serialize_entry("invoice_amount", &p.invoice_amount.to_string())?;
        map.serialize_entry("invoice_currency", &r.invoice_currency)?;
        map.serialize_entry("item_name", &r.item_name)?;
        map.serialize_entry("min_confirmations", &info.min_confirmations.to_string())?;
        map.serialize_entry("original_amount", &opt_crypto(info, p.original_amount))?;
        map.serialize_entry("payer_id", &r.payer_id)?;
        map.serialize_entry("payment", &crypto(info, p.paid))?;
        map.serialize_entry("print_string", &print_string)?;
        map.serialize_entry("reason", &p.reason)?;
        map.serialize_entry("reference_no", &r.reference_no)?;
        map.serialize_entry("refund", &(p.refunded > Decimal::ZERO).then(|| crypto(info, p.refunded)))?;
        map.serialize_entry("refund_amount_opened", &p.refund_amount_opened.map_or(String::new(), |v| crypto(info, v)))?;
        map.serialize_entry("refund_status", &p.refund_status)?;
        map.serialize_entry("require_kyt_for_confirmation", &flag(r.require_kyt_for_confirmation))?;
        map.serialize_entry("sid", &r.sid)?;
        map.serialize_entry("state", &p.state.as_str())?;
        map.serialize_entry("status", &p.state.status())?;
        map.serialize_entry("type", &"Sell")?;
        map.serialize_entry("unconfirmed_amount", &opt_crypto(info, p.unconfirmed_amount))?;
        map.serialize_entry("unconfirmed_invoice_amount", &p.unconfirmed_invoice_amount.map(|v| fixed(v, FIAT_SCALE)))?;
        map.serialize_entry("underpayment", &underpayment(p))?;
        map.serialize_entry("wait_time", &if p.state.is_settled() { Value::Null } else { json!(WAIT_TIME) })?;
        map.end()
    }
}

/// CheckPayment response.
pub(crate) fn check(p: &Payment) -> CheckAnswer<'_> {
    CheckAnswer(p)
}

/// One GetTransactions record.
pub(crate) fn transaction(p: &Payment) -> Value {
    let info = p.info;
    let r = &p.request;
    json!({
        "state": p.state.as_str(),
        "status": p.state.status(),
        "status_loc": p.state.status(),
        "pos_id": r.pos_id,
        "invoice_currency": r.invoice_currency,
        "invoice_amount": p.invoice_amount.to_string(),
        "currency": info.code,
        "amount": crypto(info, p.amount),
        "amount_exchange": crypto(info, p.amount_exchange),
        "network_processing_fee": crypto(info, p.network_fee),
        "address": p.address,
        "type": "Sell",
        "type_loc": "Sell",
        "payment": (p.paid > Decimal::ZERO).then(|| crypto(info, p.paid)),
        "refund": if p.refunded > Decimal::ZERO { crypto(info, p.refunded) } else { String::new() },
        "refund_amount_opened": p.refund_amount_opened.map_or(String::new(), |v| crypto(info, v)),
        "refund_status": p.refund_status,
        "refund_status_loc": p.refund_status,
        "invoice_date": null,
        "inserted": format_timestamp(p.inserted),
        "confirmed": p.confirmed_time.map(format_timestamp),
        "cancelled": p.cancelled_time.map(format_timestamp),
        "double_spending_alert": null,
        "accept_zero_confirmations": r.accept_zero_confirmations,
        "item_name": r.item_name,
        "access_token": p.access_token,
        "sid": r.sid,
        "payment_id": p.payment_id,
        "reference_no": r.reference_no,
        "payer_id": r.payer_id,
        "customer_details": null,
    })
}

/// One GetCurrencyList entry; disabled currencies have null rates and limits.
pub(crate) fn currency_entry(
    info: &CurrencyInfo,
    fiat: &str,
    rate: Option<Decimal>,
    host: &str,
) -> Value {
    let rate_text = rate.map(|r| r.to_string());
    // Buying costs a little more than selling, as on the live service.
    let buy_rate = rate.map(|r| fixed(r * Decimal::new(1005, 3), 4));
    let limit = |text: &'static str| rate.map(|_| text);
    let fee = rate.map(|_| info.network_fee);
    json!({
        "currency": info.code,
        "description": info.description,
        "status": if info.enabled { "OK" } else { "DISABLED" },
        "zero_confirmations_enabled": flag(info.zero_confirmations),
        "currency_fiat": fiat,
        "icon_url": format!("http://{host}/pay/images/coins/{}.png", info.code.to_ascii_lowercase()),
        "rate": rate_text,
        "sell_status": if info.enabled { "OK" } else { "DISABLED" },
        "sell_rate": rate_text,
        "buy_status": if info.enabled { "OK" } else { "DISABLED" },
        "buy_rate": buy_rate,
        "sell_min_invoice_amount": limit("0.01"),
        "sell_max_invoice_amount": limit("100000.00"),
        "sell_network_processing_fee": fee,
        "buy_min_invoice_amount": limit("1.00"),
        "buy_max_invoice_amount": limit("1000.00"),
        "buy_network_processing_fee": fee,
    })
}
