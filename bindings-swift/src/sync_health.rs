//! Sync health for Swift: gaps and silences in each source's feed (core's
//! `sync_health`).

use crate::instant::{instant, system_time};
use crate::SeamlineError;
use std::time::SystemTime;

/// One event as a source sent it.
#[derive(uniffi::Record)]
pub struct SyncObservation {
    pub source: String,
    pub sequence: u64,
    pub sent_at: SystemTime,
}

/// Something wrong with a source's sync.
#[derive(uniffi::Enum)]
pub enum SyncIssue {
    Gap {
        source: String,
        first_missing: u64,
        last_missing: u64,
        missing: u64,
        after: SystemTime,
        before: SystemTime,
    },
    Silence {
        source: String,
        from: SystemTime,
        until: SystemTime,
        seconds: i64,
        ongoing: bool,
    },
}

/// Gaps in each source's sequence numbers and silences longer than
/// `max_silence_seconds`, sorted by source and time.
#[seamline_guard::guard]
#[uniffi::export]
pub fn sync_health(
    observations: Vec<SyncObservation>,
    now: SystemTime,
    max_silence_seconds: i64,
) -> Result<Vec<SyncIssue>, SeamlineError> {
    use seamline::sync_health as core_sync;
    let parsed = observations
        .into_iter()
        .map(|o| {
            Ok(core_sync::SyncObservation {
                source: o.source,
                sequence: o.sequence,
                sent_at: instant(o.sent_at)?,
            })
        })
        .collect::<seamline::Result<Vec<_>>>()?;
    let issues = core_sync::sync_health(&parsed, instant(now)?, max_silence_seconds)?;
    Ok(issues
        .into_iter()
        .map(|issue| match issue {
            core_sync::SyncIssue::Gap {
                source,
                first_missing,
                last_missing,
                missing,
                after,
                before,
            } => SyncIssue::Gap {
                source,
                first_missing,
                last_missing,
                missing,
                after: system_time(after),
                before: system_time(before),
            },
            core_sync::SyncIssue::Silence {
                source,
                from,
                until,
                seconds,
                ongoing,
            } => SyncIssue::Silence {
                source,
                from: system_time(from),
                until: system_time(until),
                seconds,
                ongoing,
            },
        })
        .collect())
}
