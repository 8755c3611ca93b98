//! Catalog: one SKU everywhere — GTINs, channel identifiers, prices.

mod gtin;

pub use gtin::{check_digit, Gtin, GtinRange};
