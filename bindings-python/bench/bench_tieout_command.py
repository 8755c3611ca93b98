"""The `seamline tieout` command end to end on a 1,000,000-order day in CSV:
`python bindings-python/bench/bench_tieout_command.py [DIR]`.

Writes the day of bench_reconciliation.py (about 6 M rows) as CSV files into DIR
(a temporary directory by default; written once, not timed), then runs the command
on them as a user would — read every file, tie out, write the queue (CSV and
Parquet), the pending list, the summary, the queue for tomorrow and the HTML
report — under `/usr/bin/time -v`, and prints its wall time and peak memory.
"""

import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_reconciliation as bench  # noqa: E402


def write(cols, data):
    for table, columns in cols.items():
        names = list(columns)
        with open(data / f"{table}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(names)
            w.writerows(zip(*(["" if v is None else str(v) for v in columns[n]] for n in names)))


def main():
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    data = root / "data"
    if not (data / "orders.csv").exists():
        data.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        write(bench.day(), data)
        print(f"wrote the day as CSV in {time.perf_counter() - started:.0f} s "
              f"({sum(p.stat().st_size for p in data.iterdir()) / 1e6:.0f} MB)")
    config = root / "seamline.toml"
    config.write_text('data = "data"\n[[fee_schedule]]\nprocessor = "stripe"\npercent = "2.9"\nfixed = "0.30"\n')
    seamline = Path(sys.executable).with_name("seamline")
    as_of = bench.iso(1_795_000_000 + 5 * bench.DAY)
    started = time.perf_counter()
    ran = subprocess.run(["/usr/bin/time", "-v", str(seamline), "tieout", "--config", str(config), "--as-of", as_of,
                          "--out", str(root / "out"), "--no-progress"], capture_output=True, text=True)
    wall = time.perf_counter() - started
    peak = next(int(line.split()[-1]) for line in ran.stderr.splitlines() if "Maximum resident" in line)
    print(ran.stdout.strip())
    print(f"seamline tieout, 1,000,000 orders from CSV: {wall:.1f} s wall, peak {peak / 1024:.0f} MiB "
          f"(exit {ran.returncode})")


if __name__ == "__main__":
    main()
