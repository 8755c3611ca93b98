"""The `seamline tieout` command on the bundled week: outputs equal the expected files, the
HTML report renders in a real browser with the summary's numbers, bad input is one clear
error (exit 2) naming the file and the fix."""

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import seamline
from seamline import cli

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "examples" / "seamline.toml"
DATA = ROOT / "examples" / "data"
EXPECTED = Path(__file__).resolve().parent / "expected" / "tieout-2026-11-23"
MORNINGS = ["2026-11-21T06:00:00Z", "2026-11-22T06:00:00Z", "2026-11-23T06:00:00Z"]
BROWSER = shutil.which("chromium-headless-shell") or shutil.which("chromium")


def run_week(out):
    previous = []
    codes = []
    for as_of in MORNINGS:
        day = out / as_of[:10]
        codes.append(cli.main(["tieout", "--config", str(CONFIG), "--as-of", as_of, *previous,
                               "--out", str(day), "--no-progress"]))
        previous = ["--previous", str(day / "queue.json")]
    return codes, out / "2026-11-23"


def test_the_bundled_week_gives_the_expected_files(tmp_path, capsys):
    codes, last = run_week(tmp_path)
    assert codes == [1, 1, 1], "the week has problems planted: a person has work every morning"
    for name in ("exceptions.csv", "pending.csv", "summary.txt"):
        assert (last / name).read_bytes() == (EXPECTED / name).read_bytes(), name
    printed = capsys.readouterr().out.splitlines()
    assert printed[-2].startswith("BROKEN USD payouts = batch_net_paid_out")
    queue = json.loads((last / "queue.json").read_text(encoding="utf-8"))
    assert {i["status"] for i in queue} <= {"new", "persisting", "resolved"}
    assert sum(i["status"] == "persisting" for i in queue) == 12
    # The command's queue is the library's: the same rows through the API give the same CSV.
    with open(last / "exceptions.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == [i["exception_id"] for i in queue if i["status"] != "resolved"]


def test_parquet_tables_give_what_csv_gives(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    data = tmp_path / "data"
    data.mkdir()
    for table in ("orders", "payments", "fulfilments", "returns", "refunds", "movements"):
        with open(DATA / f"{table}.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        pq.write_table(pa.table({k: [r[k] for r in rows] for k in rows[0]}), data / f"{table}.parquet")
    args = ["tieout", "--config", str(CONFIG), "--data", str(data), "--as-of", MORNINGS[-1], "--no-progress"]
    assert cli.main([*args, "--out", str(tmp_path / "pq")]) == 1
    assert cli.main(["tieout", "--config", str(CONFIG), "--as-of", MORNINGS[-1], "--no-progress",
                     "--out", str(tmp_path / "csv")]) == 1
    for name in ("exceptions.csv", "pending.csv", "summary.txt"):
        assert (tmp_path / "pq" / name).read_bytes() == (tmp_path / "csv" / name).read_bytes()
    written = pq.read_table(tmp_path / "csv" / "exceptions.parquet")
    assert written.num_rows == 13
    assert pa.types.is_decimal(written.schema.field("amount_at_risk").type), "amounts stay exact"
    rows = written.to_pylist()
    mismatch = next(r for r in rows if r["reason"] == "AMOUNT_MISMATCH")
    assert (mismatch["payments"], mismatch["actual"]) == (["W-1012/card"], Decimal("47.99"))
    assert mismatch["settlements"] and mismatch["settlements"][0].startswith("txn_")
    assert pq.read_table(tmp_path / "csv" / "pending.parquet").num_rows == 1


def test_a_clean_day_exits_0(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "orders.csv").write_text(
        "order_id,channel,currency,total,placed_at\nP-1,pos,USD,12.00,2026-11-20T10:00:00Z\n")
    (data / "payments.csv").write_text(
        "order_id,payment_id,method,amount,captured_at\nP-1,cash,cash,12.00,2026-11-20T10:00:00Z\n")
    code = cli.main(["tieout", "--data", str(data), "--as-of", "2026-11-21T06:00:00Z",
                     "--out", str(tmp_path / "out"), "--no-progress"])
    assert code == 0
    summary = (tmp_path / "out" / "summary.txt").read_text(encoding="utf-8")
    assert summary.splitlines()[1] == "Every identity holds, in every currency."


@pytest.mark.parametrize("setup, args, message", [
    # A table whose headers are not Seamline's names the file and the columns it has.
    (lambda d: (d / "orders.csv").write_text("Order ID,Total\nW-1,10.00\n"), [],
     r"orders\.csv: .*(not a field|missing)"),
    # A ragged row: the file and line, and the fix.
    (lambda d: (d / "orders.csv").write_text(
        "order_id,channel,currency,total,placed_at\nW-1,web,USD,1,000.00,2026-11-20T10:00:00Z\n"), [],
     r"orders\.csv:2: 6 cells where the header has 5: fix the row or quote the cell"),
    (lambda d: (d / "orders.csv").write_bytes(b"order_id\n\xff\xfe\n"), [], r"orders\.csv: not UTF-8 text"),
    (lambda d: None, [], r"no orders table"),
    (lambda d: (d / "orders.csv").write_text("order_id,channel,currency,total,placed_at\n"),
     ["--report", "square=x.csv"], r"--report 'square=x\.csv': write PROCESSOR=FILE"),
    (lambda d: (d / "orders.csv").write_text("order_id,channel,currency,total,placed_at\n"),
     ["--report", "stripe=missing.csv"], r"missing\.csv: No such file"),
])
def test_bad_input_is_one_clear_error_and_exit_2(tmp_path, capsys, setup, args, message):
    data = tmp_path / "data"
    data.mkdir()
    setup(data)
    code = cli.main(["tieout", "--data", str(data), "--as-of", "2026-11-21T06:00:00Z",
                     "--out", str(tmp_path / "out"), "--no-progress", *args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert re.search(message, err), err
    assert err.count("\n") == 1, "one line"
    assert not (tmp_path / "out").exists(), "nothing written"


def test_a_bad_config_names_the_config(tmp_path, capsys):
    config = tmp_path / "seamline.toml"
    config.write_text(f'data = "{DATA}"\n[[fee_schedule]]\nprocessor = "stripe"\npercent = 2.9\n')
    assert cli.main(["tieout", "--config", str(config), "--as-of", MORNINGS[0], "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert str(config) in err and "percent" in err, err
    config.write_text("title = [\n")
    assert cli.main(["tieout", "--config", str(config), "--as-of", MORNINGS[0], "--out", str(tmp_path / "o")]) == 2
    assert "not valid TOML" in capsys.readouterr().err
    assert cli.main(["tieout", "--data", str(DATA), "--out", str(tmp_path / "o")]) == 2
    assert "--as-of" in capsys.readouterr().err


def test_a_misspelt_report_option_names_the_configs_table(tmp_path, capsys):
    config = tmp_path / "seamline.toml"
    config.write_text(f'data = "{DATA}"\n[reports.adyen]\nfiles = ["{DATA / "adyen_settlement_details.csv"}"]\n'
                      'time_zone = {"*" = "+01:00"}\n')
    assert cli.main(["tieout", "--config", str(config), "--as-of", MORNINGS[0], "--out", str(tmp_path / "o"),
                     "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "[reports.adyen] in the config" in err and "time_zone" in err, err


def test_python_dash_m_and_the_console_script_run_the_same_command(tmp_path):
    args = ["tieout", "--config", str(CONFIG), "--as-of", MORNINGS[-1]]
    ran = subprocess.run([sys.executable, "-m", "seamline", *args, "--out", str(tmp_path / "m")],
                         capture_output=True, text=True)
    assert ran.returncode == 1, ran.stderr
    assert ran.stderr == "", "no progress line when stderr is not a terminal"
    script = Path(sys.executable).with_name("seamline")
    if script.exists():
        ran = subprocess.run([str(script), *args, "--out", str(tmp_path / "s")], capture_output=True, text=True)
        assert ran.returncode == 1, ran.stderr
        assert (tmp_path / "s" / "exceptions.csv").read_bytes() == (tmp_path / "m" / "exceptions.csv").read_bytes()


@pytest.mark.skipif(BROWSER is None and not os.environ.get("SEAMLINE_REQUIRE_BROWSER"),
                    reason="scripts/test.sh installs chromium-headless-shell (and requires it)")
def test_the_html_report_renders_in_a_browser_with_the_summarys_numbers(tmp_path):
    assert cli.main(["tieout", "--config", str(CONFIG), "--as-of", MORNINGS[-1], "--out", str(tmp_path),
                     "--no-progress"]) == 1
    page = (tmp_path / "report.html").as_uri()
    flags = ["--no-sandbox", "--disable-gpu", "--headless", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([BROWSER, *flags, "--dump-dom", page], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr
    html = dom.stdout
    day = seamline.reconcile_columns(
        **{t: cli._read_csv(DATA / f"{t}.csv") for t in ("orders", "payments", "fulfilments", "returns",
                                                          "refunds", "movements")},
        reports=[seamline.read_report("stripe", {"stripe_balance_transactions.csv":
                                                 (DATA / "stripe_balance_transactions.csv").read_bytes()}),
                 seamline.read_report("adyen", {"adyen_settlement_details.csv":
                                                (DATA / "adyen_settlement_details.csv").read_bytes()})],
        config={"as_of": MORNINGS[-1], "fee_schedule": [
            {"processor": "stripe", "percent": "2.9", "fixed": "0.30"},
            {"processor": "adyen", "percent": "1.9", "fixed": "0.12"}]})
    usd = day.summary[0]
    for field in ("order_total", "settlement_net", "payouts", "batch_net_paid_out", "amount_at_risk"):
        shown = re.search(rf'data-field="{field}" data-currency="USD">([^<]*)<', html).group(1)
        assert Decimal(shown) == usd[field], field
    # Its charts have data: the bars add up to the queue and the pending list.
    for chart, total in (("by-reason", len(day.exceptions)), ("by-age", len(day.exceptions)),
                         ("pending-by-due", len(day.pending))):
        svg = re.search(rf'data-chart="{chart}".*?</svg>', html, re.S).group(0)
        assert sum(int(v) for v in re.findall(r'data-value="(\d+)"', svg)) == total, chart
    assert 'data-broken="1"' in html
    shot = tmp_path / "report.png"
    ran = subprocess.run([BROWSER, *flags, f"--screenshot={shot}", "--window-size=1300,2000", page],
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert shot.stat().st_size > 50_000, "a page with text and charts, not a blank one"


@pytest.mark.parametrize("content, message", [
    ("not json", r"not a queue\.json this command wrote: Expecting value"),
    ('{"a": 1}', r"not a queue\.json this command wrote: a JSON list is expected"),
    ('[{"exception_id": "X-1"}]', r"previous\.json: .*"),
])
def test_a_previous_queue_that_cannot_be_read_is_exit_2_naming_it(tmp_path, capsys, content, message):
    previous = tmp_path / "previous.json"
    previous.write_text(content, encoding="utf-8")
    code = cli.main(["tieout", "--config", str(CONFIG), "--as-of", MORNINGS[0], "--previous", str(previous),
                     "--out", str(tmp_path / "out"), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert re.search(message, err), err
    assert not (tmp_path / "out").exists(), "nothing written"
