//! The one mapping from core errors to Python exceptions.
//!
//! The exception classes live in `seamline/errors.py` (so they can inherit
//! from both `SeamlineError` and `ValueError`/`TypeError`); this file only
//! looks the class up by code and raises it with the message and details.

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Converts a core error into the matching `seamline.SeamlineError` subclass.
pub fn to_py(err: seamline::Error) -> PyErr {
    Python::attach(|py| build(py, &err).unwrap_or_else(|e| e))
}

fn build(py: Python<'_>, err: &seamline::Error) -> PyResult<PyErr> {
    let details = PyDict::new(py);
    if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(err) {
        for (key, value) in fields {
            if key != "code" {
                if let serde_json::Value::String(text) = value {
                    details.set_item(key, text)?;
                }
            }
        }
    }
    let factory = py.import("seamline.errors")?.getattr("_from_native")?;
    let exception = factory.call1((err.code().as_str(), err.to_string(), details))?;
    Ok(PyErr::from_value(exception))
}

/// Extension for `Result<T, seamline::Error>` → `PyResult<T>`.
pub trait IntoPy<T> {
    /// Maps the error through [`to_py`].
    fn py(self) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, seamline::Error> {
    fn py(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}

/// What `#[seamline_guard::guard]` makes of a plain return type.
pub mod guarded {
    /// An exported function's value, or the error a caught panic became.
    pub type Result<T> = pyo3::PyResult<T>;
}

/// Runs an exported function's body; a panic becomes `seamline.InternalError`
/// (code `INTERNAL`) instead of pyo3's `PanicException`, which is not a
/// `SeamlineError` and derives from `BaseException`.
pub fn guard<T>(body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body))
        .unwrap_or_else(|payload| Err(to_py(seamline::Error::from_panic(&*payload))))
}

/// [`guard`] for a body that returns a plain value.
pub fn guard_value<T>(body: impl FnOnce() -> T) -> PyResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body))
        .map_err(|payload| to_py(seamline::Error::from_panic(&*payload)))
}
