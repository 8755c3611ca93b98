//! What every snapshot shares: a sealed envelope.
//!
//! ```text
//! {"format":"seamline.ledger","version":2,"content":{…},"sha256":"…"}
//! ```
//!
//! The SHA-256 covers the content's bytes exactly as written, and every
//! level is read strictly (unknown keys refused, no field defaulted), so any
//! single-bit change to a snapshot — in the content, the digest, a key, the
//! format or the version — is refused with `INVALID_SNAPSHOT` (or
//! `UNSUPPORTED_VERSION`) before any state is built. SHA-256 (RustCrypto's
//! `sha2`, already core's hash for identifiers) rather than a CRC: it is the
//! standard a reviewer recognises, and its cost is noise beside parsing.
//!
//! Version 1 snapshots (unsealed, written before 2026-12) still load, read
//! as strictly as the content of a sealed one; version 0 never existed.

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

/// The version every snapshot writer emits: sealed with a SHA-256.
pub(crate) const SEALED: u32 = 2;
/// The unsealed version written before; still read.
const LEGACY: u32 = 1;

#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sealed<'a> {
    format: &'a str,
    version: u32,
    #[serde(borrow)]
    content: &'a RawValue,
    sha256: &'a str,
}

/// An `INVALID_SNAPSHOT` error.
pub(crate) fn invalid(reason: impl Into<String>) -> Error {
    Error::InvalidSnapshot {
        reason: reason.into(),
    }
}

fn digest(bytes: &[u8]) -> String {
    crate::customers::hex(&Sha256::digest(bytes))
}

/// `content` sealed as `format` at the current version.
pub(crate) fn write<T: Serialize + ?Sized>(format: &str, content: &T) -> Vec<u8> {
    // Serializing plain data to a Vec cannot fail.
    let body = serde_json::to_vec(content).unwrap_or_default();
    let format = serde_json::to_string(format).unwrap_or_default();
    let seal = digest(&body);
    let mut out = Vec::with_capacity(body.len().saturating_add(160));
    out.extend_from_slice(b"{\"format\":");
    out.extend_from_slice(format.as_bytes());
    out.extend_from_slice(format!(",\"version\":{SEALED},\"content\":").as_bytes());
    out.extend_from_slice(&body);
    out.extend_from_slice(b",\"sha256\":\"");
    out.extend_from_slice(seal.as_bytes());
    out.extend_from_slice(b"\"}");
    out
}

/// Reads `bytes` as `format`'s content, checking the envelope first: the
/// format, a version this build reads (`UNSUPPORTED_VERSION` for a newer
/// one), and for a sealed snapshot its digest. `T` should refuse unknown
/// fields and default none.
pub(crate) fn read<T: DeserializeOwned>(bytes: &[u8], format: &str) -> Result<T> {
    let header: Header =
        serde_json::from_slice(bytes).map_err(|e| invalid(format!("unreadable header: {e}")))?;
    if header.format != format {
        return Err(invalid(format!(
            "format {:?} is not {format:?}",
            header.format
        )));
    }
    match header.version {
        0 => Err(invalid("version 0 was never written")),
        LEGACY => read_legacy(bytes),
        SEALED => {
            let sealed: Sealed =
                serde_json::from_slice(bytes).map_err(|e| invalid(e.to_string()))?;
            if sealed.format != format || sealed.version != SEALED {
                return Err(invalid("the envelope names two formats or versions"));
            }
            if sealed.sha256 != digest(sealed.content.get().as_bytes()) {
                return Err(invalid(
                    "its SHA-256 does not match its content: the bytes were changed or cut",
                ));
            }
            serde_json::from_str(sealed.content.get()).map_err(|e| invalid(e.to_string()))
        }
        newer => Err(Error::UnsupportedVersion {
            found: newer.to_string(),
            supported: SEALED.to_string(),
        }),
    }
}

/// A version 1 snapshot: the content's fields beside `format` and
/// `version` (the catalog's under `body`), read as strictly as sealed ones.
fn read_legacy<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    let mut value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| invalid(e.to_string()))?;
    let object = value
        .as_object_mut()
        .ok_or_else(|| invalid("a snapshot is a JSON object"))?;
    object.remove("format");
    object.remove("version");
    if object.len() == 1 {
        if let Some(body) = object.remove("body") {
            value = body;
        }
    }
    serde_json::from_value(value).map_err(|e| invalid(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Content {
        total: String,
        held: Vec<u32>,
    }

    fn sample() -> Vec<u8> {
        write(
            "seamline.test",
            &Content {
                total: "39.39".into(),
                held: vec![1, 2, 3],
            },
        )
    }

    #[test]
    fn a_sealed_snapshot_round_trips() {
        let bytes = sample();
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(text.starts_with(r#"{"format":"seamline.test","version":2,"content":{"#));
        let back: Content = read(&bytes, "seamline.test").unwrap();
        assert_eq!(back.total, "39.39");
    }

    #[test]
    fn version_zero_and_newer_versions_are_refused() {
        let text = String::from_utf8(sample()).unwrap();
        let zero = text.replace("\"version\":2", "\"version\":0");
        let err = read::<Content>(zero.as_bytes(), "seamline.test").unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::InvalidSnapshot);
        let newer = text.replace("\"version\":2", "\"version\":3");
        let err = read::<Content>(newer.as_bytes(), "seamline.test").unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::UnsupportedVersion);
    }

    #[test]
    fn a_legacy_snapshot_loads_strictly() {
        let v1 = br#"{"format":"seamline.test","version":1,"total":"1","held":[]}"#;
        assert_eq!(read::<Content>(v1, "seamline.test").unwrap().total, "1");
        let unknown = br#"{"format":"seamline.test","version":1,"total":"1","held":[],"x":1}"#;
        assert!(read::<Content>(unknown, "seamline.test").is_err());
        let missing = br#"{"format":"seamline.test","version":1,"total":"1"}"#;
        assert!(read::<Content>(missing, "seamline.test").is_err());
    }

    proptest! {
        #[test]
        fn every_single_bit_flip_is_refused(bit in 0usize..10_000) {
            let mut bytes = sample();
            let bit = bit % (bytes.len() * 8);
            bytes[bit / 8] ^= 1 << (bit % 8);
            prop_assert!(read::<Content>(&bytes, "seamline.test").is_err());
        }
    }
}
