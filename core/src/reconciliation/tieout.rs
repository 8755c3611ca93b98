//! The daily three-way tie-out: orders against settlements against stock
//! movements. Every row ends matched, pending or in the exception queue.

use super::config::Config;
use super::exception::{
    exception_id, fingerprint, Exception, MatchKind, Matches, Pending, PendingReason, ReasonCode,
    RowKind, RowRef, Severity, Suggestion,
};
use super::input::{Input, MovementKind, Order, PaymentMethod, SettlementKind, SettlementLine};
use super::summary::{Buckets, CurrencySummary, RowCounts};
use crate::currency::Currency;
use crate::error::Result;
use crate::instant::Instant;
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

/// What one tie-out found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// Groups rows by id: the kept row of each id, and the rows rejected because
/// their id repeats. Identical copies keep one (a report imported twice);
/// copies that differ are all rejected, since neither can be trusted.
fn dedupe<'a, T: PartialEq>(
    rows: &'a [T],
    id: impl Fn(&'a T) -> &'a str,
) -> (FxHashMap<&'a str, u32>, Vec<(u32, bool)>) {
    let mut kept: FxHashMap<&str, u32> = FxHashMap::default();
    kept.reserve(rows.len());
    let mut repeated: FxHashSet<&str> = FxHashSet::default();
    for (i, row) in rows.iter().enumerate() {
        if kept.insert(id(row), i as u32).is_some() {
            repeated.insert(id(row));
        }
    }
    let mut rejected = Vec::new();
    if repeated.is_empty() {
        return (kept, rejected);
    }
    let mut groups: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    for (i, row) in rows.iter().enumerate() {
        if repeated.contains(id(row)) {
            groups.entry(id(row)).or_default().push(i as u32);
        }
    }
    for (key, group) in groups {
        let first = &rows[group[0] as usize];
        let identical = group.iter().all(|&i| rows[i as usize] == *first);
        if identical {
            kept.insert(key, group[0]);
            rejected.extend(group[1..].iter().map(|&i| (i, true)));
        } else {
            kept.remove(key);
            rejected.extend(group.iter().map(|&i| (i, false)));
        }
    }
    (kept, rejected)
}

/// The rows rejected because their id repeats, as [`dedupe`] decides, found
/// by sorting id hashes rather than filling a map: for the millions of
/// settlement lines and movements whose ids are only checked, not looked up.
fn repeats<'a, T: PartialEq>(rows: &'a [T], id: impl Fn(&'a T) -> &'a str) -> Vec<(u32, bool)> {
    use std::hash::BuildHasher;
    let hasher = rustc_hash::FxBuildHasher;
    let mut keys: Vec<(u64, u32)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (hasher.hash_one(id(r)), i as u32))
        .collect();
    keys.sort_unstable();
    let mut rejected = Vec::new();
    for run in keys.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        let mut run: Vec<u32> = run.iter().map(|k| k.1).collect();
        run.sort_by(|&a, &b| {
            id(&rows[a as usize])
                .cmp(id(&rows[b as usize]))
                .then(a.cmp(&b))
        });
        for group in run.chunk_by(|&a, &b| id(&rows[a as usize]) == id(&rows[b as usize])) {
            if group.len() < 2 {
                continue;
            }
            let first = &rows[group[0] as usize];
            if group.iter().all(|&i| rows[i as usize] == *first) {
                rejected.extend(group[1..].iter().map(|&i| (i, true)));
            } else {
                rejected.extend(group.iter().map(|&i| (i, false)));
            }
        }
    }
    rejected
}

/// `rows` ordered by `text`: sorted on a 16-byte prefix packed in an
/// integer (cache-friendly for millions of rows), ties by the whole text.
fn sorted_by_text<'a>(rows: impl Iterator<Item = u32>, text: impl Fn(u32) -> &'a str) -> Vec<u32> {
    let prefix = |t: &str| {
        let mut bytes = [0u8; 16];
        let n = t.len().min(16);
        bytes[..n].copy_from_slice(&t.as_bytes()[..n]);
        u128::from_be_bytes(bytes)
    };
    let mut keys: Vec<(u128, u32)> = rows.map(|r| (prefix(text(r)), r)).collect();
    keys.sort_unstable();
    let mut out: Vec<u32> = keys.iter().map(|k| k.1).collect();
    let mut at = 0;
    for run in keys.chunk_by(|a, b| a.0 == b.0) {
        if run.len() > 1 {
            out[at..at + run.len()].sort_by(|&a, &b| text(a).cmp(text(b)).then(a.cmp(&b)));
        }
        at += run.len();
    }
    out
}

/// Runs the tie-out. Fails only on an invalid configuration; a bad row is an
/// `INVALID_ROW` exception, never an error that loses the rest.
pub fn reconcile(input: &Input, config: &Config) -> Result<Report> {
    config.validate()?;
    let mut e = Engine::new(input, config);
    e.validate_orders();
    e.validate_settlements();
    e.validate_movements();
    e.settlement_arithmetic();
    e.match_processor_records(SettlementKind::Charge);
    e.match_processor_records(SettlementKind::Refund);
    e.chargebacks();
    e.payouts();
    e.unsettled();
    e.order_checks();
    e.unvisited_movements();
    e.unread();
    Ok(e.finish())
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
    orders: FxHashMap<&'a str, u32>,
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
    // Per-order scratch: SKUs with units fulfilled and sold.
    sku_scratch: Vec<(&'a crate::ids::Sku, i64, i64)>,
}

impl<'a> Engine<'a> {
    fn new(input: &'a Input, config: &'a Config) -> Self {
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
            orders: FxHashMap::default(),
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
            matches: Matches::with_capacity(s + p as usize, 2 * s + f as usize + m),
            summary: Vec::new(),
            settlement_order: Vec::new(),
            fee_cache: Vec::new(),
            sku_scratch: Vec::new(),
        }
    }

    fn as_of(&self) -> Instant {
        self.config.as_of
    }

    fn summary(&mut self, currency: Currency) -> &mut CurrencySummary {
        let at = match self.summary.iter().position(|s| s.currency == currency) {
            Some(at) => at,
            None => {
                self.summary.push(CurrencySummary::new(currency));
                self.summary.len() - 1
            }
        };
        &mut self.summary[at]
    }

    fn order_ref(&self, o: u32) -> RowRef {
        RowRef::new(
            RowKind::Order,
            self.input.orders[o as usize].order_id.shared(),
        )
    }

    fn payment_ref(&self, t: Tender) -> RowRef {
        let o = &self.input.orders[t.order as usize];
        RowRef::of_order(
            RowKind::Payment,
            o.order_id.shared(),
            o.payments[t.index as usize].payment_id.shared(),
        )
    }

    fn refund_ref(&self, t: Tender) -> RowRef {
        let o = &self.input.orders[t.order as usize];
        RowRef::of_order(
            RowKind::Refund,
            o.order_id.shared(),
            o.refunds[t.index as usize].refund_id.shared(),
        )
    }

    fn return_ref(&self, o: u32, r: usize) -> RowRef {
        let order = &self.input.orders[o as usize];
        RowRef::of_order(
            RowKind::Return,
            order.order_id.shared(),
            order.returns[r].return_id.shared(),
        )
    }

    fn settlement_ref(&self, s: u32) -> RowRef {
        RowRef::new(
            RowKind::Settlement,
            self.input.settlements[s as usize].id.shared(),
        )
    }

    fn movement_ref(&self, m: u32) -> RowRef {
        movement_ref(self.input, m)
    }

    #[allow(clippy::too_many_arguments)]
    fn raise(
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
        let key = references[0].clone();
        let difference = match (expected, actual) {
            (Some(e), Some(a)) => Some(a - e),
            _ => None,
        };
        self.exceptions.push(Exception {
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
        });
        self.exceptions.last_mut().expect("just pushed")
    }

    fn wait(
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

    fn invalid(&mut self, row: RowRef, since: Instant, why: String) {
        let message = format!("{} cannot be read: {why}", row.label());
        self.raise(
            ReasonCode::InvalidRow,
            vec![row],
            None,
            None,
            None,
            None,
            since,
            message,
        );
    }

    /// Marks an order and everything in it as an exception.
    fn reject_order(&mut self, o: u32) {
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

    fn validate_orders(&mut self) {
        let input = self.input;
        let (kept, rejected) = dedupe(&input.orders, |o| o.order_id.as_str());
        self.orders = kept;
        let mut reported = FxHashSet::default();
        for (o, identical) in rejected {
            self.reject_order(o);
            let order = &input.orders[o as usize];
            if reported.insert(order.order_id.as_str()) {
                let why = if identical {
                    "the same order was read more than once; one copy is used"
                } else {
                    "two different orders have this id; neither is used"
                };
                self.invalid(self.order_ref(o), order.placed_at, why.into());
            }
        }
        for o in 0..input.orders.len() as u32 {
            if self.order_ok[o as usize] {
                self.validate_order(o);
            }
        }
    }

    fn validate_order(&mut self, o: u32) {
        let order = &self.input.orders[o as usize];
        let c = order.currency;
        if order.total < Decimal::ZERO || !fits(order.total, c) {
            self.reject_order(o);
            let why = format!(
                "total {} is negative or finer than {c}'s minor unit",
                order.total
            );
            self.invalid(self.order_ref(o), order.placed_at, why);
            return;
        }
        let oi = o as usize;
        let as_of = self.as_of();
        for refunds in [false, true] {
            let what = if refunds { "refund" } else { "payment" };
            let n = tender_count(order, refunds);
            for j in 0..n {
                let v = tender_view(order, refunds, j);
                let t = Tender {
                    order: o,
                    index: j as u32,
                };
                let flat = self.flat(t, refunds);
                let repeated = (0..n).any(|k| k != j && tender_view(order, refunds, k).id == v.id);
                let why = if repeated {
                    Some(format!("another {what} of the order has this id"))
                } else if v.amount <= Decimal::ZERO || !fits(v.amount, c) {
                    Some(format!(
                        "amount {} must be positive, in {c}'s minor unit",
                        v.amount
                    ))
                } else if v.method.settles() && v.processor.is_none() {
                    Some(format!(
                        "a {} {what} needs its processor",
                        v.method.as_str()
                    ))
                } else {
                    None
                };
                if !refunds {
                    self.pay_valid[flat] = why.is_none();
                }
                if let Some(why) = why {
                    *self.tender_status(t, refunds) = EXCEPTION;
                    self.invalid(self.tender_ref(t, refunds), v.at, why);
                } else if v.at > as_of {
                    *self.tender_status(t, refunds) = PENDING;
                    let row = self.tender_ref(t, refunds);
                    self.wait(row, PendingReason::AfterAsOf, v.at, Some((c, v.amount)));
                } else if refunds {
                    self.refund_live[flat] = true;
                } else {
                    self.pay_live[flat] = true;
                }
            }
        }
        for (j, r) in order.returns.iter().enumerate() {
            let flat = self.return_at[oi] as usize + j;
            let repeated = order.returns[..j]
                .iter()
                .chain(&order.returns[j + 1..])
                .any(|q| q.return_id == r.return_id);
            let why = if repeated {
                Some("another return of the order has this id".to_string())
            } else if r.quantity <= 0 {
                Some(format!("quantity {} must be at least 1", r.quantity))
            } else {
                None
            };
            if let Some(why) = why {
                self.return_status[flat] = EXCEPTION;
                self.invalid(self.return_ref(o, j), r.received_at, why);
            } else if r.received_at > as_of {
                self.return_status[flat] = PENDING;
                self.wait(
                    self.return_ref(o, j),
                    PendingReason::AfterAsOf,
                    r.received_at,
                    None,
                );
            }
        }
        for (j, f) in order.fulfilments.iter().enumerate() {
            let flat = self.fulfil_at[oi] as usize + j;
            if f.quantity <= 0 {
                self.fulfil_status[flat] = EXCEPTION;
                let row =
                    RowRef::of_order(RowKind::OrderSku, order.order_id.shared(), f.sku.shared());
                let why = format!(
                    "line {} fulfilled quantity {} must be at least 1",
                    f.line_id, f.quantity
                );
                self.invalid(row, f.fulfilled_at, why);
            } else if f.fulfilled_at > as_of {
                self.fulfil_status[flat] = PENDING;
                let row =
                    RowRef::of_order(RowKind::OrderSku, order.order_id.shared(), f.sku.shared());
                self.wait(row, PendingReason::AfterAsOf, f.fulfilled_at, None);
            }
        }
    }

    fn validate_settlements(&mut self) {
        let input = self.input;
        let rejected = repeats(&input.settlements, |s| s.id.as_str());
        let mut reported = FxHashSet::default();
        for (s, identical) in rejected {
            self.settlement_ok[s as usize] = false;
            self.settlement_status[s as usize] = EXCEPTION;
            let line = &input.settlements[s as usize];
            if reported.insert(line.id.as_str()) {
                let why = if identical {
                    "the same settlement line was read more than once; one copy is used"
                } else {
                    "two different settlement lines have this id; neither is used"
                };
                self.invalid(self.settlement_ref(s), line.settled_at, why.into());
            }
        }
        for (i, line) in input.settlements.iter().enumerate() {
            if !self.settlement_ok[i] {
                continue;
            }
            let c = line.currency;
            let amounts_fit = [line.gross, line.fee, Some(line.net)]
                .into_iter()
                .flatten()
                .all(|a| fits(a, c));
            let why = if !amounts_fit {
                Some(format!("an amount is finer than {c}'s minor unit"))
            } else {
                None
            };
            if let Some(why) = why {
                self.settlement_ok[i] = false;
                self.settlement_status[i] = EXCEPTION;
                self.invalid(self.settlement_ref(i as u32), line.settled_at, why);
            } else if line.settled_at > self.as_of() {
                self.settlement_status[i] = PENDING;
                self.wait(
                    self.settlement_ref(i as u32),
                    PendingReason::AfterAsOf,
                    line.settled_at,
                    Some((c, line.net)),
                );
            } else {
                self.settlement_live[i] = true;
                let net = line.net;
                let sum = self.summary(c);
                if line.kind == SettlementKind::Payout {
                    sum.payouts -= net;
                } else {
                    sum.settlement_net += net;
                }
            }
        }
    }

    fn validate_movements(&mut self) {
        let input = self.input;
        let rejected = repeats(&input.movements, |m| m.id.as_str());
        let mut reported = FxHashSet::default();
        for (m, identical) in rejected {
            self.movement_ok[m as usize] = false;
            self.movement_status[m as usize] = EXCEPTION;
            let mv = &input.movements[m as usize];
            if reported.insert(mv.id.as_str()) {
                let why = if identical {
                    "the same movement was read more than once; one copy is used"
                } else {
                    "two different movements have this id; neither is used"
                };
                self.invalid(self.movement_ref(m), mv.occurred_at, why.into());
            }
        }
        for (i, mv) in input.movements.iter().enumerate() {
            if !self.movement_ok[i] {
                continue;
            }
            if mv.delta == 0 {
                self.movement_ok[i] = false;
                self.movement_status[i] = EXCEPTION;
                self.invalid(
                    self.movement_ref(i as u32),
                    mv.occurred_at,
                    "delta is 0".into(),
                );
            } else if mv.occurred_at > self.as_of() {
                self.movement_ok[i] = false;
                self.movement_status[i] = PENDING;
                self.wait(
                    self.movement_ref(i as u32),
                    PendingReason::AfterAsOf,
                    mv.occurred_at,
                    None,
                );
            }
        }
    }

    /// net = gross − fee on every row that reports both.
    fn settlement_arithmetic(&mut self) {
        for (i, line) in self.input.settlements.iter().enumerate() {
            if !self.settlement_live[i] {
                continue;
            }
            if let (Some(gross), Some(fee)) = (line.gross, line.fee) {
                if gross - fee != line.net {
                    self.settlement_status[i] = EXCEPTION;
                    let message = format!(
                        "settlement {}: net {} is not gross {gross} − fee {fee} = {}",
                        line.id,
                        line.net,
                        gross - fee
                    );
                    let d = (line.net - (gross - fee)).abs();
                    self.raise(
                        ReasonCode::SettlementArithmetic,
                        vec![self.settlement_ref(i as u32)],
                        Some(line.currency),
                        Some(gross - fee),
                        Some(line.net),
                        Some(d),
                        line.settled_at,
                        message,
                    );
                }
            }
        }
    }

    /// Live settlement lines of `kind`, in (settled_at, id) order.
    fn sorted_lines(&mut self, kind: SettlementKind) -> Vec<u32> {
        let lines = &self.input.settlements;
        if self.settlement_order.is_empty() {
            let mut keys: Vec<(i64, u32)> = (0..lines.len() as u32)
                .filter(|&i| self.settlement_live[i as usize])
                .map(|i| (lines[i as usize].settled_at.unix_micros(), i))
                .collect();
            keys.sort_unstable();
            let mut order: Vec<u32> = keys.iter().map(|k| k.1).collect();
            let mut at = 0;
            for run in keys.chunk_by(|a, b| a.0 == b.0) {
                let ids = |i: &u32| &lines[*i as usize].id;
                order[at..at + run.len()].sort_by(|a, b| ids(a).cmp(ids(b)).then(a.cmp(b)));
                at += run.len();
            }
            self.settlement_order = order;
        }
        self.settlement_order
            .iter()
            .copied()
            .filter(|&i| lines[i as usize].kind == kind)
            .collect()
    }

    /// Charges against payments, or refund settlements against refunds:
    /// duplicates first, then processor reference, merchant reference, and
    /// a suggestion for what is left.
    fn match_processor_records(&mut self, kind: SettlementKind) {
        let input = self.input;
        let refunds = kind == SettlementKind::Refund;
        let lines = self.sorted_lines(kind);

        // Tenders by (processor, reference); a reference two tenders share matches neither.
        // The first settlement line seen for a reference is kept beside it.
        let mut by_reference: FxHashMap<(&str, &str), (Option<Tender>, u32)> = FxHashMap::default();
        by_reference.reserve(lines.len());
        for (o, order) in input.orders.iter().enumerate() {
            if !self.order_ok[o] {
                continue;
            }
            for j in 0..tender_count(order, refunds) {
                let v = tender_view(order, refunds, j);
                let tender = Tender {
                    order: o as u32,
                    index: j as u32,
                };
                if let (true, true, Some(processor), Some(reference)) = (
                    self.is_live(tender, refunds),
                    v.method.settles(),
                    v.processor,
                    v.reference,
                ) {
                    by_reference
                        .entry((processor.as_str(), reference))
                        .and_modify(|slot| slot.0 = None)
                        .or_insert((Some(tender), u32::MAX));
                }
            }
        }

        let confirmed: FxHashMap<&str, (&str, &str)> = self
            .config
            .confirmed_matches
            .iter()
            .map(|c| {
                (
                    c.settlement_id.as_str(),
                    (c.order_id.as_str(), c.record_id.as_str()),
                )
            })
            .collect();

        let mut unmatched = Vec::new();
        for s in lines {
            let line = &input.settlements[s as usize];
            let mut by_processor_reference = None;
            if let Some(reference) = line.processor_reference.as_deref() {
                let slot = by_reference
                    .entry((line.processor.as_str(), reference))
                    .or_insert((None, u32::MAX));
                if slot.1 != u32::MAX {
                    let first = slot.1;
                    self.duplicate(s, first);
                    continue;
                }
                slot.1 = s;
                by_processor_reference = slot.0;
            }
            let found = self
                .confirmed_tender(confirmed.get(line.id.as_str()).copied(), refunds)
                .map(|t| (t, MatchKind::Confirmed))
                .or_else(|| {
                    let t = by_processor_reference?;
                    let kind = if refunds {
                        MatchKind::RefundByProcessorReference
                    } else {
                        MatchKind::ChargeByProcessorReference
                    };
                    (!self.is_matched(t, refunds)).then_some((t, kind))
                })
                .or_else(|| {
                    let kind = if refunds {
                        MatchKind::RefundByMerchantReference
                    } else {
                        MatchKind::ChargeByMerchantReference
                    };
                    self.by_merchant_reference(line, refunds).map(|t| (t, kind))
                });
            match found {
                Some((t, how)) => self.pair(s, t, how, refunds),
                None => unmatched.push(s),
            }
        }
        self.suggest(&unmatched, refunds);
    }

    /// The tender's position in the flat per-row arrays of its kind.
    fn flat(&self, t: Tender, refunds: bool) -> usize {
        let at = if refunds {
            &self.refund_at
        } else {
            &self.pay_at
        };
        at[t.order as usize] as usize + t.index as usize
    }

    fn tender_ref(&self, t: Tender, refunds: bool) -> RowRef {
        if refunds {
            self.refund_ref(t)
        } else {
            self.payment_ref(t)
        }
    }

    /// The bucket of a tender's row.
    fn tender_status(&mut self, t: Tender, refunds: bool) -> &mut u8 {
        let flat = self.flat(t, refunds);
        let status = if refunds {
            &mut self.refund_status
        } else {
            &mut self.pay_status
        };
        &mut status[flat]
    }

    fn is_matched(&self, t: Tender, refunds: bool) -> bool {
        let matched = if refunds {
            &self.refund_matched
        } else {
            &self.pay_matched
        };
        matched[self.flat(t, refunds)]
    }

    fn is_live(&self, t: Tender, refunds: bool) -> bool {
        let live = if refunds {
            &self.refund_live
        } else {
            &self.pay_live
        };
        live[self.flat(t, refunds)]
    }

    fn confirmed_tender(&self, confirmed: Option<(&str, &str)>, refunds: bool) -> Option<Tender> {
        let (order_id, record_id) = confirmed?;
        let o = *self.orders.get(order_id)?;
        if !self.order_ok[o as usize] {
            return None;
        }
        let order = &self.input.orders[o as usize];
        let index = (0..tender_count(order, refunds))
            .position(|j| tender_view(order, refunds, j).id.as_str() == record_id)?;
        let t = Tender {
            order: o,
            index: index as u32,
        };
        (self.is_live(t, refunds) && !self.is_matched(t, refunds)).then_some(t)
    }

    /// The one unmatched tender of the named order from this processor (or,
    /// of several, the one with the settled amount).
    fn by_merchant_reference(&self, line: &SettlementLine, refunds: bool) -> Option<Tender> {
        let o = *self.orders.get(line.merchant_reference.as_deref()?)?;
        if !self.order_ok[o as usize] {
            return None;
        }
        let order = &self.input.orders[o as usize];
        let mut candidates = Vec::new();
        for j in 0..tender_count(order, refunds) {
            let v = tender_view(order, refunds, j);
            let t = Tender {
                order: o,
                index: j as u32,
            };
            let same_reference = match (v.reference, line.processor_reference.as_deref()) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            if v.method.settles()
                && v.processor == Some(&line.processor)
                && same_reference
                && self.is_live(t, refunds)
                && !self.is_matched(t, refunds)
            {
                candidates.push((t, v.amount));
            }
        }
        match candidates.len() {
            1 => Some(candidates[0].0),
            0 => None,
            _ => {
                let settled = settled_amount(line, refunds)?;
                let mut same = candidates.iter().filter(|c| c.1 == settled);
                match (same.next(), same.next()) {
                    (Some(c), None) => Some(c.0),
                    _ => None,
                }
            }
        }
    }

    fn duplicate(&mut self, s: u32, first: u32) {
        let line = &self.input.settlements[s as usize];
        self.settlement_status[s as usize] = EXCEPTION;
        let message = format!(
            "settlement {} repeats the {} for {} reference {} (first: {})",
            line.id,
            line.kind.as_str(),
            line.processor,
            line.processor_reference.as_deref().unwrap_or(""),
            self.input.settlements[first as usize].id
        );
        let at_risk = line.gross.unwrap_or(line.net).abs();
        self.raise(
            ReasonCode::DuplicateSettlement,
            vec![self.settlement_ref(s), self.settlement_ref(first)],
            Some(line.currency),
            None,
            None,
            Some(at_risk),
            line.settled_at,
            message,
        );
    }

    /// A settlement matched to its payment or refund: currency, amount, fee.
    fn pair(&mut self, s: u32, t: Tender, how: MatchKind, refunds: bool) {
        let input = self.input;
        let line = &input.settlements[s as usize];
        let order = &input.orders[t.order as usize];
        let v = tender_view(order, refunds, t.index as usize);
        let (record, amount, method) = (self.tender_ref(t, refunds), v.amount, v.method);
        let flat = self.flat(t, refunds);
        if refunds {
            self.refund_matched[flat] = true;
        } else {
            self.pay_matched[flat] = true;
        }
        mark(self.tender_status(t, refunds), MATCHED);
        mark(&mut self.settlement_status[s as usize], MATCHED);
        let c = order.currency;
        let settlement = self.settlement_ref(s);
        let since = line.settled_at;

        if line.currency != c {
            *self.tender_status(t, refunds) = EXCEPTION;
            self.settlement_status[s as usize] = EXCEPTION;
            if !refunds {
                self.summary(c).currency_mismatched += amount;
            }
            let message = format!(
                "{} in {c} settled in {} ({}); amounts are not compared",
                record.label(),
                line.currency,
                settlement.label()
            );
            self.raise(
                ReasonCode::CurrencyMismatch,
                vec![record, settlement],
                Some(c),
                None,
                None,
                Some(amount),
                since,
                message,
            );
            return;
        }

        let settled = settled_amount(line, refunds);
        if !refunds {
            let sum = self.summary(c);
            sum.settled_gross += settled.unwrap_or(amount);
            sum.amount_differences += settled.map_or(Decimal::ZERO, |g| g - amount);
        } else {
            self.summary(c).refunds_settled += settled.unwrap_or(amount);
        }
        let mut clean = true;
        if let Some(settled) = settled.filter(|&g| g != amount) {
            clean = false;
            *self.tender_status(t, refunds) = EXCEPTION;
            self.settlement_status[s as usize] = EXCEPTION;
            let message = format!(
                "{} of {amount} {c} settled as {settled} ({})",
                record.label(),
                settlement.label()
            );
            self.raise(
                ReasonCode::AmountMismatch,
                vec![record.clone(), settlement.clone()],
                Some(c),
                Some(amount),
                Some(settled),
                Some((settled - amount).abs()),
                since,
                message,
            );
        }
        if !refunds {
            clean &= self.fee_check(s, t, amount, method);
        }
        if clean {
            self.matches.push(how, [record, settlement]);
        }
    }

    /// The fee against the schedule, on the settled gross (the payment's
    /// amount for a net-only line). True when it is within tolerance.
    fn fee_check(&mut self, s: u32, t: Tender, amount: Decimal, method: PaymentMethod) -> bool {
        let input: &'a Input = self.input;
        let line = &input.settlements[s as usize];
        let order = &input.orders[t.order as usize];
        let processor = order.payments[t.index as usize]
            .processor
            .as_ref()
            .unwrap_or(&line.processor)
            .as_str();
        let c = line.currency;
        let gross = line.gross.unwrap_or(amount);
        let actual = line.fee.unwrap_or(gross - line.net);
        self.summary(c).actual_fees += actual;
        let channel = order.channel.as_str();
        let cached = self
            .fee_cache
            .iter()
            .find(|k| k.0 == processor && k.1 == channel && k.2 == method)
            .map(|k| k.3);
        let index = cached.unwrap_or_else(|| {
            let rules = &self.config.fee_schedule;
            let index = self
                .config
                .fee_rule(processor, Some(&order.channel), Some(method))
                .and_then(|rule| rules.iter().position(|r| std::ptr::eq(r, rule)));
            self.fee_cache.push((processor, channel, method, index));
            index
        });
        let Some(rule) = index.map(|i| &self.config.fee_schedule[i]) else {
            return true;
        };
        let expected = rule.fee(gross, c);
        self.summary(c).expected_fees += expected;
        let diff = actual - expected;
        if diff.abs() <= self.config.fee_tolerance {
            return true;
        }
        self.settlement_status[s as usize] = EXCEPTION;
        let settlement = self.settlement_ref(s);
        let reported = if line.fee.is_some() {
            "fee"
        } else {
            "gross − net"
        };
        let message = format!(
            "{}: {reported} {actual} {c}, the schedule expects {expected} on {gross}",
            settlement.label()
        );
        let record = self.payment_ref(t);
        self.raise(
            ReasonCode::FeeVariance,
            vec![settlement, record],
            Some(c),
            Some(expected),
            Some(actual),
            Some(diff.abs()),
            line.settled_at,
            message,
        );
        false
    }

    /// Unmatched lines: one candidate is suggested, several are listed.
    fn suggest(&mut self, unmatched: &[u32], refunds: bool) {
        if unmatched.is_empty() {
            return;
        }
        let input = self.input;
        // Open tenders by (processor, currency, amount).
        let mut open: FxHashMap<(&str, Currency, Decimal), Vec<Tender>> = FxHashMap::default();
        for (o, order) in input.orders.iter().enumerate() {
            if !self.order_ok[o] {
                continue;
            }
            for j in 0..tender_count(order, refunds) {
                let v = tender_view(order, refunds, j);
                let t = Tender {
                    order: o as u32,
                    index: j as u32,
                };
                if let (true, Some(processor)) = (v.method.settles(), v.processor) {
                    if self.is_live(t, refunds) && !self.is_matched(t, refunds) {
                        open.entry((processor.as_str(), order.currency, v.amount))
                            .or_default()
                            .push(t);
                    }
                }
            }
        }
        for &s in unmatched {
            let line = &input.settlements[s as usize];
            self.settlement_status[s as usize] = EXCEPTION;
            let settlement = self.settlement_ref(s);
            let amount = settled_amount(line, refunds);
            let mut candidates: Vec<(RowRef, Instant)> = amount
                .and_then(|a| open.get(&(line.processor.as_str(), line.currency, a)))
                .into_iter()
                .flatten()
                .filter_map(|&t| {
                    let order = &input.orders[t.order as usize];
                    let at = tender_view(order, refunds, t.index as usize).at;
                    let inside =
                        at <= line.settled_at && line.settled_at <= plus_days(at, self.window);
                    inside.then_some((self.tender_ref(t, refunds), at))
                })
                .collect();
            candidates.sort();
            let what = if refunds { "refund" } else { "payment" };
            let message = format!(
                "{} ({} {} {} {}) matches no {what}",
                settlement.label(),
                line.processor,
                line.kind.as_str(),
                line.gross.unwrap_or(line.net),
                line.currency
            );
            let at_risk = line.gross.unwrap_or(line.net).abs();
            let window = self.window;
            let e = self.raise(
                ReasonCode::UnmatchedSettlement,
                vec![settlement],
                Some(line.currency),
                None,
                amount,
                Some(at_risk),
                line.settled_at,
                message,
            );
            match candidates.len() {
                0 => {}
                1 => {
                    let (record, at) = candidates.pop().expect("one candidate");
                    e.suggestion = Some(Suggestion {
                        evidence: format!(
                            "the only open {what} of {} {} from {} at {at}, {} day(s) or less before it settled",
                            amount.unwrap_or_default(),
                            line.currency,
                            line.processor,
                            window
                        ),
                        record,
                    });
                }
                _ => e.candidates = candidates.into_iter().map(|c| c.0).collect(),
            }
        }
    }

    /// Chargebacks stay open until a reversal for the same reference arrives.
    fn chargebacks(&mut self) {
        let input = self.input;
        let mut reversals: FxHashMap<(&str, &str), Vec<u32>> = FxHashMap::default();
        for s in self.sorted_lines(SettlementKind::ChargebackReversal) {
            let line = &input.settlements[s as usize];
            self.summary(line.currency).chargeback_reversals += line.gross.unwrap_or(line.net);
            mark(&mut self.settlement_status[s as usize], MATCHED);
            if let Some(r) = line.processor_reference.as_deref() {
                reversals
                    .entry((line.processor.as_str(), r))
                    .or_default()
                    .push(s);
            }
        }
        for (_, list) in reversals.iter_mut() {
            list.reverse(); // popped from the end: earliest first
        }
        // Payments by processor reference, to find the order a chargeback is about.
        let mut order_of: FxHashMap<(&str, &str), u32> = FxHashMap::default();
        for s in self.sorted_lines(SettlementKind::Chargeback) {
            let line = &input.settlements[s as usize];
            self.summary(line.currency).chargebacks -= line.gross.unwrap_or(line.net);
            let key = line
                .processor_reference
                .as_deref()
                .map(|r| (line.processor.as_str(), r));
            if let Some(reversal) = key.and_then(|k| reversals.get_mut(&k)?.pop()) {
                mark(&mut self.settlement_status[s as usize], MATCHED);
                let rows = [self.settlement_ref(s), self.settlement_ref(reversal)];
                self.matches.push(MatchKind::ChargebackReversed, rows);
                continue;
            }
            if order_of.is_empty() {
                for (o, order) in input.orders.iter().enumerate() {
                    for p in &order.payments {
                        if let (Some(pr), Some(r)) = (&p.processor, &p.processor_reference) {
                            order_of.insert((pr.as_str(), r.as_str()), o as u32);
                        }
                    }
                }
            }
            let o = key.and_then(|k| order_of.get(&k).copied()).or_else(|| {
                self.orders
                    .get(line.merchant_reference.as_deref()?)
                    .copied()
            });
            self.settlement_status[s as usize] = EXCEPTION;
            let settlement = self.settlement_ref(s);
            let mut references = vec![settlement.clone()];
            if let Some(o) = o {
                references.push(self.order_ref(o));
            }
            let amount = line.gross.unwrap_or(line.net);
            let message = format!(
                "chargeback of {} {} on {} ({}); open until reversed",
                amount.abs(),
                line.currency,
                o.map_or("an unknown order".to_string(), |o| format!(
                    "order {}",
                    input.orders[o as usize].order_id
                )),
                settlement.label()
            );
            let e = self.raise(
                ReasonCode::Chargeback,
                references,
                Some(line.currency),
                None,
                Some(amount),
                Some(amount.abs()),
                line.settled_at,
                message,
            );
            e.evidence = o.map(|o| Box::new(input.orders[o as usize].clone()));
        }
        // Fees and adjustments have nothing to pair with.
        for (i, line) in input.settlements.iter().enumerate() {
            if self.settlement_live[i]
                && matches!(line.kind, SettlementKind::Fee | SettlementKind::Adjustment)
            {
                mark(&mut self.settlement_status[i], MATCHED);
            }
        }
    }

    /// A payout's amount against the net of its batch.
    fn payouts(&mut self) {
        let input = self.input;
        let mut batches: FxHashMap<(&str, &str, Currency), (Decimal, Vec<u32>)> =
            FxHashMap::default();
        for (i, line) in input.settlements.iter().enumerate() {
            if let (true, false, Some(batch)) = (
                self.settlement_ok[i],
                line.kind == SettlementKind::Payout,
                line.batch_id.as_ref().map(|b| b.as_str()),
            ) {
                let entry = batches
                    .entry((line.processor.as_str(), batch, line.currency))
                    .or_default();
                entry.0 += line.net;
                entry.1.push(i as u32);
            }
        }
        for s in self.sorted_lines(SettlementKind::Payout) {
            let line = &input.settlements[s as usize];
            let Some(batch) = line.batch_id.as_ref().map(|b| b.as_str()) else {
                mark(&mut self.settlement_status[s as usize], MATCHED);
                continue;
            };
            let paid = -line.net;
            let mut empty = (Decimal::ZERO, Vec::new());
            let (sum, members) = batches
                .get_mut(&(line.processor.as_str(), batch, line.currency))
                .unwrap_or(&mut empty);
            let sum = *sum;
            let payout = self.settlement_ref(s);
            if sum == paid {
                mark(&mut self.settlement_status[s as usize], MATCHED);
                members.sort_unstable_by(|&a, &b| {
                    input.settlements[a as usize]
                        .id
                        .cmp(&input.settlements[b as usize].id)
                });
                let lines = members.iter().map(|&m| self.settlement_ref(m));
                let rows: Vec<RowRef> = std::iter::once(payout).chain(lines).collect();
                self.matches.push(MatchKind::Payout, rows);
            } else {
                self.settlement_status[s as usize] = EXCEPTION;
                let message = format!(
                    "payout {} of batch {batch}: paid {paid} {}, its {} line(s) net {sum}",
                    line.id,
                    line.currency,
                    members.len()
                );
                self.raise(
                    ReasonCode::BatchTotalMismatch,
                    vec![payout],
                    Some(line.currency),
                    Some(sum),
                    Some(paid),
                    Some((paid - sum).abs()),
                    line.settled_at,
                    message,
                );
            }
        }
    }

    /// Card and wallet payments and refunds with no settlement: pending
    /// inside the window, an exception after it. Other tenders are accounted.
    fn unsettled(&mut self) {
        let input = self.input;
        let as_of = self.as_of();
        for (o, order) in input.orders.iter().enumerate() {
            if !self.order_ok[o] {
                continue;
            }
            let c = order.currency;
            for (j, p) in order.payments.iter().enumerate() {
                let flat = self.pay_at[o] as usize + j;
                let t = Tender {
                    order: o as u32,
                    index: j as u32,
                };
                if !self.pay_valid[flat] {
                    continue;
                }
                let settles = p.method.settles();
                let matched = self.pay_matched[flat];
                let live = self.pay_live[flat];
                let due = plus_days(p.captured_at, self.window);
                let sum = self.summary(c);
                sum.payments_captured += p.amount;
                if !settles {
                    mark(&mut self.pay_status[flat], MATCHED);
                    continue;
                }
                sum.processor_captured += p.amount;
                if matched {
                    continue;
                }
                if !live {
                    sum.pending_settlement += p.amount; // captured after as-of
                } else if as_of <= due {
                    sum.pending_settlement += p.amount;
                    self.pay_status[flat] = PENDING;
                    self.wait(
                        self.payment_ref(t),
                        PendingReason::AwaitingSettlement,
                        due,
                        Some((c, p.amount)),
                    );
                } else {
                    sum.missing_settlement += p.amount;
                    self.pay_status[flat] = EXCEPTION;
                    let record = self.payment_ref(t);
                    let message = format!(
                        "{} of {} {c} by {} captured {}: no settlement after {} day(s)",
                        record.label(),
                        p.amount,
                        p.method.as_str(),
                        p.captured_at,
                        self.window
                    );
                    self.raise(
                        ReasonCode::MissingSettlement,
                        vec![record],
                        Some(c),
                        Some(p.amount),
                        Some(Decimal::ZERO),
                        Some(p.amount),
                        due,
                        message,
                    );
                }
            }
            for (j, r) in order.refunds.iter().enumerate() {
                let flat = self.refund_at[o] as usize + j;
                let t = Tender {
                    order: o as u32,
                    index: j as u32,
                };
                if !self.refund_live[flat] && self.refund_status[flat] == EXCEPTION {
                    continue;
                }
                let sum = self.summary(c);
                sum.refunds_issued += r.amount;
                if !r.method.settles() {
                    mark(&mut self.refund_status[flat], MATCHED);
                    continue;
                }
                sum.processor_refunds += r.amount;
                if self.refund_matched[flat] || !self.refund_live[flat] {
                    continue;
                }
                let due = plus_days(r.issued_at, self.window);
                if as_of <= due {
                    mark(&mut self.refund_status[flat], PENDING);
                    self.wait(
                        self.refund_ref(t),
                        PendingReason::AwaitingRefundSettlement,
                        due,
                        Some((c, r.amount)),
                    );
                } else {
                    self.refund_status[flat] = EXCEPTION;
                    let record = self.refund_ref(t);
                    let message = format!(
                        "{} of {} {c} to {} issued {}: no refund settlement after {} day(s)",
                        record.label(),
                        r.amount,
                        r.method.as_str(),
                        r.issued_at,
                        self.window
                    );
                    self.raise(
                        ReasonCode::MissingRefundSettlement,
                        vec![record],
                        Some(c),
                        Some(r.amount),
                        Some(Decimal::ZERO),
                        Some(r.amount),
                        due,
                        message,
                    );
                }
            }
        }
    }

    /// Per order: payment total, over-refund, returns against refunds and
    /// restocks, fulfilments against sale movements.
    fn order_checks(&mut self) {
        let input = self.input;
        // Sale and restock movements grouped by the order they name: counted,
        // then laid out contiguously per order (in input order within one).
        let mut owner = vec![u32::MAX; input.movements.len()];
        let mut start = vec![0u32; input.orders.len() + 1];
        // The movements of one order usually come together: remember the last lookup.
        let mut last: (&str, Option<u32>) = ("", None);
        for (i, mv) in input.movements.iter().enumerate() {
            if !self.movement_ok[i] {
                continue;
            }
            match mv.kind {
                MovementKind::Sale | MovementKind::ReturnRestock => {
                    let Some(named) = mv.order_reference.as_ref().map(|n| n.as_str()) else {
                        continue;
                    };
                    if named != last.0 {
                        last = (named, self.orders.get(named).copied());
                    }
                    if let Some(o) = last.1 {
                        owner[i] = o;
                        start[o as usize + 1] += 1;
                    }
                }
                _ => mark(&mut self.movement_status[i], MATCHED),
            }
        }
        for o in 0..input.orders.len() {
            start[o + 1] += start[o];
        }
        let mut fill = start.clone();
        let mut grouped = vec![0u32; start[input.orders.len()] as usize];
        for (i, &o) in owner.iter().enumerate() {
            if o != u32::MAX {
                grouped[fill[o as usize] as usize] = i as u32;
                fill[o as usize] += 1;
            }
        }
        drop((owner, fill));
        // By order id, so the matches come out in the same order whatever the input's.
        let by_id = sorted_by_text(
            (0..input.orders.len() as u32).filter(|&o| self.order_ok[o as usize]),
            |o| input.orders[o as usize].order_id.as_str(),
        );
        for o in by_id {
            let o = o as usize;
            let movements = &grouped[start[o] as usize..start[o + 1] as usize];
            self.money_checks(o as u32);
            self.return_checks(o as u32, movements);
            self.inventory_checks(o as u32, movements);
            mark(&mut self.order_status[o], MATCHED);
        }
    }

    fn money_checks(&mut self, o: u32) {
        let order = &self.input.orders[o as usize];
        let c = order.currency;
        let oi = o as usize;
        let paid: Decimal = order
            .payments
            .iter()
            .enumerate()
            .filter(|(j, _)| self.pay_valid[self.pay_at[oi] as usize + j])
            .map(|(_, p)| p.amount)
            .sum();
        let refunded: Decimal = order
            .refunds
            .iter()
            .enumerate()
            .filter(|(j, _)| self.refund_live[self.refund_at[oi] as usize + j])
            .map(|(_, r)| r.amount)
            .sum();
        let sum = self.summary(c);
        sum.orders += 1;
        sum.order_total += order.total;
        if paid != order.total {
            self.order_status[oi] = EXCEPTION;
            let message = format!(
                "order {}: payments add up to {paid} {c}, the total is {}",
                order.order_id, order.total
            );
            self.raise(
                ReasonCode::PaymentTotalMismatch,
                vec![self.order_ref(o)],
                Some(c),
                Some(order.total),
                Some(paid),
                Some((paid - order.total).abs()),
                order.placed_at,
                message,
            );
        }
        if refunded > paid {
            self.order_status[oi] = EXCEPTION;
            let last = order
                .refunds
                .iter()
                .map(|r| r.issued_at)
                .max()
                .unwrap_or(order.placed_at);
            let message = format!(
                "order {}: refunds of {refunded} {c} exceed the {paid} paid",
                order.order_id
            );
            self.raise(
                ReasonCode::OverRefund,
                vec![self.order_ref(o)],
                Some(c),
                Some(paid),
                Some(refunded),
                Some(refunded - paid),
                last,
                message,
            );
        }
    }

    fn return_checks(&mut self, o: u32, movements: &[u32]) {
        let input = self.input;
        let order = &input.orders[o as usize];
        let oi = o as usize;
        let c = order.currency;
        let as_of = self.as_of();
        let grace = self.config.credit_grace_days;
        // Refunds naming a return that does not exist.
        for (j, r) in order.refunds.iter().enumerate() {
            let flat = self.refund_at[oi] as usize + j;
            let Some(return_id) = &r.return_id else {
                continue;
            };
            if self.refund_status[flat] == EXCEPTION && !self.refund_live[flat] {
                continue;
            }
            if !order.returns.iter().any(|x| &x.return_id == return_id) {
                self.refund_status[flat] = EXCEPTION;
                let record = self.refund_ref(Tender {
                    order: o,
                    index: j as u32,
                });
                let message = format!(
                    "{} of {} {c} credits return {return_id}, which order {} does not have",
                    record.label(),
                    r.amount,
                    order.order_id
                );
                self.raise(
                    ReasonCode::UnknownReturn,
                    vec![record],
                    Some(c),
                    None,
                    None,
                    Some(r.amount),
                    r.issued_at,
                    message,
                );
            }
        }
        for (j, ret) in order.returns.iter().enumerate() {
            let flat = self.return_at[oi] as usize + j;
            let restocks: Vec<u32> = movements
                .iter()
                .copied()
                .filter(|&m| {
                    let mv = &input.movements[m as usize];
                    mv.kind == MovementKind::ReturnRestock
                        && mv.return_reference.as_ref() == Some(&ret.return_id)
                })
                .collect();
            for &m in &restocks {
                self.movement_visited[m as usize] = true;
            }
            let status = self.return_status[flat];
            if status != NONE {
                // Invalid, or received after as-of: its restocks share its bucket.
                for &m in &restocks {
                    mark(&mut self.movement_status[m as usize], status);
                }
                continue;
            }
            let credits: Vec<usize> = order
                .refunds
                .iter()
                .enumerate()
                .filter(|(k, r)| {
                    r.return_id.as_ref() == Some(&ret.return_id)
                        && self.refund_live[self.refund_at[oi] as usize + k]
                })
                .map(|(k, _)| k)
                .collect();
            let return_ref = self.return_ref(o, j);
            let mut clean = true;
            let restocked: i64 = restocks
                .iter()
                .map(|&m| input.movements[m as usize].delta)
                .sum();
            if !restocks.is_empty() && restocked != ret.quantity {
                clean = false;
                self.return_status[flat] = EXCEPTION;
                for &m in &restocks {
                    self.movement_status[m as usize] = EXCEPTION;
                }
                let mut refs = vec![return_ref.clone()];
                refs.extend(restocks.iter().map(|&m| self.movement_ref(m)));
                let message = format!(
                    "{}: {} unit(s) of {} returned, restock movements add {restocked}",
                    return_ref.label(),
                    ret.quantity,
                    ret.sku
                );
                self.raise(
                    ReasonCode::InventoryQuantityMismatch,
                    refs,
                    None,
                    Some(Decimal::from(ret.quantity)),
                    Some(Decimal::from(restocked)),
                    None,
                    ret.received_at,
                    message,
                );
            }
            if ret.restock && credits.is_empty() {
                clean = false;
                let due = plus_days(ret.received_at, grace);
                if as_of <= due {
                    mark(&mut self.return_status[flat], PENDING);
                    self.wait(return_ref.clone(), PendingReason::AwaitingCredit, due, None);
                } else {
                    self.return_status[flat] = EXCEPTION;
                    let mut refs = vec![return_ref.clone()];
                    refs.extend(restocks.iter().map(|&m| self.movement_ref(m)));
                    let message = format!(
                        "{}: {} unit(s) of {} restocked at {} on {}, never credited",
                        return_ref.label(),
                        ret.quantity,
                        ret.sku,
                        ret.location,
                        ret.received_at
                    );
                    self.raise(
                        ReasonCode::ReturnWithoutCredit,
                        refs,
                        None,
                        Some(Decimal::from(ret.quantity)),
                        None,
                        None,
                        due,
                        message,
                    );
                }
            }
            if ret.restock && restocks.is_empty() {
                for &k in &credits {
                    clean = false;
                    let r = &order.refunds[k];
                    let rflat = self.refund_at[oi] as usize + k;
                    let due = plus_days(r.issued_at, grace);
                    let t = Tender {
                        order: o,
                        index: k as u32,
                    };
                    if as_of <= due {
                        mark(&mut self.refund_status[rflat], PENDING);
                        mark(&mut self.return_status[flat], PENDING);
                        self.wait(
                            self.refund_ref(t),
                            PendingReason::AwaitingRestock,
                            due,
                            Some((c, r.amount)),
                        );
                    } else {
                        self.refund_status[rflat] = EXCEPTION;
                        self.return_status[flat] = EXCEPTION;
                        let record = self.refund_ref(t);
                        let message = format!(
                            "{} of {} {c} credits {}, but its goods never came back into stock",
                            record.label(),
                            r.amount,
                            return_ref.label()
                        );
                        self.raise(
                            ReasonCode::CreditWithoutReturn,
                            vec![record, return_ref.clone()],
                            Some(c),
                            None,
                            None,
                            Some(r.amount),
                            due,
                            message,
                        );
                    }
                }
            }
            mark(&mut self.return_status[flat], MATCHED);
            for &m in &restocks {
                mark(&mut self.movement_status[m as usize], MATCHED);
            }
            if clean && (!restocks.is_empty() || !credits.is_empty()) {
                let mut rows = vec![return_ref];
                rows.extend(restocks.iter().map(|&m| self.movement_ref(m)));
                rows.extend(credits.iter().map(|&k| {
                    self.refund_ref(Tender {
                        order: o,
                        index: k as u32,
                    })
                }));
                self.matches.push(MatchKind::Return, rows);
            }
        }
    }

    fn inventory_checks(&mut self, o: u32, movements: &[u32]) {
        let input = self.input;
        let order = &input.orders[o as usize];
        let oi = o as usize;
        // SKUs fulfilled (counted) and sold (by movement), in first-seen order.
        let mut skus = std::mem::take(&mut self.sku_scratch);
        skus.clear();
        for (j, f) in order.fulfilments.iter().enumerate() {
            if self.fulfil_status[self.fulfil_at[oi] as usize + j] != NONE {
                continue;
            }
            match skus.iter_mut().find(|s| *s.0 == f.sku) {
                Some(s) => s.1 += f.quantity,
                None => skus.push((&f.sku, f.quantity, 0)),
            }
        }
        for &m in movements {
            let mv = &input.movements[m as usize];
            if mv.kind != MovementKind::Sale {
                continue;
            }
            self.movement_visited[m as usize] = true;
            match skus.iter_mut().find(|s| *s.0 == mv.sku) {
                Some(s) => s.2 -= mv.delta,
                None => skus.push((&mv.sku, 0, -mv.delta)),
            }
        }
        for &(sku, fulfilled, sold) in &skus {
            let key = RowRef::of_order(RowKind::OrderSku, order.order_id.shared(), sku.shared());
            let sales = || {
                movements.iter().copied().filter(|&m| {
                    let mv = &input.movements[m as usize];
                    mv.kind == MovementKind::Sale && mv.sku == *sku
                })
            };
            let status = if sold == fulfilled {
                let rows = sales().map(|m| movement_ref(input, m));
                self.matches
                    .push(MatchKind::Inventory, std::iter::once(key).chain(rows));
                MATCHED
            } else {
                let since = order
                    .fulfilments
                    .iter()
                    .filter(|f| f.sku == *sku)
                    .map(|f| f.fulfilled_at)
                    .chain(sales().map(|m| input.movements[m as usize].occurred_at))
                    .max()
                    .unwrap_or(order.placed_at);
                let (reason, message) = if sales().next().is_none() {
                    (
                        ReasonCode::MissingInventoryMovement,
                        format!(
                            "order {}: {fulfilled} unit(s) of {sku} fulfilled, no sale movement",
                            order.order_id
                        ),
                    )
                } else {
                    (
                        ReasonCode::InventoryQuantityMismatch,
                        format!(
                            "order {}: {fulfilled} unit(s) of {sku} fulfilled, sale movements take {sold}",
                            order.order_id
                        ),
                    )
                };
                let mut refs = vec![key];
                refs.extend(sales().map(|m| movement_ref(input, m)));
                self.raise(
                    reason,
                    refs,
                    None,
                    Some(Decimal::from(fulfilled)),
                    Some(Decimal::from(sold)),
                    None,
                    since,
                    message,
                );
                EXCEPTION
            };
            for m in sales() {
                mark(&mut self.movement_status[m as usize], status);
            }
            for (j, f) in order.fulfilments.iter().enumerate() {
                let flat = self.fulfil_at[oi] as usize + j;
                if f.sku == *sku && self.fulfil_status[flat] != PENDING {
                    mark(&mut self.fulfil_status[flat], status);
                }
            }
        }
        self.sku_scratch = skus;
    }

    /// Sale and restock movements no order claimed.
    fn unvisited_movements(&mut self) {
        let input = self.input;
        for (i, mv) in input.movements.iter().enumerate() {
            if !self.movement_ok[i]
                || self.movement_visited[i]
                || !matches!(mv.kind, MovementKind::Sale | MovementKind::ReturnRestock)
            {
                continue;
            }
            self.movement_status[i] = EXCEPTION;
            let named = mv.order_reference.as_ref().map(|o| o.as_str());
            let order_exists = named
                .and_then(|n| self.orders.get(n))
                .is_some_and(|&o| self.order_ok[o as usize]);
            let why = match (named, order_exists) {
                (None, _) => "names no order".to_string(),
                (Some(n), false) => format!("names order {n}, which does not exist"),
                (Some(n), true) => format!(
                    "names order {n} but return {}, which it does not have",
                    mv.return_reference
                        .as_ref()
                        .map_or("(none)", |r| r.as_str())
                ),
            };
            let kind = if mv.kind == MovementKind::Sale {
                "sale"
            } else {
                "restock"
            };
            let message = format!(
                "{kind} movement {} of {} × {} at {} {why}",
                mv.id, mv.delta, mv.sku, mv.location
            );
            self.raise(
                ReasonCode::UnmatchedMovement,
                vec![self.movement_ref(i as u32)],
                None,
                None,
                Some(Decimal::from(mv.delta)),
                None,
                mv.occurred_at,
                message,
            );
        }
    }

    /// Rows that could not be read: reported, and counted in their table.
    fn unread(&mut self) {
        for row in &self.input.unread {
            let id: std::sync::Arc<str> = row.id.as_str().into();
            let key = match &row.order_id {
                Some(order) => RowRef::of_order(row.kind, order.as_str().into(), id),
                None => RowRef::new(row.kind, id),
            };
            let since = row.at.unwrap_or(self.config.as_of);
            self.invalid(key, since, row.reason.clone());
        }
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
                summary
            },
            rows,
        }
    }
}

fn movement_ref(input: &Input, m: u32) -> RowRef {
    RowRef::new(RowKind::Movement, input.movements[m as usize].id.shared())
}

/// What a line settled for, in the tender's sign: a charge's gross, a
/// refund's gross negated. None when the processor reports only net.
fn settled_amount(line: &SettlementLine, refunds: bool) -> Option<Decimal> {
    line.gross.map(|g| if refunds { -g } else { g })
}
