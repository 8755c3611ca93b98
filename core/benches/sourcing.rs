//! Sourcing: time of the exact search at its bound (8 lines × 20 nodes) and
//! of the heuristic, and the heuristic's optimality gap on random instances.
//! `cargo bench -p seamline --bench sourcing` (the gap is printed first).

use criterion::{criterion_group, criterion_main, Criterion};
use seamline::inventory::{
    source_order, source_order_heuristic, Destination, SourcingLine, SourcingNode,
};
use seamline::{Decimal, LocationId, Sku};
use std::collections::BTreeMap;
use std::hint::black_box;

struct Rng(u64);

impl Rng {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

/// 8 lines over 12 SKUs; 20 nodes each stocking a random third of the SKUs,
/// per-shipment cost 3–12, unit cost 0–2.
fn instance(rng: &mut Rng) -> (Vec<SourcingLine>, Vec<SourcingNode>) {
    let skus: Vec<Sku> = (0..12)
        .map(|i| Sku::new(&format!("S{i}")).unwrap())
        .collect();
    let lines = (0..8)
        .map(|i| SourcingLine {
            line_id: format!("{i}"),
            sku: skus[rng.next(12) as usize].clone(),
            quantity: 1 + rng.next(3),
        })
        .collect();
    let nodes = (0..20)
        .map(|i| {
            let mut available = BTreeMap::new();
            for s in &skus {
                if rng.next(3) == 0 {
                    available.insert(s.clone(), rng.next(6));
                }
            }
            SourcingNode {
                location: LocationId::new(&format!("N{i:02}")).unwrap(),
                ships: true,
                available,
                per_shipment: Decimal::from(3 + rng.next(10)),
                per_unit: Decimal::from(rng.next(3)),
                per_unit_by_sku: BTreeMap::new(),
            }
        })
        .collect();
    (lines, nodes)
}

fn gap_report() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let (mut solved, mut optimal, mut worst, mut sum) = (0, 0, 0.0f64, 0.0f64);
    for _ in 0..500 {
        let (lines, nodes) = instance(&mut rng);
        let (Ok(exact), Ok(greedy)) = (
            source_order(&lines, &Destination::Ship, &nodes),
            source_order_heuristic(&lines, &Destination::Ship, &nodes),
        ) else {
            continue;
        };
        let gap = ((greedy.total_cost - exact.total_cost) / exact.total_cost)
            .to_string()
            .parse::<f64>()
            .unwrap_or(0.0);
        solved += 1;
        optimal += usize::from(gap == 0.0);
        worst = worst.max(gap);
        sum += gap;
    }
    println!(
        "heuristic gap over {solved} feasible random 8×20 instances: optimal in {optimal}, mean {:.2}%, worst {:.2}%",
        100.0 * sum / solved as f64,
        100.0 * worst
    );
}

fn bench(c: &mut Criterion) {
    gap_report();
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let (lines, nodes) = loop {
        let (l, n) = instance(&mut rng);
        if source_order(&l, &Destination::Ship, &n).is_ok() {
            break (l, n);
        }
    };
    c.bench_function("sourcing/exact 8 lines × 20 nodes", |b| {
        b.iter(|| source_order(black_box(&lines), &Destination::Ship, black_box(&nodes)))
    });
    c.bench_function("sourcing/heuristic 8 lines × 20 nodes", |b| {
        b.iter(|| source_order_heuristic(black_box(&lines), &Destination::Ship, black_box(&nodes)))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
