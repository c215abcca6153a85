//! Reads one scenario file and runs its steps.

use crate::args::{resolve, runner, Fail};
use crate::matcher::{lookup, matches};
use crate::steps::{call, sandbox_step_result, Ctx, Done};
use forumpay::surface::{from_named, Settings};
use forumpay::{Client, WebhookDeduplicator};
use forumpay_sandbox::{Sandbox, SandboxOptions};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

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
    printed: Option<Printed>,
}

/// `"printed": {"hides": [...]}`: none of these texts may appear in any printed form of the
/// result or error (they must appear in its canonical form, so the check cannot pass vacuously).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Printed {
    hides: Vec<Value>,
}

/// A client for the sandbox with the scenario's settings: the canonical setting names, the
/// sandbox's credentials and URL unless the settings name them, `pos_id` "web" unless given
/// (`null`: none).
pub fn build_client(sandbox: &Sandbox, settings: &Map<String, Value>) -> Result<Client, Fail> {
    let mut named = settings.clone();
    named.entry("api_user").or_insert_with(|| sandbox.api_user().into());
    named.entry("api_secret").or_insert_with(|| sandbox.api_secret().into());
    if !named.contains_key("environment") {
        named.entry("base_url").or_insert_with(|| sandbox.base_url().into());
    }
    named.entry("pos_id").or_insert_with(|| "web".into());
    let settings: Settings = from_named(&Value::Object(named))?;
    Ok(Client::new(settings.build()?)?)
}

fn check_error(expected: &Map<String, Value>, got: &Value) -> Result<(), String> {
    for (k, v) in expected {
        let ok = match k.as_str() {
            "has_cf_ray" => v.as_bool() == Some(!got["cf_ray"].is_null()),
            "code" | "http_status" | "err" | "err_code" | "additional" | "attempts" | "field" | "action" | "retry_after_ms" => {
                matches(v, got.get(k), k).is_ok()
            }
            other => return Err(format!("unknown expect_error key {other:?}")),
        };
        if !ok {
            return Err(format!("expected error {k} = {v}, got {got}"));
        }
    }
    Ok(())
}

/// The printed forms of a result in Rust (see `Done`) and of an error (its canonical form).
fn check_printed(printed: &Printed, outcome: &Result<Done, Fail>, vars: &BTreeMap<String, Value>) -> Result<(), String> {
    let (canonical, shown) = match outcome {
        Ok(done) => (done.canonical.to_string(), done.printed.clone()),
        Err(Fail::Outcome(e)) => (e.to_string(), e.to_string()),
        Err(Fail::Runner(m)) => return Err(m.clone()),
    };
    for hidden in &printed.hides {
        let hidden = match resolve(hidden, vars) {
            Ok(Value::String(s)) => s,
            _ => return Err("printed.hides must list texts".into()),
        };
        if !canonical.contains(&hidden) {
            return Err(format!("printed: {hidden:?} is not in the result, so hiding it proves nothing"));
        }
        if shown.contains(&hidden) {
            return Err(format!("printed: a secret shows: {shown}"));
        }
    }
    Ok(())
}

async fn run_step(step: &Step, ctx: &mut Ctx, vars: &mut BTreeMap<String, Value>) -> Result<(), String> {
    let args = match resolve(&Value::Object(step.args.clone()), vars) {
        Ok(Value::Object(m)) => m,
        Ok(_) => unreachable!("an object resolves to an object"),
        Err(Fail::Runner(m)) => return Err(m),
        Err(Fail::Outcome(e)) => return Err(e.to_string()),
    };
    let outcome = match (&step.call, &step.sandbox) {
        (Some(name), None) => call(ctx, name, args).await,
        (None, Some(action)) => sandbox_step_result(&ctx.sandbox, action, Value::Object(args)),
        _ => Err(runner("a step needs exactly one of `call` and `sandbox`")),
    };
    if step.expect.is_some() && step.expect_error.is_some() {
        return Err("a step may not have both expect and expect_error".into());
    }
    // Saved first, so that `printed` may name what this very step returned.
    if let Ok(done) = &outcome {
        if step.expect_error.is_none() {
            for (var, path) in &step.save {
                let found = lookup(&done.canonical, path).filter(|x| !x.is_null()).ok_or(format!("save: no value at {path}"))?;
                vars.insert(var.clone(), found.clone());
            }
        }
    }
    if let Some(printed) = &step.printed {
        check_printed(printed, &outcome, vars)?;
    }
    match (outcome, &step.expect_error) {
        (Err(Fail::Runner(m)), _) => Err(format!("cannot execute: {m}")),
        (Err(Fail::Outcome(e)), Some(expected)) => check_error(expected, &e),
        (Err(Fail::Outcome(e)), None) => Err(format!("unexpected error: {e}")),
        (Ok(done), Some(_)) => Err(format!("expected an error, got {}", done.canonical)),
        (Ok(Done { canonical: v, .. }), None) => {
            if let Some(expected) = &step.expect {
                let expected = match resolve(expected, vars) {
                    Ok(e) => e,
                    Err(Fail::Runner(m)) => return Err(m),
                    Err(Fail::Outcome(e)) => return Err(e.to_string()),
                };
                matches(&expected, Some(&v), "result")?;
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
    let client = build_client(&sandbox, &scenario.client).map_err(|e| match e {
        Fail::Runner(m) => m,
        Fail::Outcome(e) => format!("the scenario's client settings are refused: {e}"),
    })?;
    let mut ctx = Ctx { client, sandbox, dedupe: WebhookDeduplicator::default(), endpoint: OnceLock::new() };
    let mut vars = BTreeMap::new();
    for (i, step) in scenario.steps.iter().enumerate() {
        run_step(step, &mut ctx, &mut vars).await.map_err(|e| format!("step {}: {e}", i + 1))?;
    }
    Ok(())
}
