//! PayPal's settlement report (STL) and transaction detail report (TRR):
//! multi-section CSV files whose records start with a record type (`RH`
//! report header, `FH` file header, `SH` section header, `CH` column
//! header, `SB` section body, `SF`/`SC` section footer and count, `RF`/`RC`
//! report footer and count, `FF` file footer). Only `SB` rows are data,
//! read under the latest `CH`. Amounts are unsigned minor units with a
//! debit/credit flag; transaction event codes (T-codes) say what a row is.

use super::cells::{at_offset, minor_units, minus, naive_time, negate, Cells, Repeated};
use super::sheet::Reached;
use super::sheet::{cut, Header, Record};
use super::{each_record, no_layout, Layout, Outcome, Part, Processor, ReportOptions, Sink};
use crate::currency::Currency;
use crate::error::{Error, Result};
use crate::ids::RecordId;
use crate::instant::Instant;
use crate::reconciliation::input::{SettlementKind, SettlementLine};
use rust_decimal::Decimal;

/// What a T-code settles as: `None` for codes that move no money
/// (authorisations T13xx, display-only T98xx), `Err` for an undocumented group.
fn kind(code: &str, credit: bool) -> std::result::Result<Option<SettlementKind>, ()> {
    let digits = code
        .strip_prefix(['T', 't'])
        .filter(|d| d.len() == 4 && d.bytes().all(|b| b.is_ascii_digit()))
        .ok_or(())?;
    let group = &digits[..2];
    Ok(Some(match (group, digits) {
        (_, "1106") | (_, "1201") => SettlementKind::Chargeback,
        (_, "1107") => SettlementKind::Refund,
        (_, "1108") => SettlementKind::Fee,
        (_, "1202") | (_, "1205") | (_, "1208") => SettlementKind::ChargebackReversal,
        ("00", _) if credit => SettlementKind::Charge,
        ("01", _) => SettlementKind::Fee,
        ("04", _) => SettlementKind::Payout,
        ("13", _) | ("98", _) => return Ok(None),
        (
            "00" | "02" | "03" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12" | "14"
            | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "30" | "50" | "97" | "99",
            _,
        ) => SettlementKind::Adjustment,
        _ => return Err(()),
    }))
}

struct Columns {
    id: Option<usize>,
    invoice: Option<usize>,
    reference: Option<usize>,
    code: Option<usize>,
    settled: Option<usize>,
    direction: Option<usize>,
    gross: Option<usize>,
    currency: Option<usize>,
    fee_direction: Option<usize>,
    fee: Option<usize>,
    fee_currency: Option<usize>,
    status: Option<usize>,
}

const NEEDS: &[&str] = &[
    "Transaction ID",
    "Transaction Event Code",
    "Transaction Debit or Credit",
    "Gross Transaction Amount",
    "Gross Transaction Currency",
];

const STATUS: &[&str] = &["Transactional Status", "Transaction Status"];

fn columns(header: &Header, options: &ReportOptions, layout: Layout) -> Columns {
    let c = |names: &[&str]| header.column(names);
    Columns {
        id: c(&["Transaction ID"]),
        invoice: c(&[options
            .merchant_reference
            .as_deref()
            .unwrap_or("Invoice ID")]),
        reference: c(&["PayPal Reference ID"]),
        code: c(&["Transaction Event Code"]),
        settled: if layout == Layout::PaypalTransactionDetail {
            c(&[
                "Transaction Updated Date",
                "Transaction Completion Date",
                "Transaction Initiation Date",
            ])
        } else {
            c(&["Transaction Completion Date", "Transaction Initiation Date"])
        },
        direction: c(&["Transaction Debit or Credit"]),
        gross: c(&["Gross Transaction Amount"]),
        currency: c(&["Gross Transaction Currency"]),
        fee_direction: c(&["Fee Debit or Credit"]),
        fee: c(&["Fee Amount"]),
        fee_currency: c(&["Fee Currency"]),
        status: c(STATUS),
    }
}

/// Reads one STL or TRR file: records as they come, `SB` rows under the
/// latest `CH`. Flat records (rows a CSV reader or a data frame gave,
/// without record types) are read as one section.
pub(super) fn read(
    file: &Part<'_>,
    options: &ReportOptions,
    sink: &mut Sink<'_>,
) -> Result<(Layout, Reached)> {
    let needs = || {
        no_layout(
            file.name,
            Processor::Paypal,
            &[(
                "settlement (STL) or transaction detail (TRR) report, after CH",
                NEEDS,
            )],
        )
    };
    let mut section: Option<(Header, Columns)> = None;
    let mut flat = false;
    let mut layout = options.layout;
    let mut repeated = Repeated::new(Processor::Paypal)?;
    let header_of = |names: Header, layout: &mut Option<Layout>| -> Result<(Header, Columns)> {
        if !names.has_all(NEEDS) {
            return Err(needs());
        }
        let detected = if names.column(STATUS).is_some() {
            Layout::PaypalTransactionDetail
        } else {
            Layout::PaypalSettlement
        };
        let l = *layout.get_or_insert(detected);
        let cols = columns(&names, options, l);
        Ok((names, cols))
    };
    let reached = each_record(file, &mut |r| {
        // Records: the first is the header of their keys, the rest rows.
        if r.line == 0 {
            flat = true;
            let (header, cols) = header_of(Header::of(r.cells), &mut layout)?;
            super::sheet::refuse_float_money(file.name, &r, &[cols.gross, cols.fee])?;
            section = Some((header, cols));
            return Ok(());
        }
        if flat {
            if let Some((header, cols)) = &section {
                sink.push(r.line, outcome(header, &r, cols, &mut repeated));
            }
            return Ok(());
        }
        let tag = r.cells.get(0).unwrap_or("").trim();
        if tag.eq_ignore_ascii_case("SB") {
            let row = Record { offset: 1, ..r };
            sink.push(
                row.line,
                match &section {
                    Some((header, cols)) => outcome(header, &row, cols, &mut repeated),
                    None => Outcome::Rejected(Error::invalid_argument(
                        "SB",
                        "(the row)",
                        "a section body row before any column header (CH)",
                    )),
                },
            );
        } else if tag.eq_ignore_ascii_case("CH") {
            sink.frame(r.line);
            let names = Header(
                r.cells
                    .iter()
                    .skip(1)
                    .map(|c| c.trim().to_string())
                    .collect(),
            );
            section = Some(header_of(names, &mut layout)?);
        } else if !STRUCTURE.iter().any(|t| tag.eq_ignore_ascii_case(t)) {
            sink.push(
                r.line,
                Outcome::Unknown(format!("record type {}", cut(tag))),
            );
        }
        Ok(())
    })?;
    Ok((layout.unwrap_or(Layout::PaypalSettlement), reached))
}

/// Where the column header records (`CH`) of STL or TRR bytes start, as
/// PayPal writes them (`"CH",` or `CH,` at a line's start). Only a guess
/// at where a file may be cut: reading checks each against the records.
pub(super) fn column_headers(bytes: &[u8]) -> Vec<usize> {
    let mut at: Vec<usize> = Vec::new();
    for tag in [&b"\"CH\""[..], b"CH,"] {
        if bytes.starts_with(tag) {
            at.push(0);
        }
        let mut line_start = Vec::with_capacity(tag.len().saturating_add(1));
        line_start.push(b'\n');
        line_start.extend_from_slice(tag);
        at.extend(memchr::memmem::find_iter(bytes, &line_start).map(|p| p.saturating_add(1)));
    }
    at.sort_unstable();
    at
}

/// Record types that frame the data (headers, footers, counts).
const STRUCTURE: &[&str] = &["RH", "FH", "SH", "SF", "SC", "RF", "RC", "FF"];

fn outcome(header: &Header, r: &Record<'_>, cols: &Columns, repeated: &mut Repeated) -> Outcome {
    if let Some(why) = header.ragged(r) {
        return Outcome::Rejected(Error::invalid_argument("row", "(the row)", why));
    }
    let cells = Cells { header, row: r };
    let code = cells.text(cols.code).unwrap_or_default();
    if let Some(status) = cells.text(cols.status) {
        if !(status.eq_ignore_ascii_case("S") || status.eq_ignore_ascii_case("V")) {
            let why = if status.eq_ignore_ascii_case("P") {
                "pending, not settled yet".to_string()
            } else if status.eq_ignore_ascii_case("D") {
                "denied, no money moved".to_string()
            } else {
                format!("status {}, not settled", cut(status))
            };
            return Outcome::Skipped(format!("{code}: {why}"));
        }
    }
    let credit = match direction(&cells, cols.direction, "Transaction Debit or Credit") {
        Ok(c) => c,
        Err(e) => return Outcome::Rejected(e),
    };
    let kind = match kind(code, credit) {
        Ok(Some(k)) => k,
        Ok(None) => {
            return Outcome::Skipped(format!(
                "{code}: an authorisation or display-only event, no money moved"
            ))
        }
        Err(()) => return Outcome::Unknown(code.to_string()),
    };
    match line(&cells, cols, kind, credit, code, repeated) {
        Ok((line, key)) => Outcome::Line(line, Some(key)),
        Err(e) => Outcome::Rejected(e),
    }
}

/// `CR` (credit, true) or `DR` (debit, false).
fn direction(cells: &Cells<'_>, col: Option<usize>, field: &str) -> Result<bool> {
    let t = cells.required(col, field)?;
    if t.eq_ignore_ascii_case("CR") {
        Ok(true)
    } else if t.eq_ignore_ascii_case("DR") {
        Ok(false)
    } else {
        Err(Error::invalid_argument(field, cut(t), "expected CR or DR"))
    }
}

fn line(
    cells: &Cells<'_>,
    cols: &Columns,
    kind: SettlementKind,
    credit: bool,
    code: &str,
    repeated: &mut Repeated,
) -> Result<(SettlementLine, String)> {
    let currency = repeated.currency(cells.required(cols.currency, "gross currency")?)?;
    let unsigned = |col, field: &str| -> Result<Option<Decimal>> {
        let Some(t) = cells.text(col) else {
            return Ok(None);
        };
        if t.starts_with('-') {
            return Err(Error::invalid_amount(
                field,
                cut(t),
                "PayPal amounts are unsigned; the debit/credit column gives the sign",
            ));
        }
        minor_units(field, t, currency).map(Some)
    };
    let gross = unsigned(cols.gross, "Gross Transaction Amount")?.ok_or_else(|| {
        Error::invalid_amount(
            "Gross Transaction Amount",
            "(empty)",
            "a row needs its gross",
        )
    })?;
    let gross = if credit { gross } else { negate(gross) };
    let fee = match unsigned(cols.fee, "Fee Amount")? {
        None => None,
        Some(f) => {
            if let Some(fc) = cells
                .text(cols.fee_currency)
                .filter(|fc| !fc.eq_ignore_ascii_case(currency.code()))
            {
                let fc = Currency::from_code(fc)?;
                if fc != currency && !f.is_zero() {
                    return Err(Error::CurrencyMismatch {
                        operation: "a fee in another currency than its transaction".into(),
                        left: currency.code().into(),
                        right: fc.code().into(),
                    });
                }
            }
            // A fee debited is a cost (positive); credited back, negative.
            let debit = match cells.text(cols.fee_direction) {
                None => true,
                Some(_) => !direction(cells, cols.fee_direction, "Fee Debit or Credit")?,
            };
            Some(if debit { f } else { negate(f) })
        }
    };
    let net = minus(gross, fee.unwrap_or_default(), "gross − fee")?;
    let id = cells.required(cols.id, "transaction id")?;
    let reference = match kind {
        SettlementKind::Chargeback | SettlementKind::ChargebackReversal => {
            cells.text(cols.reference).unwrap_or(id)
        }
        _ => id,
    };
    let when = cells.required(cols.settled, "completion date")?;
    let line = SettlementLine {
        id: RecordId::new("pending")?,
        kind,
        processor: repeated.processor(),
        processor_reference: Some(reference.to_string()),
        merchant_reference: cells.text(cols.invoice).map(str::to_string),
        gross: Some(gross),
        fee,
        net,
        currency,
        settled_at: time(when)?,
        batch_id: None,
        original_gross: None,
        original_currency: None,
        exchange_rate: None,
    };
    let mut key = String::with_capacity(id.len().saturating_add(16));
    key.push_str("paypal/");
    key.push_str(id);
    key.push('/');
    key.push_str(&code.to_ascii_uppercase());
    Ok((line, key))
}

/// PayPal's times: `2026/11/20 10:15:00 -0800`, or RFC 3339.
fn time(text: &str) -> Result<Instant> {
    let t = text.trim();
    let parsed = t.rsplit_once(' ').and_then(|(local, zone)| {
        let b = zone.as_bytes();
        let sign = match b.first() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return None,
        };
        let digits = zone.get(1..)?.replace(':', "");
        if digits.len() != 4 || !digits.bytes().all(|d| d.is_ascii_digit()) {
            return None;
        }
        let h: i32 = digits.get(..2)?.parse().ok()?;
        let m: i32 = digits.get(2..)?.parse().ok()?;
        let minutes = h.checked_mul(60)?.checked_add(m)?.checked_mul(sign)?;
        Some((naive_time(local)?, minutes))
    });
    match parsed {
        Some((local, minutes)) => at_offset(local, minutes, "Transaction Completion Date", text),
        None => Instant::parse(text),
    }
}
