//! Processor reports to settlement lines: pure adapters (bytes or records
//! in, settlement lines and an account of every row out) for the reports
//! retailers download from Stripe, Adyen and PayPal, read in each
//! processor's published layout.
//!
//! Every input row ends in exactly one list of the [`ProcessorReport`]: a
//! line, a duplicate of a line already read (the same report read twice),
//! a row of a type the adapter does not know, a row it could not read, or a
//! row that records no money movement (an authorisation, a pending PayPal
//! transaction). Unknown and rejected rows reach the tie-out's exception
//! queue through [`ProcessorReport::unread`]; nothing is set aside
//! silently.
//!
//! A line's id depends only on the report's content — processor, account,
//! batch, type, references and the line's occurrence among identical ones
//! in its file — never on its position or on the other files of the call,
//! and the files of a call are read in an order of their own (by name and
//! content), so a report gives the same lines however it is split or
//! ordered.

mod adyen;
mod cells;
mod parts;
mod paypal;
mod sheet;
mod stripe;
mod table;

use super::exception::RowKind;
use super::input::{Input, SettlementLine, UnreadRow};
use crate::error::{Error, Result};
use crate::ids::RecordId;
use parts::{Part, PartOut};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub use sheet::{MAX_CELL, MAX_FILE};
pub use table::ReportTable;

/// The processors whose reports Seamline reads.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Processor {
    /// Stripe.
    Stripe,
    /// Adyen.
    Adyen,
    /// PayPal.
    Paypal,
}

impl Processor {
    /// The wire name, also the settlement lines' `processor`.
    pub fn as_str(self) -> &'static str {
        match self {
            Processor::Stripe => "stripe",
            Processor::Adyen => "adyen",
            Processor::Paypal => "paypal",
        }
    }

    /// Reads a wire name (`"stripe"`, `"adyen"`, `"paypal"`).
    pub fn parse(text: &str) -> Result<Processor> {
        match text.trim().to_ascii_lowercase().as_str() {
            "stripe" => Ok(Processor::Stripe),
            "adyen" => Ok(Processor::Adyen),
            "paypal" => Ok(Processor::Paypal),
            _ => Err(Error::invalid_argument(
                "processor",
                sheet::cut(text),
                "expected stripe, adyen or paypal",
            )),
        }
    }
}

/// A report layout: detected from a file's header, stated in the report,
/// and forced through [`ReportOptions::layout`] when the caller knows better.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Stripe's itemized reports (payout reconciliation
    /// `payout_reconciliation.itemized.*`, balance change from activity
    /// `balance_change_from_activity.itemized.*`): major units,
    /// `reporting_category`, `*_utc` times.
    StripeItemized,
    /// A Stripe Dashboard balance export: `id`, `Type`, `Source`, `Amount`,
    /// `Fee`, `Net` in major units, `Created (UTC)`, `Available On (UTC)`, `Transfer`.
    StripeDashboard,
    /// Stripe API balance-transaction objects: minor units, Unix times,
    /// `fee_details`, `exchange_rate`, `source` as an id or an expanded object.
    StripeApi,
    /// Adyen's settlement details report.
    AdyenSettlementDetails,
    /// PayPal's settlement report (STL).
    PaypalSettlement,
    /// PayPal's transaction detail report (TRR).
    PaypalTransactionDetail,
}

impl Layout {
    /// Reads a wire name (`"stripe_itemized"`, `"adyen_settlement_details"`, …).
    pub fn parse(text: &str) -> Result<Layout> {
        serde_json::from_value(Value::String(text.trim().to_string())).map_err(|_| {
            Error::invalid_argument(
                "layout",
                sheet::cut(text),
                "not a report layout: stripe_itemized, stripe_dashboard, stripe_api, adyen_settlement_details, paypal_settlement or paypal_transaction_detail",
            )
        })
    }

    /// The processor whose layout it is.
    pub fn processor(self) -> Processor {
        match self {
            Layout::StripeItemized | Layout::StripeDashboard | Layout::StripeApi => {
                Processor::Stripe
            }
            Layout::AdyenSettlementDetails => Processor::Adyen,
            Layout::PaypalSettlement | Layout::PaypalTransactionDetail => Processor::Paypal,
        }
    }
}

/// How to read a report. Every field has a documented default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportOptions {
    /// Read every file in this layout instead of detecting it from the header.
    #[serde(default)]
    pub layout: Option<Layout>,
    /// The column (or, for Stripe API objects, the metadata key in
    /// `payment_metadata[key]` form) that holds the order id. Defaults:
    /// Stripe `payment_metadata[order_id]` (Dashboard `order_id (metadata)`),
    /// Adyen `Merchant Reference`, PayPal `Invoice ID`.
    #[serde(default)]
    pub merchant_reference: Option<String>,
    /// Stripe API objects listed for one payout (`GET
    /// /v1/balance_transactions?payout=po_…`): the payout they belong to.
    #[serde(default)]
    pub payout: Option<String>,
    /// Adyen: the UTC offset (`+01:00`, `-06:00`) of each merchant account
    /// (`"*"` for every account) whose report has no `TimeZone` column or
    /// writes an ambiguous abbreviation (CST, IST, BST, GST, AST).
    #[serde(default)]
    pub time_zones: BTreeMap<String, String>,
    /// How many threads read a large CSV file (1 to 64; default 1 here,
    /// the machine's cores in the Python, Node and Swift packages, see
    /// [`ReportOptions::or_machine`]). A file of 8 MiB or more is cut at
    /// record boundaries into parts of at least 4 MiB, read side by side
    /// and joined in file order: the result is the one reading it from
    /// start to end gives, for every count.
    #[serde(default)]
    pub threads: Option<usize>,
}

impl ReportOptions {
    /// These options with `threads` defaulted to the `available` cores
    /// (what `std::thread::available_parallelism` reports) when unset: how
    /// the packages read reports unless told otherwise. At most 64; at
    /// least 1.
    pub fn or_machine(mut self, available: Option<std::num::NonZeroUsize>) -> ReportOptions {
        if self.threads.is_none() {
            let n = available.map_or(1, std::num::NonZeroUsize::get);
            self.threads = Some(n.clamp(1, MAX_THREADS));
        }
        self
    }
}

/// Where a report comes from: its bytes (CSV, or JSON for Stripe API
/// objects), records already parsed (an array of objects keyed by column,
/// or Stripe API objects), or a table (an Arrow table, a DataFrame).
#[derive(Debug, Clone, Copy)]
pub enum ReportSource<'a> {
    /// The file's bytes as downloaded.
    Bytes(&'a [u8]),
    /// Records: an array of objects (or Stripe's list object `{"data": […]}`).
    Records(&'a Value),
    /// A table, column by column as its container held it (see
    /// [`ReportTable::from_columns`]).
    Table(&'a ReportTable),
}

/// A file's content as a binding holds it until core reads it (without
/// the interpreter's lock): its bytes, or records already parsed.
#[derive(Debug, Clone)]
pub enum ReportContent {
    /// The file's bytes.
    Bytes(Vec<u8>),
    /// Records (see [`ReportSource::Records`]).
    Records(Value),
    /// A table (see [`ReportSource::Table`]).
    Table(ReportTable),
}

impl ReportContent {
    /// The content as a source to read.
    pub fn source(&self) -> ReportSource<'_> {
        match self {
            ReportContent::Bytes(b) => ReportSource::Bytes(b),
            ReportContent::Records(v) => ReportSource::Records(v),
            ReportContent::Table(t) => ReportSource::Table(t),
        }
    }
}

/// [`read_report`] over files a binding holds: `(name, content)` pairs.
pub fn read_report_files(
    processor: Processor,
    files: &[(String, ReportContent)],
    options: &ReportOptions,
) -> Result<ProcessorReport> {
    let files: Vec<ReportFile<'_>> = files
        .iter()
        .map(|(name, content)| ReportFile {
            name,
            source: content.source(),
        })
        .collect();
    read_report(processor, &files, options)
}

/// One file of a report.
#[derive(Debug, Clone, Copy)]
pub struct ReportFile<'a> {
    /// Its name, shown with every row it gives (`payouts_2026-11.csv`).
    pub name: &'a str,
    /// Its content.
    pub source: ReportSource<'a>,
}

/// A file as it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FileRead {
    /// The file's name.
    pub name: String,
    /// The layout it was read in.
    pub layout: Layout,
    /// Its rows (data rows; headers, preambles and trailers not counted).
    pub rows: u64,
}

/// A row, by file and line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RowAt {
    /// The file.
    pub file: String,
    /// The 1-based line (the record's position for records).
    pub line: u64,
}

/// A row whose type the adapter does not know: reported, not guessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnknownRow {
    /// Where.
    #[serde(flatten)]
    pub at: RowAt,
    /// The type the report gave (cut to 64 characters).
    pub row_type: String,
}

/// A row the adapter could not read, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RejectedRow {
    /// Where.
    #[serde(flatten)]
    pub at: RowAt,
    /// Why.
    pub error: Error,
}

/// A row that is a line already read: the same report (or an overlapping
/// one) given twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DuplicateRow {
    /// Where.
    #[serde(flatten)]
    pub at: RowAt,
    /// The line it repeats.
    pub id: RecordId,
}

/// A row that is no line of its own: it records no movement of money (an
/// authorisation, a pending or denied PayPal transaction), or its money is
/// counted in another line (a Stripe partial-capture reversal, in its
/// charge's). Accounted for, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SkippedRow {
    /// Where.
    #[serde(flatten)]
    pub at: RowAt,
    /// Why it is no line of its own.
    pub reason: String,
}

/// What an adapter made of a report: every row is in exactly one list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProcessorReport {
    /// The processor.
    pub processor: Processor,
    /// Each file with its layout and row count, in reading order (by name).
    pub files: Vec<FileRead>,
    /// Rows read as settlement lines.
    pub lines: Vec<SettlementLine>,
    /// Rows that repeat a line already read.
    pub duplicates: Vec<DuplicateRow>,
    /// Rows of a type the adapter does not know.
    pub unknown: Vec<UnknownRow>,
    /// Rows that could not be read.
    pub rejected: Vec<RejectedRow>,
    /// Rows that are no line of their own: they move no money, or (a
    /// Stripe partial-capture reversal) are counted in another line.
    pub skipped: Vec<SkippedRow>,
}

impl ProcessorReport {
    /// Unknown and rejected rows as the tie-out's unread settlement rows:
    /// `INVALID_ROW` exceptions with the file, line and reason, counted in
    /// the settlements table.
    pub fn unread(&self) -> Vec<UnreadRow> {
        let row = |at: &RowAt, reason: String| UnreadRow {
            kind: RowKind::Settlement,
            order_id: None,
            id: format!("{}:{}", at.file, at.line),
            at: None,
            reason,
        };
        let processor = self.processor.as_str();
        self.unknown
            .iter()
            .map(|u| {
                row(
                    &u.at,
                    format!(
                        "a {processor} report row of type '{}' Seamline does not read",
                        u.row_type
                    ),
                )
            })
            .chain(
                self.rejected
                    .iter()
                    .map(|r| row(&r.at, r.error.to_string())),
            )
            .collect()
    }

    /// Every row, once: lines + duplicates + unknown + rejected + skipped.
    pub fn rows(&self) -> u64 {
        self.files.iter().map(|f| f.rows).sum()
    }
}

impl Input {
    /// Adds a report's lines to the settlements and its unknown and
    /// rejected rows to the unread rows, so they reach the queue.
    pub fn add_report(&mut self, report: &ProcessorReport) {
        self.settlements.extend(report.lines.iter().cloned());
        self.unread.extend(report.unread());
    }
}

/// What one row of a file became.
pub(crate) enum Outcome {
    /// A line, with the content key its id is made from (`None`: its id is
    /// its key, the processor's own id); the occurrence among lines of one
    /// key in the file is added when the file's parts are joined.
    Line(SettlementLine, Option<String>),
    /// A type the adapter does not know.
    Unknown(String),
    /// A row that could not be read.
    Rejected(Error),
    /// A row that moves no money.
    Skipped(String),
    /// A Stripe partial-capture reversal: the uncaptured part of a charge
    /// given back, counted in its charge's line once every file is read.
    CaptureReversal(SettlementLine),
}

/// Where an adapter puts each row of a part of a file as it reads it: every
/// row in one list, each line with what numbering it needs (see
/// [`parts::join`]).
pub(crate) struct Sink<'r> {
    out: PartOut,
    processor: Processor,
    file: &'r str,
}

impl Sink<'_> {
    fn at(&self, line: u64) -> RowAt {
        RowAt {
            file: self.file.to_string(),
            line,
        }
    }

    /// Row `line` became `outcome`.
    pub(crate) fn push(&mut self, line: u64, outcome: Outcome) {
        let out = &mut self.out;
        out.rows = out.rows.saturating_add(1);
        match outcome {
            Outcome::Line(mut settlement, key) => {
                // The first of its key: its id is the key (as an id). A
                // later one is numbered once the whole file is read, from
                // its key: kept only when the id does not spell it (a key
                // too long for an id), so a million keys are not held.
                let (d, key) = match key.filter(|k| k != settlement.id.as_str()) {
                    None => (digest(settlement.id.as_str()), None),
                    Some(k) => match line_id(self.processor, &k, 1) {
                        Ok(id) => {
                            settlement.id = id;
                            let d = digest(&k);
                            (d, (settlement.id.as_str() != k).then_some(k))
                        }
                        Err(error) => {
                            out.occurrences.push((digest(&k), None));
                            let at = self.at(line);
                            self.out.rejected.push(RejectedRow { at, error });
                            return;
                        }
                    },
                };
                out.occurrences.push((d, Some(out.lines.len())));
                out.lines.push(settlement);
                out.keys.push(key);
                out.at.push(line);
            }
            Outcome::Unknown(row_type) => {
                let at = self.at(line);
                let row_type = sheet::cut(&row_type);
                self.out.unknown.push(UnknownRow { at, row_type });
            }
            Outcome::Rejected(error) => {
                let at = self.at(line);
                self.out.rejected.push(RejectedRow { at, error });
            }
            Outcome::Skipped(reason) => {
                let at = self.at(line);
                self.out.skipped.push(SkippedRow { at, reason });
            }
            Outcome::CaptureReversal(settlement) => {
                self.out.reversals.push((line, settlement));
            }
        }
    }

    /// A record at `line` sets the state the rows after it are read in
    /// (PayPal's column header): noted, so a file read in parts can be
    /// checked to have given each part the state in force at its start.
    pub(crate) fn frame(&mut self, line: u64) {
        self.out.frames.push(line);
    }
}

/// Reads a processor's report from one or more files. Fails, before any
/// row is read, when a file's layout cannot be told from its header (the
/// error names the file and the columns each layout needs), a forced
/// layout is another processor's, or an option is malformed; every row
/// problem is reported in the result instead.
///
/// A large CSV file is read on [`ReportOptions::threads`] threads, cut at
/// record boundaries and joined in file order: the result is the same for
/// every thread count.
pub fn read_report(
    processor: Processor,
    files: &[ReportFile<'_>],
    options: &ReportOptions,
) -> Result<ProcessorReport> {
    read_report_in(processor, files, options, parts::MIN_PART)
}

/// [`read_report`] with the smallest part a file is cut into (tests cut
/// small files).
fn read_report_in(
    processor: Processor,
    files: &[ReportFile<'_>],
    options: &ReportOptions,
    min_part: usize,
) -> Result<ProcessorReport> {
    if let Some(layout) = options.layout.filter(|l| l.processor() != processor) {
        return Err(Error::invalid_argument(
            "layout",
            format!("{layout:?}"),
            format!("is not a layout of {}", processor.as_str()),
        ));
    }
    let threads = options.threads.unwrap_or(1);
    if !(1..=MAX_THREADS).contains(&threads) {
        return Err(Error::invalid_argument(
            "threads",
            threads,
            format!("expected 1 to {MAX_THREADS}"),
        ));
    }
    let zones = adyen::zones(&options.time_zones)?;
    // Files are read in an order of their own (name, then content), so the
    // result does not depend on the order they were given in.
    let mut order: Vec<(&ReportFile<'_>, std::borrow::Cow<'_, [u8]>)> = files
        .iter()
        .map(|f| {
            let key = match f.source {
                ReportSource::Bytes(b) => std::borrow::Cow::Borrowed(b),
                ReportSource::Records(v) => {
                    std::borrow::Cow::Owned(serde_json::to_vec(v).unwrap_or_default())
                }
                ReportSource::Table(t) => std::borrow::Cow::Owned(t.content_key()),
            };
            (f, key)
        })
        .collect();
    order.sort_by(|a, b| (a.0.name, &*a.1).cmp(&(b.0.name, &*b.1)));
    let mut out = ProcessorReport {
        processor,
        files: Vec::with_capacity(order.len()),
        lines: Vec::new(),
        duplicates: Vec::new(),
        unknown: Vec::new(),
        rejected: Vec::new(),
        skipped: Vec::new(),
    };
    let mut seen = rustc_hash::FxHashMap::default();
    let mut reversals = Vec::new();
    let across = order.len() > 1;
    let read = |part: &Part<'_>| read_part(processor, options, &zones, part);
    for (file, _) in &order {
        let (layout, mut pieces) = parts::read_file(processor, file, threads, min_part, &read)?;
        let rows = pieces
            .iter()
            .map(|p| p.rows)
            .fold(0u64, u64::saturating_add);
        for piece in &mut pieces {
            reversals.extend(piece.reversals.drain(..).map(|(line, settlement)| {
                let at = RowAt {
                    file: file.name.to_string(),
                    line,
                };
                (at, settlement)
            }));
        }
        parts::join(&mut out, &mut seen, across, file.name, pieces);
        out.files.push(FileRead {
            name: file.name.to_string(),
            layout,
            rows,
        });
    }
    stripe::fold_capture_reversals(&mut out, reversals);
    Ok(out)
}

/// Reads one part of a file with its processor's adapter.
fn read_part(
    processor: Processor,
    options: &ReportOptions,
    zones: &adyen::Zones,
    part: &Part<'_>,
) -> Result<(Layout, PartOut, sheet::Reached)> {
    let mut sink = Sink {
        out: PartOut::for_part(part),
        processor,
        file: part.name,
    };
    let (layout, reached) = match processor {
        Processor::Stripe => stripe::read(part, options, &mut sink)?,
        Processor::Adyen => adyen::read(part, options, zones, &mut sink)?,
        Processor::Paypal => paypal::read(part, options, &mut sink)?,
    };
    Ok((layout, sink.out, reached))
}

/// The most threads one reading uses.
pub const MAX_THREADS: usize = 64;

/// The id of the `n`th line (1-based) of content key `key` in its file:
/// the key itself, `#n` after it from the second on; a key too long for
/// an id is replaced by the processor and its SHA-256 digest.
fn line_id(processor: Processor, key: &str, n: u32) -> Result<RecordId> {
    let numbered;
    let text = if n > 1 {
        numbered = format!("{key}#{n}");
        numbered.as_str()
    } else {
        key
    };
    if let Ok(id) = RecordId::new(text) {
        if id.as_str().len() == text.len() {
            return Ok(id);
        }
    }
    // Too long, or text an id cannot hold: the digest stands for it.
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    RecordId::new(&format!("{}/{hex}", processor.as_str()))
}

/// The key's 64-bit digest, for counting occurrences.
fn digest(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    key.hash(&mut h);
    h.finish()
}

/// A part's JSON, when it is records or its bytes start with `[` or `{`
/// (Stripe API objects); `None` for CSV and tables.
pub(crate) fn json<'a>(
    part: &Part<'a>,
    parsed: &'a mut Option<Value>,
) -> Result<Option<&'a Value>> {
    match part.source {
        ReportSource::Records(v) => Ok(Some(v)),
        ReportSource::Table(_) => Ok(None),
        ReportSource::Bytes(b) => {
            if !sheet::looks_json(b) {
                return Ok(None);
            }
            let value: Value = serde_json::from_slice(sheet::strip_bom(b)).map_err(|e| {
                Error::invalid_argument(
                    sheet::cut(part.name),
                    format!("line {}", e.line()),
                    "the report starts like JSON but is not valid JSON",
                )
            })?;
            Ok(Some(parsed.insert(value)))
        }
    }
}

/// Every record of a part of a file, CSV, flat records or a table alike
/// (see [`sheet`]): first its prelude, then its own; how the reading ended.
pub(crate) fn each_record(
    part: &Part<'_>,
    f: &mut dyn FnMut(sheet::Record<'_>) -> Result<()>,
) -> Result<sheet::Reached> {
    let meta = sheet::Meta::default();
    for (line, cells) in part.prelude {
        f(sheet::Record {
            line: *line,
            cells,
            meta: &meta,
            offset: 0,
        })?;
    }
    let mut parsed = None;
    match json(part, &mut parsed)? {
        Some(v) => sheet::each_object(&sheet::objects(v)?, f).map(|()| sheet::Reached::End),
        None => match part.source {
            ReportSource::Bytes(b) => sheet::each_csv(part.name, b, part.span, f),
            ReportSource::Table(t) => t.each(f).map(|()| sheet::Reached::End),
            ReportSource::Records(_) => Ok(sheet::Reached::End),
        },
    }
}

/// The header-level error: no layout of `processor` fits the file.
pub(crate) fn no_layout(file: &str, processor: Processor, needs: &[(&str, &[&str])]) -> Error {
    let wants: Vec<String> = needs
        .iter()
        .map(|(layout, cols)| format!("{layout}: {}", cols.join(", ")))
        .collect();
    Error::invalid_argument(
        sheet::cut(file),
        "(its header)",
        format!(
            "no {} report layout fits this file's header; each needs these columns — {}",
            processor.as_str(),
            wants.join("; ")
        ),
    )
}

#[cfg(test)]
mod tests;
