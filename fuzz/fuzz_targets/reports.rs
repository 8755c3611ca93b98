//! The processor adapters over whole files: the bytes are read as each
//! processor's report (CSV, or JSON for Stripe API objects), so the fuzzer
//! reaches header detection, sections, ragged rows and every column.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seamline::reconciliation::{read_report, Processor, ReportFile, ReportOptions, ReportSource};

fuzz_target!(|data: &[u8]| {
    let files = [ReportFile {
        name: "fuzz.csv",
        source: ReportSource::Bytes(data),
    }];
    for p in [Processor::Stripe, Processor::Adyen, Processor::Paypal] {
        if let Ok(r) = read_report(p, &files, &ReportOptions::default()) {
            let rows = r.lines.len() + r.duplicates.len() + r.unknown.len() + r.rejected.len() + r.skipped.len();
            assert_eq!(rows as u64, r.rows(), "every row accounted for once");
        }
    }
});
