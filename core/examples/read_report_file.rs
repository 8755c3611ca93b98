//! Times reading one processor report file, with nothing else in the
//! process: `cargo run --release -p seamline --example read_report_file --
//! <stripe|adyen|paypal> <file> <threads> [repeats]`. The bench writes its
//! generated million-row files when `SEAMLINE_WRITE_REPORTS` names a
//! directory (see docs/performance.md).

use seamline::reconciliation::{read_report, Processor, ReportFile, ReportOptions, ReportSource};
use std::process::ExitCode;
use std::time::Instant as Clock;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [processor, path, threads, rest @ ..] = args.as_slice() else {
        eprintln!("usage: read_report_file <stripe|adyen|paypal> <file> <threads> [repeats]");
        return ExitCode::FAILURE;
    };
    let (Ok(processor), Ok(bytes), Ok(threads)) = (
        Processor::parse(processor),
        std::fs::read(path),
        threads.parse::<usize>(),
    ) else {
        eprintln!("a processor, a readable file and a thread count, please");
        return ExitCode::FAILURE;
    };
    let repeats = rest.first().and_then(|r| r.parse().ok()).unwrap_or(1);
    let files = [ReportFile {
        name: path,
        source: ReportSource::Bytes(&bytes),
    }];
    let options = ReportOptions {
        threads: Some(threads),
        ..ReportOptions::default()
    };
    for _ in 0..repeats {
        let started = Clock::now();
        match read_report(processor, &files, &options) {
            Ok(report) => println!(
                "{} on {threads} thread(s): {:.3} s, {} lines, {} rows",
                processor.as_str(),
                started.elapsed().as_secs_f64(),
                report.lines.len(),
                report.rows()
            ),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
