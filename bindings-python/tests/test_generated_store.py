"""The tie-out against a store we did not hand-write: the bench's generator injects every kind of
anomaly into a week of a two-channel store and labels the exception each must raise
(bindings-python/bench/tieout). The tie-out must find every label and raise nothing else, through
the command and through Arrow tables alike; the polars peer the bench times it against must agree,
or its timings would compare different work."""

import csv
import importlib.util
import json
import sys
from pathlib import Path

import pytest

import seamline
from seamline import cli

BENCH = Path(__file__).resolve().parents[1] / "bench" / "tieout"


def _module(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    generate = _module("generate")
    root = tmp_path_factory.mktemp("store")
    argv = sys.argv
    sys.argv = ["generate.py", str(root), "--orders", "20000", "--anomaly-rate", "0.02", "--seed", "11"]
    try:
        generate.main()
    finally:
        sys.argv = argv
    return root, generate


def _labels(root):
    with open(root / "labels.csv", newline="") as f:
        return {tuple(r) for r in list(csv.reader(f))[1:]}


def _queue(path):
    with open(path, newline="") as f:
        return {(r["reason"], r["key_kind"], r["order_id"], r["key_id"]) for r in csv.DictReader(f)}


def _pending(path):
    with open(path, newline="") as f:
        return {(r["reason"], r.get("row_kind") or r["key_kind"], r["order_id"], r.get("row_id") or r["key_id"])
                for r in csv.DictReader(f)}


def test_every_kind_of_anomaly_is_injected(store):
    root, generate = store
    kinds = {label[0] for label in _labels(root)}
    assert kinds == set(generate.ANOMALIES) | {"BATCH_TOTAL_MISMATCH"}


@pytest.fixture(scope="module")
def command(store):
    """`seamline tieout` run once on the store, as a user runs it: its exit code."""
    root, _ = store
    as_of = json.loads((root / "meta.json").read_text())["as_of"]
    return cli.main(["tieout", "--config", str(root / "seamline.toml"), "--as-of", as_of, "--out",
                     str(root / "out"), "--no-progress"])


def test_the_command_finds_every_label_and_nothing_else(store, command):
    root, _ = store
    assert command == 1  # work for a person: the anomalies
    labels = _labels(root)
    found = _queue(root / "out" / "exceptions.csv")
    assert found - labels == set(), "raised without an anomaly"
    assert labels - found == set(), "an anomaly the tie-out missed"
    assert len(_pending(root / "out" / "pending.csv")) > 1000  # the last days' settlements wait


def test_arrow_tables_with_nulls_give_the_command_s_queue(store, command):
    pa_csv = pytest.importorskip("pyarrow.csv")
    root, generate = store
    # The command reads empty cells as empty text; here they are nulls, as most readers give them.
    tables = {t: pa_csv.read_csv(root / "data" / f"{t}.csv", convert_options=pa_csv.ConvertOptions(
        column_types={c: "string" for c in generate.TABLES[t]}, strings_can_be_null=True)) for t in cli.TABLES}
    config = cli._load_toml(root / "seamline.toml")
    config.pop("title"), config.pop("data")
    config["as_of"] = json.loads((root / "meta.json").read_text())["as_of"]
    day = seamline.reconcile_columns(**tables, config=config)
    assert day.exceptions_csv() == (root / "out" / "exceptions.csv").read_bytes().decode()
    assert day.pending_csv() == (root / "out" / "pending.csv").read_bytes().decode()


def test_the_polars_peer_does_the_same_checks(store, command):
    pytest.importorskip("polars")
    root, _ = store
    peer = _module("peer_polars")
    peer.tieout(root, root / "peer")
    assert _queue(root / "peer" / "exceptions.csv") == _labels(root)
    assert _pending(root / "peer" / "pending.csv") == _pending(root / "out" / "pending.csv")


def test_the_pandas_peer_does_the_same_checks(store, command):
    root, _ = store
    peer = _module("peer_pandas")
    peer.tieout(root, root / "pandas")
    assert _queue(root / "pandas" / "exceptions.csv") == _labels(root)
    assert _pending(root / "pandas" / "pending.csv") == _pending(root / "out" / "pending.csv")


def test_the_thread_count_changes_nothing(store):
    pa = pytest.importorskip("pyarrow")
    pa_csv = pytest.importorskip("pyarrow.csv")
    root, generate = store
    tables = {t: pa_csv.read_csv(root / "data" / f"{t}.csv", convert_options=pa_csv.ConvertOptions(
        column_types={c: "string" for c in generate.TABLES[t]}, strings_can_be_null=True)) for t in cli.TABLES}
    # Unreadable rows in the tables read beside the orders, and a sale of an order that is not there.
    def plus(table, **row):
        extra = pa.table({c: [row.get(c)] for c in tables[table].column_names},
                         schema=tables[table].schema)
        tables[table] = pa.concat_tables([tables[table], extra])
    plus("settlements", id="s-bad", kind="charge", processor="stripe", net="1.005", currency="USD",
         settled_at="2026-11-20T10:00:00Z")
    plus("movements", id="m-bad", sku="SKU-1", location="WH-1", delta="two", kind="sale",
         order_reference="W00000001", occurred_at="2026-11-20T10:00:00Z")
    plus("movements", id="m-lost", sku="SKU-1", location="WH-1", delta="-1", kind="sale",
         order_reference="NOPE", occurred_at="2026-11-20T10:00:00Z")
    plus("payments", order_id="NOPE", payment_id="p1", method="cash", amount="1.00",
         captured_at="2026-11-20T10:00:00Z")
    config = cli._load_toml(root / "seamline.toml")
    config.pop("title"), config.pop("data")
    config["as_of"] = json.loads((root / "meta.json").read_text())["as_of"]
    one = seamline.reconcile_columns(**tables, config=config, threads=1)
    two = seamline.reconcile_columns(**tables, config=config, threads=2)
    assert one.exceptions_csv() == two.exceptions_csv()
    assert one.pending_csv() == two.pending_csv()
    assert one.summary_text() == two.summary_text()
    assert one.to_json() == two.to_json()
    reasons = {e["reason"] for e in two.exceptions}
    assert {"INVALID_ROW", "UNMATCHED_MOVEMENT"} <= reasons
    with pytest.raises(seamline.SeamlineError) as refused:
        seamline.reconcile_columns(**tables, config=config, threads=0)
    assert refused.value.code == "INVALID_ARGUMENT"


def test_csv_files_read_by_the_library_alike_on_any_thread_count(store, command):
    root, _ = store
    files = {t: str(root / "data" / f"{t}.csv") for t in cli.TABLES}
    config = cli._load_toml(root / "seamline.toml")
    config.pop("title"), config.pop("data")
    config["as_of"] = json.loads((root / "meta.json").read_text())["as_of"]
    one = seamline.reconcile_csv(files=files, config=config, threads=1)
    two = seamline.reconcile_csv(files={t: Path(p) for t, p in files.items()}, config=config, threads=2)
    assert one.to_json() == two.to_json()
    assert two.exceptions_csv() == (root / "out" / "exceptions.csv").read_bytes().decode()
    for bad, code in [({**files, "order": files["orders"]}, "INVALID_ARGUMENT"),
                      ({t: p for t, p in files.items() if t != "orders"}, "INVALID_ARGUMENT"),
                      ({**files, "orders": 7}, "INVALID_TYPE")]:
        with pytest.raises(seamline.SeamlineError) as refused:
            seamline.reconcile_csv(files=bad, config=config)
        assert refused.value.code == code


def test_a_malformed_csv_file_is_one_error_naming_file_and_line(tmp_path):
    orders = tmp_path / "orders.csv"
    orders.write_text("order_id,channel,currency,total,placed_at\nW-1,web,USD,1,000.00,2026-11-20T10:00:00Z\n")
    with pytest.raises(seamline.SeamlineError) as refused:
        seamline.reconcile_csv(files={"orders": str(orders)}, config={"as_of": "2026-11-21T00:00:00Z"})
    assert f"{orders}:2" in str(refused.value) and "6 cells" in str(refused.value)
