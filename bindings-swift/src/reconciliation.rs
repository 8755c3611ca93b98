//! The daily tie-out for Swift: the records are core's schemas, generated
//! into `records.rs`; `Decimal` for amounts, `Date` for instants. A record
//! whose ids or currency do not read is an `INVALID_ROW` exception of the
//! tie-out, never a throw that loses the rest.

use crate::instant::system_time;
use crate::records::{Movement, ReconOrder, SettlementLine};
use crate::results::{
    Acceptance, CurrencySummary, DuplicateRow, FileRead, Match, Pending, Processor, QueueItem,
    ReconConfig, ReconException, RejectedRow, ReportOptions, RowCounts, SkippedRow, UnknownRow,
};
use crate::{from_swift, swift, SeamlineError};
use seamline::reconciliation as core;

use std::sync::Arc;
use std::time::SystemTime;

/// The tie-out of a day: orders (with payments, fulfilments, returns and
/// refunds), settlement lines, stock movements and processor reports.
#[seamline_guard::guard]
#[uniffi::export(default(settlements = [], movements = [], reports = []))]
pub fn reconcile(
    orders: Vec<ReconOrder>,
    settlements: Vec<SettlementLine>,
    movements: Vec<Movement>,
    reports: Vec<Arc<ProcessorReport>>,
    config: ReconConfig,
) -> Result<Arc<Reconciliation>, SeamlineError> {
    let config: core::Config = from_swift(&config, "config")?;
    // The records go through core's one reader, as JSON records do from
    // every language: the same rows give the same result and the same errors.
    let values = |rows: Vec<Result<serde_json::Value, serde_json::Error>>| {
        rows.into_iter()
            .map(|r| {
                r.map_err(|e| {
                    seamline::Error::invalid_argument("record", "(record)", e.to_string())
                })
            })
            .collect::<Vec<_>>()
    };
    let orders = values(orders.iter().map(serde_json::to_value).collect());
    let settlements = values(settlements.iter().map(serde_json::to_value).collect());
    let movements = values(movements.iter().map(serde_json::to_value).collect());
    let mut input = core::read_records(&orders, &settlements, &movements, config.extra_columns);
    for r in &reports {
        input.add_report(&r.0);
    }
    Ok(Arc::new(Reconciliation(core::reconcile_on(
        &input,
        &config,
        machine_threads()?,
    )?)))
}

/// The tie-out of a day from JSON text, as a sync cache or an export holds
/// it: `{"orders": [...], "settlements": [...], "movements": [...],
/// "config": {...}}`, records in core's wire form (snake_case or camelCase
/// keys). A record that does not read is an `INVALID_ROW` exception naming
/// its field; text that is not JSON throws.
#[seamline_guard::guard]
#[uniffi::export(default(reports = []))]
pub fn reconcile_json(
    input: String,
    reports: Vec<Arc<ProcessorReport>>,
) -> Result<Arc<Reconciliation>, SeamlineError> {
    let value: serde_json::Value = serde_json::from_str(&input)
        .map_err(|e| seamline::Error::invalid_argument("input", "(JSON text)", e.to_string()))?;
    let config: core::Config = seamline::input::from_value(value["config"].clone(), "config")?;
    let table = |key: &str| -> Vec<Result<serde_json::Value, seamline::Error>> {
        value[key]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(Ok)
            .collect()
    };
    let mut input = core::read_records(
        &table("orders"),
        &table("settlements"),
        &table("movements"),
        config.extra_columns,
    );
    for r in &reports {
        input.add_report(&r.0);
    }
    Ok(Arc::new(Reconciliation(core::reconcile_on(
        &input,
        &config,
        machine_threads()?,
    )?)))
}

/// A reconciliation `toJson()` saved; anything else throws `INVALID_SNAPSHOT`.
#[seamline_guard::guard]
#[uniffi::export]
pub fn reconciliation_from_json(data: Vec<u8>) -> Result<Arc<Reconciliation>, SeamlineError> {
    Ok(Arc::new(Reconciliation(core::Report::from_json(&data)?)))
}

/// What one tie-out found.
#[derive(uniffi::Object)]
pub struct Reconciliation(core::Report);

#[seamline_guard::guard]
#[uniffi::export]
impl Reconciliation {
    /// The instant it was run as of.
    pub fn as_of(&self) -> SystemTime {
        system_time(self.0.as_of)
    }

    /// The exception queue, most urgent first.
    pub fn exceptions(&self) -> Result<Vec<ReconException>, SeamlineError> {
        swift(&self.0.exceptions)
    }

    /// Rows inside their window.
    pub fn pending(&self) -> Result<Vec<Pending>, SeamlineError> {
        swift(&self.0.pending)
    }

    /// Money per currency, exact.
    pub fn summary(&self) -> Result<Vec<CurrencySummary>, SeamlineError> {
        swift(&self.0.summary)
    }

    /// Where every row landed.
    pub fn rows(&self) -> Result<RowCounts, SeamlineError> {
        swift(&self.0.rows)
    }

    /// How many matches.
    pub fn match_count(&self) -> u64 {
        self.0.matches.len() as u64
    }

    /// What was matched, at most `limit` of them.
    #[uniffi::method(default(limit = None))]
    pub fn matches(&self, limit: Option<u64>) -> Result<Vec<Match>, SeamlineError> {
        let limit = limit.map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX));
        swift(&self.0.matches.iter().take(limit).collect::<Vec<_>>())
    }

    /// The exception queue as CSV (header row first, most urgent first).
    pub fn exceptions_csv(&self) -> String {
        core::exceptions_csv(&self.0)
    }

    /// The reconciliation as tagged JSON bytes, to save and read back with
    /// `reconciliationFromJson(data:)` (an app's cache survives a restart).
    pub fn to_json(&self) -> Vec<u8> {
        self.0.to_json()
    }

    /// What is pending as CSV (header row first, soonest due first).
    pub fn pending_csv(&self) -> String {
        core::pending_csv(&self.0)
    }

    /// A plain-text summary to read before the queue.
    pub fn summary_text(&self) -> String {
        core::summary_text(&self.0)
    }

    /// The tie-out as one self-contained HTML page: what is broken first,
    /// the most urgent exceptions with their evidence, charts, the books.
    #[uniffi::method(default(title = "Seamline"))]
    pub fn report_html(&self, title: String) -> String {
        core::report_html(&self.0, &title)
    }

    /// Today's queue from yesterday's and the acceptances made since.
    #[uniffi::method(default(previous = [], accepted = []))]
    pub fn queue(
        &self,
        previous: Vec<QueueItem>,
        accepted: Vec<Acceptance>,
    ) -> Result<Vec<QueueItem>, SeamlineError> {
        let previous: Vec<core::QueueItem> = from_swift(&previous, "previous")?;
        let accepted: Vec<core::Acceptance> = from_swift(&accepted, "accepted")?;
        swift(&core::update_queue(&previous, &self.0, &accepted)?)
    }
}

/// What an adapter made of a report: every row in exactly one list. Pass
/// it to `reconcile` (`reports:`) and its lines and unread rows join the tie-out.
#[derive(uniffi::Object)]
pub struct ProcessorReport(core::ProcessorReport);

#[seamline_guard::guard]
#[uniffi::export]
impl ProcessorReport {
    /// The processor.
    pub fn processor(&self) -> Result<Processor, SeamlineError> {
        swift(&self.0.processor)
    }

    /// Each file with its layout and data rows, in reading order.
    pub fn files(&self) -> Result<Vec<FileRead>, SeamlineError> {
        swift(&self.0.files)
    }

    /// The settlement lines.
    pub fn lines(&self) -> Result<Vec<SettlementLine>, SeamlineError> {
        swift(&self.0.lines)
    }

    /// Rows repeating a line already read (the same report given twice).
    pub fn duplicates(&self) -> Result<Vec<DuplicateRow>, SeamlineError> {
        swift(&self.0.duplicates)
    }

    /// Rows of a type the adapter does not know (in the tie-out's queue as `INVALID_ROW`).
    pub fn unknown(&self) -> Result<Vec<UnknownRow>, SeamlineError> {
        swift(&self.0.unknown)
    }

    /// Rows that could not be read, each with the error a call would throw.
    pub fn rejected(&self) -> Result<Vec<RejectedRow>, SeamlineError> {
        swift(&self.0.rejected)
    }

    /// Rows that are no line of their own (an authorisation, a pending
    /// transaction, a partial-capture reversal counted in its charge).
    pub fn skipped(&self) -> Result<Vec<SkippedRow>, SeamlineError> {
        swift(&self.0.skipped)
    }

    /// Data rows read: each in exactly one of the lists.
    pub fn rows(&self) -> u64 {
        self.0.rows()
    }
}

/// One file of a processor report: its name and its bytes as downloaded.
#[derive(uniffi::Record)]
pub struct ReportFileData {
    pub name: String,
    pub content: Vec<u8>,
}

/// A processor's report (Stripe, Adyen or PayPal files as downloaded) read
/// into settlement lines, every row accounted for.
#[seamline_guard::guard]
#[uniffi::export(default(options = None))]
pub fn read_report(
    processor: Processor,
    files: Vec<ReportFileData>,
    options: Option<ReportOptions>,
) -> Result<Arc<ProcessorReport>, SeamlineError> {
    let processor: core::Processor = from_swift(&processor, "processor")?;
    // Core's options, read by core: its defaults, its bounds on threads.
    let options: core::ReportOptions = match options {
        Some(o) => from_swift(&o, "options")?,
        None => core::ReportOptions::default(),
    };
    let options = options.or_machine(std::thread::available_parallelism().ok());
    let files: Vec<core::ReportFile<'_>> = files
        .iter()
        .map(|f| core::ReportFile {
            name: &f.name,
            source: core::ReportSource::Bytes(&f.content),
        })
        .collect();
    Ok(Arc::new(ProcessorReport(core::read_report(
        processor, &files, &options,
    )?)))
}

/// The threads a tie-out runs on here: every core the device lets the app
/// use, by core's rule.
fn machine_threads() -> Result<usize, seamline::Error> {
    core::thread_count(None, std::thread::available_parallelism().ok())
}
