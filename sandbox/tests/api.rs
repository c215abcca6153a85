//! Wire-level tests of the ForumPay endpoints.

mod common;

use common::{get, s, send, start_payment};
use forumpay_sandbox::{Decimal, Sandbox};
use serde_json::Value;

const START: &str = "pos_id=web&invoice_currency=EUR&invoice_amount=222.00&currency=BTC&reference_no=order-1&item_name=Test+Product&payer_id=p-1&payer_email=a%40b.c&accept_zero_confirmations=true";

#[tokio::test]
async fn auth_routing_and_headers() {
    let sb = Sandbox::start().await.expect("start");
    let addr = sb.addr();
    assert!(sb.base_url().starts_with("http://127.0.0.1:") && sb.base_url().ends_with("/api/v2/"));

    let none = send(addr, "GET", "/api/v2/Ping/", None, None)
        .await
        .expect("response");
    assert_eq!(none.status, 401);
    assert_eq!(none.json()["err"], "Unauthorized: invalid API key");
    let wrong = send(
        addr,
        "GET",
        "/api/v2/Ping/",
        Some(("sandbox-user", "nope")),
        None,
    )
    .await
    .expect("response");
    assert_eq!(wrong.status, 401);

    let ping = get(&sb, "Ping", "").await;
    assert_eq!(
        (ping.status, ping.text()),
        (200, r#"{"result":"pong"}"#.to_string())
    );
    assert_eq!(ping.header("content-type"), Some("application/json"));
    let ray = ping.header("cf-ray").expect("cf-ray");
    assert!(
        ray.len() == 20
            && ray.ends_with("-SBX")
            && ray[..16]
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
        "{ray}"
    );
    assert_ne!(get(&sb, "Ping", "").await.header("cf-ray"), Some(ray));

    let bare = send(
        addr,
        "GET",
        "/api/v2/Ping",
        Some((sb.api_user(), sb.api_secret())),
        None,
    )
    .await
    .expect("response");
    assert_eq!(bare.status, 200);
    let unknown = get(&sb, "Nope", "").await;
    assert_eq!(
        (unknown.status, unknown.json()["err"].clone()),
        (404, Value::from("Unknown endpoint"))
    );
    assert_eq!(sb.request_count("Ping"), 5);
    assert_eq!(sb.request_count("*"), 6);
}

#[tokio::test]
async fn start_and_check_payment_shapes() {
    let sb = Sandbox::start().await.expect("start");
    let started = start_payment(&sb, START).await;
    assert_eq!(started.status, 200, "{}", started.text());
    let st = started.json();
    assert_eq!(st["min_confirmations"], Value::from(1u32));
    assert_eq!(s(&st, "invoice_amount"), "222.00");
    assert_eq!(s(&st, "amount"), "0.01069043");
    assert_eq!(s(&st, "network_processing_fee"), "0.00002875");
    let address = s(&st, "address").to_string();
    assert!(address.starts_with("btc-") && address.len() == 36);
    assert_eq!(s(&st, "qr"), format!("bitcoin:{address}?amount=0.01069043"));
    assert!(s(&st, "qr_img").contains("/qr/?d=bitcoin%3A"));
    let token = s(&st, "access_token");
    assert!(token.len() == 64 && s(&st, "access_url").contains(token));
    assert_eq!(s(&st, "stats_token").split('.').count(), 3);
    assert_eq!(st["notices"], Value::Array(vec![]));
    assert_eq!(s(&st, "reference_no"), "order-1");
    let id = s(&st, "payment_id").to_string();

    let check_query = format!("pos_id=web&currency=BTC&payment_id={id}&address={address}");
    let ck = get(&sb, "CheckPayment", &check_query).await.json();
    assert_eq!(s(&ck, "min_confirmations"), "1");
    assert_eq!(s(&ck, "confirmations"), "0");
    assert_eq!(s(&ck, "accept_zero_confirmations"), "1");
    assert_eq!(s(&ck, "require_kyt_for_confirmation"), "0");
    assert_eq!(s(&ck, "payment"), "0.00000000");
    assert_eq!(s(&ck, "refund_amount_opened"), "");
    assert_eq!(s(&ck, "state"), "waiting");
    assert_eq!(s(&ck, "wait_time"), "Less than 2 minutes");
    assert_eq!(
        (ck["confirmed"].clone(), ck["cancelled"].clone()),
        (Value::Bool(false), Value::Bool(false))
    );
    for null in [
        "underpayment",
        "original_amount",
        "unconfirmed_amount",
        "refund",
        "refund_status",
        "confirmed_time",
        "sid",
    ] {
        assert!(ck[null].is_null(), "{null}: {}", ck[null]);
    }
    assert_eq!(s(&ck, "payer_id"), "p-1");
    assert_eq!(
        sb.payment(&id)
            .map(|p| p.payer_fields.get("payer_email").cloned()),
        Some(Some("a@b.c".into()))
    );

    sb.pay(&id, Decimal::new(5, 3)).expect("pay");
    let ck = get(&sb, "CheckPayment", &check_query).await.json();
    assert_eq!(s(&ck, "state"), "underpayment");
    assert_eq!(s(&ck, "unconfirmed_amount"), "0.00500000");
    assert_eq!(s(&ck, "unconfirmed_invoice_amount"), "104.11");
    assert_eq!(s(&ck["underpayment"], "missing_amount"), "0.00569043");

    let cancel = get(
        &sb,
        "CancelPayment",
        &format!("{check_query}&reason=other&comment=late"),
    )
    .await;
    assert_eq!(
        cancel.json(),
        serde_json::json!({"cancelled": true, "status": "Cancelled"})
    );
    let again = get(&sb, "CancelPayment", &check_query).await;
    assert_eq!(
        (again.status, again.json()["err"].clone()),
        (200, Value::from("Payment is already cancelled"))
    );
    let refund_query =
        format!("pos_id=web&currency=BTC&payment_id={id}&address_out=bc1x&refund_amount=0.005");
    assert_eq!(
        get(&sb, "RefundPayment", &refund_query).await.json()["wait_time"],
        "120 minutes"
    );
    let ck = get(&sb, "CheckPayment", &check_query).await.json();
    assert_eq!(
        (s(&ck, "refund"), s(&ck, "refund_status")),
        ("0.00500000", "pending")
    );

    let wrong_address = get(
        &sb,
        "CheckPayment",
        &format!("pos_id=web&currency=BTC&payment_id={id}&address=btc-x"),
    )
    .await;
    assert_eq!(
        (wrong_address.status, wrong_address.json()["err"].clone()),
        (404, Value::from("Payment not found"))
    );
    let dup = start_payment(&sb, &format!("{START}&payment_id={id}")).await;
    assert_eq!(
        (dup.status, dup.json()["err"].clone()),
        (200, Value::from("Payment already started"))
    );
}

#[tokio::test]
async fn validation_is_400() {
    let sb = Sandbox::start().await.expect("start");
    for query in [
        "invoice_currency=EUR&invoice_amount=10&currency=BTC",
        "pos_id=web&invoice_currency=EUR&invoice_amount=1e5&currency=BTC",
        "pos_id=web&invoice_currency=EUR&invoice_amount=1,5&currency=BTC",
        "pos_id=web&invoice_currency=EUR&invoice_amount=0&currency=BTC",
        "pos_id=we%20b&invoice_currency=EUR&invoice_amount=10&currency=BTC",
        "pos_id=web&invoice_currency=EUR&invoice_amount=10&currency=DOGE",
        "pos_id=web&invoice_currency=JPY&invoice_amount=10&currency=BTC",
        "pos_id=web&invoice_currency=EUR&invoice_amount=10&currency=BTC&accept_zero_confirmations=maybe",
    ] {
        let r = get(&sb, "GetRate", query).await;
        assert_eq!(r.status, 400, "{query}: {}", r.text());
        assert!(r.json()["err"].is_string());
    }
    let long_payer = format!("{START}&payer_id={}", "a".repeat(65));
    assert_eq!(start_payment(&sb, &long_payer).await.status, 400);
    assert_eq!(get(&sb, "GetTransactions", "limit=51").await.status, 400);
    assert_eq!(get(&sb, "GetTransactions", "offset=-1").await.status, 400);
    assert!(sb.payments().is_empty());
}

#[tokio::test]
async fn rates_currency_list_and_transactions() {
    let sb = Sandbox::start().await.expect("start");
    let rate = get(
        &sb,
        "GetRate",
        "pos_id=web&invoice_currency=EUR&invoice_amount=48.25&currency=ETH",
    )
    .await
    .json();
    assert_eq!(s(&rate, "invoice_amount"), "48.25");
    assert_eq!(
        s(&rate, "amount_exchange").split('.').nth(1).map(str::len),
        Some(18)
    );
    assert!(rate["sid"].is_null() && s(&rate, "payment_id").len() == 36);
    sb.set_rate("BTC", "USD", Decimal::new(50_000, 0))
        .expect("rate");
    let rates = get(
        &sb,
        "GetRates",
        "pos_id=web&invoice_currency=USD&invoice_amount=100&currencies=BTC,USDT",
    )
    .await
    .json();
    assert_eq!(s(&rates["currencies"][0], "amount_exchange"), "0.00200000");
    assert_eq!(s(&rates["currencies"][1], "amount"), "101.000000");

    let list = get(&sb, "GetCurrencyList", "").await.json();
    let list = list.as_array().expect("bare array");
    assert_eq!(list.len(), 5);
    assert_eq!(
        (
            s(&list[0], "rate"),
            s(&list[0], "zero_confirmations_enabled")
        ),
        ("20822.2343", "1")
    );
    let doge = &list[4];
    assert_eq!(s(doge, "status"), "DISABLED");
    assert!(doge["rate"].is_null() && doge["sell_min_invoice_amount"].is_null());

    let empty = get(&sb, "GetTransactions", "").await;
    assert_eq!((empty.status, empty.text()), (200, "null".to_string()));
    let first = start_payment(&sb, START).await.json();
    let second = start_payment(
        &sb,
        "pos_id=web&invoice_currency=USD&invoice_amount=10&currency=USDT",
    )
    .await
    .json();
    let tx = get(&sb, "GetTransactions", "").await.json();
    let invoices = tx["invoices"].as_array().expect("invoices");
    assert_eq!(invoices.len(), 2);
    assert_eq!(invoices[0]["payment_id"], second["payment_id"]);
    assert_eq!(invoices[1]["payment_id"], first["payment_id"]);
    let rec = &invoices[1];
    assert_eq!(rec["accept_zero_confirmations"], Value::Bool(true));
    assert!(
        rec["payment"].is_null() && rec["confirmed"].is_null() && rec["customer_details"].is_null()
    );
    assert_eq!(
        (
            s(rec, "refund"),
            s(rec, "refund_amount_opened"),
            s(rec, "type_loc")
        ),
        ("", "", "Sell")
    );
    let paged = get(&sb, "GetTransactions", "offset=1&limit=1").await.json();
    assert_eq!(paged["invoices"][0]["payment_id"], first["payment_id"]);
    assert_eq!(get(&sb, "GetTransactions", "offset=2").await.text(), "null");
}

#[tokio::test]
async fn an_observer_sees_each_api_request_as_it_arrives() {
    use std::sync::{Arc, Mutex};
    let sb = Sandbox::start().await.expect("start");
    let seen: Arc<Mutex<Vec<(String, Option<String>)>>> = Arc::default();
    let record = seen.clone();
    sb.observe_requests(Some(Arc::new(move |peer: std::net::SocketAddr, action: &str, query: Option<&str>| {
        assert!(peer.ip().is_loopback());
        record.lock().unwrap().push((action.to_string(), query.map(str::to_string)));
    })));
    get(&sb, "Ping", "").await;
    get(&sb, "checkPayment", "payment_id=p-1&currency=BTC").await;
    sb.observe_requests(None);
    get(&sb, "Ping", "").await;
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        [
            ("Ping".to_string(), Some(String::new())),
            ("CheckPayment".to_string(), Some("payment_id=p-1&currency=BTC".to_string()))
        ],
        "canonical action names, the query as sent, nothing once removed"
    );
}
