//! `Ledger` for JS: camelCase records in and out; the shapes are core's.

use crate::convert::{self, RecordText};
use crate::error::{napi_failure, IntoJs, Result};
use crate::keys;
use crate::keys::out;
use crate::off_loop::{self, camel_text, promise, work, Promise};
use crate::table::{JsTable, PendingTable};
use napi::bindgen_prelude::{Buffer, JsObjectValue, Unknown};
use napi::Env;
use napi_derive::napi;
use parking_lot::{RwLock, RwLockWriteGuard};
use seamline::input::Extras;
use seamline::inventory::{
    read_stock_event, read_stock_events, BatchInProgress, BatchReport, CartReservation,
    ChannelConfig, Destination, FulfilmentMethod, Ledger as CoreLedger, LocationInfo, SourcingLine,
    SourcingNode, StockEvent,
};
use seamline::{ChannelId, Error, LocationId, Sku};
use serde_json::Value;
use std::sync::Arc;

fn event(env: &Env, value: &Unknown<'_>) -> std::result::Result<StockEvent, Error> {
    event_at(env, value, 0)
}

/// Event `row` of a batch, read by core's stock-event schema (camelCase
/// or snake_case keys alike).
fn event_at(env: &Env, value: &Unknown<'_>, row: usize) -> std::result::Result<StockEvent, Error> {
    event_from(convert::record_text::<StockEvent>(env, value, "event"), row)
}

/// The rest of [`event_at`], after the record's text was taken on the loop
/// (anywhere: a Promise form runs it on its worker).
fn event_from(
    text: std::result::Result<RecordText, Error>,
    row: usize,
) -> std::result::Result<StockEvent, Error> {
    let record = text?.parse("event", |v| v)?;
    let record = convert::safe_integers(record, &format!("events[{row}]"))?;
    read_stock_event(&record, row)
}

fn ids(sku: &str, location: &str) -> Result<(Sku, LocationId)> {
    Ok((Sku::new(sku).js()?, LocationId::new(location).js()?))
}

fn locations(list: &[String]) -> Result<Vec<LocationId>> {
    list.iter()
        .map(|l| LocationId::new(l))
        .collect::<std::result::Result<_, _>>()
        .js()
}

/// One stock ledger per SKU and location, written by every channel.
#[napi(js_name = "Ledger")]
pub struct JsLedger {
    pub(crate) inner: Arc<RwLock<CoreLedger>>,
}

#[seamline_guard::guard]
#[napi]
impl JsLedger {
    /// An empty ledger.
    #[napi(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        JsLedger {
            inner: Arc::new(RwLock::new(CoreLedger::new())),
        }
    }

    /// Applies one event; a repeat is reported as a duplicate and changes nothing.
    #[napi(
        ts_args_type = "event: import('./ledger').StockEvent",
        ts_return_type = "import('./ledger').ApplyReport"
    )]
    pub fn apply(&mut self, env: Env, event: Unknown) -> Result<Value> {
        let event = self::event(&env, &event).js()?;
        Ok(out(&self.inner.write().apply(event).js()?))
    }

    /// Applies an event a channel sent in its own identifiers: `event.sku` is
    /// the channel's id, translated through `skuMap` (multipacks multiplied,
    /// bundles split into one event per component).
    #[napi(
        ts_args_type = "skuMap: SkuMap, channel: string, event: import('./ledger').StockEvent",
        ts_return_type = "import('./ledger').ApplyReport[]"
    )]
    pub fn apply_channel_event(
        &mut self,
        env: Env,
        sku_map: &crate::catalog::JsSkuMap,
        channel: String,
        event: Unknown,
    ) -> Result<Value> {
        let channel = seamline::ChannelId::new(&channel).js()?;
        let event = self::event(&env, &event).js()?;
        Ok(out(&self
            .inner
            .write()
            .apply_channel_event(&sku_map.inner, &channel, event)
            .js()?))
    }

    /// Applies many events; every row is applied, a duplicate, or rejected with its reason.
    #[napi(
        ts_args_type = "events: Array<import('./ledger').StockEvent>, now: string | Date",
        ts_return_type = "import('./ledger').BatchReport"
    )]
    pub fn apply_batch(&mut self, env: Env, events: Unknown, now: Unknown) -> Result<Value> {
        let events = convert::elements(&events, "events")?;
        let now = crate::instant::read(&now, "now")?;
        let rows: Vec<_> = events
            .iter()
            .enumerate()
            .map(|(i, e)| event_at(&env, e, i))
            .collect();
        Ok(out(&self.inner.write().apply_rows(rows, now)))
    }

    /// Applies events given as columns: equal-length arrays keyed by the
    /// record's field names (`eventId`, `sku`, …, `type`, `quantity`, …), so a
    /// million rows cross the boundary as a few arrays.
    #[napi(
        ts_args_type = "columns: import('./ledger').StockEventColumns | Uint8Array, now: string | Date",
        ts_return_type = "import('./ledger').BatchReport"
    )]
    pub fn apply_columns<'env>(
        &mut self,
        env: &'env Env,
        columns: Unknown,
        now: Unknown,
    ) -> Result<Unknown<'env>> {
        let now = crate::instant::read(&now, "now")?;
        let columns = JsTable::read(env, &columns, "columns").js()?;
        // Every row read (or refused) before any is applied.
        let rows = read_stock_events(&columns, Extras::Refuse).js()?;
        let report = self.inner.write().apply_rows(rows, now);
        // Through JSON.parse: a large report has more values than napi's limit.
        convert::json_out(env, &report).map_err(|e| napi_failure("report", e))
    }

    /// `applyColumns` off the event loop: the bytes are decoded and the rows
    /// read on a worker, then applied a slice at a time, so a stock read on
    /// the loop waits at most one slice (milliseconds), never the batch, and
    /// sees the rows applied so far. The report is `applyColumns`' own.
    /// Leave Arrow bytes unchanged until the Promise settles.
    #[napi(
        ts_args_type = "columns: import('./ledger').StockEventColumns | Uint8Array, now: string | Date, signal?: AbortSignal",
        ts_return_type = "Promise<import('./ledger').BatchReport>"
    )]
    pub fn apply_columns_async(
        &self,
        env: Env,
        columns: Unknown,
        now: Unknown,
        signal: Option<Unknown>,
    ) -> Promise<String> {
        let ledger = Arc::clone(&self.inner);
        let prepared = crate::instant::read(&now, "now")
            .and_then(|now| Ok((now, PendingTable::take(&env, &columns, "columns").js()?)))
            .map(|(now, table)| {
                work(move |aborted| {
                    let columns = table.open().js()?;
                    // Every row read (or refused) before any is applied.
                    let rows = read_stock_events(&columns, Extras::Refuse).js()?;
                    aborted.check()?;
                    camel_text(&apply_in_slices(&ledger, rows, now))
                })
            });
        promise(prepared, off_loop::json, signal)
    }

    /// `applyBatch` off the event loop: only each record's JSON text is
    /// taken on the loop (only there can JS values be read); the records are
    /// read on a worker exactly as `applyBatch` reads them, then applied a
    /// slice at a time, as `applyColumnsAsync`.
    #[napi(
        ts_args_type = "events: Array<import('./ledger').StockEvent>, now: string | Date, signal?: AbortSignal",
        ts_return_type = "Promise<import('./ledger').BatchReport>"
    )]
    pub fn apply_batch_async(
        &self,
        env: Env,
        events: Unknown,
        now: Unknown,
        signal: Option<Unknown>,
    ) -> Promise<String> {
        let ledger = Arc::clone(&self.inner);
        let prepared = convert::elements(&events, "events")
            .and_then(|events| crate::instant::read(&now, "now").map(|now| (events, now)));
        let prepared = prepared.map(|(events, now)| {
            let texts: Vec<_> = events
                .iter()
                .map(|e| convert::record_text::<StockEvent>(&env, e, "event"))
                .collect();
            work(move |aborted| {
                let rows: Vec<_> = texts
                    .into_iter()
                    .enumerate()
                    .map(|(i, text)| event_from(text, i))
                    .collect();
                aborted.check()?;
                camel_text(&apply_in_slices(&ledger, rows, now))
            })
        });
        promise(prepared, off_loop::json, signal)
    }

    /// Reserves a whole cart, all or nothing (or what is there, with
    /// `allowPartial`); demand is summed per SKU and location first.
    #[napi(
        ts_args_type = "cart: import('./ledger').CartReservation",
        ts_return_type = "import('./ledger').CartLineOutcome[]"
    )]
    pub fn reserve_cart(&mut self, env: Env, cart: Unknown) -> Result<Value> {
        let raw = convert::record::<CartReservation>(&env, &cart, "cart").js()?;
        let cart: CartReservation = seamline::input::from_value(raw, "cart").js()?;
        Ok(out(&self.inner.write().reserve_cart(&cart).js()?))
    }

    /// Records what a location is and can do.
    #[napi(ts_args_type = "info: import('./ledger').LocationInfo")]
    pub fn configure_location(&mut self, env: Env, info: Unknown) -> Result<()> {
        let raw: Value = env
            .from_js_value(info)
            .map_err(|e| Error::invalid_type("info", "an object", e.reason))
            .js()?;
        let info: LocationInfo = seamline::input::from_value(keys::from_js(raw), "info").js()?;
        self.inner.write().configure_location(info);
        Ok(())
    }

    /// Records a channel's locations and its buffer policy per fulfilment method.
    #[napi(ts_args_type = "config: import('./ledger').ChannelConfig")]
    pub fn configure_channel(&mut self, config: Unknown) -> Result<()> {
        let obj = convert::object(&config, "config")?;
        let field = |key: &str| convert::property(&obj, key, key);
        let locations: Vec<String> = obj
            .get_named_property::<Vec<String>>("locations")
            .map_err(|e| napi_failure("locations", e))?;
        let config = ChannelConfig {
            channel: ChannelId::new(&convert::string(&field("channel")?, "channel")?).js()?,
            locations: self::locations(&locations)?,
            ship_policy: crate::buffer::policy(&field("shipPolicy")?)?,
            pickup_policy: crate::buffer::policy(&field("pickupPolicy")?)?,
        };
        self.inner.write().configure_channel(config).js()
    }

    /// What a channel shows for a SKU by `'ship'` or `'pickup'`: pooled and per node.
    #[napi(
        ts_args_type = "channel: string, sku: string, method: 'ship' | 'pickup', now: string | Date",
        ts_return_type = "import('./ledger').ChannelPublication"
    )]
    pub fn channel_publication(
        &self,
        channel: String,
        sku: String,
        method: String,
        now: Unknown,
    ) -> Result<Value> {
        let method: FulfilmentMethod = method.parse().js()?;
        let channel = ChannelId::new(&channel).js()?;
        let sku = Sku::new(&sku).js()?;
        Ok(out(&self
            .inner
            .read()
            .channel_publication(&channel, &sku, method, crate::instant::read(&now, "now")?)
            .js()?))
    }

    /// On-hand, reserved, available and in-transit at one location.
    #[napi(
        ts_args_type = "sku: string, location: string, now: string | Date",
        ts_return_type = "import('./ledger').StockLevel"
    )]
    pub fn stock(&self, sku: String, location: String, now: Unknown) -> Result<Value> {
        let (sku, location) = ids(&sku, &location)?;
        Ok(out(&self.inner.read().stock(
            &sku,
            &location,
            crate::instant::read(&now, "now")?,
        )))
    }

    /// Sum over `locations` of max(0, available).
    #[napi(ts_args_type = "sku: string, locations: string[], now: string | Date")]
    pub fn pooled_available(
        &self,
        sku: String,
        locations: Vec<String>,
        now: Unknown,
    ) -> Result<i64> {
        let sku = Sku::new(&sku).js()?;
        self.inner
            .read()
            .pooled_available(
                &sku,
                &self::locations(&locations)?,
                crate::instant::read(&now, "now")?,
            )
            .js()
    }

    /// What to publish over a pool under a buffer policy, with the oversell risk.
    #[napi(
        ts_args_type = "sku: string, locations: string[], policy: import('./policy').BufferPolicy, now: string | Date",
        ts_return_type = "import('./ledger').Publication"
    )]
    pub fn publish(
        &self,
        sku: String,
        locations: Vec<String>,
        policy: Unknown,
        now: Unknown,
    ) -> Result<Value> {
        let sku = Sku::new(&sku).js()?;
        let policy = crate::buffer::policy(&policy)?;
        let publication = self
            .inner
            .read()
            .publish(
                &sku,
                &self::locations(&locations)?,
                &policy,
                crate::instant::read(&now, "now")?,
            )
            .js()?;
        Ok(out(&publication))
    }

    /// The audit trail of one SKU at one location.
    #[napi(ts_return_type = "import('./ledger').HistoryLine[]")]
    pub fn history(&self, sku: String, location: String) -> Result<Value> {
        let (sku, location) = ids(&sku, &location)?;
        Ok(out(&self.inner.read().history(&sku, &location)))
    }

    /// Negative stock, over-committed reservations and transfer mismatches now.
    #[napi(
        ts_args_type = "now: string | Date",
        ts_return_type = "import('./ledger').Anomaly[]"
    )]
    pub fn anomalies(&self, now: Unknown) -> Result<Value> {
        Ok(out(&self
            .inner
            .read()
            .anomalies(crate::instant::read(&now, "now")?)))
    }

    /// `anomalies(now)` as Arrow IPC stream bytes (`tableFromIPC` in
    /// `apache-arrow`): a row per anomaly, a column per field any kind has
    /// (snake_case, as core names them; null where a kind has none).
    #[napi(ts_args_type = "now: string | Date")]
    pub fn anomalies_arrow(&self, now: Unknown) -> Result<Buffer> {
        let found = self
            .inner
            .read()
            .anomalies(crate::instant::read(&now, "now")?);
        seamline_arrow::rows_ipc(&found).map(Into::into).js()
    }

    /// `history(sku, location)` as Arrow IPC stream bytes (`occurred_at` a UTC timestamp).
    #[napi]
    pub fn history_arrow(&self, sku: String, location: String) -> Result<Buffer> {
        let (sku, location) = ids(&sku, &location)?;
        let lines = self.inner.read().history(&sku, &location);
        seamline_arrow::rows_ipc(&lines).map(Into::into).js()
    }

    /// `'held'`, `'committed'`, `'released'` or `'expired'`.
    #[napi(
        ts_args_type = "reservationId: string, now: string | Date",
        ts_return_type = "'held' | 'committed' | 'released' | 'expired'"
    )]
    pub fn reservation_state(&self, reservation_id: String, now: Unknown) -> Result<Value> {
        Ok(out(&self
            .inner
            .read()
            .reservation_state(&reservation_id, crate::instant::read(&now, "now")?)
            .js()?))
    }

    /// Merges another ledger into this one — an offline till's, on
    /// reconnect: every event it accepted, applied here as one batch. What
    /// this ledger already holds comes back as duplicates; merging twice
    /// changes nothing more.
    #[napi(
        ts_args_type = "other: Ledger, now: string | Date",
        ts_return_type = "import('./ledger').BatchReport"
    )]
    pub fn merge(&self, other: &JsLedger, now: Unknown) -> Result<Value> {
        let now = crate::instant::read(&now, "now")?;
        // A copy first: a ledger merged into itself must not take its lock twice.
        let theirs = other.inner.read().clone();
        Ok(out(&self.inner.write().merge(&theirs, now)))
    }

    /// The ledger as versioned bytes.
    #[napi]
    pub fn to_snapshot(&self) -> Buffer {
        self.inner.read().to_snapshot().into()
    }

    /// `toSnapshot()` off the event loop. Reads go on meanwhile; a write
    /// on the loop waits until the snapshot is taken.
    #[napi(
        ts_args_type = "signal?: AbortSignal",
        ts_return_type = "Promise<Buffer>"
    )]
    pub fn to_snapshot_async(&self, signal: Option<Unknown>) -> Promise<Vec<u8>> {
        off_loop::snapshot(&self.inner, CoreLedger::to_snapshot, signal)
    }

    /// `fromSnapshot()` off the event loop. Leave the bytes unchanged
    /// until the Promise settles.
    #[napi(
        ts_args_type = "data: Buffer, signal?: AbortSignal",
        ts_return_type = "Promise<Ledger>"
    )]
    pub fn from_snapshot_async(data: Buffer, signal: Option<Unknown>) -> Promise<JsLedger> {
        promise(
            Ok(work(move |_| {
                Ok(JsLedger {
                    inner: Arc::new(RwLock::new(CoreLedger::from_snapshot(&data).js()?)),
                })
            })),
            off_loop::native,
            signal,
        )
    }

    /// A ledger restored from `toSnapshot()` bytes.
    #[napi(factory)]
    pub fn from_snapshot(data: Buffer) -> Result<Self> {
        Ok(JsLedger {
            inner: Arc::new(RwLock::new(CoreLedger::from_snapshot(&data).js()?)),
        })
    }

    /// The number of accepted events.
    #[napi(getter)]
    pub fn size(&self) -> u32 {
        u32::try_from(self.inner.read().len()).unwrap_or(u32::MAX)
    }
}

/// Rows a worker applies at a time before letting a waiting reader in: a
/// few milliseconds of work (an event is applied in well under a microsecond).
const SLICE: usize = 4096;

/// Applies `rows` to the shared ledger a slice at a time; the report is
/// the one a single `apply_rows` gives.
fn apply_in_slices(
    ledger: &RwLock<CoreLedger>,
    rows: Vec<std::result::Result<StockEvent, Error>>,
    now: seamline::Instant,
) -> BatchReport {
    let mut batch = BatchInProgress::new(now);
    // Counted under a read lock (readers go on), grown once: the batch
    // never pauses part-way to regrow the ledger.
    let new_positions = ledger
        .read()
        .new_positions(rows.iter().filter_map(|r| r.as_ref().ok()));
    let mut rows = rows.into_iter();
    let mut guard = ledger.write();
    guard.reserve(rows.len(), new_positions);
    loop {
        batch.apply(&mut guard, rows.by_ref().take(SLICE));
        if rows.len() == 0 {
            return batch.finish(&guard);
        }
        // Hands the lock to a reader waiting on the event loop, if any.
        RwLockWriteGuard::bump(&mut guard);
    }
}

/// Chooses which nodes send which lines at the lowest cost (costs are
/// decimal strings); see the inventory guide.
#[seamline_guard::guard]
#[napi(
    ts_args_type = "lines: import('./ledger').SourcingLine[], destination: import('./ledger').Destination, nodes: import('./ledger').SourcingNode[]",
    ts_return_type = "import('./ledger').SourcingPlan"
)]
pub fn source_order(
    env: Env,
    lines: Unknown,
    destination: Unknown,
    nodes: Unknown,
) -> Result<Value> {
    let read = |value: Unknown, field: &str| -> Result<Value> {
        env.from_js_value(value)
            .map_err(|e| Error::invalid_type(field, "plain data", e.reason))
            .js()
    };
    let lines: Vec<SourcingLine> =
        seamline::input::from_value(keys::from_js(read(lines, "lines")?), "lines").js()?;
    let destination: Destination = match read(destination, "destination")? {
        Value::String(s) if s == "ship" => Destination::Ship,
        other => seamline::input::from_value(keys::from_js(other), "destination").js()?,
    };
    let nodes: Vec<SourcingNode> = match read(nodes, "nodes")? {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, n)| {
                seamline::input::from_value(keys::from_js_shallow(n), &format!("nodes[{i}]"))
            })
            .collect::<std::result::Result<_, _>>()
            .js()?,
        _ => return Err(Error::invalid_type("nodes", "an array", "another type")).js(),
    };
    Ok(out(&seamline::inventory::source_order(
        &lines,
        &destination,
        &nodes,
    )
    .js()?))
}
