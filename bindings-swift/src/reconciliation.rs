//! The daily tie-out for Swift: the records are core's schemas, generated
//! into `records.rs`; `Decimal` for amounts, `Date` for instants. A record
//! whose ids or currency do not read is an `INVALID_ROW` exception of the
//! tie-out, never a throw that loses the rest.

use crate::instant::{instant, system_time};
use crate::records::{
    FulfilledLine, Movement, Payment, PaymentMethod, ReconOrder, ReconOrderStatus, Refund,
    ReturnRecord, SettlementKind, SettlementLine,
};
use crate::{DecimalText, SeamlineError};
use seamline::reconciliation as core;

use seamline::{ChannelId, ProcessorId, RecordId};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::SystemTime;

type Res<T> = Result<T, seamline::Error>;

fn text(d: &DecimalText, field: &str) -> Res<seamline::Decimal> {
    seamline::parse_decimal(field, &d.0)
}

fn dec(d: seamline::Decimal) -> DecimalText {
    DecimalText(d.to_string())
}

fn opt_dec(d: Option<seamline::Decimal>) -> Option<DecimalText> {
    d.map(dec)
}

fn opt<T>(v: &Option<String>, make: fn(&str) -> Res<T>) -> Res<Option<T>> {
    v.as_deref().map(make).transpose()
}

impl From<PaymentMethod> for core::PaymentMethod {
    fn from(m: PaymentMethod) -> Self {
        match m {
            PaymentMethod::Card => core::PaymentMethod::Card,
            PaymentMethod::Wallet => core::PaymentMethod::Wallet,
            PaymentMethod::Cash => core::PaymentMethod::Cash,
            PaymentMethod::GiftCard => core::PaymentMethod::GiftCard,
            PaymentMethod::StoreCredit => core::PaymentMethod::StoreCredit,
        }
    }
}

impl From<core::PaymentMethod> for PaymentMethod {
    fn from(m: core::PaymentMethod) -> Self {
        match m {
            core::PaymentMethod::Card => PaymentMethod::Card,
            core::PaymentMethod::Wallet => PaymentMethod::Wallet,
            core::PaymentMethod::Cash => PaymentMethod::Cash,
            core::PaymentMethod::GiftCard => PaymentMethod::GiftCard,
            core::PaymentMethod::StoreCredit => PaymentMethod::StoreCredit,
        }
    }
}

impl From<core::OrderStatus> for ReconOrderStatus {
    fn from(s: core::OrderStatus) -> Self {
        match s {
            core::OrderStatus::Open => ReconOrderStatus::Open,
            core::OrderStatus::Fulfilled => ReconOrderStatus::Fulfilled,
            core::OrderStatus::Cancelled => ReconOrderStatus::Cancelled,
        }
    }
}

impl From<&core::Order> for ReconOrder {
    fn from(o: &core::Order) -> Self {
        ReconOrder {
            order_id: o.order_id.to_string(),
            channel: o.channel.to_string(),
            currency: o.currency.code().to_string(),
            total: dec(o.total),
            placed_at: system_time(o.placed_at),
            customer: o.customer.as_ref().map(ToString::to_string),
            status: Some(o.status.into()),
            payments: o
                .payments
                .iter()
                .map(|p| Payment {
                    payment_id: p.payment_id.to_string(),
                    method: p.method.into(),
                    processor: p.processor.as_ref().map(ToString::to_string),
                    processor_reference: p.processor_reference.clone(),
                    amount: dec(p.amount),
                    captured_at: system_time(p.captured_at),
                })
                .collect(),
            fulfilments: o
                .fulfilments
                .iter()
                .map(|f| FulfilledLine {
                    line_id: f.line_id.to_string(),
                    sku: f.sku.to_string(),
                    quantity: f.quantity,
                    location: f.location.to_string(),
                    fulfilled_at: system_time(f.fulfilled_at),
                })
                .collect(),
            returns: o
                .returns
                .iter()
                .map(|r| ReturnRecord {
                    return_id: r.return_id.to_string(),
                    line_id: r.line_id.to_string(),
                    sku: r.sku.to_string(),
                    quantity: r.quantity,
                    restock: r.restock,
                    location: r.location.to_string(),
                    received_at: system_time(r.received_at),
                })
                .collect(),
            refunds: o
                .refunds
                .iter()
                .map(|r| Refund {
                    refund_id: r.refund_id.to_string(),
                    return_id: r.return_id.as_ref().map(ToString::to_string),
                    method: r.method.into(),
                    processor: r.processor.as_ref().map(ToString::to_string),
                    processor_reference: r.processor_reference.clone(),
                    amount: dec(r.amount),
                    issued_at: system_time(r.issued_at),
                })
                .collect(),
        }
    }
}

impl From<core::SettlementKind> for SettlementKind {
    fn from(k: core::SettlementKind) -> Self {
        match k {
            core::SettlementKind::Charge => SettlementKind::Charge,
            core::SettlementKind::Refund => SettlementKind::Refund,
            core::SettlementKind::Chargeback => SettlementKind::Chargeback,
            core::SettlementKind::ChargebackReversal => SettlementKind::ChargebackReversal,
            core::SettlementKind::Fee => SettlementKind::Fee,
            core::SettlementKind::Adjustment => SettlementKind::Adjustment,
            core::SettlementKind::Payout => SettlementKind::Payout,
        }
    }
}

impl From<&core::SettlementLine> for SettlementLine {
    fn from(l: &core::SettlementLine) -> Self {
        SettlementLine {
            id: l.id.to_string(),
            kind: l.kind.into(),
            processor: l.processor.to_string(),
            processor_reference: l.processor_reference.clone(),
            merchant_reference: l.merchant_reference.clone(),
            gross: opt_dec(l.gross),
            fee: opt_dec(l.fee),
            net: dec(l.net),
            currency: l.currency.code().to_string(),
            settled_at: system_time(l.settled_at),
            batch_id: l.batch_id.as_ref().map(ToString::to_string),
            original_gross: opt_dec(l.original_gross),
            original_currency: l.original_currency.map(|c| c.code().to_string()),
            exchange_rate: opt_dec(l.exchange_rate),
        }
    }
}

/// What a processor charges a transaction: `percent` of the gross plus `fixed`.
#[derive(uniffi::Record)]
pub struct FeeRule {
    pub processor: String,
    #[uniffi(default = None)]
    pub channel: Option<String>,
    #[uniffi(default = None)]
    pub method: Option<PaymentMethod>,
    /// `2.9` is 2.9 %.
    pub percent: DecimalText,
    pub fixed: DecimalText,
}

/// An amount at risk and an age from which an exception has a severity.
#[derive(uniffi::Record)]
pub struct SeverityThreshold {
    pub amount: DecimalText,
    pub age_days: u32,
}

/// A suggested match a person confirmed.
#[derive(uniffi::Record)]
pub struct ConfirmedMatch {
    pub settlement_id: String,
    pub order_id: String,
    pub record_id: String,
}

/// How a tie-out is run.
#[derive(uniffi::Record)]
pub struct ReconConfig {
    pub as_of: SystemTime,
    #[uniffi(default = 3)]
    pub settlement_window_days: u32,
    #[uniffi(default = 1)]
    pub credit_grace_days: u32,
    /// Days an open order may wait to be captured in full.
    #[uniffi(default = 14)]
    pub capture_window_days: u32,
    #[uniffi(default = [])]
    pub fee_schedule: Vec<FeeRule>,
    /// `0.01` when nil; a difference equal to it does not flag.
    #[uniffi(default = None)]
    pub fee_tolerance: Option<DecimalText>,
    /// High at ≥ 1,000 or ≥ 3 days when nil.
    #[uniffi(default = None)]
    pub high: Option<SeverityThreshold>,
    /// Medium at ≥ 100 or ≥ 1 day when nil.
    #[uniffi(default = None)]
    pub medium: Option<SeverityThreshold>,
    #[uniffi(default = [])]
    pub confirmed_matches: Vec<ConfirmedMatch>,
}

impl ReconConfig {
    fn to_core(&self) -> Res<core::Config> {
        let mut c = core::Config::new(instant(self.as_of)?);
        c.settlement_window_days = self.settlement_window_days;
        c.credit_grace_days = self.credit_grace_days;
        c.capture_window_days = self.capture_window_days;
        for r in &self.fee_schedule {
            c.fee_schedule.push(core::FeeRule {
                processor: ProcessorId::new(&r.processor)?,
                channel: opt(&r.channel, ChannelId::new)?,
                method: r.method.map(Into::into),
                percent: text(&r.percent, "percent")?,
                fixed: text(&r.fixed, "fixed")?,
            });
        }
        if let Some(t) = &self.fee_tolerance {
            c.fee_tolerance = text(t, "fee_tolerance")?;
        }
        let threshold = |t: &SeverityThreshold| -> Res<core::Threshold> {
            Ok(core::Threshold {
                amount: text(&t.amount, "severity.amount")?,
                age_days: t.age_days,
            })
        };
        if let Some(h) = &self.high {
            c.severity.high = threshold(h)?;
        }
        if let Some(m) = &self.medium {
            c.severity.medium = threshold(m)?;
        }
        for m in &self.confirmed_matches {
            c.confirmed_matches.push(core::ConfirmedMatch {
                settlement_id: RecordId::new(&m.settlement_id)?,
                order_id: m.order_id.clone(),
                record_id: RecordId::new(&m.record_id)?,
            });
        }
        Ok(c)
    }
}

use core::{from_wire_name as parse_word, wire_name as wire};

/// A record a person would open: `kind` is `order`, `payment`, `refund`,
/// `return`, `order_sku`, `settlement` or `movement`.
#[derive(uniffi::Record)]
pub struct RowRef {
    pub kind: String,
    pub order_id: Option<String>,
    pub id: String,
}

impl From<&core::RowRef> for RowRef {
    fn from(r: &core::RowRef) -> Self {
        RowRef {
            kind: wire(r.kind),
            order_id: r.order_id.as_deref().map(str::to_string),
            id: r.id.to_string(),
        }
    }
}

/// A likely counterpart for an unmatched settlement, never counted until confirmed.
#[derive(uniffi::Record)]
pub struct Suggestion {
    pub record: RowRef,
    pub evidence: String,
}

/// One item of the exception queue. `reason` and `severity` (`low`,
/// `medium`, `high`) are the stable wire names.
#[derive(uniffi::Record)]
pub struct ReconException {
    pub id: String,
    pub reason: String,
    pub severity: String,
    pub key: RowRef,
    pub references: Vec<RowRef>,
    /// Nil when the amounts count units.
    pub currency: Option<String>,
    pub expected: Option<DecimalText>,
    pub actual: Option<DecimalText>,
    pub difference: Option<DecimalText>,
    pub amount_at_risk: Option<DecimalText>,
    pub since: SystemTime,
    pub message: String,
    pub suggestion: Option<Suggestion>,
    pub candidates: Vec<RowRef>,
    /// For a chargeback: the order, to pull for a representment.
    pub evidence: Option<ReconOrder>,
    pub fingerprint: String,
}

/// A row inside its window.
#[derive(uniffi::Record)]
pub struct ReconPending {
    pub row: RowRef,
    pub reason: String,
    pub due: SystemTime,
    pub currency: Option<String>,
    pub amount: Option<DecimalText>,
}

/// Rows that tie out together.
#[derive(uniffi::Record)]
pub struct ReconMatch {
    pub kind: String,
    pub rows: Vec<RowRef>,
}

/// A tie-out identity with its two sides; `ok` when they are equal.
#[derive(uniffi::Record)]
pub struct Identity {
    /// `captured_settles`, `refunds_settle`, `gross_less_fees_is_net` or `payouts_equal_batches`.
    pub name: String,
    pub statement: String,
    pub left: DecimalText,
    pub right: DecimalText,
    pub ok: bool,
}

/// Money per currency, exact.
#[derive(uniffi::Record)]
pub struct CurrencySummary {
    pub currency: String,
    pub orders: u64,
    pub open_orders: u64,
    pub cancelled_orders: u64,
    /// What open and fulfilled orders are owed.
    pub order_total: DecimalText,
    pub awaiting_capture: DecimalText,
    pub payments_captured: DecimalText,
    pub processor_captured: DecimalText,
    pub settled_gross: DecimalText,
    pub amount_differences: DecimalText,
    pub currency_mismatched: DecimalText,
    pub pending_settlement: DecimalText,
    pub missing_settlement: DecimalText,
    pub expected_fees: DecimalText,
    pub actual_fees: DecimalText,
    pub fee_lines: DecimalText,
    pub refunds_issued: DecimalText,
    pub processor_refunds: DecimalText,
    pub refunds_settled: DecimalText,
    pub refund_differences: DecimalText,
    pub refunds_currency_mismatched: DecimalText,
    pub refunds_pending: DecimalText,
    pub refunds_missing: DecimalText,
    pub chargebacks: DecimalText,
    pub chargeback_reversals: DecimalText,
    pub settlement_gross: DecimalText,
    pub fees_reported: DecimalText,
    pub fees_implied: DecimalText,
    pub net_only: DecimalText,
    pub settlement_net: DecimalText,
    pub payouts: DecimalText,
    pub batch_net_paid_out: DecimalText,
    pub exceptions: u64,
    pub amount_at_risk: DecimalText,
    pub by_reason: HashMap<String, u64>,
    /// Every tie-out identity, in a fixed order.
    pub identities: Vec<Identity>,
}

/// Where the rows of one table landed.
#[derive(uniffi::Record)]
pub struct RowBuckets {
    pub matched: u64,
    pub pending: u64,
    pub exceptions: u64,
}

impl From<core::Buckets> for RowBuckets {
    fn from(b: core::Buckets) -> Self {
        RowBuckets {
            matched: b.matched,
            pending: b.pending,
            exceptions: b.exceptions,
        }
    }
}

/// Where every row landed, per table.
#[derive(uniffi::Record)]
pub struct RowCounts {
    pub orders: RowBuckets,
    pub payments: RowBuckets,
    pub fulfilments: RowBuckets,
    pub returns: RowBuckets,
    pub refunds: RowBuckets,
    pub settlements: RowBuckets,
    pub movements: RowBuckets,
}

/// A person's decision to accept an exception as it stands.
#[derive(uniffi::Record)]
pub struct Acceptance {
    pub exception_id: String,
    pub fingerprint: String,
    pub by: String,
    pub note: String,
    pub at: SystemTime,
}

/// One item of the queue after today's run; `status` is `new`,
/// `persisting`, `resolved`, `accepted` or `reopened`.
#[derive(uniffi::Record)]
pub struct QueueItem {
    pub exception_id: String,
    pub status: String,
    pub reason: String,
    pub severity: String,
    pub key: RowRef,
    pub fingerprint: String,
    pub first_seen: SystemTime,
    pub acceptance: Option<Acceptance>,
}

fn core_acceptance(a: &Acceptance) -> Res<core::Acceptance> {
    Ok(core::Acceptance {
        exception_id: a.exception_id.clone(),
        fingerprint: a.fingerprint.clone(),
        by: a.by.clone(),
        note: a.note.clone(),
        at: instant(a.at)?,
    })
}

impl QueueItem {
    fn to_core(&self) -> Res<core::QueueItem> {
        let kind = parse_word("key.kind", &self.key.kind)?;
        let id: Arc<str> = self.key.id.as_str().into();
        Ok(core::QueueItem {
            exception_id: self.exception_id.clone(),
            status: parse_word("status", &self.status)?,
            reason: parse_word("reason", &self.reason)?,
            severity: parse_word("severity", &self.severity)?,
            key: match &self.key.order_id {
                Some(o) => core::RowRef::of_order(kind, o.as_str().into(), id),
                None => core::RowRef::new(kind, id),
            },
            fingerprint: self.fingerprint.clone(),
            first_seen: instant(self.first_seen)?,
            acceptance: self.acceptance.as_ref().map(core_acceptance).transpose()?,
        })
    }
}

impl From<&core::QueueItem> for QueueItem {
    fn from(i: &core::QueueItem) -> Self {
        QueueItem {
            exception_id: i.exception_id.clone(),
            status: wire(i.status),
            reason: i.reason.as_str().to_string(),
            severity: wire(i.severity),
            key: (&i.key).into(),
            fingerprint: i.fingerprint.clone(),
            first_seen: system_time(i.first_seen),
            acceptance: i.acceptance.as_ref().map(|a| Acceptance {
                exception_id: a.exception_id.clone(),
                fingerprint: a.fingerprint.clone(),
                by: a.by.clone(),
                note: a.note.clone(),
                at: system_time(a.at),
            }),
        }
    }
}

/// The tie-out of a day: orders (with payments, fulfilments, returns and
/// refunds), settlement lines, stock movements and processor reports.
#[seamline_guard::guard]
#[uniffi::export(default(settlements = [], movements = [], reports = []))]
pub fn reconcile(
    orders: Vec<ReconOrder>,
    settlements: Vec<SettlementLine>,
    movements: Vec<Movement>,
    reports: Vec<Arc<ProcessorReport>>,
    config: ReconConfig,
) -> Result<Arc<Reconciliation>, SeamlineError> {
    let config = config.to_core()?;
    // The records go through core's one reader, as JSON records do from
    // every language: the same rows give the same result and the same errors.
    let values = |rows: Vec<Result<serde_json::Value, serde_json::Error>>| {
        rows.into_iter()
            .map(|r| {
                r.map_err(|e| {
                    seamline::Error::invalid_argument("record", "(record)", e.to_string())
                })
            })
            .collect::<Vec<_>>()
    };
    let orders = values(orders.iter().map(serde_json::to_value).collect());
    let settlements = values(settlements.iter().map(serde_json::to_value).collect());
    let movements = values(movements.iter().map(serde_json::to_value).collect());
    let mut input = core::read_records(&orders, &settlements, &movements, config.extra_columns);
    for r in &reports {
        input.add_report(&r.0);
    }
    Ok(Arc::new(Reconciliation(core::reconcile_on(
        &input,
        &config,
        machine_threads()?,
    )?)))
}

/// The tie-out of a day from JSON text, as a sync cache or an export holds
/// it: `{"orders": [...], "settlements": [...], "movements": [...],
/// "config": {...}}`, records in core's wire form (snake_case or camelCase
/// keys). A record that does not read is an `INVALID_ROW` exception naming
/// its field; text that is not JSON throws.
#[seamline_guard::guard]
#[uniffi::export(default(reports = []))]
pub fn reconcile_json(
    input: String,
    reports: Vec<Arc<ProcessorReport>>,
) -> Result<Arc<Reconciliation>, SeamlineError> {
    let value: serde_json::Value = serde_json::from_str(&input)
        .map_err(|e| seamline::Error::invalid_argument("input", "(JSON text)", e.to_string()))?;
    let config: core::Config = serde_json::from_value(value["config"].clone())
        .map_err(|e| seamline::Error::invalid_argument("config", "(record)", e.to_string()))?;
    let table = |key: &str| -> Vec<Result<serde_json::Value, seamline::Error>> {
        value[key]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(Ok)
            .collect()
    };
    let mut input = core::read_records(
        &table("orders"),
        &table("settlements"),
        &table("movements"),
        config.extra_columns,
    );
    for r in &reports {
        input.add_report(&r.0);
    }
    Ok(Arc::new(Reconciliation(core::reconcile_on(
        &input,
        &config,
        machine_threads()?,
    )?)))
}

/// A reconciliation `toJson()` saved; anything else throws `INVALID_SNAPSHOT`.
#[seamline_guard::guard]
#[uniffi::export]
pub fn reconciliation_from_json(data: Vec<u8>) -> Result<Arc<Reconciliation>, SeamlineError> {
    Ok(Arc::new(Reconciliation(core::Report::from_json(&data)?)))
}

/// What one tie-out found.
#[derive(uniffi::Object)]
pub struct Reconciliation(core::Report);

#[seamline_guard::guard]
#[uniffi::export]
impl Reconciliation {
    /// The instant it was run as of.
    pub fn as_of(&self) -> SystemTime {
        system_time(self.0.as_of)
    }

    /// The exception queue, most urgent first.
    pub fn exceptions(&self) -> Vec<ReconException> {
        self.0
            .exceptions
            .iter()
            .map(|e| ReconException {
                id: e.id.clone(),
                reason: e.reason.as_str().to_string(),
                severity: wire(e.severity),
                key: (&e.key).into(),
                references: e.references.iter().map(Into::into).collect(),
                currency: e.currency.map(|c| c.code().to_string()),
                expected: opt_dec(e.expected),
                actual: opt_dec(e.actual),
                difference: opt_dec(e.difference),
                amount_at_risk: opt_dec(e.amount_at_risk),
                since: system_time(e.since),
                message: e.message.clone(),
                suggestion: e.suggestion.as_ref().map(|s| Suggestion {
                    record: (&s.record).into(),
                    evidence: s.evidence.clone(),
                }),
                candidates: e.candidates.iter().map(Into::into).collect(),
                evidence: e.evidence.as_deref().map(Into::into),
                fingerprint: e.fingerprint.clone(),
            })
            .collect()
    }

    /// Rows inside their window.
    pub fn pending(&self) -> Vec<ReconPending> {
        self.0
            .pending
            .iter()
            .map(|p| ReconPending {
                row: (&p.row).into(),
                reason: wire(p.reason),
                due: system_time(p.due),
                currency: p.currency.map(|c| c.code().to_string()),
                amount: opt_dec(p.amount),
            })
            .collect()
    }

    /// Money per currency, exact.
    pub fn summary(&self) -> Vec<CurrencySummary> {
        self.0
            .summary
            .iter()
            .map(|s| CurrencySummary {
                currency: s.currency.code().to_string(),
                orders: s.orders,
                open_orders: s.open_orders,
                cancelled_orders: s.cancelled_orders,
                order_total: dec(s.order_total),
                awaiting_capture: dec(s.awaiting_capture),
                payments_captured: dec(s.payments_captured),
                processor_captured: dec(s.processor_captured),
                settled_gross: dec(s.settled_gross),
                amount_differences: dec(s.amount_differences),
                currency_mismatched: dec(s.currency_mismatched),
                pending_settlement: dec(s.pending_settlement),
                missing_settlement: dec(s.missing_settlement),
                expected_fees: dec(s.expected_fees),
                actual_fees: dec(s.actual_fees),
                fee_lines: dec(s.fee_lines),
                refunds_issued: dec(s.refunds_issued),
                processor_refunds: dec(s.processor_refunds),
                refunds_settled: dec(s.refunds_settled),
                refund_differences: dec(s.refund_differences),
                refunds_currency_mismatched: dec(s.refunds_currency_mismatched),
                refunds_pending: dec(s.refunds_pending),
                refunds_missing: dec(s.refunds_missing),
                chargebacks: dec(s.chargebacks),
                chargeback_reversals: dec(s.chargeback_reversals),
                settlement_gross: dec(s.settlement_gross),
                fees_reported: dec(s.fees_reported),
                fees_implied: dec(s.fees_implied),
                net_only: dec(s.net_only),
                settlement_net: dec(s.settlement_net),
                payouts: dec(s.payouts),
                batch_net_paid_out: dec(s.batch_net_paid_out),
                exceptions: s.exceptions,
                amount_at_risk: dec(s.amount_at_risk),
                by_reason: s
                    .by_reason
                    .iter()
                    .map(|(r, n)| (r.as_str().to_string(), *n))
                    .collect(),
                identities: s
                    .identities
                    .iter()
                    .map(|i| Identity {
                        name: i.name.clone(),
                        statement: i.statement.clone(),
                        left: dec(i.left),
                        right: dec(i.right),
                        ok: i.ok,
                    })
                    .collect(),
            })
            .collect()
    }

    /// Where every row landed.
    pub fn rows(&self) -> RowCounts {
        let r = self.0.rows;
        RowCounts {
            orders: r.orders.into(),
            payments: r.payments.into(),
            fulfilments: r.fulfilments.into(),
            returns: r.returns.into(),
            refunds: r.refunds.into(),
            settlements: r.settlements.into(),
            movements: r.movements.into(),
        }
    }

    /// How many matches.
    pub fn match_count(&self) -> u64 {
        self.0.matches.len() as u64
    }

    /// What was matched, at most `limit` of them.
    #[uniffi::method(default(limit = None))]
    pub fn matches(&self, limit: Option<u64>) -> Vec<ReconMatch> {
        let limit = limit.map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX));
        self.0
            .matches
            .iter()
            .take(limit)
            .map(|m| ReconMatch {
                kind: wire(m.kind),
                rows: m.rows.iter().map(Into::into).collect(),
            })
            .collect()
    }

    /// The exception queue as CSV (header row first, most urgent first).
    pub fn exceptions_csv(&self) -> String {
        core::exceptions_csv(&self.0)
    }

    /// The reconciliation as tagged JSON bytes, to save and read back with
    /// `reconciliationFromJson(data:)` (an app's cache survives a restart).
    pub fn to_json(&self) -> Vec<u8> {
        self.0.to_json()
    }

    /// What is pending as CSV (header row first, soonest due first).
    pub fn pending_csv(&self) -> String {
        core::pending_csv(&self.0)
    }

    /// A plain-text summary to read before the queue.
    pub fn summary_text(&self) -> String {
        core::summary_text(&self.0)
    }

    /// The tie-out as one self-contained HTML page: what is broken first,
    /// the most urgent exceptions with their evidence, charts, the books.
    #[uniffi::method(default(title = "Seamline"))]
    pub fn report_html(&self, title: String) -> String {
        core::report_html(&self.0, &title)
    }

    /// Today's queue from yesterday's and the acceptances made since.
    #[uniffi::method(default(previous = [], accepted = []))]
    pub fn queue(
        &self,
        previous: Vec<QueueItem>,
        accepted: Vec<Acceptance>,
    ) -> Result<Vec<QueueItem>, SeamlineError> {
        let previous = previous
            .iter()
            .map(QueueItem::to_core)
            .collect::<Res<Vec<_>>>()?;
        let accepted = accepted
            .iter()
            .map(core_acceptance)
            .collect::<Res<Vec<_>>>()?;
        Ok(core::update_queue(&previous, &self.0, &accepted)?
            .iter()
            .map(Into::into)
            .collect())
    }
}

/// A report row, by file and line.
#[derive(uniffi::Record)]
pub struct ReportRowAt {
    pub file: String,
    pub line: u64,
}

/// A report row of a type the adapter does not know (in the tie-out's queue as `INVALID_ROW`).
#[derive(uniffi::Record)]
pub struct UnknownReportRow {
    pub at: ReportRowAt,
    pub row_type: String,
}

/// A report row the adapter could not read.
#[derive(uniffi::Record)]
pub struct RejectedReportRow {
    pub at: ReportRowAt,
    pub code: String,
    pub message: String,
}

/// A report row repeating a line already read (the same report given twice).
#[derive(uniffi::Record)]
pub struct DuplicateReportRow {
    pub at: ReportRowAt,
    pub id: String,
}

/// A report row that is no line of its own (an authorisation, a pending
/// transaction, a partial-capture reversal counted in its charge).
#[derive(uniffi::Record)]
pub struct SkippedReportRow {
    pub at: ReportRowAt,
    pub reason: String,
}

/// A file as it was read: its layout (`stripe_itemized`, `adyen_settlement_details`, …) and data rows.
#[derive(uniffi::Record)]
pub struct ReportFileRead {
    pub name: String,
    pub layout: String,
    pub rows: u64,
}

/// What an adapter made of a report: every row in exactly one list. Pass
/// it to `reconcile` (`reports:`) and its lines and unread rows join the tie-out.
#[derive(uniffi::Object)]
pub struct ProcessorReport(core::ProcessorReport);

fn at(a: &core::RowAt) -> ReportRowAt {
    ReportRowAt {
        file: a.file.clone(),
        line: a.line,
    }
}

#[seamline_guard::guard]
#[uniffi::export]
impl ProcessorReport {
    /// The processor (`stripe`, `adyen`, `paypal`).
    pub fn processor(&self) -> String {
        self.0.processor.as_str().to_string()
    }

    /// Each file with its layout and data rows, in reading order.
    pub fn files(&self) -> Vec<ReportFileRead> {
        self.0
            .files
            .iter()
            .map(|f| ReportFileRead {
                name: f.name.clone(),
                layout: serde_json::to_value(f.layout)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                rows: f.rows,
            })
            .collect()
    }

    /// The settlement lines.
    pub fn lines(&self) -> Vec<SettlementLine> {
        self.0.lines.iter().map(Into::into).collect()
    }

    /// Rows repeating a line already read.
    pub fn duplicates(&self) -> Vec<DuplicateReportRow> {
        self.0
            .duplicates
            .iter()
            .map(|d| DuplicateReportRow {
                at: at(&d.at),
                id: d.id.to_string(),
            })
            .collect()
    }

    /// Rows of a type Seamline does not read.
    pub fn unknown(&self) -> Vec<UnknownReportRow> {
        self.0
            .unknown
            .iter()
            .map(|u| UnknownReportRow {
                at: at(&u.at),
                row_type: u.row_type.clone(),
            })
            .collect()
    }

    /// Rows that could not be read, with their code and message.
    pub fn rejected(&self) -> Vec<RejectedReportRow> {
        self.0
            .rejected
            .iter()
            .map(|x| RejectedReportRow {
                at: at(&x.at),
                code: x.error.code().as_str().to_string(),
                message: x.error.to_string(),
            })
            .collect()
    }

    /// Rows that are no line of their own (see `SkippedReportRow`).
    pub fn skipped(&self) -> Vec<SkippedReportRow> {
        self.0
            .skipped
            .iter()
            .map(|x| SkippedReportRow {
                at: at(&x.at),
                reason: x.reason.clone(),
            })
            .collect()
    }

    /// Data rows read: each in exactly one of the lists.
    pub fn rows(&self) -> u64 {
        self.0.rows()
    }
}

/// One file of a processor report: its name and its bytes as downloaded.
#[derive(uniffi::Record)]
pub struct ReportFileData {
    pub name: String,
    pub content: Vec<u8>,
}

/// How to read a report; every field optional.
#[derive(uniffi::Record, Default)]
pub struct ReportReadOptions {
    /// Force a layout (`stripe_itemized`, `stripe_dashboard`, `stripe_api`,
    /// `adyen_settlement_details`, `paypal_settlement`, `paypal_transaction_detail`).
    #[uniffi(default = None)]
    pub layout: Option<String>,
    /// The column (or Stripe metadata key) holding the order id.
    #[uniffi(default = None)]
    pub merchant_reference: Option<String>,
    /// Stripe API objects listed for one payout: that payout.
    #[uniffi(default = None)]
    pub payout: Option<String>,
    /// Adyen: UTC offset (`+01:00`) per merchant account (`*` for all).
    #[uniffi(default = None)]
    pub time_zones: Option<HashMap<String, String>>,
    /// Threads that read a large file (1–64; default: the device's cores).
    /// The result is the same for every count.
    #[uniffi(default = None)]
    pub threads: Option<u32>,
}

/// A processor's report (Stripe, Adyen or PayPal files as downloaded) read
/// into settlement lines, every row accounted for.
#[seamline_guard::guard]
#[uniffi::export(default(options = None))]
pub fn read_report(
    processor: String,
    files: Vec<ReportFileData>,
    options: Option<ReportReadOptions>,
) -> Result<Arc<ProcessorReport>, SeamlineError> {
    let processor = core::Processor::parse(&processor)?;
    let o = options.unwrap_or_default();
    let layout = o.layout.as_deref().map(core::Layout::parse).transpose()?;
    let options = core::ReportOptions {
        layout,
        merchant_reference: o.merchant_reference,
        payout: o.payout,
        time_zones: o.time_zones.unwrap_or_default().into_iter().collect(),
        threads: o.threads.map(|t| usize::try_from(t).unwrap_or(usize::MAX)),
    }
    .or_machine(std::thread::available_parallelism().ok());
    let files: Vec<core::ReportFile<'_>> = files
        .iter()
        .map(|f| core::ReportFile {
            name: &f.name,
            source: core::ReportSource::Bytes(&f.content),
        })
        .collect();
    Ok(Arc::new(ProcessorReport(core::read_report(
        processor, &files, &options,
    )?)))
}

/// The threads a tie-out runs on here: every core the device lets the app
/// use, by core's rule.
fn machine_threads() -> Result<usize, seamline::Error> {
    core::thread_count(None, std::thread::available_parallelism().ok())
}
