//! The README's Rust quickstart, runnable offline: `cargo run -p forumpay --example quickstart`.
//! It starts the sandbox emulator in-process; against the real API, build the Config with your
//! own credentials and `Environment::Production` instead.

use forumpay::{Client, Config, Decimal, GetRate, PaymentState, StartPayment};
use forumpay_sandbox::Sandbox;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start().await?;
    let config = Config::builder(sandbox.api_user(), sandbox.api_secret())
        .base_url(sandbox.base_url())
        .pos_id("web")
        .build()?;
    let client = Client::new(config)?;

    let amount: Decimal = forumpay::parse_amount("amount", "48.25")?;
    let rate = client.get_rate(GetRate::new("EUR", amount, "BTC")).await?;
    println!("48.25 EUR is {} BTC at {}", rate.amount, rate.rate);

    let payment = client
        .start_payment(StartPayment::new("EUR", amount, "BTC").payment_id(&rate.payment_id).reference_no("order-42"))
        .await?;
    println!("pay {} BTC to {}", payment.amount, payment.address);

    // In the sandbox, the customer pays and the network confirms on command.
    sandbox.pay(&payment.payment_id, payment.amount)?;
    sandbox.add_confirmations(&payment.payment_id, 1)?;

    let status = client.check_payment(payment.payment_ref()).await?;
    println!("state: {}", status.state);
    assert_eq!(status.state, PaymentState::Confirmed);
    Ok(())
}
