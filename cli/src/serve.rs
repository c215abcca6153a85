//! `forumpay sandbox`: serves the local API emulator until Ctrl-C.
//!
//! The emulator's credentials are test credentials made up for it, so printing them is the
//! point: the user copies them into the next command. Credentials from the environment are
//! deliberately not used here (main passes only values typed on this command line), so a real
//! secret exported in the shell is never echoed.

use crate::args::SandboxArgs;
use crate::output::Failure;
use forumpay_sandbox::{Sandbox, SandboxOptions};

/// Starts the emulator, prints how to reach it, and waits for Ctrl-C.
pub async fn run(
    args: &SandboxArgs,
    api_user: Option<String>,
    api_secret: Option<String>,
) -> Result<(), Failure> {
    let defaults = SandboxOptions::default();
    let options = SandboxOptions {
        host: args.host.clone(),
        port: args.port,
        api_user: api_user.unwrap_or(defaults.api_user),
        api_secret: api_secret.unwrap_or(defaults.api_secret),
        payment_expiry_secs: defaults.payment_expiry_secs,
    };
    let sandbox = Sandbox::start_with(options).await.map_err(|e| {
        Failure::Other(format!(
            "cannot start the sandbox on {}:{}: {e}",
            args.host, args.port
        ))
    })?;
    sandbox.set_remote_control(args.remote_control);
    println!("ForumPay sandbox listening");
    println!("  base URL:   {}", sandbox.base_url());
    println!("  api user:   {}", sandbox.api_user());
    println!("  api secret: {}", sandbox.api_secret());
    println!("  dashboard:  {}{}", sandbox.dashboard_url(), if args.remote_control { "" } else { " (this machine only)" });
    println!();
    println!("Try it from another shell:");
    println!(
        "  FORUMPAY_URL={} FORUMPAY_API_USER={} FORUMPAY_API_SECRET={} FORUMPAY_POS_ID=web forumpay ping",
        quote(&sandbox.base_url()),
        quote(sandbox.api_user()),
        quote(sandbox.api_secret()),
    );
    println!("Press Ctrl-C to stop.");
    tokio::signal::ctrl_c()
        .await
        .map_err(|e| Failure::Other(format!("cannot wait for Ctrl-C: {e}")))?;
    drop(sandbox);
    println!("sandbox stopped");
    Ok(())
}

/// Quotes a value for a POSIX shell when it holds anything but plain characters, so the
/// example line can be pasted as is.
fn quote(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c));
    if plain {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(
            quote("http://127.0.0.1:8080/api/v2/"),
            "http://127.0.0.1:8080/api/v2/"
        );
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
    }
}
