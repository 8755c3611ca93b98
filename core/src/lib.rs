//! Seamline core: the one set of retail rules shared by the point of sale,
//! the online store and the back office.
//!
//! This crate is the pure domain. It does no I/O, reads no clock and draws no
//! random numbers: time, ids and configuration come in as arguments, so the
//! same input always gives the same output. The Python, Node and Swift
//! packages are thin bindings over it.

#![warn(missing_docs)]
// The one exception is the prefetch hint (`prefetch.rs`), which reads nothing.
#![deny(unsafe_code)]
// No unchecked `+ - * / %` on integers or decimals in shipped code: a sum
// that can grow is checked (`ARITHMETIC_OVERFLOW`, nothing changed), and the
// few operations bounded by construction say why where they are allowed.
// i128 is the wide accumulator for sums of i64 counts (clippy.toml).
#![cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]

pub mod buffer;
pub mod catalog;
pub mod currency;
pub mod customers;
pub mod error;
pub mod ids;
pub mod input;
pub mod instant;
pub mod inventory;
mod log_index;
pub mod money;
pub mod orders;
pub mod prefetch;
pub mod quantity;
pub mod reconciliation;
mod snapshot;
pub mod sync_health;
pub mod systems_of_record;
pub mod wire_types;

pub use buffer::{
    max_exposure, oversell_probability, published_quantity, recommend_buffer, BufferPolicy,
};
pub use currency::Currency;
pub use error::{Error, ErrorCode, Result};
pub use ids::{ChannelId, CustomerId, EventId, LocationId, OrderId, ProcessorId, RecordId, Sku};
pub use instant::Instant;
pub use money::{decimal_from_parts, parse_decimal, Money, RoundingMode};
pub use quantity::Quantity;
pub use rust_decimal::Decimal;
