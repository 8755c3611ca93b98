//! Orders: one lifecycle for counter sales, shipped and pickup orders, with
//! split shipments, partial and cross-channel returns and refunds to the
//! cent. Each transition says which stock events it means, so a counter
//! sale and a web order decrement the same pool and returns from either
//! channel flow back in.

mod book;
mod event;
mod order;
mod refund;
mod snapshot;

pub use book::{
    LineStatus, OrderBatchReport, OrderBook, OrderState, OrderStatus, RejectedOrderEvent,
    RejectedStockEvent, Transition,
};
pub use event::{Allocation, Disposition, LineQuantity, OrderEvent, OrderEventKind, ReturnLine};
pub use order::{Fulfilment, Order, OrderLine};
pub use refund::{RefundPolicy, ShippingRefund};

#[cfg(test)]
mod tests;
