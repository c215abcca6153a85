//! A minimal raw HTTP/1.1 client: one request per connection (`Connection: close`), read to EOF,
//! so tests can see dropped and truncated responses exactly as a client would.

#![allow(dead_code)]

use std::net::SocketAddr;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use forumpay_sandbox::Sandbox;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A parsed response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// Sends one request; `None` when the server closed the connection without answering.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    target: &str,
    auth: Option<(&str, &str)>,
    body: Option<(&str, &str)>,
) -> Option<Resp> {
    let authorization =
        auth.map(|(user, secret)| format!("Basic {}", STANDARD.encode(format!("{user}:{secret}"))));
    let headers: Vec<(&str, &str)> = authorization
        .as_deref()
        .map(|a| ("Authorization", a))
        .into_iter()
        .collect();
    send_with(addr, method, target, &headers, body).await
}

/// Like `send`, with extra headers; a `Host` among them replaces the default one.
pub async fn send_with(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<(&str, &str)>,
) -> Option<Resp> {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let mut head = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let payload = body.map_or("", |(_, b)| b);
    if let Some((content_type, b)) = body {
        head.push_str(&format!(
            "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
            b.len()
        ));
    }
    head.push_str("\r\n");
    head.push_str(payload);
    stream.write_all(head.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    // A reset counts as "no (more) bytes": the drop faults may reset rather than close.
    let _ = stream.read_to_end(&mut raw).await;
    if raw.is_empty() {
        return None;
    }
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Some(Resp {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    })
}

/// An authenticated API call: GET with `query`.
pub async fn get(sb: &Sandbox, action: &str, query: &str) -> Resp {
    let target = format!("/api/v2/{action}/?{query}");
    send(
        sb.addr(),
        "GET",
        &target,
        Some((sb.api_user(), sb.api_secret())),
        None,
    )
    .await
    .expect("a response")
}

/// StartPayment as the official client sends it: POST form.
pub async fn start_payment(sb: &Sandbox, form: &str) -> Resp {
    send(
        sb.addr(),
        "POST",
        "/api/v2/StartPayment/",
        Some((sb.api_user(), sb.api_secret())),
        Some(("application/x-www-form-urlencoded", form)),
    )
    .await
    .expect("a response")
}

/// A control API call with a JSON body.
pub async fn control(sb: &Sandbox, method: &str, path: &str, body: &str) -> Resp {
    let body = (!body.is_empty()).then_some(("application/json", body));
    send(sb.addr(), method, path, None, body)
        .await
        .expect("a response")
}

/// `Value` field as &str.
pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {v}"))
}

/// A started LTC payment (1.0001 LTC due, 3 confirmations needed).
pub struct Started {
    pub id: String,
    pub address: String,
    pub amount: forumpay_sandbox::Decimal,
}

/// Starts an LTC payment for 70.12 EUR; `extra` is appended to the form (`&name=value...`).
pub async fn started(sb: &Sandbox, extra: &str) -> Started {
    let form = format!("pos_id=web&invoice_currency=EUR&invoice_amount=70.12&currency=LTC{extra}");
    let resp = start_payment(sb, &form).await;
    assert_eq!(resp.status, 200, "{}", resp.text());
    let st = resp.json();
    Started {
        id: s(&st, "payment_id").to_string(),
        address: s(&st, "address").to_string(),
        amount: s(&st, "amount").parse().expect("amount"),
    }
}
