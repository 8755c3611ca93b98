//! The exception queue across days: what is new, what persists, what was
//! resolved, and what a person accepted.

use super::exception::{ReasonCode, RowRef, Severity};
use super::tieout::Report;
use crate::error::{Error, Result};
use crate::instant::Instant;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where an exception stands today.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum QueueStatus {
    /// First seen today.
    New,
    /// Open yesterday, still open.
    Persisting,
    /// Open yesterday, gone today: its inputs now tie out.
    Resolved,
    /// A person accepted it and its inputs have not changed: closed.
    Accepted,
    /// Accepted earlier, but its inputs changed: open again.
    Reopened,
}

impl QueueStatus {
    /// Whether a person still has to work it.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            QueueStatus::New | QueueStatus::Persisting | QueueStatus::Reopened
        )
    }
}

/// A person's decision to accept an exception as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// The exception.
    pub exception_id: String,
    /// Its fingerprint when accepted: a change reopens it.
    pub fingerprint: String,
    /// Who.
    pub by: String,
    /// Why (required: the next person needs it).
    pub note: String,
    /// When.
    pub at: Instant,
}

/// One item of the queue as it stands after today's run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QueueItem {
    /// The exception's stable id.
    pub exception_id: String,
    /// Today's status.
    pub status: QueueStatus,
    /// Why it is in the queue.
    pub reason: ReasonCode,
    /// Today's severity (yesterday's for a resolved item).
    pub severity: Severity,
    /// The record to open.
    pub key: RowRef,
    /// Today's fingerprint (yesterday's for a resolved item).
    pub fingerprint: String,
    /// The as-of of the run that first reported it.
    pub first_seen: Instant,
    /// The acceptance, while it holds (kept on a reopened item, for history).
    pub acceptance: Option<Acceptance>,
}

/// Today's queue from yesterday's and today's report. `previous` is
/// yesterday's output (resolved items in it are ignored); `accepted` are
/// decisions made since. Sorted by status (open first), then as the report sorts.
pub fn update_queue(
    previous: &[QueueItem],
    report: &Report,
    accepted: &[Acceptance],
) -> Result<Vec<QueueItem>> {
    let mut before: BTreeMap<&str, &QueueItem> = BTreeMap::new();
    for item in previous
        .iter()
        .filter(|i| i.status != QueueStatus::Resolved)
    {
        if before.insert(&item.exception_id, item).is_some() {
            return Err(Error::invalid_argument(
                "previous",
                &item.exception_id,
                "the exception appears twice in yesterday's queue",
            ));
        }
    }
    let mut decisions: BTreeMap<&str, &Acceptance> = BTreeMap::new();
    for a in accepted {
        if a.note.trim().is_empty() || a.by.trim().is_empty() {
            return Err(Error::invalid_argument(
                "accepted",
                &a.exception_id,
                "an acceptance needs who accepted it and a note saying why",
            ));
        }
        decisions.insert(&a.exception_id, a);
    }
    let mut out = Vec::with_capacity(report.exceptions.len().saturating_add(before.len()));
    for e in &report.exceptions {
        let earlier = before.remove(e.id.as_str());
        let acceptance = decisions
            .get(e.id.as_str())
            .copied()
            .or_else(|| earlier.and_then(|i| i.acceptance.as_ref()))
            .cloned();
        let status = match (&acceptance, earlier) {
            (Some(a), _) if a.fingerprint == e.fingerprint => QueueStatus::Accepted,
            (Some(_), _) => QueueStatus::Reopened,
            (None, Some(_)) => QueueStatus::Persisting,
            (None, None) => QueueStatus::New,
        };
        out.push(QueueItem {
            exception_id: e.id.clone(),
            status,
            reason: e.reason,
            severity: e.severity,
            key: e.key.clone(),
            fingerprint: e.fingerprint.clone(),
            first_seen: earlier.map_or(report.as_of, |i| i.first_seen),
            acceptance,
        });
    }
    out.extend(before.into_values().map(|item| QueueItem {
        status: QueueStatus::Resolved,
        ..item.clone()
    }));
    out.sort_by_key(|i| !i.status.is_open());
    Ok(out)
}
