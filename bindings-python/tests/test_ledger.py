import datetime

import pytest

import seamline
from seamline import BufferPolicy, Ledger

UTC = datetime.timezone.utc


def at(minute):
    return datetime.datetime(2026, 11, 26, 10, minute, tzinfo=UTC)


def event(event_id, kind, minute, sku="RED-SHIRT-M", location="store", **fields):
    return {
        "event_id": event_id,
        "sku": sku,
        "location": location,
        "occurred_at": at(minute),
        "source": "till-1",
        "type": kind,
        **fields,
    }


def test_counter_sale_of_the_last_unit_leaves_the_web():
    book = Ledger()
    book.apply(event("e1", "received", 0, quantity=1))
    web = ["store"]
    assert book.publish("RED-SHIRT-M", web, BufferPolicy.fixed(0), at(1))["quantity"] == 1
    book.apply(event("e2", "sold", 1, quantity=1, order_ref="till-receipt-9"))
    assert book.publish("RED-SHIRT-M", web, BufferPolicy.fixed(0), at(2))["quantity"] == 0
    assert book.stock("RED-SHIRT-M", "store", at(2)) == {"on_hand": 0, "reserved": 0, "available": 0, "in_transit": 0}


def test_duplicates_and_conflicts():
    book = Ledger()
    assert book.apply(event("e1", "received", 0, quantity=5))["duplicate"] is False
    assert book.apply(event("e1", "received", 0, quantity=5))["duplicate"] is True
    with pytest.raises(seamline.ConflictingDuplicateError):
        book.apply(event("e1", "received", 0, quantity=6))
    assert len(book) == 1


def test_reservation_errors_are_typed():
    book = Ledger()
    book.apply(event("e1", "received", 0, quantity=1))
    with pytest.raises(seamline.InsufficientStockError) as info:
        book.apply(event("h1", "reserved", 1, quantity=2, reservation_id="cart-1"))
    assert info.value.details == {"sku": "RED-SHIRT-M", "location": "store", "requested": "2", "available": "1"}
    with pytest.raises(seamline.UnknownReservationError):
        book.apply(event("r1", "reservation_released", 2, reservation_id="cart-1"))


def test_bad_rows_get_codes_not_python_errors():
    book = Ledger()
    with pytest.raises(seamline.InvalidQuantityError):
        book.apply(event("e1", "sold", 0, quantity=0))
    # A float quantity is INVALID_TYPE here as everywhere, named by its field.
    with pytest.raises(seamline.InvalidTypeError, match=r"events\[0\]\.quantity"):
        book.apply(event("e1", "sold", 0, quantity=1.5))
    with pytest.raises(seamline.InvalidArgumentError, match=r"events\[0\]\.type: expected one of received"):
        book.apply(event("e1", "teleported", 0))
    with pytest.raises(seamline.InvalidTimestampError, match="zone-less"):
        book.apply({**event("e1", "sold", 0, quantity=1), "occurred_at": datetime.datetime(2026, 11, 26, 10)})
    with pytest.raises(seamline.InvalidTypeError):
        book.apply(["not", "a", "dict"])


def test_offline_till_batch_reports_every_row_and_what_it_revealed():
    book = Ledger()
    book.apply(event("e1", "received", 0, quantity=2))
    book.apply(event("h1", "reserved", 30, quantity=2, reservation_id="pickup-1"))
    report = book.apply_batch(
        [
            event("till-1", "sold", 10, quantity=1),
            event("till-1", "sold", 10, quantity=1),
            {"event_id": "till-2"},
            event("till-3", "sold", 12, quantity=0),
        ],
        now=at(59),
    )
    assert report["applied"] == 1
    assert report["duplicates"] == ["till-1"]
    assert [(r["index"], r["error"]["code"]) for r in report["rejected"]] == [
        (2, "INVALID_ARGUMENT"),
        (3, "INVALID_QUANTITY"),
    ]
    assert report["revealed"] == [
        {"type": "over_committed", "sku": "RED-SHIRT-M", "location": "store", "on_hand": 1, "reserved": 2}
    ]


def test_an_offline_tills_ledger_merges_on_reconnect():
    central = Ledger()
    central.apply(event("r1", "received", 0, quantity=3))
    till = Ledger.from_snapshot(central.to_snapshot())
    till.apply(event("till-1", "sold", 10, quantity=1))
    till.apply(event("till-2", "sold", 20, quantity=1))
    central.apply(event("h1", "reserved", 30, quantity=2, reservation_id="pickup-7"))
    report = central.merge(till, at(59))
    assert (report["applied"], report["duplicates"], report["rejected"]) == (2, ["r1"], [])
    assert report["revealed"] == [
        {"type": "over_committed", "sku": "RED-SHIRT-M", "location": "store", "on_hand": 1, "reserved": 2}
    ]
    again = central.merge(till, at(59))
    assert (again["applied"], len(again["duplicates"])) == (0, 3)
    # A ledger merged into itself: every event a duplicate, no deadlock.
    assert central.merge(central, at(59))["applied"] == 0
    with pytest.raises(seamline.SeamlineError) as err:
        central.merge(till, "yesterday")
    assert err.value.code == "INVALID_TIMESTAMP"


def test_history_reads_like_an_audit_trail():
    book = Ledger()
    book.apply(event("e1", "received", 0, quantity=10))
    book.apply(event("e3", "sold", 20, quantity=2))
    book.apply(event("c1", "counted", 10, on_hand=7))
    lines = book.history("RED-SHIRT-M", "store")
    assert [(l["event_id"], l["description"], l["on_hand_after"]) for l in lines] == [
        ("e1", "received 10", 10),
        ("c1", "counted 7 (variance -3)", 7),
        ("e3", "sold 2", 5),
    ]


def test_snapshot_round_trip_and_bad_bytes():
    book = Ledger()
    book.apply(event("e1", "received", 0, quantity=10))
    data = book.to_snapshot()
    restored = Ledger.from_snapshot(data)
    assert restored.stock("RED-SHIRT-M", "store", at(1)) == book.stock("RED-SHIRT-M", "store", at(1))
    with pytest.raises(seamline.InvalidSnapshotError):
        Ledger.from_snapshot(data[:10])
    with pytest.raises(seamline.UnsupportedVersionError):
        Ledger.from_snapshot(data.replace(b'"version":2', b'"version":3'))


def test_velocity_publication_reports_its_risk():
    book = Ledger()
    book.apply(event("e1", "received", 0, quantity=15))
    policy = BufferPolicy.velocity(velocity_per_hour=24, exposure_hours=0.25, service_level=0.95)
    publication = book.publish("RED-SHIRT-M", ["store"], policy, at(1))
    assert publication["quantity"] == 5 and publication["buffer"] == 10
    assert publication["oversell_probability"] == pytest.approx(0.0426209, abs=1e-6)


def test_sync_health_finds_lost_events_and_a_stopped_sync():
    seen = [
        {"source": "till-1", "sequence": 1, "sent_at": at(0)},
        {"source": "till-1", "sequence": 4, "sent_at": at(1)},
    ]
    issues = seamline.sync_health(seen, now=at(59), max_silence_seconds=1800)
    assert [(i["type"], i.get("missing"), i.get("ongoing")) for i in issues] == [
        ("gap", 2, None),
        ("silence", None, True),
    ]
    with pytest.raises(seamline.InvalidArgumentError):
        seamline.sync_health(seen, now=at(59), max_silence_seconds=0)
    with pytest.raises(seamline.InvalidTimestampError):
        seamline.sync_health([{"source": "t", "sequence": 1, "sent_at": datetime.datetime(2026, 1, 1)}], at(1), 60)


def test_a_cart_is_all_or_nothing():
    book = Ledger()
    book.apply(event("e1", "received", 0, quantity=3))
    cart = {
        "cart_id": "web-cart-5",
        "lines": [{"sku": "RED-SHIRT-M", "location": "store", "quantity": 2}] * 2,
        "occurred_at": at(1),
        "expires_at": at(30),
        "source": "web",
    }
    with pytest.raises(seamline.InsufficientStockError):
        book.reserve_cart(cart)
    assert book.stock("RED-SHIRT-M", "store", at(2))["reserved"] == 0
    held = book.reserve_cart({**cart, "allow_partial": True})
    assert [(h["requested"], h["reserved"]) for h in held] == [(4, 3)]
    assert book.reservation_state(held[0]["reservation_id"], at(30)) == "expired"


def stock_columns():
    return {
        "event_id": ["in-1", "in-2", "sale-1", "ret-1"],
        "sku": ["RED-SHIRT-M", "RED-SHIRT-M", "RED-SHIRT-M", "RED-SHIRT-M"],
        "location": ["store", "store", "store", "store"],
        "occurred_at": [at(0), at(1), at(2), at(3)],
        "source": ["erp", "erp", "till-1", "till-1"],
        "type": ["received", "received", "sold", "returned"],
        "quantity": [5, 3, 2, 1],
        "order_ref": [None, None, "r-9", None],
        "restock": [None, None, None, True],
    }


def test_columns_as_lists_and_as_an_arrow_table_apply_alike():
    pa = pytest.importorskip("pyarrow")
    cols = stock_columns()
    lists = dict(cols, occurred_at=[t.isoformat() for t in cols["occurred_at"]])
    arrow = pa.table(dict(cols, occurred_at=pa.array(cols["occurred_at"], type=pa.timestamp("us", tz="UTC")),
                          quantity=pa.array(cols["quantity"], type=pa.int32()),
                          sku=pa.array(cols["sku"]).dictionary_encode()))
    a, b = Ledger(), Ledger()
    ra = a.apply_columns(lists, now=at(59))
    rb = b.apply_columns(arrow, now=at(59))
    assert ra == rb and rb["applied"] == 4
    assert b.stock("RED-SHIRT-M", "store", at(59))["on_hand"] == 7
    # A null where every row needs a value refuses that row alone.
    holed = arrow.set_column(arrow.column_names.index("sku"), "sku", pa.array(["RED-SHIRT-M", None, "RED-SHIRT-M", "RED-SHIRT-M"]))
    report = Ledger().apply_columns(holed, now=at(59))
    assert report["applied"] == 3
    assert [(r["index"], r["error"]["code"]) for r in report["rejected"]] == [(1, "INVALID_ARGUMENT")]
    assert report["rejected"][0]["error"]["field"] == "events[1].sku"


def test_an_arrow_table_row_with_a_local_time_is_refused_alone():
    pa = pytest.importorskip("pyarrow")
    cols = stock_columns()
    naive = [t.replace(tzinfo=None) for t in cols["occurred_at"]]
    table = pa.table(dict(cols, occurred_at=pa.array(naive, type=pa.timestamp("us"))))
    report = Ledger().apply_columns(table, now=at(59))
    assert report["applied"] == 0
    assert {r["error"]["code"] for r in report["rejected"]} == {"INVALID_TIMESTAMP"}
    # A column of the wrong type refuses the call, as a list of the wrong type does.
    with pytest.raises(seamline.SeamlineError) as info:
        Ledger().apply_columns(pa.table(dict(cols, occurred_at=[t.isoformat() for t in cols["occurred_at"]],
                                             quantity=[5.0, 3.0, 2.0, 1.0])), now=at(59))
    assert info.value.code == "INVALID_TYPE"


def test_a_location_does_what_it_says_by_core_defaults_and_a_misspelt_capability_is_refused():
    book = Ledger()
    book.apply(event("e1", "received", 0, location="dc", quantity=5))
    book.configure_channel("web", ["dc"], ship_policy=BufferPolicy.fixed(0), pickup_policy=BufferPolicy.fixed(0))
    # Capabilities left out are core's default: no shipping.
    book.configure_location("dc", "warehouse")
    assert book.channel_publication("web", "RED-SHIRT-M", "ship", at(1))["pooled"]["quantity"] == 0
    book.configure_location("dc", "warehouse", ships=True, pickup=None)
    assert book.channel_publication("web", "RED-SHIRT-M", "ship", at(1))["pooled"]["quantity"] == 5
    with pytest.raises(seamline.SeamlineError) as info:
        book.configure_location("dc", "warehouse", ship=True)
    assert info.value.code == "INVALID_ARGUMENT" and "ship" in str(info.value)
    with pytest.raises(seamline.SeamlineError) as info:
        book.configure_location("dc", "depot")
    assert info.value.code == "INVALID_ARGUMENT"
