//! Python values → core values. Every check here is about Python types
//! (a float is not money); every domain rule is in core.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use seamline::wire_types::{instant_fields, JsonSchema};
use seamline::{parse_decimal, Decimal, Error};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The Python type's name, for an error (never the value).
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into())
}

/// Exact decimal input: `decimal.Decimal`, `int` or decimal `str`. A float
/// is refused: `0.1` has no exact binary value, so it cannot be money.
pub fn decimal(obj: &Bound<'_, PyAny>, field: &str) -> Result<Decimal, Error> {
    if obj.is_instance_of::<PyFloat>() {
        return Err(Error::invalid_type(
            field,
            "decimal.Decimal, int or str",
            format!(
                "float {}: floats are inexact, pass decimal.Decimal(\"...\")",
                obj.repr().map(|r| r.to_string()).unwrap_or_default()
            ),
        ));
    }
    if obj.is_instance_of::<PyBool>() {
        return Err(Error::invalid_type(
            field,
            "decimal.Decimal, int or str",
            "bool",
        ));
    }
    if let Ok(text) = obj.cast::<PyString>() {
        return parse_decimal(field, &text.to_string_lossy());
    }
    if obj.is_instance_of::<PyInt>() {
        // Read as an integer, never through a float or a text of unbounded length.
        return match obj.extract::<i128>() {
            Ok(n) => Decimal::try_from_i128_with_scale(n, 0).map_err(|_| {
                Error::invalid_amount(field, n.to_string(), "too large for an exact decimal")
            }),
            Err(_) => Err(Error::invalid_amount(
                field,
                "an int beyond 2^127",
                "too large for an exact decimal",
            )),
        };
    }
    if type_name(obj) == "Decimal" {
        return decimal_parts(obj, field);
    }
    Err(Error::invalid_type(
        field,
        "decimal.Decimal, int or str",
        type_name(obj),
    ))
}

/// A `decimal.Decimal` by its parts (`as_tuple()`), so core bounds the work
/// by its digits: `Decimal("1e300000000")` is refused at once instead of
/// formatted into 300 million characters first.
fn decimal_parts(obj: &Bound<'_, PyAny>, field: &str) -> Result<Decimal, Error> {
    let not_finite = || {
        Error::invalid_amount(
            field,
            obj.to_string(),
            "must be a finite number (not NaN or Infinity)",
        )
    };
    let parts = obj
        .call_method0("as_tuple")
        .map_err(|_| Error::invalid_type(field, "decimal.Decimal, int or str", type_name(obj)))?;
    let sign: u8 = parts
        .get_item(0)
        .and_then(|s| s.extract())
        .map_err(|_| not_finite())?;
    // NaN and infinities have a letter for an exponent.
    let exponent: i64 = parts
        .get_item(2)
        .and_then(|e| e.extract())
        .map_err(|_| not_finite())?;
    let digits: Vec<u8> = parts
        .get_item(1)
        .and_then(|d| d.extract())
        .map_err(|_| not_finite())?;
    seamline::decimal_from_parts(field, sign == 1, &digits, exponent)
}

/// A whole number of units: an `int`, never a float or a bool.
pub fn integer(obj: &Bound<'_, PyAny>, field: &str) -> Result<i64, Error> {
    if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
        return Err(Error::invalid_type(field, "int", type_name(obj)));
    }
    obj.extract::<i64>()
        .map_err(|_| Error::invalid_quantity(field, obj.to_string(), "out of the 64-bit range"))
}

/// A whole, non-negative number of units.
pub fn count(obj: &Bound<'_, PyAny>, field: &str) -> Result<u64, Error> {
    let value = integer(obj, field)?;
    u64::try_from(value).map_err(|_| Error::invalid_quantity(field, value, "must not be negative"))
}

/// A rate or probability (not money): `int`, `float` or `Decimal`.
pub fn real(obj: &Bound<'_, PyAny>, field: &str) -> Result<f64, Error> {
    if obj.is_instance_of::<PyBool>() || obj.is_instance_of::<PyString>() {
        return Err(Error::invalid_type(field, "a number", type_name(obj)));
    }
    obj.extract::<f64>()
        .map_err(|_| Error::invalid_type(field, "a number", type_name(obj)))
}

/// The fields of a record of `T` that hold an instant: core's rule
/// ([`instant_fields`]), derived once per type and process (deriving a
/// schema takes longer than reading a record), found by schemars' id.
fn instant_keys<T: JsonSchema>() -> Arc<[String]> {
    type Keys = Mutex<HashMap<Cow<'static, str>, Arc<[String]>>>;
    static KEYS: OnceLock<Keys> = OnceLock::new();
    let keys = KEYS.get_or_init(Default::default);
    let mut keys = keys.lock().unwrap_or_else(|p| p.into_inner());
    Arc::clone(
        keys.entry(T::schema_id())
            .or_insert_with(|| instant_fields::<T>().into()),
    )
}

/// A dict holding a `T`, ready for core's serde form: `datetime` values of
/// `T`'s instant fields become canonical text (a naive one is refused).
/// Only a dict holding a datetime is copied, so a bulk load of text rows
/// makes no new Python objects (and never wakes the garbage collector).
pub fn record<'py, T: JsonSchema>(
    obj: &Bound<'py, PyAny>,
    field: &str,
) -> Result<Bound<'py, PyAny>, Error> {
    let time_keys = instant_keys::<T>();
    let dict = obj
        .cast::<PyDict>()
        .map_err(|_| Error::invalid_type(field, "dict", type_name(obj)))?;
    let has_datetime = time_keys
        .iter()
        .any(|k| matches!(dict.get_item(k), Ok(Some(v)) if v.is_instance_of::<PyDateTime>()));
    if !has_datetime {
        return Ok(obj.clone());
    }
    let copy = dict
        .copy()
        .map_err(|e| Error::invalid_argument(field, "dict", e.to_string()))?;
    for key in time_keys.iter() {
        if let Ok(Some(value)) = dict.get_item(key) {
            if value.is_instance_of::<PyDateTime>() {
                let text = crate::instant::read(&value, key)?.to_rfc3339();
                copy.set_item(key, text)
                    .map_err(|e| Error::invalid_argument(field, key.as_str(), e.to_string()))?;
            }
        }
    }
    Ok(copy.into_any())
}

/// A Python record → JSON for core's serde forms: `Decimal` becomes its
/// exact text, `datetime` canonical UTC text; a float anywhere is refused
/// (money is exact, and a quantity is a whole number). `path` names the
/// offending value in the error (`event.order.lines[0].unit_price`).
pub fn json(obj: &Bound<'_, PyAny>, path: &str) -> Result<serde_json::Value, Error> {
    to_json(obj, path, 0, false)
}

/// A Python record → JSON for core's schema reader, which names each field
/// itself: a float stays a JSON float and a naive datetime offset-less text
/// (core refuses both, by field), an int past 64 bits its decimal text.
pub fn record_json(obj: &Bound<'_, PyAny>, path: &str) -> Result<serde_json::Value, Error> {
    to_json(obj, path, 0, true)
}

fn to_json(
    obj: &Bound<'_, PyAny>,
    path: &str,
    depth: usize,
    for_schema: bool,
) -> Result<serde_json::Value, Error> {
    use serde_json::Value;
    if depth > seamline::input::MAX_DEPTH {
        return Err(Error::invalid_argument(
            path,
            "(nested value)",
            format!("nested deeper than {} levels", seamline::input::MAX_DEPTH),
        ));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(text) = obj.cast::<PyString>() {
        return match text.to_str() {
            Ok(t) => Ok(Value::String(t.to_string())),
            Err(_) => Err(Error::invalid_argument(
                path,
                "(text)",
                "holds a lone surrogate: not valid Unicode",
            )),
        };
    }
    if obj.is_instance_of::<PyInt>() {
        return Ok(match obj.extract::<i64>() {
            Ok(n) => Value::from(n),
            // Past 64 bits: its exact decimal text, never a float.
            Err(_) => Value::String(obj.to_string()),
        });
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        if for_schema {
            let v = f.value();
            return Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number));
        }
        return Err(Error::invalid_type(
            path,
            "decimal.Decimal, int or str",
            format!(
                "float {}: floats are inexact, pass decimal.Decimal(\"...\")",
                obj.repr().map(|r| r.to_string()).unwrap_or_default()
            ),
        ));
    }
    if type_name(obj) == "Decimal" {
        return Ok(Value::String(decimal(obj, path)?.to_string()));
    }
    if let Ok(money) = obj.cast::<crate::money::PyMoney>() {
        // `seamline.Money` is core's Money: its own serde form.
        return serde_json::to_value(money.get().0)
            .map_err(|e| Error::invalid_argument(path, "Money", e.to_string()));
    }
    if obj.is_instance_of::<PyDateTime>() {
        return match crate::instant::read(obj, path) {
            Ok(at) => Ok(Value::String(at.to_rfc3339())),
            Err(_) if for_schema => Ok(Value::String(
                obj.call_method0("isoformat")
                    .and_then(|t| t.extract())
                    .unwrap_or_default(),
            )),
            Err(e) => Err(e),
        };
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = serde_json::Map::with_capacity(dict.len());
        for (k, v) in dict.iter() {
            let key = k
                .cast::<PyString>()
                .map_err(|_| Error::invalid_type(path, "a dict with str keys", type_name(&k)))?
                .to_string_lossy()
                .into_owned();
            let value = to_json(&v, &format!("{path}.{key}"), depth + 1, for_schema)?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, v) in obj
            .try_iter()
            .map_err(|_| Error::invalid_type(path, "list", type_name(obj)))?
            .enumerate()
        {
            let v = v.map_err(|_| Error::invalid_type(path, "list", type_name(obj)))?;
            items.push(to_json(&v, &format!("{path}[{i}]"), depth + 1, for_schema)?);
        }
        return Ok(Value::Array(items));
    }
    Err(Error::invalid_type(
        path,
        "dict, list, str, int, decimal.Decimal, datetime or None",
        type_name(obj),
    ))
}

/// A core record from a Python value (through [`json`]); a shape error is
/// `INVALID_ARGUMENT` for `field`.
pub fn parse<T: serde::de::DeserializeOwned>(
    obj: &Bound<'_, PyAny>,
    field: &str,
) -> Result<T, Error> {
    seamline::input::from_value(json(obj, field)?, field)
}

/// Each item read as core's `T` by core's reader, named `field[i]`.
pub fn parse_each<T: serde::de::DeserializeOwned, U>(
    items: &[Bound<'_, U>],
    field: &str,
) -> Result<Vec<T>, Error> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| parse(item.as_any(), &format!("{field}[{i}]")))
        .collect()
}

/// A call's keyword arguments with those given as `None` left out: in
/// Python, `threads=None` is a keyword not given, so core applies its default.
pub fn given<'py>(
    py: Python<'py>,
    kwargs: Option<&Bound<'py, pyo3::types::PyDict>>,
) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
    let out = pyo3::types::PyDict::new(py);
    for (k, v) in kwargs.into_iter().flat_map(|d| d.iter()) {
        if !v.is_none() {
            out.set_item(k, v)?;
        }
    }
    Ok(out)
}

/// A record of core's (`T`) from a call's positional values (`fixed`) and
/// its keyword arguments, read by core's reader: core's names, defaults
/// and refusals, none of them listed in the binding. A bad or unknown
/// argument is named as the caller wrote it (`case_fold`).
pub fn keywords<T: serde::de::DeserializeOwned>(
    py: Python<'_>,
    fixed: &[(&str, &Bound<'_, PyAny>)],
    kwargs: Option<&Bound<'_, pyo3::types::PyDict>>,
    field: &str,
) -> PyResult<T> {
    let record = given(py, kwargs)?;
    for (name, value) in fixed {
        record.set_item(name, value)?;
    }
    let read = json(&record, field).and_then(|v| seamline::input::from_arguments(v, field));
    crate::error::IntoPy::py(read)
}

/// Pauses Python's cyclic garbage collector while a bulk call runs and
/// resumes it after. The call makes no reference cycles; without the pause,
/// the objects it creates can trigger collections that walk every object the
/// caller just built (millions of column cells), for nothing.
pub struct GcPause<'py>(Option<Bound<'py, PyAny>>);

impl<'py> GcPause<'py> {
    /// Disables the collector if it is enabled.
    pub fn new(py: Python<'py>) -> Self {
        let gc = py.import("gc").ok().map(|m| m.into_any());
        let enabled = gc
            .as_ref()
            .and_then(|gc| gc.call_method0("isenabled").ok())
            .is_some_and(|e| e.is_truthy().unwrap_or(false));
        if let (true, Some(gc)) = (enabled, &gc) {
            let _ = gc.call_method0("disable");
            return GcPause(Some(gc.clone()));
        }
        GcPause(None)
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.0 {
            let _ = gc.call_method0("enable");
        }
    }
}
