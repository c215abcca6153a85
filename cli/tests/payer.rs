//! `kyc`, `wallet-apps`, and the one-page `transactions --reference-no`, run as the real binary
//! against an in-process sandbox.

mod common;

use common::{against, json, run, sandbox, START};

#[test]
fn kyc_unlocks_a_payment_the_api_refused_for_kyc() {
    let sb = sandbox();
    sb.require_kyc(true);
    let start = [&["--json"][..], &START, &["--payer-email", "payer@example.com"]].concat();
    let (out, _, stderr) = run(against(&sb), &start);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let refused = json(&stderr);
    assert_eq!(refused["error"]["code"], "invalid_request");
    assert_eq!(refused["error"]["err_code"], "payerKYCNeeded", "{stderr}");

    let (out, stdout, stderr) = run(against(&sb), &["kyc", "--email", "payer@example.com"]);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.lines().any(|l| l.starts_with("status:") && l.ends_with("ok")), "{stdout}");
    let (out, stdout, _) = run(against(&sb), &["--json", "kyc", "--email", "payer@example.com"]);
    assert!(out.status.success());
    assert_eq!(json(&stdout), serde_json::json!({"status": "ok", "extra": {}}));

    let requests = sb.kyc_requests();
    assert_eq!(requests.len(), 2);
    let with_pin = [&start[..], &["--payer-kyc-pin", &requests[0].pin]].concat();
    let (out, stdout, stderr) = run(against(&sb), &with_pin);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(json(&stdout)["currency"], "BTC");
}

#[test]
fn kyc_refuses_a_bad_address_before_sending() {
    let sb = sandbox();
    let (out, _, stderr) = run(against(&sb), &["--json", "kyc", "--email", "not-an-email"]);
    assert_eq!(out.status.code(), Some(1));
    let e = json(&stderr);
    assert_eq!(e["error"]["code"], "validation", "{stderr}");
    assert_eq!(sb.request_count("*"), 0);
    // Needs no pos_id: works without FORUMPAY_POS_ID.
    let mut cmd = against(&sb);
    cmd.env_remove("FORUMPAY_POS_ID");
    let (out, _, stderr) = run(cmd, &["kyc", "--email", "a@b.c"]);
    assert!(out.status.success(), "{stderr}");
}

#[test]
fn wallet_apps_lists_ids_that_start_takes() {
    let sb = sandbox();
    let (out, stdout, stderr) = run(against(&sb), &["--json", "wallet-apps"]);
    assert!(out.status.success(), "{stderr}");
    let apps = json(&stdout);
    let apps = apps.as_array().expect("a list");
    assert_eq!(apps.len(), 3);
    let metamask = apps.iter().find(|a| a["name"] == "Metamask").expect("Metamask");
    let id = metamask["id"].as_str().expect("id");

    let (out, stdout, _) = run(against(&sb), &["wallet-apps"]);
    assert!(out.status.success());
    assert!(stdout.lines().any(|l| l.starts_with(&format!("{id}:")) && l.ends_with("Metamask")), "{stdout}");

    let eth = ["start", "--invoice-currency", "EUR", "--invoice-amount", "10.00", "--currency", "ETH", "--wallet-app-id", id];
    let (out, _, stderr) = run(against(&sb), &eth);
    assert!(out.status.success(), "{stderr}");
    let btc = [&START[..], &["--wallet-app-id", id]].concat();
    let (out, _, stderr) = run(against(&sb), &btc);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("invalidParameter"), "{stderr}");
}

#[test]
fn one_page_of_transactions_filtered_by_the_api() {
    let sb = sandbox();
    for reference in ["order-1", "order-2", "order-1"] {
        let (out, _, stderr) = run(against(&sb), &[&START[..], &["--reference-no", reference]].concat());
        assert!(out.status.success(), "{stderr}");
    }
    let (out, stdout, stderr) = run(against(&sb), &["--json", "transactions", "--reference-no", "order-1"]);
    assert!(out.status.success(), "{stderr}");
    let page = json(&stdout);
    let listed = page["transactions"].as_array().expect("transactions");
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|t| t["reference_no"] == "order-1"));
}
