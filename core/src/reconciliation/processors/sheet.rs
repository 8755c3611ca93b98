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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
        // Most rows are as wide as the header: nothing to look at.
        if r.cells.len() <= width.saturating_add(r.offset) {
            return None;
        }
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

/// Refuses, for the whole file, a column of binary floats where a layout
/// reads money: a table read with default types (pandas' `read_csv`) makes
/// every amount a float, and a call that rejected each row for it would
/// fill the queue with one exception per row. `header` is the header
/// record, whose [`Meta::floats`] are the table's float columns (none for
/// CSV bytes and records, which are checked cell by cell).
pub fn refuse_float_money(file: &str, header: &Record<'_>, money: &[Option<usize>]) -> Result<()> {
    let Some(c) = money
        .iter()
        .flatten()
        .find(|c| header.meta.floats.contains(c))
    else {
        return Ok(());
    };
    Err(Error::invalid_type(
        format!("{}: {}", cut(file), cut(header.cells.get(*c).unwrap_or("?"))),
        "exact amounts (text or decimal)",
        "a column of floats: floats are inexact, read the column as decimal or text (money is exact)",
    ))
}

/// A file's bytes without a UTF-8 byte-order mark.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The part of a CSV file one reading covers: from `start` (a byte of the
/// file without its byte-order mark, at a record) to `stop` (the next
/// part's start; `None`: the end), `first_line` being the line `start` is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// The byte after the last, if not the file's end.
    pub stop: Option<usize>,
    /// The 1-based line of `start`.
    pub first_line: u64,
}

impl Span {
    /// The whole file.
    pub const WHOLE: Span = Span {
        start: 0,
        stop: None,
        first_line: 1,
    };
}

/// How a reading of a span ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reached {
    /// The file's end.
    End,
    /// The span's stop, with a record ending there: the next part starts
    /// where reading the file from its start would.
    Stop,
    /// A record that runs over the span's stop: the cut is not at a
    /// record boundary, and the file is read in one piece instead.
    Past,
    /// The reader was told to stop (see [`scan_csv`]).
    Told,
}

/// The records of CSV bytes with their lines, one at a time: a UTF-8
/// byte-order mark is dropped, blank lines are skipped, rows may be ragged.
pub fn each_csv(
    file: &str,
    bytes: &[u8],
    span: Span,
    f: &mut dyn FnMut(Record<'_>) -> Result<()>,
) -> Result<Reached> {
    scan_csv(file, bytes, span, &mut |r, _| f(r).map(|()| true))
}

/// [`each_csv`] that also gives each record's end (the byte after it) and
/// stops when `f` returns `false`.
pub fn scan_csv(
    file: &str,
    bytes: &[u8],
    span: Span,
    f: &mut dyn FnMut(Record<'_>, usize) -> Result<bool>,
) -> Result<Reached> {
    if bytes.len() > MAX_FILE {
        return Err(Error::invalid_argument(
            cut(file),
            format!("{} bytes", bytes.len()),
            "a report file larger than 1 GiB; split it and pass the parts",
        ));
    }
    let bytes = strip_bom(bytes);
    let from = span.start.min(bytes.len());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes.get(from..).unwrap_or_default());
    let mut record = StringRecord::new();
    let meta = Meta::default();
    // Lines are counted here: the csv crate's own count drifts on CRLF
    // files and blank lines. A record starts at the first byte after the
    // previous one that is not a line break.
    let (mut scanned, mut lines, mut end) = (from, span.first_line, from);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(Reached::End),
            Ok(true) => {
                let start = bytes
                    .get(end..)
                    .and_then(|rest| rest.iter().position(|b| !matches!(b, b'\r' | b'\n')))
                    .map_or(bytes.len(), |p| end.saturating_add(p));
                if span.stop.is_some_and(|stop| start >= stop) {
                    return Ok(Reached::Stop);
                }
                let counted = bytes.get(scanned..start).unwrap_or(&[]);
                let breaks = count(counted, b'\n');
                lines = lines.saturating_add(u64::try_from(breaks).unwrap_or(u64::MAX));
                scanned = start;
                let read = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
                end = from.saturating_add(read);
                if span.stop.is_some_and(|stop| end > stop) {
                    return Ok(Reached::Past);
                }
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
                let go_on = f(
                    Record {
                        line: lines,
                        cells: &record,
                        meta: &meta,
                        offset: 0,
                    },
                    end,
                )?;
                if !go_on {
                    return Ok(Reached::Told);
                }
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

/// Whether bytes start like JSON (`[` or `{` after a byte-order mark and
/// white space): Stripe API objects, not CSV.
pub fn looks_json(bytes: &[u8]) -> bool {
    matches!(
        strip_bom(bytes).iter().find(|c| !c.is_ascii_whitespace()),
        Some(b'[' | b'{')
    )
}

/// The first of a file's first `within` records that `is` picks (the
/// header after a preamble), with its line and end; `None` if none does.
pub fn first_record(
    bytes: &[u8],
    within: usize,
    is: &dyn Fn(&StringRecord) -> bool,
) -> Result<Option<(u64, StringRecord, usize)>> {
    let mut found = None;
    let mut seen = 0usize;
    scan_csv("", bytes, Span::WHOLE, &mut |r, end| {
        if is(r.cells) {
            found = Some((r.line, r.cells.clone(), end));
            return Ok(false);
        }
        seen = seen.saturating_add(1);
        Ok(seen < within)
    })?;
    Ok(found)
}

/// One record of CSV bytes that starts at byte `at`, if it is one.
pub fn record_at(bytes: &[u8], at: usize) -> Option<StringRecord> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(strip_bom(bytes).get(at..)?);
    let mut record = StringRecord::new();
    matches!(reader.read_record(&mut record), Ok(true)).then_some(record)
}

/// Where to cut CSV bytes (without their byte-order mark) into `parts`
/// parts, none starting before `from`: each cut the byte after a line
/// break outside quotes (an even count of `"` before it, as RFC 4180
/// quoting gives; the reading checks it), with the line it starts.
pub fn cuts(bytes: &[u8], from: usize, parts: usize) -> Vec<(usize, u64)> {
    let quotes = |b: &[u8]| count(b, b'"');
    let breaks = |b: &[u8]| count(b, b'\n');
    let len = bytes.len();
    let mut out: Vec<(usize, u64)> = Vec::new();
    let (mut last, mut line, mut odd) = (0usize, 1u64, false);
    for i in 1..parts {
        // The target of the i-th cut: i/parts of the way through the body.
        let body = len.saturating_sub(from);
        let target = from.saturating_add(body.checked_div(parts).unwrap_or(0).saturating_mul(i));
        let mut at = target.max(last.saturating_add(1));
        let cut = loop {
            let Some(nl) = bytes
                .get(at..)
                .and_then(|r| r.iter().position(|&c| c == b'\n'))
            else {
                break None;
            };
            let next = at.saturating_add(nl).saturating_add(1);
            let span = bytes.get(last..next).unwrap_or_default();
            odd ^= quotes(span) & 1 == 1;
            line = line.saturating_add(u64::try_from(breaks(span)).unwrap_or(u64::MAX));
            last = next;
            if !odd && next < len {
                break Some(next);
            }
            at = next;
        };
        match cut {
            Some(c) => out.push((c, line)),
            None => break,
        }
    }
    out
}

/// How many times `byte` occurs in `bytes`. Counted in blocks of 255 into
/// a byte-wide sum, which the compiler turns into vector compares (the
/// plain filtered count showed as 4.7% of a two-thread reading in a
/// profile, for counting each part's line breaks alone).
pub fn count(bytes: &[u8], byte: u8) -> usize {
    bytes
        .chunks(255)
        .map(|block| {
            usize::from(
                block
                    .iter()
                    .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == byte))),
            )
        })
        .fold(0usize, usize::saturating_add)
}
