//! The ForumPay v2 endpoints: validated parameters in, the live API's JSON out.

use bytes::Bytes;
use serde_json::{json, Value};

use crate::catalog::{self, quote, CURRENCIES};
use crate::error::{bad, SandboxError};
use crate::kyc;
use crate::params::Params;
use crate::payment::NewPayment;
use crate::refusal::Refusal;
use crate::render;
use crate::shared::{check_reason, Shared};

/// Every action the sandbox serves, spelled as the live API does.
pub(crate) const ACTIONS: [&str; 12] = [
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
    "RequestKyc",
    "GetWalletApps",
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
    /// The JSON text of the body (`null` is a valid body: GetTransactions' empty page).
    pub body: Bytes,
}

impl Reply {
    /// `value` as the JSON body.
    pub(crate) fn json(status: u16, value: &Value) -> Reply {
        Reply { status, body: Bytes::from(value.to_string()) }
    }
}

impl From<Refusal> for Reply {
    fn from(refusal: Refusal) -> Reply {
        Reply::json(refusal.status, &refusal.body())
    }
}

/// Runs `action`; failures become the live API's error bodies (`refusal` maps them: validation
/// → 400, unknown payment → 404, a state that forbids the action → 200, each with `err_code`).
pub(crate) fn handle(action: &str, params: &Params, shared: &Shared, host: &str) -> Reply {
    if action == "CheckPayment" {
        // Written straight to JSON text: what a watch polls (decision 0026's scale run asks
        // 20,000 times a second).
        return match check_payment(params, shared) {
            Ok(body) => Reply { status: 200, body },
            Err(e) => Refusal::from(e).into(),
        };
    }
    let result = match action {
        "Ping" => Ok(json!({ "result": "pong" })),
        "GetRate" => get_rate(params, shared).map_err(Refusal::from),
        "GetRates" => get_rates(params, shared).map_err(Refusal::from),
        "StartPayment" => start_payment(params, shared, host),
        "CancelPayment" => cancel_payment(params, shared).map_err(Refusal::from),
        "AcceptPayment" => accept_payment(params, shared).map_err(Refusal::from),
        "RefundPayment" => refund_payment(params, shared).map_err(Refusal::from),
        "GetCurrencyList" => currency_list(params, shared, host).map_err(Refusal::from),
        "GetTransactions" => transactions(params, shared).map_err(Refusal::from),
        "RequestKyc" => kyc::request(params, shared).map_err(Refusal::from),
        "GetWalletApps" => Ok(shared.store().wallet_apps.render(host)),
        _ => Err(unknown_action()),
    };
    match result {
        Ok(body) => Reply::json(200, &body),
        Err(refusal) => refusal.into(),
    }
}

/// The answer to a path that names no action.
pub(crate) fn unknown_action() -> Refusal {
    Refusal::new(404, crate::refusal::code::UNKNOWN_ACTION, "Unknown endpoint")
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
    let store = shared.store();
    store.wallet_apps.check_for(currency, params.opt("wallet_app_id"))?;
    let q = quote(&store.rates, currency, fiat, amount)?;
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

/// StartPayment: checked, then admitted by KYC (when the merchant requires it), then started.
fn start_payment(params: &Params, shared: &Shared, host: &str) -> Result<Value, Refusal> {
    let request = new_payment(params, host)?;
    let mut store = shared.store();
    store.wallet_apps.check_for(&request.currency, request.wallet_app_id.as_deref())?;
    store.kyc.admit(params.opt("payer_email"), params.opt("payer_kyc_pin"))?;
    let payment = store.start(request, &shared.ids)?;
    Ok(render::started(payment))
}

/// StartPayment's parameters, validated.
fn new_payment(params: &Params, host: &str) -> Result<NewPayment, SandboxError> {
    params.one_of("network_processing_fee_paid_by", &["payer", "merchant"])?;
    params.one_of("payer_type", &["individual", "company"])?;
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
        wallet_app_id: params.opt_string("wallet_app_id"),
        user: params.opt_string("user"),
        payer_id: params.payer_id()?,
        payer_fields: params.payer_fields(),
        public_host: host.to_string(),
    };
    Ok(request)
}

/// The `pos_id, currency, payment_id` every payment action carries.
fn payment_ref(params: &Params) -> Result<(&str, &str), SandboxError> {
    params.ident("pos_id")?;
    Ok((params.req("payment_id")?, params.req("currency")?))
}

fn check_payment(params: &Params, shared: &Shared) -> Result<Bytes, SandboxError> {
    let (id, currency) = payment_ref(params)?;
    let address = params.req("address")?;
    let mut store = shared.store();
    let payment = store.find(id, currency, Some(address))?;
    let text = serde_json::to_vec(&render::check(payment)).map_err(|e| SandboxError::Io(e.into()))?;
    Ok(Bytes::from(text))
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

/// GetTransactions: newest first, filtered by the parameters the provider's client sends
/// (`reference_no`; `user`, the sub-merchant, when given), then paged.
fn transactions(params: &Params, shared: &Shared) -> Result<Value, SandboxError> {
    let offset = params.integer("offset", 0)?;
    let limit = params.integer("limit", 20)?;
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(bad(format!("limit must be between 1 and {MAX_LIMIT}")));
    }
    let reference_no = params.opt("reference_no");
    let user = params.opt("user");
    let mut store = shared.store();
    let page: Vec<Value> = store
        .page(offset, limit, |p| {
            let same = |wanted: Option<&str>, got: &Option<String>| wanted.is_none_or(|w| got.as_deref() == Some(w));
            same(reference_no, &p.request.reference_no) && same(user, &p.request.user)
        })
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
