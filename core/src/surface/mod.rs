//! The public surface described once, for every language: calls by name with named arguments
//! ([`call`], [`from_named`]), client settings by name ([`Settings`]), results and errors in one
//! canonical form with secrets apart ([`Crossing`], [`masked`]), answers the caller holds
//! decoded as a call decodes them ([`decode_answer`]), and the schema of all of it
//! ([`schema`]) from which each binding's type surface is generated. A binding carries values
//! across and makes them feel native; it lists no field, setting, error code or secret name.

mod answers;
mod calls;
mod crossing;
mod crossing_text;
mod named;
pub mod naming;
mod schema;
mod settings;

pub use calls::{call, call_as, check_arguments, decode_answer, decode_answer_as, transactions, watch_payment, Call, CallInfo, Stream, VerifyWebhook, WatchPayment, CALLS, STREAMS};
pub use crossing::{masked, secret_placeholder, secrets_apart, Crossed, Crossing, SecretField, Step};
pub use crossing_text::{crossing_json, Keys};
pub use named::{arguments, from_named};
pub use schema::schema;
pub use settings::Settings;
