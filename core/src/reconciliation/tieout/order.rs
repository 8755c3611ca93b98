//! Per order: unsettled tenders, payment totals, refunds, returns against
//! credits and restocks (fulfilments against sale movements are in `stock`).

// Amounts in a run are below MAX_AMOUNT (10^18, checked when rows are
// validated), so sums of fewer than 79 billion of them, their differences
// and their fee products fit a decimal; counts and indexes are bounded by
// the rows given. The arithmetic lint is allowed here for that reason.
#![allow(clippy::arithmetic_side_effects)]

use super::stock::Plan;
use super::*;

impl<'a> Engine<'a> {
    /// Card and wallet payments and refunds with no settlement: pending
    /// inside the window, an exception after it. Other tenders are accounted.
    pub(super) fn unsettled(&mut self) {
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
                if self.refund_matched[flat] {
                    continue;
                }
                let due = plus_days(r.issued_at, self.window);
                if !self.refund_live[flat] || as_of <= due {
                    self.summary(c).refunds_pending += r.amount;
                }
                if !self.refund_live[flat] {
                    continue; // issued after as-of
                }
                if as_of <= due {
                    mark(&mut self.refund_status[flat], PENDING);
                    self.wait(
                        self.refund_ref(t),
                        PendingReason::AwaitingRefundSettlement,
                        due,
                        Some((c, r.amount)),
                    );
                } else {
                    self.summary(c).refunds_missing += r.amount;
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

    /// Per order, in the plan's order: payment total, over-refund, returns
    /// against refunds and restocks. Gives the number of matches after each
    /// order, for the stock side's to be placed among them.
    pub(super) fn order_checks(&mut self, plan: &Plan) -> Vec<u32> {
        let mut ends = Vec::with_capacity(plan.by_id.len());
        for &o in &plan.by_id {
            self.money_checks(o);
            self.return_checks(o, plan.movements(o));
            mark(&mut self.order_status[o as usize], MATCHED);
            ends.push(self.matches.len() as u32);
        }
        ends
    }

    pub(super) fn money_checks(&mut self, o: u32) {
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
        match order.status {
            OrderStatus::Open => sum.open_orders += 1,
            OrderStatus::Cancelled => sum.cancelled_orders += 1,
            OrderStatus::Fulfilled => {}
        }
        if order.status != OrderStatus::Cancelled {
            sum.order_total += order.total;
        }
        let due = plus_days(order.placed_at, self.config.capture_window_days);
        // What the payments must come to, and whether falling short is still normal.
        let (owed, short) = match order.status {
            OrderStatus::Fulfilled => (order.total, None),
            OrderStatus::Open => (order.total, Some(due)),
            // Owes nothing: what was captured must all have gone back.
            OrderStatus::Cancelled => (refunded, None),
        };
        // Refunding more than was paid is an over-refund, reported below.
        let over_refunded = order.status == OrderStatus::Cancelled && paid < refunded;
        if paid < owed && short.is_some_and(|due| self.as_of() <= due) {
            self.summary(c).awaiting_capture += owed - paid;
            mark(&mut self.order_status[oi], PENDING);
            self.wait(
                self.order_ref(o),
                PendingReason::AwaitingCapture,
                due,
                Some((c, owed - paid)),
            );
        } else if paid != owed && !over_refunded {
            self.order_status[oi] = EXCEPTION;
            let (expected, actual, message, since) = match order.status {
                OrderStatus::Cancelled => (
                    Decimal::ZERO,
                    paid - refunded,
                    format!(
                        "cancelled order {}: captured {paid} {c}, refunded {refunded}: {} kept",
                        order.order_id,
                        paid - refunded
                    ),
                    order.placed_at,
                ),
                OrderStatus::Open if paid < owed => (
                    owed,
                    paid,
                    format!(
                        "open order {}: {paid} {c} of {} captured, {} day(s) after it was placed",
                        order.order_id, order.total, self.config.capture_window_days
                    ),
                    due,
                ),
                _ => (
                    owed,
                    paid,
                    format!(
                        "order {}: payments add up to {paid} {c}, the total is {}",
                        order.order_id, order.total
                    ),
                    order.placed_at,
                ),
            };
            self.raise(
                ReasonCode::PaymentTotalMismatch,
                vec![self.order_ref(o)],
                Some(c),
                Some(expected),
                Some(actual),
                Some((actual - expected).abs()),
                since,
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

    pub(super) fn return_checks(&mut self, o: u32, movements: &[u32]) {
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
        // Each return once, with every line of it, in the order it first appears.
        for (first, ret) in order.returns.iter().enumerate() {
            if order.returns[..first]
                .iter()
                .any(|q| q.return_id == ret.return_id)
            {
                continue;
            }
            let lines: Vec<usize> = (first..order.returns.len())
                .filter(|&j| order.returns[j].return_id == ret.return_id)
                .collect();
            self.return_lines(o, first, &lines, movements, as_of, grace);
        }
    }

    /// One return (its rows `lines`, the first at `first`): restocks per
    /// SKU against its restocked lines, refunds against the whole return.
    fn return_lines(
        &mut self,
        o: u32,
        first: usize,
        lines: &[usize],
        movements: &[u32],
        as_of: Instant,
        grace: u32,
    ) {
        let input = self.input;
        let order = &input.orders[o as usize];
        let oi = o as usize;
        let c = order.currency;
        let ret = &order.returns[first];
        let base = self.return_at[oi] as usize;
        let line_flat = |j: usize| base + j;
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
        // A line that cannot be read, or came in after as-of, holds the
        // whole return back: its checks would run on part of it.
        let status = lines
            .iter()
            .map(|&j| self.return_status[line_flat(j)])
            .max()
            .unwrap_or(NONE);
        if status != NONE {
            for &j in lines {
                let flat = line_flat(j);
                mark(&mut self.return_status[flat], status);
            }
            for &m in &restocks {
                mark(&mut self.movement_status[m as usize], status);
            }
            return;
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
        let return_ref = self.return_ref(o, first);
        let mut clean = true;

        // Per SKU: units to restock (lines marked restock) against what the
        // restock movements add, in the order the SKUs first appear.
        let mut skus: Vec<(&crate::ids::Sku, i128, i128)> = Vec::new();
        for &j in lines {
            let line = &order.returns[j];
            let k = sku_slot(&mut skus, &line.sku);
            if line.restock {
                skus[k].1 += i128::from(line.quantity);
            }
        }
        for &m in &restocks {
            let mv = &input.movements[m as usize];
            let k = sku_slot(&mut skus, &mv.sku);
            skus[k].2 += i128::from(mv.delta);
        }
        let restocked_units: i128 = skus.iter().map(|s| s.1).sum();
        if !restocks.is_empty() {
            for &(sku, expected, added) in &skus {
                if expected == added {
                    continue;
                }
                clean = false;
                let of_sku: Vec<u32> = restocks
                    .iter()
                    .copied()
                    .filter(|&m| input.movements[m as usize].sku == *sku)
                    .collect();
                for &j in lines.iter().filter(|&&j| order.returns[j].sku == *sku) {
                    self.return_status[line_flat(j)] = EXCEPTION;
                }
                for &m in &of_sku {
                    self.movement_status[m as usize] = EXCEPTION;
                }
                let mut refs = vec![return_ref.clone()];
                refs.extend(of_sku.iter().map(|&m| self.movement_ref(m)));
                let message = format!(
                    "{}: {expected} unit(s) of {sku} returned to stock, restock movements add {added}",
                    return_ref.label(),
                );
                let since = lines
                    .iter()
                    .map(|&j| order.returns[j].received_at)
                    .chain(
                        of_sku
                            .iter()
                            .map(|&m| input.movements[m as usize].occurred_at),
                    )
                    .max()
                    .unwrap_or(ret.received_at);
                let e = self.raise(
                    ReasonCode::InventoryQuantityMismatch,
                    refs,
                    None,
                    Some(Decimal::from_i128_with_scale(expected, 0)),
                    Some(Decimal::from_i128_with_scale(added, 0)),
                    None,
                    since,
                    message,
                );
                e.id = exception_id_for(e.reason, &e.key, sku.as_str());
            }
        }
        let restocking = lines.iter().any(|&j| order.returns[j].restock);
        // The return is done when its last line came in.
        let received = lines
            .iter()
            .map(|&j| order.returns[j].received_at)
            .max()
            .unwrap_or(ret.received_at);
        if restocking && credits.is_empty() {
            clean = false;
            let due = plus_days(received, grace);
            if as_of <= due {
                for &j in lines {
                    let flat = line_flat(j);
                    mark(&mut self.return_status[flat], PENDING);
                }
                self.wait(return_ref.clone(), PendingReason::AwaitingCredit, due, None);
            } else {
                for &j in lines {
                    self.return_status[line_flat(j)] = EXCEPTION;
                }
                let mut refs = vec![return_ref.clone()];
                refs.extend(restocks.iter().map(|&m| self.movement_ref(m)));
                let what: Vec<String> = skus
                    .iter()
                    .filter(|s| s.1 > 0)
                    .map(|s| format!("{} × {}", s.1, s.0))
                    .collect();
                let message = format!(
                    "{}: {} restocked at {} on {}, never credited",
                    return_ref.label(),
                    what.join(", "),
                    ret.location,
                    received
                );
                self.raise(
                    ReasonCode::ReturnWithoutCredit,
                    refs,
                    None,
                    Some(Decimal::from_i128_with_scale(restocked_units, 0)),
                    None,
                    None,
                    due,
                    message,
                );
            }
        }
        if restocking && restocks.is_empty() {
            for &k in &credits {
                clean = false;
                let r = &order.refunds[k];
                let rflat = self.refund_at[oi] as usize + k;
                let due = plus_days(r.issued_at, grace);
                let t = Tender {
                    order: o,
                    index: k as u32,
                };
                let status = if as_of <= due { PENDING } else { EXCEPTION };
                for &j in lines {
                    let flat = line_flat(j);
                    mark(&mut self.return_status[flat], status);
                }
                if status == PENDING {
                    mark(&mut self.refund_status[rflat], PENDING);
                    self.wait(
                        self.refund_ref(t),
                        PendingReason::AwaitingRestock,
                        due,
                        Some((c, r.amount)),
                    );
                } else {
                    self.refund_status[rflat] = EXCEPTION;
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
        for &j in lines {
            let flat = line_flat(j);
            mark(&mut self.return_status[flat], MATCHED);
        }
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

    /// Sale and restock movements no order claimed.
    pub(super) fn unvisited_movements(&mut self) {
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
    pub(super) fn unread(&mut self) {
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
}
