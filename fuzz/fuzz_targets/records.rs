//! The input layer and the vectors' record forms: JSON text read as the
//! tie-out's records (then tied out), as stock events (then applied), and
//! through serde as every record type a conformance vector carries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seamline::input::{Extras, Json, Lite};
use seamline::reconciliation::{read_records, reconcile, Config};
use seamline::Instant;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The borrowed tree the Node binding reads (depth-limited).
    if let Ok(tree) = Lite::parse(text, &|| "input".to_string()) {
        let rows: Vec<Result<Lite<'_>, seamline::Error>> = match tree.items() {
            Some(items) => items.iter().cloned().map(Ok).collect(),
            None => vec![Ok(tree.clone())],
        };
        let input = read_records(&rows, &rows, &rows, Extras::Ignore);
        let as_of = Instant::parse("2026-11-30T00:00:00Z").unwrap();
        let _ = reconcile(&input, &Config::new(as_of));
    }
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return;
    };
    if let Ok(event) = seamline::inventory::read_stock_event(&value, 0) {
        let mut ledger = seamline::inventory::Ledger::new();
        let _ = ledger.apply(event.clone());
        let _ = ledger.apply(event);
    }
    let _ = seamline::input::from_value::<seamline::orders::OrderEvent>(value.clone(), "event");
    let _ = seamline::input::from_value::<seamline::inventory::SourcingNode>(value.clone(), "node");
    let _ = seamline::input::from_value::<seamline::catalog::Promotion>(value.clone(), "promotion");
    let _ = seamline::input::from_value::<seamline::catalog::PriceEntry>(value.clone(), "entry");
    let _ = seamline::input::from_value::<seamline::customers::CustomerRecord>(value.clone(), "record");
    let _ = seamline::input::from_value::<Config>(value.clone(), "config");
});
