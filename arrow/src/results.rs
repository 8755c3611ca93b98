//! A tie-out's results as Arrow tables (IPC stream bytes), so pandas,
//! polars and Arrow JS read them column by column without an object per
//! row: the exception queue with every referenced record in a column of its
//! kind, and the pending list. Amounts are `decimal128` at the column's
//! finest scale (exact), instants UTC microsecond timestamps.

use arrow_array::builder::{
    Decimal128Builder, ListBuilder, StringBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, Field, Schema};
use seamline::reconciliation::{wire_name, Exception, Report, REFERENCE_COLUMNS};
use seamline::{Decimal, Error};
use std::sync::Arc;

fn internal(e: ArrowError) -> Error {
    Error::Internal {
        detail: format!("writing an Arrow table: {e}"),
    }
}

/// Amounts at one scale, the finest among them: every value exact.
fn decimals(values: &[Option<Decimal>]) -> Result<ArrayRef, Error> {
    let scale = values
        .iter()
        .flatten()
        .map(|d| d.scale())
        .max()
        .unwrap_or(0);
    // 38 digits hold any decimal's 28-digit mantissa; a scale is at most 28.
    let mut b = Decimal128Builder::with_capacity(values.len())
        .with_precision_and_scale(38, i8::try_from(scale).unwrap_or(i8::MAX))
        .map_err(internal)?;
    for v in values {
        match v {
            Some(d) => {
                let mut d = *d;
                d.rescale(scale);
                // rescale keeps what fits: a value it could not carry exactly is an error.
                if d.scale() != scale || d != *v.as_ref().unwrap_or(&d) {
                    return Err(Error::Internal {
                        detail: format!("{v:?} does not fit at scale {scale}"),
                    });
                }
                b.append_value(d.mantissa());
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

fn ipc(columns: Vec<(&str, ArrayRef)>) -> Result<Vec<u8>, Error> {
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
    for (name, kind) in REFERENCE_COLUMNS {
        let mut b = ListBuilder::new(StringBuilder::new());
        for e in ex {
            for id in e.referenced(kind) {
                b.values().append_value(id);
            }
            b.append(true);
        }
        columns.push((name, Arc::new(b.finish())));
    }
    ipc(columns)
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
}
