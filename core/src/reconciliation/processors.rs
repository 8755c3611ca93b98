//! Processor reports to settlement lines: pure adapters over rows of text
//! keyed by the column names the processors document. Unknown row types are
//! reported, never dropped; a row with no id of its own gets a stable one.

use super::input::{SettlementKind, SettlementLine};
use crate::currency::Currency;
use crate::error::{Error, Result};
use crate::ids::{ProcessorId, RecordId};
use crate::instant::Instant;
use crate::money::parse_decimal;
use chrono::{NaiveDateTime, TimeZone, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One cell of a report: text as a CSV reader gives it, or a whole number
/// as an API gives it; empty when null. A float is refused: money is exact.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Cell(pub Option<String>);

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell(Some(text.to_string()))
    }
}

impl<'de> Deserialize<'de> for Cell {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Cell;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("text, a whole number or null")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Cell, E> {
                Ok(Cell(Some(v.to_string())))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Cell, E> {
                Ok(Cell(Some(v.to_string())))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Cell, E> {
                Ok(Cell(Some(v.to_string())))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> std::result::Result<Cell, E> {
                Ok(Cell(Some(v.to_string())))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<Cell, E> {
                Err(E::custom(format!(
                    "money must be exact: got the float {v}; pass the report's text"
                )))
            }
            fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Cell, E> {
                Ok(Cell(None))
            }
            fn visit_none<E: serde::de::Error>(self) -> std::result::Result<Cell, E> {
                Ok(Cell(None))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// One row of a report: column name to cell.
pub type ReportRow = BTreeMap<String, Cell>;

/// A row whose type the adapter does not know: reported, not guessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnknownRow {
    /// 1-based position in the report.
    pub row: usize,
    /// The type the report gave.
    pub row_type: String,
}

/// A row the adapter could not read, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedRow {
    /// 1-based position in the report.
    pub row: usize,
    /// Why.
    pub error: Error,
}

/// What an adapter made of a report: every row is in exactly one list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessorReport {
    /// Rows read as settlement lines.
    pub lines: Vec<SettlementLine>,
    /// Rows of a type the adapter does not know.
    pub unknown: Vec<UnknownRow>,
    /// Rows that could not be read.
    pub rejected: Vec<RejectedRow>,
}

fn cell<'r>(row: &'r ReportRow, names: &[&str]) -> Option<&'r str> {
    names
        .iter()
        .find_map(|n| row.get(*n)?.0.as_deref())
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
}

fn required<'r>(row: &'r ReportRow, names: &[&str]) -> Result<&'r str> {
    cell(row, names).ok_or_else(|| {
        Error::invalid_argument(
            names[0],
            "(empty)",
            "the report row has no value in this column",
        )
    })
}

fn record_id(text: &str) -> Result<RecordId> {
    RecordId::new(text)
}

/// Stripe balance transactions (the API object or its export): `id`,
/// `type`, `reporting_category`, `source`, `amount`, `fee`, `net` in minor
/// units, `currency`, `created` (Unix seconds or UTC text) and, when the
/// export carries them, `automatic_payout_id` and the order id in
/// `merchant_reference_column` (`payment_metadata[order_id]` by default).
pub fn stripe_balance_transactions(
    rows: &[ReportRow],
    merchant_reference_column: Option<&str>,
) -> ProcessorReport {
    let metadata = merchant_reference_column.unwrap_or("payment_metadata[order_id]");
    let mut out = ProcessorReport::default();
    for (i, row) in rows.iter().enumerate() {
        // Row numbers of a slice: i < len ≤ usize::MAX.
        let n = i.saturating_add(1);
        let row_type = cell(row, &["type", "Type"])
            .unwrap_or("")
            .to_ascii_lowercase();
        let category = cell(row, &["reporting_category"]).unwrap_or("");
        let kind = match (row_type.as_str(), category) {
            ("charge" | "payment", _) => SettlementKind::Charge,
            ("refund" | "payment_refund", _) => SettlementKind::Refund,
            ("adjustment", "dispute") | ("dispute", _) => SettlementKind::Chargeback,
            ("adjustment", "dispute_reversal") => SettlementKind::ChargebackReversal,
            ("adjustment", _) => SettlementKind::Adjustment,
            ("stripe_fee" | "tax_fee" | "application_fee", _) => SettlementKind::Fee,
            ("payout", _) => SettlementKind::Payout,
            _ => {
                out.unknown.push(UnknownRow { row: n, row_type });
                continue;
            }
        };
        match stripe_row(row, kind, metadata) {
            Ok(line) => out.lines.push(line),
            Err(error) => out.rejected.push(RejectedRow { row: n, error }),
        }
    }
    out
}

fn stripe_row(row: &ReportRow, kind: SettlementKind, metadata: &str) -> Result<SettlementLine> {
    let currency = Currency::from_code(required(row, &["currency", "Currency"])?)?;
    let minor = |names: &[&str]| -> Result<Option<Decimal>> {
        let Some(text) = cell(row, names) else {
            return Ok(None);
        };
        let units: i64 = text.parse().map_err(|_| {
            Error::invalid_amount(names[0], text, "Stripe amounts are whole minor units")
        })?;
        Ok(Some(Decimal::new(units, currency.minor_units())))
    };
    let gross = minor(&["amount", "Amount"])?;
    let fee = minor(&["fee", "Fee"])?;
    let net = match minor(&["net", "Net"])? {
        Some(net) => net,
        None => match (gross, fee) {
            (Some(g), Some(f)) => g
                .checked_sub(f)
                .ok_or_else(|| Error::overflow("gross − fee"))?,
            _ => {
                return Err(Error::invalid_amount(
                    "net",
                    "(empty)",
                    "no net and no amount and fee",
                ))
            }
        },
    };
    let source = cell(row, &["source", "source_id", "Source"]).map(str::to_string);
    let batch = cell(row, &["automatic_payout_id", "payout"])
        .map(str::to_string)
        .or_else(|| {
            (kind == SettlementKind::Payout)
                .then(|| source.clone())
                .flatten()
        })
        .map(|b| RecordId::new(&b))
        .transpose()?;
    Ok(SettlementLine {
        id: record_id(required(row, &["id", "balance_transaction_id"])?)?,
        kind,
        processor: ProcessorId::new("stripe")?,
        processor_reference: source,
        merchant_reference: cell(row, &[metadata]).map(str::to_string),
        gross,
        fee,
        net,
        currency,
        settled_at: stripe_time(required(row, &["created", "created_utc", "Created (UTC)"])?)?,
        batch_id: batch,
    })
}

fn stripe_time(text: &str) -> Result<Instant> {
    if let Ok(seconds) = text.parse::<i64>() {
        return Instant::from_unix_micros(seconds.saturating_mul(1_000_000));
    }
    // Stripe's exports write UTC without an offset ("2026-11-20 10:15:00").
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .map(|t| Instant::from_utc(Utc.from_utc_datetime(&t)))
        .map_or_else(|| Instant::parse(text), Ok)
}

/// Offsets (minutes east of UTC) of the zone abbreviations Adyen writes in
/// its `TimeZone` column. An abbreviation not listed is refused, not guessed.
const ZONES: &[(&str, i32)] = &[
    ("UTC", 0),
    ("GMT", 0),
    ("WET", 0),
    ("WEST", 60),
    ("BST", 60),
    ("CET", 60),
    ("CEST", 120),
    ("EET", 120),
    ("EEST", 180),
    ("MSK", 180),
    ("GST", 240),
    ("IST", 330),
    ("SGT", 480),
    ("HKT", 480),
    ("AWST", 480),
    ("JST", 540),
    ("AEST", 600),
    ("AEDT", 660),
    ("NZST", 720),
    ("NZDT", 780),
    ("BRT", -180),
    ("EST", -300),
    ("EDT", -240),
    ("CST", -360),
    ("CDT", -300),
    ("MST", -420),
    ("MDT", -360),
    ("PST", -480),
    ("PDT", -420),
];

fn adyen_time(date: &str, zone: Option<&str>) -> Result<Instant> {
    let Ok(local) = NaiveDateTime::parse_from_str(date, "%Y-%m-%d %H:%M:%S") else {
        return Instant::parse(date);
    };
    let zone = zone.unwrap_or("UTC");
    let offset = ZONES
        .iter()
        .find(|(z, _)| z.eq_ignore_ascii_case(zone))
        .map(|(_, m)| *m)
        .ok_or_else(|| Error::InvalidTimestamp {
            field: "TimeZone".into(),
            value: zone.into(),
            reason: "an abbreviation Seamline does not know; convert Creation Date to RFC 3339"
                .into(),
        })?;
    let utc = local
        .checked_sub_signed(chrono::Duration::minutes(i64::from(offset)))
        .ok_or_else(|| Error::InvalidTimestamp {
            field: "Creation Date".into(),
            value: local.to_string(),
            reason: "outside the instants Seamline stores".into(),
        })?;
    Ok(Instant::from_utc(Utc.from_utc_datetime(&utc)))
}

/// Adyen's settlement details report: `Type` (Settled, Refunded,
/// Chargeback, ChargebackReversed, SecondChargeback, RefundedReversed, Fee,
/// MiscCosts, InvoiceDeduction, DepositCorrection, MerchantPayout, …),
/// major-unit decimals in `Gross Debit (GC)` / `Gross Credit (GC)` and
/// `Net Debit (NC)` / `Net Credit (NC)`, fees as `Commission (NC)` +
/// `Markup (NC)` + `Scheme Fees (NC)` + `Interchange (NC)`, `Creation Date`
/// in the `TimeZone` given, `Batch Number`. A row's id is its modification
/// reference and type, or batch and row number where it has none.
pub fn adyen_settlement_details(rows: &[ReportRow]) -> ProcessorReport {
    let mut out = ProcessorReport::default();
    for (i, row) in rows.iter().enumerate() {
        // Row numbers of a slice: i < len ≤ usize::MAX.
        let n = i.saturating_add(1);
        let row_type = cell(row, &["Type"]).unwrap_or("").to_string();
        let kind = match row_type.as_str() {
            "Settled" => SettlementKind::Charge,
            "Refunded" => SettlementKind::Refund,
            "Chargeback" | "SecondChargeback" => SettlementKind::Chargeback,
            "ChargebackReversed" => SettlementKind::ChargebackReversal,
            "Fee" | "MiscCosts" | "InvoiceDeduction" | "PaymentCost" => SettlementKind::Fee,
            "DepositCorrection" | "ManualCorrected" | "RefundedReversed" | "Balancetransfer" => {
                SettlementKind::Adjustment
            }
            "MerchantPayout" => SettlementKind::Payout,
            _ => {
                out.unknown.push(UnknownRow { row: n, row_type });
                continue;
            }
        };
        match adyen_row(row, kind, &row_type, n) {
            Ok(line) => out.lines.push(line),
            Err(error) => out.rejected.push(RejectedRow { row: n, error }),
        }
    }
    out
}

fn adyen_row(
    row: &ReportRow,
    kind: SettlementKind,
    row_type: &str,
    n: usize,
) -> Result<SettlementLine> {
    let amount = |name: &str| -> Result<Option<Decimal>> {
        cell(row, &[name])
            .map(|t| parse_decimal(name, t))
            .transpose()
    };
    // Credit adds to the merchant's balance, debit takes from it.
    let signed = |debit: &str, credit: &str| -> Result<Option<Decimal>> {
        Ok(match (amount(debit)?, amount(credit)?) {
            (None, None) => None,
            (d, c) => Some(
                c.unwrap_or_default()
                    .checked_sub(d.unwrap_or_default())
                    .ok_or_else(|| Error::overflow("credit − debit"))?,
            ),
        })
    };
    let net_currency = Currency::from_code(required(row, &["Net Currency"])?)?;
    let gross_currency = cell(row, &["Gross Currency"])
        .map(Currency::from_code)
        .transpose()?;
    let net = signed("Net Debit (NC)", "Net Credit (NC)")?
        .ok_or_else(|| Error::invalid_amount("Net Debit (NC)", "(empty)", "a row needs its net"))?;
    let mut fee = None;
    for name in [
        "Commission (NC)",
        "Markup (NC)",
        "Scheme Fees (NC)",
        "Schemes Fees (NC)",
        "Interchange (NC)",
    ] {
        if let Some(part) = amount(name)? {
            fee = Some(
                fee.unwrap_or(Decimal::ZERO)
                    .checked_add(part)
                    .ok_or_else(|| Error::overflow("fee parts"))?,
            );
        }
    }
    let gross = match gross_currency {
        Some(g) if g != net_currency => {
            return Err(Error::CurrencyMismatch {
                operation: "a row whose gross and net are in different currencies".into(),
                left: g.code().into(),
                right: net_currency.code().into(),
            })
        }
        _ => signed("Gross Debit (GC)", "Gross Credit (GC)")?,
    };
    let batch = cell(row, &["Batch Number"])
        .map(RecordId::new)
        .transpose()?;
    let modification = cell(row, &["Modification Reference"]);
    let id = match (kind, modification) {
        (
            SettlementKind::Charge
            | SettlementKind::Refund
            | SettlementKind::Chargeback
            | SettlementKind::ChargebackReversal,
            Some(m),
        ) => format!("{m}/{row_type}"),
        _ => format!("adyen/{}/{n}", batch.as_ref().map_or("-", |b| b.as_str())),
    };
    let psp = cell(row, &["Psp Reference"]).map(str::to_string);
    // A refund's own reference is its modification reference.
    let reference = match kind {
        SettlementKind::Refund => modification.map(str::to_string).or(psp),
        _ => psp,
    };
    Ok(SettlementLine {
        id: record_id(&id)?,
        kind,
        processor: ProcessorId::new("adyen")?,
        processor_reference: reference,
        merchant_reference: cell(row, &["Merchant Reference"]).map(str::to_string),
        gross,
        fee,
        net,
        currency: net_currency,
        settled_at: adyen_time(required(row, &["Creation Date"])?, cell(row, &["TimeZone"]))?,
        batch_id: batch,
    })
}
