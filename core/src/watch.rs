//! Watching a payment: poll CheckPayment on a fixed schedule and report each change of state
//! (and, when asked, each change of what was paid or confirmed within a state) until the
//! payment is settled or the deadline passes. Pull-style (`next().await`), so a watch
//! costs a timer, not a thread, and dropping the watcher stops it at once.

use crate::client::Client;
use crate::error::{Error, ErrorCode, Result};
use crate::lifecycle::TransitionKind;
use crate::models::PaymentStatus;
use crate::requests::PaymentRef;
use crate::retry::add_or_far;
use crate::validate;
use rust_decimal::Decimal;
use crate::state::PaymentState;
use crate::timestamp::Timestamp;
use crate::trace::{self, call_span, traced};
use std::time::Duration;
use tracing::Level;
use tokio::time::Instant;

/// Default time between two polls.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(5);
/// Default time a watch may take before it gives up.
pub const DEFAULT_WATCH_TIMEOUT: Duration = Duration::from_secs(3600);

/// How to watch a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatchOptions {
    /// Time between two polls (default 5 s; from 1 s to 1 h).
    pub interval: Duration,
    /// How long to watch before giving up with code `timeout` (default 1 h; at most 30 days).
    pub timeout: Duration,
    /// Also report a change of what was paid or confirmed within the same state (`payment`,
    /// `unconfirmed_amount`, `confirmations`), as an update whose transition is `unchanged`;
    /// by default only changes of state are reported.
    pub progress: bool,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions { interval: DEFAULT_POLL_INTERVAL, timeout: DEFAULT_WATCH_TIMEOUT, progress: false }
    }
}

impl WatchOptions {
    /// Checks the options (code `validation`, naming `interval` or `timeout`).
    pub fn validate(&self) -> Result<()> {
        validate::duration("interval", self.interval, validate::MIN_POLL_INTERVAL, validate::MAX_POLL_INTERVAL)?;
        validate::duration("timeout", self.timeout, Duration::from_nanos(1), validate::MAX_WATCH_TIMEOUT)
    }

    /// Polls every `interval`.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// Gives up after `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Reports progress within a state too (see [`WatchOptions::progress`]).
    pub fn progress(mut self, progress: bool) -> Self {
        self.progress = progress;
        self
    }
}

/// One observed change of state (or, for a watch with `progress`, of what was paid or confirmed).
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct PaymentUpdate {
    /// The state before (`None` for the first observation; the same state for progress).
    pub previous: Option<PaymentState>,
    /// The state now.
    pub state: PaymentState,
    /// How the change relates to the manual's transitions. An `Unlisted` one is reported, not
    /// refused: the server wins.
    pub transition: TransitionKind,
    /// Whether the manual does not list this change (`transition` is `unlisted`).
    pub unlisted: bool,
    /// Whether the payment is settled (and the watch therefore over).
    pub settled: bool,
    /// When it was observed (this machine's clock, to the millisecond).
    pub observed_at: Timestamp,
    /// CheckPayment's full answer.
    pub status: PaymentStatus,
}

impl PaymentUpdate {
    /// Whether the manual does not list this change.
    pub fn is_unlisted(&self) -> bool {
        self.transition == TransitionKind::Unlisted
    }

    /// Whether the payment is settled (and the watch therefore over).
    pub fn is_settled(&self) -> bool {
        self.status.is_settled()
    }
}

/// What was paid and confirmed, as a watch with `progress` compares it between polls.
#[derive(Debug, Clone, PartialEq)]
struct Progress {
    payment: Option<Decimal>,
    unconfirmed_amount: Option<Decimal>,
    confirmations: Option<i64>,
}

impl Progress {
    fn of(status: &PaymentStatus) -> Self {
        Progress { payment: status.payment, unconfirmed_amount: status.unconfirmed_amount, confirmations: status.confirmations }
    }
}

/// A running watch (see [`Client::watch_payment`]).
pub struct PaymentWatcher {
    client: Client,
    payment: PaymentRef,
    interval: Duration,
    deadline: Instant,
    next_poll: Instant,
    last: Option<PaymentState>,
    progress: Option<Progress>,
    last_error: Option<Error>,
    polls: u64,
    finished: bool,
}

impl PaymentWatcher {
    /// How many CheckPayment calls were made so far.
    pub fn polls(&self) -> u64 {
        self.polls
    }

    /// The next change of state; `Ok(None)` once a settled update has been returned. Transient
    /// failures (server, network, timeout, rate limit) are retried at the next poll; when the
    /// deadline passes the last such failure is returned, or code `timeout` if polls succeeded.
    /// Any other failure ends the watch at once.
    pub async fn next(&mut self) -> Result<Option<PaymentUpdate>> {
        if self.finished {
            return Ok(None);
        }
        loop {
            let now = Instant::now();
            if now >= self.deadline {
                self.finished = true;
                return Err(self.last_error.take().unwrap_or_else(|| {
                    Error::new(ErrorCode::Timeout, "the payment was not settled before the watch's deadline")
                        .with_action("CheckPayment")
                        .with_attempts(u32::try_from(self.polls).unwrap_or(u32::MAX))
                }));
            }
            if self.next_poll > now {
                tokio::time::sleep_until(self.next_poll.min(self.deadline)).await;
                continue;
            }
            // Fixed-rate schedule: a slow answer does not push every later poll back.
            self.next_poll = add_or_far(self.next_poll, self.interval);
            if self.next_poll < now {
                self.next_poll = add_or_far(now, self.interval);
            }
            self.polls += 1;
            // A poll, retries included, must not outlive the watch.
            let deadline = self.client.deadline().no_later_than(self.deadline.into_std());
            // Boxed: the call's state is large (about 1.2 kB) and lives only while polling,
            // while a watch spends nearly all its time asleep between polls; kept inline, every
            // sleeping watch would carry it (measured: 100,000 watches, decision 0026).
            let p = &self.payment;
            let span = call_span!(trace::WATCH, "watch_payment", "CheckPayment", Some(p.payment_id.as_str()), Some(p.currency.as_str()));
            span.record("forumpay.poll", self.polls);
            match Box::pin(traced(span, self.client.check_payment_within(p, deadline))).await {
                Ok(status) => {
                    self.last_error = None;
                    let same_state = self.last.as_ref() == Some(&status.state);
                    let progress = self.progress.as_mut().map(|seen| {
                        let now = Progress::of(&status);
                        let moved = *seen != now;
                        *seen = now;
                        moved
                    });
                    if same_state && progress != Some(true) {
                        continue;
                    }
                    let previous = self.last.replace(status.state.clone());
                    let transition = match &previous {
                        Some(p) => p.transition_to(&status.state),
                        None => TransitionKind::Listed,
                    };
                    let update = PaymentUpdate {
                        previous,
                        state: status.state.clone(),
                        observed_at: Timestamp::now(),
                        unlisted: transition == TransitionKind::Unlisted,
                        settled: status.is_settled(),
                        transition,
                        status,
                    };
                    self.finished = update.is_settled();
                    tracing::event!(
                        target: trace::WATCH,
                        Level::INFO,
                        forumpay.payment_id = self.payment.payment_id.as_str(),
                        forumpay.state = update.state.as_str(),
                        forumpay.previous_state = update.previous.as_ref().map(PaymentState::as_str),
                        forumpay.transition = update.transition.as_str(),
                        forumpay.settled = update.settled,
                        forumpay.poll = self.polls,
                        "payment observed: a change of state, or of what was paid or confirmed"
                    );
                    return Ok(Some(update));
                }
                Err(e) if e.is_transient() => {
                    // A poll cut short by the watch's own deadline says less than the failure
                    // that came before it.
                    let cut_short = e.code() == ErrorCode::Timeout && Instant::now() >= self.deadline;
                    if !(cut_short && self.last_error.is_some()) {
                        self.last_error = Some(e);
                    }
                }
                Err(e) => {
                    self.finished = true;
                    return Err(e);
                }
            }
        }
    }
}

impl Client {
    /// Watches a payment: the first call of [`PaymentWatcher::next`] returns the current state,
    /// each later one the next change, until the payment is settled or `options.timeout`
    /// passes. Nothing happens between calls; dropping the watcher stops it.
    ///
    /// Code `validation` for options out of range (an interval under 1 s, a timeout over 30
    /// days) or a payment reference that could not be sent.
    pub fn watch_payment(&self, payment: PaymentRef, options: WatchOptions) -> Result<PaymentWatcher> {
        options.validate()?;
        payment.params(self.config())?;
        let now = Instant::now();
        Ok(PaymentWatcher {
            client: self.clone(),
            payment,
            interval: options.interval,
            deadline: add_or_far(now, options.timeout),
            next_poll: now,
            last: None,
            progress: options.progress.then_some(Progress { payment: None, unconfirmed_amount: None, confirmations: None }),
            last_error: None,
            polls: 0,
            finished: false,
        })
    }

    /// Waits until the payment is settled and returns its final status (code `timeout` if the
    /// deadline passes first).
    pub async fn wait_for_settlement(&self, payment: PaymentRef, options: WatchOptions) -> Result<PaymentStatus> {
        let span = call_span!(trace::CALL, "wait_for_settlement", "CheckPayment", Some(payment.payment_id.as_str()), Some(payment.currency.as_str()));
        traced(span, async {
            let mut watcher = self.watch_payment(payment, options)?;
            let mut last = None;
            while let Some(update) = watcher.next().await? {
                last = Some(update);
            }
            last.map(|u| u.status).ok_or_else(|| Error::new(ErrorCode::Timeout, "the watch ended without an answer"))
        })
        .await
    }
}
