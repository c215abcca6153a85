//! A payment's timeline: each change of its state or amounts, with the emulator's clock and what
//! caused it (for the dashboard and `Sandbox::timeline`).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::catalog::at_scale;
use crate::clock::format_timestamp;
use crate::payment::{Payment, State};

/// The cause given to a change no operation claimed: the only change that happens on its own
/// is a waiting payment expiring (noticed on the next access to it).
const EXPIRED: &str = "expired unpaid";

/// One change as stored.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Emulator clock, epoch seconds.
    at: u64,
    state: State,
    paid: Decimal,
    refunded: Decimal,
    cause: String,
}

impl Entry {
    /// The first entry of every payment.
    pub(crate) fn started(at: u64) -> Entry {
        Entry {
            at,
            state: State::Waiting,
            paid: Decimal::ZERO,
            refunded: Decimal::ZERO,
            cause: "StartPayment".to_string(),
        }
    }

    /// `payment` as it is now, after a change made at `now` for `cause` (none: it expired).
    pub(crate) fn after_change(payment: &Payment, now: u64, cause: Option<String>) -> Entry {
        let (at, cause) = match cause {
            Some(cause) => (now, cause),
            // An expiry happened at the deadline, which may be well before it was noticed.
            None => (payment.cancelled_time.unwrap_or(now), EXPIRED.to_string()),
        };
        Entry {
            at,
            state: payment.state,
            paid: payment.paid,
            refunded: payment.refunded,
            cause,
        }
    }

    /// The public form, amounts at the payment currency's scale.
    pub(crate) fn public(&self, decimals: u32) -> TimelineEvent {
        TimelineEvent {
            at: format_timestamp(self.at),
            state: self.state.as_str().to_string(),
            paid: at_scale(self.paid, decimals),
            refunded: at_scale(self.refunded, decimals),
            cause: self.cause.clone(),
        }
    }
}

/// One change of a payment: its state and amounts after the change, when (emulator clock) and
/// why. The first event is the StartPayment that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEvent {
    /// Emulator clock, `YYYY-MM-DD HH:MM:SS` UTC like the API's timestamps.
    pub at: String,
    /// Machine state after the change (`waiting`, `processing`, ...).
    pub state: String,
    /// Everything received so far.
    pub paid: Decimal,
    /// Everything refunded so far.
    pub refunded: Decimal,
    /// What made the change, e.g. `received 0.01000000 BTC (payment page)`, `CancelPayment
    /// (no_wallet)`, `expired unpaid`.
    pub cause: String,
}
