//! What every shared store must do, written once and run on memory (`stores.rs`) and on a real
//! Redis server (`redis_store.rs`): the webhook endpoint's claims and the payment states.
#![allow(dead_code)]

pub mod server;

use forumpay::webhooks::{EndpointSettings, Received, Verified};
use forumpay::{
    AcceptPayment, CancelPayment, Client, ErrorCode, KnownPayment, PaymentState, StartPayment, StartedPayment,
    WebhookAnswer,
};
use forumpay_sandbox::Sandbox;
use std::sync::Arc;
use tokio::sync::Barrier;

/// A fresh `waiting` payment of 10 EUR in BTC.
pub async fn one_payment(client: &Client) -> StartedPayment {
    let amount = forumpay::parse_amount("invoice_amount", "10.00").unwrap();
    client.start_payment(StartPayment::new("EUR", amount, "BTC")).await.unwrap()
}

/// The live API's notification body for `payment`.
pub fn webhook_body(payment: &StartedPayment) -> String {
    serde_json::json!({
        "payment_id": payment.payment_id, "currency": payment.currency, "address": payment.address, "pos_id": "web"
    })
    .to_string()
}

/// How a round of deliveries was answered.
#[derive(Debug, Default)]
pub struct Answers {
    /// 200 `handled`: the handler ran.
    pub handled: usize,
    /// 200 `replay`.
    pub replays: usize,
    /// 503 with no code: another worker held the claim.
    pub in_progress: usize,
    /// Every other answer (status, outcome, code).
    pub other: Vec<String>,
}

/// The whole webhook request on `client` with a fresh endpoint (as one worker of its own
/// would), the handler succeeding when `succeed`.
pub async fn deliver(client: &Client, body: &str, payment: &StartedPayment, succeed: bool) -> (WebhookAnswer, bool) {
    let endpoint = EndpointSettings::default().build().unwrap();
    let notification = match endpoint.receive(body.as_bytes(), None) {
        Received::Lookup(n) => n,
        Received::Answer(a) => return (a, false),
    };
    let known = KnownPayment::new(&payment.payment_id, &payment.currency, &payment.address);
    match endpoint.verify(client, &notification, Some(known)).await {
        Verified::Answer(a) => (a, false),
        Verified::Handle(v) => (endpoint.handled(client, &v, succeed).await, true),
    }
}

/// `n` deliveries of `body` started together, spread over `clients`.
pub async fn deliver_at_once(clients: &[Client], body: &str, payment: &StartedPayment, n: usize) -> Answers {
    let barrier = Arc::new(Barrier::new(n));
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let (client, body, payment, barrier) = (clients[i % clients.len()].clone(), body.to_string(), payment.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                deliver(&client, &body, &payment, true).await
            })
        })
        .collect();
    let mut answers = Answers::default();
    for task in tasks {
        let (answer, ran) = task.await.unwrap();
        let outcome = serde_json::to_value(answer.body.outcome).unwrap();
        match (answer.status, outcome.as_str(), answer.body.code, ran) {
            (200, Some("handled"), None, true) => answers.handled += 1,
            (200, Some("replay"), None, false) => answers.replays += 1,
            (503, Some("unavailable"), None, false) => answers.in_progress += 1,
            other => answers.other.push(format!("{other:?}")),
        }
    }
    answers
}

/// Many payments, each notified 16 times at once in two states: the handler runs exactly once
/// per payment and state, whichever client's endpoint takes which delivery.
pub async fn handler_runs_once_per_state(sandbox: &Sandbox, clients: &[Client]) {
    for _ in 0..5 {
        let payment = one_payment(&clients[0]).await;
        let body = webhook_body(&payment);
        let waiting = deliver_at_once(clients, &body, &payment, 16).await;
        assert_eq!((waiting.handled, waiting.other.len()), (1, 0), "{waiting:?}");
        assert_eq!(waiting.replays + waiting.in_progress, 15);
        let again = deliver_at_once(clients, &body, &payment, 16).await;
        assert_eq!(again.replays, 16, "handled: every later delivery is a replay ({again:?})");
        sandbox.pay(&payment.payment_id, payment.amount).unwrap();
        let paid = deliver_at_once(clients, &body, &payment, 16).await;
        assert_eq!((paid.handled, paid.other.len()), (1, 0), "a new state runs the handler once more ({paid:?})");
    }
}

/// A handler that fails on one client releases the claim: the next delivery, on another
/// client, runs it; after that success, deliveries are replays.
pub async fn a_failed_handler_releases(_sandbox: &Sandbox, a: &Client, b: &Client) {
    let payment = one_payment(a).await;
    let body = webhook_body(&payment);
    let (answer, ran) = deliver(a, &body, &payment, false).await;
    assert_eq!((answer.status, ran), (500, true));
    let (answer, ran) = deliver(b, &body, &payment, true).await;
    assert_eq!((answer.status, ran), (200, true), "released: the resend runs the handler");
    let (answer, ran) = deliver(a, &body, &payment, true).await;
    assert_eq!((answer.status, ran), (200, false), "then a replay");
}

/// `b` acts on what `a` saw: it accepts an underpayment it never checked itself (its own last
/// look said `waiting`), and refuses to cancel what `a` saw cancelled without sending anything.
pub async fn second_client_checks_what_the_first_saw(sandbox: &Sandbox, a: &Client, b: &Client) {
    let payment = one_payment(a).await;
    assert_eq!(b.check_payment(payment.payment_ref()).await.unwrap().state, PaymentState::Waiting);
    let part = (payment.amount / forumpay::Decimal::from(2)).round_dp(8);
    sandbox.pay(&payment.payment_id, part).unwrap();
    assert_eq!(a.check_payment(payment.payment_ref()).await.unwrap().state, PaymentState::Underpayment);
    b.accept_payment(AcceptPayment::new(payment.payment_ref(), part)).await.expect("b goes by a's look: underpayment");

    let other = one_payment(a).await;
    a.cancel_payment(CancelPayment::new(other.payment_ref())).await.unwrap();
    assert_eq!(a.check_payment(other.payment_ref()).await.unwrap().state, PaymentState::Cancelled);
    let sent = sandbox.request_count("CancelPayment");
    let e = b.cancel_payment(CancelPayment::new(other.payment_ref())).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidState);
    assert_eq!(sandbox.request_count("CancelPayment"), sent, "refused before sending");
}
