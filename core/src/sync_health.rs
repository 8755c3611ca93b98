//! Sync health: lost events and syncs that have quietly stopped.
//!
//! Every source (a till, a web platform, a warehouse system) numbers what it
//! sends. A gap in the numbers is lost events; a stretch with nothing sent
//! longer than the threshold is a sync that stopped. Both are reported with
//! the source, the range and the duration, so a retailer finds a broken sync
//! before a customer does.

use crate::error::{Error, Result};
use crate::instant::Instant;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One event as a source sent it: its sequence number and when it was sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SyncObservation {
    /// The sending system or till.
    pub source: String,
    /// The source's own sequence number (increasing by one per event).
    pub sequence: u64,
    /// When the source sent it.
    pub sent_at: Instant,
}

/// Something wrong with a source's sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SyncIssue {
    /// Sequence numbers `first_missing..=last_missing` never arrived.
    Gap {
        /// The source.
        source: String,
        /// First missing number.
        first_missing: u64,
        /// Last missing number.
        last_missing: u64,
        /// How many are missing.
        missing: u64,
        /// When the event before the gap was sent.
        after: Instant,
        /// When the event after the gap was sent.
        before: Instant,
    },
    /// Nothing was sent for longer than the threshold.
    Silence {
        /// The source.
        source: String,
        /// When the last event before the silence was sent.
        from: Instant,
        /// When the next event was sent, or `now` while it lasts.
        until: Instant,
        /// Length of the silence in seconds.
        seconds: i64,
        /// True when the source is still silent at `now`.
        ongoing: bool,
    },
}

/// Finds gaps and silences per source. Output is sorted by source, then by
/// when the issue began, so the same observations always give the same list;
/// a repeated sequence number (a retry) is not an issue.
pub fn sync_health(
    observations: &[SyncObservation],
    now: Instant,
    max_silence_seconds: i64,
) -> Result<Vec<SyncIssue>> {
    if max_silence_seconds <= 0 {
        return Err(Error::invalid_argument(
            "max_silence_seconds",
            max_silence_seconds,
            "must be a positive number of seconds",
        ));
    }
    let mut by_source: BTreeMap<&str, Vec<&SyncObservation>> = BTreeMap::new();
    for o in observations {
        by_source.entry(o.source.as_str()).or_default().push(o);
    }
    // Instants lie within years 1–9999: their differences in µs fit i64.
    let seconds =
        |a: Instant, b: Instant| b.unix_micros().saturating_sub(a.unix_micros()) / 1_000_000;
    let mut issues = Vec::new();
    for (source, mut seen) in by_source {
        let mut found = Vec::new();
        seen.sort_by_key(|o| (o.sequence, o.sent_at));
        seen.dedup_by_key(|o| o.sequence);
        for pair in seen.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            // Sorted and deduplicated: b.sequence > a.sequence, so these never wrap.
            if b.sequence.saturating_sub(a.sequence) > 1 {
                found.push((
                    a.sent_at,
                    SyncIssue::Gap {
                        source: source.to_string(),
                        first_missing: a.sequence.saturating_add(1),
                        last_missing: b.sequence.saturating_sub(1),
                        missing: b.sequence.saturating_sub(a.sequence).saturating_sub(1),
                        after: a.sent_at,
                        before: b.sent_at,
                    },
                ));
            }
        }
        let mut times: Vec<Instant> = seen.iter().map(|o| o.sent_at).collect();
        times.sort();
        let silence = |from: Instant, until: Instant, ongoing: bool| SyncIssue::Silence {
            source: source.to_string(),
            from,
            until,
            seconds: seconds(from, until),
            ongoing,
        };
        for pair in times.windows(2) {
            if seconds(pair[0], pair[1]) > max_silence_seconds {
                found.push((pair[0], silence(pair[0], pair[1], false)));
            }
        }
        if let Some(&last) = times.last() {
            if seconds(last, now) > max_silence_seconds {
                found.push((last, silence(last, now, true)));
            }
        }
        found.sort_by_key(|(start, issue)| (*start, matches!(issue, SyncIssue::Silence { .. })));
        issues.extend(found.into_iter().map(|(_, issue)| issue));
    }
    Ok(issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> Instant {
        Instant::from_unix_micros(1_795_000_000_000_000 + minute * 60_000_000).unwrap()
    }

    fn obs(source: &str, sequence: u64, minute: i64) -> SyncObservation {
        SyncObservation {
            source: source.into(),
            sequence,
            sent_at: at(minute),
        }
    }

    #[test]
    fn finds_gaps_and_silences_per_source() {
        let seen = [
            obs("till-1", 1, 0),
            obs("till-1", 2, 1),
            obs("till-1", 5, 2),
            obs("web", 1, 0),
            obs("web", 2, 90),
        ];
        let issues = sync_health(&seen, at(100), 30 * 60).unwrap();
        assert_eq!(
            issues,
            [
                SyncIssue::Gap {
                    source: "till-1".into(),
                    first_missing: 3,
                    last_missing: 4,
                    missing: 2,
                    after: at(1),
                    before: at(2)
                },
                SyncIssue::Silence {
                    source: "till-1".into(),
                    from: at(2),
                    until: at(100),
                    seconds: 98 * 60,
                    ongoing: true
                },
                SyncIssue::Silence {
                    source: "web".into(),
                    from: at(0),
                    until: at(90),
                    seconds: 90 * 60,
                    ongoing: false
                },
            ]
        );
    }

    #[test]
    fn retries_and_order_do_not_matter() {
        let a = [
            obs("t", 1, 0),
            obs("t", 2, 1),
            obs("t", 2, 1),
            obs("t", 4, 3),
        ];
        let b = [obs("t", 4, 3), obs("t", 2, 1), obs("t", 1, 0)];
        assert_eq!(
            sync_health(&a, at(4), 600).unwrap(),
            sync_health(&b, at(4), 600).unwrap()
        );
        assert_eq!(sync_health(&a, at(4), 600).unwrap().len(), 1);
    }

    #[test]
    fn a_threshold_must_be_positive() {
        assert_eq!(
            sync_health(&[], at(0), 0).unwrap_err().code(),
            crate::ErrorCode::InvalidArgument
        );
        assert!(sync_health(&[], at(0), 60).unwrap().is_empty());
    }
}
