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
