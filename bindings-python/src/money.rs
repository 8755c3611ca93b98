//! `seamline.Money`: exact money as a Python value type.

use crate::convert;
use crate::error::IntoPy;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use seamline::{Currency, Decimal, Money, RoundingMode};

/// An exact amount of money in one ISO 4217 currency.
#[pyclass(name = "Money", module = "seamline", frozen, eq, hash)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyMoney(pub Money);

#[seamline_guard::guard]
#[pymethods]
impl PyMoney {
    #[new]
    fn new(amount: &Bound<'_, PyAny>, currency: &str) -> PyResult<Self> {
        let amount = convert::decimal(amount, "amount").py()?;
        let currency = Currency::from_code(currency).py()?;
        Ok(PyMoney(Money::new(amount, currency)))
    }

    /// The exact amount as `decimal.Decimal`.
    #[getter]
    fn amount(&self) -> Decimal {
        self.0.amount()
    }

    /// The ISO 4217 code.
    #[getter]
    fn currency(&self) -> String {
        self.0.currency().code().to_string()
    }

    fn __add__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let py = other.py();
        match other.cast::<PyMoney>() {
            Ok(o) => Ok(PyMoney(self.0.checked_add(&o.get().0).py()?)
                .into_pyobject(py)?
                .into_any()
                .unbind()),
            Err(_) => Ok(py.NotImplemented()),
        }
    }

    fn __sub__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let py = other.py();
        match other.cast::<PyMoney>() {
            Ok(o) => Ok(PyMoney(self.0.checked_sub(&o.get().0).py()?)
                .into_pyobject(py)?
                .into_any()
                .unbind()),
            Err(_) => Ok(py.NotImplemented()),
        }
    }

    fn __neg__(&self) -> Self {
        PyMoney(self.0.negate())
    }

    /// Rounds to the currency's minor unit.
    #[pyo3(signature = (mode = "half_up"))]
    fn round(&self, mode: &str) -> PyResult<Self> {
        let mode: RoundingMode = mode.parse().py()?;
        Ok(PyMoney(self.0.round(mode)))
    }

    /// Splits across `weights` by largest remainder; the parts sum exactly to `self`.
    fn allocate(&self, weights: Vec<Bound<'_, PyAny>>) -> PyResult<Vec<Self>> {
        let weights = weights
            .iter()
            .enumerate()
            .map(|(i, w)| convert::decimal(w, &format!("weights[{i}]")))
            .collect::<Result<Vec<_>, _>>()
            .py()?;
        Ok(self
            .0
            .allocate(&weights)
            .py()?
            .into_iter()
            .map(PyMoney)
            .collect())
    }

    /// True when there are no digits below the minor unit.
    fn is_in_minor_units(&self) -> bool {
        self.0.is_in_minor_units()
    }

    fn __repr__(&self) -> String {
        format!("Money('{}', '{}')", self.0.amount(), self.0.currency())
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let money = slf.get().0;
        let args = PyTuple::new(
            py,
            [
                money.amount().to_string(),
                money.currency().code().to_string(),
            ],
        )?;
        Ok((slf.get_type().into_any(), args))
    }
}
