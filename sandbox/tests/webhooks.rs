//! Webhook notifications: what is sent, when, where, retries, give-up, flush and reset.

mod common;

use std::time::Duration;

use common::{get, started, Started};
use forumpay_sandbox::{Decimal, Sandbox, SandboxError, SandboxOptions, WebhookDelivery};

/// Generous bound for flushes that must succeed (the longest give-up takes about 1.5 s).
const FLUSH: Duration = Duration::from_secs(10);

fn background() -> Sandbox {
    Sandbox::start_background(SandboxOptions::default()).expect("start")
}

/// A background sandbox whose default webhook URL is its own sink.
fn with_sink() -> Sandbox {
    let sb = background();
    sb.set_webhook_url(Some(&sb.webhook_sink_url()));
    sb
}

/// A sink sandbox whose sink refuses the next `times` requests, and a payment just paid.
async fn paid_into_failing_sink(times: u32, status: u16) -> (Sandbox, Started) {
    let sb = with_sink();
    sb.fail_webhook_sink(times, status).expect("arm");
    let p = started(&sb, "").await;
    sb.pay(&p.id, p.amount).expect("pay");
    (sb, p)
}

/// `&webhook_url=<url>`, form-encoded.
fn hook_param(url: &str) -> String {
    format!(
        "&webhook_url={}",
        form_urlencoded::byte_serialize(url.as_bytes()).collect::<String>()
    )
}

/// The live body for `p` with `reference_no` (JSON text, `null` when absent).
fn body(p: &Started, reference_no: &str) -> String {
    format!(
        r#"{{"pos_id":"web","payment_id":"{}","address":"{}","currency":"LTC","reference_no":{reference_no}}}"#,
        p.id, p.address
    )
}

fn attempts(deliveries: &[WebhookDelivery]) -> Vec<(u32, String, bool)> {
    deliveries
        .iter()
        .map(|d| (d.attempt, d.outcome.clone(), d.delivered))
        .collect()
}

#[tokio::test]
async fn every_change_notifies_with_the_live_body() {
    let sb = background();
    let sink = sb.webhook_sink_url();
    sb.set_webhook_url(Some(&sink));
    assert_eq!(sb.webhook_url(), Some(sink.clone()));

    let paid = started(&sb, "&reference_no=order-7").await;
    sb.pay(&paid.id, paid.amount).expect("pay");
    sb.add_confirmations(&paid.id, 3).expect("confirm");
    let expired = started(&sb, "").await;
    let cancelled = started(&sb, "&reference_no=order-9").await;
    let query = format!(
        "pos_id=web&payment_id={}&currency=LTC&address={}",
        cancelled.id, cancelled.address
    );
    assert_eq!(get(&sb, "CancelPayment", &query).await.status, 200);
    sb.advance_clock(1801);
    // Reads and refused changes are not changes.
    assert_eq!(get(&sb, "CheckPayment", &query).await.status, 200);
    assert!(sb.pay(&paid.id, Decimal::ZERO).is_err());
    sb.flush_webhooks(FLUSH).expect("flush");

    // Payments are delivered in parallel: compare in a fixed order.
    let mut expected = vec![
        body(&paid, r#""order-7""#),
        body(&paid, r#""order-7""#),
        body(&cancelled, r#""order-9""#),
        body(&expired, "null"),
    ];
    expected.sort();
    let mut received = sb.received_webhooks();
    received.sort();
    assert_eq!(received, expected);
    let deliveries = sb.webhook_deliveries();
    let mut sent: Vec<_> = deliveries.iter().map(|d| d.body.clone()).collect();
    sent.sort();
    assert_eq!(sent, expected);
    for d in &deliveries {
        assert_eq!(
            (
                d.url.as_str(),
                d.attempt,
                d.status,
                d.outcome.as_str(),
                d.delivered
            ),
            (sink.as_str(), 1, Some(200), "200", true)
        );
    }
    assert!(deliveries.iter().any(|d| d.payment_id == paid.id));
}

#[tokio::test]
async fn retries_until_the_sink_accepts() {
    let (sb, p) = paid_into_failing_sink(2, 503).await;
    sb.flush_webhooks(FLUSH).expect("flush");
    assert_eq!(
        attempts(&sb.webhook_deliveries()),
        vec![
            (1, "503".to_string(), false),
            (2, "503".to_string(), false),
            (3, "200".to_string(), true),
        ]
    );
    assert_eq!(sb.received_webhooks(), vec![body(&p, "null")]);
}

#[tokio::test]
async fn gives_up_after_five_attempts_and_flush_can_time_out() {
    let (sb, p) = paid_into_failing_sink(5, 500).await;
    // Backoffs alone take 1.5 s.
    let early = sb.flush_webhooks(Duration::from_millis(50));
    assert!(
        matches!(&early, Err(e @ SandboxError::Timeout(_)) if e.code() == "timeout"),
        "{early:?}"
    );
    sb.flush_webhooks(FLUSH).expect("flush");
    let given_up: Vec<_> = (1..=5).map(|n| (n, "500".to_string(), false)).collect();
    assert_eq!(attempts(&sb.webhook_deliveries()), given_up);
    assert!(sb.received_webhooks().is_empty());

    // The next change is delivered again.
    sb.add_confirmations(&p.id, 3).expect("confirm");
    sb.flush_webhooks(FLUSH).expect("flush");
    let last = sb
        .webhook_deliveries()
        .pop()
        .map(|d| (d.attempt, d.delivered));
    assert_eq!(last, Some((1, true)));
    assert_eq!(sb.received_webhooks().len(), 1);
}

#[tokio::test]
async fn the_payment_url_beats_the_default() {
    let sb = background();
    let own = format!("{}?to=own", sb.webhook_sink_url());
    let default = format!("{}?to=default", sb.webhook_sink_url());
    sb.set_webhook_url(Some(&default));
    let mine = started(&sb, &hook_param(&own)).await;
    let other = started(&sb, "").await;
    sb.pay(&mine.id, mine.amount).expect("pay");
    sb.pay(&other.id, other.amount).expect("pay");
    sb.set_webhook_url(None);
    let silent = started(&sb, "").await;
    sb.pay(&silent.id, silent.amount).expect("pay");
    sb.flush_webhooks(FLUSH).expect("flush");
    let mut urls: Vec<_> = sb
        .webhook_deliveries()
        .into_iter()
        .map(|d| (d.payment_id, d.url))
        .collect();
    urls.sort();
    let mut expected = vec![(mine.id, own), (other.id, default)];
    expected.sort();
    assert_eq!(urls, expected);
    assert_eq!(sb.received_webhooks().len(), 2);
}

#[tokio::test]
async fn invalid_urls_are_recorded_as_failed() {
    let sb = background();
    for url in ["not a url", "https://127.0.0.1:1/hook", "http://"] {
        let p = started(&sb, &hook_param(url)).await;
        sb.pay(&p.id, p.amount).expect("pay");
    }
    sb.flush_webhooks(FLUSH).expect("flush");
    let deliveries = sb.webhook_deliveries();
    assert_eq!(deliveries.len(), 3, "{deliveries:?}");
    for d in &deliveries {
        assert!(
            d.attempt == 1
                && !d.delivered
                && d.status.is_none()
                && d.outcome.starts_with("invalid webhook URL"),
            "{d:?}"
        );
    }
}

#[tokio::test]
async fn unreachable_receivers_are_retried_then_given_up() {
    let sb = background();
    let port = free_port();
    sb.set_webhook_url(Some(&format!("http://127.0.0.1:{port}/hook")));
    let p = started(&sb, "").await;
    sb.block(&p.id, None).expect("block");
    sb.flush_webhooks(FLUSH).expect("flush");
    let deliveries = sb.webhook_deliveries();
    assert_eq!(deliveries.len(), 5, "{deliveries:?}");
    assert!(deliveries
        .iter()
        .all(|d| !d.delivered && d.status.is_none() && d.outcome.contains("cannot connect")));
}

#[tokio::test]
async fn reset_clears_records_and_cancels_deliveries() {
    let sb = with_sink();
    let p = started(&sb, "").await;
    sb.pay(&p.id, p.amount).expect("pay");
    sb.flush_webhooks(FLUSH).expect("flush");
    assert_eq!(sb.webhook_deliveries().len(), 1);
    assert_eq!(sb.received_webhooks().len(), 1);

    // A delivery in its retries is cancelled at once (its backoffs alone would take 1.5 s).
    // (An unreachable receiver: a request already on the wire could still reach the sink.)
    sb.fail_webhook_sink(5, 500).expect("arm");
    sb.set_webhook_url(Some(&format!("http://127.0.0.1:{}/hook", free_port())));
    sb.add_confirmations(&p.id, 3).expect("confirm");
    sb.reset();
    sb.flush_webhooks(Duration::from_millis(1000))
        .expect("cancelled");
    assert!(sb.webhook_deliveries().is_empty());
    assert!(sb.received_webhooks().is_empty());
    assert_eq!(sb.webhook_url(), None);

    // The sink's armed failures are gone too.
    sb.set_webhook_url(Some(&sb.webhook_sink_url()));
    let q = started(&sb, "").await;
    sb.pay(&q.id, q.amount).expect("pay");
    sb.flush_webhooks(FLUSH).expect("flush");
    assert_eq!(
        attempts(&sb.webhook_deliveries()),
        vec![(1, "200".to_string(), true)]
    );
}

/// A loopback port nothing listens on.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}
