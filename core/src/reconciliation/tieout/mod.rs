//! The daily three-way tie-out: orders against settlements against stock
//! movements. Every row ends matched, pending or in the exception queue.
//! The engine's state lives here; its passes are in `rows` (reading and
//! checking rows), `settlement` (settlements against payments and refunds)
//! and `order` (per-order money, returns and inventory).

// Amounts in a run are below MAX_AMOUNT (10^18, checked when rows are
// validated), so sums of fewer than 79 billion of them, their differences
// and their fee products fit a decimal; counts and indexes are bounded by
// the rows given. The arithmetic lint is allowed here for that reason.
#![allow(clippy::arithmetic_side_effects)]

mod order;
mod part;
mod rows;
mod settlement;
mod stock;

pub use part::{merge_parts, partition_keys, reconcile_part, Part, ROUTES};

use super::config::Config;
use super::exception::{
    exception_id, exception_id_for, fingerprint, Exception, MatchKind, Matches, Pending,
    PendingReason, ReasonCode, RowKind, RowRef, Severity, Suggestion,
};
use super::input::{
    Input, MovementKind, Order, OrderStatus, PaymentMethod, SettlementKind, SettlementLine,
};
use super::summary::{Buckets, CurrencySummary, RowCounts};
use crate::currency::Currency;
use crate::error::Result;
use crate::instant::Instant;
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

/// What one tie-out found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The instant it was run as of.
    pub as_of: Instant,
    /// The exception queue, most urgent first (severity, amount at risk, id).
    pub exceptions: Vec<Exception>,
    /// Rows inside their window, by row.
    pub pending: Vec<Pending>,
    /// What was matched: charges and refunds in settlement order, chargebacks
    /// and payouts, then returns and inventory by order id.
    pub matches: Matches,
    /// Money per currency.
    pub summary: Vec<CurrencySummary>,
    /// Where every row landed.
    pub rows: RowCounts,
}

/// The format tag of a saved report: a reader refuses any other.
const SAVED_FORMAT: &str = "seamline.reconciliation/1";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Saved {
    format: String,
    sha256: String,
    report: Report,
}

/// The hex SHA-256 of a report's JSON: the seal a saved report carries.
fn seal(body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Report {
    /// The report as JSON bytes, tagged with its format and sealed with the
    /// SHA-256 of its content, to save it (a file, a cache, a pickle) and
    /// read it back with [`Report::from_json`].
    pub fn to_json(&self) -> Vec<u8> {
        let body = serde_json::to_vec(self).unwrap_or_default();
        let mut out = Vec::with_capacity(body.len().saturating_add(128));
        out.extend_from_slice(b"{\"format\":\"");
        out.extend_from_slice(SAVED_FORMAT.as_bytes());
        out.extend_from_slice(b"\",\"sha256\":\"");
        out.extend_from_slice(seal(&body).as_bytes());
        out.extend_from_slice(b"\",\"report\":");
        out.extend_from_slice(&body);
        out.push(b'}');
        out
    }

    /// A report [`Report::to_json`] saved. Anything else — another format
    /// tag, a cut file, any change to what it says (its seal no longer
    /// matches), an exception id given twice — is `INVALID_SNAPSHOT`, never
    /// a report that differs from the one saved.
    pub fn from_json(bytes: &[u8]) -> Result<Report> {
        let bad = |reason: String| crate::Error::InvalidSnapshot { reason };
        let saved: Saved = serde_json::from_slice(bytes)
            // The position only: serde's message may quote a value, and a
            // saved report holds customer ids.
            .map_err(|e| {
                bad(format!(
                    "not a saved reconciliation ({:?} error at line {}, column {})",
                    e.classify(),
                    e.line(),
                    e.column()
                ))
            })?;
        if saved.format != SAVED_FORMAT {
            return Err(bad(format!(
                "format {:?}, not {SAVED_FORMAT:?}",
                crate::input::shown(&saved.format, false)
            )));
        }
        // The content as read, written again, must be what was sealed: a
        // flipped digit in an amount reads as JSON but not as this report.
        let body = serde_json::to_vec(&saved.report).unwrap_or_default();
        if seal(&body) != saved.sha256 {
            return Err(bad(
                "its content does not match its seal (changed or corrupted)".into(),
            ));
        }
        let mut ids = FxHashSet::default();
        if !saved.report.exceptions.iter().all(|e| ids.insert(&e.id)) {
            return Err(bad("an exception id appears twice".into()));
        }
        Ok(saved.report)
    }
}

const NONE: u8 = 0;
const MATCHED: u8 = 1;
const PENDING: u8 = 2;
const EXCEPTION: u8 = 3;

const MICROS_PER_DAY: i64 = 86_400_000_000;

/// Raises a row's bucket: an exception outranks pending, pending outranks matched.
fn mark(slot: &mut u8, status: u8) {
    *slot = (*slot).max(status);
}

fn count(statuses: &[u8]) -> Buckets {
    let mut b = Buckets::default();
    for s in statuses {
        match *s {
            MATCHED => b.matched += 1,
            PENDING => b.pending += 1,
            EXCEPTION => b.exceptions += 1,
            _ => {}
        }
    }
    b
}

/// The largest amount a tie-out accepts, exclusive: 10^18 of any currency,
/// beyond any real order, payment or payout. Every amount in a run is
/// below it, so any sum of fewer than 79 billion of them fits a decimal:
/// the tie-out's totals, differences and fee products need no checks of
/// their own (its modules say so where the arithmetic lint is allowed).
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(0xA764_0000, 0x0DE0_B6B3, 0, false, 0);

/// Why `amount` is too large for a tie-out, if it is.
fn beyond_max(what: &str, amount: Decimal) -> Option<String> {
    (amount.abs() >= MAX_AMOUNT)
        .then(|| format!("{what} {amount} is beyond the largest amount a tie-out accepts (10^18)"))
}

fn fits(amount: Decimal, currency: Currency) -> bool {
    amount.scale() <= currency.minor_units() || amount.normalize().scale() <= currency.minor_units()
}

fn plus_days(at: Instant, days: u32) -> Instant {
    Instant::from_unix_micros(
        at.unix_micros()
            .saturating_add(i64::from(days) * MICROS_PER_DAY),
    )
    .unwrap_or(at)
}

/// The first 16 bytes of `t` packed in an integer (zeros after a shorter
/// text), which orders as the text does up to those bytes.
fn text_prefix(t: &str) -> u128 {
    let mut bytes = [0u8; 16];
    let n = t.len().min(16);
    bytes[..n].copy_from_slice(&t.as_bytes()[..n]);
    u128::from_be_bytes(bytes)
}

/// `rows` ordered by `key`, a number then a text: sorted on the number and
/// the text's first 16 bytes packed in an integer (cache-friendly for
/// millions of rows: most never compare their whole text), ties by the
/// whole text, then by row.
fn sorted_by_key<'a>(
    rows: impl Iterator<Item = u32>,
    key: impl Fn(u32) -> (i64, &'a str),
) -> Vec<u32> {
    let mut keys: Vec<(i64, u128, u32)> = rows
        .map(|r| {
            let (n, t) = key(r);
            (n, text_prefix(t), r)
        })
        .collect();
    keys.sort_unstable();
    let mut out: Vec<u32> = keys.iter().map(|k| k.2).collect();
    let mut at = 0;
    for run in keys.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        if run.len() > 1 {
            out[at..at + run.len()].sort_by(|&a, &b| key(a).1.cmp(key(b).1).then(a.cmp(&b)));
        }
        at += run.len();
    }
    out
}

/// Runs the tie-out. Fails only on an invalid configuration; a bad row is an
/// `INVALID_ROW` exception, never an error that loses the rest.
pub fn reconcile(input: &Input, config: &Config) -> Result<Report> {
    reconcile_on(input, config, 1)
}

/// [`reconcile`] on up to `threads` threads: with two or more, the stock
/// checks (fulfilments against sale movements) run beside the money checks
/// (settlements, payments, refunds, returns). The report is the same
/// whatever the count: each side writes only its own rows and the two are
/// folded together in a fixed order.
pub fn reconcile_on(input: &Input, config: &Config, threads: usize) -> Result<Report> {
    config.validate()?;
    let mut e = Engine::new(input, config, &[]);
    e.run(threads);
    Ok(e.finish())
}

impl Engine<'_> {
    /// Every pass, in order: rows, settlements, chargebacks, payouts,
    /// orders (the money side, and beside it on a second thread if
    /// `threads` allows, the stock side), movements, unread rows.
    fn run(&mut self, threads: usize) {
        let e = self;
        e.validate_orders();
        e.validate_settlements();
        e.settlement_arithmetic();
        let mut stock = e.stock();
        let settle = |e: &mut Engine<'_>| {
            e.match_processor_records(SettlementKind::Charge);
            e.match_processor_records(SettlementKind::Refund);
            e.chargebacks();
            e.payouts();
            e.unsettled();
            e.matches.len()
        };
        let (stock, from, ends) = if threads < 2 {
            let plan = stock.plan();
            stock.check(&plan);
            let from = settle(e);
            (stock, from, e.order_checks(&plan))
        } else {
            std::thread::scope(|s| {
                // The stock side hands its plan over as soon as it has it,
                // then checks inventory while the money side settles.
                let (handover, plan) = std::sync::mpsc::sync_channel(1);
                let side = s.spawn(move || {
                    let plan = std::sync::Arc::new(stock.plan());
                    // The money side may be gone only if it panicked.
                    let _ = handover.send(std::sync::Arc::clone(&plan));
                    stock.check(&plan);
                    stock
                });
                let from = settle(e);
                let ends = plan.recv().map(|plan| e.order_checks(&plan));
                let stock = side.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
                // The plan is sent before the side can end: only a panic
                // (resumed above) leaves none.
                (stock, from, ends.unwrap_or_default())
            })
        };
        e.absorb(stock, from, &ends);
        e.unvisited_movements();
        e.unread();
    }
}

/// A fee rule looked up for (processor, channel, tender).
type FeeKey<'a> = (&'a str, &'a str, PaymentMethod, Option<usize>);

/// What payments and refunds share, for the checks that treat them alike.
#[derive(Clone, Copy)]
struct TenderView<'a> {
    id: &'a crate::ids::RecordId,
    method: PaymentMethod,
    processor: Option<&'a crate::ids::ProcessorId>,
    reference: Option<&'a str>,
    amount: Decimal,
    at: Instant,
}

/// The `j`-th refund (or payment) of `order`.
fn tender_view(order: &Order, refunds: bool, j: usize) -> TenderView<'_> {
    if refunds {
        let r = &order.refunds[j];
        TenderView {
            id: &r.refund_id,
            method: r.method,
            processor: r.processor.as_ref(),
            reference: r.processor_reference.as_deref(),
            amount: r.amount,
            at: r.issued_at,
        }
    } else {
        let p = &order.payments[j];
        TenderView {
            id: &p.payment_id,
            method: p.method,
            processor: p.processor.as_ref(),
            reference: p.processor_reference.as_deref(),
            amount: p.amount,
            at: p.captured_at,
        }
    }
}

/// Every refund (or payment) of order `o`, as a tender with its view.
fn tenders(order: &Order, o: u32, refunds: bool) -> impl Iterator<Item = (Tender, TenderView<'_>)> {
    (0..tender_count(order, refunds)).map(move |j| {
        let t = Tender {
            order: o,
            index: j as u32,
        };
        (t, tender_view(order, refunds, j))
    })
}

fn tender_count(order: &Order, refunds: bool) -> usize {
    if refunds {
        order.refunds.len()
    } else {
        order.payments.len()
    }
}

/// A payment or refund: its order, its position, and its processor key.
#[derive(Clone, Copy)]
struct Tender {
    order: u32,
    index: u32,
}

struct Engine<'a> {
    input: &'a Input,
    config: &'a Config,
    window: u32,
    // Shared read-only with the stock side once orders are validated.
    orders: std::sync::Arc<FxHashMap<&'a str, u32>>,
    // No order id repeats: the order at index `o` is the one `orders` names by its id.
    order_ids_unique: bool,
    order_ok: Vec<bool>,
    settlement_ok: Vec<bool>,
    movement_ok: Vec<bool>,
    // Offsets of each order's payments, refunds, returns and fulfilments in the flat status arrays.
    pay_at: Vec<u32>,
    refund_at: Vec<u32>,
    return_at: Vec<u32>,
    fulfil_at: Vec<u32>,
    order_status: Vec<u8>,
    pay_status: Vec<u8>,
    refund_status: Vec<u8>,
    return_status: Vec<u8>,
    fulfil_status: Vec<u8>,
    settlement_status: Vec<u8>,
    movement_status: Vec<u8>,
    // Rows a check may read: valid and not stamped after as-of.
    pay_live: Vec<bool>,
    // Payments that passed validation (live, or captured after as-of).
    pay_valid: Vec<bool>,
    refund_live: Vec<bool>,
    settlement_live: Vec<bool>,
    pay_matched: Vec<bool>,
    refund_matched: Vec<bool>,
    // Movements of kind sale or return restock, per order reference, visited by order checks.
    movement_visited: Vec<bool>,
    exceptions: Vec<Exception>,
    pending: Vec<Pending>,
    matches: Matches,
    // Few currencies: a vector searched linearly beats a map.
    summary: Vec<CurrencySummary>,
    // Live settlement lines in (settled_at, id) order.
    settlement_order: Vec<u32>,
    // Fee rules already looked up: (processor, channel, method) → rule.
    fee_cache: Vec<FeeKey<'a>>,
    // Lines of batches read elsewhere (the closed part of a partitioned
    // run): counted in their batch's net when its payout is checked.
    outside: &'a [&'a part::BatchLines],
}

impl<'a> Engine<'a> {
    fn new(input: &'a Input, config: &'a Config, outside: &'a [&'a part::BatchLines]) -> Self {
        let mut pay_at = Vec::with_capacity(input.orders.len() + 1);
        let mut refund_at = Vec::with_capacity(input.orders.len() + 1);
        let mut return_at = Vec::with_capacity(input.orders.len() + 1);
        let mut fulfil_at = Vec::with_capacity(input.orders.len() + 1);
        let (mut p, mut r, mut t, mut f) = (0u32, 0u32, 0u32, 0u32);
        for o in &input.orders {
            pay_at.push(p);
            refund_at.push(r);
            return_at.push(t);
            fulfil_at.push(f);
            p += o.payments.len() as u32;
            r += o.refunds.len() as u32;
            t += o.returns.len() as u32;
            f += o.fulfilments.len() as u32;
        }
        pay_at.push(p);
        refund_at.push(r);
        return_at.push(t);
        fulfil_at.push(f);
        let s = input.settlements.len();
        let m = input.movements.len();
        Engine {
            input,
            config,
            window: config.settlement_window_days,
            orders: Default::default(),
            order_ids_unique: false,
            order_ok: vec![true; input.orders.len()],
            settlement_ok: vec![true; s],
            movement_ok: vec![true; m],
            pay_at,
            refund_at,
            return_at,
            fulfil_at,
            order_status: vec![NONE; input.orders.len()],
            pay_status: vec![NONE; p as usize],
            refund_status: vec![NONE; r as usize],
            return_status: vec![NONE; t as usize],
            fulfil_status: vec![NONE; f as usize],
            settlement_status: vec![NONE; s],
            movement_status: vec![NONE; m],
            pay_live: vec![false; p as usize],
            pay_valid: vec![false; p as usize],
            refund_live: vec![false; r as usize],
            settlement_live: vec![false; s],
            pay_matched: vec![false; p as usize],
            refund_matched: vec![false; r as usize],
            movement_visited: vec![false; m],
            exceptions: Vec::new(),
            pending: Vec::new(),
            // Settlement-side matches; the stock side brings the storage of its own.
            matches: Matches::with_capacity(s + p as usize, 2 * s),
            summary: Vec::new(),
            settlement_order: Vec::new(),
            fee_cache: Vec::new(),
            outside,
        }
    }

    pub(super) fn as_of(&self) -> Instant {
        self.config.as_of
    }

    pub(super) fn summary(&mut self, currency: Currency) -> &mut CurrencySummary {
        let at = match self.summary.iter().position(|s| s.currency == currency) {
            Some(at) => at,
            None => {
                self.summary.push(CurrencySummary::new(currency));
                self.summary.len() - 1
            }
        };
        &mut self.summary[at]
    }

    pub(super) fn order_ref(&self, o: u32) -> RowRef {
        RowRef::new(
            RowKind::Order,
            self.input.orders[o as usize].order_id.shared(),
        )
    }

    pub(super) fn payment_ref(&self, t: Tender) -> RowRef {
        let o = &self.input.orders[t.order as usize];
        RowRef::of_order(
            RowKind::Payment,
            o.order_id.shared(),
            o.payments[t.index as usize].payment_id.shared(),
        )
    }

    pub(super) fn refund_ref(&self, t: Tender) -> RowRef {
        let o = &self.input.orders[t.order as usize];
        RowRef::of_order(
            RowKind::Refund,
            o.order_id.shared(),
            o.refunds[t.index as usize].refund_id.shared(),
        )
    }

    pub(super) fn return_ref(&self, o: u32, r: usize) -> RowRef {
        let order = &self.input.orders[o as usize];
        RowRef::of_order(
            RowKind::Return,
            order.order_id.shared(),
            order.returns[r].return_id.shared(),
        )
    }

    pub(super) fn settlement_ref(&self, s: u32) -> RowRef {
        RowRef::new(
            RowKind::Settlement,
            self.input.settlements[s as usize].id.shared(),
        )
    }

    pub(super) fn movement_ref(&self, m: u32) -> RowRef {
        movement_ref(self.input, m)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn raise(
        &mut self,
        reason: ReasonCode,
        references: Vec<RowRef>,
        currency: Option<Currency>,
        expected: Option<Decimal>,
        actual: Option<Decimal>,
        amount_at_risk: Option<Decimal>,
        since: Instant,
        message: String,
    ) -> &mut Exception {
        self.exceptions.push(exception(
            reason,
            references,
            currency,
            expected,
            actual,
            amount_at_risk,
            since,
            message,
        ));
        self.exceptions.last_mut().expect("just pushed")
    }

    pub(super) fn wait(
        &mut self,
        row: RowRef,
        reason: PendingReason,
        due: Instant,
        money: Option<(Currency, Decimal)>,
    ) {
        self.pending.push(Pending {
            row,
            reason,
            due,
            currency: money.map(|m| m.0),
            amount: money.map(|m| m.1),
        });
    }

    /// An `INVALID_ROW` on one `facet` of a record that holds several rows
    /// (a line of a return): its id names the facet.
    pub(super) fn invalid_facet(&mut self, row: RowRef, facet: &str, since: Instant, why: String) {
        self.invalid(row, since, why);
        let e = self.exceptions.last_mut().expect("just raised");
        e.id = exception_id_for(e.reason, &e.key, facet);
    }

    pub(super) fn invalid(&mut self, row: RowRef, since: Instant, why: String) {
        self.exceptions.push(invalid_row(row, since, why));
    }

    /// Marks an order and everything in it as an exception.
    pub(super) fn reject_order(&mut self, o: u32) {
        let i = o as usize;
        self.order_ok[i] = false;
        self.order_status[i] = EXCEPTION;
        for (at, status) in [
            (&self.pay_at, &mut self.pay_status),
            (&self.refund_at, &mut self.refund_status),
            (&self.return_at, &mut self.return_status),
            (&self.fulfil_at, &mut self.fulfil_status),
        ] {
            for s in &mut status[at[i] as usize..at[i + 1] as usize] {
                *s = EXCEPTION;
            }
        }
    }

    /// The tender's position in the flat per-row arrays of its kind.
    pub(super) fn flat(&self, t: Tender, refunds: bool) -> usize {
        let at = if refunds {
            &self.refund_at
        } else {
            &self.pay_at
        };
        at[t.order as usize] as usize + t.index as usize
    }

    pub(super) fn tender_ref(&self, t: Tender, refunds: bool) -> RowRef {
        if refunds {
            self.refund_ref(t)
        } else {
            self.payment_ref(t)
        }
    }

    /// The bucket of a tender's row.
    pub(super) fn tender_status(&mut self, t: Tender, refunds: bool) -> &mut u8 {
        let flat = self.flat(t, refunds);
        let status = if refunds {
            &mut self.refund_status
        } else {
            &mut self.pay_status
        };
        &mut status[flat]
    }

    pub(super) fn is_matched(&self, t: Tender, refunds: bool) -> bool {
        let matched = if refunds {
            &self.refund_matched
        } else {
            &self.pay_matched
        };
        matched[self.flat(t, refunds)]
    }

    pub(super) fn is_live(&self, t: Tender, refunds: bool) -> bool {
        let live = if refunds {
            &self.refund_live
        } else {
            &self.pay_live
        };
        live[self.flat(t, refunds)]
    }

    fn severity(&self, e: &Exception) -> Severity {
        let t = &self.config.severity;
        let age_days = (self.as_of().unix_micros() - e.since.unix_micros()).max(0) / MICROS_PER_DAY;
        let risk = e.amount_at_risk.unwrap_or(Decimal::ZERO);
        let money = e.amount_at_risk.is_some();
        let by_threshold = if (money && risk >= t.high.amount)
            || age_days >= i64::from(t.high.age_days)
        {
            Severity::High
        } else if (money && risk >= t.medium.amount) || age_days >= i64::from(t.medium.age_days) {
            Severity::Medium
        } else {
            Severity::Low
        };
        by_threshold.max(e.reason.floor())
    }

    fn finish(mut self) -> Report {
        let mut exceptions = std::mem::take(&mut self.exceptions);
        for e in &mut exceptions {
            e.severity = self.severity(e);
            e.fingerprint = fingerprint(e);
        }
        unique_ids(&mut exceptions);
        for e in &exceptions {
            if let Some(c) = e.currency {
                let sum = self.summary(c);
                sum.exceptions += 1;
                sum.amount_at_risk += e.amount_at_risk.unwrap_or(Decimal::ZERO);
                *sum.by_reason.entry(e.reason).or_default() += 1;
            }
        }
        exceptions.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| b.amount_at_risk.cmp(&a.amount_at_risk))
                .then_with(|| a.id.cmp(&b.id))
        });
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_by(|a, b| (&a.row, a.reason).cmp(&(&b.row, b.reason)));
        let matches = std::mem::take(&mut self.matches);
        let unread = &self.input.unread;
        let plus = |mut b: Buckets, kind: RowKind| {
            b.exceptions += unread.iter().filter(|u| u.kind == kind).count() as u64;
            b
        };
        let rows = RowCounts {
            orders: plus(count(&self.order_status), RowKind::Order),
            payments: plus(count(&self.pay_status), RowKind::Payment),
            fulfilments: plus(count(&self.fulfil_status), RowKind::OrderSku),
            returns: plus(count(&self.return_status), RowKind::Return),
            refunds: plus(count(&self.refund_status), RowKind::Refund),
            settlements: plus(count(&self.settlement_status), RowKind::Settlement),
            movements: plus(count(&self.movement_status), RowKind::Movement),
        };
        Report {
            as_of: self.config.as_of,
            exceptions,
            pending,
            matches,
            summary: {
                let mut summary = std::mem::take(&mut self.summary);
                summary.sort_by_key(|s| s.currency);
                for s in &mut summary {
                    s.settle_identities();
                }
                summary
            },
            rows,
        }
    }
}

/// Makes every exception id unique within the run, so that a queue of
/// this run can be read back as yesterday's: where two exceptions share an
/// id (two rows read under one name, which a binding could not tell
/// apart), they are ordered by what they say and the second on gets
/// `-2`, `-3`, … — the same ids whatever order the rows came in.
fn unique_ids(exceptions: &mut [Exception]) {
    let mut order: Vec<usize> = (0..exceptions.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&exceptions[a], &exceptions[b]);
        (&x.id, &x.fingerprint, &x.message, x.since).cmp(&(
            &y.id,
            &y.fingerprint,
            &y.message,
            y.since,
        ))
    });
    let mut taken: FxHashSet<String> = exceptions.iter().map(|e| e.id.clone()).collect();
    let ids: Vec<&str> = order.iter().map(|&i| exceptions[i].id.as_str()).collect();
    let runs: Vec<(usize, usize)> = ids
        .chunk_by(|a, b| a == b)
        .scan(0, |at, run| {
            let start = *at;
            *at += run.len();
            Some((start, run.len()))
        })
        .filter(|&(_, len)| len > 1)
        .collect();
    for (start, len) in runs {
        for (n, &i) in order[start..start + len].iter().enumerate().skip(1) {
            let base = exceptions[i].id.clone();
            let mut k = n + 1;
            let mut id = format!("{base}-{k}");
            while taken.contains(&id) {
                k += 1;
                id = format!("{base}-{k}");
            }
            taken.insert(id.clone());
            let e = &mut exceptions[i];
            e.id = id;
            e.fingerprint = fingerprint(e);
        }
    }
}

/// An exception keyed by its first reference, its severity and
/// fingerprint set when the run finishes.
#[allow(clippy::too_many_arguments)]
fn exception(
    reason: ReasonCode,
    references: Vec<RowRef>,
    currency: Option<Currency>,
    expected: Option<Decimal>,
    actual: Option<Decimal>,
    amount_at_risk: Option<Decimal>,
    since: Instant,
    message: String,
) -> Exception {
    let key = references[0].clone();
    let difference = match (expected, actual) {
        (Some(e), Some(a)) => Some(a - e),
        _ => None,
    };
    Exception {
        id: exception_id(reason, &key),
        reason,
        severity: Severity::Low,
        key,
        references,
        currency,
        expected,
        actual,
        difference,
        amount_at_risk,
        since,
        message,
        suggestion: None,
        candidates: Vec::new(),
        evidence: None,
        fingerprint: String::new(),
    }
}

/// The slot of `sku` in an order's SKU list, added with nothing counted if new.
pub(super) fn sku_slot<'a>(
    skus: &mut Vec<(&'a crate::ids::Sku, i128, i128)>,
    sku: &'a crate::ids::Sku,
) -> usize {
    match skus.iter().position(|s| *s.0 == *sku) {
        Some(k) => k,
        None => {
            skus.push((sku, 0, 0));
            skus.len() - 1
        }
    }
}

/// The `INVALID_ROW` exception of a row that cannot be read, and why.
fn invalid_row(row: RowRef, since: Instant, why: String) -> Exception {
    let message = format!("{} cannot be read: {why}", row.label());
    exception(
        ReasonCode::InvalidRow,
        vec![row],
        None,
        None,
        None,
        None,
        since,
        message,
    )
}

fn movement_ref(input: &Input, m: u32) -> RowRef {
    RowRef::new(RowKind::Movement, input.movements[m as usize].id.shared())
}

/// What a line settled for, in the tender's sign: a charge's gross, a
/// refund's gross negated. None when the processor reports only net.
fn settled_amount(line: &SettlementLine, refunds: bool) -> Option<Decimal> {
    line.gross.map(|g| if refunds { -g } else { g })
}
