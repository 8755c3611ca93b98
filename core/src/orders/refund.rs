//! What a returned unit is worth: order discounts and shipping spread over
//! lines to the cent, so refunding every line returns exactly what was paid.

use super::order::{gross, Order};
use crate::error::{Error, Result};
use crate::money::Money;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How shipping is refunded when goods come back.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ShippingRefund {
    /// Shipping is never refunded.
    Never,
    /// Shipping is refunded, whole, with the return or cancellation that
    /// leaves the customer with nothing from the order (the usual rule).
    #[default]
    OnFullReturn,
    /// Shipping is spread over the lines like the order discount, and each
    /// returned unit refunds its share.
    Prorated,
}

/// The refund rules of an order book.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct RefundPolicy {
    /// How shipping is refunded.
    #[serde(default, rename = "shipping_refund")]
    pub shipping: ShippingRefund,
}

/// What each line of an order is worth to the customer, after its share of
/// the order discount (and of shipping, when prorated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineValues {
    /// Per line: its value in minor units, and its unit count.
    lines: Vec<(i128, i64)>,
    /// Shipping refunded on a full return (zero unless that is the rule).
    pub(crate) shipping_on_full_return: Decimal,
    scale: Decimal,
}

impl LineValues {
    /// Spreads the order discount (and shipping when prorated) over lines by
    /// their value after line discounts, largest remainder to the cent.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "amounts within the order's total and units within its ordered units, both checked by Order::validate before a book takes the order"
    )]
    pub(crate) fn new(order: &Order, policy: RefundPolicy) -> Result<LineValues> {
        let currency = order.currency;
        let nets = order
            .lines
            .iter()
            .map(|l| Ok(gross(l)? - l.discount))
            .collect::<Result<Vec<Decimal>>>()?;
        // Free lines still carry a share of prorated shipping: weigh by units then.
        let weights: Vec<Decimal> = if order.order_discount.is_zero() && order.shipping.is_zero() {
            Vec::new()
        } else if nets.iter().any(|n| !n.is_zero()) {
            nets.clone()
        } else {
            order
                .lines
                .iter()
                .map(|l| Decimal::from(l.quantity))
                .collect()
        };
        let spread = |total: Decimal| -> Result<Vec<Decimal>> {
            if total.is_zero() {
                return Ok(Vec::new());
            }
            Ok(Money::new(total, currency)
                .allocate(&weights)?
                .iter()
                .map(Money::amount)
                .collect())
        };
        let discounts = spread(order.order_discount)?;
        let shipping = match policy.shipping {
            ShippingRefund::Prorated => spread(order.shipping)?,
            _ => Vec::new(),
        };
        // An empty spread is a zero share for every line (the common case: no allocation).
        let share = |spread: &[Decimal], i: usize| spread.get(i).copied().unwrap_or_default();
        let scale = Decimal::from(10u64.pow(currency.minor_units()));
        let lines = order
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let value = nets[i] + l.tax - share(&discounts, i) + share(&shipping, i);
                let minor = minor_units(value, scale).ok_or_else(|| {
                    Error::invalid_amount(
                        format!("lines[{i}]"),
                        value.to_string(),
                        "is not in the currency's minor units",
                    )
                })?;
                Ok((minor, l.quantity))
            })
            .collect::<Result<_>>()?;
        Ok(LineValues {
            lines,
            shipping_on_full_return: match policy.shipping {
                ShippingRefund::OnFullReturn => order.shipping,
                _ => Decimal::ZERO,
            },
            scale,
        })
    }

    /// The value of units `from .. from + count` of line `line`. A line's
    /// value is split over its units by largest remainder (the first units
    /// carry the odd cents), so the units of a line always sum to the line.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "amounts within the order's total and units within its ordered units, both checked by Order::validate before a book takes the order"
    )]
    pub(crate) fn units(&self, line: usize, from: i64, count: i64) -> Decimal {
        let (value, quantity) = self.lines[line];
        let q = i128::from(quantity);
        let base = value / q;
        let odd = value - base * q;
        let (from, to) = (i128::from(from), i128::from(from + count));
        let extra = to.min(odd) - from.min(odd);
        Decimal::from_i128_with_scale(base * (to - from) + extra, 0) / self.scale
    }
}

/// `value` in minor units (exact: amounts are validated to be in them).
#[allow(
    clippy::arithmetic_side_effects,
    reason = "amounts within the order's total and units within its ordered units, both checked by Order::validate before a book takes the order"
)]
fn minor_units(value: Decimal, scale: Decimal) -> Option<i128> {
    let scaled = (value * scale).normalize();
    (scaled.scale() == 0).then(|| scaled.mantissa())
}
