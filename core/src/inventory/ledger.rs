//! The stock ledger: one book of stock per SKU and location, written by
//! every channel through [`StockEvent`]s and read by every channel.

use super::batch::BatchInProgress;
use super::channel::{
    ChannelConfig, ChannelPublication, FulfilmentMethod, LocationInfo, NodePublication,
};
use super::event::{StockEvent, StockEventKind};
use super::position::{Effect, Entry, Hold, Position};
use super::report::{Anomaly, ApplyReport, BatchReport, HistoryLine, ReservationState, StockLevel};
use crate::buffer::{oversell_probability, BufferPolicy};
use crate::error::{Error, Result};
use crate::ids::{ChannelId, EventId, LocationId, Sku};
use crate::instant::Instant;
use crate::log_index::LogIndex;
use hashbrown::{Equivalent, HashMap};
use indexmap::IndexMap;
use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

/// rustc's Fx hash: fast on short ids and seedless, so core draws no
/// randomness; no output depends on hash order (every listing is sorted).
type Fixed = FxBuildHasher;

/// A position's key, borrowed: looking a position up touches no reference
/// counts. Hashes exactly as the owned `(Sku, LocationId)` tuple does.
struct PositionKey<'a>(&'a Sku, &'a LocationId);

impl Hash for PositionKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
        self.1.hash(state);
    }
}

impl Equivalent<(Sku, LocationId)> for PositionKey<'_> {
    fn equivalent(&self, key: &(Sku, LocationId)) -> bool {
        *self.0 == key.0 && *self.1 == key.1
    }
}

/// A reservation's record.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reservation {
    sku: Sku,
    location: LocationId,
    /// Units still held.
    quantity: i64,
    expires_at: Option<Instant>,
    state: ReservationState,
    /// When it was made, and how many units.
    placed_at: Instant,
    placed: i64,
    /// Units released or fulfilled, and when (the hold's history).
    ends: Vec<(Instant, i64)>,
}

impl Reservation {
    /// Units this reservation held at `at`, whatever order its events came in.
    fn held_at(&self, at: Instant) -> i64 {
        if self.placed_at > at || self.expires_at.is_some_and(|e| e <= at) {
            return 0;
        }
        let ended: i64 = self
            .ends
            .iter()
            .filter(|(when, _)| *when <= at)
            .fold(0, |sum, (_, units)| sum.saturating_add(*units));
        // Ends are parts of what was placed, so this stays within 0..=placed.
        self.placed.saturating_sub(ended).max(0)
    }
}

/// Both halves of a transfer, as far as they have been seen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Transfer {
    sku: Option<Sku>,
    sent: Option<(LocationId, i64)>,
    received: Option<(LocationId, i64)>,
}

/// One line of a cart to reserve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CartLine {
    /// The product.
    pub sku: Sku,
    /// Where to hold it.
    pub location: LocationId,
    /// Units (> 0).
    pub quantity: i64,
}

/// A whole cart (bundles already expanded into lines) to reserve at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CartReservation {
    /// The cart or order; holds are named after it.
    pub cart_id: String,
    /// The lines; several may draw on the same SKU and location.
    pub lines: Vec<CartLine>,
    /// When the reservation is made.
    pub occurred_at: Instant,
    /// When the holds lapse, if ever.
    #[serde(default)]
    pub expires_at: Option<Instant>,
    /// Which system asks.
    pub source: String,
    /// Reserve what is there instead of refusing a short cart.
    #[serde(default)]
    pub allow_partial: bool,
}

/// What a cart reservation held at one SKU and location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CartLineOutcome {
    /// The product.
    pub sku: Sku,
    /// Where.
    pub location: LocationId,
    /// Units the cart asked for here (its lines summed).
    pub requested: i64,
    /// Units held (less than requested only with `allow_partial`).
    pub reserved: i64,
    /// The hold's reservation id, when anything was held.
    pub reservation_id: Option<String>,
}

/// What a channel may be shown, and the risk of showing it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Publication {
    /// Units to publish: max(0, available − buffer).
    pub quantity: u64,
    /// Units held back.
    pub buffer: u64,
    /// P(demand in the exposure window > buffer) for a velocity policy;
    /// none for a policy that states no velocity.
    pub oversell_probability: Option<f64>,
}

/// The stock ledger. State depends only on the set of accepted events, not
/// on their arrival order (facts); requests (reservations) are judged
/// against the state when they arrive.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    /// Accepted events in arrival order.
    events: Vec<StockEvent>,
    /// Each accepted event's place in `events`, by its id.
    by_id: LogIndex,
    /// Positions, addressed through `index` (a dense vector keeps the
    /// per-position footprint small and the hash table narrow).
    positions: Vec<Position>,
    index: HashMap<(Sku, LocationId), u32, Fixed>,
    /// Reservations by id; a position names its holds by index here (a
    /// reservation, once made, is never removed, so indices are stable).
    reservations: IndexMap<String, Reservation, Fixed>,
    transfers: BTreeMap<String, Transfer>,
    /// Configuration beside the stock: events never touch it.
    locations: BTreeMap<LocationId, LocationInfo>,
    channels: BTreeMap<ChannelId, ChannelConfig>,
}

fn positive(field: &str, quantity: i64) -> Result<()> {
    if quantity <= 0 {
        return Err(Error::invalid_quantity(
            field,
            quantity,
            "must be at least 1",
        ));
    }
    Ok(())
}

fn non_negative(field: &str, quantity: i64) -> Result<()> {
    if quantity < 0 {
        return Err(Error::invalid_quantity(
            field,
            quantity,
            "must not be negative",
        ));
    }
    Ok(())
}

/// The units a release or fulfilment takes from a held reservation: all of
/// it by default, or a part (> 0, ≤ held).
fn part_of_hold(r: &Reservation, quantity: Option<i64>) -> Result<i64> {
    match quantity {
        None => Ok(r.quantity),
        Some(q) if q > 0 && q <= r.quantity => Ok(q),
        Some(q) => Err(Error::invalid_quantity(
            "quantity",
            q,
            format!("must be between 1 and the {} units held", r.quantity),
        )),
    }
}

fn transition(reservation_id: &str, from: ReservationState, attempted: &str) -> Error {
    Error::InvalidTransition {
        entity: format!("reservation {reservation_id:?}"),
        from: format!("{from:?}").to_lowercase(),
        attempted: attempted.into(),
    }
}

impl Ledger {
    /// An empty ledger.
    pub fn new() -> Self {
        Ledger::default()
    }

    /// An empty ledger sized for about `events` events over `positions`
    /// SKU-locations, so a bulk load does not rehash or regrow.
    pub fn with_capacity(events: usize, positions: usize) -> Self {
        Ledger {
            events: Vec::with_capacity(events),
            by_id: LogIndex::with_capacity(events),
            positions: Vec::with_capacity(positions),
            index: HashMap::with_capacity_and_hasher(positions, Fixed::default()),
            ..Ledger::default()
        }
    }

    /// Makes room for `events` more events over `positions` new
    /// SKU-locations, so a batch does not regrow the log and its indexes
    /// part-way (regrowing a large ledger is a pause of tens of
    /// milliseconds: a server sharing the ledger would feel it mid-batch).
    pub fn reserve(&mut self, events: usize, positions: usize) {
        self.events.reserve(events);
        self.by_id.reserve(events);
        self.positions.reserve(positions);
        self.index.reserve(positions);
    }

    /// How many SKU-locations among `events` the ledger does not hold yet:
    /// what [`Ledger::reserve`] needs, counted without changing anything.
    pub fn new_positions<'a>(&self, events: impl IntoIterator<Item = &'a StockEvent>) -> usize {
        let mut new: HashMap<(&Sku, &LocationId), (), Fixed> = HashMap::default();
        for e in events {
            if !self.index.contains_key(&PositionKey(&e.sku, &e.location)) {
                new.insert((&e.sku, &e.location), ());
            }
        }
        new.len()
    }

    fn position(&self, sku: &Sku, location: &LocationId) -> Option<&Position> {
        let i = *self.index.get(&PositionKey(sku, location))?;
        Some(&self.positions[i as usize])
    }

    /// Applies one event. A repeat of an event already applied is reported
    /// as a duplicate and changes nothing; the same id with a different
    /// payload is `CONFLICTING_DUPLICATE`. A refused event changes nothing.
    pub fn apply(&mut self, event: StockEvent) -> Result<ApplyReport> {
        let hash = LogIndex::hash(event.event_id.as_str());
        if let Some(seen) = self.find(hash, &event.event_id) {
            if self.events[seen] == event {
                return Ok(ApplyReport {
                    event_id: event.event_id,
                    duplicate: true,
                    affects_on_hand: false,
                    anomalies: Vec::new(),
                });
            }
            return Err(Error::ConflictingDuplicate {
                event_id: event.event_id.to_string(),
            });
        }
        let slot = self
            .index
            .get(&PositionKey(&event.sku, &event.location))
            .copied();
        let position = slot.map(|i| &self.positions[i as usize]);
        let (effect, affected_by_sale) = self.check(&event, position)?;
        let entry = Entry {
            at: event.occurred_at,
            event_id: event.event_id.clone(),
            effect,
        };
        let placement = match position {
            Some(p) => p.place(&entry)?,
            None => Position::default().place(&entry)?,
        };
        // A hold placed or ended before availability reports already in
        // the history changes what those reports meant: worked out on a
        // copy, so a refusal changes nothing (rare: holds arrive late).
        let reworked = match (position, self.hold_change(&event)) {
            (Some(p), Some((from, delta, counts))) if p.has_report_since(from) => {
                let mut copy = p.clone();
                copy.insert(entry.clone(), placement);
                let r = copy.rederive(from, delta, counts)?;
                copy.apply_rederived(r);
                Some(copy)
            }
            _ => None,
        };
        let slot = match slot {
            Some(i) => i as usize,
            None => {
                let key = (event.sku.clone(), event.location.clone());
                self.index.insert(key, self.positions.len() as u32);
                self.positions.push(Position::default());
                self.positions.len().saturating_sub(1)
            }
        };
        self.record_side_tables(&event, slot);
        let position = &mut self.positions[slot];
        let affects_on_hand = match reworked {
            Some(copy) => {
                position.adopt_history(copy);
                placement.affects_on_hand()
            }
            None => position.insert(entry, placement),
        };
        let mut anomalies = Vec::new();
        if let (Some(sold), true) = (affected_by_sale, affects_on_hand) {
            let on_hand = position.on_hand();
            if on_hand < 0 {
                anomalies.push(Anomaly::Oversell {
                    event_id: event.event_id.clone(),
                    sku: event.sku.clone(),
                    location: event.location.clone(),
                    units_oversold: sold.min(on_hand.saturating_neg()),
                });
            }
        }
        let report = ApplyReport {
            event_id: event.event_id.clone(),
            duplicate: false,
            affects_on_hand,
            anomalies,
        };
        self.by_id.insert(hash, self.events.len());
        self.events.push(event);
        Ok(report)
    }

    /// For an event that places or ends a hold: from when, by how many
    /// units, and at which instants the hold counts (placed by then, not
    /// expired) — what availability reports at or after it must move by.
    #[allow(clippy::type_complexity)]
    fn hold_change(
        &self,
        event: &StockEvent,
    ) -> Option<(Instant, i64, Box<dyn Fn(Instant) -> bool>)> {
        match &event.kind {
            StockEventKind::Reserved {
                quantity,
                expires_at,
                ..
            } => {
                let expires = *expires_at;
                Some((
                    event.occurred_at,
                    *quantity,
                    Box::new(move |at| expires.is_none_or(|e| e > at)),
                ))
            }
            StockEventKind::ReservationReleased {
                reservation_id,
                quantity,
            }
            | StockEventKind::ReservationFulfilled {
                reservation_id,
                quantity,
            } => {
                let r = self.reservations.get(reservation_id)?;
                let (placed, expires) = (r.placed_at, r.expires_at);
                Some((
                    event.occurred_at,
                    quantity.unwrap_or(r.quantity).saturating_neg(),
                    Box::new(move |at| placed <= at && expires.is_none_or(|e| e > at)),
                ))
            }
            _ => None,
        }
    }

    /// Units held at `position` at `at` by reservations placed by then and
    /// not yet ended or expired, whatever order their events arrived in.
    fn reserved_at(&self, position: &Position, at: Instant) -> i128 {
        position
            .reservations
            .iter()
            .filter_map(|&i| self.reservations.get_index(i as usize))
            .map(|(_, r)| i128::from(r.held_at(at)))
            .sum()
    }

    /// Where the event with this id (and its `hash`) is in `events`.
    fn find(&self, hash: u64, id: &EventId) -> Option<usize> {
        self.by_id.find(hash, |at| self.events[at].event_id == *id)
    }

    /// Validates `event` against the current state without changing it;
    /// returns its effect on on-hand and, for a sale, the units sold.
    fn check(
        &self,
        event: &StockEvent,
        position: Option<&Position>,
    ) -> Result<(Effect, Option<i64>)> {
        let on_hand_before = || position.map_or(Ok(0), |p| p.on_hand_before(event.occurred_at));
        // Positive quantities were checked, so their negation is exact.
        let out = |q: i64| q.saturating_neg();
        Ok(match &event.kind {
            StockEventKind::Received { quantity } => {
                positive("quantity", *quantity)?;
                (Effect::Delta(*quantity), None)
            }
            StockEventKind::Sold { quantity, .. } => {
                positive("quantity", *quantity)?;
                (Effect::Delta(out(*quantity)), Some(*quantity))
            }
            StockEventKind::Returned { quantity, restock } => {
                positive("quantity", *quantity)?;
                (
                    if *restock {
                        Effect::Delta(*quantity)
                    } else {
                        Effect::Record
                    },
                    None,
                )
            }
            StockEventKind::Adjusted { delta, .. } => {
                if *delta == 0 {
                    return Err(Error::invalid_quantity(
                        "delta",
                        delta,
                        "an adjustment must change stock",
                    ));
                }
                (Effect::Delta(*delta), None)
            }
            StockEventKind::Counted {
                on_hand,
                expected_on_hand,
            } => {
                non_negative("on_hand", *on_hand)?;
                if let Some(expected) = expected_on_hand {
                    let actual = on_hand_before()?;
                    if *expected != actual {
                        return Err(Error::StaleQuantity {
                            field: "on_hand".into(),
                            expected: expected.to_string(),
                            actual: actual.to_string(),
                        });
                    }
                }
                (Effect::Count(*on_hand), None)
            }
            StockEventKind::AvailableReported {
                available,
                expected_available,
            } => {
                non_negative("available", *available)?;
                // What was held at the report's instant, by the holds' own
                // history: a hold placed later, or ended before, is not in it.
                let reserved = position.map_or(0, |p| self.reserved_at(p, event.occurred_at));
                let reserved = i64::try_from(reserved)
                    .map_err(|_| Error::overflow("units held at a position"))?;
                if let Some(expected) = expected_available {
                    let actual = on_hand_before()?
                        .checked_sub(reserved)
                        .ok_or_else(|| Error::overflow("on_hand − reserved"))?;
                    if *expected != actual {
                        return Err(Error::StaleQuantity {
                            field: "available".into(),
                            expected: expected.to_string(),
                            actual: actual.to_string(),
                        });
                    }
                }
                let on_hand = available
                    .checked_add(reserved)
                    .ok_or_else(|| Error::overflow("available + reserved"))?;
                (Effect::Available(on_hand), None)
            }
            StockEventKind::Reserved {
                quantity,
                reservation_id,
                ..
            } => {
                positive("quantity", *quantity)?;
                if self.reservations.contains_key(reservation_id) {
                    return Err(Error::invalid_argument(
                        "reservation_id",
                        format!("{reservation_id:?}"),
                        "already used by another reservation",
                    ));
                }
                // Available now at this position (units in transit do not count).
                let (on_hand, reserved, held) = position.map_or((0, 0, 0), |p| {
                    (p.on_hand(), p.reserved(event.occurred_at), p.held_total())
                });
                // All holds together must stay countable, whenever they lapse.
                if held + i128::from(*quantity) > i128::from(i64::MAX) {
                    return Err(Error::overflow("units held at a position"));
                }
                let available = on_hand.saturating_sub(reserved);
                if *quantity > available {
                    return Err(Error::InsufficientStock {
                        sku: event.sku.to_string(),
                        location: event.location.to_string(),
                        requested: quantity.to_string(),
                        available: available.max(0).to_string(),
                    });
                }
                (Effect::Record, None)
            }
            StockEventKind::ReservationReleased {
                reservation_id,
                quantity,
            } => {
                let r = self.held_reservation(event, reservation_id, "release")?;
                part_of_hold(r, *quantity)?;
                (Effect::Record, None)
            }
            StockEventKind::ReservationFulfilled {
                reservation_id,
                quantity,
            } => {
                let r = self.held_reservation(event, reservation_id, "fulfil")?;
                let units = part_of_hold(r, *quantity)?;
                (Effect::Delta(out(units)), Some(units))
            }
            StockEventKind::TransferOut {
                transfer_id,
                quantity,
            } => {
                positive("quantity", *quantity)?;
                self.check_transfer(transfer_id, &event.sku, true)?;
                if position
                    .map_or(0, |p| p.in_transit)
                    .checked_add(*quantity)
                    .is_none()
                {
                    return Err(Error::overflow("units in transit"));
                }
                (Effect::Delta(out(*quantity)), Some(*quantity))
            }
            StockEventKind::TransferIn {
                transfer_id,
                quantity,
            } => {
                positive("quantity", *quantity)?;
                self.check_transfer(transfer_id, &event.sku, false)?;
                (Effect::Delta(*quantity), None)
            }
        })
    }

    fn held_reservation(
        &self,
        event: &StockEvent,
        id: &str,
        attempted: &str,
    ) -> Result<&Reservation> {
        let r = self
            .reservations
            .get(id)
            .ok_or_else(|| Error::UnknownReservation {
                reservation_id: id.to_string(),
            })?;
        if r.sku != event.sku || r.location != event.location {
            return Err(Error::invalid_argument(
                "reservation_id",
                format!("{id:?}"),
                format!(
                    "holds {} at {}, not {} at {}",
                    r.sku, r.location, event.sku, event.location
                ),
            ));
        }
        // An expired hold may still be fulfilled: the order shipped, which is a fact.
        if r.state != ReservationState::Held {
            return Err(transition(id, r.state, attempted));
        }
        Ok(r)
    }

    fn check_transfer(&self, id: &str, sku: &Sku, out: bool) -> Result<()> {
        if let Some(t) = self.transfers.get(id) {
            let half_seen = if out {
                t.sent.is_some()
            } else {
                t.received.is_some()
            };
            if half_seen {
                return Err(Error::invalid_argument(
                    "transfer_id",
                    format!("{id:?}"),
                    if out {
                        "already has a transfer_out"
                    } else {
                        "already has a transfer_in"
                    },
                ));
            }
            if t.sku.as_ref().is_some_and(|s| s != sku) {
                return Err(Error::invalid_argument(
                    "sku",
                    sku,
                    format!("transfer {id:?} moves another SKU"),
                ));
            }
        }
        Ok(())
    }

    /// Updates reservations and transfers for an event that passed [`Ledger::check`].
    fn record_side_tables(&mut self, event: &StockEvent, slot: usize) {
        match &event.kind {
            StockEventKind::Reserved {
                quantity,
                reservation_id,
                expires_at,
            } => {
                let (index, _) = self.reservations.insert_full(
                    reservation_id.clone(),
                    Reservation {
                        sku: event.sku.clone(),
                        location: event.location.clone(),
                        quantity: *quantity,
                        expires_at: *expires_at,
                        state: ReservationState::Held,
                        placed_at: event.occurred_at,
                        placed: *quantity,
                        ends: Vec::new(),
                    },
                );
                self.positions[slot].reservations.push(index as u32);
                self.positions[slot].holds.push((
                    index as u32,
                    Hold {
                        quantity: *quantity,
                        placed_at: event.occurred_at,
                        expires_at: *expires_at,
                    },
                ));
            }
            StockEventKind::ReservationReleased {
                reservation_id,
                quantity,
            }
            | StockEventKind::ReservationFulfilled {
                reservation_id,
                quantity,
            } => {
                let state = if matches!(event.kind, StockEventKind::ReservationReleased { .. }) {
                    ReservationState::Released
                } else {
                    ReservationState::Committed
                };
                if let Some((index, _, r)) = self.reservations.get_full_mut(reservation_id) {
                    // Part of a hold leaves the rest held; the last part settles its state.
                    let units = quantity.unwrap_or(r.quantity);
                    // A part is at most what is held (`part_of_hold`).
                    r.quantity = r.quantity.saturating_sub(units);
                    r.ends.push((event.occurred_at, units));
                    if r.quantity == 0 {
                        r.state = state;
                    }
                    let holds = &mut self.positions[slot].holds;
                    if let Some(h) = holds.iter().position(|(i, _)| *i as usize == index) {
                        if r.quantity == 0 {
                            holds.swap_remove(h);
                        } else {
                            holds[h].1.quantity = r.quantity;
                        }
                    }
                }
            }
            StockEventKind::TransferOut {
                transfer_id,
                quantity,
            } => {
                let t = self.transfers.entry(transfer_id.clone()).or_default();
                t.sku = Some(event.sku.clone());
                t.sent = Some((event.location.clone(), *quantity));
                // In transit from here until its in arrives (it may have already).
                if t.received.is_none() {
                    // Checked to fit when the event was.
                    let p = &mut self.positions[slot];
                    p.in_transit = p.in_transit.saturating_add(*quantity);
                }
            }
            StockEventKind::TransferIn {
                transfer_id,
                quantity,
            } => {
                let t = self.transfers.entry(transfer_id.clone()).or_default();
                t.sku = Some(event.sku.clone());
                t.received = Some((event.location.clone(), *quantity));
                if let Some((from, sent)) = &t.sent {
                    let from = self.index.get(&PositionKey(&event.sku, from)).copied();
                    if let Some(i) = from {
                        // `sent` was added when its out arrived.
                        let p = &mut self.positions[i as usize];
                        p.in_transit = p.in_transit.saturating_sub(*sent);
                    }
                }
            }
            _ => {}
        }
    }

    /// Applies a batch (an offline till's upload): every row is applied,
    /// reported as a duplicate, or refused with its reason — none is
    /// dropped. Reports what the batch revealed at the positions it touched.
    pub fn apply_batch(&mut self, events: Vec<StockEvent>, now: Instant) -> BatchReport {
        self.apply_rows(events.into_iter().map(Ok), now)
    }

    /// [`Ledger::apply_batch`] for rows as a binding reads them: a row that
    /// could not even be read as an event is rejected at its own index.
    pub fn apply_rows(
        &mut self,
        rows: impl IntoIterator<Item = Result<StockEvent>>,
        now: Instant,
    ) -> BatchReport {
        let mut batch = BatchInProgress::new(now);
        batch.apply(self, rows);
        batch.finish(self)
    }

    /// Merges another ledger into this one — an offline till's, on
    /// reconnect: every event `other` accepted, in the order it accepted
    /// them, applied here as one batch. What this ledger already holds
    /// comes back as duplicates (the opening stock the till was given),
    /// an id reused for another event is refused, and the report says
    /// what the till's sales revealed (a pickup promised against a unit
    /// the till had already sold). Merging twice changes nothing more.
    pub fn merge(&mut self, other: &Ledger, now: Instant) -> BatchReport {
        self.apply_rows(other.events.iter().cloned().map(Ok), now)
    }

    /// Whether a position holds reservations (only such a position can be over-committed).
    pub(super) fn holds_reservations(&self, sku: &Sku, location: &LocationId) -> bool {
        self.position(sku, location)
            .is_some_and(|p| !p.holds.is_empty())
    }

    pub(super) fn over_committed(
        &self,
        sku: &Sku,
        location: &LocationId,
        now: Instant,
    ) -> Option<Anomaly> {
        let level = self.stock(sku, location, now);
        (level.reserved > 0 && level.reserved > level.on_hand).then(|| Anomaly::OverCommitted {
            sku: sku.clone(),
            location: location.clone(),
            on_hand: level.on_hand,
            reserved: level.reserved,
        })
    }

    /// Reserves a whole cart at once. Demand is summed per SKU and location
    /// first, so two lines drawing on one item cannot each pass alone. All or
    /// nothing: when any position falls short the cart is refused with
    /// `INSUFFICIENT_STOCK` (the first short position, in SKU then location
    /// order) and nothing changes — unless `allow_partial`, when each position
    /// reserves what it can. Each position's hold is an ordinary `reserved`
    /// event with id and reservation id `"{cart_id}/{sku}@{location}"`.
    pub fn reserve_cart(&mut self, cart: &CartReservation) -> Result<Vec<CartLineOutcome>> {
        if cart.lines.is_empty() {
            return Err(Error::invalid_argument(
                "lines",
                "[]",
                "a cart needs at least one line",
            ));
        }
        let mut demand: BTreeMap<(Sku, LocationId), i64> = BTreeMap::new();
        for (i, line) in cart.lines.iter().enumerate() {
            positive(&format!("lines[{i}].quantity"), line.quantity)?;
            let total = demand
                .entry((line.sku.clone(), line.location.clone()))
                .or_insert(0);
            *total = total
                .checked_add(line.quantity)
                .ok_or_else(|| Error::overflow("cart demand"))?;
        }
        let mut plan = Vec::with_capacity(demand.len());
        for ((sku, location), requested) in demand {
            let available = self
                .stock(&sku, &location, cart.occurred_at)
                .available
                .max(0);
            if requested > available && !cart.allow_partial {
                return Err(Error::InsufficientStock {
                    sku: sku.to_string(),
                    location: location.to_string(),
                    requested: requested.to_string(),
                    available: available.to_string(),
                });
            }
            plan.push((sku, location, requested, requested.min(available)));
        }
        let mut outcome = Vec::with_capacity(plan.len());
        for (sku, location, requested, reserved) in plan {
            let id = format!("{}/{}@{}", cart.cart_id, sku, location);
            if reserved > 0 {
                self.apply(StockEvent {
                    event_id: EventId::new(&id)?,
                    sku: sku.clone(),
                    location: location.clone(),
                    occurred_at: cart.occurred_at,
                    source: cart.source.as_str().into(),
                    kind: StockEventKind::Reserved {
                        quantity: reserved,
                        reservation_id: id.clone(),
                        expires_at: cart.expires_at,
                    },
                })?;
            }
            outcome.push(CartLineOutcome {
                sku,
                location,
                requested,
                reserved,
                reservation_id: (reserved > 0).then_some(id),
            });
        }
        Ok(outcome)
    }

    /// On-hand, reserved, available and in-transit for one SKU at one location.
    pub fn stock(&self, sku: &Sku, location: &LocationId, now: Instant) -> StockLevel {
        let (on_hand, reserved, in_transit) = self
            .position(sku, location)
            .map_or((0, 0, 0), |p| (p.on_hand(), p.reserved(now), p.in_transit));
        StockLevel {
            on_hand,
            reserved,
            // Both in i64, the difference may not be: the nearest value is shown.
            available: on_hand.saturating_sub(reserved),
            in_transit,
        }
    }

    /// Pooled availability across `locations`: each contributes
    /// max(0, its own available), so one oversold store never hides another's stock.
    /// `ARITHMETIC_OVERFLOW` when the pool holds more units than i64 counts.
    pub fn pooled_available(
        &self,
        sku: &Sku,
        locations: &[LocationId],
        now: Instant,
    ) -> Result<i64> {
        let total: i128 = locations
            .iter()
            .enumerate()
            // A location named twice counts once (pools are short: a scan beats a set).
            .filter(|(i, l)| !locations[..*i].contains(l))
            .map(|(_, l)| i128::from(self.stock(sku, l, now).available.max(0)))
            .sum();
        i64::try_from(total).map_err(|_| Error::overflow("pooled available units"))
    }

    /// What to publish for `sku` over a pool of `locations` under `policy`.
    pub fn publish(
        &self,
        sku: &Sku,
        locations: &[LocationId],
        policy: &BufferPolicy,
        now: Instant,
    ) -> Result<Publication> {
        let available = self.pooled_available(sku, locations, now)?;
        let buffer = policy.buffer_units(available)?;
        let quantity = crate::buffer::published_quantity(available, 0, policy)?;
        let oversell_probability = match policy {
            BufferPolicy::Velocity {
                velocity_per_hour,
                exposure_hours,
                ..
            } => Some(oversell_probability(
                buffer,
                *velocity_per_hour,
                *exposure_hours,
            )?),
            _ => None,
        };
        Ok(Publication {
            quantity,
            buffer,
            oversell_probability,
        })
    }

    /// Records what a location is and can do (replacing earlier information).
    pub fn configure_location(&mut self, info: LocationInfo) {
        self.locations.insert(info.location.clone(), info);
    }

    /// Records a channel's pool and per-method buffer policies (replacing
    /// earlier ones); the policies are checked now, not at query time.
    pub fn configure_channel(&mut self, config: ChannelConfig) -> Result<()> {
        config.ship_policy.validate()?;
        config.pickup_policy.validate()?;
        if config.locations.is_empty() {
            return Err(Error::invalid_argument(
                "locations",
                "[]",
                "a channel needs at least one location",
            ));
        }
        self.channels.insert(config.channel.clone(), config);
        Ok(())
    }

    /// Location information, sorted by location.
    pub fn location_infos(&self) -> impl Iterator<Item = &LocationInfo> {
        self.locations.values()
    }

    /// Channel configurations, sorted by channel.
    pub fn channel_configs(&self) -> impl Iterator<Item = &ChannelConfig> {
        self.channels.values()
    }

    /// What `channel` shows for `sku` when orders are fulfilled by `method`:
    /// pooled over the channel's locations that serve the method (ship or
    /// pickup; a location with no recorded capabilities serves both), and per
    /// node, each under the method's policy.
    pub fn channel_publication(
        &self,
        channel: &ChannelId,
        sku: &Sku,
        method: FulfilmentMethod,
        now: Instant,
    ) -> Result<ChannelPublication> {
        let config = self.channels.get(channel).ok_or_else(|| {
            Error::invalid_argument("channel", channel, "no such channel is configured")
        })?;
        let policy = match method {
            FulfilmentMethod::Ship => &config.ship_policy,
            FulfilmentMethod::Pickup => &config.pickup_policy,
        };
        let serving: Vec<LocationId> = config
            .locations
            .iter()
            .filter(|l| {
                self.locations.get(*l).is_none_or(|info| match method {
                    FulfilmentMethod::Ship => info.ships,
                    FulfilmentMethod::Pickup => info.pickup,
                })
            })
            .cloned()
            .collect();
        let pooled = self.publish(sku, &serving, policy, now)?;
        let nodes = serving
            .iter()
            .map(|l| {
                let available = self.stock(sku, l, now).available;
                Ok(NodePublication {
                    location: l.clone(),
                    available,
                    quantity: crate::buffer::published_quantity(available, 0, policy)?,
                    buffer: policy.buffer_units(available)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(ChannelPublication {
            channel: channel.clone(),
            method,
            pooled,
            nodes,
        })
    }

    /// The state of a reservation at `now` (a held one past its expiry is expired).
    pub fn reservation_state(
        &self,
        reservation_id: &str,
        now: Instant,
    ) -> Result<ReservationState> {
        let r = self
            .reservations
            .get(reservation_id)
            .ok_or_else(|| Error::UnknownReservation {
                reservation_id: reservation_id.to_string(),
            })?;
        Ok(match (r.state, r.expires_at) {
            (ReservationState::Held, Some(e)) if e <= now => ReservationState::Expired,
            (state, _) => state,
        })
    }

    /// The audit trail of one SKU at one location, in the order things happened.
    pub fn history(&self, sku: &Sku, location: &LocationId) -> Vec<HistoryLine> {
        let Some(position) = self.position(sku, location) else {
            return Vec::new();
        };
        let mut on_hand = 0;
        position
            .entries()
            .iter()
            .filter_map(|entry| {
                let event = &self.events
                    [self.find(LogIndex::hash(entry.event_id.as_str()), &entry.event_id)?];
                // Every on-hand in a history fits i64 (each was checked when
                // its event was applied); a count's change from the one
                // before may not, and is shown as the nearest value.
                let change = match entry.effect {
                    Effect::Count(n) | Effect::Available(n) => n.saturating_sub(on_hand),
                    Effect::Delta(d) => d,
                    Effect::Record => 0,
                };
                on_hand = match entry.effect {
                    Effect::Count(n) | Effect::Available(n) => n,
                    _ => on_hand.saturating_add(change),
                };
                Some(HistoryLine {
                    occurred_at: event.occurred_at,
                    event_id: event.event_id.clone(),
                    source: event.source.to_string(),
                    description: describe(&event.kind, change),
                    change,
                    on_hand_after: on_hand,
                })
            })
            .collect()
    }

    /// Everything a person should look at now: negative stock, reservations
    /// beyond on-hand, transfer mismatches. Sorted, so the list is stable.
    pub fn anomalies(&self, now: Instant) -> Vec<Anomaly> {
        let mut found = Vec::new();
        let mut keys: Vec<(&(Sku, LocationId), &u32)> = self.index.iter().collect();
        keys.sort();
        for ((sku, location), &i) in keys {
            let p = &self.positions[i as usize];
            if p.on_hand() < 0 {
                found.push(Anomaly::NegativeStock {
                    sku: sku.clone(),
                    location: location.clone(),
                    on_hand: p.on_hand(),
                });
            }
            if let Some(a) = self.over_committed(sku, location, now) {
                found.push(a);
            }
        }
        for (id, t) in &self.transfers {
            if let (Some((_, received)), Some(sku)) = (&t.received, &t.sku) {
                let sent = t.sent.as_ref().map(|(_, q)| *q);
                if sent != Some(*received) {
                    found.push(Anomaly::TransferMismatch {
                        transfer_id: id.clone(),
                        sku: sku.clone(),
                        sent,
                        received: *received,
                    });
                }
            }
        }
        found
    }

    /// Every accepted event, in arrival order.
    pub fn events(&self) -> impl Iterator<Item = &StockEvent> {
        self.events.iter()
    }

    /// The number of accepted events.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// True when no event has been accepted.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}

fn describe(kind: &StockEventKind, change: i64) -> String {
    match kind {
        StockEventKind::Received { quantity } => format!("received {quantity}"),
        StockEventKind::Sold {
            quantity,
            order_ref,
        } => match order_ref {
            Some(r) => format!("sold {quantity} (order {r})"),
            None => format!("sold {quantity}"),
        },
        StockEventKind::Returned {
            quantity,
            restock: true,
        } => format!("returned {quantity}, restocked"),
        StockEventKind::Returned {
            quantity,
            restock: false,
        } => format!("returned {quantity}, not restocked"),
        StockEventKind::Adjusted { delta, reason } => {
            format!("adjusted {delta:+} ({reason:?})").to_lowercase()
        }
        StockEventKind::Counted { on_hand, .. } => {
            format!("counted {on_hand} (variance {change:+})")
        }
        StockEventKind::AvailableReported { available, .. } => {
            format!("reported {available} available (on-hand variance {change:+})")
        }
        StockEventKind::Reserved {
            quantity,
            reservation_id,
            ..
        } => format!("reserved {quantity} for {reservation_id}"),
        StockEventKind::ReservationReleased {
            reservation_id,
            quantity: None,
        } => {
            format!("released reservation {reservation_id}")
        }
        StockEventKind::ReservationReleased {
            reservation_id,
            quantity: Some(q),
        } => {
            format!("released {q} of reservation {reservation_id}")
        }
        StockEventKind::ReservationFulfilled { reservation_id, .. } => {
            format!(
                "fulfilled reservation {reservation_id}: sold {}",
                change.unsigned_abs()
            )
        }
        StockEventKind::TransferOut {
            transfer_id,
            quantity,
        } => format!("sent {quantity} on transfer {transfer_id}"),
        StockEventKind::TransferIn {
            transfer_id,
            quantity,
        } => {
            format!("received {quantity} on transfer {transfer_id}")
        }
    }
}
