//! Streamed rows on stdout, as an aligned table, JSON lines or CSV: each row is written as it
//! comes, so a long export never holds more than a page. A reader that goes away (`| head`) is
//! not an error: writing stops and the command ends quietly.

use crate::output::Printing;
use crate::tool_args::Format;
use serde::Serialize;
use std::fmt::Display;
use std::io::{self, BufWriter, StdoutLock, Write};

/// One column of a table: its header and the width values are padded to. A longer value pushes
/// the rest of its row right; nothing is ever cut.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Header text.
    pub name: &'static str,
    /// Padding width.
    pub width: usize,
}

/// A column of `width` (0 for the last column or for CSV).
pub const fn column(name: &'static str, width: usize) -> Column {
    Column { name, width }
}

/// An optional value as a cell; absent is empty.
pub fn opt<T: Display>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// An amount followed by its currency, for people; empty when absent.
pub fn money<T: Display, C: Display>(amount: Option<T>, currency: Option<C>) -> String {
    match (amount, currency) {
        (Some(a), Some(c)) => format!("{a} {c}"),
        (a, _) => opt(a),
    }
}

/// `1 page`, `2 pages`.
pub fn plural(count: usize, thing: &str) -> String {
    if count == 1 {
        format!("1 {thing}")
    } else {
        format!("{count} {thing}s")
    }
}

/// Where rows go.
enum Out {
    Text(BufWriter<StdoutLock<'static>>),
    Csv(Box<csv::Writer<StdoutLock<'static>>>),
}

/// A writer of rows in one [`Format`].
pub struct RowWriter {
    format: Format,
    printing: Printing,
    columns: Vec<Column>,
    out: Out,
}

impl RowWriter {
    /// A writer on stdout; the header (table, CSV) is written at once, so an empty result still
    /// says what it would have held.
    pub fn stdout(format: Format, printing: Printing, columns: &[Column]) -> io::Result<RowWriter> {
        let lock = io::stdout().lock();
        let out = match format {
            Format::Csv => Out::Csv(Box::new(csv::Writer::from_writer(lock))),
            Format::Table | Format::Jsonl => Out::Text(BufWriter::new(lock)),
        };
        let mut writer = RowWriter {
            format,
            printing,
            columns: columns.to_vec(),
            out,
        };
        if format != Format::Jsonl {
            let header: Vec<String> = columns.iter().map(|c| c.name.to_string()).collect();
            writer.cells(&header)?;
        }
        Ok(writer)
    }

    /// The format rows are written in.
    pub fn format(&self) -> Format {
        self.format
    }

    /// A table or CSV row, one cell per column.
    pub fn cells(&mut self, cells: &[String]) -> io::Result<()> {
        match &mut self.out {
            Out::Csv(w) => w.write_record(cells).map_err(io::Error::from),
            Out::Text(w) => writeln!(w, "{}", table_row(&self.columns, cells)),
        }
    }

    /// A JSON lines record (secrets masked unless `--show-secrets`).
    pub fn record<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        let line = self.printing.line(value).map_err(io::Error::other)?;
        match &mut self.out {
            Out::Text(w) => writeln!(w, "{line}"),
            Out::Csv(w) => w.write_record([line]).map_err(io::Error::from),
        }
    }

    /// A line of free text (a table's summary).
    pub fn text(&mut self, line: &str) -> io::Result<()> {
        match &mut self.out {
            Out::Text(w) => writeln!(w, "{line}"),
            Out::Csv(w) => w.write_record([line]).map_err(io::Error::from),
        }
    }

    /// Sends what is buffered to stdout: after each page, so output keeps pace with the walk.
    pub fn flush(&mut self) -> io::Result<()> {
        match &mut self.out {
            Out::Text(w) => w.flush(),
            Out::Csv(w) => w.flush(),
        }
    }
}

/// Cells padded to their columns' widths, two spaces apart, no trailing blanks.
fn table_row(columns: &[Column], cells: &[String]) -> String {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push_str("  ");
        }
        let width = columns.get(i).map_or(0, |c| c.width);
        line.push_str(&format!("{cell:<width$}"));
    }
    line.trim_end().to_string()
}

/// Whether a write failed because the reader went away: not an error for a stream.
pub fn reader_gone(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::BrokenPipe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_pad_and_never_cut() {
        let columns = [column("a", 4), column("b", 2)];
        let row = |cells: [&str; 2]| table_row(&columns, &cells.map(String::from));
        assert_eq!(row(["x", "y"]), "x     y");
        assert_eq!(row(["longer", ""]), "longer");
    }
}
