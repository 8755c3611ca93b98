//! Identity resolution: records that share an identifier become one
//! profile, unless the merge would break a per-profile limit (a household
//! phone shared by two people) — then it waits in a review queue instead.
//!
//! The result depends only on the set of records and corrections: they are
//! sorted before anything is linked, and merges are tried in a fixed order
//! (always-links, then identifier kinds by priority, values by hash).

use super::identifier::{hex, sha256_hex};
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

/// An identifier inside the resolver: its kind's index and its digest
/// (binary, so a million records do not carry four copies of 64-char hex).
type Key = (u16, [u8; 32]);

struct Components {
    parent: Vec<u32>,
    /// Per root: its keys of kinds with a limit, sorted.
    limited: Vec<Vec<Key>>,
    members: Vec<Vec<u32>>,
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

    /// The limited keys of `a` and `b` together, or the first limit they break.
    fn merged(
        &self,
        a: usize,
        b: usize,
        limits: &[(u16, usize)],
        kinds: &[String],
    ) -> Result<Vec<Key>, String> {
        let (x, y) = (&self.limited[a], &self.limited[b]);
        let mut all = Vec::with_capacity(x.len() + y.len());
        let (mut i, mut j) = (0, 0);
        while i < x.len() || j < y.len() {
            let next = match (x.get(i), y.get(j)) {
                (Some(p), Some(q)) if p == q => {
                    i += 1;
                    j += 1;
                    *p
                }
                (Some(p), Some(q)) if p < q => {
                    i += 1;
                    *p
                }
                (Some(_), Some(q)) | (None, Some(q)) => {
                    j += 1;
                    *q
                }
                (Some(p), None) => {
                    i += 1;
                    *p
                }
                (None, None) => break,
            };
            all.push(next);
        }
        for &(kind, limit) in limits {
            let together = all.iter().filter(|k| k.0 == kind).count();
            if together > limit {
                return Err(format!(
                    "the profile would hold {together} {} identifiers (limit {limit})",
                    kinds[usize::from(kind)]
                ));
            }
        }
        Ok(all)
    }

    /// Joins two roots (the smaller index stays the root).
    fn join(&mut self, a: usize, b: usize, limited: Vec<Key>) -> (usize, usize) {
        let (root, other) = if a < b { (a, b) } else { (b, a) };
        self.parent[other] = root as u32;
        self.limited[root] = limited;
        self.limited[other] = Vec::new();
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
    let mut keyed: Vec<(String, &CustomerRecord)> = records.iter().map(|r| (r.key(), r)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut latest: Vec<(String, &CustomerRecord)> = Vec::with_capacity(keyed.len());
    for (key, r) in keyed {
        match latest.last_mut() {
            Some((k, old)) if *k == key => {
                let newer = (r.observed_at, serde_json::to_string(r).ok())
                    > (old.observed_at, serde_json::to_string(old).ok());
                if newer {
                    *old = r;
                }
            }
            _ => latest.push((key, r)),
        }
    }
    let (keys, recs): (Vec<String>, Vec<&CustomerRecord>) = latest.into_iter().unzip();
    let index_of = |key: &str| keys.binary_search_by(|k| k.as_str().cmp(key)).ok();

    // Kinds by index: the linking kinds first (their index is their rank).
    let mut kinds: Vec<String> = policy.link_kinds.clone();
    let kind_index = |kind: &str, kinds: &mut Vec<String>| -> u16 {
        match kinds.iter().position(|k| k == kind) {
            Some(i) => i as u16,
            None => {
                kinds.push(kind.to_string());
                (kinds.len() - 1) as u16
            }
        }
    };
    let mut blocked: Vec<Key> = Vec::new();
    for id in policy
        .blocked
        .iter()
        .chain(corrections.iter().filter_map(|c| match c {
            Correction::NeverLinkValue { identifier, .. } => Some(identifier),
            _ => None,
        }))
    {
        if let Ok(digest) = policy.digest(id, None) {
            blocked.push((kind_index(&id.kind, &mut kinds), digest));
        }
    }
    blocked.sort_unstable();

    let mut issues = Vec::new();
    let mut record_keys: Vec<Vec<Key>> = Vec::with_capacity(recs.len());
    for (i, r) in recs.iter().enumerate() {
        let mut mine = Vec::with_capacity(r.identifiers.len());
        for id in &r.identifiers {
            match policy.digest(id, r.region.as_deref()) {
                Ok(digest) => {
                    let key = (kind_index(&id.kind, &mut kinds), digest);
                    if blocked.binary_search(&key).is_ok() {
                        issues.push(RecordIssue {
                            record: keys[i].clone(),
                            kind: id.kind.clone(),
                            error: Error::InvalidIdentifier {
                                kind: id.kind.clone(),
                                redacted: format!("sha256:{}…", hex(&digest[..4])),
                                reason: "is a blocked value and never links".into(),
                            },
                        });
                    } else {
                        mine.push(key);
                    }
                }
                Err(error) => issues.push(RecordIssue {
                    record: keys[i].clone(),
                    kind: id.kind.clone(),
                    error,
                }),
            }
        }
        mine.sort_unstable();
        mine.dedup();
        record_keys.push(mine);
    }
    let limits: Vec<(u16, usize)> = policy
        .limits
        .iter()
        .filter_map(|(kind, n)| Some((kinds.iter().position(|k| k == kind)? as u16, *n)))
        .collect();
    let is_limited = |kind: u16| limits.iter().any(|(k, _)| *k == kind);

    let mut comps = Components {
        parent: (0..recs.len() as u32).collect(),
        limited: record_keys
            .iter()
            .map(|ks| ks.iter().copied().filter(|k| is_limited(k.0)).collect())
            .collect(),
        members: (0..recs.len() as u32).map(|i| vec![i]).collect(),
    };
    let pair = |a: &str, b: &str| -> Option<(usize, usize)> { Some((index_of(a)?, index_of(b)?)) };
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
            // A person's decision overrides the limits.
            let mut together = comps.limited[ra].clone();
            together.extend(comps.limited[rb].iter().copied());
            together.sort_unstable();
            together.dedup();
            let (root, other) = comps.join(ra, rb, together);
            merges.push(Merge {
                into: profile_id(&keys[root]),
                absorbed: profile_id(&keys[other]),
                via: "always_link".into(),
            });
        }
    }

    // Identifier values in linking order: kind priority, then digest; holders by record.
    let link_kinds = policy.link_kinds.len() as u16;
    let mut holders: Vec<(Key, u32)> = record_keys
        .iter()
        .enumerate()
        .flat_map(|(i, ks)| {
            ks.iter()
                .filter(|k| k.0 < link_kinds)
                .map(move |k| (*k, i as u32))
        })
        .collect();
    holders.sort_unstable();
    for group in holders.chunk_by(|a, b| a.0 == b.0) {
        let ((kind, digest), first) = (group[0].0, group[0].1 as usize);
        for &(_, other) in &group[1..] {
            let other = other as usize;
            let (ra, rb) = (comps.find(first), comps.find(other));
            if ra == rb || forbidden(&mut comps, ra, rb) {
                continue;
            }
            match comps.merged(ra, rb, &limits, &kinds) {
                Err(reason) => {
                    let side = |comps: &Components, r: usize| {
                        let mut m: Vec<String> = comps.members[r]
                            .iter()
                            .map(|&i| keys[i as usize].clone())
                            .collect();
                        m.sort();
                        m
                    };
                    review.insert(ReviewItem {
                        record_a: keys[first].clone(),
                        record_b: keys[other].clone(),
                        left: side(&comps, ra),
                        right: side(&comps, rb),
                        kind: kinds[usize::from(kind)].clone(),
                        identifier: hex(&digest),
                        reason,
                    });
                }
                Ok(together) => {
                    let (root, absorbed) = comps.join(ra, rb, together);
                    merges.push(Merge {
                        into: profile_id(&keys[root]),
                        absorbed: profile_id(&keys[absorbed]),
                        via: kinds[usize::from(kind)].clone(),
                    });
                }
            }
        }
    }

    let roots: Vec<usize> = (0..recs.len()).filter(|&i| comps.find(i) == i).collect();
    let mut profiles: Vec<Profile> = roots
        .into_iter()
        .map(|root| {
            let mut members: Vec<usize> = comps.members[root].iter().map(|&m| m as usize).collect();
            members.sort_unstable();
            let mut ids: Vec<Key> = members
                .iter()
                .flat_map(|&m| record_keys[m].iter().copied())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            let mut identifiers: Vec<(String, String)> = ids
                .iter()
                .map(|(k, d)| (kinds[usize::from(*k)].clone(), hex(d)))
                .collect();
            identifiers.sort();
            Profile {
                profile_id: profile_id(&keys[root]),
                golden: golden(&members, &recs, &keys, policy),
                members: members.iter().map(|&m| keys[m].clone()).collect(),
                identifiers,
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
