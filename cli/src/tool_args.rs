//! Arguments of the tools for people who run a shop: `watch`, `transactions --all`,
//! `reconcile`, `webhook verify`, `completions` and `man`.
//!
//! Dates and states are parsed here, by clap, so a typo is a usage error (exit 2) that names
//! the flag, before any request.

use crate::args::PaymentArgs;
use clap::{Args, Subcommand, ValueEnum};
use forumpay::{PaymentState, Timestamp};
use std::path::PathBuf;

/// How a stream of rows is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people, with a summary.
    Table,
    /// One JSON object per line (the default with --json).
    Jsonl,
    /// RFC 4180 CSV with a header row.
    Csv,
}

impl Format {
    /// `--format` when given; otherwise JSON lines under `--json`, else a table.
    pub fn chosen(format: Option<Format>, json: bool) -> Format {
        match (format, json) {
            (Some(f), _) => f,
            (None, true) => Format::Jsonl,
            (None, false) => Format::Table,
        }
    }
}

/// Which payments, by point of sale and creation date: shared by `transactions --all` and
/// `reconcile`.
#[derive(Debug, Args)]
pub struct RangeArgs {
    /// Only payments of this point of sale (the global --pos-id is not a filter).
    #[arg(long, value_name = "POS_ID")]
    pub pos: Option<String>,
    /// Only payments created on or after this day (YYYY-MM-DD) or time (YYYY-MM-DD HH:MM:SS),
    /// in UTC as the API writes them.
    #[arg(long, value_name = "DATE", value_parser = parse_from)]
    pub from: Option<Timestamp>,
    /// Only payments created on or before this day (YYYY-MM-DD), or before this time
    /// (YYYY-MM-DD HH:MM:SS), in UTC.
    #[arg(long, value_name = "DATE", value_parser = parse_to)]
    pub to: Option<Timestamp>,
}

/// `transactions --all` and its filters.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Every page, streamed as it arrives (a progress line on stderr when it is a terminal).
    /// The flags below need it.
    #[arg(long)]
    pub all: bool,
    /// Point of sale and date range.
    #[command(flatten)]
    pub range: RangeArgs,
    /// Only payments with this reference_no (the API filters; also without --all).
    #[arg(long)]
    pub reference_no: Option<String>,
    /// Only payments in these states (comma separated: confirmed,underpayment).
    #[arg(long = "state", value_name = "STATE", value_delimiter = ',', value_parser = parse_state)]
    pub states: Vec<PaymentState>,
    /// Only payments in this cryptocurrency (BTC).
    #[arg(long)]
    pub currency: Option<String>,
    /// table, jsonl or csv (default: table, or jsonl with --json).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

impl ExportArgs {
    /// The flags that only make sense with `--all`, when any is given.
    pub fn needs_all(&self) -> Option<&'static str> {
        let r = &self.range;
        [
            (r.pos.is_some(), "--pos"),
            (r.from.is_some(), "--from"),
            (r.to.is_some(), "--to"),
            (!self.states.is_empty(), "--state"),
            (self.currency.is_some(), "--currency"),
            (self.format.is_some(), "--format"),
        ]
        .into_iter()
        .find_map(|(given, flag)| given.then_some(flag))
    }
}

/// `watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The payment's id. Leave it out (or write -) to read the JSON `forumpay --json start`
    /// printed from stdin.
    pub payment_id: Option<String>,
    /// Its cryptocurrency (taken from the JSON on stdin when not given).
    #[arg(long)]
    pub currency: Option<String>,
    /// Its address (taken from the JSON on stdin when not given).
    #[arg(long)]
    pub address: Option<String>,
    /// Seconds between two checks.
    #[arg(long, value_name = "SECONDS", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub interval: u64,
    /// Give up (exit 5) after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
}

/// `reconcile`.
#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// The orders: a CSV file with a header row; - reads stdin.
    #[arg(value_name = "ORDERS")]
    pub orders: PathBuf,
    /// Point of sale and date range of the payments to compare.
    #[command(flatten)]
    pub range: RangeArgs,
    /// table, jsonl or csv (default: table, or jsonl with --json).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

/// `webhook ...`.
#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    /// Verify a notification body by asking the API (CheckPayment) about the payment you stored.
    ///
    /// Prints the authoritative payment and its transition, or why the notification is refused
    /// (exit 1, code `webhook`): a test ping, another payment, a currency or address that
    /// differs from yours, a payment the API does not know, or a claimed state the real one
    /// cannot have come from.
    Verify(WebhookVerifyArgs),
}

/// `webhook verify`.
#[derive(Debug, Args)]
pub struct WebhookVerifyArgs {
    /// A file holding the raw body as received; stdin when left out or -.
    #[arg(long, value_name = "FILE")]
    pub body: Option<PathBuf>,
    /// The payment as you stored it when you started it.
    #[command(flatten)]
    pub payment: PaymentArgs,
    /// The state your shop last acted on, to report the transition from it.
    #[arg(long, value_name = "STATE", value_parser = parse_state)]
    pub last_state: Option<PaymentState>,
}

/// `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write forumpay.1 and one page per subcommand (forumpay-watch.1, ...) into this folder
    /// instead of printing forumpay.1.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// A known payment state; a typo would otherwise match nothing, silently.
fn parse_state(text: &str) -> Result<PaymentState, String> {
    match PaymentState::parse(text) {
        PaymentState::Unknown(_) => {
            let known: Vec<&str> = PaymentState::KNOWN
                .iter()
                .map(PaymentState::as_str)
                .collect();
            Err(format!("not a payment state; one of {}", known.join(", ")))
        }
        state => Ok(state),
    }
}

/// Seconds in a day, to make `--to DAY` include the whole day.
const DAY: i64 = 86_400;

/// A day (`2026-03-01`, its first second) or a time, in UTC.
fn parse_date(text: &str) -> Result<(Timestamp, bool), String> {
    let t = text.trim();
    let whole_day = t.len() == 10;
    let full = if whole_day {
        format!("{t} 00:00:00")
    } else {
        t.to_string()
    };
    Timestamp::parse(&full)
        .map(|at| (at, whole_day))
        .ok_or_else(|| "expected YYYY-MM-DD or YYYY-MM-DD HH:MM:SS (UTC)".to_string())
}

/// `--from`: from the first second of a day, or from a time.
fn parse_from(text: &str) -> Result<Timestamp, String> {
    parse_date(text).map(|(at, _)| at)
}

/// `--to`: through the end of a day, or up to (not including) a time.
fn parse_to(text: &str) -> Result<Timestamp, String> {
    parse_date(text).map(|(at, whole_day)| {
        if whole_day {
            Timestamp::from_unix_seconds(at.unix_seconds() + DAY)
        } else {
            at
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_cover_whole_days() {
        let from = parse_from("2026-03-01").unwrap_or_else(|e| panic!("{e}"));
        let to = parse_to("2026-03-01").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(from.to_string(), "2026-03-01 00:00:00");
        assert_eq!(to.to_string(), "2026-03-02 00:00:00");
        let exact = parse_to("2026-03-01 12:30:00").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(exact.to_string(), "2026-03-01 12:30:00");
        assert!(parse_from("01/03/2026").is_err());
        assert!(parse_from("2026-02-30").is_err());
    }

    #[test]
    fn states_must_be_known() {
        assert_eq!(parse_state("Confirmed"), Ok(PaymentState::Confirmed));
        assert!(parse_state("confimred").is_err());
    }
}
