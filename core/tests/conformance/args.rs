//! What a step gives back when it does not succeed, and `$var` references in its arguments.

use serde_json::Value;
use std::collections::BTreeMap;

/// Why a step did not produce a result.
#[derive(Debug)]
pub enum Fail {
    /// The runner could not execute the step (a bug in the scenario or the runner).
    Runner(String),
    /// The SDK (or the sandbox) refused: an outcome the scenario may expect. Its canonical
    /// error form (`code`, `message`, `http_status`, `err`, `err_code`, `additional`, `cf_ray`,
    /// `attempts`, `field`, ...).
    Outcome(Value),
}

impl From<forumpay::Error> for Fail {
    fn from(e: forumpay::Error) -> Fail {
        Fail::Outcome(serde_json::to_value(e.fields()).expect("an error serializes"))
    }
}

impl From<forumpay_sandbox::SandboxError> for Fail {
    fn from(e: forumpay_sandbox::SandboxError) -> Fail {
        Fail::Outcome(serde_json::json!({ "code": e.code(), "message": e.to_string() }))
    }
}

pub fn runner(msg: impl Into<String>) -> Fail {
    Fail::Runner(msg.into())
}

/// Replaces every `"$var"` string in `value` by the saved value.
pub fn resolve(value: &Value, vars: &BTreeMap<String, Value>) -> Result<Value, Fail> {
    Ok(match value {
        Value::String(s) if s.starts_with('$') && s.len() > 1 => vars
            .get(&s[1..])
            .cloned()
            .ok_or_else(|| runner(format!("variable {s} was never saved")))?,
        Value::Array(items) => Value::Array(items.iter().map(|v| resolve(v, vars)).collect::<Result<_, _>>()?),
        Value::Object(map) => Value::Object(
            map.iter().map(|(k, v)| Ok((k.clone(), resolve(v, vars)?))).collect::<Result<_, Fail>>()?,
        ),
        other => other.clone(),
    })
}
