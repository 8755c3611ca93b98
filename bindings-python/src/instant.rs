//! Instants from Python: an aware `datetime` or RFC 3339 text, read into
//! core's `Instant` (a naive datetime is refused: its zone is unknown).

use crate::convert::type_name;
use crate::error::IntoPy;
use pyo3::prelude::*;
use pyo3::types::{PyDateTime, PyString, PyTzInfoAccess};
use seamline::{Error, Instant};

/// An instant: an aware `datetime` or RFC 3339 `str`. A naive datetime is refused.
pub fn read(obj: &Bound<'_, PyAny>, field: &str) -> Result<Instant, Error> {
    if let Ok(text) = obj.cast::<PyString>() {
        return Instant::parse(&text.to_string_lossy());
    }
    if let Ok(dt) = obj.cast::<PyDateTime>() {
        let text = dt.str().map(|s| s.to_string()).unwrap_or_default();
        let aware = dt.get_tzinfo().is_some()
            && !obj
                .call_method0("utcoffset")
                .map(|o| o.is_none())
                .unwrap_or(true);
        if !aware {
            return Err(Error::InvalidTimestamp {
                field: field.into(),
                value: text,
                reason: "naive datetime: a zone-less local time is ambiguous, attach a tzinfo (e.g. datetime.timezone.utc)".into(),
            });
        }
        let iso: String = obj
            .call_method0("isoformat")
            .and_then(|t| t.extract())
            .map_err(|_| Error::invalid_type(field, "datetime", type_name(obj)))?;
        return Instant::parse(&iso);
    }
    Err(Error::invalid_type(
        field,
        "datetime.datetime or str",
        type_name(obj),
    ))
}

/// Canonical UTC RFC 3339 text for an aware datetime or RFC 3339 string.
#[seamline_guard::guard]
#[pyfunction]
pub fn canonical_instant(value: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(read(value, "value").py()?.to_rfc3339())
}
