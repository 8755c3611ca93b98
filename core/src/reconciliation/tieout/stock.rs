//! The stock side of the order checks: per order and SKU, units fulfilled
//! against the units its sale movements took. It reads only what row
//! validation left and writes only its own rows' buckets, exceptions and
//! matches, so it can run beside the money side (settlements, payments,
//! refunds, returns) on another thread; [`Engine::absorb`] then folds it
//! in exactly as if both had run in step.

// Counts are of the rows given; unit sums are i128 over i64 quantities.
#![allow(clippy::arithmetic_side_effects)]

use super::*;

/// A fulfilment or movement that counts toward no SKU of the order.
const NO_SLOT: u32 = u32::MAX;

/// The orders to check, by id, with the sale and restock movements that
/// name each one (by movement id): what both sides walk.
pub(super) struct Plan {
    pub(super) by_id: Vec<u32>,
    pub(super) start: Vec<u32>,
    pub(super) grouped: Vec<u32>,
}

impl Plan {
    /// The sale and restock movements that name order `o`.
    pub(super) fn movements(&self, o: u32) -> &[u32] {
        let o = o as usize;
        &self.grouped[self.start[o] as usize..self.start[o + 1] as usize]
    }
}

/// The stock side's state: the fulfilments' buckets (taken from the
/// engine, which does not touch them meanwhile), and buckets, visits,
/// exceptions and matches of its own.
pub(super) struct Stock<'a> {
    input: &'a Input,
    fulfil_at: Vec<u32>,
    fulfil_status: Vec<u8>,
    movement_status: Vec<u8>,
    movement_visited: Vec<bool>,
    exceptions: Vec<Exception>,
    matches: Matches,
    // The number of matches after each order of the plan.
    ends: Vec<u32>,
    // Per-order scratch: SKUs with units fulfilled and sold (i128: sums of
    // i64 quantities that no order can overflow), and the slot in that list
    // of each fulfilment and each sale movement (`NO_SLOT` if none).
    sku_scratch: Vec<(&'a crate::ids::Sku, i128, i128)>,
    fulfil_slots: Vec<u32>,
    sale_slots: Vec<u32>,
}

impl<'a> Engine<'a> {
    /// The stock side, ready to run once rows are validated.
    pub(super) fn stock(&mut self) -> Stock<'a> {
        let m = self.input.movements.len();
        let fulfilments = self.fulfil_status.len();
        Stock {
            input: self.input,
            fulfil_at: self.fulfil_at.clone(),
            fulfil_status: std::mem::take(&mut self.fulfil_status),
            movement_status: vec![NONE; m],
            movement_visited: vec![false; m],
            exceptions: Vec::new(),
            matches: Matches::with_capacity(fulfilments, fulfilments + m),
            ends: Vec::new(),
            sku_scratch: Vec::new(),
            fulfil_slots: Vec::new(),
            sale_slots: Vec::new(),
        }
    }

    /// Folds the stock side in: its buckets raise the engine's, its
    /// exceptions join the queue, and its matches go in among the money
    /// side's order by order (`ends`: the engine's match count after each
    /// order of the plan, from match `from` on), as one pass over each
    /// order would have placed them.
    pub(super) fn absorb(&mut self, stock: Stock<'a>, from: usize, ends: &[u32]) {
        self.fulfil_status = stock.fulfil_status;
        for (slot, theirs) in self.movement_status.iter_mut().zip(stock.movement_status) {
            mark(slot, theirs);
        }
        for (visited, theirs) in self.movement_visited.iter_mut().zip(stock.movement_visited) {
            *visited |= theirs;
        }
        self.exceptions.extend(stock.exceptions);
        self.matches
            .interleave(from, stock.matches, ends, &stock.ends);
    }
}

impl Stock<'_> {
    /// Every order of the plan, in its order.
    pub(super) fn check(&mut self, plan: &Plan) {
        self.ends.reserve(plan.by_id.len());
        for &o in &plan.by_id {
            self.inventory_checks(o, plan.movements(o));
            self.ends.push(self.matches.len() as u32);
        }
    }

    /// Order `o`'s fulfilments against its sale `movements`, SKU by SKU.
    fn inventory_checks(&mut self, o: u32, movements: &[u32]) {
        let input = self.input;
        let order = &input.orders[o as usize];
        let oi = o as usize;
        // SKUs fulfilled (counted) and sold (by movement), in first-seen order;
        // each fulfilment and sale notes its SKU's slot, so the passes below
        // compare slots, not SKU text.
        let mut skus = std::mem::take(&mut self.sku_scratch);
        let mut fulfil_slots = std::mem::take(&mut self.fulfil_slots);
        let mut sale_slots = std::mem::take(&mut self.sale_slots);
        skus.clear();
        fulfil_slots.clear();
        sale_slots.clear();
        for (j, f) in order.fulfilments.iter().enumerate() {
            if self.fulfil_status[self.fulfil_at[oi] as usize + j] != NONE {
                fulfil_slots.push(NO_SLOT);
                continue;
            }
            let k = sku_slot(&mut skus, &f.sku);
            skus[k].1 += i128::from(f.quantity);
            fulfil_slots.push(k as u32);
        }
        for &m in movements {
            let mv = &input.movements[m as usize];
            if mv.kind != MovementKind::Sale {
                sale_slots.push(NO_SLOT);
                continue;
            }
            self.movement_visited[m as usize] = true;
            let k = sku_slot(&mut skus, &mv.sku);
            skus[k].2 -= i128::from(mv.delta);
            sale_slots.push(k as u32);
        }
        for (k, &(sku, fulfilled, sold)) in skus.iter().enumerate() {
            let k = k as u32;
            let key = RowRef::of_order(RowKind::OrderSku, order.order_id.shared(), sku.shared());
            let sales = || {
                movements
                    .iter()
                    .zip(&sale_slots)
                    .filter(move |&(_, &slot)| slot == k)
                    .map(|(&m, _)| m)
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
                self.exceptions.push(exception(
                    reason,
                    refs,
                    None,
                    Some(Decimal::from_i128_with_scale(fulfilled, 0)),
                    Some(Decimal::from_i128_with_scale(sold, 0)),
                    None,
                    since,
                    message,
                ));
                EXCEPTION
            };
            for m in sales() {
                mark(&mut self.movement_status[m as usize], status);
            }
            // Only fulfilments still unbucketed took a slot: pending and invalid keep theirs.
            let fulfils = fulfil_slots
                .iter()
                .enumerate()
                .filter(|&(_, &slot)| slot == k);
            for (j, _) in fulfils {
                mark(
                    &mut self.fulfil_status[self.fulfil_at[oi] as usize + j],
                    status,
                );
            }
        }
        self.sku_scratch = skus;
        self.fulfil_slots = fulfil_slots;
        self.sale_slots = sale_slots;
    }
}
