//! GetTransactions records.

use crate::decode::{kind_of, Extra, Fields};
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::state::PaymentState;
use crate::timestamp::Timestamp;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

/// One payment as listed by GetTransactions.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Transaction {
    /// Machine state.
    pub state: PaymentState,
    /// Display text of the state.
    pub status: Option<String>,
    /// Localized display text of the state.
    pub status_loc: Option<String>,
    /// Point of sale.
    pub pos_id: Option<String>,
    /// The payment's id.
    pub payment_id: String,
    /// The merchant's reference.
    pub reference_no: Option<String>,
    /// Fiat currency of the invoice.
    pub invoice_currency: Option<String>,
    /// Fiat amount of the invoice.
    pub invoice_amount: Option<Decimal>,
    /// Cryptocurrency.
    pub currency: Option<String>,
    /// Crypto amount due.
    pub amount: Option<Decimal>,
    /// Crypto amount to exchange.
    pub amount_exchange: Option<Decimal>,
    /// Network fee in crypto.
    pub network_processing_fee: Option<Decimal>,
    /// Payment address.
    pub address: Option<String>,
    /// Payment type (`Sell`).
    pub payment_type: Option<String>,
    /// Localized payment type.
    pub type_loc: Option<String>,
    /// Crypto received.
    pub payment: Option<Decimal>,
    /// Crypto refunded.
    pub refund: Option<Decimal>,
    /// Crypto that may be refunded.
    pub refund_amount_opened: Option<Decimal>,
    /// Refund status text.
    pub refund_status: Option<String>,
    /// Localized refund status text.
    pub refund_status_loc: Option<String>,
    /// Invoice date, when set.
    pub invoice_date: Option<Timestamp>,
    /// When the payment was created.
    pub inserted: Option<Timestamp>,
    /// Whether it is confirmed (this endpoint sends a timestamp or null).
    pub confirmed: bool,
    /// When it was confirmed.
    pub confirmed_time: Option<Timestamp>,
    /// Whether it is cancelled (this endpoint sends a timestamp or null).
    pub cancelled: bool,
    /// When it was cancelled.
    pub cancelled_time: Option<Timestamp>,
    /// Double-spending alert, as sent.
    pub double_spending_alert: Option<Value>,
    /// Whether zero-confirmation acceptance was asked for.
    pub accept_zero_confirmations: Option<bool>,
    /// Item name.
    pub item_name: Option<String>,
    /// Token of the payer's page (secret).
    pub access_token: Option<Secret>,
    /// Session id.
    pub sid: Option<String>,
    /// Merchant-side payer id.
    pub payer_id: Option<String>,
    /// Payer's IP address.
    pub payer_ip_address: Option<String>,
    /// Customer details, as sent.
    pub customer_details: Option<Value>,
    /// Fields this version does not know.
    pub extra: Extra,
}

impl Transaction {
    fn from_json(value: Value) -> Result<Transaction> {
        let mut f = Fields::new(value, "GetTransactions")?;
        let (confirmed, confirmed_at) = f.flag_or_timestamp("confirmed")?;
        let (cancelled, cancelled_at) = f.flag_or_timestamp("cancelled")?;
        Ok(Transaction {
            state: PaymentState::parse(&f.opt_string("state")?.unwrap_or_default()),
            status: f.opt_string("status")?,
            status_loc: f.opt_string("status_loc")?,
            pos_id: f.opt_string("pos_id")?,
            payment_id: f.string("payment_id")?,
            reference_no: f.opt_string("reference_no")?,
            invoice_currency: f.opt_string("invoice_currency")?,
            invoice_amount: f.opt_decimal("invoice_amount")?,
            currency: f.opt_string("currency")?,
            amount: f.opt_decimal("amount")?,
            amount_exchange: f.opt_decimal("amount_exchange")?,
            network_processing_fee: f.opt_decimal("network_processing_fee")?,
            address: f.opt_string("address")?,
            payment_type: f.opt_string("type")?,
            type_loc: f.opt_string("type_loc")?,
            payment: f.opt_decimal("payment")?,
            refund: f.opt_decimal("refund")?,
            refund_amount_opened: f.opt_decimal("refund_amount_opened")?,
            refund_status: f.opt_string("refund_status")?,
            refund_status_loc: f.opt_string("refund_status_loc")?,
            invoice_date: f.opt_timestamp("invoice_date")?,
            inserted: f.opt_timestamp("inserted")?,
            confirmed: confirmed.unwrap_or(false),
            confirmed_time: confirmed_at.or(f.opt_timestamp("confirmed_time")?),
            cancelled: cancelled.unwrap_or(false),
            cancelled_time: cancelled_at.or(f.opt_timestamp("cancelled_time")?),
            double_spending_alert: f.take("double_spending_alert"),
            accept_zero_confirmations: f.opt_bool("accept_zero_confirmations")?,
            item_name: f.opt_string("item_name")?,
            access_token: f.opt_secret("access_token")?,
            sid: f.opt_string("sid")?,
            payer_id: f.opt_string("payer_id")?,
            payer_ip_address: f.opt_string("payer_ip_address")?,
            customer_details: f.take("customer_details"),
            extra: f.finish(),
        })
    }
}

/// One page of GetTransactions. The API sends `{"invoices": [...]}`, a bare list (as the
/// manual shows), or `null` for an empty page; all three read the same.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TransactionPage {
    /// The records of the page, newest first as the API orders them.
    pub transactions: Vec<Transaction>,
}

impl TransactionPage {
    /// Decodes the API's answer (a parsed JSON body).
    pub fn from_json(value: Value) -> Result<TransactionPage> {
        let items = match value {
            Value::Null => Vec::new(),
            Value::Array(items) => items,
            Value::Object(mut map) => match map.remove("invoices") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(items)) => items,
                Some(other) => {
                    return Err(Error::decode(
                        "GetTransactions",
                        format!("field `invoices`: expected a list, got {}", kind_of(&other)),
                    ))
                }
            },
            other => {
                return Err(Error::decode(
                    "GetTransactions",
                    format!("expected a list of transactions, got {}", kind_of(&other)),
                ))
            }
        };
        let transactions = items.into_iter().map(Transaction::from_json).collect::<Result<_>>()?;
        Ok(TransactionPage { transactions })
    }
}
