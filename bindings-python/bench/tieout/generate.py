"""A two-channel store's days as the tie-out's seven CSV tables, with every anomaly labelled.

    python bindings-python/bench/tieout/generate.py OUT --orders 1000000 [--days 7] [--seed 7]

Writes into OUT: `data/{orders,payments,fulfilments,returns,refunds,settlements,movements}.csv`,
`seamline.toml` (the fee schedule and windows the data was made with), `labels.csv` (one row per
exception the tie-out must raise: reason, key kind, order, key id) and `meta.json` (the as-of
instant, row counts). Deterministic for a seed.

The store (the bundled week's shape, at any size): web orders (70%) paid by card through Stripe or
by wallet through PayPal, counter orders (30%) in cash, by card through Adyen or split between
both; USD, EUR and JPY (no minor unit); 1-5 lines, a tenth of multi-unit web lines shipped from
two warehouses; returns of one or two lines (some units not restockable), refunded the same day;
cancelled orders refunded in full; charges settled a day (Adyen) or two (Stripe, PayPal) later in daily
batches per processor and currency, each closed by a payout; chargebacks (most reversed), monthly fee lines,
stock receipts and counts. Rows stamped after the as-of instant are not written (they have not
happened yet), so the last days' settlements are pending, as they would be.

Anomalies are injected only into orders placed at least six days before as-of (every window has
closed), one kind at a time, about one order in 1,500 each (`--anomaly-rate`), and into one
payout in twenty; their expected exceptions are the labels. A tie-out that is right finds every label and raises nothing else.
"""

import argparse
import csv
import json
import random
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DAY = 86_400
START = 1_795_046_400  # 2026-11-18T00:00:00Z
EXPONENT = {"USD": 2, "EUR": 2, "JPY": 0}
FEES = {  # processor: (percent, fixed) — written to seamline.toml as text
    "stripe": ("2.9", "0.30"),
    "paypal": ("3.49", "0.49"),
    "adyen": ("1.9", "0.12"),
}
TABLES = {
    "orders": ["order_id", "channel", "currency", "total", "placed_at", "customer", "status"],
    "payments": ["order_id", "payment_id", "method", "processor", "processor_reference", "amount", "captured_at"],
    "fulfilments": ["order_id", "line_id", "sku", "quantity", "location", "fulfilled_at"],
    "returns": ["order_id", "return_id", "line_id", "sku", "quantity", "restock", "location", "received_at"],
    "refunds": ["order_id", "refund_id", "return_id", "method", "processor", "processor_reference", "amount",
                "issued_at"],
    "settlements": ["id", "kind", "processor", "processor_reference", "merchant_reference", "gross", "fee", "net",
                    "currency", "settled_at", "batch_id"],
    "movements": ["id", "sku", "location", "delta", "kind", "order_reference", "return_reference", "occurred_at"],
}
ANOMALIES = [
    "MISSING_SETTLEMENT", "AMOUNT_MISMATCH", "CURRENCY_MISMATCH", "FEE_VARIANCE", "SETTLEMENT_ARITHMETIC",
    "DUPLICATE_SETTLEMENT", "UNMATCHED_SETTLEMENT", "PAYMENT_TOTAL_MISMATCH", "MISSING_INVENTORY_MOVEMENT",
    "INVENTORY_QUANTITY_MISMATCH", "UNMATCHED_MOVEMENT", "RETURN_WITHOUT_CREDIT", "CREDIT_WITHOUT_RETURN",
    "MISSING_REFUND_SETTLEMENT", "OVER_REFUND", "UNKNOWN_RETURN", "CHARGEBACK", "INVALID_ROW",
]


def money(minor, currency):
    """Minor units as the currency's decimal text: exact, no float."""
    e = EXPONENT[currency]
    if e == 0:
        return str(minor)
    sign = "-" if minor < 0 else ""
    whole, frac = divmod(abs(minor), 10 ** e)
    return f"{sign}{whole}.{frac:0{e}d}"


def fee(gross_minor, currency, processor):
    """The schedule's fee on a gross, half-up to the minor unit, in minor units (as core computes it)."""
    percent, fixed = FEES[processor]
    e = EXPONENT[currency]
    exact = Decimal(abs(gross_minor)).scaleb(-e) * Decimal(percent) / 100 + Decimal(fixed)
    return int(exact.quantize(Decimal(1).scaleb(-e), rounding=ROUND_HALF_UP).scaleb(e))


class Clock:
    """RFC 3339 text for epoch seconds, the date part cached per day."""

    def __init__(self):
        self.days = {}

    def __call__(self, s):
        d, rem = divmod(s, DAY)
        prefix = self.days.get(d)
        if prefix is None:
            prefix = self.days[d] = datetime.fromtimestamp(d * DAY, timezone.utc).strftime("%Y-%m-%dT")
        h, rem = divmod(rem, 3600)
        m, sec = divmod(rem, 60)
        return f"{prefix}{h:02d}:{m:02d}:{sec:02d}Z"


class Store:
    def __init__(self, out, orders, days, seed, anomaly_rate):
        self.rng = random.Random(seed)
        self.anomaly_rate = anomaly_rate
        self.n, self.days = orders, days
        self.as_of = START + days * DAY + 6 * 3600
        self.iso = Clock()
        self.rows = {t: [] for t in TABLES}
        self.counts = dict.fromkeys(TABLES, 0)
        self.labels = []
        self.batches = {}  # (processor, currency, day) -> [net minor units, settled at]
        self.data = out / "data"
        self.data.mkdir(parents=True, exist_ok=True)
        self.files = {t: open(self.data / f"{t}.csv", "w", newline="", encoding="utf-8") for t in TABLES}
        self.writers = {t: csv.writer(f, lineterminator="\n") for t, f in self.files.items()}
        for t, w in self.writers.items():
            w.writerow(TABLES[t])

    def row(self, table, at, *cells):
        """A row stamped `at`; one stamped after as-of has not happened yet and is not written."""
        if at <= self.as_of:
            self.rows[table].append(cells)

    def label(self, reason, kind, order="", key=""):
        self.labels.append((reason, kind, order, key))

    def flush(self):
        for t, rows in self.rows.items():
            self.writers[t].writerows(rows)
            self.counts[t] += len(rows)
            rows.clear()

    # --- settlements -----------------------------------------------------------------------------

    def settle(self, sid, kind, processor, ref, merchant_ref, gross, fee_minor, currency, at, net=None,
               batch=True):
        """One settlement line, counted into its processor's daily batch (closed by a payout)."""
        net = gross - fee_minor if net is None else net
        # Adyen pays out the next morning, Stripe and PayPal the morning after.
        settled = (at // DAY + (1 if processor == "adyen" else 2)) * DAY + 2 * 3600
        if settled > self.as_of:
            return
        batch_id = ""
        if batch:
            key = (processor, currency, settled // DAY)
            batch_id = f"{processor}-{currency}-{settled // DAY}"
            self.batches.setdefault(key, [0, settled])[0] += net
        self.row("settlements", settled, sid, kind, processor, ref, merchant_ref, money(gross, currency),
                 money(fee_minor, currency), money(net, currency), currency, self.iso(settled), batch_id)

    def charge(self, i, pid, processor, ref, oid, amount, currency, captured, anomaly, old):
        """A payment's charge line (and what an anomaly does to it)."""
        gross, cur = amount, currency
        if anomaly == "MISSING_SETTLEMENT":
            self.label(anomaly, "payment", oid, pid)
            return
        if anomaly == "AMOUNT_MISMATCH":
            gross -= 1
            self.label(anomaly, "payment", oid, pid)
        if anomaly == "CURRENCY_MISMATCH":
            cur = "EUR" if currency != "EUR" else "USD"
            self.label(anomaly, "payment", oid, pid)
        f = fee(gross, cur, processor)
        net = None
        if anomaly == "FEE_VARIANCE":
            f += 5
            self.label(anomaly, "settlement", "", f"txn_{i}")
        if anomaly == "SETTLEMENT_ARITHMETIC":
            net = gross - f - 1
            self.label(anomaly, "settlement", "", f"txn_{i}")
        self.settle(f"txn_{i}", "charge", processor, ref, oid, gross, f, cur, captured, net=net,
                    batch=anomaly != "CURRENCY_MISMATCH")
        if anomaly == "DUPLICATE_SETTLEMENT":
            self.settle(f"txn_{i}_dup", "charge", processor, ref, oid, gross, f, cur, captured)
            self.label(anomaly, "settlement", "", f"txn_{i}_dup")
        if anomaly == "CHARGEBACK" or (anomaly is None and old and self.rng.random() < 0.002):
            # A chargeback three days on, reversed (won) a day later unless it is the anomaly.
            at = captured + 3 * DAY
            self.settle(f"cb_{i}", "chargeback", processor, ref, oid, -gross, 1500, cur, at)
            if anomaly == "CHARGEBACK":
                self.label(anomaly, "settlement", "", f"cb_{i}")
            else:
                self.settle(f"cbr_{i}", "chargeback_reversal", processor, ref, oid, gross, 0, cur, at + DAY)

    def payouts(self):
        """Each closed batch's payout: −(the sum of its lines' net); one in twenty is a minor unit short."""
        for (processor, currency, day), (net, settled) in sorted(self.batches.items()):
            at = settled + 3600
            if at > self.as_of:
                continue
            pid = f"po_{processor}_{currency}_{day}"
            if self.rng.random() < 0.05:
                net -= 1
                self.label("BATCH_TOTAL_MISMATCH", "settlement", "", pid)
            self.row("settlements", at, pid, "payout", processor, pid, "", money(-net, currency),
                     money(0, currency), money(-net, currency), currency, self.iso(at),
                     f"{processor}-{currency}-{day}")
        # A monthly fee line per processor: nothing to pair with, matched as it stands.
        for processor in sorted(FEES):
            at = START + 3600
            self.row("settlements", at, f"fee_{processor}", "fee", processor, "", "", "0.00", "25.00", "-25.00",
                     "USD", self.iso(at), "")

    # --- orders ----------------------------------------------------------------------------------

    def order(self, i):
        rng = self.rng
        placed = START + i * (self.days * DAY) // self.n
        web = rng.random() < 0.7
        oid = f"{'W' if web else 'P'}{i:08d}"
        r = rng.random()
        currency = "USD" if r < 0.75 else "EUR" if r < 0.95 else "JPY"
        old = placed < self.as_of - 6 * DAY
        anomaly = ANOMALIES[rng.randrange(len(ANOMALIES))] if old and rng.random() < self.anomaly_rate * len(
            ANOMALIES) else None
        cancelled = anomaly is None and rng.random() < 0.005

        # Lines: (line id, sku, quantity, unit price in minor units, location, shipments)
        lines, total = [], 0
        store = f"S{rng.randrange(40):02d}"
        for line in range(1 + rng.randrange(5)):
            sku = f"SKU-{rng.randrange(50_000):05d}"
            q = 1 + rng.randrange(3)
            unit = 199 + rng.randrange(9800)  # minor units: $1.99-$99.99, or ¥199-¥9,998
            total += q * unit
            if web and q > 1 and rng.random() < 0.1:
                shipments = [("WH-1", q - 1), ("WH-2", 1)]  # split across two warehouses
            else:
                shipments = [("WH-1" if web else store, q)]
            lines.append((str(line + 1), sku, q, unit, shipments))

        # Payments: (payment id, method, processor, reference, amount)
        if web:
            processor = "stripe" if rng.random() < 0.85 else "paypal"
            method = "card" if processor == "stripe" else "wallet"
            tenders = [("p1", method, processor, f"{'ch' if processor == 'stripe' else 'pp'}_{i}", total)]
        else:
            r = rng.random()
            if r < 0.45:
                tenders = [("p1", "cash", "", "", total)]
            elif r < 0.85 or total < 2:
                tenders = [("p1", "card", "adyen", f"psp_{i}", total)]
            else:
                cash = total // 3
                tenders = [("p1", "cash", "", "", cash), ("p2", "card", "adyen", f"psp_{i}", total - cash)]
        if anomaly in ("MISSING_SETTLEMENT", "AMOUNT_MISMATCH", "CURRENCY_MISMATCH", "FEE_VARIANCE",
                       "SETTLEMENT_ARITHMETIC", "DUPLICATE_SETTLEMENT", "CHARGEBACK", "MISSING_REFUND_SETTLEMENT",
                       "OVER_REFUND", "UNKNOWN_RETURN") and tenders[-1][2] == "":
            tenders = [("p1", "card", "adyen", f"psp_{i}", total)]  # these need a card payment
        if anomaly == "PAYMENT_TOTAL_MISMATCH":
            pid, method, processor, ref, amount = tenders[0]
            tenders[0] = (pid, method, processor, ref, amount - 100)
            self.label(anomaly, "order", "", oid)

        at = self.iso(placed)
        self.row("orders", placed, oid, "web" if web else "pos", currency, money(total, currency), at,
                 f"C-{rng.randrange(200_000)}" if rng.random() < 0.6 else "", "cancelled" if cancelled else "")
        for pid, method, processor, ref, amount in tenders:
            self.row("payments", placed, oid, pid, method, processor, ref, money(amount, currency), at)
            if processor:
                self.charge(i, pid, processor, ref, oid, amount, currency, placed,
                            anomaly if pid == tenders[-1][0] else None, old)

        # Fulfilment and its stock movements (a shop sale leaves at once, a parcel an hour later).
        shipped = placed + (3600 if web else 0)
        if not cancelled:
            drop_sku = lines[0][1] if anomaly == "MISSING_INVENTORY_MOVEMENT" else None
            for line_id, sku, q, unit, shipments in lines:
                for n, (loc, units) in enumerate(shipments):
                    self.row("fulfilments", shipped, oid, line_id if n == 0 else f"{line_id}.{n}", sku, units, loc,
                             self.iso(shipped))
                    if sku == drop_sku:
                        continue
                    delta = -units
                    if anomaly == "INVENTORY_QUANTITY_MISMATCH" and line_id == "1" and n == 0:
                        delta -= 1
                    self.row("movements", shipped, f"M{i}-{line_id}-{n}", sku, loc, delta, "sale", oid, "",
                             self.iso(shipped))
            if drop_sku:
                self.label(anomaly, "order_sku", oid, drop_sku)
            if anomaly == "INVENTORY_QUANTITY_MISMATCH":
                self.label(anomaly, "order_sku", oid, lines[0][1])
        if anomaly == "UNMATCHED_MOVEMENT":
            self.row("movements", shipped, f"MX{i}", lines[0][1], "WH-1", -1, "sale", f"X{i:08d}", "",
                     self.iso(shipped))
            self.label(anomaly, "movement", "", f"MX{i}")
        if anomaly == "INVALID_ROW" or rng.random() < 0.02:
            self.row("movements", placed, f"RC{i}", lines[0][1], "WH-1", 24, "receipt", "", "", at)
            if anomaly == "INVALID_ROW":
                # A stock receipt exported twice with different quantities: neither copy can be trusted.
                self.row("movements", placed, f"RC{i}", lines[0][1], "WH-1", 12, "receipt", "", "", at)
                self.label(anomaly, "movement", "", f"RC{i}")

        card = tenders[-1] if tenders[-1][2] else None
        if cancelled:
            # Cancelled before it shipped: every tender refunded in full, in the same way.
            for pid, method, processor, ref, amount in tenders:
                self.refund(i, oid, f"c{pid}", "", method, processor, amount, currency, placed + 1800, None)
        elif anomaly in ("RETURN_WITHOUT_CREDIT", "CREDIT_WITHOUT_RETURN") or (
                anomaly is None and rng.random() < 0.08):
            self.return_(i, oid, lines, tenders, currency, shipped, anomaly)
        elif anomaly in ("MISSING_REFUND_SETTLEMENT", "OVER_REFUND", "UNKNOWN_RETURN"):
            paid = sum(t[4] for t in tenders)
            amount = {"OVER_REFUND": paid + 100}.get(anomaly, max(1, paid // 4))
            return_id = f"RX{i}" if anomaly == "UNKNOWN_RETURN" else ""
            self.refund(i, oid, "g1", return_id, card[1], card[2], amount, currency, placed + DAY, anomaly)
            if anomaly == "OVER_REFUND":
                self.label(anomaly, "order", "", oid)
            else:
                self.label(anomaly, "refund", oid, "g1")
        if anomaly == "UNMATCHED_SETTLEMENT":
            self.settle(f"txn_x{i}", "charge", "stripe", f"ch_x{i}", "", 1234, fee(1234, "USD", "stripe"), "USD",
                        placed)
            self.label(anomaly, "settlement", "", f"txn_x{i}")

    def return_(self, i, oid, lines, tenders, currency, shipped, anomaly):
        """One or two lines back four days after shipping; refunded two hours after the last arrives."""
        rng = self.rng
        rid = f"R{i}"
        received = shipped + 4 * DAY
        back = lines[:1 + (len(lines) > 1 and rng.random() < 0.3)]
        amount = 0
        for line_id, sku, q, unit, shipments in back:
            units = 1 + rng.randrange(q)
            amount += units * unit
            loc = shipments[0][0]
            if units > 1 and rng.random() < 0.2 and anomaly is None:
                parts = [(True, units - 1), (False, 1)]  # one unit came back damaged
            else:
                parts = [(True, units)]
            for restock, n in parts:
                self.row("returns", received, oid, rid, line_id, sku, n, "true" if restock else "false", loc,
                         self.iso(received))
                if restock and anomaly != "CREDIT_WITHOUT_RETURN":
                    self.row("movements", received, f"RM{i}-{line_id}", sku, loc, n, "return_restock", oid, rid,
                             self.iso(received))
        if anomaly == "RETURN_WITHOUT_CREDIT":
            self.label(anomaly, "return", oid, rid)
            return
        pid, method, processor, ref, paid = tenders[-1]
        self.refund(i, oid, "f1", rid, method, processor, min(amount, paid), currency, received + 7200, None)
        if anomaly == "CREDIT_WITHOUT_RETURN":
            self.label(anomaly, "refund", oid, "f1")

    def refund(self, i, oid, fid, rid, method, processor, amount, currency, at, anomaly):
        ref = f"re_{i}_{fid}" if processor else ""
        self.row("refunds", at, oid, fid, rid, method, processor, ref, money(amount, currency), self.iso(at))
        if processor and anomaly != "MISSING_REFUND_SETTLEMENT":
            self.settle(f"txr_{i}_{fid}", "refund", processor, ref, oid, -amount, 0, currency, at)

    def run(self):
        for i in range(self.n):
            self.order(i)
            if i % 50_000 == 49_999:
                self.flush()
        self.payouts()
        self.flush()
        for f in self.files.values():
            f.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--orders", type=int, default=1_000_000)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--anomaly-rate", type=float, default=1 / 1_500,
                    help="the share of old orders given each kind of anomaly (default 1/1500)")
    args = ap.parse_args()
    store = Store(args.out, args.orders, args.days, args.seed, args.anomaly_rate)
    store.run()
    with open(args.out / "labels.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["reason", "key_kind", "order_id", "key_id"])
        w.writerows(sorted(store.labels))
    fees = "".join(f'\n[[fee_schedule]]\nprocessor = "{p}"\npercent = "{pc}"\nfixed = "{fx}"\n'
                   for p, (pc, fx) in FEES.items())
    (args.out / "seamline.toml").write_text(
        f'title = "Generated store, {args.orders:,} orders over {args.days} days"\ndata = "data"\n'
        f"settlement_window_days = 3\ncredit_grace_days = 1\ncapture_window_days = 14\n{fees}")
    meta = {"orders": args.orders, "days": args.days, "seed": args.seed, "as_of": store.iso(store.as_of),
            "rows": store.counts, "labels": len(store.labels)}
    (args.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
