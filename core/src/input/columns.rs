//! Column-wise tables (Python lists, pandas, Arrow): the binding gives cell
//! access; the header is resolved here, once, before any row is read.

use super::{shown, Cell, Extras, Fields, TableSchema};
use crate::error::Error;

/// A table held column by column. A binding implements it for its
/// containers; everything else (names, kinds, errors) is core's.
pub trait Columns {
    /// The columns' names, in order.
    fn names(&self) -> Vec<String>;
    /// How many cells column `column` holds.
    fn column_len(&self, column: usize) -> usize;
    /// Calls `f` with the cell at `row` of `column`.
    fn with_cell<R>(&self, column: usize, row: usize, f: impl FnOnce(Cell<'_>) -> R) -> R;
    /// Whether the whole column holds binary floats (an Arrow `double`, a
    /// pandas `float64`): refused whole where money is read.
    fn is_float(&self, _column: usize) -> bool {
        false
    }
}

/// Which column serves each field of a table, and how many rows it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    table: &'static TableSchema,
    slots: Vec<Option<usize>>,
    rows: usize,
}

impl Header {
    /// Resolves `columns`' names against `table`, before any row is read:
    /// a required column missing, a column named twice, a column of floats
    /// where money goes, columns of different lengths, or (unless `extras`
    /// says ignore) a column the table does not have, is one error naming
    /// the table, the column and the accepted names. A table with no
    /// columns at all is an empty table.
    pub fn resolve<C: Columns>(
        table: &'static TableSchema,
        columns: &C,
        extras: Extras,
    ) -> Result<Header, Error> {
        let names = columns.names();
        let mut slots: Vec<Option<usize>> = vec![None; table.fields.len()];
        let mut rows = None;
        for (c, name) in names.iter().enumerate() {
            let Some(field) = table.field(name) else {
                if extras == Extras::Refuse {
                    return Err(Error::invalid_argument(
                        table.name,
                        format!("{:?}", shown(name, false)),
                        format!(
                            "unknown column; the table's columns are {} (or ignore extra columns)",
                            table.field_names()
                        ),
                    ));
                }
                continue;
            };
            if let Some(other) = slots[field] {
                return Err(Error::invalid_argument(
                    format!("{}.{}", table.name, table.fields[field].name),
                    format!(
                        "{:?} and {:?}",
                        shown(&names[other], false),
                        shown(name, false)
                    ),
                    "two columns name one field",
                ));
            }
            let float_refused = match table.fields[field].kind {
                super::FieldKind::Amount => Some(
                    "a column of floats: floats are inexact, read the column as decimal or text (money is exact)",
                ),
                super::FieldKind::Integer => Some(
                    "a column of floats: read the column as integers or text (a count is whole)",
                ),
                _ => None,
            };
            if let (Some(reason), true) = (float_refused, columns.is_float(c)) {
                return Err(Error::invalid_type(
                    format!("{}.{}", table.name, table.fields[field].name),
                    "a decimal, integer or text column",
                    reason,
                ));
            }
            let len = columns.column_len(c);
            match rows {
                None => rows = Some(len),
                Some(n) if n != len => {
                    return Err(Error::invalid_argument(
                        format!("{}.{}", table.name, table.fields[field].name),
                        len,
                        format!("every column of {} must have {n} rows", table.name),
                    ))
                }
                Some(_) => {}
            }
            slots[field] = Some(c);
        }
        if !names.is_empty() {
            if let Some(f) =
                (0..table.fields.len()).find(|&f| table.fields[f].required && slots[f].is_none())
            {
                return Err(Error::invalid_argument(
                    format!("{}.{}", table.name, table.fields[f].name),
                    "(missing column)",
                    format!(
                        "a required column is missing; accepted names: {} (any case, spaces or camelCase)",
                        table.accepted(f)
                    ),
                ));
            }
        }
        Ok(Header {
            table,
            slots,
            rows: rows.unwrap_or(0),
        })
    }

    /// The table's declaration.
    pub fn table(&self) -> &'static TableSchema {
        self.table
    }

    /// How many rows the table has.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The column that serves field `field` of the table, if any.
    pub fn slot(&self, field: usize) -> Option<usize> {
        self.slots.get(field).copied().flatten()
    }

    /// Row `row` of `columns` as fields.
    pub fn row<'a, C: Columns>(&'a self, columns: &'a C, row: usize) -> ColumnRow<'a, C> {
        ColumnRow {
            header: self,
            columns,
            row,
        }
    }
}

/// One row of a column-wise table.
pub struct ColumnRow<'a, C> {
    header: &'a Header,
    columns: &'a C,
    row: usize,
}

impl<C: Columns> Fields for ColumnRow<'_, C> {
    fn with<R>(&self, field: usize, f: impl FnOnce(Cell<'_>) -> R) -> R {
        match self.header.slots[field] {
            Some(c) => self.columns.with_cell(c, self.row, f),
            None => f(Cell::Missing),
        }
    }
}
