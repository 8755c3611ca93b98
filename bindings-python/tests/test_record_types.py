"""The record types are generated from core's schemas: a type checker
catches a misspelt key or an undeclared choice, and they match what the
tie-out reads."""

import textwrap
from decimal import Decimal

import pytest

import seamline
from seamline.records import Payment, ReconOrder, SettlementLine


def test_record_types_list_the_schemas_fields():
    assert ReconOrder.__required_keys__ == {"order_id", "channel", "currency", "total", "placed_at"}
    assert {"payments", "refunds", "status", "customer"} <= ReconOrder.__optional_keys__
    # A payment nested in its order names it by where it is.
    assert "order_id" not in Payment.__required_keys__ | Payment.__optional_keys__
    assert "net" in SettlementLine.__required_keys__ and "gross" in SettlementLine.__optional_keys__


def test_a_typed_record_is_read_by_the_tie_out():
    order: ReconOrder = {
        "order_id": "W1", "channel": "web", "currency": "USD", "total": Decimal("10.00"),
        "placed_at": "2026-11-20T10:00:00Z",
        "payments": [{"payment_id": "p1", "method": "cash", "amount": Decimal("10.00"),
                      "captured_at": "2026-11-20T10:00:00Z"}],
    }
    day = seamline.reconcile(orders=[order], config={"as_of": "2026-11-26T00:00:00Z"})
    assert day.exceptions == []


def test_mypy_strict_refuses_a_misspelt_key_and_an_undeclared_choice(tmp_path):
    api = pytest.importorskip("mypy.api")
    good = tmp_path / "good.py"
    good.write_text(textwrap.dedent('''
        import seamline
        from decimal import Decimal
        from seamline.records import ReconOrder
        order: ReconOrder = {"order_id": "W1", "channel": "web", "currency": "USD",
                             "total": Decimal("1.00"), "placed_at": "2026-11-20T10:00:00Z"}
        seamline.reconcile(orders=[order], config={"as_of": "2026-11-26T00:00:00Z"})
    '''))
    bad = tmp_path / "bad.py"
    bad.write_text(textwrap.dedent('''
        from seamline.records import ReconOrder, SettlementLine
        order: ReconOrder = {"order_id": "W1", "channel": "web", "currency": "USD",
                             "totl": "1.00", "placed_at": "2026-11-20T10:00:00Z"}
        line: SettlementLine = {"id": "s", "kind": "bonus", "processor": "stripe", "net": "1.00",
                                "currency": "USD", "settled_at": "2026-11-21T00:00:00Z"}
    '''))
    out, _, status = api.run(["--strict", "--no-incremental", "--cache-dir=/dev/null", str(good)])
    assert status == 0, out
    out, _, status = api.run(["--strict", "--no-incremental", "--cache-dir=/dev/null", str(bad)])
    assert status == 1
    assert 'Extra key "totl"' in out and "Literal['bonus']" in out, out


# What the tie-out returns is typed from core's own types (`seamline.results`):
# every value a real day returns is checked against those types at run time,
# so a type that drifted from what the package hands out fails here.

import importlib.util
import typing
from pathlib import Path

from seamline.results import (
    CurrencySummary,
    Match,
    Pending,
    QueueItem,
    ReconException,
    RowCounts,
)
from seamline.results import DuplicateRow, FileRead, RejectedRow, SkippedRow, UnknownRow
from typecheck import conforms


def sample_week():
    path = Path(__file__).resolve().parents[2] / "examples" / "daily_tieout.py"
    spec = importlib.util.spec_from_file_location("daily_tieout_types", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_value_a_day_returns_is_of_its_generated_type(capsys):
    week = sample_week()
    names = ["orders", "payments", "fulfilments", "returns", "refunds", "movements"]
    tables = {name: week.columns(f"{name}.csv") for name in names}
    reports = week.reports()
    day = seamline.reconcile_columns(
        **tables, reports=reports, config={"as_of": week.MORNINGS[-1], "fee_schedule": week.FEES}
    )
    # The day has every part a type can have: a chargeback's evidence, a
    # suggestion, amounts and unit counts, every row kind.
    assert any(e["evidence"] for e in day.exceptions) and any(e["suggestion"] for e in day.exceptions)
    assert any(e["amount_at_risk"] is None for e in day.exceptions)
    conforms(day.exceptions, typing.List[ReconException], "exceptions")
    conforms(day.pending, typing.List[Pending], "pending")
    conforms(day.summary, typing.List[CurrencySummary], "summary")
    conforms(day.rows, RowCounts, "rows")
    conforms(day.matches(), typing.List[Match], "matches")
    queue = day.queue()
    conforms(queue, typing.List[QueueItem], "queue")
    accepted = {"exception_id": queue[0]["exception_id"], "fingerprint": queue[0]["fingerprint"],
                "by": "ana", "note": "known", "at": week.MORNINGS[-1]}
    conforms(day.queue(queue, [accepted]), typing.List[QueueItem], "queue after acceptance")
    # Money comes back as Decimal wherever the types say so.
    assert isinstance(day.summary[0]["amount_at_risk"], Decimal)
    for report in reports:
        conforms(report.files, typing.List[FileRead], "files")
        conforms(report.duplicates, typing.List[DuplicateRow], "duplicates")
        conforms(report.unknown, typing.List[UnknownRow], "unknown")
        conforms(report.rejected, typing.List[RejectedRow], "rejected")
        conforms(report.skipped, typing.List[SkippedRow], "skipped")
        conforms(report.lines, typing.List[SettlementLine], "lines")
    assert any(r.rejected or r.unknown for r in reports)


def test_the_checker_refuses_what_the_types_do_not_allow():
    row = {"kind": "order", "order_id": None, "id": "W1"}
    conforms(row, seamline.results.RowRef)
    for bad in [{**row, "extra": 1}, {"kind": "order", "id": "W1"}, {**row, "kind": "bonus"},
                {**row, "id": 5}]:
        with pytest.raises(AssertionError):
            conforms(bad, seamline.results.RowRef)


def test_mypy_strict_catches_a_misspelt_result_field(tmp_path):
    api = pytest.importorskip("mypy.api")
    bad = tmp_path / "summary.py"
    bad.write_text(textwrap.dedent('''
        import seamline
        day = seamline.reconcile(orders=[], config={"as_of": "2026-11-26T00:00:00Z"})
        at_risk = day.summary[0]["amout_at_risk"]
        reason = day.exceptions[0]["reason"] == "CHARGE_BACK"
        print(day.rows["orders"]["matched"] + 1, at_risk, reason)
        level = seamline.Ledger().stock("MUG", "dc", "2026-11-26T00:00:00Z")["onhand"]
        plan = seamline.source_order([], "ship", [])
        print(level, plan["total_cost"] + 1)
    '''))
    out, _, status = api.run(["--strict", "--no-incremental", "--cache-dir=/dev/null", str(bad)])
    assert status == 1
    assert '"CurrencySummary" has no key "amout_at_risk"' in out, out
    assert "Non-overlapping equality check" in out, out
    assert '"StockLevel" has no key "onhand"' in out, out
    # A cost is a Decimal: adding an int is fine, nothing else is reported.
    assert out.count("error:") == 3, out
