//! Instants from JS: an RFC 3339 string or a `Date`, read into core's
//! `Instant`.

use crate::convert::{kind, object, string, type_name};
use crate::error::{napi_failure, IntoJs, Result};
use napi::bindgen_prelude::{JsObjectValue, Unknown};
use napi::{JsValue, ValueType};
use napi_derive::napi;
use seamline::{Error, Instant};

/// An instant: an RFC 3339 string or a `Date`.
pub fn read(value: &Unknown<'_>, field: &str) -> Result<Instant> {
    match kind(value, field)? {
        ValueType::String => Instant::parse(&string(value, field)?).js(),
        ValueType::Object if value.is_date().unwrap_or(false) => {
            let obj = object(value, field)?;
            let to_iso: napi::bindgen_prelude::Function<(), String> = obj
                .get_named_property("toISOString")
                .map_err(|e| napi_failure(field, e))?;
            let text = to_iso.apply(obj, ()).map_err(|e| napi_failure(field, e))?;
            Instant::parse(&text).js()
        }
        other => Err(Error::invalid_type(
            field,
            "string or Date",
            type_name(other),
        ))
        .js(),
    }
}

/// Canonical UTC RFC 3339 text for an RFC 3339 string or a `Date`.
#[seamline_guard::guard]
#[napi(ts_args_type = "value: string | Date")]
pub fn canonical_instant(value: Unknown) -> Result<String> {
    Ok(read(&value, "value")?.to_rfc3339())
}
