//! The tie-out's tables read from files. Core keeps no I/O: this crate
//! opens the files and streams each CSV row's cells into core's reader
//! ([`seamline::input::RowStream`]), so a day is read in one pass over its
//! text — no column copy, no Python object per cell — with settlement lines
//! and movements read on a second thread ([`seamline::reconciliation::read_streams_on`]).

use seamline::input::{Cells, Extras, RowStream};
use seamline::reconciliation::{read_streams_on, tables_by_name, Input};
use seamline::Error;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// A CSV table (UTF-8, a header row, any column order): every cell is text,
/// an empty cell an empty text, exactly as the command's other readers give
/// it; blank lines are skipped.
pub struct CsvTable<R = BufReader<File>> {
    path: String,
    names: Vec<String>,
    reader: csv::Reader<R>,
}

impl CsvTable {
    /// Opens `path` and reads its header. A file that cannot be opened, is
    /// not UTF-8, or names a column twice is an error naming the file.
    pub fn open(path: &Path) -> Result<CsvTable, Error> {
        let shown = path.display().to_string();
        let file = File::open(path).map_err(|e| {
            problem(
                &shown,
                None,
                "(no file read)",
                &format!("cannot be read: {e}"),
            )
        })?;
        CsvTable::from_reader(&shown, BufReader::with_capacity(1 << 16, file))
    }
}

impl<R: Read> CsvTable<R> {
    /// The table read from `reader` (bytes already in memory, a download),
    /// named `path` in errors.
    pub fn from_reader(path: &str, reader: R) -> Result<CsvTable<R>, Error> {
        let shown = path.to_string();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(reader);
        let mut header = csv::StringRecord::new();
        let names: Vec<String> = match reader.read_record(&mut header) {
            Ok(true) => header
                .iter()
                .enumerate()
                // A byte-order mark before the first name (Excel's "CSV UTF-8").
                .map(|(i, n)| {
                    if i == 0 {
                        n.trim_start_matches('\u{feff}')
                    } else {
                        n
                    }
                    .to_string()
                })
                .collect(),
            Ok(false) => Vec::new(),
            Err(e) => return Err(csv_problem(&shown, &e)),
        };
        for (i, name) in names.iter().enumerate() {
            if names[..i].contains(name) {
                return Err(problem(
                    &shown,
                    None,
                    name,
                    "a column name repeats in the header",
                ));
            }
        }
        Ok(CsvTable {
            path: shown,
            names,
            reader,
        })
    }
}

/// An error about the file itself (not one of its rows: those are core's).
fn problem(path: &str, line: Option<u64>, value: &str, reason: &str) -> Error {
    let at = line.map_or_else(|| path.to_string(), |l| format!("{path}:{l}"));
    Error::invalid_argument(at, seamline::input::shown(value, false), reason)
}

fn csv_problem(path: &str, e: &csv::Error) -> Error {
    let line = e.position().map(csv::Position::line);
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => problem(
            path,
            line,
            "(bytes that are not UTF-8)",
            &format!(
                "not UTF-8 text (field {}): export it as UTF-8",
                err.field().saturating_add(1)
            ),
        ),
        _ => problem(path, line, "(malformed CSV)", &e.to_string()),
    }
}

struct Row<'a>(&'a csv::StringRecord);

impl Cells for Row<'_> {
    fn cell(&self, column: usize) -> Option<&str> {
        self.0.get(column)
    }
}

impl<R: Read> RowStream for CsvTable<R> {
    fn names(&self) -> &[String] {
        &self.names
    }

    fn each_row(&mut self, row: &mut dyn FnMut(&dyn Cells)) -> Result<(), Error> {
        let mut record = csv::StringRecord::new();
        loop {
            match self.reader.read_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {}
                Err(e) => return Err(csv_problem(&self.path, &e)),
            }
            if record.len() != self.names.len() {
                let line = record.position().map(csv::Position::line);
                return Err(problem(
                    &self.path,
                    line,
                    &format!("{} cells", record.len()),
                    &format!(
                        "the header has {}: fix the row or quote the cell that holds a comma",
                        self.names.len()
                    ),
                ));
            }
            row(&Row(&record));
        }
    }
}

/// A day's tables read from CSV files named by table (`orders` →
/// `orders.csv`, in any order; `orders` is required, the others optional),
/// every header first, then the rows on up to `threads` threads
/// ([`read_streams_on`]). A name that is not one of core's tables, a
/// table named twice, a missing `orders`, or a file that cannot be read is
/// an error naming it, before any row is read.
pub fn read_day<P: AsRef<Path>>(
    files: &[(String, P)],
    extras: Extras,
    threads: usize,
) -> Result<Input, Error> {
    let named = files.iter().map(|(n, p)| (n.clone(), p.as_ref()));
    let paths = tables_by_name(named, "files", true)?;
    let tables = paths
        .into_iter()
        .map(|p| p.map(CsvTable::open).transpose())
        .collect::<Result<Vec<_>, _>>()?;
    read_streams_on(tables, extras, threads)
}

#[cfg(test)]
mod tests {
    use super::*;
    use seamline::reconciliation::TABLES;

    fn write(dir: &Path, name: &str, text: &[u8]) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("seamline-files-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn rows(table: &mut CsvTable) -> Result<Vec<Vec<String>>, Error> {
        let mut out = Vec::new();
        let width = table.names().len();
        table.each_row(&mut |cells| {
            out.push(
                (0..width)
                    .map(|c| cells.cell(c).unwrap_or("?").to_string())
                    .collect(),
            );
        })?;
        Ok(out)
    }

    #[test]
    fn quotes_crlf_a_bom_and_blank_lines_read_as_a_spreadsheet_writes_them() {
        let dir = scratch("quotes");
        let path = write(
            &dir,
            "orders.csv",
            "\u{feff}order_id,note\r\nW-1,\"a, b\"\r\n\r\nW-2,\"say \"\"hi\"\"\"\r\nW-3,\r\n"
                .as_bytes(),
        );
        let mut t = CsvTable::open(&path).unwrap();
        assert_eq!(t.names(), ["order_id", "note"]);
        assert_eq!(
            rows(&mut t).unwrap(),
            [["W-1", "a, b"], ["W-2", "say \"hi\""], ["W-3", ""]]
        );
    }

    #[test]
    fn a_ragged_row_bad_utf8_or_a_repeated_name_is_an_error_naming_file_and_line() {
        let dir = scratch("bad");
        let path = write(&dir, "orders.csv", b"order_id,total\nW-1,1,000.00\n");
        let e = rows(&mut CsvTable::open(&path).unwrap()).unwrap_err();
        let shown = e.to_string();
        assert!(
            shown.contains("orders.csv:2") && shown.contains("3 cells"),
            "{shown}"
        );
        assert!(
            shown.contains("quote the cell that holds a comma"),
            "{shown}"
        );
        let path = write(&dir, "payments.csv", b"order_id\nW-1\n\xff\xfe\n");
        let e = rows(&mut CsvTable::open(&path).unwrap()).unwrap_err();
        assert!(
            e.to_string().contains("payments.csv:3") && e.to_string().contains("not UTF-8"),
            "{e}"
        );
        let path = write(&dir, "refunds.csv", b"order_id,order_id\n");
        let e = CsvTable::open(&path).err().unwrap();
        assert!(e.to_string().contains("repeats"), "{e}");
        let e = CsvTable::open(&dir.join("missing.csv")).err().unwrap();
        assert!(e.to_string().contains("cannot be read"), "{e}");
        // An empty file is a table with no columns: an empty table.
        let path = write(&dir, "returns.csv", b"");
        assert!(CsvTable::open(&path).unwrap().names().is_empty());
    }

    /// Every single-bit corruption of a small day's orders and movements
    /// reads to the same input (or the same error) on one thread and two,
    /// and never panics.
    #[test]
    fn every_single_bit_flip_reads_alike_on_one_thread_and_two() {
        let orders: &[u8] = b"order_id,channel,currency,total,placed_at\nW-1,web,USD,10.00,2026-11-20T10:00:00Z\n\"W-2\",pos,EUR,1.50,2026-11-20T11:00:00Z\n";
        let movements: &[u8] = b"id,sku,location,delta,kind,order_reference,occurred_at\nm1,MUG,WH,-1,sale,W-1,2026-11-20T11:00:00Z\n";
        let read = |o: &[u8], m: &[u8], threads: usize| {
            let mut tables: Vec<Option<CsvTable<&[u8]>>> =
                (0..TABLES.len()).map(|_| None).collect();
            tables[0] = Some(CsvTable::from_reader("orders.csv", o)?);
            tables[6] = Some(CsvTable::from_reader("movements.csv", m)?);
            read_streams_on(tables, Extras::Refuse, threads)
        };
        for (which, clean) in [(0, orders), (1, movements)] {
            for byte in 0..clean.len() {
                for bit in 0..8 {
                    let mut bytes = clean.to_vec();
                    bytes[byte] ^= 1 << bit;
                    let (o, m) = if which == 0 {
                        (&bytes[..], movements)
                    } else {
                        (orders, &bytes[..])
                    };
                    match (read(o, m, 1), read(o, m, 2)) {
                        (Ok(a), Ok(b)) => assert_eq!(a, b),
                        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                        (a, b) => panic!("byte {byte} bit {bit}: {a:?} vs {b:?}"),
                    }
                }
            }
        }
    }

    #[test]
    fn a_day_streamed_from_csv_reads_as_its_rows_on_one_thread_and_two() {
        let dir = scratch("day");
        let orders = write(
            &dir,
            "orders.csv",
            b"order_id,channel,currency,total,placed_at\nW-1,web,USD,10.00,2026-11-20T10:00:00Z\nW-2,web,USD,1.5x,2026-11-20T10:00:00Z\n",
        );
        let payments = write(
            &dir,
            "payments.csv",
            b"order_id,payment_id,method,processor,processor_reference,amount,captured_at\nW-1,p1,card,stripe,ch_1,10.00,2026-11-20T10:00:00Z\nW-9,p1,cash,,,1.00,2026-11-20T10:00:00Z\n",
        );
        let settlements = write(
            &dir,
            "settlements.csv",
            b"id,kind,processor,processor_reference,gross,fee,net,currency,settled_at\ns1,charge,stripe,ch_1,10.00,0.59,9.41,USD,2026-11-21T10:00:00Z\n",
        );
        let movements = write(
            &dir,
            "movements.csv",
            b"id,sku,location,delta,kind,order_reference,occurred_at\nm1,MUG,WH,-1,sale,W-1,2026-11-20T11:00:00Z\nm2,MUG,WH,x,sale,W-1,2026-11-20T11:00:00Z\n",
        );
        let open = || {
            let mut t: Vec<Option<CsvTable>> = (0..TABLES.len()).map(|_| None).collect();
            t[0] = Some(CsvTable::open(&orders).unwrap());
            t[1] = Some(CsvTable::open(&payments).unwrap());
            t[5] = Some(CsvTable::open(&settlements).unwrap());
            t[6] = Some(CsvTable::open(&movements).unwrap());
            t
        };
        let one = read_streams_on(open(), Extras::Refuse, 1).unwrap();
        let two = read_streams_on(open(), Extras::Refuse, 2).unwrap();
        assert_eq!(one, two);
        assert_eq!(
            (one.orders.len(), one.settlements.len(), one.movements.len()),
            (1, 1, 1)
        );
        // The bad total, the payment of an unknown order and the bad delta are named rows.
        assert_eq!(one.unread.len(), 3, "{:?}", one.unread);
        // Named by table, in any order: the same day.
        let named = |names: &[&str]| -> Vec<(String, std::path::PathBuf)> {
            let paths = [&movements, &orders, &payments, &settlements];
            let all = ["movements", "orders", "payments", "settlements"];
            names
                .iter()
                .map(|n| {
                    (
                        n.to_string(),
                        paths[all.iter().position(|a| a == n).unwrap()].clone(),
                    )
                })
                .collect()
        };
        let day = read_day(
            &named(&["movements", "orders", "payments", "settlements"]),
            Extras::Refuse,
            2,
        )
        .unwrap();
        assert_eq!(day, one);
        let refused = |files: &[(String, std::path::PathBuf)]| {
            read_day(files, Extras::Refuse, 1).unwrap_err().to_string()
        };
        let mut unknown = named(&["orders"]);
        unknown.push(("order".into(), orders.clone()));
        assert!(refused(&unknown).contains("not a table; the tables are orders, payments"));
        let mut twice = named(&["orders", "payments"]);
        twice.push(("payments".into(), payments.clone()));
        assert!(refused(&twice).contains("files.payments"));
        assert!(refused(&named(&["payments"])).contains("the orders table is required"));
        let mut absent = named(&["orders"]);
        absent.push(("refunds".into(), dir.join("refunds.csv")));
        assert!(refused(&absent).contains("refunds.csv"));
    }
}
