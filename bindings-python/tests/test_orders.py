"""Orders and systems of record through the Python API."""

from datetime import datetime, timezone
from decimal import Decimal

import pytest

import seamline

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)


def event(event_id, order_id, kind, **fields):
    return {"event_id": event_id, "order_id": order_id, "occurred_at": T0, "source": "till-1", "type": kind, **fields}


def web_order(order_id="w-1", **extra):
    return {
        "order_id": order_id,
        "channel": "web",
        "currency": "USD",
        "fulfilment": "ship",
        "location": "dc-east",
        "lines": [
            {"line_id": "1", "sku": "MUG", "quantity": 3, "unit_price": Decimal("10.00")},
            {"line_id": "2", "sku": "CAP", "quantity": 1, "unit_price": "5.00", "tax": 0},
        ],
        **extra,
    }


def test_split_shipment_and_partial_return_through_the_ledger():
    ledger = seamline.Ledger()
    for loc, qty in [("dc-east", 2), ("dc-west", 5)]:
        ledger.apply({"event_id": f"in-{loc}", "sku": "MUG", "location": loc, "occurred_at": T0,
                      "source": "erp", "type": "received", "quantity": qty})
    ledger.apply({"event_id": "in-cap", "sku": "CAP", "location": "dc-east", "occurred_at": T0,
                  "source": "erp", "type": "received", "quantity": 1})
    book = seamline.OrderBook()
    out = book.apply_with_ledger(ledger, event("p", "w-1", "placed", order=web_order(location=None)))
    assert out["transition"]["state"] == "placed"
    book.apply_with_ledger(ledger, event("a", "w-1", "allocated", allocations=[
        {"line_id": "1", "location": "dc-east", "quantity": 2},
        {"line_id": "1", "location": "dc-west", "quantity": 1},
        {"line_id": "2", "location": "dc-east", "quantity": 1},
    ]))
    book.apply_with_ledger(ledger, event("s1", "w-1", "fulfilled", shipment_id="box-1", location="dc-east",
                                         lines=[{"line_id": "1", "quantity": 2}, {"line_id": "2", "quantity": 1}]))
    out = book.apply_with_ledger(ledger, event("s2", "w-1", "fulfilled", shipment_id="box-2", location="dc-west",
                                               lines=[{"line_id": "1", "quantity": 1}]))
    assert out["transition"]["state"] == "fulfilled"
    out = book.apply_with_ledger(ledger, event("r", "w-1", "returned", return_id="ret-1", location="store-a",
                                               lines=[{"line_id": "1", "quantity": 1, "disposition": "restocked"}]))
    t = out["transition"]
    assert t["state"] == "partially_returned"
    assert t["refund_due"] == seamline.Money("10.00", "USD")
    assert ledger.stock("MUG", "store-a", T0)["on_hand"] == 1
    assert ledger.stock("MUG", "dc-west", T0)["on_hand"] == 4
    status = book.order("w-1")
    assert status["total"] == seamline.Money("35.00", "USD")
    assert [(l["line_id"], l["fulfilled"], l["returned"]) for l in status["lines"]] == [("1", 3, 1), ("2", 1, 0)]


def test_a_float_for_money_is_refused_with_its_path():
    book = seamline.OrderBook()
    order = web_order()
    order["lines"][0]["unit_price"] = 10.0
    with pytest.raises(seamline.InvalidTypeError) as info:
        book.apply(event("p", "w-1", "placed", order=order))
    assert info.value.code == "INVALID_TYPE"
    assert "event.order.lines[0].unit_price" in str(info.value)
    assert book.order_ids() == []


def test_refunds_raise_typed_errors_and_change_nothing():
    book = seamline.OrderBook()
    order = web_order(fulfilment="carry_out", location="store-a")
    book.apply(event("p", "pos-1", "placed", order={**order, "order_id": "pos-1"}))
    book.apply(event("c", "pos-1", "captured", payment_id="cash", amount=Decimal("35.00")))
    with pytest.raises(seamline.OverRefundError) as info:
        book.apply(event("f", "pos-1", "refunded", refund_id="f", amount="35.01"))
    assert info.value.code == "OVER_REFUND"
    with pytest.raises(seamline.InvariantViolatedError, match="returned ≤ fulfilled"):
        book.apply(event("r", "pos-1", "returned", return_id="r", location="store-a",
                         lines=[{"line_id": "2", "quantity": 2, "disposition": "restocked"}]))
    with pytest.raises(seamline.InvalidTransitionError):
        book.apply(event("x", "pos-1", "cancelled"))
    assert book.order("pos-1")["refunded"] == seamline.Money("0", "USD")
    assert book.order("nope") is None


def test_batch_reports_every_rejected_row_and_routes_stock():
    book = seamline.OrderBook(shipping_refund="prorated")
    events = [
        event("p", "w-1", "placed", order=web_order()),
        {"event_id": "broken"},
        event("p", "w-1", "placed", order=web_order()),
        event("s", "w-1", "fulfilled", shipment_id="b", location="dc-east", lines=[{"line_id": "1", "quantity": 9}]),
    ]
    report = book.apply_batch(events)
    assert (report["applied"], report["duplicates"]) == (1, 1)
    assert [(r["index"], r["error"]["code"]) for r in report["rejected"]] == [
        (1, "INVALID_ARGUMENT"),
        (3, "INVARIANT_VIOLATED"),
    ]
    assert [e["type"] for e in report["stock_events"]] == ["reserved", "reserved"]
    restored = seamline.OrderBook.from_snapshot(book.to_snapshot())
    assert restored.order("w-1") == book.order("w-1")
    with pytest.raises(seamline.InvalidSnapshotError):
        seamline.OrderBook.from_snapshot(b"{}")
    with pytest.raises(seamline.InvalidArgumentError):
        seamline.OrderBook(shipping_refund="sometimes")


def test_resolver_owner_wins_and_drift_is_visible():
    owners = {"inventory": "pos", "orders": "oms", "customers": "crm", "catalog": "pim", "payments": "psp"}
    r = seamline.Resolver(owners, rank=["pos", "web"])
    updates = [
        {"update_id": "u1", "system": "web", "domain": "inventory", "entity": "MUG@store-a", "field": "on_hand",
         "value": "6", "occurred_at": "2026-12-01T10:00:20Z"},
        {"update_id": "u2", "system": "pos", "domain": "inventory", "entity": "MUG@store-a", "field": "on_hand",
         "value": "4", "occurred_at": T0},
    ]
    assert r.add_all(updates + updates[:1]) == ["accepted", "accepted", "duplicate"]
    res = r.resolve()
    assert [(f["winner"]["system"], f["winner"]["value"], f["won_by"]) for f in res["fields"]] == [("pos", "4", "owner")]
    assert [(c["overwritten"]["system"], c["overwritten"]["value"]) for c in res["conflicts"]] == [("web", "6")]
    with pytest.raises(seamline.InvalidConfigurationError, match="no owner for"):
        seamline.Resolver({"inventory": "pos"})
    with pytest.raises(seamline.InvalidConfigurationError, match="two owners"):
        seamline.Resolver(list(owners.items()) + [("inventory", "web")])
