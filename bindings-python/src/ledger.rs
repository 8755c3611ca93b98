//! `seamline.Ledger`: the stock ledger for Python.
//!
//! Events are dicts (the core's wire form: `event_id`, `sku`, `location`,
//! `occurred_at`, `source`, `type` and the type's fields); reports come back
//! as dicts. The ledger sits behind a mutex, so a batch releases the GIL
//! safely and the object can be shared between threads.

use crate::buffer::PyBufferPolicy;
use crate::convert;
use crate::error::IntoPy;
use crate::table::{DictRecord, PyColumns};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use seamline::input::{Extras, KeyCache};
use seamline::inventory::{
    read_stock_event_fields, read_stock_events, CartReservation, ChannelConfig, FulfilmentMethod,
    Ledger, LocationInfo, StockEvent, STOCK_EVENTS,
};
use seamline::{ChannelId, Error, LocationId, Sku};
use serde::Serialize;
use std::sync::Mutex;

/// A dict event → core event. Datetime values become canonical text first
/// (a naive one is refused); the shape is checked by core's wire form.
fn event(obj: &Bound<'_, PyAny>) -> Result<StockEvent, Error> {
    event_at(obj, 0, &mut KeyCache::default())
}

/// Event `row` of a batch, read from the dict by core's stock-event schema
/// (`keys` remembers what a batch's keys name).
fn event_at(obj: &Bound<'_, PyAny>, row: usize, keys: &mut KeyCache) -> Result<StockEvent, Error> {
    let path = || format!("events[{row}]");
    let record = DictRecord::read(&STOCK_EVENTS, obj, &path, keys)?;
    read_stock_event_fields(&record, row)
}

/// A core value as Python objects, typed by core's schema of it.
pub fn to_py<'py, T>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>>
where
    T: Serialize + seamline::wire_types::JsonSchema + Sync + ?Sized,
{
    crate::typed::typed(py, value)
}

fn ids(sku: &str, location: &str) -> Result<(Sku, LocationId), Error> {
    Ok((Sku::new(sku)?, LocationId::new(location)?))
}

fn locations(list: Vec<String>) -> Result<Vec<LocationId>, Error> {
    list.iter().map(|l| LocationId::new(l)).collect()
}

/// One stock ledger per SKU and location, written by every channel.
#[pyclass(name = "Ledger", module = "seamline", frozen)]
pub struct PyLedger(Mutex<Ledger>);

impl PyLedger {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Ledger> {
        crate::lock::lock(&self.0)
    }
}

#[seamline_guard::guard]
#[pymethods]
impl PyLedger {
    #[new]
    fn new() -> Self {
        PyLedger(Mutex::new(Ledger::new()))
    }

    /// Applies one event; returns its report (`duplicate`, `affects_on_hand`, `anomalies`).
    fn apply<'py>(
        &self,
        py: Python<'py>,
        event: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let event = self::event(event).py()?;
        let report = self.lock().apply(event).py()?;
        to_py(py, &report)
    }

    /// Applies an event a channel sent in its own identifiers: `event["sku"]`
    /// is the channel's id, translated through `sku_map` (multipacks
    /// multiplied, bundles split into one event per component).
    fn apply_channel_event<'py>(
        &self,
        py: Python<'py>,
        sku_map: &crate::catalog::PySkuMap,
        channel: &str,
        event: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let channel = ChannelId::new(channel).py()?;
        let event = self::event(event).py()?;
        let map = sku_map.lock();
        let reports = self
            .lock()
            .apply_channel_event(&map, &channel, event)
            .py()?;
        to_py(py, &reports)
    }

    /// Applies many events; every row is applied, a duplicate, or rejected with its reason.
    fn apply_batch<'py>(
        &self,
        py: Python<'py>,
        events: Vec<Bound<'py, PyAny>>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let now = crate::instant::read(now, "now").py()?;
        let mut keys = KeyCache::default();
        let rows: Vec<_> = events
            .iter()
            .enumerate()
            .map(|(i, e)| event_at(e, i, &mut keys))
            .collect();
        let report = py.detach(|| self.lock().apply_rows(rows, now));
        to_py(py, &report)
    }

    /// Applies events given as columns: a dict of equal-length lists keyed
    /// by the record's field names (`event_id`, `sku`, …, `type`, `quantity`, …),
    /// or an Arrow table with those columns (pyarrow, pandas, polars: read
    /// from its buffers). A million rows cross the boundary as a few lists.
    fn apply_columns<'py>(
        &self,
        py: Python<'py>,
        columns: &Bound<'py, PyAny>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let now = crate::instant::read(now, "now").py()?;
        // Core reads every cell (with the GIL: they are Python objects),
        // then the rows are applied without it.
        let columns = PyColumns::read(columns, "columns")?.py()?;
        let rows = read_stock_events(&columns, Extras::Refuse).py()?;
        let report = py.detach(|| self.lock().apply_rows(rows, now));
        to_py(py, &report)
    }

    /// Reserves a whole cart, all or nothing (or what is there, with
    /// `allow_partial`); demand is summed per SKU and location first.
    fn reserve_cart<'py>(
        &self,
        py: Python<'py>,
        cart: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let record = convert::record::<CartReservation>(cart, "cart").py()?;
        let cart: CartReservation = pythonize::depythonize(&record)
            .map_err(|e| Error::invalid_argument("cart", "the record", e.to_string()))
            .py()?;
        let held = self.lock().reserve_cart(&cart).py()?;
        to_py(py, &held)
    }

    /// Records what a location is (`"store"` or `"warehouse"`) and can do
    /// (`ships`, `pickup`, `counter`: core's `LocationInfo`, read by core
    /// with its defaults).
    #[pyo3(signature = (location, kind, **capabilities))]
    fn configure_location(
        &self,
        py: Python<'_>,
        location: &Bound<'_, PyAny>,
        kind: &Bound<'_, PyAny>,
        capabilities: Option<&Bound<'_, pyo3::types::PyDict>>,
    ) -> PyResult<()> {
        let fixed = [("location", location), ("kind", kind)];
        let info: LocationInfo = convert::keywords(py, &fixed, capabilities, "location")?;
        self.lock().configure_location(info);
        Ok(())
    }

    /// Records a channel's locations and its buffer policy per fulfilment method.
    #[pyo3(signature = (channel, locations, *, ship_policy, pickup_policy))]
    fn configure_channel(
        &self,
        channel: &str,
        locations: Vec<String>,
        ship_policy: &PyBufferPolicy,
        pickup_policy: &PyBufferPolicy,
    ) -> PyResult<()> {
        let config = ChannelConfig {
            channel: ChannelId::new(channel).py()?,
            locations: self::locations(locations).py()?,
            ship_policy: ship_policy.0.clone(),
            pickup_policy: pickup_policy.0.clone(),
        };
        self.lock().configure_channel(config).py()
    }

    /// What a channel shows for a SKU by `"ship"` or `"pickup"`: pooled and per node.
    fn channel_publication<'py>(
        &self,
        py: Python<'py>,
        channel: &str,
        sku: &str,
        method: &str,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let method: FulfilmentMethod = method.parse().py()?;
        let channel = ChannelId::new(channel).py()?;
        let sku = Sku::new(sku).py()?;
        let now = crate::instant::read(now, "now").py()?;
        let publication = self
            .lock()
            .channel_publication(&channel, &sku, method, now)
            .py()?;
        to_py(py, &publication)
    }

    /// On-hand, reserved, available and in-transit at one location.
    fn stock<'py>(
        &self,
        py: Python<'py>,
        sku: &str,
        location: &str,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (sku, location) = ids(sku, location).py()?;
        let now = crate::instant::read(now, "now").py()?;
        let level = self.lock().stock(&sku, &location, now);
        to_py(py, &level)
    }

    /// Sum over `locations` of max(0, available).
    fn pooled_available(
        &self,
        sku: &str,
        locations: Vec<String>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<i64> {
        let sku = Sku::new(sku).py()?;
        let locations = self::locations(locations).py()?;
        let now = crate::instant::read(now, "now").py()?;
        self.lock().pooled_available(&sku, &locations, now).py()
    }

    /// What to publish over a pool under a buffer policy, with the oversell risk.
    fn publish<'py>(
        &self,
        py: Python<'py>,
        sku: &str,
        locations: Vec<String>,
        policy: &PyBufferPolicy,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let sku = Sku::new(sku).py()?;
        let locations = self::locations(locations).py()?;
        let now = crate::instant::read(now, "now").py()?;
        let publication = self.lock().publish(&sku, &locations, &policy.0, now).py()?;
        to_py(py, &publication)
    }

    /// The audit trail of one SKU at one location.
    fn history<'py>(
        &self,
        py: Python<'py>,
        sku: &str,
        location: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (sku, location) = ids(sku, location).py()?;
        let lines = self.lock().history(&sku, &location);
        to_py(py, &lines)
    }

    /// Negative stock, over-committed reservations and transfer mismatches now.
    fn anomalies<'py>(
        &self,
        py: Python<'py>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let now = crate::instant::read(now, "now").py()?;
        let found = self.lock().anomalies(now);
        to_py(py, &found)
    }

    /// `anomalies(now)` as a `pyarrow.Table`: a row per anomaly, a column per
    /// field any kind has (`type`, `sku`, `location`, `on_hand`, …; null
    /// where a kind has none).
    fn anomalies_table<'py>(
        &self,
        py: Python<'py>,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let now = crate::instant::read(now, "now").py()?;
        let found = self.lock().anomalies(now);
        crate::arrow::rows_table(py, &found, "anomalies_table")
    }

    /// `history(sku, location)` as a `pyarrow.Table` (`occurred_at` a UTC timestamp).
    fn history_table<'py>(
        &self,
        py: Python<'py>,
        sku: &str,
        location: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (sku, location) = ids(sku, location).py()?;
        let lines = self.lock().history(&sku, &location);
        crate::arrow::rows_table(py, &lines, "history_table")
    }

    /// `"held"`, `"committed"`, `"released"` or `"expired"`.
    fn reservation_state<'py>(
        &self,
        py: Python<'py>,
        reservation_id: &str,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let now = crate::instant::read(now, "now").py()?;
        let state = self.lock().reservation_state(reservation_id, now).py()?;
        to_py(py, &state)
    }

    /// Merges another ledger into this one — an offline till's, on
    /// reconnect: every event it accepted, applied here as one batch. What
    /// this ledger already holds comes back as duplicates; merging twice
    /// changes nothing more. Returns the batch report.
    fn merge<'py>(
        &self,
        py: Python<'py>,
        other: &PyLedger,
        now: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let now = crate::instant::read(now, "now").py()?;
        // A copy first: a ledger merged into itself must not take its lock twice.
        let theirs = other.lock().clone();
        let report = py.detach(|| self.lock().merge(&theirs, now));
        to_py(py, &report)
    }

    /// The ledger as versioned bytes.
    fn to_snapshot<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        // Serialising a large state is work: done without the GIL.
        let bytes = py.detach(|| self.lock().to_snapshot());
        PyBytes::new(py, &bytes)
    }

    /// A ledger restored from `to_snapshot()` bytes.
    #[staticmethod]
    fn from_snapshot(data: &[u8]) -> PyResult<Self> {
        Ok(PyLedger(Mutex::new(Ledger::from_snapshot(data).py()?)))
    }

    fn __len__(&self) -> usize {
        self.lock().len()
    }
}
