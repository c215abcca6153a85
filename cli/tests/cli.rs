//! Runs the real `forumpay` binary against an in-process sandbox.

mod common;

use common::{against, bare, json, run, sandbox, SECRET, START};
use forumpay_sandbox::Decimal;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

const RATE: [&str; 7] = [
    "rate",
    "--invoice-currency",
    "EUR",
    "--invoice-amount",
    "48.25",
    "--currency",
    "BTC",
];

#[test]
fn demo_walks_a_full_checkout() {
    let (out, stdout, stderr) = run(bare(), &["demo"]);
    assert!(out.status.success(), "demo failed: {stderr}\n{stdout}");
    assert!(stdout.contains("confirmed"), "{stdout}");
    assert!(stdout.contains("accepted"), "{stdout}");
    assert!(stdout.contains("waiting -> processing"), "{stdout}");
}

#[test]
fn ping_json_says_pong() {
    let sb = sandbox();
    let (out, stdout, _) = run(against(&sb), &["ping", "--json"]);
    assert!(out.status.success());
    assert!(stdout.contains(r#""result": "pong""#), "{stdout}");
}

#[test]
fn rate_json_keeps_the_amount_exact() {
    let sb = sandbox();
    let mut args = vec!["--json"];
    args.extend(RATE);
    let (out, stdout, _) = run(against(&sb), &args);
    assert!(out.status.success());
    assert!(stdout.contains(r#""invoice_amount": "48.25""#), "{stdout}");
}

#[test]
fn rate_human_prints_amounts_with_currency() {
    let sb = sandbox();
    let (out, stdout, _) = run(against(&sb), &RATE);
    assert!(out.status.success());
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("invoice_amount:") && l.ends_with(" 48.25 EUR")),
        "{stdout}"
    );
}

#[test]
fn start_then_check_follows_the_payment() {
    let sb = sandbox();
    let start = [
        &["--json", "--show-secrets"][..],
        &START,
        &["--reference-no", "order-7"],
    ]
    .concat();
    let (out, stdout, stderr) = run(against(&sb), &start);
    assert!(out.status.success(), "{stderr}");
    let started = json(&stdout);
    let id = started["payment_id"].as_str().expect("payment_id");
    let address = started["address"].as_str().expect("address");
    let token = started["access_token"]
        .as_str()
        .expect("access_token in JSON");
    assert_ne!(token, "***", "--show-secrets prints the token");
    let check = [
        "check",
        "--payment-id",
        id,
        "--currency",
        "BTC",
        "--address",
        address,
    ];

    let (out, stdout, _) = run(against(&sb), &[&["--json"], &check[..]].concat());
    assert!(out.status.success());
    let status = json(&stdout);
    assert_eq!(status["state"], "waiting");
    assert_eq!(status["reference_no"], "order-7");
    assert_eq!(status["invoice_amount"], "10.00");

    let amount: Decimal = started["amount"]
        .as_str()
        .and_then(|a| a.parse().ok())
        .expect("amount");
    sb.pay(id, amount).expect("paid");
    let (out, stdout, _) = run(against(&sb), &check);
    assert!(out.status.success());
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("state:") && l.ends_with("processing")),
        "{stdout}"
    );
    assert!(
        stdout.contains("access_token:") && stdout.contains("***"),
        "{stdout}"
    );
    assert!(
        !stdout.contains(token),
        "human output shows the access token: {stdout}"
    );
}

#[test]
fn json_masks_the_payer_page_secrets_unless_asked() {
    let sb = sandbox();
    let start = [&["--json"][..], &START].concat();
    let (out, stdout, stderr) = run(against(&sb), &start);
    assert!(out.status.success(), "{stderr}");
    let started = json(&stdout);
    for key in ["access_token", "access_url", "stats_token"] {
        assert_eq!(started[key], "***", "{key} in {stdout}");
    }
    let payment = sb
        .payment(started["payment_id"].as_str().expect("payment_id"))
        .expect("the sandbox has it");
    assert!(!stdout.contains(&payment.access_token));
    let (_, stdout, _) = run(against(&sb), &[&["--show-secrets"], &start[..]].concat());
    let shown = json(&stdout);
    let payment = sb
        .payment(shown["payment_id"].as_str().expect("payment_id"))
        .expect("the sandbox has it");
    assert_eq!(
        shown["access_token"].as_str(),
        Some(payment.access_token.as_str())
    );
}

#[test]
fn exponent_amount_is_refused_before_sending() {
    let sb = sandbox();
    let args = [
        "rate",
        "--invoice-currency",
        "EUR",
        "--invoice-amount",
        "4.825E1",
        "--currency",
        "BTC",
    ];
    let (out, _, stderr) = run(against(&sb), &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.starts_with("error [validation]:"), "{stderr}");
    assert_eq!(sb.request_count("GetRate"), 0);

    let (out, _, stderr) = run(against(&sb), &[&["--json"], &args[..]].concat());
    assert_eq!(out.status.code(), Some(1));
    let error = json(&stderr);
    assert_eq!(error["error"]["code"], "validation");
    assert_eq!(error["error"]["attempts"], 0);
    assert_eq!(sb.request_count("*"), 0);
}

#[test]
fn wrong_secret_is_unauthorized() {
    let sb = sandbox();
    let (out, _, stderr) = run(against(&sb), &["--api-secret", "not-the-secret", "ping"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.starts_with("error [unauthorized]:"), "{stderr}");
    assert!(!stderr.contains("not-the-secret"), "{stderr}");

    let (out, _, stderr) = run(
        against(&sb),
        &["ping", "--json", "--api-secret", "not-the-secret"],
    );
    assert_eq!(out.status.code(), Some(1));
    let error = json(&stderr);
    assert_eq!(error["error"]["code"], "unauthorized");
    assert_eq!(error["error"]["http_status"], 401);
}

#[test]
fn missing_credentials_name_the_flag_and_variable() {
    let (out, stdout, stderr) = run(bare(), &["ping"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("--api-user") && stderr.contains("FORUMPAY_API_USER"),
        "{stderr}"
    );

    let (out, _, stderr) = run(bare(), &["--api-user", "u", "ping"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("--api-secret") && stderr.contains("FORUMPAY_API_SECRET"),
        "{stderr}"
    );
}

#[test]
fn missing_pos_id_names_the_flag() {
    let sb = sandbox();
    let mut cmd = against(&sb);
    cmd.env_remove("FORUMPAY_POS_ID");
    let (out, _, stderr) = run(cmd, &RATE);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("--pos-id") && stderr.contains("FORUMPAY_POS_ID"),
        "{stderr}"
    );
    assert_eq!(sb.request_count("*"), 0);
}

#[test]
fn bad_cancel_reason_is_a_validation_error() {
    let sb = sandbox();
    let args = [
        "cancel",
        "--payment-id",
        "p",
        "--currency",
        "BTC",
        "--address",
        "a",
        "--reason",
        "bored",
    ];
    let (out, _, stderr) = run(against(&sb), &args);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.starts_with("error [validation]:"), "{stderr}");
    assert_eq!(sb.request_count("*"), 0);
}

#[test]
fn help_never_shows_the_secret() {
    let mut cmd = bare();
    cmd.env("FORUMPAY_API_SECRET", SECRET);
    let (out, stdout, _) = run(cmd, &["--help"]);
    assert!(out.status.success());
    assert!(stdout.contains("FORUMPAY_API_SECRET"));
}

#[test]
fn sandbox_command_serves_and_ignores_the_environment_secret() {
    let mut cmd = bare();
    cmd.env("FORUMPAY_API_SECRET", SECRET)
        .args(["sandbox", "--port", "0", "--api-user", "shop"]);
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("line");
        let done = line.starts_with("Press Ctrl-C");
        lines.push(line);
        if done {
            break;
        }
    }
    let banner = lines.join("\n");
    let base_url = lines
        .iter()
        .find_map(|l| l.trim().strip_prefix("base URL:"))
        .map(|u| u.trim().to_string())
        .expect("base URL line");
    let mut ping = bare();
    ping.env("FORUMPAY_URL", &base_url).args([
        "--api-user",
        "shop",
        "--api-secret",
        "sandbox-secret",
        "ping",
    ]);
    let (out, stdout, stderr) = run(ping, &[]);
    let _ = child.kill();
    let _ = child.wait();
    assert!(!banner.contains(SECRET), "{banner}");
    assert!(banner.contains("api user:   shop"), "{banner}");
    assert!(banner.contains("forumpay ping"), "{banner}");
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("pong"));
}
