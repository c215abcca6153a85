//! `forumpay demo`: a full checkout against an in-process emulator, printed step by step.
//!
//! Every step checks what it gets (states, amounts, flags); anything unexpected ends the demo
//! with a message on stderr and exit status 1, so the demo doubles as an end-to-end smoke test.
//! It prints the emulator's dashboard URL; `--keep` leaves the emulator up afterwards, so a
//! person can look at the payments, their timelines and webhooks, and their payment pages.

use crate::output::Failure;
use forumpay::{
    AcceptPayment, Client, Config, Decimal, GetCurrencyList, GetRate, GetTransactions, PaymentRef,
    PaymentState, PaymentStatus, StartPayment, StartedPayment,
};
use forumpay_sandbox::{Sandbox, SandboxOptions};
use rust_decimal::RoundingStrategy;
use std::time::Duration;

/// Point of sale the demo shop uses.
const POS_ID: &str = "web";
/// Time between two CheckPayment polls.
const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// Polls before giving up on a payment reaching `confirmed` (10 s at 200 ms).
const MAX_POLLS: u32 = 50;

/// `demo` options.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Keep the emulator running after the demo (until Ctrl-C), to look at its dashboard.
    #[arg(long)]
    pub keep: bool,
}

/// Runs the demo checkout from start to summary.
pub async fn run(args: &DemoArgs) -> Result<(), Failure> {
    let sandbox = Sandbox::start_with(SandboxOptions::default())
        .await
        .map_err(|e| Failure::Other(format!("cannot start the sandbox: {e}")))?;
    // The shop's webhook receiver is the emulator's own sink, so the dashboard shows deliveries.
    sandbox.set_webhook_url(Some(&sandbox.webhook_sink_url()));
    let config = Config::builder(sandbox.api_user(), sandbox.api_secret())
        .base_url(sandbox.base_url())
        .pos_id(POS_ID)
        .user_agent_suffix(concat!("forumpay-cli/", env!("CARGO_PKG_VERSION"), " demo"))
        .build()?;
    let demo = Demo {
        client: Client::new(config)?,
        sandbox,
    };
    println!(
        "ForumPay demo: a shop checkout against a local sandbox at {}",
        demo.sandbox.base_url()
    );
    println!(
        "The sandbox's dashboard (open it in a browser{}): {}",
        if args.keep {
            ""
        } else {
            " while the demo runs, or use --keep"
        },
        demo.sandbox.dashboard_url()
    );
    demo.currencies().await?;
    let first = demo.full_payment().await?;
    let second = demo.accepted_underpayment().await?;
    demo.summary(&first, &second).await?;
    if args.keep {
        demo.keep().await?;
    }
    Ok(())
}

/// The client and the emulator it talks to; the emulator plays the customer and the network.
struct Demo {
    client: Client,
    sandbox: Sandbox,
}

/// What the summary reports about one order.
struct Outcome {
    reference: &'static str,
    status: PaymentStatus,
}

impl Demo {
    /// Step 1: which currencies the shop can offer.
    async fn currencies(&self) -> Result<(), Failure> {
        step(1, "Currencies the shop can accept (GetCurrencyList)");
        let list = self
            .client
            .get_currency_list(GetCurrencyList::new().invoice_currency("EUR"))
            .await?;
        let (available, unavailable): (Vec<_>, Vec<_>) =
            list.iter().partition(|c| c.is_available());
        expect(available.iter().any(|c| c.currency == "BTC"), || {
            "BTC is not offered".to_string()
        })?;
        for c in &available {
            let rate = c.rate.map(|r| format!(" at {r} EUR")).unwrap_or_default();
            say(format!(
                "{} ({}){rate}",
                c.currency,
                c.description.as_deref().unwrap_or("")
            ));
        }
        if !unavailable.is_empty() {
            let names: Vec<&str> = unavailable.iter().map(|c| c.currency.as_str()).collect();
            say(format!("not available now: {}", names.join(", ")));
        }
        Ok(())
    }

    /// Steps 2 to 5: a quote, a payment, the customer pays in full, the network confirms.
    async fn full_payment(&self) -> Result<Outcome, Failure> {
        let invoice = Decimal::new(4825, 2);
        step(2, "Quote 48.25 EUR in BTC (GetRate)");
        let rate = self
            .client
            .get_rate(GetRate::new("EUR", invoice, "BTC"))
            .await?;
        expect(rate.invoice_amount == invoice, || {
            format!("the quote is for {} EUR", rate.invoice_amount)
        })?;
        say(format!(
            "rate {} EUR/BTC: the customer pays {} BTC",
            rate.rate, rate.amount
        ));

        step(3, "Start the payment for order demo-order-1 (StartPayment)");
        let started = self
            .client
            .start_payment(
                StartPayment::new("EUR", invoice, "BTC")
                    .payment_id(&rate.payment_id)
                    .reference_no("demo-order-1"),
            )
            .await?;
        show_started(&started);
        let payment = started.payment_ref();
        self.expect_state(&payment, PaymentState::Waiting).await?;

        step(4, "The customer pays the exact amount");
        self.pay(&started, started.amount)?;

        step(5, "Watch the payment until it is confirmed (CheckPayment)");
        let status = self.watch(&payment, PaymentState::Waiting).await?;
        expect(status.invoice_amount == invoice, || {
            format!("confirmed for {} EUR", status.invoice_amount)
        })?;
        say(format!(
            "order demo-order-1 is confirmed: {} BTC for {} EUR",
            status.amount, status.invoice_amount
        ));
        Ok(Outcome {
            reference: "demo-order-1",
            status,
        })
    }

    /// Step 6: a second order paid short; the shop accepts what arrived.
    async fn accepted_underpayment(&self) -> Result<Outcome, Failure> {
        let invoice = Decimal::new(2000, 2);
        step(6, "Order demo-order-2: 20.00 EUR in BTC, paid short");
        let started = self
            .client
            .start_payment(StartPayment::new("EUR", invoice, "BTC").reference_no("demo-order-2"))
            .await?;
        show_started(&started);
        let payment = started.payment_ref();
        self.expect_state(&payment, PaymentState::Waiting).await?;

        // Half the amount, cut to the amount's own decimals so the chain could carry it.
        let short = (started.amount / Decimal::TWO)
            .round_dp_with_strategy(started.amount.scale(), RoundingStrategy::ToZero);
        expect(short > Decimal::ZERO, || {
            format!("{} BTC is too small to pay short", started.amount)
        })?;
        self.pay(&started, short)?;

        let status = self
            .expect_state(&payment, PaymentState::Underpayment)
            .await?;
        let (Some(crypto), Some(fiat)) =
            (status.unconfirmed_amount, status.unconfirmed_invoice_amount)
        else {
            return Err(Failure::Other(
                "underpayment without unconfirmed_amount and unconfirmed_invoice_amount".into(),
            ));
        };
        expect(crypto == short, || {
            format!("unconfirmed_amount is {crypto} BTC, {short} BTC was paid")
        })?;
        say(format!(
            "received {crypto} BTC of {} BTC, worth {fiat} EUR",
            started.amount
        ));

        let accepted = self
            .client
            .accept_payment(
                AcceptPayment::new(payment.clone(), crypto).accepted_invoice_amount(fiat),
            )
            .await?;
        expect(accepted.success, || {
            "AcceptPayment did not report success".to_string()
        })?;
        say(format!("the underpayment was accepted: {crypto} BTC ({fiat} EUR) settles the order (AcceptPayment)"));

        let status = self.watch(&payment, PaymentState::Underpayment).await?;
        expect(status.invoice_amount == fiat, || {
            format!(
                "confirmed for {} EUR, {fiat} EUR was accepted",
                status.invoice_amount
            )
        })?;
        say(format!(
            "order demo-order-2 is confirmed: {} BTC for {} EUR (of {invoice} EUR invoiced)",
            status.amount, status.invoice_amount
        ));
        Ok(Outcome {
            reference: "demo-order-2",
            status,
        })
    }

    /// Step 7: what the merchant's books show (GetTransactions) and the outcome of each order.
    async fn summary(&self, first: &Outcome, second: &Outcome) -> Result<(), Failure> {
        step(7, "Summary (GetTransactions)");
        let page = self.client.get_transactions(GetTransactions::new()).await?;
        for outcome in [first, second] {
            let listed = page
                .transactions
                .iter()
                .find(|t| t.reference_no.as_deref() == Some(outcome.reference));
            let state = listed.map(|t| t.state.clone());
            expect(state == Some(PaymentState::Confirmed), || {
                format!(
                    "{} is listed as {:?}, not confirmed",
                    outcome.reference, state
                )
            })?;
        }
        say(format!(
            "{}: {} EUR paid in full, {} BTC, confirmed",
            first.reference, first.status.invoice_amount, first.status.amount
        ));
        say(format!(
            "{}: underpayment accepted, {} EUR for {} BTC, confirmed",
            second.reference, second.status.invoice_amount, second.status.amount
        ));
        println!(
            "\nDemo complete: {} payments, all confirmed.",
            page.transactions.len()
        );
        Ok(())
    }

    /// Keeps the emulator up until Ctrl-C: its dashboard lists both orders, with their
    /// timelines, webhook deliveries and payment pages.
    async fn keep(&self) -> Result<(), Failure> {
        println!(
            "\nThe sandbox stays up: open {} (each payment links to its payment page).",
            self.sandbox.dashboard_url()
        );
        println!(
            "API base URL {}; press Ctrl-C to stop.",
            self.sandbox.base_url()
        );
        tokio::signal::ctrl_c()
            .await
            .map_err(|e| Failure::Other(format!("cannot wait for Ctrl-C: {e}")))?;
        println!("sandbox stopped");
        Ok(())
    }

    /// One CheckPayment that must find the payment in `state`.
    async fn expect_state(
        &self,
        payment: &PaymentRef,
        state: PaymentState,
    ) -> Result<PaymentStatus, Failure> {
        let status = self.client.check_payment(payment.clone()).await?;
        expect(status.state == state, || {
            format!(
                "payment {} is {}, expected {state}",
                payment.payment_id, status.state
            )
        })?;
        say(format!("state: {}", status.state));
        Ok(status)
    }

    /// The customer sends `amount` to the payment's address.
    fn pay(&self, started: &StartedPayment, amount: Decimal) -> Result<(), Failure> {
        say(format!(
            "the customer sends {amount} {} to {}",
            started.currency, started.address
        ));
        self.sandbox
            .pay(&started.payment_id, amount)
            .map(|_| ())
            .map_err(|e| Failure::Other(format!("the sandbox refused the payment: {e}")))
    }

    /// Polls CheckPayment until `confirmed`, printing each state change. The first time the
    /// payment is seen waiting for confirmations, the emulator's network delivers them.
    async fn watch(
        &self,
        payment: &PaymentRef,
        from: PaymentState,
    ) -> Result<PaymentStatus, Failure> {
        let mut last = from;
        let mut confirmations_sent = false;
        for _ in 0..MAX_POLLS {
            let status = self.client.check_payment(payment.clone()).await?;
            if status.state != last {
                say(format!("state: {last} -> {}", status.state));
                last = status.state.clone();
            }
            match &status.state {
                PaymentState::Confirmed => return Ok(status),
                PaymentState::Processing | PaymentState::ZeroConfirmed if !confirmations_sent => {
                    self.confirm(payment, &status)?;
                    confirmations_sent = true;
                }
                PaymentState::Waiting | PaymentState::Processing | PaymentState::ZeroConfirmed => {}
                other => {
                    return Err(Failure::Other(format!(
                        "payment {} became {other} while waiting for confirmation",
                        payment.payment_id
                    )))
                }
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
        Err(Failure::Other(format!(
            "payment {} not confirmed after {MAX_POLLS} polls (still {last})",
            payment.payment_id
        )))
    }

    /// The network delivers as many confirmations as the payment still needs (at least one).
    fn confirm(&self, payment: &PaymentRef, status: &PaymentStatus) -> Result<(), Failure> {
        let needed = status.min_confirmations.unwrap_or(1) - status.confirmations.unwrap_or(0);
        let needed = u32::try_from(needed).unwrap_or(1).max(1);
        let plural = if needed == 1 { "" } else { "s" };
        say(format!(
            "the network confirms the transaction ({needed} confirmation{plural})"
        ));
        self.sandbox
            .add_confirmations(&payment.payment_id, needed)
            .map(|_| ())
            .map_err(|e| Failure::Other(format!("the sandbox refused the confirmations: {e}")))
    }
}

/// The payment id, address and amount to show the customer.
fn show_started(started: &StartedPayment) {
    say(format!("payment_id {}", started.payment_id));
    say(format!(
        "pay {} {} to {}",
        started.amount, started.currency, started.address
    ));
}

/// A numbered step heading.
fn step(n: u32, title: &str) {
    println!("\n[{n}/7] {title}");
}

/// One indented line under the current step.
fn say(line: String) {
    println!("  {line}");
}

/// Ends the demo with `message` unless `ok`.
fn expect(ok: bool, message: impl FnOnce() -> String) -> Result<(), Failure> {
    if ok {
        Ok(())
    } else {
        Err(Failure::Other(format!("demo step failed: {}", message())))
    }
}
