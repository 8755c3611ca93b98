//! One SKU at one location: its ordered history and the on-hand it implies.

use crate::ids::EventId;
use crate::instant::Instant;

/// What an entry does to on-hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    /// A physical count: on-hand is exactly this.
    Count(i64),
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
            Effect::Count(_) => 0,
            _ => 1,
        };
        (self.at, rank, &self.event_id)
    }
}

/// A held reservation's claim on a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hold {
    pub quantity: i64,
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
    /// Units sent out by transfers from here whose in has not arrived.
    pub in_transit: i64,
}

impl Position {
    /// Inserts an entry in history order and updates on-hand. Returns true
    /// when the entry affects on-hand now (false when a later count supersedes it).
    ///
    /// Cost: a binary search plus, for a count, the history after it; an
    /// entry that arrives in order is appended.
    pub fn insert(&mut self, entry: Entry) -> bool {
        let index = if self
            .entries
            .last()
            .is_none_or(|last| last.key() < entry.key())
        {
            self.entries.len()
        } else {
            self.entries.partition_point(|e| e.key() < entry.key())
        };
        let effect = entry.effect;
        // Most positions see few events: grow from one slot, not four.
        if self.entries.capacity() == 0 {
            self.entries.reserve_exact(1);
        }
        self.entries.insert(index, entry);
        let index32 = index as u32;
        if let Some(c) = self.last_count {
            if c >= index32 {
                self.last_count = Some(c + 1);
            }
        }
        let after_latest_count = self.last_count.is_none_or(|c| c < index32);
        match effect {
            Effect::Delta(d) if after_latest_count => {
                self.on_hand += d;
                true
            }
            Effect::Count(n) if after_latest_count => {
                self.last_count = Some(index32);
                self.on_hand = n + self.deltas_after(index);
                true
            }
            _ => false,
        }
    }

    fn deltas_after(&self, index: usize) -> i64 {
        self.entries[index + 1..]
            .iter()
            .map(|e| match e.effect {
                Effect::Delta(d) => d,
                _ => 0,
            })
            .sum()
    }

    /// On-hand now.
    pub fn on_hand(&self) -> i64 {
        self.on_hand
    }

    /// On-hand just before an entry at `at` would apply (for compare-and-set).
    pub fn on_hand_before(&self, at: Instant) -> i64 {
        let end = self.entries.partition_point(|e| e.at < at);
        let mut total = 0;
        for e in self.entries[..end].iter().rev() {
            match e.effect {
                Effect::Count(n) => return n + total,
                Effect::Delta(d) => total += d,
                Effect::Record => {}
            }
        }
        total
    }

    /// Units held by reservations that have not expired at `now`.
    pub fn reserved(&self, now: Instant) -> i64 {
        self.holds
            .iter()
            .map(|(_, h)| h)
            .filter(|h| h.expires_at.is_none_or(|e| e > now))
            .map(|h| h.quantity)
            .sum()
    }

    /// History in order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: u32) -> Instant {
        Instant::parse(&format!("2026-11-26T10:{minute:02}:00Z")).unwrap()
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
        assert!(p.insert(entry(1, "a", Effect::Delta(10))));
        assert!(p.insert(entry(5, "c", Effect::Delta(-2))));
        assert_eq!(p.on_hand(), 8);
        // A count at 10:03 arrives late: on-hand = 7 + the −2 at 10:05.
        assert!(p.insert(entry(3, "b", Effect::Count(7))));
        assert_eq!(p.on_hand(), 5);
        // A late movement before the count changes nothing now.
        assert!(!p.insert(entry(2, "d", Effect::Delta(-1))));
        assert_eq!(p.on_hand(), 5);
        // An older count is history only.
        assert!(!p.insert(entry(0, "e", Effect::Count(100))));
        assert_eq!(p.on_hand(), 5);
        assert_eq!(p.on_hand_before(at(5)), 7);
        // Before 10:03 the latest count is the 100 at 10:00, then +10 and −1.
        assert_eq!(p.on_hand_before(at(3)), 109);
    }

    #[test]
    fn at_one_instant_the_count_comes_first() {
        let mut p = Position::default();
        p.insert(entry(1, "z-sale", Effect::Delta(-1)));
        p.insert(entry(1, "a-count", Effect::Count(4)));
        assert_eq!(p.on_hand(), 3);
    }

    #[test]
    fn expired_holds_do_not_count() {
        let mut p = Position::default();
        p.holds.push((
            0,
            Hold {
                quantity: 2,
                expires_at: Some(at(10)),
            },
        ));
        p.holds.push((
            1,
            Hold {
                quantity: 1,
                expires_at: None,
            },
        ));
        assert_eq!(p.reserved(at(9)), 3);
        assert_eq!(p.reserved(at(10)), 1);
    }
}
