//! Ledger queries and late events: `cargo bench -p seamline --bench ledger`.
//! (Bulk apply of 1M events: `cargo run --release -p seamline --example ledger_load`.)

use criterion::{criterion_group, criterion_main, Criterion};
use seamline::inventory::{Ledger, StockEvent, StockEventKind};
use seamline::{BufferPolicy, EventId, Instant, LocationId, Sku};
use std::hint::black_box;

fn at(minute: i64) -> Instant {
    Instant::from_unix_micros(1_795_000_000_000_000 + minute * 60_000_000).unwrap()
}

fn event(
    id: usize,
    sku: &Sku,
    location: &LocationId,
    minute: i64,
    kind: StockEventKind,
) -> StockEvent {
    StockEvent {
        event_id: EventId::new(&format!("e{id}")).unwrap(),
        sku: sku.clone(),
        location: location.clone(),
        occurred_at: at(minute),
        source: "pos".into(),
        kind,
    }
}

/// 10,000 SKUs × 10 locations, 10 events each (100,000 positions, 1M events would be slow to set up per bench).
fn loaded() -> (Ledger, Vec<Sku>, Vec<LocationId>) {
    let skus: Vec<Sku> = (0..10_000)
        .map(|i| Sku::new(&format!("SKU-{i}")).unwrap())
        .collect();
    let locations: Vec<LocationId> = (0..10)
        .map(|i| LocationId::new(&format!("L{i}")).unwrap())
        .collect();
    let mut ledger = Ledger::new();
    let mut id = 0;
    for minute in 0..10 {
        for sku in &skus {
            for location in &locations {
                let kind = if minute == 0 {
                    StockEventKind::Received { quantity: 50 }
                } else {
                    StockEventKind::Sold {
                        quantity: 1,
                        order_ref: None,
                    }
                };
                ledger
                    .apply(event(id, sku, location, minute, kind))
                    .unwrap();
                id += 1;
            }
        }
    }
    (ledger, skus, locations)
}

fn bench(c: &mut Criterion) {
    let (ledger, skus, locations) = loaded();
    let now = at(100);
    c.bench_function("ledger/stock (one SKU-location)", |b| {
        b.iter(|| black_box(ledger.stock(black_box(&skus[4321]), black_box(&locations[7]), now)))
    });
    let policy = BufferPolicy::Fixed { units: 2 };
    c.bench_function("ledger/publish (pool of 10 locations)", |b| {
        b.iter(|| black_box(ledger.publish(black_box(&skus[4321]), &locations, &policy, now)))
    });
    // A late event costs work in its own position's history, not in the ledger's size:
    // each iteration applies a new sale stamped at minute 5 (before 5 of the position's 10
    // events) into the next position in turn, on a small and on the 100,000-position ledger.
    let small = {
        let mut l = Ledger::new();
        for e in ledger
            .events()
            .filter(|e| ["SKU-1", "SKU-2"].contains(&e.sku.as_str()))
        {
            l.apply(e.clone()).unwrap();
        }
        (l, 2usize)
    };
    for (name, (mut base, sku_count)) in [
        ("20 positions", small),
        ("100k positions", (ledger, skus.len())),
    ] {
        let mut n = 0usize;
        c.bench_function(
            &format!("ledger/apply a late sale into a 10-event history ({name})"),
            |b| {
                b.iter(|| {
                    n += 1;
                    let position = n % (sku_count * locations.len());
                    let sku = &skus[1 + position / locations.len() % (skus.len() - 1)];
                    let sku = if sku_count == 2 {
                        &skus[1 + position % 2]
                    } else {
                        sku
                    };
                    let e = event(
                        10_000_000 + n,
                        sku,
                        &locations[position % locations.len()],
                        5,
                        StockEventKind::Sold {
                            quantity: 1,
                            order_ref: None,
                        },
                    );
                    base.apply(e)
                })
            },
        );
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
