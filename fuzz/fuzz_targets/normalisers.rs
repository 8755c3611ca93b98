//! GTINs, UPC-E, emails, phones, loyalty ids, SKUs, decimals and instants:
//! a coded error or a value that normalises to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seamline::catalog::Gtin;
use seamline::customers::{normalize_email, normalize_loyalty, normalize_phone, LoyaltyFormat};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(g) = Gtin::parse(&text) {
        assert_eq!(Gtin::parse(&g.gtin14()).unwrap(), g);
        let _ = g.range();
    }
    let _ = Gtin::from_upc_e(&text);
    if let Ok(e) = normalize_email(&text, false) {
        assert_eq!(normalize_email(&e, false).unwrap(), e);
    }
    let _ = normalize_email(&text, true);
    if let Ok(p) = normalize_phone(&text, "US") {
        assert_eq!(normalize_phone(&p, "US").unwrap(), p);
    }
    let _ = normalize_loyalty(&text, &LoyaltyFormat::default());
    let _ = seamline::Sku::new(&text);
    if let Ok(d) = seamline::parse_decimal("x", &text) {
        assert_eq!(seamline::parse_decimal("x", &d.to_string()).unwrap(), d);
    }
    if let Ok(at) = seamline::Instant::parse(&text) {
        assert_eq!(seamline::Instant::parse(&at.to_rfc3339()).unwrap(), at);
    }
    if data.len() >= 9 {
        let digits: Vec<u8> = data[9..].iter().map(|b| b % 10).collect();
        let exponent = i64::from_le_bytes(data[1..9].try_into().unwrap());
        let _ = seamline::decimal_from_parts("x", data[0] & 1 == 1, &digits, exponent);
    }
});
