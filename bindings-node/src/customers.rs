//! `CustomerBook` and the identifier functions for JS: camelCase records in
//! and out; the shapes are core's. Clear emails and phones never appear in
//! errors: core redacts them.

use crate::convert::{self, parse, RecordText};
use crate::error::{IntoJs, Result};
use crate::keys;
use crate::keys::out;
use crate::off_loop::{self, promise, work, Promise};
use napi::bindgen_prelude::{Buffer, Unknown};
use napi::Env;
use napi_derive::napi;
use parking_lot::RwLock;
use seamline::customers::{
    self as core, Correction, CustomerBook, CustomerRecord, HashConvention, LinkPolicy,
    LoyaltyFormat, PointsEvent, Profile, Scoring,
};
use serde_json::Value;
use std::sync::Arc;

/// An email's canonical form (`providerRules`: Gmail dot and +tag folding).
#[seamline_guard::guard]
#[napi]
pub fn normalize_email(value: String, provider_rules: Option<bool>) -> Result<String> {
    core::normalize_email(&value, provider_rules.unwrap_or(false)).js()
}

/// A phone number in E.164, read with the numbering plan of `region` (ISO 3166)
/// unless it carries its own `+` country code.
#[seamline_guard::guard]
#[napi]
pub fn normalize_phone(value: String, region: String) -> Result<String> {
    core::normalize_phone(&value, &region).js()
}

/// A loyalty id in the program's form (spaces and dashes removed, upper-cased, checked).
#[seamline_guard::guard]
#[napi(
    ts_args_type = "value: string, format?: { minLen?: number; maxLen?: number; digitsOnly?: boolean }"
)]
pub fn normalize_loyalty(env: Env, value: String, format: Option<Unknown>) -> Result<String> {
    let format: LoyaltyFormat = match format {
        Some(f) => parse(
            convert::record::<LoyaltyFormat>(&env, &f, "format").js()?,
            "format",
        )
        .js()?,
        None => LoyaltyFormat::default(),
    };
    core::normalize_loyalty(&value, &format).js()
}

/// The SHA-256 hex of an already-canonical identifier, as a destination wants it.
#[seamline_guard::guard]
#[napi(
    ts_args_type = "kind: string, canonical: string, convention?: 'canonical' | 'phone_digits_only' | 'gmail_folded' | 'email_lowercase'"
)]
pub fn hash_identifier(
    kind: String,
    canonical: String,
    convention: Option<String>,
) -> Result<String> {
    let name = convention.as_deref().unwrap_or("canonical");
    let convention = HashConvention::from_name(name).js()?;
    core::render_hash(&kind, &canonical, convention).js()
}

#[napi(js_name = "CustomerBook")]
pub struct JsCustomerBook {
    inner: Arc<RwLock<CustomerBook>>,
}

#[seamline_guard::guard]
#[napi]
impl JsCustomerBook {
    /// An empty book; `policy` fields left out take the defaults. `secret`
    /// (at least 16 bytes): profile ids and every identifier hash shown are
    /// HMAC-SHA-256 under it, never reversible by hashing every phone
    /// number; it is not stored in snapshots.
    #[napi(
        constructor,
        ts_args_type = "policy?: import('./customers').LinkPolicy | null, secret?: Buffer"
    )]
    pub fn new(env: Env, policy: Option<Unknown>, secret: Option<Buffer>) -> Result<Self> {
        let policy: LinkPolicy = match policy {
            Some(p) => {
                // `limits` is keyed by identifier kinds (data); the loyalty
                // format, the placeholders and the household check are records.
                let mut v =
                    convert::record_with::<LinkPolicy>(&env, &p, "policy", keys::from_js_shallow)
                        .js()?;
                for record in ["loyalty_format", "placeholders", "households"] {
                    if let Some(fields) = v.get_mut(record) {
                        *fields = keys::from_js(fields.take());
                    }
                }
                parse(v, "policy").js()?
            }
            None => LinkPolicy::default(),
        };
        let inner = match secret {
            Some(secret) => CustomerBook::keyed(policy, &secret),
            None => CustomerBook::new(policy),
        };
        Ok(JsCustomerBook {
            inner: Arc::new(RwLock::new(inner.js()?)),
        })
    }

    /// Adds records (any order, any batches: the result is the same). Only
    /// the profiles the new records can reach are resolved again, so adding
    /// one shopper to a book of millions takes microseconds. A malformed
    /// record (or one whose `source` holds a `/`, which ends the source in a
    /// record's key) throws and adds nothing of the batch.
    #[napi(ts_args_type = "records: import('./customers').CustomerRecord[]")]
    pub fn add_records(&mut self, env: Env, records: Unknown) -> Result<()> {
        let records = convert::elements(&records, "records")?;
        let records = read_records(record_texts(&env, &records)).js()?;
        self.inner.write().add_records(records).js()
    }

    /// `addRecords` off the event loop: only each record's JSON text is
    /// taken on the loop; the records are read (exactly as `addRecords`
    /// reads them) and resolved on a worker. Calls on this book wait until
    /// it is done (other objects do not): await it before reading the book.
    #[napi(
        ts_args_type = "records: import('./customers').CustomerRecord[], signal?: AbortSignal",
        ts_return_type = "Promise<void>"
    )]
    pub fn add_records_async(
        &self,
        env: Env,
        records: Unknown,
        signal: Option<Unknown>,
    ) -> Promise<()> {
        let book = Arc::clone(&self.inner);
        let prepared = convert::elements(&records, "records").map(|records| {
            let texts = record_texts(&env, &records);
            work(move |aborted| {
                let records = read_records(texts).js()?;
                aborted.check()?;
                book.write().add_records(records).js()
            })
        });
        promise(prepared, off_loop::undefined, signal)
    }

    /// Adds a person's correction (`never_link`, `always_link`,
    /// `accept_review` — a review item's two sides merged as shown — or
    /// `never_link_value`). One without `by`, linking a record to itself,
    /// or never-linking an invalid value throws and changes nothing.
    /// Returns what it changed: the records moved and the balances changed.
    #[napi(
        ts_args_type = "correction: import('./customers').Correction",
        ts_return_type = "import('./customers').CorrectionEffect"
    )]
    pub fn correct(&mut self, env: Env, correction: Unknown) -> Result<Value> {
        let correction = correction_in(&env, &correction)?;
        Ok(out(&self.inner.write().correct(correction).js()?))
    }

    /// Withdraws a correction made before (as `corrections()` lists it):
    /// the book is as if it had never been made. Returns what that changed;
    /// `recorded` is `false` when it was not there.
    #[napi(
        ts_args_type = "correction: import('./customers').Correction",
        ts_return_type = "import('./customers').CorrectionEffect"
    )]
    pub fn withdraw(&mut self, env: Env, correction: Unknown) -> Result<Value> {
        let correction = correction_in(&env, &correction)?;
        Ok(out(&self.inner.write().withdraw(correction).js()?))
    }

    /// Scored suggestions for profiles no identifier joins (Fellegi–Sunter
    /// on names, date of birth and address; m and u estimated by EM unless
    /// `scoring` gives them), best first. Nothing is merged: accept one with
    /// `correct({ type: 'accept_review', left, right, by, reason })`.
    #[napi(
        ts_args_type = "scoring?: import('./customers').Scoring",
        ts_return_type = "import('./customers').Suggestions"
    )]
    pub fn suggestions(&self, env: Env, scoring: Option<Unknown>) -> Result<Value> {
        let scoring: Scoring = match scoring {
            Some(s) => parse(
                convert::record::<Scoring>(&env, &s, "scoring").js()?,
                "scoring",
            )
            .js()?,
            None => Scoring::default(),
        };
        Ok(out(&self.inner.read().suggestions(&scoring).js()?))
    }

    /// The corrections in force, sorted.
    #[napi(ts_return_type = "import('./customers').Correction[]")]
    pub fn corrections(&self) -> Value {
        out(&self.inner.read().corrections())
    }

    /// Points held by accounts no profile holds yet (a record not in the
    /// book, a card no record carries), the account as `record:<key>` or
    /// `loyalty:<sha256 hex>`.
    #[napi(ts_return_type = "import('./customers').UnclaimedPoints[]")]
    pub fn unclaimed_points(&self) -> Value {
        out(&self.inner.read().unclaimed_points())
    }

    /// Each points event's postings in the order applied: `[eventId,
    /// [[account, points]]]`. A debit draws from its own account first,
    /// then the profile's others, so none goes below zero.
    #[napi(ts_return_type = "Array<[string, Array<[string, number]>]>")]
    pub fn postings(&self) -> Value {
        out(&self.inner.read().postings())
    }

    /// Profiles, merges, the review queue and per-record issues.
    #[napi(ts_return_type = "import('./customers').Resolution")]
    pub fn resolution(&mut self) -> Value {
        let mut book = self.inner.write();
        let resolution = book.resolution();
        let mut v = out(resolution);
        for (i, p) in resolution.profiles.iter().enumerate() {
            v["profiles"][i]["golden"] = golden(p);
        }
        v
    }

    /// The profiles of `resolution()` as Arrow IPC stream bytes: a row per
    /// profile, `members` a list column, `golden` and `identifiers` JSON
    /// text (hashed identifiers only, as everywhere).
    #[napi]
    pub fn profiles_arrow(&mut self) -> Result<Buffer> {
        let mut book = self.inner.write();
        seamline_arrow::rows_ipc(&book.resolution().profiles)
            .map(Into::into)
            .js()
    }

    /// The profile a record (`'source/recordId'`) is in now, or `null` for
    /// a record the book does not hold. Reads one profile: microseconds,
    /// where `resolution()` builds every profile.
    #[napi(ts_return_type = "import('./customers').Profile | null")]
    pub fn profile_of(&self, record: String) -> Value {
        profile_out(self.inner.read().profile_of(&record))
    }

    /// The profile with this id now, or `null` (a merge may have absorbed it).
    #[napi(ts_return_type = "import('./customers').Profile | null")]
    pub fn profile(&self, profile_id: String) -> Value {
        profile_out(self.inner.read().profile(&profile_id))
    }

    /// Every profile's id, in id order: read a million profiles one at a
    /// time with `profile(id)` instead of building them all with
    /// `resolution()` (a profile a later change absorbed reads as `null`).
    #[napi]
    pub fn profile_ids(&self) -> Vec<String> {
        self.inner.read().profile_ids()
    }

    /// Applies a points event; `false` for a duplicate. A debit (a
    /// redemption, an expiry, a negative adjustment) beyond the profile's
    /// balance throws `INSUFFICIENT_POINTS`.
    #[napi(ts_args_type = "event: import('./customers').PointsEvent")]
    pub fn apply_points(&mut self, env: Env, event: Unknown) -> Result<bool> {
        let event: PointsEvent = parse(
            convert::record::<PointsEvent>(&env, &event, "event").js()?,
            "event",
        )
        .js()?;
        self.inner.write().apply_points(event).js()
    }

    /// A profile's points: the sum over every account merged into it.
    #[napi]
    pub fn balance(&mut self, profile_id: String) -> i64 {
        self.inner.write().balance(&profile_id)
    }

    /// How many records the book holds: the latest observation of each
    /// `source/record_id` (a nightly full re-load keeps this number).
    #[napi]
    pub fn record_count(&self) -> u32 {
        // A book cannot hold more records than u32 indexes.
        u32::try_from(self.inner.read().record_count()).unwrap_or(u32::MAX)
    }

    /// Every account's points, summed.
    #[napi]
    pub fn total_points(&self) -> i64 {
        self.inner.read().total_points()
    }

    /// The book as versioned bytes. They hold personal data.
    #[napi]
    pub fn to_snapshot(&self) -> Buffer {
        self.inner.read().to_snapshot().into()
    }

    /// `toSnapshot()` off the event loop. Reads go on meanwhile; a change
    /// on the loop waits until the snapshot is taken.
    #[napi(
        ts_args_type = "signal?: AbortSignal",
        ts_return_type = "Promise<Buffer>"
    )]
    pub fn to_snapshot_async(&self, signal: Option<Unknown>) -> Promise<Vec<u8>> {
        off_loop::snapshot(&self.inner, CustomerBook::to_snapshot, signal)
    }

    /// `fromSnapshot()` off the event loop. Leave the bytes unchanged
    /// until the Promise settles.
    #[napi(
        ts_args_type = "data: Buffer, secret?: Buffer | null, signal?: AbortSignal",
        ts_return_type = "Promise<CustomerBook>"
    )]
    pub fn from_snapshot_async(
        data: Buffer,
        secret: Option<Buffer>,
        signal: Option<Unknown>,
    ) -> Promise<JsCustomerBook> {
        promise(
            Ok(work(move |_| {
                let inner = match secret {
                    Some(secret) => CustomerBook::from_snapshot_keyed(&data, &secret),
                    None => CustomerBook::from_snapshot(&data),
                };
                Ok(JsCustomerBook {
                    inner: Arc::new(RwLock::new(inner.js()?)),
                })
            })),
            off_loop::native,
            signal,
        )
    }

    /// A book restored from `toSnapshot()` bytes; a keyed book's with the
    /// `secret` it was made with.
    #[napi(factory)]
    pub fn from_snapshot(data: Buffer, secret: Option<Buffer>) -> Result<Self> {
        let inner = match secret {
            Some(secret) => CustomerBook::from_snapshot_keyed(&data, &secret),
            None => CustomerBook::from_snapshot(&data),
        };
        Ok(JsCustomerBook {
            inner: Arc::new(RwLock::new(inner.js()?)),
        })
    }
}

/// Each record's JSON text, taken on the event loop; a record that cannot
/// be taken keeps its error in its place (the first error in order wins).
fn record_texts(
    env: &Env,
    records: &[Unknown<'_>],
) -> Vec<std::result::Result<RecordText, seamline::Error>> {
    records
        .iter()
        .enumerate()
        .map(|(i, r)| convert::record_text::<CustomerRecord>(env, r, &format!("records[{i}]")))
        .collect()
}

/// The records from their texts, in order; the first that does not read is
/// the error (nothing of the batch is added).
fn read_records(
    texts: Vec<std::result::Result<RecordText, seamline::Error>>,
) -> std::result::Result<Vec<CustomerRecord>, seamline::Error> {
    texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let field = format!("records[{i}]");
            // Attributes are keyed by data: only the record's own keys are renamed.
            parse::<CustomerRecord>(text?.parse(&field, keys::from_js_shallow)?, &field)
        })
        .collect()
}

/// Golden records are keyed by attribute names (data): they stay as given.
fn golden(p: &Profile) -> Value {
    Value::Object(
        p.golden
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

/// One profile in camelCase (its golden record as given), or `null`.
fn profile_out(p: Option<Profile>) -> Value {
    match p {
        Some(p) => {
            let mut v = out(&p);
            v["golden"] = golden(&p);
            v
        }
        None => Value::Null,
    }
}

/// A correction as a caller writes it (camelCase keys).
fn correction_in(env: &Env, correction: &Unknown) -> Result<Correction> {
    parse(
        convert::record::<Correction>(env, correction, "correction").js()?,
        "correction",
    )
    .js()
}
