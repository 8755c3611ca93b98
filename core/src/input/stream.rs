//! Tables streamed row by row from a file: a reader (in a crate beside
//! core, which does the I/O) hands over its header's names, then each row's
//! cells as text. Core resolves the names and reads each row as it comes,
//! while its text is still in cache, with no column copy in between.

use super::{Cell, Columns, Extras, Fields, Header, TableSchema};
use crate::Error;

/// One row's cells, by column.
pub trait Cells {
    /// The text of column `column`; `None` past the row's end.
    fn cell(&self, column: usize) -> Option<&str>;
}

/// A table's rows as a file reader yields them.
pub trait RowStream {
    /// The header's column names, in order.
    fn names(&self) -> &[String];
    /// Calls `row` with each row in turn until the table ends. A row that
    /// cannot be split into cells (a malformed file) ends the read with an
    /// error naming the file and line.
    fn each_row(&mut self, row: &mut dyn FnMut(&dyn Cells)) -> Result<(), Error>;
}

/// A row held as one text per column.
impl Cells for Vec<String> {
    fn cell(&self, column: usize) -> Option<&str> {
        self.get(column).map(String::as_str)
    }
}

/// A table held in memory as text rows — cells a caller has already split
/// (a test's table, a sheet's rows) — streamed as a file's would be.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextRows {
    /// The header's column names.
    pub names: Vec<String>,
    /// The rows, each one text per column.
    pub rows: Vec<Vec<String>>,
}

impl RowStream for TextRows {
    fn names(&self) -> &[String] {
        &self.names
    }

    fn each_row(&mut self, row: &mut dyn FnMut(&dyn Cells)) -> Result<(), Error> {
        for cells in &self.rows {
            row(cells);
        }
        Ok(())
    }
}

/// A header's names as columns with no rows: what [`Header::resolve`] needs
/// to check them before any row is read.
struct Names<'a>(&'a [String]);

impl Columns for Names<'_> {
    fn names(&self) -> Vec<String> {
        self.0.to_vec()
    }

    fn column_len(&self, _column: usize) -> usize {
        0
    }

    fn with_cell<R>(&self, _column: usize, _row: usize, f: impl FnOnce(Cell<'_>) -> R) -> R {
        f(Cell::Missing)
    }
}

impl Header {
    /// Resolves a streamed table's names against `table`, as
    /// [`Header::resolve`] does for columns (every cell is text: no column
    /// of floats to refuse).
    pub fn resolve_names(
        table: &'static TableSchema,
        names: &[String],
        extras: Extras,
    ) -> Result<Header, Error> {
        Header::resolve(table, &Names(names), extras)
    }

    /// One streamed row as fields.
    pub fn stream_row<'a>(&'a self, cells: &'a dyn Cells) -> StreamRow<'a> {
        StreamRow {
            header: self,
            cells,
        }
    }
}

/// A streamed row read through its table's header.
pub struct StreamRow<'a> {
    header: &'a Header,
    cells: &'a dyn Cells,
}

impl Fields for StreamRow<'_> {
    fn with<R>(&self, field: usize, f: impl FnOnce(Cell<'_>) -> R) -> R {
        match self.header.slot(field).and_then(|c| self.cells.cell(c)) {
            Some(text) => f(Cell::Text(text)),
            None => f(Cell::Missing),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row(Vec<&'static str>);

    impl Cells for Row {
        fn cell(&self, column: usize) -> Option<&str> {
            self.0.get(column).copied()
        }
    }

    #[test]
    fn a_streamed_row_reads_its_fields_through_the_header_in_any_column_order() {
        let table = &crate::reconciliation::ORDERS;
        let names: Vec<String> = ["Total", "order_id", "channel", "currency", "placedAt"]
            .map(String::from)
            .to_vec();
        let header = Header::resolve_names(table, &names, Extras::Refuse).unwrap();
        let row = Row(vec!["10.00", "W-1"]);
        let fields = header.stream_row(&row);
        let total = table.field("total").unwrap();
        let id = table.field("order_id").unwrap();
        let channel = table.field("channel").unwrap();
        assert!(fields.with(total, |c| matches!(c, Cell::Text("10.00"))));
        assert!(fields.with(id, |c| matches!(c, Cell::Text("W-1"))));
        // Past a short row's end, and a field with no column: missing.
        assert!(fields.with(channel, |c| matches!(c, Cell::Missing)));
        let customer = table.field("customer").unwrap();
        assert!(fields.with(customer, |c| matches!(c, Cell::Missing)));
    }

    #[test]
    fn text_rows_stream_each_row_in_order() {
        let mut table = TextRows {
            names: vec!["order_id".into()],
            rows: vec![vec!["W-1".into()], vec!["W-2".into()]],
        };
        let mut seen = Vec::new();
        table
            .each_row(&mut |cells| seen.push(cells.cell(0).map(str::to_string)))
            .unwrap();
        assert_eq!(seen, [Some("W-1".to_string()), Some("W-2".to_string())]);
        assert_eq!(table.names(), ["order_id"]);
    }

    #[test]
    fn a_streamed_header_is_checked_before_any_row() {
        let table = &crate::reconciliation::ORDERS;
        let names: Vec<String> = ["Order ID", "Total"].map(String::from).to_vec();
        let e = Header::resolve_names(table, &names, Extras::Refuse).unwrap_err();
        assert!(e.to_string().contains("orders.channel"), "{e}");
    }
}
