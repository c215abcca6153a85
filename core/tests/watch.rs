//! The watcher against the emulator: driven by the updates themselves, so no test sleeps.

use forumpay::{Client, Config, ErrorCode, PaymentRef, PaymentState, StartPayment, TransitionKind, WatchOptions};
use forumpay_sandbox::{Fault, Sandbox};
use std::time::Duration;

async fn setup() -> (Sandbox, Client, forumpay::StartedPayment) {
    let sandbox = Sandbox::start().await.unwrap();
    let config = Config::builder(sandbox.api_user(), sandbox.api_secret())
        .base_url(sandbox.base_url())
        .pos_id("web")
        .retry_base_delay(Duration::from_millis(1))
        .retry_max_delay(Duration::from_millis(5))
        .build()
        .unwrap();
    let client = Client::new(config).unwrap();
    let amount = forumpay::parse_amount("a", "48.25").unwrap();
    let payment = client.start_payment(StartPayment::new("EUR", amount, "BTC")).await.unwrap();
    (sandbox, client, payment)
}

fn fast() -> WatchOptions {
    WatchOptions::default().interval(forumpay::MIN_POLL_INTERVAL).timeout(Duration::from_secs(10))
}

#[tokio::test]
async fn reports_each_change_until_confirmed() {
    let (sandbox, client, payment) = setup().await;
    let mut watcher = client.watch_payment(payment.payment_ref(), fast()).unwrap();
    let mut seen = Vec::new();
    while let Some(update) = watcher.next().await.unwrap() {
        seen.push((update.previous.clone(), update.state.clone(), update.transition));
        match update.state {
            PaymentState::Waiting => drop(sandbox.pay(&payment.payment_id, payment.amount).unwrap()),
            PaymentState::Processing => drop(sandbox.add_confirmations(&payment.payment_id, 1).unwrap()),
            _ => {}
        }
    }
    assert_eq!(
        seen,
        vec![
            (None, PaymentState::Waiting, TransitionKind::Listed),
            (Some(PaymentState::Waiting), PaymentState::Processing, TransitionKind::Listed),
            (Some(PaymentState::Processing), PaymentState::Confirmed, TransitionKind::Listed),
        ]
    );
    assert!(watcher.next().await.unwrap().is_none(), "a settled watch stays over");
}

#[tokio::test]
async fn unlisted_transitions_are_reported_not_refused() {
    let (sandbox, client, payment) = setup().await;
    let mut watcher = client.watch_payment(payment.payment_ref(), fast()).unwrap();
    assert_eq!(watcher.next().await.unwrap().unwrap().state, PaymentState::Waiting);
    sandbox.block(&payment.payment_id, Some("high")).unwrap();
    let update = watcher.next().await.unwrap().unwrap();
    assert_eq!(update.state, PaymentState::Blocked);
    assert!(update.is_unlisted());
}

#[tokio::test]
async fn deadline_gives_timeout_and_transient_errors_are_retried() {
    let (sandbox, client, payment) = setup().await;
    sandbox.inject_fault("CheckPayment", Fault::Status { status: 503, body: None, retry_after: None }, 2);
    let options = WatchOptions::default().interval(forumpay::MIN_POLL_INTERVAL).timeout(Duration::from_millis(150));
    let mut watcher = client.watch_payment(payment.payment_ref(), options).unwrap();
    let first = watcher.next().await.unwrap().unwrap();
    assert_eq!(first.state, PaymentState::Waiting, "two 503s were retried");
    assert!(sandbox.request_count("CheckPayment") >= 3);
    let err = watcher.next().await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Timeout);
    let err = client.wait_for_settlement(payment.payment_ref(), options).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Timeout);
}

#[tokio::test]
async fn persistent_transient_errors_surface_at_the_deadline_and_others_at_once() {
    let (sandbox, client, payment) = setup().await;
    sandbox.inject_fault("CheckPayment", Fault::Status { status: 500, body: None, retry_after: None }, 1000);
    let options = WatchOptions::default().interval(forumpay::MIN_POLL_INTERVAL).timeout(Duration::from_millis(60));
    let err = client.wait_for_settlement(payment.payment_ref(), options).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Server);
    sandbox.reset(); // clears the remaining faults
    let unknown = PaymentRef::new("no-such-payment", "BTC", "btc-0");
    let err = client.wait_for_settlement(unknown, fast()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn wait_for_settlement_returns_the_final_status() {
    let (sandbox, client, payment) = setup().await;
    sandbox.pay(&payment.payment_id, payment.amount).unwrap();
    sandbox.add_confirmations(&payment.payment_id, 1).unwrap();
    let status = client.wait_for_settlement(payment.payment_ref(), fast()).await.unwrap();
    assert_eq!(status.state, PaymentState::Confirmed);
}

#[tokio::test]
async fn options_out_of_range_are_refused_before_any_poll() {
    let (sandbox, client, payment) = setup().await;
    let before = sandbox.request_count("CheckPayment");
    for (options, field) in [
        (WatchOptions::default().interval(Duration::ZERO), "interval"),
        (WatchOptions::default().interval(Duration::from_nanos(1)), "interval"),
        (WatchOptions::default().interval(Duration::from_secs(1 << 63)), "interval"),
        (WatchOptions::default().timeout(Duration::from_secs(1 << 63)), "timeout"),
        (WatchOptions::default().timeout(Duration::ZERO), "timeout"),
    ] {
        let err = client.watch_payment(payment.payment_ref(), options).err().expect("refused");
        assert_eq!((err.code(), err.details().field.as_deref()), (ErrorCode::Validation, Some(field)));
        let err = client.wait_for_settlement(payment.payment_ref(), options).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation);
    }
    assert_eq!(sandbox.request_count("CheckPayment"), before, "nothing was sent");
}
