//! What the dashboard shows, as plain rows for its templates: payments (filtered), one
//! payment's facts, webhook notifications, armed faults and the clock.

use std::collections::HashMap;

use crate::clock::format_timestamp;
use crate::params::Params;
use crate::payment::PaymentSnapshot;
use crate::webhooks::{Notification, WebhookDelivery};

/// Every machine state, in the order of a payment's life.
pub(crate) const STATES: [&str; 7] = [
    "waiting",
    "processing",
    "zero_confirmed",
    "confirmed",
    "underpayment",
    "cancelled",
    "blocked",
];

/// The list's filter, from the query string: a state and a text to look for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Filter {
    /// One of `STATES`, or empty for any.
    pub state: String,
    /// Text looked for (case-insensitive) in the id, reference, POS id, currency, address and
    /// item name; empty for any.
    pub text: String,
}

impl Filter {
    /// Reads `state` and `q`; an unknown state means any.
    pub(crate) fn parse(query: Option<&str>) -> Filter {
        let params = Params::query(query.unwrap_or_default());
        let state = params
            .opt("state")
            .filter(|s| STATES.contains(s))
            .unwrap_or("")
            .to_string();
        let text = params.opt("q").unwrap_or("").trim().to_string();
        Filter { state, text }
    }

    /// Whether anything is filtered.
    pub(crate) fn is_active(&self) -> bool {
        !self.state.is_empty() || !self.text.is_empty()
    }

    /// Whether `p` passes.
    pub(crate) fn matches(&self, p: &PaymentSnapshot) -> bool {
        if !self.state.is_empty() && p.state != self.state {
            return false;
        }
        if self.text.is_empty() {
            return true;
        }
        let needle = self.text.to_lowercase();
        [
            Some(p.payment_id.as_str()),
            p.reference_no.as_deref(),
            Some(p.pos_id.as_str()),
            Some(p.currency.as_str()),
            Some(p.address.as_str()),
            p.item_name.as_deref(),
        ]
        .into_iter()
        .flatten()
        .any(|field| field.to_lowercase().contains(&needle))
    }
}

/// How a payment's webhooks went, per payment id: attempts delivered and attempts failed.
pub(crate) fn webhook_tally(deliveries: &[WebhookDelivery]) -> HashMap<&str, (usize, usize)> {
    let mut tally: HashMap<&str, (usize, usize)> = HashMap::new();
    for d in deliveries {
        let entry = tally.entry(d.payment_id.as_str()).or_default();
        if d.delivered {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    tally
}

/// The dashboard URL of one payment.
pub(crate) fn payment_href(payment_id: &str) -> String {
    let id: String = form_urlencoded::byte_serialize(payment_id.as_bytes()).collect();
    format!("/sandbox/ui/payment?id={id}")
}

/// One row of the payments table.
#[derive(Debug, Clone)]
pub(crate) struct PaymentRow {
    pub id: String,
    pub href: String,
    pub inserted: String,
    pub reference: String,
    pub state: String,
    pub status: String,
    pub amount: String,
    pub invoice: String,
    pub paid: String,
    /// e.g. `2 delivered` or `1 delivered, 3 failed`; empty when none was sent.
    pub webhooks: String,
    /// Whether any attempt failed.
    pub webhooks_failed: bool,
}

impl PaymentRow {
    /// The row of `p`, with its webhook tally.
    pub(crate) fn of(p: &PaymentSnapshot, tally: Option<&(usize, usize)>) -> PaymentRow {
        let (delivered, failed) = tally.copied().unwrap_or_default();
        let webhooks = match (delivered, failed) {
            (0, 0) => String::new(),
            (d, 0) => format!("{d} delivered"),
            (0, f) => format!("{f} failed"),
            (d, f) => format!("{d} delivered, {f} failed"),
        };
        PaymentRow {
            id: p.payment_id.clone(),
            href: payment_href(&p.payment_id),
            inserted: p.inserted.clone(),
            reference: p.reference_no.clone().unwrap_or_default(),
            state: p.state.clone(),
            status: p.status.clone(),
            amount: format!("{} {}", p.amount, p.currency),
            invoice: format!("{} {}", p.invoice_amount, p.invoice_currency),
            paid: format!("{} {}", p.paid, p.currency),
            webhooks,
            webhooks_failed: failed > 0,
        }
    }
}

/// One `label: value` line of a payment's facts.
pub(crate) type Fact = (&'static str, String);

/// The facts of one payment worth showing, in reading order (empty ones left out).
pub(crate) fn facts(p: &PaymentSnapshot) -> Vec<Fact> {
    let cur = &p.currency;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let amount =
        |v: Option<rust_decimal::Decimal>| v.map(|d| format!("{d} {cur}")).unwrap_or_default();
    let rows: Vec<Fact> = vec![
        ("State", format!("{} ({})", p.status, p.state)),
        ("POS", p.pos_id.clone()),
        ("Reference", opt(&p.reference_no)),
        ("Item", opt(&p.item_name)),
        (
            "Invoice",
            format!("{} {}", p.invoice_amount, p.invoice_currency),
        ),
        ("Rate", p.rate.to_string()),
        ("Amount", format!("{} {cur}", p.amount)),
        ("Network fee", format!("{} {cur}", p.network_processing_fee)),
        ("Original amount", amount(p.original_amount)),
        ("Paid", format!("{} {cur}", p.paid)),
        ("Missing", amount(p.missing_amount)),
        ("Unconfirmed", amount(p.unconfirmed_amount)),
        ("Refund opened", amount(p.refund_amount_opened)),
        (
            "Refunded",
            if p.refunded.is_zero() {
                String::new()
            } else {
                format!("{} {cur}", p.refunded)
            },
        ),
        (
            "Confirmations",
            format!("{} of {}", p.confirmations, p.min_confirmations),
        ),
        ("Address", p.address.clone()),
        ("Started", p.inserted.clone()),
        ("Confirmed at", opt(&p.confirmed_time)),
        ("Cancelled at", opt(&p.cancelled_time)),
        ("Reason", opt(&p.reason)),
        ("Alert level", opt(&p.blocked_alert_level)),
        ("Webhook URL", opt(&p.webhook_url)),
    ];
    rows.into_iter().filter(|(_, v)| !v.is_empty()).collect()
}

/// One notification as the dashboard lists it.
#[derive(Debug, Clone)]
pub(crate) struct NotificationRow {
    pub number: u64,
    pub url: String,
    pub body: String,
    /// `1: 500, 2: 200`.
    pub attempts: String,
    pub attempt_count: usize,
    /// The last attempt's status code or why it failed.
    pub outcome: String,
    pub delivered: bool,
}

impl NotificationRow {
    /// The row of `n`.
    pub(crate) fn of(n: &Notification) -> NotificationRow {
        let attempts = n
            .attempts
            .iter()
            .map(|a| {
                format!(
                    "{}: {}",
                    a.attempt,
                    a.status.map_or("no answer".to_string(), |s| s.to_string())
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        NotificationRow {
            number: n.number,
            url: n.url.clone(),
            body: n.body.clone(),
            attempts,
            attempt_count: n.attempts.len(),
            outcome: n.last().map(|a| a.outcome.clone()).unwrap_or_default(),
            delivered: n.last().is_some_and(|a| a.delivered),
        }
    }
}

/// The emulator's clock as the dashboard shows it.
#[derive(Debug, Clone)]
pub(crate) struct ClockView {
    /// `YYYY-MM-DD HH:MM:SS` UTC.
    pub now: String,
    /// e.g. `1 h 30 min ahead of real time`, or `real time`.
    pub offset: String,
}

impl ClockView {
    /// The clock at `now` with `offset` seconds added.
    pub(crate) fn of(now: u64, offset: u64) -> ClockView {
        let offset = if offset == 0 {
            "the same as real time".to_string()
        } else {
            let (h, m, s) = (offset / 3600, offset % 3600 / 60, offset % 60);
            let mut parts = Vec::new();
            if h > 0 {
                parts.push(format!("{h} h"));
            }
            if m > 0 {
                parts.push(format!("{m} min"));
            }
            if s > 0 {
                parts.push(format!("{s} s"));
            }
            format!("{} ahead of real time", parts.join(" "))
        };
        ClockView {
            now: format_timestamp(now),
            offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_reads_the_query_and_ignores_unknown_states() {
        assert_eq!(
            Filter::parse(Some("state=confirmed&q=+order-1+")),
            Filter {
                state: "confirmed".to_string(),
                text: "order-1".to_string()
            }
        );
        assert!(!Filter::parse(Some("state=nonsense")).is_active());
    }

    #[test]
    fn clock_offsets_read_naturally() {
        assert_eq!(ClockView::of(0, 0).offset, "the same as real time");
        assert_eq!(
            ClockView::of(0, 5430).offset,
            "1 h 30 min 30 s ahead of real time"
        );
        assert_eq!(ClockView::of(0, 60).now, "1970-01-01 00:00:00");
    }
}
