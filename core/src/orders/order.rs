//! An order as a channel places it: lines, money, how it is fulfilled.

use crate::currency::Currency;
use crate::error::{Error, Result};
use crate::ids::{ChannelId, CustomerId, LocationId, OrderId, Sku};
use crate::money::Money;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How the goods reach the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Fulfilment {
    /// A counter sale: the customer leaves with the goods (an immediate sale).
    CarryOut,
    /// Shipped from one or more nodes.
    Ship,
    /// Bought online, picked up in store (the order's location).
    Pickup,
}

/// One line of an order. Amounts are in the order's currency, as decimal
/// text on the wire, and must already be in its minor units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OrderLine {
    /// The line's id, unique within the order.
    pub line_id: String,
    /// The canonical SKU.
    pub sku: Sku,
    /// Units ordered (> 0).
    pub quantity: i64,
    /// Price of one unit.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub unit_price: Decimal,
    /// Discount on the whole line (≥ 0, ≤ price × quantity).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(default, with = "crate::money::amount_text")]
    pub discount: Decimal,
    /// Tax charged on the line (≥ 0).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(default, with = "crate::money::amount_text")]
    pub tax: Decimal,
}

/// An order from any channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Order {
    /// The order.
    pub order_id: OrderId,
    /// The channel that took it.
    pub channel: ChannelId,
    /// The store for a counter sale or a pickup; the planned node for a
    /// shipped order (optional: an allocation can name nodes later).
    #[serde(default)]
    pub location: Option<LocationId>,
    /// The order's currency; every amount is in it.
    pub currency: Currency,
    /// The lines.
    pub lines: Vec<OrderLine>,
    /// Discount on the whole order (≥ 0), spread over lines to refund it fairly.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(default, with = "crate::money::amount_text")]
    pub order_discount: Decimal,
    /// Shipping charged (≥ 0).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(default, with = "crate::money::amount_text")]
    pub shipping: Decimal,
    /// The customer, when known.
    #[serde(default)]
    pub customer: Option<CustomerId>,
    /// How it is fulfilled.
    pub fulfilment: Fulfilment,
}

impl Order {
    /// Checks the order's shape and money: ids unique, quantities positive,
    /// amounts non-negative and in the currency's minor units, discounts no
    /// larger than what they discount, a location where one is needed.
    pub fn validate(&self) -> Result<()> {
        if self.lines.is_empty() {
            return Err(Error::invalid_argument(
                "lines",
                "[]",
                "an order needs at least one line",
            ));
        }
        if self.fulfilment != Fulfilment::Ship && self.location.is_none() {
            return Err(Error::invalid_argument(
                "location",
                "none",
                "a counter sale or pickup order needs its store",
            ));
        }
        let mut net = Decimal::ZERO;
        let mut units = 0i64;
        for (i, line) in self.lines.iter().enumerate() {
            if line.line_id.trim().is_empty() {
                return Err(Error::InvalidId {
                    field: format!("lines[{i}].line_id"),
                    value: line.line_id.clone(),
                    reason: "must not be empty".into(),
                });
            }
            if self.lines[..i].iter().any(|l| l.line_id == line.line_id) {
                return Err(Error::invalid_argument(
                    format!("lines[{i}].line_id"),
                    format!("{:?}", line.line_id),
                    "used by another line of the order",
                ));
            }
            if line.quantity <= 0 {
                return Err(Error::invalid_quantity(
                    format!("lines[{i}].quantity"),
                    line.quantity,
                    "must be at least 1",
                ));
            }
            for (name, value) in [
                ("unit_price", line.unit_price),
                ("discount", line.discount),
                ("tax", line.tax),
            ] {
                self.amount(|| format!("lines[{i}].{name}"), value)?;
            }
            let gross = gross(line)?;
            if line.discount > gross {
                return Err(Error::invalid_amount(
                    format!("lines[{i}].discount"),
                    line.discount.to_string(),
                    format!("exceeds the line's {gross}"),
                ));
            }
            net = gross
                .checked_sub(line.discount)
                .and_then(|n| net.checked_add(n))
                .ok_or_else(|| Error::overflow("order lines' total"))?;
            // Every unit counter the order book keeps stays within this sum.
            units = units
                .checked_add(line.quantity)
                .ok_or_else(|| Error::overflow("units ordered"))?;
        }
        self.amount(|| "order_discount".into(), self.order_discount)?;
        self.amount(|| "shipping".into(), self.shipping)?;
        if self.order_discount > net {
            return Err(Error::invalid_amount(
                "order_discount",
                self.order_discount.to_string(),
                format!("exceeds the lines' {net} after their discounts"),
            ));
        }
        // Every sum the order book and its refunds make is bounded by the total.
        self.total().map(|_| ())
    }

    /// Non-negative and in minor units; the field's name is only built for the error.
    fn amount(&self, field: impl FnOnce() -> String, value: Decimal) -> Result<()> {
        if value.is_sign_negative() && !value.is_zero() {
            return Err(Error::invalid_amount(
                field(),
                value.to_string(),
                "must not be negative",
            ));
        }
        if !Money::new(value, self.currency).is_in_minor_units() {
            return Err(Error::invalid_amount(
                field(),
                value.to_string(),
                format!(
                    "has more decimals than {}'s {} minor units",
                    self.currency,
                    self.currency.minor_units()
                ),
            ));
        }
        Ok(())
    }

    /// What the customer pays: lines after their discounts, plus tax, minus
    /// the order discount, plus shipping.
    pub fn total(&self) -> Result<Money> {
        let overflow = || Error::overflow("order total");
        let mut total = self
            .shipping
            .checked_sub(self.order_discount)
            .ok_or_else(overflow)?;
        for line in &self.lines {
            total = gross(line)?
                .checked_sub(line.discount)
                .and_then(|l| l.checked_add(line.tax))
                .and_then(|l| total.checked_add(l))
                .ok_or_else(overflow)?;
        }
        Ok(Money::new(total, self.currency))
    }
}

/// Price × quantity, checked.
pub(crate) fn gross(line: &OrderLine) -> Result<Decimal> {
    line.unit_price
        .checked_mul(Decimal::from(line.quantity))
        .ok_or_else(|| Error::overflow("line total"))
}
