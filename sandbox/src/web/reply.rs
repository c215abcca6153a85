//! Responses of the browser pages: HTML with a strict content security policy, redirects after
//! a form, embedded assets, SVG and JSON.

use askama::Template;
use hyper::header::{HeaderName, HeaderValue, CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use hyper::{Response, StatusCode};
use serde_json::Value;

use crate::body::ReplyBody;

/// Only the emulator's own files run or style a page: no inline script or style, no other
/// origin, no framing. Forms post back to the emulator only.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A response with the headers every browser answer carries. Payment pages have the access
/// token in their URL, so no referrer leaves this origin (`same-origin` rather than
/// `no-referrer`: with the latter Chromium sends `Origin: null` on form posts, which the
/// same-origin check must refuse).
fn base(status: u16, content_type: &'static str, body: ReplyBody) -> Response<ReplyBody> {
    let mut resp = Response::new(body);
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = resp.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        HeaderName::from_static("referrer-policy"),
        HeaderValue::from_static("same-origin"),
    );
    resp
}

/// An HTML page that is never cached (it shows live state).
pub(crate) fn html(status: u16, page: String) -> Response<ReplyBody> {
    let mut resp = base(status, "text/html; charset=utf-8", ReplyBody::full(page));
    let headers = resp.headers_mut();
    headers.insert(
        HeaderName::from_static("content-security-policy"),
        HeaderValue::from_static(CSP),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// A rendered template, or a plain 500 if rendering fails.
pub(crate) fn page(status: u16, template: &impl Template) -> Response<ReplyBody> {
    match template.render() {
        Ok(page) => html(status, page),
        Err(e) => text(500, format!("cannot render the page: {e}")),
    }
}

/// A short plain-text answer (errors of pages that could not be rendered).
pub(crate) fn text(status: u16, message: impl Into<String>) -> Response<ReplyBody> {
    base(
        status,
        "text/plain; charset=utf-8",
        ReplyBody::full(message.into()),
    )
}

/// JSON that is never cached (the payment page's polls and its actions).
pub(crate) fn json(status: u16, value: &Value) -> Response<ReplyBody> {
    let mut resp = base(
        status,
        "application/json",
        ReplyBody::full(value.to_string()),
    );
    resp.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// `303 See Other` to `location` (a path on this server), after a form was handled.
pub(crate) fn see_other(location: &str) -> Response<ReplyBody> {
    let mut resp = base(303, "text/plain; charset=utf-8", ReplyBody::full(""));
    if let Ok(value) = HeaderValue::from_str(location) {
        resp.headers_mut().insert(LOCATION, value);
    }
    resp
}

/// A file embedded in the binary; cached briefly (a rebuilt emulator may change it).
pub(crate) fn asset(content_type: &'static str, content: &'static str) -> Response<ReplyBody> {
    let mut resp = base(200, content_type, ReplyBody::full(content));
    resp.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("max-age=60"));
    resp
}

/// An SVG image drawn for this request.
pub(crate) fn svg(image: String) -> Response<ReplyBody> {
    let mut resp = base(200, "image/svg+xml", ReplyBody::full(image));
    resp.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("max-age=3600"));
    resp
}
