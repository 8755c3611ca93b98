"""The main job: the daily three-way tie-out of a two-channel store.

Harbour Goods sells online (cards through Stripe, shipped from the warehouse)
and at a counter (cash, and cards through Adyen). This reads a week of its
orders, stock movements and both processors' settlement reports from
`examples/data/`, runs the tie-out as of three mornings in turn, carries the
exception queue from one morning to the next, and writes for each morning:

    <out>/<date>/exception_queue.csv   the queue, most urgent first
    <out>/<date>/summary.txt           what a person reads first
    <out>/<date>/queue.json            the queue's state, read by the next morning

Run by `bash scripts/demo.sh` (out: `out/`); `python examples/daily_tieout.py DIR` writes to DIR.
"""

import csv
import json
import sys
from collections import Counter
from pathlib import Path

import seamline

DATA = Path(__file__).resolve().parent / "data"
MORNINGS = ["2026-11-21T06:00:00Z", "2026-11-22T06:00:00Z", "2026-11-23T06:00:00Z"]
FEES = [
    {"processor": "stripe", "percent": "2.9", "fixed": "0.30"},
    {"processor": "adyen", "percent": "1.9", "fixed": "0.12"},
]
WHOLE_NUMBERS = {"quantity", "delta"}
FLAGS = {"restock"}


def columns(name):
    """A CSV file as a dict of columns: amounts stay exact text, counts become int."""
    with open(DATA / name, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    table = {key: [row[key] for row in rows] for key in (rows[0] if rows else {})}
    for key in WHOLE_NUMBERS & table.keys():
        table[key] = [int(v) for v in table[key]]
    for key in FLAGS & table.keys():
        table[key] = [v == "True" for v in table[key]]
    return table


def reports():
    """Both processors' reports as downloaded: every row ends as a line, a duplicate, or an
    exception in the queue (a row Seamline cannot read is never set aside)."""
    out = []
    for processor, name in [("stripe", "stripe_balance_transactions.csv"), ("adyen", "adyen_settlement_details.csv")]:
        report = seamline.read_report(processor, {name: (DATA / name).read_bytes()})
        for row in report.unknown:
            print(f"  {name}:{row['line']}: type {row['row_type']!r} is not one Seamline reads; in the queue as INVALID_ROW")
        for row in report.rejected:
            print(f"  {name}:{row['line']}: {row['error']['code']}")
        out.append(report)
    return out


def main(out):
    tables = {
        "orders": columns("orders.csv"),
        "payments": columns("payments.csv"),
        "fulfilments": columns("fulfilments.csv"),
        "returns": columns("returns.csv"),
        "refunds": columns("refunds.csv"),
        "movements": columns("movements.csv"),
        "reports": reports(),
    }
    previous = []
    for as_of in MORNINGS:
        day = out / as_of[:10]
        day.mkdir(parents=True, exist_ok=True)
        report = seamline.reconcile_columns(**tables, config={"as_of": as_of, "fee_schedule": FEES})
        queue = report.queue(previous)
        (day / "exception_queue.csv").write_text(report.exceptions_csv(), encoding="utf-8")
        (day / "summary.txt").write_text(report.summary_text(), encoding="utf-8")
        (day / "queue.json").write_text(json.dumps(queue, indent=1, default=str), encoding="utf-8")
        statuses = Counter(item["status"] for item in queue)
        print(f"{as_of[:10]}: {len(report.exceptions)} exception(s), {len(report.pending)} pending; queue "
              + ", ".join(f"{n} {status}" for status, n in sorted(statuses.items())))
        previous = queue
    print()
    print(report.summary_text())
    print(f"Queue and summary for each morning written under {out}/")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out"))
