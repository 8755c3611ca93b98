//! Whole units of stock.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A signed whole number of units. Stock can go negative (a counter sale of
/// goods the system did not know were there), so the sign is meaningful.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(transparent)]
pub struct Quantity(i64);

impl Quantity {
    /// Zero units.
    pub const ZERO: Quantity = Quantity(0);

    /// A quantity of `units`.
    pub const fn new(units: i64) -> Self {
        Quantity(units)
    }

    /// A quantity that must not be negative; `INVALID_QUANTITY` naming `field` otherwise.
    pub fn non_negative(field: &str, units: i64) -> Result<Self> {
        if units < 0 {
            Err(Error::invalid_quantity(
                field,
                units,
                "must not be negative",
            ))
        } else {
            Ok(Quantity(units))
        }
    }

    /// The number of units.
    pub const fn units(self) -> i64 {
        self.0
    }

    /// `self + other`, or `ARITHMETIC_OVERFLOW`.
    pub fn checked_add(self, other: Quantity) -> Result<Quantity> {
        self.0
            .checked_add(other.0)
            .map(Quantity)
            .ok_or_else(|| Error::overflow("quantity add"))
    }

    /// `self − other`, or `ARITHMETIC_OVERFLOW`.
    pub fn checked_sub(self, other: Quantity) -> Result<Quantity> {
        self.0
            .checked_sub(other.0)
            .map(Quantity)
            .ok_or_else(|| Error::overflow("quantity subtract"))
    }

    /// `max(0, self)`: what can still be sold of a possibly negative balance.
    pub fn clamp_non_negative(self) -> Quantity {
        Quantity(self.0.max(0))
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_is_checked() {
        assert_eq!(
            Quantity::new(3).checked_sub(Quantity::new(5)).unwrap(),
            Quantity::new(-2)
        );
        assert!(Quantity::new(i64::MAX)
            .checked_add(Quantity::new(1))
            .is_err());
        assert!(Quantity::new(i64::MIN)
            .checked_sub(Quantity::new(1))
            .is_err());
    }

    #[test]
    fn non_negative_names_the_field() {
        let err = Quantity::non_negative("reserved", -1).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::InvalidQuantity);
        assert!(err.to_string().contains("reserved"));
        assert_eq!(Quantity::new(-4).clamp_non_negative(), Quantity::ZERO);
    }
}
