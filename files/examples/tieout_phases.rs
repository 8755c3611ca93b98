//! Times the phases of a tie-out from CSV files: read, tie out, write.
//!
//!     cargo run --release -p seamline-files --example tieout_phases -- DIR CONFIG.json [THREADS] [REPORT.json]
use seamline::reconciliation::{read_streams_on, reconcile_on, Config, TABLES};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::Path::new(&args[1]);
    let config: Config =
        serde_json::from_slice(&std::fs::read(&args[2]).expect("config")).expect("config json");
    let threads: usize = args.get(3).map_or(1, |t| t.parse().expect("threads"));
    let t0 = Instant::now();
    let tables = TABLES
        .iter()
        .map(|s| {
            let p = dir.join(format!("{}.csv", s.name));
            p.exists()
                .then(|| seamline_files::CsvTable::open(&p).expect("open"))
        })
        .collect();
    let input = read_streams_on(tables, config.extra_columns, threads).expect("read");
    let t1 = Instant::now();
    let report = reconcile_on(&input, &config, threads).expect("reconcile");
    let t2 = Instant::now();
    println!(
        "read {:.2} s, tie-out {:.2} s, {} exceptions, {} pending",
        (t1 - t0).as_secs_f64(),
        (t2 - t1).as_secs_f64(),
        report.exceptions.len(),
        report.pending.len()
    );
    if let Some(out) = args.get(4) {
        std::fs::write(out, report.to_json()).expect("write");
    }
}
