//! `SkuMap` for JS: one canonical SKU for every channel's identifier.

use crate::convert;
use crate::error::{IntoJs, Result};
use crate::keys;
use napi::bindgen_prelude::{Object, Unknown};
use napi::{Env, ValueType};
use napi_derive::napi;
use seamline::catalog::{ChannelReference, ChannelRules, MappingRow, SkuMap as CoreSkuMap};
use seamline::{ChannelId, Error, Sku};
use serde_json::{json, Value};

fn flag(options: &Option<Object<'_>>, key: &str) -> Result<bool> {
    let Some(obj) = options else { return Ok(false) };
    let v = convert::property(obj, key, key)?;
    match v.get_type() {
        Ok(ValueType::Undefined) | Ok(ValueType::Null) => Ok(false),
        Ok(ValueType::Boolean) => {
            unsafe { v.cast::<bool>() }.map_err(|e| crate::error::napi_failure(key, e))
        }
        _ => Err(Error::invalid_type(key, "boolean", "another type")).js(),
    }
}

fn lines(list: Vec<(Sku, i64)>) -> Value {
    Value::Array(
        list.into_iter()
            .map(|(sku, units)| json!({"sku": sku.as_str(), "units": units}))
            .collect(),
    )
}

/// One canonical SKU for every channel's identifier.
#[napi(js_name = "SkuMap")]
pub struct JsSkuMap {
    pub(crate) inner: CoreSkuMap,
}

#[seamline_guard::guard]
#[napi]
impl JsSkuMap {
    /// An empty map.
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        JsSkuMap {
            inner: CoreSkuMap::new(),
        }
    }

    /// Sets how a channel writes its identifiers.
    #[napi(
        ts_args_type = "channel: string, rules?: { caseFold?: boolean; stripLeadingZeros?: boolean; gtin?: boolean }"
    )]
    pub fn set_rules(&mut self, channel: String, rules: Option<Object>) -> Result<()> {
        let rules = ChannelRules {
            channel: ChannelId::new(&channel).js()?,
            case_fold: flag(&rules, "caseFold")?,
            strip_leading_zeros: flag(&rules, "stripLeadingZeros")?,
            gtin: flag(&rules, "gtin")?,
        };
        self.inner.set_rules(rules);
        Ok(())
    }

    /// Imports mapping rows; reports every row (added, unchanged, conflicts, invalid, collisions).
    #[napi(
        ts_args_type = "rows: import('./catalog').MappingRow[], options?: { replace?: boolean }",
        ts_return_type = "import('./catalog').ImportReport"
    )]
    pub fn import_rows(
        &mut self,
        env: Env,
        rows: Unknown,
        options: Option<Object>,
    ) -> Result<Value> {
        let rows = crate::convert::elements(&rows, "rows")?;
        let replace = flag(&options, "replace")?;
        let parsed: Vec<seamline::Result<MappingRow>> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let raw: Value = env.from_js_value(*r).map_err(|e| {
                    Error::invalid_type(format!("rows[{i}]"), "an object", e.reason)
                })?;
                seamline::input::from_value(keys::from_js(raw), &format!("rows[{i}]"))
            })
            .collect();
        let report = self.inner.import_rows(parsed, replace);
        Ok(keys::to_js(
            serde_json::to_value(report).unwrap_or(Value::Null),
        ))
    }

    /// `quantity` channel units as canonical `{ sku, units }`; `UNMAPPED_ID` otherwise.
    #[napi(
        ts_args_type = "channel: string, externalId: string, quantity: number | bigint",
        ts_return_type = "Array<{ sku: string; units: number }>"
    )]
    pub fn translate(
        &self,
        channel: String,
        external_id: String,
        quantity: Unknown,
    ) -> Result<Value> {
        let channel = ChannelId::new(&channel).js()?;
        let quantity = convert::integer(&quantity, "quantity")?;
        Ok(lines(
            self.inner
                .translate(&channel, &external_id, quantity)
                .js()?,
        ))
    }

    /// Translates many references; each result is `{ lines }` or `{ error }`,
    /// and unmapped ids join the unmapped queue.
    #[napi(
        ts_args_type = "refs: Array<import('./results').ChannelReference>",
        ts_return_type = "Array<{ lines?: Array<{ sku: string; units: number }>; error?: import('./results').ErrorDetail }>"
    )]
    pub fn translate_batch(&mut self, env: Env, refs: Unknown) -> Result<Value> {
        // Each reference is core's `ChannelReference`, read by core.
        let parsed: Vec<ChannelReference> = convert::read_records(&env, &refs, "refs")?;
        let results = self.inner.translate_batch(&parsed);
        Ok(Value::Array(
            results
                .into_iter()
                .map(|r| match r {
                    Ok(l) => json!({ "lines": lines(l) }),
                    Err(e) => json!({ "error": serde_json::to_value(e).unwrap_or(Value::Null) }),
                })
                .map(keys::to_js)
                .collect(),
        ))
    }

    /// Bulk translation as columns: `{ rows, skus, units, errors }` (`rows[k]`
    /// is the input row of line `k`; a bundle gives several lines).
    #[napi(
        ts_args_type = "channel: string, externalIds: string[], quantities: number[], seenAt: string | Date",
        ts_return_type = "import('./results').TranslatedColumns"
    )]
    pub fn translate_columns(
        &mut self,
        channel: String,
        external_ids: Vec<String>,
        quantities: Vec<f64>,
        seen_at: Unknown,
    ) -> Result<Value> {
        let channel = ChannelId::new(&channel).js()?;
        let quantities = quantities
            .iter()
            .enumerate()
            .map(|(row, &q)| convert::whole_cell(q, "quantities", row))
            .collect::<Result<Vec<i64>>>()?;
        let out = self
            .inner
            .translate_columns(
                &channel,
                &external_ids,
                &quantities,
                crate::instant::read(&seen_at, "seenAt")?,
            )
            .js()?;
        Ok(json!({
            "rows": out.rows,
            "skus": out.skus.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            "units": out.units,
            "errors": serde_json::to_value(&out.errors).unwrap_or(Value::Null),
        }))
    }

    /// Unmapped ids waiting for a person.
    #[napi(
        ts_return_type = "Array<{ channel: string; externalId: string; count: number; firstSeen: string; lastSeen: string }>"
    )]
    pub fn unmapped_queue(&self) -> Value {
        keys::to_js(serde_json::to_value(self.inner.unmapped_queue()).unwrap_or(Value::Null))
    }

    /// The map as versioned bytes.
    #[napi]
    pub fn to_snapshot(&self) -> napi::bindgen_prelude::Buffer {
        self.inner.to_snapshot().into()
    }

    /// A map restored from `toSnapshot()` bytes.
    #[napi(factory)]
    pub fn from_snapshot(data: napi::bindgen_prelude::Buffer) -> Result<Self> {
        Ok(JsSkuMap {
            inner: CoreSkuMap::from_snapshot(&data).js()?,
        })
    }

    /// Marks a SKU retired.
    #[napi]
    pub fn retire(&mut self, sku: String) -> Result<()> {
        self.inner.retire(Sku::new(&sku).js()?);
        Ok(())
    }

    /// SKUs with no id in this channel, and this channel's ids that point at retired SKUs.
    #[napi(ts_return_type = "{ missing: string[]; retired: Array<[string, string]> }")]
    pub fn coverage(&self, channel: String) -> Result<Value> {
        let (missing, retired) = self.inner.coverage(&ChannelId::new(&channel).js()?);
        Ok(json!({
            "missing": missing.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            "retired": retired.iter().map(|(id, s)| json!([id, s.as_str()])).collect::<Vec<_>>(),
        }))
    }
}
