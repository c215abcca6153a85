//! The dashboard at `/sandbox/` over raw HTTP: the list and its filter, the forms (fault, clock,
//! reset, redelivery) and one payment's timeline and webhook deliveries.

mod common;

use std::time::Duration;

use common::{get, s, send_with, start_payment, Resp};
use forumpay_sandbox::{Decimal, Sandbox};

async fn page(sb: &Sandbox, target: &str) -> Resp {
    send_with(sb.addr(), "GET", target, &[], None)
        .await
        .expect("a response")
}

/// Posts a dashboard form as a browser does (same origin).
async fn post_form(sb: &Sandbox, path: &str, form: &str) -> Resp {
    let origin = format!("http://{}", sb.addr());
    send_with(
        sb.addr(),
        "POST",
        path,
        &[("Origin", &origin)],
        Some(("application/x-www-form-urlencoded", form)),
    )
    .await
    .expect("a response")
}

async fn started(sb: &Sandbox, reference: &str) -> String {
    let form = format!(
        "pos_id=web&invoice_currency=EUR&invoice_amount=10.00&currency=BTC&reference_no={reference}"
    );
    s(&start_payment(sb, &form).await.json(), "payment_id").to_string()
}

#[tokio::test]
async fn lists_and_filters_payments() {
    let sb = Sandbox::start().await.expect("start");
    let first = started(&sb, "order-a").await;
    let second = started(&sb, "order-b").await;
    let amount = sb
        .payment(&first)
        .map(|p| p.amount)
        .unwrap_or(Decimal::ZERO);
    sb.pay(&first, amount).expect("paid");

    let all = page(&sb, "/sandbox/").await;
    assert_eq!(all.status, 200);
    let html = all.text();
    assert!(html.contains(&first) && html.contains(&second));
    assert!(html.find(&second) < html.find(&first), "newest first");
    let processing = page(&sb, "/sandbox/?state=processing").await.text();
    assert!(processing.contains(&first) && !processing.contains(&second));
    let by_text = page(&sb, "/sandbox/?q=ORDER-B").await.text();
    assert!(by_text.contains(&second) && !by_text.contains(&first));
    assert!(page(&sb, "/sandbox/?q=nothing-like-it")
        .await
        .text()
        .contains("No payment matches."));
}

#[tokio::test]
async fn forms_arm_faults_advance_the_clock_and_reset() {
    let sb = Sandbox::start().await.expect("start");
    let armed = post_form(
        &sb,
        "/sandbox/ui/fault",
        "route=Ping&kind=status&status=503&retry_after=1&times=2",
    )
    .await;
    assert_eq!(armed.status, 303);
    assert_eq!(armed.header("location"), Some("/sandbox/?done=fault"));
    let html = page(&sb, "/sandbox/?done=fault").await.text();
    assert!(html.contains("Fault armed.") && html.contains("HTTP 503, Retry-After 1 s"));
    assert_eq!(get(&sb, "Ping", "").await.status, 503);

    let refused = post_form(&sb, "/sandbox/ui/fault", "route=Ping&kind=status&status=42").await;
    assert_eq!(refused.status, 400);
    assert!(refused
        .text()
        .contains("status must be between 200 and 599"));

    assert_eq!(
        post_form(&sb, "/sandbox/ui/faults-clear", "").await.status,
        303
    );
    assert_eq!(get(&sb, "Ping", "").await.status, 200, "disarmed");

    let id = started(&sb, "order-c").await;
    assert_eq!(
        post_form(&sb, "/sandbox/ui/clock", "seconds=1800")
            .await
            .status,
        303
    );
    assert_eq!(
        sb.payment(&id).map(|p| p.state),
        Some("cancelled".to_string())
    );
    assert!(page(&sb, "/sandbox/")
        .await
        .text()
        .contains("30 min ahead of real time"));
    assert_eq!(
        post_form(&sb, "/sandbox/ui/clock", "seconds=0")
            .await
            .status,
        400
    );

    assert_eq!(post_form(&sb, "/sandbox/ui/reset", "").await.status, 303);
    assert!(sb.payments().is_empty());
    assert!(page(&sb, "/sandbox/")
        .await
        .text()
        .contains("the same as real time"));
    assert_eq!(post_form(&sb, "/sandbox/ui/nothing", "").await.status, 404);
}

#[tokio::test]
async fn a_payment_shows_its_timeline_and_webhooks_and_redelivers() {
    let sb = Sandbox::start().await.expect("start");
    sb.set_webhook_url(Some(&sb.webhook_sink_url()));
    sb.fail_webhook_sink(1, 500).expect("armed");
    let id = started(&sb, "order-d").await;
    let amount = sb.payment(&id).map(|p| p.amount).unwrap_or(Decimal::ZERO);
    sb.pay(&id, amount).expect("paid");
    sb.flush_webhooks_async(Duration::from_secs(10))
        .await
        .expect("flushed");

    let detail = page(&sb, &format!("/sandbox/ui/payment?id={id}")).await;
    assert_eq!(detail.status, 200);
    let html = detail.text();
    assert!(html.contains("StartPayment") && html.contains("(test code)"));
    assert!(
        html.contains("delivered (200)"),
        "the second attempt got through"
    );
    assert!(
        html.contains("2 <span class=\"muted\">(1: 500, 2: 200)</span>"),
        "{html}"
    );
    assert!(html.contains("/pay/"), "links the payment page");

    let again = post_form(
        &sb,
        "/sandbox/ui/redeliver",
        &format!("notification=1&payment_id={id}"),
    )
    .await;
    assert_eq!(again.status, 303);
    sb.flush_webhooks_async(Duration::from_secs(10))
        .await
        .expect("flushed");
    assert_eq!(sb.received_webhooks().len(), 2);
    let missing = post_form(
        &sb,
        "/sandbox/ui/redeliver",
        &format!("notification=99&payment_id={id}"),
    )
    .await;
    assert_eq!(missing.status, 404);
    assert_eq!(page(&sb, "/sandbox/ui/payment?id=nope").await.status, 404);

    let timeline = common::control(&sb, "GET", &format!("/sandbox/payments/{id}/timeline"), "")
        .await
        .json();
    assert_eq!(timeline.as_array().map(Vec::len), Some(2));
    assert_eq!(s(&timeline[1], "state"), "processing");
}
