//! How each API answer reads for people: the fields worth looking at, amounts with their
//! currency, secrets as `***`. Everything else is one `--json` away.

use crate::output::{Lines, Render};
use forumpay::{
    AcceptResult, CancelResult, Currency, KycResult, PaymentStatus, Pong, Rate, Rates,
    RefundResult, StartedPayment, TransactionPage, WalletApp,
};

impl Render for Pong {
    fn human(&self) -> String {
        let mut l = Lines::default();
        l.text("result", self.result.as_deref().unwrap_or("(none)"));
        if let Some(w) = &self.webhook_response {
            l.opt("webhook status", w.status.as_ref())
                .opt("webhook url", w.webhook_url.as_ref())
                .opt("webhook response code", w.response_code)
                .opt("webhook duration", w.duration.as_ref());
        }
        l.render()
    }
}

impl Render for Rate {
    fn human(&self) -> String {
        let mut l = Lines::default();
        l.text("payment_id", &self.payment_id)
            .amount(
                "invoice_amount",
                &self.invoice_amount,
                &self.invoice_currency,
            )
            .text(
                "rate",
                format!("{} {}/{}", self.rate, self.invoice_currency, self.currency),
            )
            .opt_amount(
                "amount_exchange",
                self.amount_exchange.as_ref(),
                &self.currency,
            )
            .opt_amount(
                "network_processing_fee",
                self.network_processing_fee.as_ref(),
                &self.currency,
            )
            .amount("amount", &self.amount, &self.currency)
            .opt("wait_time", self.wait_time.as_ref());
        l.render()
    }
}

impl Render for Rates {
    fn human(&self) -> String {
        let mut l = Lines::default();
        l.text("payment_id", &self.payment_id).amount(
            "invoice_amount",
            &self.invoice_amount,
            &self.invoice_currency,
        );
        for c in &self.currencies {
            l.text(
                &c.currency,
                format!(
                    "{} {}  (rate {} {}/{})",
                    c.amount, c.currency, c.rate, self.invoice_currency, c.currency
                ),
            );
        }
        l.render()
    }
}

impl Render for StartedPayment {
    fn human(&self) -> String {
        let mut l = Lines::default();
        l.text("payment_id", &self.payment_id)
            .text("address", &self.address)
            .amount("amount", &self.amount, &self.currency)
            .amount(
                "invoice_amount",
                &self.invoice_amount,
                &self.invoice_currency,
            )
            .opt(
                "rate",
                self.rate
                    .map(|r| format!("{r} {}/{}", self.invoice_currency, self.currency)),
            )
            .opt_amount(
                "network_processing_fee",
                self.network_processing_fee.as_ref(),
                &self.currency,
            )
            .opt("min_confirmations", self.min_confirmations)
            .opt("wait_time", self.wait_time.as_ref())
            .opt("reference_no", self.reference_no.as_ref())
            .opt("qr", self.qr.as_ref())
            .secret("access_token", self.access_token.as_ref())
            .secret("access_url", self.access_url.as_ref())
            .secret("stats_token", self.stats_token.as_ref());
        for notice in &self.notices {
            l.text(
                "notice",
                notice
                    .message
                    .as_deref()
                    .or(notice.code.as_deref())
                    .unwrap_or("(empty)"),
            );
        }
        l.render()
    }
}

impl Render for PaymentStatus {
    fn human(&self) -> String {
        let mut l = Lines::default();
        l.text("state", &self.state)
            .opt("status", self.status.as_ref())
            .opt("reference_no", self.reference_no.as_ref())
            .amount("amount", &self.amount, &self.currency)
            .opt_amount(
                "original_amount",
                self.original_amount.as_ref(),
                &self.currency,
            )
            .amount(
                "invoice_amount",
                &self.invoice_amount,
                &self.invoice_currency,
            )
            .opt_amount("payment", self.payment.as_ref(), &self.currency)
            .opt(
                "confirmations",
                self.confirmations.map(|c| match self.min_confirmations {
                    Some(min) => format!("{c} of {min}"),
                    None => c.to_string(),
                }),
            )
            .opt_amount(
                "unconfirmed_amount",
                self.unconfirmed_amount.as_ref(),
                &self.currency,
            )
            .opt_amount(
                "unconfirmed_invoice_amount",
                self.unconfirmed_invoice_amount.as_ref(),
                &self.invoice_currency,
            )
            .opt_amount(
                "refund_amount_opened",
                self.refund_amount_opened.as_ref(),
                &self.currency,
            )
            .opt_amount("refund", self.refund.as_ref(), &self.currency)
            .opt("refund_status", self.refund_status.as_ref())
            .opt("confirmed_time", self.confirmed_time)
            .opt("cancelled_time", self.cancelled_time)
            .opt("reason", self.reason.as_ref())
            .opt("blocked_alert_level", self.blocked_alert_level.as_ref())
            .opt("inserted", self.inserted)
            .secret("access_token", self.access_token.as_ref())
            .secret("access_url", self.access_url.as_ref());
        if let Some(u) = &self.underpayment {
            l.opt_amount("missing_amount", u.missing_amount.as_ref(), &self.currency)
                .opt("missing_amount_address", u.address.as_ref());
        }
        l.render()
    }
}

impl Render for CancelResult {
    fn human(&self) -> String {
        let mut l = Lines::default();
        l.text("cancelled", self.cancelled)
            .opt("status", self.status.as_ref());
        l.render()
    }
}

impl Render for AcceptResult {
    fn human(&self) -> String {
        let mut l = Lines::default();
        l.text("accepted", self.success);
        l.render()
    }
}

impl Render for RefundResult {
    fn human(&self) -> String {
        let mut l = Lines::default();
        l.text("refund", "requested")
            .opt("wait_time", self.wait_time.as_ref());
        l.render()
    }
}

impl Render for KycResult {
    fn human(&self) -> String {
        let mut l = Lines::default();
        l.text("kyc", "requested: the payer gets an e-mail with a code for --payer-kyc-pin")
            .opt("status", self.status.as_ref());
        l.render()
    }
}

impl Render for [WalletApp] {
    fn human(&self) -> String {
        if self.is_empty() {
            return "no wallet apps".to_string();
        }
        let mut l = Lines::default();
        for app in self {
            l.text(&app.id, &app.name);
        }
        l.render()
    }
}

impl Render for [Currency] {
    fn human(&self) -> String {
        if self.is_empty() {
            return "no currencies".to_string();
        }
        let mut l = Lines::default();
        for c in self {
            let availability = if c.is_available() {
                "available"
            } else {
                "unavailable"
            };
            let name = c.description.as_deref().unwrap_or("");
            let rate = match (&c.rate, &c.currency_fiat) {
                (Some(r), Some(fiat)) => format!(", rate {r} {fiat}/{}", c.currency),
                (Some(r), None) => format!(", rate {r}"),
                _ => String::new(),
            };
            l.text(&c.currency, format!("{name} ({availability}{rate})"));
        }
        l.render()
    }
}

impl Render for TransactionPage {
    fn human(&self) -> String {
        if self.transactions.is_empty() {
            return "no transactions".to_string();
        }
        let mut blocks = Vec::new();
        for t in &self.transactions {
            let mut l = Lines::default();
            let currency = t.currency.as_deref().unwrap_or("");
            let fiat = t.invoice_currency.as_deref().unwrap_or("");
            l.text("payment_id", &t.payment_id)
                .text("state", &t.state)
                .opt("reference_no", t.reference_no.as_ref())
                .opt_amount("invoice_amount", t.invoice_amount.as_ref(), fiat)
                .opt_amount("amount", t.amount.as_ref(), currency)
                .opt_amount("payment", t.payment.as_ref(), currency)
                .opt("address", t.address.as_ref())
                .opt("inserted", t.inserted)
                .secret("access_token", t.access_token.as_ref());
            blocks.push(l.render());
        }
        blocks.join("\n\n")
    }
}
