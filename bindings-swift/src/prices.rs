//! The price table for Swift: `Money` with `Decimal` amounts, `Date` windows.

use crate::instant::instant;
use crate::results::{
    MismatchRules, ObservedPrice, PriceCorrection, PriceEntry, PriceMismatch, PriceQuote, Promotion,
};
use crate::{from_swift, swift, Money, SeamlineError};
use seamline::catalog as core;
use seamline::{ChannelId, Currency, Sku};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// One price table; safe to share between threads.
#[derive(uniffi::Object)]
pub struct PriceTable {
    inner: Mutex<core::PriceTable>,
}

impl PriceTable {
    fn lock(&self) -> std::sync::MutexGuard<'_, core::PriceTable> {
        // `add` validates before it writes, so a poisoned lock is still consistent.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[seamline_guard::guard]
#[uniffi::export]
impl PriceTable {
    /// An empty table.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(PriceTable {
            inner: Mutex::new(core::PriceTable::new()),
        })
    }

    /// A table restored from `toSnapshot()` bytes.
    #[uniffi::constructor]
    pub fn from_snapshot(data: Vec<u8>) -> Result<Arc<Self>, SeamlineError> {
        Ok(Arc::new(PriceTable {
            inner: Mutex::new(core::PriceTable::from_snapshot(&data)?),
        }))
    }

    /// The table as versioned bytes.
    pub fn to_snapshot(&self) -> Vec<u8> {
        self.lock().to_snapshot()
    }

    /// Adds a price; throws `priceOverlap` when its window overlaps another.
    pub fn add(&self, entry: PriceEntry) -> Result<(), SeamlineError> {
        let entry: core::PriceEntry = from_swift(&entry, "entry")?;
        Ok(self.lock().add(entry)?)
    }

    /// The price at an instant: the channel's override, else the base price.
    pub fn price_at(
        &self,
        sku: String,
        channel: String,
        currency: String,
        at: SystemTime,
    ) -> Result<Money, SeamlineError> {
        let price = self.lock().price_at(
            &Sku::new(&sku)?,
            &ChannelId::new(&channel)?,
            Currency::from_code(&currency)?,
            instant(at)?,
        )?;
        Ok(price.into())
    }

    /// The price after promotions.
    pub fn quote(
        &self,
        sku: String,
        channel: String,
        currency: String,
        at: SystemTime,
        promotions: Vec<Promotion>,
    ) -> Result<PriceQuote, SeamlineError> {
        let promotions: Vec<core::Promotion> = from_swift(&promotions, "promotions")?;
        let q = self.lock().quote(
            &Sku::new(&sku)?,
            &ChannelId::new(&channel)?,
            Currency::from_code(&currency)?,
            instant(at)?,
            &promotions,
        )?;
        swift(&q)
    }
}

/// A mapped id with no authoritative price then, with the code why.
#[derive(uniffi::Record)]
pub struct UnpricedId {
    pub external_id: String,
    pub code: String,
}

/// Everything the snapshot showed, accounted for.
#[derive(uniffi::Record)]
pub struct MismatchReport {
    pub matched: u64,
    pub mismatches: Vec<PriceMismatch>,
    pub corrections: Vec<PriceCorrection>,
    pub within_grace: Vec<String>,
    pub unmapped: Vec<String>,
    pub unpriced: Vec<UnpricedId>,
}

/// Compares a channel's observed prices with the table through the SKU map.
#[seamline_guard::guard]
#[uniffi::export]
pub fn price_mismatches(
    sku_map: Arc<crate::catalog::SkuMap>,
    prices: Arc<PriceTable>,
    rules: MismatchRules,
    observed: Vec<ObservedPrice>,
) -> Result<MismatchReport, SeamlineError> {
    let rules: core::MismatchRules = from_swift(&rules, "rules")?;
    let observed: Vec<core::ObservedPrice> = from_swift(&observed, "observed")?;
    let r = core::price_mismatches(&sku_map.lock(), &prices.lock(), &rules, &observed)?;
    Ok(MismatchReport {
        matched: r.matched as u64,
        mismatches: swift(&r.mismatches)?,
        corrections: swift(&r.corrections)?,
        within_grace: r.within_grace,
        unmapped: r.unmapped,
        // Core's `(id, code)` pairs, named.
        unpriced: r
            .unpriced
            .into_iter()
            .map(|(external_id, code)| UnpricedId { external_id, code })
            .collect(),
    })
}
