//! What every versioned snapshot shares: a `format` name and a `version`,
//! checked before the body is read, so bad bytes give a clear error and
//! never a half-loaded state.

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use serde::Deserialize;

#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

/// An `INVALID_SNAPSHOT` error.
pub(crate) fn invalid(reason: impl Into<String>) -> Error {
    Error::InvalidSnapshot {
        reason: reason.into(),
    }
}

/// Reads `bytes` as a `T` once its header says `format` at a version this
/// build reads (`UNSUPPORTED_VERSION` for a newer one).
pub(crate) fn read<T: DeserializeOwned>(bytes: &[u8], format: &str, supported: u32) -> Result<T> {
    let header: Header =
        serde_json::from_slice(bytes).map_err(|e| invalid(format!("unreadable header: {e}")))?;
    if header.format != format {
        return Err(invalid(format!(
            "format {:?} is not {format:?}",
            header.format
        )));
    }
    if header.version > supported {
        return Err(Error::UnsupportedVersion {
            found: header.version.to_string(),
            supported: supported.to_string(),
        });
    }
    serde_json::from_slice(bytes).map_err(|e| invalid(e.to_string()))
}
