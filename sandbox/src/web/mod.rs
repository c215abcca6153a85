//! The emulator in a browser: the customer's payment page at every payment's `access_url`
//! (`/pay`), QR images (`/qr/`), the dashboard (`/sandbox/` pages) and their embedded CSS and
//! JavaScript (`/assets/`; `/favicon.ico` is answered here too, so it never counts as an API
//! request). Server-rendered HTML (askama templates in `sandbox/templates/`);
//! nothing is fetched from elsewhere. None of these are API routes: faults and request counts
//! do not apply to them.

mod access;
mod assets;
mod dashboard;
mod dashboard_view;
mod fault_form;
mod pay;
mod pay_view;
pub(crate) mod qr;
mod reply;

use std::net::SocketAddr;

use hyper::body::Incoming;
use hyper::{Method, Request, Response};
use serde_json::json;

use crate::body::ReplyBody;
use crate::params::Params;
use crate::shared::Shared;

type HttpResult = Result<Response<ReplyBody>, std::io::Error>;

/// Whether `path` is one of the browser pages outside `/sandbox/`.
pub(crate) fn claims_page(path: &str) -> bool {
    path == "/pay"
        || path.starts_with("/pay/")
        || path == "/qr"
        || path == "/qr/"
        || path.starts_with("/assets/")
        || path == "/favicon.ico"
}

/// Serves a browser page outside `/sandbox/`.
pub(crate) async fn page(req: Request<Incoming>, shared: &Shared) -> HttpResult {
    let path = req.uri().path().to_string();
    if let Err(refusal) = access::check_same_origin(&req) {
        return Ok(reply::text(403, refusal.0));
    }
    if path == "/favicon.ico" {
        // Browsers ask for it on every page; there is none, and it is no API request.
        return Ok(reply::text(404, "no icon"));
    }
    if path.starts_with("/assets/") {
        return Ok(assets::get(&path).unwrap_or_else(|| reply::text(404, "not found")));
    }
    if path == "/qr" || path == "/qr/" {
        if req.method() != Method::GET {
            return Ok(reply::text(405, "method not allowed"));
        }
        let params = Params::query(req.uri().query().unwrap_or_default());
        return Ok(match qr::svg_of(params.opt("d").unwrap_or("")) {
            Ok(image) => reply::svg(image),
            Err(e) => reply::text(400, e.to_string()),
        });
    }
    pay::handle(req, shared).await
}

/// The gate of `/sandbox/` (dashboard and control API): `Some(refusal)` when the request may not
/// pass (decision 0011).
pub(crate) fn refuse_control(
    req: &Request<Incoming>,
    peer: SocketAddr,
    shared: &Shared,
) -> Option<Response<ReplyBody>> {
    let refusal = access::check_control(req, peer, shared).err()?;
    Some(reply::json(
        403,
        &json!({ "error": refusal.0, "code": "forbidden" }),
    ))
}

/// Whether a `/sandbox/` request is for the dashboard rather than the JSON control API.
pub(crate) fn claims_dashboard(method: &Method, path: &str) -> bool {
    dashboard::claims(method, path)
}

/// Serves a dashboard page or form.
pub(crate) async fn dashboard(req: Request<Incoming>, shared: &Shared) -> HttpResult {
    dashboard::handle(req, shared).await
}
