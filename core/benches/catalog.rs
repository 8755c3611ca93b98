//! Catalog hot paths: `cargo bench -p seamline --bench catalog`.
//! Bulk figures (1M translations, 1M-row import) are timed once and printed
//! first; criterion then measures single calls.

use criterion::{criterion_group, criterion_main, Criterion};
use seamline::catalog::{ChannelRules, ComponentRow, MappingRow, PriceEntry, PriceTable, SkuMap};
use seamline::{ChannelId, Currency, Instant, Money, Sku};
use std::hint::black_box;
use std::time::Instant as Clock;

const N: usize = 1_000_000;

fn rows() -> Vec<MappingRow> {
    (0..N)
        .map(|i| MappingRow {
            channel: if i % 2 == 0 {
                "pos".into()
            } else {
                "web".into()
            },
            external_id: format!("{:07}", i),
            components: vec![ComponentRow {
                sku: format!("SKU-{:06}", i / 2),
                quantity: 1 + (i % 3) as u32,
            }],
            channel_sku: None,
        })
        .collect()
}

fn bulk_figures() -> SkuMap {
    let rows = rows();
    let mut map = SkuMap::new();
    map.set_rules(ChannelRules {
        channel: ChannelId::new("pos").unwrap(),
        case_fold: false,
        strip_leading_zeros: true,
        gtin: false,
    });
    let start = Clock::now();
    let report = map.import(&rows, false);
    println!(
        "import {N} mapping rows: {:.3} s ({} added)",
        start.elapsed().as_secs_f64(),
        report.added
    );
    let pos = ChannelId::new("pos").unwrap();
    let ids: Vec<String> = (0..N).map(|i| format!("{:07}", (i * 2) % N)).collect();
    let start = Clock::now();
    let mut units = 0i64;
    for id in &ids {
        units += map.translate(&pos, id, 1).map(|l| l[0].1).unwrap_or(0);
    }
    println!(
        "translate {N} channel references: {:.3} s ({units} units)",
        start.elapsed().as_secs_f64()
    );
    let quantities = vec![1i64; N];
    let seen = Instant::parse("2026-12-01T00:00:00Z").unwrap();
    let start = Clock::now();
    let columns = map
        .translate_columns(&pos, &ids, &quantities, seen)
        .unwrap();
    println!(
        "translate_columns {N} channel references: {:.3} s ({} lines)",
        start.elapsed().as_secs_f64(),
        columns.skus.len()
    );
    map
}

fn bench(c: &mut Criterion) {
    let map = bulk_figures();
    let pos = ChannelId::new("pos").unwrap();
    c.bench_function("catalog/translate one reference (1M mappings)", |b| {
        b.iter(|| map.translate(black_box(&pos), black_box("0004242"), 1))
    });
    c.bench_function("catalog/target one reference (1M mappings)", |b| {
        b.iter(|| {
            map.target(black_box(&pos), black_box("0004242"))
                .map(|t| t.len())
        })
    });
    let mut table = PriceTable::new();
    let usd = Currency::from_code("USD").unwrap();
    let day =
        |d: i64| Instant::from_unix_micros(1_795_000_000_000_000 + d * 86_400_000_000).unwrap();
    for i in 0..10_000 {
        let sku = Sku::new(&format!("SKU-{i:06}")).unwrap();
        for w in 0..12 {
            let entry = PriceEntry {
                sku: sku.clone(),
                channel: None,
                price: Money::parse("9.99", "USD").unwrap(),
                from: day(w * 30),
                to: Some(day(w * 30 + 30)),
            };
            table.add(entry).unwrap();
        }
    }
    let sku = Sku::new("SKU-004242").unwrap();
    let web = ChannelId::new("web").unwrap();
    c.bench_function("catalog/price_at (12 windows per SKU, 10k SKUs)", |b| {
        b.iter(|| table.price_at(black_box(&sku), &web, usd, black_box(day(200))))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
