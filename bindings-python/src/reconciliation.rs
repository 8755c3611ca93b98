//! The daily tie-out for Python: records (dicts) or columns (dicts of
//! lists, pandas DataFrames, Arrow tables) in, a `Reconciliation` out with
//! amounts as `decimal.Decimal`. A row that cannot be read is an
//! `INVALID_ROW` exception of the tie-out, never an exception that loses the rest.

use crate::convert;
use crate::error::IntoPy;
use crate::table::PyColumns;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyListMethods, PyString};
use seamline::reconciliation::{self as core, Config};
use seamline::Error;
use serde_json::Value;

/// A tie-out value as Python objects: amounts `Decimal`, as core's schema types them.
fn out<'py, T>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>>
where
    T: serde::Serialize + seamline::wire_types::JsonSchema + Sync + ?Sized,
{
    crate::typed::typed(py, value)
}

fn config(obj: &Bound<'_, PyAny>) -> Result<Config, Error> {
    convert::parse(obj, "config")
}

/// Each record of a sequence in core's JSON form; one that does not even
/// convert (nested too deep) keeps its error, and core reads it as unread.
fn rows(obj: Option<&Bound<'_, PyAny>>, table: &str) -> PyResult<Vec<Result<Value, Error>>> {
    let Some(obj) = obj else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (i, row) in obj.try_iter()?.enumerate() {
        out.push(convert::record_json(&row?, &format!("{table}[{i}]")));
    }
    Ok(out)
}

/// The tie-out of a day: orders (with their payments, fulfilments, returns
/// and refunds), settlement lines and stock movements as dicts.
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (*, orders = None, settlements = None, movements = None, reports = None, config))]
pub fn reconcile(
    py: Python<'_>,
    orders: Option<&Bound<'_, PyAny>>,
    settlements: Option<&Bound<'_, PyAny>>,
    movements: Option<&Bound<'_, PyAny>>,
    reports: Option<&Bound<'_, PyAny>>,
    config: &Bound<'_, PyAny>,
) -> PyResult<PyReconciliation> {
    let config = self::config(config).py()?;
    let (o, s, m) = (
        rows(orders, "orders")?,
        rows(settlements, "settlements")?,
        rows(movements, "movements")?,
    );
    let mut extra = core::Input::default();
    add_reports(&mut extra, reports)?;
    py.detach(|| {
        let mut input = core::read_records(&o, &s, &m, config.extra_columns);
        input.settlements.append(&mut extra.settlements);
        input.unread.append(&mut extra.unread);
        core::reconcile(&input, &config).map(PyReconciliation)
    })
    .py()
}

/// A table given to the call, as columns.
fn read<'py>(table: Option<&Bound<'py, PyAny>>, name: &str) -> PyResult<Option<PyColumns<'py>>> {
    table.map(|t| PyColumns::read(t, name)?.py()).transpose()
}

/// The tie-out from columns: each table, named by keyword as core declares
/// it (`orders`, required, `payments`, `fulfilments`, `returns`, `refunds`,
/// `settlements`, `movements`), a dict of equal-length lists, or anything
/// that exports Arrow (a pyarrow Table, a pandas or polars DataFrame: read
/// from its buffers, no Python object per cell), child tables naming their
/// order in an `order_id` column. A keyword that is no table is refused.
/// Core reads every header before any row, then the rows, in one call; it
/// reads and ties out on `threads` threads (default: every core; the same result).
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (*, config, reports = None, threads = None, **tables))]
pub fn reconcile_columns(
    py: Python<'_>,
    config: &Bound<'_, PyAny>,
    reports: Option<&Bound<'_, PyAny>>,
    threads: Option<usize>,
    tables: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyReconciliation> {
    let _pause = convert::GcPause::new(py);
    let config = self::config(config).py()?;
    let threads = thread_count(threads)?;
    let mut input = read_tables(py, tables, true, &config, threads)?;
    add_reports(&mut input, reports)?;
    py.detach(|| core::reconcile_on(&input, &config, threads).map(PyReconciliation))
        .py()
}

/// The tie-out over CSV files, as `seamline tieout` runs it: `files` maps
/// each table's name to its file (`orders` required). The files are read by
/// Rust, each row streamed into core's reader as it is parsed (no column
/// copy, no Python object per cell), without the GIL and on `threads`
/// threads; every cell is text, as the command's readers give it. A file
/// that cannot be read, is not UTF-8 or has a ragged row is an error naming
/// the file and line, before anything is tied out.
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (*, files, reports = None, config, threads = None))]
pub fn reconcile_csv(
    py: Python<'_>,
    files: &Bound<'_, PyAny>,
    reports: Option<&Bound<'_, PyAny>>,
    config: &Bound<'_, PyAny>,
    threads: Option<usize>,
) -> PyResult<PyReconciliation> {
    let config = self::config(config).py()?;
    let threads = thread_count(threads)?;
    let files = files
        .cast::<PyDict>()
        .map_err(|_| {
            Error::invalid_type(
                "files",
                "a dict of table name to path",
                files.get_type().to_string(),
            )
        })
        .py()?;
    let mut named: Vec<(String, std::path::PathBuf)> = Vec::with_capacity(files.len());
    for (name, path) in files.iter() {
        let name = name.to_string();
        let path = path
            .extract()
            .map_err(|_| {
                let at = format!("files.{}", seamline::input::shown(&name, false));
                Error::invalid_type(at, "a path", "another type")
            })
            .py()?;
        named.push((name, path));
    }
    let mut input = py
        .detach(|| seamline_files::read_day(&named, config.extra_columns, threads))
        .py()?;
    add_reports(&mut input, reports)?;
    py.detach(|| core::reconcile_on(&input, &config, threads).map(PyReconciliation))
        .py()
}

/// The tables given by keyword as core's input, placed by core's table
/// names. Tables that are Arrow throughout (pyarrow, polars, pandas with
/// Arrow types) are read without the GIL, on `threads` threads; cells that
/// are Python objects are read holding it, on this one.
fn read_tables(
    py: Python<'_>,
    tables: Option<&Bound<'_, PyDict>>,
    orders_required: bool,
    config: &Config,
    threads: usize,
) -> PyResult<core::Input> {
    // `payments=None` is a table not given.
    let given = convert::given(py, tables)?;
    let named = given.iter().map(|(name, table)| (name.to_string(), table));
    let placed = core::tables_by_name(named, "tables", orders_required).py()?;
    let mut read_ = Vec::with_capacity(placed.len());
    for (table, schema) in placed.iter().zip(core::TABLES) {
        read_.push(read(table.as_ref(), schema.name)?);
    }
    if read_.iter().flatten().all(PyColumns::is_arrow) {
        // Every given table is Arrow: none becomes `None` here.
        let arrow: Vec<_> = read_
            .into_iter()
            .map(|t| t.and_then(PyColumns::into_arrow))
            .collect();
        let tables = core::ColumnTables::in_order(&arrow);
        return py
            .detach(|| core::read_columns_on(&tables, config.extra_columns, threads))
            .py();
    }
    core::read_columns(&core::ColumnTables::in_order(&read_), config.extra_columns).py()
}

/// The threads a call may use, by core's rule: `threads` if given (at
/// least one), else every core the process may run on.
fn thread_count(threads: Option<usize>) -> PyResult<usize> {
    core::thread_count(threads, std::thread::available_parallelism().ok()).py()
}

/// Step 1 of a partitioned run (docs/partitioned-run.md): the keys this
/// partition's rows join on, as 64-bit hashes (ints). Collect them from every partition; those
/// listed by more than one are the `shared` keys of step 2.
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (*, config, **tables))]
pub fn partition_keys(
    py: Python<'_>,
    config: &Bound<'_, PyAny>,
    tables: Option<&Bound<'_, PyDict>>,
) -> PyResult<Vec<u64>> {
    let _pause = convert::GcPause::new(py);
    let config = self::config(config).py()?;
    let input = read_tables(py, tables, false, &config, thread_count(None)?)?;
    Ok(py.detach(|| core::partition_keys(&input, &config)))
}

/// Step 2 of a partitioned run: this partition's tie-out, given the keys
/// step 1 found shared, as bytes to send to the merge (`merge_parts`).
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (*, config, shared, **tables))]
pub fn reconcile_part<'py>(
    py: Python<'py>,
    config: &Bound<'py, PyAny>,
    shared: &Bound<'py, PyAny>,
    tables: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
    let _pause = convert::GcPause::new(py);
    let config = self::config(config).py()?;
    let mut keys = Vec::new();
    for k in shared.try_iter()? {
        let k = k?;
        let key = k.extract::<u64>().map_err(|_| {
            Error::invalid_type(
                "shared",
                "keys as partition_keys returns them (int, 0 to 2^64 - 1)",
                k.get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            )
        });
        keys.push(key.py()?);
    }
    let input = read_tables(py, tables, false, &config, thread_count(None)?)?;
    let bytes = py
        .detach(|| core::reconcile_part(&input, &config, &keys).map(|p| p.to_json()))
        .py()?;
    Ok(pyo3::types::PyBytes::new(py, &bytes))
}

/// Step 3 of a partitioned run: the day's `Reconciliation` from every
/// partition's `reconcile_part` bytes, in any order — equal to one
/// `reconcile_columns` over all the rows, byte for byte. Processor
/// `reports` read on the driver are tied out here, as `reconcile_columns`
/// takes them.
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (parts, *, config, reports = None))]
pub fn merge_parts(
    py: Python<'_>,
    parts: &Bound<'_, PyAny>,
    config: &Bound<'_, PyAny>,
    reports: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyReconciliation> {
    let config = self::config(config).py()?;
    let mut read = core::Input::default();
    add_reports(&mut read, reports)?;
    let mut read_ = Vec::new();
    for (i, p) in parts.try_iter()?.enumerate() {
        let p = p?;
        let bytes = p.cast::<pyo3::types::PyBytes>().map_err(|_| {
            Error::invalid_type(
                format!("parts[{i}]"),
                "bytes from reconcile_part",
                p.get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            )
        });
        let bytes = bytes.py()?.as_bytes().to_vec();
        read_.push(bytes);
    }
    py.detach(|| {
        let mut parts = read_
            .iter()
            .map(|b| core::Part::from_json(b))
            .collect::<Result<Vec<_>, Error>>()?;
        parts.push(core::Part::unpartitioned(read));
        core::merge_parts(&parts, &config).map(PyReconciliation)
    })
    .py()
}

/// One file's content: bytes or text as downloaded, records (a list of
/// dicts, `csv.DictReader` output, Stripe API objects or their list
/// object), or a table (a pyarrow table, a pandas or polars DataFrame,
/// anything with `__arrow_c_stream__`), read column by column through the
/// same cell access as `reconcile_columns`; core turns its cells into
/// report text.
fn report_content(name: &str, obj: &Bound<'_, PyAny>) -> Result<core::ReportContent, Error> {
    if let Ok(b) = obj.cast::<pyo3::types::PyBytes>() {
        return Ok(core::ReportContent::Bytes(b.as_bytes().to_vec()));
    }
    if let Ok(b) = obj.cast::<pyo3::types::PyByteArray>() {
        return Ok(core::ReportContent::Bytes(b.to_vec()));
    }
    if let Ok(t) = obj.cast::<PyString>() {
        let text = t
            .to_str()
            .map_err(|_| Error::invalid_argument(name, "(text)", "not valid Unicode text"))?;
        return Ok(core::ReportContent::Bytes(text.as_bytes().to_vec()));
    }
    // A table hands over Arrow or names its columns; anything else is records.
    let table = ["__arrow_c_stream__", "columns"]
        .iter()
        .any(|a| obj.hasattr(*a).unwrap_or(false));
    if !table {
        return Ok(core::ReportContent::Records(convert::json(
            &dict_reader_rows(obj)?,
            name,
        )?));
    }
    // The producer's own message, bounded (it may quote a cell).
    let columns = PyColumns::read(obj, name).map_err(|e| {
        let why = seamline::input::shown(&e.to_string(), false);
        Error::invalid_argument(name, "(a table)", format!("could not be read: {why}"))
    })??;
    core::ReportTable::from_columns(&columns).map(core::ReportContent::Table)
}

/// `csv.DictReader` keeps cells beyond the header under the key `None`;
/// core reads them under the empty name (see `seamline::reconciliation`'s
/// report reading), so rows are handed over as the reader gave them.
fn dict_reader_rows<'py>(records: &Bound<'py, PyAny>) -> Result<Bound<'py, PyAny>, Error> {
    let Ok(list) = records.cast::<PyList>() else {
        return Ok(records.clone());
    };
    let py = records.py();
    let none = py.None();
    let mut copy: Option<Bound<'py, PyList>> = None;
    for (i, row) in list.iter().enumerate() {
        let Ok(dict) = row.cast::<PyDict>() else {
            continue;
        };
        if !dict.contains(&none).unwrap_or(false) {
            continue;
        }
        let fixed = dict
            .copy()
            .map_err(|e| Error::invalid_argument("rows", i, e.to_string()))?;
        let extra = fixed
            .get_item(&none)
            .ok()
            .flatten()
            .unwrap_or_else(|| none.bind(py).clone());
        let set = fixed
            .del_item(&none)
            .and_then(|()| fixed.set_item("", extra));
        set.map_err(|e| Error::invalid_argument("rows", i, e.to_string()))?;
        let target = match &copy {
            Some(c) => c.clone(),
            None => {
                let c = PyList::new(py, list.iter())
                    .map_err(|e| Error::invalid_argument("rows", i, e.to_string()))?;
                copy = Some(c.clone());
                c
            }
        };
        target
            .set_item(i, fixed)
            .map_err(|e| Error::invalid_argument("rows", i, e.to_string()))?;
    }
    Ok(copy.map_or_else(|| records.clone(), |c| c.into_any()))
}

/// A processor's report read into settlement lines: bytes, text, records
/// or data frames in; a `ProcessorReport` out, every row accounted for. The
/// keyword options are core's `ReportOptions` (`layout`, `merchant_reference`,
/// `payout`, `time_zones`, `threads`), read by core: its names, defaults and
/// refusal of an unknown one.
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (processor, files, **options))]
pub fn read_report(
    py: Python<'_>,
    processor: &str,
    files: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyProcessorReport> {
    let processor = core::Processor::parse(processor).py()?;
    let options: core::ReportOptions = convert::keywords(py, &[], options, "options")?;
    let options = options.or_machine(std::thread::available_parallelism().ok());
    // `{name: content}` or `[(name, content), ...]`.
    let pairs: Vec<(String, Bound<'_, PyAny>)> = match files.cast::<PyDict>() {
        Ok(d) => d
            .iter()
            .map(|(k, v)| Ok((k.extract::<String>()?, v)))
            .collect::<PyResult<_>>()?,
        Err(_) => files
            .try_iter()?
            .map(|item| item?.extract::<(String, Bound<'_, PyAny>)>())
            .collect::<PyResult<_>>()?,
    };
    let mut held = Vec::with_capacity(pairs.len());
    for (name, obj) in &pairs {
        held.push((name.clone(), report_content(name, obj).py()?));
    }
    py.detach(|| core::read_report_files(processor, &held, &options).map(PyProcessorReport))
        .py()
}

/// A processor's report: its lines and an account of every other row.
#[pyclass(name = "ProcessorReport", module = "seamline", frozen)]
pub struct PyProcessorReport(pub core::ProcessorReport);

#[seamline_guard::guard]
#[pymethods]
impl PyProcessorReport {
    /// The processor (`"stripe"`, `"adyen"`, `"paypal"`).
    #[getter]
    fn processor(&self) -> &'static str {
        self.0.processor.as_str()
    }

    /// Each file read: `{"name", "layout", "rows"}`.
    #[getter]
    fn files<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, &self.0.files)
    }

    /// Settlement lines, as `reconcile` reads them (amounts as `Decimal`).
    #[getter]
    fn lines<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, &self.0.lines)
    }

    /// The settlement lines as a `pyarrow.Table` with the settlements
    /// table's columns (exact `decimal128` amounts, UTC `settled_at`): what
    /// `reconcile_columns(settlements=...)` reads, and what a data team
    /// writes to Parquet or hands to pandas (`.to_pandas()`) and polars.
    fn lines_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let bytes = py
            .detach(|| seamline_arrow::settlement_lines_ipc(&self.0.lines))
            .py()?;
        crate::arrow::arrow_table(py, &bytes, "lines_table")
    }

    /// Rows repeating a line already read: `{"file", "line", "id"}`.
    #[getter]
    fn duplicates<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, &self.0.duplicates)
    }

    /// Rows of a type Seamline does not read: `{"file", "line", "row_type"}`.
    #[getter]
    fn unknown<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, &self.0.unknown)
    }

    /// Rows that could not be read: `{"file", "line", "error"}`.
    #[getter]
    fn rejected<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, &self.0.rejected)
    }

    /// Rows that are no line of their own (authorisations, pending, a
    /// partial-capture reversal counted in its charge): `{"file", "line", "reason"}`.
    #[getter]
    fn skipped<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, &self.0.skipped)
    }

    /// Data rows read, every one in exactly one of the lists above.
    #[getter]
    fn rows(&self) -> u64 {
        self.0.rows()
    }

    /// The whole report as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, &self.0)
    }

    fn __repr__(&self) -> String {
        let r = &self.0;
        format!(
            "ProcessorReport({}: {} lines, {} duplicates, {} unknown, {} rejected, {} skipped)",
            r.processor.as_str(),
            r.lines.len(),
            r.duplicates.len(),
            r.unknown.len(),
            r.rejected.len(),
            r.skipped.len()
        )
    }
}

/// Adds each report's lines and unread rows to the input.
fn add_reports(input: &mut core::Input, reports: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    let Some(reports) = reports else {
        return Ok(());
    };
    for r in reports.try_iter()? {
        let r = r?;
        let report = r
            .cast::<PyProcessorReport>()
            .map_err(|_| {
                Error::invalid_type(
                    "reports",
                    "seamline.ProcessorReport objects",
                    r.get_type()
                        .name()
                        .map(|n| n.to_string())
                        .unwrap_or_default(),
                )
            })
            .py()?;
        input.add_report(&report.get().0);
    }
    Ok(())
}

/// What one tie-out found.
#[pyclass(name = "Reconciliation", module = "seamline", frozen)]
pub struct PyReconciliation(core::Report);

#[seamline_guard::guard]
#[pymethods]
impl PyReconciliation {
    /// The instant it was run as of (RFC 3339 text).
    #[getter]
    fn as_of(&self) -> String {
        self.0.as_of.to_rfc3339()
    }

    /// The exception queue, most urgent first: dicts with Decimal amounts.
    #[getter]
    fn exceptions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, &self.0.exceptions)
    }

    /// Rows inside their window.
    #[getter]
    fn pending<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, &self.0.pending)
    }

    /// Money per currency, exact to the cent.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, &self.0.summary)
    }

    /// Where every row landed: `{table: {"matched", "pending", "exceptions"}}`.
    #[getter]
    fn rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        out(py, &self.0.rows)
    }

    /// How many matches (cheap; `matches()` builds them all).
    #[getter]
    fn match_count(&self) -> usize {
        self.0.matches.len()
    }

    /// What was matched: `[{"kind", "rows"}]`, at most `limit` of them.
    #[pyo3(signature = (limit = None))]
    fn matches<'py>(&self, py: Python<'py>, limit: Option<usize>) -> PyResult<Bound<'py, PyAny>> {
        let items: Vec<_> = self
            .0
            .matches
            .iter()
            .take(limit.unwrap_or(usize::MAX))
            .collect();
        out(py, &items)
    }

    /// The exception queue as CSV text (header row first, most urgent first).
    fn exceptions_csv(&self) -> String {
        core::exceptions_csv(&self.0)
    }

    /// The reconciliation as JSON bytes, to save and read back with
    /// `Reconciliation.from_json` (pickling uses it too).
    fn to_json<'py>(&self, py: Python<'py>) -> Bound<'py, pyo3::types::PyBytes> {
        let bytes = py.detach(|| self.0.to_json());
        pyo3::types::PyBytes::new(py, &bytes)
    }

    /// A reconciliation `to_json` saved; anything else raises `InvalidSnapshotError`.
    #[staticmethod]
    fn from_json(py: Python<'_>, data: &[u8]) -> PyResult<Self> {
        py.detach(|| core::Report::from_json(data))
            .map(PyReconciliation)
            .py()
    }

    /// Pickles as its saved JSON.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let from_json = py.get_type::<PyReconciliation>().getattr("from_json")?;
        (from_json, (self.to_json(py)?,))
            .into_pyobject(py)
            .map(|t| t.into_any())
    }

    /// The exception queue as a `pyarrow.Table` (most urgent first): amounts
    /// as exact decimals, `since` a UTC timestamp, and one list column per
    /// kind of record referenced (`settlements`, `payments`, `movements`, …).
    /// pandas (`.to_pandas()`) and polars (`pl.from_arrow`) read it as columns.
    fn exceptions_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let bytes = py.detach(|| seamline_arrow::exceptions_ipc(&self.0)).py()?;
        crate::arrow::arrow_table(py, &bytes, "exceptions_table")
    }

    /// What is pending as a `pyarrow.Table`, soonest due first.
    fn pending_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let bytes = py.detach(|| seamline_arrow::pending_ipc(&self.0)).py()?;
        crate::arrow::arrow_table(py, &bytes, "pending_table")
    }

    /// What was matched as a `pyarrow.Table`, in the report's order: `kind`,
    /// and one list column per kind of record in the match.
    fn matches_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let bytes = py.detach(|| seamline_arrow::matches_ipc(&self.0)).py()?;
        crate::arrow::arrow_table(py, &bytes, "matches_table")
    }

    /// The summary as a `pyarrow.Table`, a row per currency: its counts,
    /// every amount as an exact decimal, and `<identity>_ok` per identity.
    fn summary_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let bytes = py.detach(|| seamline_arrow::summary_ipc(&self.0)).py()?;
        crate::arrow::arrow_table(py, &bytes, "summary_table")
    }

    /// What is pending as CSV text (header row first, soonest due first).
    fn pending_csv(&self) -> String {
        core::pending_csv(&self.0)
    }

    /// A plain-text summary to read before the queue.
    fn summary_text(&self) -> String {
        core::summary_text(&self.0)
    }

    /// The tie-out as one self-contained HTML page: what is broken first,
    /// the most urgent exceptions with their evidence, charts, the books.
    #[pyo3(signature = (title = "Seamline"))]
    fn report_html(&self, py: Python<'_>, title: &str) -> String {
        py.detach(|| core::report_html(&self.0, title))
    }

    /// Today's queue from yesterday's (`previous`, as this returned it) and
    /// acceptances made since: each item new, persisting, resolved, accepted or reopened.
    #[pyo3(signature = (previous = None, accepted = None))]
    fn queue<'py>(
        &self,
        py: Python<'py>,
        previous: Option<&Bound<'py, PyAny>>,
        accepted: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let previous: Vec<core::QueueItem> = match previous {
            Some(p) => convert::parse(p, "previous").py()?,
            None => Vec::new(),
        };
        let accepted: Vec<core::Acceptance> = match accepted {
            Some(a) => convert::parse(a, "accepted").py()?,
            None => Vec::new(),
        };
        out(py, &core::update_queue(&previous, &self.0, &accepted).py()?)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Reconciliation as of {}: {} exception(s), {} pending, {} matched>",
            self.0.as_of,
            self.0.exceptions.len(),
            self.0.pending.len(),
            self.0.matches.len()
        )
    }
}
