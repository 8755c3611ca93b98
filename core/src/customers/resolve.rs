//! Identity resolution: records that share an identifier become one
//! profile, unless the merge would break a per-profile limit (a household
//! phone shared by two people) — then it waits in a review queue instead.
//!
//! The result depends only on the set of records and corrections: they are
//! sorted before anything is linked, and merges are tried in a fixed order
//! (always-links, then identifier kinds by priority, values by hash).

use super::identifier::sha256_hex;
use super::record::{CustomerRecord, IdentifierInput, LinkPolicy};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A person's decision about linking, recorded with who and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Correction {
    /// These two records are different people: never in one profile.
    NeverLink {
        /// `source/record_id` of one record.
        record_a: String,
        /// `source/record_id` of the other.
        record_b: String,
        /// Who decided.
        by: String,
        /// Why.
        reason: String,
    },
    /// These two records are one person even without a shared identifier.
    AlwaysLink {
        /// `source/record_id` of one record.
        record_a: String,
        /// `source/record_id` of the other.
        record_b: String,
        /// Who decided.
        by: String,
        /// Why.
        reason: String,
    },
    /// This identifier value links nothing (a shared family email, a store phone).
    NeverLinkValue {
        /// The value.
        identifier: IdentifierInput,
        /// Who decided.
        by: String,
        /// Why.
        reason: String,
    },
}

/// One customer, as every channel should see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// `P-` and 16 hex digits of the SHA-256 of its first member's key:
    /// stable while that record stays in the profile.
    pub profile_id: String,
    /// Member record keys, sorted.
    pub members: Vec<String>,
    /// Each attribute from the member that wins survivorship: source
    /// priority, then the most recent observation.
    pub golden: BTreeMap<String, String>,
    /// Its identifiers as `(kind, sha256 hex)`, sorted: hashed, never clear.
    pub identifiers: Vec<(String, String)>,
}

/// A merge that happened: `into` absorbed `absorbed` through an identifier
/// of `kind` (or a person's always-link).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    /// The surviving profile id.
    pub into: String,
    /// The absorbed profile's id before the merge.
    pub absorbed: String,
    /// The identifier kind that joined them, or `always_link`.
    pub via: String,
}

/// A merge not made because it would break a limit: both sides and the
/// identifier that would have joined them, for a person to decide.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ReviewItem {
    /// The record on one side that holds the identifier.
    pub record_a: String,
    /// The record on the other side.
    pub record_b: String,
    /// Members of `record_a`'s profile at that point.
    pub left: Vec<String>,
    /// Members of `record_b`'s profile at that point.
    pub right: Vec<String>,
    /// The identifier's kind.
    pub kind: String,
    /// The identifier's SHA-256 hex (never the clear value).
    pub identifier: String,
    /// Which limit it would break.
    pub reason: String,
}

/// An identifier of a record that was not used, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordIssue {
    /// The record.
    pub record: String,
    /// The identifier's kind.
    pub kind: String,
    /// Why it does not link (invalid, or a blocked value).
    pub error: Error,
}

/// Profiles, merges, the review queue and per-record issues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    /// Every profile, sorted by id; every record is in exactly one.
    pub profiles: Vec<Profile>,
    /// Merges in the order they were made.
    pub merges: Vec<Merge>,
    /// Merges waiting for a person, sorted.
    pub review: Vec<ReviewItem>,
    /// Identifiers that did not link, by record.
    pub issues: Vec<RecordIssue>,
}

/// The profile id of a profile whose first member is `key`.
pub fn profile_id(key: &str) -> String {
    format!("P-{}", &sha256_hex(key)[..16])
}

struct Components {
    parent: Vec<usize>,
    /// Per root: linking keys by kind (only kinds with a limit).
    limited: Vec<BTreeMap<String, BTreeSet<String>>>,
    members: Vec<Vec<usize>>,
}

impl Components {
    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// The first limit a merge of `a` and `b` would break.
    fn broken_limit(&self, a: usize, b: usize, policy: &LinkPolicy) -> Option<String> {
        for (kind, limit) in &policy.limits {
            let (x, y) = (self.limited[a].get(kind), self.limited[b].get(kind));
            let together = match (x, y) {
                (Some(x), Some(y)) => x.union(y).count(),
                (Some(s), None) | (None, Some(s)) => s.len(),
                (None, None) => 0,
            };
            if together > *limit {
                return Some(format!(
                    "the profile would hold {together} {kind} identifiers (limit {limit})"
                ));
            }
        }
        None
    }

    /// Joins `b` into `a` (the smaller index stays the root).
    fn join(&mut self, a: usize, b: usize) -> (usize, usize) {
        let (root, other) = if a < b { (a, b) } else { (b, a) };
        self.parent[other] = root;
        let moved = std::mem::take(&mut self.limited[other]);
        for (kind, keys) in moved {
            self.limited[root].entry(kind).or_default().extend(keys);
        }
        let moved = std::mem::take(&mut self.members[other]);
        self.members[root].extend(moved);
        (root, other)
    }
}

/// Resolves `records` under `policy` and the people's `corrections`.
pub fn resolve(
    records: &[CustomerRecord],
    policy: &LinkPolicy,
    corrections: &[Correction],
) -> Resolution {
    // One record per key: the latest observation (ties: the larger content).
    let mut latest: BTreeMap<String, &CustomerRecord> = BTreeMap::new();
    for r in records {
        let key = r.key();
        match latest.get(&key) {
            Some(old)
                if (old.observed_at, serde_json::to_string(old).ok())
                    >= (r.observed_at, serde_json::to_string(r).ok()) => {}
            _ => {
                latest.insert(key, r);
            }
        }
    }
    let keys: Vec<String> = latest.keys().cloned().collect();
    let recs: Vec<&CustomerRecord> = latest.values().copied().collect();
    let index_of: BTreeMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();

    let mut blocked: BTreeSet<(String, String)> = BTreeSet::new();
    for id in policy
        .blocked
        .iter()
        .chain(corrections.iter().filter_map(|c| match c {
            Correction::NeverLinkValue { identifier, .. } => Some(identifier),
            _ => None,
        }))
    {
        if let Ok(key) = policy.key(id, None) {
            blocked.insert(key);
        }
    }

    let mut issues = Vec::new();
    let mut record_keys: Vec<BTreeSet<(String, String)>> = Vec::with_capacity(recs.len());
    for (i, r) in recs.iter().enumerate() {
        let mut mine = BTreeSet::new();
        for id in &r.identifiers {
            match policy.key(id, r.region.as_deref()) {
                Ok(key) if blocked.contains(&key) => issues.push(RecordIssue {
                    record: keys[i].clone(),
                    kind: id.kind.clone(),
                    error: Error::InvalidIdentifier {
                        kind: id.kind.clone(),
                        redacted: format!("sha256:{}…", &key.1[..8]),
                        reason: "is a blocked value and never links".into(),
                    },
                }),
                Ok(key) => {
                    mine.insert(key);
                }
                Err(error) => issues.push(RecordIssue {
                    record: keys[i].clone(),
                    kind: id.kind.clone(),
                    error,
                }),
            }
        }
        record_keys.push(mine);
    }

    let mut comps = Components {
        parent: (0..recs.len()).collect(),
        limited: record_keys
            .iter()
            .map(|ks| {
                let mut by_kind: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
                for (kind, hash) in ks {
                    if policy.limits.contains_key(kind) {
                        by_kind
                            .entry(kind.clone())
                            .or_default()
                            .insert(hash.clone());
                    }
                }
                by_kind
            })
            .collect(),
        members: (0..recs.len()).map(|i| vec![i]).collect(),
    };
    let pair = |a: &str, b: &str| -> Option<(usize, usize)> {
        Some((*index_of.get(a)?, *index_of.get(b)?))
    };
    let never: Vec<(usize, usize)> = corrections
        .iter()
        .filter_map(|c| match c {
            Correction::NeverLink {
                record_a, record_b, ..
            } => pair(record_a, record_b),
            _ => None,
        })
        .collect();
    let forbidden = |comps: &mut Components, ra: usize, rb: usize| {
        never.iter().any(|&(x, y)| {
            let (fx, fy) = (comps.find(x), comps.find(y));
            (fx == ra && fy == rb) || (fx == rb && fy == ra)
        })
    };

    let mut merges = Vec::new();
    let mut review = BTreeSet::new();
    let mut always: Vec<(usize, usize)> = corrections
        .iter()
        .filter_map(|c| match c {
            Correction::AlwaysLink {
                record_a, record_b, ..
            } => pair(record_a, record_b),
            _ => None,
        })
        .map(|(a, b)| (a.min(b), a.max(b)))
        .collect();
    always.sort_unstable();
    for (a, b) in always {
        let (ra, rb) = (comps.find(a), comps.find(b));
        if ra != rb && !forbidden(&mut comps, ra, rb) {
            let (root, other) = comps.join(ra, rb);
            merges.push(Merge {
                into: profile_id(&keys[root]),
                absorbed: profile_id(&keys[other]),
                via: "always_link".into(),
            });
        }
    }

    // Identifier values in linking order: kind priority, then hash.
    let mut holders: BTreeMap<(usize, &str, &str), Vec<usize>> = BTreeMap::new();
    for (i, ks) in record_keys.iter().enumerate() {
        for (kind, hash) in ks {
            if let Some(rank) = policy.link_kinds.iter().position(|k| k == kind) {
                holders.entry((rank, kind, hash)).or_default().push(i);
            }
        }
    }
    for ((_, kind, hash), members) in &holders {
        let first = members[0];
        for &other in &members[1..] {
            let (ra, rb) = (comps.find(first), comps.find(other));
            if ra == rb || forbidden(&mut comps, ra, rb) {
                continue;
            }
            if let Some(reason) = comps.broken_limit(ra, rb, policy) {
                let side = |comps: &Components, r: usize| {
                    let mut m: Vec<String> =
                        comps.members[r].iter().map(|&i| keys[i].clone()).collect();
                    m.sort();
                    m
                };
                review.insert(ReviewItem {
                    record_a: keys[first].clone(),
                    record_b: keys[other].clone(),
                    left: side(&comps, ra),
                    right: side(&comps, rb),
                    kind: kind.to_string(),
                    identifier: hash.to_string(),
                    reason,
                });
                continue;
            }
            let (root, absorbed) = comps.join(ra, rb);
            merges.push(Merge {
                into: profile_id(&keys[root]),
                absorbed: profile_id(&keys[absorbed]),
                via: kind.to_string(),
            });
        }
    }

    let roots: Vec<usize> = (0..recs.len()).filter(|&i| comps.find(i) == i).collect();
    let mut profiles: Vec<Profile> = roots
        .into_iter()
        .map(|root| {
            let mut members = comps.members[root].clone();
            members.sort_unstable();
            let identifiers: BTreeSet<(String, String)> = members
                .iter()
                .flat_map(|&m| record_keys[m].iter().cloned())
                .collect();
            Profile {
                profile_id: profile_id(&keys[root]),
                golden: golden(&members, &recs, &keys, policy),
                members: members.iter().map(|&m| keys[m].clone()).collect(),
                identifiers: identifiers.into_iter().collect(),
            }
        })
        .collect();
    profiles.sort_by(|a, b| a.profile_id.cmp(&b.profile_id));
    Resolution {
        profiles,
        merges,
        review: review.into_iter().collect(),
        issues,
    }
}

/// Survivorship: per attribute, the member from the strongest source, then
/// the most recent observation, then the smaller key.
fn golden(
    members: &[usize],
    recs: &[&CustomerRecord],
    keys: &[String],
    policy: &LinkPolicy,
) -> BTreeMap<String, String> {
    let rank = |source: &str| {
        policy
            .source_priority
            .iter()
            .position(|s| s == source)
            .unwrap_or(policy.source_priority.len())
    };
    let mut order: Vec<usize> = members.to_vec();
    order.sort_by(|&a, &b| {
        rank(&recs[a].source)
            .cmp(&rank(&recs[b].source))
            .then(recs[b].observed_at.cmp(&recs[a].observed_at))
            .then(keys[a].cmp(&keys[b]))
    });
    let mut out = BTreeMap::new();
    for m in order {
        for (k, v) in &recs[m].attributes {
            out.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    out
}
