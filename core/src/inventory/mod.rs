//! Inventory: one stock ledger that every channel writes to and reads from.
//!
//! State changes only through [`StockEvent`]s. Facts (sales, receipts,
//! counts) are accepted in any order and give the same state; requests
//! (reservations) are judged against the state when they arrive.

mod batch;
mod channel;
mod channel_events;
mod columns;
mod event;
mod ledger;
mod position;
mod report;
mod snapshot;
mod sourcing;

pub use batch::BatchInProgress;
pub use channel::{
    ChannelConfig, ChannelPublication, FulfilmentMethod, LocationInfo, LocationKind,
    NodePublication,
};
pub use columns::{read_stock_event, read_stock_event_fields, read_stock_events, STOCK_EVENTS};
pub use event::{AdjustReason, StockEvent, StockEventKind, StockEventRecord};
pub use ledger::{CartLine, CartLineOutcome, CartReservation, Ledger, Publication};
pub use report::{
    Anomaly, ApplyReport, BatchReport, HistoryLine, RejectedEvent, ReservationState, StockLevel,
};
pub use sourcing::{
    source_order, source_order_heuristic, Allocation, Destination, Shipment, SourcingLine,
    SourcingMethod, SourcingNode, SourcingPlan, EXACT_MAX_LINES, EXACT_MAX_NODES,
};

#[cfg(test)]
mod tests;
