//! `seamline._native`: the compiled half of the `seamline` Python package.
//! Thin by design: convert Python values, call core, map errors.

mod args;
mod arrow;
mod buffer;
mod catalog;
mod convert;
mod customers;
mod error;
mod instant;
mod ledger;
mod lock;
mod money;
mod orders;
mod prices;
mod reconciliation;
mod sourcing;
mod sync_health;
mod systems_of_record;
mod table;
mod typed;

use error::IntoPy;
use pyo3::prelude::*;
use seamline::catalog::Gtin;
use seamline::{Currency, ErrorCode, RoundingMode, Sku};

/// The 14-digit form of a GTIN-8, -12, -13 or -14 (check digit verified).
#[seamline_guard::guard]
#[pyfunction]
fn normalize_gtin(value: &str) -> PyResult<String> {
    Ok(Gtin::parse(value).py()?.gtin14())
}

/// A UPC-E code expanded to its UPC-A GTIN, in 14 digits.
#[seamline_guard::guard]
#[pyfunction]
fn expand_upc_e(value: &str) -> PyResult<String> {
    Ok(Gtin::from_upc_e(value).py()?.gtin14())
}

/// What a GTIN's GS1 prefix says it is: `"global"`, `"in_store"`, `"coupon"`,
/// `"refund_receipt"`, `"book"`, `"music"` or `"serial"`.
#[seamline_guard::guard]
#[pyfunction]
fn gtin_range<'py>(py: Python<'py>, value: &str) -> PyResult<Bound<'py, PyAny>> {
    ledger::to_py(py, &Gtin::parse(value).py()?.range())
}

/// Decimal places of a currency's minor unit (JPY 0, USD 2, KWD 3).
#[seamline_guard::guard]
#[pyfunction]
fn minor_units(currency: &str) -> PyResult<u32> {
    Ok(Currency::from_code(currency).py()?.minor_units())
}

/// The canonical form of a SKU (trimmed), or `InvalidSkuError`.
#[seamline_guard::guard]
#[pyfunction]
fn normalize_sku(value: &str) -> PyResult<String> {
    Ok(Sku::new(value).py()?.as_str().to_string())
}

/// Panics on purpose, for the test that proves a panic surfaces as
/// `seamline.InternalError` (code `INTERNAL`) and the interpreter lives on.
#[seamline_guard::guard]
#[pyfunction]
fn _force_panic(message: &str) {
    panic!("{message}");
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_force_panic, m)?)?;
    m.add_function(wrap_pyfunction!(buffer::recommend_buffer, m)?)?;
    m.add_function(wrap_pyfunction!(buffer::oversell_probability, m)?)?;
    m.add_function(wrap_pyfunction!(buffer::max_exposure, m)?)?;
    m.add_function(wrap_pyfunction!(buffer::published_quantity, m)?)?;
    m.add_function(wrap_pyfunction!(minor_units, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_gtin, m)?)?;
    m.add_function(wrap_pyfunction!(expand_upc_e, m)?)?;
    m.add_function(wrap_pyfunction!(gtin_range, m)?)?;
    m.add_function(wrap_pyfunction!(sync_health::sync_health, m)?)?;
    m.add_function(wrap_pyfunction!(prices::price_mismatches, m)?)?;
    m.add_function(wrap_pyfunction!(sourcing::source_order, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_sku, m)?)?;
    m.add_function(wrap_pyfunction!(instant::canonical_instant, m)?)?;
    m.add_class::<buffer::PyBufferPolicy>()?;
    m.add_class::<money::PyMoney>()?;
    m.add_class::<ledger::PyLedger>()?;
    m.add_class::<catalog::PySkuMap>()?;
    m.add_class::<prices::PyPriceTable>()?;
    m.add_class::<orders::PyOrderBook>()?;
    m.add_class::<systems_of_record::PyResolver>()?;
    m.add_class::<customers::PyCustomerBook>()?;
    m.add_class::<customers::PyProfileIterator>()?;
    m.add_function(wrap_pyfunction!(customers::normalize_email, m)?)?;
    m.add_function(wrap_pyfunction!(customers::normalize_phone, m)?)?;
    m.add_function(wrap_pyfunction!(customers::normalize_loyalty, m)?)?;
    m.add_function(wrap_pyfunction!(customers::hash_identifier, m)?)?;
    m.add_function(wrap_pyfunction!(reconciliation::reconcile, m)?)?;
    m.add_function(wrap_pyfunction!(reconciliation::reconcile_columns, m)?)?;
    m.add_function(wrap_pyfunction!(reconciliation::reconcile_csv, m)?)?;
    m.add_function(wrap_pyfunction!(reconciliation::read_report, m)?)?;
    m.add_function(wrap_pyfunction!(reconciliation::partition_keys, m)?)?;
    m.add_function(wrap_pyfunction!(reconciliation::reconcile_part, m)?)?;
    m.add_function(wrap_pyfunction!(reconciliation::merge_parts, m)?)?;
    let routes = pyo3::types::PyDict::new(m.py());
    for (table, columns) in seamline::reconciliation::ROUTES {
        routes.set_item(table, columns.to_vec())?;
    }
    m.add("PARTITION_ROUTES", routes)?;
    m.add_class::<reconciliation::PyReconciliation>()?;
    m.add_class::<reconciliation::PyProcessorReport>()?;
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    m.add("ERROR_CODES", codes)?;
    let modes: Vec<&str> = RoundingMode::ALL.iter().map(|c| c.as_str()).collect();
    m.add("ROUNDING_MODES", modes)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
