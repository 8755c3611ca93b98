//! The daily tie-out for Python: records (dicts) or columns (dicts of
//! lists, pandas DataFrames, Arrow tables) in, a `Reconciliation` out with
//! amounts as `decimal.Decimal`. A row that cannot be read is an
//! `INVALID_ROW` exception of the tie-out, never an exception that loses the rest.

use crate::arrow;
use crate::convert;
use crate::error::IntoPy;
use crate::ledger::to_py;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyList, PyListMethods, PyString};
use seamline::reconciliation::{
    self as core, Assembler, Config, FulfilledLine, Input, Movement, MovementKind, OrderHeader,
    Payment, PaymentMethod, Refund, ReportRow, ReturnRecord, RowKind, SettlementKind,
    SettlementLine, UnreadRow,
};
use seamline::{
    ChannelId, Currency, CustomerId, Error, LocationId, OrderId, ProcessorId, RecordId, Sku,
};
use std::rc::Rc;

/// Keys whose text values are amounts, turned into `Decimal` on the way out.
const MONEY_KEYS: &[&str] = &[
    "amount",
    "expected",
    "actual",
    "difference",
    "amount_at_risk",
    "gross",
    "fee",
    "net",
    "total",
    "order_total",
    "payments_captured",
    "processor_captured",
    "settled_gross",
    "amount_differences",
    "currency_mismatched",
    "pending_settlement",
    "missing_settlement",
    "expected_fees",
    "actual_fees",
    "refunds_issued",
    "processor_refunds",
    "refunds_settled",
    "chargebacks",
    "chargeback_reversals",
    "settlement_net",
    "payouts",
];

/// Replaces amount text under [`MONEY_KEYS`] with `decimal.Decimal`, in place.
fn decimals(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<()> {
    let decimal = py.import("decimal")?.getattr("Decimal")?;
    fn walk(value: &Bound<'_, PyAny>, decimal: &Bound<'_, PyAny>) -> PyResult<()> {
        if let Ok(dict) = value.cast::<PyDict>() {
            for (k, v) in dict.iter() {
                let key = k.extract::<String>().unwrap_or_default();
                if v.is_instance_of::<PyString>() && MONEY_KEYS.contains(&key.as_str()) {
                    dict.set_item(k, decimal.call1((v,))?)?;
                } else {
                    walk(&v, decimal)?;
                }
            }
        } else if let Ok(list) = value.cast::<PyList>() {
            for v in list.iter() {
                walk(&v, decimal)?;
            }
        }
        Ok(())
    }
    walk(value, &decimal)
}

fn out<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let _pause = convert::GcPause::new(py);
    let obj = to_py(py, value)?;
    decimals(py, &obj)?;
    Ok(obj)
}

fn config(obj: &Bound<'_, PyAny>) -> Result<Config, Error> {
    convert::parse(obj, "config")
}

/// Each row of a sequence of records as core's serde form; a row that does
/// not even convert (a float for money) keeps its reason.
fn rows(
    obj: Option<&Bound<'_, PyAny>>,
    field: &str,
) -> PyResult<Vec<Result<serde_json::Value, Error>>> {
    let Some(obj) = obj else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (i, row) in obj.try_iter()?.enumerate() {
        out.push(convert::json(&row?, &format!("{field}[{i}]")));
    }
    Ok(out)
}

fn records(
    rows: Vec<Result<serde_json::Value, Error>>,
    kind: RowKind,
    unread: &mut Vec<UnreadRow>,
) -> Vec<serde_json::Value> {
    let mut ok = Vec::with_capacity(rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        match row {
            Ok(v) => ok.push(v),
            Err(e) => unread.push(UnreadRow::unparsed(kind, i, None, e.to_string())),
        }
    }
    ok
}

/// The tie-out of a day: orders (with their payments, fulfilments, returns
/// and refunds), settlement lines and stock movements as dicts.
#[pyfunction]
#[pyo3(signature = (*, orders = None, settlements = None, movements = None, config))]
pub fn reconcile(
    orders: Option<&Bound<'_, PyAny>>,
    settlements: Option<&Bound<'_, PyAny>>,
    movements: Option<&Bound<'_, PyAny>>,
    config: &Bound<'_, PyAny>,
) -> PyResult<PyReconciliation> {
    let config = self::config(config).py()?;
    let mut unread = Vec::new();
    let o = records(rows(orders, "orders")?, RowKind::Order, &mut unread);
    let s = records(
        rows(settlements, "settlements")?,
        RowKind::Settlement,
        &mut unread,
    );
    let m = records(
        rows(movements, "movements")?,
        RowKind::Movement,
        &mut unread,
    );
    let mut input = Input::from_records(o, s, m);
    input.unread.extend(unread);
    run(&input, &config)
}

fn run(input: &Input, config: &Config) -> PyResult<PyReconciliation> {
    let report = core::reconcile(input, config).py()?;
    Ok(PyReconciliation(report))
}

/// Where a column's cells come from.
#[derive(Clone)]
enum Source<'py> {
    /// A Python list (a dict of sequences; anything else that is not Arrow
    /// is turned into one).
    List(Bound<'py, PyList>),
    /// Arrow buffers (pyarrow, pandas, polars): no Python object per cell.
    Arrow(Rc<arrow::Column>),
}

impl Source<'_> {
    fn len(&self) -> usize {
        match self {
            Source::List(list) => list.len(),
            Source::Arrow(col) => col.len(),
        }
    }
}

/// A table's column: a dict of sequences' entry, a pandas DataFrame's or an
/// Arrow table's (`table[name]`). Cells are read from it in place, one row
/// at a time, in a single call: no per-row call back into Python.
fn column<'py>(table: &Bound<'py, PyAny>, name: &str) -> PyResult<Option<Source<'py>>> {
    let col = match table.get_item(name) {
        Ok(col) => col,
        Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyError>(table.py()) => return Ok(None),
        Err(e) => return Err(e),
    };
    if let Some(arrow) = arrow::Column::read(&col)? {
        return Ok(Some(Source::Arrow(Rc::new(arrow))));
    }
    let list = if col.hasattr("to_pylist")? {
        col.call_method0("to_pylist")?
    } else if col.hasattr("tolist")? {
        col.call_method0("tolist")?
    } else {
        col
    };
    match list.cast_into::<PyList>() {
        Ok(list) => Ok(Some(Source::List(list))),
        Err(e) => Ok(Some(Source::List(PyList::new(
            table.py(),
            e.into_inner().try_iter()?.collect::<PyResult<Vec<_>>>()?,
        )?))),
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

/// One column of a table, read cell by cell with the column's conversion.
/// Error messages name the row (`payments[3].amount`); the row's name is
/// only built when a cell fails, so a million good rows cost no formatting.
/// A missing cell is `None`, pandas' NaN, an Arrow null or a CSV reader's `""`.
struct Col<'py> {
    table: &'static str,
    name: &'static str,
    src: Option<Source<'py>>,
}

impl<'py> Col<'py> {
    fn field(&self, row: usize) -> String {
        format!("{}[{row}].{}", self.table, self.name)
    }

    fn missing(&self, row: usize) -> Error {
        Error::invalid_argument(self.field(row), "(missing)", "a value is required")
    }

    fn wrong_type(&self, row: usize, expected: &str, cell: &arrow::Cell<'_>) -> Error {
        Error::invalid_type(self.field(row), expected, cell.type_name())
    }

    /// The Arrow cell at `row`, when the column is Arrow.
    fn arrow(&self, row: usize) -> Option<arrow::Cell<'_>> {
        match &self.src {
            Some(Source::Arrow(col)) => Some(col.cell(row)),
            _ => None,
        }
    }

    /// The cell, unless absent, `None` or NaN.
    fn get(&self, row: usize) -> Option<Bound<'py, PyAny>> {
        let Some(Source::List(list)) = &self.src else {
            return None;
        };
        prefetch(list, row + PREFETCH_ROWS);
        let cell = list.get_item(row).ok()?;
        let nan = cell.is_instance_of::<PyFloat>() && cell.extract::<f64>().is_ok_and(f64::is_nan);
        (!cell.is_none() && !nan).then_some(cell)
    }

    /// `f` of the cell's text, borrowed from the Python string or the Arrow
    /// buffer (no copy); `None` when the cell is missing.
    fn with_text<R>(
        &self,
        row: usize,
        f: impl FnOnce(&str) -> Result<R, Error>,
    ) -> Result<Option<R>, Error> {
        if let Some(cell) = self.arrow(row) {
            return match cell {
                arrow::Cell::Null | arrow::Cell::Text("") => Ok(None),
                arrow::Cell::Text(text) => f(text).map(Some),
                other => Err(self.wrong_type(row, "str", &other)),
            };
        }
        let Some(cell) = self.get(row) else {
            return Ok(None);
        };
        match cell.cast::<PyString>().ok().map(|s| s.to_str()) {
            Some(Ok("")) => Ok(None),
            Some(Ok(text)) => f(text).map(Some),
            _ => Err(Error::invalid_type(
                self.field(row),
                "str",
                cell.get_type().to_string(),
            )),
        }
    }

    fn owned(&self, row: usize) -> Result<Option<String>, Error> {
        self.with_text(row, |t| Ok(t.to_string()))
    }

    fn optional_id<T: Clone>(&self, row: usize, ids: &mut Interner<T>) -> Result<Option<T>, Error> {
        self.with_text(row, |t| {
            ids.get(t).or_else(|_| ids.get_named(t, &self.field(row)))
        })
    }

    fn id<T: Clone>(&self, row: usize, ids: &mut Interner<T>) -> Result<T, Error> {
        self.optional_id(row, ids)?.ok_or_else(|| self.missing(row))
    }

    /// Re-runs a failed conversion with the row's name, for its error.
    fn named<T>(&self, row: usize, f: impl Fn(&str) -> Result<T, Error>) -> Result<T, Error> {
        f(self.name).or_else(|_| f(&self.field(row)))
    }

    fn optional_decimal(&self, row: usize) -> Result<Option<seamline::Decimal>, Error> {
        if let Some(cell) = self.arrow(row) {
            return match cell {
                arrow::Cell::Null | arrow::Cell::Text("") => Ok(None),
                arrow::Cell::Text(text) => self
                    .named(row, |field| seamline::parse_decimal(field, text))
                    .map(Some),
                arrow::Cell::Int(n) => Ok(Some(seamline::Decimal::from(n))),
                arrow::Cell::Decimal(unscaled, scale) => {
                    arrow_decimal(unscaled, scale).map(Some).ok_or_else(|| {
                        Error::invalid_amount(
                            self.field(row),
                            format!("{unscaled}e-{scale}"),
                            "is outside the exact decimal range (28 digits)",
                        )
                    })
                }
                arrow::Cell::Float(v) => Err(Error::invalid_type(
                    self.field(row),
                    "decimal, int or str",
                    format!("float {v}: floats are inexact, use a decimal128 column"),
                )),
                other => Err(self.wrong_type(row, "decimal, int or str", &other)),
            };
        }
        let Some(cell) = self.get(row) else {
            return Ok(None);
        };
        if let Some(Ok(text)) = cell.cast::<PyString>().ok().map(|s| s.to_str()) {
            if text.is_empty() {
                return Ok(None);
            }
            return self
                .named(row, |field| seamline::parse_decimal(field, text))
                .map(Some);
        }
        self.named(row, |field| fast_decimal(&cell, field))
            .map(Some)
    }

    fn decimal(&self, row: usize) -> Result<seamline::Decimal, Error> {
        self.optional_decimal(row)?.ok_or_else(|| self.missing(row))
    }

    fn integer(&self, row: usize) -> Result<i64, Error> {
        if let Some(cell) = self.arrow(row) {
            return match cell {
                arrow::Cell::Int(n) => Ok(n),
                arrow::Cell::Null => Err(self.missing(row)),
                other => Err(self.wrong_type(row, "int", &other)),
            };
        }
        let cell = self.get(row).ok_or_else(|| self.missing(row))?;
        self.named(row, |field| convert::integer(&cell, field))
    }

    fn instant(&self, row: usize) -> Result<seamline::Instant, Error> {
        if let Some(cell) = self.arrow(row) {
            let refuse = |value: String, reason: &str| Error::InvalidTimestamp {
                field: self.field(row),
                value,
                reason: reason.into(),
            };
            return match cell {
                arrow::Cell::Null => Err(self.missing(row)),
                arrow::Cell::Text(text) => self.named(row, |field| {
                    seamline::Instant::parse(text).map_err(|e| rename(e, field))
                }),
                arrow::Cell::Micros {
                    micros,
                    zoned: true,
                } => seamline::Instant::from_unix_micros(micros)
                    .map_err(|e| rename(e, &self.field(row))),
                arrow::Cell::Micros {
                    micros,
                    zoned: false,
                } => Err(refuse(
                    micros.to_string(),
                    "a timestamp without a time zone is ambiguous: give the column one (e.g. UTC)",
                )),
                arrow::Cell::SubMicro | arrow::Cell::OutOfRange => Err(refuse(
                    "(timestamp)".into(),
                    "is finer than a microsecond or out of range",
                )),
                other => Err(self.wrong_type(row, "timestamp or str", &other)),
            };
        }
        let cell = self.get(row).ok_or_else(|| self.missing(row))?;
        if let Some(Ok(text)) = cell.cast::<PyString>().ok().map(|s| s.to_str()) {
            if let Ok(at) = seamline::Instant::parse(text) {
                return Ok(at);
            }
        }
        self.named(row, |field| convert::instant(&cell, field))
    }

    fn flag(&self, row: usize) -> Result<bool, Error> {
        if let Some(cell) = self.arrow(row) {
            return match cell {
                arrow::Cell::Bool(b) => Ok(b),
                arrow::Cell::Null => Err(self.missing(row)),
                other => Err(self.wrong_type(row, "bool", &other)),
            };
        }
        let cell = self.get(row).ok_or_else(|| self.missing(row))?;
        if cell.is_instance_of::<pyo3::types::PyBool>() {
            return Ok(cell.is_truthy().unwrap_or(false));
        }
        Err(Error::invalid_type(
            self.field(row),
            "bool",
            cell.get_type().to_string(),
        ))
    }
}

/// An Arrow decimal128 as an exact decimal, if it fits (28 digits).
fn arrow_decimal(unscaled: i128, scale: i8) -> Option<seamline::Decimal> {
    match u32::try_from(scale) {
        Ok(scale) => seamline::Decimal::try_from_i128_with_scale(unscaled, scale).ok(),
        // A negative scale: whole multiples of a power of ten.
        Err(_) => {
            let factor = 10i128.checked_pow(u32::from(scale.unsigned_abs()))?;
            seamline::Decimal::try_from_i128_with_scale(unscaled.checked_mul(factor)?, 0).ok()
        }
    }
}

/// A timestamp error naming `field`.
fn rename(e: Error, field: &str) -> Error {
    match e {
        Error::InvalidTimestamp { value, reason, .. } => Error::InvalidTimestamp {
            field: field.into(),
            value,
            reason,
        },
        other => other,
    }
}

/// An exact amount from a cell: decimal text, or a `Decimal` read through
/// its C `str()` (plain digits in the common case; anything else, and ints,
/// take the checked path, which also refuses floats).
fn fast_decimal(cell: &Bound<'_, PyAny>, field: &str) -> Result<seamline::Decimal, Error> {
    if !cell.is_instance_of::<PyFloat>() && !cell.is_instance_of::<pyo3::types::PyInt>() {
        if let Ok(text) = cell.str() {
            if let Ok(d) = seamline::parse_decimal(field, text.to_str().unwrap_or("")) {
                return Ok(d);
            }
        }
    }
    convert::decimal(cell, field)
}

/// Ids read once per distinct text: tills and exports repeat the same
/// SKUs, stores, channels and order ids across tables, and each repeat
/// shares one allocation instead of making its own.
struct Interner<T> {
    make: fn(&str) -> seamline::Result<T>,
    seen: rustc_hash::FxHashMap<Box<str>, T>,
    limit: usize,
    // Rows of one order usually come together: the last id read, checked first.
    last: (String, Option<T>),
}

impl<T: Clone> Interner<T> {
    fn new(make: fn(&str) -> seamline::Result<T>, limit: usize) -> Self {
        Interner {
            make,
            seen: Default::default(),
            limit,
            last: (String::new(), None),
        }
    }

    fn get(&mut self, text: &str) -> Result<T, Error> {
        if self.limit == 0 {
            return (self.make)(text); // ids unique per row: nothing to share
        }
        if let (last, Some(v)) = &self.last {
            if last == text {
                return Ok(v.clone());
            }
        }
        let v = match self.seen.get(text) {
            Some(v) => v.clone(),
            None => {
                let v = (self.make)(text)?;
                if self.seen.len() < self.limit {
                    self.seen.insert(text.into(), v.clone());
                }
                v
            }
        };
        self.last.0.clear();
        self.last.0.push_str(text);
        self.last.1 = Some(v.clone());
        Ok(v)
    }

    /// The error for `text`, naming the row's field.
    fn get_named(&mut self, text: &str, field: &str) -> Result<T, Error> {
        self.get(text).map_err(|e| match e {
            Error::InvalidId { value, reason, .. } => Error::InvalidId {
                field: field.into(),
                value,
                reason,
            },
            Error::InvalidSku { value, reason, .. } => Error::InvalidSku {
                field: field.into(),
                value,
                reason,
            },
            Error::UnknownCurrency { value, .. } => Error::UnknownCurrency {
                field: field.into(),
                value,
            },
            Error::InvalidArgument { value, reason, .. } => Error::InvalidArgument {
                field: field.into(),
                value,
                reason,
            },
            other => other,
        })
    }
}

/// The ids of one call, shared across tables.
struct Ids {
    orders: Interner<OrderId>,
    channels: Interner<ChannelId>,
    currencies: Interner<Currency>,
    customers: Interner<CustomerId>,
    records: Interner<RecordId>,
    processors: Interner<ProcessorId>,
    skus: Interner<Sku>,
    locations: Interner<LocationId>,
    methods: Interner<PaymentMethod>,
    settlement_kinds: Interner<SettlementKind>,
    movement_kinds: Interner<MovementKind>,
}

impl Ids {
    fn new() -> Self {
        // Order ids are unique in their table (children find theirs through
        // the assembler). Record ids (line, payment, return ids) repeat only
        // when they are small numbers or names: keep the first few thousand.
        Ids {
            orders: Interner::new(OrderId::new, 0),
            channels: Interner::new(ChannelId::new, 4096),
            currencies: Interner::new(Currency::from_code, 4096),
            customers: Interner::new(CustomerId::new, 0),
            records: Interner::new(RecordId::new, 4096),
            processors: Interner::new(ProcessorId::new, 4096),
            skus: Interner::new(Sku::new, usize::MAX),
            locations: Interner::new(LocationId::new, usize::MAX),
            methods: Interner::new(|t| core::from_wire_name("method", t), 64),
            settlement_kinds: Interner::new(|t| core::from_wire_name("kind", t), 64),
            movement_kinds: Interner::new(|t| core::from_wire_name("kind", t), 64),
        }
    }
}

/// The columns of one table, all the same length.
struct Columns<'py> {
    table: &'static str,
    len: usize,
    cols: Vec<(&'static str, Option<Source<'py>>)>,
}

impl<'py> Columns<'py> {
    fn read(
        table_name: &'static str,
        table: Option<&Bound<'py, PyAny>>,
        names: &[&'static str],
    ) -> PyResult<Result<Columns<'py>, Error>> {
        let mut cols = Vec::with_capacity(names.len());
        let mut len = None;
        if let Some(table) = table {
            // A table that hands over Arrow as a whole (pyarrow, pandas,
            // polars) is read in one stream; otherwise column by column.
            let arrow = arrow::Table::read(table)?;
            for &name in names {
                let col = match &arrow {
                    Some(arrow) => arrow.column(name).map(|c| Source::Arrow(Rc::new(c))),
                    None => column(table, name)?,
                };
                if let Some(c) = &col {
                    match len {
                        None => len = Some(c.len()),
                        Some(n) if n != c.len() => {
                            return Ok(Err(Error::invalid_argument(
                                format!("{table_name}.{name}"),
                                c.len(),
                                format!("every column of {table_name} must have {n} rows"),
                            )))
                        }
                        _ => {}
                    }
                }
                cols.push((name, col));
            }
        }
        Ok(Ok(Columns {
            table: table_name,
            len: len.unwrap_or(0),
            cols,
        }))
    }

    fn col(&self, name: &'static str) -> Col<'py> {
        Col {
            table: self.table,
            name,
            src: self
                .cols
                .iter()
                .find(|c| c.0 == name)
                .and_then(|c| c.1.clone()),
        }
    }

    /// Reads every row with `read`; one that fails is an unread row of `kind`.
    fn each_row(
        &self,
        kind: RowKind,
        id_column: &'static str,
        unread: &mut Vec<UnreadRow>,
        mut read: impl FnMut(usize) -> Result<(), Error>,
    ) {
        let (order, id) = (self.col("order_id"), self.col(id_column));
        for row in 0..self.len {
            if let Err(e) = read(row) {
                unread.push(UnreadRow {
                    kind,
                    order_id: order.owned(row).ok().flatten(),
                    id: id
                        .owned(row)
                        .ok()
                        .flatten()
                        .unwrap_or_else(|| format!("#{row}")),
                    at: None,
                    reason: e.to_string(),
                });
            }
        }
    }
}

/// The tie-out from columns: each table a dict of equal-length lists, or
/// anything that exports Arrow (a pyarrow Table, a pandas or polars
/// DataFrame: read from its buffers, no Python object per cell), child
/// tables naming their order in an `order_id` column. The columns are read
/// in one call, not row by row.
#[pyfunction]
#[pyo3(signature = (*, orders, payments = None, fulfilments = None, returns = None, refunds = None, settlements = None, movements = None, config))]
#[allow(clippy::too_many_arguments)]
pub fn reconcile_columns(
    orders: &Bound<'_, PyAny>,
    payments: Option<&Bound<'_, PyAny>>,
    fulfilments: Option<&Bound<'_, PyAny>>,
    returns: Option<&Bound<'_, PyAny>>,
    refunds: Option<&Bound<'_, PyAny>>,
    settlements: Option<&Bound<'_, PyAny>>,
    movements: Option<&Bound<'_, PyAny>>,
    config: &Bound<'_, PyAny>,
) -> PyResult<PyReconciliation> {
    let _pause = convert::GcPause::new(orders.py());
    let config = self::config(config).py()?;
    let read = |name, table, cols: &[&'static str]| -> PyResult<Columns<'_>> {
        Columns::read(name, table, cols)?.py()
    };
    let o = read(
        "orders",
        Some(orders),
        &[
            "order_id",
            "channel",
            "currency",
            "total",
            "placed_at",
            "customer",
        ],
    )?;
    let p = read(
        "payments",
        payments,
        &[
            "order_id",
            "payment_id",
            "method",
            "processor",
            "processor_reference",
            "amount",
            "captured_at",
        ],
    )?;
    let f = read(
        "fulfilments",
        fulfilments,
        &[
            "order_id",
            "line_id",
            "sku",
            "quantity",
            "location",
            "fulfilled_at",
        ],
    )?;
    let r = read(
        "returns",
        returns,
        &[
            "order_id",
            "return_id",
            "line_id",
            "sku",
            "quantity",
            "restock",
            "location",
            "received_at",
        ],
    )?;
    let d = read(
        "refunds",
        refunds,
        &[
            "order_id",
            "refund_id",
            "return_id",
            "method",
            "processor",
            "processor_reference",
            "amount",
            "issued_at",
        ],
    )?;
    let s = read(
        "settlements",
        settlements,
        &[
            "id",
            "kind",
            "processor",
            "processor_reference",
            "merchant_reference",
            "gross",
            "fee",
            "net",
            "currency",
            "settled_at",
            "batch_id",
        ],
    )?;
    let m = read(
        "movements",
        movements,
        &[
            "id",
            "sku",
            "location",
            "delta",
            "kind",
            "order_reference",
            "return_reference",
            "occurred_at",
        ],
    )?;
    let mut ids = Ids::new();
    let mut unread = Vec::new();
    let mut a = Assembler::with_capacity(o.len);
    {
        let (id, ch, cur, total, at, cust) = (
            o.col("order_id"),
            o.col("channel"),
            o.col("currency"),
            o.col("total"),
            o.col("placed_at"),
            o.col("customer"),
        );
        o.each_row(RowKind::Order, "order_id", &mut unread, |i| {
            a.order(OrderHeader {
                order_id: id.id(i, &mut ids.orders)?,
                channel: ch.id(i, &mut ids.channels)?,
                currency: cur.id(i, &mut ids.currencies)?,
                total: total.decimal(i)?,
                placed_at: at.instant(i)?,
                customer: cust.optional_id(i, &mut ids.customers)?,
            });
            Ok(())
        });
    }
    // A child names its order by text: the assembler finds the order without
    // making an id for it.
    let child = |col: &Col<'_>, i: usize, add: &mut dyn FnMut(&str)| -> Result<(), Error> {
        col.with_text(i, |t| {
            add(t);
            Ok(())
        })?
        .ok_or_else(|| col.missing(i))
    };
    {
        let (oid, id, method, pr, pref, amount, at) = (
            p.col("order_id"),
            p.col("payment_id"),
            p.col("method"),
            p.col("processor"),
            p.col("processor_reference"),
            p.col("amount"),
            p.col("captured_at"),
        );
        p.each_row(RowKind::Payment, "payment_id", &mut unread, |i| {
            let mut row = Some(Payment {
                payment_id: id.id(i, &mut ids.records)?,
                method: method.id(i, &mut ids.methods)?,
                processor: pr.optional_id(i, &mut ids.processors)?,
                processor_reference: pref.owned(i)?,
                amount: amount.decimal(i)?,
                captured_at: at.instant(i)?,
            });
            child(&oid, i, &mut |order| {
                a.payment(order, row.take().expect("once"))
            })
        });
    }
    {
        let (oid, line, sku, q, loc, at) = (
            f.col("order_id"),
            f.col("line_id"),
            f.col("sku"),
            f.col("quantity"),
            f.col("location"),
            f.col("fulfilled_at"),
        );
        f.each_row(RowKind::OrderSku, "sku", &mut unread, |i| {
            let mut row = Some(FulfilledLine {
                line_id: line.id(i, &mut ids.records)?,
                sku: sku.id(i, &mut ids.skus)?,
                quantity: q.integer(i)?,
                location: loc.id(i, &mut ids.locations)?,
                fulfilled_at: at.instant(i)?,
            });
            child(&oid, i, &mut |order| {
                a.fulfilment(order, row.take().expect("once"))
            })
        });
    }
    {
        let (oid, id, line, sku, q, restock, loc, at) = (
            r.col("order_id"),
            r.col("return_id"),
            r.col("line_id"),
            r.col("sku"),
            r.col("quantity"),
            r.col("restock"),
            r.col("location"),
            r.col("received_at"),
        );
        r.each_row(RowKind::Return, "return_id", &mut unread, |i| {
            let mut row = Some(ReturnRecord {
                return_id: id.id(i, &mut ids.records)?,
                line_id: line.id(i, &mut ids.records)?,
                sku: sku.id(i, &mut ids.skus)?,
                quantity: q.integer(i)?,
                restock: restock.flag(i)?,
                location: loc.id(i, &mut ids.locations)?,
                received_at: at.instant(i)?,
            });
            child(&oid, i, &mut |order| {
                a.return_record(order, row.take().expect("once"))
            })
        });
    }
    {
        let (oid, id, ret, method, pr, pref, amount, at) = (
            d.col("order_id"),
            d.col("refund_id"),
            d.col("return_id"),
            d.col("method"),
            d.col("processor"),
            d.col("processor_reference"),
            d.col("amount"),
            d.col("issued_at"),
        );
        d.each_row(RowKind::Refund, "refund_id", &mut unread, |i| {
            let mut row = Some(Refund {
                refund_id: id.id(i, &mut ids.records)?,
                return_id: ret.optional_id(i, &mut ids.records)?,
                method: method.id(i, &mut ids.methods)?,
                processor: pr.optional_id(i, &mut ids.processors)?,
                processor_reference: pref.owned(i)?,
                amount: amount.decimal(i)?,
                issued_at: at.instant(i)?,
            });
            child(&oid, i, &mut |order| {
                a.refund(order, row.take().expect("once"))
            })
        });
    }
    let mut settlements = Vec::with_capacity(s.len);
    {
        let (id, kind, pr, pref, mref) = (
            s.col("id"),
            s.col("kind"),
            s.col("processor"),
            s.col("processor_reference"),
            s.col("merchant_reference"),
        );
        let (gross, fee, net, cur, at, batch) = (
            s.col("gross"),
            s.col("fee"),
            s.col("net"),
            s.col("currency"),
            s.col("settled_at"),
            s.col("batch_id"),
        );
        let mut line_ids = Interner::new(RecordId::new, 0);
        s.each_row(RowKind::Settlement, "id", &mut unread, |i| {
            settlements.push(SettlementLine {
                id: id.id(i, &mut line_ids)?,
                kind: kind.id(i, &mut ids.settlement_kinds)?,
                processor: pr.id(i, &mut ids.processors)?,
                processor_reference: pref.owned(i)?,
                merchant_reference: mref.owned(i)?,
                gross: gross.optional_decimal(i)?,
                fee: fee.optional_decimal(i)?,
                net: net.decimal(i)?,
                currency: cur.id(i, &mut ids.currencies)?,
                settled_at: at.instant(i)?,
                batch_id: batch.optional_id(i, &mut ids.records)?,
            });
            Ok(())
        });
    }
    let mut movements = Vec::with_capacity(m.len);
    {
        let (id, sku, loc, delta, kind, oref, rref, at) = (
            m.col("id"),
            m.col("sku"),
            m.col("location"),
            m.col("delta"),
            m.col("kind"),
            m.col("order_reference"),
            m.col("return_reference"),
            m.col("occurred_at"),
        );
        let mut movement_ids = Interner::new(RecordId::new, 0);
        m.each_row(RowKind::Movement, "id", &mut unread, |i| {
            // A sale names an order: share its id when the order is known.
            let order_reference = oref.with_text(i, |t| match a.known(t) {
                Some((order, _)) => Ok(order),
                None => OrderId::new(t),
            })?;
            movements.push(Movement {
                id: id.id(i, &mut movement_ids)?,
                sku: sku.id(i, &mut ids.skus)?,
                location: loc.id(i, &mut ids.locations)?,
                delta: delta.integer(i)?,
                kind: kind.id(i, &mut ids.movement_kinds)?,
                order_reference,
                return_reference: rref.optional_id(i, &mut ids.records)?,
                occurred_at: at.instant(i)?,
            });
            Ok(())
        });
    }
    for row in unread {
        a.unread(row);
    }
    run(&a.finish(settlements, movements), &config)
}

fn report_rows(rows: &Bound<'_, PyAny>) -> Result<Vec<ReportRow>, Error> {
    convert::parse(rows, "rows")
}

/// Stripe balance transactions (dicts keyed by Stripe's column names) as
/// settlement lines: `{"lines", "unknown", "rejected"}`.
#[pyfunction]
#[pyo3(signature = (rows, *, merchant_reference_column = None))]
pub fn stripe_balance_transactions<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyAny>,
    merchant_reference_column: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let rows = report_rows(rows).py()?;
    out(
        py,
        &core::stripe_balance_transactions(&rows, merchant_reference_column),
    )
}

/// Adyen settlement-details rows as settlement lines: `{"lines", "unknown", "rejected"}`.
#[pyfunction]
pub fn adyen_settlement_details<'py>(
    py: Python<'py>,
    rows: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let rows = report_rows(rows).py()?;
    out(py, &core::adyen_settlement_details(&rows))
}

/// What one tie-out found.
#[pyclass(name = "Reconciliation", module = "seamline", frozen)]
pub struct PyReconciliation(core::Report);

#[pymethods]
impl PyReconciliation {
    /// The instant it was run as of (RFC 3339 text).
    #[getter]
    fn as_of(&self) -> String {
        self.0.as_of.to_rfc3339()
    }

    /// The exception queue, most urgent first: dicts with Decimal amounts.
    #[getter]
    fn exceptions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, &self.0.exceptions)
    }

    /// Rows inside their window.
    #[getter]
    fn pending<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, &self.0.pending)
    }

    /// Money per currency, exact to the cent.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, &self.0.summary)
    }

    /// Where every row landed: `{table: {"matched", "pending", "exceptions"}}`.
    #[getter]
    fn rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, &self.0.rows)
    }

    /// How many matches (cheap; `matches()` builds them all).
    #[getter]
    fn match_count(&self) -> usize {
        self.0.matches.len()
    }

    /// What was matched: `[{"kind", "rows"}]`, at most `limit` of them.
    #[pyo3(signature = (limit = None))]
    fn matches<'py>(&self, py: Python<'py>, limit: Option<usize>) -> PyResult<Bound<'py, PyAny>> {
        let items: Vec<_> = self
            .0
            .matches
            .iter()
            .take(limit.unwrap_or(usize::MAX))
            .collect();
        out(py, &items)
    }

    /// The exception queue as CSV text (header row first, most urgent first).
    fn exceptions_csv(&self) -> String {
        core::exceptions_csv(&self.0)
    }

    /// A plain-text summary to read before the queue.
    fn summary_text(&self) -> String {
        core::summary_text(&self.0)
    }

    /// Today's queue from yesterday's (`previous`, as this returned it) and
    /// acceptances made since: each item new, persisting, resolved, accepted or reopened.
    #[pyo3(signature = (previous = None, accepted = None))]
    fn queue<'py>(
        &self,
        py: Python<'py>,
        previous: Option<&Bound<'py, PyAny>>,
        accepted: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let previous: Vec<core::QueueItem> = match previous {
            Some(p) => convert::parse(p, "previous").py()?,
            None => Vec::new(),
        };
        let accepted: Vec<core::Acceptance> = match accepted {
            Some(a) => convert::parse(a, "accepted").py()?,
            None => Vec::new(),
        };
        out(py, &core::update_queue(&previous, &self.0, &accepted).py()?)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Reconciliation as of {}: {} exception(s), {} pending, {} matched>",
            self.0.as_of,
            self.0.exceptions.len(),
            self.0.pending.len(),
            self.0.matches.len()
        )
    }
}
