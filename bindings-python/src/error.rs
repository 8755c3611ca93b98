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
