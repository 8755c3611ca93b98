//! The daily tie-out for JS: camelCase records in, a `Reconciliation` out
//! with amounts as decimal strings. A record that cannot be read is an
//! `INVALID_ROW` exception of the tie-out, never a throw that loses the rest.

use crate::convert::{self, parse};
use crate::error::{IntoJs, Result};
use crate::keys::out;
use crate::off_loop::{self, promise, work, Promise};
use crate::table::{JsTable, PendingTable};
use napi::bindgen_prelude::{Buffer, JsObjectValue, Object, Uint8Array, Unknown};
use napi::{Env, JsValue};
use napi_derive::napi;
use seamline::input::Lite;
use seamline::reconciliation::{self as core, Acceptance, Config, QueueItem, RecordReader};
use serde_json::Value;

/// The largest integer a JS number holds exactly (2^53 − 1): a larger
/// integer literal in a record was already rounded.
const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

/// Table `key` of `input`, unless it is absent, `undefined` or `null`.
fn table_value<'env>(input: &Object<'env>, key: &str) -> Option<Unknown<'env>> {
    let v = input.get_named_property::<Unknown>(key).ok()?;
    (!convert::is_absent(&v)).then_some(v)
}

/// The tables of a `reconcileColumns` input, placed by core's table names
/// (one word each: the same in camelCase). Every key besides the call's
/// options must be a table, so a misspelt one (`payment`) is refused by
/// core's rule, not left out; a table given as `null` or `undefined` is
/// not given.
fn given_tables<'env>(input: &Object<'env>) -> Result<Vec<Option<Unknown<'env>>>> {
    core::tables_by_name(named_tables(input)?, "input", true).js()
}

/// The tables of a `reconcile` input, placed by core's names for the record
/// form (`orders`, `settlements`, `movements`): a misspelt key, or a
/// payments table the record form nests in its orders, is refused, not left out.
fn given_record_tables<'env>(input: &Object<'env>) -> Result<Vec<Option<Unknown<'env>>>> {
    core::record_tables_by_name(named_tables(input)?, "input").js()
}

/// Every key of `input` besides the call's options, with its value, unless
/// that is `null` or `undefined`.
fn named_tables<'env>(input: &Object<'env>) -> Result<Vec<(String, Unknown<'env>)>> {
    const OPTIONS: [&str; 3] = ["config", "threads", "reports"];
    let failed = |e: napi::Error| crate::error::napi_failure("input", e);
    let names = input.get_property_names().map_err(failed)?;
    let mut given = Vec::new();
    for i in 0..names.get_array_length().map_err(failed)? {
        let name: String = names.get_element(i).map_err(failed)?;
        if OPTIONS.contains(&name.as_str()) {
            continue;
        }
        if let Some(table) = table_value(input, &name) {
            given.push((name, table));
        }
    }
    Ok(given)
}

/// Streams the records of table `key` (orders, settlements or movements),
/// `value`, into `reader`, a chunk of JSON text at a time.
fn read_table(env: &Env, value: Unknown<'_>, key: &str, reader: &mut RecordReader) -> Result<()> {
    convert::json_chunks(env, value, key, false, |start, text| {
        read_text(key, start, text, reader)
    })
    .js()
}

/// [`read_table`]'s chunks of JSON text, kept to be read on a worker.
fn table_texts(
    env: &Env,
    value: Unknown<'_>,
    key: &'static str,
    texts: &mut Vec<(&'static str, usize, String)>,
) -> Result<()> {
    convert::json_chunks(env, value, key, false, |start, text| {
        texts.push((key, start, text.to_string()));
        Ok(())
    })
    .js()
}

/// One chunk of table `key`, its first record at `start`, into `reader`:
/// each record parsed into a tree borrowed from its text; one that does
/// not parse, or holds an integer past JavaScript's safe range, comes with
/// its error (core reads it as unread).
fn read_text(
    key: &str,
    start: usize,
    text: &str,
    reader: &mut RecordReader,
) -> std::result::Result<(), seamline::Error> {
    let records: Vec<&serde_json::value::RawValue> = serde_json::from_str(text)
        .map_err(|e| seamline::Error::invalid_argument(key, "the records", e.to_string()))?;
    for (k, record) in records.into_iter().enumerate() {
        // Named only when it does not read: no text built per record.
        let path = || format!("{key}[{}]", start + k);
        let lite = Lite::parse(record.get(), &path).and_then(|lite| {
            lite.check_integers(MAX_SAFE_INTEGER, &path)?;
            Ok(lite)
        });
        let lite = lite.as_ref().map_err(Clone::clone);
        match key {
            "orders" => reader.order(lite),
            "settlements" => reader.settlement(lite),
            _ => reader.movement(lite),
        }
    }
    Ok(())
}

/// The input's `config`, in core's form.
fn config(env: &Env, input: &Object<'_>) -> Result<Config> {
    let config = convert::property(input, "config", "config")?;
    parse(
        convert::record::<Config>(env, &config, "config").js()?,
        "config",
    )
    .js()
}

/// `input.reports`: reports `readReport` returned, read back by core (keys
/// in either spelling), so their lines and unread rows join the tie-out.
fn reports(env: &Env, input: &Object<'_>) -> Result<Vec<core::ProcessorReport>> {
    let value = convert::property(input, "reports", "reports")?;
    if convert::is_absent(&value) {
        return Ok(Vec::new());
    }
    convert::json_array(env, value, "reports", true)
        .js()?
        .into_iter()
        .enumerate()
        .map(|(i, v)| seamline::input::from_value(v, &format!("reports[{i}]")).js())
        .collect()
}

/// The day read, with the lines of the reports `readReport` returned, tied out.
fn tie_out(
    mut input: core::Input,
    reports: &[core::ProcessorReport],
    config: &Config,
    threads: usize,
) -> std::result::Result<JsReconciliation, seamline::Error> {
    for report in reports {
        input.add_report(report);
    }
    Ok(JsReconciliation(core::reconcile_on(
        &input, config, threads,
    )?))
}

/// The tie-out of a day: `{ orders, settlements, movements, reports, config }`, each
/// order with its payments, fulfilments, returns and refunds. Record keys
/// may be camelCase or snake_case (core reads either).
#[seamline_guard::guard]
#[napi(
    ts_args_type = "input: import('./reconciliation').ReconcileInput",
    ts_return_type = "Reconciliation"
)]
pub fn reconcile(env: Env, input: Unknown) -> Result<JsReconciliation> {
    let obj: Object = convert::object(&input, "input")?;
    let config = config(&env, &obj)?;
    let mut reader = RecordReader::with_capacity(0, 0, 0, config.extra_columns);
    for (table, schema) in given_record_tables(&obj)?
        .into_iter()
        .zip(core::RECORD_TABLES)
    {
        if let Some(value) = table {
            read_table(&env, value, schema.name, &mut reader)?;
        }
    }
    tie_out(
        reader.finish(),
        &reports(&env, &obj)?,
        &config,
        threads(&obj)?,
    )
    .js()
}

/// The tie-out from tables: `{ orders, payments?, fulfilments?, returns?,
/// refunds?, settlements?, movements?, config }`, each table Arrow IPC
/// bytes (what `apache-arrow`'s `tableToIPC` writes: read in place, no JS
/// value per cell) or an object of equal-length arrays. Child tables name
/// their order in an `order_id` (or `orderId`) column. Every header is
/// checked before any row is read.
#[seamline_guard::guard]
#[napi(
    ts_args_type = "input: import('./reconciliation').ReconcileColumnsInput",
    ts_return_type = "Reconciliation"
)]
pub fn reconcile_columns(env: Env, input: Unknown) -> Result<JsReconciliation> {
    let obj: Object = convert::object(&input, "input")?;
    let config = config(&env, &obj)?;
    let mut tables = Vec::with_capacity(core::TABLES.len());
    for (table, schema) in given_tables(&obj)?.iter().zip(core::TABLES) {
        tables.push(match table {
            Some(v) => Some(JsTable::read(&env, v, schema.name).js()?),
            None => None,
        });
    }
    let tables = core::ColumnTables::in_order(&tables);
    let threads = threads(&obj)?;
    let input = core::read_columns_on(&tables, config.extra_columns, threads).js()?;
    tie_out(input, &reports(&env, &obj)?, &config, threads).js()
}

/// `input.threads`: how many threads read the tables and tie out, by
/// core's rule (default: every core the process may run on; the result is
/// the same whatever the count).
fn threads(input: &Object<'_>) -> Result<usize> {
    let value = convert::property(input, "threads", "threads")?;
    let requested = if convert::is_absent(&value) {
        None
    } else {
        Some(usize::try_from(convert::count(&value, "threads")?).unwrap_or(usize::MAX))
    };
    core::thread_count(requested, std::thread::available_parallelism().ok()).js()
}

/// `reconcile` off the event loop: the records are turned into JSON text on
/// the loop (only there can JS values be read; V8's `JSON.stringify` is
/// quick) and read, tied out and queued on a worker — the same reading as
/// `reconcile`, so the same rows give the same result.
#[seamline_guard::guard]
#[napi(
    ts_args_type = "input: import('./reconciliation').ReconcileInput, signal?: AbortSignal",
    ts_return_type = "Promise<Reconciliation>"
)]
pub fn reconcile_async(
    env: Env,
    input: Unknown,
    signal: Option<Unknown>,
) -> Promise<JsReconciliation> {
    let prepared = (|| {
        let obj: Object = convert::object(&input, "input")?;
        let config = config(&env, &obj)?;
        let mut texts = Vec::new();
        for (table, schema) in given_record_tables(&obj)?
            .into_iter()
            .zip(core::RECORD_TABLES)
        {
            if let Some(value) = table {
                table_texts(&env, value, schema.name, &mut texts)?;
            }
        }
        let reports = reports(&env, &obj)?;
        let threads = threads(&obj)?;
        Ok(work(move |aborted| {
            let mut reader = RecordReader::with_capacity(0, 0, 0, config.extra_columns);
            for (key, start, text) in &texts {
                read_text(key, *start, text, &mut reader).js()?;
            }
            drop(texts);
            aborted.check()?;
            tie_out(reader.finish(), &reports, &config, threads).js()
        }))
    })();
    promise(prepared, off_loop::native, signal)
}

/// `reconcileColumns` off the event loop: Arrow tables are decoded and
/// every table read, tied out and queued on a worker. Leave the bytes
/// unchanged until the Promise settles.
#[seamline_guard::guard]
#[napi(
    ts_args_type = "input: import('./reconciliation').ReconcileColumnsInput, signal?: AbortSignal",
    ts_return_type = "Promise<Reconciliation>"
)]
pub fn reconcile_columns_async(
    env: Env,
    input: Unknown,
    signal: Option<Unknown>,
) -> Promise<JsReconciliation> {
    let prepared = (|| {
        let obj: Object = convert::object(&input, "input")?;
        let config = config(&env, &obj)?;
        let mut pending = Vec::with_capacity(core::TABLES.len());
        for (table, schema) in given_tables(&obj)?.iter().zip(core::TABLES) {
            pending.push(match table {
                Some(v) => Some(PendingTable::take(&env, v, schema.name).js()?),
                None => None,
            });
        }
        let reports = reports(&env, &obj)?;
        let threads = threads(&obj)?;
        Ok(work(move |aborted| {
            let tables = pending
                .into_iter()
                .map(|t| t.map(PendingTable::open).transpose())
                .collect::<std::result::Result<Vec<_>, _>>()
                .js()?;
            let tables = core::ColumnTables::in_order(&tables);
            let input = core::read_columns_on(&tables, config.extra_columns, threads).js()?;
            aborted.check()?;
            tie_out(input, &reports, &config, threads).js()
        }))
    })();
    promise(prepared, off_loop::native, signal)
}

/// A file's content: a `Buffer`/`Uint8Array` or a string as downloaded,
/// Arrow IPC bytes of a table (`apache-arrow`'s `tableToIPC`, DuckDB or
/// polars output; its cells turned into report text by core), or an array
/// of row objects (keys are the report's own column names, never renamed).
fn content(env: &Env, value: Unknown<'_>, field: &str) -> Result<core::ReportContent> {
    if value.is_typedarray().unwrap_or(false) || value.is_buffer().unwrap_or(false) {
        // SAFETY: checked to be a typed array (a Buffer is a Uint8Array).
        let bytes = unsafe { value.cast::<Uint8Array>() }
            .map_err(|e| seamline::Error::invalid_type(field, "bytes (a Uint8Array)", e.reason))
            .js()?;
        if seamline_arrow::ArrowColumns::is_ipc(&bytes) {
            let table = seamline_arrow::ArrowColumns::from_ipc(&bytes, field)
                .and_then(|t| core::ReportTable::from_columns(&t))
                .js()?;
            return Ok(core::ReportContent::Table(table));
        }
        return Ok(core::ReportContent::Bytes(bytes.to_vec()));
    }
    if value.get_type().ok() == Some(napi::ValueType::String) {
        return Ok(core::ReportContent::Bytes(
            convert::string(&value, field)?.into_bytes(),
        ));
    }
    Ok(core::ReportContent::Records(Value::Array(
        convert::json_array(env, value, field, false).js()?,
    )))
}

/// A processor's report read into settlement lines: `files` is an array of
/// `{ name, content }` (content: a Buffer or a string as downloaded, Arrow
/// IPC bytes of a table, or row objects);
/// `options` `{ layout?, merchantReference?, payout?, timeZones?, threads? }`.
/// Returns `{ processor, files, lines, duplicates, unknown, rejected, skipped }`.
#[seamline_guard::guard]
#[napi(
    ts_args_type = "processor: 'stripe' | 'adyen' | 'paypal', files: Array<{ name: string; content: Uint8Array | string | Array<Record<string, unknown>> }>, options?: import('./reconciliation').ReportOptions",
    ts_return_type = "import('./reconciliation').ProcessorReport"
)]
pub fn read_report(
    env: Env,
    processor: String,
    files: Unknown,
    options: Option<Unknown>,
) -> Result<Value> {
    let processor = core::Processor::parse(&processor).js()?;
    // Options are core's `ReportOptions`: its names, defaults and refusal
    // of unknown keys; `timeZones` is keyed by merchant account (data).
    let opts: core::ReportOptions = match options.filter(|o| !convert::is_absent(o)) {
        Some(o) => parse(
            convert::record::<core::ReportOptions>(&env, &o, "options").js()?,
            "options",
        )
        .js()?,
        None => core::ReportOptions::default(),
    }
    .or_machine(std::thread::available_parallelism().ok());
    let list = convert::object(&files, "files")?;
    let n = list
        .get_array_length()
        .map_err(|e| seamline::Error::invalid_type("files", "an array", e.reason))
        .js()?;
    let mut held = Vec::with_capacity(n as usize);
    for i in 0..n {
        let field = format!("files[{i}]");
        let item: Unknown = list
            .get_element(i)
            .map_err(|e| {
                seamline::Error::invalid_type(field.clone(), "{ name, content }", e.reason)
            })
            .js()?;
        let item = convert::object(&item, &field)?;
        let name = convert::string(
            &convert::property(&item, "name", &field)?,
            &format!("{field}.name"),
        )?;
        let content = content(
            &env,
            convert::property(&item, "content", &field)?,
            &format!("{field}.content"),
        )?;
        held.push((name, content));
    }
    Ok(out(&core::read_report_files(processor, &held, &opts).js()?))
}

/// A report's settlement lines (a `readReport` result, read back by core)
/// as Arrow IPC stream bytes with the settlements table's columns: exact
/// decimal amounts, a UTC `settled_at`. `tableFromIPC` in `apache-arrow`
/// reads them; `reconcileColumns({ settlements })` takes them as they are.
#[seamline_guard::guard]
#[napi(
    ts_args_type = "report: import('./reconciliation').ProcessorReport",
    ts_return_type = "Buffer"
)]
pub fn report_lines_arrow(env: Env, report: Unknown) -> Result<Buffer> {
    let value = convert::record::<core::ProcessorReport>(&env, &report, "report").js()?;
    let report: core::ProcessorReport = seamline::input::from_value(value, "report").js()?;
    seamline_arrow::settlement_lines_ipc(&report.lines)
        .map(Into::into)
        .js()
}

/// What one tie-out found.
#[napi(js_name = "Reconciliation")]
pub struct JsReconciliation(core::Report);

#[seamline_guard::guard]
#[napi]
impl JsReconciliation {
    /// The instant it was run as of (RFC 3339).
    #[napi(getter)]
    pub fn as_of(&self) -> String {
        self.0.as_of.to_rfc3339()
    }

    /// The exception queue, most urgent first.
    #[napi(ts_return_type = "import('./reconciliation').Exception[]")]
    pub fn exceptions<'env>(&self, env: &'env Env) -> napi::Result<Unknown<'env>> {
        convert::json_out(env, &self.0.exceptions)
    }

    /// Rows inside their window.
    #[napi(ts_return_type = "import('./reconciliation').Pending[]")]
    pub fn pending<'env>(&self, env: &'env Env) -> napi::Result<Unknown<'env>> {
        convert::json_out(env, &self.0.pending)
    }

    /// Money per currency, exact to the cent (decimal strings).
    #[napi(ts_return_type = "import('./reconciliation').CurrencySummary[]")]
    pub fn summary(&self) -> Value {
        out(&self.0.summary)
    }

    /// Where every row landed, per table.
    #[napi(ts_return_type = "import('./reconciliation').RowCounts")]
    pub fn rows(&self) -> Value {
        out(&self.0.rows)
    }

    /// How many matches (cheap; `matches()` builds them).
    #[napi(getter)]
    pub fn match_count(&self) -> u32 {
        self.0.matches.len() as u32
    }

    /// What was matched, at most `limit` of them.
    #[napi(ts_return_type = "import('./reconciliation').Match[]")]
    pub fn matches<'env>(&self, env: &'env Env, limit: Option<u32>) -> napi::Result<Unknown<'env>> {
        let limit = limit.map_or(usize::MAX, |l| l as usize);
        let items: Vec<_> = self.0.matches.iter().take(limit).collect();
        convert::json_out(env, &items)
    }

    /// The exception queue as Arrow IPC stream bytes (`tableFromIPC` in
    /// `apache-arrow`): exact decimal amounts, a UTC `since`, one list
    /// column per kind of record referenced.
    #[napi]
    pub fn exceptions_arrow(&self) -> Result<Buffer> {
        seamline_arrow::exceptions_ipc(&self.0).map(Into::into).js()
    }

    /// What is pending as Arrow IPC stream bytes, soonest due first.
    #[napi]
    pub fn pending_arrow(&self) -> Result<Buffer> {
        seamline_arrow::pending_ipc(&self.0).map(Into::into).js()
    }

    /// What was matched as Arrow IPC stream bytes, in the report's order:
    /// `kind`, and one list column per kind of record in the match.
    #[napi]
    pub fn matches_arrow(&self) -> Result<Buffer> {
        seamline_arrow::matches_ipc(&self.0).map(Into::into).js()
    }

    /// The summary as Arrow IPC stream bytes, a row per currency: counts,
    /// every amount as an exact decimal, `<identity>_ok` per identity.
    #[napi]
    pub fn summary_arrow(&self) -> Result<Buffer> {
        seamline_arrow::summary_ipc(&self.0).map(Into::into).js()
    }

    /// The reconciliation as tagged JSON bytes, to save (a file, a cache,
    /// another worker) and read back with `Reconciliation.fromJson`.
    #[napi]
    pub fn to_json(&self) -> Buffer {
        self.0.to_json().into()
    }

    /// A reconciliation `toJson()` saved; anything else throws `INVALID_SNAPSHOT`.
    #[napi(factory)]
    pub fn from_json(data: Buffer) -> Result<Self> {
        core::Report::from_json(&data).map(JsReconciliation).js()
    }

    /// The exception queue as CSV (header row first, most urgent first).
    #[napi]
    pub fn exceptions_csv(&self) -> String {
        core::exceptions_csv(&self.0)
    }

    /// What is pending as CSV (header row first, soonest due first).
    #[napi]
    pub fn pending_csv(&self) -> String {
        core::pending_csv(&self.0)
    }

    /// A plain-text summary to read before the queue.
    #[napi]
    pub fn summary_text(&self) -> String {
        core::summary_text(&self.0)
    }

    /// The tie-out as one self-contained HTML page: what is broken first,
    /// the most urgent exceptions with their evidence, charts, the books.
    #[napi]
    pub fn report_html(&self, title: Option<String>) -> String {
        core::report_html(&self.0, title.as_deref().unwrap_or("Seamline"))
    }

    /// Today's queue from yesterday's (as this returned it) and acceptances
    /// made since: new, persisting, resolved, accepted or reopened.
    #[napi(
        ts_args_type = "previous?: import('./reconciliation').QueueItem[], accepted?: import('./reconciliation').Acceptance[]",
        ts_return_type = "import('./reconciliation').QueueItem[]"
    )]
    pub fn queue(
        &self,
        env: Env,
        previous: Option<Unknown>,
        accepted: Option<Unknown>,
    ) -> Result<Value> {
        let read = |v: Option<Unknown>, field: &str| -> Result<Value> {
            Ok(match v {
                Some(v) => Value::Array(convert::json_array(&env, v, field, true).js()?),
                None => Value::Array(Vec::new()),
            })
        };
        let previous: Vec<QueueItem> = parse(read(previous, "previous")?, "previous").js()?;
        let accepted: Vec<Acceptance> = parse(read(accepted, "accepted")?, "accepted").js()?;
        Ok(out(&core::update_queue(&previous, &self.0, &accepted).js()?))
    }
}
