"""What every module returns is of the type generated from core's own types
(`seamline.results`): each value below comes from a real call and is checked
at run time against its TypedDict, so a declaration that drifts from what
the package hands out fails here."""

import typing
from datetime import datetime, timezone

import pytest

import seamline
from seamline import results as r
from typecheck import conforms

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)


def stock(event_id, kind, **fields):
    return {"event_id": event_id, "sku": "MUG", "location": "dc", "occurred_at": T0, "source": "erp",
            "type": kind, **fields}


def test_the_ledger_returns_its_declared_types():
    ledger = seamline.Ledger()
    conforms(ledger.apply(stock("in", "received", quantity=5)), r.ApplyReport)
    report = ledger.apply_batch([stock("s1", "sold", quantity=7), stock("bad", "sold", quantity=-1),
                                 stock("in", "received", quantity=5)], T0)
    assert report["rejected"] and report["anomalies"] and report["duplicates"]
    conforms(report, r.BatchReport)
    conforms(ledger.stock("MUG", "dc", T0), r.StockLevel)
    conforms(ledger.history("MUG", "dc"), typing.List[r.HistoryLine])
    conforms(ledger.anomalies(T0), typing.List[r.Anomaly])
    conforms(ledger.publish("MUG", ["dc"], seamline.BufferPolicy.fixed(1), T0), r.Publication)
    ledger.apply(stock("in-2", "received", quantity=10))
    held = ledger.reserve_cart({"cart_id": "c1", "lines": [{"sku": "MUG", "location": "dc", "quantity": 1}],
                                "occurred_at": T0, "source": "web", "allow_partial": True})
    assert held[0]["reservation_id"]
    conforms(held, typing.List[r.CartLineOutcome])
    ledger.configure_location("dc", kind="warehouse", ships=True, pickup=False, counter=False)
    ledger.configure_channel("web", ["dc"], ship_policy=seamline.BufferPolicy.fixed(0),
                             pickup_policy=seamline.BufferPolicy.fixed(0))
    conforms(ledger.channel_publication("web", "MUG", "ship", T0), r.ChannelPublication)
    conforms(ledger.reservation_state(held[0]["reservation_id"], T0), r.ReservationState)
    conforms(ledger.merge(seamline.Ledger(), T0), r.BatchReport)


def test_sourcing_and_sync_health_return_their_declared_types():
    node = {"location": "dc", "ships": True, "available": {"MUG": 5}, "per_shipment": "4.00", "per_unit": "0.50"}
    plan = seamline.source_order([{"line_id": "1", "sku": "MUG", "quantity": 2}], "ship", [node])
    conforms(plan, r.SourcingPlan)
    feed = [{"source": "till", "sequence": 1, "sent_at": T0}, {"source": "till", "sequence": 3, "sent_at": T0}]
    issues = seamline.sync_health(feed, T0, 60)
    assert issues
    conforms(issues, typing.List[r.SyncIssue])


def order_event(event_id, kind, **fields):
    return {"event_id": event_id, "order_id": "w-1", "occurred_at": T0, "source": "till", "type": kind, **fields}


def test_the_order_book_returns_its_declared_types():
    ledger = seamline.Ledger()
    ledger.apply(stock("in", "received", quantity=5))
    book = seamline.OrderBook()
    order = {"order_id": "w-1", "channel": "web", "currency": "USD", "fulfilment": "ship", "location": "dc",
             "lines": [{"line_id": "1", "sku": "MUG", "quantity": 2, "unit_price": "10.00"}]}
    conforms(book.apply(order_event("p", "placed", order=order)), r.Transition)
    book.apply(order_event("a", "allocated", allocations=[{"line_id": "1", "location": "dc", "quantity": 2}]))
    out = book.apply_with_ledger(ledger, order_event("f", "fulfilled", shipment_id="s", location="dc",
                                                     lines=[{"line_id": "1", "quantity": 2}]))
    conforms(out["transition"], r.Transition)
    returned = book.apply(order_event("r", "returned", return_id="r1", location="dc",
                                      lines=[{"line_id": "1", "quantity": 1, "disposition": "restocked"}]))
    assert returned["refund_due"] is not None
    conforms(returned, r.Transition)
    conforms(book.order("w-1"), r.OrderStatus)
    batch = book.apply_batch([order_event("x", "captured", payment_id="p1", amount="20.00"), {"type": 5}])
    assert batch["rejected"]
    conforms(batch, r.OrderBatchReport)


def record(source, record_id, identifiers, **attributes):
    return {"source": source, "record_id": record_id, "observed_at": T0,
            "identifiers": [{"kind": k, "value": v} for k, v in identifiers], "attributes": attributes}


def test_the_customer_book_returns_its_declared_types():
    book = seamline.CustomerBook()
    book.add_records([
        record("pos", "c-17", [("phone", "+1 415 555 2671"), ("loyalty", "7788-1234")], name="Ann Lee"),
        record("web", "u-901", [("email", "ann@example.com"), ("phone", "+1 415 555 2671")], name="Ann Lee"),
        record("pos", "c-18", [("phone", "+1 415 555 2671"), ("loyalty", "9900-0001")], name="Bob Lee"),
        record("web", "u-2", [("email", "not an email")], name="Ann Lee"),
    ])
    resolution = book.resolution()
    assert resolution["review"] and resolution["issues"] and resolution["merges"]
    conforms(resolution, r.CustomerResolution)
    conforms(book.profile(resolution["profiles"][0]["profile_id"]), r.Profile)
    book.apply_points({"event_id": "e", "loyalty_id": "12345678", "kind": "earn", "points": 5, "occurred_at": T0})
    conforms(book.unclaimed_points(), typing.List[r.UnclaimedPoints])
    effect = book.correct({"type": "never_link", "record_a": "pos/c-17", "record_b": "web/u-901",
                           "by": "ana", "reason": "two people"})
    conforms(effect, r.CorrectionEffect)
    suggestions = book.suggestions()
    conforms(suggestions, r.Suggestions)


def test_the_catalog_and_prices_return_their_declared_types():
    sku_map = seamline.SkuMap()
    rows = [{"channel": "web", "external_id": "1", "components": [{"sku": "MUG"}]},
            {"channel": "web", "external_id": "1", "components": [{"sku": "CAP"}]},
            {"channel": "web"}]
    report = sku_map.import_rows(rows)
    assert report["conflicts"] and report["invalid"]
    conforms(report, r.ImportReport)
    sku_map.translate_columns("web", ["404"], [1], T0)
    conforms(sku_map.unmapped_queue(), typing.List[r.UnmappedEntry])
    prices = seamline.PriceTable()
    prices.add("MUG", seamline.Money("10.00", "USD"), T0)
    promotion = {"id": "p", "skus": ["MUG"], "from": T0, "discount": {"type": "percent_off", "percent": "10"}}
    conforms(prices.quote("MUG", "web", "USD", T0, [promotion]), r.PriceQuote)
    mismatches = seamline.price_mismatches(sku_map, prices, "web", [
        {"external_id": "1", "price": seamline.Money("12.00", "USD"), "observed_at": T0}])
    conforms(mismatches, r.MismatchReport)


def test_the_resolver_returns_its_declared_types():
    resolver = seamline.Resolver({"inventory": "pos", "orders": "oms", "customers": "crm", "catalog": "pim",
                                  "payments": "psp"})
    update = {"update_id": "u1", "system": "pos", "domain": "inventory", "entity": "MUG", "field": "on_hand",
              "value": "3", "occurred_at": T0}
    conforms(resolver.add(update), r.Arrival)
    conforms(resolver.add_all([update, {**update, "update_id": "u2", "system": "crm"}]),
             typing.List[typing.Union[r.Arrival, typing.Dict[str, typing.Any]]])
    conforms(resolver.resolve(), r.Resolution)


def test_lists_of_results_come_back_as_arrow_tables():
    pa = pytest.importorskip("pyarrow")
    ledger = seamline.Ledger()
    ledger.apply_batch([stock("in", "received", quantity=2), stock("s", "sold", quantity=5)], T0)
    anomalies = ledger.anomalies(T0)
    table = ledger.anomalies_table(T0)
    assert isinstance(table, pa.Table) and table.num_rows == len(anomalies) == 1
    # Every kind's fields are columns; a kind without one has null there.
    assert {"type", "sku", "on_hand", "transfer_id", "units_oversold"} <= set(table.column_names)
    assert table.to_pylist()[0]["on_hand"] == anomalies[0]["on_hand"] == -3
    assert table.to_pylist()[0]["transfer_id"] is None
    history = ledger.history_table("MUG", "dc")
    assert history.schema.field("occurred_at").type == pa.timestamp("us", tz="UTC")
    assert history.column("on_hand_after").to_pylist() == [line["on_hand_after"] for line in ledger.history("MUG", "dc")]
    resolver = seamline.Resolver({"inventory": "pos", "orders": "oms", "customers": "crm", "catalog": "pim",
                                  "payments": "psp"})
    resolver.add({"update_id": "u1", "system": "pos", "domain": "inventory", "entity": "MUG", "field": "on_hand",
                  "value": "3", "occurred_at": T0})
    fields = resolver.resolution_table().to_pylist()
    assert [(f["entity"], f["winner_system"], f["won_by"]) for f in fields] == [("MUG", "pos", "owner")]
    assert fields[0]["winner_occurred_at"] == T0
    book = seamline.CustomerBook()
    book.add_records([record("pos", "1", [("email", "ann@example.com")], first_name="Ann"),
                      record("web", "2", [("email", "ANN@example.com")])])
    profiles = book.profiles_table().to_pylist()
    assert [p["members"] for p in profiles] == [["pos/1", "web/2"]]
    assert "ann@example.com" not in str(profiles).lower()
