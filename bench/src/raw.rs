//! The floor: a bare hyper HTTP/1 connection sending the same CheckPayment GET with Basic auth
//! over keep-alive, and parsing the body into a `serde_json::Value` (no typed decoding, no
//! retries, no validation).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::client::conn::http1::SendRequest;
use hyper::header::{AUTHORIZATION, HOST};
use hyper::Request;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use std::net::SocketAddr;

/// What every raw request carries: where, which path and query, which credentials.
#[derive(Debug, Clone)]
pub struct Target {
    /// The emulator's address.
    pub addr: SocketAddr,
    /// Path and query of the request, e.g. `/api/v2/CheckPayment/?payment_id=...`.
    pub path_and_query: String,
    /// `Basic ...` header value.
    pub authorization: String,
}

impl Target {
    /// A GET of `action` under `base_url` (`http://HOST:PORT/api/v2/`) with query `pairs`.
    pub fn new(addr: SocketAddr, base_url: &str, action: &str, pairs: &[(&str, &str)], user: &str, secret: &str) -> Target {
        let base_path = base_url.split_once("//").map_or(base_url, |(_, rest)| rest);
        let base_path = base_path.find('/').map_or("/", |i| &base_path[i..]);
        let query = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        Target {
            addr,
            path_and_query: format!("{base_path}{action}/?{query}"),
            authorization: format!("Basic {}", STANDARD.encode(format!("{user}:{secret}"))),
        }
    }
}

impl Target {
    /// The raw request equivalent to `forumpay::Client::check_payment(payment)` with the
    /// bench's point of sale: same query (the client's common `locale` included), same Basic auth.
    pub fn check_payment(addr: SocketAddr, base_url: &str, payment: &forumpay::PaymentRef, locale: &str, user: &str, secret: &str) -> Target {
        let pairs = [
            ("pos_id", crate::setup::POS_ID),
            ("currency", payment.currency.as_str()),
            ("payment_id", payment.payment_id.as_str()),
            ("address", payment.address.as_str()),
            ("locale", locale),
        ];
        Target::new(addr, base_url, "CheckPayment", &pairs, user, secret)
    }
}

/// Percent-encodes a query component (unreserved characters kept).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One keep-alive connection.
pub struct RawClient {
    sender: SendRequest<Empty<Bytes>>,
    target: Target,
    host: String,
}

/// Any failure of the raw client, as text (the floor has no error model of its own).
pub type RawError = String;

impl RawClient {
    /// Opens a connection to the target.
    pub async fn connect(target: Target) -> Result<RawClient, RawError> {
        let stream = tokio::net::TcpStream::connect(target.addr).await.map_err(|e| e.to_string())?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        let (sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| e.to_string())?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        let host = target.addr.to_string();
        Ok(RawClient { sender, target, host })
    }

    /// Sends the GET and parses the answer; anything but a 200 JSON object is an error.
    pub async fn get(&mut self) -> Result<Value, RawError> {
        let body = self.get_bytes().await?;
        let value: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        if !value.is_object() || value.get("err").is_some_and(|e| !e.is_null()) {
            return Err(format!("unexpected answer: {value}"));
        }
        Ok(value)
    }

    /// Sends the GET and returns the body of a 2xx answer (also to capture the decode run's page).
    pub async fn get_bytes(&mut self) -> Result<Bytes, RawError> {
        self.sender.ready().await.map_err(|e| e.to_string())?;
        let request = Request::get(self.target.path_and_query.as_str())
            .header(HOST, self.host.as_str())
            .header(AUTHORIZATION, self.target.authorization.as_str())
            .body(Empty::<Bytes>::new())
            .map_err(|e| e.to_string())?;
        let response = self.sender.send_request(request).await.map_err(|e| e.to_string())?;
        let status = response.status();
        let body = response.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
        if !status.is_success() {
            return Err(format!("HTTP {status}"));
        }
        Ok(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_keeps_the_base_path_and_encodes_the_query() {
        let t = Target::new("127.0.0.1:1".parse().unwrap(), "http://127.0.0.1:1/api/v2/", "CheckPayment", &[("a", "x y"), ("b", "1")], "u", "s");
        assert_eq!(t.path_and_query, "/api/v2/CheckPayment/?a=x%20y&b=1");
        assert_eq!(t.authorization, "Basic dTpz");
    }
}
