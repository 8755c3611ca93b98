"""The daily tie-out from Python: records and columns, Decimal out, floats refused."""

import csv
import io
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

import seamline

CONFIG = {
    "as_of": datetime(2026, 11, 26, tzinfo=timezone.utc),
    "fee_schedule": [{"processor": "stripe", "percent": Decimal("2.9"), "fixed": Decimal("0.30")}],
}


def order(order_id="W1", amount="100.00", settled=True):
    return {
        "order_id": order_id,
        "channel": "web",
        "currency": "USD",
        "total": Decimal(amount),
        "placed_at": "2026-11-20T10:00:00Z",
        "payments": [
            {
                "payment_id": "p1",
                "method": "card",
                "processor": "stripe",
                "processor_reference": f"ch_{order_id}",
                "amount": Decimal(amount),
                "captured_at": datetime(2026, 11, 20, 10, tzinfo=timezone.utc),
            }
        ],
    }


def charge(order_id="W1", gross="100.00", fee="3.20", net="96.80"):
    return {
        "id": f"s_{order_id}",
        "kind": "charge",
        "processor": "stripe",
        "processor_reference": f"ch_{order_id}",
        "gross": gross,
        "fee": fee,
        "net": net,
        "currency": "USD",
        "settled_at": "2026-11-21T02:00:00Z",
    }


def test_a_clean_day_and_a_missing_settlement_with_decimal_amounts():
    r = seamline.reconcile(orders=[order("W1"), order("W2")], settlements=[charge("W1")], config=CONFIG)
    assert r.rows["payments"] == {"matched": 1, "pending": 0, "exceptions": 1}
    (e,) = r.exceptions
    assert e["reason"] == "MISSING_SETTLEMENT"
    assert e["key"] == {"kind": "payment", "order_id": "W2", "id": "p1"}
    assert e["amount_at_risk"] == Decimal("100.00") and isinstance(e["amount_at_risk"], Decimal)
    usd = r.summary[0]
    assert usd["processor_captured"] == usd["settled_gross"] + usd["missing_settlement"]
    assert r.match_count == 1
    assert r.matches()[0]["kind"] == "charge_by_processor_reference"


def test_a_float_for_money_is_an_invalid_row_and_the_rest_still_count():
    bad = order("W2")
    bad["total"] = 100.0
    r = seamline.reconcile(orders=[order("W1"), bad], settlements=[charge("W1")], config=CONFIG)
    by_kind = {e["key"]["kind"]: e for e in r.exceptions}
    assert {e["reason"] for e in r.exceptions} == {"INVALID_ROW"}
    assert "orders[1].total" in by_kind["order"]["message"]
    assert "float" in by_kind["order"]["message"]
    # Its payment is counted too, and says why it could not be placed.
    assert "its order W2 could not be read" in by_kind["payment"]["message"]
    assert r.rows["orders"] == {"matched": 1, "pending": 0, "exceptions": 1}
    assert r.rows["payments"] == {"matched": 1, "pending": 0, "exceptions": 1}


def test_an_invalid_configuration_raises_with_its_code():
    with pytest.raises(seamline.SeamlineError) as info:
        seamline.reconcile(orders=[], config={"as_of": "2026-11-26T00:00:00Z", "fee_tolerance": "-1"})
    assert info.value.code == "INVALID_CONFIGURATION"
    with pytest.raises(seamline.SeamlineError) as info:
        seamline.reconcile(orders=[], config={"as_of": "2026-11-26T00:00:00Z", "fee_tolerance": 0.01})
    assert info.value.code == "INVALID_TYPE"


def columns():
    return dict(
        orders={
            "order_id": ["W1", "P1"],
            "channel": ["web", "pos"],
            "currency": ["USD", "USD"],
            "total": [Decimal("100.00"), Decimal("25.00")],
            "placed_at": ["2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z"],
        },
        payments={
            "order_id": ["W1", "P1", "GHOST"],
            "payment_id": ["p1", "p1", "p1"],
            "method": ["card", "cash", "cash"],
            "processor": ["stripe", None, None],
            "processor_reference": ["ch_1", None, None],
            "amount": [Decimal("100.00"), Decimal("25.00"), Decimal("1.00")],
            "captured_at": ["2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z", "2026-11-20T11:00:00Z"],
        },
        fulfilments={
            "order_id": ["W1", "W1", "P1"],
            "line_id": ["l1", "l1", "l1"],
            "sku": ["A", "A", "B"],
            "quantity": [1, 1, 1],
            "location": ["WH", "S1", "S1"],
            "fulfilled_at": ["2026-11-20T12:00:00Z"] * 3,
        },
        settlements={
            "id": ["s1"],
            "kind": ["charge"],
            "processor": ["stripe"],
            "processor_reference": ["ch_1"],
            "gross": ["100.00"],
            "fee": ["3.20"],
            "net": ["96.80"],
            "currency": ["USD"],
            "settled_at": ["2026-11-21T02:00:00Z"],
        },
        movements={
            "id": ["m1", "m2", "m3"],
            "sku": ["A", "A", "B"],
            "location": ["WH", "S1", "S1"],
            "delta": [-1, -1, -1],
            "kind": ["sale", "sale", "sale"],
            "order_reference": ["W1", "W1", "P1"],
            "occurred_at": ["2026-11-20T12:00:00Z"] * 3,
        },
    )


def test_columns_tie_out_like_records_and_an_orphan_row_is_reported():
    r = seamline.reconcile_columns(**columns(), config=CONFIG)
    (e,) = r.exceptions
    assert (e["reason"], e["key"]["order_id"]) == ("INVALID_ROW", "GHOST")
    assert r.rows["payments"] == {"matched": 2, "pending": 0, "exceptions": 1}
    assert r.rows["fulfilments"]["matched"] == 3


def test_tables_are_named_as_core_declares_them_and_a_misspelt_one_is_refused():
    cols = columns()
    # A table given as None is a table not given.
    r = seamline.reconcile_columns(**cols, refunds=None, config=CONFIG)
    assert r.rows["payments"]["matched"] == 2
    cols["payment"] = cols.pop("payments")
    with pytest.raises(seamline.SeamlineError) as info:
        seamline.reconcile_columns(**cols, config=CONFIG)
    assert info.value.code == "INVALID_ARGUMENT"
    assert "the tables are orders, payments, fulfilments" in str(info.value)
    del cols["orders"]
    cols["payments"] = cols.pop("payment")
    with pytest.raises(seamline.SeamlineError, match="tables.orders"):
        seamline.reconcile_columns(**cols, config=CONFIG)


def test_columns_refuse_a_float_cell_naming_it():
    cols = columns()
    cols["payments"]["amount"][1] = 25.0
    r = seamline.reconcile_columns(**cols, config=CONFIG)
    reasons = sorted(e["reason"] for e in r.exceptions)
    assert reasons == ["INVALID_ROW", "INVALID_ROW", "PAYMENT_TOTAL_MISMATCH"]
    assert any("payments[1].amount" in e["message"] for e in r.exceptions)


def test_columns_of_unequal_length_raise():
    cols = columns()
    cols["movements"]["sku"].append("C")
    with pytest.raises(seamline.SeamlineError) as info:
        seamline.reconcile_columns(**cols, config=CONFIG)
    assert info.value.code == "INVALID_ARGUMENT"


def test_pandas_frames_are_read_as_columns():
    pd = pytest.importorskip("pandas")
    cols = {k: pd.DataFrame(v) for k, v in columns().items()}
    r = seamline.reconcile_columns(**cols, config=CONFIG)
    assert [e["reason"] for e in r.exceptions] == ["INVALID_ROW"]


def test_a_filtered_or_reindexed_pandas_frame_reads_its_rows_not_its_index():
    # pandas exports a frame whose index is not 0..n with an
    # `__index_level_0__` column: row labels, not a column of the table.
    pd = pytest.importorskip("pandas")
    cols = {k: pd.DataFrame(v) for k, v in columns().items()}
    whole = seamline.reconcile_columns(**cols, config=CONFIG)
    labelled = {k: df.set_axis([f"row{i}" for i in range(len(df))]) for k, df in cols.items()}
    import pyarrow as pa
    assert "__index_level_0__" in pa.Table.from_pandas(labelled["orders"]).column_names
    assert seamline.reconcile_columns(**labelled, config=CONFIG).to_json() == whole.to_json()
    # A named index is a column of data: an orders frame indexed by order id still reads.
    by_id = dict(cols, orders=cols["orders"].set_index("order_id"))
    assert seamline.reconcile_columns(**by_id, config=CONFIG).to_json() == whole.to_json()


def test_the_queue_is_csv_and_follows_exceptions_across_days():
    r = seamline.reconcile(orders=[order("W2")], config=CONFIG)
    rows = list(csv.DictReader(io.StringIO(r.exceptions_csv())))
    assert rows[0]["reason"] == "MISSING_SETTLEMENT"
    assert rows[0]["amount_at_risk"] == "100.00"
    assert "Work first:" in r.summary_text()
    day1 = r.queue()
    assert [i["status"] for i in day1] == ["new"]
    e = r.exceptions[0]
    accepted = [{"exception_id": e["id"], "fingerprint": e["fingerprint"], "by": "ana",
                 "note": "settles with Monday's batch", "at": "2026-11-26T09:00:00Z"}]
    assert [i["status"] for i in r.queue(day1, accepted)] == ["accepted"]
    with pytest.raises(seamline.SeamlineError):
        r.queue(day1, [dict(accepted[0], note="")])


FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "reports"


def test_processor_reports_become_settlement_lines_that_reconcile():
    stripe = seamline.read_report("stripe", [("rows", [
        {"id": "txn_1", "type": "charge", "source": "ch_W1", "amount": "10000", "fee": "320",
         "net": "9680", "currency": "usd", "created": "2026-11-21 02:00:00"},
        {"id": "txn_2", "type": "brand_new_type", "amount": "1", "currency": "usd", "created": "1"}])])
    assert stripe.lines[0]["gross"] == Decimal("100.00")
    assert stripe.unknown == [{"file": "rows", "line": 2, "row_type": "brand_new_type"}]
    r = seamline.reconcile(orders=[order("W1")], reports=[stripe], config=CONFIG)
    # The unknown row is in the queue, with its file and line: nothing set aside.
    assert [(e["reason"], e["key"]["id"]) for e in r.exceptions] == [("INVALID_ROW", "rows:2")]
    adyen = seamline.read_report("adyen", {"a.csv": "Type,Net Currency,Net Debit (NC),Net Credit (NC),Creation Date,TimeZone\n"
                                                    "Fee,EUR,5.00,,2026-11-23 03:00:00,CET\n"})
    assert adyen.lines[0]["net"] == Decimal("-5.00")
    assert adyen.lines[0]["settled_at"] == "2026-11-23T02:00:00Z"


def test_report_options_are_read_by_core_and_a_misspelt_one_is_refused():
    text = ("Type,Net Currency,Net Debit (NC),Net Credit (NC),Creation Date\n"
            "Fee,EUR,5.00,,2026-11-23 03:00:00\n")
    # None is an option not given; the account's offset read as core reads it.
    r = seamline.read_report("adyen", {"a.csv": text}, time_zones={"*": "+01:00"}, layout=None, threads=None)
    assert r.lines[0]["settled_at"] == "2026-11-23T02:00:00Z"
    with pytest.raises(seamline.SeamlineError) as info:
        seamline.read_report("adyen", {"a.csv": text}, time_zone={"*": "+01:00"})
    assert info.value.code == "INVALID_ARGUMENT"
    assert "time_zone" in str(info.value)
    with pytest.raises(seamline.SeamlineError) as info:
        seamline.read_report("adyen", {"a.csv": text}, threads=0)
    assert info.value.code == "INVALID_ARGUMENT"


def test_a_large_report_reads_alike_on_one_thread_and_on_several():
    # 9 MiB of Stripe rows, a balance transaction repeated every 1,000 rows: cut into parts by default.
    head = ("automatic_payout_id,balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,"
            "reporting_category,source_id,charge_id,payment_intent_id,payment_metadata[order_id]\n")
    rows = "".join(f"po_1,txn_{i % 1000},2026-11-20 10:00:00,2026-11-22 00:00:00,usd,10.00,0.59,9.41,charge,"
                   f"ch_{i},ch_{i},pi_{i},W{i}\n" for i in range(80_000))
    data = (head + rows).encode()
    assert len(data) > 8 << 20
    parts = seamline.read_report("stripe", {"big.csv": data})
    one = seamline.read_report("stripe", {"big.csv": data}, threads=1)
    assert parts.lines == one.lines and len(parts.lines) == 80_000
    assert parts.lines[-1]["id"] == "txn_999#80"  # numbered over the whole file, wherever the cut fell
    with pytest.raises(seamline.InvalidArgumentError) as e:
        seamline.read_report("stripe", {"big.csv": data}, threads=0)
    assert "threads" in str(e.value)


def test_real_report_files_bytes_dicts_and_data_frames_read_alike():
    name = "stripe_payout_reconciliation_itemized.csv"
    data = (FIXTURES / name).read_bytes()
    from_bytes = seamline.read_report("stripe", {name: data})
    with open(FIXTURES / name, newline="", encoding="utf-8") as f:
        from_dicts = seamline.read_report("stripe", {name: list(csv.DictReader(f))})
    assert from_bytes.lines == from_dicts.lines
    assert repr(from_bytes).startswith("ProcessorReport(stripe: 6 lines")
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(FIXTURES / name, dtype=str, keep_default_na=False)
    assert seamline.read_report("stripe", {name: frame}).lines == from_bytes.lines
    # Default dtypes make the amounts floats: one error naming the column, never money from a float.
    with pytest.raises(seamline.InvalidTypeError) as floats:
        seamline.read_report("stripe", {name: pd.read_csv(FIXTURES / name)})
    assert "gross" in str(floats.value) and "inexact" in str(floats.value)
    # csv.DictReader keeps a row's extra cells under None: an empty one is dropped, a filled one rejects its row.
    text = ("Type,Net Currency,Net Debit (NC),Net Credit (NC),Creation Date,TimeZone\n"
            "Fee,EUR,5.00,,2026-11-23 03:00:00,CET,\n"
            "Fee,EUR,6.00,,2026-11-23 03:00:00,CET,surprise\n")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert None in rows[0]
    ragged = seamline.read_report("adyen", {"rows": rows})
    assert len(ragged.lines) == 1 and ragged.rejected[0]["line"] == 2
    with pytest.raises(seamline.SeamlineError) as e:
        seamline.read_report("stripe", {"orders.csv": b"Order ID,Total\nW1,10\n"})
    assert "orders.csv" in str(e.value) and e.value.code == "INVALID_ARGUMENT"


def test_report_files_given_as_arrow_tables_and_frames_read_as_their_bytes():
    pa = pytest.importorskip("pyarrow")
    pcsv = pytest.importorskip("pyarrow.csv")
    pl = pytest.importorskip("polars")
    name = "stripe_balance_change_itemized.csv"
    from_bytes = seamline.read_report("stripe", {name: (FIXTURES / name).read_bytes()})
    # pyarrow's CSV reader with exact amounts: decimal128 kept digit for digit,
    # the zone-less timestamp[s] columns read as the report's own UTC wall clock.
    money = {c: pa.decimal128(12, 2) for c in ("gross", "fee", "net")}
    table = pcsv.read_csv(FIXTURES / name, convert_options=pcsv.ConvertOptions(column_types=money))
    assert table.schema.field("available_on_utc").type == pa.timestamp("s")
    from_arrow = seamline.read_report("stripe", {name: table})
    assert from_arrow.lines == from_bytes.lines and from_arrow.rows == from_bytes.rows
    # polars with every column as text; a record batch reader's stream too.
    frame = pl.read_csv(FIXTURES / name, infer_schema=False)
    assert seamline.read_report("stripe", {name: frame}).lines == from_bytes.lines
    # Types inferred (amounts as doubles): one error for the file naming the column,
    # not one rejected row per line.
    with pytest.raises(seamline.InvalidTypeError) as floats:
        seamline.read_report("stripe", {name: pcsv.read_csv(FIXTURES / name)})
    assert f"{name}: gross" in str(floats.value) and floats.value.code == "INVALID_TYPE"
    # A cell that is no report cell (a list) makes its row rejected, named by column.
    odd = table.set_column(table.schema.get_field_index("description"), "description",
                           pa.array([[1]] * table.num_rows))
    rejected = seamline.read_report("stripe", {name: odd}).rejected
    assert len(rejected) == table.num_rows
    assert "description holds a value of type Arrow List" in rejected[0]["error"]["reason"]


def test_a_table_that_cannot_list_its_columns_is_a_coded_error_with_a_bounded_message():
    class Frame:
        columns = ["gross"]

        def __getitem__(self, name):
            raise RuntimeError("cell " + "x" * 5000)

    with pytest.raises(seamline.InvalidArgumentError) as e:
        seamline.read_report("stripe", {"frame": Frame()})
    assert e.value.code == "INVALID_ARGUMENT" and "frame: could not be read" in str(e.value)
    assert len(str(e.value)) < 512


def test_a_partial_capture_reversal_is_counted_in_its_charge():
    name = "stripe_balance_change_partial_capture.csv"
    report = seamline.read_report("stripe", {name: (FIXTURES / name).read_bytes()})
    charge = next(line for line in report.lines if line["id"] == "txn_3PcA")
    assert (charge["gross"], charge["fee"], charge["net"]) == (
        Decimal("100.00"), Decimal("3.20"), Decimal("96.80"))
    assert report.skipped == [{"file": name, "line": 3,
                               "reason": "a partial-capture reversal of ch_3PcB: counted in line txn_3PcA"}]
    # The lines as an Arrow table feed reconcile_columns as its settlements table,
    # and tie out as the report itself does.
    pa = pytest.importorskip("pyarrow")
    lines = report.lines_table()
    assert lines.column_names[:3] == ["id", "kind", "processor"]
    assert lines.schema.field("net").type == pa.decimal128(38, 2)
    assert lines.column("net").to_pylist() == [Decimal("96.80"), Decimal("-15.00")]
    orders = {"order_id": ["W1003"], "channel": ["web"], "currency": ["USD"],
              "total": [Decimal("100.00")], "placed_at": ["2026-11-23T14:00:00Z"]}
    payments = {"order_id": ["W1003"], "payment_id": ["p1"], "method": ["card"],
                "processor": ["stripe"], "processor_reference": ["ch_3PcB"],
                "amount": [Decimal("100.00")], "captured_at": ["2026-11-23T14:02:11Z"]}
    config = {"as_of": "2026-11-26T00:00:00Z"}
    by_table = seamline.reconcile_columns(orders=orders, payments=payments, settlements=lines, config=config)
    by_report = seamline.reconcile_columns(orders=orders, payments=payments, reports=[report], config=config)
    assert by_table.exceptions == by_report.exceptions == []
    assert by_table.summary == by_report.summary


def test_arrow_tables_are_read_as_columns():
    pa = pytest.importorskip("pyarrow")
    # Decimal columns become Arrow decimal128 and come back as Decimal.
    tables = {k: pa.table(v) for k, v in columns().items()}
    assert str(tables["orders"].schema.field("total").type).startswith("decimal128")
    r = seamline.reconcile_columns(**tables, config=CONFIG)
    assert [e["reason"] for e in r.exceptions] == ["INVALID_ROW"]
    assert r.rows["movements"]["matched"] == 3


class ArrowOnly:
    """A table that offers only the Arrow stream: reading it any other way fails."""

    def __init__(self, table):
        self._table = table

    def __arrow_c_stream__(self, requested_schema=None):
        return self._table.__arrow_c_stream__(requested_schema)

    def __getitem__(self, name):
        raise AssertionError(f"column {name!r} read as Python objects")


def typed_tables(pa):
    """The same day as `columns()`, in the types Arrow producers emit:
    aware timestamps, decimal128, int64, bool, dictionary-encoded and large
    strings, and a table split over several record batches."""
    cols = columns()
    utc = pa.timestamp("us", tz="UTC")

    def stamps(texts):
        return pa.array([datetime.fromisoformat(t.replace("Z", "+00:00")) for t in texts], type=utc)

    orders = pa.table({
        "order_id": pa.array(cols["orders"]["order_id"], type=pa.large_string()),
        "channel": pa.array(cols["orders"]["channel"]).dictionary_encode(),
        "currency": pa.array(cols["orders"]["currency"], type=pa.string_view()),
        "total": pa.array(cols["orders"]["total"], type=pa.decimal128(12, 2)),
        "placed_at": stamps(cols["orders"]["placed_at"]),
    })
    payments = pa.table({**cols["payments"],
                         "amount": pa.array(cols["payments"]["amount"], type=pa.decimal128(12, 2)),
                         "captured_at": stamps(cols["payments"]["captured_at"])})
    fulfilments = pa.table({**cols["fulfilments"],
                            "quantity": pa.array(cols["fulfilments"]["quantity"], type=pa.int32()),
                            "fulfilled_at": pa.array(
                                [datetime(2026, 11, 20, 12, tzinfo=timezone.utc)] * 3,
                                type=pa.timestamp("ns", tz="Europe/Paris"))})
    movements = pa.table(cols["movements"])
    movements = pa.Table.from_batches(movements.to_batches(max_chunksize=1))
    return dict(orders=orders, payments=payments, fulfilments=fulfilments,
                settlements=pa.table(cols["settlements"]), movements=movements)


def test_arrow_buffers_are_read_in_place_and_tie_out_like_lists():
    pa = pytest.importorskip("pyarrow")
    tables = typed_tables(pa)
    assert tables["movements"]["sku"].num_chunks == 3
    lists = seamline.reconcile_columns(**columns(), config=CONFIG)
    arrow = seamline.reconcile_columns(**{k: ArrowOnly(t) for k, t in tables.items()}, config=CONFIG)
    assert arrow.exceptions == lists.exceptions
    assert arrow.rows == lists.rows
    assert arrow.summary == lists.summary
    # Chunked columns work alone too (a dict of Arrow arrays).
    columnwise = {k: {name: t[name] for name in t.column_names} for k, t in tables.items()}
    assert seamline.reconcile_columns(**columnwise, config=CONFIG).exceptions == lists.exceptions


def test_arrow_cells_that_cannot_be_exact_are_refused_on_their_row():
    pa = pytest.importorskip("pyarrow")
    tables = typed_tables(pa)
    # A column of float amounts is one error before any row is read.
    payments = tables["payments"]
    floats = payments.set_column(payments.column_names.index("amount"), "amount",
                                 pa.array([100.0, 25.0, 1.0]))
    with pytest.raises(seamline.SeamlineError) as info:
        seamline.reconcile_columns(**dict(tables, payments=floats), config=CONFIG)
    assert info.value.code == "INVALID_TYPE"
    assert "payments.amount" in str(info.value) and "read the column as decimal or text" in str(info.value)
    # A local (zone-less) time and an amount past 28 digits are refused on their row.
    orders = tables["orders"]
    orders = orders.set_column(orders.column_names.index("placed_at"), "placed_at",
                               pa.array([datetime(2026, 11, 20, 10), datetime(2026, 11, 20, 11)],
                                        type=pa.timestamp("us")))
    big = pa.array([Decimal("1" * 30), Decimal("1")], type=pa.decimal128(38, 0))
    orders = orders.set_column(orders.column_names.index("total"), "total", big)
    r = seamline.reconcile_columns(**dict(tables, orders=orders), config=CONFIG)
    messages = [e["message"] for e in r.exceptions if e["reason"] == "INVALID_ROW"]
    assert any("orders[1].placed_at" in m and "without a time zone" in m for m in messages)
    assert any("orders[0].total" in m and "28 digits" in m for m in messages)
    assert sum(r.rows["orders"].values()) == 2  # every row lands somewhere


def test_arrow_integer_amounts_are_exact_and_nanoseconds_must_be_whole_microseconds():
    pa = pytest.importorskip("pyarrow")
    tables = typed_tables(pa)
    orders = tables["orders"]
    # Whole-unit amounts as integers tie out like decimals.
    orders = orders.set_column(orders.column_names.index("total"), "total", pa.array([100, 25]))
    payments = tables["payments"]
    ns = pa.array([1_795_000_000_000_000_001, 1_795_000_000_000_000_000, 1_795_000_000_000_000_000],
                  type=pa.timestamp("ns", tz="UTC"))
    payments = payments.set_column(payments.column_names.index("captured_at"), "captured_at", ns)
    r = seamline.reconcile_columns(**dict(tables, orders=orders, payments=payments), config=CONFIG)
    messages = [e["message"] for e in r.exceptions if e["reason"] == "INVALID_ROW"]
    assert any("payments[0].captured_at" in m and "finer than a microsecond" in m for m in messages)
    assert not any("orders[" in m for m in messages)
    # The cash payment, in whole microseconds, is matched as before.
    assert r.rows["payments"]["matched"] == 1


def test_a_pandas_column_of_mixed_types_is_read_cell_by_cell():
    pd = pytest.importorskip("pandas")
    cols = columns()
    cols["payments"]["amount"][1] = 25.0  # Arrow cannot export this column
    frames = {k: pd.DataFrame(v) for k, v in cols.items()}
    r = seamline.reconcile_columns(**frames, config=CONFIG)
    assert any("payments[1].amount" in e["message"] for e in r.exceptions)


def test_malformed_arrow_data_is_a_clear_error_not_a_bad_read():
    pa = pytest.importorskip("pyarrow")
    cols = columns()
    offsets = pa.py_buffer(bytes([0, 0, 0, 0, 2, 0, 0, 0, 4, 0, 0, 0]))
    bad_text = pa.Array.from_buffers(pa.string(), 2, [None, offsets, pa.py_buffer(b"W1\xff\xfe")])
    orders = pa.table({**cols["orders"], "order_id": bad_text})
    with pytest.raises(seamline.SeamlineError) as info:
        seamline.reconcile_columns(orders=ArrowOnly(orders), config=CONFIG)
    assert info.value.code == "INVALID_ARGUMENT"
    assert "UTF-8" in str(info.value) or "utf" in str(info.value).lower()


def test_a_reconciliation_pickles_and_saves_and_reads_back_the_same():
    import pickle

    r = seamline.reconcile(orders=[order("W1"), order("W2")], settlements=[charge("W1")], config=CONFIG)
    for again in (pickle.loads(pickle.dumps(r)), seamline.Reconciliation.from_json(r.to_json())):
        assert again.exceptions == r.exceptions
        assert again.pending == r.pending and again.summary == r.summary and again.rows == r.rows
        assert again.matches() == r.matches() and again.match_count == r.match_count
        assert again.exceptions_csv() == r.exceptions_csv() and again.report_html() == r.report_html()
        assert [i["status"] for i in again.queue(r.queue())] == ["persisting"]
    saved = r.to_json()
    assert isinstance(saved, bytes) and saved.startswith(b'{"format":"seamline.reconciliation/1"')
    for bad in (b"", b"{}", saved[:-10], saved.replace(b"seamline.reconciliation/1", b"seamline.reconciliation/9"),
                saved.replace(b'"MISSING_SETTLEMENT"', b'"NOT_A_REASON"')):
        with pytest.raises(seamline.InvalidSnapshotError) as err:
            seamline.Reconciliation.from_json(bad)
        assert err.value.code == "INVALID_SNAPSHOT"


def test_exceptions_and_pending_come_back_as_arrow_tables_pandas_and_polars_read():
    pa = pytest.importorskip("pyarrow")
    late = order("W3")
    late["payments"][0]["captured_at"] = datetime(2026, 11, 25, 10, tzinfo=timezone.utc)
    r = seamline.reconcile(orders=[order("W1"), order("W2"), late],
                           settlements=[charge("W1", gross="99.99", net="96.79")], config=CONFIG)
    table = r.exceptions_table()
    assert isinstance(table, pa.Table) and table.num_rows == len(r.exceptions)
    assert table.column("id").to_pylist() == [e["id"] for e in r.exceptions]
    assert table.column("amount_at_risk").to_pylist() == [e["amount_at_risk"] for e in r.exceptions]
    assert pa.types.is_timestamp(table.schema.field("since").type)
    row = next(x for x in table.to_pylist() if x["reason"] == "AMOUNT_MISMATCH")
    assert (row["payments"], row["settlements"], row["actual"]) == (["W1/p1"], ["s_W1"], Decimal("99.99"))
    frame = table.to_pandas()
    assert list(frame["reason"]) == [e["reason"] for e in r.exceptions]
    polars = pytest.importorskip("polars")
    assert polars.from_arrow(table)["key_id"].to_list() == [e["key"]["id"] for e in r.exceptions]
    pending = r.pending_table()
    assert pending.column("row_id").to_pylist() == ["p1"]
    assert pending.column("amount").to_pylist() == [Decimal("100.00")]


def test_matches_and_the_summary_come_back_as_arrow_tables():
    pa = pytest.importorskip("pyarrow")
    r = seamline.reconcile(orders=[order("W1"), order("W2")],
                           settlements=[charge("W1"), charge("W2", gross="99.99", net="96.79")], config=CONFIG)
    matches = r.matches_table()
    assert isinstance(matches, pa.Table) and matches.num_rows == r.match_count
    assert matches.column("kind").to_pylist() == [m["kind"] for m in r.matches()]
    first = matches.to_pylist()[0]
    assert (first["payments"], first["settlements"]) == (["W1/p1"], ["s_W1"])
    summary = r.summary_table()
    assert summary.num_rows == len(r.summary) == 1
    row = summary.to_pylist()[0]
    for name, value in r.summary[0].items():
        if isinstance(value, Decimal):
            assert row[name] == value and isinstance(row[name], Decimal), name
        elif isinstance(value, int):
            assert row[name] == value, name
    assert row["captured_settles_ok"] is True
    assert row["amount_differences"] == Decimal("-0.01")
