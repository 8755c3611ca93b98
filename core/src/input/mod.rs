//! The one input layer: every table and record Seamline reads is declared
//! once here, and read the same way whoever hands it over.
//!
//! A binding implements only cell access for its containers ([`Columns`]
//! for column-wise tables: Python lists, Arrow arrays; JSON records are read
//! here directly). Core decides what a field means, whether it is required,
//! which names it goes by, whether it is personal data, and how a bad cell
//! is named in an error (`orders[3].total`), so records, columns and Arrow
//! give the same result from Python, Node and Swift alike.

mod cell;
mod columns;
mod json;
mod lite;
mod name;
mod record;
mod schema;
mod shown;
mod stream;

pub use cell::Cell;
pub use columns::{Columns, Header};
pub use json::{place_fields, Json, JsonColumns, JsonRecord, KeyCache, Placed, MAX_DEPTH};
pub use lite::Lite;
pub use name::{camel_name, canonical_name};
pub use record::{deserialize, from_arguments, from_value, serde_reason};
pub use schema::{Choices, Extras, Field, FieldKind, TableSchema};
pub use shown::{shown, MAX_MESSAGE, MAX_SHOWN};
pub use stream::{Cells, RowStream, StreamRow, TextRows};

use crate::error::Error;

/// The most bytes a text cell may hold (64 KiB): far past any id, name or
/// reference, and a bound on what one bad cell can cost.
pub const MAX_CELL: usize = 65_536;

/// Fields of Seamline's records whose values are maps keyed by data
/// (reason codes, SKUs, attribute names): a binding that renames field
/// names to its language's convention leaves these maps' keys as they are.
pub const DATA_MAP_FIELDS: &[&str] = &[
    "by_reason",
    "golden",
    "attributes",
    "limits",
    "available",
    "per_unit_by_sku",
    // Report options: UTC offsets keyed by merchant account.
    "time_zones",
];

/// A row's cells as its source holds them: a row of a [`Columns`] table
/// through its [`Header`], or one [`JsonRecord`].
pub trait Fields {
    /// Calls `f` with the cell of the schema's field `field` (its position
    /// in [`TableSchema::fields`]); [`Cell::Missing`] when the row has none.
    fn with<R>(&self, field: usize, f: impl FnOnce(Cell<'_>) -> R) -> R;
}

/// One row of a table being read: where it is, for errors, and its cells.
pub struct RowRead<'s, F: Fields> {
    /// The table's declaration.
    pub table: &'static TableSchema,
    /// The row's place in its table (0-based).
    pub row: usize,
    /// The row's cells.
    pub fields: &'s F,
}

impl<F: Fields> RowRead<'_, F> {
    /// The field path of `field` in this row: `orders[3].total`.
    pub fn path(&self, field: usize) -> String {
        format!(
            "{}[{}].{}",
            self.table.name, self.row, self.table.fields[field].name
        )
    }

    /// A field this row's kind needs is missing (`quantity` of a sale).
    pub fn required_for(&self, field: usize, kind: &str) -> Error {
        Error::invalid_argument(
            self.path(field),
            "(missing)",
            format!("required for a {kind} event"),
        )
    }

    /// A required field is missing.
    fn missing(&self, field: usize) -> Error {
        Error::invalid_argument(self.path(field), "(missing)", "a value is required")
    }

    /// The field's text (ids, references, codes), `None` when missing or
    /// empty. An integer cell is read as its decimal text.
    pub fn optional_text<R>(
        &self,
        field: usize,
        f: impl FnOnce(&str) -> Result<R, Error>,
    ) -> Result<Option<R>, Error> {
        // `f`'s error names this field and shows its value as the schema allows.
        let named = |r: Result<R, Error>| r.map(Some).map_err(|e| self.rename(field, e));
        self.fields.with(field, |cell| match cell {
            Cell::Missing | Cell::Text("") => Ok(None),
            Cell::Text(t) if t.len() > MAX_CELL => Err(Error::invalid_argument(
                self.path(field),
                format!("{:?}", shown(t, self.table.fields[field].personal)),
                format!("is {} bytes; a text cell holds at most {MAX_CELL}", t.len()),
            )),
            Cell::Text(t) | Cell::BigInt(t) => named(f(t)),
            Cell::Int(n) => named(f(&n.to_string())),
            other => Err(self.wrong_type(field, "text", &other)),
        })
    }

    /// The field's text, required.
    pub fn text<R>(
        &self,
        field: usize,
        f: impl FnOnce(&str) -> Result<R, Error>,
    ) -> Result<R, Error> {
        self.optional_text(field, f)?
            .ok_or_else(|| self.missing(field))
    }

    /// One of the field's names ([`FieldKind::Choice`]), as text; `f`
    /// makes the value from it. Anything else, an integer included, is
    /// refused naming the choices.
    pub fn choice<R>(
        &self,
        field: usize,
        f: impl FnOnce(&str) -> Result<R, Error>,
    ) -> Result<R, Error> {
        self.optional_choice(field, f)?
            .ok_or_else(|| self.missing(field))
    }

    /// [`RowRead::choice`], `None` when missing.
    pub fn optional_choice<R>(
        &self,
        field: usize,
        f: impl FnOnce(&str) -> Result<R, Error>,
    ) -> Result<Option<R>, Error> {
        let names = match self.table.fields[field].kind {
            FieldKind::Choice(choices) => choices.names,
            _ => &[],
        };
        let refuse = |got: String| {
            Error::invalid_argument(
                self.path(field),
                got,
                format!("expected one of {}", names.join(", ")),
            )
        };
        self.fields.with(field, |cell| match cell {
            Cell::Missing | Cell::Text("") => Ok(None),
            Cell::Text(t) if names.contains(&t) => {
                f(t).map(Some).map_err(|e| self.rename(field, e))
            }
            Cell::Text(t) => Err(refuse(format!("{:?}", shown(t, false)))),
            other => Err(refuse(other.type_name())),
        })
    }

    /// An exact amount: decimal text, an integer or a decimal; a float is
    /// refused (money is exact).
    pub fn optional_amount(&self, field: usize) -> Result<Option<crate::Decimal>, Error> {
        let path = || self.path(field);
        self.fields.with(field, |cell| match cell {
            Cell::Missing | Cell::Text("") => Ok(None),
            // The field is named by `rename`, and only on error: a path
            // formatted for every cell was a tenth of a day's read.
            Cell::Text(t) | Cell::BigInt(t) => crate::money::parse_decimal("", t)
                .map(Some)
                .map_err(|e| self.rename(field, e)),
            Cell::Int(n) => Ok(Some(crate::Decimal::from(n))),
            Cell::Decimal(d) => Ok(Some(d)),
            Cell::Float(_) => Err(Error::invalid_type(
                path(),
                "decimal, integer or decimal text",
                "a float: floats are inexact, read the column as decimal or text",
            )),
            other => Err(self.wrong_type(field, "decimal, integer or decimal text", &other)),
        })
    }

    /// An exact amount, required.
    pub fn amount(&self, field: usize) -> Result<crate::Decimal, Error> {
        self.optional_amount(field)?
            .ok_or_else(|| self.missing(field))
    }

    /// A whole number of units: an integer, or integer text (a CSV read as
    /// text); never a float or a flag.
    pub fn integer(&self, field: usize) -> Result<i64, Error> {
        self.optional_integer(field)?
            .ok_or_else(|| self.missing(field))
    }

    /// [`RowRead::integer`], `None` when missing.
    pub fn optional_integer(&self, field: usize) -> Result<Option<i64>, Error> {
        let path = || self.path(field);
        self.fields.with(field, |cell| match cell {
            Cell::Missing | Cell::Text("") => Ok(None),
            Cell::Int(n) => Ok(Some(n)),
            Cell::Text(t) => parse_integer(t).map(Some).ok_or_else(|| {
                Error::invalid_quantity(
                    path(),
                    shown(t, false),
                    "not a whole number in the 64-bit range",
                )
            }),
            Cell::BigInt(t) => Err(Error::invalid_quantity(
                path(),
                shown(t, false),
                "out of the 64-bit range",
            )),
            other => Err(self.wrong_type(field, "integer", &other)),
        })
    }

    /// An instant: RFC 3339 text with an offset, or a zoned timestamp.
    pub fn instant(&self, field: usize) -> Result<crate::Instant, Error> {
        self.optional_instant(field)?
            .ok_or_else(|| self.missing(field))
    }

    /// [`RowRead::instant`], `None` when missing.
    pub fn optional_instant(&self, field: usize) -> Result<Option<crate::Instant>, Error> {
        let path = || self.path(field);
        self.fields.with(field, |cell| match cell {
            Cell::Missing | Cell::Text("") => Ok(None),
            Cell::Text(t) => crate::Instant::parse(t)
                .map(Some)
                .map_err(|e| self.rename(field, e)),
            Cell::Instant(at) => Ok(Some(at)),
            Cell::Micros {
                micros,
                zoned: true,
            } => crate::Instant::from_unix_micros(micros)
                .map(Some)
                .map_err(|e| self.rename(field, e)),
            Cell::Micros { .. } => Err(Error::InvalidTimestamp {
                field: path(),
                value: "(no time zone)".into(),
                reason:
                    "a timestamp without a time zone is ambiguous: give the column one (e.g. UTC)"
                        .into(),
            }),
            Cell::BadTimestamp => Err(Error::InvalidTimestamp {
                field: path(),
                value: "(timestamp)".into(),
                reason: "is finer than a microsecond or out of range".into(),
            }),
            other => Err(self.wrong_type(field, "timestamp or RFC 3339 text", &other)),
        })
    }

    /// A flag: a boolean, or the text `true` / `false` (any case).
    pub fn flag(&self, field: usize) -> Result<bool, Error> {
        self.optional_flag(field)?
            .ok_or_else(|| self.missing(field))
    }

    /// [`RowRead::flag`], `None` when missing.
    pub fn optional_flag(&self, field: usize) -> Result<Option<bool>, Error> {
        let path = || self.path(field);
        self.fields.with(field, |cell| match cell {
            Cell::Missing | Cell::Text("") => Ok(None),
            Cell::Bool(b) => Ok(Some(b)),
            Cell::Text(t) if t.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Cell::Text(t) if t.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Cell::Text(t) => Err(Error::invalid_argument(
                path(),
                format!("{:?}", shown(t, false)),
                "expected true or false",
            )),
            other => Err(self.wrong_type(field, "bool", &other)),
        })
    }

    /// An `INVALID_TYPE` naming this row's field and what the cell was.
    fn wrong_type(&self, field: usize, expected: &str, cell: &Cell<'_>) -> Error {
        Error::invalid_type(self.path(field), expected, cell.type_name())
    }

    /// `e` naming this row's field, its value shown as the schema allows
    /// (truncated; redacted for personal data).
    fn rename(&self, field: usize, e: Error) -> Error {
        let personal = self.table.fields[field].personal;
        let path = self.path(field);
        let show = |v: String| shown(&v, personal);
        match e {
            Error::InvalidId { value, reason, .. } => Error::InvalidId {
                field: path,
                value: show(value),
                reason,
            },
            Error::InvalidSku { value, reason, .. } => Error::InvalidSku {
                field: path,
                value: show(value),
                reason,
            },
            Error::UnknownCurrency { value, .. } => Error::UnknownCurrency {
                field: path,
                value: show(value),
            },
            Error::InvalidArgument { value, reason, .. } => Error::InvalidArgument {
                field: path,
                value: show(value),
                reason,
            },
            Error::InvalidAmount { value, reason, .. } => Error::InvalidAmount {
                field: path,
                value: show(value),
                reason,
            },
            Error::InvalidTimestamp { value, reason, .. } => Error::InvalidTimestamp {
                field: path,
                value: show(value),
                reason,
            },
            Error::InvalidQuantity { value, reason, .. } => Error::InvalidQuantity {
                field: path,
                value: show(value),
                reason,
            },
            other => other,
        }
    }
}

/// Strict integer text: an optional sign and ASCII digits, in range.
fn parse_integer(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}
