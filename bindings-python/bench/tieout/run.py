"""Seamline's tie-out beside a polars job doing the same checks, end to end, in one run.

    python bindings-python/bench/tieout/run.py [--orders 100000,1000000] [--root /tmp/seamline-bench]
                                               [--parquet] [--reports] [--repeat 1]

For each size: generates the store once (generate.py, cached under ROOT/ORDERS), then runs, each
in a process of its own under the same conditions, `seamline tieout` (read the CSV files, tie out,
write the queue, pending list, summary, tomorrow's queue and the HTML report), peer_polars.py
(read, the same checks, write the queue, pending list and summary) on two threads and on one, and
peer_pandas.py (the same in pandas; `--no-pandas` skips it). It prints each one's wall time and
peak memory (the process's maximum resident set, from wait4), Seamline's ratios to each, and
whether each found exactly the generator's labels (every injected anomaly and nothing else) and
the same pending rows as Seamline. `--parquet` runs Seamline and polars again on the same day
written as typed Parquet (decimal amounts, UTC timestamps). `--reports` runs Seamline again on the
CSV day with its Stripe and Adyen lines given as those processors' own reports (reports.py), read
through the adapters, and prints what they add to the table path.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
SEAMLINE = str(Path(sys.executable).with_name("seamline"))


def measure(argv, env=None):
    """Wall seconds and peak resident MiB of one child process (its own, from wait4)."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    err = child.stderr.read().decode()
    child.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: the tie-out found exceptions, as it should here
        sys.exit(f"{argv[0]} failed ({code}): {err[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def accuracy(store, out):
    """Labels found / labels, exceptions raised that are not labels, and the pending rows as a set."""
    with open(store / "labels.csv", newline="") as f:
        labels = {tuple(r) for r in list(csv.reader(f))[1:]}
    with open(out / "exceptions.csv", newline="") as f:
        # An Adyen line's id is its report key (`adyen/account/batch/type/psp/modification`): the
        # modification is the generated line's id.
        got = {(r["reason"], r["key_kind"], r["order_id"], r["key_id"].rsplit("/", 1)[-1])
               for r in csv.DictReader(f)}
    with open(out / "pending.csv", newline="") as f:
        pending = {(r["reason"], r.get("row_kind") or r["key_kind"], r["order_id"], r.get("row_id") or r["key_id"])
                   for r in csv.DictReader(f)}
    return len(labels & got), len(labels), len(got - labels), pending


def to_parquet(store):
    """The day as a Parquet producer writes it: decimal amounts, UTC timestamps, text ids."""
    import polars as pl

    sys.path.insert(0, str(HERE))
    import peer_polars

    target = store / "parquet"
    if (target / "orders.parquet").exists():
        return target
    target.mkdir()
    for table in peer_polars.SCHEMAS:
        lf = pl.scan_csv(store / "data" / f"{table}.csv", schema=peer_polars.SCHEMAS[table]).with_columns(
            pl.col(c).str.to_datetime("%Y-%m-%dT%H:%M:%SZ", time_zone="UTC")
            for c in peer_polars.SCHEMAS[table] if c in peer_polars.TIMES)
        lf.sink_parquet(target / f"{table}.parquet")
    return target


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", default="100000,1000000")
    ap.add_argument("--root", type=Path, default=Path("/tmp/seamline-bench"))
    ap.add_argument("--parquet", action="store_true")
    ap.add_argument("--reports", action="store_true")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--no-pandas", dest="pandas", action="store_false")
    args = ap.parse_args()
    rows = []
    for n in (int(x) for x in args.orders.split(",")):
        store = args.root / str(n)
        if not (store / "labels.csv").exists():
            started = time.perf_counter()
            subprocess.run([PYTHON, str(HERE / "generate.py"), str(store), "--orders", str(n)], check=True,
                           stdout=subprocess.DEVNULL)
            print(f"generated {n:,} orders in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        meta = json.loads((store / "meta.json").read_text())
        formats = [("csv", store / "data")] + ([("parquet", to_parquet(store))] if args.parquet else [])
        for fmt, data in formats:
            runs = {
                "seamline tieout": ([SEAMLINE, "tieout", "--config", str(store / "seamline.toml"), "--data",
                                     str(data), "--as-of", meta["as_of"], "--out", str(store / "out-seamline"),
                                     "--no-progress"], {}, store / "out-seamline"),
                "polars, 2 threads": ([PYTHON, str(HERE / "peer_polars.py"), str(store), str(store / "out-polars"),
                                       str(data)], {"POLARS_MAX_THREADS": "2"},
                                      store / "out-polars"),
                "polars, 1 thread": ([PYTHON, str(HERE / "peer_polars.py"), str(store), str(store / "out-polars1"),
                                      str(data)], {"POLARS_MAX_THREADS": "1"},
                                     store / "out-polars1"),
            }
            if args.reports and fmt == "csv":
                if not (store / "reports" / "data" / "settlements.csv").exists():
                    subprocess.run([PYTHON, str(HERE / "reports.py"), str(store)], check=True,
                                   stdout=subprocess.DEVNULL)
                rep = store / "reports"
                runs["seamline, reports"] = (
                    [SEAMLINE, "tieout", "--config", str(store / "seamline.toml"), "--data", str(rep / "data"),
                     "--report", f"stripe={rep / 'stripe_balance_change_from_activity.csv'}",
                     "--report", f"adyen={rep / 'adyen_settlement_detail_report.csv'}",
                     "--as-of", meta["as_of"], "--out", str(store / "out-reports"), "--no-progress"], {},
                    store / "out-reports")
            if args.pandas and fmt == "csv":
                runs["pandas"] = ([PYTHON, str(HERE / "peer_pandas.py"), str(store), str(store / "out-pandas"),
                                   str(data)], {}, store / "out-pandas")
            for _ in range(args.repeat):
                for name, (argv, env, out) in runs.items():
                    wall, peak = measure(argv, env)
                    found, labels, extra, pending = accuracy(store, out)
                    ours = pending if name == "seamline tieout" else ours
                    acc = f"{found}/{labels}" + (f", {extra} extra" if extra else "")
                    acc += f"; {len(pending):,} pending" + ("" if pending == ours else ", not Seamline's")
                    rows.append((n, fmt, name, wall, peak, acc))
                    print(f"{n:>9,} {fmt:<7} {name:<18} {wall:7.2f} s {peak:8,.0f} MiB  labels {acc}",
                          file=sys.stderr)
    print("\n| orders | input | run | wall | peak memory | labels found; pending |")
    print("|---|---|---|---|---|---|")
    for n, fmt, name, wall, peak, acc in rows:
        print(f"| {n:,} | {fmt} | {name} | {wall:.2f} s | {peak:,.0f} MiB | {acc} |")
    print("\nSeamline's time and peak memory over each peer's (best runs of each):")
    best = {}
    for n, fmt, name, wall, peak, _ in rows:
        w, p = best.get((n, fmt, name), (wall, peak))
        best[(n, fmt, name)] = (min(w, wall), min(p, peak))
    for (n, fmt, name), (wall, peak) in best.items():
        if name == "seamline, reports":
            ours_wall, ours_peak = best[(n, fmt, "seamline tieout")]
            print(f"  {n:>9,} {fmt:<7} Stripe and Adyen as their reports add {wall / ours_wall - 1:+.0%} time, "
                  f"{peak / ours_peak - 1:+.0%} memory to the tables")
        elif name != "seamline tieout":
            ours_wall, ours_peak = best[(n, fmt, "seamline tieout")]
            print(f"  {n:>9,} {fmt:<7} vs {name:<18} time {ours_wall / wall:.2f}×, memory {ours_peak / peak:.2f}×")


if __name__ == "__main__":
    main()
