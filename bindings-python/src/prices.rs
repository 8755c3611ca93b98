//! `seamline.PriceTable`: one price table with windows and promotions.

use crate::convert;
use crate::error::IntoPy;
use crate::money::PyMoney;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use seamline::catalog::{
    price_mismatches as core_mismatches, MismatchRules, ObservedPrice, PriceEntry, PriceTable,
    Promotion,
};
use seamline::{ChannelId, Currency, Error, Sku};
use std::sync::Mutex;

/// A promotion dict → core promotion, read by core's serde form (amounts
/// are `Money`, percents `Decimal`; `stackable` a bool, never truthiness).
fn promotion(obj: &Bound<'_, PyAny>, field: &str) -> Result<Promotion, Error> {
    convert::parse(obj, field)
}

/// One price table: prices per SKU over windows, overridden per channel.
#[pyclass(name = "PriceTable", module = "seamline", frozen)]
pub struct PyPriceTable(Mutex<PriceTable>);

impl PyPriceTable {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, PriceTable> {
        crate::lock::lock(&self.0)
    }
}

#[seamline_guard::guard]
#[pymethods]
impl PyPriceTable {
    #[new]
    fn new() -> Self {
        PyPriceTable(Mutex::new(PriceTable::new()))
    }

    /// Adds a price valid over [valid_from, valid_to); `PriceOverlapError` on an overlap.
    #[pyo3(signature = (sku, price, valid_from, valid_to = None, *, channel = None))]
    fn add(
        &self,
        sku: &str,
        price: &PyMoney,
        valid_from: &Bound<'_, PyAny>,
        valid_to: Option<&Bound<'_, PyAny>>,
        channel: Option<&str>,
    ) -> PyResult<()> {
        let entry = PriceEntry {
            sku: Sku::new(sku).py()?,
            channel: channel.map(ChannelId::new).transpose().py()?,
            price: price.0,
            from: crate::instant::read(valid_from, "valid_from").py()?,
            to: valid_to
                .map(|t| crate::instant::read(t, "valid_to"))
                .transpose()
                .py()?,
        };
        self.lock().add(entry).py()
    }

    /// The table as versioned bytes.
    fn to_snapshot<'py>(&self, py: Python<'py>) -> Bound<'py, pyo3::types::PyBytes> {
        // Serialising a large state is work: done without the GIL.
        let bytes = py.detach(|| self.lock().to_snapshot());
        pyo3::types::PyBytes::new(py, &bytes)
    }

    /// A table restored from `to_snapshot()` bytes.
    #[staticmethod]
    fn from_snapshot(data: &[u8]) -> PyResult<Self> {
        Ok(PyPriceTable(Mutex::new(
            PriceTable::from_snapshot(data).py()?,
        )))
    }

    /// The price at an instant: the channel's override, else the base price; `NoPriceError` otherwise.
    fn price_at(
        &self,
        sku: &str,
        channel: &str,
        currency: &str,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<PyMoney> {
        // Arguments first: converting one may release the GIL (see lock.rs).
        let (sku, channel) = (Sku::new(sku).py()?, ChannelId::new(channel).py()?);
        let currency = Currency::from_code(currency).py()?;
        let at = crate::instant::read(at, "at").py()?;
        let price = self.lock().price_at(&sku, &channel, currency, at).py()?;
        Ok(PyMoney(price))
    }

    /// The price after promotions: `{"base": Money, "promotions": [ids], "price": Money}`.
    #[pyo3(signature = (sku, channel, currency, at, promotions = Vec::new()))]
    fn quote<'py>(
        &self,
        py: Python<'py>,
        sku: &str,
        channel: &str,
        currency: &str,
        at: &Bound<'py, PyAny>,
        promotions: Vec<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let promotions = promotions
            .iter()
            .enumerate()
            .map(|(i, p)| promotion(p, &format!("promotions[{i}]")))
            .collect::<Result<Vec<_>, _>>()
            .py()?;
        let (sku, channel) = (Sku::new(sku).py()?, ChannelId::new(channel).py()?);
        let currency = Currency::from_code(currency).py()?;
        let at = crate::instant::read(at, "at").py()?;
        let quote = self
            .lock()
            .quote(&sku, &channel, currency, at, &promotions)
            .py()?;
        crate::ledger::to_py(py, &quote)
    }
}

/// Compares a channel's observed prices with the table through the SKU map:
/// `{"matched", "mismatches", "corrections", "within_grace", "unmapped", "unpriced"}`.
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (sku_map, prices, channel, observed, **rules))]
pub fn price_mismatches<'py>(
    py: Python<'py>,
    sku_map: &crate::catalog::PySkuMap,
    prices: &PyPriceTable,
    channel: &Bound<'py, PyAny>,
    observed: Vec<Bound<'py, PyDict>>,
    rules: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    // `tax_inclusive`, `tax_rate_percent`, `rounding`, `grace_seconds`:
    // core's `MismatchRules`, with its defaults.
    let rules: MismatchRules = convert::keywords(py, &[("channel", channel)], rules, "rules")?;
    let observed: Vec<ObservedPrice> = convert::parse_each(&observed, "observed").py()?;
    let report = core_mismatches(&sku_map.lock(), &prices.lock(), &rules, &observed).py()?;
    // Core's shape; every price a `Money`, as core's schema types it.
    crate::ledger::to_py(py, &report)
}
