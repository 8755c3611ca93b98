//! Typed reads of one report row's cells: text, exact amounts in major or
//! minor units, times, and the errors that name the column without quoting
//! more than 64 characters of it.

use super::sheet::{cut, Header, Record};
use crate::currency::Currency;
use crate::error::{Error, Result};
use crate::instant::Instant;
use crate::money::parse_decimal;
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

/// `cell` without the white space around it. Most report cells have none
/// and start and end in ASCII, where that is two byte checks; otherwise
/// Unicode's white space is trimmed as `str::trim` does.
fn trim(cell: &str) -> &str {
    // Printable ASCII is never white space; anything else (a control
    // character, U+00A0) goes the full way.
    let plain = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    let bytes = cell.as_bytes();
    if plain(bytes.first()) && plain(bytes.last()) {
        cell
    } else {
        cell.trim()
    }
}

/// One row with the header it is read under.
pub struct Cells<'a> {
    /// Column names.
    pub header: &'a Header,
    /// The row.
    pub row: &'a Record<'a>,
}

impl<'a> Cells<'a> {
    fn name(&self, col: usize) -> &'a str {
        self.header.0.get(col).map_or("?", String::as_str)
    }

    /// The trimmed text of column `col` (absent column or empty cell: `None`).
    pub fn text(&self, col: Option<usize>) -> Option<&'a str> {
        let t = trim(self.row.cells.get(col?.checked_add(self.row.offset)?)?);
        (!t.is_empty()).then_some(t)
    }

    /// The text of a column the row cannot do without.
    pub fn required(&self, col: Option<usize>, what: &str) -> Result<&'a str> {
        self.text(col).ok_or_else(|| {
            Error::invalid_argument(
                col.map_or(what, |c| self.name(c)),
                "(empty)",
                format!("the row has no {what}"),
            )
        })
    }

    /// Text that may be money: a float cell is refused.
    fn exact(&self, col: usize) -> Result<Option<&'a str>> {
        let text = self.text(Some(col));
        if text.is_some()
            && self
                .row
                .meta
                .floats
                .contains(&col.saturating_add(self.row.offset))
        {
            return Err(Error::invalid_type(
                self.name(col),
                "an exact amount (text or a whole number)",
                format!(
                    "the float {}; read the report's amounts as text or decimal",
                    cut(text.unwrap_or_default())
                ),
            ));
        }
        Ok(text)
    }

    /// A major-unit decimal (`"849.00"`), no finer than the currency's minor unit.
    pub fn major(&self, col: Option<usize>, currency: Currency) -> Result<Option<Decimal>> {
        let Some(c) = col else { return Ok(None) };
        let Some(text) = self.exact(c)? else {
            return Ok(None);
        };
        let value = if text.contains(',') {
            parse_decimal(self.name(c), &text.replace(',', ""))?
        } else {
            parse_decimal(self.name(c), text)?
        };
        if value.scale() > currency.minor_units()
            && value.normalize().scale() > currency.minor_units()
        {
            return Err(Error::invalid_amount(
                self.name(c),
                cut(text),
                format!(
                    "finer than {}'s minor unit; this column is in major units",
                    currency.code()
                ),
            ));
        }
        Ok(Some(value))
    }

    /// A whole number of minor units (`"84900"` is 849.00 USD).
    pub fn minor(&self, col: Option<usize>, currency: Currency) -> Result<Option<Decimal>> {
        let Some(c) = col else { return Ok(None) };
        let Some(text) = self.exact(c)? else {
            return Ok(None);
        };
        minor_units(self.name(c), text, currency).map(Some)
    }
}

/// Whole minor units as a decimal of the currency's scale.
pub fn minor_units(field: &str, text: &str, currency: Currency) -> Result<Decimal> {
    let units: i64 = text.trim().parse().map_err(|_| {
        Error::invalid_amount(
            field,
            cut(text),
            "this column is in whole minor units (84900 is 849.00 USD)",
        )
    })?;
    Ok(Decimal::new(units, currency.minor_units()))
}

/// `a − b`, or the overflow error naming `what`.
pub fn minus(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    a.checked_sub(b).ok_or_else(|| Error::overflow(what))
}

/// `a + b`, or the overflow error naming `what`.
pub fn plus(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(|| Error::overflow(what))
}

/// `−d`: a decimal's negation flips its sign bit and cannot overflow; zero
/// stays zero (a `-0` would print as such in other languages).
#[allow(
    clippy::arithmetic_side_effects,
    reason = "negating a Decimal flips its sign; it cannot overflow"
)]
pub fn negate(d: Decimal) -> Decimal {
    if d.is_zero() {
        Decimal::ZERO
    } else {
        -d
    }
}

/// The number of `n` ASCII digits at `text[at..]`.
fn digits(text: &[u8], at: usize, n: usize) -> Option<u32> {
    let part = text.get(at..at.checked_add(n)?)?;
    part.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| {
            acc.saturating_mul(10)
                .saturating_add(u32::from(b.saturating_sub(b'0')))
        })
    })
}

/// A report's local or UTC date-time without an offset, in the forms the
/// processors write: `2026-11-20 10:15[:00[.123]]`, `2026-11-20T10:15:00`,
/// `2026/11/20 10:15:00`. Read by position (a report has a million of
/// them), not through a format string.
pub fn naive_time(text: &str) -> Option<NaiveDateTime> {
    let b = text.trim().as_bytes();
    if !matches!(b.get(4), Some(b'-' | b'/'))
        || b.get(7) != b.get(4)
        || !matches!(b.get(10), Some(b' ' | b'T'))
        || b.get(13) != Some(&b':')
    {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(digits(b, 0, 4)?).ok()?,
        digits(b, 5, 2)?,
        digits(b, 8, 2)?,
    )?;
    let (h, m) = (digits(b, 11, 2)?, digits(b, 14, 2)?);
    let (s, rest) = match b.get(16) {
        None => (0, &b[16..]),
        Some(b':') => (digits(b, 17, 2)?, b.get(19..)?),
        _ => return None,
    };
    let micros = match rest {
        [] => 0,
        [b'.', frac @ ..]
            if !frac.is_empty() && frac.len() <= 9 && frac.iter().all(u8::is_ascii_digit) =>
        {
            let mut scaled = frac.iter().take(6).fold(0u32, |a, &d| {
                a.saturating_mul(10)
                    .saturating_add(u32::from(d.saturating_sub(b'0')))
            });
            for _ in frac.len()..6 {
                scaled = scaled.saturating_mul(10);
            }
            scaled
        }
        _ => return None,
    };
    date.and_hms_micro_opt(h, m, s, micros)
}

/// A naive date-time at `offset_minutes` east of UTC, as an instant.
pub fn at_offset(
    local: NaiveDateTime,
    offset_minutes: i32,
    field: &str,
    text: &str,
) -> Result<Instant> {
    let utc = local
        .checked_sub_signed(chrono::Duration::minutes(i64::from(offset_minutes)))
        .ok_or_else(|| Error::InvalidTimestamp {
            field: field.into(),
            value: cut(text),
            reason: "outside the instants Seamline stores".into(),
        })?;
    Instant::from_unix_micros(utc.and_utc().timestamp_micros())
}

/// Values most rows of a report repeat (its processor, its currency, its
/// batch), made once and shared, so a million rows do not validate and
/// allocate the same id a million times.
pub struct Repeated {
    processor: crate::ids::ProcessorId,
    currency: Option<(String, Currency)>,
    batch: Option<crate::ids::RecordId>,
}

impl Repeated {
    /// For a processor's report.
    pub fn new(processor: super::Processor) -> Result<Repeated> {
        Ok(Repeated {
            processor: crate::ids::ProcessorId::new(processor.as_str())?,
            currency: None,
            batch: None,
        })
    }

    /// The processor id.
    pub fn processor(&self) -> crate::ids::ProcessorId {
        self.processor.clone()
    }

    /// The currency a code names (the last one, if the same).
    pub fn currency(&mut self, code: &str) -> Result<Currency> {
        if let Some((text, c)) = &self.currency {
            if text == code {
                return Ok(*c);
            }
        }
        let c = Currency::from_code(code)?;
        self.currency = Some((code.to_string(), c));
        Ok(c)
    }

    /// The batch id a text names (the last one, if the same).
    pub fn batch(&mut self, text: &str) -> Result<crate::ids::RecordId> {
        if let Some(b) = &self.batch {
            if b.as_str() == text.trim() {
                return Ok(b.clone());
            }
        }
        let b = crate::ids::RecordId::new(text)?;
        self.batch = Some(b.clone());
        Ok(b)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The fast path trims exactly as `str::trim` does.
        #[test]
        fn trim_is_strs_trim(cell in "[ \t\x0b\x0c\x00\u{85}\u{a0}\u{2003}a-z0-9.,-]{0,12}") {
            prop_assert_eq!(super::trim(&cell), cell.trim());
        }
    }
}
