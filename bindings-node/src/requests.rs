//! Option objects of the client's methods → core request types. Only reading and naming happen
//! here; every check of a value's meaning is core's.

use crate::convert::Options;
use crate::error::{validation, CoreResultExt};
use forumpay::*;

/// `{ paymentId, currency, address, posId? }`.
pub fn payment_ref(o: &mut Options) -> napi::Result<PaymentRef> {
    let mut r = PaymentRef::new(o.str("payment_id")?, o.str("currency")?, o.str("address")?);
    r.pos_id = o.opt_str("pos_id")?;
    Ok(r)
}

/// `ping({ webhookUrl? })`.
pub fn ping(mut o: Options) -> napi::Result<Ping> {
    let mut req = Ping::new();
    req.webhook_url = o.opt_str("webhook_url")?;
    o.finish()?;
    Ok(req)
}

/// `getRate({...})`.
pub fn get_rate(mut o: Options) -> napi::Result<GetRate> {
    let mut req = GetRate::new(o.str("invoice_currency")?, o.amount("invoice_amount")?, o.str("currency")?);
    req.pos_id = o.opt_str("pos_id")?;
    req.accept_zero_confirmations = o.opt_bool("accept_zero_confirmations")?;
    req.require_kyt_for_confirmation = o.opt_bool("require_kyt_for_confirmation")?;
    req.sid = o.opt_str("sid")?;
    o.finish()?;
    Ok(req)
}

/// `getRates({...})`.
pub fn get_rates(mut o: Options) -> napi::Result<GetRates> {
    let mut req = GetRates::new(o.str("invoice_currency")?, o.amount("invoice_amount")?, o.strings("currencies")?);
    req.pos_id = o.opt_str("pos_id")?;
    req.accept_zero_confirmations = o.opt_bool("accept_zero_confirmations")?;
    req.require_kyt_for_confirmation = o.opt_bool("require_kyt_for_confirmation")?;
    o.finish()?;
    Ok(req)
}

/// `startPayment({...})`.
pub fn start_payment(mut o: Options) -> napi::Result<StartPayment> {
    let mut req = StartPayment::new(o.str("invoice_currency")?, o.amount("invoice_amount")?, o.str("currency")?);
    req.pos_id = o.opt_str("pos_id")?;
    req.payment_id = o.opt_str("payment_id")?;
    req.reference_no = o.opt_str("reference_no")?;
    req.item_name = o.opt_str("item_name")?;
    req.accept_zero_confirmations = o.opt_bool("accept_zero_confirmations")?;
    req.require_kyt_for_confirmation = o.opt_bool("require_kyt_for_confirmation")?;
    req.payer_ip_address = o.opt_str("payer_ip_address")?;
    req.payer_user_agent = o.opt_str("payer_user_agent")?;
    req.payer_id = o.opt_str("payer_id")?;
    req.payer_email = o.opt_str("payer_email")?;
    req.auto_accept_underpayment = o.opt_bool("auto_accept_underpayment")?;
    req.auto_accept_underpayment_min = o.opt_amount("auto_accept_underpayment_min")?;
    req.auto_accept_overpayment = o.opt_bool("auto_accept_overpayment")?;
    req.auto_accept_overpayment_max = o.opt_amount("auto_accept_overpayment_max")?;
    req.auto_accept_late_payment = o.opt_bool("auto_accept_late_payment")?;
    req.webhook_url = o.opt_str("webhook_url")?;
    req.on_success_redirect_url = o.opt_str("on_success_redirect_url")?;
    req.on_failure_redirect_url = o.opt_str("on_failure_redirect_url")?;
    req.wallet_app_id = o.opt_str("wallet_app_id")?;
    req.sid = o.opt_str("sid")?;
    req.payer_kyc_pin = o.opt_str("payer_kyc_pin")?;
    if let Some(who) = o.opt_str("network_processing_fee_paid_by")? {
        req.network_processing_fee_paid_by = Some(FeePayer::parse(&who).js()?);
    }
    if let Some(payer) = o.opt_object("payer")? {
        req.payer = Some(payer_details(payer)?);
    }
    o.finish()?;
    Ok(req)
}

/// `payer: { type?, firstName?, lastName?, companyName?, country?, dateOfBirth?, other? }`;
/// `other` holds any further `payer_*` field by its snake_case name without the prefix.
fn payer_details(mut o: Options) -> napi::Result<Payer> {
    // The rule is core's; the binding only names its own argument (`payer.type`).
    let payer_type = o
        .opt_str("type")?
        .as_deref()
        .map(PayerType::parse)
        .transpose()
        .map_err(|_| validation("payer", "payer.type must be `individual` or `company`"))?;
    let p = Payer {
        payer_type,
        first_name: o.opt_str("first_name")?,
        last_name: o.opt_str("last_name")?,
        company_name: o.opt_str("company_name")?,
        country: o.opt_str("country")?,
        date_of_birth: o.opt_str("date_of_birth")?,
        other: match o.opt_object("other")? {
            Some(mut other) => other.drain_strings("payer")?,
            None => Default::default(),
        },
    };
    o.finish()?;
    Ok(p)
}

/// `checkPayment({ paymentId, currency, address, posId? })`.
pub fn check_payment(mut o: Options) -> napi::Result<PaymentRef> {
    let r = payment_ref(&mut o)?;
    o.finish()?;
    Ok(r)
}

/// `cancelPayment({ ..., reason?, comment?, skipStateCheck? })`.
pub fn cancel_payment(mut o: Options) -> napi::Result<CancelPayment> {
    let mut req = CancelPayment::new(payment_ref(&mut o)?);
    if let Some(reason) = o.opt_str("reason")? {
        req.reason = Some(CancelReason::parse(&reason).js()?);
    }
    req.comment = o.opt_str("comment")?;
    req.skip_state_check = o.opt_bool("skip_state_check")?.unwrap_or(false);
    o.finish()?;
    Ok(req)
}

/// `acceptPayment({ ..., acceptedAmount, acceptedInvoiceAmount?, skipStateCheck? })`.
pub fn accept_payment(mut o: Options) -> napi::Result<AcceptPayment> {
    let r = payment_ref(&mut o)?;
    let mut req = AcceptPayment::new(r, o.amount("accepted_amount")?);
    req.accepted_invoice_amount = o.opt_amount("accepted_invoice_amount")?;
    req.skip_state_check = o.opt_bool("skip_state_check")?.unwrap_or(false);
    o.finish()?;
    Ok(req)
}

/// `refundPayment({ paymentId, currency, addressOut, refundAmount, posId?, skipStateCheck? })`.
pub fn refund_payment(mut o: Options) -> napi::Result<RefundPayment> {
    let mut req =
        RefundPayment::new(o.str("payment_id")?, o.str("currency")?, o.str("address_out")?, o.amount("refund_amount")?);
    req.pos_id = o.opt_str("pos_id")?;
    req.skip_state_check = o.opt_bool("skip_state_check")?.unwrap_or(false);
    o.finish()?;
    Ok(req)
}

/// `getCurrencyList({ invoiceCurrency? })`.
pub fn get_currency_list(mut o: Options) -> napi::Result<GetCurrencyList> {
    let mut req = GetCurrencyList::new();
    req.invoice_currency = o.opt_str("invoice_currency")?;
    o.finish()?;
    Ok(req)
}

/// `getTransactions({ offset?, limit? })`.
pub fn get_transactions(mut o: Options) -> napi::Result<GetTransactions> {
    let mut req = GetTransactions::new();
    if let Some(offset) = o.opt_int("offset")? {
        req.offset = offset;
    }
    if let Some(limit) = o.opt_int("limit")? {
        req.limit = limit;
    }
    o.finish()?;
    Ok(req)
}

/// `transactions({ posId?, referenceNo?, pageSize? })`.
pub fn list_transactions(mut o: Options) -> napi::Result<ListTransactions> {
    let mut list = ListTransactions::new();
    list.pos_id = o.opt_str("pos_id")?;
    list.reference_no = o.opt_str("reference_no")?;
    if let Some(size) = o.opt_int("page_size")? {
        list.page_size = size;
    }
    o.finish()?;
    Ok(list)
}

/// `watchPayment` / `waitForSettlement`: the payment and `{ intervalMs?, timeoutMs? }`.
pub fn watch(mut o: Options) -> napi::Result<(PaymentRef, WatchOptions)> {
    let r = payment_ref(&mut o)?;
    let mut options = WatchOptions::default();
    if let Some(interval) = o.opt_millis("interval_ms")? {
        options.interval = interval;
    }
    if let Some(timeout) = o.opt_millis("timeout_ms")? {
        options.timeout = timeout;
    }
    o.finish()?;
    Ok((r, options))
}
