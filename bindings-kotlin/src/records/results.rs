//! The answers of GetRate, GetRates, GetCurrencyList, CancelPayment, AcceptPayment,
//! RefundPayment and Ping, mirrored field for field from core (uniffi "remote" records: a field
//! added in core fails this build until it is mirrored here). Kotlin sees data classes, Swift
//! structs.

use forumpay::{
    AcceptResult, CancelResult, Currency, CurrencyRate, Decimal, Extra, Pong, Rate, Rates, RefundResult,
    WebhookResponse,
};

/// The rate and amount to show the customer before the payment starts (GetRate).
#[uniffi::remote(Record)]
pub struct Rate {
    /// Id to pass to StartPayment.
    pub payment_id: String,
    /// Fiat currency of the invoice.
    pub invoice_currency: String,
    /// Fiat amount of the invoice.
    pub invoice_amount: Decimal,
    /// Cryptocurrency to pay in.
    pub currency: String,
    /// Exchange rate (fiat per unit of crypto).
    pub rate: Decimal,
    /// Crypto amount to exchange to cover the invoice.
    pub amount_exchange: Option<Decimal>,
    /// Crypto needed to move the funds to the exchange.
    pub network_processing_fee: Option<Decimal>,
    /// Total crypto amount to pay.
    pub amount: Decimal,
    /// Minimum fee for a fast transaction.
    pub fast_transaction_fee: Option<Decimal>,
    /// Unit of `fast_transaction_fee` (e.g. `BTC/kB`).
    pub fast_transaction_fee_currency: Option<String>,
    /// Expected time to confirm, as prose.
    pub wait_time: Option<String>,
    /// Session id, when the API sends one.
    pub sid: Option<String>,
    /// Fields this version does not know.
    pub extra: Extra,
}

/// Rates for several currencies at once (GetRates), sharing one `payment_id`.
#[uniffi::remote(Record)]
pub struct Rates {
    /// Id to pass to StartPayment.
    pub payment_id: String,
    /// Fiat currency of the invoice.
    pub invoice_currency: String,
    /// Fiat amount of the invoice.
    pub invoice_amount: Decimal,
    /// Session id, when the API sends one.
    pub sid: Option<String>,
    /// One entry per requested currency.
    pub currencies: Vec<CurrencyRate>,
    /// Fields this version does not know.
    pub extra: Extra,
}

/// One currency's rate inside [`Rates`].
#[uniffi::remote(Record)]
pub struct CurrencyRate {
    /// Cryptocurrency.
    pub currency: String,
    /// Exchange rate.
    pub rate: Decimal,
    /// Crypto amount to exchange.
    pub amount_exchange: Option<Decimal>,
    /// Network fee in crypto.
    pub network_processing_fee: Option<Decimal>,
    /// Total crypto amount to pay.
    pub amount: Decimal,
    /// Expected time to confirm, as prose.
    pub wait_time: Option<String>,
    /// Minimum fee for a fast transaction.
    pub fast_transaction_fee: Option<Decimal>,
    /// Unit of `fast_transaction_fee`.
    pub fast_transaction_fee_currency: Option<String>,
    /// Fields this version does not know.
    pub extra: Extra,
}

/// A cryptocurrency the merchant can accept, with rates against `currency_fiat`.
#[uniffi::remote(Record)]
pub struct Currency {
    /// Cryptocurrency code.
    pub currency: String,
    /// Name for display.
    pub description: Option<String>,
    /// `OK` when available; shops hide the others (see [`Currency::is_available`]).
    pub status: Option<String>,
    /// Whether zero-confirmation payments are possible.
    pub zero_confirmations_enabled: Option<bool>,
    /// Fiat currency of the rates.
    pub currency_fiat: Option<String>,
    /// Icon URL.
    pub icon_url: Option<String>,
    /// Exchange rate.
    pub rate: Option<Decimal>,
    /// Availability for selling crypto.
    pub sell_status: Option<String>,
    /// Sell rate.
    pub sell_rate: Option<Decimal>,
    /// Availability for buying crypto.
    pub buy_status: Option<String>,
    /// Buy rate.
    pub buy_rate: Option<Decimal>,
    /// Smallest invoice for a sale, in fiat.
    pub sell_min_invoice_amount: Option<Decimal>,
    /// Largest invoice for a sale, in fiat.
    pub sell_max_invoice_amount: Option<Decimal>,
    /// Network fee of a sale, in crypto.
    pub sell_network_processing_fee: Option<Decimal>,
    /// Smallest invoice for a purchase, in fiat.
    pub buy_min_invoice_amount: Option<Decimal>,
    /// Largest invoice for a purchase, in fiat.
    pub buy_max_invoice_amount: Option<Decimal>,
    /// Network fee of a purchase, in crypto.
    pub buy_network_processing_fee: Option<Decimal>,
    /// Fields this version does not know.
    pub extra: Extra,
}

/// CancelPayment's answer.
#[uniffi::remote(Record)]
pub struct CancelResult {
    /// Whether the payment is now cancelled.
    pub cancelled: bool,
    /// Display text of the new state.
    pub status: Option<String>,
    /// True when the answer was lost and this result was learned afterwards by asking the API
    /// (CheckPayment or GetTransactions) whether the action took effect.
    pub recovered: bool,
    /// Fields this version does not know.
    pub extra: Extra,
}

/// AcceptPayment's answer.
#[uniffi::remote(Record)]
pub struct AcceptResult {
    /// Whether the amount was accepted.
    pub success: bool,
    /// True when the answer was lost and this result was learned afterwards by asking the API
    /// (CheckPayment or GetTransactions) whether the action took effect.
    pub recovered: bool,
    /// Fields this version does not know.
    pub extra: Extra,
}

/// RefundPayment's answer.
#[uniffi::remote(Record)]
pub struct RefundResult {
    /// Expected time until the refund is sent, as prose.
    pub wait_time: Option<String>,
    /// True when the answer was lost and this result was learned afterwards by asking the API
    /// (CheckPayment or GetTransactions) whether the action took effect.
    pub recovered: bool,
    /// Fields this version does not know.
    pub extra: Extra,
}

/// Ping's answer.
#[uniffi::remote(Record)]
pub struct Pong {
    /// `pong` when the API is reachable with these credentials.
    pub result: Option<String>,
    /// When Ping was given a `webhook_url`: how the API's test call to it went.
    pub webhook_response: Option<WebhookResponse>,
    /// Fields this version does not know.
    pub extra: Extra,
}

/// How the API's test call to a webhook URL went (Ping with `webhook_url`).
#[uniffi::remote(Record)]
pub struct WebhookResponse {
    /// Outcome text.
    pub status: Option<String>,
    /// How long the call took, as sent.
    pub duration: Option<String>,
    /// The URL called.
    pub webhook_url: Option<String>,
    /// HTTP status the merchant's server answered.
    pub response_code: Option<i64>,
    /// Body the merchant's server answered.
    pub response_body: Option<String>,
    /// Fields this version does not know.
    pub extra: Extra,
}
