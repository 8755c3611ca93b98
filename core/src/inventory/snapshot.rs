//! The ledger's versioned byte format: the accepted events in arrival order,
//! with the location and channel configuration kept beside them.
//!
//! State is a function of the events, so replaying them restores it exactly
//! (reservations are re-judged in the order they were first accepted, which
//! accepts them again). Bad bytes give an error, never a half-loaded ledger.

use super::channel::{ChannelConfig, LocationInfo};
use super::event::StockEvent;
use super::ledger::Ledger;
use crate::error::Result;
use crate::snapshot::invalid;
use serde::{Deserialize, Serialize};

const FORMAT: &str = "seamline.ledger";

#[derive(Serialize)]
struct SnapshotOut<'a> {
    events: Vec<&'a StockEvent>,
    locations: Vec<&'a LocationInfo>,
    channels: Vec<&'a ChannelConfig>,
}

/// Every field explicit, no other field accepted (see `crate::snapshot`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotIn {
    events: Vec<StockEvent>,
    locations: Vec<LocationInfo>,
    channels: Vec<ChannelConfig>,
}

impl Ledger {
    /// Serializes the ledger (UTF-8 JSON, versioned, sealed with a SHA-256).
    pub fn to_snapshot(&self) -> Vec<u8> {
        let out = SnapshotOut {
            events: self.events().collect(),
            locations: self.location_infos().collect(),
            channels: self.channel_configs().collect(),
        };
        crate::snapshot::write(FORMAT, &out)
    }

    /// Restores a ledger from [`Ledger::to_snapshot`] bytes.
    pub fn from_snapshot(bytes: &[u8]) -> Result<Ledger> {
        let body: SnapshotIn = crate::snapshot::read(bytes, FORMAT)?;
        let mut ledger = Ledger::new();
        for info in body.locations {
            ledger.configure_location(info);
        }
        for config in body.channels {
            ledger
                .configure_channel(config)
                .map_err(|e| invalid(format!("channel does not load: {e}")))?;
        }
        for (i, event) in body.events.into_iter().enumerate() {
            ledger
                .apply(event)
                .map_err(|e| invalid(format!("event {i} does not replay: {e}")))?;
        }
        Ok(ledger)
    }
}
