//! Accept loop and request handling: routing, faults, Basic auth, Cf-Ray, JSON encoding.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use bytes::Bytes;
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use http_body_util::LengthLimitError;
use hyper::header::{
    HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HOST, LOCATION, RETRY_AFTER, WWW_AUTHENTICATE,
};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use crate::api::{self, Reply};
use crate::body::ReplyBody;
use crate::control;
use crate::delivery;
use crate::faults::Fault;
use crate::form;
use crate::refusal::{code, Refusal};
use crate::shared::Shared;
use crate::web;

/// Largest request body read.
const MAX_BODY: usize = 1 << 20;

/// The challenge of a 401, as the live API sends it.
const BASIC_CHALLENGE: &str = r#"Basic realm="ForumPay API", charset="UTF-8""#;

/// Body of the NotJson fault: what a proxy in front of a dead backend answers.
const HTML_BODY: &str = "<html><body>502 Bad Gateway</body></html>";

type HttpResult = Result<Response<ReplyBody>, io::Error>;

/// Serves connections until the task is aborted; connection tasks live in a JoinSet owned
/// here, so aborting this future also ends every open keep-alive connection.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(_) => {
                // Typically out of file descriptors: back off instead of spinning.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let shared = shared.clone();
        connections.spawn(async move {
            let service = service_fn(move |req| {
                let shared = shared.clone();
                async move { handle(req, peer, &shared).await }
            });
            // A connection error (client gone, injected drop) only ends that connection.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Routes one request from `peer`. Returning `Err` makes hyper close the connection without
/// answering.
async fn handle(req: Request<Incoming>, peer: SocketAddr, shared: &Shared) -> HttpResult {
    let path = req.uri().path().to_string();
    if path == "/sandbox" || path.starts_with("/sandbox/") {
        if let Some(refusal) = web::refuse_control(&req, peer, shared) {
            return Ok(refusal);
        }
        if web::claims_dashboard(req.method(), &path) {
            return web::dashboard(req, shared).await;
        }
        let method = req.method().clone();
        let body = read_body(req).await?;
        let (status, value) = control::handle(&method, &path, &body, shared).await;
        return Ok(json_response(shared, status, &value));
    }
    if web::claims_page(&path) {
        return web::page(req, shared).await;
    }
    let raw_action = path
        .rsplit('/')
        .find(|s| !s.is_empty())
        .unwrap_or("")
        .to_string();
    let known = api::canonical_action(&raw_action);
    let action = known.map_or(raw_action, str::to_string);
    shared.observe(peer, &action, req.uri().query());

    // Faults come first: a proxy or network failure happens before the backend sees anything.
    let fault = shared.faults().on_request(&action);
    match &fault {
        Some(Fault::Drop) => return Err(dropped()),
        Some(Fault::Delay { millis }) => tokio::time::sleep(Duration::from_millis(*millis)).await,
        Some(Fault::Status {
            status,
            body,
            retry_after,
        }) => return Ok(status_fault(shared, *status, body.as_deref(), *retry_after)),
        Some(Fault::Redirect { status, location }) => {
            let mut resp = response(shared, *status, ReplyBody::full(Bytes::new()));
            // Only text a header may carry was armed (checked when the fault was armed).
            if let Ok(value) = HeaderValue::from_str(location) {
                resp.headers_mut().insert(LOCATION, value);
            }
            return Ok(resp);
        }
        Some(Fault::NotJson) => {
            let mut resp = response(shared, 200, ReplyBody::full(HTML_BODY));
            resp.headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
            return Ok(resp);
        }
        Some(Fault::ErrBody { err, err_code }) => {
            let mut body = json!({ "err": err });
            if let Some(code) = err_code {
                body["err_code"] = json!(code);
            }
            return Ok(json_response(shared, 200, &body));
        }
        Some(Fault::DropAfter) | Some(Fault::Truncated) | None => {}
    }

    let reply = match known {
        None => Reply::from(api::unknown_action()),
        Some(action) => answer(action, req, shared).await?,
    };

    let mut resp = match fault {
        Some(Fault::DropAfter) => return Err(dropped()),
        Some(Fault::Truncated) => {
            let bytes = reply.body.clone();
            let len = bytes.len();
            let mut resp = response(shared, reply.status, ReplyBody::truncated(bytes));
            resp.headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from(len));
            resp
        }
        _ => json_text_response(shared, reply.status, reply.body.clone()),
    };
    if reply.status == 401 {
        // Only the credential check answers 401: offer Basic, as the live API does. The
        // provider's own client (libcurl's `CURLAUTH_ANY`) sends credentials only after this.
        resp.headers_mut()
            .insert(WWW_AUTHENTICATE, HeaderValue::from_static(BASIC_CHALLENGE));
    }
    Ok(resp)
}

/// The error that makes hyper drop the connection.
fn dropped() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionAborted,
        "connection dropped by injected fault",
    )
}

/// Reads the body (so the connection stays usable after a refusal: `curl --anyauth` sends its
/// credentials on the same connection after the 401), checks the credentials, gathers the
/// parameters (`form`) and runs the action.
async fn answer(action: &'static str, req: Request<Incoming>, shared: &Shared) -> Result<Reply, io::Error> {
    let (head, body) = req.into_parts();
    let body = match read_body_bounded(body).await? {
        Some(body) => body,
        None => {
            let refusal = Refusal::new(413, code::REQUEST_TOO_LARGE, "Request body too large");
            return Ok(refusal.into());
        }
    };
    if !authorized(&head.headers, shared) {
        let refusal = Refusal::new(401, code::UNAUTHORIZED, "Unauthorized: invalid API key");
        return Ok(refusal.into());
    }
    let incoming = form::Incoming {
        action,
        post: head.method == Method::POST,
        query: head.uri.query(),
        content_type: head.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()),
        body: &body,
    };
    let params = match form::params(&incoming) {
        Ok(params) => params,
        Err(e) => return Ok(Refusal::from(e).into()),
    };
    let host = head
        .headers
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .map_or_else(|| shared.addr.to_string(), str::to_string);
    let reply = match (action, params.opt("webhook_url")) {
        // The connectivity test calls the receiver now, so it is the one async action.
        ("Ping", Some(url)) => Reply::json(200, &delivery::ping(url, params.opt("pos_id")).await),
        _ => api::handle(action, &params, shared, &host),
    };
    Ok(reply)
}

/// Reads the whole request body, or `None` when it is larger than [`MAX_BODY`].
async fn read_body_bounded(body: Incoming) -> Result<Option<Bytes>, io::Error> {
    match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => Ok(Some(collected.to_bytes())),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Ok(None),
        Err(e) => Err(io::Error::other(e)),
    }
}

/// Reads the whole request body (bounded).
pub(crate) async fn read_body(req: Request<Incoming>) -> Result<Bytes, io::Error> {
    Limited::new(req.into_body(), MAX_BODY)
        .collect()
        .await
        .map(|c| c.to_bytes())
        .map_err(io::Error::other)
}

/// HTTP Basic (the scheme's name in any case) with exactly the configured user and secret.
fn authorized(headers: &HeaderMap, shared: &Shared) -> bool {
    let Some(header) = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Some((scheme, encoded)) = header.split_once(' ') else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return false;
    }
    let Ok(decoded) = STANDARD.decode(encoded.trim()) else {
        return false;
    };
    let Ok(credentials) = String::from_utf8(decoded) else {
        return false;
    };
    match credentials.split_once(':') {
        Some((user, secret)) => user == shared.api_user && secret == shared.api_secret,
        None => false,
    }
}

/// The Status fault's response.
fn status_fault(
    shared: &Shared,
    status: u16,
    body: Option<&str>,
    retry_after: Option<u64>,
) -> Response<ReplyBody> {
    let body = body.map_or_else(
        || encode(&json!({ "err": "Injected fault" })),
        |b| Bytes::from(b.to_string()),
    );
    let mut resp = response(shared, status, ReplyBody::full(body));
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Some(secs) = retry_after {
        resp.headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(secs));
    }
    resp
}

/// JSON text of a value (`null` included).
fn encode(value: &Value) -> Bytes {
    Bytes::from(value.to_string())
}

/// A JSON response.
fn json_response(shared: &Shared, status: u16, value: &Value) -> Response<ReplyBody> {
    json_text_response(shared, status, encode(value))
}

/// A response of JSON text already written.
fn json_text_response(shared: &Shared, status: u16, text: Bytes) -> Response<ReplyBody> {
    let mut resp = response(shared, status, ReplyBody::full(text));
    resp.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    resp
}

/// A response with `status` (500 if it is not a valid code) and a fresh Cf-Ray header.
fn response(shared: &Shared, status: u16, body: ReplyBody) -> Response<ReplyBody> {
    let mut resp = Response::new(body);
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let ray = format!("{}-SBX", shared.ids.hex(16));
    if let Ok(value) = HeaderValue::from_str(&ray) {
        resp.headers_mut().insert("cf-ray", value);
    }
    resp
}
