//! `seamline.OrderBook` for Python.
//!
//! Events and updates are dicts in core's wire form; amounts are
//! `decimal.Decimal`, `int` or decimal `str` (a float is refused), times
//! aware `datetime` or RFC 3339 text. Money comes back as `seamline.Money`.

use crate::convert;
use crate::error::IntoPy;
use crate::ledger::{to_py, PyLedger};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use seamline::orders::{OrderBook, OrderEvent, RefundPolicy, Transition};
use seamline::{Error, OrderId};
use std::sync::Mutex;

fn event(obj: &Bound<'_, PyAny>) -> Result<OrderEvent, Error> {
    // Fast path: plain text and ints read straight from the dict. Anything
    // else (a Decimal, a datetime, a float to refuse) goes through the
    // checked conversion, which names the offending path.
    OrderEvent::parse(&mut pythonize::Depythonizer::from_object(obj))
        .or_else(|_| OrderEvent::parse(convert::json(obj, "event")?))
}

/// A transition as Python objects (`refund_due` a `Money`, as core's schema types it).
fn transition<'py>(py: Python<'py>, t: &Transition) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, t)
}

/// Every order's lifecycle, and the stock events each transition means.
#[pyclass(name = "OrderBook", module = "seamline", frozen)]
pub struct PyOrderBook(Mutex<OrderBook>);

impl PyOrderBook {
    fn lock(&self) -> std::sync::MutexGuard<'_, OrderBook> {
        crate::lock::lock(&self.0)
    }
}

#[seamline_guard::guard]
#[pymethods]
impl PyOrderBook {
    /// An empty book. `shipping_refund`: `"on_full_return"` (default),
    /// `"never"` or `"prorated"`.
    #[new]
    #[pyo3(signature = (**policy))]
    fn new(py: Python<'_>, policy: Option<&Bound<'_, pyo3::types::PyDict>>) -> PyResult<Self> {
        // Core's `RefundPolicy`: its one option, its default, its refusals.
        let policy: RefundPolicy = convert::keywords(py, &[], policy, "policy")?;
        Ok(PyOrderBook(Mutex::new(OrderBook::new(policy))))
    }

    /// Applies one order event; returns the transition (state, stock events
    /// for the ledger, refund due). Refused events raise and change nothing.
    fn apply<'py>(
        &self,
        py: Python<'py>,
        event: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let event = self::event(event).py()?;
        let t = self.lock().apply(event).py()?;
        transition(py, &t)
    }

    /// Applies an order event and its stock events to `ledger`:
    /// `{"transition": …, "stock": [report or {"error": …}]}`. A hold the
    /// ledger refuses is given up by the order (its units stay open).
    fn apply_with_ledger<'py>(
        &self,
        py: Python<'py>,
        ledger: &PyLedger,
        event: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let event = self::event(event).py()?;
        let (t, reports) = self
            .lock()
            .apply_with_ledger(&mut ledger.lock(), event)
            .py()?;
        let out = PyDict::new(py);
        out.set_item("transition", transition(py, &t)?)?;
        let stock = reports
            .iter()
            .map(|r| match r {
                Ok(report) => to_py(py, report),
                Err(error) => {
                    let d = PyDict::new(py);
                    d.set_item("error", to_py(py, error)?)?;
                    Ok(d.into_any())
                }
            })
            .collect::<PyResult<Vec<_>>>()?;
        out.set_item("stock", stock)?;
        Ok(out.into_any())
    }

    /// Applies many events (into `ledger` when given): counts, every refused
    /// row with its reason, refused stock events, and — without a ledger —
    /// the stock events to route.
    #[pyo3(signature = (events, *, ledger = None))]
    fn apply_batch<'py>(
        &self,
        py: Python<'py>,
        events: Vec<Bound<'py, PyAny>>,
        ledger: Option<&PyLedger>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let rows: Vec<_> = events.iter().map(event).collect();
        let report = py.detach(|| match ledger {
            Some(l) => self.lock().apply_batch(rows, Some(&mut l.lock())),
            None => self.lock().apply_batch(rows, None),
        });
        to_py(py, &report)
    }

    /// An order's state, lines and money, or `None`.
    fn order<'py>(&self, py: Python<'py>, order_id: &str) -> PyResult<Bound<'py, PyAny>> {
        let id = OrderId::new(order_id).py()?;
        match self.lock().order(&id) {
            None => Ok(py.None().into_bound(py)),
            Some(s) => to_py(py, &s),
        }
    }

    /// Every order id, sorted.
    fn order_ids(&self) -> Vec<String> {
        self.lock()
            .order_ids()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// The book as versioned bytes (its rules and history).
    fn to_snapshot<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        // Serialising a large state is work: done without the GIL.
        let bytes = py.detach(|| self.lock().to_snapshot());
        PyBytes::new(py, &bytes)
    }

    /// A book restored from `to_snapshot()` bytes.
    #[staticmethod]
    fn from_snapshot(data: &[u8]) -> PyResult<Self> {
        Ok(PyOrderBook(Mutex::new(
            OrderBook::from_snapshot(data).py()?,
        )))
    }
}
