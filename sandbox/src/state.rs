//! Payment state transitions (DESIGN.md): what paying, confirming, accepting, cancelling,
//! refunding, blocking and expiring do to one payment. Pure functions of the payment and `now`.

use rust_decimal::Decimal;

use crate::catalog::to_fiat;
use crate::error::{bad, forbidden, SandboxError};
use crate::payment::{Payment, State};

/// Alert levels a blocked payment may carry.
const ALERT_LEVELS: [&str; 5] = ["severe", "high", "medium", "low", "unknown"];

/// Longest cancellation comment kept, in characters.
const MAX_COMMENT: usize = 255;

impl Payment {
    /// The customer sends `amount` to the payment's address.
    pub(crate) fn pay(&mut self, amount: Decimal) -> Result<(), SandboxError> {
        if amount <= Decimal::ZERO {
            return Err(bad("amount must be greater than zero"));
        }
        if amount.normalize().scale() > self.info.decimals {
            return Err(bad(format!(
                "amount has more than {} decimals",
                self.info.decimals
            )));
        }
        match self.state {
            State::Blocked => return Err(forbidden("Payment is blocked")),
            State::Waiting | State::Underpayment => {
                self.paid += amount;
                if self.net_paid() >= self.amount {
                    self.clear_unconfirmed();
                    self.state = if self.zero_confirmation_applies() {
                        State::ZeroConfirmed
                    } else {
                        State::Processing
                    };
                } else {
                    self.state = State::Underpayment;
                    self.open_unconfirmed();
                    let fiat = self.unconfirmed_invoice_amount.unwrap_or_default();
                    let min_ok = self
                        .request
                        .auto_accept_underpayment_min
                        .is_none_or(|min| fiat >= min);
                    if self.request.auto_accept_underpayment && min_ok {
                        self.accept_open_amount(None);
                    }
                }
            }
            State::Processing | State::ZeroConfirmed => self.paid += amount,
            State::Confirmed => {
                self.paid += amount;
                self.settle_overpayment();
            }
            State::Cancelled => {
                // A late payment: the merchant may accept it or refund it.
                self.paid += amount;
                self.open_unconfirmed();
                self.refund_amount_opened = self.unconfirmed_amount;
                if self.request.auto_accept_late_payment {
                    self.accept_open_amount(None);
                }
            }
        }
        Ok(())
    }

    /// `n` more blockchain confirmations arrive.
    pub(crate) fn add_confirmations(&mut self, n: u32, now: u64) -> Result<(), SandboxError> {
        if !matches!(self.state, State::Processing | State::ZeroConfirmed) {
            return Err(forbidden(format!(
                "Payment in state {} is not awaiting confirmations",
                self.state.as_str()
            )));
        }
        if n == 0 {
            return Err(bad("confirmations must be greater than zero"));
        }
        self.confirmations = self.confirmations.saturating_add(n);
        if self.confirmations >= self.info.min_confirmations {
            self.state = State::Confirmed;
            self.confirmed_time = Some(now);
            self.settle_overpayment();
        }
        Ok(())
    }

    /// AcceptPayment: the merchant takes the underpaid or late amount.
    pub(crate) fn accept(
        &mut self,
        accepted: Decimal,
        accepted_invoice: Option<Decimal>,
    ) -> Result<(), SandboxError> {
        let open = self.unconfirmed_amount.filter(|u| *u > Decimal::ZERO);
        let acceptable = match self.state {
            State::Underpayment => true,
            State::Cancelled => open.is_some(),
            _ => false,
        };
        if !acceptable {
            return Err(forbidden("Payment can not be accepted"));
        }
        if Some(accepted) != open {
            return Err(forbidden(
                "accepted_amount does not match unconfirmed_amount",
            ));
        }
        self.accept_open_amount(accepted_invoice);
        Ok(())
    }

    /// CancelPayment.
    pub(crate) fn cancel(
        &mut self,
        reason: Option<String>,
        comment: Option<String>,
        now: u64,
    ) -> Result<(), SandboxError> {
        match self.state {
            State::Waiting | State::Underpayment => {}
            State::Cancelled => return Err(forbidden("Payment is already cancelled")),
            _ => return Err(forbidden("Payment can not be cancelled")),
        }
        self.state = State::Cancelled;
        self.cancelled = true;
        self.cancelled_time = Some(now);
        self.reason = reason;
        self.comment = comment.map(|c| c.chars().take(MAX_COMMENT).collect());
        if self.net_paid() > Decimal::ZERO {
            self.open_unconfirmed();
            self.refund_amount_opened = self.unconfirmed_amount;
        } else {
            self.clear_unconfirmed();
        }
        Ok(())
    }

    /// RefundPayment.
    pub(crate) fn refund(
        &mut self,
        refund_amount: Decimal,
        address_out: &str,
    ) -> Result<(), SandboxError> {
        let Some(opened) = self.refund_amount_opened.filter(|o| *o > Decimal::ZERO) else {
            return Err(forbidden("Payment has no amount open for refund"));
        };
        if address_out.trim().is_empty() {
            return Err(forbidden("address_out is required"));
        }
        if refund_amount != opened {
            return Err(forbidden(
                "refund_amount does not match refund_amount_opened",
            ));
        }
        self.refunded += opened;
        self.refund_status = Some("pending".to_string());
        self.refund_address = Some(address_out.to_string());
        self.refund_amount_opened = None;
        self.clear_unconfirmed();
        Ok(())
    }

    /// KYT blocks the payment.
    pub(crate) fn block(&mut self, alert_level: Option<&str>) -> Result<(), SandboxError> {
        let level = alert_level.unwrap_or("high");
        if !ALERT_LEVELS.contains(&level) {
            return Err(bad(format!(
                "alert_level must be one of {}",
                ALERT_LEVELS.join(", ")
            )));
        }
        if self.state == State::Confirmed {
            return Err(forbidden("Payment is already confirmed"));
        }
        self.state = State::Blocked;
        self.blocked_alert_level = Some(level.to_string());
        Ok(())
    }

    /// A waiting payment past its expiry is cancelled as of `inserted + expiry`.
    pub(crate) fn expire(&mut self, now: u64, expiry_secs: u64) {
        let deadline = self.inserted.saturating_add(expiry_secs);
        if self.state == State::Waiting && now >= deadline {
            self.state = State::Cancelled;
            self.cancelled = true;
            self.cancelled_time = Some(deadline);
        }
    }

    /// Records the net paid amount as awaiting a merchant decision.
    fn open_unconfirmed(&mut self) {
        let net = self.crypto(self.net_paid());
        self.unconfirmed_amount = Some(net);
        self.unconfirmed_invoice_amount = Some(to_fiat(net, self.rate));
    }

    fn clear_unconfirmed(&mut self) {
        self.unconfirmed_amount = None;
        self.unconfirmed_invoice_amount = None;
    }

    /// Makes the open (unconfirmed) amount the amount due and resumes processing.
    fn accept_open_amount(&mut self, accepted_invoice: Option<Decimal>) {
        let accepted = self.unconfirmed_amount.unwrap_or_else(|| self.net_paid());
        self.original_amount.get_or_insert(self.amount);
        self.amount = self.crypto(accepted);
        self.invoice_amount = accepted_invoice
            .or(self.unconfirmed_invoice_amount)
            .unwrap_or(self.invoice_amount);
        self.clear_unconfirmed();
        self.refund_amount_opened = None;
        self.cancelled = false;
        self.cancelled_time = None;
        self.state = State::Processing;
    }

    /// At (or after) confirmation, anything paid beyond the amount due is either accepted
    /// (auto_accept_overpayment, within its max) or opened for refund.
    fn settle_overpayment(&mut self) {
        let over = self.net_paid() - self.amount;
        if over <= Decimal::ZERO {
            return;
        }
        let paid_fiat = to_fiat(self.net_paid(), self.rate);
        let max_ok = self
            .request
            .auto_accept_overpayment_max
            .is_none_or(|max| paid_fiat <= max);
        if self.request.auto_accept_overpayment && max_ok {
            self.original_amount.get_or_insert(self.amount);
            self.invoice_amount += to_fiat(over, self.rate);
            self.amount = self.crypto(self.net_paid());
        } else {
            self.refund_amount_opened = Some(self.crypto(over));
        }
    }
}
