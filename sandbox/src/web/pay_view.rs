//! What the customer's payment page shows, computed from one payment: the first render and every
//! poll use the same state, and the test actions' amounts come from it.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::qr;
use crate::catalog::fixed;
use crate::error::{bad, SandboxError};
use crate::params::Params;
use crate::payment::{Payment, State};
use crate::shared::REASONS;

/// What the emulator's test wallet sends for each pay action; `None` where the state allows
/// no such payment (a blocked payment takes none; with nothing due there is no exact or short).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TestAmounts {
    /// What is still due.
    pub exact: Option<Decimal>,
    /// Half of it, cut to the currency's decimals.
    pub short: Option<Decimal>,
    /// What is due plus a tenth of the payment's amount.
    pub over: Option<Decimal>,
}

impl TestAmounts {
    /// The amounts for `p` as it is now.
    pub(crate) fn of(p: &Payment) -> TestAmounts {
        if p.state == State::Blocked {
            return TestAmounts {
                exact: None,
                short: None,
                over: None,
            };
        }
        let places = p.info.decimals;
        let unit = Decimal::new(1, places);
        let cut = |d: Decimal| d.round_dp_with_strategy(places, RoundingStrategy::ToZero);
        let due = (p.amount - p.net_paid()).max(Decimal::ZERO);
        let positive = |d: Decimal| (d > Decimal::ZERO).then_some(d);
        TestAmounts {
            exact: positive(due),
            short: positive(cut(due / Decimal::TWO)),
            over: Some(due + cut(p.amount / Decimal::TEN).max(unit)),
        }
    }
}

/// A test action of the payment page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    /// The wallet sends what is due.
    PayExact,
    /// The wallet sends half of it.
    PayShort,
    /// The wallet sends more than is due.
    PayOver,
    /// The network adds one confirmation.
    Confirm,
    /// The risk check blocks the payment.
    Block,
    /// The customer cancels with a reason of the API's set.
    Cancel(String),
}

impl Action {
    /// Reads `action` (and `reason` for a cancel) from the posted form.
    pub(crate) fn parse(params: &Params) -> Result<Action, SandboxError> {
        match params.req("action")? {
            "pay_exact" => Ok(Action::PayExact),
            "pay_short" => Ok(Action::PayShort),
            "pay_over" => Ok(Action::PayOver),
            "confirm" => Ok(Action::Confirm),
            "block" => Ok(Action::Block),
            "cancel" => Ok(Action::Cancel(params.req("reason")?.to_string())),
            other => Err(bad(format!("unknown action: {other}"))),
        }
    }
}

/// Cancellation reasons as the page lists them: API value and label.
pub(crate) fn reason_choices() -> Vec<(&'static str, &'static str)> {
    REASONS
        .iter()
        .map(|r| {
            let label = match *r {
                "qr_code_problem" => "The QR code does not work",
                "no_wallet" => "I have no wallet for this currency",
                "curious" => "I was just curious",
                "bad_rate" => "The rate is bad",
                _ => "Another reason",
            };
            (*r, label)
        })
        .collect()
}

/// Everything the page shows about a payment (also the JSON of each poll).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageState {
    /// The payment's id.
    pub payment_id: String,
    /// Machine state (`waiting`, ...).
    pub state: &'static str,
    /// Display text of the state.
    pub status: &'static str,
    /// One sentence telling the customer where things stand.
    pub headline: String,
    /// Whether nothing more is expected (confirmed, cancelled or blocked).
    pub settled: bool,
    /// Ticker and name of the cryptocurrency.
    pub currency: &'static str,
    /// Its name, e.g. `Bitcoin`.
    pub currency_name: &'static str,
    /// The amount of the payment.
    pub amount: String,
    /// What is still to pay now (zero when nothing is).
    pub due: String,
    /// Everything received.
    pub paid: String,
    /// Fiat amount and currency of the invoice.
    pub invoice_amount: String,
    /// Fiat currency.
    pub invoice_currency: String,
    /// Deposit address.
    pub address: String,
    /// The payment URI the QR code holds (`bitcoin:<address>?amount=<due>`).
    pub uri: String,
    /// Path of the QR image of `uri`.
    pub qr_src: String,
    /// Confirmations received and needed.
    pub confirmations: u32,
    /// Confirmations needed.
    pub min_confirmations: u32,
    /// Seconds until a waiting payment expires, by the emulator's clock.
    pub seconds_left: Option<u64>,
    /// The shop's order reference.
    pub reference_no: Option<String>,
    /// What is bought.
    pub item_name: Option<String>,
    /// Amount each pay action sends (`None`: the action is not available now).
    pub exact: Option<String>,
    /// See `exact`.
    pub short: Option<String>,
    /// See `exact`.
    pub over: Option<String>,
    /// Whether a confirmation can arrive now.
    pub can_confirm: bool,
    /// Whether the risk check can block it now.
    pub can_block: bool,
    /// Whether the customer can cancel now.
    pub can_cancel: bool,
    /// The shop's page to go back to, once settled.
    pub return_url: Option<String>,
}

impl PageState {
    /// The page of `p` at emulator time `now`; waiting payments expire `expiry_secs` after start.
    pub(crate) fn of(p: &Payment, now: u64, expiry_secs: u64) -> PageState {
        let places = p.info.decimals;
        let text = |d: Decimal| fixed(d, places);
        let due = (p.amount - p.net_paid()).max(Decimal::ZERO);
        let shown = if due > Decimal::ZERO { due } else { p.amount };
        let uri = format!("{}:{}?amount={}", p.info.scheme, p.address, text(shown));
        let amounts = TestAmounts::of(p);
        let seconds_left = (p.state == State::Waiting)
            .then(|| p.inserted.saturating_add(expiry_secs).saturating_sub(now));
        PageState {
            payment_id: p.payment_id.clone(),
            state: p.state.as_str(),
            status: p.state.status(),
            headline: headline(p, &text(due)),
            settled: p.state.is_settled(),
            currency: p.info.code,
            currency_name: p.info.description,
            amount: text(p.amount),
            due: text(due),
            paid: text(p.paid),
            invoice_amount: p.invoice_amount.to_string(),
            invoice_currency: p.request.invoice_currency.clone(),
            address: p.address.clone(),
            qr_src: qr::path_of(&uri),
            uri,
            confirmations: p.confirmations,
            min_confirmations: p.info.min_confirmations,
            seconds_left,
            reference_no: p.request.reference_no.clone(),
            item_name: p.request.item_name.clone(),
            exact: amounts.exact.map(text),
            short: amounts.short.map(text),
            over: amounts.over.map(text),
            can_confirm: matches!(p.state, State::Processing | State::ZeroConfirmed),
            can_block: !matches!(p.state, State::Confirmed | State::Blocked),
            can_cancel: matches!(p.state, State::Waiting | State::Underpayment),
            return_url: return_url(p),
        }
    }

    /// `seconds_left` as `m:ss`, or empty.
    pub(crate) fn time_left(&self) -> String {
        self.seconds_left
            .map(|s| format!("{}:{:02}", s / 60, s % 60))
            .unwrap_or_default()
    }
}

/// One sentence for the customer.
fn headline(p: &Payment, due: &str) -> String {
    let code = p.info.code;
    match p.state {
        State::Waiting => format!("Send {due} {code} to the address below."),
        State::Processing => {
            let left = p.info.min_confirmations.saturating_sub(p.confirmations);
            let plural = if left == 1 { "" } else { "s" };
            format!("Payment received: waiting for {left} more network confirmation{plural}.")
        }
        State::ZeroConfirmed => {
            "Payment received and accepted; the network has not confirmed it yet.".to_string()
        }
        State::Confirmed => "Payment confirmed. Thank you!".to_string(),
        State::Underpayment => format!("Paid too little: {due} {code} is still missing."),
        State::Cancelled => match p.refund_amount_opened {
            Some(refund) if refund > Decimal::ZERO => format!(
                "Payment cancelled. The {} {code} received will be refunded.",
                fixed(refund, p.info.decimals)
            ),
            _ => "Payment cancelled.".to_string(),
        },
        State::Blocked => "Payment blocked by the risk check.".to_string(),
    }
}

/// The shop's success or failure page once settled (http(s) links only).
fn return_url(p: &Payment) -> Option<String> {
    let url = match p.state {
        State::Confirmed => p.request.on_success_redirect_url.as_ref(),
        State::Cancelled | State::Blocked => p.request.on_failure_redirect_url.as_ref(),
        _ => None,
    }?;
    let web = url.starts_with("http://") || url.starts_with("https://");
    web.then(|| url.clone())
}
