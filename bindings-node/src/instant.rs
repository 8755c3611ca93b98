//! Instants from JS: an RFC 3339 string or a `Date`, read into core's
//! `Instant`.

use crate::convert::{kind, string, type_name};
use crate::error::{IntoJs, Result};
use napi::bindgen_prelude::Unknown;
use napi::{JsDate, JsValue, ValueType};
use napi_derive::napi;
use seamline::{Error, Instant};

/// An instant: an RFC 3339 string or a `Date`.
pub fn read(value: &Unknown<'_>, field: &str) -> Result<Instant> {
    match kind(value, field)? {
        ValueType::String => Instant::parse(&string(value, field)?).js(),
        ValueType::Object if value.is_date().unwrap_or(false) => date(value, field).js(),
        other => Err(Error::invalid_type(
            field,
            "string or Date",
            type_name(other),
        ))
        .js(),
    }
}

/// A `Date`'s instant, read from its own time value (whole milliseconds
/// since 1970, or NaN for an Invalid Date), not from what a method of it
/// returns; core's coded error for anything else.
pub fn date(value: &Unknown<'_>, field: &str) -> std::result::Result<Instant, Error> {
    if !value.is_date().unwrap_or(false) {
        return Err(Error::invalid_type(field, "Date", "another object"));
    }
    let failed = |e: napi::Error| Error::invalid_type(field, "Date", e.reason);
    // SAFETY: checked to be a Date just above.
    let date: JsDate = unsafe { value.cast() }.map_err(failed)?;
    let ms = date.value_of().map_err(failed)?;
    date_micros(ms)
        .ok_or_else(|| Error::InvalidTimestamp {
            field: field.into(),
            value: "Invalid Date".into(),
            reason: "a Date with no time (its time value is NaN)".into(),
        })
        .and_then(Instant::from_unix_micros)
}

/// A Date's time value in microseconds; `None` for NaN. A time value is
/// whole milliseconds within ±8.64e15 (ECMA-262), so the product fits.
fn date_micros(ms: f64) -> Option<i64> {
    if !ms.is_finite() || ms.fract() != 0.0 || ms.abs() > 8.64e15 {
        return None;
    }
    // In range and whole: exact as an integer.
    (ms as i64).checked_mul(1000)
}

/// Canonical UTC RFC 3339 text for an RFC 3339 string or a `Date`.
#[seamline_guard::guard]
#[napi(ts_args_type = "value: string | Date")]
pub fn canonical_instant(value: Unknown) -> Result<String> {
    Ok(read(&value, "value")?.to_rfc3339())
}
