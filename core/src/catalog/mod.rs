//! Catalog: one SKU everywhere — GTINs, channel identifiers, prices.

mod gtin;
mod mismatch;
mod prices;
mod sku_map;
mod snapshot;

pub use gtin::{check_digit, Gtin, GtinRange};
pub use mismatch::{
    price_mismatches, MismatchReport, MismatchRules, ObservedPrice, PriceCorrection, PriceMismatch,
};
pub use prices::{Discount, PriceEntry, PriceQuote, PriceTable, Promotion};
pub use sku_map::{
    ChannelReference, ChannelRules, Component, ComponentRow, ImportReport, InvalidRow,
    MappingConflict, MappingRow, SkuCollision, SkuMap, TranslatedColumns, UnmappedEntry,
};
pub use snapshot::CATALOG_SNAPSHOT_VERSION;
