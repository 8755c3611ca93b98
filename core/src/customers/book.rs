//! The customer book: records, corrections and the points ledger, kept
//! resolved into profiles as they change. One balance per profile that every channel reads
//! and writes.

use super::identifier::LOYALTY;
use super::record::{CustomerRecord, IdentifierInput, LinkPolicy};
use super::resolve::{
    BalanceChange, Correction, CorrectionEffect, Profile, RecordMove, Resolution,
};
use super::resolver::{Profiles, Resolver};
use super::secret::Secret;
use super::suggest::{suggest, Scored, Scoring, Suggestions};
use crate::error::{Error, Result};
use crate::ids::EventId;
use crate::instant::Instant;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many records ahead the id check starts reading a record's ids (the
/// check itself is short, so the read needs a long lead).
const PREFETCH_ROWS: usize = 8;

/// What happened to points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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

impl PointsEvent {
    /// The event's change to a balance: positive for an earn, negative for
    /// a redemption or an expiry, the adjustment's own sign.
    pub(crate) fn signed(&self) -> Result<i64> {
        match self.kind {
            PointsKind::Adjust if self.points != 0 => Ok(self.points),
            PointsKind::Earn if self.points > 0 => Ok(self.points),
            // Positive, so its negation is exact.
            PointsKind::Redeem | PointsKind::Expire if self.points > 0 => {
                Ok(self.points.saturating_neg())
            }
            _ => Err(Error::invalid_quantity(
                "points",
                self.points,
                "must be positive (an adjustment: not zero)",
            )),
        }
    }
}

/// Where points live: a loyalty account (the SHA-256 of its canonical id,
/// as the resolver keys identifiers) or a record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Account {
    Loyalty([u8; 32]),
    Record(String),
}

impl Account {
    /// `loyalty:<sha256 hex>` or `record:<source/record_id>`: how postings
    /// and unclaimed points name an account (never a clear loyalty id).
    pub(crate) fn name(&self) -> String {
        match self {
            Account::Loyalty(digest) => format!("loyalty:{}", super::identifier::hex(digest)),
            Account::Record(key) => format!("record:{key}"),
        }
    }

    /// The account a [`Account::name`] names.
    pub(crate) fn parse(name: &str) -> Option<Account> {
        if let Some(key) = name.strip_prefix("record:") {
            return Some(Account::Record(key.to_string()));
        }
        let hex = name.strip_prefix("loyalty:")?;
        super::identifier::unhex(hex).map(Account::Loyalty)
    }
}

/// Points held by an account no profile holds yet (a card no record carries,
/// a record key not in the book): kept, counted in
/// [`CustomerBook::total_points`], and listed until their record arrives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnclaimedPoints {
    /// `record:<source/record_id>`, or `loyalty:<sha256 hex>` of the
    /// canonical loyalty id (hash the card to find it; never shown clear).
    pub account: String,
    /// Its balance.
    pub points: i64,
}

/// Records, corrections and points; profiles kept resolved as they change.
#[derive(Debug, Clone)]
pub struct CustomerBook {
    policy: LinkPolicy,
    /// The retailer's secret, when results are keyed.
    secret: Option<Secret>,
    records: Vec<CustomerRecord>,
    corrections: Vec<Correction>,
    points: Vec<PointsEvent>,
    /// Each event's postings: the accounts it moved and by how much. An
    /// earn posts to its account; a debit draws from its own account first,
    /// then from the other accounts of its profile in account order, each
    /// down to zero at most, so no account is ever negative and a later
    /// split can never leave a profile below zero.
    postings: Vec<Vec<(Account, i64)>>,
    seen_points: BTreeMap<EventId, usize>,
    balances: BTreeMap<Account, i64>,
    /// Σ balance over `balances` (each at least 0), kept within i64 so every
    /// sum of balances fits.
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
            && self.secret == other.secret
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

    /// An empty book whose results are keyed with the retailer's `secret`
    /// (at least 16 bytes): profile ids, review items' and profiles'
    /// identifiers, and loyalty accounts are shown as HMAC-SHA-256 under
    /// it, so none can be reversed by hashing every phone number or card.
    /// Linking is unchanged (clear and SHA-256-hashed inputs still meet).
    /// The secret is not stored: [`CustomerBook::from_snapshot_keyed`]
    /// takes it again.
    pub fn keyed(policy: LinkPolicy, secret: &[u8]) -> Result<Self> {
        let secret = Secret::new(secret)?;
        let mut book = CustomerBook::new(policy)?;
        book.resolver = Resolver::new(&book.policy, &[], Some(secret.clone()));
        book.secret = Some(secret);
        Ok(book)
    }

    /// The fingerprint of the book's secret, if it is keyed (a snapshot
    /// keeps it to check the secret it is restored with).
    pub(crate) fn fingerprint(&self) -> Option<String> {
        self.secret.as_ref().map(Secret::fingerprint)
    }

    /// An account's name as results show it (keyed when the book is).
    fn shown(&self, account: &Account) -> String {
        match account {
            Account::Loyalty(digest) => format!("loyalty:{}", self.resolver.shown(digest)),
            Account::Record(_) => account.name(),
        }
    }

    fn with_valid_policy(policy: LinkPolicy) -> Self {
        CustomerBook {
            secret: None,
            resolver: Resolver::new(&policy, &[], None),
            policy,
            records: Vec::new(),
            corrections: Vec::new(),
            points: Vec::new(),
            postings: Vec::new(),
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
    /// `source` and `record_id` are trimmed and checked first, as ids are
    /// (non-empty, at most 128 characters, no control characters; `source`
    /// holds no `/`, which ends it in the record's key); a record that fails is
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
        let dead = self.resolver.add(&self.records, from, keys);
        self.compact(dead);
        self.resolution = None;
        Ok(())
    }

    /// Drops observations a newer one of the same key superseded, so a
    /// nightly full re-load keeps the book's size: the last live records
    /// move into the holes (each move costs one key lookup).
    fn compact(&mut self, mut dead: Vec<u32>) {
        dead.sort_unstable();
        dead.dedup();
        // Holes are filled in ascending order, so the dead indices not yet
        // filled are exactly those from the current hole on.
        let mut holes = dead.iter().copied();
        let mut next = holes.next();
        while let Some(hole) = next {
            let Some(last) = self.records.len().checked_sub(1) else {
                break;
            };
            let last = last as u32;
            if hole > last {
                break;
            }
            if dead[dead.partition_point(|&d| d < hole)..]
                .binary_search(&last)
                .is_ok()
            {
                // The last record is dead itself: drop it.
                self.records.pop();
                continue;
            }
            let key = self.records[last as usize].key();
            self.records.swap(hole as usize, last as usize);
            self.records.pop();
            self.resolver.moved(&key, last, hole);
            next = holes.next();
        }
    }

    /// Adds a person's correction, recorded with who and why. Keys and
    /// `by` are trimmed; a correction without `by`, a link of a record to
    /// itself or to something that is not a record key, or a never-link of
    /// an invalid value is refused (`INVALID_ARGUMENT`, or the value's
    /// `INVALID_IDENTIFIER`) and changes nothing. The same correction twice
    /// is recorded once.
    ///
    /// Returns what it changed: the records that moved between profiles
    /// and the balances that changed with them.
    pub fn correct(&mut self, mut correction: Correction) -> Result<CorrectionEffect> {
        correction.normalize(&self.policy)?;
        let touched = self.resolver.touched(&correction);
        let before = self.standing(&touched);
        let recorded = self.resolver.correct(&self.records, correction.clone());
        if recorded {
            self.corrections.push(correction);
            self.corrections.sort();
            self.resolution = None;
        }
        Ok(self.effect(recorded, &touched, before))
    }

    /// Withdraws a correction made before (as [`CustomerBook::corrections`]
    /// lists it; keys and `by` are trimmed as when it was made): the book
    /// is as if it had never been made. Returns what that changed;
    /// `recorded` is false when no such correction was there.
    pub fn withdraw(&mut self, mut correction: Correction) -> Result<CorrectionEffect> {
        correction.normalize(&self.policy)?;
        let touched = self.resolver.touched(&correction);
        let before = self.standing(&touched);
        let recorded = self.resolver.withdraw(&self.records, &correction);
        if recorded {
            self.corrections.retain(|c| *c != correction);
            self.resolution = None;
        }
        Ok(self.effect(recorded, &touched, before))
    }

    /// Scored suggestions for profiles no identifier joins: pairs of
    /// records in different profiles that share a blocking key, compared
    /// on names, date of birth and address (Fellegi–Sunter, with m and u
    /// given or estimated by EM), best first, one per pair of profiles.
    /// Nothing is merged: a person accepts one with an `accept_review` of
    /// its `left` and `right`. `INVALID_ARGUMENT` for a scoring that
    /// [`Scoring::validate`] refuses.
    pub fn suggestions(&self, scoring: &Scoring) -> Result<Suggestions> {
        let records: Vec<Scored<'_>> = self
            .resolver
            .held()
            .map(|(key, record, profile)| Scored {
                key,
                profile,
                record: &self.records[record as usize],
            })
            .collect();
        suggest(&records, scoring, |root| {
            self.resolver
                .members(root)
                .into_iter()
                .map(|m| self.resolver.key(m).to_string())
                .collect()
        })
    }

    /// The corrections in force, sorted.
    pub fn corrections(&self) -> &[Correction] {
        &self.corrections
    }

    /// Each touched slot's record key and profile, and each profile's balance.
    fn standing(&self, touched: &[u32]) -> (Vec<(String, String)>, BTreeMap<String, i64>) {
        let mut roots = BTreeMap::new();
        let records = touched
            .iter()
            .map(|&s| {
                let root = self.resolver.profile_of_slot(s);
                let id = self.resolver.profile_id(root);
                roots
                    .entry(id.clone())
                    .or_insert_with(|| self.root_balance(root));
                (self.resolver.key(s).to_string(), id)
            })
            .collect();
        (records, roots)
    }

    fn effect(
        &self,
        recorded: bool,
        touched: &[u32],
        (records, balances): (Vec<(String, String)>, BTreeMap<String, i64>),
    ) -> CorrectionEffect {
        let (now, now_balances) = self.standing(touched);
        let mut moved: Vec<RecordMove> = records
            .into_iter()
            .zip(now)
            .filter(|((_, from), (_, to))| from != to)
            .map(|((record, from), (_, to))| RecordMove { record, from, to })
            .collect();
        moved.sort_by(|a, b| a.record.cmp(&b.record));
        let ids: std::collections::BTreeSet<&String> =
            balances.keys().chain(now_balances.keys()).collect();
        let balances = ids
            .into_iter()
            .map(|id| BalanceChange {
                profile_id: id.clone(),
                before: balances.get(id).copied(),
                after: now_balances.get(id).copied(),
            })
            .filter(|c| c.before != c.after)
            .collect();
        CorrectionEffect {
            recorded,
            moved,
            balances,
        }
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

    /// The account an event names.
    pub(crate) fn account_of(&self, e: &PointsEvent) -> Result<Account> {
        match (&e.loyalty_id, &e.record) {
            (Some(id), None) => Ok(Account::Loyalty(self.policy.digest(
                &IdentifierInput {
                    kind: LOYALTY.into(),
                    value: id.clone(),
                    hashed: false,
                    convention: None,
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

    /// The accounts of the profile rooted at `root`, in account order: its
    /// members' records and the cards they hold (a card two profiles hold
    /// counts in one of them only).
    fn root_accounts(&self, root: u32) -> Vec<Account> {
        let members = self.resolver.members(root);
        let mut cards: Vec<[u8; 32]> = members
            .iter()
            .flat_map(|&m| self.resolver.loyalty_ids(m))
            .collect();
        cards.sort_unstable();
        cards.dedup();
        let cards = cards
            .into_iter()
            .filter(|d| self.resolver.loyalty_profile(d) == Some(root))
            .map(Account::Loyalty);
        let records = members
            .iter()
            .map(|&m| Account::Record(self.resolver.key(m).to_string()));
        // Loyalty accounts sort before record accounts.
        cards.chain(records).collect()
    }

    fn root_balance(&self, root: u32) -> i64 {
        let total: i128 = self
            .root_accounts(root)
            .iter()
            .filter_map(|a| self.balances.get(a))
            .map(|&b| i128::from(b))
            .sum();
        // Fits: every balance is at least 0 and all of them sum within i64.
        i64::try_from(total).unwrap_or(i64::MAX)
    }

    /// Applies a points event: idempotent by id. A debit (a redemption, an
    /// expiry, a negative adjustment) beyond the profile's balance is
    /// `INSUFFICIENT_POINTS` and changes nothing; one within it draws from
    /// the event's own account first, then from the profile's other
    /// accounts in order (see [`CustomerBook::postings`]).
    pub fn apply_points(&mut self, event: PointsEvent) -> Result<bool> {
        self.points_event(event, None)
    }

    /// Replays an event accepted before with the postings it made then
    /// (they were judged against the profiles of that moment and stay
    /// facts); without them, draws it as if new.
    pub(crate) fn restore_points(
        &mut self,
        event: PointsEvent,
        postings: Option<Vec<(Account, i64)>>,
    ) -> Result<bool> {
        self.points_event(event, postings)
    }

    /// Each points event's postings, in the order the events were applied:
    /// `(event_id, [(account, points)])`, accounts named as
    /// [`UnclaimedPoints::account`] names them. What a redemption drew from
    /// which account, so a split's balances can be explained.
    pub fn postings(&self) -> Vec<(String, Vec<(String, i64)>)> {
        self.points
            .iter()
            .zip(&self.postings)
            .map(|(e, p)| {
                let p = p.iter().map(|(a, n)| (self.shown(a), *n)).collect();
                (e.event_id.to_string(), p)
            })
            .collect()
    }

    pub(crate) fn raw_postings(&self) -> &[Vec<(Account, i64)>] {
        &self.postings
    }

    /// Points held by accounts no profile holds, by account name.
    pub fn unclaimed_points(&self) -> Vec<UnclaimedPoints> {
        let mut out: Vec<UnclaimedPoints> = self
            .balances
            .iter()
            .filter(|(a, &b)| b != 0 && self.profile_root(a).is_none())
            .map(|(a, &b)| UnclaimedPoints {
                account: self.shown(a),
                points: b,
            })
            .collect();
        out.sort_by(|x, y| x.account.cmp(&y.account));
        out
    }

    /// The postings of a new event: an earn (or a positive adjustment) to
    /// its account; a debit drawn from its account, then the profile's
    /// others, refused beyond the profile's balance.
    fn draw(&self, account: Account, delta: i64) -> Result<Vec<(Account, i64)>> {
        let own = self.balances.get(&account).copied().unwrap_or(0);
        if delta > 0 {
            return Ok(vec![(account, delta)]);
        }
        let root = self.profile_root(&account);
        let mut accounts = match root {
            Some(root) => self.root_accounts(root),
            None => Vec::new(),
        };
        accounts.retain(|a| *a != account);
        accounts.insert(0, account);
        // `delta` is negative and not i64::MIN (a positive amount's negation).
        let mut due = delta.unsigned_abs();
        let mut postings = Vec::new();
        for a in accounts {
            let held = self
                .balances
                .get(&a)
                .copied()
                .unwrap_or(0)
                .max(0)
                .unsigned_abs();
            let take = held.min(due);
            if take > 0 {
                // `take` ≤ `held` ≤ i64::MAX.
                postings.push((a, i64::try_from(take).unwrap_or(i64::MAX).saturating_neg()));
                due = due.saturating_sub(take);
            }
            if due == 0 {
                return Ok(postings);
            }
        }
        let balance = match root {
            Some(root) => self.root_balance(root),
            None => own,
        };
        Err(Error::InsufficientPoints {
            profile: root.map_or_else(
                || "(an unlinked account)".into(),
                |r| self.resolver.profile_id(r),
            ),
            requested: delta.unsigned_abs().to_string(),
            balance: balance.to_string(),
        })
    }

    fn points_event(
        &mut self,
        event: PointsEvent,
        replay: Option<Vec<(Account, i64)>>,
    ) -> Result<bool> {
        if let Some(&i) = self.seen_points.get(&event.event_id) {
            if self.points[i] == event {
                return Ok(false);
            }
            return Err(Error::ConflictingDuplicate {
                event_id: event.event_id.to_string(),
            });
        }
        let account = self.account_of(&event)?;
        let delta = event.signed()?;
        let postings = match replay {
            Some(postings) => {
                let sum: i128 = postings.iter().map(|(_, n)| i128::from(*n)).sum();
                if sum != i128::from(delta) {
                    return Err(Error::invalid_argument(
                        "postings",
                        event.event_id.as_str(),
                        "do not add up to the event's points",
                    ));
                }
                postings
            }
            None => self.draw(account, delta)?,
        };
        // Every balance stays at least 0 and all of them sum within i64, so
        // any profile's balance (a sum over some accounts) and the total fit.
        let mut after = Vec::with_capacity(postings.len());
        let mut total = self.magnitude;
        for (a, n) in &postings {
            let before = self.balances.get(a).copied().unwrap_or(0);
            let now = before
                .checked_add(*n)
                .ok_or_else(|| Error::overflow("points balance"))?;
            if now < 0 {
                return Err(Error::invalid_argument(
                    "postings",
                    event.event_id.as_str(),
                    "would leave an account below zero",
                ));
            }
            total = total - i128::from(before) + i128::from(now);
            after.push((a.clone(), now));
        }
        if total > i128::from(i64::MAX) {
            return Err(Error::overflow("points held in the book"));
        }
        self.magnitude = total;
        self.balances.extend(after);
        self.seen_points
            .insert(event.event_id.clone(), self.points.len());
        self.points.push(event);
        self.postings.push(postings);
        Ok(true)
    }

    /// How many records the book holds: one per `source/record_id`, the
    /// latest observation of each (an older one is dropped when a newer
    /// arrives), so a nightly full re-load keeps this number.
    pub fn record_count(&self) -> usize {
        self.records.len()
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
