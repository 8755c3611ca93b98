//! The price table for Swift: `Money` with `Decimal` amounts, `Date` windows.

use crate::ledger::instant;
use crate::{DecimalText, Money, SeamlineError};
use seamline::catalog as core;
use seamline::{parse_decimal, ChannelId, Currency, Sku};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// A price valid over [from, to); no channel: the base price.
#[derive(uniffi::Record)]
pub struct PriceEntry {
    pub sku: String,
    pub channel: Option<String>,
    pub price: Money,
    pub from: SystemTime,
    pub to: Option<SystemTime>,
}

/// What a promotion takes off.
#[derive(uniffi::Enum)]
pub enum Discount {
    PercentOff { percent: DecimalText },
    AmountOff { amount: Money },
}

/// A promotion over some SKUs (and channels) within a window.
#[derive(uniffi::Record)]
pub struct Promotion {
    pub id: String,
    pub skus: Vec<String>,
    pub channels: Vec<String>,
    pub from: SystemTime,
    pub to: Option<SystemTime>,
    pub discount: Discount,
    pub stackable: bool,
}

/// A price with the promotions that shaped it.
#[derive(uniffi::Record)]
pub struct PriceQuote {
    pub base: Money,
    pub promotions: Vec<String>,
    pub price: Money,
}

fn promotion(p: Promotion) -> Result<core::Promotion, SeamlineError> {
    Ok(core::Promotion {
        id: p.id,
        skus: p
            .skus
            .iter()
            .map(|s| Sku::new(s))
            .collect::<seamline::Result<_>>()?,
        channels: p
            .channels
            .iter()
            .map(|c| ChannelId::new(c))
            .collect::<seamline::Result<_>>()?,
        from: instant(p.from)?,
        to: p.to.map(instant).transpose()?,
        discount: match p.discount {
            Discount::PercentOff { percent } => core::Discount::PercentOff {
                percent: parse_decimal("percent", &percent.0)?,
            },
            Discount::AmountOff { amount } => core::Discount::AmountOff {
                amount: amount.to_core("amount")?,
            },
        },
        stackable: p.stackable,
    })
}

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

#[uniffi::export]
impl PriceTable {
    /// An empty table.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(PriceTable {
            inner: Mutex::new(core::PriceTable::new()),
        })
    }

    /// Adds a price; throws `priceOverlap` when its window overlaps another.
    pub fn add(&self, entry: PriceEntry) -> Result<(), SeamlineError> {
        let entry = core::PriceEntry {
            sku: Sku::new(&entry.sku)?,
            channel: entry.channel.as_deref().map(ChannelId::new).transpose()?,
            price: entry.price.to_core("price")?,
            from: instant(entry.from)?,
            to: entry.to.map(instant).transpose()?,
        };
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
        let promotions = promotions
            .into_iter()
            .map(promotion)
            .collect::<Result<Vec<_>, _>>()?;
        let q = self.lock().quote(
            &Sku::new(&sku)?,
            &ChannelId::new(&channel)?,
            Currency::from_code(&currency)?,
            instant(at)?,
            &promotions,
        )?;
        Ok(PriceQuote {
            base: q.base.into(),
            promotions: q.promotions,
            price: q.price.into(),
        })
    }
}
