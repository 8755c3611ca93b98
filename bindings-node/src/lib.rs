//! The native half of the `seamline` npm package. Thin by design: convert
//! JS values, call core, map errors to `Error` with our `code`.

mod buffer;
mod catalog;
mod convert;
mod customers;
mod error;
mod instant;
mod keys;
mod ledger;
mod money;
mod off_loop;
mod orders;
mod prices;
mod reconciliation;
mod sync_health;
mod systems_of_record;
mod table;

use error::{IntoJs, Result};
use napi::bindgen_prelude::Unknown;
use napi_derive::napi;
use seamline::catalog::Gtin;
use seamline::{Currency, ErrorCode, RoundingMode, Sku};

/// Panics on purpose, for the test that proves a panic surfaces as an
/// `Error` with code `INTERNAL` and the Node process lives on.
#[seamline_guard::guard]
#[napi(js_name = "_forcePanic")]
pub fn force_panic(message: String) {
    panic!("{message}");
}

/// Every stable error code, as `err.code` reports them.
#[seamline_guard::guard]
#[napi]
pub fn error_codes() -> Vec<&'static str> {
    ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
}

/// Every rounding mode name.
#[seamline_guard::guard]
#[napi]
pub fn rounding_modes() -> Vec<&'static str> {
    RoundingMode::ALL.iter().map(|m| m.as_str()).collect()
}

/// Decimal places of a currency's minor unit (JPY 0, USD 2, KWD 3).
#[seamline_guard::guard]
#[napi(ts_args_type = "currency: string")]
pub fn minor_units(currency: Unknown) -> Result<u32> {
    let code = convert::string(&currency, "currency")?;
    Ok(Currency::from_code(&code).js()?.minor_units())
}

/// The canonical form of a SKU (trimmed); `INVALID_SKU` otherwise.
#[seamline_guard::guard]
#[napi(ts_args_type = "value: string")]
pub fn normalize_sku(value: Unknown) -> Result<String> {
    let text = convert::string(&value, "sku")?;
    Ok(Sku::new(&text).js()?.as_str().to_string())
}

/// The 14-digit form of a GTIN-8, -12, -13 or -14 (check digit verified).
#[seamline_guard::guard]
#[napi(ts_args_type = "value: string")]
pub fn normalize_gtin(value: Unknown) -> Result<String> {
    Ok(Gtin::parse(&convert::string(&value, "gtin")?)
        .js()?
        .gtin14())
}

/// A UPC-E code expanded to its UPC-A GTIN, in 14 digits.
#[seamline_guard::guard]
#[napi(ts_args_type = "value: string")]
pub fn expand_upc_e(value: Unknown) -> Result<String> {
    Ok(Gtin::from_upc_e(&convert::string(&value, "upc_e")?)
        .js()?
        .gtin14())
}

/// What a GTIN's GS1 prefix says it is.
#[seamline_guard::guard]
#[napi(
    ts_args_type = "value: string",
    ts_return_type = "'global' | 'in_store' | 'coupon' | 'refund_receipt' | 'book' | 'music' | 'serial'"
)]
pub fn gtin_range(value: Unknown) -> Result<serde_json::Value> {
    let range = Gtin::parse(&convert::string(&value, "gtin")?).js()?.range();
    Ok(serde_json::to_value(range).unwrap_or(serde_json::Value::Null))
}
