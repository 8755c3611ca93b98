"""The daily tie-out from Python: `python bindings-python/bench/bench_reconciliation.py`.

A day of 1,000,000 orders as columns (the core bench's mix: 70% web orders
paid by card, 30% counter sales in cash, card or both; 1-5 lines; returns,
refunds, settlements with realistic gaps), passed to one
`reconcile_columns` call as Python lists of text, `Decimal` amounts and
ints: no per-row call across the boundary. Prints the time to build the
columns (Python alone), the time of the call, and of reading its exceptions.
With pyarrow installed, the same day is then passed as Arrow tables (times
as UTC timestamps, amounts as decimal128), which are read from their buffers.

The columns are collected once (`gc.collect()`) before the call, as any job's
freshly loaded data is at its first collection; without it, the call pays
that one-off walk of the caller's nine million new objects (about 1.3 s here).
"""

import gc
import random
import sys
import time
from decimal import Decimal

import seamline

N = 1_000_000
DAY = 86_400


def iso(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def day():
    rng = random.Random(7)
    start = 1_795_000_000
    cols = {name: {} for name in ("orders", "payments", "fulfilments", "returns", "refunds", "settlements", "movements")}

    def col(table, *names):
        return [cols[table].setdefault(n, []) for n in names]

    o_id, o_ch, o_cur, o_tot, o_at = col("orders", "order_id", "channel", "currency", "total", "placed_at")
    p_o, p_id, p_m, p_pr, p_ref, p_amt, p_at = col(
        "payments", "order_id", "payment_id", "method", "processor", "processor_reference", "amount", "captured_at")
    f_o, f_line, f_sku, f_q, f_loc, f_at = col("fulfilments", "order_id", "line_id", "sku", "quantity", "location", "fulfilled_at")
    s_id, s_kind, s_pr, s_ref, s_mref, s_gross, s_fee, s_net, s_cur, s_at, s_batch = col(
        "settlements", "id", "kind", "processor", "processor_reference", "merchant_reference", "gross", "fee", "net",
        "currency", "settled_at", "batch_id")
    m_id, m_sku, m_loc, m_delta, m_kind, m_o, m_r, m_at = col(
        "movements", "id", "sku", "location", "delta", "kind", "order_reference", "return_reference", "occurred_at")
    r_o, r_id, r_line, r_sku, r_q, r_restock, r_loc, r_at = col(
        "returns", "order_id", "return_id", "line_id", "sku", "quantity", "restock", "location", "received_at")
    d_o, d_id, d_ret, d_m, d_pr, d_ref, d_amt, d_at = col(
        "refunds", "order_id", "refund_id", "return_id", "method", "processor", "processor_reference", "amount", "issued_at")
    cent = Decimal("0.01")
    for i in range(N):
        placed = start + i * DAY // N
        at = iso(placed)
        oid = f"O{i:07d}"
        web = rng.random() < 0.7
        total = 0
        lines = 1 + rng.randrange(5)
        for line in range(lines):
            sku = f"SKU-{rng.randrange(50_000):05d}"
            q = 1 + rng.randrange(3)
            total += q * (199 + rng.randrange(9800))
            loc = f"store-{rng.randrange(20)}"
            shipped = iso(placed + 3600)
            f_o.append(oid), f_line.append(str(line)), f_sku.append(sku), f_q.append(q), f_loc.append(loc), f_at.append(shipped)
            m_id.append(f"M{i}-{line}"), m_sku.append(sku), m_loc.append(loc), m_delta.append(-q), m_kind.append("sale")
            m_o.append(oid), m_r.append(None), m_at.append(shipped)
        amount = Decimal(total) * cent
        o_id.append(oid), o_ch.append("web" if web else "pos"), o_cur.append("USD"), o_tot.append(amount), o_at.append(at)
        card = web or rng.random() < 0.55
        p_o.append(oid), p_id.append("pay"), p_m.append("card" if card else "cash"), p_pr.append("stripe" if card else None)
        p_ref.append(f"ch_{i}" if card else None), p_amt.append(amount), p_at.append(at)
        if card and rng.random() >= 0.015:
            fee = (amount * Decimal("0.029") + Decimal("0.30")).quantize(cent)
            s_id.append(f"txn_{i}"), s_kind.append("charge"), s_pr.append("stripe"), s_ref.append(f"ch_{i}")
            s_mref.append(oid), s_gross.append(amount), s_fee.append(fee), s_net.append(amount - fee)
            s_cur.append("USD"), s_at.append(iso(placed + DAY)), s_batch.append("po_day")
        if rng.random() < 0.08:
            r_o.append(oid), r_id.append("r1"), r_line.append("0"), r_sku.append(f_sku[-lines]), r_q.append(1)
            r_restock.append(True), r_loc.append(f_loc[-lines]), r_at.append(iso(placed + 2 * DAY))
            m_id.append(f"R{i}"), m_sku.append(f_sku[-lines]), m_loc.append(f_loc[-lines]), m_delta.append(1)
            m_kind.append("return_restock"), m_o.append(oid), m_r.append("r1"), m_at.append(iso(placed + 2 * DAY))
            refund = (amount / 3).quantize(cent)
            d_o.append(oid), d_id.append("f1"), d_ret.append("r1"), d_m.append("cash"), d_pr.append(None)
            d_ref.append(None), d_amt.append(refund), d_at.append(iso(placed + 2 * DAY + 3600))
    return cols


def main():
    started = time.perf_counter()
    cols = day()
    built = time.perf_counter() - started
    rows = sum(len(next(iter(t.values()))) for t in cols.values())
    print(f"built {rows:,} rows as columns in {built:.1f} s (Python)")
    gc.collect()
    config = {"as_of": iso(1_795_000_000 + 5 * DAY),
              "fee_schedule": [{"processor": "stripe", "percent": "2.9", "fixed": "0.30"}]}
    started = time.perf_counter()
    report = seamline.reconcile_columns(**cols, config=config)
    elapsed = time.perf_counter() - started
    started = time.perf_counter()
    exceptions = report.exceptions
    read = time.perf_counter() - started
    print(f"reconcile_columns, 1,000,000 orders: {elapsed:.2f} s; reading its {len(exceptions):,} exceptions: "
          f"{read:.2f} s ({report.match_count:,} matches)")
    # `--repeat N`: N more calls on the same lists (the first of a process
    # pays for cold pages), to compare builds side by side.
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 0
    for _ in range(repeat):
        del report
        started = time.perf_counter()
        report = seamline.reconcile_columns(**cols, config=config)
        print(f"reconcile_columns again: {time.perf_counter() - started:.2f} s")
    try:
        import pyarrow as pa
    except ImportError:
        return
    started = time.perf_counter()
    tables = arrow_tables(pa, cols)
    converted = time.perf_counter() - started
    del cols, report, exceptions
    gc.collect()
    started = time.perf_counter()
    report = seamline.reconcile_columns(**tables, config=config)
    elapsed = time.perf_counter() - started
    print(f"reconcile_columns from Arrow tables: {elapsed:.2f} s ({len(report.exceptions):,} exceptions, "
          f"{report.match_count:,} matches; building the tables with pyarrow took {converted:.1f} s, not counted)")


TIMES = {"placed_at", "captured_at", "fulfilled_at", "settled_at", "occurred_at", "received_at", "issued_at"}


def arrow_tables(pa, cols):
    """The day as an Arrow producer (a Parquet or CSV reader) gives it: times
    as UTC timestamps, amounts as decimal128, ids as strings."""
    utc = pa.timestamp("us", tz="UTC")
    return {
        table: pa.table({name: pa.array(values).cast(utc) if name in TIMES else pa.array(values)
                         for name, values in columns.items()})
        for table, columns in cols.items()
    }


if __name__ == "__main__":
    main()
