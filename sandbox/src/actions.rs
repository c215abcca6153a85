//! Every control of the emulator by one name: `Sandbox::control(action, arguments)`. The
//! conformance suite's sandbox steps, each binding's `Sandbox` and the HTTP control API all go
//! through this one dispatch, so an action is written once.

use crate::catalog::parse_amount;
use crate::error::{bad, SandboxError};
use crate::faults::Fault;
use crate::{Sandbox, WalletApp};
use serde_json::{json, Map, Value};
use std::time::Duration;

/// Every action, with its arguments (optional ones in brackets) and what it gives.
pub const ACTIONS: &[(&str, &str)] = &[
    ("pay", "payment_id, amount: pays that amount into the payment's address; the payment's snapshot"),
    ("confirm", "payment_id, confirmations: adds confirmations; the snapshot"),
    ("block", "payment_id, [alert_level]: blocks the payment; the snapshot"),
    ("set_rate", "currency, invoice_currency, rate: sets a rate"),
    ("advance_clock", "seconds: moves the emulator's clock on"),
    ("fault", "route, kind, [times] and the kind's fields: fails the route's next calls"),
    ("reset", "forgets every payment, fault, rate change and webhook record"),
    ("webhook_sink", "the URL of the emulator's own webhook receiver: {url}"),
    ("set_webhook_url", "url (or null): where payments without webhook_url notify"),
    ("fail_webhook_sink", "times, status: the sink answers status to the next deliveries"),
    ("flush_webhooks", "[timeout_ms]: waits until every queued delivery is done"),
    ("received_webhooks", "the bodies the sink accepted: {webhooks}"),
    ("webhook_deliveries", "every delivery attempt: {deliveries}"),
    ("payment", "payment_id: the payment's snapshot"),
    ("payments", "every payment's snapshot: {payments}"),
    ("request_count", "route: how many calls reached it: {count}"),
    ("require_kyc", "required (bool): whether StartPayment requires the payer's KYC"),
    ("kyc_requests", "every RequestKyc received, with the code sent to the payer: {requests}"),
    ("set_wallet_apps", "currency, apps ([{id, name, [image], [image_darkmode]}]): replaces the currency's wallet apps"),
];

/// The arguments of one action, consumed by name; what is left over is refused.
struct Args {
    action: &'static str,
    map: Map<String, Value>,
}

impl Args {
    fn take(&mut self, key: &str) -> Option<Value> {
        self.map.remove(key).filter(|v| !v.is_null())
    }

    fn opt_text(&mut self, key: &str) -> Result<Option<String>, SandboxError> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(bad(format!("{}: {key} must be text", self.action))),
        }
    }

    fn text(&mut self, key: &str) -> Result<String, SandboxError> {
        self.opt_text(key)?.ok_or_else(|| bad(format!("{}: {key} is required", self.action)))
    }

    fn opt_count(&mut self, key: &str) -> Result<Option<u64>, SandboxError> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::Number(n)) => n.as_u64().map(Some).ok_or_else(|| bad(format!("{}: {key} must be a whole number, 0 or more", self.action))),
            Some(_) => Err(bad(format!("{}: {key} must be a whole number", self.action))),
        }
    }

    fn flag(&mut self, key: &str) -> Result<bool, SandboxError> {
        match self.take(key) {
            Some(Value::Bool(b)) => Ok(b),
            Some(_) => Err(bad(format!("{}: {key} must be true or false", self.action))),
            None => Err(bad(format!("{}: {key} is required", self.action))),
        }
    }

    fn count(&mut self, key: &str) -> Result<u64, SandboxError> {
        self.opt_count(key)?.ok_or_else(|| bad(format!("{}: {key} is required", self.action)))
    }

    fn small<T: TryFrom<u64>>(&self, key: &str, n: u64) -> Result<T, SandboxError> {
        T::try_from(n).map_err(|_| bad(format!("{}: {key} is out of range", self.action)))
    }

    fn finish(self) -> Result<(), SandboxError> {
        match self.map.keys().next() {
            None => Ok(()),
            Some(k) => Err(bad(format!("{}: unknown argument {k}", self.action))),
        }
    }
}

fn snapshot<T: serde::Serialize>(value: T) -> Result<Value, SandboxError> {
    serde_json::to_value(value).map_err(|e| bad(e.to_string()))
}

impl Sandbox {
    /// Runs control `action` (see [`ACTIONS`]) with its named `arguments` (a JSON object, or
    /// null for none). Code `invalid_argument` for an unknown action or argument, `not_found`
    /// for an unknown payment, `invalid_state` for what the payment's state forbids.
    pub fn control(&self, action: &str, arguments: &Value) -> Result<Value, SandboxError> {
        let Some(&(action, _)) = ACTIONS.iter().find(|(name, _)| *name == action) else {
            return Err(bad(format!("there is no sandbox action `{action}`")));
        };
        let map = match arguments {
            Value::Null => Map::new(),
            Value::Object(m) => m.clone(),
            _ => return Err(bad(format!("{action}: the arguments must be a map"))),
        };
        let mut a = Args { action, map };
        // Every argument is read and checked before the action runs: a bad call changes nothing.
        match action {
            "pay" => {
                let (id, amount) = (a.text("payment_id")?, a.text("amount")?);
                a.finish()?;
                snapshot(self.pay(&id, parse_amount("amount", &amount)?)?)
            }
            "confirm" => {
                let id = a.text("payment_id")?;
                let n = a.count("confirmations")?;
                let n = a.small("confirmations", n)?;
                a.finish()?;
                snapshot(self.add_confirmations(&id, n)?)
            }
            "block" => {
                let id = a.text("payment_id")?;
                let level = a.opt_text("alert_level")?;
                a.finish()?;
                snapshot(self.block(&id, level.as_deref())?)
            }
            "set_rate" => {
                let (currency, fiat, rate) = (a.text("currency")?, a.text("invoice_currency")?, a.text("rate")?);
                a.finish()?;
                self.set_rate(&currency, &fiat, parse_amount("rate", &rate)?)?;
                Ok(Value::Null)
            }
            "advance_clock" => {
                let seconds = a.count("seconds")?;
                a.finish()?;
                self.advance_clock(seconds);
                Ok(Value::Null)
            }
            "fault" => {
                let route = a.text("route")?;
                let times = a.opt_count("times")?.unwrap_or(1);
                let times = a.small("times", times)?;
                let fault: Fault = serde_json::from_value(Value::Object(std::mem::take(&mut a.map)))
                    .map_err(|e| bad(format!("fault: {e}")))?;
                fault.check().map_err(|e| bad(format!("fault: {e}")))?;
                self.inject_fault(&route, fault, times);
                Ok(Value::Null)
            }
            "reset" => {
                a.finish()?;
                self.reset();
                Ok(Value::Null)
            }
            "webhook_sink" => {
                a.finish()?;
                Ok(json!({ "url": self.webhook_sink_url() }))
            }
            "set_webhook_url" => {
                let url = a.opt_text("url")?;
                a.finish()?;
                self.set_webhook_url(url.as_deref());
                Ok(Value::Null)
            }
            "fail_webhook_sink" => {
                let (times, status) = (a.count("times")?, a.count("status")?);
                let (times, status) = (a.small("times", times)?, a.small("status", status)?);
                a.finish()?;
                self.fail_webhook_sink(times, status)?;
                Ok(Value::Null)
            }
            "flush_webhooks" => {
                let ms = a.opt_count("timeout_ms")?.unwrap_or(10_000);
                a.finish()?;
                self.flush_webhooks(Duration::from_millis(ms))?;
                Ok(Value::Null)
            }
            "received_webhooks" => {
                a.finish()?;
                Ok(json!({ "webhooks": self.received_webhooks() }))
            }
            "webhook_deliveries" => {
                a.finish()?;
                Ok(json!({ "deliveries": snapshot(self.webhook_deliveries())? }))
            }
            "payment" => {
                let id = a.text("payment_id")?;
                a.finish()?;
                snapshot(self.payment(&id).ok_or(SandboxError::NotFound(id))?)
            }
            "payments" => {
                a.finish()?;
                Ok(json!({ "payments": snapshot(self.payments())? }))
            }
            "request_count" => {
                let route = a.text("route")?;
                a.finish()?;
                Ok(json!({ "count": self.request_count(&route) }))
            }
            "require_kyc" => {
                let required = a.flag("required")?;
                a.finish()?;
                self.require_kyc(required);
                Ok(Value::Null)
            }
            "kyc_requests" => {
                a.finish()?;
                Ok(json!({ "requests": snapshot(self.kyc_requests())? }))
            }
            "set_wallet_apps" => {
                let currency = a.text("currency")?;
                let apps: Vec<WalletApp> = serde_json::from_value(a.take("apps").unwrap_or(Value::Null))
                    .map_err(|e| bad(format!("set_wallet_apps: apps must be a list of {{id, name, [image], [image_darkmode]}}: {e}")))?;
                a.finish()?;
                self.set_wallet_apps(&currency, apps)?;
                Ok(Value::Null)
            }
            _ => unreachable!("every name of ACTIONS has an arm"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SandboxOptions;

    #[test]
    fn every_action_is_dispatched_and_bad_input_is_typed() {
        let sandbox = Sandbox::start_background(SandboxOptions::default()).unwrap();
        for (name, _) in ACTIONS {
            let e = sandbox.control(name, &json!({"no_such_argument": 1})).err();
            assert!(e.is_some_and(|e| e.code() == "invalid_argument" || e.code() == "not_found"), "{name}");
        }
        assert_eq!(sandbox.control("nope", &Value::Null).unwrap_err().code(), "invalid_argument");
        assert_eq!(sandbox.control("confirm", &json!({"payment_id": "p", "confirmations": 1.5})).unwrap_err().code(), "invalid_argument");
        assert_eq!(sandbox.control("pay", &json!({"payment_id": "p", "amount": "1"})).unwrap_err().code(), "not_found");
        assert_eq!(sandbox.control("advance_clock", &json!({"seconds": 5})).unwrap(), Value::Null);
        assert!(sandbox.control("webhook_sink", &Value::Null).unwrap()["url"].is_string());
        assert_eq!(sandbox.control("request_count", &json!({"route": "Ping"})).unwrap()["count"], 0);
    }
}
