//! Any list of core's results (a ledger's anomalies, its history, a
//! resolver's fields, a customer book's profiles) as an Arrow table, its
//! columns from the row type's own schema ([`seamline::wire_types::flat_fields`]):
//! nested records flattened (`winner_system`), a tagged enum's variants
//! sharing one table (a field a variant lacks is null), amounts and costs
//! `decimal128` at the column's finest scale, instants UTC microsecond
//! timestamps, lists of texts `list<utf8>`, anything deeper its JSON text.

use crate::results::{decimals, ipc};
use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_array::ArrayRef;
use seamline::wire_types::{flat_fields, FlatField, FlatKind, JsonSchema};
use seamline::{Decimal, Error, Instant};
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;

/// The value at `field`'s path in a row, `None` where the row has none
/// (absent, or `null`).
fn at<'a>(row: &'a Value, field: &FlatField) -> Option<&'a Value> {
    let mut v = row;
    for key in &field.path {
        v = v.get(key)?;
    }
    (!v.is_null()).then_some(v)
}

/// A value of the wrong form for its column: the schema and the serialized
/// row disagree, which is core's bug, reported rather than guessed.
fn mismatch(field: &FlatField, value: &Value) -> Error {
    let mut shown = value.to_string();
    shown.truncate(64);
    Error::Internal {
        detail: format!("column {} cannot hold {shown}", field.name),
    }
}

fn column(rows: &[Value], field: &FlatField) -> Result<ArrayRef, Error> {
    let values = rows.iter().map(|r| at(r, field));
    Ok(match field.kind {
        FlatKind::Text => {
            let mut b = StringBuilder::new();
            for v in values {
                match v {
                    Some(Value::String(s)) => b.append_value(s),
                    Some(other) => return Err(mismatch(field, other)),
                    None => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
        FlatKind::Integer => {
            let mut b = Int64Builder::new();
            for v in values {
                match v {
                    Some(n) => b.append_value(n.as_i64().ok_or_else(|| mismatch(field, n))?),
                    None => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
        FlatKind::Float => {
            let mut b = Float64Builder::new();
            for v in values {
                match v {
                    Some(n) => b.append_value(n.as_f64().ok_or_else(|| mismatch(field, n))?),
                    None => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
        FlatKind::Flag => {
            let mut b = BooleanBuilder::new();
            for v in values {
                match v {
                    Some(f) => b.append_value(f.as_bool().ok_or_else(|| mismatch(field, f))?),
                    None => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
        FlatKind::Decimal => {
            let parsed = values
                .map(|v| match v {
                    Some(Value::String(s)) => s
                        .parse::<Decimal>()
                        .map(Some)
                        .map_err(|_| mismatch(field, &Value::String(s.clone()))),
                    Some(other) => Err(mismatch(field, other)),
                    None => Ok(None),
                })
                .collect::<Result<Vec<_>, Error>>()?;
            decimals(&parsed)?
        }
        FlatKind::Instant => {
            let mut b = TimestampMicrosecondBuilder::new().with_timezone("UTC");
            for v in values {
                match v {
                    Some(Value::String(s)) => b.append_value(
                        Instant::parse(s)
                            .map_err(|_| mismatch(field, &Value::String(s.clone())))?
                            .unix_micros(),
                    ),
                    Some(other) => return Err(mismatch(field, other)),
                    None => b.append_null(),
                }
            }
            Arc::new(b.finish())
        }
        FlatKind::TextList => {
            let mut b = ListBuilder::new(StringBuilder::new());
            for v in values {
                match v {
                    Some(Value::Array(items)) => {
                        for item in items {
                            b.values()
                                .append_value(item.as_str().ok_or_else(|| mismatch(field, item))?);
                        }
                        b.append(true);
                    }
                    Some(other) => return Err(mismatch(field, other)),
                    None => b.append(false),
                }
            }
            Arc::new(b.finish())
        }
        FlatKind::Json => {
            let mut b = StringBuilder::new();
            for v in values {
                b.append_option(v.map(Value::to_string));
            }
            Arc::new(b.finish())
        }
    })
}

/// `rows` as an Arrow IPC stream, one row each, in their order; the columns
/// are [`flat_fields`] of `T` (an empty list still has them all).
pub fn rows_ipc<T: Serialize + JsonSchema>(rows: &[T]) -> Result<Vec<u8>, Error> {
    let values = rows
        .iter()
        .map(|r| {
            serde_json::to_value(r).map_err(|e| Error::Internal {
                detail: e.to_string(),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let fields = flat_fields::<T>();
    let mut columns = Vec::with_capacity(fields.len());
    for field in &fields {
        columns.push((field.name.as_str(), column(&values, field)?));
    }
    ipc(columns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Decimal128Type, Decimal256Type, Int64Type, TimestampMicrosecondType};
    use arrow_array::RecordBatch;

    fn read(bytes: &[u8]) -> RecordBatch {
        let mut reader =
            arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes), None).unwrap();
        reader.next().unwrap().unwrap()
    }

    #[test]
    fn a_ledgers_anomalies_share_one_table_whatever_their_kind() {
        use seamline::inventory::Anomaly;
        use seamline::{LocationId, Sku};
        let sku = Sku::new("MUG").unwrap();
        let dc = LocationId::new("dc").unwrap();
        let rows = vec![
            Anomaly::NegativeStock {
                sku: sku.clone(),
                location: dc.clone(),
                on_hand: -2,
            },
            Anomaly::OverCommitted {
                sku,
                location: dc,
                on_hand: 1,
                reserved: 3,
            },
        ];
        let batch = read(&rows_ipc(&rows).unwrap());
        assert_eq!(batch.num_rows(), 2);
        let kind = batch.column_by_name("type").unwrap().as_string::<i32>();
        assert_eq!(kind.value(0), "negative_stock");
        let on_hand = batch
            .column_by_name("on_hand")
            .unwrap()
            .as_primitive::<Int64Type>();
        assert_eq!((on_hand.value(0), on_hand.value(1)), (-2, 1));
        let reserved = batch.column_by_name("reserved").unwrap();
        assert!(reserved.is_null(0) && reserved.is_valid(1));
        // Every variant's fields are columns, even with no row of it.
        assert!(batch.column_by_name("units_oversold").is_some());
        assert_eq!(
            read(&rows_ipc::<Anomaly>(&[]).unwrap()).num_columns(),
            batch.num_columns()
        );
    }

    #[test]
    fn a_value_its_column_cannot_hold_is_a_coded_error_not_a_guess() {
        let field = |kind| FlatField {
            path: vec!["x".into()],
            name: "x".into(),
            kind,
        };
        let long = "9".repeat(1000);
        for (kind, value) in [
            (FlatKind::Text, serde_json::json!({ "x": 5 })),
            (FlatKind::Integer, serde_json::json!({ "x": "5" })),
            (FlatKind::Decimal, serde_json::json!({ "x": "1.2.3" })),
            (
                FlatKind::Instant,
                serde_json::json!({ "x": "10000-01-01T00:00:00Z" }),
            ),
            (FlatKind::TextList, serde_json::json!({ "x": [1] })),
            (FlatKind::Flag, serde_json::json!({ "x": long })),
        ] {
            let err = column(&[value], &field(kind)).unwrap_err();
            assert_eq!(err.code(), seamline::ErrorCode::Internal, "{kind:?}");
            // The value shown is cut: an error never carries a whole cell.
            assert!(err.to_string().len() < 200, "{err}");
        }
        // Absent and null are nulls, in every kind.
        let empty = column(
            &[serde_json::json!({}), serde_json::json!({ "x": null })],
            &field(FlatKind::Decimal),
        );
        assert_eq!(empty.unwrap().null_count(), 2);
    }

    #[test]
    fn amounts_stay_exact_and_instants_are_utc_timestamps() {
        use seamline::reconciliation::{Pending, PendingReason, RowKind, RowRef};
        let due = Instant::parse("9999-12-31T23:59:59.999999Z").unwrap();
        let row = |amount: &str| Pending {
            row: RowRef::new(RowKind::Order, "W-1".into()),
            reason: PendingReason::AwaitingSettlement,
            due,
            currency: Some(seamline::Currency::from_code("USD").unwrap()),
            amount: Some(amount.parse().unwrap()),
        };
        let batch = read(&rows_ipc(&[row("19.9"), row("0.005"), row("-1000000000000")]).unwrap());
        let amounts = batch
            .column_by_name("amount")
            .unwrap()
            .as_primitive::<Decimal128Type>();
        assert_eq!(amounts.scale(), 3);
        assert_eq!(amounts.value(0), 19_900);
        assert_eq!(amounts.value(2), -1_000_000_000_000_000);
        // The largest decimal beside one at the finest scale needs 57 digits: decimal256.
        let wide = read(
            &rows_ipc(&[
                row("-79228162514264337593543950335"),
                row("0.0000000000000000000000000001"),
            ])
            .unwrap(),
        );
        let amounts = wide
            .column_by_name("amount")
            .unwrap()
            .as_primitive::<Decimal256Type>();
        assert_eq!(amounts.scale(), 28);
        assert_eq!(
            amounts.value_as_string(0),
            "-79228162514264337593543950335.0000000000000000000000000000"
        );
        assert_eq!(amounts.value_as_string(1), "0.0000000000000000000000000001");
        assert!(batch.column_by_name("row_order_id").unwrap().is_null(0));
        let due_col = batch
            .column_by_name("due")
            .unwrap()
            .as_primitive::<TimestampMicrosecondType>();
        assert_eq!(due_col.value(0), due.unix_micros());
    }
}
