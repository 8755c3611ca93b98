//! Processor reports: `cargo bench -p seamline --bench processors`.
//! For each processor a report of 1,000,000 rows in its published layout
//! (Stripe itemized payout reconciliation, Adyen settlement details, PayPal
//! STL) is generated, read from its bytes on one thread and on two, timed
//! and printed (the two reports compared by digest); criterion
//! then measures 10,000 rows of each.

mod support;
use criterion::{criterion_group, criterion_main, Criterion};
use seamline::reconciliation::{
    read_report, Processor, ProcessorReport, ReportFile, ReportOptions, ReportSource,
};
use sha2::{Digest, Sha256};
use std::fmt::Write;
use std::hint::black_box;
use std::time::Instant as Clock;
use support::peak_mib;

/// A day of Stripe balance transactions: charges (95%), refunds, disputes,
/// fees; one payout per 1,000 lines.
fn stripe(rows: usize) -> String {
    let mut s = String::from("automatic_payout_id,balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,source_id,charge_id,payment_intent_id,payment_metadata[order_id]\n");
    for i in 0..rows {
        let cents = 1_000 + (i * 7_919) % 50_000;
        let fee = cents * 29 / 1000 + 30;
        let (cat, gross, fee, src) = match i % 100 {
            0..=94 => ("charge", cents as i64, fee as i64, format!("ch_{i}")),
            95..=97 => ("refund", -(cents as i64), 0, format!("re_{i}")),
            98 => ("dispute", -(cents as i64), 1500, format!("dp_{i}")),
            _ => ("network_cost", -42, 0, String::new()),
        };
        let _ = writeln!(
            s,
            "po_{},txn_{i},2026-11-20 {:02}:{:02}:00,2026-11-22 00:00:00,usd,{},{},{},{cat},{src},ch_{i},pi_{i},W{i}",
            i / 1000,
            (i / 60) % 24,
            i % 60,
            major(gross),
            major(fee),
            major(gross - fee)
        );
    }
    s
}

/// Cents as major-unit text (`-0.42`).
fn major(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

/// An Adyen settlement details report: settled (90%), refunded, fees, a
/// payout per 1,000 lines, every tenth sale in another currency.
fn adyen(rows: usize) -> String {
    let mut s = String::from("Company Account,Merchant Account,Psp Reference,Merchant Reference,Payment Method,Creation Date,TimeZone,Type,Modification Reference,Gross Currency,Gross Debit (GC),Gross Credit (GC),Exchange Rate,Net Currency,Net Debit (NC),Net Credit (NC),Commission (NC),Markup (NC),Scheme Fees (NC),Interchange (NC),Payment Method Variant,Modification Merchant Reference,Batch Number\n");
    for i in 0..rows {
        let cents = 1_000 + (i * 7_919) % 50_000;
        let fee = cents * 25 / 1000 + 10;
        let net = cents - fee;
        let batch = i / 1000;
        let line = match i % 100 {
            0..=89 if i % 10 == 3 => format!("Co,Store,{i},W{i},visa,2026-11-21 10:00:00,CET,Settled,{i},GBP,,{}.{:02},1.265,USD,,{}.{:02},{}.{:02},,,,visa,,{batch}", cents / 100, cents % 100, net / 100, net % 100, fee / 100, fee % 100),
            0..=89 => format!("Co,Store,{i},W{i},visa,2026-11-21 10:00:00,CET,Settled,{i},USD,,{}.{:02},1,USD,,{}.{:02},{}.{:02},,,,visa,,{batch}", cents / 100, cents % 100, net / 100, net % 100, fee / 100, fee % 100),
            90..=97 => format!("Co,Store,{i},W{i},visa,2026-11-21 11:00:00,CET,Refunded,R{i},USD,{}.{:02},,1,USD,{}.{:02},,,,,,visa,,{batch}", cents / 100, cents % 100, cents / 100, cents % 100),
            98 => format!("Co,Store,,,,2026-11-21 23:00:00,CET,Fee,,USD,,,,USD,3.50,,,,,,,,{batch}"),
            _ => format!("Co,Store,,,,2026-11-21 23:30:00,CET,MerchantPayout,TX{i}XT,USD,,,,USD,1000.00,,,,,,,,{batch}"),
        };
        s.push_str(&line);
        s.push('\n');
    }
    s
}

/// A PayPal settlement report: sales (T0006), refunds (T1107),
/// withdrawals (T0400) in one USD section.
fn paypal(rows: usize) -> String {
    let mut s = String::from("\"RH\",2026/11/22 04:00:00 -0800,\"A\",\"ACCT\",009,\n\"FH\",01\n\"SH\",2026/11/21 00:00:00 -0800,2026/11/21 23:59:59 -0800,\"ACCT\",\"\"\n\"CH\",\"Transaction ID\",\"Invoice ID\",\"PayPal Reference ID\",\"PayPal Reference ID Type\",\"Transaction Event Code\",\"Transaction Initiation Date\",\"Transaction Completion Date\",\"Transaction Debit or Credit\",\"Gross Transaction Amount\",\"Gross Transaction Currency\",\"Fee Debit or Credit\",\"Fee Amount\",\"Fee Currency\",\"Custom Field\"\n");
    for i in 0..rows {
        let cents = 1_000 + (i * 7_919) % 50_000;
        let (code, dir, fee_dir, fee) = match i % 100 {
            0..=94 => ("T0006", "CR", "DR", cents * 34 / 1000 + 30),
            95..=98 => ("T1107", "DR", "CR", 30),
            _ => ("T0400", "DR", "CR", 0),
        };
        let _ = writeln!(
            s,
            "\"SB\",\"{i:017}\",\"W{i}\",\"\",\"\",\"{code}\",2026/11/21 10:00:00 -0800,2026/11/21 10:00:05 -0800,\"{dir}\",{cents},\"USD\",\"{fee_dir}\",{fee},\"USD\",\"\""
        );
    }
    s.push_str(&format!(
        "\"SF\",\"USD\",0,0,0,0,0,0\n\"SC\",{rows}\n\"RF\",{rows}\n\"RC\",{rows}\n\"FF\",1\n"
    ));
    s
}

/// A report to generate: its name, processor and generator.
type Report = (&'static str, Processor, fn(usize) -> String);

fn read(processor: Processor, bytes: &str, threads: usize) -> ProcessorReport {
    let files = [ReportFile {
        name: "report.csv",
        source: ReportSource::Bytes(bytes.as_bytes()),
    }];
    let options = ReportOptions {
        threads: Some(threads),
        ..ReportOptions::default()
    };
    read_report(processor, &files, &options).unwrap()
}

fn bench(c: &mut Criterion) {
    let make: [Report; 3] = [
        ("stripe itemized", Processor::Stripe, stripe),
        ("adyen settlement details", Processor::Adyen, adyen),
        ("paypal settlement (STL)", Processor::Paypal, paypal),
    ];
    // Where to write the generated files, for the example that reads one
    // file alone (`read_report_file`).
    let write_to = std::env::var_os("SEAMLINE_WRITE_REPORTS").map(std::path::PathBuf::from);
    for (name, processor, generate) in make {
        let text = generate(1_000_000);
        if let Some(dir) = &write_to {
            let file = dir.join(format!("{}.csv", processor.as_str()));
            std::fs::write(&file, &text).expect("the directory SEAMLINE_WRITE_REPORTS names");
        }
        // Each reading timed with nothing else held, then compared by the
        // digest of its JSON: the same report on one thread and on two.
        let mut digests = Vec::new();
        for threads in [1, 2] {
            let started = Clock::now();
            let report = black_box(read(processor, &text, threads));
            println!(
                "{name}: 1,000,000 rows ({} MiB) read on {threads} thread(s) in {:.2} s: {} lines, {} rejected, {} unknown; peak {} MiB",
                text.len() >> 20,
                started.elapsed().as_secs_f64(),
                report.lines.len(),
                report.rejected.len(),
                report.unknown.len(),
                peak_mib()
            );
            assert!(report.rejected.is_empty(), "{:?}", &report.rejected[..1]);
            digests.push(Sha256::digest(serde_json::to_vec(&report).unwrap()));
        }
        assert_eq!(
            digests[0], digests[1],
            "the same report on one thread and two"
        );
        let small = generate(10_000);
        c.bench_function(&format!("{name}: 10,000 rows"), |b| {
            b.iter(|| read(processor, black_box(&small), 1))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
