//! Customers for Swift: records, corrections, points events and what the
//! book reports are generated from core's schema (`results.rs`), `Date` for
//! instants. Clear emails and phones never appear in errors: core redacts them.

use crate::results::{
    Correction, CorrectionEffect, CustomerRecord, HashConvention, LinkPolicy, Merge, PointsEvent,
    RecordIssue, ReviewItem, Scoring, Suggestion, UnclaimedPoints,
};
use crate::{from_swift, swift, SeamlineError};
use seamline::customers as core;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// An email's canonical form (`providerRules`: Gmail dot and +tag folding).
#[seamline_guard::guard]
#[uniffi::export(default(provider_rules = false))]
pub fn normalize_email(value: String, provider_rules: bool) -> Result<String, SeamlineError> {
    Ok(core::normalize_email(&value, provider_rules)?)
}

/// A phone number in E.164, read with `region`'s numbering plan (ISO 3166)
/// unless it carries its own `+` country code.
#[seamline_guard::guard]
#[uniffi::export]
pub fn normalize_phone(value: String, region: String) -> Result<String, SeamlineError> {
    Ok(core::normalize_phone(&value, &region)?)
}

/// A loyalty id in the program's form (spaces and dashes removed, upper-cased, checked).
#[seamline_guard::guard]
#[uniffi::export(default(min_len = 4, max_len = 32, digits_only = false))]
pub fn normalize_loyalty(
    value: String,
    min_len: u32,
    max_len: u32,
    digits_only: bool,
) -> Result<String, SeamlineError> {
    let format = core::LoyaltyFormat {
        min_len: min_len as usize,
        max_len: max_len as usize,
        digits_only,
    };
    Ok(core::normalize_loyalty(&value, &format)?)
}

/// The SHA-256 hex of an already-canonical identifier, as a destination wants it.
#[seamline_guard::guard]
#[uniffi::export]
pub fn hash_identifier(
    kind: String,
    canonical: String,
    convention: HashConvention,
) -> Result<String, SeamlineError> {
    Ok(core::render_hash(
        &kind,
        &canonical,
        from_swift(&convention, "convention")?,
    )?)
}

/// One customer as every channel should see them.
#[derive(uniffi::Record)]
pub struct Profile {
    pub profile_id: String,
    pub members: Vec<String>,
    pub golden: HashMap<String, String>,
    /// Its identifiers, sorted: hashed, never clear values.
    pub identifiers: Vec<ProfileIdentifier>,
}

/// One identifier of a profile, as Python's and Node's `(kind, hash)` pairs.
#[derive(uniffi::Record)]
pub struct ProfileIdentifier {
    pub kind: String,
    /// SHA-256 hex of the canonical value, or HMAC-SHA-256 hex in a keyed book.
    pub hash: String,
}

/// Profiles, merges, the review queue and issues (`Resolution` in core;
/// the systems-of-record answer already has that Swift name).
#[derive(uniffi::Record)]
pub struct IdentityResolution {
    pub profiles: Vec<Profile>,
    pub merges: Vec<Merge>,
    pub review: Vec<ReviewItem>,
    pub issues: Vec<RecordIssue>,
}

/// Customer records, corrections and the points ledger, resolved into profiles.
#[derive(uniffi::Object)]
pub struct CustomerBook {
    inner: Mutex<core::CustomerBook>,
}

impl CustomerBook {
    fn lock(&self) -> std::sync::MutexGuard<'_, core::CustomerBook> {
        // Every change validates before it writes, so a poisoned lock is still consistent.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[seamline_guard::guard]
#[uniffi::export]
impl CustomerBook {
    /// A book with the default policy (loyalty > email > phone; at most 1
    /// loyalty id, 3 emails, 2 phones per profile; US phones by default).
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(CustomerBook {
            inner: Mutex::new(core::CustomerBook::default()),
        })
    }

    /// A book with its own policy. A policy mistake (an unknown default
    /// region, a limit of 0) throws `invalidArgument` here.
    #[uniffi::constructor]
    pub fn with_policy(policy: LinkPolicy) -> Result<Arc<Self>, SeamlineError> {
        Ok(Arc::new(CustomerBook {
            inner: Mutex::new(core::CustomerBook::new(from_swift(&policy, "policy")?)?),
        }))
    }

    /// Adds records (any order, any batches: the result is the same). Only
    /// the profiles the new records can reach are resolved again, so adding
    /// one shopper to a book of millions takes microseconds. A record whose
    /// source or id is not a valid id (or whose `source` holds a `/`, which
    /// ends the source in a record's key) throws and adds nothing of the batch.
    pub fn add_records(&self, records: Vec<CustomerRecord>) -> Result<(), SeamlineError> {
        let records: Vec<core::CustomerRecord> = from_swift(&records, "records")?;
        Ok(self.lock().add_records(records)?)
    }

    /// Adds a person's correction, recorded with who and why. One without
    /// `by`, linking a record to itself, or never-linking an invalid value
    /// throws and changes nothing. Returns what it changed: the records
    /// moved and the balances changed.
    pub fn correct(&self, correction: Correction) -> Result<CorrectionEffect, SeamlineError> {
        let correction: core::Correction = from_swift(&correction, "correction")?;
        swift(&self.lock().correct(correction)?)
    }

    /// Withdraws a correction made before (as `corrections()` lists it):
    /// the book is as if it had never been made. `recorded` is false when
    /// it was not there.
    pub fn withdraw(&self, correction: Correction) -> Result<CorrectionEffect, SeamlineError> {
        let correction: core::Correction = from_swift(&correction, "correction")?;
        swift(&self.lock().withdraw(correction)?)
    }

    /// Scored suggestions for profiles no identifier joins (Fellegi–Sunter
    /// on names, date of birth and address; m and u estimated by EM), best
    /// first. `scoring`: nil for the defaults. Nothing is merged: accept one
    /// with `.acceptReview(left:right:by:reason:)`.
    pub fn suggestions(&self, scoring: Option<Scoring>) -> Result<Vec<Suggestion>, SeamlineError> {
        let scoring: core::Scoring = match scoring {
            Some(s) => from_swift(&s, "scoring")?,
            None => core::Scoring::default(),
        };
        let found = self.lock().suggestions(&scoring)?;
        swift(&found.suggestions)
    }

    /// The corrections in force, sorted.
    pub fn corrections(&self) -> Result<Vec<Correction>, SeamlineError> {
        swift(&self.lock().corrections())
    }

    /// Points held by accounts no profile holds yet (a record not in the
    /// book, a card no record carries), the account as `record:<key>` or
    /// `loyalty:<sha256 hex>`.
    pub fn unclaimed_points(&self) -> Result<Vec<UnclaimedPoints>, SeamlineError> {
        swift(&self.lock().unclaimed_points())
    }

    /// Profiles, merges, the review queue and issues.
    pub fn resolution(&self) -> Result<IdentityResolution, SeamlineError> {
        let mut book = self.lock();
        let r = book.resolution();
        Ok(IdentityResolution {
            profiles: r.profiles.iter().map(to_profile).collect(),
            merges: swift(&r.merges)?,
            review: swift(&r.review)?,
            issues: swift(&r.issues)?,
        })
    }

    /// The profile a record (`source/record_id`) is in now, or nil for a
    /// record the book does not hold. Reads one profile: microseconds, where
    /// `resolution()` builds every profile.
    pub fn profile_of(&self, record: String) -> Option<Profile> {
        self.lock().profile_of(&record).as_ref().map(to_profile)
    }

    /// The profile with this id now, or nil (a merge may have absorbed it).
    pub fn profile(&self, profile_id: String) -> Option<Profile> {
        self.lock().profile(&profile_id).as_ref().map(to_profile)
    }

    /// Every profile's id, in id order: read a million profiles one at a
    /// time with `profile(profileId:)` instead of building them all with
    /// `resolution()` (a profile a later change absorbed reads as nil).
    pub fn profile_ids(&self) -> Vec<String> {
        self.lock().profile_ids()
    }

    /// Applies a points event; false for a duplicate. A redemption beyond
    /// the profile's balance throws `insufficientPoints`.
    pub fn apply_points(&self, event: PointsEvent) -> Result<bool, SeamlineError> {
        let event: core::PointsEvent = from_swift(&event, "event")?;
        Ok(self.lock().apply_points(event)?)
    }

    /// A profile's points: the sum over every account merged into it.
    pub fn balance(&self, profile_id: String) -> i64 {
        self.lock().balance(&profile_id)
    }

    /// How many records the book holds: the latest observation of each
    /// `source/record_id` (a nightly full re-load keeps this number).
    pub fn record_count(&self) -> u64 {
        self.lock().record_count() as u64
    }

    /// Every account's points, summed.
    pub fn total_points(&self) -> i64 {
        self.lock().total_points()
    }

    /// The book as versioned bytes. They hold personal data.
    pub fn to_snapshot(&self) -> Vec<u8> {
        self.lock().to_snapshot()
    }

    /// A book whose profile ids and shown identifier hashes are keyed
    /// with the retailer's `secret` (at least 16 bytes; HMAC-SHA-256), so
    /// none can be reversed by hashing every phone number. `policy`: nil
    /// for the defaults. The secret is not stored in snapshots.
    #[uniffi::constructor(default(policy = None))]
    pub fn keyed(policy: Option<LinkPolicy>, secret: Vec<u8>) -> Result<Arc<Self>, SeamlineError> {
        let policy: core::LinkPolicy = match policy {
            Some(p) => from_swift(&p, "policy")?,
            None => core::LinkPolicy::default(),
        };
        Ok(Arc::new(CustomerBook {
            inner: Mutex::new(core::CustomerBook::keyed(policy, &secret)?),
        }))
    }

    /// A book restored from `toSnapshot()` bytes; a keyed book's with the
    /// `secret` it was made with.
    #[uniffi::constructor(default(secret = None))]
    pub fn from_snapshot(
        data: Vec<u8>,
        secret: Option<Vec<u8>>,
    ) -> Result<Arc<Self>, SeamlineError> {
        let book = match secret {
            Some(secret) => core::CustomerBook::from_snapshot_keyed(&data, &secret)?,
            None => core::CustomerBook::from_snapshot(&data)?,
        };
        Ok(Arc::new(CustomerBook {
            inner: Mutex::new(book),
        }))
    }
}

fn to_profile(p: &core::Profile) -> Profile {
    Profile {
        profile_id: p.profile_id.clone(),
        members: p.members.clone(),
        golden: p.golden.clone().into_iter().collect(),
        identifiers: p
            .identifiers
            .iter()
            .map(|(kind, hash)| ProfileIdentifier {
                kind: kind.clone(),
                hash: hash.clone(),
            })
            .collect(),
    }
}
