//! Stock events as a table, so a million rows cross a language boundary as
//! a few columns instead of a million records: declared once here and read
//! by core's one input layer from any binding's columns.

use super::event::{AdjustReason, StockEvent, StockEventKind};
use crate::error::Result;
use crate::ids::{EventId, LocationId, Sku};
use crate::input::{Choices, Columns, Extras, Field, FieldKind::*, Header, RowRead, TableSchema};

const TYPES: Choices = Choices {
    name: "StockEventType",
    doc: "What a stock event records.",
    names: &[
        "received",
        "sold",
        "returned",
        "adjusted",
        "counted",
        "available_reported",
        "reserved",
        "reservation_released",
        "reservation_fulfilled",
        "transfer_out",
        "transfer_in",
    ],
};
const REASONS: Choices = Choices {
    name: "AdjustReason",
    doc: "Why stock was adjusted.",
    names: &["damage", "shrink", "found", "other"],
};

/// Stock events in column form: the record form's fields, one column each;
/// which optional ones a row needs depends on its `type`.
pub static STOCK_EVENTS: TableSchema = TableSchema {
    name: "events",
    record: "StockEventRow",
    doc: "A stock event in column form: which optional fields a row needs depends on its `type`.",
    fields: &[
        Field::required("event_id", Text),
        Field::required("sku", Text),
        Field::required("location", Text),
        Field::required("occurred_at", Instant),
        Field::required("source", Text),
        Field::required("type", Choice(&TYPES)),
        Field::optional("quantity", Integer),
        Field::optional("order_ref", Text),
        Field::optional("restock", Flag),
        Field::optional("delta", Integer),
        Field::optional("reason", Choice(&REASONS)),
        Field::optional("on_hand", Integer),
        Field::optional("expected_on_hand", Integer),
        Field::optional("available", Integer),
        Field::optional("expected_available", Integer),
        Field::optional("reservation_id", Text),
        Field::optional("expires_at", Instant),
        Field::optional("transfer_id", Text),
    ],
    children: &[],
};

// Field places in STOCK_EVENTS.
const QUANTITY: usize = 6;
const ORDER_REF: usize = 7;
const RESTOCK: usize = 8;
const DELTA: usize = 9;
const REASON: usize = 10;
const ON_HAND: usize = 11;
const EXPECTED_ON_HAND: usize = 12;
const AVAILABLE: usize = 13;
const EXPECTED_AVAILABLE: usize = 14;
const RESERVATION_ID: usize = 15;
const EXPIRES_AT: usize = 16;
const TRANSFER_ID: usize = 17;

/// One event record (a JSON object in the record form's field names, in
/// any spelling), read by the same rules as a row of columns; its errors
/// name `events[row].field`.
pub fn read_stock_event(value: &serde_json::Value, row: usize) -> Result<StockEvent> {
    let path = || format!("{}[{row}]", STOCK_EVENTS.name);
    let record = crate::input::JsonRecord::read(&STOCK_EVENTS, value, &path, Extras::Refuse)?;
    stock_event(&RowRead {
        table: &STOCK_EVENTS,
        row,
        fields: &record,
    })
}

/// Every row of `columns` as an event or the reason it is not one, in
/// order (each reason names `events[row].field`). The header is checked
/// first: a missing required column, a column the table does not have
/// (unless `extras` ignores it) or columns of different lengths fail the
/// call before any row is read.
pub fn read_stock_events<C: Columns>(
    columns: &C,
    extras: Extras,
) -> Result<Vec<Result<StockEvent>>> {
    let header = Header::resolve(&STOCK_EVENTS, columns, extras)?;
    Ok((0..header.rows())
        .map(|row| {
            let fields = header.row(columns, row);
            stock_event(&RowRead {
                table: &STOCK_EVENTS,
                row,
                fields: &fields,
            })
        })
        .collect())
}

/// Row `row` of stock events from any record's fields (a binding's own
/// record placed by [`place_fields`](crate::input::place_fields)).
pub fn read_stock_event_fields<F: crate::input::Fields>(
    fields: &F,
    row: usize,
) -> Result<StockEvent> {
    stock_event(&RowRead {
        table: &STOCK_EVENTS,
        row,
        fields,
    })
}

fn stock_event<F: crate::input::Fields>(r: &RowRead<'_, F>) -> Result<StockEvent> {
    let event_id = r.text(0, EventId::new)?;
    let sku = r.text(1, Sku::new)?;
    let location = r.text(2, LocationId::new)?;
    let occurred_at = r.instant(3)?;
    let source = r.text(4, |t| Ok(std::sync::Arc::<str>::from(t)))?;
    let kind_name = r.choice(5, |t| Ok(t.to_string()))?;
    let need = |field: usize| -> Result<i64> {
        r.optional_integer(field)?
            .ok_or_else(|| r.required_for(field, &kind_name))
    };
    let text = |field: usize| r.optional_text(field, |t| Ok(t.to_string()));
    let need_text = |field: usize| -> Result<String> {
        text(field)?.ok_or_else(|| r.required_for(field, &kind_name))
    };
    let kind = match kind_name.as_str() {
        "received" => StockEventKind::Received {
            quantity: need(QUANTITY)?,
        },
        "sold" => StockEventKind::Sold {
            quantity: need(QUANTITY)?,
            order_ref: text(ORDER_REF)?,
        },
        "returned" => StockEventKind::Returned {
            quantity: need(QUANTITY)?,
            restock: r
                .optional_flag(RESTOCK)?
                .ok_or_else(|| r.required_for(RESTOCK, &kind_name))?,
        },
        "adjusted" => StockEventKind::Adjusted {
            delta: need(DELTA)?,
            reason: r
                .optional_choice(REASON, |t| {
                    crate::reconciliation::from_wire_name::<AdjustReason>("reason", t)
                })?
                .ok_or_else(|| r.required_for(REASON, &kind_name))?,
        },
        "counted" => StockEventKind::Counted {
            on_hand: need(ON_HAND)?,
            expected_on_hand: r.optional_integer(EXPECTED_ON_HAND)?,
        },
        "available_reported" => StockEventKind::AvailableReported {
            available: need(AVAILABLE)?,
            expected_available: r.optional_integer(EXPECTED_AVAILABLE)?,
        },
        "reserved" => StockEventKind::Reserved {
            quantity: need(QUANTITY)?,
            reservation_id: need_text(RESERVATION_ID)?,
            expires_at: r.optional_instant(EXPIRES_AT)?,
        },
        "reservation_released" => StockEventKind::ReservationReleased {
            reservation_id: need_text(RESERVATION_ID)?,
            quantity: r.optional_integer(QUANTITY)?,
        },
        "reservation_fulfilled" => StockEventKind::ReservationFulfilled {
            reservation_id: need_text(RESERVATION_ID)?,
            quantity: r.optional_integer(QUANTITY)?,
        },
        "transfer_out" => StockEventKind::TransferOut {
            transfer_id: need_text(TRANSFER_ID)?,
            quantity: need(QUANTITY)?,
        },
        _ => StockEventKind::TransferIn {
            transfer_id: need_text(TRANSFER_ID)?,
            quantity: need(QUANTITY)?,
        },
    };
    Ok(StockEvent {
        event_id,
        sku,
        location,
        occurred_at,
        source,
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::JsonColumns;
    use crate::ErrorCode;
    use serde_json::json;

    fn columns() -> JsonColumns {
        JsonColumns::from_json(&json!({
            "event_id": ["a", "b", "c", "d"],
            "sku": ["A", "A", "A", "A"],
            "location": ["s", "s", "s", "s"],
            "occurred_at": ["2026-11-26T10:00:00Z", "2026-11-26T10:00:00Z", "2026-11-26T10:00:00Z", "2026-11-26T10:00:00Z"],
            "source": ["pos", "pos", "pos", "pos"],
            "type": ["received", "sold", "sold", 1],
            "quantity": [5, 2, null, 1.5],
        }))
        .unwrap()
    }

    #[test]
    fn rows_become_events_or_reasons_naming_their_field() {
        let rows = read_stock_events(&columns(), Extras::Refuse).unwrap();
        assert!(matches!(
            rows[0].as_ref().unwrap().kind,
            StockEventKind::Received { quantity: 5 }
        ));
        assert!(rows[1].is_ok());
        let err = rows[2].as_ref().unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        assert!(err.to_string().contains("events[2].quantity"), "{err}");
        assert!(err.to_string().contains("a sold event"), "{err}");
        // An event type given as an integer is refused, never read as a position.
        let err = rows[3].as_ref().unwrap_err();
        assert!(err.to_string().contains("events[3].type"), "{err}");
    }

    #[test]
    fn a_float_quantity_is_invalid_type_wherever_it_comes_from() {
        let mut c = columns();
        c.set("type", vec![json!("received"); 4]);
        let rows = read_stock_events(&c, Extras::Refuse).unwrap();
        let err = rows[3].as_ref().unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidType, "{err}");
        assert!(err.to_string().contains("events[3].quantity"), "{err}");
    }

    #[test]
    fn a_record_reads_as_a_row_of_columns_does() {
        let rows = read_stock_events(&columns(), Extras::Refuse).unwrap();
        let record = json!({"eventId": "c", "sku": "A", "location": "s", "occurredAt": "2026-11-26T10:00:00Z",
                            "source": "pos", "type": "sold", "quantity": null});
        assert_eq!(
            read_stock_event(&record, 2).unwrap_err(),
            *rows[2].as_ref().unwrap_err()
        );
        let ok = json!({"event_id": "b", "sku": "A", "location": "s", "occurred_at": "2026-11-26T10:00:00Z",
                        "source": "pos", "type": "sold", "quantity": 2});
        assert_eq!(
            read_stock_event(&ok, 1).unwrap(),
            *rows[1].as_ref().unwrap()
        );
        let extra = json!({"event_id": "b", "colour": "red"});
        assert!(read_stock_event(&extra, 0)
            .unwrap_err()
            .to_string()
            .contains("events[0].colour"));
    }

    #[test]
    fn ragged_or_unknown_columns_are_refused_whole() {
        let mut c = columns();
        c.set("quantity", vec![json!(1)]);
        let e = read_stock_events(&c, Extras::Refuse).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidArgument);
        let mut c = columns();
        c.set("colour", vec![json!("red"); 4]);
        assert!(read_stock_events(&c, Extras::Refuse).is_err());
        assert_eq!(read_stock_events(&c, Extras::Ignore).unwrap().len(), 4);
    }
}
