//! The tie-out summary a person reads first: money per currency, exact to
//! the cent, and where every input row landed.

use super::exception::ReasonCode;
use crate::currency::Currency;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Money per currency. Processor payments tie out as
/// `processor_captured = settled_gross − amount_differences +
/// currency_mismatched + pending_settlement + missing_settlement`: every
/// captured cent is settled, explained by a difference, waiting, or missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrencySummary {
    /// The currency.
    pub currency: Currency,
    /// Orders read.
    pub orders: u64,
    /// Sum of order totals.
    #[serde(with = "crate::money::amount_text")]
    pub order_total: Decimal,
    /// Every tender captured (cash, gift card and store credit included).
    #[serde(with = "crate::money::amount_text")]
    pub payments_captured: Decimal,
    /// Card and wallet payments captured.
    #[serde(with = "crate::money::amount_text")]
    pub processor_captured: Decimal,
    /// Gross of the charge settlements matched to them (a net-only line
    /// counts at its payment's amount).
    #[serde(with = "crate::money::amount_text")]
    pub settled_gross: Decimal,
    /// Σ (settled gross − payment amount) over matched charges.
    #[serde(with = "crate::money::amount_text")]
    pub amount_differences: Decimal,
    /// Payments whose settlement came in another currency.
    #[serde(with = "crate::money::amount_text")]
    pub currency_mismatched: Decimal,
    /// Payments inside their window (or captured after the as-of instant).
    #[serde(with = "crate::money::amount_text")]
    pub pending_settlement: Decimal,
    /// Payments past their window with no settlement.
    #[serde(with = "crate::money::amount_text")]
    pub missing_settlement: Decimal,
    /// Fees the schedule expects on matched charges (where a rule exists).
    #[serde(with = "crate::money::amount_text")]
    pub expected_fees: Decimal,
    /// Fees the processors took on matched charges (reported, or gross − net).
    #[serde(with = "crate::money::amount_text")]
    pub actual_fees: Decimal,
    /// Fees charged in lines of their own (Stripe fee and network-cost
    /// lines, Adyen batch and account fees, PayPal fee events), positive.
    #[serde(with = "crate::money::amount_text")]
    pub fee_lines: Decimal,
    /// Refunds issued, every tender.
    #[serde(with = "crate::money::amount_text")]
    pub refunds_issued: Decimal,
    /// Refunds to card and wallet.
    #[serde(with = "crate::money::amount_text")]
    pub processor_refunds: Decimal,
    /// Refund settlements matched to them (positive).
    #[serde(with = "crate::money::amount_text")]
    pub refunds_settled: Decimal,
    /// Money taken back by chargebacks (positive).
    #[serde(with = "crate::money::amount_text")]
    pub chargebacks: Decimal,
    /// Money returned by chargeback reversals.
    #[serde(with = "crate::money::amount_text")]
    pub chargeback_reversals: Decimal,
    /// Net of every settlement line except payouts: what the processor owes.
    #[serde(with = "crate::money::amount_text")]
    pub settlement_net: Decimal,
    /// Paid out to the bank (positive).
    #[serde(with = "crate::money::amount_text")]
    pub payouts: Decimal,
    /// Exceptions in this currency.
    pub exceptions: u64,
    /// Their amount at risk.
    #[serde(with = "crate::money::amount_text")]
    pub amount_at_risk: Decimal,
    /// Exceptions per reason.
    pub by_reason: BTreeMap<ReasonCode, u64>,
}

impl CurrencySummary {
    pub(crate) fn new(currency: Currency) -> Self {
        let z = Decimal::ZERO;
        CurrencySummary {
            currency,
            orders: 0,
            order_total: z,
            payments_captured: z,
            processor_captured: z,
            settled_gross: z,
            amount_differences: z,
            currency_mismatched: z,
            pending_settlement: z,
            missing_settlement: z,
            expected_fees: z,
            actual_fees: z,
            fee_lines: z,
            refunds_issued: z,
            processor_refunds: z,
            refunds_settled: z,
            chargebacks: z,
            chargeback_reversals: z,
            settlement_net: z,
            payouts: z,
            exceptions: 0,
            amount_at_risk: z,
            by_reason: BTreeMap::new(),
        }
    }
}

/// Where the rows of one kind landed; `matched + pending + exceptions` is
/// every row read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buckets {
    /// Paired with their counterpart, or accounted for with nothing to pair
    /// (a cash tender, a fee line, a receipt).
    pub matched: u64,
    /// Inside a window.
    pub pending: u64,
    /// Named by an exception.
    pub exceptions: u64,
}

impl Buckets {
    /// Every row counted.
    pub fn total(&self) -> u64 {
        // Counts of rows given, each below the number of rows in memory.
        self.matched
            .saturating_add(self.pending)
            .saturating_add(self.exceptions)
    }
}

/// Where every input row landed, per kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowCounts {
    /// Orders.
    pub orders: Buckets,
    /// Payments.
    pub payments: Buckets,
    /// Fulfilled lines.
    pub fulfilments: Buckets,
    /// Returns.
    pub returns: Buckets,
    /// Refunds.
    pub refunds: Buckets,
    /// Settlement lines.
    pub settlements: Buckets,
    /// Stock movements.
    pub movements: Buckets,
}
