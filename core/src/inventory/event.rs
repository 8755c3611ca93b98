//! Stock events: the only way the ledger's state changes.

use crate::ids::{EventId, LocationId, Sku};
use crate::instant::Instant;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Why stock was adjusted by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AdjustReason {
    /// Goods damaged and written off.
    Damage,
    /// Unexplained loss (theft, miscount).
    Shrink,
    /// Goods found that were not on the books.
    Found,
    /// Anything else; say why in the event's source or a note elsewhere.
    Other,
}

/// What happened to stock. Every quantity says what it means: a change
/// (`Received`, `Sold`, `Adjusted`, …), an absolute on-hand count
/// (`Counted`), or an absolute *available* figure (`AvailableReported`),
/// so an absolute figure is never applied as a change or the reverse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StockEventKind {
    /// Goods arrived (a delivery, a purchase order).
    Received {
        /// Units received (> 0).
        quantity: i64,
    },
    /// A sale: a fact, accepted even when it takes on-hand below zero.
    Sold {
        /// Units sold (> 0).
        quantity: i64,
        /// The order or receipt, when known.
        #[serde(default)]
        order_ref: Option<String>,
    },
    /// Goods came back; only restocked goods return to on-hand.
    Returned {
        /// Units returned (> 0).
        quantity: i64,
        /// True when the goods go back to sellable stock.
        restock: bool,
    },
    /// A signed manual change.
    Adjusted {
        /// Units added (positive) or removed (negative); not zero.
        delta: i64,
        /// Why.
        reason: AdjustReason,
    },
    /// A physical count: on-hand was exactly this at `occurred_at`.
    /// Movements before it are superseded for on-hand; later ones apply on top.
    Counted {
        /// Units counted (≥ 0).
        on_hand: i64,
        /// The on-hand the sender believed it replaced (compare-and-set):
        /// when given and stale, the count is refused with `STALE_QUANTITY`.
        #[serde(default)]
        expected_on_hand: Option<i64>,
    },
    /// An absolute *available* figure (on-hand − reserved), as some POS
    /// syncs send it; converted to an on-hand count with the reservations
    /// held at that moment.
    AvailableReported {
        /// Units available (≥ 0).
        available: i64,
        /// The available figure the sender believed it replaced (compare-and-set).
        #[serde(default)]
        expected_available: Option<i64>,
    },
    /// A web reservation: a request, refused when it exceeds what is available.
    Reserved {
        /// Units reserved (> 0).
        quantity: i64,
        /// The reservation's id, unique in the ledger.
        reservation_id: String,
        /// When the hold lapses if neither released nor fulfilled.
        #[serde(default)]
        expires_at: Option<Instant>,
    },
    /// A held reservation is released (cart abandoned, order cancelled).
    ReservationReleased {
        /// The reservation.
        reservation_id: String,
        /// Units to release (> 0, ≤ held); all of them when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quantity: Option<i64>,
    },
    /// A held reservation becomes a sale at this location.
    ReservationFulfilled {
        /// The reservation.
        reservation_id: String,
        /// Units shipped (> 0, ≤ held); all of them when absent. A split
        /// shipment fulfils part and leaves the rest held.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quantity: Option<i64>,
    },
    /// Goods leave this location for another.
    TransferOut {
        /// Pairs the out with its in.
        transfer_id: String,
        /// Units sent (> 0).
        quantity: i64,
    },
    /// Goods arrive at this location from another.
    TransferIn {
        /// Pairs the in with its out.
        transfer_id: String,
        /// Units received (> 0).
        quantity: i64,
    },
}

/// One stock event from any channel, till or system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StockEvent {
    /// Idempotency key: the same id is applied at most once.
    pub event_id: EventId,
    /// The product.
    pub sku: Sku,
    /// Where the stock is.
    pub location: LocationId,
    /// When it happened (not when it arrived).
    pub occurred_at: Instant,
    /// Which system or till sent it.
    // Shared text: a till's name repeats on every event it sends, and each
    // stock event an order event yields carries it too.
    pub source: Arc<str>,
    /// What happened.
    #[serde(flatten)]
    pub kind: StockEventKind,
}

/// The wire form of a [`StockEvent`], as bindings and files carry it: ids
/// and time as plain text, validated by [`StockEvent::try_from`] into our
/// error codes (`INVALID_SKU`, `INVALID_TIMESTAMP`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StockEventRecord {
    /// Idempotency key.
    pub event_id: String,
    /// The product.
    pub sku: String,
    /// Where the stock is.
    pub location: String,
    /// RFC 3339 with an offset.
    pub occurred_at: String,
    /// Which system or till sent it.
    pub source: String,
    /// What happened.
    #[serde(flatten)]
    pub kind: StockEventKind,
}

impl TryFrom<StockEventRecord> for StockEvent {
    type Error = crate::Error;

    fn try_from(r: StockEventRecord) -> Result<Self, Self::Error> {
        let occurred_at = Instant::parse(&r.occurred_at).map_err(|e| match e {
            crate::Error::InvalidTimestamp { value, reason, .. } => {
                crate::Error::InvalidTimestamp {
                    field: "occurred_at".into(),
                    value,
                    reason,
                }
            }
            other => other,
        })?;
        Ok(StockEvent {
            event_id: EventId::new(&r.event_id)?,
            sku: Sku::new(&r.sku)?,
            location: LocationId::new(&r.location)?,
            occurred_at,
            source: r.source.into(),
            kind: r.kind,
        })
    }
}

impl From<&StockEvent> for StockEventRecord {
    fn from(e: &StockEvent) -> Self {
        StockEventRecord {
            event_id: e.event_id.to_string(),
            sku: e.sku.to_string(),
            location: e.location.to_string(),
            occurred_at: e.occurred_at.to_rfc3339(),
            source: e.source.to_string(),
            kind: e.kind.clone(),
        }
    }
}
