//! Reading the shop's orders file for `reconcile`: CSV with a header row that names the order,
//! amount and currency columns (in any order, among others). Every malformed row is refused
//! with code `validation` and the line it starts on, so it can be found and fixed.

use crate::output::Failure;
use forumpay::reconcile::Order;
use forumpay::{parse_amount, Error};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// Header names accepted for each column, compared without case or surrounding spaces.
const ORDER: [&str; 6] = [
    "order",
    "order_no",
    "order_number",
    "order_id",
    "reference_no",
    "reference",
];
const AMOUNT: [&str; 2] = ["amount", "invoice_amount"];
const CURRENCY: [&str; 2] = ["currency", "invoice_currency"];

/// The orders in `path` (`-` is stdin), in file order.
pub fn read(path: &Path) -> Result<Vec<Order>, Failure> {
    let name = path.display().to_string();
    let bad = |message: String| Failure::Sdk(Error::validation("orders", message));
    let source: Box<dyn Read> = if name == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| bad(format!("cannot read {name}: {e}")))?)
    };
    parse(source, &name).map_err(bad)
}

/// Parses orders CSV from `source`; `name` is how errors call it.
fn parse(source: impl Read, name: &str) -> Result<Vec<Order>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(source);
    let header = reader
        .headers()
        .map_err(|e| format!("{name} line 1: the header cannot be read: {e}"))?
        .clone();
    let find = |names: &[&str], what: &str| {
        header
            .iter()
            .position(|h| {
                names.contains(
                    &h.trim_start_matches('\u{feff}')
                        .trim()
                        .to_ascii_lowercase()
                        .as_str(),
                )
            })
            .ok_or_else(|| {
                format!(
                    "{name} line 1: no {what} column (name one {})",
                    names.join(", ")
                )
            })
    };
    let (order_at, amount_at, currency_at) = (
        find(&ORDER, "order")?,
        find(&AMOUNT, "amount")?,
        find(&CURRENCY, "currency")?,
    );
    let mut orders = Vec::new();
    let mut lines: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| match e.position() {
            Some(p) => format!("{name} line {}: {}", p.line(), reason(&e)),
            None => format!("{name}: {e}"),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let at = |message: String| format!("{name} line {line}: {message}");
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        let amount = parse_amount("amount", cell(amount_at))
            .map_err(|e| at(format!("amount `{}`: {}", cell(amount_at), e.message())))?;
        let order = Order::new(cell(order_at), amount, cell(currency_at))
            .map_err(|e| at(e.message().to_string()))?;
        if let Some(first) = lines.insert(order.reference_no.clone(), line) {
            return Err(at(format!(
                "order {} already appears on line {first}",
                order.reference_no
            )));
        }
        orders.push(order);
    }
    Ok(orders)
}

/// The csv crate's error, without the position it already gave.
fn reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("{len} fields where the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orders(text: &str) -> Result<Vec<Order>, String> {
        parse(text.as_bytes(), "orders.csv")
    }

    #[test]
    fn reads_named_columns_in_any_order() {
        let found = orders(
            "\u{feff}Currency,note,Order_No,Amount\nEUR,\"a, b\",o-1,48.25\n\n USD ,,o-2, 10\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(found.len(), 2);
        assert_eq!(
            (
                found[0].reference_no.as_str(),
                found[0].amount.to_string().as_str()
            ),
            ("o-1", "48.25")
        );
        assert_eq!(
            (
                found[1].currency.as_str(),
                found[1].amount.to_string().as_str()
            ),
            ("USD", "10")
        );
    }

    #[test]
    fn a_malformed_row_names_its_line() {
        let error = |text| orders(text).err().unwrap_or_default();
        assert!(
            error("order,amount,currency\no-1,1.00,EUR\no-2,1,234.00,EUR\n")
                .starts_with("orders.csv line 3:")
        );
        assert!(
            error("order,amount,currency\no-1,1.00,EUR\no-2,4.825E1,EUR\n")
                .starts_with("orders.csv line 3: amount `4.825E1`")
        );
        assert!(
            error("order,amount,currency\n\"o-1\nstill o-1\",1,EUR\n,2,EUR\n")
                .starts_with("orders.csv line 4:")
        );
        assert!(error("order,amount,currency\no-1,1,EUR\no-1,2,EUR\n")
            .contains("already appears on line 2"));
        assert!(error("order,price,currency\n").starts_with("orders.csv line 1: no amount column"));
        assert!(error("order,amount,currency\no-1,-1,EUR\n").starts_with("orders.csv line 2:"));
    }
}
