//! `forumpay transactions --all`: every payment the filters select, streamed page by page to
//! stdout as a table, JSON lines or CSV. Memory stays flat however many payments there are:
//! each page is written and dropped before the next is asked for. Amounts are the API's exact
//! text (scale kept), never a float.

use crate::args::{Global, TransactionsArgs};
use crate::connect::client;
use crate::output::{Failure, Printing};
use crate::pages::LiveWalk;
use crate::rows::{column, money, opt, reader_gone, Column, RowWriter};
use crate::tool_args::{ExportArgs, Format, RangeArgs};
use forumpay::{Error, ListTransactions, Transaction};
use std::io;

/// Runs `transactions --all`.
pub async fn run(global: &Global, args: &TransactionsArgs) -> Result<(), Failure> {
    let export = &args.export;
    let list = filters(export)?;
    let format = Format::chosen(export.format, global.json);
    let client = client(global)?;
    let mut walk = LiveWalk::start(&client, list, "payments")?;
    let columns: Vec<Column> = match format {
        Format::Csv => CSV.iter().map(|(name, _)| column(name, 0)).collect(),
        Format::Table | Format::Jsonl => TABLE.iter().map(|(c, _)| *c).collect(),
    };
    let written = async {
        let mut rows = RowWriter::stdout(format, Printing::of(global), &columns)?;
        rows.flush()?;
        while let Some(page) = walk.next_page().await.map_err(Stop::Failed)? {
            walk.clear();
            for t in &page {
                write(&mut rows, t)?;
            }
            rows.flush()?;
            walk.count(page.len());
        }
        Ok::<(), Stop>(())
    };
    let result = written.await;
    if result.is_ok() {
        walk.finish();
    }
    result.or_else(Stop::into_result)
}

/// One payment as a row of the chosen format.
fn write(rows: &mut RowWriter, t: &Transaction) -> Result<(), Stop> {
    match rows.format() {
        Format::Jsonl => rows.record(t)?,
        Format::Csv => rows.cells(&CSV.iter().map(|(_, cell)| cell(t)).collect::<Vec<_>>())?,
        Format::Table => rows.cells(&TABLE.iter().map(|(_, cell)| cell(t)).collect::<Vec<_>>())?,
    }
    Ok(())
}

/// Why a stream stopped early.
pub enum Stop {
    /// Writing to stdout failed.
    Write(io::Error),
    /// The walk failed (an API error, Ctrl-C).
    Failed(Failure),
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Self {
        Stop::Write(e)
    }
}

impl Stop {
    /// A reader that went away ends the command quietly; anything else is a failure.
    pub fn into_result(self) -> Result<(), Failure> {
        match self {
            Stop::Write(e) if reader_gone(&e) => Ok(()),
            Stop::Write(e) => Err(Failure::Other(format!("cannot write the output: {e}"))),
            Stop::Failed(f) => Err(f),
        }
    }
}

/// The SDK's filters from the flags; `--to` not after `--from` is a usage error.
fn filters(export: &ExportArgs) -> Result<ListTransactions, Failure> {
    let mut list = range(&export.range)?;
    list.reference_no = export.reference_no.clone();
    list.states = export.states.clone();
    list.currency = export.currency.clone();
    Ok(list)
}

/// Point of sale and creation dates, shared with `reconcile`.
pub fn range(range: &RangeArgs) -> Result<ListTransactions, Failure> {
    if let (Some(from), Some(to)) = (range.from, range.to) {
        if to <= from {
            return Err(Failure::Usage(Error::validation(
                "to",
                format!("--to ({to}) must come after --from ({from})"),
            )));
        }
    }
    let mut list = ListTransactions::new();
    list.pos_id = range.pos.clone();
    list.inserted_from = range.from;
    list.inserted_until = range.to;
    Ok(list)
}

/// A cell: how a column reads one payment.
type Cell = fn(&Transaction) -> String;

/// The table: what people look for first. Everything else is in the CSV and JSON lines.
const TABLE: [(Column, Cell); 7] = [
    (column("inserted", 19), |t| opt(t.inserted)),
    (column("state", 14), |t| t.state.to_string()),
    (column("reference_no", 14), |t| opt(t.reference_no.as_ref())),
    (column("invoice", 14), |t| {
        money(t.invoice_amount, t.invoice_currency.as_ref())
    }),
    (column("amount", 20), |t| {
        money(t.amount, t.currency.as_ref())
    }),
    (column("received", 20), |t| {
        money(t.payment, t.currency.as_ref())
    }),
    (column("payment_id", 36), |t| t.payment_id.clone()),
];

/// The CSV: one column per scalar field of the record, amounts as the API's exact text, the
/// payer page's token left out. A field the API leaves out is an empty cell.
const CSV: [(&str, Cell); 21] = [
    ("payment_id", |t| t.payment_id.clone()),
    ("inserted", |t| opt(t.inserted)),
    ("state", |t| t.state.to_string()),
    ("status", |t| opt(t.status.as_ref())),
    ("pos_id", |t| opt(t.pos_id.as_ref())),
    ("reference_no", |t| opt(t.reference_no.as_ref())),
    ("invoice_amount", |t| opt(t.invoice_amount)),
    ("invoice_currency", |t| opt(t.invoice_currency.as_ref())),
    ("amount", |t| opt(t.amount)),
    ("currency", |t| opt(t.currency.as_ref())),
    ("payment", |t| opt(t.payment)),
    ("refund", |t| opt(t.refund)),
    ("refund_amount_opened", |t| opt(t.refund_amount_opened)),
    ("refund_status", |t| opt(t.refund_status.as_ref())),
    ("amount_exchange", |t| opt(t.amount_exchange)),
    ("network_processing_fee", |t| opt(t.network_processing_fee)),
    ("address", |t| opt(t.address.as_ref())),
    ("confirmed_time", |t| opt(t.confirmed_time)),
    ("cancelled_time", |t| opt(t.cancelled_time)),
    ("item_name", |t| opt(t.item_name.as_ref())),
    ("payer_id", |t| opt(t.payer_id.as_ref())),
];
