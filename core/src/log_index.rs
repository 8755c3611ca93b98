//! An index from ids to their entries in an append-only log.
//!
//! Each slot keeps the id's full hash beside the entry's position, so a
//! lookup reads the log only when the whole hash matches, and growing the
//! table re-reads neither the log nor the ids. Idempotency checks over
//! millions of events are a probe each, with no copy of the ids.

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// Positions in a log, found by a key the caller reads from the log itself.
#[derive(Debug, Clone, Default)]
pub(crate) struct LogIndex {
    table: HashTable<(u64, usize)>,
}

impl LogIndex {
    /// An empty index with room for `entries` without regrowing.
    pub fn with_capacity(entries: usize) -> Self {
        LogIndex {
            table: HashTable::with_capacity(entries),
        }
    }

    /// Makes room for `more` entries without regrowing.
    pub fn reserve(&mut self, more: usize) {
        self.table.reserve(more, |&(h, _)| h);
    }

    /// The hash of a key (seedless Fx: core draws no randomness).
    pub fn hash(key: &str) -> u64 {
        FxBuildHasher.hash_one(key)
    }

    /// The position of the entry whose key has `hash` and satisfies `is_key`.
    pub fn find(&self, hash: u64, is_key: impl Fn(usize) -> bool) -> Option<usize> {
        self.table
            .find(hash, |&(h, at)| h == hash && is_key(at))
            .map(|&(_, at)| at)
    }

    /// Records that the entry at `at` has a key with `hash` (the caller
    /// has checked the key is not there yet).
    pub fn insert(&mut self, hash: u64, at: usize) {
        self.table.insert_unique(hash, (hash, at), |&(h, _)| h);
    }
}

/// The index is derived from its log: two logs that are equal index alike,
/// so comparing the logs (which their owners do) is enough.
impl PartialEq for LogIndex {
    fn eq(&self, other: &Self) -> bool {
        self.table.len() == other.table.len()
    }
}

impl Eq for LogIndex {}

#[cfg(test)]
mod tests {
    use super::*;

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
}
