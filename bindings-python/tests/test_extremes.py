"""Issue #22's defects, seen from Python: each is now a coded error or a
right answer — never a PanicException, a wrap-around, a hang or a corrupted
snapshot that loads."""

import datetime
import random
from decimal import Decimal

import pytest

import seamline

UTC = datetime.timezone.utc
T0 = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def stock_event(event_id, kind, minute, **fields):
    return {
        "event_id": event_id,
        "sku": "A",
        "location": "store",
        "occurred_at": T0 + datetime.timedelta(minutes=minute),
        "source": "till-1",
        "type": kind,
        **fields,
    }


def node(location, per_unit="1", per_shipment="0", stock=2**63 - 1):
    return {
        "location": location,
        "ships": True,
        "available": {"A": stock},
        "per_shipment": Decimal(per_shipment),
        "per_unit": Decimal(per_unit),
        "per_unit_by_sku": {},
    }


def test_sourcing_beyond_a_decimal_is_an_overflow_error_not_a_panic():
    line = {"line_id": "1", "sku": "A", "quantity": 10**9}
    with pytest.raises(seamline.ArithmeticOverflowError):
        seamline.source_order([line], "ship", [node("dc", per_unit="1e20")])
    two = [{"line_id": str(i), "sku": "A", "quantity": 2**61} for i in range(2)]
    with pytest.raises(seamline.ArithmeticOverflowError):
        seamline.source_order(two, "ship", [node("dc")])
    biggest = str(Decimal("79228162514264337593543950335"))
    with pytest.raises(seamline.ArithmeticOverflowError):
        seamline.source_order(
            [{"line_id": "1", "sku": "A", "quantity": 2}],
            "ship",
            [node("a", per_shipment=biggest, stock=1), node("b", per_shipment=biggest, stock=1)],
        )
    with pytest.raises(seamline.InvalidArgumentError, match=r"nodes\[1\]\.location"):
        seamline.source_order([{"line_id": "1", "sku": "A", "quantity": 1}], "ship", [node("dc"), node("dc")])


def test_on_hand_never_wraps_and_a_refused_event_changes_nothing():
    book = seamline.Ledger()
    book.apply(stock_event("r1", "received", 0, quantity=2**62))
    with pytest.raises(seamline.ArithmeticOverflowError):
        book.apply(stock_event("r2", "received", 1, quantity=2**62))
    assert book.stock("A", "store", T0)["on_hand"] == 2**62
    book.apply(stock_event("r3", "received", 0, quantity=2**63 - 1, location="web"))
    with pytest.raises(seamline.ArithmeticOverflowError):
        book.pooled_available("A", ["store", "web"], T0)


def test_points_never_wrap():
    book = seamline.CustomerBook()
    earn = {"loyalty_id": "11112222", "kind": "earn", "points": 2**63 - 1, "occurred_at": T0}
    assert book.apply_points({"event_id": "e1", **earn})
    with pytest.raises(seamline.ArithmeticOverflowError):
        book.apply_points({"event_id": "e2", **earn})
    assert book.total_points() == 2**63 - 1


def test_huge_decimals_are_refused_at_once():
    for value in (Decimal("1e300000000"), Decimal("-1e-300000000"), 10**40, Decimal("NaN"), Decimal("Infinity")):
        with pytest.raises(seamline.InvalidAmountError) as caught:
            seamline.Money(value, "USD")
        assert len(str(caught.value)) < 512
    assert seamline.Money(9007199254740993, "USD").amount == Decimal("9007199254740993")
    assert seamline.Money(Decimal("1.50E+2"), "USD").amount == Decimal("150")


def test_an_instant_that_could_not_be_stored_is_refused_at_input():
    book = seamline.Ledger()
    with pytest.raises(seamline.InvalidTimestampError):
        book.apply({**stock_event("late", "received", 0, quantity=1), "occurred_at": "9999-12-31T23:30:00-01:00"})
    assert book.to_snapshot() == seamline.Ledger().to_snapshot()


def snapshots():
    ledger = seamline.Ledger()
    ledger.apply(stock_event("r1", "received", 0, quantity=10))
    ledger.apply(stock_event("h1", "reserved", 1, quantity=2, reservation_id="cart-1"))
    book = seamline.CustomerBook()
    book.add_records([{"source": "pos", "record_id": "a", "observed_at": T0,
                       "identifiers": [{"kind": "loyalty", "value": "11112222"}]}])
    book.apply_points({"event_id": "e1", "loyalty_id": "11112222", "kind": "earn", "points": 100, "occurred_at": T0})
    return [(seamline.Ledger, ledger.to_snapshot()), (seamline.CustomerBook, book.to_snapshot())]


def test_every_single_bit_flip_of_a_snapshot_is_refused():
    rng = random.Random(22)
    for cls, data in snapshots():
        assert cls.from_snapshot(data).to_snapshot() == data
        for _ in range(300):
            bit = rng.randrange(len(data) * 8)
            flipped = bytearray(data)
            flipped[bit // 8] ^= 1 << (bit % 8)
            with pytest.raises((seamline.InvalidSnapshotError, seamline.UnsupportedVersionError)):
                cls.from_snapshot(bytes(flipped))


def test_a_tie_out_of_28_digit_amounts_is_a_row_error_not_a_panic():
    big = "9" * 26 + ".00"
    orders = [
        {"order_id": f"o{i}", "channel": "web", "currency": "USD", "total": big, "placed_at": T0,
         "payments": [{"payment_id": f"p{i}", "method": "card", "processor": "stripe", "amount": big,
                       "processor_reference": f"ch_{i}", "captured_at": T0}]}
        for i in range(2)
    ]
    day = seamline.reconcile(orders=orders, config={"as_of": "2026-11-30T00:00:00Z"})
    assert [e["reason"] for e in day.exceptions] == ["INVALID_ROW"] * 2
    assert all("beyond the largest amount a tie-out accepts (10^18)" in e["message"] for e in day.exceptions)
