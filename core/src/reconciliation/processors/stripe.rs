//! Stripe: the itemized payout-reconciliation and balance-change reports,
//! Dashboard balance exports and API balance-transaction objects.
//!
//! Units follow the layout, never the row: itemized reports and Dashboard
//! exports give major units (`849.00`), the API minor units (`84900`). A
//! line settles when its funds become available (`available_on`); `created`
//! is used only where a report has no availability time.

use super::cells::{at_offset, minor_units, minus, naive_time, negate, Cells, Repeated};
use super::sheet::{self, json_kind, Header, Reached, Record, MAX_PREAMBLE};
use super::{each_record, json, no_layout, Layout, Outcome, Part, Processor, ReportOptions, Sink};
use crate::currency::Currency;
use crate::error::{Error, Result};
use crate::ids::RecordId;
use crate::instant::Instant;
use crate::reconciliation::input::{SettlementKind, SettlementLine};
use csv::StringRecord;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::str::FromStr;

/// What each `reporting_category` Stripe documents settles as. Platform
/// income (`platform_earning`, application fees) is an adjustment, kept
/// apart from the fees the merchant pays.
const CATEGORIES: &[(&str, SettlementKind)] = &[
    ("charge", SettlementKind::Charge),
    ("refund", SettlementKind::Refund),
    ("dispute", SettlementKind::Chargeback),
    ("dispute_reversal", SettlementKind::ChargebackReversal),
    ("fee", SettlementKind::Fee),
    ("network_cost", SettlementKind::Fee),
    ("tax", SettlementKind::Fee),
    ("payout", SettlementKind::Payout),
    ("partial_capture_reversal", SettlementKind::Adjustment),
    ("payout_reversal", SettlementKind::Adjustment),
    ("transfer", SettlementKind::Adjustment),
    ("transfer_reversal", SettlementKind::Adjustment),
    ("platform_earning", SettlementKind::Adjustment),
    ("platform_earning_refund", SettlementKind::Adjustment),
    ("refund_failure", SettlementKind::Adjustment),
    ("charge_failure", SettlementKind::Adjustment),
    ("other_adjustment", SettlementKind::Adjustment),
    ("advance", SettlementKind::Adjustment),
    ("advance_funding", SettlementKind::Adjustment),
    ("anticipation_repayment", SettlementKind::Adjustment),
    ("climate_order_purchase", SettlementKind::Adjustment),
    ("climate_order_refund", SettlementKind::Adjustment),
    ("connect_collection_transfer", SettlementKind::Adjustment),
    ("connect_reserved_funds", SettlementKind::Adjustment),
    ("contribution", SettlementKind::Adjustment),
    ("financing_paydown", SettlementKind::Adjustment),
    ("financing_paydown_reversal", SettlementKind::Adjustment),
    ("issuing_authorization_hold", SettlementKind::Adjustment),
    ("issuing_authorization_release", SettlementKind::Adjustment),
    ("issuing_dispute", SettlementKind::Adjustment),
    ("issuing_transaction", SettlementKind::Adjustment),
    ("obligation", SettlementKind::Adjustment),
    ("payment_network_reserve_hold", SettlementKind::Adjustment),
    (
        "payment_network_reserve_release",
        SettlementKind::Adjustment,
    ),
    ("payment_unreconciled", SettlementKind::Adjustment),
    ("payout_minimum_balance_hold", SettlementKind::Adjustment),
    ("payout_minimum_balance_release", SettlementKind::Adjustment),
    ("risk_reserved_funds", SettlementKind::Adjustment),
    ("topup", SettlementKind::Adjustment),
    ("topup_reversal", SettlementKind::Adjustment),
    ("unreconciled_customer_funds", SettlementKind::Adjustment),
];

/// What each balance-transaction `type` settles as, where a row has no
/// `reporting_category` (or `type=adjustment` has none to refine it).
const TYPES: &[(&str, SettlementKind)] = &[
    ("charge", SettlementKind::Charge),
    ("payment", SettlementKind::Charge),
    ("refund", SettlementKind::Refund),
    ("payment_refund", SettlementKind::Refund),
    ("payment_reversal", SettlementKind::Chargeback),
    ("stripe_fee", SettlementKind::Fee),
    ("stripe_fx_fee", SettlementKind::Fee),
    ("tax_fee", SettlementKind::Fee),
    ("network_cost", SettlementKind::Fee),
    ("payout", SettlementKind::Payout),
    ("adjustment", SettlementKind::Adjustment),
    ("application_fee", SettlementKind::Adjustment),
    ("application_fee_refund", SettlementKind::Adjustment),
    ("payout_cancel", SettlementKind::Adjustment),
    ("payout_failure", SettlementKind::Adjustment),
    ("payout_minimum_balance_hold", SettlementKind::Adjustment),
    ("payout_minimum_balance_release", SettlementKind::Adjustment),
    ("transfer", SettlementKind::Adjustment),
    ("transfer_cancel", SettlementKind::Adjustment),
    ("transfer_failure", SettlementKind::Adjustment),
    ("transfer_refund", SettlementKind::Adjustment),
    ("refund_failure", SettlementKind::Adjustment),
    ("payment_failure_refund", SettlementKind::Adjustment),
    ("reserve_transaction", SettlementKind::Adjustment),
    ("reserved_funds", SettlementKind::Adjustment),
    ("payment_network_reserve_hold", SettlementKind::Adjustment),
    (
        "payment_network_reserve_release",
        SettlementKind::Adjustment,
    ),
    ("payment_unreconciled", SettlementKind::Adjustment),
    ("advance", SettlementKind::Adjustment),
    ("advance_funding", SettlementKind::Adjustment),
    ("anticipation_repayment", SettlementKind::Adjustment),
    ("climate_order_purchase", SettlementKind::Adjustment),
    ("climate_order_refund", SettlementKind::Adjustment),
    ("connect_collection_transfer", SettlementKind::Adjustment),
    ("contribution", SettlementKind::Adjustment),
    ("issuing_authorization_hold", SettlementKind::Adjustment),
    ("issuing_authorization_release", SettlementKind::Adjustment),
    ("issuing_dispute", SettlementKind::Adjustment),
    ("issuing_transaction", SettlementKind::Adjustment),
    ("obligation_outbound", SettlementKind::Adjustment),
    ("obligation_reversal_inbound", SettlementKind::Adjustment),
    ("topup", SettlementKind::Adjustment),
    ("topup_reversal", SettlementKind::Adjustment),
];

/// The kind of a row from its category (when known) or its type.
fn kind(
    category: Option<&str>,
    row_type: Option<&str>,
) -> std::result::Result<SettlementKind, String> {
    let find = |table: &[(&str, SettlementKind)], name: &str| {
        table
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, k)| *k)
    };
    if let Some(c) = category {
        return find(CATEGORIES, c).ok_or_else(|| c.to_string());
    }
    match row_type {
        Some(t) => find(TYPES, t).ok_or_else(|| t.to_string()),
        None => Err(String::new()),
    }
}

/// Columns of the CSV layouts, by the names each layout writes.
struct Columns {
    id: Option<usize>,
    category: Option<usize>,
    row_type: Option<usize>,
    source: Option<usize>,
    charge: Option<usize>,
    gross: Option<usize>,
    fee: Option<usize>,
    net: Option<usize>,
    currency: Option<usize>,
    settled: Option<usize>,
    payout: Option<usize>,
    merchant: Option<usize>,
    exchange_rate: Option<usize>,
}

const ITEMIZED: &[&str] = &[
    "balance_transaction_id",
    "reporting_category",
    "gross",
    "net",
    "currency",
];
const DASHBOARD: &[&str] = &["id", "Amount", "Net", "Currency"];
const API: &[&str] = &["id", "amount", "currency"];

/// The layout a header is in, if any.
fn detect(header: &Header) -> Option<Layout> {
    if header.has_all(ITEMIZED) {
        Some(Layout::StripeItemized)
    } else if header.has_all(DASHBOARD)
        && header
            .column(&["Created (UTC)", "Available On (UTC)"])
            .is_some()
    {
        Some(Layout::StripeDashboard)
    } else if header.has_all(API) && header.column(&["created", "available_on"]).is_some() {
        Some(Layout::StripeApi)
    } else {
        None
    }
}

fn columns(
    file: &str,
    header: &Header,
    layout: Layout,
    options: &ReportOptions,
) -> Result<Columns> {
    let c = |names: &[&str]| header.column(names);
    let merchant = options.merchant_reference.as_deref();
    let cols = match layout {
        Layout::StripeItemized => Columns {
            id: c(&["balance_transaction_id"]),
            category: c(&["reporting_category"]),
            row_type: None,
            source: c(&["source_id"]),
            charge: c(&["charge_id"]),
            gross: c(&["gross"]),
            fee: c(&["fee"]),
            net: c(&["net"]),
            currency: c(&["currency"]),
            // Local-time columns (`available_on`, `created`) are in the
            // report's time zone: only the UTC ones are read.
            settled: c(&["available_on_utc", "created_utc"]),
            payout: c(&["automatic_payout_id"]),
            merchant: c(&[merchant.unwrap_or("payment_metadata[order_id]")]),
            exchange_rate: None,
        },
        Layout::StripeDashboard => Columns {
            id: c(&["id"]),
            category: c(&["Reporting Category"]),
            row_type: c(&["Type"]),
            source: c(&["Source"]),
            charge: None,
            gross: c(&["Amount"]),
            fee: c(&["Fee"]),
            net: c(&["Net"]),
            currency: c(&["Currency"]),
            settled: c(&["Available On (UTC)", "Created (UTC)"]),
            payout: c(&["Transfer", "Payout"]),
            merchant: c(&[merchant.unwrap_or("order_id (metadata)")]),
            exchange_rate: None,
        },
        _ => Columns {
            id: c(&["id", "balance_transaction_id"]),
            category: c(&["reporting_category"]),
            row_type: c(&["type"]),
            source: c(&["source", "source_id"]),
            charge: c(&["charge_id"]),
            gross: c(&["amount"]),
            fee: c(&["fee"]),
            net: c(&["net"]),
            currency: c(&["currency"]),
            settled: c(&["available_on", "created"]),
            payout: c(&["automatic_payout_id", "payout"]),
            merchant: c(&[merchant.unwrap_or("payment_metadata[order_id]")]),
            exchange_rate: c(&["exchange_rate"]),
        },
    };
    let incomplete = cols.id.is_none()
        || cols.currency.is_none()
        || cols.net.is_none() && cols.gross.is_none()
        || cols.category.is_none() && cols.row_type.is_none();
    if incomplete {
        return Err(no_layout(file, Processor::Stripe, NEEDS));
    }
    if cols.settled.is_none() {
        return Err(Error::invalid_argument(
            sheet::cut(file),
            "(its header)",
            "no UTC time column (available_on_utc or created_utc; Created (UTC) in a Dashboard export): a local time cannot be placed",
        ));
    }
    Ok(cols)
}

const NEEDS: &[(&str, &[&str])] = &[
    ("itemized report", ITEMIZED),
    (
        "Dashboard export",
        &["id", "Type", "Amount", "Net", "Currency", "Created (UTC)"],
    ),
    (
        "API objects",
        &["id", "type", "amount", "currency", "created"],
    ),
];

/// Reads one Stripe file.
pub(super) fn read(
    file: &Part<'_>,
    options: &ReportOptions,
    sink: &mut Sink<'_>,
) -> Result<(Layout, Reached)> {
    let mut parsed = None;
    if let Some(v) = json(file, &mut parsed)? {
        let items = sheet::objects(v)?;
        let api = options.layout == Some(Layout::StripeApi)
            || options.layout.is_none() && items.iter().any(|(_, o)| is_api_object(o));
        if api {
            let mut repeated = Repeated::new(Processor::Stripe)?;
            for (line, o) in &items {
                sink.push(*line, api_object(o, options, &mut repeated));
            }
            return Ok((Layout::StripeApi, Reached::End));
        }
    }
    let mut repeated = Repeated::new(Processor::Stripe)?;
    let mut found: Option<(Header, Layout, Columns)> = None;
    let mut before = 0usize;
    let reached = each_record(file, &mut |r| {
        if let Some((header, layout, cols)) = &found {
            let minor = *layout == Layout::StripeApi;
            sink.push(r.line, row(header, &r, cols, minor, &mut repeated));
            return Ok(());
        }
        // Lines before the header (a title, a note) are not rows.
        let header = Header::of(r.cells);
        match detect(&header) {
            Some(detected) => {
                let layout = options.layout.unwrap_or(detected);
                let cols = columns(file.name, &header, layout, options)?;
                sheet::refuse_float_money(file.name, &r, &[cols.gross, cols.fee, cols.net])?;
                found = Some((header, layout, cols));
            }
            None => {
                before = before.saturating_add(1);
                if before > MAX_PREAMBLE {
                    return Err(no_layout(file.name, Processor::Stripe, NEEDS));
                }
            }
        }
        Ok(())
    })?;
    match found {
        Some((_, layout, _)) => Ok((layout, reached)),
        None if before == 0 => Ok((options.layout.unwrap_or(Layout::StripeItemized), reached)),
        None => Err(no_layout(file.name, Processor::Stripe, NEEDS)),
    }
}

/// Whether a record is a Stripe report's header (what [`read`] takes as one).
pub(super) fn is_header(cells: &StringRecord) -> bool {
    detect(&Header::of(cells)).is_some()
}

fn row(
    header: &Header,
    r: &Record<'_>,
    cols: &Columns,
    minor: bool,
    repeated: &mut Repeated,
) -> Outcome {
    if let Some(why) = header.ragged(r) {
        return Outcome::Rejected(Error::invalid_argument("row", "(the row)", why));
    }
    let cells = Cells { header, row: r };
    let kind = match kind(cells.text(cols.category), cells.text(cols.row_type)) {
        Ok(k) => k,
        Err(t) => return Outcome::Unknown(t),
    };
    match line_from_cells(&cells, cols, kind, minor, repeated) {
        Ok(mut line) if is_capture_reversal(cells.text(cols.category)) => {
            if let Some(charge) = cells.text(cols.charge) {
                line.processor_reference = Some(charge.to_string());
            }
            Outcome::CaptureReversal(line)
        }
        Ok(line) => Outcome::Line(line, None),
        Err(e) => Outcome::Rejected(e),
    }
}

/// Whether a row's category is a partial-capture reversal: the part of an
/// authorisation that was not captured, given back in a balance
/// transaction of its own beside the charge's full amount ("summing the
/// two balance transactions yields the captured portion of the charge",
/// Stripe's reporting-categories page).
fn is_capture_reversal(category: Option<&str>) -> bool {
    category.is_some_and(|c| c.eq_ignore_ascii_case("partial_capture_reversal"))
}

/// Counts each partial-capture reversal in the line of the charge it
/// reverses part of (same charge, same currency), so the charge's line
/// states what was captured, which is what the order's payment records.
/// The reversal's row is then accounted for as skipped, naming the line it
/// was counted in. A reversal whose charge is not in the report stays a
/// line of its own (an adjustment). Runs once every file is read, so the
/// charge may be in another file of the call; a reversal repeated in
/// another file (the same report read twice) is a duplicate and counted
/// once.
pub(super) fn fold_capture_reversals(
    out: &mut super::ProcessorReport,
    reversals: Vec<(super::RowAt, SettlementLine)>,
) {
    use super::{DuplicateRow, RejectedRow, SkippedRow};
    if reversals.is_empty() {
        return;
    }
    // The charge lines of each reference, in order: a charge is partly
    // captured once, so each reversal goes to the first not yet reduced.
    let mut charges: rustc_hash::FxHashMap<String, std::collections::VecDeque<usize>> =
        rustc_hash::FxHashMap::default();
    for (i, l) in out.lines.iter().enumerate() {
        if let (SettlementKind::Charge, Some(r)) = (l.kind, &l.processor_reference) {
            charges.entry(r.clone()).or_default().push_back(i);
        }
    }
    let mut seen: rustc_hash::FxHashMap<RecordId, SettlementLine> =
        rustc_hash::FxHashMap::default();
    // Within a file, a reversal repeated is numbered like any line (`#2`).
    let mut counts: rustc_hash::FxHashMap<(String, RecordId), u32> =
        rustc_hash::FxHashMap::default();
    for (at, mut reversal) in reversals {
        let n = counts
            .entry((at.file.clone(), reversal.id.clone()))
            .or_insert(0);
        *n = n.saturating_add(1);
        if *n > 1 {
            match super::line_id(Processor::Stripe, reversal.id.as_str(), *n) {
                Ok(id) => reversal.id = id,
                Err(error) => {
                    out.rejected.push(RejectedRow { at, error });
                    continue;
                }
            }
        }
        if let Some(first) = seen.get(&reversal.id) {
            if *first == reversal {
                let id = reversal.id;
                out.duplicates.push(DuplicateRow { at, id });
            } else {
                let error = Error::invalid_argument(
                    "id",
                    reversal.id.as_str(),
                    "another row of this report has this id and different amounts or times",
                );
                out.rejected.push(RejectedRow { at, error });
            }
            continue;
        }
        seen.insert(reversal.id.clone(), reversal.clone());
        let charge = reversal
            .processor_reference
            .as_ref()
            .and_then(|r| charges.get_mut(r))
            .and_then(|queue| {
                let i = *queue.front()?;
                let same = out.lines.get(i)?.currency == reversal.currency;
                same.then(|| queue.pop_front()).flatten()
            })
            .and_then(|i| out.lines.get_mut(i));
        let Some(charge) = charge else {
            out.lines.push(reversal);
            continue;
        };
        match counted_in(charge, &reversal) {
            Ok(folded) => {
                let reason = format!(
                    "a partial-capture reversal of {}: counted in line {}",
                    reversal.processor_reference.as_deref().unwrap_or_default(),
                    folded.id
                );
                *charge = folded;
                out.skipped.push(SkippedRow { at, reason });
            }
            Err(error) => out.rejected.push(RejectedRow { at, error }),
        }
    }
    // Each list in file order (the files' reading order), then line order,
    // as if the reversals had been placed where their rows are.
    let place: rustc_hash::FxHashMap<&str, usize> = out
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.as_str(), i))
        .collect();
    let key = |at: &super::RowAt| (place.get(at.file.as_str()).copied(), at.line);
    out.skipped.sort_by_key(|r| key(&r.at));
    out.duplicates.sort_by_key(|r| key(&r.at));
    out.rejected.sort_by_key(|r| key(&r.at));
}

/// The charge line with a reversal's amounts added: gross and net fall by
/// the uncaptured part; the fee is the charge's (plus the reversal's, if
/// it states one).
fn counted_in(charge: &SettlementLine, reversal: &SettlementLine) -> Result<SettlementLine> {
    use super::cells::plus;
    let mut folded = charge.clone();
    folded.net = plus(charge.net, reversal.net, "net")?;
    folded.gross = match charge.gross {
        Some(g) => Some(plus(g, reversal.gross.unwrap_or(reversal.net), "gross")?),
        None => None,
    };
    folded.fee = match (charge.fee, reversal.fee) {
        (Some(f), Some(r)) => Some(plus(f, r, "fee")?),
        (f, _) => f,
    };
    Ok(folded)
}

fn line_from_cells(
    cells: &Cells<'_>,
    cols: &Columns,
    kind: SettlementKind,
    minor: bool,
    repeated: &mut Repeated,
) -> Result<SettlementLine> {
    let currency = repeated.currency(cells.required(cols.currency, "currency")?)?;
    let amount = |col| {
        if minor {
            cells.minor(col, currency)
        } else {
            cells.major(col, currency)
        }
    };
    let gross = amount(cols.gross)?;
    let fee = amount(cols.fee)?;
    let net = match (amount(cols.net)?, gross, fee) {
        (Some(net), _, _) => net,
        (None, Some(g), Some(f)) => minus(g, f, "gross − fee")?,
        (None, Some(g), None) => g,
        (None, None, _) => {
            return Err(Error::invalid_amount(
                "net",
                "(empty)",
                "no net and no gross",
            ))
        }
    };
    let source = cells.text(cols.source);
    let charge = cells.text(cols.charge);
    let reference = match kind {
        SettlementKind::Charge
        | SettlementKind::Chargeback
        | SettlementKind::ChargebackReversal => charge.or(source),
        _ => source,
    };
    let batch = cells
        .text(cols.payout)
        .or_else(|| (kind == SettlementKind::Payout).then_some(source).flatten())
        .map(|b| repeated.batch(b))
        .transpose()?;
    let exchange_rate = cells
        .text(cols.exchange_rate)
        .map(|t| rate("exchange_rate", t))
        .transpose()?;
    Ok(SettlementLine {
        id: RecordId::new(cells.required(cols.id, "balance transaction id")?)?,
        kind,
        processor: repeated.processor(),
        processor_reference: reference.map(str::to_string),
        merchant_reference: cells.text(cols.merchant).map(str::to_string),
        gross,
        fee,
        net,
        currency,
        settled_at: time(cells.required(cols.settled, "time")?)?,
        batch_id: batch,
        original_gross: None,
        original_currency: None,
        exchange_rate,
    })
}

/// An exchange rate: a number or decimal text (a rate, not money, so a
/// JSON float is read through its shortest decimal text).
fn rate(field: &str, text: &str) -> Result<Decimal> {
    Decimal::from_str(text.trim())
        .or_else(|_| Decimal::from_scientific(text.trim()))
        .map_err(|_| Error::invalid_argument(field, sheet::cut(text), "not a decimal rate"))
}

/// Stripe's times: Unix seconds (the API), or UTC text without an offset
/// (`2026-11-20 10:15:00`, the reports' `*_utc` columns), or RFC 3339.
fn time(text: &str) -> Result<Instant> {
    if let Ok(seconds) = text.trim().parse::<i64>() {
        return Instant::from_unix_micros(seconds.saturating_mul(1_000_000));
    }
    match naive_time(text) {
        Some(t) => at_offset(t, 0, "time", text),
        None => Instant::parse(text),
    }
}

/// Whether a record is an API object rather than a flat report row.
fn is_api_object(o: &Map<String, Value>) -> bool {
    matches!(
        o.get("object").and_then(Value::as_str),
        Some("balance_transaction" | "payout")
    ) || o.get("fee_details").is_some_and(Value::is_array)
        || o.get("source").is_some_and(Value::is_object)
}

/// One API object: a balance transaction (minor units, Unix times) or a
/// payout object.
fn api_object(o: &Map<String, Value>, options: &ReportOptions, repeated: &mut Repeated) -> Outcome {
    if let Some(key) = o.keys().find(|k| k.len() > sheet::MAX_CELL) {
        return Outcome::Rejected(Error::invalid_argument(
            "key",
            sheet::cut(key),
            "a key longer than 64 KiB",
        ));
    }
    let is_payout = o.get("object").and_then(Value::as_str) == Some("payout");
    if is_payout {
        let status = o.get("status").and_then(Value::as_str).unwrap_or("paid");
        if matches!(status, "failed" | "canceled") {
            return Outcome::Skipped(format!(
                "a payout that {status}: its money stayed in the balance"
            ));
        }
    }
    let category = o.get("reporting_category").and_then(Value::as_str);
    let row_type = if is_payout {
        Some("payout")
    } else {
        o.get("type").and_then(Value::as_str)
    };
    let kind = match kind(category, row_type) {
        Ok(k) => k,
        Err(t) => return Outcome::Unknown(t),
    };
    match api_line(o, kind, is_payout, options, repeated) {
        Ok(line) if is_capture_reversal(category) => Outcome::CaptureReversal(line),
        Ok(line) => Outcome::Line(line, None),
        Err(e) => Outcome::Rejected(e),
    }
}

fn api_line(
    o: &Map<String, Value>,
    kind: SettlementKind,
    is_payout: bool,
    options: &ReportOptions,
    repeated: &mut Repeated,
) -> Result<SettlementLine> {
    let text = |key: &str| -> Result<Option<String>> {
        match o.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Some(n.to_string())),
            Some(other) => Err(Error::invalid_type(key, "text", json_kind(other))),
        }
    };
    let currency = Currency::from_code(&text("currency")?.ok_or_else(|| {
        Error::invalid_argument("currency", "(empty)", "the object has no currency")
    })?)?;
    let minor = |key: &str| -> Result<Option<Decimal>> {
        match o.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(units) => Ok(Some(Decimal::new(units, currency.minor_units()))),
                None => Err(Error::invalid_type(
                    key,
                    "whole minor units",
                    "a fraction or a number beyond 2^63",
                )),
            },
            Some(Value::String(s)) => minor_units(key, s, currency).map(Some),
            Some(other) => Err(Error::invalid_type(
                key,
                "whole minor units",
                json_kind(other),
            )),
        }
    };
    let amount = minor("amount")?;
    let fee = match minor("fee")? {
        Some(f) => Some(f),
        None => match o.get("fee_details") {
            Some(Value::Array(parts)) => {
                let mut sum = Decimal::ZERO;
                for (i, p) in parts.iter().enumerate() {
                    let units = p.get("amount").and_then(Value::as_i64).ok_or_else(|| {
                        Error::invalid_type(
                            format!("fee_details[{i}].amount"),
                            "whole minor units",
                            "something else",
                        )
                    })?;
                    sum = super::cells::plus(
                        sum,
                        Decimal::new(units, currency.minor_units()),
                        "fee details",
                    )?;
                }
                Some(sum)
            }
            _ => None,
        },
    };
    // A payout object states what left the balance as a positive amount.
    let (gross, net) = if is_payout {
        let paid = amount.ok_or_else(|| {
            Error::invalid_amount("amount", "(empty)", "a payout needs its amount")
        })?;
        (Some(negate(paid)), negate(paid))
    } else {
        let net = match (minor("net")?, amount, fee) {
            (Some(n), _, _) => n,
            (None, Some(a), Some(f)) => minus(a, f, "amount − fee")?,
            (None, Some(a), None) => a,
            (None, None, _) => {
                return Err(Error::invalid_amount(
                    "net",
                    "(empty)",
                    "no net and no amount",
                ))
            }
        };
        (amount, net)
    };
    let id = if is_payout {
        text("balance_transaction")?.or(text("id")?)
    } else {
        text("id")?
    }
    .ok_or_else(|| Error::invalid_argument("id", "(empty)", "the object has no id"))?;
    // `source` is an id, or the expanded charge / refund / dispute.
    let (source_id, charge_id, metadata) = match o.get("source") {
        Some(Value::Object(s)) => (
            s.get("id").and_then(Value::as_str).map(str::to_string),
            s.get("charge").and_then(|c| match c {
                Value::String(c) => Some(c.clone()),
                Value::Object(c) => c.get("id").and_then(Value::as_str).map(str::to_string),
                _ => None,
            }),
            s.get("metadata").and_then(Value::as_object),
        ),
        Some(Value::String(s)) => (Some(s.clone()), None, None),
        _ => (None, None, None),
    };
    let source_id = if is_payout { text("id")? } else { source_id };
    let reversal = is_capture_reversal(o.get("reporting_category").and_then(Value::as_str));
    let reference = match kind {
        SettlementKind::Chargeback | SettlementKind::ChargebackReversal => {
            charge_id.or(source_id.clone())
        }
        _ if reversal => charge_id.or(source_id.clone()),
        _ => source_id.clone(),
    };
    let key = options
        .merchant_reference
        .as_deref()
        .unwrap_or("payment_metadata[order_id]");
    let key = key
        .strip_prefix("payment_metadata[")
        .and_then(|k| k.strip_suffix(']'))
        .unwrap_or(key);
    let merchant = metadata
        .and_then(|m| m.get(key))
        .and_then(Value::as_str)
        .map(str::to_string);
    let batch = if is_payout || kind == SettlementKind::Payout {
        source_id.clone()
    } else {
        options.payout.clone()
    }
    .map(|b| RecordId::new(&b))
    .transpose()?;
    let when = ["available_on", "created", "arrival_date"]
        .iter()
        .find_map(|k| o.get(*k).filter(|v| !v.is_null()))
        .ok_or_else(|| {
            Error::invalid_argument("available_on", "(empty)", "the object has no time")
        })?;
    let settled_at = match when {
        Value::Number(n) => Instant::from_unix_micros(
            n.as_i64()
                .ok_or_else(|| Error::invalid_type("available_on", "Unix seconds", "a fraction"))?
                .saturating_mul(1_000_000),
        )?,
        Value::String(s) => time(s)?,
        other => {
            return Err(Error::invalid_type(
                "available_on",
                "Unix seconds",
                json_kind(other),
            ))
        }
    };
    let exchange_rate = match o.get("exchange_rate") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(rate("exchange_rate", &n.to_string())?),
        Some(Value::String(s)) => Some(rate("exchange_rate", s)?),
        Some(other) => {
            return Err(Error::invalid_type(
                "exchange_rate",
                "a number",
                json_kind(other),
            ))
        }
    };
    Ok(SettlementLine {
        id: RecordId::new(&id)?,
        kind,
        processor: repeated.processor(),
        processor_reference: reference,
        merchant_reference: merchant,
        gross,
        fee: if is_payout { Some(Decimal::ZERO) } else { fee },
        net,
        currency,
        settled_at,
        batch_id: batch,
        original_gross: None,
        original_currency: None,
        exchange_rate,
    })
}
