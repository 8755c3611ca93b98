"""The ``seamline`` command: the daily tie-out over files, as a finance team runs it.

    seamline tieout --data DIR --report stripe=payouts.csv --config seamline.toml \\
                    --as-of 2026-11-23T06:00:00Z --previous yesterday/queue.json --out today/

reads the tie-out's tables (``orders``, ``payments``, ``fulfilments``, ``returns``,
``refunds``, ``settlements``, ``movements``) from CSV or Parquet files, the processors'
reports as downloaded, and a TOML config, and writes into ``--out``:

    report.html          what a person opens first: what is broken, the exceptions to work
                         first with their evidence, charts, the books
    exceptions.csv       the exception queue, most urgent first (exceptions.parquet too
                         when pyarrow is installed: decimals, a column per kind of reference)
    pending.csv          what is inside its window, soonest due first (and pending.parquet)
    summary.txt          the summary, leading with what is broken
    queue.json           today's queue: pass it as --previous tomorrow

Exit codes: 0 the books tie out (no open exception, every identity holds); 1 they do not
(open exceptions or a broken identity: a person has work); 2 the input could not be read
(a file, column, config or option; the message names it and the fix).

Every rule is the library's: this module only finds files, reads their cells as text and
writes what the tie-out returns.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from . import _native
from .errors import SeamlineError

TABLES = ("orders", "payments", "fulfilments", "returns", "refunds", "settlements", "movements")
PROCESSORS = ("stripe", "adyen", "paypal")
EXIT_OK, EXIT_WORK, EXIT_INPUT = 0, 1, 2


class InputProblem(Exception):
    """A file, column, option or config the command cannot use: exit 2 with this message."""


class Progress:
    """One status line on stderr, rewritten in place; silent when stderr is not a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()

    def step(self, text: str) -> None:
        if self.enabled:
            elapsed = time.monotonic() - self.started
            sys.stderr.write(f"\r\033[K[{elapsed:6.1f}s] {text}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _load_toml(path: Path) -> Dict[str, Any]:
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            raise InputProblem(f"{path}: reading TOML on Python 3.10 needs tomli: pip install tomli") from None
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise InputProblem(f"{path}: no such config file") from None
    except tomllib.TOMLDecodeError as e:
        raise InputProblem(f"{path}: not valid TOML: {e}") from None


def _read_csv(path: Path) -> Dict[str, List[str]]:
    """A CSV file as columns of text: the library reads every type from text."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                return {}
            columns: List[List[str]] = [[] for _ in header]
            for n, row in enumerate(reader, start=2):
                if not row:
                    continue
                if len(row) != len(header):
                    raise InputProblem(
                        f"{path}:{n}: {len(row)} cells where the header has {len(header)}: "
                        "fix the row or quote the cell that holds a comma")
                for column, cell in zip(columns, row):
                    column.append(cell)
    except UnicodeDecodeError as e:
        raise InputProblem(f"{path}: not UTF-8 text ({e.reason} at byte {e.start}): export it as UTF-8") from None
    if len(set(header)) != len(header):
        raise InputProblem(f"{path}: a column name repeats in the header: {header}")
    return dict(zip(header, columns))


def _read_csv_arrow(path: Path) -> Any:
    """A CSV file as an Arrow table of text columns, read by pyarrow on every core, when
    it is installed (the library reads Arrow columns from their buffers). Every column is
    text, so nothing is guessed — no amount becomes a float. None when pyarrow is not
    installed or the file needs the exact error only the plain reader gives."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pcsv
    except ModuleNotFoundError:
        return None
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            header = next(csv.reader(f), None)
    except UnicodeDecodeError:
        return None
    if not header or len(set(header)) != len(header):
        return None
    try:
        return pcsv.read_csv(path, convert_options=pcsv.ConvertOptions(
            column_types={name: pa.string() for name in header}, strings_can_be_null=False,
            quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None  # ragged rows, bad UTF-8: the plain reader names the line


def _pyarrow(why: str) -> Any:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet as pq
    except ModuleNotFoundError:
        raise InputProblem(f"{why} needs pyarrow: pip install pyarrow") from None
    return pq


def _read_table(path: Path) -> Any:
    if not path.is_file():
        raise InputProblem(f"{path}: no such file")
    if path.suffix.lower() == ".parquet":
        try:
            return _pyarrow(f"{path}: reading Parquet").read_table(path)
        except InputProblem:
            raise
        except Exception as e:  # pyarrow's own errors name the problem
            raise InputProblem(f"{path}: not a Parquet file pyarrow can read: {e}") from None
    table = _read_csv_arrow(path)
    return table if table is not None else _read_csv(path)


def _find_tables(data: Optional[Path], given: Dict[str, Optional[str]]) -> Dict[str, Path]:
    found: Dict[str, Path] = {}
    for table in TABLES:
        if given.get(table):
            found[table] = Path(given[table])  # type: ignore[arg-type]
            continue
        if data is None:
            continue
        candidates = [data / f"{table}{ext}" for ext in (".parquet", ".csv")]
        present = [c for c in candidates if c.is_file()]
        if len(present) > 1:
            raise InputProblem(f"{data}: both {present[0].name} and {present[1].name}: keep one")
        if present:
            found[table] = present[0]
    if "orders" not in found:
        where = f"in {data}" if data else "(no --data directory given)"
        raise InputProblem(f"no orders table {where}: give --orders FILE or put orders.csv in --data")
    return found


def _report_spec(spec: str) -> Dict[str, Any]:
    """`stripe=path[:layout]` as a report entry."""
    processor, sep, rest = spec.partition("=")
    if not sep or processor.lower() not in PROCESSORS:
        raise InputProblem(f"--report {spec!r}: write PROCESSOR=FILE, PROCESSOR one of {', '.join(PROCESSORS)}")
    path, _, layout = rest.partition(":") if not Path(rest).exists() else (rest, "", "")
    return {"processor": processor.lower(), "path": path, "layout": layout or None}


def _read_reports(entries: Sequence[Dict[str, Any]], options: Dict[str, Any], progress: Progress) -> List[Any]:
    by_processor: Dict[str, List[Dict[str, Any]]] = {}
    for entry in entries:
        by_processor.setdefault(entry["processor"], []).append(entry)
    out = []
    for processor, files in sorted(by_processor.items()):
        contents = {}
        layouts = {f.get("layout") for f in files} - {None}
        if len(layouts) > 1:
            raise InputProblem(f"{processor}: reports of one processor are read with one layout, not {sorted(layouts)}")
        for f in files:
            path = Path(f["path"])
            progress.step(f"reading {path.name}")
            try:
                contents[path.name] = path.read_bytes()
            except OSError as e:
                raise InputProblem(f"{path}: {e.strerror}") from None
        opts = dict(options.get(processor, {}))
        if layouts:
            opts["layout"] = layouts.pop()
        try:
            out.append(_native.read_report(processor, contents, **opts))
        except SeamlineError as e:
            # A wrong option is core's refusal naming the option as written: the config's table.
            named = e.details.get("field", "").split(".")[0].split("[")[0]
            where = f"[reports.{processor}] in the config" if named in opts or named == "options" else \
                f"{processor} report ({', '.join(sorted(contents))})"
            raise InputProblem(f"{where}: {e}") from None
    return out


def _json_list(path: Optional[str], what: str) -> List[Any]:
    """A JSON list from a file the user named, or [] when none was named."""
    if not path:
        return []
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputProblem(f"{path}: {what}: {e}") from None
    if not isinstance(value, list):
        raise InputProblem(f"{path}: {what}: a JSON list is expected")
    return value


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="")


def _write_parquet(day: Any, out: Path) -> bool:
    """The queue and the pending list as Parquet (the library's Arrow tables: exact decimal
    amounts, each referenced record in a column of its kind), when pyarrow is installed."""
    try:
        import pyarrow.parquet as pq
    except ModuleNotFoundError:
        return False
    pq.write_table(day.exceptions_table(), out / "exceptions.parquet")
    pq.write_table(day.pending_table(), out / "pending.parquet")
    return True


def tieout(args: argparse.Namespace) -> int:
    progress = Progress(args.progress)
    config_file: Dict[str, Any] = _load_toml(Path(args.config)) if args.config else {}
    settings = dict(config_file.get("tieout", config_file))
    reports_config = settings.pop("reports", {})
    title = settings.pop("title", args.title)
    data = settings.pop("data", None)
    if args.as_of:
        settings["as_of"] = args.as_of
    if "as_of" not in settings:
        raise InputProblem("no as-of instant: give --as-of 2026-11-23T06:00:00Z (or as_of in the config)")
    base = Path(args.config).parent if args.config else Path(".")
    # --data is from where the command runs; the config's `data` from the config's directory.
    data_dir = Path(args.data) if args.data else (base / data if data else None)
    if data_dir is not None and not data_dir.is_dir():
        raise InputProblem(f"{data_dir}: no such directory")
    files = _find_tables(data_dir, {t: getattr(args, t) for t in TABLES})

    entries = [_report_spec(s) for s in args.report]
    for processor, spec in reports_config.items():
        if processor not in PROCESSORS:
            raise InputProblem(f"[reports.{processor}] in the config: not one of {', '.join(PROCESSORS)}")
        for path in spec.get("files", []):
            entries.append({"processor": processor, "path": str(base / path), "layout": spec.get("layout")})
    options = {p: {k: v for k, v in s.items() if k not in ("files", "layout")} for p, s in reports_config.items()}

    for path in files.values():
        if not path.is_file():
            raise InputProblem(f"{path}: no such file")
    # CSV throughout: the library reads the files itself, each row streamed into the tie-out's
    # reader as it is parsed. Parquet (or a mix): read here, handed over as Arrow tables.
    csv_only = all(path.suffix.lower() == ".csv" for path in files.values())
    tables: Dict[str, Any] = {}
    if not csv_only:
        for table, path in files.items():
            progress.step(f"reading {path.name}")
            tables[table] = _read_table(path)
    reports = _read_reports(entries, options, progress)

    progress.step("reading the tables and tying out" if csv_only else "tying out")
    try:
        if csv_only:
            day = _native.reconcile_csv(files={t: str(p) for t, p in files.items()}, reports=reports,
                                        config=settings, threads=args.threads)
        else:
            day = _native.reconcile_columns(**tables, reports=reports, config=settings, threads=args.threads)
    except SeamlineError as e:
        field = e.details.get("field", "")
        broken = [p for p in files.values() if field == str(p) or field.startswith(f"{p}:")]
        if broken:
            _read_csv(broken[0])  # the plain reader says what is wrong in its own words
            raise InputProblem(str(e)) from None
        # The library names the table and column; say which file that is.
        if e.code == "INVALID_CONFIGURATION" or "config" in str(e).split(":")[0]:
            where = f"{args.config or '--as-of'}: "
        else:
            named = [t for t in TABLES if t in files and (f"{t}." in str(e) or f"{t}[" in str(e) or f"of {t}" in str(e))]
            where = f"{files[named[0]]}: " if named else ""
            if named and csv_only:
                _read_csv(files[named[0]])  # a file that is malformed too says so first, as before
        raise InputProblem(f"{where}{e}") from None

    previous = _json_list(args.previous, "not a queue.json this command wrote")
    accepted = _json_list(args.accepted, "not a JSON list of acceptances")
    try:
        queue = day.queue(previous, accepted)
    except SeamlineError as e:
        raise InputProblem(f"{args.previous or args.accepted}: {e}") from None

    progress.step("writing")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    queue_csv = day.exceptions_csv()
    _write(out / "exceptions.csv", queue_csv)
    parquet = _write_parquet(day, out)
    _write(out / "pending.csv", day.pending_csv())
    summary = day.summary_text()
    _write(out / "summary.txt", summary)
    _write(out / "queue.json", json.dumps(queue, indent=1, default=str) + "\n")
    _write(out / "report.html", day.report_html(title))
    progress.done()

    open_items = sum(1 for item in queue if item["status"] in ("new", "persisting", "reopened"))
    broken = [i for s in day.summary for i in s["identities"] if not i["ok"]]
    print(summary.splitlines()[1] if len(summary.splitlines()) > 1 else summary.strip())
    print(f"{len(day.exceptions)} exception(s), {open_items} open; {len(day.pending)} pending; "
          f"written to {out}{'' if parquet else ' (Parquet skipped: pip install pyarrow)'}")
    return EXIT_WORK if open_items or broken else EXIT_OK


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="seamline", description="Seamline's commands.")
    sub = p.add_subparsers(dest="command", required=True)
    t = sub.add_parser(
        "tieout",
        help="the daily tie-out of orders, settlements and stock movements over files",
        description="The daily three-way tie-out over CSV or Parquet files and processor reports. "
                    "Exit 0: the books tie out; 1: exceptions or a broken identity need a person; "
                    "2: the input could not be read.",
    )
    t.add_argument("--data", help="a directory holding orders.csv, payments.csv, … (or .parquet)")
    for table in TABLES:
        t.add_argument(f"--{table}", metavar="FILE", help=f"the {table} table (CSV or Parquet)")
    t.add_argument("--report", action="append", default=[], metavar="PROCESSOR=FILE[:LAYOUT]",
                   help="a processor report as downloaded (stripe, adyen, paypal); repeat for more files")
    t.add_argument("--config", metavar="TOML", help="the tie-out's config (fee schedule, windows, reports)")
    t.add_argument("--as-of", dest="as_of", metavar="INSTANT", help="run as of this instant (RFC 3339)")
    t.add_argument("--previous", metavar="QUEUE_JSON", help="yesterday's queue.json")
    t.add_argument("--accepted", metavar="JSON", help="acceptances made since: [{exception_id, fingerprint, by, note, at}]")
    t.add_argument("--out", required=True, metavar="DIR", help="where to write the outputs")
    t.add_argument("--title", default="Seamline", help="the report's heading (the store's name)")
    t.add_argument("--threads", type=int, metavar="N",
                   help="threads for reading and tying out (default: every core; the result is the same)")
    t.add_argument("--no-progress", dest="progress", action="store_false",
                   help="no progress line (off anyway when stderr is not a terminal)")
    t.set_defaults(run=tieout)
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parser().parse_args(argv)
    if getattr(args, "progress", False):
        args.progress = sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
    try:
        return int(args.run(args))
    except InputProblem as e:
        print(f"seamline: {e}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
