//! Identity resolution: `cargo bench -p seamline --bench customers`.
//! Resolving 1,000,000 records (about 20% of them a second channel's record
//! of the same shopper) into a book is timed once and printed, and so is
//! exporting every profile from it; criterion then measures adding one
//! record to that resolved million (and reading back its profile), and
//! normalising one phone number and one email.

mod support;
use criterion::{criterion_group, criterion_main, Criterion};
use seamline::customers::{
    normalize_email, normalize_phone, CustomerBook, CustomerRecord, IdentifierInput,
};
use seamline::Instant;
use std::hint::black_box;
use std::time::Instant as Clock;
use support::peak_mib;

const N: usize = 1_000_000;

fn id(kind: &str, value: String) -> IdentifierInput {
    IdentifierInput {
        kind: kind.into(),
        value,
        hashed: false,
        convention: None,
    }
}

/// 800,000 shoppers seen at the counter (phone, loyalty card); 200,000 of
/// them also online (their email and phone), so 1,000,000 records.
fn records() -> Vec<CustomerRecord> {
    let at = Instant::from_unix_micros(1_795_000_000_000_000).unwrap();
    let mut out = Vec::with_capacity(N);
    for i in 0..800_000u64 {
        let phone = format!("+1415{:07}", 2_000_000 + i);
        out.push(CustomerRecord {
            source: "pos".into(),
            record_id: format!("c{i}"),
            observed_at: at,
            region: None,
            identifiers: vec![
                id("phone", phone.clone()),
                id("loyalty", format!("{:08}", i)),
            ],
            attributes: [("name".to_string(), format!("Shopper {i}"))]
                .into_iter()
                .collect(),
        });
        if i % 4 == 0 {
            out.push(online(
                "web",
                format!("u{i}"),
                at,
                format!("shopper{i}@example.com"),
                phone,
            ));
        }
    }
    out
}

/// An online shopper's record: an email and a phone, no attributes.
fn online(
    source: &str,
    record_id: String,
    at: Instant,
    email: String,
    phone: String,
) -> CustomerRecord {
    CustomerRecord {
        source: source.into(),
        record_id,
        observed_at: at,
        region: None,
        identifiers: vec![id("email", email), id("phone", phone)],
        attributes: Default::default(),
    }
}

fn bench(c: &mut Criterion) {
    let records = records();
    let n = records.len();
    let start = Clock::now();
    let mut book = CustomerBook::default();
    book.add_records(records).unwrap();
    println!(
        "resolve {n} records into a book (every profile settled, each readable alone): {:.3} s",
        start.elapsed().as_secs_f64()
    );
    println!("peak so far {} MiB", peak_mib());
    // A job writing profiles out reads them one at a time.
    let start = Clock::now();
    let (mut profiles, mut members) = (0, 0);
    for profile in book.profiles() {
        profiles += 1;
        members += black_box(&profile).members.len();
    }
    println!(
        "read every profile one at a time (`profiles()`): {:.3} s ({profiles} profiles, {members} records); peak {} MiB",
        start.elapsed().as_secs_f64(),
        peak_mib()
    );
    // `resolve()` is exactly these two steps.
    let start = Clock::now();
    let r = book.resolution();
    println!(
        "export every profile as a Resolution: {:.3} s ({} profiles, {} merges)",
        start.elapsed().as_secs_f64(),
        r.profiles.len(),
        r.merges.len()
    );
    println!("peak {} MiB", peak_mib());
    // Each new web record names an existing counter shopper's phone: it
    // merges into that profile.
    let at = Instant::from_unix_micros(1_795_000_100_000_000).unwrap();
    let mut k = 0u64;
    c.bench_function("customers/add one record to a resolved million", |b| {
        b.iter(|| {
            k += 1;
            let shopper = (k * 7919) % 800_000;
            let key = format!("app/a{k}");
            book.add_records([online(
                "app",
                format!("a{k}"),
                at,
                format!("new{k}@example.com"),
                format!("+1415{:07}", 2_000_000 + shopper),
            )])
            .unwrap();
            book.profile_of(&key)
        })
    });
    c.bench_function("customers/normalize_phone (US, national format)", |b| {
        b.iter(|| normalize_phone(black_box("(415) 555-2671"), "US"))
    });
    c.bench_function("customers/normalize_email", |b| {
        b.iter(|| normalize_email(black_box(" Ann.Lee@Example.com "), false))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
