//! A system without a CA bundle (a slim container without `ca-certificates`): clients must still
//! be created, for `https://` (the bundled roots take over) and for `http://` (no roots needed),
//! and an `http://` client must work end to end. Decision 0015.
//!
//! Its own test binary with one test: the system store is hidden through `SSL_CERT_FILE` and
//! `SSL_CERT_DIR` (which rustls-native-certs reads instead of the system's paths when either is
//! set), and environment variables are process-wide.

use forumpay::{Client, Config, Environment, GetRate};
use forumpay_sandbox::Sandbox;

#[tokio::test]
async fn clients_work_without_a_system_ca_bundle() {
    let empty = std::env::temp_dir().join(format!("forumpay-no-roots-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let empty_file = empty.join("ca-certificates.crt");
    std::fs::write(&empty_file, "").unwrap();
    // Edition 2021: set_var is safe; no other thread of this binary reads the environment.
    std::env::set_var("SSL_CERT_FILE", &empty_file);
    std::env::set_var("SSL_CERT_DIR", &empty);

    for environment in [Environment::Production, Environment::Sandbox] {
        let config = Config::builder("user", "secret").environment(environment).build().unwrap();
        Client::new(config).expect("an https client falls back to the bundled roots");
    }

    let sandbox = Sandbox::start().await.unwrap();
    let config = Config::builder(sandbox.api_user(), sandbox.api_secret())
        .base_url(sandbox.base_url())
        .pos_id("web")
        .build()
        .unwrap();
    let client = Client::new(config).expect("an http client needs no roots");
    let amount = forumpay::parse_amount("amount", "48.25").unwrap();
    let rate = client.get_rate(GetRate::new("EUR", amount, "BTC")).await.unwrap();
    assert!(!rate.payment_id.is_empty());

    std::fs::remove_dir_all(&empty).unwrap();
}
