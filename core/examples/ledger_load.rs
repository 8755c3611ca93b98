//! Load figure for docs/performance.md: applies 1,000,000 events over
//! 100,000 SKUs × 10 locations and reports time and stock checks.
//!
//! `cargo run --release -p seamline --example ledger_load` (peak memory:
//! prefix with `/usr/bin/time -v`).

use seamline::inventory::{Ledger, StockEvent, StockEventKind};
use seamline::{EventId, Instant, LocationId, Sku};
use std::time::Instant as Clock;

/// Deterministic events over `skus` × `locations` positions: a first half of
/// receipts, then a second half of sales at the same positions (half the key
/// space), one sale in ten replaced by a physical count, and every 50th event
/// arriving late (stamped an hour before its neighbours).
fn events(n: usize, skus: usize, locations: usize) -> impl Iterator<Item = StockEvent> {
    let sku_ids: Vec<Sku> = (0..skus)
        .map(|i| Sku::new(&format!("SKU-{i:06}")).unwrap())
        .collect();
    let loc_ids: Vec<LocationId> = (0..locations)
        .map(|i| LocationId::new(&format!("store-{i:02}")).unwrap())
        .collect();
    let start = Instant::parse("2026-11-26T00:00:00Z")
        .unwrap()
        .unix_micros();
    let positions = skus * locations;
    (0..n).map(move |i| {
        let position = ((i % (n / 2)) * 7919) % positions;
        let late = if i % 50 == 0 { 3_600_000_000 } else { 0 };
        let kind = if i < n / 2 {
            StockEventKind::Received { quantity: 5 }
        } else if i % 10 == 9 {
            StockEventKind::Counted {
                on_hand: 4,
                expected_on_hand: None,
            }
        } else {
            StockEventKind::Sold {
                quantity: 1,
                order_ref: None,
            }
        };
        StockEvent {
            event_id: EventId::new(&format!("ev-{i:08}")).unwrap(),
            sku: sku_ids[position / locations].clone(),
            location: loc_ids[position % locations].clone(),
            occurred_at: Instant::from_unix_micros(start + i as i64 * 10_000 - late).unwrap(),
            source: "pos".into(),
            kind,
        }
    })
}

fn main() {
    if std::env::args().any(|a| a == "--stream") {
        // For peak memory: events are made one at a time, so the process holds only the ledger.
        let mut ledger = Ledger::new();
        for event in events(1_000_000, 100_000, 10) {
            ledger.apply(event).expect("generated events are valid");
        }
        println!(
            "streamed {} events; size of one event: {} bytes",
            ledger.len(),
            std::mem::size_of::<StockEvent>()
        );
        return;
    }
    // Built up front so the timing is the ledger's alone.
    let events: Vec<StockEvent> = events(1_000_000, 100_000, 10).collect();
    let sized = std::env::args().any(|a| a == "--sized");
    let mut ledger = if sized {
        Ledger::with_capacity(1_000_000, 1_000_000)
    } else {
        Ledger::new()
    };
    let began = Clock::now();
    for event in events {
        ledger.apply(event).expect("generated events are valid");
    }
    let elapsed = began.elapsed();
    println!(
        "applied {} events in {:.3} s",
        ledger.len(),
        elapsed.as_secs_f64()
    );
}
