//! `forumpay webhook verify`: a notification the sandbox really sent is confirmed by the API; a
//! forged one is refused with code `webhook` and nothing is trusted from its body.

use crate::common::{against, json, run, sandbox, SECRET};
use crate::support::client;
use forumpay::StartPayment;
use forumpay_sandbox::Sandbox;
use std::io::Write;
use std::process::Stdio;
use std::time::Duration;

/// `forumpay [globals] webhook verify [args]` with `body` on stdin: exit code, stdout, stderr.
fn verify(
    sb: &Sandbox,
    globals: &[&str],
    body: &str,
    args: &[&str],
) -> (Option<i32>, String, String) {
    let mut child = against(sb)
        .args(globals)
        .args(["webhook", "verify"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(body.as_bytes())
        .expect("written");
    let out = child.wait_with_output().expect("exits");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET));
    (out.status.code(), stdout, stderr)
}

/// The `--payment-id`, `--currency`, `--address` flags of a stored payment.
fn stored(p: &forumpay::StartedPayment) -> Vec<&str> {
    vec![
        "--payment-id",
        &p.payment_id,
        "--currency",
        &p.currency,
        "--address",
        &p.address,
    ]
}

#[test]
fn a_real_notification_is_verified() {
    let sb = sandbox();
    let amount = forumpay::parse_amount("invoice_amount", "25.00").expect("amount");
    let start = StartPayment::new("EUR", amount, "BTC").webhook_url(sb.webhook_sink_url());
    let p = client(&sb).start_payment(start).expect("started");
    sb.pay(&p.payment_id, p.amount).expect("paid");
    sb.flush_webhooks(Duration::from_secs(10))
        .expect("delivered");
    let real = sb
        .received_webhooks()
        .pop()
        .expect("the sandbox notified the shop");

    // From a file, with the state the shop last acted on.
    let file = std::env::temp_dir().join(format!("forumpay-webhook-{}.json", std::process::id()));
    std::fs::write(&file, &real).expect("written");
    let mut args = vec![
        "webhook",
        "verify",
        "--body",
        file.to_str().expect("path"),
        "--last-state",
        "waiting",
    ];
    args.extend(stored(&p));
    let (out, stdout, stderr) = run(against(&sb), &args);
    let _ = std::fs::remove_file(&file);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("the API confirms this notification"),
        "{stdout}"
    );
    assert!(
        stdout.contains("waiting -> processing (listed)"),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("state:") && l.ends_with("processing")),
        "{stdout}"
    );

    // From stdin, as JSON: the authoritative payment, secrets masked.
    let (code, stdout, stderr) = verify(&sb, &["--json"], &real, &stored(&p));
    assert_eq!(code, Some(0), "{stderr}");
    let verified = json(&stdout);
    assert_eq!(verified["payment"]["state"], "processing");
    assert_eq!(verified["transition"], "listed");
    assert_eq!(verified["payment"]["access_token"], "***");
}

#[test]
fn forged_notifications_are_refused() {
    let sb = sandbox();
    let amount = forumpay::parse_amount("invoice_amount", "25.00").expect("amount");
    let p = client(&sb)
        .start_payment(StartPayment::new("EUR", amount, "BTC"))
        .expect("started");
    let body = |status: &str, address: &str| {
        format!(
            r#"{{"payment_id":"{}","currency":"BTC","address":"{address}","status":"{status}"}}"#,
            p.payment_id
        )
    };

    // Claims confirmed while the API says waiting.
    let (code, stdout, stderr) = verify(&sb, &[], &body("Confirmed", &p.address), &stored(&p));
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.is_empty());
    assert!(stderr.starts_with("error [webhook]:"), "{stderr}");

    // Names another address than the one stored.
    let (code, _, stderr) = verify(&sb, &[], &body("Waiting", "btc-attacker"), &stored(&p));
    assert_eq!(code, Some(1));
    assert!(stderr.starts_with("error [webhook]:"), "{stderr}");

    // A payment the API does not know, with flags that match the body.
    let unknown = r#"{"payment_id":"00000000-0000-4000-8000-000000000000","currency":"BTC","address":"btc-x"}"#;
    let flags = [
        "--payment-id",
        "00000000-0000-4000-8000-000000000000",
        "--currency",
        "BTC",
        "--address",
        "btc-x",
    ];
    let (code, _, stderr) = verify(&sb, &["--json"], unknown, &flags);
    assert_eq!(code, Some(1));
    assert_eq!(json(&stderr)["error"]["code"], "webhook");

    // Not a notification at all: refused before any request.
    let before = sb.request_count("*");
    let (code, _, stderr) = verify(&sb, &[], "<html>hello</html>", &stored(&p));
    assert_eq!(code, Some(1));
    assert!(stderr.starts_with("error [webhook]:"), "{stderr}");
    assert_eq!(sb.request_count("*"), before);
}
