//! What the ledger tells a person: stock levels, anomalies, audit lines.

use crate::ids::{EventId, LocationId, Sku};
use crate::instant::Instant;
use serde::{Deserialize, Serialize};

/// The stock of one SKU at one location at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StockLevel {
    /// Units physically there (may be negative after unrecorded stock was sold).
    pub on_hand: i64,
    /// Units held by live reservations.
    pub reserved: i64,
    /// `on_hand − reserved` (may be negative).
    pub available: i64,
    /// Units sent from here by transfer and not yet received.
    pub in_transit: i64,
}

/// Something a person should look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Anomaly {
    /// A sale took on-hand below zero: the goods left, the books did not have them.
    Oversell {
        /// The sale.
        event_id: EventId,
        /// Product.
        sku: Sku,
        /// Where.
        location: LocationId,
        /// Units sold beyond what was on hand.
        units_oversold: i64,
    },
    /// On-hand is below zero now.
    NegativeStock {
        /// Product.
        sku: Sku,
        /// Where.
        location: LocationId,
        /// The negative on-hand.
        on_hand: i64,
    },
    /// Live reservations exceed on-hand: promises the shelf cannot keep
    /// (typically revealed when an offline till uploads its sales).
    OverCommitted {
        /// Product.
        sku: Sku,
        /// Where.
        location: LocationId,
        /// Units on hand.
        on_hand: i64,
        /// Units reserved.
        reserved: i64,
    },
    /// A transfer's in has no out, or a different quantity.
    TransferMismatch {
        /// The transfer.
        transfer_id: String,
        /// Product.
        sku: Sku,
        /// Units sent, if the out was seen.
        sent: Option<i64>,
        /// Units received.
        received: i64,
    },
}

/// The outcome of applying one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ApplyReport {
    /// The event.
    pub event_id: EventId,
    /// True when the same event had been applied before: nothing changed.
    pub duplicate: bool,
    /// True when the event changed on-hand now (false for a movement that a
    /// later count supersedes, which is kept in history only).
    pub affects_on_hand: bool,
    /// Anomalies this event caused (an oversell).
    pub anomalies: Vec<Anomaly>,
}

/// A row of a batch that was refused, with why. Nothing is dropped silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RejectedEvent {
    /// Position of the row in the batch.
    pub index: usize,
    /// The event id, when the row had one.
    pub event_id: Option<EventId>,
    /// Why it was refused.
    pub error: crate::Error,
}

/// The outcome of a batch (an offline till's upload, a sync page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BatchReport {
    /// How many events were applied. (The caller has their ids: every row
    /// not listed as a duplicate or rejected; a million-row load gets no
    /// million-item list back.)
    pub applied: usize,
    /// Events seen before (nothing changed).
    pub duplicates: Vec<EventId>,
    /// Rows refused, each with its reason.
    pub rejected: Vec<RejectedEvent>,
    /// Anomalies the batch caused (oversells).
    pub anomalies: Vec<Anomaly>,
    /// What the batch revealed at the positions it touched: reservations
    /// accepted against stock that was, it turns out, already sold.
    pub revealed: Vec<Anomaly>,
}

/// One line of a position's audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HistoryLine {
    /// When it happened.
    pub occurred_at: Instant,
    /// The event.
    pub event_id: EventId,
    /// Which system or till sent it.
    pub source: String,
    /// What happened, in words.
    pub description: String,
    /// Change to on-hand (for a count: the variance it revealed).
    pub change: i64,
    /// On-hand after this line, replaying history in order.
    pub on_hand_after: i64,
}

/// The state of a reservation at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReservationState {
    /// Holding stock.
    Held,
    /// Became a sale.
    Committed,
    /// Released before it was fulfilled.
    Released,
    /// Lapsed at its expiry without being released or fulfilled.
    Expired,
}
