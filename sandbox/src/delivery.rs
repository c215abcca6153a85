//! A lean HTTP/1.1 client for webhooks: one JSON POST per connection over plain TCP (only
//! `http://` URLs), and the `Ping` connectivity test built on it.

use std::fmt;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::header::{CONTENT_TYPE, HOST, USER_AGENT};
use hyper::{Request, Uri};
use hyper_util::rt::TokioIo;
use serde::Serialize;
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

/// How long the live server waits for a webhook receiver (connect and answer).
pub(crate) const TIMEOUT: Duration = Duration::from_secs(2);

/// Most of a response body kept (Ping reports it).
const MAX_RESPONSE_BODY: usize = 64 * 1024;

/// What the receiver answered.
#[derive(Debug)]
pub(crate) struct Answer {
    /// HTTP status code.
    pub status: u16,
    /// The body as text (lossy UTF-8, cut at 64 KiB), when it was asked for.
    pub body: Option<String>,
}

impl Answer {
    /// A 2xx status.
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Why no answer came.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The URL can never be delivered to (malformed, not `http://`): retrying cannot help.
    InvalidUrl(String),
    /// Connection error, broken exchange or timeout.
    Transport(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::InvalidUrl(m) | Failure::Transport(m) => f.write_str(m),
        }
    }
}

/// POSTs `body` (JSON text) to `url`; the whole exchange must finish within `timeout`.
pub(crate) async fn post_json(
    url: &str,
    body: &str,
    read_body: bool,
    timeout: Duration,
) -> Result<Answer, Failure> {
    let target = Target::parse(url)?;
    match tokio::time::timeout(timeout, exchange(&target, body, read_body)).await {
        Ok(result) => result.map_err(Failure::Transport),
        Err(_) => Err(Failure::Transport(format!(
            "no answer within {} ms",
            timeout.as_millis()
        ))),
    }
}

/// The body of a connectivity test, in the live field order.
#[derive(Serialize)]
struct TestBody<'a> {
    webhook_test: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pos_id: Option<&'a str>,
}

/// `Ping` with `webhook_url`: calls the URL now and reports how it answered, like the live API.
pub(crate) async fn ping(url: &str, pos_id: Option<&str>) -> Value {
    let body = serde_json::to_string(&TestBody {
        webhook_test: true,
        pos_id,
    })
    .unwrap_or_else(|_| r#"{"webhook_test":true}"#.to_string());
    let started = Instant::now();
    let result = post_json(url, &body, true, TIMEOUT).await;
    let duration = format!("{:.3}", started.elapsed().as_secs_f64());
    let (status, code, text) = match result {
        Ok(answer) => (
            if answer.is_success() { "OK" } else { "FAILED" },
            json!(answer.status),
            json!(answer.body),
        ),
        Err(_) => ("FAILED", Value::Null, Value::Null),
    };
    json!({
        "result": "pong",
        "webhook_response": {
            "status": status,
            "duration": duration,
            "webhook_url": url,
            "response_code": code,
            "response_body": text,
        }
    })
}

/// Where an `http://` URL points.
struct Target {
    /// Host to connect to (IPv6 without brackets).
    host: String,
    port: u16,
    /// `Host` header value.
    authority: String,
    /// Request target: path and query.
    path: String,
}

impl Target {
    fn parse(url: &str) -> Result<Target, Failure> {
        let invalid =
            |why: &str| Failure::InvalidUrl(format!("invalid webhook URL {url:?}: {why}"));
        let uri: Uri = url.parse().map_err(|e| invalid(&format!("{e}")))?;
        match uri.scheme_str() {
            Some("http") => {}
            Some(other) => {
                return Err(invalid(&format!(
                    "scheme {other} is not delivered, only http"
                )))
            }
            None => return Err(invalid("not an absolute http:// URL")),
        }
        let authority = uri.authority().ok_or_else(|| invalid("no host"))?;
        let host = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        if host.is_empty() {
            return Err(invalid("no host"));
        }
        let without_user = authority.as_str().rsplit('@').next().unwrap_or_default();
        Ok(Target {
            host,
            port: authority.port_u16().unwrap_or(80),
            authority: without_user.to_string(),
            path: uri.path_and_query().map_or("/", |p| p.as_str()).to_string(),
        })
    }
}

/// Aborts the connection task when the exchange ends, however it ends (timeout included).
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Connects, sends the POST and reads the answer.
async fn exchange(target: &Target, body: &str, read_body: bool) -> Result<Answer, String> {
    let stream = TcpStream::connect((target.host.as_str(), target.port))
        .await
        .map_err(|e| format!("cannot connect to {}: {e}", target.authority))?;
    let (mut sender, connection) = http1::handshake::<_, Full<Bytes>>(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake failed: {e}"))?;
    let _connection = AbortOnDrop(tokio::spawn(async move {
        let _ = connection.await;
    }));
    let request = Request::post(target.path.as_str())
        .header(HOST, target.authority.as_str())
        .header(CONTENT_TYPE, "application/json")
        .header(USER_AGENT, "forumpay-sandbox")
        .body(Full::new(Bytes::from(body.to_string())))
        .map_err(|e| format!("cannot build the request: {e}"))?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("request failed: {e}"))?;
    let status = response.status().as_u16();
    if !read_body {
        return Ok(Answer { status, body: None });
    }
    let mut incoming = response.into_body();
    let mut kept = Vec::new();
    while let Some(frame) = incoming.frame().await {
        let frame = frame.map_err(|e| format!("reading the answer failed: {e}"))?;
        if let Ok(data) = frame.into_data() {
            let room = MAX_RESPONSE_BODY.saturating_sub(kept.len());
            kept.extend_from_slice(&data[..data.len().min(room)]);
            if kept.len() >= MAX_RESPONSE_BODY {
                break;
            }
        }
    }
    Ok(Answer {
        status,
        body: Some(String::from_utf8_lossy(&kept).into_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_http_urls_and_refuses_others() {
        let t = Target::parse("http://user:pw@127.0.0.1:8080/hook?x=1").ok();
        let t = t.map(|t| (t.host, t.port, t.authority, t.path));
        assert_eq!(
            t,
            Some((
                "127.0.0.1".to_string(),
                8080,
                "127.0.0.1:8080".to_string(),
                "/hook?x=1".to_string()
            ))
        );
        let v6 = Target::parse("http://[::1]/")
            .ok()
            .map(|t| (t.host, t.port));
        assert_eq!(v6, Some(("::1".to_string(), 80)));
        for bad in [
            "",
            "not a url",
            "/relative",
            "https://x/",
            "ftp://x/",
            "http://",
        ] {
            assert!(
                matches!(Target::parse(bad), Err(Failure::InvalidUrl(_))),
                "{bad}"
            );
        }
    }
}
