//! Instants for Swift: `Date` to and from core's `Instant`, and RFC 3339
//! text read by core.

use crate::SeamlineError;
use seamline::Instant;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `Date` → core instant.
pub(crate) fn instant(t: SystemTime) -> seamline::Result<Instant> {
    let micros = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_micros()),
        Err(e) => i64::try_from(e.duration().as_micros()).map(|m| -m),
    };
    let micros =
        micros.map_err(|_| seamline::Error::invalid_argument("instant", "Date", "out of range"))?;
    Instant::from_unix_micros(micros)
}

/// A `Date` as core's instant text and back: records a Swift app gives are
/// written for core's schema reader (one out of range is written as text
/// that reader refuses, by field), and values core hands out are read from
/// its RFC 3339 text.
pub(crate) mod instant_serde {
    use std::time::SystemTime;

    pub(crate) fn serialize<S: serde::Serializer>(t: &SystemTime, s: S) -> Result<S::Ok, S::Error> {
        match super::instant(*t) {
            Ok(at) => s.serialize_str(&at.to_rfc3339()),
            Err(_) => s.serialize_str("(a Date out of range)"),
        }
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<SystemTime, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        seamline::Instant::parse(&text)
            .map(super::system_time)
            .map_err(serde::de::Error::custom)
    }
}

/// [`instant_serde`] for an instant that may be absent.
pub(crate) mod optional_instant_serde {
    use std::time::SystemTime;

    pub(crate) fn serialize<S: serde::Serializer>(
        t: &Option<SystemTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => super::instant_serde::serialize(t, s),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Option<SystemTime>, D::Error> {
        match <Option<std::borrow::Cow<'de, str>> as serde::Deserialize>::deserialize(d)? {
            Some(t) => seamline::Instant::parse(&t)
                .map(|at| Some(super::system_time(at)))
                .map_err(serde::de::Error::custom),
            None => Ok(None),
        }
    }
}

/// Core instant → `Date`.
pub(crate) fn system_time(i: Instant) -> SystemTime {
    let micros = i.unix_micros();
    if micros >= 0 {
        UNIX_EPOCH + Duration::from_micros(micros.unsigned_abs())
    } else {
        UNIX_EPOCH - Duration::from_micros(micros.unsigned_abs())
    }
}

/// Parses RFC 3339 text (with an offset) into a `Date`; a zone-less time throws.
#[seamline_guard::guard]
#[uniffi::export]
pub fn parse_instant(text: String) -> Result<SystemTime, SeamlineError> {
    Ok(system_time(Instant::parse(&text)?))
}

/// Canonical UTC RFC 3339 text for RFC 3339 text; a zone-less time is refused.
#[seamline_guard::guard]
#[uniffi::export]
pub fn canonical_instant(text: String) -> Result<String, SeamlineError> {
    Ok(seamline::Instant::parse(&text)?.to_rfc3339())
}
