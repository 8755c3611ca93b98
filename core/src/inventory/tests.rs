//! Rules of the ledger, each a test; invariants as property tests.

use super::*;
use crate::buffer::BufferPolicy;
use crate::error::{Error, Result};
use crate::ids::{EventId, LocationId, Sku};
use crate::instant::Instant;
use crate::ErrorCode;
use proptest::prelude::*;

fn at(minute: i64) -> Instant {
    Instant::from_unix_micros(1_795_000_000_000_000 + minute * 60_000_000).unwrap()
}

fn sku(s: &str) -> Sku {
    Sku::new(s).unwrap()
}

fn loc(s: &str) -> LocationId {
    LocationId::new(s).unwrap()
}

fn ev(id: &str, sku_: &str, location: &str, minute: i64, kind: StockEventKind) -> StockEvent {
    StockEvent {
        event_id: EventId::new(id).unwrap(),
        sku: sku(sku_),
        location: loc(location),
        occurred_at: at(minute),
        source: "test".into(),
        kind,
    }
}

fn received(q: i64) -> StockEventKind {
    StockEventKind::Received { quantity: q }
}

fn sold(q: i64) -> StockEventKind {
    StockEventKind::Sold {
        quantity: q,
        order_ref: None,
    }
}

fn counted(n: i64) -> StockEventKind {
    StockEventKind::Counted {
        on_hand: n,
        expected_on_hand: None,
    }
}

fn reserve(q: i64, id: &str) -> StockEventKind {
    StockEventKind::Reserved {
        quantity: q,
        reservation_id: id.into(),
        expires_at: None,
    }
}

fn on_hand(l: &Ledger, s: &str, location: &str) -> i64 {
    l.stock(&sku(s), &loc(location), at(10_000)).on_hand
}

#[test]
fn duplicates_change_nothing_and_conflicts_are_refused() {
    let mut l = Ledger::new();
    let e = ev("e1", "A", "store", 0, received(5));
    assert!(!l.apply(e.clone()).unwrap().duplicate);
    assert!(l.apply(e).unwrap().duplicate);
    assert_eq!(on_hand(&l, "A", "store"), 5);
    let err = l.apply(ev("e1", "A", "store", 0, received(6))).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ConflictingDuplicate);
    assert_eq!(on_hand(&l, "A", "store"), 5);
    assert_eq!(l.len(), 1);
}

#[test]
fn a_late_count_sets_on_hand_as_of_its_instant() {
    let mut l = Ledger::new();
    l.apply(ev("r", "A", "s", 0, received(10))).unwrap();
    l.apply(ev("s1", "A", "s", 20, sold(2))).unwrap();
    // A count taken at minute 10 arrives late: 7 on the shelf then, minus the later sale.
    let report = l.apply(ev("c", "A", "s", 10, counted(7))).unwrap();
    assert!(report.affects_on_hand);
    assert_eq!(on_hand(&l, "A", "s"), 5);
    // A sale before the count is superseded for on-hand but kept in history.
    let report = l.apply(ev("s0", "A", "s", 5, sold(1))).unwrap();
    assert!(!report.affects_on_hand);
    assert_eq!(on_hand(&l, "A", "s"), 5);
    let history = l.history(&sku("A"), &loc("s"));
    let lines: Vec<(&str, i64, i64)> = history
        .iter()
        .map(|h| (h.event_id.as_str(), h.change, h.on_hand_after))
        .collect();
    assert_eq!(
        lines,
        [("r", 10, 10), ("s0", -1, 9), ("c", -2, 7), ("s1", -2, 5)]
    );
    assert_eq!(history[2].description, "counted 7 (variance -2)");
}

#[test]
fn counter_sales_are_facts_even_into_negative_stock() {
    let mut l = Ledger::new();
    l.apply(ev("r", "A", "s", 0, received(1))).unwrap();
    let report = l.apply(ev("s1", "A", "s", 1, sold(3))).unwrap();
    assert_eq!(on_hand(&l, "A", "s"), -2);
    assert_eq!(
        report.anomalies,
        [Anomaly::Oversell {
            event_id: EventId::new("s1").unwrap(),
            sku: sku("A"),
            location: loc("s"),
            units_oversold: 2,
        }]
    );
    assert!(l.anomalies(at(2)).contains(&Anomaly::NegativeStock {
        sku: sku("A"),
        location: loc("s"),
        on_hand: -2
    }));
}

#[test]
fn reservations_are_requests_judged_on_arrival() {
    let mut l = Ledger::new();
    l.apply(ev("r", "A", "web-dc", 0, received(3))).unwrap();
    l.apply(ev("h1", "A", "web-dc", 1, reserve(2, "cart-1")))
        .unwrap();
    let err = l
        .apply(ev("h2", "A", "web-dc", 2, reserve(2, "cart-2")))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InsufficientStock);
    assert_eq!(
        err.to_string(),
        "insufficient stock of A at web-dc: requested 2, available 1"
    );
    let level = l.stock(&sku("A"), &loc("web-dc"), at(3));
    assert_eq!((level.on_hand, level.reserved, level.available), (3, 2, 1));
    // Fulfilment turns the hold into a sale.
    l.apply(ev(
        "f1",
        "A",
        "web-dc",
        4,
        StockEventKind::ReservationFulfilled {
            reservation_id: "cart-1".into(),
            quantity: None,
        },
    ))
    .unwrap();
    let level = l.stock(&sku("A"), &loc("web-dc"), at(5));
    assert_eq!((level.on_hand, level.reserved, level.available), (1, 0, 1));
    assert_eq!(
        l.reservation_state("cart-1", at(5)).unwrap(),
        ReservationState::Committed
    );
    // A committed reservation cannot be released.
    let err = l
        .apply(ev(
            "x",
            "A",
            "web-dc",
            6,
            StockEventKind::ReservationReleased {
                reservation_id: "cart-1".into(),
                quantity: None,
            },
        ))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTransition);
    let err = l
        .apply(ev(
            "y",
            "A",
            "web-dc",
            6,
            StockEventKind::ReservationReleased {
                reservation_id: "nope".into(),
                quantity: None,
            },
        ))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::UnknownReservation);
}

#[test]
fn part_of_a_hold_ships_and_the_rest_stays_held() {
    let mut l = Ledger::new();
    l.apply(ev(
        "r",
        "A",
        "dc",
        0,
        StockEventKind::Received { quantity: 5 },
    ))
    .unwrap();
    l.apply(ev("h", "A", "dc", 1, reserve(3, "o1/1"))).unwrap();
    let fulfil = |q| StockEventKind::ReservationFulfilled {
        reservation_id: "o1/1".into(),
        quantity: Some(q),
    };
    // More than is held is refused and changes nothing.
    let err = l.apply(ev("f0", "A", "dc", 2, fulfil(4))).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidQuantity);
    l.apply(ev("f1", "A", "dc", 2, fulfil(2))).unwrap();
    let level = l.stock(&sku("A"), &loc("dc"), at(3));
    assert_eq!((level.on_hand, level.reserved, level.available), (3, 1, 2));
    assert_eq!(
        l.reservation_state("o1/1", at(3)).unwrap(),
        ReservationState::Held
    );
    l.apply(ev(
        "x1",
        "A",
        "dc",
        4,
        StockEventKind::ReservationReleased {
            reservation_id: "o1/1".into(),
            quantity: Some(1),
        },
    ))
    .unwrap();
    let level = l.stock(&sku("A"), &loc("dc"), at(5));
    assert_eq!((level.on_hand, level.reserved, level.available), (3, 0, 3));
    assert_eq!(
        l.reservation_state("o1/1", at(5)).unwrap(),
        ReservationState::Released
    );
}

fn cart(lines: &[(&str, &str, i64)], allow_partial: bool) -> CartReservation {
    CartReservation {
        cart_id: "cart-9".into(),
        lines: lines
            .iter()
            .map(|(s, l, q)| CartLine {
                sku: sku(s),
                location: loc(l),
                quantity: *q,
            })
            .collect(),
        occurred_at: at(5),
        expires_at: Some(at(35)),
        source: "web".into(),
        allow_partial,
    }
}

#[test]
fn a_cart_is_all_or_nothing_with_demand_summed_per_position() {
    let mut l = Ledger::new();
    l.apply(ev("r1", "A", "dc", 0, received(3))).unwrap();
    l.apply(ev("r2", "B", "dc", 0, received(5))).unwrap();
    // Two lines of A (a bundle and a single) each fit alone, not together.
    let err = l
        .reserve_cart(&cart(
            &[("B", "dc", 1), ("A", "dc", 2), ("A", "dc", 2)],
            false,
        ))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "insufficient stock of A at dc: requested 4, available 3"
    );
    assert_eq!(
        l.stock(&sku("B"), &loc("dc"), at(6)).reserved,
        0,
        "nothing was held"
    );
    let held = l
        .reserve_cart(&cart(
            &[("B", "dc", 1), ("A", "dc", 2), ("A", "dc", 1)],
            false,
        ))
        .unwrap();
    assert_eq!(
        held.iter()
            .map(|h| (h.sku.as_str(), h.reserved))
            .collect::<Vec<_>>(),
        [("A", 3), ("B", 1)]
    );
    assert_eq!(held[0].reservation_id.as_deref(), Some("cart-9/A@dc"));
    assert_eq!(l.stock(&sku("A"), &loc("dc"), at(6)).available, 0);
    assert_eq!(
        l.reservation_state("cart-9/A@dc", at(35)).unwrap(),
        ReservationState::Expired
    );
}

#[test]
fn a_partial_cart_holds_what_is_there() {
    let mut l = Ledger::new();
    l.apply(ev("r1", "A", "dc", 0, received(1))).unwrap();
    let held = l
        .reserve_cart(&cart(&[("A", "dc", 3), ("B", "dc", 1)], true))
        .unwrap();
    let got: Vec<(i64, i64)> = held.iter().map(|h| (h.requested, h.reserved)).collect();
    assert_eq!(got, [(3, 1), (1, 0)]);
    assert_eq!(held[1].reservation_id, None);
    assert_eq!(
        l.reserve_cart(&cart(&[], true)).unwrap_err().code(),
        ErrorCode::InvalidArgument
    );
}

#[test]
fn reservations_expire_against_the_callers_now() {
    let mut l = Ledger::new();
    l.apply(ev("r", "A", "s", 0, received(2))).unwrap();
    let hold = StockEventKind::Reserved {
        quantity: 2,
        reservation_id: "cart".into(),
        expires_at: Some(at(30)),
    };
    l.apply(ev("h", "A", "s", 1, hold)).unwrap();
    assert_eq!(l.stock(&sku("A"), &loc("s"), at(29)).available, 0);
    assert_eq!(l.stock(&sku("A"), &loc("s"), at(30)).available, 2);
    assert_eq!(
        l.reservation_state("cart", at(30)).unwrap(),
        ReservationState::Expired
    );
}

#[test]
fn absolute_figures_are_compare_and_set() {
    let mut l = Ledger::new();
    l.apply(ev("r", "A", "s", 0, received(10))).unwrap();
    let stale = StockEventKind::Counted {
        on_hand: 4,
        expected_on_hand: Some(9),
    };
    let err = l.apply(ev("c1", "A", "s", 5, stale)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::StaleQuantity);
    assert_eq!(on_hand(&l, "A", "s"), 10);
    let fresh = StockEventKind::Counted {
        on_hand: 4,
        expected_on_hand: Some(10),
    };
    l.apply(ev("c2", "A", "s", 5, fresh)).unwrap();
    assert_eq!(on_hand(&l, "A", "s"), 4);
}

#[test]
fn an_available_figure_is_converted_not_applied_as_on_hand() {
    let mut l = Ledger::new();
    l.apply(ev("r", "A", "s", 0, received(10))).unwrap();
    l.apply(ev("h", "A", "s", 1, reserve(3, "cart"))).unwrap();
    // The POS says 5 are available: with 3 reserved, 8 are on hand.
    let report = StockEventKind::AvailableReported {
        available: 5,
        expected_available: Some(7),
    };
    l.apply(ev("a", "A", "s", 2, report)).unwrap();
    let level = l.stock(&sku("A"), &loc("s"), at(3));
    assert_eq!((level.on_hand, level.reserved, level.available), (8, 3, 5));
    let stale = StockEventKind::AvailableReported {
        available: 1,
        expected_available: Some(7),
    };
    assert_eq!(
        l.apply(ev("b", "A", "s", 3, stale)).unwrap_err().code(),
        ErrorCode::StaleQuantity
    );
}

#[test]
fn returns_restock_only_when_marked() {
    let mut l = Ledger::new();
    l.apply(ev(
        "a",
        "A",
        "s",
        0,
        StockEventKind::Returned {
            quantity: 2,
            restock: true,
        },
    ))
    .unwrap();
    l.apply(ev(
        "b",
        "A",
        "s",
        1,
        StockEventKind::Returned {
            quantity: 5,
            restock: false,
        },
    ))
    .unwrap();
    assert_eq!(on_hand(&l, "A", "s"), 2);
    assert_eq!(l.history(&sku("A"), &loc("s")).len(), 2);
}

#[test]
fn transfers_track_in_transit_and_flag_mismatches() {
    let mut l = Ledger::new();
    l.apply(ev("r", "A", "dc", 0, received(10))).unwrap();
    l.apply(ev(
        "o",
        "A",
        "dc",
        1,
        StockEventKind::TransferOut {
            transfer_id: "t1".into(),
            quantity: 4,
        },
    ))
    .unwrap();
    assert_eq!(l.stock(&sku("A"), &loc("dc"), at(2)).in_transit, 4);
    l.apply(ev(
        "i",
        "A",
        "store",
        3,
        StockEventKind::TransferIn {
            transfer_id: "t1".into(),
            quantity: 3,
        },
    ))
    .unwrap();
    assert_eq!(l.stock(&sku("A"), &loc("dc"), at(4)).in_transit, 0);
    assert_eq!(on_hand(&l, "A", "store"), 3);
    assert_eq!(
        l.anomalies(at(4)),
        [Anomaly::TransferMismatch {
            transfer_id: "t1".into(),
            sku: sku("A"),
            sent: Some(4),
            received: 3
        }]
    );
    // An in with no out is accepted and flagged.
    l.apply(ev(
        "j",
        "A",
        "store",
        5,
        StockEventKind::TransferIn {
            transfer_id: "t2".into(),
            quantity: 1,
        },
    ))
    .unwrap();
    assert!(l
        .anomalies(at(6))
        .iter()
        .any(|a| matches!(a, Anomaly::TransferMismatch { sent: None, .. })));
}

#[test]
fn pooling_never_lets_a_negative_store_hide_another() {
    let mut l = Ledger::new();
    l.apply(ev("a", "A", "store-a", 0, sold(2))).unwrap();
    l.apply(ev("b", "A", "store-b", 0, received(5))).unwrap();
    l.apply(ev("c", "A", "dc", 0, received(10))).unwrap();
    let pool = [loc("dc"), loc("store-a"), loc("store-b")];
    assert_eq!(l.pooled_available(&sku("A"), &pool, at(1)).unwrap(), 15);
    let p = l
        .publish(&sku("A"), &pool, &BufferPolicy::Fixed { units: 3 }, at(1))
        .unwrap();
    assert_eq!(
        (p.quantity, p.buffer, p.oversell_probability),
        (12, 3, None)
    );
    let velocity = BufferPolicy::Velocity {
        velocity_per_hour: 24.0,
        exposure_hours: 0.25,
        service_level: 0.95,
    };
    let p = l.publish(&sku("A"), &pool, &velocity, at(1)).unwrap();
    assert_eq!((p.quantity, p.buffer), (5, 10));
    assert!((p.oversell_probability.unwrap() - 0.042_620_923_582_538).abs() < 1e-12);
}

#[test]
fn channels_publish_per_method_with_policies_that_restocking_never_wipes() {
    let mut l = Ledger::new();
    let info = |id: &str, kind, ships, pickup| LocationInfo {
        location: loc(id),
        kind,
        ships,
        pickup,
        counter: kind == LocationKind::Store,
    };
    l.configure_location(info("dc", LocationKind::Warehouse, true, false));
    l.configure_location(info("store-a", LocationKind::Store, false, true));
    l.configure_channel(ChannelConfig {
        channel: crate::ChannelId::new("web").unwrap(),
        locations: vec![loc("dc"), loc("store-a")],
        ship_policy: BufferPolicy::Fixed { units: 2 },
        pickup_policy: BufferPolicy::Fixed { units: 1 },
    })
    .unwrap();
    l.apply(ev("r1", "A", "dc", 0, received(10))).unwrap();
    l.apply(ev("r2", "A", "store-a", 0, received(3))).unwrap();
    let web = crate::ChannelId::new("web").unwrap();
    let ship = l
        .channel_publication(&web, &sku("A"), FulfilmentMethod::Ship, at(1))
        .unwrap();
    assert_eq!((ship.pooled.quantity, ship.nodes.len()), (8, 1));
    let pickup = l
        .channel_publication(&web, &sku("A"), FulfilmentMethod::Pickup, at(1))
        .unwrap();
    assert_eq!(
        (pickup.pooled.quantity, pickup.nodes[0].location.as_str()),
        (2, "store-a")
    );
    // A restock changes the numbers, never the policy.
    l.apply(ev("r3", "A", "store-a", 2, received(5))).unwrap();
    let pickup = l
        .channel_publication(&web, &sku("A"), FulfilmentMethod::Pickup, at(3))
        .unwrap();
    assert_eq!(pickup.pooled.quantity, 7);
    let restored = Ledger::from_snapshot(&l.to_snapshot()).unwrap();
    assert_eq!(
        restored
            .channel_publication(&web, &sku("A"), FulfilmentMethod::Pickup, at(3))
            .unwrap(),
        pickup
    );
    let unknown = crate::ChannelId::new("pos").unwrap();
    assert_eq!(
        l.channel_publication(&unknown, &sku("A"), FulfilmentMethod::Ship, at(3))
            .unwrap_err()
            .code(),
        ErrorCode::InvalidArgument
    );
}

#[test]
fn the_last_unit_sold_at_the_counter_leaves_the_web() {
    let mut l = Ledger::new();
    let pool = [loc("store")];
    l.apply(ev("r", "RED-SHIRT-M", "store", 0, received(1)))
        .unwrap();
    let fixed0 = BufferPolicy::Fixed { units: 0 };
    assert_eq!(
        l.publish(&sku("RED-SHIRT-M"), &pool, &fixed0, at(1))
            .unwrap()
            .quantity,
        1
    );
    l.apply(ev("s", "RED-SHIRT-M", "store", 2, sold(1)))
        .unwrap();
    assert_eq!(
        l.publish(&sku("RED-SHIRT-M"), &pool, &fixed0, at(3))
            .unwrap()
            .quantity,
        0
    );
}

#[test]
fn an_offline_till_reveals_reservations_against_sold_stock() {
    let mut l = Ledger::new();
    l.apply(ev("r", "A", "store", 0, received(2))).unwrap();
    // Online, the web reserves both units for pickup at 10:30...
    l.apply(ev("h", "A", "store", 30, reserve(2, "pickup-1")))
        .unwrap();
    // ...but the offline till had sold one at 10:10 and uploads hours later.
    let till = vec![
        ev("till-1", "A", "store", 10, sold(1)),
        ev("till-1", "A", "store", 10, sold(1)),
        ev(
            "till-2",
            "A",
            "store",
            11,
            StockEventKind::Sold {
                quantity: 0,
                order_ref: None,
            },
        ),
    ];
    let report = l.apply_batch(till, at(200));
    assert_eq!(report.applied, 1);
    assert_eq!(report.duplicates.len(), 1);
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(report.rejected[0].index, 2);
    assert_eq!(report.rejected[0].error.code(), ErrorCode::InvalidQuantity);
    assert_eq!(
        report.revealed,
        [Anomaly::OverCommitted {
            sku: sku("A"),
            location: loc("store"),
            on_hand: 1,
            reserved: 2
        }]
    );
}

#[test]
fn snapshots_round_trip_and_refuse_bad_bytes() {
    let mut l = Ledger::new();
    l.apply(ev("r", "A", "s", 0, received(10))).unwrap();
    l.apply(ev("h", "A", "s", 1, reserve(2, "cart"))).unwrap();
    l.apply(ev("c", "A", "s", 2, counted(9))).unwrap();
    let bytes = l.to_snapshot();
    assert_eq!(Ledger::from_snapshot(&bytes).unwrap(), l);
    let truncated = &bytes[..bytes.len() / 2];
    assert_eq!(
        Ledger::from_snapshot(truncated).unwrap_err().code(),
        ErrorCode::InvalidSnapshot
    );
    let newer = String::from_utf8(bytes.clone())
        .unwrap()
        .replace("\"version\":2", "\"version\":99");
    assert_eq!(
        Ledger::from_snapshot(newer.as_bytes()).unwrap_err().code(),
        ErrorCode::UnsupportedVersion
    );
    let corrupt = String::from_utf8(bytes)
        .unwrap()
        .replace("\"quantity\":10", "\"quantity\":-10");
    assert_eq!(
        Ledger::from_snapshot(corrupt.as_bytes())
            .unwrap_err()
            .code(),
        ErrorCode::InvalidSnapshot
    );
}

#[test]
fn event_json_is_readable() {
    let e = ev("e1", "A", "s", 0, sold(2));
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["type"], "sold");
    assert_eq!(json["quantity"], 2);
    assert_eq!(serde_json::from_value::<StockEvent>(json).unwrap(), e);
}

/// Facts only: any arrival order must give the same state.
fn arb_fact() -> impl Strategy<Value = (usize, usize, i64, StockEventKind)> {
    let kind = prop_oneof![
        (1i64..20).prop_map(received),
        (1i64..20).prop_map(sold),
        (0i64..30).prop_map(counted),
        (-5i64..5)
            .prop_filter("non-zero", |d| *d != 0)
            .prop_map(|d| StockEventKind::Adjusted {
                delta: d,
                reason: AdjustReason::Other
            }),
        (1i64..5, any::<bool>()).prop_map(|(q, r)| StockEventKind::Returned {
            quantity: q,
            restock: r
        }),
    ];
    (0usize..2, 0usize..2, 0i64..20, kind)
}

fn build(facts: &[(usize, usize, i64, StockEventKind)]) -> Vec<StockEvent> {
    facts
        .iter()
        .enumerate()
        .map(|(i, (s, l, minute, kind))| {
            ev(
                &format!("e{i}"),
                ["A", "B"][*s],
                ["x", "y"][*l],
                *minute,
                kind.clone(),
            )
        })
        .collect()
}

fn state(l: &Ledger) -> Vec<(StockLevel, Vec<HistoryLine>)> {
    let mut out = Vec::new();
    for s in ["A", "B"] {
        for loc_ in ["x", "y"] {
            out.push((
                l.stock(&sku(s), &loc(loc_), at(100)),
                l.history(&sku(s), &loc(loc_)),
            ));
        }
    }
    out
}

proptest! {
    #[test]
    fn any_arrival_order_gives_the_same_state(
        facts in proptest::collection::vec(arb_fact(), 1..40),
        seed in any::<u64>(),
    ) {
        let events = build(&facts);
        let mut shuffled = events.clone();
        // Deterministic shuffle from the seed (core has no randomness of its own).
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let mut a = Ledger::new();
        let mut b = Ledger::new();
        for e in events { a.apply(e).unwrap(); }
        for e in shuffled { b.apply(e).unwrap(); }
        prop_assert_eq!(state(&a), state(&b));
    }

    #[test]
    fn applying_everything_twice_equals_once(facts in proptest::collection::vec(arb_fact(), 1..40)) {
        let events = build(&facts);
        let mut once = Ledger::new();
        for e in events.clone() { once.apply(e).unwrap(); }
        let mut twice = once.clone();
        for e in events {
            prop_assert!(twice.apply(e).unwrap().duplicate);
        }
        prop_assert_eq!(state(&once), state(&twice));
    }

    #[test]
    fn on_hand_is_the_last_count_plus_later_movements(facts in proptest::collection::vec(arb_fact(), 1..40)) {
        let events = build(&facts);
        let mut l = Ledger::new();
        for e in events.clone() { l.apply(e).unwrap(); }
        for s in ["A", "B"] {
            for loc_ in ["x", "y"] {
                // The model: sort by (instant, count first, id); replay.
                let mut mine: Vec<&StockEvent> = events.iter()
                    .filter(|e| e.sku.as_str() == s && e.location.as_str() == loc_)
                    .collect();
                mine.sort_by_key(|e| (e.occurred_at, !matches!(e.kind, StockEventKind::Counted { .. }), e.event_id.clone()));
                let mut expected = 0;
                for e in mine {
                    expected = match &e.kind {
                        StockEventKind::Counted { on_hand, .. } => *on_hand,
                        StockEventKind::Received { quantity } => expected + quantity,
                        StockEventKind::Sold { quantity, .. } => expected - quantity,
                        StockEventKind::Adjusted { delta, .. } => expected + delta,
                        StockEventKind::Returned { quantity, restock: true } => expected + quantity,
                        _ => expected,
                    };
                }
                prop_assert_eq!(l.stock(&sku(s), &loc(loc_), at(100)).on_hand, expected);
            }
        }
    }

    #[test]
    fn snapshot_round_trip(facts in proptest::collection::vec(arb_fact(), 0..30)) {
        let mut l = Ledger::new();
        for e in build(&facts) { l.apply(e).unwrap(); }
        prop_assert_eq!(Ledger::from_snapshot(&l.to_snapshot()).unwrap(), l);
    }

    #[test]
    fn published_stays_between_zero_and_pooled_available(
        facts in proptest::collection::vec(arb_fact(), 0..30),
        units in 0u64..10,
    ) {
        let mut l = Ledger::new();
        for e in build(&facts) { l.apply(e).unwrap(); }
        let pool = [loc("x"), loc("y")];
        for s in ["A", "B"] {
            let available = l.pooled_available(&sku(s), &pool, at(100)).unwrap();
            let p = l.publish(&sku(s), &pool, &BufferPolicy::Fixed { units }, at(100)).unwrap();
            prop_assert!(available >= 0);
            prop_assert!(p.quantity as i64 <= available);
        }
    }
}

#[test]
fn a_transfer_whose_in_arrives_first_is_never_in_transit() {
    let transfer = |id: &str, loc: &str, t: i64, out: bool| {
        let kind = if out {
            StockEventKind::TransferOut {
                transfer_id: "t1".into(),
                quantity: 4,
            }
        } else {
            StockEventKind::TransferIn {
                transfer_id: "t1".into(),
                quantity: 4,
            }
        };
        ev(id, "A", loc, t, kind)
    };
    let mut l = Ledger::new();
    l.apply(ev("r", "A", "dc", 0, received(10))).unwrap();
    // The store's till synced before the warehouse did.
    l.apply(transfer("i", "store", 3, false)).unwrap();
    assert_eq!(l.stock(&sku("A"), &loc("dc"), at(4)).in_transit, 0);
    l.apply(transfer("o", "dc", 1, true)).unwrap();
    assert_eq!(l.stock(&sku("A"), &loc("dc"), at(4)).in_transit, 0);
    assert_eq!(on_hand(&l, "A", "dc"), 6);
    // A second transfer still on the road counts at the node that sent it.
    l.apply(ev(
        "o2",
        "A",
        "dc",
        5,
        StockEventKind::TransferOut {
            transfer_id: "t2".into(),
            quantity: 2,
        },
    ))
    .unwrap();
    assert_eq!(l.stock(&sku("A"), &loc("dc"), at(6)).in_transit, 2);
    assert_eq!(l.stock(&sku("A"), &loc("store"), at(6)).in_transit, 0);
}

#[test]
fn sums_that_would_leave_i64_are_refused_with_nothing_changed() {
    let mut l = Ledger::new();
    l.apply(ev("r1", "A", "store", 0, received(1 << 62)))
        .unwrap();
    let err = l
        .apply(ev("r2", "A", "store", 1, received(1 << 62)))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::ArithmeticOverflow);
    assert_eq!(on_hand(&l, "A", "store"), 1 << 62);
    assert_eq!(l.history(&sku("A"), &loc("store")).len(), 1);
    // The refused id was not taken: the same id with a fitting payload applies.
    l.apply(ev("r2", "A", "store", 1, received(1))).unwrap();
    assert_eq!(on_hand(&l, "A", "store"), (1 << 62) + 1);

    // A pool whose units exceed i64 is an error, not a negative number.
    l.apply(ev("r3", "A", "web", 0, received(i64::MAX)))
        .unwrap();
    let pool = [loc("store"), loc("web")];
    assert_eq!(
        l.pooled_available(&sku("A"), &pool, at(5))
            .unwrap_err()
            .code(),
        ErrorCode::ArithmeticOverflow
    );
    // Sales from a very negative on-hand stop at i64's end instead of wrapping.
    l.apply(ev("s1", "B", "store", 0, sold(i64::MAX))).unwrap();
    let err = l.apply(ev("s2", "B", "store", 1, sold(2))).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ArithmeticOverflow);
    assert_eq!(on_hand(&l, "B", "store"), -i64::MAX);
}

#[test]
fn an_availability_report_counts_only_the_holds_held_at_its_instant() {
    // Received 10 at 10:00, 5 reported available at 10:10, 3 reserved at 10:30:
    // on-hand is 5 whichever of the last two is applied first.
    let report = || StockEventKind::AvailableReported {
        available: 5,
        expected_available: None,
    };
    let events = [
        ev("in", "A", "store", 0, received(10)),
        ev("report", "A", "store", 10, report()),
        ev("hold", "A", "store", 30, reserve(3, "cart-1")),
    ];
    for order in [[0, 1, 2], [0, 2, 1]] {
        let mut l = Ledger::new();
        for i in order {
            l.apply(events[i].clone()).unwrap();
        }
        assert_eq!(on_hand(&l, "A", "store"), 5, "order {order:?}");
    }
}

proptest! {
    /// A sealed ledger snapshot refuses every single-bit change.
    #[test]
    fn every_single_bit_flip_of_a_ledger_snapshot_is_refused(bit in 0usize..1_000_000) {
        let mut l = Ledger::new();
        l.apply(ev("r", "A", "s", 0, received(10))).unwrap();
        l.apply(ev("h", "A", "s", 1, reserve(2, "cart"))).unwrap();
        l.apply(ev("c", "A", "s", 2, counted(9))).unwrap();
        let mut bytes = l.to_snapshot();
        let bit = bit % (bytes.len() * 8);
        bytes[bit / 8] ^= 1 << (bit % 8);
        prop_assert!(Ledger::from_snapshot(&bytes).is_err());
    }
}

#[test]
fn a_hold_placed_before_a_report_but_arriving_after_it_counts_as_held_then() {
    // Received 10 at 10:00, 3 reserved at 10:05, 5 reported available at 10:10:
    // 3 were held at the report, so on-hand is 8 whatever the arrival order;
    // and once the hold is released at 10:20, the report still meant 8.
    let report = ev(
        "report",
        "A",
        "store",
        10,
        StockEventKind::AvailableReported {
            available: 5,
            expected_available: None,
        },
    );
    let hold = ev("hold", "A", "store", 5, reserve(3, "cart-1"));
    let release = ev(
        "release",
        "A",
        "store",
        20,
        StockEventKind::ReservationReleased {
            reservation_id: "cart-1".into(),
            quantity: None,
        },
    );
    let early_release = ev(
        "release",
        "A",
        "store",
        7,
        StockEventKind::ReservationReleased {
            reservation_id: "cart-1".into(),
            quantity: None,
        },
    );
    let received = ev("in", "A", "store", 0, received(10));
    for (events, expected) in [
        (vec![received.clone(), hold.clone(), report.clone()], 8),
        (vec![received.clone(), report.clone(), hold.clone()], 8),
        (
            vec![
                received.clone(),
                report.clone(),
                hold.clone(),
                release.clone(),
            ],
            8,
        ),
        (
            vec![
                received.clone(),
                hold.clone(),
                release.clone(),
                report.clone(),
            ],
            8,
        ),
        // Released at 10:07, before the report: nothing was held at 10:10.
        (
            vec![
                received.clone(),
                hold.clone(),
                early_release.clone(),
                report.clone(),
            ],
            5,
        ),
        (
            vec![
                received.clone(),
                hold.clone(),
                report.clone(),
                early_release.clone(),
            ],
            5,
        ),
    ] {
        let mut l = Ledger::new();
        for e in &events {
            l.apply(e.clone()).unwrap();
        }
        let ids: Vec<&str> = events.iter().map(|e| e.event_id.as_str()).collect();
        assert_eq!(on_hand(&l, "A", "store"), expected, "{ids:?}");
    }
}

proptest! {
    /// Holds, releases and availability reports give one on-hand whatever
    /// order they arrive in (a release after its hold, as it must).
    #[test]
    fn holds_and_reports_commute(
        holds in proptest::collection::vec((1i64..5, 1i64..50, proptest::option::of(1i64..30)), 1..6),
        reports in proptest::collection::vec((500i64..600, 1i64..80), 1..4),
        seed in any::<u64>(),
    ) {
        let mut events = vec![ev("in", "A", "s", 0, received(1000))];
        for (i, (q, minute, release_after)) in holds.iter().enumerate() {
            events.push(ev(&format!("h{i}"), "A", "s", *minute, reserve(*q, &format!("c{i}"))));
            if let Some(after) = release_after {
                events.push(ev(&format!("r{i}"), "A", "s", minute + after, StockEventKind::ReservationReleased {
                    reservation_id: format!("c{i}"),
                    quantity: None,
                }));
            }
        }
        for (i, (available, minute)) in reports.iter().enumerate() {
            events.push(ev(&format!("a{i}"), "A", "s", *minute, StockEventKind::AvailableReported {
                available: *available,
                expected_available: None,
            }));
        }
        let apply = |order: &[StockEvent]| {
            let mut l = Ledger::new();
            for e in order {
                l.apply(e.clone()).unwrap();
            }
            on_hand(&l, "A", "s")
        };
        let in_time: Vec<StockEvent> = {
            let mut v = events.clone();
            v.sort_by_key(|e| (e.occurred_at, e.event_id.to_string()));
            v
        };
        // A shuffle that keeps each release after its hold.
        let mut shuffled = events[1..].to_vec();
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let position = |v: &[StockEvent], id: &str| v.iter().position(|e| e.event_id.as_str() == id);
        for i in 0..holds.len() {
            if let (Some(h), Some(r)) = (position(&shuffled, &format!("h{i}")), position(&shuffled, &format!("r{i}"))) {
                if r < h {
                    shuffled.swap(r, h);
                }
            }
        }
        shuffled.insert(0, events[0].clone());
        prop_assert_eq!(apply(&in_time), apply(&shuffled));
    }
}

proptest! {
    /// A batch applied a slice at a time (a server letting readers in
    /// between slices) reports and leaves exactly what one call does:
    /// indexes, duplicates, refusals and what it revealed.
    #[test]
    fn a_batch_in_slices_equals_one_call(
        facts in proptest::collection::vec(arb_fact(), 0..40),
        holds in proptest::collection::vec((0usize..2, 1i64..8, any::<bool>()), 0..6),
        repeats in 0usize..5,
        cuts in proptest::collection::vec(0usize..50, 0..6),
    ) {
        let mut rows: Vec<Result<StockEvent>> = build(&facts).into_iter().map(Ok).collect();
        for (i, (s, q, sold_first)) in holds.iter().enumerate() {
            let s = ["A", "B"][*s];
            rows.push(Ok(ev(&format!("g{i}"), s, "x", 0, received(*q))));
            rows.push(Ok(ev(&format!("h{i}"), s, "x", 1, reserve(*q, &format!("r{i}")))));
            if *sold_first {
                // Sold earlier than the hold, heard of later: the hold is revealed.
                rows.push(Ok(ev(&format!("z{i}"), s, "x", 0, sold(*q))));
            }
        }
        // Repeats are duplicates; a repeat with another quantity is refused.
        for i in 0..repeats.min(facts.len()) {
            rows.push(rows[i].clone());
        }
        rows.push(Ok(ev("e0", "A", "x", 0, received(999))));
        rows.push(Err(Error::invalid_argument("events[?]", "?", "unreadable")));
        let mut whole = Ledger::new();
        let expected = whole.apply_rows(rows.clone(), at(5));

        let mut sliced = Ledger::new();
        let mut batch = BatchInProgress::new(at(5));
        let mut rest = rows.into_iter();
        for cut in cuts {
            batch.apply(&mut sliced, rest.by_ref().take(cut));
        }
        batch.apply(&mut sliced, rest);
        prop_assert_eq!(batch.rows_seen(), facts.len() + holds.iter().map(|h| 2 + usize::from(h.2)).sum::<usize>() + repeats.min(facts.len()) + 2);
        prop_assert_eq!(batch.finish(&sliced), expected.clone());
        prop_assert_eq!(&sliced, &whole);
        // Every hold came in this batch: a position is revealed exactly
        // when it ends holding more than it has.
        let mut over = Vec::new();
        for s in ["A", "B"] {
            let level = whole.stock(&sku(s), &loc("x"), at(5));
            if level.reserved > 0 && level.reserved > level.on_hand {
                over.push(s.to_string());
            }
        }
        let revealed: Vec<String> = expected.revealed.iter().map(|a| match a {
            Anomaly::OverCommitted { sku, .. } => sku.as_str().to_string(),
            other => format!("{other:?}"),
        }).collect();
        prop_assert_eq!(revealed, over);
    }
}

#[test]
fn an_offline_tills_ledger_merges_on_reconnect() {
    // Opening: the store's stock, handed to the till as a snapshot.
    let mut central = Ledger::new();
    central
        .apply(ev("r1", "A", "store", 0, received(3)))
        .unwrap();
    let mut till = Ledger::from_snapshot(&central.to_snapshot()).unwrap();
    // Offline: the till sells two; meanwhile the web reserves the last two.
    till.apply(ev("till-1", "A", "store", 10, sold(1))).unwrap();
    till.apply(ev("till-2", "A", "store", 20, sold(1))).unwrap();
    central
        .apply(ev("h1", "A", "store", 30, reserve(2, "pickup-7")))
        .unwrap();
    // Reconnect: the till's sales apply, the opening stock is a duplicate,
    // and the pickup is revealed as over-committed.
    let report = central.merge(&till, at(60));
    assert_eq!(report.applied, 2);
    assert_eq!(report.duplicates, vec![EventId::new("r1").unwrap()]);
    assert!(report.rejected.is_empty());
    assert_eq!(
        report.revealed,
        vec![Anomaly::OverCommitted {
            sku: sku("A"),
            location: loc("store"),
            on_hand: 1,
            reserved: 2
        }]
    );
    assert_eq!(on_hand(&central, "A", "store"), 1);
    // Merging again changes nothing; the till refreshed from the centre agrees.
    let again = central.merge(&till, at(61));
    assert_eq!((again.applied, again.duplicates.len()), (0, 3));
    let refreshed = Ledger::from_snapshot(&central.to_snapshot()).unwrap();
    assert_eq!(refreshed, central);
}
