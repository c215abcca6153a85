//! Executes one client call or sandbox action and returns its canonical JSON result.

use crate::args::{runner, Args, Fail};
use crate::lifecycle_calls::Ctx;
use forumpay::*;
use forumpay_sandbox::{Fault, Sandbox};
use serde::Serialize;
use serde_json::Value;

pub fn canonical<T: Serialize>(value: T) -> Result<Value, Fail> {
    serde_json::to_value(value).map_err(|e| runner(format!("cannot serialize result: {e}")))
}

pub fn payment_ref(a: &mut Args) -> Result<PaymentRef, Fail> {
    let mut r = PaymentRef::new(a.str("payment_id")?, a.str("currency")?, a.str("address")?);
    r.pos_id = a.opt_str("pos_id")?;
    Ok(r)
}

fn millis(ms: i64) -> Result<std::time::Duration, Fail> {
    u64::try_from(ms).map(std::time::Duration::from_millis).map_err(|_| runner("durations must not be negative"))
}

/// `interval_ms` and `timeout_ms` of a watch.
pub fn watch_options(a: &mut Args) -> Result<WatchOptions, Fail> {
    let mut options = WatchOptions::default();
    if let Some(ms) = a.opt_int("interval_ms")? {
        options.interval = millis(ms)?;
    }
    if let Some(ms) = a.opt_int("timeout_ms")? {
        options.timeout = millis(ms)?;
    }
    Ok(options)
}

/// Calls client method `name` with `a`.
pub async fn client_call(ctx: &Ctx<'_>, name: &str, mut a: Args) -> Result<Value, Fail> {
    let client = ctx.client;
    match name {
        "ping" => {
            let mut req = Ping::new();
            req.webhook_url = a.opt_str("webhook_url")?;
            a.finish()?;
            canonical(client.ping(req).await?)
        }
        "get_rate" => {
            let mut req = GetRate::new(a.str("invoice_currency")?, a.amount("invoice_amount")?, a.str("currency")?);
            req.pos_id = a.opt_str("pos_id")?;
            req.accept_zero_confirmations = a.opt_bool("accept_zero_confirmations")?;
            req.require_kyt_for_confirmation = a.opt_bool("require_kyt_for_confirmation")?;
            a.finish()?;
            canonical(client.get_rate(req).await?)
        }
        "get_rates" => {
            let mut req = GetRates::new(a.str("invoice_currency")?, a.amount("invoice_amount")?, a.strings("currencies")?);
            req.pos_id = a.opt_str("pos_id")?;
            a.finish()?;
            canonical(client.get_rates(req).await?)
        }
        "start_payment" => {
            let mut req = StartPayment::new(a.str("invoice_currency")?, a.amount("invoice_amount")?, a.str("currency")?);
            req.pos_id = a.opt_str("pos_id")?;
            req.payment_id = a.opt_str("payment_id")?;
            req.reference_no = a.opt_str("reference_no")?;
            req.item_name = a.opt_str("item_name")?;
            req.accept_zero_confirmations = a.opt_bool("accept_zero_confirmations")?;
            req.require_kyt_for_confirmation = a.opt_bool("require_kyt_for_confirmation")?;
            req.payer_id = a.opt_str("payer_id")?;
            req.payer_email = a.opt_str("payer_email")?;
            req.payer_ip_address = a.opt_str("payer_ip_address")?;
            req.auto_accept_underpayment = a.opt_bool("auto_accept_underpayment")?;
            req.auto_accept_underpayment_min = a.opt_amount("auto_accept_underpayment_min")?;
            req.auto_accept_overpayment = a.opt_bool("auto_accept_overpayment")?;
            req.auto_accept_late_payment = a.opt_bool("auto_accept_late_payment")?;
            req.webhook_url = a.opt_str("webhook_url")?;
            a.finish()?;
            canonical(client.start_payment(req).await?)
        }
        "check_payment" => {
            let r = payment_ref(&mut a)?;
            a.finish()?;
            canonical(client.check_payment(r).await?)
        }
        "cancel_payment" => {
            let mut req = CancelPayment::new(payment_ref(&mut a)?);
            if let Some(reason) = a.opt_str("reason")? {
                req.reason = Some(CancelReason::parse(&reason)?);
            }
            req.comment = a.opt_str("comment")?;
            req.skip_state_check = a.opt_bool("skip_state_check")?.unwrap_or(false);
            a.finish()?;
            canonical(client.cancel_payment(req).await?)
        }
        "accept_payment" => {
            let r = payment_ref(&mut a)?;
            let mut req = AcceptPayment::new(r, a.amount("accepted_amount")?);
            req.accepted_invoice_amount = a.opt_amount("accepted_invoice_amount")?;
            req.skip_state_check = a.opt_bool("skip_state_check")?.unwrap_or(false);
            a.finish()?;
            canonical(client.accept_payment(req).await?)
        }
        "refund_payment" => {
            let mut req = RefundPayment::new(a.str("payment_id")?, a.str("currency")?, a.str("address_out")?, a.amount("refund_amount")?);
            req.pos_id = a.opt_str("pos_id")?;
            req.skip_state_check = a.opt_bool("skip_state_check")?.unwrap_or(false);
            a.finish()?;
            canonical(client.refund_payment(req).await?)
        }
        "get_currency_list" => {
            let mut req = GetCurrencyList::new();
            req.invoice_currency = a.opt_str("invoice_currency")?;
            a.finish()?;
            canonical(client.get_currency_list(req).await?)
        }
        "get_transactions" => {
            let mut req = GetTransactions::new();
            if let Some(o) = a.opt_int("offset")? {
                req.offset = o;
            }
            if let Some(l) = a.opt_int("limit")? {
                req.limit = l;
            }
            a.finish()?;
            canonical(client.get_transactions(req).await?)
        }
        "wait_for_settlement" => {
            let r = payment_ref(&mut a)?;
            let options = watch_options(&mut a)?;
            a.finish()?;
            canonical(client.wait_for_settlement(r, options).await?)
        }
        "transactions" => {
            let mut list = ListTransactions::new();
            list.pos_id = a.opt_str("pos_id")?;
            list.reference_no = a.opt_str("reference_no")?;
            if let Some(size) = a.opt_int("page_size")? {
                list.page_size = size;
            }
            a.finish()?;
            let all = client.transactions(list).collect_all().await?;
            canonical(serde_json::json!({ "transactions": all }))
        }
        other => match crate::lifecycle_calls::call(ctx, other, a).await {
            Some(result) => result,
            None => Err(runner(format!("unknown call {other:?}"))),
        },
    }
}

/// Drives sandbox action `name` with `a`.
pub fn sandbox_action(sandbox: &Sandbox, name: &str, mut a: Args) -> Result<Value, Fail> {
    let seconds_or_count = |a: &mut Args, key: &str| -> Result<u64, Fail> {
        let n = a.opt_int(key)?.ok_or_else(|| runner(format!("argument {key} is required")))?;
        u64::try_from(n).map_err(|_| runner(format!("argument {key} must not be negative")))
    };
    match name {
        "pay" => {
            let (id, amount) = (a.str("payment_id")?, a.amount("amount")?);
            a.finish()?;
            canonical(sandbox.pay(&id, amount)?)
        }
        "confirm" => {
            let id = a.str("payment_id")?;
            let n = seconds_or_count(&mut a, "confirmations")?;
            a.finish()?;
            let n = u32::try_from(n).map_err(|_| runner("confirmations too large"))?;
            canonical(sandbox.add_confirmations(&id, n)?)
        }
        "block" => {
            let id = a.str("payment_id")?;
            let level = a.opt_str("alert_level")?;
            a.finish()?;
            canonical(sandbox.block(&id, level.as_deref())?)
        }
        "set_rate" => {
            let (c, f, r) = (a.str("currency")?, a.str("invoice_currency")?, a.amount("rate")?);
            a.finish()?;
            sandbox.set_rate(&c, &f, r)?;
            Ok(Value::Null)
        }
        "advance_clock" => {
            let s = seconds_or_count(&mut a, "seconds")?;
            a.finish()?;
            sandbox.advance_clock(s);
            Ok(Value::Null)
        }
        "fault" => {
            let route = a.str("route")?;
            let times = a.opt_int("times")?.unwrap_or(1);
            let times = u32::try_from(times).map_err(|_| runner("times must be >= 0"))?;
            let fault: Fault = serde_json::from_value(Value::Object(a.take_rest()))
                .map_err(|e| runner(format!("bad fault: {e}")))?;
            sandbox.inject_fault(&route, fault, times);
            Ok(Value::Null)
        }
        "reset" => {
            a.finish()?;
            sandbox.reset();
            Ok(Value::Null)
        }
        "webhook_sink" => {
            a.finish()?;
            Ok(serde_json::json!({ "url": sandbox.webhook_sink_url() }))
        }
        "set_webhook_url" => {
            let url = a.opt_str("url")?;
            a.finish()?;
            sandbox.set_webhook_url(url.as_deref());
            Ok(Value::Null)
        }
        "fail_webhook_sink" => {
            let times = seconds_or_count(&mut a, "times")?;
            let status = seconds_or_count(&mut a, "status")?;
            a.finish()?;
            let times = u32::try_from(times).map_err(|_| runner("times too large"))?;
            let status = u16::try_from(status).map_err(|_| runner("status too large"))?;
            sandbox.fail_webhook_sink(times, status)?;
            Ok(Value::Null)
        }
        "flush_webhooks" => {
            let ms = a.opt_int("timeout_ms")?.unwrap_or(10_000);
            a.finish()?;
            sandbox.flush_webhooks(millis(ms)?)?;
            Ok(Value::Null)
        }
        "received_webhooks" => {
            a.finish()?;
            Ok(serde_json::json!({ "webhooks": sandbox.received_webhooks() }))
        }
        "webhook_deliveries" => {
            a.finish()?;
            canonical(serde_json::json!({ "deliveries": sandbox.webhook_deliveries() }))
        }
        other => Err(runner(format!("unknown sandbox action {other:?}"))),
    }
}
