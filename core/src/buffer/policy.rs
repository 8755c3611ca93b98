//! Buffer policies and the quantity published to a channel.

use super::recommend_buffer;
use crate::error::{Error, Result};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How many units to hold back from what a channel is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BufferPolicy {
    /// Always hold back `units`.
    Fixed {
        /// Units held back.
        units: u64,
    },
    /// Hold back `percent` % of what is available, rounded up (a buffer
    /// protects, so a fraction of a unit counts as a unit), then clamped to
    /// `[min_units, max_units]`.
    Percent {
        /// Share of available stock, 0–100, exact.
        #[schemars(with = "crate::wire_types::DecimalText")]
        #[serde(with = "rust_decimal::serde::str")]
        percent: Decimal,
        /// Floor on the buffer.
        #[serde(default)]
        min_units: u64,
        /// Ceiling on the buffer; none means no ceiling.
        #[serde(default)]
        max_units: Option<u64>,
    },
    /// Hold back what the sell-through velocity needs over the exposure
    /// window at the service level ([`recommend_buffer`]).
    Velocity {
        /// Units sold per hour.
        velocity_per_hour: f64,
        /// Sync interval + latency, in hours.
        exposure_hours: f64,
        /// Target P(no oversell), in (0, 1).
        service_level: f64,
    },
}

impl BufferPolicy {
    /// Checks the policy's own parameters.
    pub fn validate(&self) -> Result<()> {
        match self {
            BufferPolicy::Fixed { .. } => Ok(()),
            BufferPolicy::Percent {
                percent,
                min_units,
                max_units,
            } => {
                if percent.is_sign_negative() && !percent.is_zero()
                    || *percent > Decimal::ONE_HUNDRED
                {
                    return Err(Error::invalid_argument(
                        "percent",
                        percent,
                        "must be between 0 and 100",
                    ));
                }
                if let Some(max) = max_units {
                    if max < min_units {
                        return Err(Error::invalid_argument(
                            "max_units",
                            max,
                            format!("must be at least min_units ({min_units})"),
                        ));
                    }
                }
                Ok(())
            }
            BufferPolicy::Velocity {
                velocity_per_hour,
                exposure_hours,
                service_level,
            } => recommend_buffer(*velocity_per_hour, *exposure_hours, *service_level).map(|_| ()),
        }
    }

    /// The buffer, in units, for a location with `available` units (on hand − reserved).
    pub fn buffer_units(&self, available: i64) -> Result<u64> {
        self.validate()?;
        match self {
            BufferPolicy::Fixed { units } => Ok(*units),
            BufferPolicy::Percent {
                percent,
                min_units,
                max_units,
            } => {
                let base = Decimal::from(available.max(0));
                let share = base
                    .checked_mul(*percent)
                    .and_then(|p| p.checked_div(Decimal::ONE_HUNDRED))
                    .ok_or_else(|| Error::overflow("percent of available"))?
                    .ceil();
                let units = share.to_u64().unwrap_or(u64::MAX);
                Ok(units.max(*min_units).min(max_units.unwrap_or(u64::MAX)))
            }
            BufferPolicy::Velocity {
                velocity_per_hour,
                exposure_hours,
                service_level,
            } => recommend_buffer(*velocity_per_hour, *exposure_hours, *service_level),
        }
    }
}

/// What a channel may be shown: max(0, on_hand − reserved − buffer).
///
/// `on_hand` may be negative (counter sales are facts even when the system
/// did not know the goods were there); `reserved` may not.
///
/// ```
/// use seamline::{published_quantity, BufferPolicy};
/// let shown = published_quantity(10, 0, &BufferPolicy::Fixed { units: 3 }).unwrap();
/// assert_eq!(shown, 7);
/// ```
pub fn published_quantity(on_hand: i64, reserved: i64, policy: &BufferPolicy) -> Result<u64> {
    if reserved < 0 {
        return Err(Error::invalid_quantity(
            "reserved",
            reserved,
            "must not be negative",
        ));
    }
    let available = on_hand
        .checked_sub(reserved)
        .ok_or_else(|| Error::overflow("on_hand − reserved"))?;
    let buffer = policy.buffer_units(available)?;
    let buffer = i64::try_from(buffer).unwrap_or(i64::MAX);
    Ok(available.saturating_sub(buffer).max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use proptest::prelude::*;

    fn percent(p: &str, min: u64, max: Option<u64>) -> BufferPolicy {
        BufferPolicy::Percent {
            percent: p.parse().unwrap(),
            min_units: min,
            max_units: max,
        }
    }

    #[test]
    fn fixed_buffer() {
        assert_eq!(
            published_quantity(10, 0, &BufferPolicy::Fixed { units: 3 }).unwrap(),
            7
        );
        assert_eq!(
            published_quantity(10, 8, &BufferPolicy::Fixed { units: 3 }).unwrap(),
            0
        );
        assert_eq!(
            published_quantity(-2, 0, &BufferPolicy::Fixed { units: 0 }).unwrap(),
            0
        );
    }

    #[test]
    fn percent_buffer_rounds_up_and_clamps() {
        // 10% of 30 is exactly 3: no float drift to 4.
        assert_eq!(
            published_quantity(30, 0, &percent("10", 0, None)).unwrap(),
            27
        );
        // 10% of 31 is 3.1, held back as 4.
        assert_eq!(
            published_quantity(31, 0, &percent("10", 0, None)).unwrap(),
            27
        );
        assert_eq!(
            published_quantity(5, 0, &percent("10", 2, None)).unwrap(),
            3
        );
        assert_eq!(
            published_quantity(1000, 0, &percent("10", 0, Some(20))).unwrap(),
            980
        );
    }

    #[test]
    fn velocity_buffer_uses_the_guide_numbers() {
        let policy = BufferPolicy::Velocity {
            velocity_per_hour: 24.0,
            exposure_hours: 0.25,
            service_level: 0.95,
        };
        assert_eq!(published_quantity(10, 0, &policy).unwrap(), 0);
        assert_eq!(published_quantity(25, 3, &policy).unwrap(), 12);
    }

    #[test]
    fn invalid_policies_and_quantities() {
        let code = |r: Result<u64>| r.unwrap_err().code();
        assert_eq!(
            code(published_quantity(1, -1, &BufferPolicy::Fixed { units: 0 })),
            ErrorCode::InvalidQuantity
        );
        assert_eq!(
            code(published_quantity(1, 0, &percent("101", 0, None))),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(published_quantity(1, 0, &percent("-1", 0, None))),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(published_quantity(1, 0, &percent("5", 3, Some(2)))),
            ErrorCode::InvalidArgument
        );
        let bad_velocity = BufferPolicy::Velocity {
            velocity_per_hour: 1.0,
            exposure_hours: 1.0,
            service_level: 2.0,
        };
        assert_eq!(
            code(published_quantity(1, 0, &bad_velocity)),
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            code(published_quantity(
                i64::MIN,
                1,
                &BufferPolicy::Fixed { units: 0 }
            )),
            ErrorCode::ArithmeticOverflow
        );
    }

    #[test]
    fn serde_is_tagged_by_kind() {
        let p = percent("12.5", 1, Some(9));
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"percent","percent":"12.5","min_units":1,"max_units":9}"#
        );
        assert_eq!(serde_json::from_str::<BufferPolicy>(&json).unwrap(), p);
    }

    proptest! {
        #[test]
        fn published_never_exceeds_available(on_hand in -1000i64..100_000, reserved in 0i64..1000, units in 0u64..500, pct in 0u32..=100) {
            let available = (on_hand - reserved).max(0) as u64;
            for policy in [BufferPolicy::Fixed { units }, percent(&pct.to_string(), 0, None)] {
                let shown = published_quantity(on_hand, reserved, &policy).unwrap();
                prop_assert!(shown <= available);
            }
        }
    }
}
