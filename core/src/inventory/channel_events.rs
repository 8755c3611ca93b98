//! Channel events through the SKU map: a POS sale of `10042` debits the same
//! stock the web sells as `RED-SHIRT-M`.

use super::event::{StockEvent, StockEventKind};
use super::ledger::Ledger;
use super::report::ApplyReport;
use crate::catalog::{Component, SkuMap};
use crate::error::{Error, Result};
use crate::ids::{ChannelId, EventId};

/// Scales a quantity by a component's units per channel unit.
fn scale(value: i64, c: &Component) -> Result<i64> {
    value
        .checked_mul(i64::from(c.quantity))
        .ok_or_else(|| Error::overflow("channel event quantity"))
}

/// Names a per-component id: the id itself for one component, `id/SKU` for a bundle's parts.
fn part(id: &str, c: &Component, bundle: bool) -> String {
    if bundle {
        format!("{id}/{}", c.sku)
    } else {
        id.to_string()
    }
}

fn kind_for(kind: &StockEventKind, c: &Component, bundle: bool) -> Result<StockEventKind> {
    use StockEventKind as K;
    Ok(match kind {
        K::Received { quantity } => K::Received {
            quantity: scale(*quantity, c)?,
        },
        K::Sold {
            quantity,
            order_ref,
        } => K::Sold {
            quantity: scale(*quantity, c)?,
            order_ref: order_ref.clone(),
        },
        K::Returned { quantity, restock } => K::Returned {
            quantity: scale(*quantity, c)?,
            restock: *restock,
        },
        K::Adjusted { delta, reason } => K::Adjusted {
            delta: scale(*delta, c)?,
            reason: *reason,
        },
        K::Counted {
            on_hand,
            expected_on_hand,
        } => K::Counted {
            on_hand: scale(*on_hand, c)?,
            expected_on_hand: expected_on_hand.map(|e| scale(e, c)).transpose()?,
        },
        K::AvailableReported {
            available,
            expected_available,
        } => K::AvailableReported {
            available: scale(*available, c)?,
            expected_available: expected_available.map(|e| scale(e, c)).transpose()?,
        },
        K::Reserved {
            quantity,
            reservation_id,
            expires_at,
        } => K::Reserved {
            quantity: scale(*quantity, c)?,
            reservation_id: part(reservation_id, c, bundle),
            expires_at: *expires_at,
        },
        K::ReservationReleased {
            reservation_id,
            quantity,
        } => K::ReservationReleased {
            reservation_id: part(reservation_id, c, bundle),
            quantity: quantity.map(|q| scale(q, c)).transpose()?,
        },
        K::ReservationFulfilled {
            reservation_id,
            quantity,
        } => K::ReservationFulfilled {
            reservation_id: part(reservation_id, c, bundle),
            quantity: quantity.map(|q| scale(q, c)).transpose()?,
        },
        K::TransferOut {
            transfer_id,
            quantity,
        } => K::TransferOut {
            transfer_id: part(transfer_id, c, bundle),
            quantity: scale(*quantity, c)?,
        },
        K::TransferIn {
            transfer_id,
            quantity,
        } => K::TransferIn {
            transfer_id: part(transfer_id, c, bundle),
            quantity: scale(*quantity, c)?,
        },
    })
}

impl Ledger {
    /// Applies an event a channel sent in its own identifiers: `event.sku`
    /// holds the channel's external id, which the map turns into canonical
    /// SKUs (a multipack multiplies every quantity; a bundle becomes one
    /// event per component, with ids `"{event_id}/{SKU}"`). An unmapped id is
    /// `UNMAPPED_ID` and changes nothing. A bundle's components apply in SKU
    /// order; to reserve a bundle all or nothing, use [`Ledger::reserve_cart`].
    pub fn apply_channel_event(
        &mut self,
        map: &SkuMap,
        channel: &ChannelId,
        event: StockEvent,
    ) -> Result<Vec<ApplyReport>> {
        let components = map.target(channel, event.sku.as_str())?.to_vec();
        let bundle = components.len() > 1;
        let events = components
            .iter()
            .map(|c| {
                Ok(StockEvent {
                    event_id: EventId::new(&part(event.event_id.as_str(), c, bundle))?,
                    sku: c.sku.clone(),
                    location: event.location.clone(),
                    occurred_at: event.occurred_at,
                    source: event.source.clone(),
                    kind: kind_for(&event.kind, c, bundle)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        events.into_iter().map(|e| self.apply(e)).collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::{ChannelRules, ComponentRow, MappingRow, SkuMap};
    use crate::inventory::{Ledger, StockEvent, StockEventKind};
    use crate::{ChannelId, EventId, Instant, LocationId, Sku};

    fn map() -> SkuMap {
        let mut m = SkuMap::new();
        m.set_rules(ChannelRules {
            channel: ChannelId::new("pos").unwrap(),
            case_fold: false,
            strip_leading_zeros: true,
            gtin: false,
        });
        let row = |ch: &str, id: &str, comps: &[(&str, u32)]| MappingRow {
            channel: ch.into(),
            external_id: id.into(),
            components: comps
                .iter()
                .map(|(s, q)| ComponentRow {
                    sku: s.to_string(),
                    quantity: *q,
                })
                .collect(),
            channel_sku: None,
        };
        m.import(
            &[
                row("pos", "10042", &[("RED-SHIRT-M", 1)]),
                row("web", "RED-SHIRT-M", &[("RED-SHIRT-M", 1)]),
                row("web", "SODA-6PK", &[("SODA-CAN", 6)]),
                row("web", "PICNIC", &[("SODA-CAN", 2), ("CUPS-10", 1)]),
            ],
            false,
        );
        m
    }

    fn ev(id: &str, external: &str, kind: StockEventKind) -> StockEvent {
        StockEvent {
            event_id: EventId::new(id).unwrap(),
            sku: Sku::new(external).unwrap(),
            location: LocationId::new("store").unwrap(),
            occurred_at: Instant::parse("2026-11-26T10:00:00Z").unwrap(),
            source: "test".into(),
            kind,
        }
    }

    #[test]
    fn a_pos_sale_of_10042_debits_the_stock_the_web_sells_as_red_shirt_m() {
        let m = map();
        let (pos, web) = (
            ChannelId::new("pos").unwrap(),
            ChannelId::new("web").unwrap(),
        );
        let mut l = Ledger::new();
        l.apply_channel_event(
            &m,
            &web,
            ev(
                "w1",
                "RED-SHIRT-M",
                StockEventKind::Received { quantity: 3 },
            ),
        )
        .unwrap();
        l.apply_channel_event(
            &m,
            &pos,
            ev(
                "p1",
                "0010042",
                StockEventKind::Sold {
                    quantity: 1,
                    order_ref: None,
                },
            ),
        )
        .unwrap();
        let now = Instant::parse("2026-11-26T11:00:00Z").unwrap();
        let store = LocationId::new("store").unwrap();
        assert_eq!(
            l.stock(&Sku::new("RED-SHIRT-M").unwrap(), &store, now)
                .on_hand,
            2
        );
        // Multipacks multiply; bundles split into their components.
        l.apply_channel_event(
            &m,
            &web,
            ev("w2", "SODA-6PK", StockEventKind::Received { quantity: 4 }),
        )
        .unwrap();
        let reports = l
            .apply_channel_event(
                &m,
                &web,
                ev(
                    "w3",
                    "PICNIC",
                    StockEventKind::Sold {
                        quantity: 1,
                        order_ref: None,
                    },
                ),
            )
            .unwrap();
        assert_eq!(
            reports
                .iter()
                .map(|r| r.event_id.as_str())
                .collect::<Vec<_>>(),
            ["w3/CUPS-10", "w3/SODA-CAN"]
        );
        assert_eq!(
            l.stock(&Sku::new("SODA-CAN").unwrap(), &store, now).on_hand,
            22
        );
        let err = l
            .apply_channel_event(
                &m,
                &pos,
                ev("p2", "99999", StockEventKind::Received { quantity: 1 }),
            )
            .unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::UnmappedId);
        assert_eq!(l.len(), 5);
    }
}
