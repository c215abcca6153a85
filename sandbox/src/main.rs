//! `forumpay-sandbox [--host H] [--port N] [--api-user U] [--api-secret S] [--expiry-secs N]
//! [--remote-control]`: serves the sandbox (API, payment pages, dashboard) until Ctrl-C.

use std::process::ExitCode;

use forumpay_sandbox::{Sandbox, SandboxOptions};

const USAGE: &str = "usage: forumpay-sandbox [--host H] [--port N] [--api-user U] [--api-secret S] [--expiry-secs N] [--remote-control]\n\
  --remote-control  let other machines use the dashboard and the /sandbox/ control API (local-only by default)";

/// What the command line asks for.
struct Args {
    options: SandboxOptions,
    remote_control: bool,
}

/// Parses the command line by hand (six flags do not justify an argument parser).
fn parse_args(args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut options = SandboxOptions::default();
    let mut remote_control = false;
    let mut args = args;
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            return Err(USAGE.to_string());
        }
        if flag == "--remote-control" {
            remote_control = true;
            continue;
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
    Ok(Args {
        options,
        remote_control,
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let sandbox = match Sandbox::start_with(args.options).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("forumpay-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    sandbox.set_remote_control(args.remote_control);
    println!("ForumPay sandbox listening");
    println!("  base URL:   {}", sandbox.base_url());
    println!("  api user:   {}", sandbox.api_user());
    println!("  api secret: {}", sandbox.api_secret());
    println!(
        "  dashboard:  {} (and the JSON control API under it; {})",
        sandbox.dashboard_url(),
        if args.remote_control {
            "open to other machines"
        } else {
            "this machine only"
        }
    );
    println!("  payments:   each payment's access_url opens its payment page");
    println!("  webhooks:   {}", sandbox.webhook_sink_url());
    println!("Press Ctrl-C to stop.");
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("forumpay-sandbox: cannot wait for Ctrl-C: {e}");
        return ExitCode::FAILURE;
    }
    drop(sandbox);
    ExitCode::SUCCESS
}
