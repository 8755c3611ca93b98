"""One boundary: the same rows give the same tie-out through every Python
entry point (records, lists, pandas, pyarrow, polars), and bad input gets
one clear error naming where, never a crash, a float or a phone number."""

import csv
import io
from datetime import datetime, timezone
from decimal import Decimal

import pytest

import seamline

CONFIG = {"as_of": "2026-11-26T00:00:00Z"}
CHILDREN = ("payments", "fulfilments", "returns", "refunds")


def day():
    """A day with every kind of bad row a column can hold, each column of one type."""
    def order(oid, currency="USD", customer=None):
        return {"order_id": oid, "channel": "web", "currency": currency, "total": "100.00",
                "placed_at": "2026-11-20T10:00:00Z", "customer": customer,
                "payments": [{"payment_id": "p1", "method": "card", "processor": "stripe",
                              "processor_reference": f"ch_{oid}", "amount": "100.00",
                              "captured_at": "2026-11-20T10:00:00Z"}],
                "fulfilments": [{"line_id": "l1", "sku": "A", "quantity": 1, "location": "WH",
                                 "fulfilled_at": "2026-11-20T12:00:00Z"}],
                "returns": [], "refunds": []}
    orders = [order("W1"), order("W3", currency="ZZZ"), order(None), order(None),
              order("W4", customer="+1 415 555 2671\u0007"), order("W" * 300)]
    orders[0]["returns"] = [{"return_id": "r1", "line_id": "l1", "sku": "A", "quantity": 1,
                             "restock": "false", "location": "S1", "received_at": "2026-11-22T09:00:00Z"}]
    orders[4]["fulfilments"][0]["sku"] = "B" * 500
    settlements = [{"id": "s1", "kind": "charge", "processor": "stripe", "processor_reference": "ch_W1",
                    "merchant_reference": "W1", "gross": "100.00", "fee": "3.20", "net": "96.80",
                    "currency": "USD", "settled_at": "2026-11-21T02:00:00Z", "batch_id": "po_1"},
                   {"id": "s2", "kind": "charge", "processor": "stripe", "processor_reference": "ch_X",
                    "merchant_reference": None, "gross": "1.00", "fee": "0.10", "net": "0.80",
                    "currency": "USD", "settled_at": "2026-11-21T02:00:00Z", "batch_id": "po_1"}]
    movements = [{"id": "m1", "sku": "A", "location": "WH", "delta": -1, "kind": "sale",
                  "order_reference": "W1", "return_reference": None, "occurred_at": "2026-11-20T12:00:00Z"},
                 {"id": "m2", "sku": "A", "location": "WH", "delta": 0, "kind": "count",
                  "order_reference": None, "return_reference": None, "occurred_at": "2026-11-21T08:00:00Z"}]
    return orders, settlements, movements


def flatten(orders, settlements, movements):
    """The same rows as column tables (dicts of equal-length lists)."""
    rows = {name: [] for name in ("orders", *CHILDREN)}
    for o in orders:
        rows["orders"].append({k: v for k, v in o.items() if k not in CHILDREN})
        for name in CHILDREN:
            rows[name].extend({"order_id": o["order_id"], **child} for child in o[name])
    rows["settlements"], rows["movements"] = settlements, movements
    tables = {}
    for name, table in rows.items():
        if table:
            tables[name] = {k: [r.get(k) for r in table] for k in table[0]}
    return tables


def result(r):
    return {"exceptions": r.exceptions, "pending": r.pending, "rows": r.rows, "summary": r.summary,
            "csv": r.exceptions_csv(), "text": r.summary_text()}


def test_one_day_gives_one_result_through_every_entry_point():
    orders, settlements, movements = day()
    by_records = result(seamline.reconcile(orders=orders, settlements=settlements, movements=movements,
                                           config=CONFIG))
    tables = flatten(orders, settlements, movements)
    by_lists = result(seamline.reconcile_columns(**tables, config=CONFIG))
    assert by_lists == by_records
    pd = pytest.importorskip("pandas")
    assert result(seamline.reconcile_columns(**{k: pd.DataFrame(t) for k, t in tables.items()},
                                             config=CONFIG)) == by_records
    pa = pytest.importorskip("pyarrow")
    assert result(seamline.reconcile_columns(**{k: pa.table(t) for k, t in tables.items()},
                                             config=CONFIG)) == by_records
    pl = pytest.importorskip("polars")
    assert result(seamline.reconcile_columns(**{k: pl.DataFrame(t) for k, t in tables.items()},
                                             config=CONFIG)) == by_records
    # The rows it could not read, each its own exception, named by table, row and field.
    messages = {e["id"]: e["message"] for e in by_records["exceptions"] if e["reason"] == "INVALID_ROW"}
    assert len(messages) == len([e for e in by_records["exceptions"] if e["reason"] == "INVALID_ROW"])
    text = "\n".join(messages.values())
    assert "orders[1].currency" in text and "orders[2].order_id" in text and "orders[3].order_id" in text
    assert "its order W3 could not be read" in text and "fulfilments[2].order_id" in text
    assert "555" not in text and "4155552671" not in text
    assert all(len(m) < 512 for m in messages.values())
    # "false" is false: a return not restocked, and a count confirming stock, read fine.
    assert not any("returns[" in m or "movements[" in m for m in messages.values())


def test_a_table_with_other_headers_is_refused_not_read_as_empty():
    with pytest.raises(seamline.SeamlineError) as info:
        seamline.reconcile_columns(orders={"Order ID": ["W1"], "Total": ["1.00"]}, config=CONFIG)
    assert info.value.code == "INVALID_ARGUMENT"
    assert "orders.channel" in str(info.value) and "required column" in str(info.value)
    with pytest.raises(seamline.SeamlineError) as info:
        seamline.reconcile_columns(orders={"order_id": ["W1"], "colour": ["red"]}, config=CONFIG)
    assert "unknown column" in str(info.value)
    # Headers in other spellings name the same fields; extra columns are skipped on request.
    orders = {"Order ID": ["W1"], "Channel": ["web"], "currency": ["USD"], "Total": ["1.00"],
              "placedAt": ["2026-11-20T10:00:00Z"], "colour": ["red"]}
    r = seamline.reconcile_columns(orders=orders, config={**CONFIG, "extra_columns": "ignore"})
    assert r.rows["orders"]["exceptions"] == 1  # unpaid, but read
    assert [e["reason"] for e in r.exceptions] == ["PAYMENT_TOTAL_MISMATCH"]


def csv_text():
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["order_id", "payment_id", "method", "processor", "processor_reference", "amount", "captured_at"])
    w.writerow(["W1", "p1", "card", "stripe", "ch_1", "100.10", "2026-11-20T10:00:00Z"])
    w.writerow(["W2", "p1", "cash", "", "", "25.00", "2026-11-20T10:00:00Z"])
    return out.getvalue()


def test_a_pandas_csv_read_with_float_amounts_is_one_error_and_read_as_text_it_ties_out():
    pd = pytest.importorskip("pandas")
    orders = {"order_id": ["W1", "W2"], "channel": ["web", "pos"], "currency": ["USD", "USD"],
              "total": ["100.10", "25.00"], "placed_at": ["2026-11-20T10:00:00Z"] * 2}
    floats = pd.read_csv(io.StringIO(csv_text()))
    with pytest.raises(seamline.SeamlineError) as info:
        seamline.reconcile_columns(orders=orders, payments=floats, config=CONFIG)
    assert info.value.code == "INVALID_TYPE"
    assert "payments.amount" in str(info.value) and "decimal or text" in str(info.value)
    texts = pd.read_csv(io.StringIO(csv_text()), dtype=str)
    r = seamline.reconcile_columns(orders=orders, payments=texts, config=CONFIG)
    assert r.rows["payments"] == {"matched": 1, "pending": 0, "exceptions": 1}  # the card one is unsettled
    assert [e["reason"] for e in r.exceptions] == ["MISSING_SETTLEMENT"]


def test_python_ints_are_exact_money_and_ids():
    assert seamline.Money(9007199254740993, "USD").amount == Decimal("9007199254740993")
    # 2**59 + 1 has no float of its own; it stays below a tie-out's 10**18 limit.
    orders = [{"order_id": 12, "channel": "pos", "currency": "USD", "total": 2**59 + 1,
               "placed_at": datetime(2026, 11, 20, tzinfo=timezone.utc)}]
    r = seamline.reconcile(orders=orders, config=CONFIG)
    (e,) = r.exceptions
    assert e["key"]["id"] == "12" and e["expected"] == Decimal(2**59 + 1)


def test_a_value_nested_past_the_limit_is_a_row_error_not_a_crash():
    deep = []
    for _ in range(20_000):
        deep = [deep]
    orders = [{"order_id": "W1", "channel": "web", "currency": "USD", "total": "1",
               "placed_at": "2026-11-20T10:00:00Z", "customer": deep}]
    r = seamline.reconcile(orders=orders, config=CONFIG)
    (e,) = r.exceptions
    assert e["reason"] == "INVALID_ROW" and "nested deeper than 64 levels" in e["message"]
    r = seamline.reconcile_columns(orders={"order_id": ["W1"], "channel": [deep], "currency": ["USD"],
                                           "total": ["1"], "placed_at": ["2026-11-20T10:00:00Z"]},
                                   config=CONFIG)
    (e,) = r.exceptions
    assert "orders[0].channel" in e["message"] and "got list" in e["message"]


def test_naive_datetimes_and_lone_surrogates_are_refused_by_field():
    orders = [{"order_id": "W1", "channel": "web", "currency": "USD", "total": "1",
               "placed_at": datetime(2026, 11, 20, 10)},
              {"order_id": "W2\ud800", "channel": "web", "currency": "USD", "total": "1",
               "placed_at": "2026-11-20T10:00:00Z"}]
    r = seamline.reconcile(orders=orders, config=CONFIG)
    messages = sorted(e["message"] for e in r.exceptions if e["reason"] == "INVALID_ROW")
    assert any("orders[0].placed_at" in m for m in messages), messages
    assert any("lone surrogate" in m for m in messages), messages


def test_a_flag_given_as_text_is_refused_not_read_by_truthiness():
    t0 = datetime(2026, 11, 1, tzinfo=timezone.utc)
    table = seamline.PriceTable()
    table.add("A", seamline.Money(Decimal("10.00"), "USD"), t0)
    promos = [{"id": f"p{i}", "skus": ["A"], "from": t0, "stackable": "false",
               "discount": {"type": "percent_off", "percent": Decimal("10")}} for i in (1, 2)]
    with pytest.raises(seamline.SeamlineError) as info:
        table.quote("A", "web", "USD", t0, promos)
    assert info.value.code == "INVALID_TYPE"
    assert "promotions[0].stackable" in str(info.value) and "expected a boolean" in str(info.value)
    for p in promos:
        p["stackable"] = False
    assert table.quote("A", "web", "USD", t0, promos)["promotions"] == ["p1"]


def test_a_phone_of_the_wrong_type_is_named_by_path_and_never_shown():
    book = seamline.CustomerBook()
    record = {"source": "pos", "record_id": "c-1", "observed_at": datetime(2026, 11, 1, tzinfo=timezone.utc),
              "identifiers": [{"kind": "email", "value": "ann@example.com"}, {"kind": "phone", "value": 4155552671}]}
    with pytest.raises(seamline.SeamlineError) as info:
        book.add_records([record])
    text = str(info.value) + repr(info.value.details)
    assert "identifiers[1].value" in text
    assert "4155552671" not in text and "555" not in text


# An argument of the wrong type is a coded Seamline error naming the argument, for every
# exported call (pyo3 alone raises a bare TypeError, UnicodeEncodeError or OverflowError).
WRONG_ARGUMENTS = [
    (lambda: seamline.normalize_sku(5), seamline.InvalidTypeError, "value", "expected str, got int"),
    (lambda: seamline.minor_units(840), seamline.InvalidTypeError, "currency", "expected str, got int"),
    (lambda: seamline.normalize_phone(4155552671, "US"), seamline.InvalidTypeError, "value", "got int"),
    (lambda: seamline.normalize_phone("\ud800", "US"), seamline.InvalidArgumentError, "value", "lone surrogate"),
    (lambda: seamline.published_quantity(1, 2, 3), seamline.InvalidTypeError, "policy", "expected BufferPolicy"),
    (lambda: seamline.Ledger().stock("A", ["WH"], "2026-01-01T00:00:00Z"), seamline.InvalidTypeError,
     "location", "got list"),
    (lambda: seamline.Ledger().apply_batch("not a list", "2026-01-01T00:00:00Z"), seamline.InvalidTypeError,
     "events", "expected list of object, got str"),
    (lambda: seamline.Ledger().merge(5, "2026-01-01T00:00:00Z"), seamline.InvalidTypeError, "other",
     "expected Ledger, got int"),
    # Options with a default other than None, read the same way.
    # Read by core's reader (core's `ChannelRules`), in core's words.
    (lambda: seamline.SkuMap().set_rules("pos", case_fold="yes"), seamline.InvalidTypeError, "case_fold",
     "expected a boolean, got string"),
    (lambda: seamline.hash_identifier("email", "a@example.com", convention=3), seamline.InvalidTypeError,
     "convention", "got int"),
    (lambda: seamline.normalize_email("a@example.com", provider_rules="no"), seamline.InvalidTypeError,
     "provider_rules", "expected bool, got str"),
    (lambda: seamline.Money("1.005", "USD").round(mode=1), seamline.InvalidTypeError, "mode", "got int"),
]


@pytest.mark.parametrize("call, error, field, text", WRONG_ARGUMENTS)
def test_an_argument_of_the_wrong_type_is_a_coded_error_naming_it(call, error, field, text):
    with pytest.raises(error) as info:
        call()
    assert info.value.code in seamline.ERROR_CODES
    assert info.value.details["field"] == field
    assert text in str(info.value)
    assert "(argument)" not in str(info.value)
    # The built-in classes callers already catch still match.
    assert isinstance(info.value, TypeError if error is seamline.InvalidTypeError else ValueError)


def test_a_number_given_for_text_is_never_shown():
    with pytest.raises(seamline.InvalidTypeError) as info:
        seamline.normalize_phone(4155552671, "US")
    assert "4155552671" not in str(info.value) and "4155552671" not in repr(info.value.details)


def test_other_notes_are_kept():
    err = seamline.SeamlineError("boom")
    err.add_note("while doing something else")
    assert err.message == "boom"
    assert getattr(err, "__notes__", ["while doing something else"]) == ["while doing something else"]
