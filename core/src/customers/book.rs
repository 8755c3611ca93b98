//! The customer book: records, corrections and the points ledger, kept
//! resolved into profiles as they change. One balance per profile that every channel reads
//! and writes.

use super::identifier::LOYALTY;
use super::record::{CustomerRecord, IdentifierInput, LinkPolicy};
use super::resolve::{Correction, Profile, Resolution};
use super::resolver::{Profiles, Resolver};
use crate::error::{Error, Result};
use crate::ids::EventId;
use crate::instant::Instant;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many records ahead the id check starts reading a record's ids (the
/// check itself is short, so the read needs a long lead).
const PREFETCH_ROWS: usize = 8;

/// What happened to points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointsKind {
    /// Points earned (> 0).
    Earn,
    /// Points spent (> 0): refused beyond the profile's balance.
    Redeem,
    /// A signed correction by a person (not zero).
    Adjust,
    /// Points that lapsed (> 0).
    Expire,
}

/// A points event against a loyalty account (its loyalty id) or a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsEvent {
    /// Idempotency key: two tills sending the same redemption apply it once.
    pub event_id: EventId,
    /// The loyalty id (normalised as the program's ids are), or…
    #[serde(default)]
    pub loyalty_id: Option<String>,
    /// …the `source/record_id` of a record, for points earned before a card.
    #[serde(default)]
    pub record: Option<String>,
    /// What happened.
    pub kind: PointsKind,
    /// Points (see the kind for the sign).
    pub points: i64,
    /// When.
    pub occurred_at: Instant,
}

/// Where points live: a loyalty account (the SHA-256 of its canonical id,
/// as the resolver keys identifiers) or a record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Account {
    Loyalty([u8; 32]),
    Record(String),
}

/// Records, corrections and points; profiles kept resolved as they change.
#[derive(Debug, Clone)]
pub struct CustomerBook {
    policy: LinkPolicy,
    records: Vec<CustomerRecord>,
    corrections: Vec<Correction>,
    points: Vec<PointsEvent>,
    seen_points: BTreeMap<EventId, usize>,
    balances: BTreeMap<Account, i64>,
    /// Σ |balance| over `balances`, kept within i64 so every sum of balances fits.
    magnitude: i128,
    resolver: Resolver,
    /// The full resolution, built on demand and kept until the next change.
    resolution: Option<Resolution>,
}

/// Two books are equal when they hold the same inputs (profiles are
/// derived from them).
impl PartialEq for CustomerBook {
    fn eq(&self, other: &Self) -> bool {
        self.policy == other.policy
            && self.records == other.records
            && self.corrections == other.corrections
            && self.points == other.points
            && self.balances == other.balances
    }
}

impl Eq for CustomerBook {}

impl Default for CustomerBook {
    /// An empty book under the default policy.
    fn default() -> Self {
        CustomerBook::with_valid_policy(LinkPolicy::default())
    }
}

impl CustomerBook {
    /// An empty book under `policy`, once [`LinkPolicy::validate`] accepts it.
    pub fn new(policy: LinkPolicy) -> Result<Self> {
        policy.validate()?;
        Ok(CustomerBook::with_valid_policy(policy))
    }

    fn with_valid_policy(policy: LinkPolicy) -> Self {
        CustomerBook {
            resolver: Resolver::new(&policy, &[]),
            policy,
            records: Vec::new(),
            corrections: Vec::new(),
            points: Vec::new(),
            seen_points: BTreeMap::new(),
            balances: BTreeMap::new(),
            magnitude: 0,
            resolution: None,
        }
    }

    /// The policy.
    pub fn policy(&self) -> &LinkPolicy {
        &self.policy
    }

    /// Adds records (any order, any batches: the result is the same). Only
    /// the records the new ones could link to are resolved again, so adding
    /// one shopper to a book of millions costs microseconds.
    ///
    /// `source` and `record_id` are trimmed and checked first
    /// ([`CustomerRecord::normalize`] says how); a record that fails is
    /// `INVALID_ID`, naming its place in the batch, and nothing of the batch
    /// is added.
    pub fn add_records(&mut self, records: impl IntoIterator<Item = CustomerRecord>) -> Result<()> {
        let mut records: Vec<CustomerRecord> = records.into_iter().collect();
        let mut keys = Vec::with_capacity(records.len());
        for at in 0..records.len() {
            if let Some(ahead) = records.get(at.saturating_add(PREFETCH_ROWS)) {
                ahead.prefetch_ids();
            }
            keys.push(records[at].normalize(at)?);
        }
        if records.is_empty() {
            return Ok(());
        }
        let from = self.records.len();
        if from == 0 {
            // A first load takes the batch as it is, not copied into a new vector.
            self.records = records;
        } else {
            self.records.extend(records);
        }
        self.resolver.add(&self.records, from, keys);
        self.resolution = None;
        Ok(())
    }

    /// Adds a person's correction, recorded with who and why. Keys and
    /// `by` are trimmed; a correction without `by`, a link of a record to
    /// itself or to something that is not a record key, or a never-link of
    /// an invalid value is refused (`INVALID_ARGUMENT`, or the value's
    /// `INVALID_IDENTIFIER`) and changes nothing. The same correction twice
    /// is recorded once.
    pub fn correct(&mut self, mut correction: Correction) -> Result<()> {
        correction.normalize(&self.policy)?;
        if self.resolver.correct(correction.clone()) {
            self.corrections.push(correction);
            self.corrections.sort();
            self.resolution = None;
        }
        Ok(())
    }

    /// The current profiles, merges, review queue and issues (built on the
    /// first call after a change; for one shopper, [`CustomerBook::profile_of`]).
    pub fn resolution(&mut self) -> &Resolution {
        let (records, resolver) = (&self.records, &self.resolver);
        self.resolution
            .get_or_insert_with(|| resolver.resolution(records))
    }

    /// Every profile in id order, built as it is read: the profiles of
    /// [`CustomerBook::resolution`] without holding them all at once (a
    /// million profiles written out one by one stay in a few kilobytes).
    pub fn profiles(&self) -> Profiles<'_> {
        self.resolver.profiles(&self.records)
    }

    /// Every profile's id, in order: for a caller that reads profiles one
    /// by one through [`CustomerBook::profile`] between other calls (a
    /// binding's iterator). A profile a later change absorbs reads as none.
    pub fn profile_ids(&self) -> Vec<String> {
        self.resolver.profile_ids()
    }

    /// The profile a record (`source/record_id`) is in now.
    pub fn profile_of(&self, record: &str) -> Option<Profile> {
        let root = self.resolver.profile_of(record.trim())?;
        Some(self.resolver.profile(&self.records, root))
    }

    /// The profile with this id, if it exists now.
    pub fn profile(&self, profile_id: &str) -> Option<Profile> {
        let root = self.resolver.profile_root(profile_id.trim())?;
        Some(self.resolver.profile(&self.records, root))
    }

    fn account(&self, e: &PointsEvent) -> Result<Account> {
        match (&e.loyalty_id, &e.record) {
            (Some(id), None) => Ok(Account::Loyalty(self.policy.digest(
                &IdentifierInput {
                    kind: LOYALTY.into(),
                    value: id.clone(),
                    hashed: false,
                },
                None,
            )?)),
            (None, Some(record)) => Ok(Account::Record(record.trim().to_string())),
            _ => Err(Error::invalid_argument(
                "account",
                e.event_id.as_str(),
                "name exactly one of loyalty_id and record",
            )),
        }
    }

    /// The root of the profile an account belongs to now (none for a card
    /// no record holds).
    fn profile_root(&self, account: &Account) -> Option<u32> {
        match account {
            Account::Record(key) => self.resolver.profile_of(key),
            Account::Loyalty(digest) => self.resolver.loyalty_profile(digest),
        }
    }

    /// A profile's balance: the sum over every account merged into it.
    pub fn balance(&self, profile_id: &str) -> i64 {
        self.resolver
            .profile_root(profile_id.trim())
            .map_or(0, |root| self.root_balance(root))
    }

    fn root_balance(&self, root: u32) -> i64 {
        let members = self.resolver.members(root);
        let mut cards: Vec<[u8; 32]> = members
            .iter()
            .flat_map(|&m| self.resolver.loyalty_ids(m))
            .collect();
        cards.sort_unstable();
        cards.dedup();
        let records = members
            .iter()
            .map(|&m| Account::Record(self.resolver.key(m).to_string()));
        // A card two profiles hold counts in one of them only.
        let cards = cards
            .into_iter()
            .filter(|d| self.resolver.loyalty_profile(d) == Some(root))
            .map(Account::Loyalty);
        let total: i128 = records
            .chain(cards)
            .filter_map(|a| self.balances.get(&a))
            .map(|&b| i128::from(b))
            .sum();
        // Fits: every balance's magnitude summed fits i64 (`points_event`).
        i64::try_from(total).unwrap_or(i64::MAX)
    }

    /// Applies a points event: idempotent by id; a redemption beyond the
    /// profile's balance is `INSUFFICIENT_POINTS` and changes nothing.
    pub fn apply_points(&mut self, event: PointsEvent) -> Result<bool> {
        self.points_event(event, true)
    }

    /// Replays an event accepted before: its redemption was judged then,
    /// against the profiles of that moment, and stays a fact.
    pub(crate) fn restore_points(&mut self, event: PointsEvent) -> Result<bool> {
        self.points_event(event, false)
    }

    fn points_event(&mut self, event: PointsEvent, judge: bool) -> Result<bool> {
        if let Some(&i) = self.seen_points.get(&event.event_id) {
            if self.points[i] == event {
                return Ok(false);
            }
            return Err(Error::ConflictingDuplicate {
                event_id: event.event_id.to_string(),
            });
        }
        let account = self.account(&event)?;
        let delta = match event.kind {
            PointsKind::Adjust if event.points != 0 => event.points,
            PointsKind::Earn if event.points > 0 => event.points,
            // Positive, so its negation is exact.
            PointsKind::Redeem | PointsKind::Expire if event.points > 0 => {
                event.points.saturating_neg()
            }
            _ => {
                return Err(Error::invalid_quantity(
                    "points",
                    event.points,
                    "must be positive (an adjustment: not zero)",
                ))
            }
        };
        if judge && event.kind == PointsKind::Redeem {
            let root = self.profile_root(&account);
            let balance = match root {
                Some(root) => self.root_balance(root),
                None => self.balances.get(&account).copied().unwrap_or(0),
            };
            if balance < event.points {
                return Err(Error::InsufficientPoints {
                    profile: root.map_or_else(
                        || "(an unlinked account)".into(),
                        |r| self.resolver.profile_id(r),
                    ),
                    requested: event.points.to_string(),
                    balance: balance.to_string(),
                });
            }
        }
        // Every balance's magnitude, summed, must fit i64: then any profile's
        // balance (a sum over some accounts) and the book's total fit too.
        let before = self.balances.get(&account).copied().unwrap_or(0);
        let after = before
            .checked_add(delta)
            .ok_or_else(|| Error::overflow("points balance"))?;
        let magnitude =
            self.magnitude - i128::from(before.unsigned_abs()) + i128::from(after.unsigned_abs());
        if magnitude > i128::from(i64::MAX) {
            return Err(Error::overflow("points held in the book"));
        }
        self.magnitude = magnitude;
        self.balances.insert(account, after);
        self.seen_points
            .insert(event.event_id.clone(), self.points.len());
        self.points.push(event);
        Ok(true)
    }

    /// Every account's points, summed: merges and splits never change it.
    pub fn total_points(&self) -> i64 {
        let total: i128 = self.balances.values().map(|&b| i128::from(b)).sum();
        // Fits: see `points_event`.
        i64::try_from(total).unwrap_or(i64::MAX)
    }

    /// Records, corrections and points events, for a snapshot.
    pub(crate) fn parts(&self) -> (&[CustomerRecord], &[Correction], &[PointsEvent]) {
        (&self.records, &self.corrections, &self.points)
    }
}
