//! One price table: authoritative prices per SKU, overridden per channel,
//! each valid over a window [from, to), plus promotions.
//!
//! Resolution is specific-wins: currency and window are hard filters, then a
//! channel's override beats the base price.

use crate::error::{Error, Result};
use crate::ids::{ChannelId, Sku};
use crate::instant::Instant;
use crate::money::{Money, RoundingMode};
use crate::Currency;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A price valid over `[from, to)` (no `to`: open-ended).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PriceEntry {
    /// The product.
    pub sku: Sku,
    /// The channel it overrides the base price for; none for the base price.
    #[serde(default)]
    pub channel: Option<ChannelId>,
    /// The price.
    pub price: Money,
    /// Start of the window, inclusive.
    pub from: Instant,
    /// End of the window, exclusive.
    #[serde(default)]
    pub to: Option<Instant>,
}

impl PriceEntry {
    fn contains(&self, at: Instant) -> bool {
        self.from <= at && self.to.is_none_or(|t| at < t)
    }

    fn overlaps(&self, other: &PriceEntry) -> bool {
        let ends_after = |end: Option<Instant>, start: Instant| end.is_none_or(|e| e > start);
        ends_after(self.to, other.from) && ends_after(other.to, self.from)
    }

    fn window(&self) -> String {
        match self.to {
            Some(to) => format!("[{}, {})", self.from, to),
            None => format!("[{}, ∞)", self.from),
        }
    }
}

/// What a promotion takes off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Discount {
    /// A percentage of the price (0–100).
    PercentOff {
        /// The percentage, exact.
        #[schemars(with = "crate::wire_types::DecimalText")]
        #[serde(with = "rust_decimal::serde::str")]
        percent: Decimal,
    },
    /// A fixed amount off, in the price's currency.
    AmountOff {
        /// The amount.
        amount: Money,
    },
}

/// A promotion over a set of SKUs, optionally some channels, and a window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Promotion {
    /// The promotion's id (stacking order among stackable ones).
    pub id: String,
    /// The SKUs it applies to.
    pub skus: Vec<Sku>,
    /// The channels it applies in; empty: every channel.
    #[serde(default)]
    pub channels: Vec<ChannelId>,
    /// Start, inclusive.
    pub from: Instant,
    /// End, exclusive.
    #[serde(default)]
    pub to: Option<Instant>,
    /// What it takes off.
    pub discount: Discount,
    /// Applies on top of other promotions instead of competing with them.
    #[serde(default)]
    pub stackable: bool,
}

/// A price with the promotions that shaped it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PriceQuote {
    /// The table's price.
    pub base: Money,
    /// Promotions applied, in the order they were applied.
    pub promotions: Vec<String>,
    /// What the shopper pays: rounded half-up to the minor unit, never below zero.
    pub price: Money,
}

/// The price table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PriceTable {
    entries: BTreeMap<(Sku, Option<ChannelId>), Vec<PriceEntry>>,
}

impl PriceTable {
    /// An empty table.
    pub fn new() -> Self {
        PriceTable::default()
    }

    /// Adds a price. A window that overlaps another for the same SKU, channel
    /// and currency is `PRICE_OVERLAP` (naming both windows) and changes nothing.
    pub fn add(&mut self, entry: PriceEntry) -> Result<()> {
        if entry.to.is_some_and(|t| t <= entry.from) {
            return Err(Error::invalid_argument(
                "to",
                entry.window(),
                "a window must end after it starts",
            ));
        }
        if entry.price.amount().is_sign_negative() {
            return Err(Error::invalid_amount(
                "price",
                entry.price.amount().to_string(),
                "a price must not be negative",
            ));
        }
        let list = self
            .entries
            .entry((entry.sku.clone(), entry.channel.clone()))
            .or_default();
        if let Some(clash) = list
            .iter()
            .find(|e| e.price.currency() == entry.price.currency() && e.overlaps(&entry))
        {
            return Err(Error::PriceOverlap {
                sku: entry.sku.to_string(),
                channel: entry
                    .channel
                    .as_ref()
                    .map_or("base".to_string(), |c| c.to_string()),
                existing: clash.window(),
                proposed: entry.window(),
            });
        }
        list.push(entry);
        list.sort_by_key(|e| e.from);
        Ok(())
    }

    /// Every entry, by SKU, channel and start (what a snapshot holds).
    pub fn entries(&self) -> Vec<&PriceEntry> {
        self.entries.values().flatten().collect()
    }

    fn find(
        &self,
        sku: &Sku,
        channel: Option<&ChannelId>,
        currency: Currency,
        at: Instant,
    ) -> Option<&PriceEntry> {
        self.entries
            .get(&(sku.clone(), channel.cloned()))?
            .iter()
            .find(|e| e.price.currency() == currency && e.contains(at))
    }

    /// The price of `sku` in `channel` and `currency` at `at`: the channel's
    /// override when one is valid then, else the base price; `NO_PRICE` when neither is.
    pub fn price_at(
        &self,
        sku: &Sku,
        channel: &ChannelId,
        currency: Currency,
        at: Instant,
    ) -> Result<Money> {
        self.find(sku, Some(channel), currency, at)
            .or_else(|| self.find(sku, None, currency, at))
            .map(|e| e.price)
            .ok_or_else(|| Error::NoPrice {
                sku: sku.to_string(),
                channel: channel.to_string(),
                currency: currency.to_string(),
                at: at.to_string(),
            })
    }

    /// The price after promotions (an amount off in another currency does not
    /// apply). Stacking rule: among promotions that are
    /// not stackable, the single one with the largest discount wins (ties: the
    /// smaller id); then every stackable promotion applies on top, in id order,
    /// each on the running price. The result is rounded half-up to the minor
    /// unit and never goes below zero.
    pub fn quote(
        &self,
        sku: &Sku,
        channel: &ChannelId,
        currency: Currency,
        at: Instant,
        promotions: &[Promotion],
    ) -> Result<PriceQuote> {
        check_promotions(promotions)?;
        let base = self.price_at(sku, channel, currency, at)?;
        let live: Vec<&Promotion> = promotions
            .iter()
            .filter(|p| {
                p.skus.contains(sku)
                    && (p.channels.is_empty() || p.channels.contains(channel))
                    && p.from <= at
                    && p.to.is_none_or(|t| at < t)
                    // An amount off in another currency does not apply to this price.
                    && !matches!(&p.discount, Discount::AmountOff { amount } if amount.currency() != currency)
            })
            .collect();
        let overflow = || Error::overflow("promotion discount");
        let off = |price: Decimal, p: &Promotion| -> Result<Decimal> {
            Ok(match &p.discount {
                Discount::PercentOff { percent } => price
                    .checked_mul(*percent)
                    .and_then(|d| d.checked_div(Decimal::ONE_HUNDRED))
                    .ok_or_else(overflow)?,
                Discount::AmountOff { amount } => amount.amount(),
            })
        };
        let mut price = base.amount();
        let mut applied = Vec::new();
        let mut best: Option<(Decimal, &Promotion)> = None;
        for p in live.iter().filter(|p| !p.stackable) {
            let d = off(price, p)?;
            if best.is_none_or(|(b, q)| d > b || (d == b && p.id < q.id)) {
                best = Some((d, p));
            }
        }
        if let Some((d, p)) = best {
            price = price.checked_sub(d).ok_or_else(overflow)?;
            applied.push(p.id.clone());
        }
        let mut stackable: Vec<&&Promotion> = live.iter().filter(|p| p.stackable).collect();
        stackable.sort_by(|a, b| a.id.cmp(&b.id));
        for p in stackable {
            price = price.checked_sub(off(price, p)?).ok_or_else(overflow)?;
            applied.push(p.id.clone());
        }
        let price = Money::new(price.max(Decimal::ZERO), currency).round(RoundingMode::HalfUp);
        Ok(PriceQuote {
            base,
            promotions: applied,
            price,
        })
    }
}

/// Every promotion given is checked, live or not, so a bad one is found the
/// day it is loaded rather than the day it starts: a percent between 0 and
/// 100, an amount off that is not negative (it would raise the price), and
/// ids used once (two promotions with one id make "which applied" ambiguous).
fn check_promotions(promotions: &[Promotion]) -> Result<()> {
    for (i, p) in promotions.iter().enumerate() {
        match &p.discount {
            Discount::PercentOff { percent } => {
                if percent.is_sign_negative() || *percent > Decimal::ONE_HUNDRED {
                    return Err(Error::invalid_argument(
                        format!("promotions[{i}].percent"),
                        percent,
                        "must be between 0 and 100",
                    ));
                }
            }
            Discount::AmountOff { amount } => {
                if amount.amount().is_sign_negative() && !amount.amount().is_zero() {
                    return Err(Error::invalid_amount(
                        format!("promotions[{i}].amount"),
                        amount.amount().to_string(),
                        "an amount off must not be negative",
                    ));
                }
            }
        }
        if promotions[..i].iter().any(|q| q.id == p.id) {
            return Err(Error::invalid_argument(
                format!("promotions[{i}].id"),
                &p.id,
                "another promotion has this id",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use proptest::prelude::*;

    fn at(day: i64) -> Instant {
        Instant::from_unix_micros(1_795_000_000_000_000 + day * 86_400_000_000).unwrap()
    }

    fn usd(s: &str) -> Money {
        Money::parse(s, "USD").unwrap()
    }

    fn entry(channel: Option<&str>, price: &str, from: i64, to: Option<i64>) -> PriceEntry {
        PriceEntry {
            sku: Sku::new("RED-SHIRT-M").unwrap(),
            channel: channel.map(|c| ChannelId::new(c).unwrap()),
            price: usd(price),
            from: at(from),
            to: to.map(at),
        }
    }

    #[test]
    fn negative_amounts_off_and_duplicate_ids_are_refused() {
        let t = table();
        let sku = Sku::new("RED-SHIRT-M").unwrap();
        let web = ChannelId::new("web").unwrap();
        let promo = |id: &str, amount: &str| Promotion {
            id: id.into(),
            skus: vec![sku.clone()],
            channels: vec![],
            from: at(0),
            to: None,
            discount: Discount::AmountOff {
                amount: usd(amount),
            },
            stackable: true,
        };
        let quote = |promos: &[Promotion]| t.quote(&sku, &web, usd("0").currency(), at(12), promos);
        let err = quote(&[promo("p1", "-5.00")]).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidAmount);
        assert!(err.to_string().contains("promotions[0].amount"), "{err}");
        let err = quote(&[promo("p1", "1.00"), promo("p1", "2.00")]).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        assert!(err.to_string().contains("promotions[1].id"), "{err}");
        assert_eq!(quote(&[promo("p1", "1.00")]).unwrap().price, usd("21.00"));
    }

    fn table() -> PriceTable {
        let mut t = PriceTable::new();
        t.add(entry(None, "20.00", 0, Some(10))).unwrap();
        t.add(entry(None, "22.00", 10, None)).unwrap();
        t.add(entry(Some("web"), "18.00", 5, Some(8))).unwrap();
        t
    }

    #[test]
    fn specific_wins_inside_its_window() {
        let t = table();
        let sku = Sku::new("RED-SHIRT-M").unwrap();
        let (web, pos) = (
            ChannelId::new("web").unwrap(),
            ChannelId::new("pos").unwrap(),
        );
        let usd_c = Currency::from_code("USD").unwrap();
        assert_eq!(t.price_at(&sku, &web, usd_c, at(6)).unwrap(), usd("18.00"));
        assert_eq!(t.price_at(&sku, &pos, usd_c, at(6)).unwrap(), usd("20.00"));
        assert_eq!(
            t.price_at(&sku, &web, usd_c, at(8)).unwrap(),
            usd("20.00"),
            "the override ended"
        );
        assert_eq!(t.price_at(&sku, &web, usd_c, at(10)).unwrap(), usd("22.00"));
        let err = t.price_at(&sku, &web, usd_c, at(-1)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NoPrice);
        let eur = Currency::from_code("EUR").unwrap();
        assert_eq!(
            t.price_at(&sku, &web, eur, at(6)).unwrap_err().code(),
            ErrorCode::NoPrice
        );
    }

    #[test]
    fn overlapping_windows_are_refused_naming_both() {
        let mut t = table();
        let err = t.add(entry(None, "19.00", 9, Some(11))).unwrap_err();
        assert_eq!(err.code(), ErrorCode::PriceOverlap);
        assert!(err.to_string().contains("base"), "{err}");
        // Touching windows do not overlap: [0, 10) and [10, ∞).
        assert!(t.add(entry(Some("web"), "17.00", 8, Some(9))).is_ok());
        assert_eq!(
            t.add(entry(None, "1", 3, Some(3))).unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
    }

    #[test]
    fn best_single_promotion_wins_unless_stackable() {
        let t = table();
        let sku = Sku::new("RED-SHIRT-M").unwrap();
        let web = ChannelId::new("web").unwrap();
        let promo = |id: &str, discount: Discount, stackable: bool| Promotion {
            id: id.into(),
            skus: vec![sku.clone()],
            channels: vec![],
            from: at(0),
            to: None,
            discount,
            stackable,
        };
        let promos = [
            promo(
                "a-10pct",
                Discount::PercentOff {
                    percent: Decimal::from(10),
                },
                false,
            ),
            promo(
                "b-3off",
                Discount::AmountOff {
                    amount: usd("3.00"),
                },
                false,
            ),
            promo(
                "c-5pct",
                Discount::PercentOff {
                    percent: Decimal::from(5),
                },
                true,
            ),
        ];
        let usd_c = Currency::from_code("USD").unwrap();
        let q = t.quote(&sku, &web, usd_c, at(1), &promos).unwrap();
        // 20.00 − 3.00 (beats 10% = 2.00) = 17.00, then 5% stacked = 16.15.
        assert_eq!(q.promotions, ["b-3off", "c-5pct"]);
        assert_eq!(q.price, usd("16.15"));
        let huge = [promo("z", Discount::AmountOff { amount: usd("99") }, false)];
        assert_eq!(
            t.quote(&sku, &web, usd_c, at(1), &huge).unwrap().price,
            usd("0.00")
        );
    }

    proptest! {
        #[test]
        fn price_at_is_defined_inside_windows_and_nowhere_in_gaps(
            cuts in proptest::collection::btree_set(0i64..100, 2..8),
            probe in -5i64..105,
        ) {
            // Consecutive windows with a one-day gap after every other one.
            let cuts: Vec<i64> = cuts.into_iter().collect();
            let mut t = PriceTable::new();
            let mut covered = Vec::new();
            for (i, w) in cuts.windows(2).enumerate() {
                if i % 2 == 0 {
                    t.add(entry(None, "5", w[0], Some(w[1]))).unwrap();
                    covered.push((w[0], w[1]));
                }
            }
            let sku = Sku::new("RED-SHIRT-M").unwrap();
            let inside = covered.iter().any(|(a, b)| *a <= probe && probe < *b);
            let got = t.price_at(&sku, &ChannelId::new("web").unwrap(), Currency::from_code("USD").unwrap(), at(probe));
            prop_assert_eq!(got.is_ok(), inside);
        }
    }
}
