//! Sync health for Swift: gaps and silences in each source's feed (core's
//! `sync_health`).

use crate::instant::instant;
use crate::results::{SyncIssue, SyncObservation};
use crate::{from_swift, swift, SeamlineError};
use std::time::SystemTime;

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
    let parsed: Vec<core_sync::SyncObservation> = from_swift(&observations, "observations")?;
    swift(&core_sync::sync_health(
        &parsed,
        instant(now)?,
        max_silence_seconds,
    )?)
}
