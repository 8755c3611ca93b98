//! Order events: the only way an order changes.

use super::order::Order;
use crate::ids::{ChannelId, EventId, LocationId, OrderId};
use crate::instant::Instant;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Units of one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LineQuantity {
    /// The order line.
    pub line_id: String,
    /// Units (> 0).
    pub quantity: i64,
}

/// Units of one line to hold at one node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "OrderAllocation")]
pub struct Allocation {
    /// The order line.
    pub line_id: String,
    /// The node that will ship (or the store that will hand over).
    pub location: LocationId,
    /// Units (> 0).
    pub quantity: i64,
}

/// What became of a returned unit. Only restocked goods go back to sellable stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Disposition {
    /// Back on the shelf, sellable.
    Restocked,
    /// Received but not sellable.
    Damaged,
    /// Received, set aside until someone inspects it.
    NeedsInspection,
    /// Never arrived (a carrier loss, an empty box).
    Missing,
}

/// Units of one line coming back, and what became of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReturnLine {
    /// The order line.
    pub line_id: String,
    /// Units (> 0).
    pub quantity: i64,
    /// What became of them.
    pub disposition: Disposition,
}

/// What happened to an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OrderEventKind {
    /// The order was placed: a web order holds its stock, a counter sale is sold.
    Placed {
        /// The order (its id must be the event's `order_id`). Shared: the
        /// book keeps it once for the event log and the order's state.
        order: Arc<Order>,
    },
    /// Open units are (re)assigned to nodes: earlier holds are released and
    /// these are held instead.
    Allocated {
        /// Where each open unit will come from.
        allocations: Vec<Allocation>,
    },
    /// Payment was captured.
    Captured {
        /// The payment, unique in the order.
        payment_id: String,
        /// Amount (> 0), in the order's currency.
        #[schemars(with = "crate::wire_types::Amount")]
        #[serde(with = "crate::money::amount_text")]
        amount: Decimal,
    },
    /// A shipment (or a hand-over at the counter) left `location`.
    Fulfilled {
        /// The shipment, unique in the order.
        shipment_id: String,
        /// The node it left from.
        location: LocationId,
        /// Units per line.
        lines: Vec<LineQuantity>,
    },
    /// Every open unit is cancelled; what already shipped stays shipped.
    Cancelled {
        /// Why, for people.
        #[serde(default)]
        reason: Option<String>,
    },
    /// Goods came back at `location`, through `channel` (which may differ
    /// from the order's: bought online, returned at the counter).
    Returned {
        /// The return, unique in the order.
        return_id: String,
        /// Where it was received.
        location: LocationId,
        /// The channel that took it back (the order's when absent).
        #[serde(default)]
        channel: Option<ChannelId>,
        /// Units per line, with their disposition.
        lines: Vec<ReturnLine>,
    },
    /// Money went back to the customer.
    Refunded {
        /// The refund, unique in the order.
        refund_id: String,
        /// The return it pays for; none for a goodwill refund.
        #[serde(default)]
        return_id: Option<String>,
        /// Amount (> 0), in the order's currency.
        #[schemars(with = "crate::wire_types::Amount")]
        #[serde(with = "crate::money::amount_text")]
        amount: Decimal,
    },
    /// The books on the order are closed: nothing more may happen to it.
    Closed,
}

/// One order event from any channel or till.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OrderEvent {
    /// Idempotency key: the same id is applied at most once.
    pub event_id: EventId,
    /// The order.
    pub order_id: OrderId,
    /// When it happened (stock events carry this time).
    pub occurred_at: Instant,
    /// Which system or till sent it.
    // Shared text: a till's name repeats on every event it sends, and each
    // stock event an order event yields carries it too.
    pub source: Arc<str>,
    /// What happened.
    #[serde(flatten)]
    pub kind: OrderEventKind,
}

impl OrderEvent {
    /// Reads one event from JSON-like data (any serde format), mapping a
    /// malformed shape to `INVALID_ARGUMENT`; ids and times are validated
    /// as they are read.
    pub fn parse<'de, D: serde::Deserializer<'de>>(data: D) -> crate::Result<OrderEvent>
    where
        D::Error: std::fmt::Display,
    {
        OrderEvent::deserialize(data)
            .map_err(|e| crate::Error::invalid_argument("event", "the record", e.to_string()))
    }
}
