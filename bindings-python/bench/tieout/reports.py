"""A generated day's Stripe and Adyen settlement lines as the reports those processors let a merchant download.

    python bindings-python/bench/tieout/reports.py STORE

Reads `STORE/data/settlements.csv` (generate.py) and writes into `STORE/reports/`:

- `stripe_balance_change_from_activity.csv`: Stripe's "Itemized balance change from activity"
  report (`balance_change_from_activity.itemized.3`): `reporting_category` charge, refund,
  dispute, dispute_reversal, payout or fee; amounts in major units; lowercase currencies;
  `available_on_utc` the settlement time; the order id in `payment_metadata[order_id]`; each
  line's payout in `automatic_payout_id` (the payout's own row names it in `source_id`).
- `adyen_settlement_detail_report.csv`: Adyen's Settlement details report (23 columns): record
  types Settled, Refunded, Chargeback, ChargebackReversed, MerchantPayout and Fee; credit and debit
  columns by sign; the fee in `Commission (NC)`; one merchant account per currency; `Batch
  Number` the day's batch.
- `data/`: the other six tables (links to `STORE/data`) and `settlements.csv` with only the lines
  of PayPal, which the run keeps as a table.

So `seamline tieout --data STORE/reports/data --report stripe=... --report adyen=...` ties out the
same day as `--data STORE/data`, its Stripe and Adyen lines read through the adapters. Layouts per
the processors' published report documentation (../shared/references/processor-reports.md).
"""

import csv
import sys
from pathlib import Path

STRIPE_COLUMNS = ["balance_transaction_id", "created_utc", "available_on_utc", "currency", "gross", "fee", "net",
                  "reporting_category", "source_id", "description", "automatic_payout_id", "charge_id",
                  "payment_intent_id", "payment_metadata[order_id]"]
STRIPE_CATEGORY = {"charge": "charge", "refund": "refund", "chargeback": "dispute",
                   "chargeback_reversal": "dispute_reversal", "payout": "payout", "fee": "fee"}
ADYEN_COLUMNS = ["Company Account", "Merchant Account", "Psp Reference", "Merchant Reference", "Payment Method",
                 "Creation Date", "TimeZone", "Type", "Modification Reference", "Gross Currency", "Gross Debit (GC)",
                 "Gross Credit (GC)", "Exchange Rate", "Net Currency", "Net Debit (NC)", "Net Credit (NC)",
                 "Commission (NC)", "Markup (NC)", "Scheme Fees (NC)", "Interchange (NC)", "Payment Method Variant",
                 "Modification Merchant Reference", "Batch Number"]
ADYEN_TYPE = {"charge": "Settled", "refund": "Refunded", "chargeback": "Chargeback",
              "chargeback_reversal": "ChargebackReversed", "payout": "MerchantPayout", "fee": "Fee"}


def utc_text(iso):
    """`2026-11-21T02:00:00Z` → `2026-11-21 02:00:00` (the reports' UTC columns carry no offset)."""
    return iso.replace("T", " ").rstrip("Z")


def debit_credit(amount):
    """A signed amount as (debit, credit): credit adds to the merchant's balance."""
    if not amount:
        return "", ""
    return (amount[1:], "") if amount.startswith("-") else ("", amount)


def stripe_row(s):
    kind = s["kind"]
    ref = s["processor_reference"]
    charge = ref if kind in ("charge", "chargeback", "chargeback_reversal") else ""
    # A dispute's own id is its source; the charge it disputes is charge_id.
    source = f"dp_{ref}" if kind in ("chargeback", "chargeback_reversal") else ref
    batch = s["batch_id"]
    payout = "" if kind == "payout" or not batch else "po_" + batch.replace("-", "_")
    if kind == "payout":
        source = "po_" + batch.replace("-", "_")
    return [s["id"], utc_text(s["settled_at"]), utc_text(s["settled_at"]), s["currency"].lower(), s["gross"],
            s["fee"], s["net"], STRIPE_CATEGORY[kind], source, "", payout, charge,
            f"pi_{ref}" if charge else "", s["merchant_reference"]]


def adyen_row(s):
    kind = s["kind"]
    ref = s["processor_reference"]
    cur = s["currency"]
    gross_debit, gross_credit = debit_credit(s["gross"]) if kind not in ("payout", "fee") else ("", "")
    net_debit, net_credit = debit_credit(s["net"])
    fee = s["fee"] if kind not in ("payout", "fee") and s["fee"].strip("0.") else ""
    # A refund and a payout are named by their modification; a charge's modification is its own line.
    psp = ref if kind in ("charge", "chargeback", "chargeback_reversal") else ""
    modification = {"refund": ref, "payout": ref}.get(kind, s["id"])
    return ["SeamlineCo", f"SeamlineStore{cur}", psp, s["merchant_reference"], "visa" if psp else "",
            utc_text(s["settled_at"]), "UTC", ADYEN_TYPE[kind], modification, cur if gross_debit or gross_credit else "",
            gross_debit, gross_credit, "1" if gross_debit or gross_credit else "", cur, net_debit, net_credit, fee,
            "", "", "", "visadebit" if psp else "", "", s["batch_id"]]


def main():
    store = Path(sys.argv[1])
    out = store / "reports"
    (out / "data").mkdir(parents=True, exist_ok=True)
    for table in ("orders", "payments", "fulfilments", "returns", "refunds", "movements"):
        link = out / "data" / f"{table}.csv"
        if not link.exists():
            link.symlink_to((store / "data" / f"{table}.csv").resolve())
    with open(store / "data" / "settlements.csv", newline="") as f, \
            open(out / "stripe_balance_change_from_activity.csv", "w", newline="") as stripe, \
            open(out / "adyen_settlement_detail_report.csv", "w", newline="") as adyen, \
            open(out / "data" / "settlements.csv", "w", newline="") as rest:
        reader = csv.DictReader(f)
        writers = {"stripe": csv.writer(stripe), "adyen": csv.writer(adyen)}
        writers["stripe"].writerow(STRIPE_COLUMNS)
        writers["adyen"].writerow(ADYEN_COLUMNS)
        kept = csv.DictWriter(rest, reader.fieldnames)
        kept.writeheader()
        counts = {"stripe": 0, "adyen": 0, "table": 0}
        for s in reader:
            if s["processor"] == "stripe":
                writers["stripe"].writerow(stripe_row(s))
            elif s["processor"] == "adyen":
                writers["adyen"].writerow(adyen_row(s))
            else:
                kept.writerow(s)
                counts["table"] += 1
                continue
            counts[s["processor"]] += 1
    print(f"{counts['stripe']:,} Stripe rows, {counts['adyen']:,} Adyen rows, {counts['table']:,} kept as a table")


if __name__ == "__main__":
    main()
