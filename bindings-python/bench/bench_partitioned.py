"""A partitioned tie-out beside one run, on bench_reconciliation's generated
day (1,000,000 orders by default; `--orders N`, `--parts P`):

    python bindings-python/bench/bench_partitioned.py --orders 1000000 --parts 4

The partitions run one after another in this process, each step timed, so
the figures say what each worker and the merge cost; the wall time of a
cluster with P workers is about step 1's and step 2's slowest partition plus
the merge. Checks the merged report equals one run's, byte for byte.
"""

import gc
import sys
import time

import pyarrow as pa
import pyarrow.compute as pc

import bench_reconciliation as day_of
import seamline


def arg(name, default):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def main():
    day_of.N = arg("--orders", 1_000_000)
    parts = arg("--parts", 4)
    tables = day_of.arrow_tables(pa, day_of.day())
    gc.collect()
    config = {"as_of": day_of.iso(1_795_000_000 + 5 * day_of.DAY),
              "fee_schedule": [{"processor": "stripe", "percent": "2.9", "fixed": "0.30"}]}
    rows = sum(t.num_rows for t in tables.values())
    print(f"{day_of.N:,} orders, {rows:,} rows, {parts} partitions")

    started = time.perf_counter()
    one = seamline.reconcile_columns(**tables, config=config)
    print(f"one run: {time.perf_counter() - started:.2f} s")

    # Route as PARTITION_ROUTES says (Python's hash is stable inside one process).
    started = time.perf_counter()
    split = [{} for _ in range(parts)]
    for name, table in tables.items():
        routes = [table.column(c) for c in seamline.PARTITION_ROUTES[name] if c in table.column_names]
        value = pc.coalesce(*[pc.if_else(pc.equal(r, ""), None, r) for r in routes])
        where = pa.array([hash(v) % parts for v in value.to_pylist()])
        for p in range(parts):
            split[p][name] = table.filter(pc.equal(where, p))
    print(f"routing (pyarrow filters, not counted below): {time.perf_counter() - started:.2f} s")

    keys_at, parts_at, results = [], [], []
    seen = {}
    for tabs in split:
        started = time.perf_counter()
        for k in seamline.partition_keys(**tabs, config=config):
            seen[k] = seen.get(k, 0) + 1
        keys_at.append(time.perf_counter() - started)
    shared = [k for k, n in seen.items() if n > 1]
    del seen
    for tabs in split:
        started = time.perf_counter()
        results.append(seamline.reconcile_part(**tabs, config=config, shared=shared))
        parts_at.append(time.perf_counter() - started)
    started = time.perf_counter()
    merged = seamline.merge_parts(results, config=config)
    merge = time.perf_counter() - started
    size = sum(len(r) for r in results) / 2**20
    print(f"step 1 keys per partition: {', '.join(f'{t:.2f}' for t in keys_at)} s ({len(shared):,} shared)")
    print(f"step 2 part per partition: {', '.join(f'{t:.2f}' for t in parts_at)} s ({size:,.0f} MiB of parts)")
    print(f"step 3 merge: {merge:.2f} s")
    print(f"with {parts} workers: about {max(keys_at) + max(parts_at) + merge:.2f} s")
    assert merged.to_json() == one.to_json(), "the merged report differs from one run's"
    print("merged == one run, byte for byte")


if __name__ == "__main__":
    main()
