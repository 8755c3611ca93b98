//! Reading rows: repeated ids, amounts finer than the minor unit, rows
//! stamped after as-of, and net = gross − fee on every settlement line.

// Amounts in a run are below MAX_AMOUNT (10^18, checked when rows are
// validated), so sums of fewer than 79 billion of them, their differences
// and their fee products fit a decimal; counts and indexes are bounded by
// the rows given. The arithmetic lint is allowed here for that reason.
#![allow(clippy::arithmetic_side_effects)]

use super::*;

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

impl<'a> Engine<'a> {
    pub(super) fn validate_orders(&mut self) {
        let input = self.input;
        let (kept, rejected) = dedupe(&input.orders, |o| o.order_id.as_str());
        self.orders = std::sync::Arc::new(kept);
        self.order_ids_unique = rejected.is_empty();
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

    pub(super) fn validate_order(&mut self, o: u32) {
        let order = &self.input.orders[o as usize];
        let c = order.currency;
        let bad_total = if order.total < Decimal::ZERO || !fits(order.total, c) {
            Some(format!(
                "total {} is negative or finer than {c}'s minor unit",
                order.total
            ))
        } else {
            beyond_max("total", order.total)
        };
        if let Some(why) = bad_total {
            self.reject_order(o);
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
                } else if let Some(why) = beyond_max("amount", v.amount) {
                    Some(why)
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
        // A return spans lines (rows sharing its id); a line may come back
        // once sellable and once not, so a row is named by its return, line
        // and restock flag, and only a repeat of all three is refused.
        let mut waiting: Vec<&crate::ids::RecordId> = Vec::new();
        for (j, r) in order.returns.iter().enumerate() {
            let flat = self.return_at[oi] as usize + j;
            let repeated = order.returns[..j]
                .iter()
                .chain(&order.returns[j + 1..])
                .any(|q| {
                    q.return_id == r.return_id && q.line_id == r.line_id && q.restock == r.restock
                });
            let why = if repeated {
                Some(format!(
                    "another row of the return has line {} ({})",
                    r.line_id,
                    if r.restock {
                        "restocked"
                    } else {
                        "not restocked"
                    }
                ))
            } else if r.quantity <= 0 {
                Some(format!(
                    "line {} quantity {} must be at least 1",
                    r.line_id, r.quantity
                ))
            } else {
                None
            };
            if let Some(why) = why {
                self.return_status[flat] = EXCEPTION;
                let facet = format!("{}\u{0}{}", r.line_id, r.restock);
                self.invalid_facet(self.return_ref(o, j), &facet, r.received_at, why);
            } else if r.received_at > as_of {
                self.return_status[flat] = PENDING;
                // One item per return, due when its first late line comes in.
                if !waiting.contains(&&r.return_id) {
                    waiting.push(&r.return_id);
                    let first = order
                        .returns
                        .iter()
                        .filter(|q| q.return_id == r.return_id && q.received_at > as_of)
                        .map(|q| q.received_at)
                        .min()
                        .unwrap_or(r.received_at);
                    self.wait(self.return_ref(o, j), PendingReason::AfterAsOf, first, None);
                }
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

    pub(super) fn validate_settlements(&mut self) {
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
                [line.gross, line.fee, Some(line.net)]
                    .into_iter()
                    .flatten()
                    .find_map(|a| beyond_max("amount", a))
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
                    match (line.gross, line.fee) {
                        (Some(gross), Some(fee)) => {
                            sum.settlement_gross += gross;
                            sum.fees_reported += fee;
                        }
                        (Some(gross), None) => {
                            sum.settlement_gross += gross;
                            sum.fees_implied += gross - net;
                        }
                        (None, _) => sum.net_only += net,
                    }
                }
                if line.kind == SettlementKind::Fee {
                    sum.fee_lines -= net;
                }
            }
        }
    }

    /// net = gross − fee on every row that reports both.
    pub(super) fn settlement_arithmetic(&mut self) {
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
}

impl super::stock::Stock<'_> {
    /// Movements whose id repeats, that move nothing, or that happened
    /// after as-of are set aside: an exception or pending, never checked.
    pub(super) fn validate_movements(&mut self) {
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
                self.exceptions.push(invalid_row(
                    movement_ref(input, m),
                    mv.occurred_at,
                    why.into(),
                ));
            }
        }
        for (i, mv) in input.movements.iter().enumerate() {
            if !self.movement_ok[i] {
                continue;
            }
            // A count that confirms the stock moves nothing and is fine;
            // any other movement of nothing is a mistake.
            if mv.delta == 0 && mv.kind != super::super::MovementKind::Count {
                self.movement_ok[i] = false;
                self.movement_status[i] = EXCEPTION;
                self.exceptions.push(invalid_row(
                    movement_ref(input, i as u32),
                    mv.occurred_at,
                    "delta is 0 (only a count may confirm stock without moving it)".into(),
                ));
            } else if mv.occurred_at > self.as_of {
                self.movement_ok[i] = false;
                self.movement_status[i] = PENDING;
                self.pending.push(Pending {
                    row: movement_ref(input, i as u32),
                    reason: PendingReason::AfterAsOf,
                    due: mv.occurred_at,
                    currency: None,
                    amount: None,
                });
            }
        }
    }
}
