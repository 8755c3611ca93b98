//! The order book's versioned byte format: its refund rules and its
//! history (order events, and holds the ledger refused), replayed on load.

use super::book::{Logged, OrderBook};
use super::refund::RefundPolicy;
use crate::error::Result;
use crate::snapshot::invalid;
use serde::{Deserialize, Serialize};

const FORMAT: &str = "seamline.orders";
/// The snapshot version this build writes and the newest it reads.
pub const ORDERS_SNAPSHOT_VERSION: u32 = 1;

#[derive(Serialize)]
struct SnapshotOut<'a> {
    format: &'a str,
    version: u32,
    policy: RefundPolicy,
    log: &'a [Logged],
}

#[derive(Deserialize)]
struct SnapshotIn {
    policy: RefundPolicy,
    log: Vec<Logged>,
}

impl OrderBook {
    /// Serializes the book (UTF-8 JSON, versioned). Orders hold customer
    /// references and amounts, not card data.
    pub fn to_snapshot(&self) -> Vec<u8> {
        let out = SnapshotOut {
            format: FORMAT,
            version: ORDERS_SNAPSHOT_VERSION,
            policy: self.policy(),
            log: &self.log,
        };
        // Serializing plain data to a Vec cannot fail.
        serde_json::to_vec(&out).unwrap_or_default()
    }

    /// Restores a book from [`OrderBook::to_snapshot`] bytes.
    pub fn from_snapshot(bytes: &[u8]) -> Result<OrderBook> {
        let body: SnapshotIn = crate::snapshot::read(bytes, FORMAT, ORDERS_SNAPSHOT_VERSION)?;
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
