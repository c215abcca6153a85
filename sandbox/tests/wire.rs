//! What a client written against the live API meets on the wire (issue 13, decision 0023):
//! the Basic challenge, multipart bodies, which of query and body wins, err_code on every
//! error, the GetTransactions filters, RequestKyc and GetWalletApps.

mod common;

use common::{get, s, send, start_payment, started};
use forumpay_sandbox::{Sandbox, WalletApp};
use serde_json::{json, Value};

/// A multipart body as curl -F (and so the provider's PHP client) writes it.
fn multipart(fields: &[(&str, &str)]) -> (String, String) {
    let boundary = "------------------------4f1e2d3c4b5a6978".to_string();
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post(sb: &Sandbox, target: &str, content_type: &str, body: &str) -> common::Resp {
    let auth = Some((sb.api_user(), sb.api_secret()));
    send(sb.addr(), "POST", target, auth, Some((content_type, body))).await.expect("a response")
}

#[tokio::test]
async fn a_401_offers_basic_and_says_why() {
    let sb = Sandbox::start().await.expect("start");
    for auth in [None, Some(("sandbox-user", "wrong"))] {
        let r = send(sb.addr(), "GET", "/api/v2/Ping/", auth, None).await.expect("response");
        assert_eq!(r.status, 401);
        assert_eq!(r.header("www-authenticate"), Some(r#"Basic realm="ForumPay API", charset="UTF-8""#));
        assert_eq!(r.json(), json!({"err": "Unauthorized: invalid API key", "err_code": "unauthorized"}));
    }
    // The scheme's name is case-insensitive (RFC 7617).
    let header = format!("BASIC {}", base64_of(&format!("{}:{}", sb.api_user(), sb.api_secret())));
    let r = raw(&sb, &format!("GET /api/v2/Ping/ HTTP/1.1\r\nHost: x\r\nAuthorization: {header}\r\nConnection: close\r\n\r\n")).await;
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
}

#[tokio::test]
async fn multipart_start_payment_with_empty_parts_for_nulls() {
    let sb = Sandbox::start().await.expect("start");
    let (ct, body) = multipart(&[
        ("pos_id", "web"),
        ("invoice_currency", "EUR"),
        ("invoice_amount", "70.12"),
        ("currency", "LTC"),
        ("payment_id", ""),
        ("reference_no", "order-mp"),
        ("payer_email", ""),
        ("auto_accept_underpayment", "false"),
        ("locale", "en-GB"),
    ]);
    let r = post(&sb, "/api/v2/StartPayment/", &ct, &body).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let id = s(&r.json(), "payment_id").to_string();
    let p = sb.payment(&id).expect("started");
    assert_eq!((p.reference_no.as_deref(), p.pos_id.as_str()), (Some("order-mp"), "web"));

    let (ct, broken) = multipart(&[("pos_id", "web")]);
    let r = post(&sb, "/api/v2/StartPayment/", &ct, &broken[..broken.len() - 4]).await;
    assert_eq!((r.status, r.json()["err_code"].clone()), (400, json!("invalidParameter")));
    let r = post(&sb, "/api/v2/StartPayment/", "application/json", r#"{"pos_id":"web"}"#).await;
    assert_eq!(r.status, 400, "{}", r.text());
}

#[tokio::test]
async fn a_reused_handle_sends_a_leftover_body_and_the_query_wins() {
    let sb = Sandbox::start().await.expect("start");
    let first = started(&sb, "&reference_no=order-a").await;
    started(&sb, "&reference_no=order-b").await;
    // The provider's client after a StartPayment: POST, the old multipart body, its own query.
    let (ct, leftover) = multipart(&[("pos_id", "web"), ("reference_no", "order-b"), ("invoice_amount", "9.99")]);
    let r = post(&sb, "/api/v2/GetTransactions/?offset=0&limit=10&reference_no=order-a", &ct, &leftover).await;
    let invoices = r.json()["invoices"].as_array().expect("invoices").clone();
    assert_eq!(invoices.len(), 1, "{invoices:?}");
    assert_eq!(invoices[0]["payment_id"], first.id.as_str());
    // Without reference_no in the query, the leftover's reference_no is not a filter.
    let r = post(&sb, "/api/v2/GetTransactions/?offset=0&limit=10", &ct, &leftover).await;
    assert_eq!(r.json()["invoices"].as_array().map(Vec::len), Some(2));
    let r = post(&sb, "/api/v2/GetRate/?pos_id=web&invoice_currency=EUR&invoice_amount=5.00&currency=LTC", &ct, &leftover).await;
    assert_eq!(r.json()["invoice_amount"], "5.00");
    // A form action takes its body; the query still wins a key both carry.
    let (ct, form) = multipart(&[("pos_id", "web"), ("invoice_currency", "EUR"), ("invoice_amount", "70.12"), ("currency", "LTC")]);
    let r = post(&sb, "/api/v2/StartPayment/?pos_id=kiosk-2", &ct, &form).await;
    assert_eq!(sb.payment(s(&r.json(), "payment_id")).expect("started").pos_id, "kiosk-2");
}

#[tokio::test]
async fn every_error_body_carries_err_code() {
    let sb = Sandbox::start().await.expect("start");
    let cases = [
        ("GetRate", "pos_id=web&invoice_currency=EUR&currency=BTC", 400, "invalidParameter"),
        ("GetRate", "pos_id=web&invoice_currency=EUR&invoice_amount=1&currency=XYZ", 400, "invalidParameter"),
        ("CheckPayment", "pos_id=web&payment_id=nope&currency=BTC&address=x", 404, "paymentNotFound"),
        ("NoSuchAction", "", 404, "unknownAction"),
    ];
    for (action, query, status, code) in cases {
        let r = get(&sb, action, query).await;
        assert_eq!((r.status, r.json()["err_code"].clone()), (status, json!(code)), "{action}?{query}: {}", r.text());
        assert!(r.json()["err"].is_string());
    }
    let p = started(&sb, "&payment_id=dup-1").await;
    let r = start_payment(&sb, "pos_id=web&invoice_currency=EUR&invoice_amount=70.12&currency=LTC&payment_id=dup-1").await;
    assert_eq!((r.status, r.json()["err_code"].clone()), (200, json!("invalidPaymentState")));
    let q = format!("pos_id=web&payment_id={}&currency=LTC&address={}&accepted_amount=1", p.id, p.address);
    let r = get(&sb, "AcceptPayment", &q).await;
    assert_eq!((r.status, r.json()["err_code"].clone()), (200, json!("invalidPaymentState")));
    for odd in ["network_processing_fee_paid_by=shop", "payer_type=person"] {
        let r = start_payment(&sb, &format!("pos_id=web&invoice_currency=EUR&invoice_amount=70.12&currency=LTC&{odd}")).await;
        assert_eq!((r.status, r.json()["err_code"].clone()), (400, json!("invalidParameter")), "{odd}");
    }
    let huge = "a=".to_string() + &"x".repeat(1 << 20);
    let r = post(&sb, "/api/v2/StartPayment/", "application/x-www-form-urlencoded", &huge).await;
    assert_eq!((r.status, r.json()["err_code"].clone()), (413, json!("requestTooLarge")));
}

#[tokio::test]
async fn get_transactions_filters_by_reference_and_sub_merchant() {
    let sb = Sandbox::start().await.expect("start");
    started(&sb, "&reference_no=r-1").await;
    started(&sb, "&reference_no=r-2&user=shop-b").await;
    started(&sb, "&reference_no=r-1&user=shop-b").await;
    let count = |v: Value| v["invoices"].as_array().map_or(0, Vec::len);
    assert_eq!(count(get(&sb, "GetTransactions", "reference_no=r-1").await.json()), 2);
    assert_eq!(count(get(&sb, "GetTransactions", "user=shop-b").await.json()), 2);
    assert_eq!(count(get(&sb, "GetTransactions", "reference_no=r-1&user=shop-b").await.json()), 1);
    assert_eq!(count(get(&sb, "GetTransactions", "reference_no=r-1&offset=1&limit=1").await.json()), 1);
    assert_eq!(get(&sb, "GetTransactions", "reference_no=none").await.text(), "null");
}

#[tokio::test]
async fn request_kyc_is_recorded_and_unlocks_start_payment() {
    let sb = Sandbox::start().await.expect("start");
    let (ct, body) = multipart(&[("email", "payer@example.com"), ("locale", "en-GB")]);
    let r = post(&sb, "/api/v2/RequestKyc/", &ct, &body).await;
    assert_eq!((r.status, r.json()), (200, json!({"status": "ok"})));
    let r = post(&sb, "/api/v2/RequestKyc/", "application/x-www-form-urlencoded", "email=not-an-email").await;
    assert_eq!((r.status, r.json()["err_code"].clone()), (400, json!("invalidParameter")));
    assert_eq!(get(&sb, "RequestKyc", "").await.json()["err"], "Missing required parameter: email");
    let requests = sb.kyc_requests();
    assert_eq!(requests.len(), 1);
    assert_eq!((requests[0].email.as_str(), requests[0].locale.as_deref()), ("payer@example.com", Some("en-GB")));

    sb.require_kyc(true);
    let start = "pos_id=web&invoice_currency=EUR&invoice_amount=70.12&currency=LTC";
    let refused = |r: common::Resp| (r.status, r.json()["err_code"].as_str().unwrap_or("").to_string());
    assert_eq!(refused(start_payment(&sb, start).await), (200, "missingPayerData".into()));
    let other = format!("{start}&payer_email=other%40example.com");
    assert_eq!(refused(start_payment(&sb, &other).await), (200, "payerKYCNeeded".into()));
    let mine = format!("{start}&payer_email=payer%40example.com");
    assert_eq!(refused(start_payment(&sb, &mine).await), (200, "payerEmailVerificationCodeNeeded".into()));
    let wrong = if requests[0].pin == "000000" { "000001" } else { "000000" };
    let r = start_payment(&sb, &format!("{mine}&payer_kyc_pin={wrong}")).await;
    assert_eq!(refused(r), (200, "payerKYCNotVerified".into()));
    let r = start_payment(&sb, &format!("{mine}&payer_kyc_pin={}", requests[0].pin)).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.json().get("err").is_none());
    assert!(sb.payments().len() == 1);
    sb.reset();
    assert!(sb.kyc_requests().is_empty());
    assert_eq!(start_payment(&sb, start).await.status, 200, "reset turns the requirement off");
}

#[tokio::test]
async fn wallet_apps_are_listed_and_checked_per_currency() {
    let sb = Sandbox::start().await.expect("start");
    let apps = get(&sb, "GetWalletApps", "locale=en-GB").await.json();
    let apps = apps.as_array().expect("a bare array").clone();
    assert_eq!(apps.len(), 3);
    for app in &apps {
        let keys: Vec<&str> = app.as_object().expect("object").keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "image", "image_darkmode", "name"]);
        assert!(s(app, "image").starts_with(&format!("http://{}/", sb.addr())));
    }
    let metamask = apps.iter().find(|a| a["name"] == "Metamask").expect("metamask");
    let id = s(metamask, "id");
    let quote = |currency: &str| format!("pos_id=web&invoice_currency=EUR&invoice_amount=10&currency={currency}&wallet_app_id={id}");
    assert_eq!(get(&sb, "GetRate", &quote("ETH")).await.status, 200);
    let r = get(&sb, "GetRate", &quote("BTC")).await;
    assert_eq!((r.status, s(&r.json(), "err")), (400, "Unknown wallet_app_id for BTC"));
    let r = start_payment(&sb, &quote("BTC")).await;
    assert_eq!(r.status, 400);

    let mine = WalletApp { id: "w-1".into(), name: "Mine".into(), image: None, image_darkmode: None };
    sb.set_wallet_apps("BTC", vec![mine]).expect("set");
    let r = start_payment(&sb, "pos_id=web&invoice_currency=EUR&invoice_amount=10&currency=BTC&wallet_app_id=w-1").await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(sb.payment(s(&r.json(), "payment_id")).expect("p").wallet_app_id.as_deref(), Some("w-1"));
    let listed = get(&sb, "GetWalletApps", "").await.json();
    assert_eq!(listed[0], json!({"id": "w-1", "name": "Mine", "image": null, "image_darkmode": null}));
    assert!(sb.control("set_wallet_apps", &json!({"currency": "BTC", "apps": [{"id": "x"}]})).is_err());
    assert!(sb.control("set_wallet_apps", &json!({"currency": "BTC", "apps": []})).is_ok());
}

fn base64_of(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// Sends raw bytes and returns everything the server answered until it closed.
async fn raw(sb: &Sandbox, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(sb.addr()).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out).await;
    String::from_utf8_lossy(&out).into_owned()
}
