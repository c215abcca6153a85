//! The customer's payment page. A payment's `access_url` is `/pay?...#checkPayment$...$<token>$`:
//! the browser never sends the fragment, so `/pay` answers a small page whose script reads the
//! access token from it and moves to `/pay/<token>`, the page itself. The page polls
//! `/pay/<token>/state` and posts the emulator's test actions to `/pay/<token>/act`; without
//! JavaScript the actions are plain forms answered with a redirect back.

use askama::Template;
use hyper::body::Incoming;
use hyper::header::ACCEPT;
use hyper::{Method, Request, Response};
use serde_json::json;

use super::pay_view::{reason_choices, Action, PageState, TestAmounts};
use super::reply;
use crate::body::ReplyBody;
use crate::error::SandboxError;
use crate::params::Params;
use crate::payment::State;
use crate::server::read_body;
use crate::shared::{Actor, Shared};

/// `/pay`: reads the access token from the fragment and opens the payment's page.
#[derive(Template)]
#[template(path = "landing.html")]
struct Landing;

/// `/pay/<token>`.
#[derive(Template)]
#[template(path = "pay.html")]
struct PayPage {
    token: String,
    s: PageState,
    /// What the last form did (no-JavaScript path), from a fixed set of sentences.
    notice: Option<&'static str>,
    reasons: Vec<(&'static str, &'static str)>,
}

/// A page for an unknown or reset payment.
#[derive(Template)]
#[template(path = "gone.html")]
struct Gone;

/// Routes `/pay` and everything under it.
pub(crate) async fn handle(
    req: Request<Incoming>,
    shared: &Shared,
) -> Result<Response<ReplyBody>, std::io::Error> {
    let path = req.uri().path().to_string();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let method = req.method().clone();
    Ok(match (&method, segments.as_slice()) {
        (&Method::GET, ["pay"]) => reply::page(200, &Landing),
        (&Method::GET, ["pay", token]) => {
            let done = Params::query(req.uri().query().unwrap_or_default()).opt_string("done");
            page(shared, token, done.as_deref())
        }
        (&Method::GET, ["pay", token, "state"]) => match state(shared, token) {
            Some(s) => reply::json(200, &json!(s)),
            None => reply::json(404, &json!({ "ok": false, "message": "unknown payment" })),
        },
        (&Method::POST, ["pay", token, "act"]) => {
            let token = (*token).to_string();
            let wants_json = req
                .headers()
                .get(ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("application/json"));
            let query = req.uri().query().map(str::to_string);
            let body = read_body(req).await?;
            let params = Params::from_pairs(
                form_urlencoded::parse(&body).into_owned().collect(),
                form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes()).into_owned().collect(),
            );
            act(shared, &token, &params, wants_json)
        }
        _ => reply::text(404, "not found"),
    })
}

/// The page's state, or `None` for an unknown token.
fn state(shared: &Shared, token: &str) -> Option<PageState> {
    let mut store = shared.store();
    let id = store.id_for_token(token)?;
    let now = store.now();
    let expiry = store.expiry_secs();
    let payment = store.get(&id).ok()?;
    Some(PageState::of(payment, now, expiry))
}

/// The whole page.
fn page(shared: &Shared, token: &str, done: Option<&str>) -> Response<ReplyBody> {
    let Some(s) = state(shared, token) else {
        return reply::page(404, &Gone);
    };
    let notice = done.and_then(done_sentence);
    reply::page(
        200,
        &PayPage {
            token: token.to_string(),
            s,
            notice,
            reasons: reason_choices(),
        },
    )
}

/// Runs a test action; answers JSON for the page's script, a redirect for a plain form.
fn act(shared: &Shared, token: &str, params: &Params, wants_json: bool) -> Response<ReplyBody> {
    let outcome = Action::parse(params).and_then(|action| run(shared, token, &action));
    let after = state(shared, token);
    if wants_json {
        let status = match &outcome {
            Ok(_) => 200,
            Err(SandboxError::NotFound(_)) => 404,
            Err(SandboxError::InvalidState(_)) => 409,
            Err(_) => 400,
        };
        let message = outcome
            .as_ref()
            .map_or_else(|e| e.to_string(), Clone::clone);
        let ok = outcome.is_ok();
        return reply::json(
            status,
            &json!({ "ok": ok, "message": message, "state": after }),
        );
    }
    if after.is_none() {
        return reply::page(404, &Gone);
    }
    let done = match (&outcome, params.opt("action")) {
        (Ok(_), Some(action)) => action,
        _ => "refused",
    };
    reply::see_other(&format!("/pay/{token}?done={done}"))
}

/// Applies `action` to the payment of `token` through the same operations as the control API;
/// returns what happened, for the customer.
fn run(shared: &Shared, token: &str, action: &Action) -> Result<String, SandboxError> {
    let (id, amounts, code, blocked) = {
        let mut store = shared.store();
        let id = store
            .id_for_token(token)
            .ok_or_else(|| SandboxError::NotFound("unknown payment".to_string()))?;
        let payment = store.get(&id)?;
        let blocked = payment.state == State::Blocked;
        (id, TestAmounts::of(payment), payment.info.code, blocked)
    };
    let unavailable = || {
        let why = if blocked {
            "Payment is blocked"
        } else {
            "Nothing is left to pay"
        };
        SandboxError::InvalidState(why.to_string())
    };
    let pay = |amount: Option<rust_decimal::Decimal>| -> Result<String, SandboxError> {
        let amount = amount.ok_or_else(unavailable)?;
        let after = shared.pay(&id, amount, Actor::Page)?;
        Ok(format!(
            "The wallet sent {amount} {code}; the payment is {}.",
            after.state
        ))
    };
    match action {
        Action::PayExact => pay(amounts.exact),
        Action::PayShort => pay(amounts.short),
        Action::PayOver => pay(amounts.over),
        Action::Confirm => {
            let after = shared.add_confirmations(&id, 1, Actor::Page)?;
            Ok(format!(
                "The network added a confirmation; the payment is {}.",
                after.state
            ))
        }
        Action::Block => {
            shared.block(&id, None, Actor::Page)?;
            Ok("The risk check blocked the payment.".to_string())
        }
        Action::Cancel(reason) => {
            shared.customer_cancel(&id, reason)?;
            Ok(format!("The customer cancelled the payment ({reason})."))
        }
    }
}

/// The sentence shown after a plain form (no JavaScript) did `done`.
fn done_sentence(done: &str) -> Option<&'static str> {
    Some(match done {
        "pay_exact" => "The wallet sent the exact amount.",
        "pay_short" => "The wallet sent half of what was due.",
        "pay_over" => "The wallet sent more than was due.",
        "confirm" => "The network added a confirmation.",
        "block" => "The risk check blocked the payment.",
        "cancel" => "The customer cancelled the payment.",
        "refused" => "The payment's state does not allow that action now.",
        _ => return None,
    })
}
