"""Customers from Python: `python bindings-python/bench/bench_customers.py`.

Loads the Rust benchmark's 1,000,000 records (800,000 counter shoppers with a
phone and a card, 200,000 of them also online) into a book with one
`add_records` call, reads every profile one at a time, then adds one shopper at a time and reads the profile back.
"""

import time

import seamline

AT = "2026-11-18T08:53:20Z"


def records():
    out = []
    for i in range(800_000):
        phone = f"+1415{2_000_000 + i:07d}"
        out.append({
            "source": "pos", "record_id": f"c{i}", "observed_at": AT,
            "identifiers": [{"kind": "phone", "value": phone}, {"kind": "loyalty", "value": f"{i:08d}"}],
            "attributes": {"name": f"Shopper {i}"},
        })
        if i % 4 == 0:
            out.append({
                "source": "web", "record_id": f"u{i}", "observed_at": AT,
                "identifiers": [{"kind": "email", "value": f"shopper{i}@example.com"},
                                {"kind": "phone", "value": phone}],
            })
    return out


def main() -> None:
    rows = records()
    book = seamline.CustomerBook()
    start = time.perf_counter()
    book.add_records(rows)
    print(f"add_records of {len(rows):,} dicts: {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    members = sum(len(p["members"]) for p in book.profiles())
    print(f"read every profile one at a time (profiles()): {time.perf_counter() - start:.2f} s ({members:,} records)")
    n = 10_000
    start = time.perf_counter()
    for k in range(n):
        shopper = (k * 7919) % 800_000
        book.add_records([{
            "source": "app", "record_id": f"a{k}", "observed_at": AT,
            "identifiers": [{"kind": "email", "value": f"new{k}@example.com"},
                            {"kind": "phone", "value": f"+1415{2_000_000 + shopper:07d}"}],
        }])
        book.profile_of(f"app/a{k}")
    print(f"add one record and read its profile back: {(time.perf_counter() - start) / n * 1e6:.1f} µs")


if __name__ == "__main__":
    main()
