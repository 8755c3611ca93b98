//! A report file as the adapters see it: records of text cells, each with
//! the line it starts on, streamed one at a time. CSV bytes and records
//! (objects keyed by column) both arrive as records — for records the first
//! is the header Seamline builds from their keys — so an adapter reads one
//! shape whatever the caller had, and a file of millions of rows is never
//! held as cells.

use crate::error::{Error, Result};
use crate::input::shown;
use csv::StringRecord;
use serde_json::{Map, Value};

/// The longest report file read in one piece (1 GiB): a larger one is split
/// by the caller (every adapter reads a report across files the same way).
pub const MAX_FILE: usize = 1 << 30;

/// The longest cell read: no report column documents more than a few
/// hundred characters; a longer cell is a corrupt file.
pub const MAX_CELL: usize = 64 * 1024;

/// How many records may come before a file's header (titles, blank lines,
/// a report's preamble) before the file is said to have none.
pub const MAX_PREAMBLE: usize = 50;

/// What a record carries besides its text cells.
#[derive(Debug, Default)]
pub struct Meta {
    /// Columns whose cell was a binary float (refused wherever money is read).
    pub floats: Vec<usize>,
    /// Why the record cannot be read as a row at all (a nested value).
    pub problem: Option<String>,
}

/// One record: its line, its cells and what else is known of it.
pub struct Record<'a> {
    /// The 1-based line it starts on (the position for records; 0 for the
    /// header built from records' keys).
    pub line: u64,
    /// Its cells, as the file wrote them.
    pub cells: &'a StringRecord,
    /// Floats and problems.
    pub meta: &'a Meta,
    /// Cells before the row's first column (PayPal's record type).
    pub offset: usize,
}

/// Column names compare case-insensitively with runs of space as one
/// (PayPal's `Transaction  Debit or Credit` has two in some versions).
pub fn same_name(a: &str, b: &str) -> bool {
    let mut x = a.split_whitespace();
    let mut y = b.split_whitespace();
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) if p.eq_ignore_ascii_case(q) => {}
            _ => return false,
        }
    }
}

/// A header: column names in file order.
#[derive(Debug, Clone, Default)]
pub struct Header(pub Vec<String>);

impl Header {
    /// The header a record spells.
    pub fn of(cells: &StringRecord) -> Header {
        Header(cells.iter().map(|c| c.trim().to_string()).collect())
    }

    /// The position of the first of `names` the header has.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names
            .iter()
            .find_map(|n| self.0.iter().position(|h| same_name(h, n)))
    }

    /// Whether the header has every one of `names`.
    pub fn has_all(&self, names: &[&str]) -> bool {
        names.iter().all(|n| self.column(&[n]).is_some())
    }

    /// Why a record under this header cannot be read: a non-empty cell
    /// beyond the header, or a problem its source found.
    pub fn ragged(&self, r: &Record<'_>) -> Option<String> {
        if let Some(p) = &r.meta.problem {
            return Some(p.clone());
        }
        let width = self.0.len();
        r.cells
            .iter()
            .skip(width.saturating_add(r.offset))
            .any(|c| !c.trim().is_empty())
            .then(|| format!("a cell beyond the header's {width} columns"))
    }
}

/// Row `i` (0-based) as a 1-based line number.
pub fn line_of(i: usize) -> u64 {
    u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1)
}

/// The kind of a JSON value, for messages that never quote it.
pub fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A name or value as a message shows it: cut, never whole.
pub fn cut(text: &str) -> String {
    shown(text, false)
}

/// The objects of records: an array of objects, or Stripe's list object
/// `{"data": [...]}`, each with its 1-based position.
pub fn objects(value: &Value) -> Result<Vec<(u64, &Map<String, Value>)>> {
    let items = match value {
        Value::Array(items) => items,
        Value::Object(o) => match o.get("data") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(Error::invalid_type(
                    "report",
                    "an array of rows or a list object with data",
                    "an object",
                ))
            }
        },
        other => {
            return Err(Error::invalid_type(
                "report",
                "an array of rows",
                json_kind(other),
            ))
        }
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::Object(o) => Ok((line_of(i), o)),
            other => Err(Error::invalid_type(
                format!("report[{i}]"),
                "an object keyed by column",
                json_kind(other),
            )),
        })
        .collect()
}

/// The key under which a CSV reader's row keeps cells beyond its header
/// (Python's `csv.DictReader` puts them under `None`, which a binding
/// hands over as this empty name).
pub const EXTRA_CELLS: &str = "";

/// Flat records as records of text: first a header of every key in
/// first-seen order (line 0), then each object's cells under it. Cells
/// beyond a CSV header ([`EXTRA_CELLS`]) are dropped when empty and make
/// the row ragged when not.
pub fn each_object(
    rows: &[(u64, &Map<String, Value>)],
    f: &mut dyn FnMut(Record<'_>) -> Result<()>,
) -> Result<()> {
    let mut header: Vec<&str> = Vec::new();
    for (_, row) in rows {
        for k in row.keys() {
            if k != EXTRA_CELLS && !header.contains(&k.as_str()) {
                header.push(k);
            }
        }
    }
    let head: StringRecord = header.iter().copied().collect();
    f(Record {
        line: 0,
        cells: &head,
        meta: &Meta::default(),
        offset: 0,
    })?;
    let mut cells = StringRecord::new();
    for (line, row) in rows {
        cells.clear();
        let mut meta = Meta::default();
        if let Some(extra) = row.get(EXTRA_CELLS) {
            let empty = match extra {
                Value::Array(cells) => cells
                    .iter()
                    .all(|c| c.is_null() || c.as_str().is_some_and(|s| s.trim().is_empty())),
                Value::Null => true,
                Value::String(s) => s.trim().is_empty(),
                _ => false,
            };
            if !empty {
                meta.problem = Some(format!(
                    "a cell beyond the header's {} columns",
                    header.len()
                ));
            }
        }
        for (i, h) in header.iter().enumerate() {
            match row.get(*h) {
                None | Some(Value::Null) => cells.push_field(""),
                Some(Value::String(s)) => cells.push_field(s),
                Some(Value::Bool(b)) => cells.push_field(if *b { "true" } else { "false" }),
                Some(Value::Number(n)) => {
                    if !(n.is_i64() || n.is_u64()) {
                        meta.floats.push(i);
                    }
                    cells.push_field(&n.to_string());
                }
                Some(other) => {
                    meta.problem.get_or_insert_with(|| {
                        format!("column {} holds {}, not a cell", cut(h), json_kind(other))
                    });
                    cells.push_field("");
                }
            }
        }
        f(Record {
            line: *line,
            cells: &cells,
            meta: &meta,
            offset: 0,
        })?;
    }
    Ok(())
}

/// The records of CSV bytes with their lines, one at a time: a UTF-8
/// byte-order mark is dropped, blank lines are skipped, rows may be ragged.
pub fn each_csv(
    file: &str,
    bytes: &[u8],
    f: &mut dyn FnMut(Record<'_>) -> Result<()>,
) -> Result<()> {
    if bytes.len() > MAX_FILE {
        return Err(Error::invalid_argument(
            cut(file),
            format!("{} bytes", bytes.len()),
            "a report file larger than 1 GiB; split it and pass the parts",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = StringRecord::new();
    let meta = Meta::default();
    // Lines are counted here: the csv crate's own count drifts on CRLF
    // files and blank lines. A record starts at the first byte after the
    // previous one that is not a line break.
    let (mut scanned, mut lines, mut end) = (0usize, 1u64, 0usize);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let start = bytes
                    .get(end..)
                    .and_then(|rest| rest.iter().position(|b| !matches!(b, b'\r' | b'\n')))
                    .map_or(bytes.len(), |p| end.saturating_add(p));
                let counted = bytes.get(scanned..start).unwrap_or(&[]);
                let breaks = counted.iter().filter(|&&b| b == b'\n').count();
                lines = lines.saturating_add(u64::try_from(breaks).unwrap_or(u64::MAX));
                scanned = start;
                end = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
                if record.iter().any(|c| c.len() > MAX_CELL) {
                    return Err(Error::invalid_argument(
                        format!("{}:{lines}", cut(file)),
                        "(a cell over 64 KiB)",
                        "a report cell longer than 64 KiB: the file is not a report",
                    ));
                }
                if record.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                f(Record {
                    line: lines,
                    cells: &record,
                    meta: &meta,
                    offset: 0,
                })?;
            }
            Err(e) => {
                let reason = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "is not UTF-8 text",
                    _ => "cannot be read as CSV",
                };
                return Err(Error::invalid_argument(
                    format!("{}:{}", cut(file), lines.saturating_add(1)),
                    "(the line)",
                    format!("the report {reason}"),
                ));
            }
        }
    }
}
