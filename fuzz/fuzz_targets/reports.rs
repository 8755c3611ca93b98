//! The processor adapters over CSV-like rows: each input line is a row of
//! `name=value` cells separated by tabs, so the fuzzer reaches every column.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seamline::reconciliation::{adyen_settlement_details, stripe_balance_transactions, Cell, ReportRow};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let rows: Vec<ReportRow> = text
        .lines()
        .map(|line| {
            line.split('\t')
                .filter_map(|cell| cell.split_once('='))
                .map(|(k, v)| (k.to_string(), Cell::from(v)))
                .collect()
        })
        .collect();
    let _ = stripe_balance_transactions(&rows, None);
    let _ = adyen_settlement_details(&rows);
});
