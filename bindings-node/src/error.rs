//! The one mapping from core errors to JS errors: `err.code` is our stable
//! code (`CURRENCY_MISMATCH`, …), never napi's own status name.

use napi::bindgen_prelude::Error as NapiError;

/// Our stable code as napi's error status, so JS sees it as `err.code`.
pub struct Code(&'static str);

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.0
    }
}

/// What every exported function returns.
pub type Result<T> = std::result::Result<T, NapiError<Code>>;

/// Converts a core error into a JS `Error` with `code`.
pub fn to_js(err: seamline::Error) -> NapiError<Code> {
    NapiError::new(Code(err.code().as_str()), err.to_string())
}

/// A napi failure (e.g. reading a property) reported as INVALID_TYPE for `field`.
pub fn napi_failure(field: &str, err: napi::Error) -> NapiError<Code> {
    to_js(seamline::Error::invalid_type(
        field,
        "a valid value",
        err.reason,
    ))
}

/// Extension for `Result<T, seamline::Error>`.
pub trait IntoJs<T> {
    /// Maps the error through [`to_js`].
    fn js(self) -> Result<T>;
}

impl<T> IntoJs<T> for std::result::Result<T, seamline::Error> {
    fn js(self) -> Result<T> {
        self.map_err(to_js)
    }
}
