//! Retries and reconciliation against the emulator, where the conformance suite cannot look:
//! how many requests really reached the server, how many payments exist, how long a
//! `Retry-After` made the client wait.

use forumpay::{Client, Config, ErrorCode, GetRate, Ping, StartPayment};
use forumpay_sandbox::{Fault, Sandbox};
use std::time::{Duration, Instant};

mod wire;

async fn setup(configure: impl FnOnce(forumpay::ConfigBuilder) -> forumpay::ConfigBuilder) -> (Sandbox, Client) {
    let sandbox = Sandbox::start().await.unwrap();
    let builder = Config::builder(sandbox.api_user(), sandbox.api_secret())
        .base_url(sandbox.base_url())
        .pos_id("web")
        .retry_base_delay(Duration::from_millis(1))
        .retry_max_delay(Duration::from_millis(5));
    let client = Client::new(configure(builder).build().unwrap()).unwrap();
    (sandbox, client)
}

fn eur(text: &str) -> forumpay::Decimal {
    forumpay::parse_amount("amount", text).unwrap()
}

#[tokio::test]
async fn a_start_payment_whose_answer_is_lost_creates_exactly_one_payment() {
    let (sandbox, client) = setup(|b| b).await;
    let rate = client.get_rate(GetRate::new("EUR", eur("48.25"), "BTC")).await.unwrap();
    sandbox.inject_fault("StartPayment", Fault::DropAfter, 1);

    let started = client
        .start_payment(StartPayment::new("EUR", eur("48.25"), "BTC").payment_id(&rate.payment_id))
        .await
        .unwrap();

    assert!(started.recovered, "the answer was lost, so the result must be the recovered one");
    assert_eq!(started.payment_id, rate.payment_id);
    let payments = sandbox.payments();
    assert_eq!(payments.len(), 1, "exactly one payment exists");
    assert_eq!(payments[0].address, started.address);
    assert_eq!(sandbox.request_count("StartPayment"), 1, "found by looking, so never re-sent");
}

#[tokio::test]
async fn a_start_payment_lost_before_the_server_acted_is_sent_once_more() {
    let (sandbox, client) = setup(|b| b).await;
    let rate = client.get_rate(GetRate::new("EUR", eur("10.00"), "BTC")).await.unwrap();
    sandbox.inject_fault("StartPayment", Fault::Drop, 1);

    let started = client
        .start_payment(StartPayment::new("EUR", eur("10.00"), "BTC").payment_id(&rate.payment_id))
        .await
        .unwrap();

    assert!(!started.recovered);
    assert_eq!(sandbox.payments().len(), 1);
    assert_eq!(sandbox.request_count("StartPayment"), 2);
}

#[tokio::test]
async fn a_start_payment_without_an_id_gets_one_first_and_is_recovered_by_it() {
    let (sandbox, client) = setup(|b| b).await;
    sandbox.inject_fault("StartPayment", Fault::DropAfter, 1);

    let started = client.start_payment(StartPayment::new("EUR", eur("10.00"), "BTC").reference_no("o-1")).await.unwrap();

    assert!(started.recovered);
    assert_eq!(sandbox.request_count("GetRate"), 1, "the payment_id came from GetRate");
    assert_eq!(sandbox.request_count("StartPayment"), 1, "found by its own id, so never re-sent");
    assert_eq!(sandbox.payments().len(), 1);
    assert_eq!(sandbox.payments()[0].payment_id, started.payment_id);
}

#[tokio::test]
async fn an_older_payment_of_the_same_order_is_never_recovered() {
    let (sandbox, client) = setup(|b| b).await;
    let order = || StartPayment::new("EUR", eur("10.00"), "BTC").reference_no("o-7");
    let old = client.start_payment(order()).await.unwrap();
    sandbox.pay(&old.payment_id, old.amount).unwrap();
    sandbox.add_confirmations(&old.payment_id, 1).unwrap();
    sandbox.inject_fault("StartPayment", Fault::Drop, 1);

    let new = client.start_payment(order()).await.unwrap();

    assert!(!new.recovered);
    assert_ne!(new.payment_id, old.payment_id);
    assert_eq!(sandbox.payments().len(), 2);

    sandbox.inject_fault("StartPayment", Fault::Drop, 1);
    let e = client.start_payment(order().payment_id(&old.payment_id)).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::OutcomeUnknown, "a stale id of a confirmed payment is not this call's payment");
    assert!(e.message().contains("confirmed"), "{}", e.message());
}

#[tokio::test]
async fn a_start_payment_refused_with_retry_after_waits_before_sending_again() {
    let (sandbox, client) = setup(|b| b).await;
    sandbox.inject_fault("StartPayment", Fault::Status { status: 503, body: None, retry_after: Some(1) }, 1);

    let began = Instant::now();
    let started = client.start_payment(StartPayment::new("EUR", eur("10.00"), "BTC")).await.unwrap();

    assert!(!started.recovered);
    assert!(began.elapsed() >= Duration::from_secs(1), "Retry-After: 1 must be obeyed, took {:?}", began.elapsed());
    assert_eq!(sandbox.request_count("StartPayment"), 2);
    assert_eq!(sandbox.payments().len(), 1);
}

#[tokio::test]
async fn a_start_payment_whose_look_up_fails_is_outcome_unknown() {
    let (sandbox, client) = setup(|b| b.max_attempts(1)).await;
    sandbox.inject_fault("StartPayment", Fault::DropAfter, 1);
    sandbox.inject_fault("GetTransactions", Fault::Status { status: 500, body: None, retry_after: None }, 1);

    let e = client.start_payment(StartPayment::new("EUR", eur("10.00"), "BTC")).await.unwrap_err();

    assert_eq!(e.code(), ErrorCode::OutcomeUnknown);
    assert_eq!(e.attempts(), 1);
    assert_eq!(sandbox.request_count("StartPayment"), 1, "never re-sent blindly");
}

#[tokio::test]
async fn retry_after_is_waited_for_before_the_next_attempt() {
    let (sandbox, client) = setup(|b| b).await;
    sandbox.inject_fault("Ping", Fault::Status { status: 503, body: None, retry_after: Some(1) }, 1);

    let started = Instant::now();
    client.ping(Ping::new()).await.unwrap();

    assert!(started.elapsed() >= Duration::from_secs(1), "Retry-After: 1 must be obeyed");
    assert_eq!(sandbox.request_count("Ping"), 2);
}

#[tokio::test]
async fn the_deadline_bounds_the_whole_call() {
    let (sandbox, client) = setup(|b| {
        b.request_timeout(Duration::from_millis(400)).call_deadline(Duration::from_millis(250)).max_attempts(5)
    })
    .await;
    sandbox.inject_fault("Ping", Fault::Delay { millis: 3000 }, 5);

    let started = Instant::now();
    let e = client.ping(Ping::new()).await.unwrap_err();

    assert_eq!(e.code(), ErrorCode::Timeout);
    assert_eq!(e.attempts(), 1, "the one attempt used the whole deadline");
    assert!(started.elapsed() < Duration::from_millis(1500), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn reads_stop_after_max_attempts() {
    let (sandbox, client) = setup(|b| b.max_attempts(4)).await;
    sandbox.inject_fault("Ping", Fault::Status { status: 500, body: None, retry_after: None }, 10);

    let e = client.ping(Ping::new()).await.unwrap_err();

    assert_eq!(e.code(), ErrorCode::Server);
    assert_eq!(e.attempts(), 4);
    assert_eq!(sandbox.request_count("Ping"), 4);
}

/// A server that answers each connection's first request, then closes it, as a front end whose
/// keep-alive timeout has passed does. Answers counted.
async fn one_answer_per_connection() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use tokio::io::AsyncWriteExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api/v2/", listener.local_addr().unwrap());
    let answers = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = answers.clone();
    tokio::spawn(async move {
        while let Ok((mut tcp, _)) = listener.accept().await {
            let counted = counted.clone();
            tokio::spawn(async move {
                if wire::read_head(&mut tcp).await.is_none() {
                    return;
                }
                let body = r#"{"result":"pong"}"#;
                let answer = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len());
                let _ = tcp.write_all(answer.as_bytes()).await;
                counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                // No `Connection: close`: the client learns of the close only from the socket.
            });
        }
    });
    (url, answers)
}

#[tokio::test]
async fn a_connection_the_server_closed_while_idle_is_not_reused() {
    let (url, answers) = one_answer_per_connection().await;
    let config = Config::builder("user", "secret").base_url(url).max_attempts(1).build().unwrap();
    let client = Client::new(config).unwrap();
    for call in 1..=5 {
        let pong = client.ping(Ping::default()).await.unwrap_or_else(|e| panic!("call {call}: {e}"));
        assert_eq!(pong.result.as_deref(), Some("pong"));
    }
    assert_eq!(answers.load(std::sync::atomic::Ordering::SeqCst), 5);
}
