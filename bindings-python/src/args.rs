//! Arguments of plain types, as every exported function reads them.
//!
//! `#[seamline_guard::guard]` has pyo3 read each argument of a plain type
//! (text, a number, a flag, a list of them, a Seamline object) as
//! [`Arg<T>`]: pyo3's own conversion of `T`, with its failure made a coded
//! Seamline error — a value of the wrong type is `INVALID_TYPE`, text with
//! a lone surrogate or a number out of range is `INVALID_ARGUMENT` — where
//! pyo3 alone raises a bare `TypeError`, `UnicodeEncodeError` or
//! `OverflowError`. The message names the Python type given, never the
//! value (an argument may be a phone number). pyo3 names the argument in a
//! note on the exception, which `seamline.errors` reads into its field.

use crate::error::to_py;
use pyo3::exceptions::{PyOverflowError, PyUnicodeEncodeError};
use pyo3::prelude::*;
use pyo3::{Borrowed, PyClass};
use seamline::Error;

/// The field an argument's error names until pyo3's note names the
/// argument (`seamline/errors.py` replaces it; keep the two equal).
pub const ARGUMENT: &str = "(argument)";

/// An argument read by pyo3 as `T`, failing with a Seamline error.
pub struct Arg<T>(pub T);

impl<'a, 'py, T> FromPyObject<'a, 'py> for Arg<T>
where
    T: FromPyObject<'a, 'py> + Expected,
{
    type Error = PyErr;

    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        T::extract(ob)
            .map(Arg)
            .map_err(|e| coded::<T>(ob, e.into()))
    }
}

/// The Seamline error for an argument pyo3 could not convert.
fn coded<T: Expected>(ob: Borrowed<'_, '_, PyAny>, err: PyErr) -> PyErr {
    let py = ob.py();
    let error = if err.is_instance_of::<PyUnicodeEncodeError>(py) {
        Error::invalid_argument(
            ARGUMENT,
            "(text)",
            "holds a lone surrogate: not valid Unicode",
        )
    } else if err.is_instance_of::<PyOverflowError>(py) {
        Error::invalid_argument(
            ARGUMENT,
            "(int)",
            format!("out of range for {}", T::expected()),
        )
    } else {
        let got = ob
            .get_type()
            .name()
            .map_or_else(|_| "another type".to_string(), |n| n.to_string());
        Error::invalid_type(ARGUMENT, T::expected(), got)
    };
    to_py(error)
}

/// What an argument's type is called in a Python error message.
pub trait Expected {
    /// `str`, `int`, `list of str`, `Ledger`…
    fn expected() -> String;
}

macro_rules! expected {
    ($name:literal: $($t:ty),+) => {
        $(impl Expected for $t {
            fn expected() -> String {
                $name.to_string()
            }
        })+
    };
}

expected!("str": &str, String);
expected!("bool": bool);
expected!("int": i8, i16, i32, i64, isize, u8, u16, u32, u64, usize);
expected!("float": f32, f64);

impl Expected for Bound<'_, PyAny> {
    fn expected() -> String {
        "object".to_string()
    }
}

impl Expected for Bound<'_, pyo3::types::PyDict> {
    fn expected() -> String {
        "dict".to_string()
    }
}

impl<T: Expected> Expected for Vec<T> {
    fn expected() -> String {
        format!("list of {}", T::expected())
    }
}

impl<T: PyClass> Expected for PyRef<'_, T> {
    fn expected() -> String {
        T::NAME.to_string()
    }
}

impl<T: PyClass<Frozen = pyo3::pyclass::boolean_struct::False>> Expected for PyRefMut<'_, T> {
    fn expected() -> String {
        T::NAME.to_string()
    }
}
