//! A report file handed over as a table (an Arrow table, a DataFrame, an
//! object of columns): its cells as the text a CSV download would hold,
//! read by the same adapters as the file's bytes.
//!
//! Turning a typed cell into report text is a rule, so it is here, once,
//! for every binding: exact numbers keep their digits (a `decimal128(12,2)`
//! `849.00` stays `849.00`), a float keeps its shortest text but is marked
//! (refused wherever money is read, accepted for a rate), a timestamp the
//! container zoned is RFC 3339 in UTC, one it did not is the wall-clock
//! text the report wrote (each layout says which zone that is), and a cell
//! of any other kind makes its row unreadable, named by column.

use super::sheet::{cut, Meta, Record, MAX_CELL};
use crate::error::{Error, Result};
use crate::input::{Cell, Columns};
use crate::instant::Instant;
use csv::StringRecord;

/// A report file as a table: a header and rows of text, with what else is
/// known of each row (its float cells, why it cannot be read).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportTable {
    header: StringRecord,
    /// The header's meta: its `floats` are the columns that hold binary
    /// floats throughout (see [`super::sheet::refuse_float_money`]).
    columns: Meta,
    rows: Vec<(StringRecord, Meta)>,
}

impl ReportTable {
    /// The table `columns` holds (every column the same length), its cells
    /// turned into report text.
    pub fn from_columns<C: Columns>(columns: &C) -> Result<ReportTable> {
        let names = columns.names();
        let len = (0..names.len()).map(|c| columns.column_len(c)).max();
        let rows = len.unwrap_or(0);
        if let Some(c) = (0..names.len()).find(|&c| columns.column_len(c) != rows) {
            return Err(Error::invalid_argument(
                cut(names.get(c).map_or("?", String::as_str)),
                format!("{} cells", columns.column_len(c)),
                format!("the table's columns differ in length (the longest has {rows})"),
            ));
        }
        let mut header = StringRecord::new();
        for name in &names {
            header.push_field(name);
        }
        let floats = (0..names.len()).filter(|&c| columns.is_float(c)).collect();
        let columns_meta = Meta {
            floats,
            problem: None,
        };
        let mut out = Vec::with_capacity(rows);
        for row in 0..rows {
            let mut cells = StringRecord::new();
            let mut meta = Meta::default();
            for (c, name) in names.iter().enumerate() {
                columns.with_cell(c, row, |cell| {
                    let text = match report_text(cell) {
                        Ok(Text::Exact(t)) => t,
                        Ok(Text::Float(t)) => {
                            meta.floats.push(c);
                            t
                        }
                        Err(kind) => {
                            meta.problem.get_or_insert_with(|| {
                                format!("column {} holds {kind}, not a cell", cut(name))
                            });
                            String::new()
                        }
                    };
                    if text.len() > MAX_CELL {
                        meta.problem.get_or_insert_with(|| {
                            format!("column {} holds a cell longer than 64 KiB", cut(name))
                        });
                        cells.push_field("");
                    } else {
                        cells.push_field(&text);
                    }
                });
            }
            out.push((cells, meta));
        }
        Ok(ReportTable {
            header,
            columns: columns_meta,
            rows: out,
        })
    }

    /// Its rows (the header not counted).
    pub fn rows(&self) -> usize {
        self.rows.len()
    }

    /// Calls `f` with the header (line 0) and then each row (line n for the
    /// nth row), as records of text.
    pub(crate) fn each(&self, f: &mut dyn FnMut(Record<'_>) -> Result<()>) -> Result<()> {
        f(Record {
            line: 0,
            cells: &self.header,
            meta: &self.columns,
            offset: 0,
        })?;
        for (i, (cells, meta)) in self.rows.iter().enumerate() {
            f(Record {
                line: super::sheet::line_of(i),
                cells,
                meta,
                offset: 0,
            })?;
        }
        Ok(())
    }

    /// The table's content as bytes, to order files by (cells separated by
    /// the ASCII unit separator, records by the record separator).
    pub(crate) fn content_key(&self) -> Vec<u8> {
        let mut key = Vec::new();
        for record in std::iter::once(&self.header).chain(self.rows.iter().map(|(r, _)| r)) {
            for cell in record {
                key.extend_from_slice(cell.as_bytes());
                key.push(0x1f);
            }
            key.push(0x1e);
        }
        key
    }
}

/// A cell as report text.
enum Text {
    /// Exact: text, a whole number, a decimal, a time.
    Exact(String),
    /// A binary float's shortest text.
    Float(String),
}

/// The text a report would hold for `cell`, or the kind of value it is
/// when it is no cell of a report.
fn report_text(cell: Cell<'_>) -> std::result::Result<Text, String> {
    Ok(match cell {
        Cell::Missing => Text::Exact(String::new()),
        Cell::Text(t) | Cell::BigInt(t) => Text::Exact(t.to_string()),
        Cell::Int(n) => Text::Exact(n.to_string()),
        Cell::Decimal(d) => Text::Exact(d.to_string()),
        Cell::Float(f) => Text::Float(f.to_string()),
        Cell::Bool(b) => Text::Exact(if b { "true" } else { "false" }.to_string()),
        Cell::Instant(i) => Text::Exact(i.to_rfc3339()),
        Cell::Micros { micros, zoned } => {
            let instant = Instant::from_unix_micros(micros).map_err(|_| BAD_TIME.to_string())?;
            if zoned {
                Text::Exact(instant.to_rfc3339())
            } else {
                Text::Exact(wall_clock(micros).ok_or_else(|| BAD_TIME.to_string())?)
            }
        }
        Cell::BadTimestamp => return Err(BAD_TIME.to_string()),
        // The container's type name, never the value (it may be personal).
        Cell::Other(_) => return Err(format!("a value of type {}", cell.type_name())),
    })
}

const BAD_TIME: &str = "a timestamp finer than a microsecond or out of range";

/// A zone-less timestamp as the wall-clock text it stands for
/// (`2026-11-20 10:15:00`, with microseconds when it has any).
fn wall_clock(micros: i64) -> Option<String> {
    let t = chrono::DateTime::from_timestamp_micros(micros)?.naive_utc();
    Some(t.format("%Y-%m-%d %H:%M:%S%.f").to_string())
}
