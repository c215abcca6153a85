//! Every fault kind, as a client sees it on the wire.

mod common;

use std::time::{Duration, Instant};

use common::{get, send, start_payment};
use forumpay_sandbox::{Fault, Sandbox};

const START: &str = "pos_id=web&invoice_currency=EUR&invoice_amount=10&currency=LTC";

#[tokio::test]
async fn status_fault_with_retry_after_then_recovers() {
    let sb = Sandbox::start().await.expect("start");
    sb.inject_fault(
        "Ping",
        Fault::Status {
            status: 503,
            body: None,
            retry_after: Some(7),
        },
        2,
    );
    for _ in 0..2 {
        let r = get(&sb, "Ping", "").await;
        assert_eq!((r.status, r.header("retry-after")), (503, Some("7")));
        assert_eq!(r.text(), r#"{"err":"Injected fault"}"#);
        assert!(r.header("cf-ray").is_some());
    }
    assert_eq!(get(&sb, "Ping", "").await.status, 200);
    sb.inject_fault(
        "*",
        Fault::Status {
            status: 429,
            body: Some("slow down".into()),
            retry_after: None,
        },
        1,
    );
    // Faults come before auth: even an unauthenticated request sees them.
    let r = send(sb.addr(), "GET", "/api/v2/GetTransactions/", None, None)
        .await
        .expect("response");
    assert_eq!((r.status, r.text()), (429, "slow down".to_string()));
    assert_eq!(sb.request_count("Ping"), 3);
    assert_eq!(sb.request_count("*"), 4);
}

#[tokio::test]
async fn delay_fault_waits_then_answers() {
    let sb = Sandbox::start().await.expect("start");
    sb.inject_fault("Ping", Fault::Delay { millis: 60 }, 1);
    let began = Instant::now();
    assert_eq!(get(&sb, "Ping", "").await.status, 200);
    assert!(began.elapsed() >= Duration::from_millis(60));
}

#[tokio::test]
async fn drop_happens_before_acting_and_drop_after_after() {
    let sb = Sandbox::start().await.expect("start");
    let auth = Some((sb.api_user(), sb.api_secret()));
    let form = Some(("application/x-www-form-urlencoded", START));
    sb.inject_fault("StartPayment", Fault::Drop, 1);
    assert!(send(sb.addr(), "POST", "/api/v2/StartPayment/", auth, form)
        .await
        .is_none());
    assert!(sb.payments().is_empty());
    sb.inject_fault("StartPayment", Fault::DropAfter, 1);
    assert!(send(sb.addr(), "POST", "/api/v2/StartPayment/", auth, form)
        .await
        .is_none());
    assert_eq!(sb.payments().len(), 1);
    assert_eq!(start_payment(&sb, START).await.status, 200);
    assert_eq!(sb.request_count("StartPayment"), 3);
}

#[tokio::test]
async fn not_json_truncated_and_err_body() {
    let sb = Sandbox::start().await.expect("start");
    sb.inject_fault("Ping", Fault::NotJson, 1);
    let r = get(&sb, "Ping", "").await;
    assert_eq!(
        (r.status, r.header("content-type")),
        (200, Some("text/html"))
    );
    assert_eq!(r.text(), "<html><body>502 Bad Gateway</body></html>");

    sb.inject_fault("StartPayment", Fault::Truncated, 1);
    let r = start_payment(&sb, START).await;
    let declared: usize = r
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .expect("content-length");
    assert_eq!(r.status, 200);
    assert_eq!(r.body.len(), declared / 2);
    assert!(serde_json::from_slice::<serde_json::Value>(&r.body).is_err());
    assert_eq!(sb.payments().len(), 1, "Truncated acts before answering");

    sb.inject_fault(
        "GetRate",
        Fault::ErrBody {
            err: "KYC needed".into(),
            err_code: Some("payerKYCNeeded".into()),
        },
        1,
    );
    let r = get(&sb, "GetRate", "").await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        serde_json::json!({"err": "KYC needed", "err_code": "payerKYCNeeded"})
    );
    sb.inject_fault(
        "GetRate",
        Fault::ErrBody {
            err: "plain".into(),
            err_code: None,
        },
        1,
    );
    assert_eq!(get(&sb, "GetRate", "").await.text(), r#"{"err":"plain"}"#);
}
