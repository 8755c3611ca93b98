//! CSV files streamed into the tie-out's reader (seamline-files): the bytes
//! are split at the first NUL into an orders file and a movements file, read
//! on one thread and on two. Any malformed file is a coded error; the input
//! (or the error) is the same whatever the thread count.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seamline::input::Extras;
use seamline::reconciliation::{read_streams_on, TABLES};
use seamline_files::CsvTable;

fuzz_target!(|data: &[u8]| {
    let (orders, movements) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let read = |threads: usize| {
        let mut tables: Vec<Option<CsvTable<&[u8]>>> = (0..TABLES.len()).map(|_| None).collect();
        tables[0] = Some(CsvTable::from_reader("orders.csv", orders)?);
        tables[6] = Some(CsvTable::from_reader("movements.csv", movements)?);
        read_streams_on(tables, Extras::Ignore, threads)
    };
    match (read(1), read(2)) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "the same input on one thread and two"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("one thread and two disagree: {a:?} vs {b:?}"),
    }
});
