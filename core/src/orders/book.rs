//! The order book: every order's state, driven by order events, and the
//! stock events each transition means for the ledger.

use super::event::{Disposition, LineQuantity, OrderEvent, OrderEventKind};
use super::order::{Fulfilment, Order};
use super::refund::{LineValues, RefundPolicy};
use crate::error::{Error, Result};
use crate::ids::{EventId, LocationId, OrderId};
use crate::inventory::{ApplyReport, Ledger, StockEvent, StockEventKind};
use crate::log_index::LogIndex;
use crate::money::Money;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Where an order is in its life. Derived from its line quantities, so it
/// can never disagree with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderState {
    /// Placed; open units are not (all) assigned to nodes.
    Placed,
    /// Open units are held at the nodes that will ship them.
    Allocated,
    /// Some units shipped, some are still open.
    PartiallyFulfilled,
    /// Every unit that will ship has shipped (cancelled ones never will).
    Fulfilled,
    /// Some shipped units came back.
    PartiallyReturned,
    /// Every shipped unit came back.
    Returned,
    /// Cancelled before anything shipped.
    Cancelled,
    /// The books are closed.
    Closed,
}

impl OrderState {
    /// The state's wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::Placed => "placed",
            OrderState::Allocated => "allocated",
            OrderState::PartiallyFulfilled => "partially_fulfilled",
            OrderState::Fulfilled => "fulfilled",
            OrderState::PartiallyReturned => "partially_returned",
            OrderState::Returned => "returned",
            OrderState::Cancelled => "cancelled",
            OrderState::Closed => "closed",
        }
    }
}

/// How far one line has got. Invariants, checked on every transition:
/// fulfilled + cancelled ≤ ordered, returned ≤ fulfilled, held ≤ open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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

impl LineStatus {
    /// Units neither shipped nor cancelled.
    pub fn open(&self) -> i64 {
        // fulfilled + cancelled ≤ ordered, kept by every transition.
        self.ordered
            .saturating_sub(self.fulfilled)
            .saturating_sub(self.cancelled)
    }
}

/// A line's counters as the book keeps them (no text: the line's id is in
/// the order, so the hot path copies nothing).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Progress {
    ordered: i64,
    held: i64,
    fulfilled: i64,
    cancelled: i64,
    returned: i64,
    restocked: i64,
}

impl Progress {
    fn open(&self) -> i64 {
        // fulfilled + cancelled ≤ ordered, kept by every transition.
        self.ordered
            .saturating_sub(self.fulfilled)
            .saturating_sub(self.cancelled)
    }
}

/// One order's state, as the book holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OrderStatus {
    /// The order.
    pub order_id: OrderId,
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

/// What one order event did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Transition {
    /// The event.
    pub event_id: EventId,
    /// The order.
    pub order_id: OrderId,
    /// True when the same event had been applied before: nothing changed.
    pub duplicate: bool,
    /// The order's state after it.
    pub state: OrderState,
    /// The stock events it means, for the ledger (ids `"{event_id}/{n}"`).
    pub stock_events: Vec<StockEvent>,
    /// For a return or cancellation: what the units are worth (to refund).
    pub refund_due: Option<Money>,
}

/// An order event a batch refused, with why. Nothing is dropped silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RejectedOrderEvent {
    /// Position of the row in the batch.
    pub index: usize,
    /// The event id, when the row had one.
    pub event_id: Option<EventId>,
    /// Why it was refused.
    pub error: Error,
}

/// A stock event the ledger refused during a batch (a hold with too little
/// available: the order gave the hold up and its units stay open).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RejectedStockEvent {
    /// Position of the order event in the batch.
    pub index: usize,
    /// The stock event.
    pub event: StockEvent,
    /// Why the ledger refused it.
    pub error: Error,
}

/// What a batch of order events did, row by row where it matters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OrderBatchReport {
    /// Events applied.
    pub applied: usize,
    /// Events seen before (nothing changed).
    pub duplicates: usize,
    /// Events refused, with why.
    pub rejected: Vec<RejectedOrderEvent>,
    /// Stock events the ledger refused.
    pub stock_rejected: Vec<RejectedStockEvent>,
    /// The stock events the batch means, when no ledger was given to apply them to.
    pub stock_events: Vec<StockEvent>,
}

/// A hold at a node for one line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hold {
    line: usize,
    location: LocationId,
    reservation_id: String,
    held: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct OrderRecord {
    order: Arc<Order>,
    values: LineValues,
    total: Decimal,
    lines: Vec<Progress>,
    holds: Vec<Hold>,
    captured: Decimal,
    refunded: Decimal,
    refund_due: Decimal,
    payments: Vec<String>,
    shipments: Vec<String>,
    /// Return id → what it is worth and what was refunded against it.
    returns: BTreeMap<String, (Decimal, Decimal)>,
    refunds: Vec<String>,
    allocated: bool,
    closed: bool,
}

impl OrderRecord {
    fn state(&self) -> OrderState {
        if self.closed {
            return OrderState::Closed;
        }
        let open: i64 = self.lines.iter().map(Progress::open).sum();
        let fulfilled: i64 = self.lines.iter().map(|l| l.fulfilled).sum();
        let returned: i64 = self.lines.iter().map(|l| l.returned).sum();
        if open == 0 && fulfilled == 0 {
            OrderState::Cancelled
        } else if returned > 0 {
            if open == 0 && returned == fulfilled {
                OrderState::Returned
            } else {
                OrderState::PartiallyReturned
            }
        } else if open == 0 {
            OrderState::Fulfilled
        } else if fulfilled > 0 {
            OrderState::PartiallyFulfilled
        } else if self.allocated {
            OrderState::Allocated
        } else {
            OrderState::Placed
        }
    }

    fn line(&self, line_id: &str, field: impl FnOnce() -> String) -> Result<usize> {
        self.order
            .lines
            .iter()
            .position(|l| l.line_id == line_id)
            .ok_or_else(|| {
                Error::invalid_argument(
                    field(),
                    format!("{line_id:?}"),
                    format!("order {} has no such line", self.order.order_id),
                )
            })
    }

    /// An amount as money, written at the currency's scale ("10.00", not "10").
    fn money(&self, mut amount: Decimal) -> Money {
        amount.rescale(self.order.currency.minor_units());
        Money::new(amount, self.order.currency)
    }

    fn status(&self) -> OrderStatus {
        OrderStatus {
            order_id: self.order.order_id.clone(),
            state: self.state(),
            total: self.money(self.total),
            captured: self.money(self.captured),
            refunded: self.money(self.refunded),
            refund_due: self.money(self.refund_due),
            lines: self
                .lines
                .iter()
                .zip(&self.order.lines)
                .map(|(p, l)| LineStatus {
                    line_id: l.line_id.clone(),
                    ordered: p.ordered,
                    held: p.held,
                    fulfilled: p.fulfilled,
                    cancelled: p.cancelled,
                    returned: p.returned,
                    restocked: p.restocked,
                })
                .collect(),
        }
    }
}

/// Builds the stock events of one transition, numbering their ids.
struct StockOut<'a> {
    event: &'a OrderEvent,
    out: Vec<StockEvent>,
}

impl StockOut<'_> {
    fn push(&mut self, sku: &crate::Sku, location: &LocationId, kind: StockEventKind) {
        let n = self.out.len().saturating_add(1);
        self.out.push(StockEvent {
            // `apply` keeps order event ids short enough for this suffix.
            event_id: self.event.event_id.numbered(n),
            sku: sku.clone(),
            location: location.clone(),
            occurred_at: self.event.occurred_at,
            source: self.event.source.clone(),
            kind,
        });
    }
}

/// The longest order event id: stock event ids add "/n" to it.
const MAX_EVENT_ID: usize = 120;

fn invariant(order: &OrderId, attempted: &str, invariant: &str, detail: String) -> Error {
    Error::InvariantViolated {
        entity: format!("order {order}"),
        attempted: attempted.into(),
        invariant: invariant.into(),
        detail,
    }
}

/// `q > 0`; the field's name is only built for the error.
fn positive(field: impl FnOnce() -> String, q: i64) -> Result<()> {
    if q <= 0 {
        return Err(Error::invalid_quantity(field(), q, "must be at least 1"));
    }
    Ok(())
}

fn positive_amount(field: &str, amount: Decimal, order: &Order) -> Result<()> {
    if amount <= Decimal::ZERO {
        return Err(Error::invalid_amount(
            field,
            amount.to_string(),
            "must be more than zero",
        ));
    }
    if !Money::new(amount, order.currency).is_in_minor_units() {
        return Err(Error::invalid_amount(
            field,
            amount.to_string(),
            format!("has more decimals than {}'s minor units", order.currency),
        ));
    }
    Ok(())
}

fn unique(field: &str, id: &str, seen: &[String], order: &OrderId) -> Result<()> {
    if id.trim().is_empty() {
        return Err(Error::InvalidId {
            field: field.into(),
            value: id.into(),
            reason: "must not be empty".into(),
        });
    }
    if seen.iter().any(|s| s == id) {
        return Err(Error::invalid_argument(
            field,
            format!("{id:?}"),
            format!("already used in order {order}"),
        ));
    }
    Ok(())
}

/// Every order, the events seen, and the refund rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderBook {
    policy: RefundPolicy,
    /// Every order in the order it was placed, its id beside it: a lookup
    /// compares the id where it then reads the record.
    orders: Vec<(OrderId, OrderRecord)>,
    /// Each order's place in `orders`, by its id (orders are never removed).
    by_order: LogIndex,
    /// Each applied event's place in the log, by its id.
    seen: LogIndex,
    /// What happened, in order (what a snapshot replays).
    pub(crate) log: Vec<Logged>,
}

/// One entry of the book's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "entry", rename_all = "snake_case")]
pub(crate) enum Logged {
    /// An applied order event.
    Event(OrderEvent),
    /// The ledger refused a hold, which the order gave up.
    HoldRefused {
        order_id: OrderId,
        reservation_id: String,
    },
}

impl OrderBook {
    /// An empty book with the given refund rules.
    pub fn new(policy: RefundPolicy) -> Self {
        OrderBook {
            policy,
            ..OrderBook::default()
        }
    }

    /// The refund rules.
    pub fn policy(&self) -> RefundPolicy {
        self.policy
    }

    /// An order's state, lines and money.
    pub fn order(&self, order_id: &OrderId) -> Option<OrderStatus> {
        self.record(order_id).map(OrderRecord::status)
    }

    /// Where an order (whose id hashes to `hash`) is in `orders`.
    fn order_index(&self, hash: u64, order_id: &OrderId) -> Option<usize> {
        self.by_order.find(hash, |i| self.orders[i].0 == *order_id)
    }

    fn record(&self, order_id: &OrderId) -> Option<&OrderRecord> {
        let i = self.order_index(LogIndex::hash(order_id.as_str()), order_id)?;
        Some(&self.orders[i].1)
    }

    /// Every order's id, sorted.
    pub fn order_ids(&self) -> Vec<OrderId> {
        let mut ids: Vec<OrderId> = self.orders.iter().map(|(id, _)| id.clone()).collect();
        ids.sort();
        ids
    }

    /// Applies one order event. An illegal transition is `INVALID_TRANSITION`
    /// and a transition that would break an invariant `INVARIANT_VIOLATED`;
    /// either way nothing changes. The same event twice is a duplicate.
    pub fn apply(&mut self, event: OrderEvent) -> Result<Transition> {
        let hash = LogIndex::hash(event.event_id.as_str());
        let is_id =
            |at: usize| matches!(&self.log[at], Logged::Event(e) if e.event_id == event.event_id);
        if let Some(seen) = self.seen.find(hash, is_id) {
            if !matches!(&self.log[seen], Logged::Event(first) if *first == event) {
                return Err(Error::ConflictingDuplicate {
                    event_id: event.event_id.to_string(),
                });
            }
            // An applied event's order is in the book: it was placed first.
            let Some(state) = self.record(&event.order_id).map(OrderRecord::state) else {
                return Err(Error::ConflictingDuplicate {
                    event_id: event.event_id.to_string(),
                });
            };
            return Ok(Transition {
                event_id: event.event_id,
                order_id: event.order_id,
                duplicate: true,
                state,
                stock_events: Vec::new(),
                refund_due: None,
            });
        }
        // Stock events take the order event's id plus "/n": keep room for it.
        if event.event_id.as_str().len() > MAX_EVENT_ID {
            return Err(Error::InvalidId {
                field: "event_id".into(),
                value: event.event_id.to_string(),
                reason: format!(
                    "order event ids are at most {MAX_EVENT_ID} characters (stock events add a suffix)"
                ),
            });
        }
        let (stock_events, refund_due, index) = self.transition(&event)?;
        let record = &self.orders[index].1;
        let transition = Transition {
            event_id: event.event_id.clone(),
            order_id: event.order_id.clone(),
            duplicate: false,
            state: record.state(),
            stock_events,
            refund_due: refund_due.map(|d| record.money(d)),
        };
        self.seen.insert(hash, self.log.len());
        self.log.push(Logged::Event(event));
        Ok(transition)
    }

    /// Applies an order event and its stock events to `ledger`. A hold the
    /// ledger refuses (not enough available: the web sold what the counter
    /// already had) is dropped from the order, whose units stay open to
    /// allocate elsewhere; every stock result is returned, none is hidden.
    pub fn apply_with_ledger(
        &mut self,
        ledger: &mut Ledger,
        event: OrderEvent,
    ) -> Result<(Transition, Vec<Result<ApplyReport>>)> {
        let transition = self.apply(event)?;
        let mut reports = Vec::with_capacity(transition.stock_events.len());
        for stock in &transition.stock_events {
            let report = ledger.apply(stock.clone());
            if let (Err(_), StockEventKind::Reserved { reservation_id, .. }) =
                (&report, &stock.kind)
            {
                self.drop_hold(&transition.order_id, reservation_id);
            }
            reports.push(report);
        }
        Ok((transition, reports))
    }

    /// Applies a batch of order events (rows a binding could not even read
    /// are refused at their own index). With a ledger, each event's stock
    /// events go straight into it; without one they are returned in order.
    pub fn apply_batch(
        &mut self,
        rows: impl IntoIterator<Item = Result<OrderEvent>>,
        mut ledger: Option<&mut Ledger>,
    ) -> OrderBatchReport {
        let mut report = OrderBatchReport::default();
        for (index, row) in rows.into_iter().enumerate() {
            let event = match row {
                Ok(event) => event,
                Err(error) => {
                    report.rejected.push(RejectedOrderEvent {
                        index,
                        event_id: None,
                        error,
                    });
                    continue;
                }
            };
            let event_id = event.event_id.clone();
            let result = match ledger.as_deref_mut() {
                Some(ledger) => self.apply_with_ledger(ledger, event).map(|(t, reports)| {
                    for (stock, r) in t.stock_events.iter().zip(reports) {
                        if let Err(error) = r {
                            report.stock_rejected.push(RejectedStockEvent {
                                index,
                                event: stock.clone(),
                                error,
                            });
                        }
                    }
                    t.duplicate
                }),
                None => self.apply(event).map(|t| {
                    report.stock_events.extend(t.stock_events);
                    t.duplicate
                }),
            };
            match result {
                // Counts of the events given: bounded by their number.
                Ok(true) => report.duplicates = report.duplicates.saturating_add(1),
                Ok(false) => report.applied = report.applied.saturating_add(1),
                Err(error) => report.rejected.push(RejectedOrderEvent {
                    index,
                    event_id: Some(event_id),
                    error,
                }),
            }
        }
        report
    }

    /// Gives up a hold the ledger refused (recorded, so a snapshot replays it).
    pub(crate) fn drop_hold(&mut self, order_id: &OrderId, reservation_id: &str) {
        self.log.push(Logged::HoldRefused {
            order_id: order_id.clone(),
            reservation_id: reservation_id.to_string(),
        });
        let hash = LogIndex::hash(order_id.as_str());
        if let Some(at) = self.order_index(hash, order_id) {
            let record = &mut self.orders[at].1;
            if let Some(i) = record
                .holds
                .iter()
                .position(|h| h.reservation_id == reservation_id)
            {
                let hold = record.holds.remove(i);
                let status = &mut record.lines[hold.line];
                status.held = status.held.saturating_sub(hold.held);
            }
        }
    }

    /// The order's next record, the stock events and any refund due — or why not.
    /// Checks the event against the order, then changes it: every check
    /// comes before the first change, so a refused event changes nothing.
    /// Also returns the order's index in the book.
    fn transition(
        &mut self,
        event: &OrderEvent,
    ) -> Result<(Vec<StockEvent>, Option<Decimal>, usize)> {
        let mut out = StockOut {
            event,
            out: Vec::new(),
        };
        let id = &event.order_id;
        let hash = LogIndex::hash(id.as_str());
        let found = self.order_index(hash, id);
        if let OrderEventKind::Placed { order } = &event.kind {
            if let Some(existing) = found {
                return Err(Error::InvalidTransition {
                    entity: format!("order {id}"),
                    from: self.orders[existing].1.state().as_str().into(),
                    attempted: "place".into(),
                });
            }
            let record = self.place(order, event, &mut out)?;
            let index = self.orders.len();
            self.by_order.insert(hash, index);
            self.orders.push((id.clone(), record));
            return Ok((out.out, None, index));
        }
        let index = found.ok_or_else(|| Error::InvalidTransition {
            entity: format!("order {id}"),
            from: "unknown (never placed)".into(),
            attempted: attempted(&event.kind).into(),
        })?;
        let record = &mut self.orders[index].1;
        let state = record.state();
        let refused = || Error::InvalidTransition {
            entity: format!("order {id}"),
            from: state.as_str().into(),
            attempted: attempted(&event.kind).into(),
        };
        if state == OrderState::Closed {
            return Err(refused());
        }
        let open: i64 = record.lines.iter().map(Progress::open).sum();
        let mut refund_due = None;
        match &event.kind {
            OrderEventKind::Placed { .. } => return Err(refused()),
            OrderEventKind::Allocated { allocations } => {
                if open == 0 || record.order.fulfilment == Fulfilment::CarryOut {
                    return Err(refused());
                }
                let mut per_line = vec![0i64; record.lines.len()];
                let mut planned = Vec::with_capacity(allocations.len());
                for (i, a) in allocations.iter().enumerate() {
                    positive(|| format!("allocations[{i}].quantity"), a.quantity)?;
                    let line = record.line(&a.line_id, || format!("allocations[{i}].line_id"))?;
                    per_line[line] = per_line[line]
                        .checked_add(a.quantity)
                        .ok_or_else(|| Error::overflow("units allocated to a line"))?;
                    planned.push((line, a));
                }
                for (line, total) in per_line.iter().enumerate() {
                    let status = &record.lines[line];
                    if *total > status.open() {
                        return Err(invariant(
                            id,
                            "allocate",
                            "allocated ≤ open",
                            format!(
                                "line {} has {} open, allocation holds {total}",
                                record.order.lines[line].line_id,
                                status.open()
                            ),
                        ));
                    }
                }
                for hold in std::mem::take(&mut record.holds) {
                    let sku = &record.order.lines[hold.line].sku;
                    out.push(
                        sku,
                        &hold.location,
                        StockEventKind::ReservationReleased {
                            reservation_id: hold.reservation_id,
                            quantity: None,
                        },
                    );
                    // Held units of a line are at most its open units.
                    let status = &mut record.lines[hold.line];
                    status.held = status.held.saturating_sub(hold.held);
                }
                for (line, a) in planned {
                    let reservation_id = reservation_id(&event.event_id, &a.line_id, &a.location);
                    out.push(
                        &record.order.lines[line].sku,
                        &a.location,
                        StockEventKind::Reserved {
                            quantity: a.quantity,
                            reservation_id: reservation_id.clone(),
                            expires_at: None,
                        },
                    );
                    let status = &mut record.lines[line];
                    status.held = status.held.saturating_add(a.quantity);
                    record.holds.push(Hold {
                        line,
                        location: a.location.clone(),
                        reservation_id,
                        held: a.quantity,
                    });
                }
                record.allocated = true;
            }
            OrderEventKind::Captured { payment_id, amount } => {
                // Nothing will ship: there is nothing to pay for.
                if state == OrderState::Cancelled {
                    return Err(refused());
                }
                unique("payment_id", payment_id, &record.payments, id)?;
                positive_amount("amount", *amount, &record.order)?;
                let total = record.total;
                if record
                    .captured
                    .checked_add(*amount)
                    .is_none_or(|c| c > total)
                {
                    return Err(invariant(
                        id,
                        "capture",
                        "captured ≤ order total",
                        format!(
                            "{} captured + {amount} would exceed the total {total}",
                            record.captured
                        ),
                    ));
                }
                // At most the total: checked above.
                record.captured = record.captured.saturating_add(*amount);
                record.payments.push(payment_id.clone());
            }
            OrderEventKind::Fulfilled {
                shipment_id,
                location,
                lines,
            } => {
                if open == 0 {
                    return Err(refused());
                }
                unique("shipment_id", shipment_id, &record.shipments, id)?;
                let lines = lines_of(record, lines, "lines")?;
                for &(line, quantity) in &lines {
                    let status = &record.lines[line];
                    if quantity > status.open() {
                        return Err(invariant(
                            id,
                            "fulfil",
                            "fulfilled ≤ ordered",
                            format!(
                                "line {} has {} open, shipment sends {quantity}",
                                record.order.lines[line].line_id,
                                status.open()
                            ),
                        ));
                    }
                }
                for (line, quantity) in lines {
                    fulfil_line(record, &mut out, line, location, quantity);
                }
                record.shipments.push(shipment_id.clone());
            }
            OrderEventKind::Cancelled { .. } => {
                if open == 0 {
                    return Err(refused());
                }
                for hold in std::mem::take(&mut record.holds) {
                    out.push(
                        &record.order.lines[hold.line].sku,
                        &hold.location,
                        StockEventKind::ReservationReleased {
                            reservation_id: hold.reservation_id,
                            quantity: None,
                        },
                    );
                }
                let mut due = Decimal::ZERO;
                for (i, line) in record.lines.iter_mut().enumerate() {
                    let open = line.open();
                    // Cancelled units are the last ones of the line.
                    // Unit counts within the line's ordered units, money
                    // within the order's total: bounded, so saturating never bites.
                    due = due.saturating_add(record.values.units(
                        i,
                        line.ordered.saturating_sub(open),
                        open,
                    ));
                    line.cancelled = line.cancelled.saturating_add(open);
                    line.held = 0;
                }
                due = due.saturating_add(full_return_shipping(record));
                record.refund_due = record.refund_due.saturating_add(due);
                refund_due = Some(due);
            }
            OrderEventKind::Returned {
                return_id,
                location,
                lines,
                ..
            } => {
                let used: Vec<String> = record.returns.keys().cloned().collect();
                unique("return_id", return_id, &used, id)?;
                let mut per_line = vec![0i64; record.lines.len()];
                for (i, r) in lines.iter().enumerate() {
                    positive(|| format!("lines[{i}].quantity"), r.quantity)?;
                    let line = record.line(&r.line_id, || format!("lines[{i}].line_id"))?;
                    per_line[line] = per_line[line]
                        .checked_add(r.quantity)
                        .ok_or_else(|| Error::overflow("units returned on a line"))?;
                }
                if lines.is_empty() {
                    return Err(Error::invalid_argument(
                        "lines",
                        "[]",
                        "a return needs at least one line",
                    ));
                }
                for (line, q) in per_line.iter().enumerate() {
                    let status = &record.lines[line];
                    if status
                        .returned
                        .checked_add(*q)
                        .is_none_or(|r| r > status.fulfilled)
                    {
                        return Err(invariant(
                            id,
                            "return",
                            "returned ≤ fulfilled",
                            format!(
                                "line {} shipped {}, {} returned already, this return brings {q}",
                                record.order.lines[line].line_id, status.fulfilled, status.returned
                            ),
                        ));
                    }
                }
                let mut due = Decimal::ZERO;
                for r in lines {
                    let line = record.line(&r.line_id, || "line_id".into())?;
                    let sku = record.order.lines[line].sku.clone();
                    let status = &mut record.lines[line];
                    // Within the line's shipped units and value: checked above.
                    due =
                        due.saturating_add(record.values.units(line, status.returned, r.quantity));
                    status.returned = status.returned.saturating_add(r.quantity);
                    match r.disposition {
                        Disposition::Missing => {}
                        Disposition::Restocked => {
                            status.restocked = status.restocked.saturating_add(r.quantity);
                            out.push(
                                &sku,
                                location,
                                StockEventKind::Returned {
                                    quantity: r.quantity,
                                    restock: true,
                                },
                            );
                        }
                        Disposition::Damaged | Disposition::NeedsInspection => {
                            out.push(
                                &sku,
                                location,
                                StockEventKind::Returned {
                                    quantity: r.quantity,
                                    restock: false,
                                },
                            );
                        }
                    }
                }
                due = due.saturating_add(full_return_shipping(record));
                record.refund_due = record.refund_due.saturating_add(due);
                record
                    .returns
                    .insert(return_id.clone(), (due, Decimal::ZERO));
                refund_due = Some(due);
            }
            OrderEventKind::Refunded {
                refund_id,
                return_id,
                amount,
            } => {
                unique("refund_id", refund_id, &record.refunds, id)?;
                positive_amount("amount", *amount, &record.order)?;
                if let Some(return_id) = return_id {
                    let (worth, paid) = record.returns.get(return_id).ok_or_else(|| {
                        Error::invalid_argument(
                            "return_id",
                            format!("{return_id:?}"),
                            format!("order {id} has no such return"),
                        )
                    })?;
                    if paid.checked_add(*amount).is_none_or(|p| p > *worth) {
                        return Err(Error::OverRefund {
                            entity: format!("return {return_id} of order {id}"),
                            requested: amount.to_string(),
                            available: worth.saturating_sub(*paid).to_string(),
                        });
                    }
                }
                if record
                    .refunded
                    .checked_add(*amount)
                    .is_none_or(|r| r > record.captured)
                {
                    return Err(Error::OverRefund {
                        entity: format!("order {id}"),
                        requested: amount.to_string(),
                        available: record.captured.saturating_sub(record.refunded).to_string(),
                    });
                }
                if let Some(paid) = return_id.as_ref().and_then(|r| record.returns.get_mut(r)) {
                    paid.1 = paid.1.saturating_add(*amount);
                }
                // At most what was captured: checked above.
                record.refunded = record.refunded.saturating_add(*amount);
                record.refunds.push(refund_id.clone());
            }
            OrderEventKind::Closed => {
                if open > 0 {
                    return Err(refused());
                }
                // A refund the customer is owed (of what was paid) must be
                // made first: a closed order refuses every event, refunds too.
                let owed = record
                    .refund_due
                    .min(record.captured)
                    .saturating_sub(record.refunded);
                if owed > Decimal::ZERO {
                    return Err(invariant(
                        id,
                        "close",
                        "refunded ≥ refund due",
                        format!(
                            "{} of refunds due is not refunded yet",
                            crate::Money::new(owed, record.order.currency)
                                .round(crate::RoundingMode::HalfUp)
                        ),
                    ));
                }
                record.closed = true;
            }
        }
        Ok((out.out, refund_due, index))
    }

    fn place(
        &self,
        order: &Arc<Order>,
        event: &OrderEvent,
        out: &mut StockOut<'_>,
    ) -> Result<OrderRecord> {
        if order.order_id != event.order_id {
            return Err(Error::invalid_argument(
                "order.order_id",
                &order.order_id,
                format!("the event is for order {}", event.order_id),
            ));
        }
        order.validate()?;
        let mut record = OrderRecord {
            order: Arc::clone(order),
            values: LineValues::new(order, self.policy)?,
            total: order.total()?.amount(),
            lines: order
                .lines
                .iter()
                .map(|l| Progress {
                    ordered: l.quantity,
                    ..Progress::default()
                })
                .collect(),
            holds: Vec::new(),
            captured: Decimal::ZERO,
            refunded: Decimal::ZERO,
            refund_due: Decimal::ZERO,
            payments: Vec::new(),
            shipments: Vec::new(),
            returns: BTreeMap::new(),
            refunds: Vec::new(),
            allocated: false,
            closed: false,
        };
        let Some(location) = &order.location else {
            return Ok(record);
        };
        for (i, line) in order.lines.iter().enumerate() {
            if order.fulfilment == Fulfilment::CarryOut {
                out.push(
                    &line.sku,
                    location,
                    StockEventKind::Sold {
                        quantity: line.quantity,
                        order_ref: Some(order.order_id.as_str().to_owned()),
                    },
                );
                record.lines[i].fulfilled = line.quantity;
            } else {
                let reservation_id = reservation_id(&event.event_id, &line.line_id, location);
                out.push(
                    &line.sku,
                    location,
                    StockEventKind::Reserved {
                        quantity: line.quantity,
                        reservation_id: reservation_id.clone(),
                        expires_at: None,
                    },
                );
                record.lines[i].held = line.quantity;
                record.holds.push(Hold {
                    line: i,
                    location: location.clone(),
                    reservation_id,
                    held: line.quantity,
                });
            }
        }
        Ok(record)
    }
}

/// Shipping to refund now: all of it when this leaves the customer with
/// nothing from the order and the rule refunds shipping then.
fn full_return_shipping(record: &OrderRecord) -> Decimal {
    // Every count is ≥ 0, so "none kept, none open" holds line by line.
    let nothing_left = record
        .lines
        .iter()
        .all(|l| l.fulfilled == l.returned && l.open() == 0);
    if nothing_left {
        record.values.shipping_on_full_return
    } else {
        Decimal::ZERO
    }
}

/// Line indexes and quantities of a shipment, summed per line.
fn lines_of(
    record: &OrderRecord,
    lines: &[LineQuantity],
    field: &str,
) -> Result<Vec<(usize, i64)>> {
    if lines.is_empty() {
        return Err(Error::invalid_argument(
            field,
            "[]",
            "at least one line is needed",
        ));
    }
    // A shipment names a few lines: a short sorted list beats a map.
    let mut per_line: Vec<(usize, i64)> = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        positive(|| format!("{field}[{i}].quantity"), l.quantity)?;
        let line = record.line(&l.line_id, || format!("{field}[{i}].line_id"))?;
        match per_line.binary_search_by_key(&line, |&(at, _)| at) {
            Ok(at) => {
                per_line[at].1 = per_line[at]
                    .1
                    .checked_add(l.quantity)
                    .ok_or_else(|| Error::overflow("units of a line"))?
            }
            Err(at) => per_line.insert(at, (line, l.quantity)),
        }
    }
    Ok(per_line)
}

/// The id of the hold an event places for one line at one node:
/// "{event}/{line}@{location}".
fn reservation_id(event_id: &EventId, line_id: &str, location: &LocationId) -> String {
    let (event_id, location) = (event_id.as_str(), location.as_str());
    let mut id = String::with_capacity(
        event_id
            .len()
            .saturating_add(line_id.len())
            .saturating_add(location.len())
            .saturating_add(2),
    );
    id.push_str(event_id);
    id.push('/');
    id.push_str(line_id);
    id.push('@');
    id.push_str(location);
    id
}

/// Ships `quantity` of `line` from `location`: the hold there first; any
/// rest is a plain sale at the shipping node, and the same number of units
/// is released from the line's other holds so nothing stays held for units
/// that already left.
fn fulfil_line(
    record: &mut OrderRecord,
    out: &mut StockOut<'_>,
    line: usize,
    location: &LocationId,
    quantity: i64,
) {
    let sku = record.order.lines[line].sku.clone();
    let mut rest = quantity;
    for hold in record
        .holds
        .iter_mut()
        .filter(|h| h.line == line && h.location == *location && h.held > 0)
    {
        let take = rest.min(hold.held);
        if take == 0 {
            break;
        }
        out.push(
            &sku,
            location,
            StockEventKind::ReservationFulfilled {
                reservation_id: hold.reservation_id.clone(),
                quantity: (take < hold.held).then_some(take),
            },
        );
        // take ≤ both.
        hold.held = hold.held.saturating_sub(take);
        rest = rest.saturating_sub(take);
    }
    if rest > 0 {
        out.push(
            &sku,
            location,
            StockEventKind::Sold {
                quantity: rest,
                order_ref: Some(record.order.order_id.as_str().to_owned()),
            },
        );
        let mut release = rest;
        for hold in record
            .holds
            .iter_mut()
            .filter(|h| h.line == line && h.held > 0)
        {
            let take = release.min(hold.held);
            if take == 0 {
                break;
            }
            out.push(
                &sku,
                &hold.location,
                StockEventKind::ReservationReleased {
                    reservation_id: hold.reservation_id.clone(),
                    quantity: (take < hold.held).then_some(take),
                },
            );
            hold.held = hold.held.saturating_sub(take);
            release = release.saturating_sub(take);
        }
    }
    record.holds.retain(|h| h.held > 0);
    let status = &mut record.lines[line];
    // At most the line's open units: checked before any change.
    status.fulfilled = status.fulfilled.saturating_add(quantity);
    status.held = record
        .holds
        .iter()
        .filter(|h| h.line == line)
        .map(|h| h.held)
        .sum();
}

/// The verb of an event, for error messages.
fn attempted(kind: &OrderEventKind) -> &'static str {
    match kind {
        OrderEventKind::Placed { .. } => "place",
        OrderEventKind::Allocated { .. } => "allocate",
        OrderEventKind::Captured { .. } => "capture",
        OrderEventKind::Fulfilled { .. } => "fulfil",
        OrderEventKind::Cancelled { .. } => "cancel",
        OrderEventKind::Returned { .. } => "return",
        OrderEventKind::Refunded { .. } => "refund",
        OrderEventKind::Closed => "close",
    }
}
