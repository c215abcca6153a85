//! `forumpay watch` follows a payment the sandbox moves, and ends with the exit status of how
//! it settled. Polls are 1 s apart; the sandbox's controls move the payment at once.

use crate::common::{against, json, run, sandbox, START};
use crate::support::{client, spawn, start};
use forumpay_sandbox::Sandbox;
use std::process::{Command, Stdio};
use std::time::Instant;

/// `forumpay [globals] watch` on the payment, polling every second.
fn watch(
    sb: &Sandbox,
    globals: &[&str],
    payment: &forumpay::StartedPayment,
) -> crate::support::Running {
    let mut args = globals.to_vec();
    args.extend([
        "watch",
        payment.payment_id.as_str(),
        "--currency",
        payment.currency.as_str(),
        "--address",
        payment.address.as_str(),
        "--interval",
        "1",
    ]);
    spawn(against(sb), &args)
}

#[test]
fn confirmed_exits_0_after_each_change() {
    let sb = sandbox();
    let p = start(&client(&sb), "48.25", "BTC", "order-1");
    let running = watch(&sb, &[], &p);
    let first = running.line();
    assert!(first.contains("  waiting  paid "), "{first}");
    assert!(first.contains(&format!("of {} BTC", p.amount)), "{first}");
    sb.pay(&p.payment_id, p.amount).expect("paid");
    let paid = running.line();
    assert!(paid.contains("waiting -> processing"), "{paid}");
    assert!(
        paid.contains(&format!("paid {} of {}", p.amount, p.amount)),
        "{paid}"
    );
    sb.add_confirmations(&p.payment_id, 1).expect("confirmed");
    let (status, rest, stderr) = running.finish();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert_eq!(rest.len(), 1, "{rest:?}");
    assert!(
        rest[0].contains("processing -> confirmed") && rest[0].contains("confirmations 1/1"),
        "{rest:?}"
    );
    assert!(
        stderr.is_empty(),
        "no live line when stderr is a pipe: {stderr:?}"
    );
}

#[test]
fn confirmations_within_a_state_are_lines_too() {
    let sb = sandbox();
    // ETH needs 2 confirmations in the emulator: the first one leaves it processing.
    let p = start(&client(&sb), "48.25", "ETH", "order-eth");
    let running = watch(&sb, &[], &p);
    assert!(running.line().contains("  waiting  paid "));
    sb.pay(&p.payment_id, p.amount).expect("paid");
    let paid = running.line();
    assert!(paid.contains("waiting -> processing") && paid.contains("confirmations 0/2"), "{paid}");
    sb.add_confirmations(&p.payment_id, 1).expect("one confirmation");
    let progress = running.line();
    assert!(progress.contains("  processing  paid ") && progress.contains("confirmations 1/2"), "{progress}");
    assert!(!progress.contains("->"), "a change within a state names no transition: {progress}");
    sb.add_confirmations(&p.payment_id, 1).expect("confirmed");
    let (status, rest, stderr) = running.finish();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(rest.len() == 1 && rest[0].contains("processing -> confirmed") && rest[0].contains("confirmations 2/2"), "{rest:?}");
}

#[test]
fn cancelled_exits_3() {
    let sb = sandbox();
    let p = start(&client(&sb), "10.00", "LTC", "order-2");
    let running = watch(&sb, &[], &p);
    assert!(running.line().contains("waiting"));
    // Past the sandbox's 30 minutes of expiry: the waiting payment is cancelled.
    sb.advance_clock(1801);
    let (status, rest, stderr) = running.finish();
    assert_eq!(status.code(), Some(3), "{stderr}");
    assert!(
        rest.last()
            .is_some_and(|l| l.contains("waiting -> cancelled")),
        "{rest:?}"
    );
}

#[test]
fn blocked_exits_4_with_json_lines() {
    let sb = sandbox();
    let p = start(&client(&sb), "10.00", "BTC", "order-3");
    let running = watch(&sb, &["--json"], &p);
    let first = json(&running.line());
    assert_eq!(first["state"], "waiting");
    assert!(first["previous"].is_null());
    assert_eq!(
        first["payment"]["amount"],
        p.amount.to_string(),
        "amounts are exact text"
    );
    assert_eq!(
        first["payment"]["access_token"], "***",
        "secrets masked in JSON lines"
    );
    sb.block(&p.payment_id, Some("high")).expect("blocked");
    let (status, rest, stderr) = running.finish();
    assert_eq!(status.code(), Some(4), "{stderr}");
    let last = json(rest.last().expect("a line"));
    assert_eq!(
        (last["previous"].as_str(), last["state"].as_str()),
        (Some("waiting"), Some("blocked"))
    );
    assert_eq!(last["transition"], "unlisted");
}

#[test]
fn timed_out_exits_5_reading_the_payment_from_start_json() {
    let sb = sandbox();
    let start = [&["--json"][..], &START].concat();
    let (out, started, _) = run(against(&sb), &start);
    assert!(out.status.success());
    let mut cmd = against(&sb);
    cmd.args(["watch", "--interval", "1", "--timeout", "2"])
        .stdin(Stdio::piped());
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(started.as_bytes()).expect("written");
    }
    let out = child.wait_with_output().expect("exits");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stdout
            .lines()
            .next()
            .is_some_and(|l| l.contains("  waiting  ")),
        "{stdout}"
    );
    assert!(stderr.starts_with("error [timeout]:"), "{stderr}");
}

#[test]
fn ctrl_c_stops_at_once_with_130() {
    let sb = sandbox();
    let p = start(&client(&sb), "10.00", "BTC", "order-4");
    // Polls an hour apart: only the interrupt can end this run soon.
    let mut args = vec!["watch", p.payment_id.as_str(), "--currency", "BTC"];
    args.extend(["--address", p.address.as_str(), "--interval", "3600"]);
    let running = spawn(against(&sb), &args);
    assert!(running.line().contains("waiting"));
    let sent = Instant::now();
    running.interrupt();
    let (status, _, stderr) = running.finish();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(sent.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn a_payment_must_be_named() {
    let sb = sandbox();
    let mut cmd: Command = against(&sb);
    cmd.stdin(Stdio::null());
    let (out, _, stderr) = run(cmd, &["watch", "p-1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("--currency"), "{stderr}");
    let mut cmd = against(&sb);
    cmd.stdin(Stdio::null());
    let (out, _, stderr) = run(cmd, &["watch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("not the JSON of a payment"), "{stderr}");
    assert_eq!(sb.request_count("*"), 0);
}
