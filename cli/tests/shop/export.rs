//! `forumpay transactions --all`: every payment, filtered, as CSV / JSON lines / a table; the
//! CSV of 500 payments reads back to exactly what the sandbox holds, and rows are written as
//! pages arrive rather than after the walk.

use crate::common::{against, json, run, sandbox};
use crate::support::{client, parse_csv, spawn, start};
use forumpay::{AcceptPayment, CancelPayment};
use forumpay_sandbox::{Decimal, PaymentSnapshot};
use std::collections::HashMap;

const PAYMENTS: usize = 500;

/// 500 payments in four currencies and every state, some with text that CSV must quote.
fn five_hundred(sb: &forumpay_sandbox::Sandbox) {
    let c = client(sb);
    let currencies = ["BTC", "ETH", "LTC", "USDT"];
    let amounts = ["48.25", "7.00", "1000", "0.5", "123456.78"];
    for i in 0..PAYMENTS {
        let reference = match i % 7 {
            0 => format!("order {i}, \"gift\""),
            1 => format!("order-{i}\nsecond line"),
            _ => format!("order-{i}"),
        };
        let p = start(
            &c,
            amounts[i % amounts.len()],
            currencies[i % currencies.len()],
            &reference,
        );
        match i % 5 {
            1 => {
                sb.pay(&p.payment_id, p.amount).expect("paid");
            }
            2 => {
                sb.pay(&p.payment_id, p.amount).expect("paid");
                sb.add_confirmations(&p.payment_id, 6).expect("confirmed");
            }
            3 => {
                c.cancel_payment(CancelPayment::new(p.payment_ref()))
                    .expect("cancelled");
            }
            4 if p.currency == "BTC" => {
                let short = (p.amount / Decimal::from(2)).round_dp(8);
                let underpaid = sb.pay(&p.payment_id, short).expect("underpaid");
                let open = underpaid.unconfirmed_amount.expect("open amount");
                c.accept_payment(AcceptPayment::new(p.payment_ref(), open))
                    .expect("accepted");
            }
            _ => {}
        }
    }
}

/// A CSV cell as the sandbox's value: empty is absent.
fn cell<'a>(row: &'a HashMap<String, String>, key: &str) -> Option<&'a str> {
    row.get(key).map(String::as_str).filter(|v| !v.is_empty())
}

#[test]
fn csv_of_500_payments_round_trips_exactly() {
    let sb = sandbox();
    five_hundred(&sb);
    let (out, stdout, stderr) = run(against(&sb), &["transactions", "--all", "--format", "csv"]);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.is_empty(), "no progress line on a pipe: {stderr:?}");
    let (header, rows) = parse_csv(&stdout);
    assert!(!header.contains(&"access_token".to_string()));
    assert_eq!(rows.len(), PAYMENTS);
    let truth: HashMap<String, PaymentSnapshot> = sb
        .payments()
        .into_iter()
        .map(|p| (p.payment_id.clone(), p))
        .collect();
    let mut seen = std::collections::HashSet::new();
    for row in &rows {
        let id = cell(row, "payment_id").expect("payment_id");
        assert!(seen.insert(id.to_string()), "{id} twice");
        let p = &truth[id];
        let text = |key: &str| cell(row, key).map(str::to_string);
        assert_eq!(text("reference_no"), p.reference_no, "{id}");
        assert_eq!(text("state"), Some(p.state.clone()), "{id}");
        assert_eq!(text("pos_id"), Some(p.pos_id.clone()), "{id}");
        assert_eq!(text("address"), Some(p.address.clone()), "{id}");
        assert_eq!(text("currency"), Some(p.currency.clone()), "{id}");
        assert_eq!(
            text("invoice_currency"),
            Some(p.invoice_currency.clone()),
            "{id}"
        );
        assert_eq!(text("inserted"), Some(p.inserted.clone()), "{id}");
        // Amounts: the exact text, scale kept (`7.00` stays `7.00`), not a rounded number.
        assert_eq!(
            text("invoice_amount"),
            Some(p.invoice_amount.to_string()),
            "{id}"
        );
        assert_eq!(text("amount"), Some(p.amount.to_string()), "{id}");
        assert_eq!(
            text("amount_exchange"),
            Some(p.amount_exchange.to_string()),
            "{id}"
        );
        let paid = (p.paid > Decimal::ZERO).then(|| p.paid.to_string());
        assert_eq!(text("payment"), paid, "{id}");
        let read_back: Decimal = cell(row, "amount")
            .and_then(|a| a.parse().ok())
            .expect("decimal");
        assert_eq!(
            (read_back, read_back.scale()),
            (p.amount, p.amount.scale()),
            "{id}"
        );
    }
    // Every kind of row was exercised.
    for state in ["waiting", "processing", "confirmed", "cancelled"] {
        assert!(
            rows.iter().any(|r| cell(r, "state") == Some(state)),
            "{state}"
        );
    }
    assert!(rows
        .iter()
        .any(|r| cell(r, "reference_no").is_some_and(|v| v.contains('\n'))));
    assert!(rows
        .iter()
        .any(|r| cell(r, "reference_no")
            .is_some_and(|v| v.contains("\", \"") || v.contains("\"gift\""))));

    // The JSON lines export says the same, record for record.
    let (_, jsonl, _) = run(against(&sb), &["--json", "transactions", "--all"]);
    let records: Vec<serde_json::Value> = jsonl.lines().map(json).collect();
    assert_eq!(records.len(), PAYMENTS);
    for (record, row) in records.iter().zip(&rows) {
        assert_eq!(record["payment_id"].as_str(), cell(row, "payment_id"));
        assert_eq!(record["amount"].as_str(), cell(row, "amount"));
        assert_eq!(record["access_token"], "***");
    }
}

#[test]
fn rows_are_written_as_pages_arrive() {
    let sb = sandbox();
    five_hundred(&sb);
    let before = sb.request_count("GetTransactions");
    let running = spawn(against(&sb), &["transactions", "--all", "--format", "csv"]);
    assert!(running.line().starts_with("payment_id,"));
    let first_row = running.line();
    // 500 payments need 11 requests (10 full pages, then an empty one). The rows of all of them
    // (well over the 64 KiB a pipe holds) cannot all be written before this test reads them, so a
    // walk that collected every page before writing could not have shown a row yet.
    let asked = sb.request_count("GetTransactions") - before;
    assert!(
        asked < 11,
        "{asked} pages were fetched before the first row was read"
    );
    let (status, rest, _) = running.finish();
    assert!(status.success());
    // Some references hold a line break, so rows are counted by reading the CSV, not lines.
    let text = format!("payment_id\n{first_row}\n{}", rest.join("\n"));
    let rows = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .count();
    assert_eq!(rows, PAYMENTS);
    assert_eq!(sb.request_count("GetTransactions") - before, 11);
}

#[test]
fn filters_select_by_state_currency_reference_and_date() {
    let sb = sandbox();
    let c = client(&sb);
    let old = start(&c, "10.00", "BTC", "old-1");
    sb.advance_clock(3 * 86_400);
    let paid = start(&c, "20.00", "BTC", "new-1");
    sb.pay(&paid.payment_id, paid.amount).expect("paid");
    start(&c, "30.00", "ETH", "new-2");
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--json", "transactions", "--all"];
        all.extend(args);
        let (out, stdout, stderr) = run(against(&sb), &all);
        assert!(out.status.success(), "{stderr}");
        stdout
            .lines()
            .map(|l| {
                json(l)["reference_no"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(ids(&[]), ["new-2", "new-1", "old-1"]);
    assert_eq!(ids(&["--state", "processing"]), ["new-1"]);
    // old-1 expired (the sandbox cancels a payment left waiting for 30 minutes).
    assert_eq!(
        ids(&["--state", "cancelled,processing", "--currency", "btc"]),
        ["new-1", "old-1"]
    );
    assert_eq!(ids(&["--state", "waiting"]), ["new-2"]);
    assert_eq!(ids(&["--reference-no", "new-2"]), ["new-2"]);
    assert_eq!(ids(&["--pos", "elsewhere"]), Vec::<String>::new());
    let old_day = &sb.payment(&old.payment_id).expect("old").inserted[..10];
    assert_eq!(ids(&["--to", old_day]), ["old-1"]);
    assert_eq!(ids(&["--from", old_day, "--to", old_day]), ["old-1"]);
    let new_day = &sb.payment(&paid.payment_id).expect("new").inserted[..10];
    assert_eq!(ids(&["--from", new_day]), ["new-2", "new-1"]);
}

#[test]
fn the_table_has_a_header_and_exact_amounts() {
    let sb = sandbox();
    let p = start(&client(&sb), "7.00", "BTC", "order-7");
    let (out, stdout, _) = run(against(&sb), &["transactions", "--all"]);
    assert!(out.status.success());
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("inserted") && lines[0].contains("payment_id"),
        "{stdout}"
    );
    assert!(
        lines[1].contains("7.00 EUR") && lines[1].contains(&format!("{} BTC", p.amount)),
        "{stdout}"
    );
}

#[test]
fn filters_without_all_and_bad_values_are_usage_errors() {
    let sb = sandbox();
    for args in [
        &["transactions", "--state", "confirmed"][..],
        &["transactions", "--all", "--state", "confimred"],
        &["transactions", "--all", "--from", "01/03/2026"],
        &[
            "transactions",
            "--all",
            "--from",
            "2026-03-02",
            "--to",
            "2026-03-01",
        ],
        &["transactions", "--all", "--limit", "5"],
    ] {
        let (out, _, stderr) = run(against(&sb), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    }
    assert_eq!(sb.request_count("*"), 0);
}
