//! The resolver's standing state, so that adding a record re-resolves only
//! the records it could touch.
//!
//! Records fall into clusters: records that a linking identifier or an
//! always-link could ever join. No merge, limit check or correction in one
//! cluster can change another's outcome, so resolving each cluster on its
//! own gives exactly the answer of resolving everything at once. A new
//! record joins the clusters its identifiers reach, and only that cluster is
//! resolved again. Clusters never split (a replaced record or a newly
//! blocked value may leave one wider than it need be), which costs time on
//! that cluster, never correctness.

use super::household::{self, Person};
use super::identifier::hex;
use super::identifier::HashConvention;
use super::record::{Attributes, CustomerRecord, LinkPolicy};
use super::resolve::{Correction, Merge, Profile, RecordIssue, Resolution, ReviewItem};
use super::secret::Secret;
use crate::error::Error;
use crate::log_index::LogIndex;
use hashbrown::HashTable;
use rustc_hash::FxHashMap;
use std::cmp::Ordering;

/// An identifier inside the resolver: its kind's index and its digest
/// (binary, so a million records do not carry copies of 64-char hex).
type Key = (u16, [u8; 32]);

/// How many records ahead a bulk add starts reading a record's identifiers.
const LOOK_AHEAD: usize = 4;

/// A slot not yet resolved into a profile.
const NONE: u32 = u32::MAX;

/// The table hash of a key: its digest is SHA-256, already uniform.
fn key_hash(key: &Key) -> u64 {
    let mut head = [0u8; 8];
    head.copy_from_slice(&key.1[..8]);
    u64::from_le_bytes(head) ^ u64::from(key.0)
}

/// The profile id's 64 bits (`P-` and these as 16 hex digits) for a record
/// key: of its SHA-256, or of its HMAC under the book's secret.
fn profile_bits(key: &str, secret: Option<&Secret>) -> u64 {
    let digest = match secret {
        Some(secret) => secret.mac(&[b"profile".as_slice(), key.as_bytes()]),
        None => super::identifier::sha256(key),
    };
    let mut head = [0u8; 8];
    head.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(head)
}

fn profile_id_of(bits: u64) -> String {
    let mut id = String::with_capacity(18);
    id.push_str("P-");
    id.push_str(&hex(&bits.to_be_bytes()));
    id
}

/// A record as the resolver holds it.
#[derive(Clone)]
struct Slot {
    /// `source/record_id`.
    key: String,
    /// The 64 bits of the profile id this record gives a profile it roots.
    bits: u64,
    /// The winning observation: its index in the owner's records.
    record: u32,
    /// Its valid identifiers, in the record's order (blocked ones too).
    ids: Vec<Key>,
    /// Its invalid identifiers: their place among the record's identifiers, and why.
    invalid: Vec<(u16, Error)>,
}

/// Where a merge falls in the order a full resolution makes them.
#[derive(Clone, Copy)]
enum Order {
    /// A person's always-link between two records (by key, smaller first).
    Always(u32, u32),
    /// An identifier's first holder absorbing the profile of this holder.
    Link(Key, u32),
}

/// What a cluster's resolution produced besides its profiles.
#[derive(Clone, Default)]
struct Outcome {
    merges: Vec<(Order, Merge)>,
    review: Vec<ReviewItem>,
}

/// Union-find over a cluster's members (local indices, in key order).
struct Components {
    parent: Vec<u32>,
    /// Per root: its keys of kinds with a limit, sorted.
    limited: Vec<Vec<Key>>,
    members: Vec<Vec<u32>>,
    /// Per root: what its records say about who they are, once a household
    /// check has asked (none until then, or after a join with a side never asked).
    people: Vec<Option<Person>>,
}

impl Components {
    fn find(&mut self, i: usize) -> usize {
        let mut i = i as u32;
        while self.parent[i as usize] != i {
            let p = self.parent[i as usize];
            self.parent[i as usize] = self.parent[p as usize];
            i = self.parent[i as usize];
        }
        i as usize
    }

    /// The limited keys of `a` and `b` together, or the first limit they
    /// break. A merge that brings no new value of a kind to one side (the
    /// other holds them all) breaks no limit of that kind: only a person's
    /// decision makes a profile hold more than its limit, and records that
    /// share what it holds still join it rather than split off.
    fn merged(
        &self,
        a: usize,
        b: usize,
        limits: &[(u16, usize)],
        kinds: &[String],
    ) -> Result<Vec<Key>, String> {
        let mut all: Vec<Key> = self.limited[a]
            .iter()
            .chain(&self.limited[b])
            .copied()
            .collect();
        all.sort_unstable();
        all.dedup();
        let count = |keys: &[Key], kind: u16| keys.iter().filter(|k| k.0 == kind).count();
        for &(kind, limit) in limits {
            let together = count(&all, kind);
            let larger = count(&self.limited[a], kind).max(count(&self.limited[b], kind));
            if together > limit && together > larger {
                return Err(format!(
                    "the profile would hold {together} {} identifiers (limit {limit})",
                    kinds[usize::from(kind)]
                ));
            }
        }
        Ok(all)
    }

    /// Joins two roots (the smaller index, the smaller key, stays the root).
    fn join(&mut self, a: usize, b: usize, limited: Vec<Key>) -> (usize, usize) {
        let (root, other) = if a < b { (a, b) } else { (b, a) };
        self.parent[other] = root as u32;
        self.limited[root] = limited;
        self.limited[other] = Vec::new();
        let moved = std::mem::take(&mut self.members[other]);
        self.members[root].extend(moved);
        let theirs = self.people[other].take();
        self.people[root] = match (self.people[root].take(), theirs) {
            (Some(mut mine), Some(theirs)) => {
                mine.join(theirs);
                Some(mine)
            }
            _ => None,
        };
        (root, other)
    }

    /// Reads who root `r`'s records say they are (by `person`, per local
    /// member) unless it is known already.
    fn read_people(&mut self, r: usize, person: impl Fn(u32) -> Person) {
        let members = &self.members[r];
        self.people[r].get_or_insert_with(|| {
            let mut all = Person::default();
            for &i in members {
                all.join(person(i));
            }
            all
        });
    }
}

/// Every record's identifiers, the clusters and their resolution. Records
/// live with the owner (the book, or a caller's slice); the resolver holds
/// their indices, and every method that reads them takes the same slice.
#[derive(Clone)]
pub(crate) struct Resolver {
    /// The retailer's secret, when identifiers are shown keyed.
    secret: Option<Secret>,
    policy: LinkPolicy,
    /// Each kind's base kind: itself, or the kind an alias hashes another way.
    base: Vec<u16>,
    /// Declared conventions: (base kind, convention, alias kind).
    aliases: Vec<(u16, HashConvention, u16)>,
    /// Kinds by index: the linking kinds first (their index is their rank),
    /// then the other known kinds, then the aliases (`phone@phone_digits_only`).
    kinds: Vec<String>,
    limits: Vec<(u16, usize)>,
    /// Values that never link (the policy's and people's), sorted.
    blocked: Vec<Key>,
    corrections: Vec<Correction>,
    /// Record key → the pair corrections (never / always link) naming it.
    named: FxHashMap<String, Vec<u32>>,
    slots: Vec<Slot>,
    by_key: LogIndex,
    /// Every valid identifier of every slot: `(slot, position in its ids)`.
    holders: HashTable<(u32, u16)>,
    /// Clusters: union-find parents, and a ring through each cluster's members.
    cluster: Vec<u32>,
    ring: Vec<u32>,
    /// Each slot's profile, named by its root slot (the smallest key).
    profile: Vec<u32>,
    /// Profile roots by their id's bits.
    by_profile: HashTable<u32>,
    /// Merges and review items, for the clusters that have any (by cluster root).
    outcomes: FxHashMap<u32, Outcome>,
}

impl Resolver {
    /// An empty resolver under `policy` and the people's `corrections`.
    pub fn new(policy: &LinkPolicy, corrections: &[Correction], secret: Option<Secret>) -> Self {
        let mut r = Resolver {
            secret,
            policy: policy.clone(),
            kinds: policy.known_kinds().map(str::to_string).collect(),
            base: Vec::new(),
            aliases: Vec::new(),
            limits: Vec::new(),
            blocked: Vec::new(),
            corrections: Vec::new(),
            named: FxHashMap::default(),
            slots: Vec::new(),
            by_key: LogIndex::default(),
            holders: HashTable::new(),
            cluster: Vec::new(),
            ring: Vec::new(),
            profile: Vec::new(),
            by_profile: HashTable::new(),
            outcomes: FxHashMap::default(),
        };
        r.base = (0..r.kinds.len() as u16).collect();
        for &convention in &policy.hashed_conventions {
            let Some(base) = convention.kind().and_then(|k| r.kind_index(k)) else {
                continue;
            };
            let alias = r.kinds.len() as u16;
            r.kinds.push(format!(
                "{}@{}",
                r.kinds[usize::from(base)],
                convention.name()
            ));
            r.base.push(base);
            r.aliases.push((base, convention, alias));
        }
        r.limits = policy
            .limits
            .iter()
            .filter_map(|(kind, n)| Some((r.kind_index(kind)?, *n)))
            .collect();
        // An alias holds one value per value of its kind: the same limit.
        let aliased: Vec<(u16, usize)> = r
            .aliases
            .iter()
            .filter_map(|&(base, _, alias)| {
                let (_, n) = r.limits.iter().find(|(k, _)| *k == base)?;
                Some((alias, *n))
            })
            .collect();
        r.limits.extend(aliased);
        for id in &policy.blocked {
            if let (Ok(digest), Some(kind)) = (policy.blocked_digest(id), r.kind_index(&id.kind)) {
                let key = (kind, digest);
                r.blocked.push(key);
            }
        }
        r.blocked.sort_unstable();
        r.blocked.dedup();
        for c in corrections {
            // No records yet: nothing to settle.
            r.correct(&[], c.clone());
        }
        r
    }

    /// An identifier's digest as results show it: its SHA-256 hex, or the
    /// hex of its HMAC under the book's secret (never reversible by
    /// hashing every phone number).
    pub fn shown(&self, digest: &[u8; 32]) -> String {
        match &self.secret {
            Some(secret) => hex(&secret.mac(&[b"identifier".as_slice(), digest.as_slice()])),
            None => hex(digest),
        }
    }

    /// The index of an identifier kind the policy knows (a validated
    /// policy names fewer than 65,536, so an index never wraps onto another
    /// kind and links by it).
    fn kind_index(&self, kind: &str) -> Option<u16> {
        let i = self.kinds.iter().position(|k| k == kind)?;
        u16::try_from(i).ok()
    }

    fn is_blocked(&self, key: &Key) -> bool {
        self.blocked.binary_search(key).is_ok()
    }

    fn links(&self, key: &Key) -> bool {
        self.linking(key.0) && !self.is_blocked(key)
    }

    /// Whether a kind (or the kind an alias hashes) is a linking kind.
    fn linking(&self, kind: u16) -> bool {
        usize::from(self.base[usize::from(kind)]) < self.policy.link_kinds.len()
    }

    /// The slot of a record key.
    fn slot(&self, key: &str) -> Option<u32> {
        self.by_key
            .find(LogIndex::hash(key), |s| self.slots[s].key == key)
            .map(|s| s as u32)
    }

    fn find(&mut self, s: u32) -> u32 {
        let mut i = s;
        while self.cluster[i as usize] != i {
            let p = self.cluster[i as usize];
            self.cluster[i as usize] = self.cluster[p as usize];
            i = self.cluster[i as usize];
        }
        i
    }

    /// Puts two slots' clusters together.
    fn unite(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (root, other) = (ra.min(rb), ra.max(rb));
        self.cluster[other as usize] = root;
        // Swapping two successors joins two rings into one.
        self.ring.swap(ra as usize, rb as usize);
        self.outcomes.remove(&other);
    }

    /// Reads a record's identifiers: valid keys in order, invalid ones with why.
    fn identify(&mut self, r: &CustomerRecord) -> (Vec<Key>, Vec<(u16, Error)>) {
        let mut ids = Vec::with_capacity(r.identifiers.len());
        let mut invalid = Vec::new();
        let mut aliases = Vec::new();
        for (at, id) in r.identifiers.iter().enumerate() {
            // Identifier places past 65,535 share the last index in reports.
            let place = u16::try_from(at).unwrap_or(u16::MAX);
            let convention = id
                .convention
                .filter(|c| id.hashed && *c != HashConvention::Canonical);
            match self.policy.digest(id, r.region.as_deref()) {
                // A digest is made only for a kind the policy knows.
                Ok(digest) => {
                    let Some(kind) = self.kind_index(&id.kind) else {
                        continue;
                    };
                    match convention {
                        None => ids.push((kind, digest)),
                        Some(c) => match self.alias(kind, c) {
                            Some(alias) => aliases.push((alias, digest)),
                            None => invalid.push((
                                place,
                                Error::InvalidIdentifier {
                                    kind: id.kind.clone(),
                                    redacted: super::identifier::redact("", &id.value),
                                    reason: format!(
                                        "was hashed as {}, which the policy's hashed_conventions do not declare",
                                        c.name()
                                    ),
                                },
                            )),
                        },
                    }
                    if !id.hashed {
                        self.forms(kind, id, r.region.as_deref(), &mut aliases);
                    }
                }
                Err(error) => invalid.push((place, error)),
            }
        }
        // After the record's own identifiers, which `issues` walks in order.
        ids.extend(aliases);
        (ids, invalid)
    }

    /// The alias kind of `kind` hashed under `convention`, if declared.
    fn alias(&self, kind: u16, convention: HashConvention) -> Option<u16> {
        self.aliases
            .iter()
            .find(|&&(base, c, _)| base == kind && c == convention)
            .map(|&(_, _, alias)| alias)
    }

    /// A clear value's keys under the declared conventions of its kind.
    fn forms(
        &self,
        kind: u16,
        id: &super::record::IdentifierInput,
        region: Option<&str>,
        out: &mut Vec<Key>,
    ) {
        let declared = self.aliases.iter().filter(|&&(base, _, _)| base == kind);
        let mut canonical = None;
        for &(_, convention, alias) in declared {
            let canonical = canonical.get_or_insert_with(|| {
                self.policy
                    .canonical(&id.kind, &id.value, region)
                    .unwrap_or_default()
            });
            if let Some(form) = convention.form(&id.value, canonical) {
                out.push((alias, super::identifier::sha256(&form)));
            }
        }
    }

    /// Indexes a slot's identifiers and joins the clusters its linking ones reach.
    fn hold(&mut self, s: u32) {
        for at in 0..self.slots[s as usize].ids.len() {
            let key = self.slots[s as usize].ids[at];
            let hash = key_hash(&key);
            if self.links(&key) {
                // Every holder of a linking value is already in one cluster.
                let slots = &self.slots;
                let other = self
                    .holders
                    .find(hash, |&(o, p)| {
                        o != s && slots[o as usize].ids[p as usize] == key
                    })
                    .map(|&(o, _)| o);
                if let Some(o) = other {
                    self.unite(s, o);
                }
            }
            let slots = &self.slots;
            self.holders.insert_unique(hash, (s, at as u16), |&(o, p)| {
                key_hash(&slots[o as usize].ids[p as usize])
            });
        }
    }

    /// Drops a slot's identifiers from the index (its record is being replaced).
    fn unhold(&mut self, s: u32) {
        for at in 0..self.slots[s as usize].ids.len() {
            let hash = key_hash(&self.slots[s as usize].ids[at]);
            if let Ok(entry) = self.holders.find_entry(hash, |&e| e == (s, at as u16)) {
                entry.remove();
            }
        }
    }

    /// The slots holding a key.
    fn holders_of(&self, key: &Key) -> Vec<u32> {
        self.holders
            .iter_hash(key_hash(key))
            .filter(|&&(o, p)| self.slots[o as usize].ids[p as usize] == *key)
            .map(|&(o, _)| o)
            .collect()
    }

    /// Takes in `records[from..]` (the ones before were added already),
    /// whose keys (`source/record_id`, as checked) are `keys`, and
    /// re-resolves the clusters they land in. Returns the indices of the
    /// records no slot holds any more: observations a newer one of the
    /// same key superseded (the owner may drop them, see [`Resolver::moved`]).
    pub fn add(&mut self, records: &[CustomerRecord], from: usize, keys: Vec<String>) -> Vec<u32> {
        let mut dead = Vec::new();
        let new = records.len().saturating_sub(from);
        let mut dirty = Vec::with_capacity(new);
        // A bulk load grows each table once, not by doubling through it.
        let ids: usize = records[from..].iter().map(|r| r.identifiers.len()).sum();
        self.holders.reserve(ids, |&(o, p)| {
            key_hash(&self.slots[o as usize].ids[p as usize])
        });
        self.slots.reserve(new);
        self.by_key.reserve(new);
        for ((i, r), key) in records.iter().enumerate().skip(from).zip(keys) {
            // The identifier list two look-aheads ahead, its text one ahead.
            if let Some(ahead) = records.get(i.saturating_add(2 * LOOK_AHEAD)) {
                ahead.prefetch_identifier_list();
            }
            if let Some(ahead) = records.get(i.saturating_add(LOOK_AHEAD)) {
                ahead.prefetch_identifiers();
            }
            let hash = LogIndex::hash(&key);
            if let Some(s) = self.slot(&key) {
                // One record per key: the latest observation (ties: the larger content).
                let old = &records[self.slots[s as usize].record as usize];
                let newer = match r.observed_at.cmp(&old.observed_at) {
                    Ordering::Equal => {
                        serde_json::to_string(r).ok() > serde_json::to_string(old).ok()
                    }
                    o => o == Ordering::Greater,
                };
                if newer {
                    self.unhold(s);
                    let (ids, invalid) = self.identify(r);
                    let slot = &mut self.slots[s as usize];
                    dead.push(slot.record);
                    (slot.record, slot.ids, slot.invalid) = (i as u32, ids, invalid);
                    self.hold(s);
                    dirty.push(s);
                } else {
                    dead.push(i as u32);
                }
                continue;
            }
            let s = self.slots.len() as u32;
            let (ids, invalid) = self.identify(r);
            self.slots.push(Slot {
                bits: profile_bits(&key, self.secret.as_ref()),
                key,
                record: i as u32,
                ids,
                invalid,
            });
            self.by_key.insert(hash, s as usize);
            self.cluster.push(s);
            self.ring.push(s);
            self.profile.push(NONE);
            self.hold(s);
            for partner in self.partners(s) {
                self.unite(s, partner);
            }
            dirty.push(s);
        }
        self.settle(records, dirty);
        dead
    }

    /// The record at index `from` of the owner's records now lives at `to`
    /// (the owner compacted them); `key` is its key.
    pub fn moved(&mut self, key: &str, from: u32, to: u32) {
        if let Some(s) = self.slot(key) {
            let slot = &mut self.slots[s as usize];
            if slot.record == from {
                slot.record = to;
            }
        }
    }

    /// The slots a person's joining correction (an always-link, an
    /// accepted review) joins to `s`.
    fn partners(&self, s: u32) -> Vec<u32> {
        let Some(named) = self.named.get(&self.slots[s as usize].key) else {
            return Vec::new();
        };
        let own = &self.slots[s as usize].key;
        named
            .iter()
            .map(|&c| &self.corrections[c as usize])
            .filter(|c| c.joins())
            .flat_map(|c| c.records())
            .filter(|k| *k != own)
            .filter_map(|k| self.slot(k))
            .collect()
    }

    /// The key a never-link value blocks, if it is one the policy can read.
    fn value_key(&self, c: &Correction) -> Option<Key> {
        let Correction::NeverLinkValue { identifier, .. } = c else {
            return None;
        };
        let digest = self.policy.blocked_digest(identifier).ok()?;
        Some((self.kind_index(&identifier.kind)?, digest))
    }

    /// The slots a correction bears on directly.
    fn bearing(&self, c: &Correction) -> Vec<u32> {
        match self.value_key(c) {
            Some(key) => self.holders_of(&key),
            None => c
                .records()
                .into_iter()
                .filter_map(|k| self.slot(k))
                .collect(),
        }
    }

    /// Every slot whose profile a correction (or its withdrawal) may
    /// change: the clusters of the slots it bears on (clusters only grow,
    /// by joining these).
    pub fn touched(&mut self, c: &Correction) -> Vec<u32> {
        let mut roots: Vec<u32> = self.bearing(c).into_iter().map(|s| self.find(s)).collect();
        roots.sort_unstable();
        roots.dedup();
        roots
            .into_iter()
            .flat_map(|r| self.cluster_members(r))
            .collect()
    }

    /// Takes in a person's correction; false if it was there already.
    pub fn correct(&mut self, records: &[CustomerRecord], c: Correction) -> bool {
        if self.corrections.contains(&c) {
            return false;
        }
        let dirty = self.bearing(&c);
        if let Some(key) = self.value_key(&c) {
            if let Err(at) = self.blocked.binary_search(&key) {
                self.blocked.insert(at, key);
            }
        }
        if c.joins() {
            for pair in dirty.windows(2) {
                self.unite(pair[0], pair[1]);
            }
        }
        self.corrections.push(c);
        self.reindex();
        self.settle(records, dirty);
        true
    }

    /// Withdraws a person's correction, as if it had never been made (a
    /// cluster it joined stays one cluster: that costs time, not
    /// correctness); false if it was not there.
    pub fn withdraw(&mut self, records: &[CustomerRecord], c: &Correction) -> bool {
        let Some(at) = self.corrections.iter().position(|x| x == c) else {
            return false;
        };
        let dirty = self.bearing(c);
        self.corrections.remove(at);
        if let Some(key) = self.value_key(c) {
            let still = self.policy.blocked.iter().any(|id| {
                self.policy.blocked_digest(id).ok() == Some(key.1)
                    && self.kind_index(&id.kind) == Some(key.0)
            }) || self
                .corrections
                .iter()
                .any(|other| self.value_key(other) == Some(key));
            if !still {
                if let Ok(at) = self.blocked.binary_search(&key) {
                    self.blocked.remove(at);
                }
            }
        }
        self.reindex();
        self.settle(records, dirty);
        true
    }

    /// The corrections, sorted, and which records each names.
    fn reindex(&mut self) {
        self.corrections.sort();
        self.named.clear();
        for (i, c) in self.corrections.iter().enumerate() {
            for key in c.records() {
                self.named
                    .entry(key.to_string())
                    .or_default()
                    .push(i as u32);
            }
        }
    }

    /// Every record held: its key, its index in the owner's records and its
    /// profile's root, in slot order.
    pub fn held(&self) -> impl Iterator<Item = (&str, u32, u32)> {
        self.slots
            .iter()
            .zip(&self.profile)
            .map(|(s, &root)| (s.key.as_str(), s.record, root))
    }

    /// The root of the profile a slot is in now.
    pub fn profile_of_slot(&self, s: u32) -> u32 {
        self.profile[s as usize]
    }

    /// Re-resolves the clusters of the `dirty` slots, each once.
    fn settle(&mut self, records: &[CustomerRecord], dirty: Vec<u32>) {
        let mut roots: Vec<u32> = dirty.into_iter().map(|s| self.find(s)).collect();
        roots.sort_unstable();
        roots.dedup();
        for root in roots {
            self.resolve_cluster(records, root);
        }
    }

    fn unroot(&mut self, s: u32) {
        if self.profile[s as usize] == s {
            let bits = self.slots[s as usize].bits;
            if let Ok(entry) = self.by_profile.find_entry(bits, |&r| r == s) {
                entry.remove();
            }
        }
    }

    fn root(&mut self, s: u32) {
        let slots = &self.slots;
        self.by_profile
            .insert_unique(slots[s as usize].bits, s, |&r| slots[r as usize].bits);
    }

    /// The members of the cluster rooted at `root`.
    fn cluster_members(&self, root: u32) -> Vec<u32> {
        let mut members = vec![root];
        let mut at = self.ring[root as usize];
        while at != root {
            members.push(at);
            at = self.ring[at as usize];
        }
        members
    }

    /// A slot's identifiers that are not blocked, sorted.
    fn usable(&self, s: u32) -> Vec<Key> {
        let mut keys: Vec<Key> = self.slots[s as usize]
            .ids
            .iter()
            .filter(|k| !self.is_blocked(k))
            .copied()
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// Resolves one cluster: merges are tried in the order a full resolution
    /// tries them (always-links, then identifier kinds by priority, values by
    /// digest), so the outcome is the one resolving everything would give.
    fn resolve_cluster(&mut self, records: &[CustomerRecord], root: u32) {
        if self.ring[root as usize] == root {
            // A cluster of one (most of a bulk load): its own profile. It has
            // no outcome to drop: clusters never split, so it never had merges.
            self.unroot(root);
            self.profile[root as usize] = root;
            self.root(root);
            return;
        }
        let mut members = self.cluster_members(root);
        for &m in &members {
            self.unroot(m);
        }
        self.outcomes.remove(&root);
        members.sort_by(|&a, &b| self.slots[a as usize].key.cmp(&self.slots[b as usize].key));
        let mut by_slot: Vec<(u32, u32)> = members
            .iter()
            .enumerate()
            .map(|(i, &s)| (s, i as u32))
            .collect();
        by_slot.sort_unstable();
        let local = |s: u32| {
            by_slot
                .binary_search_by_key(&s, |&(slot, _)| slot)
                .ok()
                .map(|at| by_slot[at].1 as usize)
        };
        let keys: Vec<Vec<Key>> = members.iter().map(|&m| self.usable(m)).collect();
        let is_limited = |kind: u16| self.limits.iter().any(|(k, _)| *k == kind);
        let mut comps = Components {
            parent: (0..members.len() as u32).collect(),
            limited: keys
                .iter()
                .map(|ks| ks.iter().copied().filter(|k| is_limited(k.0)).collect())
                .collect(),
            members: (0..members.len() as u32).map(|i| vec![i]).collect(),
            people: vec![None; members.len()],
        };

        // The people's pair corrections inside this cluster.
        let mut named: Vec<u32> = members
            .iter()
            .filter_map(|&m| self.named.get(&self.slots[m as usize].key))
            .flatten()
            .copied()
            .collect();
        named.sort_unstable();
        named.dedup();
        let (mut never, mut always) = (Vec::new(), Vec::new());
        for &c in &named {
            let correction = &self.corrections[c as usize];
            let here: Vec<usize> = correction
                .records()
                .into_iter()
                .filter_map(|k| self.slot(k).and_then(local))
                .collect();
            match correction {
                Correction::NeverLink { .. } if here.len() == 2 => never.push((here[0], here[1])),
                Correction::AlwaysLink { .. } if here.len() == 2 => {
                    always.push((here[0].min(here[1]), here[0].max(here[1]), "always_link"));
                }
                // Every record of both sides joins the smallest one present.
                Correction::AcceptReview { .. } => {
                    if let Some(&first) = here.iter().min() {
                        let others = here.iter().filter(|&&i| i != first);
                        always.extend(others.map(|&i| (first, i, "accept_review")));
                    }
                }
                _ => {}
            }
        }
        always.sort_unstable();
        let forbidden = |comps: &mut Components, ra: usize, rb: usize| {
            never.iter().any(|&(x, y)| {
                let (fx, fy) = (comps.find(x), comps.find(y));
                (fx == ra && fy == rb) || (fx == rb && fy == ra)
            })
        };
        let key_of = |i: usize| &self.slots[members[i] as usize].key;
        let id_of = |i: usize| profile_id_of(self.slots[members[i] as usize].bits);

        let mut outcome = Outcome::default();
        for (a, b, via) in always {
            let (ra, rb) = (comps.find(a), comps.find(b));
            if ra != rb && !forbidden(&mut comps, ra, rb) {
                // A person's decision overrides the limits.
                let mut together = comps.limited[ra].clone();
                together.extend(comps.limited[rb].iter().copied());
                together.sort_unstable();
                together.dedup();
                let (root, other) = comps.join(ra, rb, together);
                outcome.merges.push((
                    Order::Always(members[a], members[b]),
                    Merge {
                        into: id_of(root),
                        absorbed: id_of(other),
                        via: via.into(),
                    },
                ));
            }
        }

        // Identifier values in linking order: kind priority, then digest; holders by key.

        let mut holders: Vec<(Key, u32)> = keys
            .iter()
            .enumerate()
            .flat_map(|(i, ks)| {
                ks.iter()
                    .filter(|k| self.linking(k.0))
                    .map(move |k| (*k, i as u32))
            })
            .collect();
        holders.sort_unstable();
        for group in holders.chunk_by(|a, b| a.0 == b.0) {
            let (key, first) = (group[0].0, group[0].1 as usize);
            for &(_, other) in &group[1..] {
                let other = other as usize;
                let (ra, rb) = (comps.find(first), comps.find(other));
                if ra == rb || forbidden(&mut comps, ra, rb) {
                    continue;
                }
                let kind = self.kinds[usize::from(self.base[usize::from(key.0)])].clone();
                // Read from the records only here, where a household kind
                // joins two sides: most records never need it.
                let (slots, rules) = (&self.slots, &self.policy.households);
                let person = |i: u32| {
                    let record = slots[members[i as usize] as usize].record;
                    Person::of(&records[record as usize], rules)
                };
                let household = rules
                    .kinds
                    .contains(&kind)
                    .then(|| {
                        comps.read_people(ra, person);
                        comps.read_people(rb, person);
                        match (&comps.people[ra], &comps.people[rb]) {
                            (Some(left), Some(right)) => household::differ(left, right),
                            _ => None,
                        }
                    })
                    .flatten()
                    .map(|why| {
                        format!(
                            "{why}: a {kind} a household shares links no one by itself (a person decides)"
                        )
                    });
                let merged = match household {
                    Some(reason) => Err(reason),
                    None => comps.merged(ra, rb, &self.limits, &self.kinds),
                };
                match merged {
                    Err(reason) => {
                        let side = |comps: &Components, r: usize| {
                            let mut m: Vec<String> = comps.members[r]
                                .iter()
                                .map(|&i| key_of(i as usize).clone())
                                .collect();
                            m.sort();
                            m
                        };
                        outcome.review.push(ReviewItem {
                            record_a: key_of(first).clone(),
                            record_b: key_of(other).clone(),
                            left: side(&comps, ra),
                            right: side(&comps, rb),
                            kind,
                            identifier: self.shown(&key.1),
                            reason,
                        });
                    }
                    Ok(together) => {
                        let (root, absorbed) = comps.join(ra, rb, together);
                        outcome.merges.push((
                            Order::Link(key, members[other]),
                            Merge {
                                into: id_of(root),
                                absorbed: id_of(absorbed),
                                via: kind,
                            },
                        ));
                    }
                }
            }
        }
        let roots: Vec<u32> = (0..members.len()).map(|i| members[comps.find(i)]).collect();
        for (&m, &r) in members.iter().zip(&roots) {
            self.profile[m as usize] = r;
            if m == r {
                self.root(m);
            }
        }
        if !outcome.merges.is_empty() || !outcome.review.is_empty() {
            self.outcomes.insert(root, outcome);
        }
    }
}

/// Reading profiles back out.
impl Resolver {
    /// The root of the profile a record (by key) is in.
    pub fn profile_of(&self, key: &str) -> Option<u32> {
        self.slot(key).map(|s| self.profile[s as usize])
    }

    /// The root of the profile with this id.
    pub fn profile_root(&self, profile_id: &str) -> Option<u32> {
        // Exactly the form ids are written in: 16 lower-case hex digits.
        let digits = profile_id.strip_prefix("P-").filter(|d| {
            d.len() == 16 && d.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        })?;
        let bits = u64::from_str_radix(digits, 16).ok()?;
        self.by_profile
            .find(bits, |&r| self.slots[r as usize].bits == bits)
            .copied()
    }

    /// The profile that holds a loyalty id (by its digest): the smallest
    /// profile id among those that hold it, as a full resolution lists them.
    pub fn loyalty_profile(&self, digest: &[u8; 32]) -> Option<u32> {
        let kind = self
            .kinds
            .iter()
            .position(|k| k == super::identifier::LOYALTY)?;
        let key = (kind as u16, *digest);
        if self.is_blocked(&key) {
            return None;
        }
        self.holders_of(&key)
            .into_iter()
            .map(|s| self.profile[s as usize])
            .min_by(|&a, &b| self.profile_order(a, b))
    }

    /// Profiles in id order (ids that collide: by root key).
    fn profile_order(&self, a: u32, b: u32) -> Ordering {
        let (x, y) = (&self.slots[a as usize], &self.slots[b as usize]);
        x.bits.cmp(&y.bits).then_with(|| x.key.cmp(&y.key))
    }

    /// The profile id of a profile root.
    pub fn profile_id(&self, root: u32) -> String {
        profile_id_of(self.slots[root as usize].bits)
    }

    /// The member slots of the profile rooted at `root`, in key order.
    pub fn members(&self, root: u32) -> Vec<u32> {
        let mut members: Vec<u32> = self
            .cluster_members(root)
            .into_iter()
            .filter(|&m| self.profile[m as usize] == root)
            .collect();
        members.sort_by(|&a, &b| self.slots[a as usize].key.cmp(&self.slots[b as usize].key));
        members
    }

    /// A member's record key.
    pub fn key(&self, s: u32) -> &str {
        &self.slots[s as usize].key
    }

    /// The digests of a member's loyalty ids that link or list.
    pub fn loyalty_ids(&self, s: u32) -> Vec<[u8; 32]> {
        let kind = self
            .kinds
            .iter()
            .position(|k| k == super::identifier::LOYALTY);
        self.usable(s)
            .into_iter()
            .filter(|k| Some(usize::from(k.0)) == kind)
            .map(|k| k.1)
            .collect()
    }

    /// The profile rooted at `root`.
    pub fn profile(&self, records: &[CustomerRecord], root: u32) -> Profile {
        let mut export = Export::new(self);
        export.build(self, records, root, &self.members(root))
    }
}

/// What exporting profiles reuses from one profile to the next.
struct Export {
    /// Each kind's rank by name: identifiers are listed by kind name.
    rank: Vec<u16>,
    /// The identifiers of the profile being built.
    ids: Vec<Key>,
}

impl Export {
    fn new(resolver: &Resolver) -> Self {
        let mut by_name: Vec<usize> = (0..resolver.kinds.len()).collect();
        by_name.sort_by(|&a, &b| resolver.kinds[a].cmp(&resolver.kinds[b]));
        let mut rank = vec![0u16; by_name.len()];
        for (r, k) in by_name.into_iter().enumerate() {
            // Kinds are counted in u16 (`Key`), so their ranks fit too.
            rank[k] = r as u16;
        }
        Export {
            rank,
            ids: Vec::new(),
        }
    }

    /// One profile, its identifiers sorted as their text sorts (kind name,
    /// then hex digest, which orders as the digest's bytes) without
    /// sorting text.
    fn build(
        &mut self,
        resolver: &Resolver,
        records: &[CustomerRecord],
        root: u32,
        members: &[u32],
    ) -> Profile {
        self.ids.clear();
        for &m in members {
            let slot = &resolver.slots[m as usize];
            let usable = slot.ids.iter().filter(|k| !resolver.is_blocked(k));
            self.ids.extend(usable);
        }
        let rank = &self.rank;
        self.ids.sort_unstable_by(|a, b| {
            (rank[usize::from(a.0)], a.1).cmp(&(rank[usize::from(b.0)], b.1))
        });
        self.ids.dedup();
        resolver.profile_with(records, root, members, &self.ids)
    }
}

impl Resolver {
    /// A profile from its members and its identifiers, already in order.
    fn profile_with(
        &self,
        records: &[CustomerRecord],
        root: u32,
        members: &[u32],
        ids: &[Key],
    ) -> Profile {
        let identifiers = ids
            .iter()
            .map(|(k, d)| (self.kinds[usize::from(*k)].clone(), self.shown(d)))
            .collect();
        Profile {
            profile_id: self.profile_id(root),
            golden: self.golden(records, members),
            members: members.iter().map(|&m| self.key(m).to_string()).collect(),
            identifiers,
        }
    }

    /// Survivorship: per attribute, the member from the strongest source,
    /// then the most recent observation, then the smaller key.
    fn golden(&self, records: &[CustomerRecord], members: &[u32]) -> Attributes {
        let record = |m: u32| &records[self.slots[m as usize].record as usize];
        if let [only] = members {
            return record(*only).attributes.clone();
        }
        let sources = &self.policy.source_priority;
        let rank = |source: &str| {
            sources
                .iter()
                .position(|s| s == source)
                .unwrap_or(sources.len())
        };
        let mut order: Vec<u32> = members.to_vec();
        order.sort_by(|&a, &b| {
            let (x, y) = (record(a), record(b));
            rank(&x.source)
                .cmp(&rank(&y.source))
                .then(y.observed_at.cmp(&x.observed_at))
                .then_with(|| self.key(a).cmp(self.key(b)))
        });
        let mut out = Attributes::new();
        for m in order {
            for (k, v) in record(m).attributes.iter() {
                if !out.contains_key(k) {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        out
    }

    /// Every profile (by id), every merge (in the order made), the review
    /// queue (sorted) and every record's issues (by record key).
    pub fn resolution(&self, records: &[CustomerRecord]) -> Resolution {
        let profiles = self.profiles(records).collect();
        let mut merges: Vec<&(Order, Merge)> =
            self.outcomes.values().flat_map(|o| &o.merges).collect();
        merges.sort_by(|a, b| self.merge_order(&a.0, &b.0));
        let mut review: Vec<ReviewItem> = self
            .outcomes
            .values()
            .flat_map(|o| o.review.iter().cloned())
            .collect();
        review.sort();
        review.dedup();

        let mut slots: Vec<u32> = (0..self.slots.len() as u32)
            .filter(|&s| {
                let slot = &self.slots[s as usize];
                !slot.invalid.is_empty() || slot.ids.iter().any(|k| self.is_blocked(k))
            })
            .collect();
        slots.sort_by(|&a, &b| self.key(a).cmp(self.key(b)));
        let issues = slots
            .into_iter()
            .flat_map(|s| self.issues(records, s))
            .collect();
        Resolution {
            profiles,
            merges: merges.into_iter().map(|(_, m)| m.clone()).collect(),
            review,
            issues,
        }
    }

    fn merge_order(&self, a: &Order, b: &Order) -> Ordering {
        match (a, b) {
            (Order::Always(a1, a2), Order::Always(b1, b2)) => self
                .key(*a1)
                .cmp(self.key(*b1))
                .then_with(|| self.key(*a2).cmp(self.key(*b2))),
            (Order::Always(..), Order::Link(..)) => Ordering::Less,
            (Order::Link(..), Order::Always(..)) => Ordering::Greater,
            (Order::Link(k1, o1), Order::Link(k2, o2)) => {
                k1.cmp(k2).then_with(|| self.key(*o1).cmp(self.key(*o2)))
            }
        }
    }

    /// A record's identifiers that do not link, in the record's order.
    fn issues(&self, records: &[CustomerRecord], s: u32) -> Vec<RecordIssue> {
        let slot = &self.slots[s as usize];
        let record = &records[slot.record as usize];
        let mut valid = slot.ids.iter();
        let mut invalid = slot.invalid.iter().peekable();
        let mut out = Vec::new();
        for (at, id) in record.identifiers.iter().enumerate() {
            let error = match invalid.peek() {
                Some((place, error)) if usize::from(*place) == at => {
                    invalid.next();
                    error.clone()
                }
                _ => match valid.next() {
                    Some(key) if self.is_blocked(key) => Error::InvalidIdentifier {
                        kind: id.kind.clone(),
                        redacted: format!("{}…", &self.shown(&key.1)[..8]),
                        reason: "is a blocked value and never links".into(),
                    },
                    _ => continue,
                },
            };
            out.push(RecordIssue {
                record: slot.key.clone(),
                kind: id.kind.clone(),
                error,
            });
        }
        out
    }
}

/// Every profile in id order, built one at a time: what
/// [`CustomerBook::resolution`](super::CustomerBook::resolution) lists,
/// without holding them all.
pub struct Profiles<'a> {
    resolver: &'a Resolver,
    records: &'a [CustomerRecord],
    /// `(root, slot)` for every slot, grouped by root.
    by_profile: Vec<(u32, u32)>,
    /// Each profile's group in `by_profile`, in id order.
    groups: std::vec::IntoIter<(u32, u32)>,
    members: Vec<u32>,
    export: Export,
}

impl Resolver {
    /// Every profile in id order, built as it is read.
    pub fn profiles<'a>(&'a self, records: &'a [CustomerRecord]) -> Profiles<'a> {
        let mut by_profile: Vec<(u32, u32)> = self
            .profile
            .iter()
            .enumerate()
            .map(|(s, &root)| (root, s as u32))
            .collect();
        by_profile.sort_unstable();
        // (id bits, root, where its group starts, where it ends).
        let mut groups: Vec<(u64, u32, u32, u32)> = Vec::new();
        let mut start = 0u32;
        for group in by_profile.chunk_by(|a, b| a.0 == b.0) {
            let root = group[0].0;
            // Slots are indexed by u32 (the resolver's own limit): groups partition them.
            let end = start.saturating_add(group.len() as u32);
            groups.push((self.slots[root as usize].bits, root, start, end));
            start = end;
        }
        groups.sort_unstable_by(|x, y| self.id_order((x.0, x.1), (y.0, y.1)));
        let groups: Vec<(u32, u32)> = groups.into_iter().map(|g| (g.2, g.3)).collect();
        Profiles {
            resolver: self,
            records,
            by_profile,
            groups: groups.into_iter(),
            members: Vec::new(),
            export: Export::new(self),
        }
    }

    /// Every profile's id, in order (what [`Resolver::profiles`] yields, ids only).
    pub fn profile_ids(&self) -> Vec<String> {
        let mut roots: Vec<(u64, u32)> = self
            .by_profile
            .iter()
            .map(|&root| (self.slots[root as usize].bits, root))
            .collect();
        roots.sort_unstable_by(|&a, &b| self.id_order(a, b));
        roots
            .into_iter()
            .map(|(bits, _)| profile_id_of(bits))
            .collect()
    }

    /// The order of profiles, given as (id bits, root): by the id's bits,
    /// read once per profile rather than at every comparison; the root's
    /// key only on a collision of bits.
    fn id_order(&self, (x, a): (u64, u32), (y, b): (u64, u32)) -> Ordering {
        x.cmp(&y).then_with(|| self.key(a).cmp(self.key(b)))
    }
}

impl Iterator for Profiles<'_> {
    type Item = Profile;

    fn next(&mut self) -> Option<Profile> {
        let (start, end) = self.groups.next()?;
        let group = &self.by_profile[start as usize..end as usize];
        let resolver = self.resolver;
        self.members.clear();
        self.members.extend(group.iter().map(|&(_, s)| s));
        if self.members.len() > 1 {
            self.members
                .sort_by(|&a, &b| resolver.key(a).cmp(resolver.key(b)));
        }
        Some(
            self.export
                .build(resolver, self.records, group[0].0, &self.members),
        )
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.groups.size_hint()
    }
}

impl ExactSizeIterator for Profiles<'_> {}

/// Counts only: the state holds personal data.
impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolver")
            .field("records", &self.slots.len())
            .field("corrections", &self.corrections.len())
            .finish_non_exhaustive()
    }
}
