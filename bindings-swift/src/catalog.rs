//! The SKU map for Swift.

use crate::SeamlineError;
use seamline::catalog as core;
use seamline::{ChannelId, Sku};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// A component: a SKU and units of it per channel unit.
#[derive(uniffi::Record)]
pub struct ComponentRow {
    pub sku: String,
    pub quantity: u32,
}

/// A mapping row: a channel's stable id and what one channel unit is.
#[derive(uniffi::Record)]
pub struct MappingRow {
    pub channel: String,
    pub external_id: String,
    pub components: Vec<ComponentRow>,
    pub channel_sku: Option<String>,
}

/// A refused row, with its stable code.
#[derive(uniffi::Record)]
pub struct InvalidRow {
    pub row: u64,
    pub code: String,
    pub message: String,
}

impl From<&core::InvalidRow> for InvalidRow {
    fn from(r: &core::InvalidRow) -> Self {
        InvalidRow {
            row: r.row as u64,
            code: r.error.code().as_str().to_string(),
            message: r.error.to_string(),
        }
    }
}

/// What an import did with every row.
#[derive(uniffi::Record)]
pub struct ImportReport {
    pub added: u64,
    pub unchanged: u64,
    /// Rows of the import that claimed an id mapped elsewhere.
    pub conflict_rows: Vec<u64>,
    pub invalid: Vec<InvalidRow>,
    /// Channel SKUs shared by several stable ids.
    pub collisions: Vec<String>,
}

/// Canonical units of one SKU.
#[derive(uniffi::Record)]
pub struct SkuUnits {
    pub sku: String,
    pub units: i64,
}

/// Bulk translation as parallel columns: line `k` came from input row
/// `rows[k]` (a bundle gives several lines for one row).
#[derive(uniffi::Record)]
pub struct TranslatedColumns {
    pub rows: Vec<u64>,
    pub skus: Vec<String>,
    pub units: Vec<i64>,
    /// Rows that could not be translated; unmapped ones joined the queue.
    pub errors: Vec<InvalidRow>,
}

/// An unmapped id waiting for a person.
#[derive(uniffi::Record)]
pub struct UnmappedEntry {
    pub channel: String,
    pub external_id: String,
    pub count: u64,
    pub first_seen: SystemTime,
    pub last_seen: SystemTime,
}

/// One canonical SKU for every channel's identifier; safe to share between threads.
#[derive(uniffi::Object)]
pub struct SkuMap {
    inner: Mutex<core::SkuMap>,
}

impl SkuMap {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, core::SkuMap> {
        // Every method validates before it writes, so a poisoned lock is still consistent.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[seamline_guard::guard]
#[uniffi::export]
impl SkuMap {
    /// An empty map.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(SkuMap {
            inner: Mutex::new(core::SkuMap::new()),
        })
    }

    /// Sets how a channel writes its identifiers.
    pub fn set_rules(
        &self,
        channel: String,
        case_fold: bool,
        strip_leading_zeros: bool,
        gtin: bool,
    ) -> Result<(), SeamlineError> {
        let channel = ChannelId::new(&channel)?;
        self.lock().set_rules(core::ChannelRules {
            channel,
            case_fold,
            strip_leading_zeros,
            gtin,
        });
        Ok(())
    }

    /// Imports mapping rows; every row is added, unchanged, a conflict or invalid.
    pub fn import_rows(&self, rows: Vec<MappingRow>, replace: bool) -> ImportReport {
        let rows = rows.into_iter().map(|r| {
            Ok(core::MappingRow {
                channel: r.channel,
                external_id: r.external_id,
                components: r
                    .components
                    .into_iter()
                    .map(|c| core::ComponentRow {
                        sku: c.sku,
                        quantity: c.quantity,
                    })
                    .collect(),
                channel_sku: r.channel_sku,
            })
        });
        let report = self.lock().import_rows(rows, replace);
        ImportReport {
            added: report.added as u64,
            unchanged: report.unchanged as u64,
            conflict_rows: report.conflicts.iter().map(|c| c.row as u64).collect(),
            invalid: report.invalid.iter().map(InvalidRow::from).collect(),
            collisions: report
                .collisions
                .iter()
                .map(|c| c.channel_sku.clone())
                .collect(),
        }
    }

    /// `quantity` channel units as canonical SKU units; `unmappedId` otherwise.
    pub fn translate(
        &self,
        channel: String,
        external_id: String,
        quantity: i64,
    ) -> Result<Vec<SkuUnits>, SeamlineError> {
        let lines = self
            .lock()
            .translate(&ChannelId::new(&channel)?, &external_id, quantity)?;
        Ok(lines
            .into_iter()
            .map(|(sku, units)| SkuUnits {
                sku: sku.to_string(),
                units,
            })
            .collect())
    }

    /// Translates a till's or feed's references in one call: one channel,
    /// one sighting time, ids and quantities as parallel arrays. Unmapped
    /// ids join the unmapped queue and are listed in `errors` by row.
    pub fn translate_columns(
        &self,
        channel: String,
        external_ids: Vec<String>,
        quantities: Vec<i64>,
        seen_at: SystemTime,
    ) -> Result<TranslatedColumns, SeamlineError> {
        let seen = crate::instant::instant(seen_at)?;
        let out = self.lock().translate_columns(
            &ChannelId::new(&channel)?,
            &external_ids,
            &quantities,
            seen,
        )?;
        Ok(TranslatedColumns {
            rows: out.rows.into_iter().map(|r| r as u64).collect(),
            skus: out.skus.iter().map(ToString::to_string).collect(),
            units: out.units,
            errors: out.errors.iter().map(InvalidRow::from).collect(),
        })
    }

    /// Records an unmapped reference in the queue (as batch translation does) and returns whether it was mapped.
    pub fn note_reference(
        &self,
        channel: String,
        external_id: String,
        quantity: i64,
        seen_at: SystemTime,
    ) -> Result<bool, SeamlineError> {
        let seen = crate::instant::instant(seen_at)?;
        let results = self.lock().translate_batch(&[(
            ChannelId::new(&channel)?,
            external_id,
            quantity,
            seen,
        )]);
        Ok(results.into_iter().all(|r| r.is_ok()))
    }

    /// Unmapped ids waiting for a person.
    pub fn unmapped_queue(&self) -> Vec<UnmappedEntry> {
        self.lock()
            .unmapped_queue()
            .into_iter()
            .map(|u| UnmappedEntry {
                channel: u.channel.to_string(),
                external_id: u.external_id,
                count: u.count,
                first_seen: crate::instant::system_time(u.first_seen),
                last_seen: crate::instant::system_time(u.last_seen),
            })
            .collect()
    }

    /// A map restored from `toSnapshot()` bytes.
    #[uniffi::constructor]
    pub fn from_snapshot(data: Vec<u8>) -> Result<Arc<Self>, SeamlineError> {
        Ok(Arc::new(SkuMap {
            inner: Mutex::new(core::SkuMap::from_snapshot(&data)?),
        }))
    }

    /// The map as versioned bytes.
    pub fn to_snapshot(&self) -> Vec<u8> {
        self.lock().to_snapshot()
    }

    /// Marks a SKU retired.
    pub fn retire(&self, sku: String) -> Result<(), SeamlineError> {
        self.lock().retire(Sku::new(&sku)?);
        Ok(())
    }

    /// SKUs mapped elsewhere with no identifier in this channel.
    pub fn missing_in(&self, channel: String) -> Result<Vec<String>, SeamlineError> {
        let (missing, _) = self.lock().coverage(&ChannelId::new(&channel)?);
        Ok(missing.into_iter().map(|s| s.to_string()).collect())
    }
}
