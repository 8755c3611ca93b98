//! Core's values as Python objects, each typed by what core's schema says
//! it is: decimal text becomes
//! `decimal.Decimal`, a `Money` record `seamline.Money`. The binding keeps
//! no list of which fields are amounts or money.
//!
//! A value is converted by pythonize (serde straight to Python objects),
//! then only the places core's conversions name are visited (derived once
//! per type by `seamline::wire_types::conversions`), so a list of 80,000 report lines
//! costs three `Decimal`s a line, not a walk of every key.

use crate::error::IntoPy;
use crate::money::PyMoney;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use seamline::wire_types::{conversions, Conversion, JsonSchema};
use seamline::{Currency, Money};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Each type's plan, derived once per process (deriving a schema takes
/// longer than converting a small value), found by schemars' id of the type.
fn plan<T: JsonSchema + ?Sized>() -> Arc<Option<Conversion>> {
    type Plans = Mutex<HashMap<Cow<'static, str>, Arc<Option<Conversion>>>>;
    static PLANS: OnceLock<Plans> = OnceLock::new();
    let plans = PLANS.get_or_init(Default::default);
    let mut plans = plans.lock().unwrap_or_else(|p| p.into_inner());
    Arc::clone(
        plans
            .entry(T::schema_id())
            .or_insert_with(|| Arc::new(conversions::<T>())),
    )
}

/// `value` as Python objects, typed by `T`'s schema.
pub fn typed<'py, T>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>>
where
    T: Serialize + JsonSchema + ?Sized,
{
    let _pause = crate::convert::GcPause::new(py);
    // A value serde cannot write is core's bug: a coded INTERNAL, like every error.
    let obj = pythonize::pythonize(py, value)
        .map_err(|e| seamline::Error::Internal {
            detail: e.to_string(),
        })
        .py()?;
    let plan = plan::<T>();
    let Some(conversion) = plan.as_ref() else {
        return Ok(obj);
    };
    let decimal = py.import("decimal")?.getattr("Decimal")?;
    Ok(apply(&obj, conversion, &decimal)?.unwrap_or(obj))
}

/// Applies `conversion` to `obj`: containers in place; a leaf's replacement returned.
fn apply<'py>(
    obj: &Bound<'py, PyAny>,
    conversion: &Conversion,
    decimal: &Bound<'py, PyAny>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    if obj.is_none() {
        return Ok(None);
    }
    match conversion {
        Conversion::Decimal => Ok(match obj.cast::<PyString>() {
            Ok(text) => Some(decimal.call1((text,))?),
            Err(_) => None,
        }),
        Conversion::Money => {
            let Ok(dict) = obj.cast::<PyDict>() else {
                return Ok(None);
            };
            let text = |key: &str| -> PyResult<String> {
                Ok(match dict.get_item(key)? {
                    Some(v) => v.extract()?,
                    None => String::new(),
                })
            };
            let (amount, currency) = (text("amount")?, text("currency")?);
            let money = seamline::parse_decimal("amount", &amount)
                .and_then(|amount| Ok(Money::new(amount, Currency::from_code(&currency)?)))
                .py()?;
            Ok(Some(PyMoney(money).into_pyobject(obj.py())?.into_any()))
        }
        Conversion::List(each) => {
            if let Ok(list) = obj.cast::<PyList>() {
                for (i, item) in list.iter().enumerate() {
                    if let Some(new) = apply(&item, each, decimal)? {
                        list.set_item(i, new)?;
                    }
                }
            }
            Ok(None)
        }
        Conversion::Map(each) => {
            if let Ok(dict) = obj.cast::<PyDict>() {
                for (key, item) in dict.iter() {
                    if let Some(new) = apply(&item, each, decimal)? {
                        dict.set_item(key, new)?;
                    }
                }
            }
            Ok(None)
        }
        Conversion::Tuple(positions) => {
            let Ok(tuple) = obj.cast::<PyTuple>() else {
                return Ok(None);
            };
            let mut items: Vec<Bound<'py, PyAny>> = tuple.iter().collect();
            for (i, f) in positions {
                if let Some(item) = items.get(*i) {
                    if let Some(new) = apply(item, f, decimal)? {
                        items[*i] = new;
                    }
                }
            }
            Ok(Some(PyTuple::new(obj.py(), items)?.into_any()))
        }
        Conversion::Record { fields, tag } => {
            let Ok(dict) = obj.cast::<PyDict>() else {
                return Ok(None);
            };
            let variant = match tag {
                Some((key, variants)) => {
                    let value: Option<String> = match dict.get_item(key)? {
                        Some(v) => v.extract().ok(),
                        None => None,
                    };
                    variants
                        .iter()
                        .find(|(v, _)| Some(v) == value.as_ref())
                        .map(|(_, f)| f.as_slice())
                        .unwrap_or_default()
                }
                None => &[],
            };
            for (key, f) in fields.iter().chain(variant) {
                if let Some(item) = dict.get_item(key)? {
                    if let Some(new) = apply(&item, f, decimal)? {
                        dict.set_item(key, new)?;
                    }
                }
            }
            Ok(None)
        }
    }
}
