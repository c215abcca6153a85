//! Reading a step's arguments: every argument must be used, amounts go through the SDK's own
//! amount parser, `$var` references are resolved before.

use forumpay::Decimal;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Why a step did not produce a result.
#[derive(Debug)]
pub enum Fail {
    /// The runner could not execute the step (a bug in the scenario or the runner).
    Runner(String),
    /// The SDK (or the sandbox) refused: an outcome the scenario may expect.
    Outcome(Box<ErrorInfo>),
}

/// What the scenario may check about an error.
#[derive(Debug, Default)]
pub struct ErrorInfo {
    pub code: String,
    pub http_status: Option<u16>,
    pub err_code: Option<String>,
    pub attempts: Option<u32>,
    pub cf_ray: Option<String>,
    pub field: Option<String>,
    pub message: String,
}

impl From<forumpay::Error> for Fail {
    fn from(e: forumpay::Error) -> Fail {
        Fail::Outcome(Box::new(ErrorInfo {
            code: e.code().as_str().to_string(),
            http_status: e.http_status(),
            err_code: e.err_code().map(str::to_string),
            attempts: Some(e.attempts()),
            cf_ray: e.cf_ray().map(str::to_string),
            field: e.details().field.clone(),
            message: e.to_string(),
        }))
    }
}

impl From<forumpay_sandbox::SandboxError> for Fail {
    fn from(e: forumpay_sandbox::SandboxError) -> Fail {
        Fail::Outcome(Box::new(ErrorInfo { code: e.code().to_string(), message: e.to_string(), ..ErrorInfo::default() }))
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

/// The arguments of one step, consumed by name.
pub struct Args {
    map: Map<String, Value>,
}

impl Args {
    pub fn new(map: Map<String, Value>) -> Args {
        Args { map }
    }

    pub fn opt_str(&mut self, key: &str) -> Result<Option<String>, Fail> {
        match self.map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(runner(format!("argument {key} must be a string"))),
        }
    }

    pub fn str(&mut self, key: &str) -> Result<String, Fail> {
        self.opt_str(key)?.ok_or_else(|| runner(format!("argument {key} is required")))
    }

    pub fn opt_bool(&mut self, key: &str) -> Result<Option<bool>, Fail> {
        match self.map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(_) => Err(runner(format!("argument {key} must be a boolean"))),
        }
    }

    pub fn opt_int(&mut self, key: &str) -> Result<Option<i64>, Fail> {
        match self.map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(|| runner(format!("argument {key} must be an integer"))),
            Some(_) => Err(runner(format!("argument {key} must be an integer"))),
        }
    }

    pub fn strings(&mut self, key: &str) -> Result<Vec<String>, Fail> {
        match self.map.remove(key) {
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s),
                    _ => Err(runner(format!("argument {key} must be a list of strings"))),
                })
                .collect(),
            _ => Err(runner(format!("argument {key} must be a list of strings"))),
        }
    }

    /// An amount: a string parsed by the SDK (a bad one is a `validation` outcome).
    pub fn opt_amount(&mut self, key: &'static str) -> Result<Option<Decimal>, Fail> {
        match self.opt_str(key)? {
            None => Ok(None),
            Some(text) => Ok(Some(forumpay::parse_amount(key, &text)?)),
        }
    }

    pub fn amount(&mut self, key: &'static str) -> Result<Decimal, Fail> {
        self.opt_amount(key)?.ok_or_else(|| runner(format!("argument {key} is required")))
    }

    /// Any argument, as JSON.
    pub fn opt_value(&mut self, key: &str) -> Option<Value> {
        self.map.remove(key)
    }

    /// An object argument, as JSON.
    pub fn opt_object(&mut self, key: &str) -> Result<Option<Map<String, Value>>, Fail> {
        match self.map.remove(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(m)) => Ok(Some(m)),
            Some(_) => Err(runner(format!("argument {key} must be an object"))),
        }
    }

    pub fn take_rest(&mut self) -> Map<String, Value> {
        std::mem::take(&mut self.map)
    }

    /// Fails when an argument was given that the step did not use.
    pub fn finish(self) -> Result<(), Fail> {
        if self.map.is_empty() {
            Ok(())
        } else {
            let keys: Vec<&String> = self.map.keys().collect();
            Err(runner(format!("unknown argument(s) {keys:?}")))
        }
    }
}
