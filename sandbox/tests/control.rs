//! The `/sandbox/` control API and the background-thread handle.

mod common;

use common::{control, get, s, start_payment};
use forumpay_sandbox::{Sandbox, SandboxOptions};
use serde_json::Value;

#[tokio::test]
async fn control_api_drives_a_payment() {
    let sb = Sandbox::start().await.expect("start");
    let st = start_payment(
        &sb,
        "pos_id=web&invoice_currency=EUR&invoice_amount=70.12&currency=LTC",
    )
    .await
    .json();
    let id = s(&st, "payment_id").to_string();
    assert_eq!(s(&st, "amount"), "1.00010000");

    let paid = control(
        &sb,
        "POST",
        "/sandbox/pay",
        &format!(r#"{{"payment_id":"{id}","amount":"1.0001"}}"#),
    )
    .await;
    assert_eq!(paid.status, 200, "{}", paid.text());
    assert!(paid.header("cf-ray").is_some());
    assert_eq!(
        (s(&paid.json(), "state"), s(&paid.json(), "paid")),
        ("processing", "1.00010000")
    );
    let confirmed = control(
        &sb,
        "POST",
        "/sandbox/confirm",
        &format!(r#"{{"payment_id":"{id}","confirmations":3}}"#),
    )
    .await
    .json();
    assert_eq!(s(&confirmed, "state"), "confirmed");
    let blocked = control(
        &sb,
        "POST",
        "/sandbox/block",
        &format!(r#"{{"payment_id":"{id}"}}"#),
    )
    .await;
    assert_eq!(
        (blocked.status, s(&blocked.json(), "code")),
        (400, "invalid_state")
    );
    let missing = control(
        &sb,
        "POST",
        "/sandbox/pay",
        r#"{"payment_id":"nope","amount":"1"}"#,
    )
    .await;
    assert_eq!(
        (missing.status, s(&missing.json(), "code")),
        (404, "not_found")
    );
    let bad = control(
        &sb,
        "POST",
        "/sandbox/pay",
        &format!(r#"{{"payment_id":"{id}","amount":"1e3"}}"#),
    )
    .await;
    assert_eq!(
        (bad.status, s(&bad.json(), "code")),
        (400, "invalid_argument")
    );

    let one = control(&sb, "GET", &format!("/sandbox/payments/{id}"), "")
        .await
        .json();
    assert_eq!(s(&one, "payment_id"), id);
    let all = control(&sb, "GET", "/sandbox/payments", "").await.json();
    assert_eq!(all.as_array().map(Vec::len), Some(1));

    let ok = control(
        &sb,
        "POST",
        "/sandbox/rate",
        r#"{"currency":"LTC","invoice_currency":"EUR","rate":"100.00"}"#,
    )
    .await
    .json();
    assert_eq!(ok, serde_json::json!({"ok": true}));
    let rate = get(
        &sb,
        "GetRate",
        "pos_id=web&invoice_currency=EUR&invoice_amount=50&currency=LTC",
    )
    .await
    .json();
    assert_eq!(
        (s(&rate, "rate"), s(&rate, "amount_exchange")),
        ("100.00", "0.50000000")
    );

    let fault = control(
        &sb,
        "POST",
        "/sandbox/fault",
        r#"{"route":"Ping","times":1,"kind":"status","status":502}"#,
    )
    .await;
    assert_eq!(fault.status, 200, "{}", fault.text());
    assert_eq!(get(&sb, "Ping", "").await.status, 502);

    let waiting = start_payment(
        &sb,
        "pos_id=web&invoice_currency=EUR&invoice_amount=5&currency=BTC",
    )
    .await
    .json();
    let waiting_id = s(&waiting, "payment_id").to_string();
    control(&sb, "POST", "/sandbox/clock", r#"{"advance_seconds":1801}"#).await;
    let expired = sb.payment(&waiting_id).expect("payment");
    assert_eq!(
        (expired.state.as_str(), expired.cancelled),
        ("cancelled", true)
    );

    assert_eq!(
        control(&sb, "POST", "/sandbox/reset", "").await.json(),
        serde_json::json!({"ok": true})
    );
    assert!(sb.payments().is_empty());
    assert_eq!(sb.request_count("*"), 0);
    assert_eq!(control(&sb, "GET", "/sandbox/nope", "").await.status, 404);
}

#[test]
fn background_sandbox_serves_sync_callers() {
    let sb = Sandbox::start_background(SandboxOptions {
        api_user: "u".into(),
        api_secret: "s".into(),
        ..SandboxOptions::default()
    })
    .expect("start");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let body = runtime.block_on(async { get(&sb, "Ping", "").await.json() });
    assert_eq!(body["result"], Value::from("pong"));
    assert_eq!(sb.api_user(), "u");
    let addr = sb.addr();
    drop(sb);
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "port closed after drop"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn background_sandbox_inside_a_runtime() {
    let sb = Sandbox::start_background(SandboxOptions::default()).expect("start");
    assert_eq!(get(&sb, "Ping", "").await.status, 200);
    drop(sb);
}
