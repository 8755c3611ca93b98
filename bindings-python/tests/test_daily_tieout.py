"""The main job (examples/daily_tieout.py) on its bundled sample week."""

import csv
import importlib.util
import json
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "daily_tieout.py"


def load():
    spec = importlib.util.spec_from_file_location("daily_tieout", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_sample_week_finds_every_planted_problem_and_nothing_else(tmp_path, capsys):
    load().main(tmp_path)
    last = tmp_path / "2026-11-23"
    with open(last / "exception_queue.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    found = sorted((r["reason"], r["order_id"] or r["key_id"]) for r in rows)
    assert found == [
        ("AMOUNT_MISMATCH", "W-1012"),
        ("BATCH_TOTAL_MISMATCH", "txn_po_1118"),
        ("CHARGEBACK", "txn_dp_1005"),
        ("CREDIT_WITHOUT_RETURN", "W-1018"),
        ("DUPLICATE_SETTLEMENT", "adyen/HarbourGoodsPOS/17/Settled/882003/882003D"),
        ("FEE_VARIANCE", "txn_W-1015"),
        # A report row Seamline cannot read is in the queue, by file and line.
        ("INVALID_ROW", "adyen_settlement_details.csv:28"),
        ("INVENTORY_QUANTITY_MISMATCH", "W-1020"),
        ("MISSING_SETTLEMENT", "W-1007"),
        ("MISSING_SETTLEMENT", "W-1022"),
        ("PAYMENT_TOTAL_MISMATCH", "P-2004"),
        ("RETURN_WITHOUT_CREDIT", "P-2011"),
        ("UNMATCHED_SETTLEMENT", "txn_W-1022"),
    ]
    suggested = [r for r in rows if r["reason"] == "UNMATCHED_SETTLEMENT"][0]["suggestion"]
    assert suggested == "payment W-1022/card"
    queue = json.loads((last / "queue.json").read_text(encoding="utf-8"))
    assert sorted(i["status"] for i in queue).count("persisting") == 12
    summary = (last / "summary.txt").read_text(encoding="utf-8")
    assert summary.startswith("Tie-out as of 2026-11-23T06:00:00Z")
    assert "adyen_settlement_details.csv:28: type 'AdyenNewRecordType' is not one Seamline reads" in capsys.readouterr().out
