//! The calls that need more than the client: `watch_payment` (drives the sandbox as updates
//! arrive) and the webhook helpers (a deduplicator that lives for the whole scenario).

use crate::args::{runner, Args, Fail};
use crate::calls::{canonical, payment_ref, sandbox_action, watch_options};
use forumpay::*;
use forumpay_sandbox::Sandbox;
use serde_json::{json, Map, Value};

/// What a call may use besides its arguments.
pub struct Ctx<'a> {
    pub client: &'a Client,
    pub sandbox: &'a Sandbox,
    pub dedupe: &'a WebhookDeduplicator,
}

/// Runs `name` if it is one of these calls.
pub async fn call(ctx: &Ctx<'_>, name: &str, mut a: Args) -> Option<Result<Value, Fail>> {
    Some(match name {
        "watch_payment" => watch(ctx, a).await,
        "parse_webhook" => parse(&mut a).and_then(|n| {
            a.finish()?;
            canonical(n)
        }),
        "verify_webhook" => verify(ctx, a).await,
        "webhook_first_time" => a.str("key").and_then(|key| {
            a.finish()?;
            Ok(json!({ "first_time": ctx.dedupe.first_time_key(&key) }))
        }),
        "webhook_source_allowed" => allowed(a),
        _ => return None,
    })
}

/// Every update until the watch ends; `on_state` runs a sandbox step when a state is reported.
async fn watch(ctx: &Ctx<'_>, mut a: Args) -> Result<Value, Fail> {
    let r = payment_ref(&mut a)?;
    let options = watch_options(&mut a)?;
    let on_state = a.opt_object("on_state")?.unwrap_or_default();
    a.finish()?;
    let mut watcher = ctx.client.watch_payment(r, options)?;
    let mut updates = Vec::new();
    let ended_with = loop {
        let u = match watcher.next().await {
            Ok(Some(u)) => u,
            Ok(None) => break Value::Null,
            Err(e) => break json!(e.code().as_str()),
        };
        updates.push(json!({
            "previous": u.previous, "state": u.state, "transition": u.transition,
            "unlisted": u.is_unlisted(), "settled": u.is_settled(), "status": u.status,
        }));
        match on_state.get(u.state.as_str()) {
            Some(Value::Array(steps)) => steps.iter().try_for_each(|s| run_sandbox_step(ctx.sandbox, s))?,
            Some(step) => run_sandbox_step(ctx.sandbox, step)?,
            None => {}
        }
    };
    Ok(json!({ "updates": updates, "ended_with": ended_with }))
}

/// One `{"sandbox": .., "args": {..}}` step of `on_state`.
fn run_sandbox_step(sandbox: &Sandbox, step: &Value) -> Result<(), Fail> {
    let action = step.get("sandbox").and_then(Value::as_str).ok_or_else(|| runner("on_state steps need `sandbox`"))?;
    let args = match step.get("args") {
        None => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err(runner("on_state args must be an object")),
    };
    sandbox_action(sandbox, action, Args::new(args)).map(drop)
}

/// `body`: a raw string, or an object sent as compact JSON text.
fn parse(a: &mut Args) -> Result<WebhookNotification, Fail> {
    let body = match a.opt_value("body") {
        Some(Value::String(text)) => text,
        Some(object @ Value::Object(_)) => object.to_string(),
        _ => return Err(runner("argument body must be a string or an object")),
    };
    Ok(WebhookNotification::parse(body.as_bytes())?)
}

async fn verify(ctx: &Ctx<'_>, mut a: Args) -> Result<Value, Fail> {
    let notification = parse(&mut a)?;
    let known = match a.opt_object("known")? {
        None => None,
        Some(m) => {
            let mut k = Args::new(m);
            let mut known = KnownPayment::new(k.str("payment_id")?, k.str("currency")?, k.str("address")?);
            known.pos_id = k.opt_str("pos_id")?;
            known.last_state = k.opt_str("last_state")?.map(|s| PaymentState::parse(&s));
            k.finish()?;
            Some(known)
        }
    };
    a.finish()?;
    canonical(ctx.client.verify_webhook(&notification, known.as_ref()).await?)
}

fn allowed(mut a: Args) -> Result<Value, Fail> {
    let list = SourceAllowList::parse(&a.strings("allow")?)?;
    let source = a.str("source")?;
    a.finish()?;
    Ok(json!({ "allowed": list.allows(&source) }))
}
