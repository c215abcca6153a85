//! `forumpay reconcile ORDERS.csv`: the shop's orders against the API's payments, one row per
//! order and payment (an order with no payment has one row with empty payment cells). The
//! matching and the categories are the SDK's (`forumpay::reconcile`); this prints them.
//!
//! Payments that name no order are written as they arrive, then every order in file order;
//! the table ends with a count per category. Memory holds the orders and the payments that
//! match them, never the whole account.

use crate::args::Global;
use crate::connect::client;
use crate::export::{range, Stop};
use crate::orders;
use crate::output::{Failure, Printing};
use crate::pages::LiveWalk;
use crate::rows::{column, money, opt, plural, Column, RowWriter};
use crate::tool_args::{Format, ReconcileArgs};
use forumpay::reconcile::{Category, Finding, Reconciliation};
use forumpay::Transaction;

/// Runs `reconcile`.
pub async fn run(global: &Global, args: &ReconcileArgs) -> Result<(), Failure> {
    let orders = orders::read(&args.orders)?;
    let list = range(&args.range)?;
    let format = Format::chosen(args.format, global.json);
    let mut reconciliation = Reconciliation::new(orders).map_err(Failure::Sdk)?;
    let client = client(global)?;
    let mut walk = LiveWalk::start(&client, list, "payments")?;
    let columns: Vec<Column> = match format {
        Format::Csv => CSV_COLUMNS.to_vec(),
        Format::Table | Format::Jsonl => TABLE_COLUMNS.to_vec(),
    };
    let mut counts = [0usize; Category::ALL.len()];
    let reported = async {
        let mut rows = RowWriter::stdout(format, Printing::of(global), &columns)?;
        while let Some(page) = walk.next_page().await.map_err(Stop::Failed)? {
            walk.clear();
            let listed = page.len();
            for payment in page {
                if let Some(finding) = reconciliation.add(payment) {
                    emit(&mut rows, &finding, &mut counts)?;
                }
            }
            rows.flush()?;
            walk.count(listed);
        }
        walk.finish();
        for finding in reconciliation.finish() {
            emit(&mut rows, &finding, &mut counts)?;
        }
        if format == Format::Table {
            summary(&mut rows, &counts)?;
        }
        rows.flush()?;
        Ok::<(), Stop>(())
    };
    reported.await.or_else(Stop::into_result)
}

/// Writes one finding and counts it.
fn emit(rows: &mut RowWriter, finding: &Finding, counts: &mut [usize]) -> Result<(), Stop> {
    if let Some(i) = Category::ALL.iter().position(|c| *c == finding.category) {
        counts[i] += 1;
    }
    if rows.format() == Format::Jsonl {
        rows.record(finding)?;
        return Ok(());
    }
    let cells = if rows.format() == Format::Csv {
        csv_cells
    } else {
        table_cells
    };
    if finding.payments.is_empty() {
        rows.cells(&cells(finding, None))?;
    }
    for payment in &finding.payments {
        rows.cells(&cells(finding, Some(payment)))?;
    }
    Ok(())
}

/// The table's last lines: how many orders (and stray payments) fell in each category.
fn summary(rows: &mut RowWriter, counts: &[usize]) -> std::io::Result<()> {
    rows.text("")?;
    for (category, count) in Category::ALL.iter().zip(counts) {
        let what = match category {
            Category::NoOrder => "payment",
            _ => "order",
        };
        let name = format!("{category}:");
        rows.text(&format!("{name:<18}{}", plural(*count, what)))?;
    }
    Ok(())
}

/// The table: one row per order and payment, for people.
const TABLE_COLUMNS: [Column; 9] = [
    column("category", 16),
    column("order", 12),
    column("order_amount", 14),
    column("state", 12),
    column("invoice", 14),
    column("received", 20),
    column("due", 20),
    column("payment_id", 36),
    column("note", 0),
];

/// A table row.
fn table_cells(f: &Finding, p: Option<&Transaction>) -> Vec<String> {
    let order = f.order.as_ref();
    let crypto = p.and_then(|p| p.currency.as_ref());
    vec![
        f.category.to_string(),
        opt(order
            .map(|o| &o.reference_no)
            .or(p.and_then(|p| p.reference_no.as_ref()))),
        money(order.map(|o| o.amount), order.map(|o| &o.currency)),
        opt(p.map(|p| &p.state)),
        money(
            p.and_then(|p| p.invoice_amount),
            p.and_then(|p| p.invoice_currency.as_ref()),
        ),
        money(p.and_then(|p| p.payment), crypto),
        money(p.and_then(|p| p.amount), crypto),
        opt(p.map(|p| &p.payment_id)),
        opt(f.note.as_ref()),
    ]
}

/// The CSV: every amount and currency in a column of its own.
const CSV_COLUMNS: [Column; 15] = [
    column("category", 0),
    column("order", 0),
    column("order_amount", 0),
    column("order_currency", 0),
    column("payment_id", 0),
    column("reference_no", 0),
    column("state", 0),
    column("invoice_amount", 0),
    column("invoice_currency", 0),
    column("received", 0),
    column("refund", 0),
    column("amount_due", 0),
    column("currency", 0),
    column("inserted", 0),
    column("note", 0),
];

/// A CSV row.
fn csv_cells(f: &Finding, p: Option<&Transaction>) -> Vec<String> {
    let order = f.order.as_ref();
    vec![
        f.category.to_string(),
        opt(order.map(|o| &o.reference_no)),
        opt(order.map(|o| o.amount)),
        opt(order.map(|o| &o.currency)),
        opt(p.map(|p| &p.payment_id)),
        opt(p.and_then(|p| p.reference_no.as_ref())),
        opt(p.map(|p| &p.state)),
        opt(p.and_then(|p| p.invoice_amount)),
        opt(p.and_then(|p| p.invoice_currency.as_ref())),
        opt(p.and_then(|p| p.payment)),
        opt(p.and_then(|p| p.refund)),
        opt(p.and_then(|p| p.amount)),
        opt(p.and_then(|p| p.currency.as_ref())),
        opt(p.and_then(|p| p.inserted)),
        opt(f.note.as_ref()),
    ]
}
