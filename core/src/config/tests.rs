//! The configuration's defaults, checks and printing.

use super::*;

#[test]
fn trims_credentials_and_hides_the_secret() {
    let c = Config::builder("  user ", " s3cr3t-value \n").build().unwrap();
    assert_eq!(c.api_user(), "user");
    assert_eq!(c.api_secret.expose(), "s3cr3t-value");
    assert!(!format!("{c:?}").contains("s3cr3t"));
    assert_eq!(c.base_url(), PRODUCTION_URL);
    assert_eq!(c.locale(), "en-GB");
}

#[test]
fn custom_url_gets_a_trailing_slash() {
    let c = Config::builder("u", "s").base_url("http://127.0.0.1:9/api/v2").build().unwrap();
    assert_eq!(c.base_url(), "http://127.0.0.1:9/api/v2/");
}

#[test]
fn refuses_bad_settings() {
    assert!(Config::builder("", "s").build().is_err());
    assert!(Config::builder("u", "   ").build().is_err());
    assert!(Config::builder("u", "s").base_url("ftp://x").build().is_err());
    for url in ["http://", "http:///v2", "https://user:pw@host/v2", "https://host/v2?x=1", "https://host/v2#f", "https://u@host/"] {
        let e = Config::builder("u", "s").base_url(url).build().unwrap_err();
        assert_eq!(e.details().field.as_deref(), Some("base_url"), "{url}");
        assert!(!e.message().contains("pw"), "{}", e.message());
    }
    let huge = Config::builder("u", "s").call_deadline(Duration::from_secs(1 << 63)).build().unwrap_err();
    assert_eq!(huge.details().field.as_deref(), Some("call_deadline"));
    let huge = Config::builder("u", "s").connect_timeout(Duration::MAX).build().unwrap_err();
    assert_eq!(huge.details().field.as_deref(), Some("connect_timeout"));
    let slow = Config::builder("u", "s").retry_max_delay(Duration::from_secs(1 << 40)).build().unwrap_err();
    assert_eq!(slow.details().field.as_deref(), Some("retry_max_delay"));
    assert!(Config::builder("u", "s").pos_id("bad pos").build().is_err());
    assert!(Config::builder("u", "s").request_timeout(Duration::ZERO).build().is_err());
    assert!(Config::builder("u", "s").call_deadline(Duration::ZERO).build().is_err());
    assert!(Config::builder("u", "s").max_attempts(0).build().is_err());
    assert!(Config::builder("u", "s").max_attempts(11).build().is_err());
    let slow_base = Config::builder("u", "s").retry_base_delay(Duration::from_secs(9));
    assert_eq!(slow_base.build().unwrap_err().details().field.as_deref(), Some("retry_base_delay"));
}

#[test]
fn the_store_url_is_never_printed() {
    let c = Config::builder("u", "s").store_url("redis://:hunter2@127.0.0.1:6379/1").build().unwrap();
    assert!(!format!("{c:?}").contains("hunter2"), "{c:?}");
    let e = Config::builder("u", "s").store_url("mysql://hunter2").build().unwrap_err();
    assert_eq!(e.details().field.as_deref(), Some("store_url"));
}

#[test]
fn user_agent_names_the_binding() {
    let c = Config::builder("u", "s").user_agent_suffix("python/3.11").build().unwrap();
    assert!(c.user_agent().starts_with("forumpay-rust/"));
    assert!(c.user_agent().ends_with(" python/3.11"));
}
