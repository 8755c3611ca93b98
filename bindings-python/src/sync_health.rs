//! `seamline.sync_health` for Python: gaps and silences in each source's
//! feed (core's `sync_health`).

use crate::convert;
use crate::error::IntoPy;
use crate::ledger;
use pyo3::prelude::*;
use seamline::sync_health::SyncObservation;

/// Gaps in each source's sequence numbers and silences longer than
/// `max_silence_seconds`, as dicts sorted by source and time.
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (observations, now, max_silence_seconds))]
pub fn sync_health<'py>(
    py: Python<'py>,
    observations: Vec<Bound<'py, PyAny>>,
    now: &Bound<'py, PyAny>,
    max_silence_seconds: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let parsed = observations
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let field = format!("observations[{i}]");
            let record = convert::record::<SyncObservation>(o, &field)?;
            pythonize::depythonize::<SyncObservation>(&record)
                .map_err(|e| seamline::Error::invalid_argument(field, "the record", e.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()
        .py()?;
    let now = crate::instant::read(now, "now").py()?;
    let threshold = convert::integer(max_silence_seconds, "max_silence_seconds").py()?;
    let issues = seamline::sync_health::sync_health(&parsed, now, threshold).py()?;
    ledger::to_py(py, &issues)
}
