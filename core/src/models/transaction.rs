//! GetTransactions records.

use crate::decode::fields::model_fields;
use crate::decode::json::{kind, read_items, FromReader, ListShape};
use crate::decode::reader::{Reader, Result as ReadResult, Token};
use crate::decode::{self, Answer, Extra};
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
    #[serde(serialize_with = "crate::money::text::option")]
    pub invoice_amount: Option<Decimal>,
    /// Cryptocurrency.
    pub currency: Option<String>,
    /// Crypto amount due.
    #[serde(serialize_with = "crate::money::text::option")]
    pub amount: Option<Decimal>,
    /// Crypto amount to exchange.
    #[serde(serialize_with = "crate::money::text::option")]
    pub amount_exchange: Option<Decimal>,
    /// Network fee in crypto.
    #[serde(serialize_with = "crate::money::text::option")]
    pub network_processing_fee: Option<Decimal>,
    /// Payment address.
    pub address: Option<String>,
    /// Payment type (`Sell`).
    pub payment_type: Option<String>,
    /// Localized payment type.
    pub type_loc: Option<String>,
    /// Crypto received.
    #[serde(serialize_with = "crate::money::text::option")]
    pub payment: Option<Decimal>,
    /// Crypto refunded.
    #[serde(serialize_with = "crate::money::text::option")]
    pub refund: Option<Decimal>,
    /// Crypto that may be refunded.
    #[serde(serialize_with = "crate::money::text::option")]
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

model_fields! {
    Transaction for "GetTransactions" as TransactionFields {
        state: text, status: text, status_loc: text, pos_id: text, payment_id: text, reference_no: text,
        invoice_currency: text, invoice_amount: text, currency: text, amount: text, amount_exchange: text,
        network_processing_fee: text, address: text, payment_type("type"): text, type_loc: text, payment: text,
        refund: text, refund_amount_opened: text, refund_status: text, refund_status_loc: text, invoice_date: text,
        inserted: text, confirmed: text, confirmed_time: text, cancelled: text, cancelled_time: text,
        double_spending_alert: json, accept_zero_confirmations: text, item_name: text, access_token: text, sid: text,
        payer_id: text, payer_ip_address: text, customer_details: json,
    }
}

impl Transaction {
    fn from_fields(f: &mut TransactionFields<'_>) -> Result<Transaction> {
        let (confirmed, confirmed_at) = f.confirmed().flag_or_timestamp()?;
        let (cancelled, cancelled_at) = f.cancelled().flag_or_timestamp()?;
        Ok(Transaction {
            state: f.state().opt_text_with(PaymentState::parse)?.unwrap_or_else(|| PaymentState::parse("")),
            status: f.status().opt_string()?,
            status_loc: f.status_loc().opt_string()?,
            pos_id: f.pos_id().opt_string()?,
            payment_id: f.payment_id().string()?,
            reference_no: f.reference_no().opt_string()?,
            invoice_currency: f.invoice_currency().opt_string()?,
            invoice_amount: f.invoice_amount().opt_decimal()?,
            currency: f.currency().opt_string()?,
            amount: f.amount().opt_decimal()?,
            amount_exchange: f.amount_exchange().opt_decimal()?,
            network_processing_fee: f.network_processing_fee().opt_decimal()?,
            address: f.address().opt_string()?,
            payment_type: f.payment_type().opt_string()?,
            type_loc: f.type_loc().opt_string()?,
            payment: f.payment().opt_decimal()?,
            refund: f.refund().opt_decimal()?,
            refund_amount_opened: f.refund_amount_opened().opt_decimal()?,
            refund_status: f.refund_status().opt_string()?,
            refund_status_loc: f.refund_status_loc().opt_string()?,
            invoice_date: f.invoice_date().opt_timestamp()?,
            inserted: f.inserted().opt_timestamp()?,
            confirmed: confirmed.unwrap_or(false),
            confirmed_time: confirmed_at.or(f.confirmed_time().opt_timestamp()?),
            cancelled: cancelled.unwrap_or(false),
            cancelled_time: cancelled_at.or(f.cancelled_time().opt_timestamp()?),
            double_spending_alert: f.double_spending_alert().json(),
            accept_zero_confirmations: f.accept_zero_confirmations().opt_bool()?,
            item_name: f.item_name().opt_string()?,
            access_token: f.access_token().opt_secret()?,
            sid: f.sid().opt_string()?,
            payer_id: f.payer_id().opt_string()?,
            payer_ip_address: f.payer_ip_address().opt_string()?,
            customer_details: f.customer_details().json(),
            extra: f.extra(),
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

decode::answer::decoders!(TransactionPage);

impl Answer for TransactionPage {
    const CONTEXT: &'static str = "GetTransactions";

    /// The page's three shapes: `null`, a bare list, or an object with the list under
    /// `invoices` (absent or null: none).
    fn read(r: &mut Reader<'_>) -> ReadResult<(Result<Self>, bool)> {
        let mut saw_err = false;
        let token = r.token()?;
        let transactions = match token {
            Token::Null => Ok(Vec::new()),
            Token::ListStart => read_items(r)?,
            Token::ObjectStart => {
                let mut invoices = None;
                let mut first = true;
                while let Some(key) = r.next_key(&mut first)? {
                    if key == "invoices" {
                        invoices = Some(ListShape::<Transaction>::from_reader(r)?);
                    } else {
                        // Parsed, not skipped over: it must be JSON, as when the page was parsed whole.
                        saw_err |= key == "err";
                        r.json()?;
                    }
                }
                let bad = |kind: &str| {
                    Error::decode("GetTransactions", format!("field `invoices`: expected a list, got {kind}"))
                };
                match invoices {
                    None | Some(ListShape::Null) => Ok(Vec::new()),
                    Some(ListShape::Items(items)) => items,
                    Some(ListShape::EmptyText) => Err(bad("a string")),
                    Some(ListShape::Other(kind)) => Err(bad(kind)),
                }
            }
            other => {
                Err(Error::decode("GetTransactions", format!("expected a list of transactions, got {}", kind(&other))))
            }
        };
        Ok((transactions.map(|transactions| TransactionPage { transactions }), saw_err))
    }
}
