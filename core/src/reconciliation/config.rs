//! How a tie-out is run: the as-of instant, the windows, the fee schedule,
//! the severity thresholds and the matches a person confirmed.

use super::input::PaymentMethod;
use crate::currency::Currency;
use crate::error::{Error, Result};
use crate::ids::{ChannelId, ProcessorId, RecordId};
use crate::instant::Instant;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// What a processor charges for one transaction: `percent` of the gross
/// plus `fixed`, rounded half-up to the currency's minor unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeeRule {
    /// The processor, lower case.
    pub processor: ProcessorId,
    /// Only for this channel (more specific than any channel).
    #[serde(default)]
    pub channel: Option<ChannelId>,
    /// Only for this tender (more specific than any tender).
    #[serde(default)]
    pub method: Option<PaymentMethod>,
    /// Percent of the gross (`"2.9"` is 2.9 %).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub percent: Decimal,
    /// Fixed amount per transaction, in the transaction's currency.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(default, with = "crate::money::amount_text")]
    pub fixed: Decimal,
}

impl FeeRule {
    /// The fee on `gross`, rounded half-up to `currency`'s minor unit. Under
    /// a validated [`Config`] (percent ≤ 100, fixed below
    /// [`MAX_AMOUNT`](crate::reconciliation::MAX_AMOUNT)) and a tie-out's amounts it
    /// is exact; a fee beyond a decimal's range comes out as the largest
    /// decimal rather than a panic.
    pub fn fee(&self, gross: Decimal, currency: Currency) -> Decimal {
        let Some(mut share) = gross.abs().checked_mul(self.percent) else {
            return Decimal::MAX;
        };
        // Percent to a fraction by moving the decimal point: exact, and far
        // cheaper than a decimal division (one per charge in a day's tie-out).
        if share.set_scale(share.scale().saturating_add(2)).is_err() {
            share = share
                .checked_div(Decimal::ONE_HUNDRED)
                .unwrap_or(Decimal::MAX);
        }
        share
            .checked_add(self.fixed)
            .unwrap_or(Decimal::MAX)
            .round_dp_with_strategy(
                currency.minor_units(),
                RoundingStrategy::MidpointAwayFromZero,
            )
    }

    /// 3 for processor + channel + method, down to 0 for processor alone.
    fn specificity(&self) -> u8 {
        u8::from(self.channel.is_some()).saturating_mul(2) | u8::from(self.method.is_some())
    }
}

/// Amount-at-risk and age from which an exception has a severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// At or above this amount at risk (in the exception's currency).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub amount: Decimal,
    /// Or open at least this many days.
    pub age_days: u32,
}

/// Severity thresholds: high is checked first, then medium; otherwise low
/// (or the reason's own floor, whichever is higher).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeverityThresholds {
    /// High at ≥ 1,000 or ≥ 3 days by default.
    pub high: Threshold,
    /// Medium at ≥ 100 or ≥ 1 day by default.
    pub medium: Threshold,
}

impl Default for SeverityThresholds {
    fn default() -> Self {
        SeverityThresholds {
            high: Threshold {
                amount: Decimal::from(1000),
                age_days: 3,
            },
            medium: Threshold {
                amount: Decimal::from(100),
                age_days: 1,
            },
        }
    }
}

/// A suggested match a person confirmed: from now on it counts as matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmedMatch {
    /// The settlement line.
    pub settlement_id: RecordId,
    /// The order of the payment or refund.
    pub order_id: String,
    /// The payment (for a charge) or refund (for a refund settlement).
    pub record_id: RecordId,
}

fn default_window() -> u32 {
    3
}

fn default_grace() -> u32 {
    1
}

fn default_capture() -> u32 {
    14
}

fn default_tolerance() -> Decimal {
    Decimal::new(1, 2)
}

/// Configuration of one tie-out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ReconConfig")]
pub struct Config {
    /// The instant the tie-out is run as of: windows and ages count to it,
    /// and rows stamped after it wait for a later run.
    pub as_of: Instant,
    /// Days a processor may take to settle a payment or refund (3).
    #[serde(default = "default_window")]
    pub settlement_window_days: u32,
    /// Days a restocked return may wait for its refund, or a refund for its
    /// restock, before it is a leak (1: a refund the next morning is normal).
    #[serde(default = "default_grace")]
    pub credit_grace_days: u32,
    /// Days an open order may wait to be captured in full after it was
    /// placed (14: a pick-up order is commonly held a week or two) before
    /// what is still uncaptured is a `PAYMENT_TOTAL_MISMATCH`.
    #[serde(default = "default_capture")]
    pub capture_window_days: u32,
    /// Expected fees; a processor with no rule has its fees summed, not checked.
    #[serde(default)]
    pub fee_schedule: Vec<FeeRule>,
    /// How far a fee may be from the expected one without flagging (0.01);
    /// a difference equal to it does not flag.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(default = "default_tolerance", with = "crate::money::amount_text")]
    pub fee_tolerance: Decimal,
    /// Severity thresholds.
    #[serde(default)]
    pub severity: SeverityThresholds,
    /// Suggested matches a person confirmed.
    #[serde(default)]
    pub confirmed_matches: Vec<ConfirmedMatch>,
    /// What to do with input columns and record keys the tables do not
    /// declare: refuse them (the default: a misspelt column would read as
    /// missing) or ignore them.
    #[serde(default)]
    pub extra_columns: crate::input::Extras,
}

impl Config {
    /// A configuration with every default, as of `as_of`.
    pub fn new(as_of: Instant) -> Self {
        Config {
            as_of,
            settlement_window_days: default_window(),
            credit_grace_days: default_grace(),
            capture_window_days: default_capture(),
            fee_schedule: Vec::new(),
            fee_tolerance: default_tolerance(),
            severity: SeverityThresholds::default(),
            confirmed_matches: Vec::new(),
            extra_columns: crate::input::Extras::Refuse,
        }
    }

    /// Checks the configuration: no negative amounts, one rule per
    /// processor/channel/method, high thresholds at or above medium ones.
    pub fn validate(&self) -> Result<()> {
        let bad = |field: String, reason: &str| Error::InvalidConfiguration {
            field,
            reason: reason.into(),
        };
        if self.fee_tolerance < Decimal::ZERO {
            return Err(bad("fee_tolerance".into(), "must not be negative"));
        }
        let max = super::tieout::MAX_AMOUNT;
        let too_large = [
            self.fee_tolerance,
            self.severity.high.amount,
            self.severity.medium.amount,
        ]
        .into_iter()
        .chain(self.fee_schedule.iter().map(|r| r.fixed))
        .any(|a| a.abs() >= max);
        if too_large {
            return Err(bad(
                "amounts".into(),
                "a tolerance, threshold or fixed fee must be below 10^18",
            ));
        }
        for (i, rule) in self.fee_schedule.iter().enumerate() {
            if rule.percent < Decimal::ZERO || rule.fixed < Decimal::ZERO {
                return Err(bad(
                    format!("fee_schedule[{i}]"),
                    "percent and fixed must not be negative",
                ));
            }
            if rule.percent > Decimal::ONE_HUNDRED {
                return Err(bad(
                    format!("fee_schedule[{i}]"),
                    "percent must be at most 100",
                ));
            }
            let same = |r: &FeeRule| {
                r.processor
                    .as_str()
                    .eq_ignore_ascii_case(rule.processor.as_str())
                    && r.channel == rule.channel
                    && r.method == rule.method
            };
            if self.fee_schedule[..i].iter().any(same) {
                return Err(bad(
                    format!("fee_schedule[{i}]"),
                    "a second rule for the same processor, channel and method",
                ));
            }
        }
        let s = &self.severity;
        if s.high.amount < Decimal::ZERO || s.medium.amount < Decimal::ZERO {
            return Err(bad("severity".into(), "amounts must not be negative"));
        }
        if s.high.amount < s.medium.amount || s.high.age_days < s.medium.age_days {
            return Err(bad(
                "severity".into(),
                "high thresholds must be at or above medium ones",
            ));
        }
        Ok(())
    }

    /// The most specific fee rule for a transaction, if any.
    pub fn fee_rule(
        &self,
        processor: &str,
        channel: Option<&ChannelId>,
        method: Option<PaymentMethod>,
    ) -> Option<&FeeRule> {
        self.fee_schedule
            .iter()
            .filter(|r| {
                r.processor.as_str().eq_ignore_ascii_case(processor)
                    && r.channel.as_ref().is_none_or(|c| Some(c) == channel)
                    && r.method.is_none_or(|m| Some(m) == method)
            })
            .max_by_key(|r| r.specificity())
    }
}
