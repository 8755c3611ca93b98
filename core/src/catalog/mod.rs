//! Catalog: one SKU everywhere — GTINs, channel identifiers, prices.

mod gtin;
mod prices;
mod sku_map;

pub use gtin::{check_digit, Gtin, GtinRange};
pub use prices::{Discount, PriceEntry, PriceQuote, PriceTable, Promotion};
pub use sku_map::{
    ChannelRules, Component, ComponentRow, ImportReport, InvalidRow, MappingConflict, MappingRow,
    SkuCollision, SkuMap, UnmappedEntry,
};
