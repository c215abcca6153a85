//! Reads one scenario file and runs its steps.

use crate::args::{resolve, runner, Args, ErrorInfo, Fail};
use crate::calls::{client_call, sandbox_action};
use crate::lifecycle_calls::Ctx;
use crate::matcher::{lookup, matches};
use forumpay::{Client, Config, WebhookDeduplicator};
use forumpay_sandbox::{Sandbox, SandboxOptions};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::Duration;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    name: String,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    #[serde(default)]
    client: Map<String, Value>,
    steps: Vec<Step>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    call: Option<String>,
    sandbox: Option<String>,
    #[serde(default)]
    args: Map<String, Value>,
    expect: Option<Value>,
    expect_error: Option<Map<String, Value>>,
    #[serde(default)]
    save: BTreeMap<String, String>,
}

fn build_client(sandbox: &Sandbox, settings: &Map<String, Value>) -> Result<Client, String> {
    let text = |k: &str, v: &Value| v.as_str().map(str::to_string).ok_or(format!("client.{k} must be a string"));
    let millis = |k: &str, v: &Value| v.as_u64().map(Duration::from_millis).ok_or(format!("client.{k} must be milliseconds"));
    let secret = match settings.get("api_secret") {
        Some(v) => text("api_secret", v)?,
        None => sandbox.api_secret().to_string(),
    };
    let mut b = Config::builder(sandbox.api_user(), secret).base_url(sandbox.base_url());
    if !settings.contains_key("pos_id") {
        b = b.pos_id("web");
    }
    for (k, v) in settings {
        b = match k.as_str() {
            "api_secret" => b,
            "pos_id" if v.is_null() => b,
            "pos_id" => b.pos_id(text(k, v)?),
            "request_timeout_ms" => b.request_timeout(millis(k, v)?),
            "connect_timeout_ms" => b.connect_timeout(millis(k, v)?),
            "deadline_ms" => b.call_deadline(millis(k, v)?),
            "max_attempts" => b.max_attempts(v.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or(format!("{k} must be a count"))?),
            "retry_base_delay_ms" => b.retry_base_delay(millis(k, v)?),
            "retry_max_delay_ms" => b.retry_max_delay(millis(k, v)?),
            "locale" => b.locale(text(k, v)?),
            "user" => b.user(text(k, v)?),
            other => return Err(format!("unknown client setting {other:?}")),
        };
    }
    Client::new(b.build().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

fn check_error(expected: &Map<String, Value>, got: &ErrorInfo) -> Result<(), String> {
    for (k, v) in expected {
        let ok = match k.as_str() {
            "code" => v.as_str() == Some(got.code.as_str()),
            "http_status" => v.as_u64() == got.http_status.map(u64::from),
            "err_code" => v.as_str() == got.err_code.as_deref(),
            "attempts" => v.as_u64() == got.attempts.map(u64::from),
            "has_cf_ray" => v.as_bool() == Some(got.cf_ray.is_some()),
            "field" => v.as_str() == got.field.as_deref(),
            other => return Err(format!("unknown expect_error key {other:?}")),
        };
        if !ok {
            return Err(format!("expected error {k} = {v}, got {got:?}"));
        }
    }
    Ok(())
}

async fn run_step(step: &Step, ctx: &Ctx<'_>, vars: &mut BTreeMap<String, Value>) -> Result<(), String> {
    let args = match resolve(&Value::Object(step.args.clone()), vars) {
        Ok(Value::Object(m)) => Args::new(m),
        Ok(_) => unreachable!("an object resolves to an object"),
        Err(Fail::Runner(m)) => return Err(m),
        Err(Fail::Outcome(e)) => return Err(e.message),
    };
    let outcome = match (&step.call, &step.sandbox) {
        (Some(call), None) => client_call(ctx, call, args).await,
        (None, Some(action)) => sandbox_action(ctx.sandbox, action, args),
        _ => Err(runner("a step needs exactly one of `call` and `sandbox`")),
    };
    if step.expect.is_some() && step.expect_error.is_some() {
        return Err("a step may not have both expect and expect_error".into());
    }
    match (outcome, &step.expect_error) {
        (Err(Fail::Runner(m)), _) => Err(format!("cannot execute: {m}")),
        (Err(Fail::Outcome(e)), Some(expected)) => check_error(expected, &e),
        (Err(Fail::Outcome(e)), None) => Err(format!("unexpected error: {}", e.message)),
        (Ok(v), Some(_)) => Err(format!("expected an error, got {v}")),
        (Ok(v), None) => {
            if let Some(expected) = &step.expect {
                let expected = match resolve(expected, vars) {
                    Ok(e) => e,
                    Err(Fail::Runner(m)) => return Err(m),
                    Err(Fail::Outcome(e)) => return Err(e.message),
                };
                matches(&expected, Some(&v), "result")?;
            }
            for (var, path) in &step.save {
                let found = lookup(&v, path).filter(|x| !x.is_null()).ok_or(format!("save: no value at {path}"))?;
                vars.insert(var.clone(), found.clone());
            }
            Ok(())
        }
    }
}

/// Runs the scenario in `file` against a fresh sandbox.
pub async fn run_file(file: &Path, names: &mut HashSet<String>) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let scenario: Scenario = serde_json::from_str(&text).map_err(|e| format!("malformed scenario: {e}"))?;
    if !names.insert(scenario.name.clone()) {
        return Err(format!("duplicate scenario name {:?}", scenario.name));
    }
    if scenario.steps.is_empty() {
        return Err("a scenario needs steps".into());
    }
    // On its own thread, as the bindings start it: its webhook deliveries then run while a
    // step waits for them (flush_webhooks).
    let sandbox = Sandbox::start_background(SandboxOptions::default()).map_err(|e| e.to_string())?;
    let client = build_client(&sandbox, &scenario.client)?;
    let dedupe = WebhookDeduplicator::default();
    let ctx = Ctx { client: &client, sandbox: &sandbox, dedupe: &dedupe };
    let mut vars = BTreeMap::new();
    for (i, step) in scenario.steps.iter().enumerate() {
        run_step(step, &ctx, &mut vars).await.map_err(|e| format!("step {}: {e}", i + 1))?;
    }
    Ok(())
}
