//! The dashboard at `/sandbox/`: every payment (filterable), one payment's timeline and webhook
//! notifications (with redelivery), fault injection, the clock and reset. Pages are rendered
//! here; forms post to `/sandbox/ui/...` and are answered with a redirect back (or the page
//! again with the error), so it works without JavaScript.

use askama::Template;
use hyper::body::Incoming;
use hyper::{Method, Request, Response};

use super::dashboard_view::{
    facts, payment_href, webhook_tally, ClockView, Fact, Filter, NotificationRow, PaymentRow,
    STATES,
};
use super::fault_form::{self, KINDS};
use super::reply;
use crate::body::ReplyBody;
use crate::error::{bad, SandboxError};
use crate::params::Params;
use crate::server::read_body;
use crate::shared::Shared;
use crate::timeline::TimelineEvent;

/// `/sandbox/`.
#[derive(Template)]
#[template(path = "dashboard.html")]
struct Index {
    rows: Vec<PaymentRow>,
    total: usize,
    filter: Filter,
    states: [&'static str; 7],
    routes: Vec<&'static str>,
    kinds: [(&'static str, &'static str); 8],
    armed: Vec<(String, String, u32)>,
    counts: Vec<(String, u64)>,
    clock: ClockView,
    webhook_url: String,
    sink_count: usize,
    notice: Option<&'static str>,
    error: Option<String>,
}

/// `/sandbox/ui/payment?id=...`.
#[derive(Template)]
#[template(path = "dashboard_payment.html")]
struct PaymentPage {
    id: String,
    state: String,
    status: String,
    page_href: String,
    facts: Vec<Fact>,
    timeline: Vec<TimelineEvent>,
    notifications: Vec<NotificationRow>,
    webhook_target: bool,
    notice: Option<&'static str>,
}

/// Whether `method path` is one of the dashboard's (the rest of `/sandbox/` is the JSON
/// control API).
pub(crate) fn claims(method: &Method, path: &str) -> bool {
    (method == Method::GET && (path == "/sandbox" || path == "/sandbox/"))
        || path.starts_with("/sandbox/ui/")
}

/// Routes one dashboard request.
pub(crate) async fn handle(
    req: Request<Incoming>,
    shared: &Shared,
) -> Result<Response<ReplyBody>, std::io::Error> {
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(str::to_string);
    let method = req.method().clone();
    if method == Method::GET {
        let params = Params::query(query.as_deref().unwrap_or_default());
        let done = params.opt("done").and_then(done_sentence);
        return Ok(match path.as_str() {
            "/sandbox" | "/sandbox/" => index(shared, Filter::parse(query.as_deref()), done, None),
            "/sandbox/ui/payment" => payment(shared, params.opt("id").unwrap_or(""), done),
            _ => reply::text(404, "not found"),
        });
    }
    if method != Method::POST {
        return Ok(reply::text(405, "method not allowed"));
    }
    let body = read_body(req).await?;
    let form = Params::form(&body);
    let outcome = match path.trim_start_matches("/sandbox/ui/") {
        "fault" => arm(shared, &form),
        "faults-clear" => {
            shared.faults().disarm();
            Ok("/sandbox/?done=faults-cleared".to_string())
        }
        "clock" => advance(shared, &form),
        "reset" => {
            shared.reset();
            Ok("/sandbox/?done=reset".to_string())
        }
        "redeliver" => redeliver(shared, &form),
        _ => return Ok(reply::text(404, "not found")),
    };
    Ok(match outcome {
        Ok(location) => reply::see_other(&location),
        Err(SandboxError::NotFound(what)) => reply::text(404, format!("not found: {what}")),
        Err(e) => index(shared, Filter::default(), None, Some(e.to_string())),
    })
}

/// The main page; `error` (a form that could not be used) makes it a 400.
fn index(
    shared: &Shared,
    filter: Filter,
    notice: Option<&'static str>,
    error: Option<String>,
) -> Response<ReplyBody> {
    let payments = shared.payments();
    let deliveries = shared.webhooks.deliveries();
    let tally = webhook_tally(&deliveries);
    let rows = payments
        .iter()
        .rev()
        .filter(|p| filter.matches(p))
        .map(|p| PaymentRow::of(p, tally.get(p.payment_id.as_str())))
        .collect();
    let (now, offset) = {
        let store = shared.store();
        (store.now(), store.clock.offset())
    };
    let (armed, counts) = {
        let faults = shared.faults();
        let armed = faults
            .armed()
            .into_iter()
            .map(|(route, fault, left)| (route, fault_form::describe(&fault), left))
            .collect();
        (armed, faults.counts())
    };
    let status = if error.is_some() { 400 } else { 200 };
    reply::page(
        status,
        &Index {
            rows,
            total: payments.len(),
            filter,
            states: STATES,
            routes: fault_form::routes(),
            kinds: KINDS,
            armed,
            counts,
            clock: ClockView::of(now, offset),
            webhook_url: shared.webhooks.default_url().unwrap_or_default(),
            sink_count: shared.sink().received().len(),
            notice,
            error,
        },
    )
}

/// One payment's page.
fn payment(shared: &Shared, id: &str, notice: Option<&'static str>) -> Response<ReplyBody> {
    let (Some(p), Some(timeline)) = (shared.payment(id), shared.timeline(id)) else {
        return reply::text(404, "no such payment (the sandbox may have been reset)");
    };
    let notifications = shared
        .webhooks
        .notifications(id)
        .iter()
        .map(NotificationRow::of)
        .collect();
    reply::page(
        200,
        &PaymentPage {
            id: p.payment_id.clone(),
            state: p.state.clone(),
            status: p.status.clone(),
            page_href: format!("/pay/{}", p.access_token),
            facts: facts(&p),
            timeline,
            notifications,
            webhook_target: p.webhook_url.is_some() || shared.webhooks.default_url().is_some(),
            notice,
        },
    )
}

/// Arms the posted fault.
fn arm(shared: &Shared, form: &Params) -> Result<String, SandboxError> {
    let request = fault_form::parse(form)?;
    shared.inject_fault(&request.route, request.fault, request.times);
    Ok("/sandbox/?done=fault".to_string())
}

/// Advances the clock by the posted seconds.
fn advance(shared: &Shared, form: &Params) -> Result<String, SandboxError> {
    let seconds = form
        .req("seconds")?
        .parse::<u64>()
        .ok()
        .filter(|s| *s > 0)
        .ok_or_else(|| bad("seconds must be a whole number greater than zero"))?;
    shared.advance_clock(seconds);
    Ok("/sandbox/?done=clock".to_string())
}

/// Sends a notification again; back to its payment.
fn redeliver(shared: &Shared, form: &Params) -> Result<String, SandboxError> {
    let number = form
        .req("notification")?
        .parse::<u64>()
        .map_err(|_| bad("notification must be a number"))?;
    let payment_id = form.req("payment_id")?;
    shared.webhooks.redeliver(number)?;
    Ok(format!("{}&done=redelivered", payment_href(payment_id)))
}

/// The sentence shown after a form did `done`.
fn done_sentence(done: &str) -> Option<&'static str> {
    Some(match done {
        "fault" => "Fault armed.",
        "faults-cleared" => "Every fault disarmed.",
        "clock" => "Clock advanced.",
        "reset" => "Sandbox reset.",
        "redelivered" => "Webhook queued for redelivery.",
        _ => return None,
    })
}
