//! Locations, channel pools and the quantity each channel is shown.
//!
//! Configuration lives beside the stock in the ledger, so restocking never
//! wipes a channel's buffer policy, and a snapshot carries both.

use crate::buffer::BufferPolicy;
use crate::error::Error;
use crate::ids::{ChannelId, LocationId};
use serde::{Deserialize, Serialize};

/// What kind of place holds stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LocationKind {
    /// A shop with a counter.
    Store,
    /// A warehouse or distribution centre.
    Warehouse,
}

/// A location and what it can do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
// A misspelt capability (`ship`) is refused, not read as "does not ship".
#[serde(deny_unknown_fields)]
pub struct LocationInfo {
    /// The location.
    pub location: LocationId,
    /// Store or warehouse.
    pub kind: LocationKind,
    /// Ships orders to customers (default: no; a location does what it says).
    #[serde(default)]
    pub ships: bool,
    /// Offers pickup in store (default: no).
    #[serde(default)]
    pub pickup: bool,
    /// Sells at a counter (default: no).
    #[serde(default)]
    pub counter: bool,
}

/// How an order reaches the customer (which policy and which nodes apply).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FulfilmentMethod {
    /// Shipped: nodes that ship.
    Ship,
    /// Picked up in store: nodes that offer pickup.
    Pickup,
}

/// Which locations feed a channel, and the buffer it publishes under per method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChannelConfig {
    /// The channel, e.g. `web`.
    pub channel: ChannelId,
    /// The locations whose stock the channel may sell.
    pub locations: Vec<LocationId>,
    /// Buffer for shipped orders.
    pub ship_policy: BufferPolicy,
    /// Buffer for pickup orders.
    pub pickup_policy: BufferPolicy,
}

/// One node's figure in a channel publication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NodePublication {
    /// The node.
    pub location: LocationId,
    /// Its available (on-hand − reserved), possibly negative.
    pub available: i64,
    /// What it may be shown under the method's policy.
    pub quantity: u64,
    /// Units held back there.
    pub buffer: u64,
}

/// What a channel shows for one SKU and method: pooled and per node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChannelPublication {
    /// The channel.
    pub channel: ChannelId,
    /// The method.
    pub method: FulfilmentMethod,
    /// Pooled over the nodes that serve the method.
    pub pooled: super::Publication,
    /// Each serving node on its own.
    pub nodes: Vec<NodePublication>,
}

impl std::str::FromStr for LocationKind {
    type Err = Error;
    /// `"store"` or `"warehouse"`.
    fn from_str(s: &str) -> crate::Result<Self> {
        match s {
            "store" => Ok(LocationKind::Store),
            "warehouse" => Ok(LocationKind::Warehouse),
            other => Err(Error::invalid_argument(
                "kind",
                format!("{other:?}"),
                "expected store or warehouse",
            )),
        }
    }
}

impl std::str::FromStr for FulfilmentMethod {
    type Err = Error;
    /// `"ship"` or `"pickup"`.
    fn from_str(s: &str) -> crate::Result<Self> {
        match s {
            "ship" => Ok(FulfilmentMethod::Ship),
            "pickup" => Ok(FulfilmentMethod::Pickup),
            other => Err(Error::invalid_argument(
                "method",
                format!("{other:?}"),
                "expected ship or pickup",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_unknown_ones_are_refused() {
        assert_eq!(
            "warehouse".parse::<LocationKind>().unwrap(),
            LocationKind::Warehouse
        );
        assert_eq!(
            "pickup".parse::<FulfilmentMethod>().unwrap(),
            FulfilmentMethod::Pickup
        );
        assert_eq!(
            "boat".parse::<FulfilmentMethod>().unwrap_err().code(),
            crate::ErrorCode::InvalidArgument
        );
        assert_eq!(
            "shed".parse::<LocationKind>().unwrap_err().code(),
            crate::ErrorCode::InvalidArgument
        );
    }

    #[test]
    fn a_location_does_only_what_it_says_and_a_misspelt_capability_is_refused() {
        let read = |v| crate::input::from_value::<LocationInfo>(v, "location");
        let dc = read(serde_json::json!({"location": "dc", "kind": "warehouse"})).unwrap();
        assert!(!dc.ships && !dc.pickup && !dc.counter);
        let typo = read(serde_json::json!({"location": "dc", "kind": "warehouse", "ship": true}));
        assert_eq!(typo.unwrap_err().code(), crate::ErrorCode::InvalidArgument);
    }
}
