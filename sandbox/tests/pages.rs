//! The customer's payment page (`/pay`), QR images (`/qr/`) and the access rules of `/sandbox/`,
//! over raw HTTP. The browser itself is tested by `make test-browser`.

mod common;

use std::time::Duration;

use common::{s, send_with, start_payment, Resp};
use forumpay_sandbox::{Sandbox, SandboxOptions};
use serde_json::Value;

/// A BTC payment for 48.25 EUR: (payment JSON, access token).
async fn btc_payment(sb: &Sandbox, extra: &str) -> (Value, String) {
    let form = format!("pos_id=web&invoice_currency=EUR&invoice_amount=48.25&currency=BTC{extra}");
    let st = start_payment(sb, &form).await.json();
    let token = s(&st, "access_token").to_string();
    (st, token)
}

async fn get(sb: &Sandbox, target: &str) -> Resp {
    send_with(sb.addr(), "GET", target, &[], None)
        .await
        .expect("a response")
}

/// A test action as the page's script sends it.
async fn act(sb: &Sandbox, token: &str, form: &str) -> Resp {
    send_with(
        sb.addr(),
        "POST",
        &format!("/pay/{token}/act"),
        &[("Accept", "application/json")],
        Some(("application/x-www-form-urlencoded", form)),
    )
    .await
    .expect("a response")
}

fn state_of(resp: &Resp) -> String {
    s(&resp.json()["state"], "state").to_string()
}

#[tokio::test]
async fn the_access_url_leads_to_a_page_of_the_payment() {
    let sb = Sandbox::start().await.expect("start");
    let (st, token) = btc_payment(&sb, "&reference_no=order-%3Cb%3E1").await;
    let access_url = s(&st, "access_url");
    let path = access_url
        .strip_prefix(&format!("http://{}", sb.addr()))
        .expect("the access_url names this sandbox");
    assert!(
        path.starts_with("/pay?") && path.ends_with(&format!("${token}$")),
        "{path}"
    );

    let landing = get(&sb, path.split('#').next().unwrap_or_default()).await;
    assert_eq!(landing.status, 200);
    assert!(landing.text().contains("/assets/landing.js"));
    let csp = landing
        .header("content-security-policy")
        .unwrap_or_default();
    assert!(csp.contains("script-src 'self'"), "{csp}");

    let page = get(&sb, &format!("/pay/{token}")).await;
    assert_eq!(page.status, 200);
    let html = page.text();
    for expected in [
        s(&st, "address"),
        s(&st, "amount"),
        "48.25",
        "data-state=\"waiting\"",
        "Emulator",
        "order-&#60;b&#62;1",
    ] {
        assert!(html.contains(expected), "{expected} missing from the page");
    }
    assert!(!html.contains("<b>1"), "reference_no is escaped");

    let state = get(&sb, &format!("/pay/{token}/state")).await.json();
    assert_eq!(s(&state, "state"), "waiting");
    assert_eq!(s(&state, "due"), s(&st, "amount"));
    assert!(state["seconds_left"]
        .as_u64()
        .is_some_and(|left| left > 1790));

    let qr = get(&sb, s(&state, "qr_src")).await;
    assert_eq!(qr.header("content-type"), Some("image/svg+xml"));
    assert!(qr.text().starts_with("<?xml") && qr.text().contains("<path"));
    // The qr_img URL StartPayment hands out is served too.
    let qr_img = s(&st, "qr_img").replace(&format!("http://{}", sb.addr()), "");
    assert_eq!(get(&sb, &qr_img).await.status, 200);
    assert_eq!(get(&sb, "/qr/").await.status, 400);

    assert_eq!(get(&sb, "/pay/unknown-token").await.status, 404);
    assert_eq!(get(&sb, "/pay/unknown-token/state").await.status, 404);
    assert_eq!(get(&sb, "/assets/sandbox.css").await.status, 200);
    assert_eq!(get(&sb, "/assets/nothing.js").await.status, 404);
    assert_eq!(get(&sb, "/favicon.ico").await.status, 404);
}

#[tokio::test]
async fn page_actions_move_the_payment_and_send_webhooks() {
    let sb = Sandbox::start().await.expect("start");
    sb.set_webhook_url(Some(&sb.webhook_sink_url()));
    let (st, token) = btc_payment(&sb, "").await;
    let id = s(&st, "payment_id").to_string();

    let short = act(&sb, &token, "action=pay_short").await;
    assert_eq!(
        (short.status, state_of(&short)),
        (200, "underpayment".to_string())
    );
    let paid_half = sb.payment(&id).map(|p| p.paid.to_string());
    let state = short.json()["state"].clone();
    assert_eq!(paid_half.as_deref(), Some(s(&state, "paid")));

    let exact = act(&sb, &token, "action=pay_exact").await;
    assert_eq!(
        state_of(&exact),
        "processing",
        "the exact action pays what is missing"
    );
    assert!(exact.json()["state"]["exact"].is_null());
    let refused = act(&sb, &token, "action=pay_exact").await;
    assert_eq!(
        (refused.status, refused.json()["ok"].clone()),
        (409, Value::Bool(false))
    );

    let confirmed = act(&sb, &token, "action=confirm").await;
    assert_eq!(state_of(&confirmed), "confirmed");
    let block = act(&sb, &token, "action=block").await;
    assert_eq!(block.status, 409, "a confirmed payment cannot be blocked");
    assert_eq!(act(&sb, &token, "action=explode").await.status, 400);

    sb.flush_webhooks_async(Duration::from_secs(10))
        .await
        .expect("flushed");
    assert_eq!(
        sb.received_webhooks().len(),
        3,
        "underpayment, processing, confirmed"
    );

    let timeline = sb.timeline(&id).expect("a timeline");
    let causes: Vec<(&str, &str)> = timeline
        .iter()
        .map(|e| (e.state.as_str(), e.cause.as_str()))
        .collect();
    assert_eq!(causes[0], ("waiting", "StartPayment"));
    assert!(causes[1].0 == "underpayment" && causes[1].1.ends_with("BTC (payment page)"));
    assert_eq!(causes[3], ("confirmed", "1 confirmation (payment page)"));
    assert_eq!(causes.len(), 4);
}

#[tokio::test]
async fn without_javascript_actions_are_forms_answered_with_a_redirect() {
    let sb = Sandbox::start().await.expect("start");
    let (_, token) = btc_payment(&sb, "").await;
    let form = send_with(
        sb.addr(),
        "POST",
        &format!("/pay/{token}/act"),
        &[],
        Some(("application/x-www-form-urlencoded", "action=pay_over")),
    )
    .await
    .expect("a response");
    assert_eq!(form.status, 303);
    let location = form.header("location").unwrap_or_default().to_string();
    assert_eq!(location, format!("/pay/{token}?done=pay_over"));
    let page = get(&sb, &location).await.text();
    assert!(page.contains("The wallet sent more than was due."));
    assert!(page.contains("data-state=\"processing\""));
}

#[tokio::test]
async fn the_customer_cancels_with_a_reason_of_the_api() {
    let sb = Sandbox::start().await.expect("start");
    let (st, token) = btc_payment(&sb, "").await;
    let bad = act(&sb, &token, "action=cancel&reason=bored").await;
    assert_eq!(bad.status, 400);
    let cancelled = act(&sb, &token, "action=cancel&reason=bad_rate").await;
    assert_eq!(state_of(&cancelled), "cancelled");
    let snapshot = sb.payment(s(&st, "payment_id")).expect("payment");
    assert_eq!(snapshot.reason.as_deref(), Some("bad_rate"));
    assert_eq!(snapshot.comment, None);
}

#[tokio::test]
async fn expiry_is_on_the_timeline_at_its_deadline() {
    let sb = Sandbox::start().await.expect("start");
    let (st, token) = btc_payment(&sb, "").await;
    let id = s(&st, "payment_id");
    sb.advance_clock(7200);
    let state = get(&sb, &format!("/pay/{token}/state")).await.json();
    assert_eq!(s(&state, "state"), "cancelled");
    let timeline = sb.timeline(id).expect("a timeline");
    let last = timeline.last().expect("an event");
    assert_eq!(last.cause, "expired unpaid");
    let snapshot = sb.payment(id).expect("payment");
    assert_eq!(Some(last.at.clone()), snapshot.cancelled_time);
    assert_eq!(sb.timeline("nope"), None);
}

#[tokio::test]
async fn pages_are_not_api_routes_for_faults_and_counts() {
    let sb = Sandbox::start().await.expect("start");
    let (_, token) = btc_payment(&sb, "").await;
    sb.inject_fault("*", forumpay_sandbox::Fault::Drop, 10);
    let before = sb.request_count("*");
    assert_eq!(get(&sb, &format!("/pay/{token}")).await.status, 200);
    assert_eq!(get(&sb, "/pay").await.status, 200);
    assert_eq!(get(&sb, "/sandbox/").await.status, 200);
    assert_eq!(get(&sb, "/favicon.ico").await.status, 404);
    assert_eq!(sb.request_count("*"), before);
}

#[tokio::test]
async fn the_control_paths_answer_this_machine_only_unless_opened() {
    let sb = Sandbox::start_background(SandboxOptions::default()).expect("start");
    assert_eq!(sb.dashboard_url(), format!("http://{}/sandbox/", sb.addr()));
    let with_host = |host: &'static str, path: &'static str| {
        let addr = sb.addr();
        async move {
            send_with(addr, "GET", path, &[("Host", host)], None)
                .await
                .expect("a response")
        }
    };
    for path in ["/sandbox/", "/sandbox/payments"] {
        let rebound = with_host("evil.example:8080", path).await;
        assert_eq!(rebound.status, 403, "{path}");
        assert_eq!(s(&rebound.json(), "code"), "forbidden");
        assert_eq!(with_host("localhost", path).await.status, 200, "{path}");
    }
    // The payment pages and the API answer whatever the Host.
    assert_eq!(with_host("shop.example", "/pay").await.status, 200);

    let cross_site = send_with(
        sb.addr(),
        "POST",
        "/sandbox/ui/reset",
        &[("Origin", "http://evil.example")],
        None,
    )
    .await
    .expect("a response");
    assert_eq!(cross_site.status, 403);

    sb.set_remote_control(true);
    assert_eq!(
        with_host("evil.example:8080", "/sandbox/").await.status,
        200
    );
    let still_cross_site = send_with(
        sb.addr(),
        "POST",
        "/sandbox/reset",
        &[("Origin", "http://evil.example")],
        None,
    )
    .await
    .expect("a response");
    assert_eq!(
        still_cross_site.status, 403,
        "remote control does not allow other sites"
    );
}
