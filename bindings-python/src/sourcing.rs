//! `seamline.source_order`: fulfilment sourcing for Python. Costs are exact
//! (`Decimal`, `int` or decimal `str`; a float is refused).

use crate::convert;
use crate::error::IntoPy;
use crate::ledger::to_py;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use seamline::inventory::{
    source_order as core_source_order, Destination, SourcingLine, SourcingNode,
};
use seamline::{Error, LocationId, Sku};
use std::collections::BTreeMap;

fn item<'py>(
    dict: &Bound<'py, PyDict>,
    key: &str,
    field: &str,
) -> Result<Bound<'py, PyAny>, Error> {
    dict.get_item(key).ok().flatten().ok_or_else(|| {
        Error::invalid_argument(format!("{field}.{key}"), "missing", "a required field")
    })
}

fn node(obj: &Bound<'_, PyAny>, field: &str) -> Result<SourcingNode, Error> {
    let dict = obj
        .cast::<PyDict>()
        .map_err(|_| Error::invalid_type(field, "dict", "another type"))?;
    let text = |key: &str| -> Result<String, Error> {
        item(dict, key, field)?
            .extract::<String>()
            .map_err(|_| Error::invalid_type(format!("{field}.{key}"), "str", "another type"))
    };
    let mut available = BTreeMap::new();
    if let Ok(Some(stock)) = dict.get_item("available") {
        let stock = stock.cast::<PyDict>().map_err(|_| {
            Error::invalid_type(format!("{field}.available"), "dict", "another type")
        })?;
        for (sku, units) in stock.iter() {
            let sku = Sku::new(&sku.to_string())?;
            available.insert(sku, convert::count(&units, &format!("{field}.available"))?);
        }
    }
    let mut per_unit_by_sku = BTreeMap::new();
    if let Ok(Some(table)) = dict.get_item("per_unit_by_sku") {
        let table = table.cast::<PyDict>().map_err(|_| {
            Error::invalid_type(format!("{field}.per_unit_by_sku"), "dict", "another type")
        })?;
        for (sku, cost) in table.iter() {
            per_unit_by_sku.insert(
                Sku::new(&sku.to_string())?,
                convert::decimal(&cost, &format!("{field}.per_unit_by_sku"))?,
            );
        }
    }
    Ok(SourcingNode {
        location: LocationId::new(&text("location")?)?,
        ships: dict
            .get_item("ships")
            .ok()
            .flatten()
            .map(|b| b.is_truthy().unwrap_or(false))
            .unwrap_or(false),
        available,
        per_shipment: convert::decimal(
            &item(dict, "per_shipment", field)?,
            &format!("{field}.per_shipment"),
        )?,
        per_unit: convert::decimal(
            &item(dict, "per_unit", field)?,
            &format!("{field}.per_unit"),
        )?,
        per_unit_by_sku,
    })
}

/// Chooses which nodes send which lines at the lowest cost; see the inventory guide.
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (lines, destination, nodes))]
pub fn source_order<'py>(
    py: Python<'py>,
    lines: &Bound<'py, PyAny>,
    destination: &Bound<'py, PyAny>,
    nodes: Vec<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let lines: Vec<SourcingLine> = pythonize::depythonize(lines)
        .map_err(|e| Error::invalid_argument("lines", "the records", e.to_string()))
        .py()?;
    let destination: Destination = if destination.extract::<String>().is_ok_and(|d| d == "ship") {
        Destination::Ship
    } else {
        pythonize::depythonize(destination)
            .map_err(|e| Error::invalid_argument("destination", "the record", e.to_string()))
            .py()?
    };
    let nodes = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| node(n, &format!("nodes[{i}]")))
        .collect::<Result<Vec<_>, _>>()
        .py()?;
    let plan = core_source_order(&lines, &destination, &nodes).py()?;
    // Costs come back as decimal.Decimal, as core's schema types them.
    to_py(py, &plan)
}
