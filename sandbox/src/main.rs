//! `forumpay-sandbox [--host H] [--port N] [--api-user U] [--api-secret S]`: serves the
//! sandbox until Ctrl-C.

use std::process::ExitCode;

use forumpay_sandbox::{Sandbox, SandboxOptions};

const USAGE: &str = "usage: forumpay-sandbox [--host H] [--port N] [--api-user U] [--api-secret S] [--expiry-secs N]";

/// Parses the command line by hand (four flags do not justify an argument parser).
fn parse_args(args: impl Iterator<Item = String>) -> Result<SandboxOptions, String> {
    let mut options = SandboxOptions::default();
    let mut args = args;
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            return Err(USAGE.to_string());
        }
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (flag.clone(), None),
        };
        const KNOWN: [&str; 5] = [
            "--host",
            "--port",
            "--api-user",
            "--api-secret",
            "--expiry-secs",
        ];
        if !KNOWN.contains(&name.as_str()) {
            return Err(format!("unknown argument: {name}\n{USAGE}"));
        }
        let value = match inline.or_else(|| args.next()) {
            Some(v) => v,
            None => return Err(format!("{name} needs a value\n{USAGE}")),
        };
        match name.as_str() {
            "--host" => options.host = value,
            "--port" => {
                options.port = value
                    .parse()
                    .map_err(|_| format!("invalid port: {value}"))?
            }
            "--api-user" => options.api_user = value,
            "--api-secret" => options.api_secret = value,
            "--expiry-secs" => {
                options.payment_expiry_secs = value
                    .parse()
                    .map_err(|_| format!("invalid seconds: {value}"))?
            }
            _ => return Err(format!("unknown argument: {name}\n{USAGE}")),
        }
    }
    Ok(options)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let sandbox = match Sandbox::start_with(options).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("forumpay-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("ForumPay sandbox listening");
    println!("  base URL:   {}", sandbox.base_url());
    println!("  api user:   {}", sandbox.api_user());
    println!("  api secret: {}", sandbox.api_secret());
    println!("  control:    http://{}/sandbox/", sandbox.addr());
    println!("  webhooks:   {}", sandbox.webhook_sink_url());
    println!("Press Ctrl-C to stop.");
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("forumpay-sandbox: cannot wait for Ctrl-C: {e}");
        return ExitCode::FAILURE;
    }
    drop(sandbox);
    ExitCode::SUCCESS
}
