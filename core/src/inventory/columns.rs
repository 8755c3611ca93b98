//! Events as columns, so a million rows cross a language boundary as a few
//! lists instead of a million records.

use super::event::{AdjustReason, StockEvent, StockEventKind, StockEventRecord};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// One vector per field, every present vector as long as `event_id`. A field
/// that no row's type uses may be left empty; a row whose type needs a field
/// it lacks is rejected on its own (`INVALID_ARGUMENT` naming the field).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[allow(missing_docs)] // each column is the StockEventRecord field of the same name
pub struct StockEventColumns {
    pub event_id: Vec<String>,
    pub sku: Vec<String>,
    pub location: Vec<String>,
    pub occurred_at: Vec<String>,
    pub source: Vec<String>,
    /// The event type, as in the record form (`sold`, `received`, …).
    #[serde(rename = "type")]
    pub kind: Vec<String>,
    pub quantity: Vec<Option<i64>>,
    pub order_ref: Vec<Option<String>>,
    pub restock: Vec<Option<bool>>,
    pub delta: Vec<Option<i64>>,
    pub reason: Vec<Option<String>>,
    pub on_hand: Vec<Option<i64>>,
    pub expected_on_hand: Vec<Option<i64>>,
    pub available: Vec<Option<i64>>,
    pub expected_available: Vec<Option<i64>>,
    pub reservation_id: Vec<Option<String>>,
    pub expires_at: Vec<Option<String>>,
    pub transfer_id: Vec<Option<String>>,
}

fn cell<T: Clone>(column: &[Option<T>], row: usize) -> Option<T> {
    column.get(row).cloned().flatten()
}

fn required<T: Clone>(column: &[Option<T>], row: usize, name: &str) -> Result<T> {
    cell(column, row).ok_or_else(|| {
        Error::invalid_argument(name, format!("row {row}"), "missing for this event type")
    })
}

impl StockEventColumns {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.event_id.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.event_id.is_empty()
    }

    /// Checks that every non-empty column has one value per row.
    fn check_lengths(&self) -> Result<()> {
        let n = self.len();
        let lengths = [
            ("sku", self.sku.len()),
            ("location", self.location.len()),
            ("occurred_at", self.occurred_at.len()),
            ("source", self.source.len()),
            ("type", self.kind.len()),
        ];
        let optional = [
            ("quantity", self.quantity.len()),
            ("order_ref", self.order_ref.len()),
            ("restock", self.restock.len()),
            ("delta", self.delta.len()),
            ("reason", self.reason.len()),
            ("on_hand", self.on_hand.len()),
            ("expected_on_hand", self.expected_on_hand.len()),
            ("available", self.available.len()),
            ("expected_available", self.expected_available.len()),
            ("reservation_id", self.reservation_id.len()),
            ("expires_at", self.expires_at.len()),
            ("transfer_id", self.transfer_id.len()),
        ];
        for (name, len) in lengths
            .into_iter()
            .chain(optional.into_iter().filter(|(_, len)| *len > 0))
        {
            if len != n {
                return Err(Error::invalid_argument(
                    name,
                    format!("{len} values"),
                    format!("every column needs one value per row ({n} event ids)"),
                ));
            }
        }
        Ok(())
    }

    fn row(&self, i: usize) -> Result<StockEvent> {
        let quantity = || required(&self.quantity, i, "quantity");
        let reservation = || required(&self.reservation_id, i, "reservation_id");
        let transfer = || required(&self.transfer_id, i, "transfer_id");
        // Releases and fulfilments read the quantity column as "part of the hold".
        let part = || -> Result<Option<i64>> { Ok(cell(&self.quantity, i)) };
        let kind = match self.kind[i].as_str() {
            "received" => StockEventKind::Received {
                quantity: quantity()?,
            },
            "sold" => StockEventKind::Sold {
                quantity: quantity()?,
                order_ref: cell(&self.order_ref, i),
            },
            "returned" => StockEventKind::Returned {
                quantity: quantity()?,
                restock: required(&self.restock, i, "restock")?,
            },
            "adjusted" => StockEventKind::Adjusted {
                delta: required(&self.delta, i, "delta")?,
                reason: match required(&self.reason, i, "reason")?.as_str() {
                    "damage" => AdjustReason::Damage,
                    "shrink" => AdjustReason::Shrink,
                    "found" => AdjustReason::Found,
                    "other" => AdjustReason::Other,
                    other => {
                        return Err(Error::invalid_argument(
                            "reason",
                            format!("{other:?}"),
                            "expected damage, shrink, found or other",
                        ))
                    }
                },
            },
            "counted" => StockEventKind::Counted {
                on_hand: required(&self.on_hand, i, "on_hand")?,
                expected_on_hand: cell(&self.expected_on_hand, i),
            },
            "available_reported" => StockEventKind::AvailableReported {
                available: required(&self.available, i, "available")?,
                expected_available: cell(&self.expected_available, i),
            },
            "reserved" => StockEventKind::Reserved {
                quantity: quantity()?,
                reservation_id: reservation()?,
                expires_at: cell(&self.expires_at, i)
                    .map(|t| crate::Instant::parse(&t))
                    .transpose()?,
            },
            "reservation_released" => StockEventKind::ReservationReleased {
                reservation_id: reservation()?,
                quantity: part()?,
            },
            "reservation_fulfilled" => StockEventKind::ReservationFulfilled {
                reservation_id: reservation()?,
                quantity: part()?,
            },
            "transfer_out" => StockEventKind::TransferOut {
                transfer_id: transfer()?,
                quantity: quantity()?,
            },
            "transfer_in" => StockEventKind::TransferIn {
                transfer_id: transfer()?,
                quantity: quantity()?,
            },
            other => {
                return Err(Error::invalid_argument(
                    "type",
                    format!("{other:?}"),
                    "not a stock event type",
                ))
            }
        };
        StockEvent::try_from(StockEventRecord {
            event_id: self.event_id[i].clone(),
            sku: self.sku[i].clone(),
            location: self.location[i].clone(),
            occurred_at: self.occurred_at[i].clone(),
            source: self.source[i].clone(),
            kind,
        })
    }

    /// Every row as an event or the reason it is not one, in order; an
    /// error only when the columns' lengths disagree.
    pub fn into_rows(self) -> Result<Vec<Result<StockEvent>>> {
        self.check_lengths()?;
        Ok((0..self.len()).map(|i| self.row(i)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn columns() -> StockEventColumns {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        StockEventColumns {
            event_id: s(&["a", "b", "c"]),
            sku: s(&["A", "A", "A"]),
            location: s(&["s", "s", "s"]),
            occurred_at: s(&["2026-11-26T10:00:00Z"; 3]),
            source: s(&["pos"; 3]),
            kind: s(&["received", "sold", "sold"]),
            quantity: vec![Some(5), Some(2), None],
            ..Default::default()
        }
    }

    #[test]
    fn rows_become_events_or_reasons() {
        let rows = columns().into_rows().unwrap();
        assert!(matches!(
            rows[0].as_ref().unwrap().kind,
            StockEventKind::Received { quantity: 5 }
        ));
        assert!(rows[1].is_ok());
        let err = rows[2].as_ref().unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        assert!(err.to_string().contains("quantity"), "{err}");
    }

    #[test]
    fn ragged_columns_are_refused_whole() {
        let mut c = columns();
        c.quantity.pop();
        assert_eq!(
            c.into_rows().unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
    }
}
