//! Price-mismatch detection: what a channel shows against the price table.

use super::prices::PriceTable;
use super::sku_map::SkuMap;
use crate::error::{Error, Result};
use crate::ids::ChannelId;
use crate::instant::Instant;
use crate::money::{Money, RoundingMode};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A price as a channel's catalogue showed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ObservedPrice {
    /// The channel's id for the item.
    pub external_id: String,
    /// The price shown.
    pub price: Money,
    /// When it was seen.
    pub observed_at: Instant,
}

/// How a channel shows prices, and how much lag is normal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MismatchRules {
    /// The channel.
    pub channel: ChannelId,
    /// The channel shows prices with tax included (the table holds them without).
    #[serde(default)]
    pub tax_inclusive: bool,
    /// The tax rate in percent, used when `tax_inclusive`.
    #[schemars(with = "crate::wire_types::DecimalText")]
    #[serde(default, with = "rust_decimal::serde::str")]
    pub tax_rate_percent: Decimal,
    /// How the channel rounds a computed price to the minor unit (default half up).
    #[serde(default)]
    pub rounding: RoundingMode,
    /// A price change this recent may not have reached the channel yet (the sync interval).
    #[serde(default)]
    pub grace_seconds: i64,
}

/// A shown price that differs from the authoritative one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PriceMismatch {
    /// The channel's id.
    pub external_id: String,
    /// What the table says it should show.
    pub expected: Money,
    /// What it showed.
    pub observed: Money,
    /// observed − expected.
    pub difference: Money,
}

/// The price to push to a channel to fix a mismatch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PriceCorrection {
    /// The channel's id.
    pub external_id: String,
    /// The price to show.
    pub price: Money,
}

/// Everything the snapshot showed, accounted for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MismatchReport {
    /// Prices that match.
    pub matched: usize,
    /// Prices that differ.
    pub mismatches: Vec<PriceMismatch>,
    /// The corrections to push, one per mismatch.
    pub corrections: Vec<PriceCorrection>,
    /// Prices that still show the price in force before a change inside the grace period.
    pub within_grace: Vec<String>,
    /// Ids the SKU map does not know (reported, not skipped).
    pub unmapped: Vec<String>,
    /// Mapped ids with no authoritative price then (or an invalid id), with the error code.
    pub unpriced: Vec<(String, String)>,
}

fn expected(
    map: &SkuMap,
    table: &PriceTable,
    rules: &MismatchRules,
    id: &str,
    currency: crate::Currency,
    at: Instant,
) -> Result<Money> {
    let mut total = Decimal::ZERO;
    // A multipack or bundle is priced as the sum of its components.
    for c in map.target(&rules.channel, id)? {
        let unit = table.price_at(&c.sku, &rules.channel, currency, at)?;
        total = Decimal::from(c.quantity)
            .checked_mul(unit.amount())
            .and_then(|line| total.checked_add(line))
            .ok_or_else(|| Error::overflow("bundle price"))?;
    }
    if rules.tax_inclusive {
        total = total
            .checked_mul(rules.tax_rate_percent)
            .and_then(|tax| tax.checked_div(Decimal::ONE_HUNDRED))
            .and_then(|tax| total.checked_add(tax))
            .ok_or_else(|| Error::overflow("price with tax"))?;
    }
    Ok(Money::new(total, currency).round(rules.rounding))
}

/// Compares a channel's observed catalogue with the price table (through
/// the SKU map) and lists mismatches with the corrections to push. A price
/// that still equals the one in force `grace_seconds` before it was
/// observed is within grace, not a mismatch; every row lands in exactly one
/// list (or the matched count).
pub fn price_mismatches(
    map: &SkuMap,
    table: &PriceTable,
    rules: &MismatchRules,
    observed: &[ObservedPrice],
) -> Result<MismatchReport> {
    if rules.grace_seconds < 0 {
        return Err(Error::invalid_argument(
            "grace_seconds",
            rules.grace_seconds,
            "must not be negative",
        ));
    }
    if rules.tax_rate_percent.is_sign_negative() {
        return Err(Error::invalid_argument(
            "tax_rate_percent",
            rules.tax_rate_percent,
            "must not be negative",
        ));
    }
    let mut report = MismatchReport::default();
    for o in observed {
        let currency = o.price.currency();
        let want = match expected(map, table, rules, &o.external_id, currency, o.observed_at) {
            Ok(m) => m,
            Err(Error::UnmappedId { .. }) => {
                report.unmapped.push(o.external_id.clone());
                continue;
            }
            Err(e) => {
                report
                    .unpriced
                    .push((o.external_id.clone(), e.code().as_str().to_string()));
                continue;
            }
        };
        if want.amount() == o.price.amount() {
            // At most one per observation given.
            report.matched = report.matched.saturating_add(1);
            continue;
        }
        let before = Instant::from_unix_micros(
            rules
                .grace_seconds
                .checked_mul(1_000_000)
                .and_then(|grace| o.observed_at.unix_micros().checked_sub(grace))
                .ok_or_else(|| Error::overflow("observed_at − grace_seconds"))?,
        )?;
        let previous = expected(map, table, rules, &o.external_id, currency, before).ok();
        if rules.grace_seconds > 0 && previous.is_some_and(|p| p.amount() == o.price.amount()) {
            report.within_grace.push(o.external_id.clone());
            continue;
        }
        report.mismatches.push(PriceMismatch {
            external_id: o.external_id.clone(),
            expected: want,
            observed: o.price,
            difference: o.price.checked_sub(&want)?,
        });
        report.corrections.push(PriceCorrection {
            external_id: o.external_id.clone(),
            price: want,
        });
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{ComponentRow, MappingRow, PriceEntry};
    use crate::Sku;

    fn at(minute: i64) -> Instant {
        Instant::from_unix_micros(1_795_000_000_000_000 + minute * 60_000_000).unwrap()
    }

    fn usd(s: &str) -> Money {
        Money::parse(s, "USD").unwrap()
    }

    fn setup() -> (SkuMap, PriceTable) {
        let mut map = SkuMap::new();
        let row = |id: &str, sku: &str, q: u32| MappingRow {
            channel: "web".into(),
            external_id: id.into(),
            components: vec![ComponentRow {
                sku: sku.into(),
                quantity: q,
            }],
            channel_sku: None,
        };
        map.import(
            &[
                row("RED-SHIRT-M", "RED-SHIRT-M", 1),
                row("SODA-6PK", "SODA-CAN", 6),
                row("MUG", "MUG", 1),
            ],
            false,
        );
        let mut table = PriceTable::new();
        let entry = |sku: &str, price: &str, from: i64, to: Option<i64>| PriceEntry {
            sku: Sku::new(sku).unwrap(),
            channel: None,
            price: usd(price),
            from: at(from),
            to: to.map(at),
        };
        table
            .add(entry("RED-SHIRT-M", "20.00", 0, Some(60)))
            .unwrap();
        table.add(entry("RED-SHIRT-M", "18.00", 60, None)).unwrap();
        table.add(entry("SODA-CAN", "0.50", 0, None)).unwrap();
        (map, table)
    }

    fn rules(grace: i64, tax: bool) -> MismatchRules {
        MismatchRules {
            channel: ChannelId::new("web").unwrap(),
            tax_inclusive: tax,
            tax_rate_percent: Decimal::from(8),
            rounding: RoundingMode::HalfUp,
            grace_seconds: grace,
        }
    }

    fn seen(id: &str, price: &str, minute: i64) -> ObservedPrice {
        ObservedPrice {
            external_id: id.into(),
            price: usd(price),
            observed_at: at(minute),
        }
    }

    #[test]
    fn mismatches_come_with_corrections_and_nothing_is_skipped() {
        let (map, table) = setup();
        let observed = [
            seen("RED-SHIRT-M", "20.00", 30),
            seen("SODA-6PK", "2.99", 30),
            seen("NOPE", "1.00", 30),
            seen("MUG", "5.00", 30),
        ];
        let r = price_mismatches(&map, &table, &rules(0, false), &observed).unwrap();
        assert_eq!(r.matched, 1);
        assert_eq!(r.mismatches.len(), 1);
        assert_eq!(r.mismatches[0].expected, usd("3.00"));
        assert_eq!(r.mismatches[0].difference, usd("-0.01"));
        assert_eq!(r.corrections[0].price, usd("3.00"));
        assert_eq!(r.unmapped, ["NOPE"]);
        assert_eq!(r.unpriced, [("MUG".to_string(), "NO_PRICE".to_string())]);
    }

    #[test]
    fn a_known_lag_is_not_a_mismatch() {
        let (map, table) = setup();
        // Ten minutes after the price fell to 18.00 the channel still shows 20.00.
        let lagging = [seen("RED-SHIRT-M", "20.00", 70)];
        assert_eq!(
            price_mismatches(&map, &table, &rules(15 * 60, false), &lagging)
                .unwrap()
                .within_grace,
            ["RED-SHIRT-M"]
        );
        assert_eq!(
            price_mismatches(&map, &table, &rules(5 * 60, false), &lagging)
                .unwrap()
                .mismatches
                .len(),
            1
        );
    }

    #[test]
    fn tax_inclusive_channels_compare_after_tax_and_rounding() {
        let (map, table) = setup();
        let shown = [
            seen("RED-SHIRT-M", "21.60", 30),
            seen("SODA-6PK", "3.24", 30),
        ];
        let r = price_mismatches(&map, &table, &rules(0, true), &shown).unwrap();
        assert_eq!((r.matched, r.mismatches.len()), (2, 0));
    }

    #[test]
    fn rules_left_out_take_cores_defaults() {
        let rules: MismatchRules =
            crate::input::from_value(serde_json::json!({"channel": "web"}), "rules").unwrap();
        assert_eq!(rules.rounding, RoundingMode::HalfUp);
        assert!(!rules.tax_inclusive);
        assert_eq!(
            (rules.tax_rate_percent, rules.grace_seconds),
            (Decimal::ZERO, 0)
        );
    }
}
