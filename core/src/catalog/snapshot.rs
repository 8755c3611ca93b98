//! Versioned byte formats for the SKU map and the price table.
//!
//! Each snapshot is the state's own records (rules, mappings, queue;
//! prices), so restoring replays them through the same validation. Bad
//! bytes give an error, never a half-loaded map or table.

use super::prices::{PriceEntry, PriceTable};
use super::sku_map::{ChannelRules, Component, SkuMap, UnmappedEntry};
use crate::error::Result;
use crate::ids::{ChannelId, Sku};
use crate::snapshot::invalid;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The snapshot version this build writes and the newest it reads.
pub const CATALOG_SNAPSHOT_VERSION: u32 = crate::snapshot::SEALED;

fn write<T: Serialize>(format: &str, body: T) -> Vec<u8> {
    crate::snapshot::write(format, &body)
}

fn read<T: DeserializeOwned>(format: &str, bytes: &[u8]) -> Result<T> {
    crate::snapshot::read(bytes, format)
}

/// The SKU map's records: what a snapshot holds.
/// Every field explicit, no other field accepted (see `crate::snapshot`).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SkuMapRecords {
    pub rules: Vec<ChannelRules>,
    pub mappings: Vec<(ChannelId, String, Vec<Component>)>,
    pub channel_skus: Vec<(ChannelId, String, Vec<String>)>,
    pub retired: Vec<Sku>,
    pub unmapped: Vec<UnmappedEntry>,
}

impl SkuMap {
    /// The map as versioned bytes (UTF-8 JSON).
    pub fn to_snapshot(&self) -> Vec<u8> {
        write("seamline.sku_map", self.records())
    }

    /// A map restored from [`SkuMap::to_snapshot`] bytes.
    pub fn from_snapshot(bytes: &[u8]) -> Result<SkuMap> {
        SkuMap::from_records(read("seamline.sku_map", bytes)?)
    }
}

impl PriceTable {
    /// The table as versioned bytes (UTF-8 JSON).
    pub fn to_snapshot(&self) -> Vec<u8> {
        write("seamline.price_table", self.entries())
    }

    /// A table restored from [`PriceTable::to_snapshot`] bytes; every entry is
    /// re-validated, so overlapping windows cannot be smuggled in.
    pub fn from_snapshot(bytes: &[u8]) -> Result<PriceTable> {
        let entries: Vec<PriceEntry> = read("seamline.price_table", bytes)?;
        let mut table = PriceTable::new();
        for (i, entry) in entries.into_iter().enumerate() {
            table
                .add(entry)
                .map_err(|e| invalid(format!("entry {i} does not load: {e}")))?;
        }
        Ok(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{ComponentRow, MappingRow};
    use crate::{ErrorCode, Instant, Money};

    #[test]
    fn the_map_round_trips_and_refuses_bad_bytes() {
        let mut m = SkuMap::new();
        m.set_rules(ChannelRules {
            channel: ChannelId::new("pos").unwrap(),
            case_fold: false,
            strip_leading_zeros: true,
            gtin: false,
        });
        m.import(
            &[MappingRow {
                channel: "pos".into(),
                external_id: "10042".into(),
                components: vec![ComponentRow {
                    sku: "RED-SHIRT-M".into(),
                    quantity: 1,
                }],
                channel_sku: Some("TEE".into()),
            }],
            false,
        );
        let t = Instant::parse("2026-12-01T10:00:00Z").unwrap();
        m.translate_batch(&[crate::catalog::ChannelReference {
            channel: ChannelId::new("pos").unwrap(),
            external_id: "99".into(),
            quantity: 1,
            seen_at: t,
        }]);
        m.retire(Sku::new("OLD").unwrap());
        let bytes = m.to_snapshot();
        assert_eq!(SkuMap::from_snapshot(&bytes).unwrap(), m);
        assert_eq!(
            SkuMap::from_snapshot(&bytes[..20]).unwrap_err().code(),
            ErrorCode::InvalidSnapshot
        );
        let newer = String::from_utf8(bytes)
            .unwrap()
            .replace("\"version\":2", "\"version\":7");
        assert_eq!(
            SkuMap::from_snapshot(newer.as_bytes()).unwrap_err().code(),
            ErrorCode::UnsupportedVersion
        );
    }

    proptest::proptest! {
        /// A sealed price table refuses every single-bit change (a web price
        /// never changes on load).
        #[test]
        fn every_single_bit_flip_of_a_price_table_is_refused(bit in 0usize..1_000_000) {
            let mut t = PriceTable::new();
            t.add(PriceEntry {
                sku: Sku::new("RED-SHIRT-M").unwrap(),
                channel: Some(ChannelId::new("web").unwrap()),
                price: crate::Money::parse("18.00", "USD").unwrap(),
                from: Instant::parse("2026-12-01T00:00:00Z").unwrap(),
                to: None,
            })
            .unwrap();
            let mut bytes = t.to_snapshot();
            let bit = bit % (bytes.len() * 8);
            bytes[bit / 8] ^= 1 << (bit % 8);
            proptest::prop_assert!(PriceTable::from_snapshot(&bytes).is_err());
        }
    }

    #[test]
    fn the_table_round_trips_and_revalidates() {
        let mut t = PriceTable::new();
        let entry = |from: &str, to: Option<&str>| PriceEntry {
            sku: Sku::new("A").unwrap(),
            channel: None,
            price: Money::parse("1.00", "USD").unwrap(),
            from: Instant::parse(from).unwrap(),
            to: to.map(|x| Instant::parse(x).unwrap()),
        };
        t.add(entry("2026-12-01T00:00:00Z", Some("2026-12-02T00:00:00Z")))
            .unwrap();
        t.add(entry("2026-12-02T00:00:00Z", None)).unwrap();
        let bytes = t.to_snapshot();
        assert_eq!(PriceTable::from_snapshot(&bytes).unwrap(), t);
        let overlapping = String::from_utf8(bytes)
            .unwrap()
            .replace("2026-12-02T00:00:00Z\"}", "2026-12-03T00:00:00Z\"}");
        assert_eq!(
            PriceTable::from_snapshot(overlapping.as_bytes())
                .unwrap_err()
                .code(),
            ErrorCode::InvalidSnapshot
        );
        assert_eq!(
            PriceTable::from_snapshot(b"[]").unwrap_err().code(),
            ErrorCode::InvalidSnapshot
        );
    }
}
