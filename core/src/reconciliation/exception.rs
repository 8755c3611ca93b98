//! What a tie-out reports about each row: an exception a person works, an
//! item still inside its window, or a match.

use super::input::Order;
use crate::currency::Currency;
use crate::instant::Instant;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::sync::Arc;

/// Why a row is in the exception queue. The string forms are stable.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReasonCode {
    /// A card or wallet payment with no charge settlement after the window.
    MissingSettlement,
    /// The charge's (or refund's) settled gross differs from the payment (refund) amount.
    AmountMismatch,
    /// The settlement's currency differs from the payment's; amounts are not compared.
    CurrencyMismatch,
    /// The fee differs from the schedule's by more than the tolerance.
    FeeVariance,
    /// A settlement row whose net ≠ gross − fee.
    SettlementArithmetic,
    /// A second charge (or refund) settlement for the same processor reference.
    DuplicateSettlement,
    /// A charge or refund settlement that matches no payment or refund.
    UnmatchedSettlement,
    /// An order's payments do not add up to its total.
    PaymentTotalMismatch,
    /// A fulfilled line with no sale movement for its order and SKU.
    MissingInventoryMovement,
    /// Sale (or restock) movements do not add up to the fulfilled (returned) quantity.
    InventoryQuantityMismatch,
    /// A sale or return movement that names an order (or return) that does not exist.
    UnmatchedMovement,
    /// A restocked return never credited after the grace period: a leak.
    ReturnWithoutCredit,
    /// A refund for a restockable return whose goods never came back into stock.
    CreditWithoutReturn,
    /// A processor refund with no refund settlement after the window.
    MissingRefundSettlement,
    /// Refunds for an order exceed what was paid.
    OverRefund,
    /// A refund that names a return that does not exist.
    UnknownReturn,
    /// A payout whose amount differs from the sum of its batch's net.
    BatchTotalMismatch,
    /// A chargeback, open until its reversal arrives.
    Chargeback,
    /// A row that cannot be read: a repeated id, a non-positive quantity, an
    /// amount finer than the currency's minor unit.
    InvalidRow,
}

impl ReasonCode {
    /// Every reason, in declaration order.
    pub const ALL: [ReasonCode; 19] = [
        ReasonCode::MissingSettlement,
        ReasonCode::AmountMismatch,
        ReasonCode::CurrencyMismatch,
        ReasonCode::FeeVariance,
        ReasonCode::SettlementArithmetic,
        ReasonCode::DuplicateSettlement,
        ReasonCode::UnmatchedSettlement,
        ReasonCode::PaymentTotalMismatch,
        ReasonCode::MissingInventoryMovement,
        ReasonCode::InventoryQuantityMismatch,
        ReasonCode::UnmatchedMovement,
        ReasonCode::ReturnWithoutCredit,
        ReasonCode::CreditWithoutReturn,
        ReasonCode::MissingRefundSettlement,
        ReasonCode::OverRefund,
        ReasonCode::UnknownReturn,
        ReasonCode::BatchTotalMismatch,
        ReasonCode::Chargeback,
        ReasonCode::InvalidRow,
    ];

    /// The stable string form (`"MISSING_SETTLEMENT"`).
    pub const fn as_str(self) -> &'static str {
        match self {
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
        }
    }

    /// The least severity the reason has whatever the amount: money already
    /// taken back (a chargeback) or books that do not add up is never low.
    pub(crate) fn floor(self) -> Severity {
        match self {
            ReasonCode::Chargeback | ReasonCode::OverRefund => Severity::High,
            ReasonCode::SettlementArithmetic
            | ReasonCode::BatchTotalMismatch
            | ReasonCode::DuplicateSettlement
            | ReasonCode::ReturnWithoutCredit
            | ReasonCode::CreditWithoutReturn
            | ReasonCode::InvalidRow => Severity::Medium,
            _ => Severity::Low,
        }
    }
}

/// How urgently a person should look.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Look when the rest is done.
    Low,
    /// Look today.
    Medium,
    /// Look first.
    High,
}

/// Which kind of record a reference names.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// An order.
    Order,
    /// A payment of an order.
    Payment,
    /// A refund of an order.
    Refund,
    /// A return of an order.
    Return,
    /// The fulfilments of one SKU of an order (inventory is matched per order and SKU).
    OrderSku,
    /// A settlement line.
    Settlement,
    /// A stock movement.
    Movement,
}

/// A record a person would open: its kind, its id and, for a record that
/// belongs to an order (payment, refund, return, order SKU), the order.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct RowRef {
    /// The kind.
    pub kind: RowKind,
    /// The order it belongs to.
    pub order_id: Option<Arc<str>>,
    /// Its id (the SKU for an order SKU).
    pub id: Arc<str>,
}

impl RowRef {
    /// A record of its own (an order, settlement line or movement).
    pub fn new(kind: RowKind, id: Arc<str>) -> Self {
        RowRef {
            kind,
            order_id: None,
            id,
        }
    }

    /// A record within an order.
    pub fn of_order(kind: RowKind, order_id: Arc<str>, id: Arc<str>) -> Self {
        RowRef {
            kind,
            order_id: Some(order_id),
            id,
        }
    }

    /// Text a person can search for: `payment W-1001/p1`, `settlement txn_9`.
    pub fn label(&self) -> String {
        let kind = match self.kind {
            RowKind::Order => "order",
            RowKind::Payment => "payment",
            RowKind::Refund => "refund",
            RowKind::Return => "return",
            RowKind::OrderSku => "order SKU",
            RowKind::Settlement => "settlement",
            RowKind::Movement => "movement",
        };
        match &self.order_id {
            Some(order) => format!("{kind} {order}/{}", self.id),
            None => format!("{kind} {}", self.id),
        }
    }

    fn digest_into(&self, hasher: &mut Sha256) {
        hasher.update([self.kind as u8]);
        if let Some(order) = &self.order_id {
            hasher.update(order.as_bytes());
        }
        hasher.update([0]);
        hasher.update(self.id.as_bytes());
        hasher.update([0]);
    }
}

/// The columns that list an exception's references by kind (in the queue's
/// CSV and Arrow tables), one per kind of record, in this order.
pub const REFERENCE_COLUMNS: [(&str, RowKind); 7] = [
    ("orders", RowKind::Order),
    ("payments", RowKind::Payment),
    ("refunds", RowKind::Refund),
    ("returns", RowKind::Return),
    ("order_skus", RowKind::OrderSku),
    ("settlements", RowKind::Settlement),
    ("movements", RowKind::Movement),
];

/// A likely counterpart for an unmatched settlement, shown to a person and
/// never counted as matched until they confirm it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "SettlementSuggestion")]
pub struct Suggestion {
    /// The payment or refund.
    pub record: RowRef,
    /// Why it was suggested.
    pub evidence: String,
}

/// One item of the exception queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Exception {
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
    pub currency: Option<Currency>,
    /// What the books say it should be.
    #[schemars(with = "Option<crate::wire_types::Amount>")]
    #[serde(with = "crate::money::optional_amount_text")]
    pub expected: Option<Decimal>,
    /// What it is.
    #[schemars(with = "Option<crate::wire_types::Amount>")]
    #[serde(with = "crate::money::optional_amount_text")]
    pub actual: Option<Decimal>,
    /// `actual − expected`.
    #[schemars(with = "Option<crate::wire_types::Amount>")]
    #[serde(with = "crate::money::optional_amount_text")]
    pub difference: Option<Decimal>,
    /// Money that may be lost; absent when the inputs do not say (a unit count).
    #[schemars(with = "Option<crate::wire_types::Amount>")]
    #[serde(with = "crate::money::optional_amount_text")]
    pub amount_at_risk: Option<Decimal>,
    /// When it became an exception (its age counts from here).
    pub since: Instant,
    /// One line a person understands.
    pub message: String,
    /// For an unmatched settlement: the one likely counterpart.
    pub suggestion: Option<Suggestion>,
    /// For an unmatched settlement: several likely counterparts, listed, not guessed.
    pub candidates: Vec<RowRef>,
    /// For a chargeback: the order with its payments, fulfilments, returns,
    /// refunds and customer — one record to pull for a representment.
    pub evidence: Option<Box<Order>>,
    /// Changes whenever the exception's inputs change; an accepted exception
    /// stays closed while it is the same.
    pub fingerprint: String,
}

impl Exception {
    /// The ids of the records of `kind` it references, in order: a record of
    /// an order as `order/id` (a payment `W-1/p1`, an order SKU `W-1/MUG`),
    /// an order, settlement line or movement by its id.
    pub fn referenced(&self, kind: RowKind) -> Vec<String> {
        referenced(&self.references, kind)
    }
}

/// The ids of the rows of `kind` among `rows`, a child row as
/// `order/id`: what a table's column of that kind holds.
fn referenced(rows: &[RowRef], kind: RowKind) -> Vec<String> {
    rows.iter()
        .filter(|r| r.kind == kind)
        .map(|r| match &r.order_id {
            Some(o) => format!("{o}/{}", r.id),
            None => r.id.to_string(),
        })
        .collect()
}

/// The wire name of one of this module's enums (`"order_sku"`, `"high"`,
/// `"awaiting_settlement"`), for bindings without serde.
pub fn wire_name<T: Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// An enum of this module from its wire name; an unknown name is `INVALID_ARGUMENT` for `field`.
pub fn from_wire_name<T: serde::de::DeserializeOwned>(field: &str, name: &str) -> crate::Result<T> {
    serde_json::from_value(serde_json::Value::String(name.into())).map_err(|_| {
        crate::Error::invalid_argument(field, format!("{name:?}"), "not a known value")
    })
}

/// Hex of the first 8 bytes of a digest.
fn short_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(16);
    for b in &bytes[..8] {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The stable id of `reason` on `key`.
pub(crate) fn exception_id(reason: ReasonCode, key: &RowRef) -> String {
    let mut hasher = Sha256::new();
    hasher.update(reason.as_str().as_bytes());
    hasher.update([0]);
    key.digest_into(&mut hasher);
    format!("X-{}", short_hex(&hasher.finalize()))
}

/// The stable id of `reason` on one `facet` of `key`: a SKU of a return,
/// a line of it, where one record carries several exceptions of one reason.
pub(crate) fn exception_id_for(reason: ReasonCode, key: &RowRef, facet: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(reason.as_str().as_bytes());
    hasher.update([0]);
    key.digest_into(&mut hasher);
    hasher.update(facet.as_bytes());
    hasher.update([0]);
    format!("X-{}", short_hex(&hasher.finalize()))
}

/// A digest of what the exception says, so a change in its inputs shows.
pub(crate) fn fingerprint(e: &Exception) -> String {
    let mut hasher = Sha256::new();
    hasher.update(e.id.as_bytes());
    for r in &e.references {
        r.digest_into(&mut hasher);
    }
    for value in [e.expected, e.actual, e.amount_at_risk] {
        match value {
            Some(v) => hasher.update(v.normalize().to_string().as_bytes()),
            None => hasher.update(b"-"),
        }
        hasher.update([0]);
    }
    if let Some(c) = e.currency {
        hasher.update(c.code().as_bytes());
    }
    short_hex(&hasher.finalize())
}

/// Why a row is waiting rather than matched or an exception.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PendingReason {
    /// A payment inside its settlement window.
    AwaitingSettlement,
    /// A processor refund inside its settlement window.
    AwaitingRefundSettlement,
    /// A restocked return inside its grace period for a refund.
    AwaitingCredit,
    /// A refund inside its grace period for the goods to come back into stock.
    AwaitingRestock,
    /// An open order not yet captured in full, inside its capture window.
    AwaitingCapture,
    /// Stamped after the as-of instant: for a later run.
    AfterAsOf,
}

/// A row inside its window: normal today, an exception if it is still here after `due`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Pending {
    /// The row.
    pub row: RowRef,
    /// What it waits for.
    pub reason: PendingReason,
    /// When waiting ends (the as-of run after this reports it).
    pub due: Instant,
    /// Its currency and amount, when it is money.
    pub currency: Option<Currency>,
    /// The amount.
    #[schemars(with = "Option<crate::wire_types::Amount>")]
    #[serde(with = "crate::money::optional_amount_text")]
    pub amount: Option<Decimal>,
}

/// How rows were matched.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// A payment and its charge settlement, by processor reference.
    ChargeByProcessorReference,
    /// A payment and its charge settlement, by the merchant's reference.
    ChargeByMerchantReference,
    /// A refund and its refund settlement, by processor reference.
    RefundByProcessorReference,
    /// A refund and its refund settlement, by the merchant's reference.
    RefundByMerchantReference,
    /// A match a person confirmed.
    Confirmed,
    /// An order SKU's fulfilments and its sale movements.
    Inventory,
    /// A restocked return, its restock movements and its refunds.
    Return,
    /// A chargeback and its reversal.
    ChargebackReversed,
    /// A payout and the settlement lines of its batch.
    Payout,
    /// A row with nothing to pair with that the tie-out accounts for:
    /// a cash, gift card or store-credit tender or refund, an order, a fee,
    /// adjustment or chargeback-reversal line, a receipt, count,
    /// adjustment or transfer movement.
    Accounted,
}

/// Rows that tie out together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Match {
    /// How.
    pub kind: MatchKind,
    /// The rows (the anchor first).
    pub rows: Vec<RowRef>,
}

impl Match {
    /// The ids of its rows of `kind`, a child row as `order/id` (as
    /// [`Exception::referenced`] gives them).
    pub fn referenced(&self, kind: RowKind) -> Vec<String> {
        referenced(&self.rows, kind)
    }
}

/// What was matched: groups of rows kept column by column in one table, so a
/// day of millions of matches costs no allocation per match and 33 bytes a
/// row; a [`Match`] is built when it is read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matches {
    kinds: Vec<MatchKind>,
    ends: Vec<u32>,
    row_kinds: Vec<RowKind>,
    row_orders: Vec<Option<Arc<str>>>,
    row_ids: Vec<Arc<str>>,
}

/// `prefix`, then runs of `tail`'s and `theirs`' items (`runs`: whose,
/// and how many, in order), built in `theirs`' own vector: grown to the
/// whole length, its items moved back to their places from the end, the
/// others put in the gaps. Nothing is held twice.
#[allow(
    clippy::arithmetic_side_effects,
    reason = "positions within one vector: the write position never passes the read one"
)]
fn fill_in<T: Clone>(
    mut theirs: Vec<T>,
    prefix: Vec<T>,
    mut tail: Vec<T>,
    runs: &[(bool, usize)],
    gap: T,
) -> Vec<T> {
    let mut read = theirs.len();
    let mut write = prefix.len() + tail.len() + read;
    theirs.resize(write, gap);
    for &(is_theirs, n) in runs.iter().rev() {
        for _ in 0..n {
            write -= 1;
            if is_theirs {
                read -= 1;
                theirs.swap(write, read);
            } else if let Some(item) = tail.pop() {
                theirs[write] = item;
            }
        }
    }
    for (slot, item) in theirs.iter_mut().zip(prefix) {
        *slot = item;
    }
    theirs
}

impl Matches {
    pub(crate) fn with_capacity(matches: usize, rows: usize) -> Self {
        Matches {
            kinds: Vec::with_capacity(matches),
            ends: Vec::with_capacity(matches),
            row_kinds: Vec::with_capacity(rows),
            row_orders: Vec::with_capacity(rows),
            row_ids: Vec::with_capacity(rows),
        }
    }

    pub(crate) fn push(&mut self, kind: MatchKind, rows: impl IntoIterator<Item = RowRef>) {
        for r in rows {
            self.row_kinds.push(r.kind);
            self.row_orders.push(r.order_id);
            self.row_ids.push(r.id);
        }
        self.kinds.push(kind);
        self.ends.push(self.row_ids.len() as u32);
    }

    /// How many rows the matches hold between them.
    pub(crate) fn row_count(&self) -> usize {
        self.row_ids.len()
    }

    /// The positions of the `i`-th match's rows (`i` below [`len`](Self::len)).
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "run boundaries: i > 0 here, and ends are offsets into one vector"
    )]
    pub(crate) fn span(&self, i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        start..self.ends[i] as usize
    }

    /// The kind, order and id of the row at position `k` (in a [`span`](Self::span)).
    pub(crate) fn row(&self, k: usize) -> (RowKind, Option<&str>, &str) {
        (
            self.row_kinds[k],
            self.row_orders[k].as_deref(),
            &self.row_ids[k],
        )
    }

    /// Appends the `i`-th match of `other`.
    pub(crate) fn push_from(&mut self, other: &Matches, i: usize) {
        for k in other.span(i) {
            self.row_kinds.push(other.row_kinds[k]);
            self.row_orders.push(other.row_orders[k].clone());
            self.row_ids.push(Arc::clone(&other.row_ids[k]));
        }
        self.kinds.push(other.kinds[i]);
        self.ends.push(self.row_ids.len() as u32);
    }

    /// Moves `other`'s matches in among this one's from match `from` on,
    /// group by group: this one's up to its count `ours[g]`, then `other`'s
    /// up to its count `theirs[g]` (running counts of matches; `ours`
    /// counts from the start of this one), then what is left of each. Two
    /// lists built apart come out as the one list built in step.
    ///
    /// The rows' ids end in `other`'s vectors, grown in place and filled
    /// from the back, so the day's matches are never held twice over (the
    /// larger side is the stock side's millions of inventory matches).
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "counts and offsets of the rows of two lists, each within its own"
    )]
    pub(crate) fn interleave(&mut self, from: usize, other: Matches, ours: &[u32], theirs: &[u32]) {
        let first_row = self.span_start(from);
        let tail_rows = (
            self.row_orders.split_off(first_row),
            self.row_ids.split_off(first_row),
        );
        let tail = Matches {
            kinds: self.kinds.split_off(from),
            ends: self
                .ends
                .split_off(from)
                .into_iter()
                .map(|e| e - first_row as u32)
                .collect(),
            row_kinds: self.row_kinds.split_off(first_row),
            row_orders: tail_rows.0,
            row_ids: tail_rows.1,
        };
        // Runs of matches in their final order: (theirs?, first, past the last).
        let mut runs: Vec<(bool, usize, usize)> = Vec::new();
        let (mut a, mut b) = (0, 0);
        for (&x, &y) in ours.iter().zip(theirs) {
            let x = (x as usize).saturating_sub(from).min(tail.len());
            let y = (y as usize).min(other.len());
            if x > a {
                runs.push((false, a, x));
                a = x;
            }
            if y > b {
                runs.push((true, b, y));
                b = y;
            }
        }
        runs.push((false, a, tail.len()));
        runs.push((true, b, other.len()));
        runs.retain(|r| r.2 > r.1);
        // The small columns, rebuilt in order.
        for &(theirs, start, end) in &runs {
            let side = if theirs { &other } else { &tail };
            for i in start..end {
                let rows = side.span(i);
                self.row_kinds
                    .extend_from_slice(&side.row_kinds[rows.clone()]);
                self.kinds.push(side.kinds[i]);
                let at = self.ends.last().copied().unwrap_or(0);
                self.ends.push(at + rows.len() as u32);
            }
        }
        // The ids, in place in `other`'s vectors.
        let row_runs: Vec<(bool, usize)> = runs
            .iter()
            .map(|&(theirs, start, end)| {
                let side = if theirs { &other } else { &tail };
                (theirs, side.span_start(end) - side.span_start(start))
            })
            .collect();
        let prefix = (
            std::mem::take(&mut self.row_orders),
            std::mem::take(&mut self.row_ids),
        );
        self.row_orders = fill_in(other.row_orders, prefix.0, tail.row_orders, &row_runs, None);
        self.row_ids = fill_in(
            other.row_ids,
            prefix.1,
            tail.row_ids,
            &row_runs,
            Arc::from(""),
        );
    }

    /// Where the `i`-th match's rows start (the row count, at the end).
    fn span_start(&self, i: usize) -> usize {
        match i.checked_sub(1) {
            Some(before) => self.ends[before] as usize,
            None => 0,
        }
    }

    /// The matches as columns, to send compactly (a partitioned run's part).
    pub(crate) fn to_columns(&self) -> MatchColumns {
        MatchColumns {
            kinds: self.kinds.clone(),
            ends: self.ends.clone(),
            row_kinds: self.row_kinds.clone(),
            row_orders: self.row_orders.clone(),
            row_ids: self.row_ids.clone(),
        }
    }

    /// Matches from columns [`to_columns`](Self::to_columns) wrote; columns
    /// that do not fit together (a forged part) are `None`.
    pub(crate) fn from_columns(c: MatchColumns) -> Option<Matches> {
        let rows = c.row_ids.len();
        let fits = c.kinds.len() == c.ends.len()
            && c.row_kinds.len() == rows
            && c.row_orders.len() == rows
            && c.ends.last().map_or(rows == 0, |&e| e as usize == rows)
            // Every match has a row: ends strictly increase from above 0.
            && c.ends.first().is_none_or(|&e| e > 0)
            && c.ends.windows(2).all(|w| w[0] < w[1]);
        fits.then_some(Matches {
            kinds: c.kinds,
            ends: c.ends,
            row_kinds: c.row_kinds,
            row_orders: c.row_orders,
            row_ids: c.row_ids,
        })
    }

    /// Matches from a list, in its order.
    pub(crate) fn from_list(matches: Vec<Match>) -> Self {
        let rows = matches.iter().map(|m| m.rows.len()).sum();
        let mut out = Matches::with_capacity(matches.len(), rows);
        for m in matches {
            out.push(m.kind, m.rows);
        }
        out
    }

    /// The kind of the `i`-th match (`i` below [`len`](Self::len)).
    pub(crate) fn kind(&self, i: usize) -> MatchKind {
        self.kinds[i]
    }

    /// How many matches.
    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    /// Whether nothing was matched.
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// The `i`-th match.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "run boundaries: i > 0 here, and ends are offsets into one vector"
    )]
    pub fn get(&self, i: usize) -> Option<Match> {
        let kind = *self.kinds.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let rows = (start..self.ends[i] as usize)
            .map(|k| RowRef {
                kind: self.row_kinds[k],
                order_id: self.row_orders[k].clone(),
                id: Arc::clone(&self.row_ids[k]),
            })
            .collect();
        Some(Match { kind, rows })
    }

    /// Every match, in the report's order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Match> + '_ {
        (0..self.len()).map(|i| self.get(i).expect("in range"))
    }
}

/// [`Matches`] column by column, as a partitioned run's part sends them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct MatchColumns {
    kinds: Vec<MatchKind>,
    ends: Vec<u32>,
    row_kinds: Vec<RowKind>,
    row_orders: Vec<Option<Arc<str>>>,
    row_ids: Vec<Arc<str>>,
}

impl Serialize for Matches {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Matches {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Matches::from_list(Vec::<Match>::deserialize(d)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(kind: MatchKind, ids: &[&str]) -> Matches {
        let mut m = Matches::default();
        for id in ids {
            m.push(kind, [RowRef::new(RowKind::Movement, (*id).into())]);
        }
        m
    }

    fn ids(m: &Matches) -> Vec<String> {
        (0..m.len())
            .map(|i| m.get(i).unwrap().rows[0].id.to_string())
            .collect()
    }

    #[test]
    fn interleaving_places_each_group_s_matches_in_step() {
        // Two settlement matches first, then three orders: the first with
        // one of ours and two of theirs, the second with none of ours, the
        // third with two of ours and none of theirs.
        let mut ours = of(MatchKind::Payout, &["p1", "p2"]);
        ours.push(
            MatchKind::Return,
            [
                RowRef::new(RowKind::Return, "r1".into()),
                RowRef::new(RowKind::Movement, "m1".into()),
            ],
        );
        let tail = of(MatchKind::Return, &["r3", "r3b"]);
        for i in 0..tail.len() {
            ours.push_from(&tail, i);
        }
        let theirs = of(MatchKind::Inventory, &["i1", "i1b", "i2"]);
        ours.interleave(2, theirs, &[3, 3, 5], &[2, 3, 3]);
        assert_eq!(
            ids(&ours),
            ["p1", "p2", "r1", "i1", "i1b", "i2", "r3", "r3b"]
        );
        // Rows travel with their match.
        assert_eq!(ours.get(2).unwrap().rows.len(), 2);
        assert_eq!(ours.row_count(), 9);
        assert_eq!(ours.get(3).unwrap().kind, MatchKind::Inventory);
    }

    #[test]
    fn interleaving_with_nothing_on_either_side_keeps_the_other() {
        let mut ours = of(MatchKind::Payout, &["p1", "p2"]);
        ours.interleave(2, Matches::default(), &[2, 2], &[0, 0]);
        assert_eq!(ids(&ours), ["p1", "p2"]);
        let mut ours = of(MatchKind::Payout, &["p1"]);
        ours.interleave(1, of(MatchKind::Inventory, &["i1", "i2"]), &[1, 1], &[1, 2]);
        assert_eq!(ids(&ours), ["p1", "i1", "i2"]);
        let mut none = Matches::default();
        none.interleave(0, of(MatchKind::Inventory, &["i1"]), &[], &[]);
        assert_eq!(ids(&none), ["i1"]);
    }
}
