//! Every call of the client by its one name, with named arguments in and the canonical result
//! out: the single entry the bindings drive, so that none of them lists a request field.

use super::answers::FromAnswer;
use super::crossing::{Crossed, Crossing};
use super::named::from_named;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::pagination::{ListTransactions, TransactionPager};
use crate::requests::PaymentRef;
use crate::watch::{PaymentWatcher, WatchOptions};
use crate::webhooks::{KnownPayment, WebhookBody};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;
use std::future::Future;

/// A call: its name, what it takes, what it gives, and what it does (the docstring every
/// language shows).
#[derive(Debug, Clone, Copy)]
pub struct CallInfo {
    /// The name in snake_case (`get_rate`); bindings case it their way (`getRate`).
    pub name: &'static str,
    /// The request type (its schema definition's name).
    pub request: &'static str,
    /// The result type.
    pub result: &'static str,
    /// Whether the result is a list of `result`.
    pub list: bool,
    /// What the call does.
    pub doc: &'static str,
    /// Whether [`decode_answer`] reads this call's answers (false for a result that no single
    /// answer of the API holds, and for the streams).
    pub decodes: bool,
}

macro_rules! calls {
    ($( $name:literal ($req:ty) -> $res:ident $([$list:tt])? = $doc:literal, |$client:ident, $r:ident| $body:expr; )*) => {
        /// Every call, in a stable order.
        pub const CALLS: &[CallInfo] = &[
            $( CallInfo {
                name: $name,
                request: stringify!($req),
                result: stringify!($res),
                list: calls!(@list $($list)?),
                doc: $doc,
                decodes: <calls!(@output $res $($list)?) as FromAnswer>::DECODES,
            }, )*
        ];

        /// Runs call `name` with its named arguments: the result in canonical form, secrets
        /// apart. Code `validation` for an unknown call or argument, and whatever the call
        /// itself fails with.
        pub async fn call(client: &Client, name: &str, args: &Value) -> Result<Crossing> {
            call_as(client, name, args).await
        }

        /// [`call`], its result made into the binding's own form `C` (JSON text, say) instead of
        /// a [`Crossing`].
        pub async fn call_as<C: Crossed>(client: &Client, name: &str, args: &Value) -> Result<C> {
            // Each call's future is boxed: inline, this one was as large as the largest of them
            // (17.5 KiB in a debug build, 648 bytes boxed), copied whole each time a binding
            // moved it (into its task, a wrapper, `block_on`).
            match name {
                $( $name => C::cross(Box::pin(from_named::<$req>(args)?.run(client)).await?), )*
                _ => Err(Error::validation("call", format!("there is no call `{name}`"))),
            }
        }

        /// Decodes `body`, an answer of call `call`'s API action that the caller holds (fetched
        /// or archived by other means), into the call's result in canonical form, exactly as
        /// the call decodes it: the same tolerances, the same typed error for a body carrying
        /// the API's `err` (`invalid_request` with `err`, `err_code`, `additional`, as on an
        /// HTTP 200), `decode` for a body that is not JSON or not this answer. `wait_for_settlement`
        /// decodes a CheckPayment answer; `verify_webhook`, which has no answer of its own, and
        /// an unknown call are `validation` (field `call`).
        pub fn decode_answer(call: &str, body: &[u8]) -> Result<Crossing> {
            decode_answer_as(call, body)
        }

        /// [`decode_answer`], the result made into the binding's own form `C`.
        pub fn decode_answer_as<C: Crossed>(call: &str, body: &[u8]) -> Result<C> {
            match call {
                $( $name => C::cross(<calls!(@output $res $($list)?) as FromAnswer>::from_answer(call, body)?), )*
                _ => Err(Error::validation("call", format!("there is no call `{call}`"))),
            }
        }

        $(
            impl Call for $req {
                type Output = calls!(@output $res $($list)?);

                fn run(self, client: &Client) -> impl Future<Output = Result<Self::Output>> + Send + '_ {
                    let ($client, $r) = (client, self);
                    async move { $body.await }
                }

                fn decode_answer(body: &[u8]) -> Result<Self::Output> {
                    <Self::Output as FromAnswer>::from_answer($name, body)
                }
            }
        )*

        /// Reads call `name`'s named arguments as the call would, without sending anything: the
        /// same `validation` errors a call gives before reaching the API (for a form to check
        /// its input early; the fuzz targets drive it with arbitrary maps).
        pub fn check_arguments(client: &Client, name: &str, args: &Value) -> Result<()> {
            match name {
                $( $name => {
                    let request: $req = from_named(args)?;
                    request.check(client.config())
                } )*
                "watch_payment" => from_named::<WatchPayment>(args)?.check(client.config()),
                "transactions" => from_named::<ListTransactions>(args)?.check(client.config()),
                _ => Err(Error::validation("call", format!("there is no call `{name}`"))),
            }
        }

        /// Adds every call's request type (and the streams') to the schema's definitions.
        pub(crate) fn describe_requests(generator: &mut schemars::SchemaGenerator) {
            $( generator.subschema_for::<$req>(); )*
            generator.subschema_for::<WatchPayment>();
            generator.subschema_for::<ListTransactions>();
        }

        /// Adds every call's result type to the schema's definitions.
        pub(crate) fn describe_results(generator: &mut schemars::SchemaGenerator) {
            $( generator.subschema_for::<$res>(); )*
        }
    };
    (@list) => { false };
    (@list list) => { true };
    (@output $res:ident) => { $res };
    (@output $res:ident list) => { Vec<$res> };
}

/// A request that is one call of the surface: what a binding with typed requests (uniffi
/// records) runs, so that it names the call's type and never its method.
pub trait Call: Sized {
    /// What the call gives.
    type Output;

    /// Runs the call on `client`.
    fn run(self, client: &Client) -> impl Future<Output = Result<Self::Output>> + Send + '_;

    /// Decodes an answer of the call's API action that the caller holds into its typed result,
    /// as [`decode_answer`] does into the canonical form.
    fn decode_answer(body: &[u8]) -> Result<Self::Output>;
}

/// A request that opens one of the surface's streams ([`STREAMS`]).
pub trait Stream: Sized {
    /// The pull-style stream it opens (`next().await` gives each item).
    type Stream;

    /// Opens the stream on `client` (code `validation` for a bad request, before any call).
    fn open(self, client: &Client) -> Result<Self::Stream>;
}

calls! {
    "ping" (Ping) -> Pong = "Checks that the API answers with these credentials (Ping); with `webhook_url`, the API also calls that URL and reports how it answered.",
        |c, r| c.ping(r);
    "get_rate" (GetRate) -> Rate = "The rate and crypto amount of an invoice (GetRate); its `payment_id` keeps the quote for StartPayment.",
        |c, r| c.get_rate(r);
    "get_rates" (GetRates) -> Rates = "The rates of several currencies at once (GetRates).",
        |c, r| c.get_rates(r);
    "start_payment" (StartPayment) -> StartedPayment = "Starts a payment: an address and the amount to pay (StartPayment). Without a `payment_id` the client first gets one from GetRate; if the answer is lost, the client looks the payment up by that id and returns it with `recovered` set, or fails with `outcome_unknown`, and never makes a second payment.",
        |c, r| c.start_payment(r);
    "check_payment" (PaymentRef) -> PaymentStatus = "Where a payment stands (CheckPayment). The state is remembered for the state check of later writes.",
        |c, r| c.check_payment(r);
    "cancel_payment" (CancelPayment) -> CancelResult = "Cancels a payment that will not be paid (CancelPayment). Refused with `invalid_state` when the last known state forbids it (`skip_state_check` sends anyway); after a lost answer, CheckPayment tells the result.",
        |c, r| c.cancel_payment(r);
    "accept_payment" (AcceptPayment) -> AcceptResult = "Accepts an underpayment or a payment received after cancellation (AcceptPayment). Refused with `invalid_state` when the last known state forbids it; after a lost answer, CheckPayment tells the result.",
        |c, r| c.accept_payment(r);
    "refund_payment" (RefundPayment) -> RefundResult = "Refunds crypto to the payer (RefundPayment). Refused with `invalid_state` when the last known state forbids it; after a lost answer, GetTransactions tells the result.",
        |c, r| c.refund_payment(r);
    "get_currency_list" (GetCurrencyList) -> Currency [list] = "The currencies the merchant can accept (GetCurrencyList).",
        |c, r| c.get_currency_list(r);
    "get_transactions" (GetTransactions) -> TransactionPage = "One page of the merchant's payments, newest first (GetTransactions), optionally only those with one `reference_no`. `transactions` walks every page.",
        |c, r| c.get_transactions(r);
    "request_kyc" (RequestKyc) -> KycResult = "Asks the API to e-mail the payer a KYC verification code (RequestKyc), as a shop does when StartPayment is refused with `err_code` `payerKYCNeeded` or `payerEmailVerificationCodeNeeded`; StartPayment then takes the code as `payer_kyc_pin`. It sends an e-mail, so it is never re-sent on its own: if the answer is lost the error is `outcome_unknown`, and sending it again (a second e-mail) is the caller's choice.",
        |c, r| c.request_kyc(r);
    "get_wallet_apps" (GetWalletApps) -> WalletApp [list] = "The wallet apps a payer can choose (GetWalletApps); StartPayment and GetRate take one's `id` as `wallet_app_id`.",
        |c, r| c.get_wallet_apps(r);
    "wait_for_settlement" (WatchPayment) -> PaymentStatus = "Waits until the payment is settled and returns its final status (`timeout` if the watch's deadline passes first).",
        |c, r| async { c.wait_for_settlement(r.payment_ref(), r.options()?).await };
    "verify_webhook" (VerifyWebhook) -> VerifiedWebhook = "Verifies a webhook body by asking CheckPayment about the payment the merchant stored (`known`; none when the merchant knows no such payment): the authoritative payment and its transition, or `webhook` for a notification that cannot be trusted.",
        |c, r| c.verify_webhook_body(r.body.as_bytes(), r.known.as_ref());
}

use crate::models::{
    AcceptResult, CancelResult, Currency, KycResult, PaymentStatus, Pong, Rate, Rates, RefundResult, StartedPayment, TransactionPage,
    WalletApp,
};
use crate::requests::{
    AcceptPayment, CancelPayment, GetCurrencyList, GetRate, GetRates, GetTransactions, GetWalletApps, Ping, RefundPayment, RequestKyc,
    StartPayment,
};
use crate::webhooks::VerifiedWebhook;

/// The streams: calls that give their results one at a time (an iterator, an async iterator,
/// a `Flow`), as `(name, request, item, doc)`.
pub const STREAMS: &[CallInfo] = &[
    CallInfo {
        name: "watch_payment",
        request: "WatchPayment",
        result: "PaymentUpdate",
        list: true,
        doc: "Watches a payment: its current state first, then each change, until it is settled or the watch's `timeout_ms` passes. Polls every `interval_ms` (5,000 by default, at least 1,000); stopping the iteration stops the polling at once.",
        decodes: false,
    },
    CallInfo {
        name: "transactions",
        request: "ListTransactions",
        result: "Transaction",
        list: true,
        doc: "Every payment of every page of GetTransactions, newest first, filtered by `pos_id` and `reference_no`; pages are fetched as the iteration goes.",
        decodes: false,
    },
];

/// What `watch_payment` and `wait_for_settlement` take: the payment and the watch's schedule.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WatchPayment {
    /// The payment's id (from StartPayment).
    pub payment_id: String,
    /// Its cryptocurrency.
    pub currency: String,
    /// Its address.
    pub address: String,
    /// Point of sale; the client's default when absent.
    #[serde(default)]
    pub pos_id: Option<String>,
    /// Time between two polls, in ms (default 5,000; from 1,000 to 3,600,000).
    #[serde(default)]
    pub interval_ms: Option<i64>,
    /// How long to watch before giving up with `timeout`, in ms (default one hour; at most 30
    /// days).
    #[serde(default)]
    pub timeout_ms: Option<i64>,
    /// Also report a change of what was paid or confirmed within the same state (`payment`,
    /// `unconfirmed_amount`, `confirmations`), as an update whose transition is `unchanged`
    /// (default false: changes of state only).
    #[serde(default)]
    pub progress: Option<bool>,
}

impl WatchPayment {
    fn payment_ref(&self) -> PaymentRef {
        PaymentRef {
            payment_id: self.payment_id.clone(),
            currency: self.currency.clone(),
            address: self.address.clone(),
            pos_id: self.pos_id.clone(),
        }
    }

    /// The options, range-checked (code `validation` naming `interval_ms` or `timeout_ms`).
    fn options(&self) -> Result<WatchOptions> {
        let mut o = WatchOptions::default().progress(self.progress.unwrap_or(false));
        if let Some(ms) = self.interval_ms {
            o.interval = super::settings::millis("interval_ms", ms)?;
        }
        if let Some(ms) = self.timeout_ms {
            o.timeout = super::settings::millis("timeout_ms", ms)?;
        }
        o.validate().map_err(|e| {
            let named = match e.details().field.as_deref() {
                Some("interval") => "interval_ms",
                _ => "timeout_ms",
            };
            let details = crate::ErrorDetails { field: Some(named.to_string()), ..e.details().clone() };
            Error::new(e.code(), format!("{named}: {}", e.message())).with_details(details)
        })?;
        Ok(o)
    }
}

/// What `verify_webhook` takes.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyWebhook {
    /// The raw body as received.
    pub body: WebhookBody,
    /// What the merchant stored for the notification's payment; absent when it knows none.
    #[serde(default)]
    pub known: Option<KnownPayment>,
}

impl Stream for WatchPayment {
    type Stream = PaymentWatcher;

    fn open(self, client: &Client) -> Result<PaymentWatcher> {
        let options = self.options()?;
        client.watch_payment(self.payment_ref(), options)
    }
}

impl Stream for ListTransactions {
    type Stream = TransactionPager;

    fn open(self, client: &Client) -> Result<TransactionPager> {
        Ok(client.transactions(self))
    }
}

/// Starts watching a payment from named arguments (see [`STREAMS`]).
pub fn watch_payment(client: &Client, args: &Value) -> Result<PaymentWatcher> {
    from_named::<WatchPayment>(args)?.open(client)
}

/// Starts walking every page from named arguments (see [`STREAMS`]).
pub fn transactions(client: &Client, args: &Value) -> Result<TransactionPager> {
    from_named::<ListTransactions>(args)?.open(client)
}

/// A request checked the way its call checks it before sending (its own rules, then every
/// parameter's limit and shape).
trait Checked {
    fn check(&self, config: &crate::Config) -> Result<()>;
}

fn limits(params: crate::requests::Params) -> Result<()> {
    crate::validate::params(params.0.iter().map(|(k, v)| (k.as_ref(), v.as_str())))
}

macro_rules! checked_by_params {
    ($($t:ty),*) => {$(
        impl Checked for $t {
            fn check(&self, config: &crate::Config) -> Result<()> {
                limits(self.params(config)?)
            }
        }
    )*};
}

checked_by_params!(GetRate, GetRates, StartPayment, PaymentRef, CancelPayment, AcceptPayment, RefundPayment);

macro_rules! checked_without_config {
    ($($t:ty),*) => {$(
        impl Checked for $t {
            fn check(&self, _: &crate::Config) -> Result<()> {
                limits(self.params()?)
            }
        }
    )*};
}

checked_without_config!(GetCurrencyList, GetTransactions, Ping, RequestKyc);

impl Checked for GetWalletApps {
    fn check(&self, _: &crate::Config) -> Result<()> {
        limits(self.params())
    }
}

impl Checked for WatchPayment {
    fn check(&self, config: &crate::Config) -> Result<()> {
        self.options()?;
        limits(self.payment_ref().params(config)?)
    }
}

impl Checked for ListTransactions {
    fn check(&self, _: &crate::Config) -> Result<()> {
        crate::validate::limit(self.page_size)
    }
}

impl Checked for VerifyWebhook {
    fn check(&self, config: &crate::Config) -> Result<()> {
        match &self.known {
            Some(k) => limits(k.payment_ref().params(config)?),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Client, Config};

    #[test]
    fn a_calls_future_stays_small_whatever_the_largest_call() {
        let client = Client::new(Config::builder("user", "secret").build().unwrap()).unwrap();
        let args = serde_json::json!({});
        let size = std::mem::size_of_val(&super::call(&client, "ping", &args));
        println!("surface::call's future: {size} bytes");
        assert!(size <= 1024, "surface::call's future is {size} bytes: a binding copies it into its task");
    }
}
