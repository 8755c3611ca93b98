//! The one mapping from core errors to JS errors: `err.code` is our stable
//! code (`CURRENCY_MISMATCH`, …), never napi's own status name.

use napi::bindgen_prelude::Error as NapiError;

/// Our stable code as napi's error status, so JS sees it as `err.code`.
pub struct Code(&'static str);

impl Code {
    /// A code that is not core's (Node's own `ABORT_ERR`).
    pub fn new(code: &'static str) -> Code {
        Code(code)
    }
}

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

/// What `#[seamline_guard::guard]` makes of a plain return type.
pub mod guarded {
    /// An exported function's value, or the error a caught panic became.
    pub type Result<T> = super::Result<T>;
}

/// An error type a caught panic can become.
pub trait FromPanic {
    /// The `INTERNAL` error for a panic's payload.
    fn from_panic(payload: &(dyn std::any::Any + Send)) -> Self;
}

impl FromPanic for NapiError<Code> {
    fn from_panic(payload: &(dyn std::any::Any + Send)) -> Self {
        to_js(seamline::Error::from_panic(payload))
    }
}

impl FromPanic for napi::Error {
    fn from_panic(payload: &(dyn std::any::Any + Send)) -> Self {
        let err = seamline::Error::from_panic(payload);
        napi::Error::new(napi::Status::GenericFailure, err.to_string())
    }
}

/// Runs an exported function's body; a panic becomes an `Error` with code
/// `INTERNAL`. Without it a panic unwinds into N-API's C frames, which Rust
/// turns into an abort of the whole Node process.
pub fn guard<T, E: FromPanic>(
    body: impl FnOnce() -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body))
        .unwrap_or_else(|payload| Err(E::from_panic(&*payload)))
}

/// [`guard`] for a body that returns a plain value.
pub fn guard_value<T>(body: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body))
        .map_err(|payload| NapiError::<Code>::from_panic(&*payload))
}

/// `{ error }`: one item's failure in a batch's result, in core's wire
/// form with camelCase keys.
pub fn error_json(error: &seamline::Error) -> serde_json::Value {
    serde_json::json!({ "error": crate::keys::out(error) })
}
