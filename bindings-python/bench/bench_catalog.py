"""The SKU map from Python: `python bindings-python/bench/bench_catalog.py`.

1,000,000 mapping rows imported with one `import_rows` call (a list), and
1,000,000 references translated with one `translate_batch` call (dicts) and
with one `translate_columns` call (columns).
"""

import datetime
import time

import seamline

N = 1_000_000


def main() -> None:
    rows = [
        {"channel": "pos", "external_id": f"{i:07d}", "components": [{"sku": f"SKU-{i:07d}"}]}
        for i in range(N)
    ]
    sku_map = seamline.SkuMap()
    sku_map.set_rules("pos", strip_leading_zeros=True)
    start = time.perf_counter()
    report = sku_map.import_rows(rows)
    took = time.perf_counter() - start
    assert report["added"] == N
    print(f"import_rows: {N:,} rows in {took:.2f} s")

    seen = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)
    refs = [{"channel": "pos", "external_id": f"{(i * 7919) % N:07d}", "quantity": 1, "seen_at": seen} for i in range(N)]
    start = time.perf_counter()
    results = sku_map.translate_batch(refs)
    took = time.perf_counter() - start
    assert all("lines" in r for r in results[:1000])
    print(f"translate_batch: {N:,} references (dicts) in {took:.2f} s")

    ids = [r["external_id"] for r in refs]
    quantities = [1] * N
    start = time.perf_counter()
    out = sku_map.translate_columns("pos", ids, quantities, seen)
    took = time.perf_counter() - start
    assert len(out["skus"]) == N and not out["errors"]
    print(f"translate_columns: {N:,} references in {took:.2f} s")


if __name__ == "__main__":
    main()
