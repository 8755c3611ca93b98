use super::*;
use crate::inventory::{Ledger, StockEvent, StockEventKind};
use crate::{Currency, ErrorCode, EventId, Instant, LocationId, OrderId, Sku};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;

fn at(minute: i64) -> Instant {
    Instant::from_unix_micros(1_795_000_000_000_000 + minute * 60_000_000).unwrap()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn loc(s: &str) -> LocationId {
    LocationId::new(s).unwrap()
}

fn line(id: &str, sku: &str, quantity: i64, price: &str) -> OrderLine {
    OrderLine {
        line_id: id.into(),
        sku: Sku::new(sku).unwrap(),
        quantity,
        unit_price: dec(price),
        discount: Decimal::ZERO,
        tax: Decimal::ZERO,
    }
}

fn order(id: &str, fulfilment: Fulfilment, location: Option<&str>, lines: Vec<OrderLine>) -> Order {
    Order {
        order_id: OrderId::new(id).unwrap(),
        channel: crate::ChannelId::new("web").unwrap(),
        location: location.map(loc),
        currency: Currency::from_code("USD").unwrap(),
        lines,
        order_discount: Decimal::ZERO,
        shipping: Decimal::ZERO,
        customer: None,
        fulfilment,
    }
}

fn ev(id: &str, order: &str, minute: i64, kind: OrderEventKind) -> OrderEvent {
    OrderEvent {
        event_id: EventId::new(id).unwrap(),
        order_id: OrderId::new(order).unwrap(),
        occurred_at: at(minute),
        source: "test".into(),
        kind,
    }
}

fn placed(o: Order) -> OrderEventKind {
    OrderEventKind::Placed {
        order: std::sync::Arc::new(o),
    }
}

fn lq(line: &str, quantity: i64) -> LineQuantity {
    LineQuantity {
        line_id: line.into(),
        quantity,
    }
}

fn ship(id: &str, location: &str, lines: Vec<LineQuantity>) -> OrderEventKind {
    OrderEventKind::Fulfilled {
        shipment_id: id.into(),
        location: loc(location),
        lines,
    }
}

fn ret(id: &str, location: &str, lines: &[(&str, i64, Disposition)]) -> OrderEventKind {
    OrderEventKind::Returned {
        return_id: id.into(),
        location: loc(location),
        channel: None,
        lines: lines
            .iter()
            .map(|(l, q, d)| ReturnLine {
                line_id: (*l).into(),
                quantity: *q,
                disposition: *d,
            })
            .collect(),
    }
}

fn kinds(t: &Transition) -> Vec<String> {
    t.stock_events
        .iter()
        .map(|e| {
            let what = match &e.kind {
                StockEventKind::Sold { quantity, .. } => format!("sold {quantity}"),
                StockEventKind::Reserved { quantity, .. } => format!("reserve {quantity}"),
                StockEventKind::ReservationFulfilled { quantity, .. } => {
                    format!(
                        "fulfil {}",
                        quantity.map_or("all".into(), |q| q.to_string())
                    )
                }
                StockEventKind::ReservationReleased { quantity, .. } => {
                    format!(
                        "release {}",
                        quantity.map_or("all".into(), |q| q.to_string())
                    )
                }
                StockEventKind::Returned { quantity, restock } => {
                    format!("return {quantity} restock={restock}")
                }
                other => format!("{other:?}"),
            };
            format!("{} {}@{}", what, e.sku, e.location)
        })
        .collect()
}

fn stocked(ledger: &mut Ledger, sku: &str, location: &str, quantity: i64) {
    ledger
        .apply(StockEvent {
            event_id: EventId::new(&format!("stock-{sku}-{location}")).unwrap(),
            sku: Sku::new(sku).unwrap(),
            location: loc(location),
            occurred_at: at(0),
            source: "test".into(),
            kind: StockEventKind::Received { quantity },
        })
        .unwrap();
}

#[test]
fn a_counter_sale_is_an_immediate_sale() {
    let mut book = OrderBook::default();
    let t = book
        .apply(ev(
            "e1",
            "pos-1",
            1,
            placed(order(
                "pos-1",
                Fulfilment::CarryOut,
                Some("store-a"),
                vec![line("1", "RED-SHIRT-M", 2, "19.99")],
            )),
        ))
        .unwrap();
    assert_eq!(t.state, OrderState::Fulfilled);
    assert_eq!(kinds(&t), ["sold 2 RED-SHIRT-M@store-a"]);
    assert_eq!(t.stock_events[0].event_id.as_str(), "e1/1");
    let status = book.order(&OrderId::new("pos-1").unwrap()).unwrap();
    assert_eq!(status.total.amount(), dec("39.98"));
}

#[test]
fn split_shipment_from_two_nodes() {
    let mut book = OrderBook::default();
    let mut ledger = Ledger::new();
    stocked(&mut ledger, "MUG", "dc-east", 2);
    stocked(&mut ledger, "MUG", "dc-west", 5);
    let o = order(
        "w-1",
        Fulfilment::Ship,
        None,
        vec![line("1", "MUG", 3, "8.00")],
    );
    let (t, _) = book
        .apply_with_ledger(&mut ledger, ev("p", "w-1", 1, placed(o)))
        .unwrap();
    assert_eq!(t.state, OrderState::Placed);
    assert!(t.stock_events.is_empty(), "no node yet, nothing held");
    let allocate = OrderEventKind::Allocated {
        allocations: vec![
            Allocation {
                line_id: "1".into(),
                location: loc("dc-east"),
                quantity: 2,
            },
            Allocation {
                line_id: "1".into(),
                location: loc("dc-west"),
                quantity: 1,
            },
        ],
    };
    let (t, reports) = book
        .apply_with_ledger(&mut ledger, ev("a", "w-1", 2, allocate))
        .unwrap();
    assert!(reports.iter().all(Result::is_ok));
    assert_eq!(t.state, OrderState::Allocated);
    assert_eq!(
        kinds(&t),
        ["reserve 2 MUG@dc-east", "reserve 1 MUG@dc-west"]
    );
    let (t, _) = book
        .apply_with_ledger(
            &mut ledger,
            ev("s1", "w-1", 3, ship("box-1", "dc-east", vec![lq("1", 2)])),
        )
        .unwrap();
    assert_eq!(t.state, OrderState::PartiallyFulfilled);
    assert_eq!(kinds(&t), ["fulfil all MUG@dc-east"]);
    let (t, _) = book
        .apply_with_ledger(
            &mut ledger,
            ev("s2", "w-1", 4, ship("box-2", "dc-west", vec![lq("1", 1)])),
        )
        .unwrap();
    assert_eq!(t.state, OrderState::Fulfilled);
    let mug = Sku::new("MUG").unwrap();
    let east = ledger.stock(&mug, &loc("dc-east"), at(5));
    let west = ledger.stock(&mug, &loc("dc-west"), at(5));
    assert_eq!((east.on_hand, east.reserved), (0, 0));
    assert_eq!((west.on_hand, west.reserved), (4, 0));
}

#[test]
fn shipping_part_of_a_hold_and_from_an_unplanned_node() {
    let mut book = OrderBook::default();
    let o = order(
        "w-2",
        Fulfilment::Ship,
        Some("dc-east"),
        vec![line("1", "MUG", 4, "8.00")],
    );
    book.apply(ev("p", "w-2", 1, placed(o))).unwrap();
    let t = book
        .apply(ev("s1", "w-2", 2, ship("b1", "dc-east", vec![lq("1", 1)])))
        .unwrap();
    assert_eq!(kinds(&t), ["fulfil 1 MUG@dc-east"]);
    // Two more leave a node that held nothing: sold there, released at the planned node.
    let t = book
        .apply(ev("s2", "w-2", 3, ship("b2", "store-b", vec![lq("1", 2)])))
        .unwrap();
    assert_eq!(kinds(&t), ["sold 2 MUG@store-b", "release 2 MUG@dc-east"]);
    let line = &book.order(&OrderId::new("w-2").unwrap()).unwrap().lines[0];
    assert_eq!((line.fulfilled, line.held, line.open()), (3, 1, 1));
}

#[test]
fn pickup_in_store_holds_then_hands_over_at_the_store() {
    let mut book = OrderBook::default();
    let mut ledger = Ledger::new();
    stocked(&mut ledger, "LAMP", "store-a", 1);
    let o = order(
        "w-3",
        Fulfilment::Pickup,
        Some("store-a"),
        vec![line("1", "LAMP", 1, "30.00")],
    );
    let (t, _) = book
        .apply_with_ledger(&mut ledger, ev("p", "w-3", 1, placed(o)))
        .unwrap();
    assert_eq!(kinds(&t), ["reserve 1 LAMP@store-a"]);
    let lamp = Sku::new("LAMP").unwrap();
    assert_eq!(ledger.stock(&lamp, &loc("store-a"), at(2)).available, 0);
    let (t, _) = book
        .apply_with_ledger(
            &mut ledger,
            ev("h", "w-3", 5, ship("pickup", "store-a", vec![lq("1", 1)])),
        )
        .unwrap();
    assert_eq!(t.state, OrderState::Fulfilled);
    let level = ledger.stock(&lamp, &loc("store-a"), at(6));
    assert_eq!((level.on_hand, level.reserved), (0, 0));
}

#[test]
fn a_refused_hold_leaves_the_units_open() {
    let mut book = OrderBook::default();
    let mut ledger = Ledger::new();
    stocked(&mut ledger, "LAMP", "store-a", 1);
    let o = order(
        "w-4",
        Fulfilment::Pickup,
        Some("store-a"),
        vec![line("1", "LAMP", 2, "30.00")],
    );
    let (_, reports) = book
        .apply_with_ledger(&mut ledger, ev("p", "w-4", 1, placed(o)))
        .unwrap();
    assert_eq!(
        reports[0].as_ref().unwrap_err().code(),
        ErrorCode::InsufficientStock
    );
    let status = book.order(&OrderId::new("w-4").unwrap()).unwrap();
    assert_eq!((status.lines[0].held, status.lines[0].open()), (0, 2));
    let restored = OrderBook::from_snapshot(&book.to_snapshot()).unwrap();
    assert_eq!(restored, book);
}

#[test]
fn cross_channel_return_restocks_where_it_was_received() {
    let mut book = OrderBook::default();
    let o = order(
        "w-5",
        Fulfilment::Ship,
        Some("dc-east"),
        vec![line("1", "SHIRT", 2, "20.00")],
    );
    book.apply(ev("p", "w-5", 1, placed(o))).unwrap();
    book.apply(ev(
        "c",
        "w-5",
        1,
        OrderEventKind::Captured {
            payment_id: "pay".into(),
            amount: dec("40.00"),
        },
    ))
    .unwrap();
    book.apply(ev("s", "w-5", 2, ship("b", "dc-east", vec![lq("1", 2)])))
        .unwrap();
    let t = book
        .apply(ev(
            "r",
            "w-5",
            9,
            ret("ret-1", "store-a", &[("1", 1, Disposition::Restocked)]),
        ))
        .unwrap();
    assert_eq!(t.state, OrderState::PartiallyReturned);
    assert_eq!(kinds(&t), ["return 1 restock=true SHIRT@store-a"]);
    assert_eq!(t.refund_due.unwrap().amount(), dec("20.00"));
}

#[test]
fn only_restocked_goods_go_back_to_stock() {
    let mut book = OrderBook::default();
    let o = order(
        "pos-2",
        Fulfilment::CarryOut,
        Some("store-a"),
        vec![line("1", "SHIRT", 4, "20.00")],
    );
    book.apply(ev("p", "pos-2", 1, placed(o))).unwrap();
    let t = book
        .apply(ev(
            "r",
            "pos-2",
            9,
            ret(
                "ret-1",
                "store-a",
                &[
                    ("1", 1, Disposition::Damaged),
                    ("1", 1, Disposition::NeedsInspection),
                    ("1", 1, Disposition::Missing),
                ],
            ),
        ))
        .unwrap();
    assert_eq!(
        kinds(&t),
        [
            "return 1 restock=false SHIRT@store-a",
            "return 1 restock=false SHIRT@store-a"
        ]
    );
    let line = &book.order(&OrderId::new("pos-2").unwrap()).unwrap().lines[0];
    assert_eq!((line.returned, line.restocked), (3, 0));
}

#[test]
fn cancel_after_partial_fulfilment_releases_the_rest() {
    let mut book = OrderBook::default();
    let o = order(
        "w-6",
        Fulfilment::Ship,
        Some("dc-east"),
        vec![line("1", "MUG", 3, "10.00"), line("2", "CAP", 1, "5.00")],
    );
    book.apply(ev("p", "w-6", 1, placed(o))).unwrap();
    book.apply(ev("s", "w-6", 2, ship("b", "dc-east", vec![lq("1", 1)])))
        .unwrap();
    let t = book
        .apply(ev(
            "x",
            "w-6",
            3,
            OrderEventKind::Cancelled { reason: None },
        ))
        .unwrap();
    assert_eq!(t.state, OrderState::Fulfilled);
    assert_eq!(
        kinds(&t),
        ["release all MUG@dc-east", "release all CAP@dc-east"]
    );
    assert_eq!(t.refund_due.unwrap().amount(), dec("25.00"));
    let err = book
        .apply(ev("s2", "w-6", 4, ship("b2", "dc-east", vec![lq("2", 1)])))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTransition);
    assert_eq!(
        err.to_string(),
        "invalid transition of order w-6: cannot fulfil from fulfilled"
    );
}

#[test]
fn a_cancel_before_shipping_is_cancelled_and_then_closes() {
    let mut book = OrderBook::default();
    let o = order(
        "w-7",
        Fulfilment::Ship,
        Some("dc-east"),
        vec![line("1", "MUG", 1, "10.00")],
    );
    book.apply(ev("p", "w-7", 1, placed(o))).unwrap();
    let t = book
        .apply(ev(
            "x",
            "w-7",
            2,
            OrderEventKind::Cancelled {
                reason: Some("customer".into()),
            },
        ))
        .unwrap();
    assert_eq!(t.state, OrderState::Cancelled);
    let t = book
        .apply(ev("z", "w-7", 3, OrderEventKind::Closed))
        .unwrap();
    assert_eq!(t.state, OrderState::Closed);
    let err = book
        .apply(ev(
            "x2",
            "w-7",
            4,
            OrderEventKind::Cancelled { reason: None },
        ))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTransition);
}

#[test]
fn a_cancelled_order_takes_no_capture_and_an_owed_refund_blocks_closing() {
    let mut book = OrderBook::default();
    let capture = |id: &str, amount: &str| OrderEventKind::Captured {
        payment_id: id.into(),
        amount: dec(amount),
    };
    let refund = |id: &str, ret: &str, amount: &str| OrderEventKind::Refunded {
        refund_id: id.into(),
        return_id: Some(ret.into()),
        amount: dec(amount),
    };
    // Cancelled before shipping: a capture afterwards is refused.
    let o = order(
        "c-1",
        Fulfilment::Ship,
        Some("dc-east"),
        vec![line("1", "MUG", 1, "10.00")],
    );
    book.apply(ev("p", "c-1", 1, placed(o))).unwrap();
    book.apply(ev(
        "x",
        "c-1",
        2,
        OrderEventKind::Cancelled { reason: None },
    ))
    .unwrap();
    let err = book
        .apply(ev("pay", "c-1", 3, capture("pay-1", "10.00")))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTransition);

    // Partly returned with the refund not yet made: closing is refused until it is.
    let o = order(
        "c-2",
        Fulfilment::Ship,
        Some("dc-east"),
        vec![line("1", "MUG", 2, "10.00")],
    );
    book.apply(ev("p2", "c-2", 1, placed(o))).unwrap();
    book.apply(ev("pay2", "c-2", 2, capture("pay-2", "20.00")))
        .unwrap();
    book.apply(ev("s2", "c-2", 3, ship("s-1", "dc-east", vec![lq("1", 2)])))
        .unwrap();
    book.apply(ev(
        "r2",
        "c-2",
        4,
        ret("ret-1", "dc-east", &[("1", 1, Disposition::Restocked)]),
    ))
    .unwrap();
    let err = book
        .apply(ev("z2", "c-2", 5, OrderEventKind::Closed))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvariantViolated);
    assert!(
        err.to_string().contains("10.00 USD of refunds due"),
        "{err}"
    );
    book.apply(ev("f2", "c-2", 6, refund("rf-1", "ret-1", "10.00")))
        .unwrap();
    let t = book
        .apply(ev("z2", "c-2", 7, OrderEventKind::Closed))
        .unwrap();
    assert_eq!(t.state, OrderState::Closed);
}

#[test]
fn invariants_are_named_and_nothing_changes() {
    let mut book = OrderBook::default();
    let o = order(
        "w-8",
        Fulfilment::Ship,
        Some("dc-east"),
        vec![line("1", "MUG", 2, "10.00")],
    );
    book.apply(ev("p", "w-8", 1, placed(o))).unwrap();
    let before = book.clone();
    let err = book
        .apply(ev("s", "w-8", 2, ship("b", "dc-east", vec![lq("1", 3)])))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvariantViolated);
    assert!(err.to_string().contains("fulfilled ≤ ordered"), "{err}");
    book.apply(ev("s1", "w-8", 2, ship("b1", "dc-east", vec![lq("1", 1)])))
        .unwrap();
    let err = book
        .apply(ev(
            "r",
            "w-8",
            3,
            ret("r1", "dc-east", &[("1", 2, Disposition::Restocked)]),
        ))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvariantViolated);
    assert!(err.to_string().contains("returned ≤ fulfilled"), "{err}");
    let err = book
        .apply(ev(
            "c",
            "w-8",
            3,
            OrderEventKind::Captured {
                payment_id: "p".into(),
                amount: dec("20.01"),
            },
        ))
        .unwrap_err();
    assert!(err.to_string().contains("captured ≤ order total"), "{err}");
    let err = book
        .apply(ev("s9", "w-9", 3, ship("b", "dc-east", vec![lq("1", 1)])))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTransition);
    assert_ne!(book, before);
    assert_eq!(
        book.order(&OrderId::new("w-8").unwrap()).unwrap().lines[0].fulfilled,
        1
    );
}

#[test]
fn refunds_never_exceed_what_was_paid() {
    let mut book = OrderBook::default();
    let o = order(
        "pos-3",
        Fulfilment::CarryOut,
        Some("store-a"),
        vec![line("1", "MUG", 2, "10.00")],
    );
    book.apply(ev("p", "pos-3", 1, placed(o))).unwrap();
    book.apply(ev(
        "c",
        "pos-3",
        1,
        OrderEventKind::Captured {
            payment_id: "cash".into(),
            amount: dec("20.00"),
        },
    ))
    .unwrap();
    book.apply(ev(
        "r",
        "pos-3",
        2,
        ret("r1", "store-a", &[("1", 1, Disposition::Restocked)]),
    ))
    .unwrap();
    let refund = |id: &str, ret: Option<&str>, amount: &str| OrderEventKind::Refunded {
        refund_id: id.into(),
        return_id: ret.map(Into::into),
        amount: dec(amount),
    };
    let err = book
        .apply(ev("f1", "pos-3", 3, refund("f1", Some("r1"), "10.01")))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::OverRefund);
    book.apply(ev("f2", "pos-3", 3, refund("f2", Some("r1"), "10.00")))
        .unwrap();
    // A goodwill refund has no return, but still cannot exceed what was captured.
    book.apply(ev("f3", "pos-3", 4, refund("f3", None, "10.00")))
        .unwrap();
    let err = book
        .apply(ev("f4", "pos-3", 5, refund("f4", None, "0.01")))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::OverRefund);
    assert_eq!(
        err.to_string(),
        "over-refund of order pos-3: refunding 0.01 would exceed 0.00 still refundable"
    );
    let err = book
        .apply(ev("f5", "pos-3", 5, refund("f5", Some("nope"), "0.01")))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
}

#[test]
fn order_discount_and_shipping_are_refunded_to_the_cent() {
    // 3 × 10.00 and 1 × 5.00, 1.00 off the order, 4.99 shipping: the discount
    // splits 0.86 / 0.14 by value; shipping comes back with the last return.
    let mut o = order(
        "w-9",
        Fulfilment::Ship,
        Some("dc"),
        vec![line("1", "MUG", 3, "10.00"), line("2", "CAP", 1, "5.00")],
    );
    o.order_discount = dec("1.00");
    o.shipping = dec("4.99");
    let mut book = OrderBook::default();
    book.apply(ev("p", "w-9", 1, placed(o))).unwrap();
    book.apply(ev(
        "s",
        "w-9",
        2,
        ship("b", "dc", vec![lq("1", 3), lq("2", 1)]),
    ))
    .unwrap();
    let due = |book: &mut OrderBook, id: &str, lines: &[(&str, i64, Disposition)]| {
        book.apply(ev(id, "w-9", 3, ret(id, "dc", lines)))
            .unwrap()
            .refund_due
            .unwrap()
            .amount()
    };
    assert_eq!(
        due(&mut book, "r1", &[("1", 1, Disposition::Restocked)]),
        dec("9.72")
    );
    assert_eq!(
        due(&mut book, "r2", &[("1", 2, Disposition::Restocked)]),
        dec("19.42")
    );
    assert_eq!(
        due(&mut book, "r3", &[("2", 1, Disposition::Restocked)]),
        dec("4.86") + dec("4.99")
    );
    let status = book.order(&OrderId::new("w-9").unwrap()).unwrap();
    assert_eq!(status.state, OrderState::Returned);
    assert_eq!(status.refund_due, status.total);
}

#[test]
fn duplicates_are_idempotent_and_conflicts_refused() {
    let mut book = OrderBook::default();
    let o = order(
        "pos-4",
        Fulfilment::CarryOut,
        Some("store-a"),
        vec![line("1", "MUG", 1, "10.00")],
    );
    let e = ev("p", "pos-4", 1, placed(o));
    book.apply(e.clone()).unwrap();
    let t = book.apply(e.clone()).unwrap();
    assert!(t.duplicate && t.stock_events.is_empty());
    let mut other = e;
    other.occurred_at = at(2);
    assert_eq!(
        book.apply(other).unwrap_err().code(),
        ErrorCode::ConflictingDuplicate
    );
}

#[test]
fn bad_orders_are_refused_with_their_field() {
    let mut book = OrderBook::default();
    let mut o = order(
        "w-10",
        Fulfilment::Ship,
        None,
        vec![line("1", "MUG", 1, "10.005")],
    );
    let err = book
        .apply(ev("p", "w-10", 1, placed(o.clone())))
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidAmount);
    assert!(err.to_string().contains("lines[0].unit_price"), "{err}");
    o.lines[0].unit_price = dec("10.00");
    o.fulfilment = Fulfilment::Pickup;
    assert_eq!(
        book.apply(ev("p", "w-10", 1, placed(o.clone())))
            .unwrap_err()
            .code(),
        ErrorCode::InvalidArgument
    );
    o.location = Some(loc("store-a"));
    o.lines.push(line("1", "CAP", 1, "1.00"));
    assert_eq!(
        book.apply(ev("p", "w-10", 1, placed(o)))
            .unwrap_err()
            .code(),
        ErrorCode::InvalidArgument
    );
    assert!(book.order_ids().is_empty());
}

#[test]
fn events_read_from_their_wire_form() {
    let json = r#"{"event_id":"e1","order_id":"w-11","occurred_at":"2026-12-01T10:00:00Z",
        "source":"web","type":"placed","order":{"order_id":"w-11","channel":"web",
        "location":"store-a","currency":"USD","fulfilment":"pickup",
        "lines":[{"line_id":"1","sku":"MUG","quantity":1,"unit_price":"8.00","tax":"0.66"}]}}"#;
    let event = OrderEvent::parse(&mut serde_json::Deserializer::from_str(json)).unwrap();
    let t = OrderBook::default().apply(event).unwrap();
    assert_eq!(t.state, OrderState::Placed);
    let bad = json.replace("\"8.00\"", "8.0");
    let err = OrderEvent::parse(&mut serde_json::Deserializer::from_str(&bad)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    assert!(err.to_string().contains("money must be exact"), "{err}");
    // A whole number is exact, so it is accepted.
    let whole = json.replace("\"8.00\"", "8");
    assert!(OrderEvent::parse(&mut serde_json::Deserializer::from_str(&whole)).is_ok());
}

fn lines_strategy() -> impl Strategy<Value = Vec<(i64, u32, u32, u32)>> {
    // (quantity, unit price cents, line discount cents, tax cents)
    prop::collection::vec((1i64..6, 0u32..5000, 0u32..300, 0u32..400), 1..5)
}

fn build(lines: &[(i64, u32, u32, u32)], od: u32, shipping: u32, fulfilment: Fulfilment) -> Order {
    let cents = |c: u32| Decimal::new(i64::from(c), 2);
    let mut o = order(
        "p",
        fulfilment,
        Some("dc"),
        lines
            .iter()
            .enumerate()
            .map(|(i, (q, p, d, t))| {
                let mut l = line(&format!("{i}"), &format!("SKU-{}", i % 3), *q, "0");
                l.unit_price = cents(*p);
                l.discount = cents(*d).min(l.unit_price * Decimal::from(*q));
                l.tax = cents(*t);
                l
            })
            .collect(),
    );
    let net: Decimal = o
        .lines
        .iter()
        .map(|l| l.unit_price * Decimal::from(l.quantity) - l.discount)
        .sum();
    o.order_discount = cents(od).min(net);
    o.shipping = cents(shipping);
    o
}

proptest! {
    /// Returning every unit, in any chunks, refunds exactly what was paid
    /// (less shipping only when shipping is never refunded); never a cent more.
    #[test]
    fn all_lines_refund_equals_paid(
        lines in lines_strategy(),
        od in 0u32..2000,
        shipping in 0u32..1500,
        rule in 0usize..3,
        chunks in prop::collection::vec(1i64..3, 1..20),
    ) {
        let rule = [ShippingRefund::Never, ShippingRefund::OnFullReturn, ShippingRefund::Prorated][rule];
        let o = build(&lines, od, shipping, Fulfilment::CarryOut);
        let total = o.total().unwrap().amount();
        let mut book = OrderBook::new(RefundPolicy { shipping: rule });
        book.apply(ev("place", "p", 0, placed(o.clone()))).unwrap();
        let mut refunded = Decimal::ZERO;
        let mut n = 0;
        let mut chunk = chunks.iter().cycle();
        for (i, l) in o.lines.iter().enumerate() {
            let mut left = l.quantity;
            while left > 0 {
                let q = (*chunk.next().unwrap()).min(left);
                left -= q;
                n += 1;
                let id = format!("r{n}");
                let t = book
                    .apply(ev(&id, "p", n, ret(&id, "dc", &[(&format!("{i}"), q, Disposition::Restocked)])))
                    .unwrap();
                let due = t.refund_due.unwrap().amount();
                prop_assert!(due >= Decimal::ZERO);
                refunded += due;
                prop_assert!(refunded <= total);
            }
        }
        let expected = if rule == ShippingRefund::Never { total - o.shipping } else { total };
        prop_assert_eq!(refunded, expected);
    }

    /// Stock conservation across the lifecycle: what left the ledger is what
    /// was sold minus what was restocked, and nothing stays held.
    #[test]
    fn stock_is_conserved_across_the_lifecycle(
        lines in lines_strategy(),
        ships in prop::collection::vec((0usize..4, 1i64..4, 0usize..2), 0..8),
        returns in prop::collection::vec((0usize..4, 1i64..3, 0usize..4), 0..6),
        cancel in any::<bool>(),
    ) {
        let nodes = ["dc", "store-b"];
        let mut ledger = Ledger::new();
        let o = build(&lines, 0, 0, Fulfilment::Ship);
        for l in &o.lines {
            for node in nodes {
                let id = format!("stock-{}-{node}", l.sku);
                let _ = ledger.apply(StockEvent {
                    event_id: EventId::new(&id).unwrap(),
                    sku: l.sku.clone(),
                    location: loc(node),
                    occurred_at: at(0),
                    source: "t".into(),
                    kind: StockEventKind::Received { quantity: 100 },
                });
            }
        }
        let before: i64 = o.lines.iter().flat_map(|l| nodes.map(|n| (l.sku.clone(), n)))
            .collect::<std::collections::BTreeSet<_>>().iter()
            .map(|(s, n)| ledger.stock(s, &loc(n), at(0)).on_hand).sum();
        let mut book = OrderBook::default();
        book.apply_with_ledger(&mut ledger, ev("place", "p", 1, placed(o.clone()))).unwrap();
        let mut minute = 2;
        for (i, (line, q, node)) in ships.iter().enumerate() {
            let line = line % o.lines.len();
            let id = format!("s{i}");
            let _ = book.apply_with_ledger(&mut ledger, ev(&id, "p", minute, ship(&id, nodes[*node], vec![lq(&format!("{line}"), *q)])));
            minute += 1;
        }
        if cancel {
            let _ = book.apply_with_ledger(&mut ledger, ev("cancel", "p", minute, OrderEventKind::Cancelled { reason: None }));
            minute += 1;
        }
        let dispositions = [Disposition::Restocked, Disposition::Damaged, Disposition::NeedsInspection, Disposition::Missing];
        for (i, (line, q, d)) in returns.iter().enumerate() {
            let line = line % o.lines.len();
            let id = format!("r{i}");
            let _ = book.apply_with_ledger(&mut ledger, ev(&id, "p", minute, ret(&id, nodes[i % 2], &[(&format!("{line}"), *q, dispositions[*d])])));
            minute += 1;
        }
        let status = book.order(&OrderId::new("p").unwrap()).unwrap();
        let fulfilled: i64 = status.lines.iter().map(|l| l.fulfilled).sum();
        let restocked: i64 = status.lines.iter().map(|l| l.restocked).sum();
        let held: i64 = status.lines.iter().map(|l| l.held).sum();
        let mut after = 0;
        let mut reserved = 0;
        for (s, n) in o.lines.iter().flat_map(|l| nodes.map(|n| (l.sku.clone(), n))).collect::<std::collections::BTreeSet<_>>() {
            let level = ledger.stock(&s, &loc(n), at(minute + 1));
            after += level.on_hand;
            reserved += level.reserved;
        }
        prop_assert_eq!(before - after, fulfilled - restocked);
        prop_assert_eq!(reserved, held);
        for l in &status.lines {
            prop_assert!(l.returned <= l.fulfilled && l.fulfilled + l.cancelled <= l.ordered);
            prop_assert!(l.held <= l.open());
        }
        prop_assert_eq!(OrderBook::from_snapshot(&book.to_snapshot()).unwrap(), book);
    }
}

proptest! {
    /// A sealed order book refuses every single-bit change (an order total
    /// of 39.39 never loads as 34.40).
    #[test]
    fn every_single_bit_flip_of_an_order_snapshot_is_refused(bit in 0usize..1_000_000) {
        let mut book = OrderBook::default();
        let o = order("w-9", Fulfilment::Ship, Some("dc-east"), vec![line("1", "MUG", 3, "13.13")]);
        book.apply(ev("p", "w-9", 1, placed(o))).unwrap();
        book.apply(ev("pay", "w-9", 2, OrderEventKind::Captured {
            payment_id: "pay-1".into(),
            amount: dec("39.39"),
        }))
        .unwrap();
        let mut bytes = book.to_snapshot();
        let bit = bit % (bytes.len() * 8);
        bytes[bit / 8] ^= 1 << (bit % 8);
        prop_assert!(OrderBook::from_snapshot(&bytes).is_err());
    }
}
