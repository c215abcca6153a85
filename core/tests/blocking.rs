//! The blocking facade: usable from plain threads, shared between them, and even from inside
//! async code without panicking.

use forumpay::blocking::Client;
use forumpay::{Config, GetRate, PaymentState, StartPayment};
use forumpay_sandbox::{Sandbox, SandboxOptions};

fn client_for(sandbox: &Sandbox) -> Client {
    // Credentials pasted with stray spaces still work: both are trimmed.
    let config = Config::builder(format!(" {} ", sandbox.api_user()), format!("{}\n", sandbox.api_secret()))
        .base_url(sandbox.base_url())
        .pos_id("web")
        .build()
        .unwrap();
    Client::new(config).unwrap()
}

#[test]
fn blocking_calls_from_many_threads() {
    let sandbox = Sandbox::start_background(SandboxOptions::default()).unwrap();
    let client = client_for(&sandbox);
    let amount = forumpay::parse_amount("a", "12.50").unwrap();
    std::thread::scope(|s| {
        for _ in 0..8 {
            let client = client.clone();
            s.spawn(move || {
                let p = client.start_payment(StartPayment::new("EUR", amount, "BTC")).unwrap();
                let status = client.check_payment(p.payment_ref()).unwrap();
                assert_eq!(status.state, PaymentState::Waiting);
            });
        }
    });
    assert_eq!(sandbox.request_count("StartPayment"), 8);
}

#[tokio::test]
async fn blocking_client_inside_async_code_does_not_panic() {
    // The emulator runs on its own thread: this test's runtime is blocked during the call,
    // which is exactly what the caller of a blocking client accepts.
    let sandbox = Sandbox::start_background(SandboxOptions::default()).unwrap();
    let client = client_for(&sandbox);
    let rate = client.get_rate(GetRate::new("EUR", forumpay::parse_amount("a", "1.00").unwrap(), "BTC")).unwrap();
    assert_eq!(rate.invoice_amount.to_string(), "1.00");
    drop(client); // dropping its runtime inside async code must not panic either
}

#[test]
fn blocking_watch_and_pages() {
    let sandbox = Sandbox::start_background(SandboxOptions::default()).unwrap();
    let client = client_for(&sandbox);
    let amount = forumpay::parse_amount("a", "5.00").unwrap();
    let p = client.start_payment(StartPayment::new("EUR", amount, "BTC").reference_no("b-1")).unwrap();
    let options = forumpay::WatchOptions::default().interval(forumpay::MIN_POLL_INTERVAL);
    let mut states = Vec::new();
    for update in client.watch_payment(p.payment_ref(), options).unwrap() {
        let update = update.unwrap();
        if update.state == PaymentState::Waiting {
            sandbox.pay(&p.payment_id, p.amount).unwrap();
            sandbox.add_confirmations(&p.payment_id, 1).unwrap();
        }
        states.push(update.state);
    }
    assert_eq!(states.first(), Some(&PaymentState::Waiting));
    assert_eq!(states.last(), Some(&PaymentState::Confirmed));
    let all: Vec<_> = client.transactions(forumpay::ListTransactions::new().reference_no("b-1")).collect::<Result<_, _>>().unwrap();
    assert_eq!(all.len(), 1);
}
