//! Order replay: `cargo bench -p seamline --bench orders`.
//! The bulk figure (1,000,000 order events into the order book and the
//! ledger) is timed once and printed first; criterion then measures one
//! order's whole life.

use criterion::{criterion_group, criterion_main, Criterion};
use seamline::inventory::{Ledger, StockEvent, StockEventKind};
use seamline::orders::{
    Disposition, Fulfilment, LineQuantity, Order, OrderBook, OrderEvent, OrderEventKind, OrderLine,
    RefundPolicy, ReturnLine,
};
use seamline::{ChannelId, Currency, EventId, Instant, LocationId, OrderId, Sku};
use std::hint::black_box;
use std::time::Instant as Clock;

const SKUS: usize = 10_000;
const STORES: usize = 20;

fn at(second: i64) -> Instant {
    Instant::from_unix_micros(1_795_000_000_000_000 + second * 1_000_000).unwrap()
}

/// One order's events: placed (a hold, or a counter sale), captured,
/// fulfilled, and every tenth one returned in part; then closed.
fn life(i: usize) -> Vec<OrderEvent> {
    let id = format!("o{i}");
    let store = LocationId::new(&format!("store-{}", i % STORES)).unwrap();
    let fulfilment = if i.is_multiple_of(3) {
        Fulfilment::CarryOut
    } else {
        Fulfilment::Pickup
    };
    let order = Order {
        order_id: OrderId::new(&id).unwrap(),
        channel: ChannelId::new(if i.is_multiple_of(3) { "pos" } else { "web" }).unwrap(),
        location: Some(store.clone()),
        currency: Currency::from_code("USD").unwrap(),
        lines: vec![OrderLine {
            line_id: "1".into(),
            sku: Sku::new(&format!("SKU-{:05}", i % SKUS)).unwrap(),
            quantity: 2,
            unit_price: "9.99".parse().unwrap(),
            discount: Default::default(),
            tax: "1.60".parse().unwrap(),
        }],
        order_discount: Default::default(),
        shipping: Default::default(),
        customer: None,
        fulfilment,
    };
    let t = i as i64;
    let ev = |n: &str, s: i64, kind| OrderEvent {
        event_id: EventId::new(&format!("{id}.{n}")).unwrap(),
        order_id: OrderId::new(&id).unwrap(),
        occurred_at: at(t + s),
        source: "bench".into(),
        kind,
    };
    let mut events = vec![
        ev(
            "p",
            0,
            OrderEventKind::Placed {
                order: std::sync::Arc::new(order),
            },
        ),
        ev(
            "c",
            1,
            OrderEventKind::Captured {
                payment_id: "pay".into(),
                amount: "21.58".parse().unwrap(),
            },
        ),
    ];
    if fulfilment != Fulfilment::CarryOut {
        events.push(ev(
            "f",
            2,
            OrderEventKind::Fulfilled {
                shipment_id: "s".into(),
                location: store.clone(),
                lines: vec![LineQuantity {
                    line_id: "1".into(),
                    quantity: 2,
                }],
            },
        ));
    }
    if i.is_multiple_of(10) {
        events.push(ev(
            "r",
            3,
            OrderEventKind::Returned {
                return_id: "r".into(),
                location: store,
                channel: None,
                lines: vec![ReturnLine {
                    line_id: "1".into(),
                    quantity: 1,
                    disposition: Disposition::Restocked,
                }],
            },
        ));
    }
    events.push(ev("z", 4, OrderEventKind::Closed));
    events
}

fn stocked() -> Ledger {
    let mut ledger = Ledger::new();
    for s in 0..SKUS {
        for l in 0..STORES {
            ledger
                .apply(StockEvent {
                    event_id: EventId::new(&format!("in-{s}-{l}")).unwrap(),
                    sku: Sku::new(&format!("SKU-{s:05}")).unwrap(),
                    location: LocationId::new(&format!("store-{l}")).unwrap(),
                    occurred_at: at(-1),
                    source: "bench".into(),
                    kind: StockEventKind::Received { quantity: 1_000 },
                })
                .unwrap();
        }
    }
    ledger
}

fn bulk_figure() {
    let mut events = Vec::new();
    let mut i = 0;
    while events.len() < 1_000_000 {
        events.extend(life(i));
        i += 1;
    }
    events.truncate(1_000_000);
    let mut book = OrderBook::new(RefundPolicy::default());
    let start = Clock::now();
    let stock: usize = events
        .iter()
        .map(|e| book.apply(e.clone()).map_or(0, |t| t.stock_events.len()))
        .sum();
    println!(
        "replay 1000000 order events into the order book alone: {:.3} s ({stock} stock events out)",
        start.elapsed().as_secs_f64()
    );
    drop(book);
    let mut ledger = stocked();
    let mut book = OrderBook::new(RefundPolicy::default());
    let start = Clock::now();
    let mut stock = 0usize;
    let mut refused = 0usize;
    for e in events {
        match book.apply_with_ledger(&mut ledger, e) {
            Ok((_, reports)) => stock += reports.len(),
            Err(_) => refused += 1,
        }
    }
    println!(
        "replay 1000000 order events into orders and ledger: {:.3} s ({i} orders, {stock} stock events, {refused} refused)",
        start.elapsed().as_secs_f64()
    );
}

fn bench(c: &mut Criterion) {
    bulk_figure();
    c.bench_function(
        "orders/one pickup order's life (place, capture, fulfil, close)",
        |b| {
            let mut ledger = stocked();
            let mut book = OrderBook::new(RefundPolicy::default());
            let mut n = 1usize;
            b.iter(|| {
                n += 3;
                for e in life(black_box(n)) {
                    black_box(book.apply_with_ledger(&mut ledger, e).unwrap());
                }
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
