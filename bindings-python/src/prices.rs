//! `seamline.PriceTable`: one price table with windows and promotions.

use crate::convert;
use crate::error::IntoPy;
use crate::money::PyMoney;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use seamline::catalog::{
    price_mismatches as core_mismatches, Discount, MismatchRules, ObservedPrice, PriceEntry,
    PriceTable, Promotion,
};
use seamline::RoundingMode;
use seamline::{ChannelId, Currency, Error, Sku};
use std::sync::Mutex;

fn item<'py>(d: &Bound<'py, PyDict>, key: &str, field: &str) -> Result<Bound<'py, PyAny>, Error> {
    d.get_item(key).ok().flatten().ok_or_else(|| {
        Error::invalid_argument(format!("{field}.{key}"), "missing", "a required field")
    })
}

fn texts(obj: Option<Bound<'_, PyAny>>, field: &str) -> Result<Vec<String>, Error> {
    match obj {
        None => Ok(Vec::new()),
        Some(o) => o
            .extract::<Vec<String>>()
            .map_err(|_| Error::invalid_type(field, "list of str", "another type")),
    }
}

/// A promotion dict → core promotion (amounts are `Money`, percents `Decimal`).
fn promotion(obj: &Bound<'_, PyAny>, field: &str) -> Result<Promotion, Error> {
    let d = obj
        .cast::<PyDict>()
        .map_err(|_| Error::invalid_type(field, "dict", "another type"))?;
    let discount = item(d, "discount", field)?;
    let discount = discount
        .cast::<PyDict>()
        .map_err(|_| Error::invalid_type(format!("{field}.discount"), "dict", "another type"))?;
    let kind: String = item(discount, "type", field)?
        .extract()
        .map_err(|_| Error::invalid_type("type", "str", "another type"))?;
    let discount = match kind.as_str() {
        "percent_off" => Discount::PercentOff {
            percent: convert::decimal(&item(discount, "percent", field)?, "percent")?,
        },
        "amount_off" => {
            let amount = item(discount, "amount", field)?;
            let money = amount
                .cast::<PyMoney>()
                .map_err(|_| Error::invalid_type("amount", "seamline.Money", "another type"))?;
            Discount::AmountOff {
                amount: money.get().0,
            }
        }
        other => {
            return Err(Error::invalid_argument(
                "discount.type",
                format!("{other:?}"),
                "expected percent_off or amount_off",
            ))
        }
    };
    Ok(Promotion {
        id: item(d, "id", field)?
            .extract()
            .map_err(|_| Error::invalid_type("id", "str", "another type"))?,
        skus: texts(d.get_item("skus").ok().flatten(), "skus")?
            .iter()
            .map(|s| Sku::new(s))
            .collect::<Result<_, _>>()?,
        channels: texts(d.get_item("channels").ok().flatten(), "channels")?
            .iter()
            .map(|c| ChannelId::new(c))
            .collect::<Result<_, _>>()?,
        from: convert::instant(&item(d, "from", field)?, "from")?,
        to: d
            .get_item("to")
            .ok()
            .flatten()
            .filter(|t| !t.is_none())
            .map(|t| convert::instant(&t, "to"))
            .transpose()?,
        discount,
        stackable: d
            .get_item("stackable")
            .ok()
            .flatten()
            .is_some_and(|s| s.is_truthy().unwrap_or(false)),
    })
}

/// One price table: prices per SKU over windows, overridden per channel.
#[pyclass(name = "PriceTable", module = "seamline", frozen)]
pub struct PyPriceTable(Mutex<PriceTable>);

impl PyPriceTable {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, PriceTable> {
        // `add` validates before it writes, so a poisoned lock is still consistent.
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

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
            from: convert::instant(valid_from, "valid_from").py()?,
            to: valid_to
                .map(|t| convert::instant(t, "valid_to"))
                .transpose()
                .py()?,
        };
        self.lock().add(entry).py()
    }

    /// The table as versioned bytes.
    fn to_snapshot<'py>(&self, py: Python<'py>) -> Bound<'py, pyo3::types::PyBytes> {
        pyo3::types::PyBytes::new(py, &self.lock().to_snapshot())
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
        let price = self
            .lock()
            .price_at(
                &Sku::new(sku).py()?,
                &ChannelId::new(channel).py()?,
                Currency::from_code(currency).py()?,
                convert::instant(at, "at").py()?,
            )
            .py()?;
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
    ) -> PyResult<Bound<'py, PyDict>> {
        let promotions = promotions
            .iter()
            .enumerate()
            .map(|(i, p)| promotion(p, &format!("promotions[{i}]")))
            .collect::<Result<Vec<_>, _>>()
            .py()?;
        let quote = self
            .lock()
            .quote(
                &Sku::new(sku).py()?,
                &ChannelId::new(channel).py()?,
                Currency::from_code(currency).py()?,
                convert::instant(at, "at").py()?,
                &promotions,
            )
            .py()?;
        let out = PyDict::new(py);
        out.set_item("base", PyMoney(quote.base))?;
        out.set_item("promotions", quote.promotions)?;
        out.set_item("price", PyMoney(quote.price))?;
        Ok(out)
    }
}

/// Compares a channel's observed prices with the table through the SKU map:
/// `{"matched", "mismatches", "corrections", "within_grace", "unmapped", "unpriced"}`.
#[pyfunction]
#[pyo3(signature = (sku_map, prices, channel, observed, *, tax_inclusive = false, tax_rate_percent = None, rounding = "half_up", grace_seconds = 0))]
#[allow(clippy::too_many_arguments)]
pub fn price_mismatches<'py>(
    py: Python<'py>,
    sku_map: &crate::catalog::PySkuMap,
    prices: &PyPriceTable,
    channel: &str,
    observed: Vec<Bound<'py, PyDict>>,
    tax_inclusive: bool,
    tax_rate_percent: Option<&Bound<'py, PyAny>>,
    rounding: &str,
    grace_seconds: i64,
) -> PyResult<Bound<'py, PyDict>> {
    let rules = MismatchRules {
        channel: ChannelId::new(channel).py()?,
        tax_inclusive,
        tax_rate_percent: tax_rate_percent
            .map(|t| convert::decimal(t, "tax_rate_percent"))
            .transpose()
            .py()?
            .unwrap_or_default(),
        rounding: rounding.parse::<RoundingMode>().py()?,
        grace_seconds,
    };
    let observed = observed
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let field = format!("observed[{i}]");
            let price = item(o, "price", &field)?;
            let price = price
                .cast::<PyMoney>()
                .map_err(|_| Error::invalid_type("price", "seamline.Money", "another type"))?;
            Ok(ObservedPrice {
                external_id: item(o, "external_id", &field)?
                    .extract()
                    .map_err(|_| Error::invalid_type("external_id", "str", "another type"))?,
                price: price.get().0,
                observed_at: convert::instant(&item(o, "observed_at", &field)?, "observed_at")?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()
        .py()?;
    let report = core_mismatches(&sku_map.lock(), &prices.lock(), &rules, &observed).py()?;
    let out = PyDict::new(py);
    out.set_item("matched", report.matched)?;
    let mismatches: Vec<Bound<'py, PyDict>> = report
        .mismatches
        .iter()
        .map(|m| {
            let d = PyDict::new(py);
            d.set_item("external_id", &m.external_id)?;
            d.set_item("expected", PyMoney(m.expected))?;
            d.set_item("observed", PyMoney(m.observed))?;
            d.set_item("difference", PyMoney(m.difference))?;
            Ok(d)
        })
        .collect::<PyResult<_>>()?;
    out.set_item("mismatches", mismatches)?;
    let corrections: Vec<(String, PyMoney)> = report
        .corrections
        .iter()
        .map(|c| (c.external_id.clone(), PyMoney(c.price)))
        .collect();
    out.set_item("corrections", corrections)?;
    out.set_item("within_grace", report.within_grace)?;
    out.set_item("unmapped", report.unmapped)?;
    out.set_item("unpriced", report.unpriced)?;
    Ok(out)
}
