//! Identity resolution: records that share an identifier become one
//! profile, unless the merge would break a per-profile limit (a household
//! phone shared by two people) — then it waits in a review queue instead.
//!
//! The result depends only on the set of records and corrections: they are
//! sorted before anything is linked, and merges are tried in a fixed order
//! (always-links, then identifier kinds by priority, values by hash).

use super::identifier::sha256_hex;
use super::record::{Attributes, CustomerRecord, IdentifierInput, LinkPolicy};
use super::resolver::Resolver;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// A person's decision about linking, recorded with who and why.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
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
    /// A review item accepted as it was shown: its two sides, every record
    /// of both, are one profile (a person's decision, over the limits). What
    /// the item showed stays together even where a plain always-link of
    /// its two records would let a later limit split a side off.
    AcceptReview {
        /// The item's `left` members (record keys).
        left: Vec<String>,
        /// The item's `right` members.
        right: Vec<String>,
        /// Who decided.
        by: String,
        /// Why.
        reason: String,
    },
    /// This identifier value links nothing (a shared family email, a store
    /// phone). Recorded as its hash (`hashed: true`), never the clear value.
    NeverLinkValue {
        /// The value.
        identifier: IdentifierInput,
        /// Who decided.
        by: String,
        /// Why.
        reason: String,
    },
}

impl Correction {
    /// Trims and checks a correction: it names who made it (`by`); a link
    /// names two different record keys (`source/record_id`); a value that
    /// never links is a valid identifier under `policy` (one that could not
    /// link anyway would be recorded and do nothing). `INVALID_ARGUMENT`, or
    /// the value's `INVALID_IDENTIFIER`.
    pub(crate) fn normalize(&mut self, policy: &LinkPolicy) -> Result<()> {
        let bad = |field: &str, value: &str, reason: &str| {
            Error::invalid_argument(format!("correction.{field}"), format!("{value:?}"), reason)
        };
        let record_key = |field: &str, key: &mut String| {
            *key = key.trim().to_string();
            if key
                .split_once('/')
                .is_none_or(|(s, id)| s.is_empty() || id.is_empty())
            {
                return Err(bad(field, key, "must be a record key, source/record_id"));
            }
            Ok(())
        };
        let (by, reason) = match self {
            Correction::NeverLink {
                record_a,
                record_b,
                by,
                reason,
            }
            | Correction::AlwaysLink {
                record_a,
                record_b,
                by,
                reason,
            } => {
                record_key("record_a", record_a)?;
                record_key("record_b", record_b)?;
                if record_a == record_b {
                    return Err(bad(
                        "record_b",
                        record_b,
                        "names the same record as record_a",
                    ));
                }
                (by, reason)
            }
            Correction::AcceptReview {
                left,
                right,
                by,
                reason,
            } => {
                for (field, side) in [("left", &mut *left), ("right", &mut *right)] {
                    if side.is_empty() {
                        return Err(bad(field, "[]", "an accepted side names its records"));
                    }
                    for (i, key) in side.iter_mut().enumerate() {
                        record_key(&format!("{field}[{i}]"), key)?;
                    }
                    side.sort();
                    side.dedup();
                }
                if let Some(both) = left.iter().find(|k| right.contains(k)) {
                    return Err(bad("right", both, "is on both sides"));
                }
                (by, reason)
            }
            Correction::NeverLinkValue {
                identifier,
                by,
                reason,
            } => {
                // Kept as its hash: a book (and its snapshot) never holds
                // the clear value of something a person blocked.
                let digest = policy.blocked_digest(identifier)?;
                identifier.value = super::identifier::hex(&digest);
                identifier.hashed = true;
                (by, reason)
            }
        };
        *by = by.trim().to_string();
        *reason = reason.trim().to_string();
        if by.is_empty() {
            return Err(bad("by", by, "a correction names who made it"));
        }
        Ok(())
    }
}

impl Correction {
    /// The record keys a correction names (none for a value).
    pub(crate) fn records(&self) -> Vec<&str> {
        match self {
            Correction::NeverLink {
                record_a, record_b, ..
            }
            | Correction::AlwaysLink {
                record_a, record_b, ..
            } => vec![record_a, record_b],
            Correction::AcceptReview { left, right, .. } => {
                left.iter().chain(right).map(String::as_str).collect()
            }
            Correction::NeverLinkValue { .. } => Vec::new(),
        }
    }

    /// True for a correction that joins the records it names.
    pub(crate) fn joins(&self) -> bool {
        matches!(
            self,
            Correction::AlwaysLink { .. } | Correction::AcceptReview { .. }
        )
    }
}

/// What a correction (or its withdrawal) changed: the records that moved
/// between profiles and the balances that changed with them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CorrectionEffect {
    /// False when nothing was recorded: the same correction was there
    /// already (or, withdrawing, was not there).
    pub recorded: bool,
    /// Records whose profile changed, by record key.
    pub moved: Vec<RecordMove>,
    /// Profiles whose balance changed (or that appeared or went), by id.
    pub balances: Vec<BalanceChange>,
}

/// A record that moved from one profile to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RecordMove {
    /// The record's key.
    pub record: String,
    /// Its profile before.
    pub from: String,
    /// Its profile after.
    pub to: String,
}

/// A profile's balance before and after (none: the profile did not exist then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BalanceChange {
    /// The profile.
    pub profile_id: String,
    /// Its balance before.
    pub before: Option<i64>,
    /// Its balance after.
    pub after: Option<i64>,
}

/// One customer, as every channel should see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Profile {
    /// `P-` and 16 hex digits of the SHA-256 of its first member's key:
    /// stable while that record stays in the profile.
    pub profile_id: String,
    /// Member record keys, sorted.
    pub members: Vec<String>,
    /// Each attribute from the member that wins survivorship: source
    /// priority, then the most recent observation.
    #[serde(serialize_with = "super::record::attributes_as_map")]
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub golden: Attributes,
    /// Its identifiers as `(kind, sha256 hex)`, sorted: hashed, never clear.
    pub identifiers: Vec<(String, String)>,
}

/// A merge that happened: `into` absorbed `absorbed` through an identifier
/// of `kind` (or a person's always-link).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RecordIssue {
    /// The record.
    pub record: String,
    /// The identifier's kind.
    pub kind: String,
    /// Why it does not link (invalid, or a blocked value).
    pub error: Error,
}

/// Profiles, merges, the review queue and per-record issues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "CustomerResolution")]
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

/// Resolves `records` under `policy` and the people's `corrections`. A
/// record whose source or id is not a valid id is `INVALID_ID` (as
/// [`CustomerBook::add_records`](super::CustomerBook::add_records) says), a
/// correction that [`CustomerBook::correct`](super::CustomerBook::correct)
/// would refuse is refused alike.
pub fn resolve(
    records: &[CustomerRecord],
    policy: &LinkPolicy,
    corrections: &[Correction],
) -> Result<Resolution> {
    let mut records = records.to_vec();
    let keys = records
        .iter_mut()
        .enumerate()
        .map(|(at, record)| record.normalize(at))
        .collect::<Result<Vec<_>>>()?;
    let mut corrections = corrections.to_vec();
    for correction in &mut corrections {
        correction.normalize(policy)?;
    }
    let mut resolver = Resolver::new(policy, &corrections, None);
    // Superseded observations stay in this call's copy; nothing reads them.
    resolver.add(&records, 0, keys);
    Ok(resolver.resolution(&records))
}
