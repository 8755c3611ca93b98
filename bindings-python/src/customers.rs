//! `seamline.CustomerBook` and the identifier functions for Python.
//!
//! Records, corrections and points events are dicts in core's wire form;
//! times are aware `datetime` or RFC 3339 text. Clear emails and phones
//! never appear in errors: core redacts them.

use crate::convert::parse;
use crate::error::IntoPy;
use crate::ledger::to_py;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use seamline::customers::{
    self as core, CustomerBook, CustomerRecord, HashConvention, LinkPolicy, LoyaltyFormat, Scoring,
};
use std::sync::Mutex;

/// An email's canonical form (`provider_rules`: Gmail dot and +tag folding).
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (value, *, provider_rules = false))]
pub fn normalize_email(value: &str, provider_rules: bool) -> PyResult<String> {
    core::normalize_email(value, provider_rules).py()
}

/// A phone number in E.164, read with the numbering plan of `region` (ISO 3166)
/// unless it carries its own `+` country code.
#[seamline_guard::guard]
#[pyfunction]
pub fn normalize_phone(value: &str, region: &str) -> PyResult<String> {
    core::normalize_phone(value, region).py()
}

/// A loyalty id in the program's form (spaces and dashes removed, upper-cased, checked).
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (value, **format))]
pub fn normalize_loyalty(
    py: Python<'_>,
    value: &str,
    format: Option<&Bound<'_, pyo3::types::PyDict>>,
) -> PyResult<String> {
    // `min_len`, `max_len`, `digits_only`: core's `LoyaltyFormat` and its defaults.
    let format: LoyaltyFormat = crate::convert::keywords(py, &[], format, "format")?;
    core::normalize_loyalty(value, &format).py()
}

/// The SHA-256 hex of an already-canonical identifier, as a destination wants
/// it: `"canonical"`, `"phone_digits_only"`, `"gmail_folded"` or `"email_lowercase"`.
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (kind, canonical, convention = "canonical"))]
pub fn hash_identifier(kind: &str, canonical: &str, convention: &str) -> PyResult<String> {
    let convention = HashConvention::from_name(convention).py()?;
    core::render_hash(kind, canonical, convention).py()
}

/// Customer records, corrections and the points ledger, kept resolved into profiles.
#[pyclass(name = "CustomerBook", module = "seamline", frozen)]
pub struct PyCustomerBook(Mutex<CustomerBook>);

impl PyCustomerBook {
    fn lock(&self) -> std::sync::MutexGuard<'_, CustomerBook> {
        crate::lock::lock(&self.0)
    }
}

#[seamline_guard::guard]
#[pymethods]
impl PyCustomerBook {
    /// An empty book. `policy`: a dict of `LinkPolicy` fields (`link_kinds`,
    /// `limits`, `blocked`, `email_provider_rules`, `default_region`,
    /// `loyalty_format`, `source_priority`); left-out fields take the defaults.
    /// A policy mistake (an unknown `default_region`, a limit of 0) raises
    /// `InvalidArgumentError` here, not on every record later. `secret`
    /// (at least 16 bytes): profile ids and every identifier hash shown are
    /// HMAC-SHA-256 under it, so none can be reversed by hashing every
    /// phone number; it is not stored in snapshots.
    #[new]
    #[pyo3(signature = (policy = None, *, secret = None))]
    fn new(policy: Option<&Bound<'_, PyAny>>, secret: Option<&[u8]>) -> PyResult<Self> {
        let policy: LinkPolicy = match policy {
            Some(p) => parse(p, "policy").py()?,
            None => LinkPolicy::default(),
        };
        let book = match secret {
            Some(secret) => CustomerBook::keyed(policy, secret),
            None => CustomerBook::new(policy),
        };
        Ok(PyCustomerBook(Mutex::new(book.py()?)))
    }

    /// Adds records (any order, any batches: the result is the same). Only
    /// the profiles the new records can reach are resolved again, so adding
    /// one shopper to a book of millions takes microseconds. A malformed
    /// record (or one whose `source` holds a `/`, which ends the source in a
    /// record's key) raises and adds nothing of the batch.
    fn add_records(&self, py: Python<'_>, records: Vec<Bound<'_, PyAny>>) -> PyResult<()> {
        let records: Vec<CustomerRecord> = crate::convert::parse_each(&records, "records").py()?;
        // Resolution is the work; the records are Rust values by now.
        py.detach(|| self.lock().add_records(records)).py()
    }

    /// Adds a person's correction: `{"type": "never_link" | "always_link",
    /// "record_a", "record_b", "by", "reason"}`, `{"type": "accept_review",
    /// "left", "right", "by", "reason"}` (a review item's two sides, merged
    /// as shown) or `{"type": "never_link_value", "identifier", "by",
    /// "reason"}`. One without `by`, linking a record to itself, or
    /// never-linking an invalid value raises and changes nothing. Returns
    /// what it changed: `{"recorded", "moved": [{"record", "from", "to"}],
    /// "balances": [{"profile_id", "before", "after"}]}`.
    fn correct<'py>(
        &self,
        py: Python<'py>,
        correction: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let correction = parse(correction, "correction").py()?;
        let effect = self.lock().correct(correction).py()?;
        to_py(py, &effect)
    }

    /// Withdraws a correction made before (as `corrections()` lists it):
    /// the book is as if it had never been made. Returns what that changed,
    /// as `correct` does; `recorded` is `False` when it was not there.
    fn withdraw<'py>(
        &self,
        py: Python<'py>,
        correction: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let correction = parse(correction, "correction").py()?;
        let effect = self.lock().withdraw(correction).py()?;
        to_py(py, &effect)
    }

    /// Scored suggestions for profiles no identifier joins (Fellegi–Sunter
    /// on names, date of birth and address; m and u estimated by EM unless
    /// `scoring` gives them): `{"suggestions": [{"record_a", "record_b",
    /// "left", "right", "score", "probability", "evidence"}], "candidates",
    /// "prior", "model"}`, best first. Nothing is merged: accept one with
    /// `correct({"type": "accept_review", "left": s["left"], "right":
    /// s["right"], ...})`. `scoring`: a dict of `Scoring` fields.
    #[pyo3(signature = (scoring = None))]
    fn suggestions<'py>(
        &self,
        py: Python<'py>,
        scoring: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        // Probabilities are floats: core's schema reader decides per field
        // (a float where core wants an integer is still refused).
        let scoring: Scoring = match scoring {
            Some(s) => seamline::input::from_value(
                crate::convert::record_json(s, "scoring").py()?,
                "scoring",
            )
            .py()?,
            None => Scoring::default(),
        };
        let found = py.detach(|| self.lock().suggestions(&scoring)).py()?;
        to_py(py, &found)
    }

    /// The corrections in force, sorted.
    fn corrections<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.lock().corrections())
    }

    /// Points held by accounts no profile holds yet (a record not in the
    /// book, a card no record carries): `[{"account", "points"}]`, the
    /// account as `record:<key>` or `loyalty:<sha256 hex>`.
    fn unclaimed_points<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.lock().unclaimed_points())
    }

    /// Each points event's postings in the order applied:
    /// `[(event_id, [(account, points)])]`. A debit draws from its own
    /// account first, then the profile's others, so none goes below zero.
    fn postings(&self) -> Vec<(String, Vec<(String, i64)>)> {
        self.lock().postings()
    }

    /// Profiles, merges, the review queue and per-record issues.
    fn resolution<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let mut book = self.lock();
        to_py(py, book.resolution())
    }

    /// The profiles of `resolution()` as a `pyarrow.Table`: a row per
    /// profile, `members` a list column, `golden` and `identifiers` JSON
    /// text (hashed identifiers only, as everywhere).
    fn profiles_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let profiles = self.lock().resolution().profiles.clone();
        crate::arrow::rows_table(py, &profiles, "profiles_table")
    }

    /// The profile a record (`"source/record_id"`) is in now, or `None` for
    /// a record the book does not hold. Reads one profile: microseconds,
    /// where `resolution()` builds every profile.
    fn profile_of<'py>(&self, py: Python<'py>, record: &str) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.lock().profile_of(record))
    }

    /// The profile with this id now, or `None` (a merge may have absorbed it).
    fn profile<'py>(&self, py: Python<'py>, profile_id: &str) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.lock().profile(profile_id))
    }

    /// Every profile's id, in id order.
    fn profile_ids(&self) -> Vec<String> {
        self.lock().profile_ids()
    }

    /// Every profile in id order, each read when the loop reaches it: a
    /// million profiles written out one by one without holding them all
    /// (`resolution()` builds every one first). A profile that a change made
    /// during the loop absorbed is skipped; the others read as they are then.
    fn profiles(slf: &Bound<'_, Self>) -> PyProfileIterator {
        PyProfileIterator {
            ids: slf.get().lock().profile_ids().into_iter(),
            book: slf.clone().unbind(),
        }
    }

    /// Applies a points event; `False` for a duplicate. A debit (a
    /// redemption, an expiry, a negative adjustment) beyond the profile's
    /// balance raises `InsufficientPointsError`.
    fn apply_points(&self, event: &Bound<'_, PyAny>) -> PyResult<bool> {
        let event = parse(event, "event").py()?;
        self.lock().apply_points(event).py()
    }

    /// A profile's points: the sum over every account merged into it.
    fn balance(&self, profile_id: &str) -> i64 {
        self.lock().balance(profile_id)
    }

    /// How many records the book holds: the latest observation of each
    /// `source/record_id` (a nightly full re-load keeps this number).
    fn record_count(&self) -> usize {
        self.lock().record_count()
    }

    /// Every account's points, summed.
    fn total_points(&self) -> i64 {
        self.lock().total_points()
    }

    /// The book as versioned bytes. They hold personal data.
    fn to_snapshot<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        // Serialising a large state is work: done without the GIL.
        let bytes = py.detach(|| self.lock().to_snapshot());
        PyBytes::new(py, &bytes)
    }

    /// A book restored from `to_snapshot()` bytes; a keyed book's with
    /// the `secret` it was made with.
    #[staticmethod]
    #[pyo3(signature = (data, *, secret = None))]
    fn from_snapshot(data: &[u8], secret: Option<&[u8]>) -> PyResult<Self> {
        let book = match secret {
            Some(secret) => CustomerBook::from_snapshot_keyed(data, secret),
            None => CustomerBook::from_snapshot(data),
        };
        Ok(PyCustomerBook(Mutex::new(book.py()?)))
    }
}

/// `CustomerBook.profiles()`: the book's profiles in id order, one at a time.
#[pyclass(name = "ProfileIterator", module = "seamline")]
pub struct PyProfileIterator {
    book: Py<PyCustomerBook>,
    ids: std::vec::IntoIter<String>,
}

#[seamline_guard::guard]
#[pymethods]
impl PyProfileIterator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let book = self.book.get().lock();
        for id in self.ids.by_ref() {
            if let Some(profile) = book.profile(&id) {
                return to_py(py, &profile).map(Some);
            }
        }
        Ok(None)
    }

    /// Profiles not yet read (fewer if a change absorbs some).
    fn __length_hint__(&self) -> usize {
        self.ids.len()
    }
}
