//! `seamline.SkuMap`: one canonical SKU for every channel's identifier.

use crate::arrow;
use crate::convert;
use crate::error::IntoPy;
use crate::ledger::to_py;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use seamline::catalog::{ChannelReference, ChannelRules, MappingRow, SkuMap};
use seamline::{ChannelId, Error};
use std::sync::Mutex;

/// The SKU map; safe to share between threads.
#[pyclass(name = "SkuMap", module = "seamline", frozen)]
pub struct PySkuMap(Mutex<SkuMap>);

impl PySkuMap {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, SkuMap> {
        crate::lock::lock(&self.0)
    }
}

#[seamline_guard::guard]
#[pymethods]
impl PySkuMap {
    #[new]
    fn new() -> Self {
        PySkuMap(Mutex::new(SkuMap::new()))
    }

    /// Sets how a channel writes its identifiers (`case_fold`,
    /// `strip_leading_zeros`, `gtin`: core's `ChannelRules`, off by default).
    #[pyo3(signature = (channel, **rules))]
    fn set_rules(
        &self,
        py: Python<'_>,
        channel: &Bound<'_, PyAny>,
        rules: Option<&Bound<'_, pyo3::types::PyDict>>,
    ) -> PyResult<()> {
        let rules: ChannelRules = convert::keywords(py, &[("channel", channel)], rules, "rules")?;
        self.lock().set_rules(rules);
        Ok(())
    }

    /// Imports mapping rows (`channel`, `external_id`, `components`:
    /// [{`sku`, `quantity`}], optional `channel_sku`); reports every row.
    #[pyo3(signature = (rows, *, replace = false))]
    fn import_rows<'py>(
        &self,
        py: Python<'py>,
        rows: Vec<Bound<'py, PyAny>>,
        replace: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let parsed: Vec<Result<MappingRow, Error>> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                pythonize::depythonize::<MappingRow>(r).map_err(|e| {
                    Error::invalid_argument(format!("rows[{i}]"), "the row", e.to_string())
                })
            })
            .collect();
        let report = self.lock().import_rows(parsed, replace);
        to_py(py, &report)
    }

    /// `quantity` channel units as canonical `(sku, units)` pairs; `UnmappedIdError` otherwise.
    fn translate(
        &self,
        channel: &str,
        external_id: &str,
        quantity: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<(String, i64)>> {
        let channel = ChannelId::new(channel).py()?;
        let quantity = convert::integer(quantity, "quantity").py()?;
        let lines = self
            .lock()
            .translate(&channel, external_id, quantity)
            .py()?;
        Ok(lines
            .into_iter()
            .map(|(sku, units)| (sku.to_string(), units))
            .collect())
    }

    /// Translates many references (`channel`, `external_id`, `quantity`,
    /// `seen_at`); each result is `{"lines": [...]}` or `{"error": {...}}`,
    /// and unmapped ids join the unmapped queue.
    fn translate_batch<'py>(
        &self,
        py: Python<'py>,
        refs: Vec<Bound<'py, PyDict>>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        // Each reference is core's `ChannelReference`, read by core.
        let parsed: Vec<ChannelReference> = convert::parse_each(&refs, "refs").py()?;
        let results = self.lock().translate_batch(&parsed);
        results
            .into_iter()
            .map(|r| {
                let out = PyDict::new(py);
                match r {
                    Ok(lines) => {
                        let lines: Vec<(String, i64)> =
                            lines.into_iter().map(|(s, u)| (s.to_string(), u)).collect();
                        out.set_item("lines", lines)?;
                    }
                    Err(error) => out.set_item("error", to_py(py, &error)?)?,
                }
                Ok(out.into_any())
            })
            .collect()
    }

    /// Bulk translation as columns: `{"rows", "skus", "units", "errors"}`
    /// (`rows[k]` is the input row of line `k`; a bundle gives several lines).
    /// The ids and quantities may be lists or Arrow arrays (read from their
    /// buffers); a null id is an empty one, refused on its row.
    fn translate_columns<'py>(
        &self,
        py: Python<'py>,
        channel: &str,
        external_ids: &Bound<'py, PyAny>,
        quantities: &Bound<'py, PyAny>,
        seen_at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let external_ids: Vec<String> = match arrow::column(external_ids)? {
            Some(ids) => ids
                .texts("external_ids")
                .py()?
                .into_iter()
                .map(Option::unwrap_or_default)
                .collect(),
            None => external_ids.extract()?,
        };
        let quantities: Vec<i64> = match arrow::column(quantities)? {
            Some(q) => q
                .ints("quantities")
                .py()?
                .into_iter()
                .enumerate()
                .map(|(row, q)| {
                    q.ok_or_else(|| {
                        Error::invalid_argument(
                            format!("quantities[{row}]"),
                            "null",
                            "a quantity is required",
                        )
                    })
                })
                .collect::<Result<_, _>>()
                .py()?,
            None => quantities.extract()?,
        };
        let channel = ChannelId::new(channel).py()?;
        let seen_at = crate::instant::read(seen_at, "seen_at").py()?;
        let out = py
            .detach(|| {
                self.lock()
                    .translate_columns(&channel, &external_ids, &quantities, seen_at)
            })
            .py()?;
        to_py(py, &out)
    }

    /// Unmapped ids waiting for a person: channel, id, count, first and last seen.
    fn unmapped_queue<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.lock().unmapped_queue())
    }

    /// The map as versioned bytes.
    fn to_snapshot<'py>(&self, py: Python<'py>) -> Bound<'py, pyo3::types::PyBytes> {
        // Serialising a large state is work: done without the GIL.
        let bytes = py.detach(|| self.lock().to_snapshot());
        pyo3::types::PyBytes::new(py, &bytes)
    }

    /// A map restored from `to_snapshot()` bytes.
    #[staticmethod]
    fn from_snapshot(data: &[u8]) -> PyResult<Self> {
        Ok(PySkuMap(Mutex::new(SkuMap::from_snapshot(data).py()?)))
    }

    /// Marks a SKU retired.
    fn retire(&self, sku: &str) -> PyResult<()> {
        let sku = seamline::Sku::new(sku).py()?;
        self.lock().retire(sku);
        Ok(())
    }

    /// `{"missing": [skus with no id in this channel], "retired": [[id, sku], ...]}`.
    fn coverage<'py>(&self, py: Python<'py>, channel: &str) -> PyResult<Bound<'py, PyAny>> {
        let channel = ChannelId::new(channel).py()?;
        let (missing, retired) = self.lock().coverage(&channel);
        let out = PyDict::new(py);
        out.set_item(
            "missing",
            missing.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )?;
        out.set_item(
            "retired",
            retired
                .iter()
                .map(|(id, s)| (id.clone(), s.to_string()))
                .collect::<Vec<_>>(),
        )?;
        Ok(out.into_any())
    }
}
