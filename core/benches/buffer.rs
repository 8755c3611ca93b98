//! Buffer-math hot paths: `cargo bench -p seamline --bench buffer`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use seamline::{oversell_probability, published_quantity, recommend_buffer, BufferPolicy};
use std::hint::black_box;

fn bench_recommend(c: &mut Criterion) {
    let mut group = c.benchmark_group("recommend_buffer");
    for lambda in [0.375f64, 6.0, 100.0, 1000.0, 1e6] {
        group.bench_with_input(
            BenchmarkId::from_parameter(lambda),
            &lambda,
            |b, &lambda| {
                b.iter(|| recommend_buffer(black_box(lambda), black_box(1.0), black_box(0.95)))
            },
        );
    }
    group.finish();
}

fn bench_oversell(c: &mut Criterion) {
    let mut group = c.benchmark_group("oversell_probability");
    for (buffer, lambda) in [(3u64, 6.0f64), (1052, 1000.0)] {
        group.bench_with_input(
            BenchmarkId::from_parameter(lambda),
            &lambda,
            |b, &lambda| {
                b.iter(|| {
                    oversell_probability(black_box(buffer), black_box(lambda), black_box(1.0))
                })
            },
        );
    }
    group.finish();
}

fn bench_published(c: &mut Criterion) {
    let fixed = BufferPolicy::Fixed { units: 3 };
    c.bench_function("published_quantity/fixed", |b| {
        b.iter(|| published_quantity(black_box(120), black_box(7), black_box(&fixed)))
    });
}

criterion_group!(benches, bench_recommend, bench_oversell, bench_published);
criterion_main!(benches);
