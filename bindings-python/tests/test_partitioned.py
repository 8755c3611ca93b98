"""A day's tie-out split across partitions equals one run over every row,
byte for byte: partitions in plain Python, and PySpark in local mode."""

from __future__ import annotations

import csv
import json
import os
import random
import sys
import zlib
from decimal import Decimal
from pathlib import Path

import pytest

import seamline

CONFIG = {"as_of": "2026-11-26T00:00:00Z"}
TABLES = ("orders", "payments", "fulfilments", "returns", "refunds", "settlements", "movements")
COLUMNS = {
    "orders": ["order_id", "channel", "currency", "total", "placed_at", "status"],
    "payments": ["order_id", "payment_id", "method", "processor", "processor_reference", "amount", "captured_at"],
    "fulfilments": ["order_id", "line_id", "sku", "quantity", "location", "fulfilled_at"],
    "returns": ["order_id", "return_id", "line_id", "sku", "quantity", "restock", "location", "received_at"],
    "refunds": ["order_id", "refund_id", "return_id", "method", "processor", "processor_reference", "amount",
                "issued_at"],
    "settlements": ["id", "kind", "processor", "processor_reference", "merchant_reference", "gross", "fee", "net",
                    "currency", "settled_at", "batch_id"],
    "movements": ["id", "sku", "location", "delta", "kind", "order_reference", "return_reference", "occurred_at"],
}


def generated_day(orders: int = 3000, seed: int = 11) -> dict:
    """A day as CSV text rows: mostly clean card and cash orders in two
    currencies, with what a real day has across partitions — batches and
    their payouts (one a cent short), processor fee lines, missing and
    late settlements, amount mismatches, lines without the merchant
    reference, a reference settled twice, multi-line returns refunded to
    card, open and cancelled orders, counts and stray movements."""
    rng = random.Random(seed)
    rows = {t: [] for t in TABLES}
    batch_net: dict = {}
    cent = Decimal("0.01")

    def row(table, **values):
        rows[table].append({c: "" if values.get(c) is None else str(values[c]) for c in COLUMNS[table]})

    def settle(**values):
        row("settlements", **values)
        key = (values["currency"], values["batch_id"])
        batch_net[key] = batch_net.get(key, Decimal(0)) + Decimal(values["net"])

    for i in range(orders):
        oid = f"O{i:05d}"
        currency = "EUR" if i % 5 == 0 else "USD"
        day = 20 + i % 4
        placed = f"2026-11-{day}T{8 + i % 10:02d}:{i % 60:02d}:00Z"
        lines = 1 + rng.randrange(3)
        total = Decimal(0)
        for line in range(lines):
            q = 1 + rng.randrange(2)
            price = Decimal(199 + rng.randrange(9800)) * cent
            total += q * price
            sku = f"SKU-{rng.randrange(400):03d}"
            row("fulfilments", order_id=oid, line_id=line, sku=sku, quantity=q, location="S1",
                fulfilled_at=placed)
            row("movements", id=f"M{i}-{line}", sku=sku, location="S1", delta=-q, kind="sale",
                order_reference=oid, occurred_at=placed)
        roll = rng.random()
        status = "open" if roll < 0.03 else "cancelled" if roll < 0.04 else "fulfilled"
        row("orders", order_id=oid, channel="web", currency=currency, total=total, placed_at=placed, status=status)
        if status == "open":
            continue
        card = rng.random() < 0.8
        row("payments", order_id=oid, payment_id="p1", method="card" if card else "cash",
            processor="stripe" if card else None, processor_reference=f"ch_{i}" if card else None,
            amount=total, captured_at=placed)
        if status == "cancelled":
            row("refunds", order_id=oid, refund_id="c1", method="card" if card else "cash",
                processor="stripe" if card else None, processor_reference=f"re_c{i}" if card else None,
                amount=total, issued_at=placed)
        if not card:
            continue
        batch = f"po_{currency}_{day}"
        fate = rng.random()
        if fate < 0.02:
            continue  # never settled: missing, or pending inside its window
        gross = total + (cent if fate < 0.03 else 0)
        fee = (gross * Decimal("0.029") + Decimal("0.30")).quantize(cent)
        settled = f"2026-11-{day + 1}T03:00:00Z"
        settle(id=f"txn_{i}", kind="charge", processor="stripe", processor_reference=f"ch_{i}",
               merchant_reference=None if fate < 0.04 else oid, gross=gross, fee=fee, net=gross - fee,
               currency=currency, settled_at=settled, batch_id=batch)
        if fate > 0.995:  # the processor's report lists the charge again, under another id
            settle(id=f"txn_{i}_again", kind="charge", processor="stripe", processor_reference=f"ch_{i}",
                   merchant_reference=oid, gross=gross, fee=fee, net=gross - fee, currency=currency,
                   settled_at=settled, batch_id=batch)
        if status == "cancelled":
            settle(id=f"txr_c{i}", kind="refund", processor="stripe", processor_reference=f"re_c{i}",
                   merchant_reference=oid, gross=-total, fee="0.00", net=-total, currency=currency,
                   settled_at=settled, batch_id=batch)
        elif rng.random() < 0.06:
            # A return of two lines, one restocked, refunded to the card in two parts.
            received = f"2026-11-{day + 1}T12:00:00Z"
            row("returns", order_id=oid, return_id="r1", line_id=0, sku="SKU-RET", quantity=1, restock="true",
                location="S1", received_at=received)
            row("returns", order_id=oid, return_id="r1", line_id=1, sku="SKU-DMG", quantity=1, restock="false",
                location="S1", received_at=received)
            row("movements", id=f"R{i}", sku="SKU-RET", location="S1", delta=1, kind="return_restock",
                order_reference=oid, return_reference="r1", occurred_at=received)
            half = (total / 2).quantize(cent)
            for k, amount in enumerate((half, total - half)):
                row("refunds", order_id=oid, refund_id=f"f{k}", return_id="r1", method="card", processor="stripe",
                    processor_reference=f"re_{i}_{k}", amount=amount, issued_at=received)
                if not (k == 1 and rng.random() < 0.2):
                    settle(id=f"txr_{i}_{k}", kind="refund", processor="stripe",
                           processor_reference=f"re_{i}_{k}", merchant_reference=oid, gross=-amount, fee="0.00",
                           net=-amount, currency=currency, settled_at=f"2026-11-{day + 2}T03:00:00Z",
                           batch_id=batch)
    for n, (currency, batch) in enumerate(sorted(batch_net)):
        settle(id=f"fee_{batch}", kind="fee", processor="stripe", gross="0.00", fee="1.50", net="-1.50",
               currency=currency, settled_at="2026-11-25T01:00:00Z", batch_id=batch)
        short = cent if n == 1 else 0
        net = batch_net[(currency, batch)]
        row("settlements", id=batch, kind="payout", processor="stripe", net=-(net - short), currency=currency,
            settled_at="2026-11-25T06:00:00Z", batch_id=batch)
    for k in range(20):
        row("movements", id=f"C{k}", sku=f"SKU-{k:03d}", location="S1", delta=0, kind="count",
            occurred_at="2026-11-24T20:00:00Z")
    row("movements", id="stray", sku="SKU-001", location="S1", delta=-1, kind="sale", order_reference="O99999",
        occurred_at="2026-11-24T20:00:00Z")
    return rows


def columns(rows: list, table: str) -> dict:
    return {c: [r[c] for r in rows] for c in COLUMNS[table]}


@pytest.fixture(scope="module")
def day():
    return generated_day()


@pytest.fixture(scope="module")
def one_run(day):
    return seamline.reconcile_columns(**{t: columns(day[t], t) for t in TABLES}, config=CONFIG)


def route(table: str, r: dict) -> str:
    return next((r[c] for c in seamline.PARTITION_ROUTES[table] if r.get(c)), "")


def as_columns(rows: list):
    return {c: [r[c] for r in rows] for c in rows[0]} if rows else None


def partitioned(day: dict, parts: int, config: dict = CONFIG) -> tuple:
    """Steps 1 and 2 over `parts` partitions of the day's rows (routed as
    PARTITION_ROUTES says, with a stable hash); the parts in reverse."""
    split = [{t: [] for t in day} for _ in range(parts)]
    for t, rows in day.items():
        for r in rows:
            split[zlib.crc32(route(t, r).encode()) % parts][t].append(r)
    inputs = [{t: as_columns(rows) for t, rows in p.items()} for p in split]
    seen: dict = {}
    for tables in inputs:
        for k in seamline.partition_keys(**tables, config=config):
            seen[k] = seen.get(k, 0) + 1
    shared = [k for k, n in seen.items() if n > 1]
    results = [seamline.reconcile_part(**tables, config=config, shared=shared) for tables in inputs]
    return list(reversed(results)), shared


def test_the_generated_day_has_something_of_everything(one_run):
    reasons = {e["reason"] for e in one_run.exceptions}
    assert {"MISSING_SETTLEMENT", "AMOUNT_MISMATCH", "BATCH_TOTAL_MISMATCH", "DUPLICATE_SETTLEMENT",
            "MISSING_REFUND_SETTLEMENT", "UNMATCHED_MOVEMENT"} <= reasons, reasons
    assert one_run.match_count > 2000


@pytest.mark.parametrize("parts", [1, 3, 8])
def test_a_partitioned_run_equals_one_run_byte_for_byte(day, one_run, parts):
    results, _ = partitioned(day, parts)
    merged = seamline.merge_parts(results, config=CONFIG)
    assert merged.to_json() == one_run.to_json()
    assert merged.exceptions_csv() == one_run.exceptions_csv()
    # Most of the day closed where it was: the merge saw only the rest.
    closed = sum(len(json.loads(r)["part"]["matches"]["at"]) for r in results)
    assert closed > 0.8 * one_run.match_count, closed


def test_parts_are_checked_when_merged(day):
    results, _ = partitioned(day, 2)
    tampered = bytearray(results[0])
    tampered[-10] ^= 1
    with pytest.raises(seamline.InvalidSnapshotError):
        seamline.merge_parts([bytes(tampered), results[1]], config=CONFIG)
    with pytest.raises(seamline.InvalidTypeError):
        seamline.merge_parts(["not bytes"], config=CONFIG)
    with pytest.raises(seamline.InvalidTypeError):
        seamline.reconcile_part(orders=columns(day["orders"], "orders"), config=CONFIG, shared=["O00001"])
    with pytest.raises(seamline.InvalidTypeError):
        seamline.reconcile_part(orders=columns(day["orders"], "orders"), config=CONFIG, shared=[-1])


def test_routes_name_real_columns():
    # Every route column is a column of its table (or an alias core reads).
    for table, routes in seamline.PARTITION_ROUTES.items():
        assert routes and all(c in COLUMNS[table] for c in routes), (table, routes)


def _spark():
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        if os.environ.get("SEAMLINE_REQUIRE_SPARK") == "1":
            raise
        pytest.skip("pyspark is not installed (the test command installs it with a Java runtime)")
    # Workers run this interpreter, where seamline is installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.master("local[2]")
        .appName("seamline-partitioned-tieout")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )


def test_pyspark_local_mode_equals_one_run(day, one_run, tmp_path: Path):
    spark = _spark()
    try:
        for t in TABLES:
            with open(tmp_path / f"{t}.csv", "w", newline="") as f:
                w = csv.DictWriter(f, fieldnames=COLUMNS[t])
                w.writeheader()
                w.writerows(day[t])
        # Every column as text, as the one-process run read it.
        frames = {t: spark.read.csv(str(tmp_path / f"{t}.csv"), header=True) for t in TABLES}
        import seamline.spark

        merged = seamline.spark.tieout(frames, config=CONFIG, partitions=6)
        assert merged.to_json() == one_run.to_json()
    finally:
        spark.stop()


def test_the_bundled_week_with_its_processor_reports_partitioned(tmp_path: Path):
    # The README's data: the Stripe and Adyen files read on the driver and
    # given to the merge, the tables split across three partitions.
    data = Path(__file__).resolve().parents[2] / "examples" / "data"
    config = {
        "as_of": "2026-11-23T06:00:00Z",
        "settlement_window_days": 3,
        "credit_grace_days": 1,
        "fee_schedule": [
            {"processor": "stripe", "percent": "2.9", "fixed": "0.30"},
            {"processor": "adyen", "percent": "1.9", "fixed": "0.12"},
        ],
    }
    tables = {}
    for t in TABLES:
        path = data / f"{t}.csv"
        if path.exists():
            with open(path, newline="") as f:
                tables[t] = list(csv.DictReader(f))
    reports = [
        seamline.read_report("stripe", {"stripe.csv": (data / "stripe_balance_transactions.csv").read_bytes()}),
        seamline.read_report("adyen", {"adyen.csv": (data / "adyen_settlement_details.csv").read_bytes()}),
    ]

    one = seamline.reconcile_columns(**{t: as_columns(r) for t, r in tables.items()}, reports=reports,
                                     config=config)
    parts, _ = partitioned(tables, 3, config)
    merged = seamline.merge_parts(parts, config=config, reports=reports)
    assert one.exceptions, "the week has problems planted"
    assert merged.to_json() == one.to_json()


def test_the_spark_helper_refuses_tables_it_does_not_know_before_starting_anything():
    import seamline.spark

    with pytest.raises(seamline.InvalidArgumentError) as err:
        seamline.spark.tieout({"orders": None, "invoices": None}, config=CONFIG)
    assert "invoices" in str(err.value)
    with pytest.raises(seamline.InvalidArgumentError):
        seamline.spark.tieout({"payments": None}, config=CONFIG)
