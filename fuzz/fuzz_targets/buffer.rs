//! Buffer math on any doubles: it returns (no hang: libFuzzer's -timeout
//! catches one) and a buffer it returns meets its definition.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: [u8; 24]| {
    let f = |i: usize| f64::from_le_bytes(data[i..i + 8].try_into().unwrap());
    let (velocity, exposure, level) = (f(0), f(8), f(16));
    if let Ok(b) = seamline::recommend_buffer(velocity, exposure, level) {
        let over = seamline::oversell_probability(b, velocity, exposure).unwrap();
        assert!((0.0..=1.0).contains(&over));
    }
    let buffer = u64::from_le_bytes(data[0..8].try_into().unwrap());
    if let Ok(hours) = seamline::max_exposure(buffer, exposure, level) {
        assert!(hours >= 0.0);
    }
});
