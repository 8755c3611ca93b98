//! Arrow columns read in place. A pyarrow Table or ChunkedArray, a pandas or
//! polars DataFrame — anything that speaks the Arrow PyCapsule interface —
//! hands over its buffers through the C data interface, and cells are read
//! from them directly: no Python object is made for a cell.

use arrow_array::cast::AsArray;
use arrow_array::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::ArrayStreamReader;
use arrow_array::types::{
    Int16Type, Int32Type, Int64Type, Int8Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{
    make_array, Array, ArrayRef, BooleanArray, LargeStringArray, StringArray, StringViewArray,
};
use arrow_schema::{ArrowError, DataType, TimeUnit};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods, PyTuple};
use seamline::Error;

/// One cell, as its column's type gives it.
pub(crate) enum Cell<'a> {
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
    pub(crate) fn type_name(&self) -> String {
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

/// A column: its chunks, and the row each one ends before.
pub(crate) struct Column {
    chunks: Vec<Chunk>,
    ends: Vec<usize>,
    /// The chunk read last: rows are read in order, so it usually holds the next.
    last: std::cell::Cell<usize>,
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
    fn new(arrays: Vec<ArrayRef>) -> Column {
        let mut ends = Vec::with_capacity(arrays.len());
        let mut end = 0;
        for a in &arrays {
            end += a.len();
            ends.push(end);
        }
        Column {
            chunks: arrays.into_iter().map(Chunk::new).collect(),
            ends,
            last: std::cell::Cell::new(0),
        }
    }

    /// The number of rows.
    pub(crate) fn len(&self) -> usize {
        self.ends.last().copied().unwrap_or(0)
    }

    /// The cell at `row` (null past the end).
    pub(crate) fn cell(&self, row: usize) -> Cell<'_> {
        let start = |chunk: usize| if chunk == 0 { 0 } else { self.ends[chunk - 1] };
        let mut chunk = self.last.get();
        if !(start(chunk) <= row && self.ends.get(chunk).is_some_and(|&end| row < end)) {
            chunk = self.ends.partition_point(|&end| end <= row);
            self.last.set(chunk);
        }
        match self.chunks.get(chunk) {
            Some(c) => c.cell(row - start(chunk)),
            None => Cell::Null,
        }
    }

    /// `f` of the cell at `row` as core reads cells.
    pub(crate) fn with_cell<R>(
        &self,
        row: usize,
        f: impl FnOnce(seamline::input::Cell<'_>) -> R,
    ) -> R {
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
    pub(crate) fn is_float(&self) -> bool {
        self.chunks.iter().any(|c| matches!(c, Chunk::Float(_)))
    }

    /// Every cell as text, nulls as `None`. Timestamps are written in
    /// RFC 3339; a zone-less one without an offset, so the row that holds
    /// it is refused for its ambiguous time like any offset-less text.
    pub(crate) fn texts(&self, name: &str) -> Result<Vec<Option<String>>, Error> {
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
    pub(crate) fn ints(&self, name: &str) -> Result<Vec<Option<i64>>, Error> {
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

    /// A column object's Arrow data, when it offers it (`__arrow_c_stream__`
    /// or `__arrow_c_array__`); `None` for anything else (lists, NumPy).
    /// A column whose producer cannot export it (pyarrow missing, values
    /// of mixed types) is read as a list, cell by cell, so each bad cell is
    /// reported on its own row.
    pub(crate) fn read(col: &Bound<'_, PyAny>) -> PyResult<Option<Column>> {
        if let Some(capsule) = export(col, "__arrow_c_stream__")? {
            return Ok(Some(Column::new(stream(&capsule)?)));
        }
        if let Some(pair) = export(col, "__arrow_c_array__")? {
            return Ok(Some(Column::new(vec![array(&pair)?])));
        }
        Ok(None)
    }
}

/// A whole table's Arrow data, when it offers it as a stream of record
/// batches (pyarrow, pandas with pyarrow installed, polars).
pub(crate) struct Table {
    batches: Vec<ArrayRef>,
}

impl Table {
    /// `None` when the object has no Arrow stream or cannot give one (a
    /// pandas DataFrame without pyarrow installed, or with a column of mixed
    /// types): its columns are read one by one instead.
    pub(crate) fn read(table: &Bound<'_, PyAny>) -> PyResult<Option<Table>> {
        let Some(capsule) = export(table, "__arrow_c_stream__")? else {
            return Ok(None);
        };
        let batches = stream(&capsule)?;
        if batches
            .iter()
            .any(|b| !matches!(b.data_type(), DataType::Struct(_)))
        {
            return Ok(None);
        }
        Ok(Some(Table { batches }))
    }

    /// Every column with its name, in the table's order.
    pub(crate) fn into_columns(self) -> (Vec<String>, Vec<Column>) {
        let Some(DataType::Struct(fields)) = self.batches.first().map(|b| b.data_type().clone())
        else {
            return (Vec::new(), Vec::new());
        };
        let names = fields.iter().map(|f| f.name().clone()).collect();
        let columns = (0..fields.len())
            .map(|at| {
                Column::new(
                    self.batches
                        .iter()
                        .map(|b| b.as_struct().column(at).clone())
                        .collect(),
                )
            })
            .collect();
        (names, columns)
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

fn arrow_error(e: ArrowError) -> PyErr {
    crate::error::to_py(Error::invalid_argument(
        "columns",
        "Arrow data",
        format!("could not be read: {e}"),
    ))
}

/// What the object's Arrow export method gives, or `None` when it has no
/// such method or its producer refuses (the caller reads it otherwise).
fn export<'py>(obj: &Bound<'py, PyAny>, method: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
    if !obj.hasattr(method)? {
        return Ok(None);
    }
    Ok(obj.call_method0(method).ok())
}

/// Every chunk of an Arrow stream capsule.
fn stream(capsule: &Bound<'_, PyAny>) -> PyResult<Vec<ArrayRef>> {
    let capsule = capsule.cast::<PyCapsule>()?;
    let pointer = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
    // SAFETY: the capsule named "arrow_array_stream" holds an
    // `ArrowArrayStream` (the PyCapsule interface's contract); `from_raw`
    // moves it out and leaves the capsule's copy released, as the interface
    // asks of a consumer.
    let reader =
        unsafe { ArrayStreamReader::from_raw(pointer.as_ptr().cast()) }.map_err(arrow_error)?;
    reader
        .map(|array| array.and_then(checked))
        .collect::<Result<Vec<_>, _>>()
        .map_err(arrow_error)
}

/// The array, once its buffers are checked against its type: offsets in
/// bounds and text valid UTF-8. The C data interface leaves validity to the
/// producer; a malformed one gets an error here, never a bad read later.
fn checked(array: ArrayRef) -> Result<ArrayRef, ArrowError> {
    array.to_data().validate_full()?;
    Ok(array)
}

/// The single Arrow array of a `__arrow_c_array__` (schema, array) pair.
fn array(pair: &Bound<'_, PyAny>) -> PyResult<ArrayRef> {
    let pair = pair.cast::<PyTuple>()?;
    let (schema, array) = (pair.get_item(0)?, pair.get_item(1)?);
    let schema = schema.cast::<PyCapsule>()?;
    let array = array.cast::<PyCapsule>()?;
    let schema = schema.pointer_checked(Some(c"arrow_schema"))?;
    let array = array.pointer_checked(Some(c"arrow_array"))?;
    // SAFETY: capsules named "arrow_schema" and "arrow_array" hold an
    // `ArrowSchema` and an `ArrowArray` (the PyCapsule interface). The array
    // is moved out (its capsule's copy left released); the schema is only
    // borrowed, and its capsule releases it.
    let data = unsafe {
        let array = FFI_ArrowArray::from_raw(array.as_ptr().cast());
        let schema = &*schema.as_ptr().cast::<FFI_ArrowSchema>();
        from_ffi(array, schema)
    }
    .map_err(arrow_error)?;
    checked(make_array(data)).map_err(arrow_error)
}
