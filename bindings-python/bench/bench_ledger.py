"""Loading the ledger from Python: `python bindings-python/bench/bench_ledger.py`.

1,000,000 events over 50,000 SKUs x 10 locations (a receipt, then a sale, at each): as dicts in one
`apply_batch` call, as columns in one `apply_columns` call, and (on a
100,000-event sample) one `apply` call per event.
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


def main() -> None:
    rows = events(N)
    book = seamline.Ledger()
    start = time.perf_counter()
    report = book.apply_batch(rows, now="2026-11-27T00:00:00Z")
    batch = time.perf_counter() - start
    assert report["applied"] == N, report["rejected"][:3]
    print(f"apply_batch: {N:,} events in {batch:.2f} s ({batch / N * 1e9:.0f} ns/event)")

    columns = {key: [row.get(key) for row in rows] for key in ("event_id", "sku", "location", "occurred_at", "source", "type", "quantity")}
    book = seamline.Ledger()
    start = time.perf_counter()
    report = book.apply_columns(columns, now="2026-11-27T00:00:00Z")
    columnar = time.perf_counter() - start
    assert report["applied"] == N, report["rejected"][:3]
    print(f"apply_columns: {N:,} events in {columnar:.2f} s ({columnar / N * 1e9:.0f} ns/event)")

    book = seamline.Ledger()
    sample = rows[:100_000]
    start = time.perf_counter()
    for row in sample:
        book.apply(row)
    single = time.perf_counter() - start
    print(f"apply one by one: {single / len(sample) * 1e9:.0f} ns/event")


if __name__ == "__main__":
    main()
