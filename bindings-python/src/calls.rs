//! The table of client calls shared by `Client` and `AsyncClient`: each entry reads the
//! keyword arguments into a core request (checked before anything is sent) and runs it. Adding
//! a call is one line in [`client_methods!`], one in [`Request::read`] and one in
//! [`Request::run`] (and its signature in `_native.pyi`).

/// Writes the `#[pymethods]` block of a client class (`$class`, with a `handle: Handle` field
/// and its own `call`): the constructor, `repr`, getters, the two walks (as `$transactions` and
/// `$watch` iterators), then one method per API call, each handing its keyword arguments to
/// `call`. Both clients are written by it, so they cannot drift apart.
macro_rules! client_methods {
    ($class:ident, $transactions:ident, $watch:ident) => {
        client_methods!(@impl $class, $transactions, $watch;
            ping "Checks that the API answers with these credentials (Ping): a ``Pong``.";
            get_rate "The rate and crypto amount of an invoice (GetRate): a ``Rate``.";
            get_rates "The rates of several currencies at once (GetRates): ``Rates``.";
            start_payment "Starts a payment: the address and amount to pay (StartPayment): a ``StartedPayment``.";
            check_payment "Where a payment stands (CheckPayment): a ``PaymentStatus``.";
            cancel_payment "Cancels a payment that will not be paid (CancelPayment): a ``CancelResult``.";
            accept_payment "Accepts an underpayment or a late payment (AcceptPayment): an ``AcceptResult``.";
            refund_payment "Refunds crypto to the payer (RefundPayment): a ``RefundResult``.";
            get_currency_list "The currencies the merchant can accept (GetCurrencyList): a list of ``Currency``.";
            get_transactions "One page of the merchant's payments, newest first (GetTransactions): a ``TransactionPage``.";
            wait_for_settlement "Waits until the payment is settled: its final ``PaymentStatus`` (``TimeoutError`` after ``timeout``).";
            verify_webhook "Verifies a raw webhook ``body`` by asking CheckPayment about the ``known`` payment (a ``forumpay.webhooks.KnownPayment`` or ``None``): a ``VerifiedWebhook``; ``WebhookError`` when it is not to be trusted.";
        );
    };
    (@impl $class:ident, $transactions:ident, $watch:ident; $($name:ident $doc:literal;)*) => {
        #[pyo3::pymethods]
        impl $class {
            #[new]
            #[pyo3(signature = (api_user, api_secret, **kwargs))]
            fn new(py: Python<'_>, api_user: String, api_secret: String, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
                Ok($class { handle: Handle::new(py, api_user, api_secret, kwargs)? })
            }

            fn __repr__(&self) -> String {
                self.handle.repr(stringify!($class))
            }

            /// The base URL of the API, ending in ``/``.
            #[getter]
            fn base_url(&self) -> &str {
                self.handle.base_url()
            }

            /// The default ``pos_id``, if any.
            #[getter]
            fn pos_id(&self) -> Option<&str> {
                self.handle.pos_id()
            }

            /// Every matching payment, newest first, pages fetched as needed (filters
            /// ``pos_id``, ``reference_no``; ``page_size`` 1 to 50): yields ``Transaction``.
            #[pyo3(signature = (**kwargs))]
            fn transactions(&self, py: Python<'_>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<$transactions> {
                let mut a = Kwargs::new(py, "transactions", kwargs)?;
                let list = list_transactions(&mut a)?;
                a.finish()?;
                Ok($transactions::new(self.handle.client()?.transactions(list)))
            }

            /// Each change of a payment's state until it is settled (the first item is the
            /// current state; ``interval`` and ``timeout`` in seconds): yields ``PaymentUpdate``.
            #[pyo3(signature = (**kwargs))]
            fn watch_payment(&self, py: Python<'_>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<$watch> {
                let mut a = Kwargs::new(py, "watch_payment", kwargs)?;
                let (payment, options) = (payment_ref(&mut a)?, watch_options(&mut a)?);
                a.finish()?;
                Ok($watch::new(self.handle.client()?.watch_payment(payment, options).map_err(crate::error::to_py)?))
            }

            $(
                #[doc = $doc]
                #[pyo3(signature = (**kwargs))]
                fn $name(&self, py: Python<'_>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                    self.call(py, stringify!($name), kwargs)
                }
            )*
        }
    };
}
pub(crate) use client_methods;

use crate::kwargs::Kwargs;
use forumpay::*;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::Serialize;
use serde_json::Value;

/// A checked request of one call.
pub enum Request {
    Ping(Ping),
    GetRate(GetRate),
    GetRates(GetRates),
    StartPayment(Box<StartPayment>),
    CheckPayment(PaymentRef),
    CancelPayment(CancelPayment),
    AcceptPayment(AcceptPayment),
    RefundPayment(RefundPayment),
    GetCurrencyList(GetCurrencyList),
    GetTransactions(GetTransactions),
    WaitForSettlement(PaymentRef, WatchOptions),
    VerifyWebhook(Vec<u8>, Option<KnownPayment>),
}

/// A result in canonical JSON form and the model class that reads it.
pub struct Output {
    /// The class in `forumpay.models`.
    pub class: &'static str,
    /// The canonical form (a list for list results).
    pub json: Value,
}

impl Output {
    /// The typed Python object (a list of models for a list).
    pub fn into_py(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match &self.json {
            Value::Array(items) => {
                let list = pyo3::types::PyList::empty(py);
                for item in items {
                    list.append(crate::convert::from_canonical(py, self.class, item)?)?;
                }
                Ok(list.into_any().unbind())
            }
            one => crate::convert::from_canonical(py, self.class, one),
        }
    }
}

fn out<T: Serialize>(class: &'static str, value: Result<T>) -> Result<Output> {
    let value = value?;
    let json = serde_json::to_value(&value)
        .map_err(|e| Error::new(ErrorCode::Decode, format!("cannot convert the result: {e}")))?;
    Ok(Output { class, json })
}

/// A `PaymentStatus` with the state machine's answers (`settled`, `allowed_actions`).
fn status_out(value: Result<PaymentStatus>) -> Result<Output> {
    Ok(Output { class: "PaymentStatus", json: crate::convert::status_json(&value?)? })
}

/// A `VerifiedWebhook` whose `payment` carries the state machine's answers.
fn verified_out(value: Result<VerifiedWebhook>) -> Result<Output> {
    let verified = value?;
    let mut output = out("VerifiedWebhook", Ok(&verified))?;
    if let Some(payment) = output.json.get_mut("payment") {
        crate::convert::add_facts(&verified.payment, payment);
    }
    Ok(output)
}

/// `payment_id`, `currency`, `address` and an optional `pos_id`.
pub fn payment_ref(a: &mut Kwargs<'_>) -> PyResult<PaymentRef> {
    let mut r = PaymentRef::new(a.str("payment_id")?, a.str("currency")?, a.str("address")?);
    r.pos_id = a.opt_str("pos_id")?;
    Ok(r)
}

/// `interval` and `timeout` in seconds (defaults of the core).
pub fn watch_options(a: &mut Kwargs<'_>) -> PyResult<WatchOptions> {
    let mut o = WatchOptions::default();
    if let Some(i) = a.opt_duration("interval")? {
        o.interval = i;
    }
    if let Some(t) = a.opt_duration("timeout")? {
        o.timeout = t;
    }
    Ok(o)
}

/// `pos_id`, `reference_no` and `page_size` of the all-pages walk.
pub fn list_transactions(a: &mut Kwargs<'_>) -> PyResult<ListTransactions> {
    let mut list = ListTransactions::new();
    list.pos_id = a.opt_str("pos_id")?;
    list.reference_no = a.opt_str("reference_no")?;
    if let Some(size) = a.opt_int("page_size")? {
        list.page_size = size;
    }
    Ok(list)
}

fn start_payment(a: &mut Kwargs<'_>) -> PyResult<StartPayment> {
    let mut r = StartPayment::new(a.str("invoice_currency")?, a.amount("invoice_amount")?, a.str("currency")?);
    r.pos_id = a.opt_str("pos_id")?;
    r.payment_id = a.opt_str("payment_id")?;
    r.reference_no = a.opt_str("reference_no")?;
    r.item_name = a.opt_str("item_name")?;
    r.accept_zero_confirmations = a.opt_bool("accept_zero_confirmations")?;
    r.require_kyt_for_confirmation = a.opt_bool("require_kyt_for_confirmation")?;
    r.payer_ip_address = a.opt_str("payer_ip_address")?;
    r.payer_user_agent = a.opt_str("payer_user_agent")?;
    r.payer_id = a.opt_str("payer_id")?;
    r.payer_email = a.opt_str("payer_email")?;
    r.auto_accept_underpayment = a.opt_bool("auto_accept_underpayment")?;
    r.auto_accept_underpayment_min = a.opt_amount("auto_accept_underpayment_min")?;
    r.auto_accept_overpayment = a.opt_bool("auto_accept_overpayment")?;
    r.auto_accept_overpayment_max = a.opt_amount("auto_accept_overpayment_max")?;
    r.auto_accept_late_payment = a.opt_bool("auto_accept_late_payment")?;
    r.webhook_url = a.opt_str("webhook_url")?;
    r.on_success_redirect_url = a.opt_str("on_success_redirect_url")?;
    r.on_failure_redirect_url = a.opt_str("on_failure_redirect_url")?;
    if let Some(payer) = a.opt_str("network_processing_fee_paid_by")? {
        r.network_processing_fee_paid_by = Some(FeePayer::parse(&payer).map_err(crate::error::to_py)?);
    }
    r.wallet_app_id = a.opt_str("wallet_app_id")?;
    r.sid = a.opt_str("sid")?;
    r.payer_kyc_pin = a.opt_str("payer_kyc_pin")?;
    Ok(r)
}

impl Request {
    /// Reads the arguments of `call` (`TypeError` for an unknown or missing one, `ValidationError`
    /// for a bad amount).
    pub fn read(py: Python<'_>, call: &'static str, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Request> {
        let mut a = Kwargs::new(py, call, kwargs)?;
        let request = match call {
            "ping" => Request::Ping(Ping { webhook_url: a.opt_str("webhook_url")? }),
            "get_rate" => {
                let mut r = GetRate::new(a.str("invoice_currency")?, a.amount("invoice_amount")?, a.str("currency")?);
                r.pos_id = a.opt_str("pos_id")?;
                r.accept_zero_confirmations = a.opt_bool("accept_zero_confirmations")?;
                r.require_kyt_for_confirmation = a.opt_bool("require_kyt_for_confirmation")?;
                r.sid = a.opt_str("sid")?;
                Request::GetRate(r)
            }
            "get_rates" => {
                let mut r = GetRates::new(a.str("invoice_currency")?, a.amount("invoice_amount")?, a.strings("currencies")?);
                r.pos_id = a.opt_str("pos_id")?;
                r.accept_zero_confirmations = a.opt_bool("accept_zero_confirmations")?;
                r.require_kyt_for_confirmation = a.opt_bool("require_kyt_for_confirmation")?;
                Request::GetRates(r)
            }
            "start_payment" => Request::StartPayment(Box::new(start_payment(&mut a)?)),
            "check_payment" => Request::CheckPayment(payment_ref(&mut a)?),
            "cancel_payment" => {
                let mut r = CancelPayment::new(payment_ref(&mut a)?);
                if let Some(reason) = a.opt_str("reason")? {
                    r.reason = Some(CancelReason::parse(&reason).map_err(crate::error::to_py)?);
                }
                r.comment = a.opt_str("comment")?;
                r.skip_state_check = a.opt_bool("skip_state_check")?.unwrap_or(false);
                Request::CancelPayment(r)
            }
            "accept_payment" => {
                let mut r = AcceptPayment::new(payment_ref(&mut a)?, a.amount("accepted_amount")?);
                r.accepted_invoice_amount = a.opt_amount("accepted_invoice_amount")?;
                r.skip_state_check = a.opt_bool("skip_state_check")?.unwrap_or(false);
                Request::AcceptPayment(r)
            }
            "refund_payment" => {
                let mut r = RefundPayment::new(a.str("payment_id")?, a.str("currency")?, a.str("address_out")?, a.amount("refund_amount")?);
                r.pos_id = a.opt_str("pos_id")?;
                r.skip_state_check = a.opt_bool("skip_state_check")?.unwrap_or(false);
                Request::RefundPayment(r)
            }
            "get_currency_list" => Request::GetCurrencyList(GetCurrencyList { invoice_currency: a.opt_str("invoice_currency")? }),
            "get_transactions" => {
                let mut r = GetTransactions::new();
                r.offset = a.opt_int("offset")?.unwrap_or(r.offset);
                r.limit = a.opt_int("limit")?.unwrap_or(r.limit);
                Request::GetTransactions(r)
            }
            "wait_for_settlement" => Request::WaitForSettlement(payment_ref(&mut a)?, watch_options(&mut a)?),
            "verify_webhook" => Request::VerifyWebhook(a.bytes("body")?, crate::webhooks::known(a.take("known")?)?),
            other => return Err(pyo3::exceptions::PyAttributeError::new_err(format!("no call {other}"))),
        };
        a.finish()?;
        Ok(request)
    }

    /// The API action, for log lines.
    pub fn action(&self) -> &'static str {
        match self {
            Request::Ping(_) => "Ping",
            Request::GetRate(_) => "GetRate",
            Request::GetRates(_) => "GetRates",
            Request::StartPayment(_) => "StartPayment",
            Request::CheckPayment(_) | Request::WaitForSettlement(..) | Request::VerifyWebhook(..) => "CheckPayment",
            Request::CancelPayment(_) => "CancelPayment",
            Request::AcceptPayment(_) => "AcceptPayment",
            Request::RefundPayment(_) => "RefundPayment",
            Request::GetCurrencyList(_) => "GetCurrencyList",
            Request::GetTransactions(_) => "GetTransactions",
        }
    }

    /// Sends the request and returns its result in canonical form.
    pub async fn run(self, client: Client) -> Result<Output> {
        match self {
            Request::Ping(r) => out("Pong", client.ping(r).await),
            Request::GetRate(r) => out("Rate", client.get_rate(r).await),
            Request::GetRates(r) => out("Rates", client.get_rates(r).await),
            Request::StartPayment(r) => out("StartedPayment", client.start_payment(*r).await),
            Request::CheckPayment(r) => status_out(client.check_payment(r).await),
            Request::CancelPayment(r) => out("CancelResult", client.cancel_payment(r).await),
            Request::AcceptPayment(r) => out("AcceptResult", client.accept_payment(r).await),
            Request::RefundPayment(r) => out("RefundResult", client.refund_payment(r).await),
            Request::GetCurrencyList(r) => out("Currency", client.get_currency_list(r).await),
            Request::GetTransactions(r) => out("TransactionPage", client.get_transactions(r).await),
            Request::WaitForSettlement(r, o) => status_out(client.wait_for_settlement(r, o).await),
            Request::VerifyWebhook(body, known) => verified_out(client.verify_webhook_body(&body, known.as_ref()).await),
        }
    }
}
