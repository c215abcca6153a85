//! Turns the global options into an SDK client, with errors that say which flag or environment
//! variable to set.

use crate::args::Global;
use crate::output::Failure;
use forumpay::{Client, Config, Error};
use std::time::Duration;

/// A client for the API the global options point at. Missing credentials are a usage error
/// (exit 2) naming both the flag and the environment variable.
pub fn client(global: &Global) -> Result<Client, Failure> {
    let user = required(
        global.api_user.as_deref(),
        "api_user",
        "--api-user",
        "FORUMPAY_API_USER",
    )?;
    let secret = required(
        global.api_secret.as_deref(),
        "api_secret",
        "--api-secret",
        "FORUMPAY_API_SECRET",
    )?;
    let mut builder = Config::builder(user, secret)
        .environment(global.url.clone())
        .user_agent_suffix(concat!("forumpay-cli/", env!("CARGO_PKG_VERSION")));
    if let Some(pos_id) = &global.pos_id {
        builder = builder.pos_id(pos_id);
    }
    if let Some(locale) = &global.locale {
        builder = builder.locale(locale);
    }
    if let Some(user) = &global.user {
        builder = builder.user(user);
    }
    if let Some(seconds) = global.timeout {
        builder = builder.request_timeout(Duration::from_secs(seconds));
    }
    if let Some(seconds) = global.deadline {
        builder = builder.call_deadline(Duration::from_secs(seconds));
    }
    if let Some(attempts) = global.max_attempts {
        builder = builder.max_attempts(attempts);
    }
    // A setting the SDK refuses (a bad pos_id, an empty locale) is the user's input: exit 2.
    let config = builder.build().map_err(Failure::Usage)?;
    Client::new(config).map_err(Failure::Sdk)
}

/// Refuses, before any request, a call that needs a point of sale when none is configured: the
/// SDK would refuse it too, but only the CLI can name the flag to pass.
pub fn require_pos_id(global: &Global) -> Result<(), Failure> {
    required(
        global.pos_id.as_deref(),
        "pos_id",
        "--pos-id",
        "FORUMPAY_POS_ID",
    )
    .map(|_| ())
}

/// A setting that must be present and not blank.
fn required<'a>(
    value: Option<&'a str>,
    field: &str,
    flag: &str,
    env: &str,
) -> Result<&'a str, Failure> {
    match value {
        Some(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(Failure::Usage(Error::validation(
            field,
            format!("{field} is required: pass {flag} or set {env}"),
        ))),
    }
}
