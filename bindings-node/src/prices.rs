//! `PriceTable` for JS: prices and promotions as plain records (money as decimal strings).

use crate::convert;
use crate::error::{IntoJs, Result};
use crate::keys;
use crate::money::Money;
use napi::bindgen_prelude::Unknown;
use napi::Env;
use napi_derive::napi;
use seamline::catalog::{
    MismatchRules, ObservedPrice, PriceEntry, PriceTable as CorePriceTable, Promotion,
};
use seamline::wire_types::JsonSchema;
use seamline::{ChannelId, Currency, Error, Sku};
use serde::de::DeserializeOwned;
use serde_json::Value;

fn read<T: DeserializeOwned>(env: &Env, value: Unknown, field: &str) -> Result<T> {
    let raw: Value = env
        .from_js_value(value)
        .map_err(|e| Error::invalid_type(field, "plain data", e.reason))
        .js()?;
    seamline::input::from_value(keys::from_js(raw), field).js()
}

/// A record whose instants (`time_keys`) may be `Date`s, as every instant
/// the package takes may be.
fn read_dated<T: DeserializeOwned + JsonSchema>(
    env: &Env,
    value: &Unknown,
    field: &str,
) -> Result<T> {
    let raw = convert::record::<T>(env, value, field).js()?;
    seamline::input::from_value(raw, field).js()
}

/// One price table: prices per SKU over windows, overridden per channel.
#[napi(js_name = "PriceTable")]
pub struct JsPriceTable {
    pub(crate) inner: CorePriceTable,
}

#[seamline_guard::guard]
#[napi]
impl JsPriceTable {
    /// An empty table.
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        JsPriceTable {
            inner: CorePriceTable::new(),
        }
    }

    /// Adds a price valid over [from, to); `PRICE_OVERLAP` on an overlap.
    #[napi(ts_args_type = "entry: import('./catalog').PriceEntry")]
    pub fn add(&mut self, env: Env, entry: Unknown) -> Result<()> {
        let entry: PriceEntry = read_dated(&env, &entry, "entry")?;
        self.inner.add(entry).js()
    }

    /// The table as versioned bytes.
    #[napi]
    pub fn to_snapshot(&self) -> napi::bindgen_prelude::Buffer {
        self.inner.to_snapshot().into()
    }

    /// A table restored from `toSnapshot()` bytes.
    #[napi(factory)]
    pub fn from_snapshot(data: napi::bindgen_prelude::Buffer) -> Result<Self> {
        Ok(JsPriceTable {
            inner: CorePriceTable::from_snapshot(&data).js()?,
        })
    }

    /// The price at an instant: the channel's override, else the base price; `NO_PRICE` otherwise.
    #[napi(ts_args_type = "sku: string, channel: string, currency: string, at: string | Date")]
    pub fn price_at(
        &self,
        sku: String,
        channel: String,
        currency: String,
        at: Unknown,
    ) -> Result<Money> {
        let price = self
            .inner
            .price_at(
                &Sku::new(&sku).js()?,
                &ChannelId::new(&channel).js()?,
                Currency::from_code(&currency).js()?,
                crate::instant::read(&at, "at")?,
            )
            .js()?;
        Ok(price.into())
    }

    /// The price after promotions: `{ base, promotions, price }`.
    #[napi(
        ts_args_type = "sku: string, channel: string, currency: string, at: string | Date, promotions?: import('./catalog').Promotion[]",
        ts_return_type = "import('./catalog').PriceQuote"
    )]
    pub fn quote(
        &self,
        env: Env,
        sku: String,
        channel: String,
        currency: String,
        at: Unknown,
        promotions: Option<Unknown>,
    ) -> Result<Value> {
        let promotions: Vec<Promotion> = match promotions {
            Some(p) => convert::read_records(&env, &p, "promotions")?,
            None => Vec::new(),
        };
        let q = self
            .inner
            .quote(
                &Sku::new(&sku).js()?,
                &ChannelId::new(&channel).js()?,
                Currency::from_code(&currency).js()?,
                crate::instant::read(&at, "at")?,
                &promotions,
            )
            .js()?;
        Ok(keys::out(&q))
    }
}

/// Compares a channel's observed prices with the table through the SKU map.
#[seamline_guard::guard]
#[napi(
    ts_args_type = "skuMap: SkuMap, prices: PriceTable, rules: import('./catalog').MismatchRules, observed: import('./catalog').ObservedPrice[]",
    ts_return_type = "import('./catalog').MismatchReport"
)]
pub fn price_mismatches(
    env: Env,
    sku_map: &crate::catalog::JsSkuMap,
    prices: &JsPriceTable,
    rules: Unknown,
    observed: Unknown,
) -> Result<Value> {
    let rules: MismatchRules = read(&env, rules, "rules")?;
    let observed: Vec<ObservedPrice> = convert::read_records(&env, &observed, "observed")?;
    let report =
        seamline::catalog::price_mismatches(&sku_map.inner, &prices.inner, &rules, &observed)
            .js()?;
    Ok(keys::to_js(
        serde_json::to_value(report).unwrap_or(Value::Null),
    ))
}
