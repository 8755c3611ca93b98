"""Writes tests/vectors/processors.json from the report fixtures in
tests/fixtures/reports (each file's text embedded, so every runner reads
the same bytes). Expectations live in the vectors file; re-running this
keeps them and refreshes only the inputs: `python3 tests/vectors/make_processor_vectors.py`."""
import json
import pathlib

HERE = pathlib.Path(__file__).parent
FIX = HERE.parent / "fixtures" / "reports"
OUT = HERE / "processors.json"

ORDERS_STRIPE = [
    {"order_id": "W1001", "channel": "web", "currency": "USD", "total": "849.00",
     "placed_at": "2026-11-20T18:00:00Z",
     "payments": [{"payment_id": "p1", "method": "card", "processor": "stripe",
                   "processor_reference": "ch_1QaC", "amount": "849.00",
                   "captured_at": "2026-11-20T18:15:00Z"}],
     "refunds": [{"refund_id": "r1", "method": "card", "processor": "stripe",
                  "processor_reference": "re_1QaF", "amount": "249.00",
                  "issued_at": "2026-11-21T09:30:00Z"}]},
]
ORDERS_ADYEN = [
    {"order_id": "W2002", "channel": "web", "currency": "GBP", "total": "80.00",
     "placed_at": "2026-11-20T10:00:00Z",
     "payments": [{"payment_id": "p1", "method": "card", "processor": "adyen",
                   "processor_reference": "8816178914321002", "amount": "80.00",
                   "captured_at": "2026-11-20T10:00:00Z"}]},
]
ORDERS_PARTIAL = [
    {"order_id": "W1003", "channel": "web", "currency": "USD", "total": "100.00",
     "placed_at": "2026-11-23T14:00:00Z",
     "payments": [{"payment_id": "p1", "method": "card", "processor": "stripe",
                   "processor_reference": "ch_3PcB", "amount": "100.00",
                   "captured_at": "2026-11-23T14:02:11Z"}]},
]
CONFIG = {"as_of": "2026-11-26T00:00:00Z"}


def text(name):
    return {"name": name, "text": (FIX / name).read_bytes().decode("utf-8")}


CASES = [
    ("Stripe itemized payout reconciliation: major units, reporting categories, funds-available time, a category Seamline does not read; tied out against its order",
     {"processor": "stripe", "files": [text("stripe_payout_reconciliation_itemized.csv")],
      "tieout": {"orders": ORDERS_STRIPE, "config": CONFIG}}),
    ("Stripe: the payout reconciliation and balance change reports overlap: each line once, in any file order",
     {"processor": "stripe", "files": [text("stripe_balance_change_itemized.csv"), text("stripe_payout_reconciliation_itemized.csv")]}),
    ("Stripe Dashboard balance export: major units, Transfer as the payout, payout failures",
     {"processor": "stripe", "files": [text("stripe_dashboard_balance.csv")]}),
    ("Stripe API balance transactions listed for one payout: minor units, fee_details, a float exchange rate, expanded sources, the payout object",
     {"processor": "stripe", "files": [text("stripe_balance_transactions_api.json")],
      "options": {"payout": "po_1QaA"}, "tieout": {"orders": [], "config": CONFIG}}),
    ("Stripe balance change report with partial-capture reversals: the uncaptured part counted in its charge's line (the captured amount ties out), a reversal whose charge is in no file stays an adjustment",
     {"processor": "stripe", "files": [text("stripe_balance_change_partial_capture.csv")],
      "tieout": {"orders": ORDERS_PARTIAL, "config": CONFIG}}),
    ("Adyen settlement details, two batches: cross-currency, lower-case types, fee without gross, payout reference, preamble, ragged row, an ambiguous zone, a refund repeated in the next batch",
     {"processor": "adyen", "files": [text("adyen_settlement_detail_report_batch_119.csv"), text("adyen_settlement_detail_report_batch_118.csv")],
      "tieout": {"orders": ORDERS_ADYEN, "config": CONFIG}}),
    ("Adyen: the merchant account's offset configured for an ambiguous zone",
     {"processor": "adyen", "files": [text("adyen_settlement_detail_report_batch_119.csv")],
      "options": {"time_zones": {"SeamlineStoreIN": "+05:30"}}}),
    ("PayPal settlement (STL) and transaction detail (TRR): sections, T-codes, debit/credit flags, authorisations and pending rows skipped, one sale in both",
     {"processor": "paypal", "files": [text("paypal_settlement_STL-20261121.01.009.CSV"), text("paypal_transaction_detail_TRR-20261121.01.011.CSV")],
      "tieout": {"orders": [], "config": CONFIG}}),
]


ERRORS = [
    ("A file no layout fits (an orders export given as a Stripe report) fails before any row, naming the file",
     {"processor": "stripe", "files": [{"name": "orders.csv", "text": "Order ID,Total\nW1,10.00\n"}]},
     "INVALID_ARGUMENT"),
    ("A time-zone offset that is not one is refused before any file is read",
     {"processor": "adyen", "files": [text("adyen_settlement_detail_report_batch_118.csv")],
      "options": {"time_zones": {"*": "Europe/Paris"}}},
     "INVALID_ARGUMENT"),
    ("A Stripe itemized report with only local-time columns fails: a time without its zone cannot be placed",
     {"processor": "stripe", "files": [{"name": "local.csv", "text": "balance_transaction_id,available_on,currency,gross,fee,net,reporting_category\ntxn_1,2026-11-22 00:00:00,usd,1.00,0.00,1.00,charge\n"}]},
     "INVALID_ARGUMENT"),
    ("A PayPal file whose column header lacks the debit/credit flag fails before any row",
     {"processor": "paypal", "files": [{"name": "STL.CSV", "text": '"CH","Transaction ID","Transaction Event Code","Gross Transaction Amount","Gross Transaction Currency"\n"SB","1","T0006",100,"USD"\n'}]},
     "INVALID_ARGUMENT"),
]


def main():
    old = {}
    if OUT.exists():
        old = {c["name"]: c.get("expect") for c in json.loads(OUT.read_text())["cases"] if "expect" in c}
    legacy = json.loads((HERE / "reconciliation.json").read_text())["cases"]
    cases = [{"name": n, "op": "processor_report", "input": i, "expect": old.get(n)} for n, i in CASES]
    cases += [{"name": n, "op": "processor_report", "input": i, "expect_error": code} for n, i, code in ERRORS]
    for c in legacy:
        if c["op"] == "stripe_report":
            cases.append({"name": c["name"], "op": "processor_report",
                          "input": {"processor": "stripe", "files": [{"name": "records", "records": c["input"]["rows"]}]},
                          "expect": old.get(c["name"])})
        if c["op"] == "adyen_report":
            cases.append({"name": c["name"], "op": "processor_report",
                          "input": {"processor": "adyen", "files": [{"name": "records", "records": c["input"]["rows"]}]},
                          "expect": old.get(c["name"])})
    OUT.write_text(json.dumps({"description": "Processor reports read by every runner alike: files (text or records) to settlement lines, with every row accounted for, and the tie-out of the result.", "cases": cases}, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
