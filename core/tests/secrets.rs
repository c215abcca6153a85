//! The api secret, `access_token` and `stats_token` never appear in Debug, Display or error text.

use forumpay::{Client, Config, ErrorCode, PaymentStatus, StartedPayment, TransactionPage};
use serde_json::json;

const API_SECRET: &str = "sk-live-VERY-SECRET-0123456789";
const ACCESS_TOKEN: &str = "ACCESSTOKEN-abcdefghijklmnopqrstuvwxyz";
const STATS_TOKEN: &str = "eyJhbGciOi.STATS-TOKEN-PAYLOAD.SIG";

fn assert_clean(text: &str) {
    for secret in [API_SECRET, ACCESS_TOKEN, STATS_TOKEN] {
        assert!(!text.contains(secret), "secret leaked into: {text}");
    }
}

#[test]
fn config_and_client_debug_hide_the_api_secret() {
    let builder = Config::builder("user", API_SECRET).base_url("http://127.0.0.1:9/");
    assert_clean(&format!("{builder:?}"));
    let config = builder.build().unwrap();
    assert_clean(&format!("{config:?}"));
    let client = Client::new(config.clone()).unwrap();
    assert_clean(&format!("{client:?}"));
    let blocking = forumpay::blocking::Client::new(config).unwrap();
    assert_clean(&format!("{blocking:?}"));
}

#[test]
fn models_debug_hide_payer_tokens() {
    let started = StartedPayment::from_json(json!({
        "payment_id": "p1", "address": "a1", "invoice_currency": "EUR", "invoice_amount": "1.00",
        "currency": "BTC", "amount": "0.00010000", "access_token": ACCESS_TOKEN,
        "access_url": format!("https://pay.test/#{ACCESS_TOKEN}"), "stats_token": STATS_TOKEN
    }))
    .unwrap();
    assert_clean(&format!("{started:?}"));
    assert_clean(&format!("{:#?}", started));
    let status = PaymentStatus::from_json(json!({
        "state": "waiting", "invoice_currency": "EUR", "invoice_amount": "1.00", "currency": "BTC",
        "amount": "0.00010000", "access_token": ACCESS_TOKEN, "access_url": format!("https://pay.test/#{ACCESS_TOKEN}")
    }))
    .unwrap();
    assert_clean(&format!("{status:?}"));
    let page = TransactionPage::from_json(json!([{"payment_id": "p1", "access_token": ACCESS_TOKEN}])).unwrap();
    assert_clean(&format!("{page:?}"));
    // The caller can still reach the values on purpose.
    assert_eq!(started.access_token.unwrap().expose(), ACCESS_TOKEN);
}

#[tokio::test]
async fn errors_never_carry_the_api_secret() {
    // Nothing listens on port 9 of loopback: a network error whose text we inspect.
    let config = Config::builder("user", API_SECRET).base_url("http://127.0.0.1:9/").pos_id("web").build().unwrap();
    let client = Client::new(config).unwrap();
    let err = client.ping(forumpay::Ping::new()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Network);
    assert_clean(&err.to_string());
    assert_clean(&format!("{err:?}"));
    // A server that echoes the key back in its `err` message.
    let sandbox = forumpay_sandbox::Sandbox::start().await.unwrap();
    sandbox.inject_fault(
        "Ping",
        forumpay_sandbox::Fault::ErrBody { err: format!("key {API_SECRET} is not valid"), err_code: None },
        1,
    );
    let client = Client::new(
        Config::builder(sandbox.api_user(), API_SECRET).base_url(sandbox.base_url()).build().unwrap(),
    )
    .unwrap();
    let err = client.ping(forumpay::Ping::new()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidRequest);
    assert_clean(&err.to_string());
    assert_clean(&format!("{err:?}"));
    assert_clean(err.err().unwrap());
}
