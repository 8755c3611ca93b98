//! The tie-out summary a person reads first: money per currency, exact to
//! the cent, and where every input row landed.

use super::exception::ReasonCode;
use crate::currency::Currency;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Money per currency, exact, with the identities a controller checks
/// ([`CurrencySummary::identities`]): every captured or refunded cent is
/// settled, explained by a difference, waiting or missing; the settlement
/// lines' gross less their fees is their net; the payouts are their
/// batches' net.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CurrencySummary {
    /// The currency.
    pub currency: Currency,
    /// Orders read (every status).
    pub orders: u64,
    /// Of them, open (still being fulfilled).
    pub open_orders: u64,
    /// Of them, cancelled.
    pub cancelled_orders: u64,
    /// What the orders are owed: the totals of open and fulfilled orders (a
    /// cancelled order owes nothing).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub order_total: Decimal,
    /// What open orders have still to capture, inside their capture window.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub awaiting_capture: Decimal,
    /// Every tender captured (cash, gift card and store credit included).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub payments_captured: Decimal,
    /// Card and wallet payments captured.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub processor_captured: Decimal,
    /// Gross of the charge settlements matched to them (a net-only line
    /// counts at its payment's amount).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub settled_gross: Decimal,
    /// Σ (settled gross − payment amount) over matched charges.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub amount_differences: Decimal,
    /// Payments whose settlement came in another currency.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub currency_mismatched: Decimal,
    /// Payments inside their window (or captured after the as-of instant).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub pending_settlement: Decimal,
    /// Payments past their window with no settlement.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub missing_settlement: Decimal,
    /// Fees the schedule expects on matched charges (where a rule exists).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub expected_fees: Decimal,
    /// Fees the processors took on matched charges (reported, or gross − net).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub actual_fees: Decimal,
    /// Fees charged in lines of their own (Stripe fee and network-cost
    /// lines, Adyen batch and account fees, PayPal fee events), positive.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub fee_lines: Decimal,
    /// Refunds issued, every tender.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub refunds_issued: Decimal,
    /// Refunds to card and wallet.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub processor_refunds: Decimal,
    /// Refund settlements matched to them (positive; a net-only line
    /// counts at its refund's amount).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub refunds_settled: Decimal,
    /// Σ (settled − refund amount) over matched refunds.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub refund_differences: Decimal,
    /// Refunds whose settlement came in another currency.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub refunds_currency_mismatched: Decimal,
    /// Card and wallet refunds inside their window (or issued after as-of).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub refunds_pending: Decimal,
    /// Card and wallet refunds past their window with no settlement.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub refunds_missing: Decimal,
    /// Money taken back by chargebacks (positive).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub chargebacks: Decimal,
    /// Money returned by chargeback reversals.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub chargeback_reversals: Decimal,
    /// Gross of the settlement lines that state one (payouts excluded).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub settlement_gross: Decimal,
    /// Fees those lines state.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub fees_reported: Decimal,
    /// Gross − net of the lines that state a gross but no fee.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub fees_implied: Decimal,
    /// Net of the lines that state no gross (net-only reports).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub net_only: Decimal,
    /// Net of every settlement line except payouts: what the processor owes.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub settlement_net: Decimal,
    /// Paid out to the bank (positive).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub payouts: Decimal,
    /// Net of the batches those payouts name (a payout naming no batch
    /// counts as its own batch).
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub batch_net_paid_out: Decimal,
    /// Exceptions in this currency.
    pub exceptions: u64,
    /// Their amount at risk.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub amount_at_risk: Decimal,
    /// Exceptions per reason.
    #[schemars(schema_with = "crate::wire_types::keyed_by::<ReasonCode, u64>")]
    pub by_reason: BTreeMap<ReasonCode, u64>,
    /// The tie-out identities, each with its two sides.
    pub identities: Vec<Identity>,
}

/// The summary's amounts, listed once: their names, all of them with their
/// names, and all of them to change alike (which names every field of the
/// summary, so that one added later cannot be left out of any).
macro_rules! amounts {
    ($($field:ident),* $(,)?) => {
        impl CurrencySummary {
            /// The names of the summary's amounts, in the order it lists them:
            /// the columns of a table with one per amount.
            pub const AMOUNTS: [&'static str; [$(stringify!($field)),*].len()] =
                [$(stringify!($field)),*];

            /// Every amount of the summary with its name ([`AMOUNTS`](Self::AMOUNTS)).
            pub fn amounts(&self) -> [(&'static str, Decimal); Self::AMOUNTS.len()] {
                [$((stringify!($field), self.$field)),*]
            }

            /// Every amount of the summary, to add or rescale them alike.
            fn amounts_mut(&mut self) -> [&mut Decimal; Self::AMOUNTS.len()] {
                let CurrencySummary {
                    currency: _,
                    orders: _,
                    open_orders: _,
                    cancelled_orders: _,
                    exceptions: _,
                    by_reason: _,
                    identities: _,
                    $($field),*
                } = self;
                [$($field),*]
            }
        }
    };
}

amounts!(
    order_total,
    awaiting_capture,
    payments_captured,
    processor_captured,
    settled_gross,
    amount_differences,
    currency_mismatched,
    pending_settlement,
    missing_settlement,
    expected_fees,
    actual_fees,
    fee_lines,
    refunds_issued,
    processor_refunds,
    refunds_settled,
    refund_differences,
    refunds_currency_mismatched,
    refunds_pending,
    refunds_missing,
    chargebacks,
    chargeback_reversals,
    settlement_gross,
    fees_reported,
    fees_implied,
    net_only,
    settlement_net,
    payouts,
    batch_net_paid_out,
    amount_at_risk,
);

/// One identity a controller checks, with its two sides: `ok` when they
/// are equal, else the books are broken by `left − right`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Identity {
    /// Its stable name (`"payouts_equal_batches"`).
    #[schemars(schema_with = "identity_name")]
    pub name: String,
    /// What it says, in the summary's field names.
    pub statement: String,
    /// The left side.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub left: Decimal,
    /// The right side.
    #[schemars(with = "crate::wire_types::Amount")]
    #[serde(with = "crate::money::amount_text")]
    pub right: Decimal,
    /// Whether the sides are equal.
    pub ok: bool,
}

/// The identities' names and statements, in the order a summary lists them.
pub const IDENTITIES: [(&str, &str); 4] = [
    (
        "captured_settles",
        "processor_captured = settled_gross − amount_differences + currency_mismatched + pending_settlement + missing_settlement",
    ),
    (
        "refunds_settle",
        "processor_refunds = refunds_settled − refund_differences + refunds_currency_mismatched + refunds_pending + refunds_missing",
    ),
    (
        "gross_less_fees_is_net",
        "settlement_gross − fees_reported − fees_implied + net_only = settlement_net",
    ),
    ("payouts_equal_batches", "payouts = batch_net_paid_out"),
];

/// An identity's name is one of [`IDENTITIES`]'.
fn identity_name(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let names: Vec<&str> = IDENTITIES.iter().map(|(name, _)| *name).collect();
    schemars::json_schema!({ "type": "string", "enum": names })
}

impl CurrencySummary {
    /// Works out [`identities`](Self::identities) from the totals.
    // Totals of a tie-out's amounts, each below 10^18 (see MAX_AMOUNT):
    // their sums fit a decimal.
    #[allow(clippy::arithmetic_side_effects)]
    pub(crate) fn settle_identities(&mut self) {
        // Each amount written in one form for its value: the currency's
        // minor units ("0.00", not "0" or "0.000"), or every digit it needs
        // beyond them. A sum's scale otherwise depends on the order its
        // terms came in (0.00 + 0 is 0), and a partitioned run adds them in
        // another order than one run.
        let minor = self.currency.minor_units();
        for amount in self.amounts_mut() {
            *amount = amount.normalize();
            if amount.scale() < minor {
                amount.rescale(minor);
            }
        }
        let sides = [
            (
                self.processor_captured,
                self.settled_gross - self.amount_differences
                    + self.currency_mismatched
                    + self.pending_settlement
                    + self.missing_settlement,
            ),
            (
                self.processor_refunds,
                self.refunds_settled - self.refund_differences
                    + self.refunds_currency_mismatched
                    + self.refunds_pending
                    + self.refunds_missing,
            ),
            (
                self.settlement_gross - self.fees_reported - self.fees_implied + self.net_only,
                self.settlement_net,
            ),
            (self.payouts, self.batch_net_paid_out),
        ];
        self.identities = IDENTITIES
            .iter()
            .zip(sides)
            .map(|(&(name, statement), (left, right))| Identity {
                name: name.into(),
                statement: statement.into(),
                left,
                right,
                ok: left == right,
            })
            .collect();
    }

    /// The names of the summary's counts.
    pub const COUNTS: [&'static str; 4] =
        ["orders", "open_orders", "cancelled_orders", "exceptions"];

    /// The summary's counts with their names ([`COUNTS`](Self::COUNTS)).
    pub fn counts(&self) -> [(&'static str, u64); 4] {
        let values = [
            self.orders,
            self.open_orders,
            self.cancelled_orders,
            self.exceptions,
        ];
        std::array::from_fn(|i| (Self::COUNTS[i], values[i]))
    }

    /// Adds another part's totals of the same currency (a partitioned run's
    /// merge); the identities are worked out again after.
    // Totals of a tie-out's amounts and counts of its rows: sums fit.
    #[allow(clippy::arithmetic_side_effects)]
    pub(crate) fn add(&mut self, other: &CurrencySummary) {
        self.orders += other.orders;
        self.open_orders += other.open_orders;
        self.cancelled_orders += other.cancelled_orders;
        self.exceptions += other.exceptions;
        for (reason, n) in &other.by_reason {
            *self.by_reason.entry(*reason).or_default() += n;
        }
        let mut other = other.clone();
        for (to, from) in self.amounts_mut().into_iter().zip(other.amounts_mut()) {
            *to += *from;
        }
    }

    /// The identities that do not hold.
    pub fn broken(&self) -> impl Iterator<Item = &Identity> {
        self.identities.iter().filter(|i| !i.ok)
    }

    pub(crate) fn new(currency: Currency) -> Self {
        let z = Decimal::ZERO;
        CurrencySummary {
            currency,
            orders: 0,
            open_orders: 0,
            cancelled_orders: 0,
            order_total: z,
            awaiting_capture: z,
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
            refund_differences: z,
            refunds_currency_mismatched: z,
            refunds_pending: z,
            refunds_missing: z,
            chargebacks: z,
            chargeback_reversals: z,
            settlement_gross: z,
            fees_reported: z,
            fees_implied: z,
            net_only: z,
            settlement_net: z,
            payouts: z,
            batch_net_paid_out: z,
            exceptions: 0,
            amount_at_risk: z,
            by_reason: BTreeMap::new(),
            identities: Vec::new(),
        }
    }
}

/// Where the rows of one kind landed; `matched + pending + exceptions` is
/// every row read.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
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

impl RowCounts {
    /// Adds another part's counts (a partitioned run's merge).
    pub(crate) fn add(&mut self, other: &RowCounts) {
        let RowCounts {
            orders,
            payments,
            fulfilments,
            returns,
            refunds,
            settlements,
            movements,
        } = other;
        for (to, from) in [
            (&mut self.orders, orders),
            (&mut self.payments, payments),
            (&mut self.fulfilments, fulfilments),
            (&mut self.returns, returns),
            (&mut self.refunds, refunds),
            (&mut self.settlements, settlements),
            (&mut self.movements, movements),
        ] {
            to.matched = to.matched.saturating_add(from.matched);
            to.pending = to.pending.saturating_add(from.pending);
            to.exceptions = to.exceptions.saturating_add(from.exceptions);
        }
    }

    /// Each table's name and buckets, in the order the tie-out reads them.
    pub fn tables(&self) -> [(&'static str, &Buckets); 7] {
        [
            ("orders", &self.orders),
            ("payments", &self.payments),
            ("fulfilments", &self.fulfilments),
            ("returns", &self.returns),
            ("refunds", &self.refunds),
            ("settlements", &self.settlements),
            ("movements", &self.movements),
        ]
    }
}

/// Where every input row landed, per kind.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
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
