//! A tie-out's results as Arrow tables (IPC stream bytes), so pandas,
//! polars and Arrow JS read them column by column without an object per
//! row: the exception queue with every referenced record in a column of its
//! kind, and the pending list. Amounts are `decimal128` at the column's
//! finest scale (exact), instants UTC microsecond timestamps.

use arrow_array::builder::{
    Decimal128Builder, Decimal256Builder, ListBuilder, StringBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_buffer::i256;
use arrow_schema::{ArrowError, Field, Schema};
use seamline::reconciliation::{wire_name, Exception, Match, Report, RowKind, REFERENCE_COLUMNS};
use seamline::{Decimal, Error};
use std::sync::Arc;

pub(crate) fn internal(e: ArrowError) -> Error {
    Error::Internal {
        detail: format!("writing an Arrow table: {e}"),
    }
}

/// Amounts at one scale, the finest among them: every value exact.
/// `decimal128(38, scale)` when every value has at most 38 digits at that
/// scale (any amount a tie-out accepts), else `decimal256(76, scale)`: a
/// decimal's 29-digit mantissa moved to the finest scale (28) needs 57.
pub(crate) fn decimals(values: &[Option<Decimal>]) -> Result<ArrayRef, Error> {
    let scale = values
        .iter()
        .flatten()
        .map(|d| d.scale())
        .max()
        .unwrap_or(0);
    let arrow_scale = i8::try_from(scale).unwrap_or(i8::MAX);
    // Each value's digits at `scale`: the mantissa followed by the zeros
    // its own scale lacks (exact by construction, no rounding possible).
    let at_scale = |d: &Decimal| -> Option<i128> {
        let shift = scale.checked_sub(d.scale())?;
        let widened = 10i128.checked_pow(shift)?.checked_mul(d.mantissa())?;
        (widened.unsigned_abs() < 10u128.pow(38)).then_some(widened)
    };
    let narrow: Option<Vec<Option<i128>>> = values
        .iter()
        .map(|v| match v {
            Some(d) => at_scale(d).map(Some),
            None => Some(None),
        })
        .collect();
    if let Some(narrow) = narrow {
        let b = Decimal128Builder::with_capacity(values.len())
            .with_precision_and_scale(38, arrow_scale)
            .map_err(internal)?;
        let mut b = b;
        b.extend(narrow);
        return Ok(Arc::new(b.finish()));
    }
    let mut b = Decimal256Builder::with_capacity(values.len())
        .with_precision_and_scale(76, arrow_scale)
        .map_err(internal)?;
    for v in values {
        match v {
            Some(d) => {
                let zeros = "0".repeat(usize::try_from(scale - d.scale()).unwrap_or(0));
                let digits = format!("{}{zeros}", d.mantissa());
                let wide = i256::from_string(&digits).ok_or_else(|| Error::Internal {
                    detail: format!("{d} does not fit at scale {scale}"),
                })?;
                b.append_value(wide);
            }
            None => b.append_null(),
        }
    }
    Ok(Arc::new(b.finish()))
}

fn texts<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    let mut b = StringBuilder::new();
    for v in values {
        b.append_option(v);
    }
    Arc::new(b.finish())
}

fn instants(values: impl Iterator<Item = i64>) -> ArrayRef {
    let mut b = TimestampMicrosecondBuilder::new().with_timezone("UTC");
    for v in values {
        b.append_value(v);
    }
    Arc::new(b.finish())
}

pub(crate) fn ipc(columns: Vec<(&str, ArrayRef)>) -> Result<Vec<u8>, Error> {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, a)| Field::new(*name, a.data_type().clone(), true))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let batch = RecordBatch::try_new(schema.clone(), columns.into_iter().map(|c| c.1).collect())
        .map_err(internal)?;
    let mut out = Vec::new();
    let mut w = arrow_ipc::writer::StreamWriter::try_new(&mut out, &schema).map_err(internal)?;
    w.write(&batch).map_err(internal)?;
    w.finish().map_err(internal)?;
    drop(w);
    Ok(out)
}

/// The exception queue as an Arrow IPC stream, in the report's order (most
/// urgent first): the CSV's columns (amounts as decimals, `since` as a
/// timestamp) and one list column per kind of record referenced.
pub fn exceptions_ipc(report: &Report) -> Result<Vec<u8>, Error> {
    let ex = &report.exceptions;
    let text = |f: &dyn Fn(&Exception) -> Option<String>| -> ArrayRef {
        let values: Vec<Option<String>> = ex.iter().map(f).collect();
        texts(values.iter().map(|v| v.as_deref()))
    };
    let amounts = |f: &dyn Fn(&Exception) -> Option<Decimal>| -> Result<ArrayRef, Error> {
        decimals(&ex.iter().map(f).collect::<Vec<_>>())
    };
    let mut columns: Vec<(&str, ArrayRef)> = vec![
        ("id", text(&|e| Some(e.id.clone()))),
        ("severity", text(&|e| Some(wire_name(e.severity)))),
        ("reason", text(&|e| Some(e.reason.as_str().to_string()))),
        ("key_kind", text(&|e| Some(wire_name(e.key.kind)))),
        (
            "order_id",
            text(&|e| e.key.order_id.as_deref().map(str::to_string)),
        ),
        ("key_id", text(&|e| Some(e.key.id.to_string()))),
        (
            "currency",
            text(&|e| e.currency.map(|c| c.code().to_string())),
        ),
        ("expected", amounts(&|e| e.expected)?),
        ("actual", amounts(&|e| e.actual)?),
        ("difference", amounts(&|e| e.difference)?),
        ("amount_at_risk", amounts(&|e| e.amount_at_risk)?),
        ("since", instants(ex.iter().map(|e| e.since.unix_micros()))),
        ("message", text(&|e| Some(e.message.clone()))),
        (
            "suggestion",
            text(&|e| e.suggestion.as_ref().map(|s| s.record.label())),
        ),
        ("fingerprint", text(&|e| Some(e.fingerprint.clone()))),
    ];
    columns.extend(reference_columns(ex, Exception::referenced));
    ipc(columns)
}

/// One list column per kind of record (`REFERENCE_COLUMNS`), each item's
/// ids of that kind in it, as core names them (`order/id` for a child row).
fn reference_columns<T>(
    items: &[T],
    referenced: impl Fn(&T, RowKind) -> Vec<String>,
) -> Vec<(&'static str, ArrayRef)> {
    REFERENCE_COLUMNS
        .iter()
        .map(|&(name, kind)| {
            let mut b = ListBuilder::new(StringBuilder::new());
            for item in items {
                for id in referenced(item, kind) {
                    b.values().append_value(id);
                }
                b.append(true);
            }
            (name, Arc::new(b.finish()) as ArrayRef)
        })
        .collect()
}

/// What was matched as an Arrow IPC stream, in the report's order: how
/// (`kind`), and the rows of each kind in a list column of their own.
pub fn matches_ipc(report: &Report) -> Result<Vec<u8>, Error> {
    let matches: Vec<_> = report.matches.iter().collect();
    let kinds: Vec<String> = matches.iter().map(|m| wire_name(m.kind)).collect();
    let mut columns: Vec<(&str, ArrayRef)> =
        vec![("kind", texts(kinds.iter().map(|k| Some(k.as_str()))))];
    columns.extend(reference_columns(&matches, Match::referenced));
    ipc(columns)
}

/// The summary as an Arrow IPC stream, a row per currency: its counts,
/// every amount (exact), and whether each identity holds (`<name>_ok`).
pub fn summary_ipc(report: &Report) -> Result<Vec<u8>, Error> {
    let s = &report.summary;
    let currencies: Vec<&str> = s.iter().map(|c| c.currency.code()).collect();
    let mut columns: Vec<(String, ArrayRef)> = vec![(
        "currency".into(),
        texts(currencies.iter().map(|c| Some(*c))),
    )];
    let count_names = seamline::reconciliation::CurrencySummary::COUNTS;
    for (k, name) in count_names.iter().enumerate() {
        let values = arrow_array::UInt64Array::from_iter_values(s.iter().map(|c| c.counts()[k].1));
        columns.push(((*name).into(), Arc::new(values)));
    }
    let amount_names = seamline::reconciliation::CurrencySummary::AMOUNTS;
    for (k, name) in amount_names.iter().enumerate() {
        let values: Vec<Option<Decimal>> = s.iter().map(|c| Some(c.amounts()[k].1)).collect();
        columns.push(((*name).into(), decimals(&values)?));
    }
    for (name, _) in seamline::reconciliation::IDENTITIES {
        let ok = arrow_array::BooleanArray::from_iter(
            s.iter()
                .map(|c| Some(c.identities.iter().any(|i| i.name == name && i.ok))),
        );
        columns.push((format!("{name}_ok"), Arc::new(ok)));
    }
    ipc(columns
        .iter()
        .map(|(n, a)| (n.as_str(), a.clone()))
        .collect())
}

/// What is pending as an Arrow IPC stream, soonest due first (as
/// [`pending_csv`](seamline::reconciliation::pending_csv) lists it).
pub fn pending_ipc(report: &Report) -> Result<Vec<u8>, Error> {
    let pending = seamline::reconciliation::pending_by_due(report);
    let kinds: Vec<String> = pending.iter().map(|p| wire_name(p.row.kind)).collect();
    let reasons: Vec<String> = pending.iter().map(|p| wire_name(p.reason)).collect();
    let currencies: Vec<Option<&str>> = pending
        .iter()
        .map(|p| p.currency.as_ref().map(|c| c.code()))
        .collect();
    ipc(vec![
        ("row_kind", texts(kinds.iter().map(|k| Some(k.as_str())))),
        (
            "order_id",
            texts(pending.iter().map(|p| p.row.order_id.as_deref())),
        ),
        ("row_id", texts(pending.iter().map(|p| Some(&*p.row.id)))),
        ("reason", texts(reasons.iter().map(|r| Some(r.as_str())))),
        ("due", instants(pending.iter().map(|p| p.due.unix_micros()))),
        ("currency", texts(currencies.into_iter())),
        (
            "amount",
            decimals(&pending.iter().map(|p| p.amount).collect::<Vec<_>>())?,
        ),
    ])
}

/// Settlement lines (a processor report's) as an Arrow IPC stream with the
/// settlements table's columns, in its order, named as core's
/// [`SETTLEMENTS`](seamline::reconciliation::SETTLEMENTS) schema names them:
/// what `reconcile_columns` reads as `settlements`, and what a data team
/// writes to Parquet. Amounts are `decimal128` at the column's finest scale.
pub fn settlement_lines_ipc(
    lines: &[seamline::reconciliation::SettlementLine],
) -> Result<Vec<u8>, Error> {
    use seamline::reconciliation::SETTLEMENTS;
    let text = |f: &dyn Fn(&seamline::reconciliation::SettlementLine) -> Option<&str>| {
        texts(lines.iter().map(f))
    };
    let amounts = |f: &dyn Fn(&seamline::reconciliation::SettlementLine) -> Option<Decimal>| {
        decimals(&lines.iter().map(f).collect::<Vec<_>>())
    };
    let mut columns: Vec<(&str, ArrayRef)> = Vec::with_capacity(SETTLEMENTS.fields.len());
    for field in SETTLEMENTS.fields {
        let name = field.name;
        let column = match name {
            "id" => text(&|l| Some(l.id.as_str())),
            "kind" => text(&|l| Some(l.kind.as_str())),
            "processor" => text(&|l| Some(l.processor.as_str())),
            "processor_reference" => text(&|l| l.processor_reference.as_deref()),
            "merchant_reference" => text(&|l| l.merchant_reference.as_deref()),
            "gross" => amounts(&|l| l.gross)?,
            "fee" => amounts(&|l| l.fee)?,
            "net" => amounts(&|l| Some(l.net))?,
            "currency" => text(&|l| Some(l.currency.code())),
            "settled_at" => instants(lines.iter().map(|l| l.settled_at.unix_micros())),
            "batch_id" => text(&|l| l.batch_id.as_ref().map(|b| b.as_str())),
            "original_gross" => amounts(&|l| l.original_gross)?,
            "original_currency" => text(&|l| l.original_currency.as_ref().map(|c| c.code())),
            "exchange_rate" => amounts(&|l| l.exchange_rate)?,
            // A field core added that this writer does not know yet: a bug
            // here, caught by the round-trip test, never a silent gap.
            other => {
                return Err(Error::Internal {
                    detail: format!("settlement field {other} has no Arrow column"),
                })
            }
        };
        columns.push((name, column));
    }
    ipc(columns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::types::Decimal128Type;
    use seamline::reconciliation::{reconcile, Config, Input};

    fn day() -> Report {
        let input: Input = serde_json::from_value(serde_json::json!({
            "orders": [{"order_id": "W1", "channel": "web", "currency": "USD", "total": "100.00",
                "placed_at": "2026-11-20T10:00:00Z",
                "payments": [{"payment_id": "p1", "method": "card", "processor": "stripe",
                    "processor_reference": "ch_1", "amount": "100.00", "captured_at": "2026-11-20T10:00:00Z"}]},
                {"order_id": "W2", "channel": "web", "currency": "JPY", "total": "1200",
                "placed_at": "2026-11-20T10:00:00Z", "status": "open"}],
            "settlements": [{"id": "s1", "kind": "charge", "processor": "stripe", "processor_reference": "ch_1",
                "gross": "99.99", "fee": "3.20", "net": "96.79", "currency": "USD",
                "settled_at": "2026-11-21T02:00:00Z"}]
        }))
        .unwrap();
        let config = Config::new(seamline::Instant::parse("2026-11-26T00:00:00Z").unwrap());
        reconcile(&input, &config).unwrap()
    }

    fn read(bytes: &[u8]) -> RecordBatch {
        let mut r = arrow_ipc::reader::StreamReader::try_new(bytes, None).unwrap();
        r.next().unwrap().unwrap()
    }

    #[test]
    fn exceptions_come_out_exact_with_each_reference_in_its_column() {
        let r = day();
        let batch = read(&exceptions_ipc(&r).unwrap());
        assert_eq!(batch.num_rows(), r.exceptions.len());
        let at = r
            .exceptions
            .iter()
            .position(|e| e.reason.as_str() == "AMOUNT_MISMATCH")
            .unwrap();
        let actual = batch
            .column_by_name("actual")
            .unwrap()
            .as_primitive::<Decimal128Type>();
        assert_eq!(actual.value(at), 9999);
        assert_eq!(actual.scale(), 2);
        let settlements = batch
            .column_by_name("settlements")
            .unwrap()
            .as_list::<i32>();
        let ids = settlements.value(at);
        assert_eq!(ids.as_string::<i32>().value(0), "s1");
        let payments = batch.column_by_name("payments").unwrap().as_list::<i32>();
        assert_eq!(payments.value(at).as_string::<i32>().value(0), "W1/p1");
    }

    #[test]
    fn pending_comes_out_soonest_first_with_amounts_at_their_scale() {
        let r = day();
        let batch = read(&pending_ipc(&r).unwrap());
        assert_eq!(batch.num_rows(), r.pending.len());
        let amount = batch
            .column_by_name("amount")
            .unwrap()
            .as_primitive::<Decimal128Type>();
        assert_eq!(amount.value(0), 1200, "the JPY order awaiting capture");
        assert_eq!(
            batch
                .column_by_name("reason")
                .unwrap()
                .as_string::<i32>()
                .value(0),
            "awaiting_capture"
        );
    }

    #[test]
    fn matches_come_out_in_the_reports_order_with_their_rows_by_kind() {
        let mut r = day();
        // The amount mismatch leaves no pair: add a clean day's match.
        let input: Input = serde_json::from_value(serde_json::json!({
            "orders": [{"order_id": "W3", "channel": "web", "currency": "USD", "total": "5.00",
                "placed_at": "2026-11-20T10:00:00Z",
                "payments": [{"payment_id": "p1", "method": "card", "processor": "stripe",
                    "processor_reference": "ch_3", "amount": "5.00", "captured_at": "2026-11-20T10:00:00Z"}]}],
            "settlements": [{"id": "s3", "kind": "charge", "processor": "stripe", "processor_reference": "ch_3",
                "gross": "5.00", "fee": "0.45", "net": "4.55", "currency": "USD",
                "settled_at": "2026-11-21T02:00:00Z"}]
        }))
        .unwrap();
        let config = Config::new(seamline::Instant::parse("2026-11-26T00:00:00Z").unwrap());
        r.matches = reconcile(&input, &config).unwrap().matches;
        let batch = read(&matches_ipc(&r).unwrap());
        assert_eq!(batch.num_rows(), r.matches.len());
        assert!(batch.num_rows() > 0);
        let kind = batch.column_by_name("kind").unwrap().as_string::<i32>();
        assert_eq!(kind.value(0), "charge_by_processor_reference");
        let payments = batch.column_by_name("payments").unwrap().as_list::<i32>();
        assert_eq!(payments.value(0).as_string::<i32>().value(0), "W3/p1");
        let settlements = batch
            .column_by_name("settlements")
            .unwrap()
            .as_list::<i32>();
        assert_eq!(settlements.value(0).as_string::<i32>().value(0), "s3");
    }

    #[test]
    fn the_summary_is_a_row_per_currency_with_every_amount_exact() {
        let r = day();
        let batch = read(&summary_ipc(&r).unwrap());
        assert_eq!(batch.num_rows(), r.summary.len());
        let names: Vec<String> = batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        for name in seamline::reconciliation::CurrencySummary::AMOUNTS {
            assert!(names.iter().any(|n| n == name), "{name}");
        }
        let usd = r
            .summary
            .iter()
            .position(|s| s.currency.code() == "USD")
            .unwrap();
        let settled = batch
            .column_by_name("settled_gross")
            .unwrap()
            .as_primitive::<Decimal128Type>();
        assert_eq!(settled.value(usd), 9999);
        assert_eq!(settled.scale(), 2);
        let ok = batch
            .column_by_name("captured_settles_ok")
            .unwrap()
            .as_boolean();
        assert!(ok.value(usd));
    }

    #[test]
    fn report_lines_come_out_as_the_settlements_table_and_read_back_alike() {
        use seamline::reconciliation::{
            read_columns, read_report, ColumnTables, Processor, ReportFile, ReportOptions,
            ReportSource,
        };
        let text = include_str!(
            "../../tests/fixtures/reports/adyen_settlement_detail_report_batch_118.csv"
        );
        let files = [ReportFile {
            name: "batch_118.csv",
            source: ReportSource::Bytes(text.as_bytes()),
        }];
        let report = read_report(Processor::Adyen, &files, &ReportOptions::default()).unwrap();
        assert!(report.lines.iter().any(|l| l.original_currency.is_some()));
        let bytes = settlement_lines_ipc(&report.lines).unwrap();
        let names: Vec<String> = read(&bytes)
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        let schema: Vec<&str> = seamline::reconciliation::SETTLEMENTS
            .fields
            .iter()
            .map(|f| f.name)
            .collect();
        assert_eq!(names, schema);
        let table = crate::ArrowColumns::from_ipc(&bytes, "lines").unwrap();
        let tables = ColumnTables {
            orders: None,
            payments: None,
            fulfilments: None,
            returns: None,
            refunds: None,
            settlements: Some(&table),
            movements: None,
        };
        let input = read_columns(&tables, seamline::input::Extras::Refuse).unwrap();
        assert_eq!(input.settlements, report.lines);
        assert!(input.unread.is_empty());
    }
}
