//! The fixture every measurement shares: an emulator on loopback, a client for it, the payment
//! CheckPayment asks about, and a full GetTransactions page of varied records.

use crate::raw::{RawClient, Target};
use bytes::Bytes;
use forumpay::{CancelPayment, Client, Config, Decimal, PaymentRef, StartPayment, StartedPayment};
use forumpay_sandbox::{Sandbox, SandboxOptions};
use std::error::Error;

/// Point of sale of every payment made here.
pub const POS_ID: &str = "web";

/// Records on the decode run's page (the API's maximum page size).
pub const PAGE_RECORDS: usize = 50;

/// Anything that stops the fixture from being built.
pub type SetupError = Box<dyn Error + Send + Sync>;

/// An emulator with its client and the payment the CheckPayment runs ask about.
pub struct Fixture {
    /// The emulator, on its own thread so its CPU can be told apart from the client's.
    pub sandbox: Sandbox,
    /// The pure Rust client, configured for the emulator.
    pub client: Client,
    /// The payment every CheckPayment asks about (confirmed, so the answer is a full one).
    pub payment: PaymentRef,
}

impl Fixture {
    /// Starts an emulator and a client; with `with_payment`, makes the confirmed payment.
    pub async fn start(with_payment: bool) -> Result<Fixture, SetupError> {
        let sandbox = Sandbox::start_background(SandboxOptions::default())?;
        let config = Config::builder(sandbox.api_user(), sandbox.api_secret())
            .base_url(sandbox.base_url())
            .pos_id(POS_ID)
            .build()?;
        let client = Client::new(config)?;
        let payment = if with_payment {
            let started = start(&client, "48.25", "BTC", "bench-check").await?;
            sandbox.pay(&started.payment_id, started.amount)?;
            sandbox.add_confirmations(&started.payment_id, 1)?;
            started.payment_ref()
        } else {
            PaymentRef::new("none", "BTC", "none")
        };
        Ok(Fixture { sandbox, client, payment })
    }

    /// The raw request equivalent to `client.check_payment(payment)`: same query (the
    /// client's common `locale` included), same Basic auth.
    pub fn check_target(&self, payment: &PaymentRef) -> Target {
        let locale = self.client.config().locale();
        Target::check_payment(self.sandbox.addr(), &self.sandbox.base_url(), payment, locale, self.sandbox.api_user(), self.sandbox.api_secret())
    }

    /// GetTransactions of the first `PAGE_RECORDS` payments, by a raw connection.
    pub fn page_target(&self) -> Target {
        let limit = PAGE_RECORDS.to_string();
        Target::new(
            self.sandbox.addr(),
            &self.sandbox.base_url(),
            "GetTransactions",
            &[("limit", &limit), ("offset", "0")],
            self.sandbox.api_user(),
            self.sandbox.api_secret(),
        )
    }

    /// Makes `PAGE_RECORDS` payments in every state the API lists (waiting, processing,
    /// confirmed, underpaid, cancelled; several currencies) and returns the raw body of
    /// GetTransactions with `limit=50`: what the decode run parses.
    pub async fn transactions_page(&self) -> Result<Bytes, SetupError> {
        let currencies = ["BTC", "ETH", "LTC", "USDT"];
        for i in 0..PAGE_RECORDS {
            let amount = format!("{}.{:02}", 10 + i * 7, i % 100);
            let p = start(&self.client, &amount, currencies[i % currencies.len()], &format!("order-{i}")).await?;
            match i % 5 {
                0 => {}
                1 => {
                    self.sandbox.pay(&p.payment_id, p.amount)?;
                }
                2 => {
                    self.sandbox.pay(&p.payment_id, p.amount)?;
                    self.sandbox.add_confirmations(&p.payment_id, 6)?;
                }
                3 => {
                    self.sandbox.pay(&p.payment_id, (p.amount / Decimal::from(2)).round_dp(6))?;
                }
                _ => {
                    self.client.cancel_payment(CancelPayment::new(p.payment_ref())).await?;
                }
            }
        }
        let body = RawClient::connect(self.page_target()).await?.get_bytes().await?;
        let page = forumpay::TransactionPage::from_json(serde_json::from_slice(&body)?)?;
        if page.transactions.len() != PAGE_RECORDS {
            return Err(format!("the page holds {} records, not {PAGE_RECORDS}", page.transactions.len()).into());
        }
        Ok(body)
    }
}

/// Starts a payment of `amount` EUR in `currency`.
pub async fn start(client: &Client, amount: &str, currency: &str, reference: &str) -> Result<StartedPayment, SetupError> {
    let amount = forumpay::parse_amount("amount", amount)?;
    Ok(client
        .start_payment(StartPayment::new("EUR", amount, currency).reference_no(reference).item_name("Benchmark order"))
        .await?)
}
