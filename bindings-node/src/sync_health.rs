//! `syncHealth` for JS: gaps and silences in each source's feed (core's
//! `sync_health`).

use crate::convert;
use crate::error::{IntoJs, Result};
use crate::keys::out;
use napi::bindgen_prelude::Unknown;
use napi::Env;
use napi_derive::napi;
use seamline::sync_health::SyncObservation;
use serde_json::Value;

/// Gaps in each source's sequence numbers and silences longer than
/// `maxSilenceSeconds`, sorted by source and time.
#[seamline_guard::guard]
#[napi(
    ts_args_type = "observations: import('./ledger').SyncObservation[], now: string | Date, maxSilenceSeconds: number",
    ts_return_type = "import('./ledger').SyncIssue[]"
)]
pub fn sync_health(
    env: Env,
    observations: Unknown,
    now: Unknown,
    max_silence_seconds: Unknown,
) -> Result<Value> {
    let now = crate::instant::read(&now, "now")?;
    let threshold = convert::integer(&max_silence_seconds, "max_silence_seconds")?;
    let parsed: Vec<SyncObservation> = convert::read_records(&env, &observations, "observations")?;
    Ok(out(&seamline::sync_health::sync_health(
        &parsed, now, threshold,
    )
    .js()?))
}
