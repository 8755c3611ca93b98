//! `OrderBook` for JS: camelCase records in and out; the
//! shapes are core's. Amounts are decimal strings (a whole number is
//! accepted, a fraction as a JS number is refused: money is exact).

use crate::convert::{self, parse, JsonChunks};
use crate::error::{error_json, IntoJs, Result};
use crate::keys::out;
use crate::ledger::JsLedger;
use crate::off_loop::{self, camel_text, promise, work, Promise};
use napi::bindgen_prelude::{Buffer, Unknown};
use napi::Env;
use napi_derive::napi;
use parking_lot::RwLock;
use seamline::orders::{OrderBook as CoreBook, OrderEvent, RefundPolicy};
use seamline::{Error, OrderId};
use serde_json::{json, Value};
use std::sync::Arc;

fn event(env: &Env, value: &Unknown<'_>) -> std::result::Result<OrderEvent, Error> {
    OrderEvent::parse(convert::record::<OrderEvent>(env, value, "event")?)
}

/// An array of order events read in one pass ([`convert::json_array`]).
fn rows(
    env: &Env,
    events: Unknown<'_>,
) -> std::result::Result<Vec<std::result::Result<OrderEvent, Error>>, Error> {
    Ok(events_from(convert::json_array(
        env, events, "events", true,
    )?))
}

/// The event loop's half of [`rows`]: the array's JSON text.
fn rows_text(env: &Env, events: Unknown<'_>) -> std::result::Result<JsonChunks, Error> {
    convert::json_array_text(env, events, "events", true)
}

/// Each element an order event, or why it is not one (the batch's report names it).
fn events_from(values: Vec<Value>) -> Vec<std::result::Result<OrderEvent, Error>> {
    values
        .into_iter()
        .map(|row| match row {
            Value::Object(_) => OrderEvent::parse(row),
            _ => Err(Error::invalid_type("event", "object", "another type")),
        })
        .collect()
}

#[napi(js_name = "OrderBook")]
pub struct JsOrderBook {
    // Shared with Promise forms' workers; a worker holds the lock for its batch.
    inner: Arc<RwLock<CoreBook>>,
}

impl JsOrderBook {
    fn wrap(book: CoreBook) -> Self {
        JsOrderBook {
            inner: Arc::new(RwLock::new(book)),
        }
    }
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
            Some(o) => parse(
                convert::record::<RefundPolicy>(&env, &o, "options").js()?,
                "options",
            )
            .js()?,
            None => RefundPolicy::default(),
        };
        Ok(JsOrderBook::wrap(CoreBook::new(policy)))
    }

    /// Applies one order event; returns the transition (state, stock events
    /// for the ledger, refund due). A refused event throws and changes nothing.
    #[napi(
        ts_args_type = "event: import('./orders').OrderEvent",
        ts_return_type = "import('./orders').Transition"
    )]
    pub fn apply(&mut self, env: Env, event: Unknown) -> Result<Value> {
        let event = self::event(&env, &event).js()?;
        Ok(out(&self.inner.write().apply(event).js()?))
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
            .write()
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
        Ok(out(&self
            .inner
            .write()
            .apply_batch(rows, ledger.as_deref_mut())))
    }

    /// `applyBatch` off the event loop: only the events' JSON text is taken
    /// on the loop; they are read and applied on a worker exactly as
    /// `applyBatch` does. The book (and `ledger`, when given) stay locked
    /// until the batch is applied: calls on them meanwhile wait. An
    /// `AbortSignal` that fires before the batch starts rejects with an
    /// `AbortError` and changes nothing.
    #[napi(
        ts_args_type = "events: import('./orders').OrderEvent[], ledger?: Ledger | null, signal?: AbortSignal",
        ts_return_type = "Promise<import('./orders').OrderBatchReport>"
    )]
    pub fn apply_batch_async(
        &self,
        env: Env,
        events: Unknown,
        ledger: Option<&JsLedger>,
        signal: Option<Unknown>,
    ) -> Promise<String> {
        let book = Arc::clone(&self.inner);
        let ledger = ledger.map(|l| Arc::clone(&l.inner));
        let prepared = rows_text(&env, events).map(|text| {
            work(move |aborted| {
                let rows = events_from(text.parse().js()?);
                aborted.check()?;
                // The book's lock before the ledger's, as `applyWithLedger` takes them.
                let mut book = book.write();
                let mut ledger = ledger.as_ref().map(|l| l.write());
                camel_text(&book.apply_batch(rows, ledger.as_deref_mut()))
            })
        });
        promise(prepared.js(), off_loop::json, signal)
    }

    /// An order's state, lines and money, or `null`.
    #[napi(ts_return_type = "import('./orders').OrderStatus | null")]
    pub fn order(&self, order_id: String) -> Result<Value> {
        let id = OrderId::new(&order_id).js()?;
        Ok(self
            .inner
            .read()
            .order(&id)
            .map_or(Value::Null, |s| out(&s)))
    }

    /// Every order id, sorted.
    #[napi]
    pub fn order_ids(&self) -> Vec<String> {
        self.inner
            .read()
            .order_ids()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// The book as versioned bytes (its rules and history).
    #[napi]
    pub fn to_snapshot(&self) -> Buffer {
        self.inner.read().to_snapshot().into()
    }

    /// `toSnapshot()` off the event loop (the book is read-locked meanwhile).
    #[napi(
        ts_args_type = "signal?: AbortSignal",
        ts_return_type = "Promise<Buffer>"
    )]
    pub fn to_snapshot_async(&self, signal: Option<Unknown>) -> Promise<Vec<u8>> {
        off_loop::snapshot(&self.inner, CoreBook::to_snapshot, signal)
    }

    /// A book restored from `toSnapshot()` bytes.
    #[napi(factory)]
    pub fn from_snapshot(data: Buffer) -> Result<Self> {
        Ok(JsOrderBook::wrap(CoreBook::from_snapshot(&data).js()?))
    }

    /// `fromSnapshot()` off the event loop. Leave the bytes unchanged
    /// until the Promise settles.
    #[napi(
        ts_args_type = "data: Buffer, signal?: AbortSignal",
        ts_return_type = "Promise<OrderBook>"
    )]
    pub fn from_snapshot_async(data: Buffer, signal: Option<Unknown>) -> Promise<JsOrderBook> {
        promise(
            Ok(work(move |_| {
                Ok(JsOrderBook::wrap(CoreBook::from_snapshot(&data).js()?))
            })),
            off_loop::native,
            signal,
        )
    }
}
