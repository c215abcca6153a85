//! Ping's webhook test and the webhook routes of the `/sandbox/` control API.

mod common;

use std::time::Duration;

use common::{control, get, s, started};
use forumpay_sandbox::{Sandbox, SandboxError};
use serde_json::{json, Value};

fn encoded(url: &str) -> String {
    form_urlencoded::byte_serialize(url.as_bytes()).collect()
}

/// `webhook_response` of a Ping with `webhook_url` (and the query's other parameters).
async fn ping(sb: &Sandbox, url: &str, extra: &str) -> Value {
    let resp = get(sb, "Ping", &format!("webhook_url={}{extra}", encoded(url))).await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    let body = resp.json();
    assert_eq!(body["result"], "pong");
    body["webhook_response"].clone()
}

/// `duration` is seconds as text with three decimals.
fn assert_duration(response: &Value) {
    let text = s(response, "duration");
    let ok = text
        .split_once('.')
        .is_some_and(|(_, frac)| frac.len() == 3)
        && text.parse::<f64>().is_ok();
    assert!(ok, "{response}");
}

#[tokio::test]
async fn ping_reports_the_webhook_answer() {
    let sb = Sandbox::start().await.expect("start");
    let sink = sb.webhook_sink_url();
    let ok = ping(&sb, &sink, "&pos_id=web").await;
    assert_duration(&ok);
    let mut ok_rest = ok.clone();
    ok_rest["duration"] = Value::Null;
    assert_eq!(
        ok_rest,
        json!({"status": "OK", "duration": null, "webhook_url": sink,
               "response_code": 200, "response_body": "{\"ok\":true}"})
    );
    let _ = ping(&sb, &sink, "").await;
    assert_eq!(
        sb.received_webhooks(),
        vec![
            r#"{"webhook_test":true,"pos_id":"web"}"#.to_string(),
            r#"{"webhook_test":true}"#.to_string()
        ]
    );

    sb.fail_webhook_sink(1, 503).expect("arm");
    let refused = ping(&sb, &sink, "").await;
    assert_eq!(
        (s(&refused, "status"), refused["response_code"].clone()),
        ("FAILED", json!(503))
    );
    assert!(s(&refused, "response_body").contains("injected webhook sink failure"));

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let dead = format!("http://127.0.0.1:{port}/hook");
    let unreachable = ping(&sb, &dead, "").await;
    assert_duration(&unreachable);
    assert_eq!(
        (
            s(&unreachable, "status"),
            s(&unreachable, "webhook_url"),
            unreachable["response_code"].clone(),
            unreachable["response_body"].clone()
        ),
        ("FAILED", dead.as_str(), Value::Null, Value::Null)
    );
    let invalid = ping(&sb, "ftp://x/", "").await;
    assert_eq!(s(&invalid, "status"), "FAILED");
    // A Ping is not a payment notification.
    assert!(sb.webhook_deliveries().is_empty());
}

#[tokio::test]
async fn ping_gives_up_on_a_silent_receiver_after_two_seconds() {
    let sb = Sandbox::start().await.expect("start");
    // Accepts connections (the kernel's backlog) and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hook", silent.local_addr().expect("addr"));
    let response = ping(&sb, &url, "").await;
    assert_eq!(
        (s(&response, "status"), response["response_code"].clone()),
        ("FAILED", Value::Null)
    );
    let seconds: f64 = s(&response, "duration").parse().expect("duration");
    assert!((2.0..3.0).contains(&seconds), "{response}");
}

#[tokio::test]
async fn control_routes_drive_webhooks() {
    let sb = Sandbox::start().await.expect("start");
    let sink = sb.webhook_sink_url();
    let set = control(
        &sb,
        "POST",
        "/sandbox/webhook-url",
        &json!({ "url": sink }).to_string(),
    )
    .await;
    assert_eq!(set.status, 200, "{}", set.text());
    let read = control(&sb, "GET", "/sandbox/webhook-url", "").await.json();
    assert_eq!(read, json!({ "url": sink }));

    let id = started(&sb, "").await.id;
    let fail = control(
        &sb,
        "POST",
        "/sandbox/webhook-sink/fail",
        r#"{"times":1,"status":502}"#,
    )
    .await;
    assert_eq!(fail.status, 200, "{}", fail.text());
    let pay = format!(r#"{{"payment_id":"{id}","amount":"1.0001"}}"#);
    assert_eq!(control(&sb, "POST", "/sandbox/pay", &pay).await.status, 200);
    let flushed = control(
        &sb,
        "POST",
        "/sandbox/webhook-flush",
        r#"{"timeout_ms":10000}"#,
    )
    .await;
    assert_eq!(flushed.status, 200, "{}", flushed.text());

    let deliveries = control(&sb, "GET", "/sandbox/webhook-deliveries", "")
        .await
        .json();
    let attempts: Vec<_> = deliveries
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["attempt"].clone(),
                d["status"].clone(),
                d["outcome"].clone(),
                d["delivered"].clone(),
            )
        })
        .collect();
    assert_eq!(
        attempts,
        vec![
            (json!(1), json!(502), json!("502"), json!(false)),
            (json!(2), json!(200), json!("200"), json!(true)),
        ]
    );
    assert_eq!(deliveries[0]["url"], json!(sink));
    let received = control(&sb, "GET", "/sandbox/webhook-sink", "")
        .await
        .json();
    assert_eq!(received, json!([deliveries[1]["body"].clone()]));

    // The sink takes any body, JSON or not.
    let raw = control(&sb, "POST", "/sandbox/webhook-sink", "not json").await;
    assert_eq!(raw.status, 200);
    assert_eq!(
        sb.received_webhooks().last().map(String::as_str),
        Some("not json")
    );

    let bad = control(
        &sb,
        "POST",
        "/sandbox/webhook-sink/fail",
        r#"{"status":200}"#,
    )
    .await;
    assert_eq!(
        (bad.status, s(&bad.json(), "code")),
        (400, "invalid_argument")
    );

    // Flush timing out, through the route and through the handle.
    control(&sb, "POST", "/sandbox/webhook-sink/fail", r#"{"times":5}"#).await;
    let confirm = format!(r#"{{"payment_id":"{id}","confirmations":3}}"#);
    assert_eq!(
        control(&sb, "POST", "/sandbox/confirm", &confirm)
            .await
            .status,
        200
    );
    let late = control(
        &sb,
        "POST",
        "/sandbox/webhook-flush",
        r#"{"timeout_ms":10}"#,
    )
    .await;
    assert_eq!((late.status, s(&late.json(), "code")), (504, "timeout"));
    // Blocking this test's own runtime would stop the deliveries: refused.
    assert!(matches!(
        sb.flush_webhooks(Duration::from_secs(5)),
        Err(SandboxError::InvalidState(_))
    ));
    sb.flush_webhooks_async(Duration::from_secs(10))
        .await
        .expect("flush");
    assert_eq!(sb.webhook_deliveries().len(), 7);

    let reset = control(&sb, "POST", "/sandbox/reset", "").await;
    assert_eq!(reset.status, 200);
    let after = control(&sb, "GET", "/sandbox/webhook-deliveries", "")
        .await
        .json();
    assert_eq!(after, json!([]));
    assert_eq!(
        control(&sb, "GET", "/sandbox/webhook-sink", "")
            .await
            .json(),
        json!([])
    );
    assert_eq!(
        control(&sb, "GET", "/sandbox/webhook-url", "").await.json(),
        json!({ "url": null })
    );
}
