//! Every snapshot decoder on the same bytes: a coded error or a state that
//! writes back to the bytes it came from (a sealed snapshot is canonical);
//! a saved reconciliation reads back as the one it wrote.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seamline::catalog::{PriceTable, SkuMap};
use seamline::customers::CustomerBook;
use seamline::inventory::Ledger;
use seamline::orders::OrderBook;
use seamline::reconciliation::{merge_parts, Config, Part, Report};

fuzz_target!(|data: &[u8]| {
    if let Ok(l) = Ledger::from_snapshot(data) {
        assert_eq!(Ledger::from_snapshot(&l.to_snapshot()).unwrap(), l);
    }
    if let Ok(b) = OrderBook::from_snapshot(data) {
        assert_eq!(OrderBook::from_snapshot(&b.to_snapshot()).unwrap(), b);
    }
    if let Ok(b) = CustomerBook::from_snapshot(data) {
        assert_eq!(CustomerBook::from_snapshot(&b.to_snapshot()).unwrap(), b);
    }
    // A keyed book under the secret of its seed (`seeds/snapshots/customers_keyed.json`).
    let secret = b"fuzz seed secret, 32 bytes long!";
    if let Ok(b) = CustomerBook::from_snapshot_keyed(data, secret) {
        assert_eq!(CustomerBook::from_snapshot_keyed(&b.to_snapshot(), secret).unwrap(), b);
    }
    if let Ok(m) = SkuMap::from_snapshot(data) {
        assert_eq!(SkuMap::from_snapshot(&m.to_snapshot()).unwrap(), m);
    }
    if let Ok(t) = PriceTable::from_snapshot(data) {
        assert_eq!(PriceTable::from_snapshot(&t.to_snapshot()).unwrap(), t);
    }
    if let Ok(r) = Report::from_json(data) {
        assert_eq!(Report::from_json(&r.to_json()).unwrap(), r);
    }
    // A partitioned run's part: read, merged (which must not panic on
    // anything read), and written back the same.
    if let Ok(p) = Part::from_json(data) {
        assert_eq!(Part::from_json(&p.to_json()).unwrap(), p);
        let config = Config::new(seamline::Instant::from_unix_micros(0).unwrap());
        let _ = merge_parts(&[p], &config);
    }
});
