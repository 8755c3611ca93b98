//! Adyen's settlement details report: every record type Adyen documents
//! for it (matched case-insensitively), cross-currency lines (settled in the
//! net currency; the gross kept in its own currency with the exchange rate),
//! lines without a gross, merchant-account and batch-level fees, payouts
//! with their bank reference, and times in the `TimeZone` the report states
//! or the offset configured for its merchant account.

use super::cells::{at_offset, minus, naive_time, plus, Cells, Repeated};
use super::sheet::Reached;
use super::sheet::{cut, Header, Record, MAX_PREAMBLE};
use super::{each_record, no_layout, Layout, Outcome, Part, Processor, ReportOptions, Sink};
use crate::currency::Currency;
use crate::error::{Error, Result};
use crate::ids::RecordId;
use crate::instant::Instant;
use crate::reconciliation::input::{SettlementKind, SettlementLine};
use csv::StringRecord;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

/// Every `Type` of the settlement details report and what it settles as.
const TYPES: &[(&str, SettlementKind)] = &[
    ("Settled", SettlementKind::Charge),
    ("SettledBulk", SettlementKind::Charge),
    ("SettledInInstallments", SettlementKind::Charge),
    ("SettledExternally", SettlementKind::Charge),
    ("SettledExternallyWithInfo", SettlementKind::Charge),
    ("Refunded", SettlementKind::Refund),
    ("RefundedBulk", SettlementKind::Refund),
    ("RefundedInInstallments", SettlementKind::Refund),
    ("RefundedExternally", SettlementKind::Refund),
    ("RefundedExternallyWithInfo", SettlementKind::Refund),
    ("Chargeback", SettlementKind::Chargeback),
    ("ChargebackBulk", SettlementKind::Chargeback),
    ("SecondChargeback", SettlementKind::Chargeback),
    ("SecondChargebackBulk", SettlementKind::Chargeback),
    ("ChargebackExternally", SettlementKind::Chargeback),
    ("ChargebackExternallyWithInfo", SettlementKind::Chargeback),
    ("ChargebackReversed", SettlementKind::ChargebackReversal),
    ("ChargebackReversedBulk", SettlementKind::ChargebackReversal),
    (
        "ChargebackReversedExternallyWithInfo",
        SettlementKind::ChargebackReversal,
    ),
    ("Fee", SettlementKind::Fee),
    ("MiscCosts", SettlementKind::Fee),
    ("InvoiceDeduction", SettlementKind::Fee),
    ("PaymentCost", SettlementKind::Fee),
    (
        "AdvancementCommissionExternallyWithInfo",
        SettlementKind::Fee,
    ),
    ("RefundedReversed", SettlementKind::Adjustment),
    ("RefundedReversedBulk", SettlementKind::Adjustment),
    ("DepositCorrection", SettlementKind::Adjustment),
    ("ManualCorrected", SettlementKind::Adjustment),
    ("Balancetransfer", SettlementKind::Adjustment),
    ("MatchedStatement", SettlementKind::Adjustment),
    ("BankInstructionReturned", SettlementKind::Adjustment),
    ("EpaPaid", SettlementKind::Adjustment),
    ("PaidOut", SettlementKind::Adjustment),
    ("PaidOutReversed", SettlementKind::Adjustment),
    ("ReserveAdjustment", SettlementKind::Adjustment),
    ("AdvancementExternallyWithInfo", SettlementKind::Adjustment),
    ("MerchantPayout", SettlementKind::Payout),
];

/// Offsets (minutes east of UTC) of the zone abbreviations Adyen writes.
const ZONES: &[(&str, i32)] = &[
    ("UTC", 0),
    ("GMT", 0),
    ("WET", 0),
    ("WEST", 60),
    ("CET", 60),
    ("CEST", 120),
    ("EET", 120),
    ("EEST", 180),
    ("MSK", 180),
    ("SGT", 480),
    ("HKT", 480),
    ("AWST", 480),
    ("JST", 540),
    ("KST", 540),
    ("AEST", 600),
    ("AEDT", 660),
    ("NZST", 720),
    ("NZDT", 780),
    ("BRT", -180),
    ("EST", -300),
    ("EDT", -240),
    ("CDT", -300),
    ("MST", -420),
    ("MDT", -360),
    ("PST", -480),
    ("PDT", -420),
];

/// Abbreviations with more than one meaning (CST: US Central or China;
/// IST: India, Israel or Ireland; BST: British Summer or Bangladesh; GST:
/// Gulf or South Georgia; AST: Atlantic or Arabia): refused unless the
/// merchant account's offset is configured.
const AMBIGUOUS: &[&str] = &["CST", "IST", "BST", "GST", "AST"];

/// Configured offsets by merchant account (`"*"`: every account), in minutes.
pub(super) type Zones = BTreeMap<String, i32>;

/// Reads the configured offsets (`+01:00`, `-06:00`, `Z`).
pub(super) fn zones(configured: &BTreeMap<String, String>) -> Result<Zones> {
    configured
        .iter()
        .map(|(account, text)| {
            let bad = || {
                Error::invalid_argument(
                    format!("time_zones[{}]", cut(account)),
                    cut(text),
                    "expected a UTC offset such as +01:00 or -06:00",
                )
            };
            let t = text.trim();
            if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
                return Ok((account.clone(), 0));
            }
            let (sign, rest) = match t.as_bytes().first() {
                Some(b'+') => (1, &t[1..]),
                Some(b'-') => (-1, &t[1..]),
                _ => return Err(bad()),
            };
            let (h, m) = rest.split_once(':').ok_or_else(bad)?;
            let h: i32 = h.parse().map_err(|_| bad())?;
            let m: i32 = m.parse().map_err(|_| bad())?;
            if h > 14 || m > 59 || h < 0 || m < 0 {
                return Err(bad());
            }
            // Bounded above: |h| ≤ 14, m ≤ 59.
            let minutes = h.saturating_mul(60).saturating_add(m);
            Ok((
                account.clone(),
                if sign < 0 {
                    minutes.saturating_neg()
                } else {
                    minutes
                },
            ))
        })
        .collect()
}

struct Columns {
    account: Option<usize>,
    psp: Option<usize>,
    merchant: Option<usize>,
    created: Option<usize>,
    zone: Option<usize>,
    row_type: Option<usize>,
    modification: Option<usize>,
    gross_currency: Option<usize>,
    gross_debit: Option<usize>,
    gross_credit: Option<usize>,
    exchange_rate: Option<usize>,
    net_currency: Option<usize>,
    net_debit: Option<usize>,
    net_credit: Option<usize>,
    fees: Vec<usize>,
    batch: Option<usize>,
}

/// The columns a settlement details report cannot do without (and one of
/// [`NET`]).
const NEEDS: &[&str] = &["Type", "Net Currency", "Creation Date"];
const NET: &[&str] = &["Net Debit (NC)", "Net Credit (NC)"];

fn columns(header: &Header, options: &ReportOptions) -> Columns {
    let c = |names: &[&str]| header.column(names);
    Columns {
        account: c(&["Merchant Account"]),
        psp: c(&["Psp Reference"]),
        merchant: c(&[options
            .merchant_reference
            .as_deref()
            .unwrap_or("Merchant Reference")]),
        created: c(&["Creation Date"]),
        zone: c(&["TimeZone", "Time Zone"]),
        row_type: c(&["Type"]),
        modification: c(&["Modification Reference"]),
        gross_currency: c(&["Gross Currency"]),
        gross_debit: c(&["Gross Debit (GC)"]),
        gross_credit: c(&["Gross Credit (GC)"]),
        exchange_rate: c(&["Exchange Rate"]),
        net_currency: c(&["Net Currency"]),
        net_debit: c(&["Net Debit (NC)"]),
        net_credit: c(&["Net Credit (NC)"]),
        fees: [
            "Commission (NC)",
            "Markup (NC)",
            "Scheme Fees (NC)",
            "Schemes Fees (NC)",
            "Interchange (NC)",
        ]
        .iter()
        .filter_map(|n| c(&[n]))
        .collect(),
        batch: c(&["Batch Number"]),
    }
}

/// What a row needs that most rows repeat.
struct Context<'z> {
    zones: &'z Zones,
    repeated: Repeated,
    gross_currency: Option<(String, Currency)>,
    /// The last row's merchant account and `TimeZone` with their offset:
    /// rows of one account repeat them.
    zone: Option<(String, Option<String>, i32)>,
}

/// Reads one settlement details report file.
pub(super) fn read(
    file: &Part<'_>,
    options: &ReportOptions,
    zones: &Zones,
    sink: &mut Sink<'_>,
) -> Result<(Layout, Reached)> {
    let mut found: Option<(Header, Columns)> = None;
    let mut before = 0usize;
    let mut cx = Context {
        zones,
        repeated: Repeated::new(Processor::Adyen)?,
        gross_currency: None,
        zone: None,
    };
    let needs = || {
        no_layout(
            file.name,
            Processor::Adyen,
            &[(
                "settlement details report",
                &[
                    "Type",
                    "Net Currency",
                    "Creation Date",
                    "Net Debit (NC) or Net Credit (NC)",
                ],
            )],
        )
    };
    let reached = each_record(file, &mut |r| {
        if let Some((header, cols)) = &found {
            sink.push(r.line, outcome(header, &r, cols, &mut cx));
            return Ok(());
        }
        // Adyen's files may open with preamble lines: the header is the
        // first line naming the report's columns.
        let header = Header::of(r.cells);
        if names_report(&header) {
            let cols = columns(&header, options);
            let mut money = vec![
                cols.gross_debit,
                cols.gross_credit,
                cols.net_debit,
                cols.net_credit,
            ];
            money.extend(cols.fees.iter().copied().map(Some));
            super::sheet::refuse_float_money(file.name, &r, &money)?;
            found = Some((header, cols));
        } else {
            before = before.saturating_add(1);
            if before > MAX_PREAMBLE {
                return Err(needs());
            }
        }
        Ok(())
    })?;
    if found.is_none() && before > 0 {
        return Err(needs());
    }
    Ok((Layout::AdyenSettlementDetails, reached))
}

/// Whether a header names the report's columns.
fn names_report(header: &Header) -> bool {
    header.has_all(NEEDS) && header.column(NET).is_some()
}

/// Whether a record is the report's header (what [`read`] takes as one).
pub(super) fn is_header(cells: &StringRecord) -> bool {
    names_report(&Header::of(cells))
}

fn outcome(header: &Header, r: &Record<'_>, cols: &Columns, cx: &mut Context<'_>) -> Outcome {
    if let Some(why) = header.ragged(r) {
        return Outcome::Rejected(Error::invalid_argument("row", "(the row)", why));
    }
    let cells = Cells { header, row: r };
    let written = cells.text(cols.row_type).unwrap_or_default();
    let Some(&(name, kind)) = TYPES.iter().find(|(n, _)| n.eq_ignore_ascii_case(written)) else {
        return Outcome::Unknown(written.to_string());
    };
    match line(&cells, cols, kind, name, cx) {
        Ok((line, key)) => Outcome::Line(line, Some(key)),
        Err(e) => Outcome::Rejected(e),
    }
}

fn line(
    cells: &Cells<'_>,
    cols: &Columns,
    kind: SettlementKind,
    name: &str,
    cx: &mut Context<'_>,
) -> Result<(SettlementLine, String)> {
    let net_currency = cx
        .repeated
        .currency(cells.required(cols.net_currency, "net currency")?)?;
    // Credit adds to the merchant's balance, debit takes from it.
    let signed = |debit, credit, currency| -> Result<Option<Decimal>> {
        Ok(
            match (
                cells.major(debit, currency)?,
                cells.major(credit, currency)?,
            ) {
                (None, None) => None,
                (d, c) => Some(minus(
                    c.unwrap_or_default(),
                    d.unwrap_or_default(),
                    "credit − debit",
                )?),
            },
        )
    };
    let net = signed(cols.net_debit, cols.net_credit, net_currency)?
        .ok_or_else(|| Error::invalid_amount("Net Debit (NC)", "(empty)", "a row needs its net"))?;
    let mut fee = None;
    for &c in &cols.fees {
        if let Some(part) = cells.major(Some(c), net_currency)? {
            fee = Some(plus(fee.unwrap_or(Decimal::ZERO), part, "fee parts")?);
        }
    }
    let gross_currency = match cells.text(cols.gross_currency) {
        None => net_currency,
        Some(code) => match &cx.gross_currency {
            Some((text, c)) if text == code => *c,
            _ => {
                let c = Currency::from_code(code)?;
                cx.gross_currency = Some((code.to_string(), c));
                c
            }
        },
    };
    let gross_signed = signed(cols.gross_debit, cols.gross_credit, gross_currency)?;
    // A cross-currency line settles in the net currency: its gross there is
    // net + fees; the gross as charged stays in its own currency.
    let (gross, original_gross, original_currency, exchange_rate) =
        if gross_currency != net_currency {
            let rate = cells
                .text(cols.exchange_rate)
                .map(|t| {
                    Decimal::from_str(t)
                        .or_else(|_| Decimal::from_scientific(t))
                        .map_err(|_| {
                            Error::invalid_argument("Exchange Rate", cut(t), "not a decimal rate")
                        })
                })
                .transpose()?;
            let converted = fee.map(|f| plus(net, f, "net + fees")).transpose()?;
            (converted, gross_signed, Some(gross_currency), rate)
        } else {
            (gross_signed, None, None, None)
        };
    let account = cells.text(cols.account).unwrap_or_default();
    let batch = cells.text(cols.batch);
    let modification = cells.text(cols.modification);
    let psp = cells.text(cols.psp);
    let reference = match kind {
        SettlementKind::Refund | SettlementKind::Payout => modification.or(psp),
        _ => psp,
    };
    let batch_text = batch.unwrap_or("-");
    let mut key = String::with_capacity(64);
    for part in ["adyen/", account, "/", batch_text, "/", name] {
        key.push_str(part);
    }
    for r in [psp, modification].into_iter().flatten() {
        key.push('/');
        key.push_str(r);
    }
    let written = cells.text(cols.zone);
    let offset = match &cx.zone {
        Some((a, w, offset)) if a == account && w.as_deref() == written => *offset,
        _ => {
            let offset = zone(cells, cols, account, cx.zones)?;
            cx.zone = Some((account.to_string(), written.map(str::to_string), offset));
            offset
        }
    };
    let created = cells.required(cols.created, "creation date")?;
    let settled_at = match naive_time(created) {
        Some(local) => at_offset(local, offset, "Creation Date", created)?,
        None => Instant::parse(created)?,
    };
    let line = SettlementLine {
        id: RecordId::new("pending")?,
        kind,
        processor: cx.repeated.processor(),
        processor_reference: reference.map(str::to_string),
        merchant_reference: cells.text(cols.merchant).map(str::to_string),
        gross,
        fee,
        net,
        currency: net_currency,
        settled_at,
        batch_id: batch.map(|b| cx.repeated.batch(b)).transpose()?,
        original_gross,
        original_currency,
        exchange_rate,
    };
    Ok((line, key))
}

/// The row's UTC offset in minutes: its `TimeZone` when that names one
/// zone, else the offset configured for its merchant account.
fn zone(cells: &Cells<'_>, cols: &Columns, account: &str, zones: &Zones) -> Result<i32> {
    let configured = zones.get(account).or_else(|| zones.get("*")).copied();
    let Some(written) = cells.text(cols.zone) else {
        return configured.ok_or_else(|| Error::InvalidTimestamp {
            field: "TimeZone".into(),
            value: "(none)".into(),
            reason: format!(
                "the report states no time zone and none is configured for merchant account '{}' (time_zones)",
                cut(account)
            ),
        });
    };
    if AMBIGUOUS.iter().any(|z| z.eq_ignore_ascii_case(written)) {
        return configured.ok_or_else(|| Error::InvalidTimestamp {
            field: "TimeZone".into(),
            value: cut(written),
            reason: format!(
                "an abbreviation with more than one meaning; configure merchant account '{}' (time_zones)",
                cut(account)
            ),
        });
    }
    ZONES
        .iter()
        .find(|(z, _)| z.eq_ignore_ascii_case(written))
        .map(|(_, m)| *m)
        .or(configured)
        .ok_or_else(|| Error::InvalidTimestamp {
            field: "TimeZone".into(),
            value: cut(written),
            reason: "a zone Seamline does not know; configure the merchant account's offset (time_zones)".into(),
        })
}
