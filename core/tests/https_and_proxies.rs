//! `https://` end to end, and proxies named by the environment (decision 0034), against the
//! emulator: a local TLS terminator in front of it whose CA the test makes the system's only one
//! (`SSL_CERT_FILE`, as `trust_roots.rs` does), and a small HTTP proxy that forwards plain
//! requests and opens CONNECT tunnels, recording what it was asked.
//!
//! One test in its own binary: environment variables are process-wide.

use forumpay::{Client, Config, ErrorCode, GetRate};
use forumpay_sandbox::Sandbox;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

mod wire;

const PROXY_VARIABLES: [&str; 8] =
    ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_and_proxies_from_the_environment() {
    // Edition 2021: set_var is safe; no other thread of this binary reads the environment.
    for name in PROXY_VARIABLES {
        std::env::remove_var(name);
    }
    let _ = rustls::crypto::ring::default_provider().install_default();
    let sandbox = Sandbox::start().await.unwrap();
    let dir = std::env::temp_dir().join(format!("forumpay-https-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (ca_pem, server) = certificates();
    std::fs::write(dir.join("ca.pem"), ca_pem).unwrap();
    std::env::set_var("SSL_CERT_FILE", dir.join("ca.pem"));
    std::env::set_var("SSL_CERT_DIR", &dir);
    let tls_port = terminator(server, sandbox.addr()).await;
    let https_url = format!("https://localhost:{tls_port}/api/v2/");

    // Straight to the origin over TLS, twice on one pooled connection.
    let direct = client_for(&sandbox, &https_url);
    for _ in 0..2 {
        rate(&direct).await.expect("https to a server the system trusts");
    }
    // The certificate names `localhost` only: reached by its address, the handshake fails, and
    // nothing was sent.
    let by_address = client_for(&sandbox, &format!("https://127.0.0.1:{tls_port}/api/v2/"));
    let e = rate(&by_address).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Network, "{e}");
    assert!(e.to_string().contains("could not connect"), "{e}");

    // Through a proxy: plain requests in absolute form with the proxy's credentials, TLS in a
    // CONNECT tunnel.
    let proxy = Proxy::start().await;
    std::env::set_var("HTTP_PROXY", format!("http://user:pass@{}", proxy.addr));
    std::env::set_var("HTTPS_PROXY", format!("http://{}", proxy.addr));
    rate(&client_for(&sandbox, &sandbox.base_url())).await.expect("http through the proxy");
    rate(&client_for(&sandbox, &https_url)).await.expect("https through the proxy's tunnel");
    let asked = proxy.asked();
    assert_eq!(asked.len(), 2, "{asked:?}");
    let plain = format!("GET http://{}/api/v2/GetRate/?", sandbox.addr());
    assert!(asked[0].0.starts_with(&plain), "{asked:?}");
    assert_eq!(asked[0].1.as_deref(), Some("Basic dXNlcjpwYXNz"));
    let head = proxy.heads.lock().unwrap()[0].clone();
    for line in [format!("host: {}", sandbox.addr()), "accept: */*".into(), "authorization: Basic ".into(), "user-agent: forumpay-rust/".into()] {
        assert!(head.contains(&format!("\r\n{line}")), "{line} in {head:?}");
    }
    assert!(!head.contains("content-length"), "a GET has no body: {head:?}");
    assert_eq!(asked[1], (format!("CONNECT localhost:{tls_port} HTTP/1.1"), None));

    // NO_PROXY names hosts reached directly.
    std::env::set_var("NO_PROXY", "localhost,127.0.0.1");
    rate(&client_for(&sandbox, &https_url)).await.unwrap();
    rate(&client_for(&sandbox, &sandbox.base_url())).await.unwrap();
    assert_eq!(proxy.asked().len(), 2);

    // A proxy scheme the client cannot speak is refused when the client is made, by name.
    std::env::remove_var("NO_PROXY");
    std::env::set_var("HTTPS_PROXY", "socks5://127.0.0.1:1");
    let config = Config::builder("user", "secret").base_url(&https_url).build().unwrap();
    let e = Client::new(config).err().expect("a socks proxy is refused");
    assert!(e.to_string().contains("only http:// proxies"), "{e}");

    for name in PROXY_VARIABLES {
        std::env::remove_var(name);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A client of the emulator's credentials at `base_url`, made now (so it reads the environment
/// as it is now).
fn client_for(sandbox: &Sandbox, base_url: &str) -> Client {
    let config = Config::builder(sandbox.api_user(), sandbox.api_secret()).base_url(base_url).pos_id("web").max_attempts(1).build();
    Client::new(config.unwrap()).unwrap()
}

async fn rate(client: &Client) -> forumpay::Result<()> {
    let amount = forumpay::parse_amount("amount", "48.25").unwrap();
    client.get_rate(GetRate::new("EUR", amount, "BTC")).await.map(|rate| assert!(!rate.payment_id.is_empty()))
}

/// A CA (its PEM) and a server configuration with a certificate it signed for `localhost`.
fn certificates() -> (String, rustls::ServerConfig) {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["localhost".to_string()]).unwrap().signed_by(&key, &ca).unwrap();
    let chain: Vec<CertificateDer<'static>> = vec![leaf.der().clone()];
    let key = PrivateKeyDer::Pkcs8(key.serialize_der().into());
    let server = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    (ca.pem(), server)
}

/// Accepts TLS on a free port and relays each connection's plain bytes to `upstream`.
async fn terminator(server: rustls::ServerConfig, upstream: SocketAddr) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(server));
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A failed handshake (the test's wrong name) just ends the connection.
                if let Ok(mut tls) = acceptor.accept(tcp).await {
                    let mut plain = TcpStream::connect(upstream).await.unwrap();
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                }
            });
        }
    });
    port
}

/// An HTTP proxy: CONNECT opens a tunnel, anything else is relayed to the host its absolute
/// URL names. Records the first request line and `Proxy-Authorization` of each connection.
struct Proxy {
    addr: SocketAddr,
    asked: Arc<Mutex<Vec<(String, Option<String>)>>>,
    /// Each connection's first request head, whole.
    heads: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    async fn start() -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let asked = Arc::new(Mutex::new(Vec::new()));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let (record, record_heads) = (asked.clone(), heads.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(relay(client, record.clone(), record_heads.clone()));
            }
        });
        Proxy { addr, asked, heads }
    }

    fn asked(&self) -> Vec<(String, Option<String>)> {
        self.asked.lock().unwrap().clone()
    }
}

async fn relay(mut client: TcpStream, asked: Arc<Mutex<Vec<(String, Option<String>)>>>, heads: Arc<Mutex<Vec<String>>>) {
    let Some(head) = wire::read_head(&mut client).await else { return };
    let text = String::from_utf8_lossy(&head).to_string();
    let line = text.lines().next().unwrap_or_default().to_string();
    let authorization = text
        .lines()
        .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("proxy-authorization")))
        .map(|(_, v)| v.trim().to_string());
    asked.lock().unwrap().push((line.clone(), authorization));
    heads.lock().unwrap().push(text.clone());
    let target = line.split(' ').nth(1).unwrap_or_default();
    let mut upstream = if line.starts_with("CONNECT ") {
        let upstream = TcpStream::connect(target).await.unwrap();
        client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").await.unwrap();
        upstream
    } else {
        let authority = target.trim_start_matches("http://").split('/').next().unwrap_or_default();
        let mut upstream = TcpStream::connect(authority).await.unwrap();
        upstream.write_all(&head).await.unwrap();
        upstream
    };
    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
}
