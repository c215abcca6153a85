//! Which API a client talks to, and which base URLs it may send credentials to.

use crate::error::{Error, Result};
use crate::validate;

/// Base URL of the live API.
pub const PRODUCTION_URL: &str = "https://api.forumpay.com/pay/v2/";
/// Base URL of the provider's hosted sandbox.
pub const SANDBOX_URL: &str = "https://sandbox.api.forumpay.com/pay/v2/";

/// Which API to talk to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Environment {
    /// The live API ([`PRODUCTION_URL`]).
    Production,
    /// The provider's hosted sandbox ([`SANDBOX_URL`]).
    Sandbox,
    /// Any other base URL (a local emulator, a proxy).
    Custom(String),
}

impl Environment {
    /// The base URL, always ending in `/`.
    pub fn base_url(&self) -> String {
        match self {
            Environment::Production => PRODUCTION_URL.to_string(),
            Environment::Sandbox => SANDBOX_URL.to_string(),
            Environment::Custom(url) if url.ends_with('/') => url.clone(),
            Environment::Custom(url) => format!("{url}/"),
        }
    }

    /// Parses `production`, `sandbox`, or an `http(s)://` URL.
    pub fn parse(text: &str) -> Result<Environment> {
        match text.trim() {
            "production" | "live" => Ok(Environment::Production),
            "sandbox" => Ok(Environment::Sandbox),
            url if url.starts_with("http://") || url.starts_with("https://") => {
                Ok(Environment::Custom(url.to_string()))
            }
            _ => Err(Error::validation(
                "environment",
                "environment must be `production`, `sandbox` or an http(s):// URL",
            )),
        }
    }
}

/// A base URL the client can send credentials to: http(s), a host, and nothing that would be
/// lost or leak when actions are appended (`user:password@` prints wherever the URL does, and
/// a query or fragment would end up in the middle of every action's URL).
pub(super) fn check_base_url(base_url: &str) -> Result<()> {
    let bad = |why: &str| Error::validation("base_url", format!("base_url {why}"));
    if base_url.len() > validate::MAX_URL_LEN {
        return Err(bad(&format!("must be at most {} bytes", validate::MAX_URL_LEN)));
    }
    let parsed = url::Url::parse(base_url).map_err(|_| bad("is not a valid URL"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad("must be an http(s):// URL"));
    }
    // The URL standard reads `http:///v2` as the host `v2`; a base URL written that way is a typo.
    let authority = base_url.split_once("://").map_or("", |(_, rest)| rest);
    if parsed.host_str().is_none_or(str::is_empty) || authority.starts_with('/') || authority.is_empty() {
        return Err(bad("must name a host"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad("must not carry credentials (`user:password@`): set api_user and api_secret"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(bad("must not have a query or a fragment"));
    }
    Ok(())
}

