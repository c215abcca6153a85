//! HTTP/1.1 exchanges with the API's one host, over a pool of keep-alive connections driven
//! through hyper's connection API (decision 0034).
//!
//! Each connection's protocol state runs in a task of its own (hyper's `Connection`); an
//! exchange is sent from the caller's task on a connection taken from the idle list, and the
//! connection goes back to the list when its answer has been read in full. Nothing else runs
//! per exchange: no task is spawned, no timer is armed but the exchange's own timeout.

use super::proxy::{self, Route};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::body::Incoming;
use hyper::header::HeaderMap;
use hyper::Request;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio::time::{timeout, timeout_at};
pub(crate) use tokio::time::Instant;
use tokio_rustls::TlsConnector;

/// An answer whose head has arrived; its body is still to be read.
pub(crate) struct Answer<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The answer's headers.
    pub headers: HeaderMap,
    body: Incoming,
    sender: SendRequest<Full<Bytes>>,
    pool: &'a Connections,
    deadline: Instant,
}

impl Answer<'_> {
    /// Reads the whole body (before the exchange's deadline); the connection then goes back
    /// to the pool.
    pub async fn body(self) -> Result<Bytes, HttpError> {
        let body = match timeout_at(self.deadline, self.body.collect()).await {
            Err(_) => return Err(HttpError::Timeout { sent: true }),
            Ok(Err(e)) => return Err(HttpError::Broken(chain(&e))),
            Ok(Ok(collected)) => collected.to_bytes(),
        };
        self.pool.checkin(self.sender);
        Ok(body)
    }
}

/// Why an exchange failed, and how far it got.
#[derive(Debug)]
pub(crate) enum HttpError {
    /// No connection could be made (refused, no such host, the TLS handshake or the proxy
    /// refused, or the connect timeout passed): the request never left.
    Connect(String),
    /// The exchange's time ran out; `sent` says whether the request may have left.
    Timeout {
        /// The request was handed to a connection (it may have reached the API).
        sent: bool,
    },
    /// The connection broke after the request was handed to it.
    Broken(String),
}

/// Where requests go and how connections to it are made.
pub(crate) struct Origin {
    /// Whether the scheme is `https` (else `http`).
    pub https: bool,
    /// The host as the URL names it (a name, or an IP address without brackets).
    pub host: String,
    /// The port (the scheme's default when the URL names none).
    pub port: u16,
}

impl Origin {
    /// The host as a URL or a `Host` header writes it (an IPv6 address in brackets).
    pub fn uri_host(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        }
    }
}

/// The pool of one client: its origin, how to reach it, and the idle connections.
pub(crate) struct Connections {
    origin: Origin,
    route: Route,
    tls: Option<(TlsConnector, ServerName<'static>)>,
    connect_timeout: Duration,
    idle_timeout: Duration,
    max_idle: usize,
    idle: Mutex<Vec<Idle>>,
}

/// A connection waiting for its next request.
struct Idle {
    sender: SendRequest<Full<Bytes>>,
    since: Instant,
}

impl Connections {
    /// A pool for `origin`, reached as `route` says; `tls` is used for `https` origins.
    pub fn new(
        origin: Origin,
        route: Route,
        tls: Arc<rustls::ClientConfig>,
        connect_timeout: Duration,
        idle_timeout: Duration,
        max_idle: usize,
    ) -> Result<Connections, String> {
        let tls = if origin.https {
            let name = ServerName::try_from(origin.host.clone()).map_err(|_| format!("{:?} is not a valid TLS server name", origin.host))?;
            Some((TlsConnector::from(tls), name))
        } else {
            None
        };
        Ok(Connections { origin, route, tls, connect_timeout, idle_timeout, max_idle, idle: Mutex::new(Vec::new()) })
    }

    /// The request target for `path_and_query`: the path itself, or the absolute URL when the
    /// request goes through an HTTP proxy.
    pub fn request_target(&self, path_and_query: &str) -> String {
        match &self.route {
            Route::Forward { .. } => {
                let scheme = if self.origin.https { "https" } else { "http" };
                format!("{scheme}://{}{path_and_query}", self.authority())
            }
            _ => path_and_query.to_string(),
        }
    }

    /// `host[:port]` as the `Host` header and a tunnel name the origin (the port only when it
    /// is not the scheme's default; an IPv6 address in brackets).
    pub fn authority(&self) -> String {
        let host = self.origin.uri_host();
        let default = if self.origin.https { 443 } else { 80 };
        if self.origin.port == default {
            host
        } else {
            format!("{host}:{}", self.origin.port)
        }
    }

    /// Headers every request through this route carries (a forward proxy's credentials).
    pub fn route_headers(&self, headers: &mut HeaderMap) {
        if let Route::Forward { authorization: Some(value), .. } = &self.route {
            headers.insert(hyper::header::PROXY_AUTHORIZATION, value.clone());
        }
    }

    /// Sends `request` and waits for the answer's head, before `deadline`. A request that an
    /// idle connection turns out unable to take (the server closed it meanwhile) goes out on
    /// another: it never left.
    pub async fn send(&self, mut request: Request<Full<Bytes>>, deadline: Instant) -> Result<Answer<'_>, HttpError> {
        loop {
            let (mut sender, reused) = match self.checkout() {
                Some(sender) => (sender, true),
                // Boxed: connecting (TCP, a tunnel, TLS, the handshake) is a large future, and
                // rare; inline it made every call's future as large (debug builds overflowed a
                // 1 MiB JVM thread stack polling it).
                None => match timeout_at(deadline, Box::pin(self.connect())).await {
                    Ok(connected) => (connected?, false),
                    Err(_) => return Err(HttpError::Timeout { sent: false }),
                },
            };
            match timeout_at(deadline, sender.ready()).await {
                Err(_) => return Err(HttpError::Timeout { sent: false }),
                Ok(Err(_)) if reused => continue,
                Ok(Err(e)) => return Err(HttpError::Connect(chain(&e))),
                Ok(Ok(())) => {}
            }
            let response = match timeout_at(deadline, sender.try_send_request(request)).await {
                Err(_) => return Err(HttpError::Timeout { sent: true }),
                Ok(Ok(response)) => response,
                Ok(Err(mut e)) => match e.take_message() {
                    Some(unsent) if reused => {
                        request = unsent;
                        continue;
                    }
                    Some(_) => return Err(HttpError::Connect(chain(e.error()))),
                    None => return Err(HttpError::Broken(chain(e.error()))),
                },
            };
            let (parts, body) = response.into_parts();
            return Ok(Answer { status: parts.status.as_u16(), headers: parts.headers, body, sender, pool: self, deadline });
        }
    }

    /// The most recently used idle connection still open and not idle too long.
    fn checkout(&self) -> Option<SendRequest<Full<Bytes>>> {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        while let Some(Idle { sender, since }) = idle.pop() {
            if !sender.is_closed() && since.elapsed() < self.idle_timeout {
                return Some(sender);
            }
        }
        None
    }

    /// Puts a connection whose answer has been read back on the idle list (or closes it when
    /// the list is full).
    fn checkin(&self, sender: SendRequest<Full<Bytes>>) {
        if sender.is_closed() {
            return;
        }
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < self.max_idle {
            idle.push(Idle { sender, since: Instant::now() });
        }
    }

    /// A new connection, within the connect timeout: TCP, the proxy's tunnel when there is
    /// one, TLS for `https`, then hyper's HTTP/1 handshake; its protocol task is spawned.
    async fn connect(&self) -> Result<SendRequest<Full<Bytes>>, HttpError> {
        let connecting = async {
            let (host, port) = self.route.dial(&self.origin);
            let mut tcp = TcpStream::connect((host, port)).await.map_err(|e| e.to_string())?;
            tcp.set_nodelay(true).map_err(|e| e.to_string())?;
            if let Route::Tunnel { authorization, .. } = &self.route {
                proxy::tunnel(&mut tcp, &self.authority_with_port(), authorization.as_ref()).await?;
            }
            match &self.tls {
                None => handshake(tcp).await,
                Some((connector, name)) => {
                    let tls = connector.connect(name.clone(), tcp).await.map_err(|e| format!("TLS handshake failed: {e}"))?;
                    handshake(tls).await
                }
            }
        };
        match timeout(self.connect_timeout, connecting).await {
            Ok(Ok(sender)) => Ok(sender),
            Ok(Err(message)) => Err(HttpError::Connect(message)),
            Err(_) => Err(HttpError::Connect(format!("no connection within {:?}", self.connect_timeout))),
        }
    }

    /// `host:port` with the port always written (what a CONNECT names).
    fn authority_with_port(&self) -> String {
        format!("{}:{}", self.origin.uri_host(), self.origin.port)
    }
}

/// hyper's HTTP/1 handshake over `io`; the connection's task is spawned on the current runtime.
async fn handshake<T>(io: T) -> Result<SendRequest<Full<Bytes>>, String>
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (sender, connection) = http1::handshake(TokioIo::new(io)).await.map_err(|e| chain(&e))?;
    tokio::spawn(async move {
        // The connection ends when the server closes it or every sender is dropped; how it
        // ended is seen by the exchange that was using it.
        let _ = connection.await;
    });
    Ok(sender)
}

/// An error and its causes on one line.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(https: bool, host: &str, port: u16, route: Route) -> Connections {
        let (tls, _) = crate::trust::tls_config("http").unwrap();
        let origin = Origin { https, host: host.to_string(), port };
        Connections::new(origin, route, Arc::new(tls), Duration::from_secs(1), Duration::from_secs(60), 4).unwrap()
    }

    #[test]
    fn the_authority_names_the_port_only_when_it_is_not_the_schemes() {
        assert_eq!(pool(true, "api.forumpay.com", 443, Route::Direct).authority(), "api.forumpay.com");
        assert_eq!(pool(true, "api.forumpay.com", 8443, Route::Direct).authority(), "api.forumpay.com:8443");
        assert_eq!(pool(false, "::1", 8080, Route::Direct).authority(), "[::1]:8080");
        assert_eq!(pool(false, "127.0.0.1", 80, Route::Direct).authority_with_port(), "127.0.0.1:80");
    }

    #[test]
    fn a_forward_proxy_gets_absolute_urls_and_its_credentials() {
        let mut auth = hyper::header::HeaderValue::from_static("Basic dTpw");
        auth.set_sensitive(true);
        let forward = Route::Forward { host: "proxy".into(), port: 3128, authorization: Some(auth) };
        let proxied = pool(false, "127.0.0.1", 9000, forward);
        assert_eq!(proxied.request_target("/api/v2/Ping/?a=1"), "http://127.0.0.1:9000/api/v2/Ping/?a=1");
        let mut headers = HeaderMap::new();
        proxied.route_headers(&mut headers);
        assert_eq!(headers[hyper::header::PROXY_AUTHORIZATION], "Basic dTpw");
        let direct = pool(false, "127.0.0.1", 9000, Route::Direct);
        assert_eq!(direct.request_target("/api/v2/Ping/"), "/api/v2/Ping/");
        let mut headers = HeaderMap::new();
        direct.route_headers(&mut headers);
        assert!(headers.is_empty());
    }
}
