//! The order book's versioned byte format: its refund rules and its
//! history (order events, and holds the ledger refused), replayed on load.

use super::book::{Logged, OrderBook};
use super::refund::RefundPolicy;
use crate::error::Result;
use crate::snapshot::invalid;
use serde::{Deserialize, Serialize};

const FORMAT: &str = "seamline.orders";

#[derive(Serialize)]
struct SnapshotOut<'a> {
    policy: RefundPolicy,
    log: &'a [Logged],
}

/// Every field explicit, no other field accepted (see `crate::snapshot`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotIn {
    policy: RefundPolicy,
    log: Vec<Logged>,
}

impl OrderBook {
    /// Serializes the book (UTF-8 JSON, versioned). Orders hold customer
    /// references and amounts, not card data.
    pub fn to_snapshot(&self) -> Vec<u8> {
        let out = SnapshotOut {
            policy: self.policy(),
            log: &self.log,
        };
        crate::snapshot::write(FORMAT, &out)
    }

    /// Restores a book from [`OrderBook::to_snapshot`] bytes.
    pub fn from_snapshot(bytes: &[u8]) -> Result<OrderBook> {
        let body: SnapshotIn = crate::snapshot::read(bytes, FORMAT)?;
        let mut book = OrderBook::new(body.policy);
        for (i, entry) in body.log.into_iter().enumerate() {
            match entry {
                Logged::Event(event) => {
                    book.apply(event)
                        .map_err(|e| invalid(format!("entry {i} does not replay: {e}")))?;
                }
                Logged::HoldRefused {
                    order_id,
                    reservation_id,
                } => book.drop_hold(&order_id, &reservation_id),
            }
        }
        Ok(book)
    }
}
