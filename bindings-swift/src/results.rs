//! Generated from core's types by `cargo run -p seamline-typegen`: do not
//! edit (the test command fails when this file drifts from core).
//!
//! What Seamline hands out and the settings it reads, as Swift structs and
//! enums: amounts are `Decimal`, instants `Date`, each set of names an enum
//! whose description (`"\(reason)"`) is its stable wire name. A value
//! crosses as core's own serialized form, so its fields are core's, with
//! nothing copied by hand.

#![allow(clippy::enum_variant_names)]

use crate::records::*;
use crate::{DecimalText, Money, SeamlineError};
use std::collections::HashMap;
use std::time::SystemTime;

/// Why a row is in the exception queue. The string forms are stable.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum ReasonCode {
    #[serde(rename = "MISSING_SETTLEMENT")]
    MissingSettlement,
    #[serde(rename = "AMOUNT_MISMATCH")]
    AmountMismatch,
    #[serde(rename = "CURRENCY_MISMATCH")]
    CurrencyMismatch,
    #[serde(rename = "FEE_VARIANCE")]
    FeeVariance,
    #[serde(rename = "SETTLEMENT_ARITHMETIC")]
    SettlementArithmetic,
    #[serde(rename = "DUPLICATE_SETTLEMENT")]
    DuplicateSettlement,
    #[serde(rename = "UNMATCHED_SETTLEMENT")]
    UnmatchedSettlement,
    #[serde(rename = "PAYMENT_TOTAL_MISMATCH")]
    PaymentTotalMismatch,
    #[serde(rename = "MISSING_INVENTORY_MOVEMENT")]
    MissingInventoryMovement,
    #[serde(rename = "INVENTORY_QUANTITY_MISMATCH")]
    InventoryQuantityMismatch,
    #[serde(rename = "UNMATCHED_MOVEMENT")]
    UnmatchedMovement,
    #[serde(rename = "RETURN_WITHOUT_CREDIT")]
    ReturnWithoutCredit,
    #[serde(rename = "CREDIT_WITHOUT_RETURN")]
    CreditWithoutReturn,
    #[serde(rename = "MISSING_REFUND_SETTLEMENT")]
    MissingRefundSettlement,
    #[serde(rename = "OVER_REFUND")]
    OverRefund,
    #[serde(rename = "UNKNOWN_RETURN")]
    UnknownReturn,
    #[serde(rename = "BATCH_TOTAL_MISMATCH")]
    BatchTotalMismatch,
    #[serde(rename = "CHARGEBACK")]
    Chargeback,
    #[serde(rename = "INVALID_ROW")]
    InvalidRow,
}

impl std::fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ReasonCode::MissingSettlement => "MISSING_SETTLEMENT",
            ReasonCode::AmountMismatch => "AMOUNT_MISMATCH",
            ReasonCode::CurrencyMismatch => "CURRENCY_MISMATCH",
            ReasonCode::FeeVariance => "FEE_VARIANCE",
            ReasonCode::SettlementArithmetic => "SETTLEMENT_ARITHMETIC",
            ReasonCode::DuplicateSettlement => "DUPLICATE_SETTLEMENT",
            ReasonCode::UnmatchedSettlement => "UNMATCHED_SETTLEMENT",
            ReasonCode::PaymentTotalMismatch => "PAYMENT_TOTAL_MISMATCH",
            ReasonCode::MissingInventoryMovement => "MISSING_INVENTORY_MOVEMENT",
            ReasonCode::InventoryQuantityMismatch => "INVENTORY_QUANTITY_MISMATCH",
            ReasonCode::UnmatchedMovement => "UNMATCHED_MOVEMENT",
            ReasonCode::ReturnWithoutCredit => "RETURN_WITHOUT_CREDIT",
            ReasonCode::CreditWithoutReturn => "CREDIT_WITHOUT_RETURN",
            ReasonCode::MissingRefundSettlement => "MISSING_REFUND_SETTLEMENT",
            ReasonCode::OverRefund => "OVER_REFUND",
            ReasonCode::UnknownReturn => "UNKNOWN_RETURN",
            ReasonCode::BatchTotalMismatch => "BATCH_TOTAL_MISMATCH",
            ReasonCode::Chargeback => "CHARGEBACK",
            ReasonCode::InvalidRow => "INVALID_ROW",
        })
    }
}

/// How urgently a person should look.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum Severity {
    #[serde(rename = "low")]
    Low,
    #[serde(rename = "medium")]
    Medium,
    #[serde(rename = "high")]
    High,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        })
    }
}

/// Which kind of record a reference names.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum RowKind {
    #[serde(rename = "order")]
    Order,
    #[serde(rename = "payment")]
    Payment,
    #[serde(rename = "refund")]
    Refund,
    #[serde(rename = "return")]
    Return,
    #[serde(rename = "order_sku")]
    OrderSku,
    #[serde(rename = "settlement")]
    Settlement,
    #[serde(rename = "movement")]
    Movement,
}

impl std::fmt::Display for RowKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RowKind::Order => "order",
            RowKind::Payment => "payment",
            RowKind::Refund => "refund",
            RowKind::Return => "return",
            RowKind::OrderSku => "order_sku",
            RowKind::Settlement => "settlement",
            RowKind::Movement => "movement",
        })
    }
}

/// A record a person would open: its kind, its id and, for a record that
/// belongs to an order (payment, refund, return, order SKU), the order.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct RowRef {
    /// The kind.
    pub kind: RowKind,
    /// The order it belongs to.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// Its id (the SKU for an order SKU).
    pub id: String,
}

/// A likely counterpart for an unmatched settlement, shown to a person and
/// never counted as matched until they confirm it.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct SettlementSuggestion {
    /// The payment or refund.
    pub record: RowRef,
    /// Why it was suggested.
    pub evidence: String,
}

/// One item of the exception queue.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct ReconException {
    /// Stable across runs: the same reason for the same record gives the same id.
    pub id: String,
    /// Why.
    pub reason: ReasonCode,
    /// How urgent.
    pub severity: Severity,
    /// The record a person opens.
    pub key: RowRef,
    /// Every record involved (the key first).
    pub references: Vec<RowRef>,
    /// The currency of `expected`, `actual`, `difference` and `amount_at_risk`;
    /// absent when they count units.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// What the books say it should be.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<DecimalText>,
    /// What it is.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<DecimalText>,
    /// `actual − expected`.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference: Option<DecimalText>,
    /// Money that may be lost; absent when the inputs do not say (a unit count).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_at_risk: Option<DecimalText>,
    /// When it became an exception (its age counts from here).
    #[serde(with = "crate::instant::instant_serde")]
    pub since: SystemTime,
    /// One line a person understands.
    pub message: String,
    /// For an unmatched settlement: the one likely counterpart.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<SettlementSuggestion>,
    /// For an unmatched settlement: several likely counterparts, listed, not guessed.
    pub candidates: Vec<RowRef>,
    /// For a chargeback: the order with its payments, fulfilments, returns,
    /// refunds and customer — one record to pull for a representment.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<ReconOrder>,
    /// Changes whenever the exception's inputs change; an accepted exception
    /// stays closed while it is the same.
    pub fingerprint: String,
}

/// Why a row is waiting rather than matched or an exception.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum PendingReason {
    #[serde(rename = "awaiting_settlement")]
    AwaitingSettlement,
    #[serde(rename = "awaiting_refund_settlement")]
    AwaitingRefundSettlement,
    #[serde(rename = "awaiting_credit")]
    AwaitingCredit,
    #[serde(rename = "awaiting_restock")]
    AwaitingRestock,
    #[serde(rename = "awaiting_capture")]
    AwaitingCapture,
    #[serde(rename = "after_as_of")]
    AfterAsOf,
}

impl std::fmt::Display for PendingReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PendingReason::AwaitingSettlement => "awaiting_settlement",
            PendingReason::AwaitingRefundSettlement => "awaiting_refund_settlement",
            PendingReason::AwaitingCredit => "awaiting_credit",
            PendingReason::AwaitingRestock => "awaiting_restock",
            PendingReason::AwaitingCapture => "awaiting_capture",
            PendingReason::AfterAsOf => "after_as_of",
        })
    }
}

/// A row inside its window: normal today, an exception if it is still here after `due`.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Pending {
    /// The row.
    pub row: RowRef,
    /// What it waits for.
    pub reason: PendingReason,
    /// When waiting ends (the as-of run after this reports it).
    #[serde(with = "crate::instant::instant_serde")]
    pub due: SystemTime,
    /// Its currency and amount, when it is money.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The amount.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<DecimalText>,
}

/// How rows were matched.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum MatchKind {
    #[serde(rename = "charge_by_processor_reference")]
    ChargeByProcessorReference,
    #[serde(rename = "charge_by_merchant_reference")]
    ChargeByMerchantReference,
    #[serde(rename = "refund_by_processor_reference")]
    RefundByProcessorReference,
    #[serde(rename = "refund_by_merchant_reference")]
    RefundByMerchantReference,
    #[serde(rename = "confirmed")]
    Confirmed,
    #[serde(rename = "inventory")]
    Inventory,
    #[serde(rename = "return")]
    Return,
    #[serde(rename = "chargeback_reversed")]
    ChargebackReversed,
    #[serde(rename = "payout")]
    Payout,
    #[serde(rename = "accounted")]
    Accounted,
}

impl std::fmt::Display for MatchKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MatchKind::ChargeByProcessorReference => "charge_by_processor_reference",
            MatchKind::ChargeByMerchantReference => "charge_by_merchant_reference",
            MatchKind::RefundByProcessorReference => "refund_by_processor_reference",
            MatchKind::RefundByMerchantReference => "refund_by_merchant_reference",
            MatchKind::Confirmed => "confirmed",
            MatchKind::Inventory => "inventory",
            MatchKind::Return => "return",
            MatchKind::ChargebackReversed => "chargeback_reversed",
            MatchKind::Payout => "payout",
            MatchKind::Accounted => "accounted",
        })
    }
}

/// Rows that tie out together.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Match {
    /// How.
    pub kind: MatchKind,
    /// The rows (the anchor first).
    pub rows: Vec<RowRef>,
}

/// One identity a controller checks, with its two sides: `ok` when they
/// are equal, else the books are broken by `left − right`.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Identity {
    /// Its stable name (`"payouts_equal_batches"`).
    pub name: String,
    /// What it says, in the summary's field names.
    pub statement: String,
    /// The left side.
    pub left: DecimalText,
    /// The right side.
    pub right: DecimalText,
    /// Whether the sides are equal.
    pub ok: bool,
}

/// Money per currency, exact, with the identities a controller checks
/// (`identities`): every captured or refunded cent is
/// settled, explained by a difference, waiting or missing; the settlement
/// lines' gross less their fees is their net; the payouts are their
/// batches' net.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct CurrencySummary {
    /// The currency.
    pub currency: String,
    /// Orders read (every status).
    pub orders: u64,
    /// Of them, open (still being fulfilled).
    pub open_orders: u64,
    /// Of them, cancelled.
    pub cancelled_orders: u64,
    /// What the orders are owed: the totals of open and fulfilled orders (a
    /// cancelled order owes nothing).
    pub order_total: DecimalText,
    /// What open orders have still to capture, inside their capture window.
    pub awaiting_capture: DecimalText,
    /// Every tender captured (cash, gift card and store credit included).
    pub payments_captured: DecimalText,
    /// Card and wallet payments captured.
    pub processor_captured: DecimalText,
    /// Gross of the charge settlements matched to them (a net-only line
    /// counts at its payment's amount).
    pub settled_gross: DecimalText,
    /// Σ (settled gross − payment amount) over matched charges.
    pub amount_differences: DecimalText,
    /// Payments whose settlement came in another currency.
    pub currency_mismatched: DecimalText,
    /// Payments inside their window (or captured after the as-of instant).
    pub pending_settlement: DecimalText,
    /// Payments past their window with no settlement.
    pub missing_settlement: DecimalText,
    /// Fees the schedule expects on matched charges (where a rule exists).
    pub expected_fees: DecimalText,
    /// Fees the processors took on matched charges (reported, or gross − net).
    pub actual_fees: DecimalText,
    /// Fees charged in lines of their own (Stripe fee and network-cost
    /// lines, Adyen batch and account fees, PayPal fee events), positive.
    pub fee_lines: DecimalText,
    /// Refunds issued, every tender.
    pub refunds_issued: DecimalText,
    /// Refunds to card and wallet.
    pub processor_refunds: DecimalText,
    /// Refund settlements matched to them (positive; a net-only line
    /// counts at its refund's amount).
    pub refunds_settled: DecimalText,
    /// Σ (settled − refund amount) over matched refunds.
    pub refund_differences: DecimalText,
    /// Refunds whose settlement came in another currency.
    pub refunds_currency_mismatched: DecimalText,
    /// Card and wallet refunds inside their window (or issued after as-of).
    pub refunds_pending: DecimalText,
    /// Card and wallet refunds past their window with no settlement.
    pub refunds_missing: DecimalText,
    /// Money taken back by chargebacks (positive).
    pub chargebacks: DecimalText,
    /// Money returned by chargeback reversals.
    pub chargeback_reversals: DecimalText,
    /// Gross of the settlement lines that state one (payouts excluded).
    pub settlement_gross: DecimalText,
    /// Fees those lines state.
    pub fees_reported: DecimalText,
    /// Gross − net of the lines that state a gross but no fee.
    pub fees_implied: DecimalText,
    /// Net of the lines that state no gross (net-only reports).
    pub net_only: DecimalText,
    /// Net of every settlement line except payouts: what the processor owes.
    pub settlement_net: DecimalText,
    /// Paid out to the bank (positive).
    pub payouts: DecimalText,
    /// Net of the batches those payouts name (a payout naming no batch
    /// counts as its own batch).
    pub batch_net_paid_out: DecimalText,
    /// Exceptions in this currency.
    pub exceptions: u64,
    /// Their amount at risk.
    pub amount_at_risk: DecimalText,
    /// Exceptions per reason.
    pub by_reason: HashMap<String, u64>,
    /// The tie-out identities, each with its two sides.
    pub identities: Vec<Identity>,
}

/// Where the rows of one kind landed; `matched + pending + exceptions` is
/// every row read.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Buckets {
    /// Paired with their counterpart, or accounted for with nothing to pair
    /// (a cash tender, a fee line, a receipt).
    pub matched: u64,
    /// Inside a window.
    pub pending: u64,
    /// Named by an exception.
    pub exceptions: u64,
}

/// Where every input row landed, per kind.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
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

/// Where an exception stands today.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum QueueStatus {
    #[serde(rename = "new")]
    New,
    #[serde(rename = "persisting")]
    Persisting,
    #[serde(rename = "resolved")]
    Resolved,
    #[serde(rename = "accepted")]
    Accepted,
    #[serde(rename = "reopened")]
    Reopened,
}

impl std::fmt::Display for QueueStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            QueueStatus::New => "new",
            QueueStatus::Persisting => "persisting",
            QueueStatus::Resolved => "resolved",
            QueueStatus::Accepted => "accepted",
            QueueStatus::Reopened => "reopened",
        })
    }
}

/// A person's decision to accept an exception as it stands.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Acceptance {
    /// The exception.
    pub exception_id: String,
    /// Its fingerprint when accepted: a change reopens it.
    pub fingerprint: String,
    /// Who.
    pub by: String,
    /// Why (required: the next person needs it).
    pub note: String,
    /// When.
    #[serde(with = "crate::instant::instant_serde")]
    pub at: SystemTime,
}

/// One item of the queue as it stands after today's run.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct QueueItem {
    /// The exception's stable id.
    pub exception_id: String,
    /// Today's status.
    pub status: QueueStatus,
    /// Why it is in the queue.
    pub reason: ReasonCode,
    /// Today's severity (yesterday's for a resolved item).
    pub severity: Severity,
    /// The record to open.
    pub key: RowRef,
    /// Today's fingerprint (yesterday's for a resolved item).
    pub fingerprint: String,
    /// The as-of of the run that first reported it.
    #[serde(with = "crate::instant::instant_serde")]
    pub first_seen: SystemTime,
    /// The acceptance, while it holds (kept on a reopened item, for history).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Acceptance>,
}

/// The processors whose reports Seamline reads.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum Processor {
    #[serde(rename = "stripe")]
    Stripe,
    #[serde(rename = "adyen")]
    Adyen,
    #[serde(rename = "paypal")]
    Paypal,
}

impl std::fmt::Display for Processor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Processor::Stripe => "stripe",
            Processor::Adyen => "adyen",
            Processor::Paypal => "paypal",
        })
    }
}

/// A report layout: detected from a file's header, stated in the report,
/// and forced through `layout` when the caller knows better.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum Layout {
    #[serde(rename = "stripe_itemized")]
    StripeItemized,
    #[serde(rename = "stripe_dashboard")]
    StripeDashboard,
    #[serde(rename = "stripe_api")]
    StripeApi,
    #[serde(rename = "adyen_settlement_details")]
    AdyenSettlementDetails,
    #[serde(rename = "paypal_settlement")]
    PaypalSettlement,
    #[serde(rename = "paypal_transaction_detail")]
    PaypalTransactionDetail,
}

impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Layout::StripeItemized => "stripe_itemized",
            Layout::StripeDashboard => "stripe_dashboard",
            Layout::StripeApi => "stripe_api",
            Layout::AdyenSettlementDetails => "adyen_settlement_details",
            Layout::PaypalSettlement => "paypal_settlement",
            Layout::PaypalTransactionDetail => "paypal_transaction_detail",
        })
    }
}

/// A file as it was read.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct FileRead {
    /// The file's name.
    pub name: String,
    /// The layout it was read in.
    pub layout: Layout,
    /// Its rows (data rows; headers, preambles and trailers not counted).
    pub rows: u64,
}

/// A row that is a line already read: the same report (or an overlapping
/// one) given twice.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct DuplicateRow {
    /// The file.
    pub file: String,
    /// The 1-based line (the record's position for records).
    pub line: u64,
    /// The line it repeats.
    pub id: String,
}

/// A row whose type the adapter does not know: reported, not guessed.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct UnknownRow {
    /// The file.
    pub file: String,
    /// The 1-based line (the record's position for records).
    pub line: u64,
    /// The type the report gave (cut to 64 characters).
    pub row_type: String,
}

/// A row the adapter could not read, with why.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct RejectedRow {
    /// The file.
    pub file: String,
    /// The 1-based line (the record's position for records).
    pub line: u64,
    /// Why.
    pub error: SeamlineError,
}

/// A row that is no line of its own: it records no movement of money (an
/// authorisation, a pending or denied PayPal transaction), or its money is
/// counted in another line (a Stripe partial-capture reversal, in its
/// charge's). Accounted for, with why.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct SkippedRow {
    /// The file.
    pub file: String,
    /// The 1-based line (the record's position for records).
    pub line: u64,
    /// Why it is no line of its own.
    pub reason: String,
}

/// Something a person should look at.
#[derive(uniffi::Enum, Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(tag = "type")]
pub enum Anomaly {
    /// A sale took on-hand below zero: the goods left, the books did not have them.
    #[serde(rename = "oversell")]
    Oversell {
        /// The sale.
        event_id: String,
        /// Product.
        sku: String,
        /// Where.
        location: String,
        /// Units sold beyond what was on hand.
        units_oversold: i64,
    },
    /// On-hand is below zero now.
    #[serde(rename = "negative_stock")]
    NegativeStock {
        /// Product.
        sku: String,
        /// Where.
        location: String,
        /// The negative on-hand.
        on_hand: i64,
    },
    /// Live reservations exceed on-hand: promises the shelf cannot keep
    /// (typically revealed when an offline till uploads its sales).
    #[serde(rename = "over_committed")]
    OverCommitted {
        /// Product.
        sku: String,
        /// Where.
        location: String,
        /// Units on hand.
        on_hand: i64,
        /// Units reserved.
        reserved: i64,
    },
    /// A transfer's in has no out, or a different quantity.
    #[serde(rename = "transfer_mismatch")]
    TransferMismatch {
        /// The transfer.
        transfer_id: String,
        /// Product.
        sku: String,
        /// Units sent, if the out was seen.
        #[uniffi(default = None)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sent: Option<i64>,
        /// Units received.
        received: i64,
    },
}

/// The outcome of applying one event.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct ApplyReport {
    /// The event.
    pub event_id: String,
    /// True when the same event had been applied before: nothing changed.
    pub duplicate: bool,
    /// True when the event changed on-hand now (false for a movement that a
    /// later count supersedes, which is kept in history only).
    pub affects_on_hand: bool,
    /// Anomalies this event caused (an oversell).
    pub anomalies: Vec<Anomaly>,
}

/// A row of a batch that was refused, with why. Nothing is dropped silently.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct RejectedEvent {
    /// Position of the row in the batch.
    pub index: u64,
    /// The event id, when the row had one.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// Why it was refused.
    pub error: SeamlineError,
}

/// The outcome of a batch (an offline till's upload, a sync page).
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct BatchReport {
    /// How many events were applied. (The caller has their ids: every row
    /// not listed as a duplicate or rejected; a million-row load gets no
    /// million-item list back.)
    pub applied: u64,
    /// Events seen before (nothing changed).
    pub duplicates: Vec<String>,
    /// Rows refused, each with its reason.
    pub rejected: Vec<RejectedEvent>,
    /// Anomalies the batch caused (oversells).
    pub anomalies: Vec<Anomaly>,
    /// What the batch revealed at the positions it touched: reservations
    /// accepted against stock that was, it turns out, already sold.
    pub revealed: Vec<Anomaly>,
}

/// What a cart reservation held at one SKU and location.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct CartLineOutcome {
    /// The product.
    pub sku: String,
    /// Where.
    pub location: String,
    /// Units the cart asked for here (its lines summed).
    pub requested: i64,
    /// Units held (less than requested only with `allow_partial`).
    pub reserved: i64,
    /// The hold's reservation id, when anything was held.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reservation_id: Option<String>,
}

/// How an order reaches the customer (which policy and which nodes apply).
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum FulfilmentMethod {
    #[serde(rename = "ship")]
    Ship,
    #[serde(rename = "pickup")]
    Pickup,
}

impl std::fmt::Display for FulfilmentMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FulfilmentMethod::Ship => "ship",
            FulfilmentMethod::Pickup => "pickup",
        })
    }
}

/// What a channel may be shown, and the risk of showing it.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Publication {
    /// Units to publish: max(0, available − buffer).
    pub quantity: u64,
    /// Units held back.
    pub buffer: u64,
    /// P(demand in the exposure window > buffer) for a velocity policy;
    /// none for a policy that states no velocity.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oversell_probability: Option<f64>,
}

/// One node's figure in a channel publication.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct NodePublication {
    /// The node.
    pub location: String,
    /// Its available (on-hand − reserved), possibly negative.
    pub available: i64,
    /// What it may be shown under the method's policy.
    pub quantity: u64,
    /// Units held back there.
    pub buffer: u64,
}

/// What a channel shows for one SKU and method: pooled and per node.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct ChannelPublication {
    /// The channel.
    pub channel: String,
    /// The method.
    pub method: FulfilmentMethod,
    /// Pooled over the nodes that serve the method.
    pub pooled: Publication,
    /// Each serving node on its own.
    pub nodes: Vec<NodePublication>,
}

/// The stock of one SKU at one location at an instant.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct StockLevel {
    /// Units physically there (may be negative after unrecorded stock was sold).
    pub on_hand: i64,
    /// Units held by live reservations.
    pub reserved: i64,
    /// `on_hand − reserved` (may be negative).
    pub available: i64,
    /// Units sent from here by transfer and not yet received.
    pub in_transit: i64,
}

/// One line of a position's audit trail.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct HistoryLine {
    /// When it happened.
    #[serde(with = "crate::instant::instant_serde")]
    pub occurred_at: SystemTime,
    /// The event.
    pub event_id: String,
    /// Which system or till sent it.
    pub source: String,
    /// What happened, in words.
    pub description: String,
    /// Change to on-hand (for a count: the variance it revealed).
    pub change: i64,
    /// On-hand after this line, replaying history in order.
    pub on_hand_after: i64,
}

/// The state of a reservation at an instant.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum ReservationState {
    #[serde(rename = "held")]
    Held,
    #[serde(rename = "committed")]
    Committed,
    #[serde(rename = "released")]
    Released,
    #[serde(rename = "expired")]
    Expired,
}

impl std::fmt::Display for ReservationState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ReservationState::Held => "held",
            ReservationState::Committed => "committed",
            ReservationState::Released => "released",
            ReservationState::Expired => "expired",
        })
    }
}

/// Units of one line sent from one node.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct SourcingAllocation {
    /// The order line.
    pub line_id: String,
    /// The product.
    pub sku: String,
    /// The sending node.
    pub location: String,
    /// Units.
    pub quantity: u64,
}

/// One shipment (or, for a pickup, transfer) in the plan, with why.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct SourcingShipment {
    /// The sending node.
    pub location: String,
    /// Units it sends.
    pub units: u64,
    /// Its cost: per-shipment plus units × unit cost.
    pub cost: DecimalText,
    /// Why this node: a sentence a person can read.
    pub reason: String,
}

/// How the plan was found.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum SourcingMethod {
    #[serde(rename = "exact")]
    Exact,
    #[serde(rename = "heuristic")]
    Heuristic,
}

impl std::fmt::Display for SourcingMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SourcingMethod::Exact => "exact",
            SourcingMethod::Heuristic => "heuristic",
        })
    }
}

/// The chosen assignment of lines to nodes.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct SourcingPlan {
    /// Line × node allocations, by line then node.
    pub allocations: Vec<SourcingAllocation>,
    /// Shipments, by node.
    pub shipments: Vec<SourcingShipment>,
    /// Total cost of the plan.
    pub total_cost: DecimalText,
    /// Exact or heuristic.
    pub method: SourcingMethod,
}

/// Where an order is in its life. Derived from its line quantities, so it
/// can never disagree with them.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum OrderState {
    #[serde(rename = "placed")]
    Placed,
    #[serde(rename = "allocated")]
    Allocated,
    #[serde(rename = "partially_fulfilled")]
    PartiallyFulfilled,
    #[serde(rename = "fulfilled")]
    Fulfilled,
    #[serde(rename = "partially_returned")]
    PartiallyReturned,
    #[serde(rename = "returned")]
    Returned,
    #[serde(rename = "cancelled")]
    Cancelled,
    #[serde(rename = "closed")]
    Closed,
}

impl std::fmt::Display for OrderState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            OrderState::Placed => "placed",
            OrderState::Allocated => "allocated",
            OrderState::PartiallyFulfilled => "partially_fulfilled",
            OrderState::Fulfilled => "fulfilled",
            OrderState::PartiallyReturned => "partially_returned",
            OrderState::Returned => "returned",
            OrderState::Cancelled => "cancelled",
            OrderState::Closed => "closed",
        })
    }
}

/// Why stock was adjusted by hand.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum AdjustReason {
    #[serde(rename = "damage")]
    Damage,
    #[serde(rename = "shrink")]
    Shrink,
    #[serde(rename = "found")]
    Found,
    #[serde(rename = "other")]
    Other,
}

impl std::fmt::Display for AdjustReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AdjustReason::Damage => "damage",
            AdjustReason::Shrink => "shrink",
            AdjustReason::Found => "found",
            AdjustReason::Other => "other",
        })
    }
}

/// One stock event from any channel, till or system.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct StockEvent {
    /// Idempotency key: the same id is applied at most once.
    pub event_id: String,
    /// The product.
    pub sku: String,
    /// Where the stock is.
    pub location: String,
    /// When it happened (not when it arrived).
    #[serde(with = "crate::instant::instant_serde")]
    pub occurred_at: SystemTime,
    /// Which system or till sent it.
    pub source: String,
    /// What happened, with its own fields.
    #[serde(flatten)]
    pub kind: StockEventKind,
}

/// The kinds of StockEvent, by the tag the wire form carries.
#[derive(uniffi::Enum, Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(tag = "type")]
pub enum StockEventKind {
    /// Goods arrived (a delivery, a purchase order).
    #[serde(rename = "received")]
    Received {
        /// Units received (> 0).
        quantity: i64,
    },
    /// A sale: a fact, accepted even when it takes on-hand below zero.
    #[serde(rename = "sold")]
    Sold {
        /// Units sold (> 0).
        quantity: i64,
        /// The order or receipt, when known.
        #[uniffi(default = None)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        order_ref: Option<String>,
    },
    /// Goods came back; only restocked goods return to on-hand.
    #[serde(rename = "returned")]
    Returned {
        /// Units returned (> 0).
        quantity: i64,
        /// True when the goods go back to sellable stock.
        restock: bool,
    },
    /// A signed manual change.
    #[serde(rename = "adjusted")]
    Adjusted {
        /// Units added (positive) or removed (negative); not zero.
        delta: i64,
        /// Why.
        reason: AdjustReason,
    },
    /// A physical count: on-hand was exactly this at `occurred_at`.
    /// Movements before it are superseded for on-hand; later ones apply on top.
    #[serde(rename = "counted")]
    Counted {
        /// Units counted (≥ 0).
        on_hand: i64,
        /// The on-hand the sender believed it replaced (compare-and-set):
        /// when given and stale, the count is refused with `STALE_QUANTITY`.
        #[uniffi(default = None)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expected_on_hand: Option<i64>,
    },
    /// An absolute *available* figure (on-hand − reserved), as some POS
    /// syncs send it; converted to an on-hand count with the reservations
    /// held at that moment.
    #[serde(rename = "available_reported")]
    AvailableReported {
        /// Units available (≥ 0).
        available: i64,
        /// The available figure the sender believed it replaced (compare-and-set).
        #[uniffi(default = None)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expected_available: Option<i64>,
    },
    /// A web reservation: a request, refused when it exceeds what is available.
    #[serde(rename = "reserved")]
    Reserved {
        /// Units reserved (> 0).
        quantity: i64,
        /// The reservation's id, unique in the ledger.
        reservation_id: String,
        /// When the hold lapses if neither released nor fulfilled.
        #[serde(with = "crate::instant::optional_instant_serde")]
        #[uniffi(default = None)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expires_at: Option<SystemTime>,
    },
    /// A held reservation is released (cart abandoned, order cancelled).
    #[serde(rename = "reservation_released")]
    ReservationReleased {
        /// The reservation.
        reservation_id: String,
        /// Units to release (> 0, ≤ held); all of them when absent.
        #[uniffi(default = None)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quantity: Option<i64>,
    },
    /// A held reservation becomes a sale at this location.
    #[serde(rename = "reservation_fulfilled")]
    ReservationFulfilled {
        /// The reservation.
        reservation_id: String,
        /// Units shipped (> 0, ≤ held); all of them when absent. A split
        /// shipment fulfils part and leaves the rest held.
        #[uniffi(default = None)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quantity: Option<i64>,
    },
    /// Goods leave this location for another.
    #[serde(rename = "transfer_out")]
    TransferOut {
        /// Pairs the out with its in.
        transfer_id: String,
        /// Units sent (> 0).
        quantity: i64,
    },
    /// Goods arrive at this location from another.
    #[serde(rename = "transfer_in")]
    TransferIn {
        /// Pairs the in with its out.
        transfer_id: String,
        /// Units received (> 0).
        quantity: i64,
    },
}

/// What one order event did.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Transition {
    /// The event.
    pub event_id: String,
    /// The order.
    pub order_id: String,
    /// True when the same event had been applied before: nothing changed.
    pub duplicate: bool,
    /// The order's state after it.
    pub state: OrderState,
    /// The stock events it means, for the ledger (ids `"{event_id}/{n}"`).
    pub stock_events: Vec<StockEvent>,
    /// For a return or cancellation: what the units are worth (to refund).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_due: Option<Money>,
}

/// How far one line has got. Invariants, checked on every transition:
/// fulfilled + cancelled ≤ ordered, returned ≤ fulfilled, held ≤ open.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct LineStatus {
    /// The line.
    pub line_id: String,
    /// Units ordered.
    pub ordered: i64,
    /// Units held at nodes for it now.
    pub held: i64,
    /// Units shipped or handed over.
    pub fulfilled: i64,
    /// Units cancelled.
    pub cancelled: i64,
    /// Units returned (any disposition).
    pub returned: i64,
    /// Returned units put back into sellable stock.
    pub restocked: i64,
}

/// One order's state, as the book holds it.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct OrderStatus {
    /// The order.
    pub order_id: String,
    /// Where it is.
    pub state: OrderState,
    /// What the customer pays.
    pub total: Money,
    /// Payments captured.
    pub captured: Money,
    /// Money refunded.
    pub refunded: Money,
    /// What returns and cancellations so far are worth (what may be refunded for goods).
    pub refund_due: Money,
    /// Per line.
    pub lines: Vec<LineStatus>,
}

/// A record that moved from one profile to another.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct RecordMove {
    /// The record's key.
    pub record: String,
    /// Its profile before.
    pub from: String,
    /// Its profile after.
    pub to: String,
}

/// A profile's balance before and after (none: the profile did not exist then).
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct BalanceChange {
    /// The profile.
    pub profile_id: String,
    /// Its balance before.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<i64>,
    /// Its balance after.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<i64>,
}

/// What a correction (or its withdrawal) changed: the records that moved
/// between profiles and the balances that changed with them.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct CorrectionEffect {
    /// False when nothing was recorded: the same correction was there
    /// already (or, withdrawing, was not there).
    pub recorded: bool,
    /// Records whose profile changed, by record key.
    pub moved: Vec<RecordMove>,
    /// Profiles whose balance changed (or that appeared or went), by id.
    pub balances: Vec<BalanceChange>,
}

/// How one attribute of a suggested pair compared.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Evidence {
    /// The attribute.
    pub attribute: String,
    /// `exact`, `close`, `different` or `missing`.
    pub level: String,
    /// Its weight, log2(m/u) (0 when missing).
    pub weight: f64,
}

/// Two profiles that are probably one shopper, for a person to decide.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Suggestion {
    /// The record on one side whose attributes compared best (the smaller key).
    pub record_a: String,
    /// The record on the other side.
    pub record_b: String,
    /// Members of `record_a`'s profile (an `accept_review` takes them as its left).
    pub left: Vec<String>,
    /// Members of `record_b`'s profile.
    pub right: Vec<String>,
    /// Σ log2(m/u) over the attributes.
    pub score: f64,
    /// The match probability under the model's prior.
    pub probability: f64,
    /// Each attribute's comparison.
    pub evidence: Vec<Evidence>,
}

/// Points held by an account no profile holds yet (a card no record carries,
/// a record key not in the book): kept, counted in
/// `total_points`, and listed until their record arrives.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct UnclaimedPoints {
    /// `record:<source/record_id>`, or `loyalty:<sha256 hex>` of the
    /// canonical loyalty id (hash the card to find it; never shown clear).
    pub account: String,
    /// Its balance.
    pub points: i64,
}

/// A merge that happened: `into` absorbed `absorbed` through an identifier
/// of `kind` (or a person's always-link).
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Merge {
    /// The surviving profile id.
    pub into: String,
    /// The absorbed profile's id before the merge.
    pub absorbed: String,
    /// The identifier kind that joined them, or `always_link`.
    pub via: String,
}

/// A merge not made because it would break a limit: both sides and the
/// identifier that would have joined them, for a person to decide.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct ReviewItem {
    /// The record on one side that holds the identifier.
    pub record_a: String,
    /// The record on the other side.
    pub record_b: String,
    /// Members of `record_a`'s profile at that point.
    pub left: Vec<String>,
    /// Members of `record_b`'s profile at that point.
    pub right: Vec<String>,
    /// The identifier's kind.
    pub kind: String,
    /// The identifier's SHA-256 hex (never the clear value).
    pub identifier: String,
    /// Which limit it would break.
    pub reason: String,
}

/// An identifier of a record that was not used, with why.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct RecordIssue {
    /// The record.
    pub record: String,
    /// The identifier's kind.
    pub kind: String,
    /// Why it does not link (invalid, or a blocked value).
    pub error: SeamlineError,
}

/// One SKU and how many of it a channel unit stands for.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Component {
    /// The canonical SKU.
    pub sku: String,
    /// Units of it per channel unit (a six-pack: 6).
    pub quantity: u32,
}

/// An external id claimed by two targets.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct MappingConflict {
    /// Row number in the import (0-based).
    pub row: u64,
    /// The channel.
    pub channel: String,
    /// The external id, in the channel's canonical form.
    pub external_id: String,
    /// What it maps to now.
    pub existing: Vec<Component>,
    /// What the row wanted.
    pub proposed: Vec<Component>,
    /// True when the import said replace and the row won.
    pub replaced: bool,
}

/// A row that could not be read, with why.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct InvalidRow {
    /// Row number in the import (0-based).
    pub row: u64,
    /// Why.
    pub error: SeamlineError,
}

/// A channel SKU used by two stable ids: reported, never merged.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct SkuCollision {
    /// The channel.
    pub channel: String,
    /// The shared channel SKU text.
    pub channel_sku: String,
    /// The stable ids that share it.
    pub external_ids: Vec<String>,
}

/// What an import did with every row.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct ImportReport {
    /// Rows that created a mapping.
    pub added: u64,
    /// Rows identical to a mapping already there (re-importing a file is a no-op).
    pub unchanged: u64,
    /// Rows that claimed a mapped id for another target (kept or replaced as asked).
    pub conflicts: Vec<MappingConflict>,
    /// Rows that could not be read.
    pub invalid: Vec<InvalidRow>,
    /// Channel SKUs shared by several stable ids, after the import.
    pub collisions: Vec<SkuCollision>,
}

/// A price with the promotions that shaped it.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct PriceQuote {
    /// The table's price.
    pub base: Money,
    /// Promotions applied, in the order they were applied.
    pub promotions: Vec<String>,
    /// What the shopper pays: rounded half-up to the minor unit, never below zero.
    pub price: Money,
}

/// A shown price that differs from the authoritative one.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
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
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct PriceCorrection {
    /// The channel's id.
    pub external_id: String,
    /// The price to show.
    pub price: Money,
}

/// An unmapped id waiting for a person.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct UnmappedEntry {
    /// The channel.
    pub channel: String,
    /// The id, in the channel's canonical form.
    pub external_id: String,
    /// How many references were seen.
    pub count: u64,
    /// When it was first seen.
    #[serde(with = "crate::instant::instant_serde")]
    pub first_seen: SystemTime,
    /// When it was last seen.
    #[serde(with = "crate::instant::instant_serde")]
    pub last_seen: SystemTime,
}

/// Translated lines as columns, plus the rows that failed.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct TranslatedColumns {
    /// The input row each line came from.
    pub rows: Vec<u64>,
    /// The canonical SKU of each line.
    pub skus: Vec<String>,
    /// The units of each line.
    pub units: Vec<i64>,
    /// Rows that could not be translated, with why.
    pub errors: Vec<InvalidRow>,
}

/// What a GTIN's GS1 prefix says it is.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum GtinRange {
    #[serde(rename = "global")]
    Global,
    #[serde(rename = "in_store")]
    InStore,
    #[serde(rename = "coupon")]
    Coupon,
    #[serde(rename = "refund_receipt")]
    RefundReceipt,
    #[serde(rename = "book")]
    Book,
    #[serde(rename = "music")]
    Music,
    #[serde(rename = "serial")]
    Serial,
}

impl std::fmt::Display for GtinRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            GtinRange::Global => "global",
            GtinRange::InStore => "in_store",
            GtinRange::Coupon => "coupon",
            GtinRange::RefundReceipt => "refund_receipt",
            GtinRange::Book => "book",
            GtinRange::Music => "music",
            GtinRange::Serial => "serial",
        })
    }
}

/// A data domain. Each has exactly one owning system.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum Domain {
    #[serde(rename = "inventory")]
    Inventory,
    #[serde(rename = "orders")]
    Orders,
    #[serde(rename = "customers")]
    Customers,
    #[serde(rename = "catalog")]
    Catalog,
    #[serde(rename = "payments")]
    Payments,
}

impl std::fmt::Display for Domain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Domain::Inventory => "inventory",
            Domain::Orders => "orders",
            Domain::Customers => "customers",
            Domain::Catalog => "catalog",
            Domain::Payments => "payments",
        })
    }
}

/// One system's report of one field's value.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct FieldUpdate {
    /// Idempotency key: a retry with the same id is a duplicate.
    pub update_id: String,
    /// The reporting system.
    pub system: String,
    /// The domain the field belongs to.
    pub domain: Domain,
    /// The entity (a SKU, an order id, a customer id, …).
    pub entity: String,
    /// The field.
    pub field: String,
    /// Its value, as canonical text (compared exactly).
    pub value: String,
    /// When the system changed it (not when the update arrived).
    #[serde(with = "crate::instant::instant_serde")]
    pub occurred_at: SystemTime,
}

/// Why the winning value won.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum WonBy {
    #[serde(rename = "owner")]
    Owner,
    #[serde(rename = "latest")]
    Latest,
}

impl std::fmt::Display for WonBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            WonBy::Owner => "owner",
            WonBy::Latest => "latest",
        })
    }
}

/// The value a field resolves to.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct ResolvedField {
    /// The domain.
    pub domain: Domain,
    /// The entity.
    pub entity: String,
    /// The field.
    pub field: String,
    /// The winning update.
    pub winner: FieldUpdate,
    /// Why it won.
    pub won_by: WonBy,
}

/// A system whose current value for a field differs from the resolved one:
/// drift between systems, made visible.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct FieldConflict {
    /// The winning update.
    pub winner: FieldUpdate,
    /// The other system's latest update, overwritten.
    pub overwritten: FieldUpdate,
}

/// Every field's value, the conflicts, and refused duplicates.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Resolution {
    /// One per (domain, entity, field), sorted.
    pub fields: Vec<ResolvedField>,
    /// One per overwritten system per field, sorted.
    pub conflicts: Vec<FieldConflict>,
    /// Updates refused because their id was used by a different update.
    pub refused: Vec<FieldUpdate>,
}

/// What one update did on arrival.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum Arrival {
    #[serde(rename = "accepted")]
    Accepted,
    #[serde(rename = "duplicate")]
    Duplicate,
}

impl std::fmt::Display for Arrival {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Arrival::Accepted => "accepted",
            Arrival::Duplicate => "duplicate",
        })
    }
}

/// Something wrong with a source's sync.
#[derive(uniffi::Enum, Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(tag = "type")]
pub enum SyncIssue {
    /// Sequence numbers `first_missing..=last_missing` never arrived.
    #[serde(rename = "gap")]
    Gap {
        /// The source.
        source: String,
        /// First missing number.
        first_missing: u64,
        /// Last missing number.
        last_missing: u64,
        /// How many are missing.
        missing: u64,
        /// When the event before the gap was sent.
        #[serde(with = "crate::instant::instant_serde")]
        after: SystemTime,
        /// When the event after the gap was sent.
        #[serde(with = "crate::instant::instant_serde")]
        before: SystemTime,
    },
    /// Nothing was sent for longer than the threshold.
    #[serde(rename = "silence")]
    Silence {
        /// The source.
        source: String,
        /// When the last event before the silence was sent.
        #[serde(with = "crate::instant::instant_serde")]
        from: SystemTime,
        /// When the next event was sent, or `now` while it lasts.
        #[serde(with = "crate::instant::instant_serde")]
        until: SystemTime,
        /// Length of the silence in seconds.
        seconds: i64,
        /// True when the source is still silent at `now`.
        ongoing: bool,
    },
}

/// What a processor charges for one transaction: `percent` of the gross
/// plus `fixed`, rounded half-up to the currency's minor unit.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct FeeRule {
    /// The processor, lower case.
    pub processor: String,
    /// Only for this channel (more specific than any channel).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Only for this tender (more specific than any tender).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<PaymentMethod>,
    /// Percent of the gross (`"2.9"` is 2.9 %).
    pub percent: DecimalText,
    /// Fixed amount per transaction, in the transaction's currency.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<DecimalText>,
}

/// Amount-at-risk and age from which an exception has a severity.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Threshold {
    /// At or above this amount at risk (in the exception's currency).
    pub amount: DecimalText,
    /// Or open at least this many days.
    pub age_days: u32,
}

/// Severity thresholds: high is checked first, then medium; otherwise low
/// (or the reason's own floor, whichever is higher).
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct SeverityThresholds {
    /// High at ≥ 1,000 or ≥ 3 days by default.
    pub high: Threshold,
    /// Medium at ≥ 100 or ≥ 1 day by default.
    pub medium: Threshold,
}

/// A suggested match a person confirmed: from now on it counts as matched.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct ConfirmedMatch {
    /// The settlement line.
    pub settlement_id: String,
    /// The order of the payment or refund.
    pub order_id: String,
    /// The payment (for a charge) or refund (for a refund settlement).
    pub record_id: String,
}

/// What to do with a column or key the schema does not know.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum Extras {
    #[serde(rename = "refuse")]
    Refuse,
    #[serde(rename = "ignore")]
    Ignore,
}

impl std::fmt::Display for Extras {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Extras::Refuse => "refuse",
            Extras::Ignore => "ignore",
        })
    }
}

/// Configuration of one tie-out.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct ReconConfig {
    /// The instant the tie-out is run as of: windows and ages count to it,
    /// and rows stamped after it wait for a later run.
    #[serde(with = "crate::instant::instant_serde")]
    pub as_of: SystemTime,
    /// Days a processor may take to settle a payment or refund (3).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlement_window_days: Option<u32>,
    /// Days a restocked return may wait for its refund, or a refund for its
    /// restock, before it is a leak (1: a refund the next morning is normal).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_grace_days: Option<u32>,
    /// Days an open order may wait to be captured in full after it was
    /// placed (14: a pick-up order is commonly held a week or two) before
    /// what is still uncaptured is a `PAYMENT_TOTAL_MISMATCH`.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture_window_days: Option<u32>,
    /// Expected fees; a processor with no rule has its fees summed, not checked.
    #[uniffi(default)]
    #[serde(default)]
    pub fee_schedule: Vec<FeeRule>,
    /// How far a fee may be from the expected one without flagging (0.01);
    /// a difference equal to it does not flag.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_tolerance: Option<DecimalText>,
    /// Severity thresholds.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<SeverityThresholds>,
    /// Suggested matches a person confirmed.
    #[uniffi(default)]
    #[serde(default)]
    pub confirmed_matches: Vec<ConfirmedMatch>,
    /// What to do with input columns and record keys the tables do not
    /// declare: refuse them (the default: a misspelt column would read as
    /// missing) or ignore them.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_columns: Option<Extras>,
}

/// How to read a report. Every field has a documented default.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct ReportOptions {
    /// Read every file in this layout instead of detecting it from the header.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<Layout>,
    /// The column (or, for Stripe API objects, the metadata key in
    /// `payment_metadata[key]` form) that holds the order id. Defaults:
    /// Stripe `payment_metadata[order_id]` (Dashboard `order_id (metadata)`),
    /// Adyen `Merchant Reference`, PayPal `Invoice ID`.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_reference: Option<String>,
    /// Stripe API objects listed for one payout (`GET
    /// /v1/balance_transactions?payout=po_…`): the payout they belong to.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payout: Option<String>,
    /// Adyen: the UTC offset (`+01:00`, `-06:00`) of each merchant account
    /// (`"*"` for every account) whose report has no `TimeZone` column or
    /// writes an ambiguous abbreviation (CST, IST, BST, GST, AST).
    #[uniffi(default)]
    #[serde(default)]
    pub time_zones: HashMap<String, String>,
    /// How many threads read a large CSV file (1 to 64; default 1 here,
    /// the machine's cores in the Python, Node and Swift packages, see
    /// `or_machine`). A file of 8 MiB or more is cut at
    /// record boundaries into parts of at least 4 MiB, read side by side
    /// and joined in file order: the result is the one reading it from
    /// start to end gives, for every count.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<u64>,
}

/// One line of a cart to reserve.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct CartLine {
    /// The product.
    pub sku: String,
    /// Where to hold it.
    pub location: String,
    /// Units (> 0).
    pub quantity: i64,
}

/// A whole cart (bundles already expanded into lines) to reserve at once.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct CartReservation {
    /// The cart or order; holds are named after it.
    pub cart_id: String,
    /// The lines; several may draw on the same SKU and location.
    pub lines: Vec<CartLine>,
    /// When the reservation is made.
    #[serde(with = "crate::instant::instant_serde")]
    pub occurred_at: SystemTime,
    /// When the holds lapse, if ever.
    #[serde(with = "crate::instant::optional_instant_serde")]
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<SystemTime>,
    /// Which system asks.
    pub source: String,
    /// Reserve what is there instead of refusing a short cart.
    #[uniffi(default)]
    #[serde(default)]
    pub allow_partial: bool,
}

/// What kind of place holds stock.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum LocationKind {
    #[serde(rename = "store")]
    Store,
    #[serde(rename = "warehouse")]
    Warehouse,
}

impl std::fmt::Display for LocationKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            LocationKind::Store => "store",
            LocationKind::Warehouse => "warehouse",
        })
    }
}

/// A location and what it can do.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct LocationInfo {
    /// The location.
    pub location: String,
    /// Store or warehouse.
    pub kind: LocationKind,
    /// Ships orders to customers (default: no; a location does what it says).
    #[uniffi(default)]
    #[serde(default)]
    pub ships: bool,
    /// Offers pickup in store (default: no).
    #[uniffi(default)]
    #[serde(default)]
    pub pickup: bool,
    /// Sells at a counter (default: no).
    #[uniffi(default)]
    #[serde(default)]
    pub counter: bool,
}

/// How many units to hold back from what a channel is shown.
#[derive(uniffi::Enum, Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(tag = "kind")]
pub enum BufferPolicy {
    /// Always hold back `units`.
    #[serde(rename = "fixed")]
    Fixed {
        /// Units held back.
        units: u64,
    },
    /// Hold back `percent` % of what is available, rounded up (a buffer
    /// protects, so a fraction of a unit counts as a unit), then clamped to
    /// `[min_units, max_units]`.
    #[serde(rename = "percent")]
    Percent {
        /// Share of available stock, 0–100, exact.
        percent: DecimalText,
        /// Floor on the buffer.
        #[uniffi(default = None)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_units: Option<u64>,
        /// Ceiling on the buffer; none means no ceiling.
        #[uniffi(default = None)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_units: Option<u64>,
    },
    /// Hold back what the sell-through velocity needs over the exposure
    /// window at the service level (`recommend_buffer`).
    #[serde(rename = "velocity")]
    Velocity {
        /// Units sold per hour.
        velocity_per_hour: f64,
        /// Sync interval + latency, in hours.
        exposure_hours: f64,
        /// Target P(no oversell), in (0, 1).
        service_level: f64,
    },
}

/// Which locations feed a channel, and the buffer it publishes under per method.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct ChannelConfig {
    /// The channel, e.g. `web`.
    pub channel: String,
    /// The locations whose stock the channel may sell.
    pub locations: Vec<String>,
    /// Buffer for shipped orders.
    pub ship_policy: BufferPolicy,
    /// Buffer for pickup orders.
    pub pickup_policy: BufferPolicy,
}

/// One order line to source.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct SourcingLine {
    /// The order line's id, echoed in the plan.
    pub line_id: String,
    /// The product.
    pub sku: String,
    /// Units (> 0).
    pub quantity: u64,
}

/// Where the order goes.
#[derive(uniffi::Enum, Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(tag = "type")]
pub enum SourcingDestination {
    /// Shipped to the customer: any node that ships may send.
    #[serde(rename = "ship")]
    Ship,
    /// Buy online, pick up in store: sourced from that store, or from other
    /// nodes by transfer only when `allow_transfers`.
    #[serde(rename = "pickup")]
    Pickup {
        /// The pickup store.
        store: String,
        /// Whether other nodes may send stock to the store.
        #[uniffi(default)]
        #[serde(default)]
        allow_transfers: bool,
    },
}

/// A candidate node: what it can send and what sending costs.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct SourcingNode {
    /// The location.
    pub location: String,
    /// Whether it ships orders (a store without a shipping desk does not).
    pub ships: bool,
    /// Units it may promise per SKU (its published quantity); never exceeded.
    pub available: HashMap<String, u64>,
    /// Fixed cost of one shipment (or transfer) from this node.
    pub per_shipment: DecimalText,
    /// Cost per unit sent from this node.
    pub per_unit: DecimalText,
    /// Per-SKU unit costs that override `per_unit` (a full cost table).
    #[uniffi(default)]
    #[serde(default)]
    pub per_unit_by_sku: HashMap<String, DecimalText>,
}

/// One line of an order. Amounts are in the order's currency, as decimal
/// text on the wire, and must already be in its minor units.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct OrderLine {
    /// The line's id, unique within the order.
    pub line_id: String,
    /// The canonical SKU.
    pub sku: String,
    /// Units ordered (> 0).
    pub quantity: i64,
    /// Price of one unit.
    pub unit_price: DecimalText,
    /// Discount on the whole line (≥ 0, ≤ price × quantity).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<DecimalText>,
    /// Tax charged on the line (≥ 0).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<DecimalText>,
}

/// How the goods reach the customer.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum Fulfilment {
    #[serde(rename = "carry_out")]
    CarryOut,
    #[serde(rename = "ship")]
    Ship,
    #[serde(rename = "pickup")]
    Pickup,
}

impl std::fmt::Display for Fulfilment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Fulfilment::CarryOut => "carry_out",
            Fulfilment::Ship => "ship",
            Fulfilment::Pickup => "pickup",
        })
    }
}

/// An order from any channel.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Order {
    /// The order.
    pub order_id: String,
    /// The channel that took it.
    pub channel: String,
    /// The store for a counter sale or a pickup; the planned node for a
    /// shipped order (optional: an allocation can name nodes later).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The order's currency; every amount is in it.
    pub currency: String,
    /// The lines.
    pub lines: Vec<OrderLine>,
    /// Discount on the whole order (≥ 0), spread over lines to refund it fairly.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_discount: Option<DecimalText>,
    /// Shipping charged (≥ 0).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<DecimalText>,
    /// The customer, when known.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// How it is fulfilled.
    pub fulfilment: Fulfilment,
}

/// Units of one line to hold at one node.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct OrderAllocation {
    /// The order line.
    pub line_id: String,
    /// The node that will ship (or the store that will hand over).
    pub location: String,
    /// Units (> 0).
    pub quantity: i64,
}

/// Units of one line.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct LineQuantity {
    /// The order line.
    pub line_id: String,
    /// Units (> 0).
    pub quantity: i64,
}

/// What became of a returned unit. Only restocked goods go back to sellable stock.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum Disposition {
    #[serde(rename = "restocked")]
    Restocked,
    #[serde(rename = "damaged")]
    Damaged,
    #[serde(rename = "needs_inspection")]
    NeedsInspection,
    #[serde(rename = "missing")]
    Missing,
}

impl std::fmt::Display for Disposition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Disposition::Restocked => "restocked",
            Disposition::Damaged => "damaged",
            Disposition::NeedsInspection => "needs_inspection",
            Disposition::Missing => "missing",
        })
    }
}

/// Units of one line coming back, and what became of them.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct ReturnLine {
    /// The order line.
    pub line_id: String,
    /// Units (> 0).
    pub quantity: i64,
    /// What became of them.
    pub disposition: Disposition,
}

/// One order event from any channel or till.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct OrderEvent {
    /// Idempotency key: the same id is applied at most once.
    pub event_id: String,
    /// The order.
    pub order_id: String,
    /// When it happened (stock events carry this time).
    #[serde(with = "crate::instant::instant_serde")]
    pub occurred_at: SystemTime,
    /// Which system or till sent it.
    pub source: String,
    /// What happened, with its own fields.
    #[serde(flatten)]
    pub kind: OrderEventKind,
}

/// The kinds of OrderEvent, by the tag the wire form carries.
#[derive(uniffi::Enum, Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(tag = "type")]
pub enum OrderEventKind {
    /// The order was placed: a web order holds its stock, a counter sale is sold.
    #[serde(rename = "placed")]
    Placed {
        /// The order (its id must be the event's `order_id`). Shared: the
        /// book keeps it once for the event log and the order's state.
        order: Order,
    },
    /// Open units are (re)assigned to nodes: earlier holds are released and
    /// these are held instead.
    #[serde(rename = "allocated")]
    Allocated {
        /// Where each open unit will come from.
        allocations: Vec<OrderAllocation>,
    },
    /// Payment was captured.
    #[serde(rename = "captured")]
    Captured {
        /// The payment, unique in the order.
        payment_id: String,
        /// Amount (> 0), in the order's currency.
        amount: DecimalText,
    },
    /// A shipment (or a hand-over at the counter) left `location`.
    #[serde(rename = "fulfilled")]
    Fulfilled {
        /// The shipment, unique in the order.
        shipment_id: String,
        /// The node it left from.
        location: String,
        /// Units per line.
        lines: Vec<LineQuantity>,
    },
    /// Every open unit is cancelled; what already shipped stays shipped.
    #[serde(rename = "cancelled")]
    Cancelled {
        /// Why, for people.
        #[uniffi(default = None)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// Goods came back at `location`, through `channel` (which may differ
    /// from the order's: bought online, returned at the counter).
    #[serde(rename = "returned")]
    Returned {
        /// The return, unique in the order.
        return_id: String,
        /// Where it was received.
        location: String,
        /// The channel that took it back (the order's when absent).
        #[uniffi(default = None)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        channel: Option<String>,
        /// Units per line, with their disposition.
        lines: Vec<ReturnLine>,
    },
    /// Money went back to the customer.
    #[serde(rename = "refunded")]
    Refunded {
        /// The refund, unique in the order.
        refund_id: String,
        /// The return it pays for; none for a goodwill refund.
        #[uniffi(default = None)]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        return_id: Option<String>,
        /// Amount (> 0), in the order's currency.
        amount: DecimalText,
    },
    /// The books on the order are closed: nothing more may happen to it.
    #[serde(rename = "closed")]
    Closed,
}

/// How shipping is refunded when goods come back.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum ShippingRefund {
    #[serde(rename = "never")]
    Never,
    #[serde(rename = "on_full_return")]
    OnFullReturn,
    #[serde(rename = "prorated")]
    Prorated,
}

impl std::fmt::Display for ShippingRefund {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ShippingRefund::Never => "never",
            ShippingRefund::OnFullReturn => "on_full_return",
            ShippingRefund::Prorated => "prorated",
        })
    }
}

/// How a destination (an ad platform, a partner) wants a hashed identifier.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum HashConvention {
    #[serde(rename = "canonical")]
    Canonical,
    #[serde(rename = "phone_digits_only")]
    PhoneDigitsOnly,
    #[serde(rename = "gmail_folded")]
    GmailFolded,
    #[serde(rename = "email_lowercase")]
    EmailLowercase,
}

impl std::fmt::Display for HashConvention {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            HashConvention::Canonical => "canonical",
            HashConvention::PhoneDigitsOnly => "phone_digits_only",
            HashConvention::GmailFolded => "gmail_folded",
            HashConvention::EmailLowercase => "email_lowercase",
        })
    }
}

/// One identifier on a record: clear (normalised here) or already hashed
/// (the lower-case hex SHA-256 of the canonical value).
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct IdentifierInput {
    /// `email`, `phone`, `loyalty`, or a caller's own kind (`web_account`).
    pub kind: String,
    /// The value as the channel has it.
    pub value: String,
    /// True when `value` is already the SHA-256 hex of the canonical value.
    #[uniffi(default)]
    #[serde(default)]
    pub hashed: bool,
    /// For a hashed value: the convention it was hashed under, when not
    /// Seamline's canonical form (an ad platform's digits-only phone). The
    /// policy must declare it in `hashed_conventions`.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub convention: Option<HashConvention>,
}

/// A customer record from any channel. A record is identified by `source`
/// and `record_id`; a newer observation of it replaces an older one.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct CustomerRecord {
    /// The system or channel that holds it (`pos`, `web`).
    pub source: String,
    /// Its id there.
    pub record_id: String,
    /// When the channel last saw it this way.
    #[serde(with = "crate::instant::instant_serde")]
    pub observed_at: SystemTime,
    /// The store's country for phone numbers written without `+` (ISO 3166).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Identifiers that may link it to other records.
    #[uniffi(default)]
    #[serde(default)]
    pub identifiers: Vec<IdentifierInput>,
    /// Everything else (name, address, marketing consent, …). Personal data.
    #[uniffi(default)]
    #[serde(default)]
    pub attributes: HashMap<String, String>,
}

/// Values clerks and forms type when a shopper gives none. Matching values
/// never link and are listed as issues on their records.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Placeholders {
    /// Email local parts that mean "no email" on any domain, compared with
    /// dots, dashes, underscores and a `+tag` removed (`no.email+1@shop.com`
    /// is `noemail`).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_local_parts: Option<Vec<String>>,
    /// Phones whose national number is one digit repeated (`555 555 5555`)
    /// or a run of consecutive digits (`123 456 7890`).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_repeated_digits: Option<bool>,
}

/// Households: four people on one landline, a couple with one email. A
/// value of one of `kinds` joins two sides only if their names and dates of
/// birth do not clearly differ; otherwise the merge goes to the review
/// queue with why, for a person to decide. A person's always-link or
/// accepted review still joins them.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Households {
    /// Kinds a household shares (default: `phone`, `email`); empty turns the check off.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinds: Option<Vec<String>>,
    /// Attributes holding a person's name, the first present wins (default:
    /// `given_name`, `first_name`, `name`). Of a full name the given name
    /// is compared (`Lee, Ann` and `Mrs Ann Lee` give `ann`).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_attributes: Option<Vec<String>>,
    /// Attributes holding a date of birth, the first present wins (default:
    /// `date_of_birth`, `birth_date`, `dob`), compared by its digits.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date_attributes: Option<Vec<String>>,
}

/// A loyalty program's id format.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct LoyaltyFormat {
    /// Fewest characters (after spaces and dashes are removed).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_len: Option<u64>,
    /// Most characters.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<u64>,
    /// Digits only (a card number), or letters and digits.
    #[uniffi(default)]
    #[serde(default)]
    pub digits_only: bool,
}

/// Which identifiers link records, how many a profile may hold, which
/// values never link, and whose attributes survive. Every field left out
/// of a serialized policy takes its default.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct LinkPolicy {
    /// Kinds that link, strongest first (merges are tried in this order).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_kinds: Option<Vec<String>>,
    /// At most this many distinct values of a kind in one profile; a merge
    /// that would exceed it goes to the review queue instead.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<HashMap<String, u64>>,
    /// Exact values that never link (a store's own phone, a family's shared
    /// email), by kind: each is checked and normalised when the policy is
    /// loaded, so a value that could never match is an error, not a no-op.
    #[uniffi(default)]
    #[serde(default)]
    pub blocked: Vec<IdentifierInput>,
    /// Patterns of values clerks type when a shopper gives none
    /// (`noemail@…`, `5555555555`): they never link either.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholders: Option<Placeholders>,
    /// Identifier kinds of the retailer's own (`web_account`, `card_token`)
    /// that records may carry besides `email`, `phone`, `loyalty` and the
    /// `link_kinds`. Any other kind on a record is an issue on that record
    /// (`Email`, `phone_number` and `""` are typos, not new kinds).
    #[uniffi(default)]
    #[serde(default)]
    pub kinds: Vec<String>,
    /// When a value people share (a landline, a family email) may link
    /// records by itself: not when their names or dates of birth clearly
    /// differ.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub households: Option<Households>,
    /// Conventions other than the canonical one that inbound hashed
    /// identifiers use (`phone_digits_only`, `email_lowercase`,
    /// `gmail_folded`): every clear value of their kind is also hashed
    /// that way, so such a hash links to it.
    #[uniffi(default)]
    #[serde(default)]
    pub hashed_conventions: Vec<HashConvention>,
    /// Gmail dot and `+tag` folding for emails (off by default).
    #[uniffi(default)]
    #[serde(default)]
    pub email_provider_rules: bool,
    /// The phone region for records that name none.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_region: Option<String>,
    /// The loyalty program's id format.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loyalty_format: Option<LoyaltyFormat>,
    /// Sources in survivorship order, strongest first (then most recent wins).
    #[uniffi(default)]
    #[serde(default)]
    pub source_priority: Vec<String>,
}

/// A person's decision about linking, recorded with who and why.
#[derive(uniffi::Enum, Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(tag = "type")]
pub enum Correction {
    /// These two records are different people: never in one profile.
    #[serde(rename = "never_link")]
    NeverLink {
        /// `source/record_id` of one record.
        record_a: String,
        /// `source/record_id` of the other.
        record_b: String,
        /// Who decided.
        by: String,
        /// Why.
        reason: String,
    },
    /// These two records are one person even without a shared identifier.
    #[serde(rename = "always_link")]
    AlwaysLink {
        /// `source/record_id` of one record.
        record_a: String,
        /// `source/record_id` of the other.
        record_b: String,
        /// Who decided.
        by: String,
        /// Why.
        reason: String,
    },
    /// A review item accepted as it was shown: its two sides, every record
    /// of both, are one profile (a person's decision, over the limits). What
    /// the item showed stays together even where a plain always-link of
    /// its two records would let a later limit split a side off.
    #[serde(rename = "accept_review")]
    AcceptReview {
        /// The item's `left` members (record keys).
        left: Vec<String>,
        /// The item's `right` members.
        right: Vec<String>,
        /// Who decided.
        by: String,
        /// Why.
        reason: String,
    },
    /// This identifier value links nothing (a shared family email, a store
    /// phone). Recorded as its hash (`hashed: true`), never the clear value.
    #[serde(rename = "never_link_value")]
    NeverLinkValue {
        /// The value.
        identifier: IdentifierInput,
        /// Who decided.
        by: String,
        /// Why.
        reason: String,
    },
}

/// What happened to points.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum PointsKind {
    #[serde(rename = "earn")]
    Earn,
    #[serde(rename = "redeem")]
    Redeem,
    #[serde(rename = "adjust")]
    Adjust,
    #[serde(rename = "expire")]
    Expire,
}

impl std::fmt::Display for PointsKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PointsKind::Earn => "earn",
            PointsKind::Redeem => "redeem",
            PointsKind::Adjust => "adjust",
            PointsKind::Expire => "expire",
        })
    }
}

/// A points event against a loyalty account (its loyalty id) or a record.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct PointsEvent {
    /// Idempotency key: two tills sending the same redemption apply it once.
    pub event_id: String,
    /// The loyalty id (normalised as the program's ids are), or…
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loyalty_id: Option<String>,
    /// …the `source/record_id` of a record, for points earned before a card.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// What happened.
    pub kind: PointsKind,
    /// Points (see the kind for the sign).
    pub points: i64,
    /// When.
    #[serde(with = "crate::instant::instant_serde")]
    pub occurred_at: SystemTime,
}

/// How one attribute is compared.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum Compare {
    #[serde(rename = "name")]
    Name,
    #[serde(rename = "text")]
    Text,
    #[serde(rename = "date")]
    Date,
    #[serde(rename = "exact")]
    Exact,
}

impl std::fmt::Display for Compare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Compare::Name => "name",
            Compare::Text => "text",
            Compare::Date => "date",
            Compare::Exact => "exact",
        })
    }
}

/// One compared attribute.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct ScoringField {
    /// The attribute's name on the records.
    pub attribute: String,
    /// How it is compared.
    pub compare: Compare,
    /// Its m probabilities (exact, close, different) among matches, if
    /// known; estimated with `u` otherwise.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub m: Option<Vec<f64>>,
    /// Its u probabilities among non-matches, if known.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub u: Option<Vec<f64>>,
}

/// A blocking key: the first `prefix` characters of each attribute
/// (all of it when none), joined; records sharing a key are compared.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct BlockingPart {
    /// The attribute.
    pub attribute: String,
    /// How many characters of it (all when none).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<u64>,
}

/// What is compared, how records are blocked, and which suggestions are made.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Scoring {
    /// The compared attributes.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<ScoringField>>,
    /// Blocking keys: a pair is a candidate when it shares any of them.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocking: Option<Vec<Vec<BlockingPart>>>,
    /// A block with more records than this is not compared (a common
    /// surname would make the work quadratic); its pairs may still meet
    /// through another key.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_block: Option<u64>,
    /// Suggestions with at least this match probability are made.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_probability: Option<f64>,
    /// The share of candidate pairs that match, when known (else estimated).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior: Option<f64>,
}

/// A component as a row gives it: SKU text and units per channel unit.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct ComponentRow {
    /// The canonical SKU.
    pub sku: String,
    /// Units of it per channel unit (default 1).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
}

/// A mapping row as it comes from a file or a channel's API.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct MappingRow {
    /// The channel.
    pub channel: String,
    /// The channel's stable id for the item (variant or catalog-object id).
    pub external_id: String,
    /// What one channel unit is: one component, or several for a bundle.
    pub components: Vec<ComponentRow>,
    /// The channel's own SKU text, when it has one (not assumed unique).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_sku: Option<String>,
}

/// A price valid over `[from, to)` (no `to`: open-ended).
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct PriceEntry {
    /// The product.
    pub sku: String,
    /// The channel it overrides the base price for; none for the base price.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The price.
    pub price: Money,
    /// Start of the window, inclusive.
    #[serde(with = "crate::instant::instant_serde")]
    pub from: SystemTime,
    /// End of the window, exclusive.
    #[serde(with = "crate::instant::optional_instant_serde")]
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<SystemTime>,
}

/// What a promotion takes off.
#[derive(uniffi::Enum, Clone, Debug, serde::Deserialize, serde::Serialize)]
#[serde(tag = "type")]
pub enum Discount {
    /// A percentage of the price (0–100).
    #[serde(rename = "percent_off")]
    PercentOff {
        /// The percentage, exact.
        percent: DecimalText,
    },
    /// A fixed amount off, in the price's currency.
    #[serde(rename = "amount_off")]
    AmountOff {
        /// The amount.
        amount: Money,
    },
}

/// A promotion over a set of SKUs, optionally some channels, and a window.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct Promotion {
    /// The promotion's id (stacking order among stackable ones).
    pub id: String,
    /// The SKUs it applies to.
    pub skus: Vec<String>,
    /// The channels it applies in; empty: every channel.
    #[uniffi(default)]
    #[serde(default)]
    pub channels: Vec<String>,
    /// Start, inclusive.
    #[serde(with = "crate::instant::instant_serde")]
    pub from: SystemTime,
    /// End, exclusive.
    #[serde(with = "crate::instant::optional_instant_serde")]
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<SystemTime>,
    /// What it takes off.
    pub discount: Discount,
    /// Applies on top of other promotions instead of competing with them.
    #[uniffi(default)]
    #[serde(default)]
    pub stackable: bool,
}

/// How an amount is rounded to its currency's minor unit.
#[derive(
    uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize,
)]
#[uniffi::export(Display)]
pub enum Rounding {
    #[serde(rename = "half_up")]
    HalfUp,
    #[serde(rename = "half_even")]
    HalfEven,
    #[serde(rename = "half_down")]
    HalfDown,
    #[serde(rename = "down")]
    Down,
    #[serde(rename = "up")]
    Up,
}

impl std::fmt::Display for Rounding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Rounding::HalfUp => "half_up",
            Rounding::HalfEven => "half_even",
            Rounding::HalfDown => "half_down",
            Rounding::Down => "down",
            Rounding::Up => "up",
        })
    }
}

/// How a channel shows prices, and how much lag is normal.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct MismatchRules {
    /// The channel.
    pub channel: String,
    /// The channel shows prices with tax included (the table holds them without).
    #[uniffi(default)]
    #[serde(default)]
    pub tax_inclusive: bool,
    /// The tax rate in percent, used when `tax_inclusive`.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_rate_percent: Option<DecimalText>,
    /// How the channel rounds a computed price to the minor unit (default half up).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding: Option<Rounding>,
    /// A price change this recent may not have reached the channel yet (the sync interval).
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace_seconds: Option<i64>,
}

/// A price as a channel's catalogue showed it.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct ObservedPrice {
    /// The channel's id for the item.
    pub external_id: String,
    /// The price shown.
    pub price: Money,
    /// When it was seen.
    #[serde(with = "crate::instant::instant_serde")]
    pub observed_at: SystemTime,
}

/// A field whose owner differs from its domain's: another system, or none
/// (a shared field, where the latest value wins).
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct FieldRule {
    /// The domain.
    pub domain: Domain,
    /// The field, as updates name it.
    pub field: String,
    /// The owning system; none makes the field shared.
    #[uniffi(default = None)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// One event as a source sent it: its sequence number and when it was sent.
#[derive(uniffi::Record, Clone, Debug, serde::Deserialize, serde::Serialize)]
pub struct SyncObservation {
    /// The sending system or till.
    pub source: String,
    /// The source's own sequence number (increasing by one per event).
    pub sequence: u64,
    /// When the source sent it.
    #[serde(with = "crate::instant::instant_serde")]
    pub sent_at: SystemTime,
}
