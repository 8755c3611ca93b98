//! `OrderBook` and `Resolver` for JS: camelCase records in and out; the
//! shapes are core's. Amounts are decimal strings (a whole number is
//! accepted, a fraction as a JS number is refused: money is exact).

use crate::convert::{self, parse};
use crate::error::{IntoJs, Result};
use crate::keys::out;
use crate::ledger::JsLedger;
use napi::bindgen_prelude::{Buffer, Unknown};
use napi::Env;
use napi_derive::napi;
use seamline::orders::{OrderBook as CoreBook, OrderEvent, RefundPolicy};
use seamline::systems_of_record::{Domain, FieldRule, FieldUpdate, Registry, Resolver};
use seamline::{Error, OrderId};
use serde_json::{json, Value};

fn event(env: &Env, value: &Unknown<'_>) -> std::result::Result<OrderEvent, Error> {
    OrderEvent::parse(convert::record(env, value, "event", &["occurredAt"])?)
}

/// An array of order events read in one pass ([`convert::json_array`]).
fn rows(
    env: &Env,
    events: Unknown<'_>,
) -> std::result::Result<Vec<std::result::Result<OrderEvent, Error>>, Error> {
    Ok(convert::json_array(env, events, "events", true)?
        .into_iter()
        .map(|row| match row {
            Value::Object(_) => OrderEvent::parse(row),
            _ => Err(Error::invalid_type("event", "object", "another type")),
        })
        .collect())
}

fn error_json(error: &Error) -> Value {
    json!({ "error": out(error) })
}

#[napi(js_name = "OrderBook")]
pub struct JsOrderBook {
    inner: CoreBook,
}

#[seamline_guard::guard]
#[napi]
impl JsOrderBook {
    /// An empty book. `shippingRefund`: `'on_full_return'` (default),
    /// `'never'` or `'prorated'`.
    #[napi(
        constructor,
        ts_args_type = "options?: { shippingRefund?: 'on_full_return' | 'never' | 'prorated' }"
    )]
    pub fn new(env: Env, options: Option<Unknown>) -> Result<Self> {
        let policy: RefundPolicy = match options {
            Some(o) => parse(convert::record(&env, &o, "options", &[]).js()?, "options").js()?,
            None => RefundPolicy::default(),
        };
        Ok(JsOrderBook {
            inner: CoreBook::new(policy),
        })
    }

    /// Applies one order event; returns the transition (state, stock events
    /// for the ledger, refund due). A refused event throws and changes nothing.
    #[napi(
        ts_args_type = "event: import('./orders').OrderEvent",
        ts_return_type = "import('./orders').Transition"
    )]
    pub fn apply(&mut self, env: Env, event: Unknown) -> Result<Value> {
        let event = self::event(&env, &event).js()?;
        Ok(out(&self.inner.apply(event).js()?))
    }

    /// Applies an order event and its stock events to `ledger`. A hold the
    /// ledger refuses is given up by the order (its units stay open).
    #[napi(
        ts_args_type = "ledger: Ledger, event: import('./orders').OrderEvent",
        ts_return_type = "import('./orders').LedgerTransition"
    )]
    pub fn apply_with_ledger(
        &mut self,
        env: Env,
        ledger: &mut JsLedger,
        event: Unknown,
    ) -> Result<Value> {
        let event = self::event(&env, &event).js()?;
        let (t, reports) = self
            .inner
            .apply_with_ledger(&mut ledger.inner.write(), event)
            .js()?;
        let stock: Vec<Value> = reports
            .iter()
            .map(|r| match r {
                Ok(report) => out(report),
                Err(error) => error_json(error),
            })
            .collect();
        Ok(json!({ "transition": out(&t), "stock": stock }))
    }

    /// Applies many events (into `ledger` when given): counts, every refused
    /// row with its reason, refused stock events, and — without a ledger —
    /// the stock events to route.
    #[napi(
        ts_args_type = "events: import('./orders').OrderEvent[], ledger?: Ledger | null",
        ts_return_type = "import('./orders').OrderBatchReport"
    )]
    pub fn apply_batch(
        &mut self,
        env: Env,
        events: Unknown,
        ledger: Option<&mut JsLedger>,
    ) -> Result<Value> {
        let rows = self::rows(&env, events).js()?;
        // The ledger's lock is held for the batch: its own Promise forms wait.
        let mut ledger = ledger.map(|l| l.inner.write());
        Ok(out(&self.inner.apply_batch(rows, ledger.as_deref_mut())))
    }

    /// An order's state, lines and money, or `null`.
    #[napi(ts_return_type = "import('./orders').OrderStatus | null")]
    pub fn order(&self, order_id: String) -> Result<Value> {
        let id = OrderId::new(&order_id).js()?;
        Ok(self.inner.order(&id).map_or(Value::Null, |s| out(&s)))
    }

    /// Every order id, sorted.
    #[napi]
    pub fn order_ids(&self) -> Vec<String> {
        self.inner
            .order_ids()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// The book as versioned bytes (its rules and history).
    #[napi]
    pub fn to_snapshot(&self) -> Buffer {
        self.inner.to_snapshot().into()
    }

    /// A book restored from `toSnapshot()` bytes.
    #[napi(factory)]
    pub fn from_snapshot(data: Buffer) -> Result<Self> {
        Ok(JsOrderBook {
            inner: CoreBook::from_snapshot(&data).js()?,
        })
    }
}

#[napi(js_name = "Resolver")]
pub struct JsResolver {
    inner: Resolver,
}

#[seamline_guard::guard]
#[napi]
impl JsResolver {
    /// `owners`: domain → system (an object, or `[domain, system]` pairs so a
    /// loaded file can say "two owners for one domain", which is refused).
    /// `fields`: per-field exceptions (`owner: null` makes a field shared).
    /// `rank`: systems, strongest first, for ties.
    #[napi(
        constructor,
        ts_args_type = "owners: Partial<Record<import('./orders').Domain, string>> | Array<[import('./orders').Domain, string]>, options?: { fields?: import('./orders').FieldRule[]; rank?: string[] }"
    )]
    pub fn new(env: Env, owners: Unknown, options: Option<Unknown>) -> Result<Self> {
        let raw: Value = env
            .from_js_value(owners)
            .map_err(|e| Error::invalid_type("owners", "an object or pairs", e.reason))
            .js()?;
        let owners: Vec<(Domain, String)> = match raw {
            Value::Object(map) => map
                .into_iter()
                .map(|(d, s)| Ok((parse(Value::String(d), "owners")?, parse(s, "owners")?)))
                .collect::<std::result::Result<_, Error>>()
                .js()?,
            other => parse(other, "owners").js()?,
        };
        let (fields, rank): (Vec<FieldRule>, Vec<String>) = match options {
            Some(o) => {
                let o = convert::record(&env, &o, "options", &[]).js()?;
                // An absent (undefined or null) option is an empty list.
                let list = |key: &str| match o.get(key) {
                    None | Some(Value::Null) => json!([]),
                    Some(v) => v.clone(),
                };
                (
                    parse(list("fields"), "fields").js()?,
                    parse(list("rank"), "rank").js()?,
                )
            }
            None => (Vec::new(), Vec::new()),
        };
        Ok(JsResolver {
            inner: Resolver::new(Registry::new(&owners, &fields, &rank).js()?),
        })
    }

    /// Adds one update: `'accepted'` or `'duplicate'`; a different update
    /// under a used id throws `CONFLICTING_DUPLICATE`.
    #[napi(
        ts_args_type = "update: import('./orders').FieldUpdate",
        ts_return_type = "'accepted' | 'duplicate'"
    )]
    pub fn add(&mut self, env: Env, update: Unknown) -> Result<Value> {
        let update = convert::record(&env, &update, "update", &["occurredAt"]).js()?;
        let update: FieldUpdate = parse(update, "update").js()?;
        Ok(out(&self.inner.add(update).js()?))
    }

    /// Adds many updates: per row `'accepted'`, `'duplicate'` or `{ error }`.
    #[napi(
        ts_args_type = "updates: import('./orders').FieldUpdate[]",
        ts_return_type = "Array<'accepted' | 'duplicate' | { error: { code: string; [detail: string]: string } }>"
    )]
    pub fn add_all(&mut self, env: Env, updates: Vec<Unknown>) -> Result<Vec<Value>> {
        Ok(updates
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let field = format!("updates[{i}]");
                let result = convert::record(&env, u, &field, &["occurredAt"])
                    .and_then(|v| parse::<FieldUpdate>(v, &field))
                    .and_then(|u| self.inner.add(u));
                match result {
                    Ok(arrival) => out(&arrival),
                    Err(error) => error_json(&error),
                }
            })
            .collect())
    }

    /// Every field's value (and why it won), the conflicts between systems,
    /// and refused duplicates. Depends only on the set of updates.
    #[napi(ts_return_type = "import('./orders').Resolution")]
    pub fn resolve(&self) -> Value {
        out(&self.inner.resolve())
    }
}
