//! Executes one step: a call of the SDK's surface by its name with its named arguments, one of
//! the runner's calls (watching, webhooks, a new client), or a sandbox control.

use crate::args::{runner, Fail};
use forumpay::surface::{self, Crossing};
use forumpay::webhooks::{EndpointSettings, Received, Verified, WebhookEndpoint};
use forumpay::{Client, SourceAllowList, WebhookDeduplicator, WebhookNotification};
use forumpay_sandbox::Sandbox;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;

/// What a step may use besides its arguments.
pub struct Ctx {
    pub client: Client,
    pub sandbox: Sandbox,
    pub dedupe: WebhookDeduplicator,
    pub endpoint: OnceLock<WebhookEndpoint>,
}

/// A step's result: its canonical form with secrets as their value (what the suite compares)
/// and its printed form in Rust (the canonical form with secrets apart, as a program that
/// prints the result's JSON sees it).
pub struct Done {
    pub canonical: Value,
    pub printed: String,
}

impl Done {
    fn plain(value: Value) -> Done {
        Done { printed: value.to_string(), canonical: value }
    }
}

fn canonical(crossing: Crossing) -> Value {
    crossing.with_secrets()
}

fn take(args: &mut Map<String, Value>, key: &str) -> Option<Value> {
    args.remove(key).filter(|v| !v.is_null())
}

fn no_more(args: &Map<String, Value>) -> Result<(), Fail> {
    match args.keys().next() {
        None => Ok(()),
        Some(k) => Err(runner(format!("unknown argument {k:?}"))),
    }
}

/// A body argument: a string as is, an object as compact JSON text.
fn body(value: Option<Value>) -> Result<String, Fail> {
    match value {
        Some(Value::String(text)) => Ok(text),
        Some(object @ Value::Object(_)) => Ok(object.to_string()),
        _ => Err(runner("argument body must be a string or an object")),
    }
}

/// Runs call `name`.
pub async fn call(ctx: &mut Ctx, name: &str, mut args: Map<String, Value>) -> Result<Done, Fail> {
    if surface::CALLS.iter().any(|c| c.name == name) {
        if name == "verify_webhook" {
            let text = body(args.remove("body"))?;
            args.insert("body".into(), Value::String(text));
        }
        let crossing = surface::call(&ctx.client, name, &Value::Object(args)).await?;
        return Ok(Done { printed: crossing.value.to_string(), canonical: canonical(crossing) });
    }
    match name {
        "watch_payment" => watch(ctx, args).await,
        "decode_answer" => {
            let call = take(&mut args, "call").and_then(|c| c.as_str().map(str::to_string)).ok_or_else(|| runner("call is required"))?;
            let text = body(args.remove("body"))?;
            no_more(&args)?;
            let crossing = surface::decode_answer(&call, text.as_bytes())?;
            Ok(Done { printed: crossing.value.to_string(), canonical: canonical(crossing) })
        }
        "transactions" => {
            let mut pager = surface::transactions(&ctx.client, &Value::Object(args))?;
            let (mut all, mut shown) = (Vec::new(), Vec::new());
            while let Some(t) = pager.next().await? {
                let crossing = Crossing::of(&t)?;
                shown.push(crossing.value.clone());
                all.push(canonical(crossing));
            }
            Ok(Done { canonical: json!({ "transactions": all }), printed: json!({ "transactions": shown }).to_string() })
        }
        _ => other_call(ctx, name, args).await.map(Done::plain),
    }
}

async fn other_call(ctx: &mut Ctx, name: &str, mut args: Map<String, Value>) -> Result<Value, Fail> {
    match name {
        "parse_webhook" => {
            let text = body(args.remove("body"))?;
            no_more(&args)?;
            Ok(canonical(Crossing::of(&WebhookNotification::parse(text.as_bytes())?)?))
        }
        "webhook_first_time" => {
            let key = take(&mut args, "key").and_then(|k| k.as_str().map(str::to_string)).ok_or_else(|| runner("key is required"))?;
            no_more(&args)?;
            Ok(json!({ "first_time": ctx.dedupe.first_time_key(&key) }))
        }
        "webhook_source_allowed" => {
            let allow: Vec<String> = serde_json::from_value(take(&mut args, "allow").unwrap_or_default()).map_err(|e| runner(format!("allow: {e}")))?;
            let source = take(&mut args, "source").and_then(|s| s.as_str().map(str::to_string)).ok_or_else(|| runner("source is required"))?;
            no_more(&args)?;
            Ok(json!({ "allowed": SourceAllowList::parse(&allow)?.allows(&source) }))
        }
        "new_client" => {
            ctx.client = crate::scenario::build_client(&ctx.sandbox, &args)?;
            Ok(Value::Null)
        }
        "webhook_endpoint" => endpoint(ctx, args).await,
        other => Err(runner(format!("unknown call {other:?}"))),
    }
}

/// Every update until the watch ends; `on_state` runs sandbox steps when a state is reported.
async fn watch(ctx: &mut Ctx, mut args: Map<String, Value>) -> Result<Done, Fail> {
    let on_state = match args.remove("on_state") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(runner("on_state must be an object")),
    };
    let mut watcher = surface::watch_payment(&ctx.client, &Value::Object(args))?;
    let (mut updates, mut shown) = (Vec::new(), Vec::new());
    let ended_with = loop {
        let update = match watcher.next().await {
            Ok(Some(u)) => u,
            Ok(None) => break Value::Null,
            Err(e) => break json!(e.code().as_str()),
        };
        let state = update.state.as_str().to_string();
        let crossing = Crossing::of(&update)?;
        shown.push(crossing.value.clone());
        updates.push(canonical(crossing));
        match on_state.get(&state) {
            Some(Value::Array(steps)) => steps.iter().try_for_each(|s| sandbox_step(&ctx.sandbox, s))?,
            Some(step) => sandbox_step(&ctx.sandbox, step)?,
            None => {}
        }
    };
    Ok(Done {
        canonical: json!({ "updates": updates, "ended_with": ended_with }),
        printed: json!({ "updates": shown, "ended_with": ended_with }).to_string(),
    })
}

/// One `{"sandbox": .., "args": {..}}` step of `on_state`.
fn sandbox_step(sandbox: &Sandbox, step: &Value) -> Result<(), Fail> {
    let action = step.get("sandbox").and_then(Value::as_str).ok_or_else(|| runner("on_state steps need `sandbox`"))?;
    sandbox_action(sandbox, action, step.get("args").cloned().unwrap_or(Value::Null)).map(drop)
}

/// A sandbox control.
pub fn sandbox_action(sandbox: &Sandbox, action: &str, args: Value) -> Result<Value, Fail> {
    if !forumpay_sandbox::ACTIONS.iter().any(|(name, _)| *name == action) {
        return Err(runner(format!("unknown sandbox action {action:?}")));
    }
    Ok(sandbox.control(action, &args)?)
}

/// A sandbox control as a step's result.
pub fn sandbox_step_result(sandbox: &Sandbox, action: &str, args: Value) -> Result<Done, Fail> {
    sandbox_action(sandbox, action, args).map(Done::plain)
}

/// One request to the scenario's webhook endpoint (made on first use with `settings`): the
/// merchant's lookup answers `lookup` (a stored payment, null for none, or `"throws"`), its
/// handler succeeds or `"throws"`.
async fn endpoint(ctx: &mut Ctx, mut args: Map<String, Value>) -> Result<Value, Fail> {
    let text = body(args.remove("body"))?;
    let source = take(&mut args, "source").and_then(|s| s.as_str().map(str::to_string));
    let settings = take(&mut args, "settings").unwrap_or(json!({}));
    let lookup = args.remove("lookup").unwrap_or(Value::Null);
    let handler = take(&mut args, "handler").unwrap_or(json!("ok"));
    no_more(&args)?;
    if ctx.endpoint.get().is_none() {
        let built = surface::from_named::<EndpointSettings>(&settings)?.build()?;
        let _ = ctx.endpoint.set(built);
    }
    let endpoint = ctx.endpoint.get().expect("set above");
    let mut handled = false;
    let answer = match endpoint.receive(text.as_bytes(), source.as_deref()) {
        Received::Answer(a) => a,
        Received::Lookup(notification) => {
            let known = match &lookup {
                Value::String(s) if s == "throws" => None,
                Value::Null => Some(None),
                other => Some(Some(surface::from_named(other)?)),
            };
            match known {
                None => endpoint.lookup_failed(),
                Some(known) => match endpoint.verify(&ctx.client, &notification, known).await {
                    Verified::Answer(a) => a,
                    Verified::Handle(verified) => {
                        handled = true;
                        endpoint.handled(&ctx.client, &verified, handler != "throws").await
                    }
                },
            }
        }
    };
    Ok(json!({ "status": answer.status, "body": answer.body, "handler_called": handled }))
}
