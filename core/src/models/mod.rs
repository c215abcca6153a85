//! Typed answers of the API, decoded tolerantly (see `decode`). Every model keeps the fields it
//! does not know in `extra`, and serializes to the canonical JSON the conformance suite compares.

mod action;
mod currency;
mod payment;
mod rate;
mod transaction;
mod wallet_app;

pub use action::{AcceptResult, CancelResult, KycResult, Pong, RefundResult, WebhookResponse};
pub use currency::Currency;
pub use payment::{Notice, PaymentStatus, StartedPayment, Underpayment};
pub use rate::{CurrencyRate, Rate, Rates};
pub use transaction::{Transaction, TransactionPage};
pub use wallet_app::WalletApp;
