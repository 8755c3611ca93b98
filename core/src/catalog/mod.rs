//! Catalog: one SKU everywhere — GTINs, channel identifiers, prices.

mod gtin;
mod sku_map;

pub use gtin::{check_digit, Gtin, GtinRange};
pub use sku_map::{
    ChannelRules, Component, ComponentRow, ImportReport, InvalidRow, MappingConflict, MappingRow,
    SkuCollision, SkuMap, UnmappedEntry,
};
