//! Core's values as Python objects, each typed by what core's schema says
//! it is (`seamline::wire_types::schema_of`): decimal text becomes
//! `decimal.Decimal`, a `Money` record `seamline.Money`. The binding keeps
//! no list of which fields are amounts or money.
//!
//! A value is converted by pythonize (serde straight to Python objects),
//! then only the places the schema marks are visited: a plan per type,
//! derived once, says where they are, so a list of 80,000 report lines
//! costs three `Decimal`s a line, not a walk of every key.

use crate::error::IntoPy;
use crate::money::PyMoney;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use seamline::wire_types::{schema_of, JsonSchema};
use seamline::{Currency, Money};
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// A record's fields that need a fix, by name.
type Fields = Vec<(String, Fix)>;

/// A tagged enum's tag field and, per tag value, its variant's fields that
/// need a fix.
type Tagged = (String, Vec<(String, Fields)>);

/// Where a value needs more than serde's form, by its schema.
#[derive(Debug)]
enum Fix {
    /// Decimal text → `decimal.Decimal`.
    Decimal,
    /// `{amount, currency}` → `seamline.Money`.
    Money,
    /// Each item.
    List(Box<Fix>),
    /// Each value of a map keyed by data.
    Map(Box<Fix>),
    /// The positions of a tuple that need it.
    Tuple(Vec<(usize, Fix)>),
    /// The fields of a record that need it, and for a tagged enum the
    /// variant's, chosen by the value of its tag field.
    Record { fields: Fields, tag: Option<Tagged> },
}

/// Derives the plan of `schema` (`None`: nothing to do).
struct Planner<'a> {
    defs: &'a Value,
    // Types being planned: a type that contains itself needs no second visit.
    open: Vec<&'a str>,
}

impl<'a> Planner<'a> {
    fn plan(&mut self, schema: &'a Value) -> Option<Fix> {
        if let Some(name) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
        {
            if name == "Money" {
                return Some(Fix::Money);
            }
            if self.open.contains(&name) {
                return None;
            }
            self.open.push(name);
            let plan = self.plan(&self.defs[name]);
            self.open.pop();
            return plan;
        }
        if matches!(
            schema.get("format").and_then(Value::as_str),
            Some("decimal" | "decimal-text")
        ) {
            return Some(Fix::Decimal);
        }
        let props = schema.get("properties").and_then(Value::as_object);
        let union = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array);
        if let Some(members) = union {
            if let Some(tag) = self.tagged(members) {
                let fields = props.map(|p| self.fields(p)).unwrap_or_default();
                return (!fields.is_empty() || !tag.1.is_empty()).then_some(Fix::Record {
                    fields,
                    tag: Some(tag),
                });
            }
            if props.is_none() {
                // An optional value (`null` or one form) or an enumeration.
                return members.iter().find_map(|m| self.plan(m));
            }
        }
        if let Some(props) = props {
            let fields = self.fields(props);
            return (!fields.is_empty()).then_some(Fix::Record { fields, tag: None });
        }
        if let Some(items) = schema.get("prefixItems").and_then(Value::as_array) {
            let each: Vec<(usize, Fix)> = items
                .iter()
                .enumerate()
                .filter_map(|(i, s)| self.plan(s).map(|f| (i, f)))
                .collect();
            return (!each.is_empty()).then_some(Fix::Tuple(each));
        }
        if let Some(items) = schema.get("items") {
            return self.plan(items).map(|f| Fix::List(Box::new(f)));
        }
        if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
            return self.plan(values).map(|f| Fix::Map(Box::new(f)));
        }
        None
    }

    fn fields(&mut self, props: &'a serde_json::Map<String, Value>) -> Fields {
        props
            .iter()
            .filter_map(|(k, s)| self.plan(s).map(|f| (k.clone(), f)))
            .collect()
    }

    /// A tagged enum's tag field and, per tag value, its variant's fields
    /// that need a fix; `None` unless every member is a record with a tag.
    #[allow(clippy::type_complexity)]
    fn tagged(
        &mut self,
        members: &'a [Value],
    ) -> Option<(String, Vec<(String, Vec<(String, Fix)>)>)> {
        let mut key = None;
        let mut variants = Vec::new();
        for m in members {
            let props = m.get("properties").and_then(Value::as_object)?;
            let (k, value) = props
                .iter()
                .find_map(|(k, s)| s.get("const").and_then(Value::as_str).map(|v| (k, v)))?;
            key = Some(k.clone());
            let fields = self.fields(props);
            if !fields.is_empty() {
                variants.push((value.to_string(), fields));
            }
        }
        key.map(|k| (k, variants))
    }
}

/// Each type's plan, derived once per process (deriving a schema takes
/// longer than converting a small value), found by schemars' id of the type.
fn plan<T: JsonSchema + ?Sized>() -> Arc<Option<Fix>> {
    type Plans = Mutex<HashMap<Cow<'static, str>, Arc<Option<Fix>>>>;
    static PLANS: OnceLock<Plans> = OnceLock::new();
    let plans = PLANS.get_or_init(Default::default);
    let mut plans = plans.lock().unwrap_or_else(|p| p.into_inner());
    Arc::clone(plans.entry(T::schema_id()).or_insert_with(|| {
        let doc = schema_of::<T>();
        let mut planner = Planner {
            defs: &doc["$defs"],
            open: Vec::new(),
        };
        Arc::new(planner.plan(&doc["root"]))
    }))
}

/// `value` as Python objects, typed by `T`'s schema.
pub fn typed<'py, T>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>>
where
    T: Serialize + JsonSchema + ?Sized,
{
    let _pause = crate::convert::GcPause::new(py);
    let obj = pythonize::pythonize(py, value)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    let plan = plan::<T>();
    let Some(fix) = plan.as_ref() else {
        return Ok(obj);
    };
    let decimal = py.import("decimal")?.getattr("Decimal")?;
    Ok(apply(&obj, fix, &decimal)?.unwrap_or(obj))
}

/// Applies `fix` to `obj`: containers in place; a leaf's replacement returned.
fn apply<'py>(
    obj: &Bound<'py, PyAny>,
    fix: &Fix,
    decimal: &Bound<'py, PyAny>,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    if obj.is_none() {
        return Ok(None);
    }
    match fix {
        Fix::Decimal => Ok(match obj.cast::<PyString>() {
            Ok(text) => Some(decimal.call1((text,))?),
            Err(_) => None,
        }),
        Fix::Money => {
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
        Fix::List(each) => {
            if let Ok(list) = obj.cast::<PyList>() {
                for (i, item) in list.iter().enumerate() {
                    if let Some(new) = apply(&item, each, decimal)? {
                        list.set_item(i, new)?;
                    }
                }
            }
            Ok(None)
        }
        Fix::Map(each) => {
            if let Ok(dict) = obj.cast::<PyDict>() {
                for (key, item) in dict.iter() {
                    if let Some(new) = apply(&item, each, decimal)? {
                        dict.set_item(key, new)?;
                    }
                }
            }
            Ok(None)
        }
        Fix::Tuple(positions) => {
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
        Fix::Record { fields, tag } => {
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
