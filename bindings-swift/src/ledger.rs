//! The stock ledger for Swift: records and enums mirror core's, `Date` for instants.

use crate::instant::instant;
use crate::results::{
    Anomaly, ApplyReport, BatchReport, CartLineOutcome, CartReservation, ChannelConfig,
    ChannelPublication, FulfilmentMethod, HistoryLine, LocationInfo, Publication, ReservationState,
    StockEvent, StockLevel,
};
use crate::{from_swift, swift, wire_value, SeamlineError};
use seamline::inventory as core;
use seamline::{LocationId, Sku};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Event `row` read by core's stock-event schema, as from Python and Node:
/// a bad id is `INVALID_SKU` or `INVALID_ID` naming `stock_events[row].sku`.
fn stock_event(event: &StockEvent, row: usize) -> seamline::Result<core::StockEvent> {
    let value = wire_value(event, "event")?;
    core::read_stock_event(&value, row)
}

fn ids(sku: &str, location: &str) -> Result<(Sku, LocationId), SeamlineError> {
    Ok((Sku::new(sku)?, LocationId::new(location)?))
}

/// One stock ledger per SKU and location; safe to share between threads.
#[derive(uniffi::Object)]
pub struct Ledger {
    inner: Mutex<core::Ledger>,
}

impl Ledger {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, core::Ledger> {
        // apply validates before it writes, so a poisoned lock still holds a consistent ledger.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[seamline_guard::guard]
#[uniffi::export]
impl Ledger {
    /// An empty ledger.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(Ledger {
            inner: Mutex::new(core::Ledger::new()),
        })
    }

    /// A ledger restored from `toSnapshot()` bytes.
    #[uniffi::constructor]
    pub fn from_snapshot(data: Vec<u8>) -> Result<Arc<Self>, SeamlineError> {
        Ok(Arc::new(Ledger {
            inner: Mutex::new(core::Ledger::from_snapshot(&data)?),
        }))
    }

    /// Applies one event; a repeat is a duplicate and changes nothing.
    pub fn apply(&self, event: StockEvent) -> Result<ApplyReport, SeamlineError> {
        swift(&self.lock().apply(stock_event(&event, 0)?)?)
    }

    /// Applies many events (an offline till's upload); every row is accounted for.
    pub fn apply_batch(
        &self,
        events: Vec<StockEvent>,
        now: SystemTime,
    ) -> Result<BatchReport, SeamlineError> {
        let now = instant(now)?;
        // Each row read on its own: a bad one is rejected by index, the rest apply.
        let rows: Vec<_> = events
            .iter()
            .enumerate()
            .map(|(i, e)| stock_event(e, i))
            .collect();
        swift(&self.lock().apply_rows(rows, now))
    }

    /// Merges another ledger into this one — an offline till's, on
    /// reconnect: every event it accepted, applied here as one batch. What
    /// this ledger already holds comes back as duplicates; merging twice
    /// changes nothing more.
    pub fn merge(&self, other: Arc<Ledger>, now: SystemTime) -> Result<BatchReport, SeamlineError> {
        let now = instant(now)?;
        // A copy first: a ledger merged into itself must not take its lock twice.
        let theirs = other.lock().clone();
        swift(&self.lock().merge(&theirs, now))
    }

    /// On-hand, reserved, available and in-transit at one location.
    pub fn stock(
        &self,
        sku: String,
        location: String,
        now: SystemTime,
    ) -> Result<StockLevel, SeamlineError> {
        let (sku, location) = ids(&sku, &location)?;
        swift(&self.lock().stock(&sku, &location, instant(now)?))
    }

    /// Sum over `locations` of max(0, available).
    pub fn pooled_available(
        &self,
        sku: String,
        locations: Vec<String>,
        now: SystemTime,
    ) -> Result<i64, SeamlineError> {
        let sku = Sku::new(&sku)?;
        let locations = locations
            .iter()
            .map(|l| LocationId::new(l))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(self
            .lock()
            .pooled_available(&sku, &locations, instant(now)?)?)
    }

    /// What to publish over a pool under a buffer policy, with the oversell risk.
    pub fn publish(
        &self,
        sku: String,
        locations: Vec<String>,
        policy: crate::BufferPolicy,
        now: SystemTime,
    ) -> Result<Publication, SeamlineError> {
        let sku = Sku::new(&sku)?;
        let locations = locations
            .iter()
            .map(|l| LocationId::new(l))
            .collect::<Result<Vec<_>, _>>()?;
        swift(&self.lock().publish(
            &sku,
            &locations,
            &from_swift(&policy, "policy")?,
            instant(now)?,
        )?)
    }

    /// The audit trail of one SKU at one location.
    pub fn history(
        &self,
        sku: String,
        location: String,
    ) -> Result<Vec<HistoryLine>, SeamlineError> {
        let (sku, location) = ids(&sku, &location)?;
        swift(&self.lock().history(&sku, &location))
    }

    /// Negative stock, over-committed reservations and transfer mismatches now.
    pub fn anomalies(&self, now: SystemTime) -> Result<Vec<Anomaly>, SeamlineError> {
        swift(&self.lock().anomalies(instant(now)?))
    }

    /// The state of a reservation at `now`.
    pub fn reservation_state(
        &self,
        reservation_id: String,
        now: SystemTime,
    ) -> Result<ReservationState, SeamlineError> {
        swift(
            &self
                .lock()
                .reservation_state(&reservation_id, instant(now)?)?,
        )
    }

    /// The ledger as versioned bytes.
    pub fn to_snapshot(&self) -> Vec<u8> {
        self.lock().to_snapshot()
    }

    /// The number of accepted events.
    pub fn count(&self) -> u64 {
        self.lock().len() as u64
    }
}

#[seamline_guard::guard]
#[uniffi::export]
impl Ledger {
    /// Reserves a whole cart, all or nothing (or what is there, with
    /// `allowPartial`); demand is summed per SKU and location first.
    pub fn reserve_cart(
        &self,
        cart: CartReservation,
    ) -> Result<Vec<CartLineOutcome>, SeamlineError> {
        let cart: core::CartReservation = from_swift(&cart, "cart")?;
        swift(&self.lock().reserve_cart(&cart)?)
    }
}

#[seamline_guard::guard]
#[uniffi::export]
impl Ledger {
    /// Records what a location is and can do.
    pub fn configure_location(&self, info: LocationInfo) -> Result<(), SeamlineError> {
        let info: core::LocationInfo = from_swift(&info, "info")?;
        self.lock().configure_location(info);
        Ok(())
    }

    /// Records a channel's locations and its buffer policy per fulfilment method.
    pub fn configure_channel(&self, config: ChannelConfig) -> Result<(), SeamlineError> {
        let config: core::ChannelConfig = from_swift(&config, "config")?;
        Ok(self.lock().configure_channel(config)?)
    }

    /// What a channel shows for a SKU and method: pooled and per node.
    pub fn channel_publication(
        &self,
        channel: String,
        sku: String,
        method: FulfilmentMethod,
        now: SystemTime,
    ) -> Result<ChannelPublication, SeamlineError> {
        let method: core::FulfilmentMethod = from_swift(&method, "method")?;
        let p = self.lock().channel_publication(
            &seamline::ChannelId::new(&channel)?,
            &Sku::new(&sku)?,
            method,
            instant(now)?,
        )?;
        swift(&p)
    }
}

#[seamline_guard::guard]
#[uniffi::export]
impl Ledger {
    /// Applies an event a channel sent in its own identifiers: `event.sku` is
    /// the channel's id, translated through `skuMap` (multipacks multiplied,
    /// bundles split into one event per component).
    pub fn apply_channel_event(
        &self,
        sku_map: Arc<crate::catalog::SkuMap>,
        channel: String,
        event: StockEvent,
    ) -> Result<Vec<ApplyReport>, SeamlineError> {
        let channel = seamline::ChannelId::new(&channel)?;
        let event = stock_event(&event, 0)?;
        let map = sku_map.lock();
        let reports = self.lock().apply_channel_event(&map, &channel, event)?;
        swift(&reports)
    }
}
