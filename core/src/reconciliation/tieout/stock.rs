//! The stock side of the tie-out: movements validated and grouped by the
//! order they name (the [`Plan`] both sides walk), then per order and SKU,
//! units fulfilled against the units its sale movements took. It reads
//! only what order validation left and writes only its own rows' buckets,
//! exceptions, pending rows and matches, so it can run beside the money
//! side (settlements, payments, refunds, returns) on another thread;
//! [`Engine::absorb`] then folds it in exactly as if both had run in step.

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

/// The stock side's state: what order validation found (shared or copied), the
/// fulfilments' buckets and the movements' validity (taken from the engine,
/// which does not touch them meanwhile), and buckets, visits, exceptions,
/// pending rows and matches of its own.
pub(super) struct Stock<'a> {
    pub(super) input: &'a Input,
    pub(super) as_of: Instant,
    orders: std::sync::Arc<FxHashMap<&'a str, u32>>,
    order_ok: Vec<bool>,
    order_ids_unique: bool,
    fulfil_at: Vec<u32>,
    fulfil_status: Vec<u8>,
    pub(super) movement_ok: Vec<bool>,
    pub(super) movement_status: Vec<u8>,
    movement_visited: Vec<bool>,
    pub(super) exceptions: Vec<Exception>,
    pub(super) pending: Vec<Pending>,
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
    /// The stock side, ready to run once orders are validated.
    pub(super) fn stock(&mut self) -> Stock<'a> {
        let m = self.input.movements.len();
        let fulfilments = self.fulfil_status.len();
        Stock {
            input: self.input,
            as_of: self.as_of(),
            orders: std::sync::Arc::clone(&self.orders),
            order_ok: self.order_ok.clone(),
            order_ids_unique: self.order_ids_unique,
            fulfil_at: self.fulfil_at.clone(),
            fulfil_status: std::mem::take(&mut self.fulfil_status),
            movement_ok: std::mem::take(&mut self.movement_ok),
            movement_status: vec![NONE; m],
            movement_visited: vec![false; m],
            exceptions: Vec::new(),
            pending: Vec::new(),
            matches: Matches::with_capacity(fulfilments, fulfilments + m),
            ends: Vec::new(),
            sku_scratch: Vec::new(),
            fulfil_slots: Vec::new(),
            sale_slots: Vec::new(),
        }
    }

    /// Folds the stock side in: its buckets raise the engine's, its
    /// exceptions and pending rows join the engine's, and its matches go in
    /// among the money side's order by order (`ends`: the engine's match
    /// count after each order of the plan, from match `from` on), as one
    /// pass over each order would have placed them.
    pub(super) fn absorb(&mut self, stock: Stock<'a>, from: usize, ends: &[u32]) {
        self.fulfil_status = stock.fulfil_status;
        self.movement_ok = stock.movement_ok;
        for (slot, theirs) in self.movement_status.iter_mut().zip(stock.movement_status) {
            mark(slot, theirs);
        }
        for (visited, theirs) in self.movement_visited.iter_mut().zip(stock.movement_visited) {
            *visited |= theirs;
        }
        self.exceptions.extend(stock.exceptions);
        self.pending.extend(stock.pending);
        self.matches
            .interleave(from, stock.matches, ends, &stock.ends);
    }
}

impl Stock<'_> {
    /// Movements validated, then the orders to check, by id, each with its
    /// sale and restock movements: what the money side and the stock side
    /// both walk.
    pub(super) fn plan(&mut self) -> Plan {
        self.validate_movements();
        let input = self.input;
        // Sale and restock movements grouped by the order they name: counted,
        // then laid out contiguously per order (in input order within one).
        let mut owner = vec![u32::MAX; input.movements.len()];
        let mut start = vec![0u32; input.orders.len() + 1];
        // The movements of one order usually come together, and in the orders'
        // own order: the last order found, then the one after it, are tried
        // before the map (the next is only certain when no order id repeats).
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
                        let next = last.1.map_or(0, |o| o as usize + 1);
                        let found = if self.order_ids_unique
                            && input.orders.get(next).map(|o| o.order_id.as_str()) == Some(named)
                        {
                            Some(next as u32)
                        } else {
                            self.orders.get(named).copied()
                        };
                        last = (named, found);
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
        // Within an order by movement id, so references come out in the
        // same order whatever the input's.
        for o in 0..input.orders.len() {
            let slice = &mut grouped[start[o] as usize..start[o + 1] as usize];
            if slice.len() > 1 {
                slice.sort_by(|&a, &b| {
                    input.movements[a as usize]
                        .id
                        .cmp(&input.movements[b as usize].id)
                        .then(a.cmp(&b))
                });
            }
        }
        // By order id, so the matches come out in the same order whatever the input's.
        let by_id = sorted_by_key(
            (0..input.orders.len() as u32).filter(|&o| self.order_ok[o as usize]),
            |o| (0, input.orders[o as usize].order_id.as_str()),
        );
        Plan {
            by_id,
            start,
            grouped,
        }
    }

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
