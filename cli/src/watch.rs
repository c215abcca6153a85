//! `forumpay watch`: follows a payment with the SDK's watcher until it settles, printing each
//! change of state and each change of what was paid or confirmed within a state (the watcher's
//! `progress`; a plain line, or a JSON line with `--json`) and, on a terminal, a live
//! line with the state, what was paid of the amount, confirmations and the time left.
//!
//! The watch ends where nothing more happens without someone acting: confirmed (exit 0),
//! cancelled (3) or blocked (4). The SDK's watcher polls a blocked payment, or a cancelled one
//! that received money, until its deadline, because the provider or the merchant may still
//! move it; the command stops there and lets its exit status say so.

use crate::args::Global;
use crate::connect::{client, require_pos_id};
use crate::interrupt::Interrupt;
use crate::live::{clock, LiveLine, REDRAW_EVERY};
use crate::output::{Failure, Printing};
use crate::rows::reader_gone;
use crate::tool_args::WatchArgs;
use forumpay::{
    Error, ErrorCode, PaymentRef, PaymentState, PaymentStatus, PaymentUpdate, Timestamp,
    TransitionKind, WatchOptions,
};
use serde::Serialize;
use serde_json::Value;
use std::io::{IsTerminal, Read, Write};
use std::time::{Duration, Instant};

/// Exit status of a watch that saw the payment cancelled.
pub const CANCELLED: u8 = 3;
/// Exit status of a watch that saw the payment blocked.
pub const BLOCKED: u8 = 4;
/// Exit status of a watch whose `--timeout` passed first.
pub const TIMED_OUT: u8 = 5;

/// The most read from stdin for the payment's JSON: a `start --json` answer is a few KiB.
const MAX_STDIN: u64 = 1 << 20;

/// Runs `watch`.
pub async fn run(global: &Global, args: &WatchArgs) -> Result<(), Failure> {
    let payment = target(args)?;
    require_pos_id(global)?;
    let client = client(global)?;
    let printing = Printing::of(global);
    let mut interrupt = Interrupt::install()?;
    let timeout = Duration::from_secs(args.timeout);
    let options = WatchOptions::default()
        .interval(Duration::from_secs(args.interval))
        .timeout(timeout)
        .progress(true);
    // Core refuses a timeout past 30 days; checked anyway, so no setting can panic.
    let mut watcher = client.watch_payment(payment.clone(), options)?;
    let deadline = Instant::now().checked_add(timeout).unwrap_or_else(Instant::now);
    let mut live = LiveLine::stderr();
    let mut last: Option<PaymentStatus> = None;
    let mut tick = tokio::time::interval(REDRAW_EVERY);
    loop {
        let next = watcher.next();
        tokio::pin!(next);
        let result = loop {
            tokio::select! {
                result = &mut next => break result,
                () = interrupt.wait() => {
                    live.clear();
                    return Err(Interrupt::stopped());
                }
                _ = tick.tick(), if live.enabled() => {
                    live.draw(&live_text(&payment, last.as_ref(), deadline), false);
                }
            }
        };
        let update = match result {
            Ok(Some(update)) => update,
            // The watcher ends only after a settled update, which already ended this loop.
            Ok(None) => return Ok(()),
            Err(e) if e.code() == ErrorCode::Timeout => {
                live.clear();
                return Err(Failure::Coded {
                    status: TIMED_OUT,
                    error: Some(e),
                });
            }
            Err(e) => return Err(Failure::Sdk(e)),
        };
        live.clear();
        if let Err(e) = print(&update, printing) {
            return if reader_gone(&e) {
                Ok(())
            } else {
                Err(Failure::Other(format!("cannot write the output: {e}")))
            };
        }
        let end = ending(&update.state);
        last = Some(update.status);
        if let Some(end) = end {
            return end;
        }
        live.draw(&live_text(&payment, last.as_ref(), deadline), true);
    }
}

/// Where the watch stops, and with which exit status.
fn ending(state: &PaymentState) -> Option<Result<(), Failure>> {
    let coded = |status| Failure::Coded {
        status,
        error: None,
    };
    match state {
        PaymentState::Confirmed => Some(Ok(())),
        PaymentState::Cancelled => Some(Err(coded(CANCELLED))),
        PaymentState::Blocked => Some(Err(coded(BLOCKED))),
        _ => None,
    }
}

/// One update on stdout: a plain line, or a JSON line.
fn print(update: &PaymentUpdate, printing: Printing) -> std::io::Result<()> {
    let line = if printing.json {
        printing
            .line(&UpdateJson::of(update))
            .map_err(std::io::Error::other)?
    } else {
        plain(update)
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()
}

/// `2026-03-01 10:00:03  waiting -> processing  paid 0.00048030 of 0.00048030 BTC  confirmations 0/1`.
fn plain(update: &PaymentUpdate) -> String {
    let change = match &update.previous {
        Some(_) if update.transition == TransitionKind::Unchanged => update.state.to_string(),
        Some(previous) => format!("{previous} -> {}", update.state),
        None => update.state.to_string(),
    };
    let mut line = format!(
        "{}  {change}  {}",
        observed(update),
        progress(&update.status, "  ")
    );
    if update.transition == TransitionKind::Unlisted {
        line.push_str("  (a change the manual does not list)");
    }
    line
}

/// What was paid of the amount, and confirmations when the API sends them.
fn progress(s: &PaymentStatus, separator: &str) -> String {
    let paid = s
        .payment
        .map(|p| p.to_string())
        .unwrap_or_else(|| "0".to_string());
    let mut text = format!("paid {paid} of {} {}", s.amount, s.currency);
    if let Some(c) = s.confirmations {
        text.push_str(separator);
        match s.min_confirmations {
            Some(min) => text.push_str(&format!("confirmations {c}/{min}")),
            None => text.push_str(&format!("confirmations {c}")),
        }
    }
    text
}

/// The live line: the last state seen and the time left.
fn live_text(payment: &PaymentRef, last: Option<&PaymentStatus>, deadline: Instant) -> String {
    let left = clock(deadline.saturating_duration_since(Instant::now()));
    match last {
        Some(s) => format!("{} · {} · {left} left", s.state, progress(s, " · ")),
        None => format!("checking payment {} · {left} left", payment.payment_id),
    }
}

/// When the update was seen, in the API's own timestamp form (UTC).
fn observed(update: &PaymentUpdate) -> Timestamp {
    Timestamp::from_unix_seconds(update.observed_at.unix_seconds())
}

/// One update as a JSON line: the change, then CheckPayment's full answer.
#[derive(Serialize)]
struct UpdateJson<'a> {
    observed_at: Timestamp,
    previous: Option<&'a PaymentState>,
    state: &'a PaymentState,
    transition: TransitionKind,
    payment: &'a PaymentStatus,
}

impl<'a> UpdateJson<'a> {
    fn of(update: &'a PaymentUpdate) -> Self {
        UpdateJson {
            observed_at: observed(update),
            previous: update.previous.as_ref(),
            state: &update.state,
            transition: update.transition,
            payment: &update.status,
        }
    }
}

/// The payment to watch: from the flags, or from the JSON on stdin with the flags filling in
/// or overriding its currency and address.
fn target(args: &WatchArgs) -> Result<PaymentRef, Failure> {
    let (id, json) = match args.payment_id.as_deref() {
        Some(id) if id != "-" => (Some(id.to_string()), Value::Null),
        _ => {
            let json = stdin_json()?;
            (text(&json, "payment_id"), json)
        }
    };
    let currency = args.currency.clone().or_else(|| text(&json, "currency"));
    let address = args.address.clone().or_else(|| text(&json, "address"));
    let missing = |field: &str, flag: &str| {
        Failure::Usage(Error::validation(
            field,
            format!(
                "{field} is required: pass {flag}, or pipe the JSON of `forumpay --json start`"
            ),
        ))
    };
    Ok(PaymentRef::new(
        id.ok_or_else(|| missing("payment_id", "PAYMENT_ID"))?,
        currency.ok_or_else(|| missing("currency", "--currency"))?,
        address.ok_or_else(|| missing("address", "--address"))?,
    ))
}

/// A non-empty string field of the piped JSON.
fn text(json: &Value, key: &str) -> Option<String> {
    json.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
}

/// The JSON object piped on stdin; a terminal there would wait forever, so it is refused.
fn stdin_json() -> Result<Value, Failure> {
    let usage = |message: String| Failure::Usage(Error::validation("payment_id", message));
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(usage(
            "name the payment: forumpay watch PAYMENT_ID --currency C --address A, or pipe the JSON of `forumpay --json start`".to_string(),
        ));
    }
    let mut body = String::new();
    stdin
        .lock()
        .take(MAX_STDIN)
        .read_to_string(&mut body)
        .map_err(|e| usage(format!("cannot read the payment's JSON from stdin: {e}")))?;
    match serde_json::from_str::<Value>(&body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(usage("stdin holds JSON but not an object".to_string())),
        Err(e) => Err(usage(format!("stdin is not the JSON of a payment: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_watch_ends_where_nothing_moves_without_someone_acting() {
        assert!(matches!(ending(&PaymentState::Confirmed), Some(Ok(()))));
        let status = |s| match ending(&s) {
            Some(Err(Failure::Coded { status, .. })) => Some(status),
            _ => None,
        };
        assert_eq!(status(PaymentState::Cancelled), Some(CANCELLED));
        assert_eq!(status(PaymentState::Blocked), Some(BLOCKED));
        assert!(ending(&PaymentState::Processing).is_none());
        assert!(ending(&PaymentState::Underpayment).is_none());
    }
}
