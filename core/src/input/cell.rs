//! One cell as a binding hands it over: the container's value, typed as
//! the container typed it, before core reads it as a field.

use crate::{Decimal, Instant};

/// A cell of a table or a field of a record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Absent: no such key, `None`/`null`, NaN, an Arrow null. (Empty text
    /// is read as missing too, where a field is read: a CSV's empty cell.)
    Missing,
    /// Text, borrowed from the container.
    Text(&'a str),
    /// A whole number that fits in 64 bits.
    Int(i64),
    /// A whole number too large for 64 bits, as its decimal text (a Python
    /// `int`, a JSON literal, a BigInt): read exactly, never through a float.
    BigInt(&'a str),
    /// An exact decimal (Python `Decimal`, Arrow `decimal128`).
    Decimal(Decimal),
    /// A binary float: never money.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// An instant the container already typed (an aware `datetime`).
    Instant(Instant),
    /// A timestamp as microseconds since 1970; `zoned` is false for a
    /// zone-less one, which is ambiguous and refused.
    Micros {
        /// Microseconds since 1970-01-01T00:00:00Z.
        micros: i64,
        /// Whether the container gave it a time zone.
        zoned: bool,
    },
    /// A timestamp finer than a microsecond or out of range.
    BadTimestamp,
    /// Any other value, named by its type (`"list"`, `"dict"`, `"bytes"`).
    Other(&'a str),
}

impl Cell<'_> {
    /// What the cell is, for an `INVALID_TYPE` message. Never its value,
    /// which may be personal data.
    pub fn type_name(&self) -> String {
        match self {
            Cell::Missing => "nothing".into(),
            Cell::Text(_) => "text".into(),
            Cell::Int(_) | Cell::BigInt(_) => "an integer".into(),
            Cell::Decimal(_) => "a decimal".into(),
            Cell::Float(_) => "a float".into(),
            Cell::Bool(_) => "a bool".into(),
            Cell::Instant(_) | Cell::Micros { .. } | Cell::BadTimestamp => "a timestamp".into(),
            Cell::Other(name) => shown_type(name),
        }
    }
}

/// A container's type name, bounded (a type name is not data, but a
/// hostile one can still be long).
fn shown_type(name: &str) -> String {
    super::shown(name, false)
}
