//! Who may use what (decision 0011): `/sandbox/` — the dashboard and the control API, which can
//! reset everything — answers only this machine unless remote control was switched on; a
//! browser form or script of another site may never change anything here.

use std::net::{IpAddr, SocketAddr};

use hyper::header::{HOST, ORIGIN};
use hyper::{Method, Request};

use crate::shared::Shared;

/// Why a request was refused (HTTP 403).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal(pub String);

/// For `/sandbox/`: the client must be on this machine (a loopback peer that named the server
/// by a loopback name, so a DNS name rebound to 127.0.0.1 by a web page does not pass), unless
/// remote control is on; and a change must not come from another site.
pub(crate) fn check_control<B>(
    req: &Request<B>,
    peer: SocketAddr,
    shared: &Shared,
) -> Result<(), Refusal> {
    if !shared.remote_control() {
        if !is_loopback(peer.ip()) {
            return Err(Refusal(format!(
                "the dashboard and the control API answer only this machine (request from {}); \
                 start the sandbox with remote control on to open them",
                peer.ip()
            )));
        }
        if !host_header(req).is_some_and(names_loopback) {
            return Err(Refusal(
                "the dashboard and the control API answer only requests addressed to a loopback \
                 name (127.0.0.1, localhost, [::1])"
                    .to_string(),
            ));
        }
    }
    check_same_origin(req)
}

/// For any request that changes something from a browser: an `Origin` header, when present,
/// must be this server's own (`http://<Host>`). Scripts and API clients send none.
pub(crate) fn check_same_origin<B>(req: &Request<B>) -> Result<(), Refusal> {
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        return Ok(());
    }
    let Some(origin) = req.headers().get(ORIGIN) else {
        return Ok(());
    };
    let own = host_header(req).map(|h| format!("http://{h}"));
    match (origin.to_str().ok(), own) {
        (Some(origin), Some(own)) if origin.eq_ignore_ascii_case(&own) => Ok(()),
        _ => Err(Refusal(
            "a page of another origin may not change the sandbox".to_string(),
        )),
    }
}

/// The `Host` header's text.
fn host_header<B>(req: &Request<B>) -> Option<&str> {
    req.headers().get(HOST).and_then(|v| v.to_str().ok())
}

/// A loopback address, IPv4-mapped IPv6 included.
fn is_loopback(ip: IpAddr) -> bool {
    ip.to_canonical().is_loopback()
}

/// Whether a `Host` header (`name[:port]`) names this machine's loopback interface. The
/// unspecified address counts: a sandbox bound to `0.0.0.0` names itself so in its URLs (its own
/// webhook sink among them), and only this machine can reach it by that name.
fn names_loopback(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        // `[::1]:8080`
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    name.parse::<IpAddr>()
        .is_ok_and(|ip| is_loopback(ip) || ip.is_unspecified())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names() {
        for ok in [
            "127.0.0.1:80",
            "127.3.2.1",
            "localhost:9",
            "LOCALHOST",
            "[::1]:4000",
            "[::ffff:127.0.0.1]",
            "0.0.0.0:8080",
        ] {
            assert!(names_loopback(ok), "{ok}");
        }
        for no in [
            "evil.example:80",
            "10.0.0.1:8080",
            "[::2]:1",
            "",
            "localhost.evil.example",
        ] {
            assert!(!names_loopback(no), "{no}");
        }
    }

    #[test]
    fn origin_must_be_our_own_for_changes() {
        let post = |origin: Option<&str>| {
            let mut b = Request::post("/sandbox/reset").header(HOST, "127.0.0.1:5000");
            if let Some(o) = origin {
                b = b.header(ORIGIN, o);
            }
            b.body(())
                .map(|r| check_same_origin(&r).is_ok())
                .unwrap_or(false)
        };
        assert!(post(None));
        assert!(post(Some("http://127.0.0.1:5000")));
        assert!(!post(Some("http://evil.example")));
        assert!(!post(Some("null")));
        let get = Request::get("/sandbox/")
            .header(HOST, "127.0.0.1:5000")
            .header(ORIGIN, "http://evil.example")
            .body(())
            .map(|r| check_same_origin(&r).is_ok());
        assert_eq!(get.ok(), Some(true));
    }
}
