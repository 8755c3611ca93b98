"""Loading the ledger from Python: `python bindings-python/bench/bench_ledger.py`.

1,000,000 events over 50,000 SKUs x 10 locations (a receipt, then a sale, at each): as dicts in one
`apply_batch` call, as columns in one `apply_columns` call (lists, then — with pyarrow
installed — an Arrow table), and (on a 100,000-event sample) one `apply` call per event.
"""

import time

import seamline

N = 1_000_000


def events(n):
    """Half the positions get a receipt of 5, then (second pass) a sale of 1."""
    out = []
    half = n // 2
    for i in range(n):
        position = (i * 7919) % half
        event = {
            "event_id": f"ev-{i:08d}",
            "sku": f"SKU-{position // 10:06d}",
            "location": f"store-{position % 10:02d}",
            "occurred_at": f"2026-11-26T{i // 60_000:02d}:{(i // 1000) % 60:02d}:{i % 60:02d}Z",
            "source": "pos",
        }
        if i < half:
            event.update(type="received", quantity=5)
        else:
            event.update(type="sold", quantity=1)
        out.append(event)
    return out


NOW = "2026-11-27T00:00:00Z"


def timed(label, apply) -> None:
    """Applies N events to a new ledger with `apply` and prints the time."""
    book = seamline.Ledger()
    start = time.perf_counter()
    report = apply(book)
    elapsed = time.perf_counter() - start
    assert report["applied"] == N, report["rejected"][:3]
    print(f"{label}: {N:,} events in {elapsed:.2f} s ({elapsed / N * 1e9:.0f} ns/event)")


def main() -> None:
    rows = events(N)
    timed("apply_batch", lambda book: book.apply_batch(rows, now=NOW))
    columns = {key: [row.get(key) for row in rows] for key in ("event_id", "sku", "location", "occurred_at", "source", "type", "quantity")}
    timed("apply_columns", lambda book: book.apply_columns(columns, now=NOW))
    try:
        import pyarrow as pa
    except ImportError:
        pa = None
    if pa is not None:
        table = pa.table(columns)
        timed("apply_columns from an Arrow table", lambda book: book.apply_columns(table, now=NOW))

    book = seamline.Ledger()
    sample = rows[:100_000]
    start = time.perf_counter()
    for row in sample:
        book.apply(row)
    single = time.perf_counter() - start
    print(f"apply one by one: {single / len(sample) * 1e9:.0f} ns/event")


if __name__ == "__main__":
    main()
