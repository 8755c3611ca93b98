//! An index from ids to their entries in an append-only log.
//!
//! Open addressing with linear probing over one array of 8-byte slots, each
//! holding 32 bits of the id's hash and the entry's place in the log. A
//! lookup reads the log only when those bits match, growing the table
//! re-reads neither the log nor the ids, and an idempotency check — a probe
//! that finds nothing, then an insert in the slot where the probe stopped —
//! touches one cache line of the table. (A SwissTable keeps its control
//! bytes apart from its slots: two lines, each a miss in a table of a
//! million events that every new event probes at random.) Entries are never
//! removed: the log is append-only.

// Slot arithmetic on a power-of-two table of at most 2^32 places (masks,
// probe steps, place + 1): bounded by the table's size, which `rebuild` sets.
#![allow(clippy::arithmetic_side_effects)]

use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// An empty slot. A full one is `tag << 32 | (place + 1)`, never zero.
const EMPTY: u64 = 0;

/// Positions in a log, found by a key the caller reads from the log itself.
/// Places are 32-bit: a log of four billion entries would not fit in
/// memory long before.
#[derive(Debug, Clone, Default)]
pub(crate) struct LogIndex {
    /// A power of two long (or empty), at most half full.
    slots: Vec<u64>,
    len: usize,
}

/// 32 bits of a key's hash: both halves folded in.
fn tag(hash: u64) -> u32 {
    (hash ^ (hash >> 32)) as u32
}

impl LogIndex {
    /// An empty index with room for `entries` without regrowing.
    pub fn with_capacity(entries: usize) -> Self {
        let mut index = LogIndex::default();
        index.reserve(entries);
        index
    }

    /// Makes room for `more` entries without regrowing.
    pub fn reserve(&mut self, more: usize) {
        let wanted = (self.len + more).saturating_mul(2).next_power_of_two();
        if wanted > self.slots.len() {
            self.rebuild(wanted);
        }
    }

    /// The hash of a key (seedless Fx: core draws no randomness).
    pub fn hash(key: &str) -> u64 {
        FxBuildHasher.hash_one(key)
    }

    /// The position of the entry whose key has `hash` and satisfies `is_key`.
    pub fn find(&self, hash: u64, is_key: impl Fn(usize) -> bool) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let tag = tag(hash);
        let mask = self.slots.len() - 1;
        let mut i = tag as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot == EMPTY {
                return None;
            }
            let at = (slot as u32 - 1) as usize;
            if (slot >> 32) as u32 == tag && is_key(at) {
                return Some(at);
            }
            i = (i + 1) & mask;
        }
    }

    /// Records that the entry at `at` has a key with `hash` (the caller
    /// has checked the key is not there yet).
    pub fn insert(&mut self, hash: u64, at: usize) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.rebuild((self.slots.len() * 2).max(16));
        }
        // `at + 1` fits: see the type's note on places.
        let slot = u64::from(tag(hash)) << 32 | (at as u64 + 1);
        self.put(slot);
        self.len += 1;
    }

    /// Writes a full slot into the first empty one from its tag's place.
    fn put(&mut self, slot: u64) {
        let mask = self.slots.len() - 1;
        let mut i = (slot >> 32) as usize & mask;
        while self.slots[i] != EMPTY {
            i = (i + 1) & mask;
        }
        self.slots[i] = slot;
    }

    /// Moves every entry into a table of `len` slots (a power of two).
    fn rebuild(&mut self, len: usize) {
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; len]);
        for slot in old.into_iter().filter(|&s| s != EMPTY) {
            self.put(slot);
        }
    }
}

/// The index is derived from its log: two logs that are equal index alike,
/// so comparing the logs (which their owners do) is enough.
impl PartialEq for LogIndex {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len
    }
}

impl Eq for LogIndex {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_only_the_entry_with_the_same_key() {
        let log = ["a", "b", "c"];
        let mut index = LogIndex::default();
        for (at, key) in log.iter().enumerate() {
            index.insert(LogIndex::hash(key), at);
        }
        for (at, key) in log.iter().enumerate() {
            let found = index.find(LogIndex::hash(key), |i| log[i] == *key);
            assert_eq!(found, Some(at));
        }
        assert_eq!(index.find(LogIndex::hash("d"), |i| log[i] == "d"), None);
        // A matching hash is not enough: the key itself must match.
        assert_eq!(index.find(LogIndex::hash("a"), |_| false), None);
    }

    #[test]
    fn keys_whose_hashes_collide_are_told_apart_by_the_log() {
        // Every key given the same hash: one run of slots, the log decides.
        let log: Vec<String> = (0..100).map(|i| format!("k{i}")).collect();
        let mut index = LogIndex::with_capacity(4);
        for at in 0..log.len() {
            assert_eq!(index.find(7, |i| log[i] == log[at]), None);
            index.insert(7, at);
        }
        for (at, key) in log.iter().enumerate() {
            assert_eq!(index.find(7, |i| log[i] == *key), Some(at));
        }
        assert_eq!(index.find(7, |i| log[i] == "k100"), None);
    }

    proptest! {
        /// Against a map: every key inserted is found at its place, through
        /// growth from empty or from a reservation; a key never inserted is not.
        #[test]
        fn finds_what_a_map_finds(
            keys in proptest::collection::vec("[a-z0-9]{1,6}", 0..400),
            reserved in 0usize..300,
        ) {
            let mut log: Vec<String> = Vec::new();
            let mut map = std::collections::HashMap::new();
            let mut index = LogIndex::with_capacity(reserved);
            for key in keys {
                let hash = LogIndex::hash(&key);
                let found = index.find(hash, |i| log[i] == key);
                prop_assert_eq!(found, map.get(&key).copied());
                if found.is_none() {
                    index.insert(hash, log.len());
                    map.insert(key.clone(), log.len());
                    log.push(key);
                }
            }
            for (key, &at) in &map {
                prop_assert_eq!(index.find(LogIndex::hash(key), |i| log[i] == *key), Some(at));
            }
            prop_assert_eq!(index.find(LogIndex::hash("absent!"), |i| log[i] == "absent!"), None);
        }
    }
}
