//! The customer book's versioned byte format. Personal data: the records'
//! clear identifiers and attributes (names, addresses, consent), and the
//! loyalty ids in points events. Profiles are not stored: they are
//! recomputed from the records on load, so the restored book is identical.

use super::book::{Account, CustomerBook, PointsEvent};
use super::record::{CustomerRecord, LinkPolicy};
use super::resolve::Correction;
use crate::error::Result;
use crate::snapshot::invalid;
use serde::{Deserialize, Serialize};

const FORMAT: &str = "seamline.customers";

#[derive(Serialize)]
struct SnapshotOut<'a> {
    policy: &'a LinkPolicy,
    records: &'a [CustomerRecord],
    corrections: &'a [Correction],
    points: &'a [PointsEvent],
    /// Each event's postings (`[account name, points]`), as applied.
    postings: Vec<Vec<(String, i64)>>,
    /// A keyed book's secret's fingerprint (never the secret).
    #[serde(skip_serializing_if = "Option::is_none")]
    keyed: Option<String>,
}

/// Every field explicit, no other field accepted (see `crate::snapshot`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SnapshotIn {
    policy: LinkPolicy,
    records: Vec<CustomerRecord>,
    corrections: Vec<Correction>,
    points: Vec<PointsEvent>,
    /// Absent in snapshots written before postings were kept: each event
    /// then replays onto its own account, as it was applied then.
    #[serde(default)]
    postings: Option<Vec<Vec<(String, i64)>>>,
    /// Present when the book was keyed: its secret's fingerprint.
    #[serde(default)]
    keyed: Option<String>,
}

impl CustomerBook {
    /// Serializes the book (UTF-8 JSON, versioned). It holds personal data.
    pub fn to_snapshot(&self) -> Vec<u8> {
        let (records, corrections, points) = self.parts();
        let out = SnapshotOut {
            policy: self.policy(),
            records,
            corrections,
            points,
            postings: self
                .raw_postings()
                .iter()
                .map(|p| p.iter().map(|(a, n)| (a.name(), *n)).collect())
                .collect(),
            keyed: self.fingerprint(),
        };
        crate::snapshot::write(FORMAT, &out)
    }

    /// Restores a book from [`CustomerBook::to_snapshot`] bytes. A keyed
    /// book's snapshot needs its secret: [`CustomerBook::from_snapshot_keyed`].
    pub fn from_snapshot(bytes: &[u8]) -> Result<CustomerBook> {
        CustomerBook::restore(bytes, None)
    }

    /// Restores a keyed book with the secret it was made with (a different
    /// secret, or a snapshot of a book that was not keyed, is
    /// `INVALID_ARGUMENT`: its profile ids would all change).
    pub fn from_snapshot_keyed(bytes: &[u8], secret: &[u8]) -> Result<CustomerBook> {
        CustomerBook::restore(bytes, Some(secret))
    }

    fn restore(bytes: &[u8], secret: Option<&[u8]>) -> Result<CustomerBook> {
        let body: SnapshotIn = crate::snapshot::read(bytes, FORMAT)?;
        let mut book = match secret {
            Some(secret) => CustomerBook::keyed(body.policy, secret)?,
            None => CustomerBook::new(body.policy)
                .map_err(|e| invalid(format!("its policy does not load: {e}")))?,
        };
        if book.fingerprint() != body.keyed {
            let reason = match (&body.keyed, secret) {
                (Some(_), None) => "the book was keyed: restore it with its secret",
                (None, Some(_)) => "the book was not keyed: restore it without a secret",
                _ => "is not the secret the book was keyed with",
            };
            return Err(crate::error::Error::invalid_argument(
                "secret", "(secret)", reason,
            ));
        }
        book.add_records(body.records)
            .map_err(|e| invalid(format!("a record does not load: {e}")))?;
        for c in body.corrections {
            book.correct(c)
                .map_err(|e| invalid(format!("a correction does not load: {e}")))?;
        }
        // Points replay as the facts they became: a redemption is not judged
        // again against profiles that later corrections changed.
        let postings = match body.postings {
            Some(p) if p.len() == body.points.len() => Some(p),
            Some(_) => {
                return Err(invalid(
                    "it holds postings for a different number of points events",
                ))
            }
            None => None,
        };
        for (i, e) in body.points.into_iter().enumerate() {
            let fail = |e: String| invalid(format!("points event {i} does not replay: {e}"));
            let posted = match &postings {
                Some(p) => Some(
                    p[i].iter()
                        .map(|(name, n)| Account::parse(name).map(|a| (a, *n)))
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| fail("an account name is not an account".into()))?,
                ),
                // An older snapshot: drawn again, against the restored profiles.
                None => None,
            };
            book.restore_points(e, posted)
                .map_err(|e| fail(e.to_string()))?;
        }
        Ok(book)
    }
}
