//! Arrow tables as Seamline's input: any producer's record batches (a
//! Python object through the C data interface, IPC bytes from Node's
//! `apache-arrow`, a file) read in place with the Apache project's arrow-rs,
//! one cell at a time as core's [`Cell`](seamline::input::Cell): no object
//! is made for a cell, and what each column means is core's to decide.
//!
//! Beside core, not in it: core stays free of I/O and of Arrow's crates.

mod results;
mod rows;

pub use results::{exceptions_ipc, matches_ipc, pending_ipc, settlement_lines_ipc, summary_ipc};
pub use rows::rows_ipc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Int16Type, Int32Type, Int64Type, Int8Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{
    Array, ArrayRef, BooleanArray, LargeStringArray, RecordBatch, StringArray, StringViewArray,
};
use arrow_schema::{ArrowError, DataType, TimeUnit};
use seamline::Error;

/// A table of Arrow columns, by name: core's [`Columns`](seamline::input::Columns).
pub struct ArrowColumns {
    names: Vec<String>,
    columns: Vec<Column>,
}

impl ArrowColumns {
    /// The columns of `batches`, each a struct array of one record batch
    /// (what a C stream of a table yields); anything else is `None`.
    pub fn from_struct_batches(batches: &[ArrayRef]) -> Option<ArrowColumns> {
        let DataType::Struct(fields) = batches.first()?.data_type().clone() else {
            return None;
        };
        if batches
            .iter()
            .any(|b| b.data_type() != batches[0].data_type())
        {
            return None;
        }
        let columns = (0..fields.len())
            .map(|at| {
                Column::new(
                    batches
                        .iter()
                        .map(|b| b.as_struct().column(at).clone())
                        .collect(),
                )
            })
            .collect();
        Some(ArrowColumns {
            names: fields.iter().map(|f| f.name().clone()).collect(),
            columns,
        })
    }

    /// The columns of record batches sharing one schema.
    pub fn from_batches(batches: &[RecordBatch], schema: &arrow_schema::Schema) -> ArrowColumns {
        let columns = (0..schema.fields().len())
            .map(|at| Column::new(batches.iter().map(|b| b.column(at).clone()).collect()))
            .collect();
        ArrowColumns {
            names: schema.fields().iter().map(|f| f.name().clone()).collect(),
            columns,
        }
    }

    /// Whether `bytes` begin as Arrow IPC does: the file format's magic
    /// `ARROW1`, or the stream format's continuation marker (`0xFFFFFFFF`),
    /// which no text file begins with (it is not UTF-8).
    pub fn is_ipc(bytes: &[u8]) -> bool {
        bytes.starts_with(b"ARROW1") || bytes.starts_with(&[0xFF; 4])
    }

    /// A table from Arrow IPC bytes: the streaming format (what
    /// `apache-arrow`'s `tableToIPC` writes by default) or the file format.
    /// Every buffer is validated before a cell is read; bytes that are not
    /// Arrow, or are corrupt, are `INVALID_ARGUMENT` naming `field`.
    pub fn from_ipc(bytes: &[u8], field: &str) -> Result<ArrowColumns, Error> {
        let refuse = |e: ArrowError| {
            Error::invalid_argument(
                field,
                "(Arrow IPC bytes)",
                format!(
                    "could not be read: {}",
                    seamline::input::shown(&e.to_string(), false)
                ),
            )
        };
        if bytes.is_empty() {
            return Err(refuse(ArrowError::IpcError("no bytes".into())));
        }
        let (schema, batches) = if bytes.starts_with(b"ARROW1") {
            let reader = arrow_ipc::reader::FileReader::try_new(std::io::Cursor::new(bytes), None)
                .map_err(refuse)?;
            let schema = reader.schema();
            (
                schema,
                reader.collect::<Result<Vec<_>, _>>().map_err(refuse)?,
            )
        } else {
            let reader =
                arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes), None)
                    .map_err(refuse)?;
            let schema = reader.schema();
            (
                schema,
                reader.collect::<Result<Vec<_>, _>>().map_err(refuse)?,
            )
        };
        for batch in &batches {
            for column in batch.columns() {
                column.to_data().validate_full().map_err(refuse)?;
            }
        }
        Ok(ArrowColumns::from_batches(&batches, &schema))
    }

    /// The columns with their names, in the table's order.
    pub fn into_parts(self) -> (Vec<String>, Vec<Column>) {
        (self.names, self.columns)
    }

    /// A table of these columns, named in order (the inverse of [`into_parts`](Self::into_parts)).
    pub fn from_parts(names: Vec<String>, columns: Vec<Column>) -> ArrowColumns {
        ArrowColumns { names, columns }
    }
}

impl seamline::input::Columns for ArrowColumns {
    fn names(&self) -> Vec<String> {
        self.names.clone()
    }

    fn column_len(&self, column: usize) -> usize {
        self.columns[column].len()
    }

    fn with_cell<R>(
        &self,
        column: usize,
        row: usize,
        f: impl FnOnce(seamline::input::Cell<'_>) -> R,
    ) -> R {
        self.columns[column].with_cell(row, f)
    }

    fn is_float(&self, column: usize) -> bool {
        self.columns[column].is_float()
    }
}

/// One cell, as its column's type gives it.
enum Cell<'a> {
    /// Null (or a float NaN, pandas' missing value).
    Null,
    Text(&'a str),
    Int(i64),
    /// A value past its type's range: an integer past `i64`, a timestamp
    /// past the microsecond range, a dictionary key past its dictionary.
    OutOfRange,
    /// A decimal: the unscaled value and its scale.
    Decimal(i128, i8),
    /// Microseconds since the epoch; `zoned` is false for a timestamp
    /// without a time zone (a local time nobody can place).
    Micros {
        micros: i64,
        zoned: bool,
    },
    /// A timestamp finer than a microsecond, which an `Instant` cannot hold.
    SubMicro,
    Bool(bool),
    Float(f64),
    /// A type the tie-out does not read (its Arrow name).
    Other(&'a DataType),
}

impl Cell<'_> {
    /// The type's name, for an error that says what was found.
    fn type_name(&self) -> String {
        match self {
            Cell::Null => "null".into(),
            Cell::Text(_) => "string".into(),
            Cell::Int(_) => "integer".into(),
            Cell::OutOfRange => "a value out of range".into(),
            Cell::Decimal(..) => "decimal".into(),
            Cell::Micros { .. } | Cell::SubMicro => "timestamp".into(),
            Cell::Bool(_) => "bool".into(),
            Cell::Float(v) => format!("float {v}"),
            Cell::Other(t) => format!("Arrow {t}"),
        }
    }
}

/// An Arrow column read in place: its chunks, and the row each one ends before.
pub struct Column {
    chunks: Vec<Chunk>,
    ends: Vec<usize>,
    /// The chunk read last: rows are read in order, so it usually holds the next.
    /// Only a hint (any value is checked before use), kept in an atomic so a
    /// table can be read on another thread than the one that built it.
    last: std::sync::atomic::AtomicUsize,
}

/// A chunk with its type resolved once, so a cell read is a match and an
/// index rather than a downcast.
enum Chunk {
    Null,
    Utf8(StringArray),
    LargeUtf8(LargeStringArray),
    Utf8View(StringViewArray),
    /// Dictionary-encoded text (pandas categoricals, Parquet's usual
    /// encoding): each row's key, and the distinct values.
    Dictionary {
        keys: ArrayRef,
        values: Box<Chunk>,
        len: usize,
    },
    Int(ArrayRef),
    Decimal(arrow_array::Decimal128Array, i8),
    Timestamp {
        values: ArrayRef,
        unit: TimeUnit,
        zoned: bool,
    },
    Bool(BooleanArray),
    Float(ArrayRef),
    Other(ArrayRef),
}

impl Chunk {
    fn new(array: ArrayRef) -> Chunk {
        match array.data_type() {
            DataType::Null => Chunk::Null,
            DataType::Utf8 => Chunk::Utf8(array.as_string::<i32>().clone()),
            DataType::LargeUtf8 => Chunk::LargeUtf8(array.as_string::<i64>().clone()),
            DataType::Utf8View => Chunk::Utf8View(array.as_string_view().clone()),
            DataType::Dictionary(..) => {
                let dict = array.as_any_dictionary();
                Chunk::Dictionary {
                    keys: dict.keys().slice(0, dict.keys().len()),
                    values: Box::new(Chunk::new(dict.values().clone())),
                    len: dict.values().len(),
                }
            }
            DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64 => Chunk::Int(array),
            DataType::Decimal128(_, scale) => {
                let scale = *scale;
                Chunk::Decimal(array.as_primitive().clone(), scale)
            }
            DataType::Timestamp(unit, zone) => Chunk::Timestamp {
                unit: *unit,
                zoned: zone.is_some(),
                values: array,
            },
            DataType::Boolean => Chunk::Bool(array.as_boolean().clone()),
            DataType::Float16 | DataType::Float32 | DataType::Float64 => Chunk::Float(array),
            _ => Chunk::Other(array),
        }
    }

    fn cell(&self, i: usize) -> Cell<'_> {
        match self {
            Chunk::Null => Cell::Null,
            Chunk::Utf8(a) => text(a, i, || a.value(i)),
            Chunk::LargeUtf8(a) => text(a, i, || a.value(i)),
            Chunk::Utf8View(a) => text(a, i, || a.value(i)),
            Chunk::Dictionary { keys, values, len } => match integer(keys.as_ref(), i) {
                // A key past the dictionary (malformed data) is no value, never a panic.
                Cell::Int(k) => match usize::try_from(k) {
                    Ok(k) if k < *len => values.cell(k),
                    _ => Cell::OutOfRange,
                },
                other => other,
            },
            Chunk::Int(a) => integer(a.as_ref(), i),
            Chunk::Decimal(a, scale) if a.is_valid(i) => Cell::Decimal(a.value(i), *scale),
            Chunk::Timestamp {
                values,
                unit,
                zoned,
            } if values.is_valid(i) => {
                let micros = match unit {
                    TimeUnit::Second => values
                        .as_primitive::<TimestampSecondType>()
                        .value(i)
                        .checked_mul(1_000_000),
                    TimeUnit::Millisecond => values
                        .as_primitive::<TimestampMillisecondType>()
                        .value(i)
                        .checked_mul(1_000),
                    TimeUnit::Microsecond => {
                        Some(values.as_primitive::<TimestampMicrosecondType>().value(i))
                    }
                    TimeUnit::Nanosecond => {
                        let ns = values.as_primitive::<TimestampNanosecondType>().value(i);
                        if ns % 1_000 != 0 {
                            return Cell::SubMicro;
                        }
                        Some(ns / 1_000)
                    }
                };
                match micros {
                    Some(micros) => Cell::Micros {
                        micros,
                        zoned: *zoned,
                    },
                    None => Cell::OutOfRange,
                }
            }
            Chunk::Bool(a) if a.is_valid(i) => Cell::Bool(a.value(i)),
            Chunk::Float(a) if a.is_valid(i) => {
                let v = match a.data_type() {
                    DataType::Float16 => {
                        f64::from(a.as_primitive::<arrow_array::types::Float16Type>().value(i))
                    }
                    DataType::Float32 => {
                        f64::from(a.as_primitive::<arrow_array::types::Float32Type>().value(i))
                    }
                    _ => a.as_primitive::<arrow_array::types::Float64Type>().value(i),
                };
                if v.is_nan() {
                    Cell::Null
                } else {
                    Cell::Float(v)
                }
            }
            Chunk::Other(a) if a.is_valid(i) => Cell::Other(a.data_type()),
            _ => Cell::Null,
        }
    }
}

fn text<'a>(array: &dyn Array, i: usize, value: impl FnOnce() -> &'a str) -> Cell<'a> {
    if array.is_valid(i) {
        Cell::Text(value())
    } else {
        Cell::Null
    }
}

fn integer(a: &dyn Array, i: usize) -> Cell<'static> {
    if !a.is_valid(i) {
        return Cell::Null;
    }
    let value = match a.data_type() {
        DataType::Int8 => i64::from(a.as_primitive::<Int8Type>().value(i)),
        DataType::Int16 => i64::from(a.as_primitive::<Int16Type>().value(i)),
        DataType::Int32 => i64::from(a.as_primitive::<Int32Type>().value(i)),
        DataType::Int64 => a.as_primitive::<Int64Type>().value(i),
        DataType::UInt8 => i64::from(a.as_primitive::<UInt8Type>().value(i)),
        DataType::UInt16 => i64::from(a.as_primitive::<UInt16Type>().value(i)),
        DataType::UInt32 => i64::from(a.as_primitive::<UInt32Type>().value(i)),
        DataType::UInt64 => match i64::try_from(a.as_primitive::<UInt64Type>().value(i)) {
            Ok(v) => v,
            Err(_) => return Cell::OutOfRange,
        },
        _ => return Cell::Null,
    };
    Cell::Int(value)
}

impl Column {
    /// A column of `arrays`, one chunk each, in order.
    pub fn new(arrays: Vec<ArrayRef>) -> Column {
        let mut ends = Vec::with_capacity(arrays.len());
        let mut end = 0;
        for a in &arrays {
            end += a.len();
            ends.push(end);
        }
        Column {
            chunks: arrays.into_iter().map(Chunk::new).collect(),
            ends,
            last: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.ends.last().copied().unwrap_or(0)
    }

    /// Whether it has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cell at `row` (null past the end).
    fn cell(&self, row: usize) -> Cell<'_> {
        let start = |chunk: usize| if chunk == 0 { 0 } else { self.ends[chunk - 1] };
        let mut chunk = self.last.load(std::sync::atomic::Ordering::Relaxed);
        if !(start(chunk) <= row && self.ends.get(chunk).is_some_and(|&end| row < end)) {
            chunk = self.ends.partition_point(|&end| end <= row);
            self.last.store(chunk, std::sync::atomic::Ordering::Relaxed);
        }
        match self.chunks.get(chunk) {
            Some(c) => c.cell(row - start(chunk)),
            None => Cell::Null,
        }
    }

    /// `f` of the cell at `row` as core reads cells.
    pub fn with_cell<R>(&self, row: usize, f: impl FnOnce(seamline::input::Cell<'_>) -> R) -> R {
        use seamline::input::Cell as Core;
        match self.cell(row) {
            Cell::Null => f(Core::Missing),
            Cell::Text(t) => f(Core::Text(t)),
            Cell::Int(n) => f(Core::Int(n)),
            Cell::OutOfRange => f(Core::Other("a value out of range")),
            Cell::Decimal(unscaled, scale) => match decimal(unscaled, scale) {
                Some(d) => f(Core::Decimal(d)),
                None => f(Core::Other("a decimal past 28 digits")),
            },
            Cell::Micros { micros, zoned } => f(Core::Micros { micros, zoned }),
            Cell::SubMicro => f(Core::BadTimestamp),
            Cell::Bool(b) => f(Core::Bool(b)),
            Cell::Float(v) => f(Core::Float(v)),
            Cell::Other(t) => f(Core::Other(&format!("Arrow {t}"))),
        }
    }

    /// Whether the column holds binary floats.
    pub fn is_float(&self) -> bool {
        self.chunks.iter().any(|c| matches!(c, Chunk::Float(_)))
    }

    /// Every cell as text, nulls as `None`. Timestamps are written in
    /// RFC 3339; a zone-less one without an offset, so the row that holds
    /// it is refused for its ambiguous time like any offset-less text.
    pub fn texts(&self, name: &str) -> Result<Vec<Option<String>>, Error> {
        self.each(name, "text or timestamps", |cell| match cell {
            Cell::Text(text) => Some(Ok(text.to_string())),
            Cell::Micros { micros, zoned } => {
                Some(seamline::Instant::from_unix_micros(*micros).map(|at| {
                    let at = at.to_rfc3339();
                    if *zoned {
                        at
                    } else {
                        at.trim_end_matches('Z').to_string()
                    }
                }))
            }
            _ => None,
        })
    }

    /// Every cell as an integer, nulls as `None`.
    pub fn ints(&self, name: &str) -> Result<Vec<Option<i64>>, Error> {
        self.each(name, "integers", |cell| match cell {
            Cell::Int(n) => Some(Ok(*n)),
            _ => None,
        })
    }

    /// Every cell through `read`, nulls as `None`; a cell `read` does not
    /// take (`None`) is a column of the wrong type: the whole call is
    /// refused, as a list of the wrong type is.
    fn each<T>(
        &self,
        name: &str,
        expected: &str,
        read: impl Fn(&Cell<'_>) -> Option<Result<T, Error>>,
    ) -> Result<Vec<Option<T>>, Error> {
        (0..self.len())
            .map(|row| {
                let cell = self.cell(row);
                if let Cell::Null = cell {
                    return Ok(None);
                }
                match read(&cell) {
                    Some(value) => value.map(Some),
                    None => Err(Error::invalid_type(
                        format!("{name}[{row}]"),
                        expected,
                        cell.type_name(),
                    )),
                }
            })
            .collect()
    }
}

/// An Arrow decimal128 as an exact decimal, if it fits (28 digits).
fn decimal(unscaled: i128, scale: i8) -> Option<seamline::Decimal> {
    match u32::try_from(scale) {
        Ok(scale) => seamline::Decimal::try_from_i128_with_scale(unscaled, scale).ok(),
        // A negative scale: whole multiples of a power of ten.
        Err(_) => {
            let factor = 10i128.checked_pow(u32::from(scale.unsigned_abs()))?;
            seamline::Decimal::try_from_i128_with_scale(unscaled.checked_mul(factor)?, 0).ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Decimal128Array, Int64Array, StringArray, TimestampMicrosecondArray};
    use arrow_schema::{Field, Schema};
    use seamline::input::{Columns, Extras};
    use seamline::reconciliation::{read_columns, ColumnTables};
    use std::sync::Arc;

    fn orders_ipc() -> Vec<u8> {
        let schema = Arc::new(Schema::new(vec![
            Field::new("order_id", DataType::Utf8, true),
            Field::new("channel", DataType::Utf8, false),
            Field::new("currency", DataType::Utf8, false),
            Field::new("total", DataType::Decimal128(12, 2), false),
            Field::new(
                "placed_at",
                DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
                false,
            ),
            Field::new("customer", DataType::Int64, true),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec![Some("W1"), None])),
                Arc::new(StringArray::from(vec!["web", "web"])),
                Arc::new(StringArray::from(vec!["USD", "USD"])),
                Arc::new(
                    Decimal128Array::from(vec![10000, 2500])
                        .with_precision_and_scale(12, 2)
                        .unwrap(),
                ),
                Arc::new(
                    TimestampMicrosecondArray::from(vec![1_795_000_000_000_000; 2])
                        .with_timezone("UTC"),
                ),
                Arc::new(Int64Array::from(vec![Some(42), None])),
            ],
        )
        .unwrap();
        let mut out = Vec::new();
        let mut w = arrow_ipc::writer::StreamWriter::try_new(&mut out, &schema).unwrap();
        w.write(&batch).unwrap();
        w.finish().unwrap();
        drop(w);
        out
    }

    #[test]
    fn ipc_bytes_read_in_place_as_core_reads_any_table() {
        let table = ArrowColumns::from_ipc(&orders_ipc(), "orders").unwrap();
        assert_eq!(table.names()[3], "total");
        assert_eq!(table.column_len(0), 2);
        let input = read_columns(
            &ColumnTables {
                orders: Some(&table),
                ..Default::default()
            },
            Extras::Refuse,
        )
        .unwrap();
        assert_eq!(input.orders.len(), 1);
        assert_eq!(input.orders[0].total.to_string(), "100.00");
        // An integer id reads as its decimal text.
        assert_eq!(input.orders[0].customer.as_ref().unwrap().as_str(), "42");
        assert!(input.unread[0].reason.contains("orders[1].order_id"));
    }

    #[test]
    fn bytes_that_are_not_arrow_or_are_cut_are_refused() {
        let bytes = orders_ipc();
        let mut flipped = bytes.clone();
        let at = flipped.len() / 3;
        flipped[at] ^= 0x40;
        for bad in [&bytes[..bytes.len() / 2], &b"not arrow at all"[..], &[]] {
            let e = ArrowColumns::from_ipc(bad, "orders")
                .err()
                .expect("refused");
            assert_eq!(e.code(), seamline::ErrorCode::InvalidArgument);
            assert!(e.to_string().contains("Arrow IPC"), "{e}");
        }
        // A flipped bit is refused, or reads as values core then checks: never a crash.
        let _ = ArrowColumns::from_ipc(&flipped, "orders");
    }
}
