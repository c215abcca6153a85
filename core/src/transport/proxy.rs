//! Whether requests go through a proxy, read from the environment as curl reads it
//! (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`, `NO_PROXY`, upper or lower case; the same
//! variables the client honoured through reqwest before decision 0034), and the CONNECT
//! tunnel an `https` origin is reached through.

use super::http::Origin;
use hyper::header::HeaderValue;
use hyper_util::client::proxy::matcher::Matcher;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How a connection reaches the origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    /// Straight to the origin.
    Direct,
    /// An `http` origin through an HTTP proxy: requests in absolute form, sent to the proxy.
    Forward {
        /// The proxy's host.
        host: String,
        /// The proxy's port.
        port: u16,
        /// `Proxy-Authorization` from the proxy URL's user and password.
        authorization: Option<HeaderValue>,
    },
    /// An `https` origin through an HTTP proxy: a CONNECT tunnel, with TLS to the origin in it.
    Tunnel {
        /// The proxy's host.
        host: String,
        /// The proxy's port.
        port: u16,
        /// `Proxy-Authorization` of the CONNECT request.
        authorization: Option<HeaderValue>,
    },
}

impl Route {
    /// The route the environment's proxy variables give `origin`.
    pub fn from_env(origin: &Origin) -> Result<Route, String> {
        Route::with(&Matcher::from_env(), origin)
    }

    /// The route `matcher` gives `origin`.
    pub fn with(matcher: &Matcher, origin: &Origin) -> Result<Route, String> {
        let scheme = if origin.https { "https" } else { "http" };
        let host = origin.uri_host();
        let uri: hyper::Uri = format!("{scheme}://{host}:{}/", origin.port).parse().map_err(|_| format!("{host:?} is not a valid host"))?;
        let Some(intercept) = matcher.intercept(&uri) else {
            return Ok(Route::Direct);
        };
        let proxy = intercept.uri();
        if proxy.scheme_str() != Some("http") {
            // Without the scheme in the message: the URL may carry credentials elsewhere.
            return Err(format!(
                "the environment names a {} proxy for {scheme} requests; only http:// proxies are supported",
                proxy.scheme_str().unwrap_or("schemeless")
            ));
        }
        let proxy_host = proxy.host().ok_or("the environment's proxy URL has no host")?;
        let proxy_host = proxy_host.trim_start_matches('[').trim_end_matches(']').to_string();
        let port = proxy.port_u16().unwrap_or(80);
        let authorization = intercept.basic_auth().cloned().map(|mut v| {
            v.set_sensitive(true);
            v
        });
        Ok(match origin.https {
            true => Route::Tunnel { host: proxy_host, port, authorization },
            false => Route::Forward { host: proxy_host, port, authorization },
        })
    }

    /// The host and port a connection is opened to.
    pub fn dial<'a>(&'a self, origin: &'a Origin) -> (&'a str, u16) {
        match self {
            Route::Direct => (&origin.host, origin.port),
            Route::Forward { host, port, .. } | Route::Tunnel { host, port, .. } => (host, *port),
        }
    }
}

/// The most a proxy's answer to CONNECT may hold before its blank line.
const MAX_CONNECT_ANSWER: usize = 16 * 1024;

/// Asks the proxy on `tcp` for a tunnel to `authority` (`host:port`); `Ok` once it answered
/// 2xx. The proxy sends nothing after its answer until the client speaks (TLS's client hello),
/// so reading up to the blank line leaves the stream at the tunnel's first byte.
pub(crate) async fn tunnel(tcp: &mut TcpStream, authority: &str, authorization: Option<&HeaderValue>) -> Result<(), String> {
    let mut request = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n").into_bytes();
    if let Some(value) = authorization {
        request.extend_from_slice(b"Proxy-Authorization: ");
        request.extend_from_slice(value.as_bytes());
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"\r\n");
    tcp.write_all(&request).await.map_err(|e| format!("the proxy: {e}"))?;
    let mut answer = Vec::with_capacity(256);
    let mut chunk = [0u8; 1024];
    while !answer.ends_with(b"\r\n\r\n") {
        let n = tcp.read(&mut chunk).await.map_err(|e| format!("the proxy: {e}"))?;
        if n == 0 {
            return Err("the proxy closed the connection instead of opening a tunnel".to_string());
        }
        answer.extend_from_slice(&chunk[..n]);
        if answer.len() > MAX_CONNECT_ANSWER {
            return Err("the proxy's answer to CONNECT is too long".to_string());
        }
    }
    let status_line = answer.split(|&b| b == b'\r').next().unwrap_or_default();
    let status_line = String::from_utf8_lossy(status_line);
    let mut words = status_line.split(' ');
    match (words.next(), words.next()) {
        (Some(version), Some(code)) if version.starts_with("HTTP/1.") && code.len() == 3 && code.starts_with('2') => Ok(()),
        _ => Err(format!("the proxy refused the tunnel: {status_line}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(https: bool, host: &str, port: u16) -> Origin {
        Origin { https, host: host.to_string(), port }
    }

    #[test]
    fn no_proxy_variable_means_direct() {
        let none = Matcher::builder().build();
        assert_eq!(Route::with(&none, &origin(true, "api.forumpay.com", 443)), Ok(Route::Direct));
    }

    #[test]
    fn http_goes_forward_and_https_through_a_tunnel() {
        let m = Matcher::builder().http("http://proxy.example:3128").https("http://u:p@tunnel.example:8080").build();
        assert_eq!(
            Route::with(&m, &origin(false, "127.0.0.1", 9000)),
            Ok(Route::Forward { host: "proxy.example".into(), port: 3128, authorization: None })
        );
        let Ok(Route::Tunnel { host, port, authorization: Some(auth) }) = Route::with(&m, &origin(true, "api.forumpay.com", 443)) else {
            panic!("https goes through the tunnel");
        };
        assert_eq!((host.as_str(), port), ("tunnel.example", 8080));
        assert_eq!(auth, "Basic dTpw");
        assert!(auth.is_sensitive());
    }

    #[test]
    fn no_proxy_hosts_go_direct() {
        let m = Matcher::builder().all("http://proxy.example:3128").no("localhost,.forumpay.com").build();
        assert_eq!(Route::with(&m, &origin(true, "api.forumpay.com", 443)), Ok(Route::Direct));
        assert!(matches!(Route::with(&m, &origin(true, "example.org", 443)), Ok(Route::Tunnel { .. })));
    }

    #[test]
    fn other_proxy_schemes_are_refused_by_name() {
        let m = Matcher::builder().all("socks5://proxy.example:1080").build();
        let e = Route::with(&m, &origin(true, "api.forumpay.com", 443)).unwrap_err();
        assert!(e.contains("socks5") && e.contains("only http://"), "{e}");
    }
}
