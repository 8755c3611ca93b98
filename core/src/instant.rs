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
///
/// Held as microseconds since the Unix epoch (always within chrono's range):
/// comparing, sorting and adding days cost an integer operation, which a
/// tie-out of millions of rows does many times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Instant(i64);

/// The first instant Seamline accepts as input: 0001-01-01T00:00:00Z.
const FIRST: i64 = -62_135_596_800_000_000;
/// The last: 9999-12-31T23:59:59.999999Z. Every accepted instant has a
/// four-digit UTC year, so RFC 3339 text (a snapshot's) can hold it.
const LAST: i64 = 253_402_300_799_999_999;

impl Instant {
    /// Parses RFC 3339 text with an offset (`Z` or `±hh:mm`) and converts it
    /// to UTC. An instant outside the years 0001–9999 in UTC is refused
    /// (`9999-12-31T23:30:00-01:00` is in year 10000), so everything read
    /// can be written to a snapshot and read back.
    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim();
        if let Some(fast) = Self::parse_utc_seconds(t) {
            return Self::storable(fast, text);
        }
        match DateTime::parse_from_rfc3339(t) {
            Ok(dt) => Self::storable(Instant::from_utc(dt.with_timezone(&Utc)), text),
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

    /// `at`, if its UTC year is 0001–9999.
    fn storable(at: Instant, text: &str) -> Result<Self> {
        if (FIRST..=LAST).contains(&at.0) {
            return Ok(at);
        }
        Err(Error::InvalidTimestamp {
            field: "instant".into(),
            value: crate::input::shown(text, false),
            reason: "is outside the years 0001-9999 in UTC, which Seamline stores".into(),
        })
    }

    /// The common canonical form `YYYY-MM-DDTHH:MM:SSZ`, read without the
    /// general RFC 3339 parser (a tie-out reads millions of them). `None`
    /// for any other form, which the general parser then reads or refuses.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "at most four decimal digits: below 10^4"
    )]
    fn parse_utc_seconds(t: &str) -> Option<Self> {
        let b = t.as_bytes();
        if b.len() != 20
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
            || b[19] != b'Z'
        {
            return None;
        }
        let num = |range: std::ops::Range<usize>| -> Option<u32> {
            b[range].iter().try_fold(0u32, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        let date = chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
        let time = date.and_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)?;
        Some(Instant(time.and_utc().timestamp_micros()))
    }

    /// An instant from a UTC date-time, truncated to microseconds.
    pub fn from_utc(dt: DateTime<Utc>) -> Self {
        // chrono's range (±262,000 years) fits in i64 microseconds.
        Instant(dt.timestamp_micros())
    }

    /// Microseconds since the Unix epoch.
    pub fn unix_micros(&self) -> i64 {
        self.0
    }

    /// An instant from microseconds since the Unix epoch; one outside the
    /// years 0001–9999 in UTC is refused, as [`Instant::parse`] refuses it.
    pub fn from_unix_micros(micros: i64) -> Result<Self> {
        if (FIRST..=LAST).contains(&micros) {
            return Ok(Instant(micros));
        }
        Err(Error::InvalidTimestamp {
            field: "instant".into(),
            value: micros.to_string(),
            reason: "is outside the years 0001-9999 in UTC, which Seamline stores".into(),
        })
    }

    /// The UTC date-time.
    pub fn as_datetime(&self) -> DateTime<Utc> {
        // Every constructor keeps the value inside chrono's range.
        DateTime::from_timestamp_micros(self.0).unwrap_or_default()
    }

    /// Canonical RFC 3339 text: UTC with `Z`, fractional seconds only when present.
    pub fn to_rfc3339(&self) -> String {
        self.as_datetime()
            .to_rfc3339_opts(SecondsFormat::AutoSi, true)
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
    fn only_instants_a_snapshot_can_store_are_read() {
        for text in [
            "9999-12-31T23:30:00-01:00",
            "0000-12-31T23:00:00Z",
            "0001-01-01T00:30:00+01:00",
        ] {
            let e = Instant::parse(text).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidTimestamp, "{text}");
        }
        for text in [
            "9999-12-31T23:59:59.999999Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:30:00+01:00",
        ] {
            let at = Instant::parse(text).unwrap();
            assert_eq!(Instant::parse(&at.to_rfc3339()).unwrap(), at, "{text}");
        }
        assert!(Instant::from_unix_micros(LAST + 1).is_err());
        assert!(Instant::from_unix_micros(i64::MIN).is_err());
        assert_eq!(
            Instant::from_unix_micros(FIRST).unwrap().to_rfc3339(),
            "0001-01-01T00:00:00Z"
        );
    }

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
    fn the_fast_path_reads_exactly_what_the_general_parser_reads() {
        for text in [
            "2026-11-26T10:00:00Z",
            "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
        ] {
            let general = DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc);
            assert_eq!(
                Instant::parse_utc_seconds(text),
                Some(Instant::from_utc(general)),
                "{text}"
            );
        }
        for text in [
            "2026-02-30T00:00:00Z",
            "2026-11-26T24:00:00Z",
            "2026-11-26T10:00:0xZ",
        ] {
            assert_eq!(Instant::parse_utc_seconds(text), None, "{text}");
            assert!(Instant::parse(text).is_err(), "{text}");
        }
        // Other forms go to the general parser.
        assert_eq!(Instant::parse_utc_seconds("2026-11-26 10:00:00Z"), None);
        assert!(Instant::parse("2026-11-26 10:00:00Z").is_ok());
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
