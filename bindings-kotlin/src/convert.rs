//! How core's own types cross the boundary: custom types (exact decimals, secrets, timestamps,
//! raw JSON) and the small enums, declared once here as uniffi "remote" types so that the
//! records in `records/` can mirror core's structs field for field; plus the core functions on
//! those types (amount parsing, the state machine) as free functions, since a remote type
//! cannot have exported methods.

use crate::error::ForumPayError;
use forumpay::{
    CancelReason, Decimal, Extra, FeePayer, PayerType, PaymentAction, PaymentState, PaymentStatus, PaymentUpdate,
    Secret, Timestamp, TransitionKind,
};
use std::collections::{BTreeMap, HashMap};

/// Turns a core error into the error uniffi reports when an argument cannot be lifted, so that a
/// bad amount reaches Kotlin and Swift as a typed `validation` exception, not an internal one.
fn lift_error(e: forumpay::Error) -> uniffi::deps::anyhow::Error {
    uniffi::deps::anyhow::Error::new(ForumPayError::from(e))
}

uniffi::custom_type!(Decimal, String, {
    remote,
    // Plain digits with the scale kept (`48.25`, `222.00`), never an exponent.
    lower: |d| forumpay::money::format_amount(&d),
    // Kotlin sends `BigDecimal.toPlainString()`; anything else is a `validation` error.
    try_lift: |s| forumpay::parse_amount("amount", &s).map_err(lift_error),
});

uniffi::custom_type!(Secret, String, {
    remote,
    lower: |s| s.expose().to_string(),
    try_lift: |s| Ok(Secret::new(s)),
});

uniffi::custom_type!(Timestamp, i64, {
    remote,
    // Seconds since 1970-01-01 UTC: `java.time.Instant` in Kotlin, `Date` in Swift.
    lower: |t| t.unix_seconds(),
    try_lift: |s| Ok(Timestamp::from_unix_seconds(s)),
});

/// Any JSON value the API sends that has no fixed shape, as JSON text.
pub type JsonValue = serde_json::Value;

uniffi::custom_type!(JsonValue, String, {
    remote,
    lower: |v| v.to_string(),
    try_lift: |s| serde_json::from_str(&s).map_err(|e| uniffi::deps::anyhow::anyhow!("not JSON: {e}")),
});

uniffi::custom_type!(Extra, HashMap<String, String>, {
    remote,
    // Each unknown field by name, its value as JSON text.
    lower: |m| m.into_iter().map(|(k, v)| (k, v.to_string())).collect(),
    try_lift: |m| m
        .into_iter()
        .map(|(k, v)| Ok((k, serde_json::from_str(&v)?)))
        .collect::<Result<_, serde_json::Error>>()
        .map_err(|e| uniffi::deps::anyhow::anyhow!("not JSON: {e}")),
});

/// Extra `payer_*` fields of a payer, by name without the prefix.
pub type PayerFields = BTreeMap<String, String>;

uniffi::custom_type!(PayerFields, HashMap<String, String>, {
    remote,
    lower: |m| m.into_iter().collect(),
    try_lift: |m| Ok(m.into_iter().collect()),
});

/// The state of a payment, as the API reports it in `state`. A state this version does not
/// know arrives as `Unknown` with the server's text, never as an error.
#[uniffi::remote(Enum)]
pub enum PaymentState {
    /// Address handed out, nothing received yet.
    Waiting,
    /// A transaction was seen and waits for confirmations.
    Processing,
    /// Accepted with zero confirmations; confirmation follows.
    ZeroConfirmed,
    /// Paid and confirmed: the order may be fulfilled.
    Confirmed,
    /// Less than the amount due arrived.
    Underpayment,
    /// Cancelled (by the merchant, the payer or expiry).
    Cancelled,
    /// Blocked by the provider's risk checks.
    Blocked,
    /// A state this version does not know; the text is the server's.
    Unknown(String),
}

/// How an observed change of state relates to the manual's transitions.
#[uniffi::remote(Enum)]
pub enum TransitionKind {
    /// The state did not change.
    Unchanged,
    /// One step the manual lists.
    Listed,
    /// Reachable through listed steps (a poll can miss intermediate states).
    Reachable,
    /// Not reachable through the manual's transitions: reported, never refused.
    Unlisted,
}

/// An action a merchant can take on a payment.
#[uniffi::remote(Enum)]
pub enum PaymentAction {
    /// CancelPayment.
    Cancel,
    /// AcceptPayment.
    Accept,
    /// RefundPayment.
    Refund,
}

/// Why a payer gave up (CancelPayment's `reason`).
#[uniffi::remote(Enum)]
pub enum CancelReason {
    /// The QR code could not be scanned.
    QrCodeProblem,
    /// The payer has no wallet.
    NoWallet,
    /// The payer was only curious.
    Curious,
    /// The payer did not like the rate.
    BadRate,
    /// Anything else (say what in the comment).
    Other,
}

/// Who pays the network processing fee.
#[uniffi::remote(Enum)]
pub enum FeePayer {
    /// The payer, on top of the invoice.
    Payer,
    /// The merchant absorbs it.
    Merchant,
}

/// Whether the payer is a person or a company.
#[uniffi::remote(Enum)]
pub enum PayerType {
    /// A natural person.
    Individual,
    /// A company.
    Company,
}

/// Reads an amount written as plain decimal text (`48.25`), keeping its scale; refuses an
/// exponent (`4.825E1`), separators (`1,234.56`) and spaces with a `validation` error naming
/// `field`. Use it for amounts that arrive as text (forms, JSON); `BigDecimal` values need not.
#[uniffi::export]
pub fn parse_amount(field: String, text: String) -> Result<Decimal, ForumPayError> {
    Ok(forumpay::parse_amount(&field, &text)?)
}

/// The API's text for a state (`zero_confirmed`; the server's own text for an unknown one).
#[uniffi::export]
pub fn payment_state_text(state: PaymentState) -> String {
    state.as_str().to_string()
}

/// Reads the API's text of a state (case ignored); unknown text gives `Unknown`.
#[uniffi::export]
pub fn payment_state_parse(text: String) -> PaymentState {
    PaymentState::parse(&text)
}

/// Classifies an observed change of state from `from` to `to`.
#[uniffi::export]
pub fn payment_state_transition(from: PaymentState, to: PaymentState) -> TransitionKind {
    from.transition_to(&to)
}

/// Reads the API's text of a cancel reason (`qr_code_problem`, `no_wallet`, `curious`,
/// `bad_rate`, `other`); anything else is a `validation` error.
#[uniffi::export]
pub fn cancel_reason_parse(text: String) -> Result<CancelReason, ForumPayError> {
    Ok(CancelReason::parse(&text)?)
}

/// Whether `action` is allowed now, by the payment's state and the amounts the API reports
/// (accepting needs an unconfirmed amount, refunding an amount left open for refund).
#[uniffi::export]
pub fn payment_status_allows(status: PaymentStatus, action: PaymentAction) -> bool {
    status.allows(action)
}

/// The actions allowed now (see `payment_status_allows`).
#[uniffi::export]
pub fn payment_status_allowed_actions(status: PaymentStatus) -> Vec<PaymentAction> {
    status.allowed_actions()
}

/// Whether the payment is settled: confirmed, or cancelled with nothing paid into it.
#[uniffi::export]
pub fn payment_status_is_settled(status: PaymentStatus) -> bool {
    status.is_settled()
}

/// Whether the manual does not list this watched change (reported, never refused).
#[uniffi::export]
pub fn payment_update_is_unlisted(update: PaymentUpdate) -> bool {
    update.is_unlisted()
}

/// Whether this watched update settles the payment (the watch ends after it).
#[uniffi::export]
pub fn payment_update_is_settled(update: PaymentUpdate) -> bool {
    update.is_settled()
}
