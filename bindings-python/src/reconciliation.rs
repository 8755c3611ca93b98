//! The daily tie-out for Python: records (dicts) or columns (dicts of
//! lists, pandas DataFrames, Arrow tables) in, a `Reconciliation` out with
//! amounts as `decimal.Decimal`. A row that cannot be read is an
//! `INVALID_ROW` exception of the tie-out, never an exception that loses the rest.

use crate::convert;
use crate::error::IntoPy;
use crate::ledger::to_py;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyList, PyString};
use seamline::reconciliation::{
    self as core, Config, FulfilledLine, Input, Movement, OrderHeader, Payment, Refund, ReportRow,
    ReturnRecord, RowKind, SettlementLine, Tables, UnreadRow,
};
use seamline::{
    ChannelId, Currency, CustomerId, Error, LocationId, OrderId, ProcessorId, RecordId, Sku,
};

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

/// A table's column as a list: a dict of sequences, a pandas DataFrame or an
/// Arrow table (`table[name]`), read once — no per-row call back into Python.
fn column<'py>(table: &Bound<'py, PyAny>, name: &str) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
    let col = match table.get_item(name) {
        Ok(col) => col,
        Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyError>(table.py()) => return Ok(None),
        Err(e) => return Err(e),
    };
    let list = if col.hasattr("to_pylist")? {
        col.call_method0("to_pylist")?
    } else if col.hasattr("tolist")? {
        col.call_method0("tolist")?
    } else {
        col
    };
    let mut out = Vec::new();
    for cell in list.try_iter()? {
        out.push(cell?);
    }
    Ok(Some(out))
}

/// The columns of one table, all the same length.
struct Columns<'py> {
    table: &'static str,
    len: usize,
    cols: Vec<(&'static str, Option<Vec<Bound<'py, PyAny>>>)>,
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
            for &name in names {
                let col = column(table, name)?;
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

    fn cell(&self, name: &str, row: usize) -> Option<&Bound<'py, PyAny>> {
        let col = self.cols.iter().find(|c| c.0 == name)?.1.as_ref()?;
        let cell = &col[row];
        // pandas writes a missing value as None or NaN.
        let missing = cell.is_none()
            || (cell.is_instance_of::<PyFloat>() && cell.extract::<f64>().is_ok_and(f64::is_nan));
        (!missing).then_some(cell)
    }

    fn field(&self, name: &str, row: usize) -> String {
        format!("{}[{row}].{name}", self.table)
    }

    fn required(&self, name: &str, row: usize) -> Result<&Bound<'py, PyAny>, Error> {
        self.cell(name, row).ok_or_else(|| {
            Error::invalid_argument(self.field(name, row), "(missing)", "a value is required")
        })
    }

    fn text(&self, name: &str, row: usize) -> Result<Option<String>, Error> {
        self.cell(name, row)
            .map(|c| {
                c.cast::<PyString>()
                    .map(|s| s.to_string_lossy().into_owned())
                    .map_err(|_| {
                        Error::invalid_type(self.field(name, row), "str", c.get_type().to_string())
                    })
            })
            .transpose()
    }

    fn string(&self, name: &str, row: usize) -> Result<String, Error> {
        self.required(name, row)?;
        Ok(self.text(name, row)?.unwrap_or_default())
    }

    fn id<T>(
        &self,
        name: &str,
        row: usize,
        make: fn(&str) -> seamline::Result<T>,
    ) -> Result<T, Error> {
        make(&self.string(name, row)?)
    }

    fn optional_id<T>(
        &self,
        name: &str,
        row: usize,
        make: fn(&str) -> seamline::Result<T>,
    ) -> Result<Option<T>, Error> {
        self.text(name, row)?.map(|t| make(&t)).transpose()
    }

    fn decimal(&self, name: &str, row: usize) -> Result<seamline::Decimal, Error> {
        convert::decimal(self.required(name, row)?, &self.field(name, row))
    }

    fn optional_decimal(&self, name: &str, row: usize) -> Result<Option<seamline::Decimal>, Error> {
        self.cell(name, row)
            .map(|c| convert::decimal(c, &self.field(name, row)))
            .transpose()
    }

    fn integer(&self, name: &str, row: usize) -> Result<i64, Error> {
        convert::integer(self.required(name, row)?, &self.field(name, row))
    }

    fn instant(&self, name: &str, row: usize) -> Result<seamline::Instant, Error> {
        convert::instant(self.required(name, row)?, &self.field(name, row))
    }

    fn flag(&self, name: &str, row: usize) -> Result<bool, Error> {
        let cell = self.required(name, row)?;
        cell.extract::<bool>().map_err(|_| {
            Error::invalid_type(self.field(name, row), "bool", cell.get_type().to_string())
        })
    }

    fn word<T: serde::de::DeserializeOwned>(&self, name: &str, row: usize) -> Result<T, Error> {
        let text = self.string(name, row)?;
        serde_json::from_value(serde_json::Value::String(text.clone())).map_err(|_| {
            Error::invalid_argument(
                self.field(name, row),
                format!("{text:?}"),
                "not a known value",
            )
        })
    }

    /// Reads every row; one that fails is an unread row of `kind`.
    fn rows<T>(
        &self,
        kind: RowKind,
        id_column: &str,
        unread: &mut Vec<UnreadRow>,
        read: impl Fn(&Self, usize) -> Result<T, Error>,
    ) -> Vec<T> {
        let mut out = Vec::with_capacity(self.len);
        for row in 0..self.len {
            match read(self, row) {
                Ok(v) => out.push(v),
                Err(e) => unread.push(UnreadRow {
                    kind,
                    order_id: self.text("order_id", row).ok().flatten(),
                    id: self
                        .text(id_column, row)
                        .ok()
                        .flatten()
                        .unwrap_or_else(|| format!("#{row}")),
                    at: None,
                    reason: e.to_string(),
                }),
            }
        }
        out
    }
}

fn payment(c: &Columns<'_>, row: usize) -> Result<(OrderId, Payment), Error> {
    Ok((
        c.id("order_id", row, OrderId::new)?,
        Payment {
            payment_id: c.id("payment_id", row, RecordId::new)?,
            method: c.word("method", row)?,
            processor: c.optional_id("processor", row, ProcessorId::new)?,
            processor_reference: c.text("processor_reference", row)?,
            amount: c.decimal("amount", row)?,
            captured_at: c.instant("captured_at", row)?,
        },
    ))
}

fn refund(c: &Columns<'_>, row: usize) -> Result<(OrderId, Refund), Error> {
    Ok((
        c.id("order_id", row, OrderId::new)?,
        Refund {
            refund_id: c.id("refund_id", row, RecordId::new)?,
            return_id: c.optional_id("return_id", row, RecordId::new)?,
            method: c.word("method", row)?,
            processor: c.optional_id("processor", row, ProcessorId::new)?,
            processor_reference: c.text("processor_reference", row)?,
            amount: c.decimal("amount", row)?,
            issued_at: c.instant("issued_at", row)?,
        },
    ))
}

/// The tie-out from columns: each table a dict of equal-length lists (or a
/// pandas DataFrame, or an Arrow table), child tables naming their order in
/// an `order_id` column. The columns are read in one call, not row by row.
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
    let mut unread = Vec::new();
    let tables = Tables {
        orders: o.rows(RowKind::Order, "order_id", &mut unread, |c, i| {
            Ok(OrderHeader {
                order_id: c.id("order_id", i, OrderId::new)?,
                channel: c.id("channel", i, ChannelId::new)?,
                currency: c.id("currency", i, Currency::from_code)?,
                total: c.decimal("total", i)?,
                placed_at: c.instant("placed_at", i)?,
                customer: c.optional_id("customer", i, CustomerId::new)?,
            })
        }),
        payments: p.rows(RowKind::Payment, "payment_id", &mut unread, payment),
        fulfilments: f.rows(RowKind::OrderSku, "sku", &mut unread, |c, i| {
            Ok((
                c.id("order_id", i, OrderId::new)?,
                FulfilledLine {
                    line_id: c.id("line_id", i, RecordId::new)?,
                    sku: c.id("sku", i, Sku::new)?,
                    quantity: c.integer("quantity", i)?,
                    location: c.id("location", i, LocationId::new)?,
                    fulfilled_at: c.instant("fulfilled_at", i)?,
                },
            ))
        }),
        returns: r.rows(RowKind::Return, "return_id", &mut unread, |c, i| {
            Ok((
                c.id("order_id", i, OrderId::new)?,
                ReturnRecord {
                    return_id: c.id("return_id", i, RecordId::new)?,
                    line_id: c.id("line_id", i, RecordId::new)?,
                    sku: c.id("sku", i, Sku::new)?,
                    quantity: c.integer("quantity", i)?,
                    restock: c.flag("restock", i)?,
                    location: c.id("location", i, LocationId::new)?,
                    received_at: c.instant("received_at", i)?,
                },
            ))
        }),
        refunds: d.rows(RowKind::Refund, "refund_id", &mut unread, refund),
        settlements: s.rows(RowKind::Settlement, "id", &mut unread, |c, i| {
            Ok(SettlementLine {
                id: c.id("id", i, RecordId::new)?,
                kind: c.word("kind", i)?,
                processor: c.id("processor", i, ProcessorId::new)?,
                processor_reference: c.text("processor_reference", i)?,
                merchant_reference: c.text("merchant_reference", i)?,
                gross: c.optional_decimal("gross", i)?,
                fee: c.optional_decimal("fee", i)?,
                net: c.decimal("net", i)?,
                currency: c.id("currency", i, Currency::from_code)?,
                settled_at: c.instant("settled_at", i)?,
                batch_id: c.text("batch_id", i)?,
            })
        }),
        movements: m.rows(RowKind::Movement, "id", &mut unread, |c, i| {
            Ok(Movement {
                id: c.id("id", i, RecordId::new)?,
                sku: c.id("sku", i, Sku::new)?,
                location: c.id("location", i, LocationId::new)?,
                delta: c.integer("delta", i)?,
                kind: c.word("kind", i)?,
                order_reference: c.optional_id("order_reference", i, OrderId::new)?,
                return_reference: c.optional_id("return_reference", i, RecordId::new)?,
                occurred_at: c.instant("occurred_at", i)?,
            })
        }),
        unread,
    };
    run(&Input::from_tables(tables), &config)
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
