//! Instants in UTC.
//!
//! Seamline never reads a clock: every instant is passed in. A zone-less
//! local time is ambiguous (which till's zone? which side of a DST change?),
//! so it is refused rather than guessed.

use crate::error::{Error, Result};
use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A point in time, UTC, with microsecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Instant(DateTime<Utc>);

impl Instant {
    /// Parses RFC 3339 text with an offset (`Z` or `±hh:mm`) and converts it to UTC.
    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim();
        match DateTime::parse_from_rfc3339(t) {
            Ok(dt) => Ok(Instant::from_utc(dt.with_timezone(&Utc))),
            Err(_) => {
                let naive = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
                    .iter()
                    .any(|f| NaiveDateTime::parse_from_str(t, f).is_ok());
                let reason = if naive {
                    "has no UTC offset; a zone-less local time is ambiguous, add Z or ±hh:mm"
                } else {
                    "expected RFC 3339 text such as 2026-11-26T10:00:00Z"
                };
                Err(Error::InvalidTimestamp {
                    field: "instant".into(),
                    value: text.to_string(),
                    reason: reason.into(),
                })
            }
        }
    }

    /// An instant from a UTC date-time, truncated to microseconds.
    pub fn from_utc(dt: DateTime<Utc>) -> Self {
        let micros = dt.timestamp_micros();
        Instant(DateTime::from_timestamp_micros(micros).unwrap_or(dt))
    }

    /// Microseconds since the Unix epoch.
    pub fn unix_micros(&self) -> i64 {
        self.0.timestamp_micros()
    }

    /// An instant from microseconds since the Unix epoch.
    pub fn from_unix_micros(micros: i64) -> Result<Self> {
        DateTime::from_timestamp_micros(micros)
            .map(Instant)
            .ok_or_else(|| Error::InvalidTimestamp {
                field: "instant".into(),
                value: micros.to_string(),
                reason: "out of the representable range".into(),
            })
    }

    /// The UTC date-time.
    pub fn as_datetime(&self) -> DateTime<Utc> {
        self.0
    }

    /// Canonical RFC 3339 text: UTC with `Z`, fractional seconds only when present.
    pub fn to_rfc3339(&self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Instant::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn offsets_convert_to_utc() {
        let i = Instant::parse("2026-11-26T10:00:00+01:00").unwrap();
        assert_eq!(i.to_rfc3339(), "2026-11-26T09:00:00Z");
        let j = Instant::parse("2026-11-26T09:00:00.250Z").unwrap();
        assert_eq!(j.to_rfc3339(), "2026-11-26T09:00:00.250Z");
        assert!(i < j);
    }

    #[test]
    fn naive_local_time_is_refused_with_a_reason() {
        let err = Instant::parse("2026-11-26T10:00:00").unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidTimestamp);
        assert!(err.to_string().contains("no UTC offset"), "{err}");
        let err = Instant::parse("yesterday").unwrap_err();
        assert!(err.to_string().contains("RFC 3339"), "{err}");
    }

    #[test]
    fn micros_round_trip() {
        let i = Instant::parse("2026-01-02T03:04:05.123456Z").unwrap();
        assert_eq!(Instant::from_unix_micros(i.unix_micros()).unwrap(), i);
        assert!(Instant::from_unix_micros(i64::MAX).is_err());
    }

    #[test]
    fn serde_round_trip() {
        let i = Instant::parse("2026-11-26T09:00:00Z").unwrap();
        let json = serde_json::to_string(&i).unwrap();
        assert_eq!(json, "\"2026-11-26T09:00:00Z\"");
        assert_eq!(serde_json::from_str::<Instant>(&json).unwrap(), i);
    }
}
