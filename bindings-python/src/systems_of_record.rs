//! `seamline.Resolver` for Python: field-level resolution between systems
//! of record (core's `systems_of_record`).

use crate::convert::parse;
use crate::error::IntoPy;
use crate::ledger::to_py;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use seamline::systems_of_record::{Domain, FieldRule, FieldUpdate, Registry, Resolver};
use seamline::Error;
use std::sync::Mutex;

/// Field-level resolution between systems, under one owner per domain.
#[pyclass(name = "Resolver", module = "seamline", frozen)]
pub struct PyResolver(Mutex<Resolver>);

impl PyResolver {
    fn lock(&self) -> std::sync::MutexGuard<'_, Resolver> {
        crate::lock::lock(&self.0)
    }
}

#[seamline_guard::guard]
#[pymethods]
impl PyResolver {
    /// `owners`: domain → system (a dict, or `(domain, system)` pairs), one
    /// for each of inventory, orders, customers, catalog and payments. `fields`: `{"domain", "field",
    /// "owner"}` exceptions (owner `None` makes a field shared). `rank`:
    /// systems, strongest first, for ties. Bad configuration raises
    /// `InvalidConfigurationError`.
    #[new]
    #[pyo3(signature = (owners, *, fields = None, rank = None))]
    fn new(
        owners: &Bound<'_, PyAny>,
        fields: Option<&Bound<'_, PyAny>>,
        rank: Option<Vec<String>>,
    ) -> PyResult<Self> {
        // A dict, or (domain, system) pairs: pairs let a loaded file say
        // "two owners for one domain", which must be refused, not merged.
        let pairs: Vec<(Bound<'_, PyAny>, Bound<'_, PyAny>)> = match owners.cast::<PyDict>() {
            Ok(dict) => dict.iter().collect(),
            Err(_) => owners
                .extract()
                .map_err(|_| {
                    Error::invalid_type(
                        "owners",
                        "dict or list of (domain, system) pairs",
                        "another type",
                    )
                })
                .py()?,
        };
        let owners = pairs
            .iter()
            .map(|(domain, system)| {
                Ok((
                    parse::<Domain>(domain, "owners")?,
                    system
                        .extract::<String>()
                        .map_err(|_| Error::invalid_type("owners", "str", "another type"))?,
                ))
            })
            .collect::<Result<Vec<_>, Error>>()
            .py()?;
        let fields: Vec<FieldRule> = match fields {
            Some(f) => parse(f, "fields").py()?,
            None => Vec::new(),
        };
        let registry = Registry::new(&owners, &fields, &rank.unwrap_or_default()).py()?;
        Ok(PyResolver(Mutex::new(Resolver::new(registry))))
    }

    /// Adds one update: `"accepted"` or `"duplicate"`; a different update
    /// under a used id raises `ConflictingDuplicateError`.
    fn add<'py>(&self, py: Python<'py>, update: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let update: FieldUpdate = parse(update, "update").py()?;
        let arrival = self.lock().add(update).py()?;
        to_py(py, &arrival)
    }

    /// Adds many updates: per row `"accepted"`, `"duplicate"` or `{"error": …}`.
    fn add_all<'py>(
        &self,
        py: Python<'py>,
        updates: Vec<Bound<'py, PyAny>>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        // Every update converted before the lock is taken (see lock.rs).
        let parsed: Vec<_> = updates
            .iter()
            .enumerate()
            .map(|(i, u)| parse::<FieldUpdate>(u, &format!("updates[{i}]")))
            .collect();
        let results: Vec<_> = {
            let mut resolver = self.lock();
            parsed
                .into_iter()
                .map(|u| u.and_then(|u| resolver.add(u)))
                .collect()
        };
        results
            .into_iter()
            .map(|result| match result {
                Ok(arrival) => to_py(py, &arrival),
                Err(error) => {
                    let d = PyDict::new(py);
                    d.set_item("error", to_py(py, &error)?)?;
                    Ok(d.into_any())
                }
            })
            .collect()
    }

    /// Every field's value (and why it won), the conflicts between systems,
    /// and refused duplicates. Depends only on the set of updates.
    fn resolve<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.lock().resolve())
    }

    /// `resolve()["fields"]` as a `pyarrow.Table`: a row per field, its
    /// winning update flattened (`winner_system`, `winner_value`,
    /// `winner_occurred_at`, …) beside `won_by`.
    fn resolution_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let fields = self.lock().resolve().fields;
        crate::arrow::rows_table(py, &fields, "resolution_table")
    }
}
