//! What every CLI test needs: an in-process sandbox, the real `forumpay` binary pointed at it
//! through the environment, and a check that no run ever prints the api secret.

// Each test binary uses its own part of this module.
#![allow(dead_code)]

use forumpay_sandbox::{Sandbox, SandboxOptions};
use serde_json::Value;
use std::process::{Command, Output};

/// The sandbox's api secret: no test output may contain it.
pub const SECRET: &str = "cli-test-secret-5f3a9c";
/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_forumpay");

/// `start` of a 10.00 EUR payment in BTC.
pub const START: [&str; 7] = [
    "start",
    "--invoice-currency",
    "EUR",
    "--invoice-amount",
    "10.00",
    "--currency",
    "BTC",
];

/// A sandbox on its own thread, with [`SECRET`].
pub fn sandbox() -> Sandbox {
    let options = SandboxOptions {
        api_secret: SECRET.to_string(),
        ..SandboxOptions::default()
    };
    Sandbox::start_background(options).expect("sandbox starts")
}

/// The binary with a clean environment: no FORUMPAY_* variable leaks in from the caller.
pub fn bare() -> Command {
    let mut cmd = Command::new(BIN);
    for (key, _) in std::env::vars() {
        if key.starts_with("FORUMPAY_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

/// The binary pointed at `sb` through the environment, as a user would set it up.
pub fn against(sb: &Sandbox) -> Command {
    let mut cmd = bare();
    cmd.env("FORUMPAY_URL", sb.base_url())
        .env("FORUMPAY_API_USER", sb.api_user())
        .env("FORUMPAY_API_SECRET", SECRET)
        .env("FORUMPAY_POS_ID", "web");
    cmd
}

/// Runs `cmd` with `args`; every run also checks that the secret was printed nowhere.
pub fn run(mut cmd: Command, args: &[&str]) -> (Output, String, String) {
    let out = cmd.args(args).output().expect("binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !stdout.contains(SECRET) && !stderr.contains(SECRET),
        "secret printed by {args:?}"
    );
    (out, stdout, stderr)
}

/// Parses JSON, or fails the test showing the text.
pub fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}
