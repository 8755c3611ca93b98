//! The native half of the `seamline` npm package. Thin by design: convert
//! JS values, call core, map errors to `Error` with our `code`.

mod buffer;
mod convert;
mod error;
mod keys;
mod ledger;
mod money;

use error::{IntoJs, Result};
use napi::bindgen_prelude::Unknown;
use napi_derive::napi;
use seamline::{Currency, ErrorCode, RoundingMode, Sku};

/// Every stable error code, as `err.code` reports them.
#[napi]
pub fn error_codes() -> Vec<&'static str> {
    ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}

/// Every rounding mode name.
#[napi]
pub fn rounding_modes() -> Vec<&'static str> {
    RoundingMode::ALL.iter().map(|m| m.as_str()).collect()
}

/// Decimal places of a currency's minor unit (JPY 0, USD 2, KWD 3).
#[napi(ts_args_type = "currency: string")]
pub fn minor_units(currency: Unknown) -> Result<u32> {
    let code = convert::string(&currency, "currency")?;
    Ok(Currency::from_code(&code).js()?.minor_units())
}

/// The canonical form of a SKU (trimmed); `INVALID_SKU` otherwise.
#[napi(ts_args_type = "value: string")]
pub fn normalize_sku(value: Unknown) -> Result<String> {
    let text = convert::string(&value, "sku")?;
    Ok(Sku::new(&text).js()?.as_str().to_string())
}

/// Canonical UTC RFC 3339 text for an RFC 3339 string or a `Date`.
#[napi(ts_args_type = "value: string | Date")]
pub fn canonical_instant(value: Unknown) -> Result<String> {
    Ok(convert::instant(&value, "value")?.to_rfc3339())
}
