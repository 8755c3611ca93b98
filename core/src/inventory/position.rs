//! One SKU at one location: its ordered history and the on-hand it implies.

use crate::error::{Error, Result};
use crate::ids::EventId;
use crate::instant::Instant;

/// What an entry does to on-hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    /// A physical count: on-hand is exactly this.
    Count(i64),
    /// An available figure from a system that subtracts its holds: on-hand
    /// is the figure plus the units held at its instant. Held here is that
    /// on-hand, kept current as holds placed or ended before the instant
    /// arrive late ([`Position::rederive`]).
    Available(i64),
    /// A change to on-hand.
    Delta(i64),
    /// Kept for the audit trail; no effect on on-hand (a reservation, a return not restocked).
    Record,
}

/// One entry of a position's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub at: Instant,
    pub event_id: EventId,
    pub effect: Effect,
}

impl Entry {
    /// The order of history: by instant; at one instant a count comes first
    /// (it is what the shelf held at that moment, and movements stamped with
    /// the same instant apply on top); then by event id.
    fn key(&self) -> (Instant, u8, &EventId) {
        let rank = match self.effect {
            Effect::Count(_) | Effect::Available(_) => 0,
            _ => 1,
        };
        (self.at, rank, &self.event_id)
    }
}

/// A held reservation's claim on a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hold {
    pub quantity: i64,
    /// When the reservation was made: before it, the units were not held.
    pub placed_at: Instant,
    pub expires_at: Option<Instant>,
}

/// The state of one SKU at one location.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Position {
    /// Every entry, in history order (see [`Entry::key`]).
    entries: Vec<Entry>,
    /// Index of the latest count in `entries`.
    last_count: Option<u32>,
    /// On-hand now: the latest count plus every delta after it.
    on_hand: i64,
    /// Held reservations, by their index in the ledger's reservation table
    /// (a position holds few at a time: a short list beats a map).
    pub holds: Vec<(u32, Hold)>,
    /// Every reservation ever placed here (its index in the ledger's
    /// table), ended or not: what was held at a past instant.
    pub reservations: Vec<u32>,
    /// Units sent out by transfers from here whose in has not arrived.
    pub in_transit: i64,
}

impl Effect {
    /// The on-hand a count-like entry sets, if it is one.
    pub fn count(self) -> Option<i64> {
        match self {
            Effect::Count(n) | Effect::Available(n) => Some(n),
            _ => None,
        }
    }
}

/// A hold's change reaching back before availability reports already
/// applied: each such report's on-hand and the position's, worked out
/// before anything changes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rederived {
    reports: Vec<(usize, i64)>,
    on_hand: Option<i64>,
}

/// Where an entry goes in a position's history and what on-hand becomes,
/// worked out before anything changes ([`Position::place`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placement {
    index: usize,
    /// On-hand after the entry, when the entry affects on-hand now.
    on_hand: Option<i64>,
}

impl Placement {
    /// Whether the entry affects on-hand now (false when a later count supersedes it).
    pub fn affects_on_hand(&self) -> bool {
        self.on_hand.is_some()
    }
}

/// A sum of unit counts, narrowed back to i64 or `ARITHMETIC_OVERFLOW`. Sums
/// run in i128, which no number of i64 terms a ledger can hold overflows,
/// so only the result needs checking.
fn narrow(total: i128, operation: &str) -> Result<i64> {
    i64::try_from(total).map_err(|_| Error::overflow(operation))
}

impl Position {
    /// Where `entry` goes in history and what on-hand becomes, without
    /// changing anything: `ARITHMETIC_OVERFLOW` when on-hand would leave i64.
    ///
    /// Cost: a binary search plus, for a count, the history after it; an
    /// entry that arrives in order is appended.
    pub fn place(&self, entry: &Entry) -> Result<Placement> {
        let index = if self
            .entries
            .last()
            .is_none_or(|last| last.key() < entry.key())
        {
            self.entries.len()
        } else {
            self.entries.partition_point(|e| e.key() < entry.key())
        };
        let after_latest_count = self.last_count.is_none_or(|c| (c as usize) < index);
        let on_hand = match entry.effect {
            Effect::Delta(d) if after_latest_count => Some(
                self.on_hand
                    .checked_add(d)
                    .ok_or_else(|| Error::overflow("on_hand + movement"))?,
            ),
            Effect::Count(n) | Effect::Available(n) if after_latest_count => Some(narrow(
                i128::from(n) + deltas(&self.entries[index..]),
                "count + later movements",
            )?),
            _ => None,
        };
        Ok(Placement { index, on_hand })
    }

    /// Inserts an entry where [`Position::place`] (called on this same
    /// state) put it. Returns true when it affects on-hand now.
    pub fn insert(&mut self, entry: Entry, placement: Placement) -> bool {
        let Placement { index, on_hand } = placement;
        let is_count = entry.effect.count().is_some();
        // Most positions see few events: grow from one slot, not four.
        if self.entries.capacity() == 0 {
            self.entries.reserve_exact(1);
        }
        self.entries.insert(index, entry);
        // A position's history is one SKU at one place: far below 2³² entries.
        let index32 = index as u32;
        if let Some(c) = self.last_count.filter(|c| *c >= index32) {
            self.last_count = Some(c.saturating_add(1));
        }
        match on_hand {
            Some(n) => {
                if is_count {
                    self.last_count = Some(index32);
                }
                self.on_hand = n;
                true
            }
            None => false,
        }
    }

    /// Availability reports at or after `from` whose instant `counts`
    /// accepts, each moved by `delta` units held (a hold placed, +; units of
    /// a hold ended, −), and on-hand with them: nothing changes here, and a
    /// figure that would leave i64 is `ARITHMETIC_OVERFLOW`. Empty when no
    /// report is affected — the common case, a hold arriving in order.
    pub fn rederive(
        &self,
        from: Instant,
        delta: i64,
        counts: impl Fn(Instant) -> bool,
    ) -> Result<Rederived> {
        let start = self.entries.partition_point(|e| e.at < from);
        let mut out = Rederived::default();
        for (i, e) in self.entries.iter().enumerate().skip(start) {
            if let Effect::Available(n) = e.effect {
                if counts(e.at) {
                    let moved = n
                        .checked_add(delta)
                        .ok_or_else(|| Error::overflow("available + units held"))?;
                    out.reports.push((i, moved));
                }
            }
        }
        let latest = self.last_count.map(|c| c as usize);
        if let Some(&(_, n)) = out.reports.iter().find(|(i, _)| Some(*i) == latest) {
            let after = latest.map_or(0, |c| c.saturating_add(1));
            out.on_hand = Some(narrow(
                i128::from(n) + deltas(&self.entries[after..]),
                "count + later movements",
            )?);
        }
        Ok(out)
    }

    /// Whether an availability report lies at or after `from`.
    pub fn has_report_since(&self, from: Instant) -> bool {
        let start = self.entries.partition_point(|e| e.at < from);
        self.entries[start..]
            .iter()
            .any(|e| matches!(e.effect, Effect::Available(_)))
    }

    /// Takes the history and on-hand of `other` (this position worked on
    /// as a copy), keeping this one's holds and transit.
    pub fn adopt_history(&mut self, other: Position) {
        self.entries = other.entries;
        self.last_count = other.last_count;
        self.on_hand = other.on_hand;
    }

    /// Applies what [`Position::rederive`] worked out on this same state.
    pub fn apply_rederived(&mut self, r: Rederived) {
        for (i, n) in r.reports {
            self.entries[i].effect = Effect::Available(n);
        }
        if let Some(n) = r.on_hand {
            self.on_hand = n;
        }
    }

    /// On-hand now.
    pub fn on_hand(&self) -> i64 {
        self.on_hand
    }

    /// On-hand just before an entry at `at` would apply (for compare-and-set).
    pub fn on_hand_before(&self, at: Instant) -> Result<i64> {
        let end = self.entries.partition_point(|e| e.at < at);
        let history = &self.entries[..end];
        let start = history.iter().rposition(|e| e.effect.count().is_some());
        let base = start.map_or(0, |i| i128::from(history[i].effect.count().unwrap_or(0)));
        let after = start.map_or(0, |i| i.saturating_add(1));
        narrow(base + deltas(&history[after..]), "on-hand at an instant")
    }

    /// Units held at `at` by reservations placed by then that have not
    /// expired. A hold placed later was not held at `at`, whatever order the
    /// events arrived in.
    pub fn reserved(&self, at: Instant) -> i64 {
        let total: i128 = self
            .holds
            .iter()
            .map(|(_, h)| h)
            .filter(|h| h.placed_at <= at && h.expires_at.is_none_or(|e| e > at))
            .map(|h| i128::from(h.quantity))
            .sum();
        // Reserving checks that all holds together fit in i64.
        i64::try_from(total).unwrap_or(i64::MAX)
    }

    /// Units held by every current hold, whenever placed or however expired:
    /// the figure a new hold must fit beside.
    pub fn held_total(&self) -> i128 {
        self.holds.iter().map(|(_, h)| i128::from(h.quantity)).sum()
    }

    /// History in order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
}

/// The sum of the movements among `entries`, in i128 (see [`narrow`]).
fn deltas(entries: &[Entry]) -> i128 {
    entries
        .iter()
        .map(|e| match e.effect {
            Effect::Delta(d) => i128::from(d),
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: u32) -> Instant {
        Instant::parse(&format!("2026-11-26T10:{minute:02}:00Z")).unwrap()
    }

    /// Places and inserts, as the ledger does.
    fn add(p: &mut Position, e: Entry) -> bool {
        let placement = p.place(&e).unwrap();
        p.insert(e, placement)
    }

    fn entry(minute: u32, id: &str, effect: Effect) -> Entry {
        Entry {
            at: at(minute),
            event_id: EventId::new(id).unwrap(),
            effect,
        }
    }

    #[test]
    fn a_count_supersedes_earlier_movements_and_later_ones_apply() {
        let mut p = Position::default();
        assert!(add(&mut p, entry(1, "a", Effect::Delta(10))));
        assert!(add(&mut p, entry(5, "c", Effect::Delta(-2))));
        assert_eq!(p.on_hand(), 8);
        // A count at 10:03 arrives late: on-hand = 7 + the −2 at 10:05.
        assert!(add(&mut p, entry(3, "b", Effect::Count(7))));
        assert_eq!(p.on_hand(), 5);
        // A late movement before the count changes nothing now.
        assert!(!add(&mut p, entry(2, "d", Effect::Delta(-1))));
        assert_eq!(p.on_hand(), 5);
        // An older count is history only.
        assert!(!add(&mut p, entry(0, "e", Effect::Count(100))));
        assert_eq!(p.on_hand(), 5);
        assert_eq!(p.on_hand_before(at(5)).unwrap(), 7);
        // Before 10:03 the latest count is the 100 at 10:00, then +10 and −1.
        assert_eq!(p.on_hand_before(at(3)).unwrap(), 109);
    }

    #[test]
    fn at_one_instant_the_count_comes_first() {
        let mut p = Position::default();
        add(&mut p, entry(1, "z-sale", Effect::Delta(-1)));
        add(&mut p, entry(1, "a-count", Effect::Count(4)));
        assert_eq!(p.on_hand(), 3);
    }

    #[test]
    fn expired_holds_do_not_count() {
        let mut p = Position::default();
        p.holds.push((
            0,
            Hold {
                quantity: 2,
                placed_at: at(0),
                expires_at: Some(at(10)),
            },
        ));
        p.holds.push((
            1,
            Hold {
                quantity: 1,
                placed_at: at(0),
                expires_at: None,
            },
        ));
        assert_eq!(p.reserved(at(9)), 3);
        assert_eq!(p.reserved(at(10)), 1);
        // A hold placed at 10:05 was not held at 10:04.
        p.holds.push((
            2,
            Hold {
                quantity: 4,
                placed_at: at(5),
                expires_at: None,
            },
        ));
        assert_eq!(p.reserved(at(4)), 3);
        assert_eq!(p.reserved(at(5)), 7);
    }

    #[test]
    fn on_hand_that_would_leave_i64_is_refused_and_nothing_changes() {
        let mut p = Position::default();
        assert!(add(&mut p, entry(1, "a", Effect::Delta(1 << 62))));
        let second = entry(2, "b", Effect::Delta(1 << 62));
        let err = p.place(&second).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::ArithmeticOverflow);
        assert_eq!(p.on_hand(), 1 << 62);
        assert_eq!(p.entries().len(), 1);
        // A late count whose later movements would overflow is refused too.
        let count = entry(0, "c", Effect::Count(i64::MAX));
        assert_eq!(
            p.place(&count).unwrap_err().code(),
            crate::ErrorCode::ArithmeticOverflow
        );
        let late = entry(3, "d", Effect::Count(i64::MAX));
        assert!(add(&mut p, late));
        assert_eq!(
            p.place(&entry(4, "e", Effect::Delta(1)))
                .unwrap_err()
                .code(),
            crate::ErrorCode::ArithmeticOverflow
        );
    }
}
