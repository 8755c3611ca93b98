//! Python tables as core's `Columns`: a dict of sequences, a pandas or
//! polars DataFrame, an Arrow table or anything with `__arrow_c_stream__`.
//! Cell access only: what a column means, and every error about it, is core's.

use crate::arrow;
use crate::convert;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString, PyType};
use seamline::input::{place_fields, Cell, Columns, Extras, Fields, KeyCache, TableSchema};
use seamline::Error;

/// Where a column's cells come from.
enum Source<'py> {
    /// A Python list (a dict of sequences; anything else that is not Arrow
    /// is turned into one).
    List(Bound<'py, PyList>),
    /// Arrow buffers (pyarrow, pandas, polars): no Python object per cell.
    Arrow(arrow::Column),
}

/// A table's columns, by name, as the caller's container holds them.
pub struct PyColumns<'py> {
    names: Vec<String>,
    sources: Vec<Source<'py>>,
}

impl<'py> PyColumns<'py> {
    /// The columns of `table`. A table that hands over Arrow as a whole is
    /// read in one stream; otherwise column by column, by its `keys()`.
    pub fn read(table: &Bound<'py, PyAny>, name: &str) -> PyResult<Result<Self, Error>> {
        // An Arrow stream that does not import (polars exports an all-null
        // column with a buffer the C data interface forbids, polars #22934)
        // is read column by column; with no columns to read, its error stands.
        let refused = match arrow::table(table) {
            Ok(Some(arrow)) => {
                let (names, columns) = arrow.into_parts();
                // pandas exports an index that is not 0..n (a filtered or
                // sorted frame) as `__index_level_0__`: row labels, not a
                // column of the table. A named index keeps its name and is read.
                let (names, sources) = names
                    .into_iter()
                    .zip(columns)
                    .filter(|(n, _)| !is_pandas_row_labels(n))
                    .map(|(n, c)| (n, Source::Arrow(c)))
                    .unzip();
                return Ok(Ok(PyColumns { names, sources }));
            }
            Ok(None) => None,
            Err(e) => Some(e),
        };
        let keys = match table.call_method0("keys") {
            Ok(keys) => keys,
            Err(_) => match table.getattr("columns") {
                Ok(columns) => columns,
                Err(_) => {
                    return match refused {
                        Some(e) => Err(e),
                        None => Ok(Err(Error::invalid_type(
                            name,
                            "a dict of columns, a DataFrame or an Arrow table",
                            convert::type_name(table),
                        ))),
                    }
                }
            },
        };
        let mut names = Vec::new();
        let mut sources = Vec::new();
        for key in keys.try_iter()? {
            let key = key?;
            let Ok(text) = key.cast::<PyString>() else {
                return Ok(Err(Error::invalid_type(
                    format!("{name} column name"),
                    "str",
                    convert::type_name(&key),
                )));
            };
            names.push(text.to_string_lossy().into_owned());
            sources.push(column(&table.get_item(&key)?)?);
        }
        Ok(Ok(PyColumns { names, sources }))
    }

    /// Whether every column is Arrow: no Python object left to read, so the
    /// table can be read without the GIL, on any thread.
    pub fn is_arrow(&self) -> bool {
        self.sources.iter().all(|s| matches!(s, Source::Arrow(_)))
    }

    /// The table as plain Arrow columns; `None` if a column is a Python list.
    pub fn into_arrow(self) -> Option<arrow::ArrowColumns> {
        let columns = self
            .sources
            .into_iter()
            .map(|s| match s {
                Source::Arrow(col) => Some(col),
                Source::List(_) => None,
            })
            .collect::<Option<Vec<_>>>()?;
        Some(arrow::ArrowColumns::from_parts(self.names, columns))
    }
}

/// A column as Arrow buffers or a list of its cells.
fn column<'py>(col: &Bound<'py, PyAny>) -> PyResult<Source<'py>> {
    let refused = match arrow::column(col) {
        Ok(Some(arrow)) => return Ok(Source::Arrow(arrow)),
        Ok(None) => None,
        Err(e) => Some(e),
    };
    let list = match as_list(col) {
        Ok(list) => list,
        Err(e) => return Err(refused.unwrap_or(e)),
    };
    Ok(Source::List(list))
}

/// A column's cells as a Python list, through the producer's own method.
fn as_list<'py>(col: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    let mut list = col.clone();
    for method in ["to_pylist", "to_list", "tolist"] {
        if col.hasattr(method)? {
            list = col.call_method0(method)?;
            break;
        }
    }
    match list.cast_into::<PyList>() {
        Ok(list) => Ok(list),
        Err(e) => PyList::new(
            col.py(),
            e.into_inner().try_iter()?.collect::<PyResult<Vec<_>>>()?,
        ),
    }
}

/// How far ahead of the row being read its column's cell is fetched.
const PREFETCH_ROWS: usize = 16;

/// Asks the CPU to start loading the object at `row`: a column's objects lie
/// scattered over the Python heap, and reading each one would otherwise wait
/// for memory. Only a hint (core's); out of range it does nothing.
fn prefetch(list: &Bound<'_, PyList>, row: usize) {
    if row < list.len() {
        // SAFETY: `row` is in range, so `PyList_GetItem` returns the borrowed
        // item without raising; the hint reads nothing through the pointer.
        let item = unsafe { pyo3::ffi::PyList_GetItem(list.as_ptr(), row as isize) }.cast::<u8>();
        seamline::prefetch::prefetch(item);
        seamline::prefetch::prefetch(item.wrapping_add(64));
    }
}

impl Columns for PyColumns<'_> {
    fn names(&self) -> Vec<String> {
        self.names.clone()
    }

    fn column_len(&self, column: usize) -> usize {
        match &self.sources[column] {
            Source::List(list) => list.len(),
            Source::Arrow(col) => col.len(),
        }
    }

    fn with_cell<R>(&self, column: usize, row: usize, f: impl FnOnce(Cell<'_>) -> R) -> R {
        match &self.sources[column] {
            Source::Arrow(col) => col.with_cell(row, f),
            Source::List(list) => {
                prefetch(list, row + PREFETCH_ROWS);
                match list.get_item(row) {
                    Ok(cell) => with_object(&cell, f),
                    Err(_) => f(Cell::Missing),
                }
            }
        }
    }

    fn is_float(&self, column: usize) -> bool {
        match &self.sources[column] {
            Source::Arrow(col) => col.is_float(),
            // A list of floats (pandas without pyarrow gives one): its first
            // value (not None or NaN, pandas' missing) is a float. A float
            // further down a list of other values is refused on its row.
            Source::List(list) => list
                .iter()
                .find(|cell| !missing(cell))
                .is_some_and(|cell| cell.is_instance_of::<PyFloat>()),
        }
    }
}

/// A dict as one record of `table`: core places its keys (any spelling)
/// and reads each value as a cell, with no copy into JSON.
pub struct DictRecord<'py>(Vec<Option<Bound<'py, PyAny>>>);

impl<'py> DictRecord<'py> {
    /// The record `obj` (named `path` in errors); not a dict is `INVALID_TYPE`.
    pub fn read(
        table: &'static TableSchema,
        obj: &Bound<'py, PyAny>,
        path: &dyn Fn() -> String,
        keys: &mut KeyCache,
    ) -> Result<DictRecord<'py>, Error> {
        let dict = obj
            .cast::<PyDict>()
            .map_err(|_| Error::invalid_type(path(), "a dict", convert::type_name(obj)))?;
        let entries = dict.iter().map(|(k, v)| (Key(k), v));
        let placed = place_fields(table, entries, path, Extras::Refuse, keys)?;
        Ok(DictRecord(placed.fields))
    }
}

impl Fields for DictRecord<'_> {
    fn with<R>(&self, field: usize, f: impl FnOnce(Cell<'_>) -> R) -> R {
        match &self.0[field] {
            Some(v) => with_object(v, f),
            None => f(Cell::Missing),
        }
    }
}

/// A dict key as text; one that is not `str` reads as no name (refused
/// as an unknown field).
struct Key<'py>(Bound<'py, PyAny>);

impl AsRef<str> for Key<'_> {
    fn as_ref(&self) -> &str {
        self.0
            .cast::<PyString>()
            .ok()
            .and_then(|s| s.to_str().ok())
            .unwrap_or("")
    }
}

/// `None`, or a float NaN (pandas' missing value).
fn missing(cell: &Bound<'_, PyAny>) -> bool {
    cell.is_none()
        || (cell.is_instance_of::<PyFloat>() && cell.extract::<f64>().is_ok_and(f64::is_nan))
}

/// `f` of a Python object as a cell. Python's own types only; a value the
/// tie-out does not read is named by its type.
pub fn with_object<R>(obj: &Bound<'_, PyAny>, f: impl FnOnce(Cell<'_>) -> R) -> R {
    if obj.is_none() {
        return f(Cell::Missing);
    }
    if let Ok(text) = obj.cast::<PyString>() {
        return match text.to_str() {
            Ok(t) => f(Cell::Text(t)),
            // Lone surrogates: not text any system can store.
            Err(_) => f(Cell::Other("str with lone surrogates")),
        };
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return f(Cell::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        return match obj.extract::<i64>() {
            Ok(n) => f(Cell::Int(n)),
            Err(_) => f(Cell::BigInt(&obj.to_string())),
        };
    }
    if let Ok(v) = obj.cast::<PyFloat>() {
        let v = v.value();
        return f(if v.is_nan() {
            Cell::Missing
        } else {
            Cell::Float(v)
        });
    }
    if obj.is_instance_of::<PyDateTime>() {
        return match crate::instant::read(obj, "") {
            Ok(at) => f(Cell::Instant(at)),
            // A naive datetime: its text, which core refuses for having no offset.
            Err(_) => {
                let text: String = obj
                    .call_method0("isoformat")
                    .and_then(|t| t.extract())
                    .unwrap_or_default();
                f(Cell::Text(&text))
            }
        };
    }
    if is_decimal(obj) {
        // str() gives plain digits for the common case, read without a
        // call into Python's formatting; an exponent takes the checked path.
        if let Ok(text) = obj.str() {
            if let Ok(d) = seamline::parse_decimal("", &text.to_string_lossy()) {
                return f(Cell::Decimal(d));
            }
        }
        if let Ok(d) = convert::decimal(obj, "") {
            return f(Cell::Decimal(d));
        }
        return f(Cell::Other("a Decimal that is not a finite number"));
    }
    f(Cell::Other(&convert::type_name(obj)))
}

/// `decimal.Decimal`, looked up once.
static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

fn is_decimal(obj: &Bound<'_, PyAny>) -> bool {
    DECIMAL
        .import(obj.py(), "decimal", "Decimal")
        .is_ok_and(|t| obj.is_instance(t).unwrap_or(false))
}

/// Whether an Arrow column is pandas' unnamed index (`__index_level_0__`).
fn is_pandas_row_labels(name: &str) -> bool {
    name.strip_prefix("__index_level_")
        .and_then(|rest| rest.strip_suffix("__"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}
