//! The ForumPay v2 endpoints: validated parameters in, the live API's JSON out.

use serde_json::{json, Value};

use crate::catalog::{self, quote, CURRENCIES};
use crate::error::{bad, SandboxError};
use crate::params::Params;
use crate::payment::NewPayment;
use crate::render;
use crate::shared::{check_reason, Shared};

/// Every action the sandbox serves, spelled as the live API does.
pub(crate) const ACTIONS: [&str; 10] = [
    "Ping",
    "GetRate",
    "GetRates",
    "StartPayment",
    "CheckPayment",
    "CancelPayment",
    "AcceptPayment",
    "RefundPayment",
    "GetCurrencyList",
    "GetTransactions",
];

/// Largest GetTransactions page.
const MAX_LIMIT: usize = 50;

/// The canonical name of a known action (matched case-insensitively, like the PHP backend).
pub(crate) fn canonical_action(action: &str) -> Option<&'static str> {
    ACTIONS
        .iter()
        .copied()
        .find(|a| a.eq_ignore_ascii_case(action))
}

/// An API answer before it becomes HTTP.
#[derive(Debug)]
pub(crate) struct Reply {
    /// HTTP status.
    pub status: u16,
    /// JSON body (`null` is a valid body: GetTransactions' empty page).
    pub body: Value,
}

impl Reply {
    /// `{"err": message}` with `status`.
    pub(crate) fn err(status: u16, message: &str) -> Reply {
        Reply {
            status,
            body: json!({ "err": message }),
        }
    }
}

/// Runs `action` and maps failures the way the live API reports them: validation → 400,
/// unknown payment → 404, a state that forbids the action → 200 with `err`.
pub(crate) fn handle(action: &str, params: &Params, shared: &Shared, host: &str) -> Reply {
    let result = match action {
        "Ping" => Ok(json!({ "result": "pong" })),
        "GetRate" => get_rate(params, shared),
        "GetRates" => get_rates(params, shared),
        "StartPayment" => start_payment(params, shared, host),
        "CheckPayment" => check_payment(params, shared),
        "CancelPayment" => cancel_payment(params, shared),
        "AcceptPayment" => accept_payment(params, shared),
        "RefundPayment" => refund_payment(params, shared),
        "GetCurrencyList" => currency_list(params, shared, host),
        "GetTransactions" => transactions(params, shared),
        _ => return Reply::err(404, "Unknown endpoint"),
    };
    match result {
        Ok(body) => Reply { status: 200, body },
        Err(SandboxError::NotFound(_)) => Reply::err(404, "Payment not found"),
        Err(SandboxError::InvalidState(message)) => Reply::err(200, &message),
        Err(SandboxError::InvalidArgument(message)) => Reply::err(400, &message),
        Err(SandboxError::Timeout(message)) => Reply::err(504, &message),
        Err(SandboxError::Io(e)) => Reply::err(500, &e.to_string()),
    }
}

/// Checks the optional boolean parameters every quote accepts.
fn quote_flags(params: &Params) -> Result<(), SandboxError> {
    params.flag("accept_zero_confirmations")?;
    params.flag("require_kyt_for_confirmation")?;
    Ok(())
}

fn get_rate(params: &Params, shared: &Shared) -> Result<Value, SandboxError> {
    params.ident("pos_id")?;
    let fiat = params.req("invoice_currency")?;
    let amount = params.amount("invoice_amount")?;
    let currency = params.req("currency")?;
    quote_flags(params)?;
    let q = quote(&shared.store().rates, currency, fiat, amount)?;
    Ok(render::rate(&q, &shared.ids.uuid()))
}

fn get_rates(params: &Params, shared: &Shared) -> Result<Value, SandboxError> {
    params.ident("pos_id")?;
    let fiat = catalog::fiat(params.req("invoice_currency")?)?;
    let amount = params.amount("invoice_amount")?;
    let list = params.req("currencies")?;
    quote_flags(params)?;
    let store = shared.store();
    let quotes = list
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| quote(&store.rates, c, fiat, amount))
        .collect::<Result<Vec<_>, _>>()?;
    if quotes.is_empty() {
        return Err(bad("Missing required parameter: currencies"));
    }
    Ok(render::rates(&quotes, fiat, amount, &shared.ids.uuid()))
}

fn start_payment(params: &Params, shared: &Shared, host: &str) -> Result<Value, SandboxError> {
    let payment_id = match params.opt("payment_id") {
        Some(_) => Some(params.ident("payment_id")?),
        None => None,
    };
    let request = NewPayment {
        pos_id: params.ident("pos_id")?,
        invoice_currency: params.req("invoice_currency")?.to_string(),
        invoice_amount: params.amount("invoice_amount")?,
        currency: params.req("currency")?.to_string(),
        payment_id,
        reference_no: params.opt_string("reference_no"),
        item_name: params.opt_string("item_name"),
        accept_zero_confirmations: params.flag("accept_zero_confirmations")?,
        require_kyt_for_confirmation: params.flag("require_kyt_for_confirmation")?,
        auto_accept_underpayment: params.flag("auto_accept_underpayment")?,
        auto_accept_underpayment_min: params.opt_threshold("auto_accept_underpayment_min")?,
        auto_accept_overpayment: params.flag("auto_accept_overpayment")?,
        auto_accept_overpayment_max: params.opt_threshold("auto_accept_overpayment_max")?,
        auto_accept_late_payment: params.flag("auto_accept_late_payment")?,
        webhook_url: params.opt_string("webhook_url"),
        on_success_redirect_url: params.opt_string("on_success_redirect_url"),
        on_failure_redirect_url: params.opt_string("on_failure_redirect_url"),
        sid: params.opt_string("sid"),
        payer_id: params.payer_id()?,
        payer_fields: params.payer_fields(),
        public_host: host.to_string(),
    };
    let mut store = shared.store();
    let payment = store.start(request, &shared.ids)?;
    Ok(render::started(payment))
}

/// The `pos_id, currency, payment_id` every payment action carries.
fn payment_ref(params: &Params) -> Result<(&str, &str), SandboxError> {
    params.ident("pos_id")?;
    Ok((params.req("payment_id")?, params.req("currency")?))
}

fn check_payment(params: &Params, shared: &Shared) -> Result<Value, SandboxError> {
    let (id, currency) = payment_ref(params)?;
    let address = params.req("address")?;
    let mut store = shared.store();
    let payment = store.find(id, currency, Some(address))?;
    Ok(render::check(payment))
}

fn cancel_payment(params: &Params, shared: &Shared) -> Result<Value, SandboxError> {
    let (id, currency) = payment_ref(params)?;
    let address = params.req("address")?;
    let reason = params.opt_string("reason");
    if let Some(r) = &reason {
        check_reason(r)?;
    }
    let comment = params.opt_string("comment");
    let mut store = shared.store();
    let now = store.now();
    let cause = match &reason {
        Some(r) => format!("CancelPayment ({r})"),
        None => "CancelPayment".to_string(),
    };
    store.set_cause(id, cause);
    store
        .find(id, currency, Some(address))?
        .cancel(reason, comment, now)?;
    Ok(json!({ "cancelled": true, "status": "Cancelled" }))
}

fn accept_payment(params: &Params, shared: &Shared) -> Result<Value, SandboxError> {
    let (id, currency) = payment_ref(params)?;
    let address = params.req("address")?;
    let accepted = params.amount("accepted_amount")?;
    let accepted_invoice = params.opt_amount("accepted_invoice_amount")?;
    let mut store = shared.store();
    store.set_cause(id, format!("AcceptPayment {accepted}"));
    store
        .find(id, currency, Some(address))?
        .accept(accepted, accepted_invoice)?;
    Ok(json!({ "success": true }))
}

fn refund_payment(params: &Params, shared: &Shared) -> Result<Value, SandboxError> {
    let (id, currency) = payment_ref(params)?;
    let refund_amount = params.amount("refund_amount")?;
    let address_out = params.opt("address_out").unwrap_or("");
    let mut store = shared.store();
    store.set_cause(id, format!("RefundPayment {refund_amount}"));
    store
        .find(id, currency, None)?
        .refund(refund_amount, address_out)?;
    Ok(json!({ "wait_time": "120 minutes" }))
}

fn currency_list(params: &Params, shared: &Shared, host: &str) -> Result<Value, SandboxError> {
    let fiat = catalog::fiat(params.opt("invoice_currency").unwrap_or("EUR"))?;
    let store = shared.store();
    let entries = CURRENCIES
        .iter()
        .map(|info| {
            let rate = if info.enabled {
                store.rates.rate(info.code, fiat).ok()
            } else {
                None
            };
            render::currency_entry(info, fiat, rate, host)
        })
        .collect();
    Ok(Value::Array(entries))
}

fn transactions(params: &Params, shared: &Shared) -> Result<Value, SandboxError> {
    let offset = params.integer("offset", 0)?;
    let limit = params.integer("limit", 20)?;
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(bad(format!("limit must be between 1 and {MAX_LIMIT}")));
    }
    let mut store = shared.store();
    let page: Vec<Value> = store
        .page(offset, limit)
        .into_iter()
        .map(render::transaction)
        .collect();
    // The live API answers an empty page with a bare `null`.
    Ok(if page.is_empty() {
        Value::Null
    } else {
        json!({ "invoices": page })
    })
}
