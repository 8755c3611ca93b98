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
pub const CATALOG_SNAPSHOT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    format: String,
    version: u32,
    body: T,
}

fn write<T: Serialize>(format: &str, body: T) -> Vec<u8> {
    let envelope = Envelope {
        format: format.to_string(),
        version: CATALOG_SNAPSHOT_VERSION,
        body,
    };
    // Serializing plain data to a Vec cannot fail.
    serde_json::to_vec(&envelope).unwrap_or_default()
}

fn read<T: DeserializeOwned>(format: &str, bytes: &[u8]) -> Result<T> {
    let envelope: Envelope<T> = crate::snapshot::read(bytes, format, CATALOG_SNAPSHOT_VERSION)?;
    Ok(envelope.body)
}

/// The SKU map's records: what a snapshot holds.
#[derive(Serialize, Deserialize)]
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
        m.translate_batch(&[(ChannelId::new("pos").unwrap(), "99".into(), 1, t)]);
        m.retire(Sku::new("OLD").unwrap());
        let bytes = m.to_snapshot();
        assert_eq!(SkuMap::from_snapshot(&bytes).unwrap(), m);
        assert_eq!(
            SkuMap::from_snapshot(&bytes[..20]).unwrap_err().code(),
            ErrorCode::InvalidSnapshot
        );
        let newer = String::from_utf8(bytes)
            .unwrap()
            .replace("\"version\":1", "\"version\":7");
        assert_eq!(
            SkuMap::from_snapshot(newer.as_bytes()).unwrap_err().code(),
            ErrorCode::UnsupportedVersion
        );
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
