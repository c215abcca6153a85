//! `forumpay reconcile`: a prepared orders file meets payments in every category; amounts stay
//! exact; a malformed row is refused naming its line.

use crate::common::{against, json, run, sandbox};
use crate::support::{client, parse_csv, start};
use forumpay::{AcceptPayment, CancelPayment};
use forumpay_sandbox::{Decimal, Sandbox};
use std::collections::HashMap;
use std::path::PathBuf;

/// A file in the system's temporary folder, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn with(name: &str, text: &str) -> TempFile {
        let path = std::env::temp_dir().join(format!("forumpay-{}-{name}", std::process::id()));
        std::fs::write(&path, text).expect("written");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("utf-8 path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Orders and payments covering every category; returns the orders file's text.
fn shop(sb: &Sandbox) -> String {
    let c = client(sb);
    let full = start(&c, "48.25", "BTC", "o-full");
    sb.pay(&full.payment_id, full.amount).expect("paid");
    sb.add_confirmations(&full.payment_id, 1)
        .expect("confirmed");

    let short = start(&c, "20.00", "BTC", "o-short");
    sb.pay(
        &short.payment_id,
        (short.amount / Decimal::from(2)).round_dp(8),
    )
    .expect("underpaid");

    let accepted = start(&c, "20.00", "BTC", "o-accepted");
    let open = sb
        .pay(
            &accepted.payment_id,
            (accepted.amount / Decimal::from(4)).round_dp(8),
        )
        .expect("underpaid")
        .unconfirmed_amount
        .expect("open");
    c.accept_payment(AcceptPayment::new(accepted.payment_ref(), open))
        .expect("accepted");
    sb.add_confirmations(&accepted.payment_id, 1)
        .expect("confirmed");

    let over = start(&c, "10.00", "BTC", "o-over");
    sb.pay(&over.payment_id, over.amount + Decimal::new(1000, 8))
        .expect("overpaid");
    sb.add_confirmations(&over.payment_id, 1)
        .expect("confirmed");

    start(&c, "5.00", "BTC", "o-waiting");

    let cancelled = start(&c, "5.00", "BTC", "o-cancelled");
    c.cancel_payment(CancelPayment::new(cancelled.payment_ref()))
        .expect("cancelled");

    let pending = start(&c, "5.00", "ETH", "o-pending");
    sb.pay(&pending.payment_id, pending.amount).expect("paid");

    let blocked = start(&c, "5.00", "BTC", "o-blocked");
    sb.block(&blocked.payment_id, None).expect("blocked");

    let first = start(&c, "9.99", "BTC", "o-twice");
    c.cancel_payment(CancelPayment::new(first.payment_ref()))
        .expect("cancelled");
    let second = start(&c, "9.99", "BTC", "o-twice");
    sb.pay(&second.payment_id, second.amount).expect("paid");

    start(&c, "1.00", "BTC", "not-an-order");
    // The orders: amounts as the shop writes them (48.250 is 48.25), columns in its own order.
    "Currency,Order_No,Amount,Customer\n\
     EUR,o-full,48.250,\"Doe, Jane\"\n\
     EUR,o-short,20.00,\n\
     EUR,o-accepted,20,\n\
     EUR,o-over,10.00,\n\
     EUR,o-nothing,3.00,\n\
     EUR,o-waiting,5.00,\n\
     EUR,o-cancelled,5.00,\n\
     EUR,o-pending,5.00,\n\
     EUR,o-blocked,5.00,\n\
     EUR,o-twice,9.99,\n"
        .to_string()
}

#[test]
fn every_category_with_exact_amounts() {
    let sb = sandbox();
    let orders = TempFile::with("orders.csv", &shop(&sb));
    let (out, stdout, stderr) = run(
        against(&sb),
        &["reconcile", orders.path(), "--format", "csv"],
    );
    assert!(out.status.success(), "{stderr}");
    let (_, rows) = parse_csv(&stdout);
    let category_of = |order: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| r["order"] == order)
            .map(|r| r["category"].clone())
            .collect()
    };
    assert_eq!(category_of("o-full"), ["paid_in_full"]);
    assert_eq!(category_of("o-short"), ["underpaid"]);
    assert_eq!(category_of("o-accepted"), ["underpaid"]);
    assert_eq!(category_of("o-over"), ["overpaid"]);
    assert_eq!(category_of("o-nothing"), ["unpaid"]);
    assert_eq!(category_of("o-waiting"), ["unpaid"]);
    assert_eq!(category_of("o-cancelled"), ["cancelled"]);
    assert_eq!(category_of("o-pending"), ["pending"]);
    assert_eq!(category_of("o-blocked"), ["blocked"]);
    assert_eq!(
        category_of("o-twice"),
        ["several_payments", "several_payments"]
    );
    let stray: Vec<&HashMap<String, String>> = rows
        .iter()
        .filter(|r| r["category"] == "no_order")
        .collect();
    assert_eq!(stray.len(), 1);
    assert_eq!(stray[0]["reference_no"], "not-an-order");
    assert_eq!(stray[0]["order"], "");

    // Exact amounts: the order's as parsed (scale kept), the payment's as the API sent them.
    let full = rows
        .iter()
        .find(|r| r["order"] == "o-full")
        .expect("o-full");
    assert_eq!(full["order_amount"], "48.250");
    assert_eq!(full["invoice_amount"], "48.25");
    let truth = sb.payment(&full["payment_id"]).expect("in the sandbox");
    assert_eq!(full["received"], truth.paid.to_string());
    assert_eq!(full["amount_due"], truth.amount.to_string());
    let over = rows
        .iter()
        .find(|r| r["order"] == "o-over")
        .expect("o-over");
    let over_truth = sb.payment(&over["payment_id"]).expect("in the sandbox");
    assert_eq!(over["received"], over_truth.paid.to_string());
    assert!(
        over["note"].contains(&over_truth.paid.to_string()),
        "{over:?}"
    );

    // The table says the same for people and ends with a count per category.
    let (out, table, _) = run(against(&sb), &["reconcile", orders.path()]);
    assert!(out.status.success());
    let count = |category: &str| {
        table
            .lines()
            .find_map(|l| {
                l.strip_prefix(&format!("{category}:"))
                    .map(|rest| rest.trim().to_string())
            })
            .unwrap_or_default()
    };
    assert_eq!(count("paid_in_full"), "1 order");
    assert_eq!(count("underpaid"), "2 orders");
    assert_eq!(count("unpaid"), "2 orders");
    assert_eq!(count("several_payments"), "1 order");
    assert_eq!(count("no_order"), "1 payment");

    // JSON lines: one record per order (or stray payment), payments inside, secrets masked.
    let (_, lines, _) = run(against(&sb), &["--json", "reconcile", orders.path()]);
    let records: Vec<serde_json::Value> = lines.lines().map(json).collect();
    assert_eq!(records.len(), 11);
    let twice = records
        .iter()
        .find(|r| r["order"]["reference_no"] == "o-twice")
        .expect("o-twice");
    assert_eq!(twice["payments"].as_array().map(Vec::len), Some(2));
    assert_eq!(twice["order"]["amount"], "9.99");
    assert!(!lines.contains(&truth.access_token));
}

#[test]
fn a_malformed_row_is_refused_naming_its_line() {
    let sb = sandbox();
    let bad = TempFile::with(
        "bad.csv",
        "order,amount,currency\no-1,10.00,EUR\no-2,12,50,EUR\n",
    );
    let (out, stdout, stderr) = run(against(&sb), &["reconcile", bad.path()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.is_empty());
    assert!(stderr.starts_with("error [validation]:"), "{stderr}");
    assert!(
        stderr.contains("bad.csv line 3: 4 fields where the header has 3"),
        "{stderr}"
    );

    let exponent = TempFile::with("exp.csv", "order,amount,currency\no-1,1.5e1,EUR\n");
    let (out, _, stderr) = run(against(&sb), &["--json", "reconcile", exponent.path()]);
    assert_eq!(out.status.code(), Some(1));
    let error = json(&stderr);
    assert_eq!(error["error"]["code"], "validation");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("exp.csv line 2: amount `1.5e1`"),
        "{stderr}"
    );
    assert_eq!(
        sb.request_count("*"),
        0,
        "nothing is asked of the API for a bad file"
    );
}
