//! The SKU map for Swift.

use crate::results::{ImportReport, MappingRow, TranslatedColumns, UnmappedEntry};
use crate::{swift, wire_value, SeamlineError};
use seamline::catalog as core;
use seamline::{ChannelId, Sku};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Canonical units of one SKU.
#[derive(uniffi::Record)]
pub struct SkuUnits {
    pub sku: String,
    pub units: i64,
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
    pub fn import_rows(
        &self,
        rows: Vec<MappingRow>,
        replace: bool,
    ) -> Result<ImportReport, SeamlineError> {
        // Each row read by core's reader on its own: a bad one is an
        // invalid row of the report, named by its index, not a throw.
        let rows = rows.iter().enumerate().map(|(i, r)| {
            seamline::input::from_value::<core::MappingRow>(
                wire_value(r, "rows")?,
                &format!("rows[{i}]"),
            )
        });
        let report = self.lock().import_rows(rows, replace);
        swift(&report)
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
        swift(&out)
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
        let results = self.lock().translate_batch(&[core::ChannelReference {
            channel: ChannelId::new(&channel)?,
            external_id,
            quantity,
            seen_at: seen,
        }]);
        Ok(results.into_iter().all(|r| r.is_ok()))
    }

    /// Unmapped ids waiting for a person.
    pub fn unmapped_queue(&self) -> Result<Vec<UnmappedEntry>, SeamlineError> {
        swift(&self.lock().unmapped_queue())
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
