"""The same checks as peer_polars.py, written in pandas: what many data teams run today.

    python bindings-python/bench/tieout/peer_pandas.py DIR OUT [DATA]

Reads DIR's `seamline.toml` and `meta.json` and the CSV tables in DATA (default DIR/data), every
cell as text (no amount passes through a float: amounts become integer cents from their text), and
writes OUT/exceptions.csv, OUT/pending.csv and OUT/summary.txt. It leaves out what peer_polars.py
leaves out.
"""

import json
import sys
import tomllib
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd

TABLES = ["orders", "payments", "fulfilments", "returns", "refunds", "settlements", "movements"]
TIMES = {"placed_at", "captured_at", "fulfilled_at", "received_at", "issued_at", "settled_at", "occurred_at"}
AMOUNTS = {"total", "amount", "gross", "fee", "net"}
INTEGERS = {"quantity", "delta"}
MINOR = {"JPY": 1_000_000}  # units of 1/10,000 cent per minor unit (default: a cent, 10,000)
COLUMNS = ["reason", "key_kind", "order_id", "key_id", "currency", "expected", "actual"]


def cents(text):
    """Decimal text to integer cents, exactly: no float on the way."""
    t = text.fillna("0")
    negative = t.str.startswith("-")
    parts = t.str.lstrip("-").str.split(".", n=1, expand=True)
    if parts.shape[1] == 1:
        parts[1] = None
    value = parts[0].astype("int64") * 100 + parts[1].fillna("").str.ljust(2, "0").astype("int64")
    value[negative] = -value[negative]
    return value.where(text.notna())


def read(data, table):
    df = pd.read_csv(data / f"{table}.csv", dtype=str, keep_default_na=False, na_values=[""])
    for c in df.columns:
        if c in AMOUNTS:
            df[c] = cents(df[c])
        elif c in TIMES:
            df[c] = pd.to_datetime(df[c], format="%Y-%m-%dT%H:%M:%SZ", utc=True)
        elif c in INTEGERS:
            df[c] = df[c].astype("int64")
        elif c == "restock":
            df[c] = df[c].str.lower() == "true"
    return df


def exc(df, reason, kind, order, key, currency=None, expected=None, actual=None):
    return pd.DataFrame({
        "reason": reason, "key_kind": kind,
        "order_id": df[order] if order else "", "key_id": df[key],
        "currency": df[currency] if currency else None,
        "expected": expected if expected is not None else None,
        "actual": actual if actual is not None else None,
    }, index=df.index)


def pend(df, reason, kind, order, key, due):
    return pd.DataFrame({"reason": reason, "key_kind": kind, "order_id": df[order] if order else "",
                         "key_id": df[key], "due": due}, index=df.index)


def anti(left, right, on):
    """The rows of `left` with no match in `right` (whose columns are the keys, each once)."""
    joined = left.merge(right, on=on, how="left", indicator=True)
    return joined[joined["_merge"] == "left_only"].drop(columns="_merge")


def falling_due(df, due, as_of, found, pending, reason, waiting, kind, key, amount=None):
    """Rows whose window has closed are exceptions; the others wait, with the instant they fall due."""
    late = due < as_of
    found.append(exc(df[late], reason, kind, "order_id", key, None, None,
                     None if amount is None else df.loc[late, amount]))
    pending.append(pend(df[~late], waiting, kind, "order_id", key, due[~late]))


def without_duplicates(df, key, kind, order, ident, found):
    """Identical copies keep one; a key repeated with different content is refused."""
    repeated = df.duplicated(key, keep=False)
    copies = df[repeated].drop_duplicates()
    clash = copies.duplicated(key, keep=False)
    bad = copies[clash].drop_duplicates(key)
    found.append(exc(bad, "INVALID_ROW", kind, order, ident))
    return pd.concat([df[~repeated], copies[~clash]])


def tieout(d, out, data=None):
    config = tomllib.loads((d / "seamline.toml").read_text())
    as_of = pd.Timestamp(datetime.fromisoformat(json.loads((d / "meta.json").read_text())["as_of"]
                                                .replace("Z", "+00:00")))
    window = timedelta(days=config.get("settlement_window_days", 3))
    grace = timedelta(days=config.get("credit_grace_days", 1))
    capture = timedelta(days=config.get("capture_window_days", 14))
    tolerance = int(Decimal(config.get("fee_tolerance", "0.01")) * 100)
    data = data or d / config.get("data", "data")
    t = {}
    for name, col in zip(TABLES, ["placed_at", "captured_at", "fulfilled_at", "received_at", "issued_at",
                                  "settled_at", "occurred_at"]):
        df = read(data, name)
        t[name] = df[df[col] <= as_of]
    found, pending = [], []
    for name, key, kind, order, ident in [
        ("orders", ["order_id"], "order", None, "order_id"),
        ("payments", ["order_id", "payment_id"], "payment", "order_id", "payment_id"),
        ("fulfilments", ["order_id", "line_id"], "fulfilment", "order_id", "line_id"),
        ("refunds", ["order_id", "refund_id"], "refund", "order_id", "refund_id"),
        ("settlements", ["id"], "settlement", None, "id"),
        ("movements", ["id"], "movement", None, "id"),
    ]:
        t[name] = without_duplicates(t[name], key, kind, order, ident, found)
    orders, payments, fulfilments, returns, refunds, settlements, movements = (t[n] for n in TABLES)
    ref = ["processor", "processor_reference"]

    for kind, tenders, when, sign, missing, ident, record in [
        ("charge", payments, "captured_at", 1, "MISSING_SETTLEMENT", "payment_id", "payment"),
        ("refund", refunds, "issued_at", -1, "MISSING_REFUND_SETTLEMENT", "refund_id", "refund"),
    ]:
        lines = settlements[settlements["kind"] == kind].sort_values(["settled_at", "id"])
        later = lines.duplicated(ref, keep="first")
        found.append(exc(lines[later], "DUPLICATE_SETTLEMENT", "settlement", None, "id", "currency"))
        first = lines[~later]
        owed = tenders[tenders["processor"].notna()]
        matched = owed.merge(first, on=ref, suffixes=("", "_s")).merge(
            orders[["order_id", "currency"]].rename(columns={"currency": "owed_in"}), on="order_id")
        other = matched["currency"] != matched["owed_in"]
        found.append(exc(matched[other], "CURRENCY_MISMATCH", record, "order_id", ident, "owed_in"))
        off = ~other & (matched["gross"] * sign != matched["amount"])
        found.append(exc(matched[off], "AMOUNT_MISMATCH", record, "order_id", ident, "currency",
                         matched.loc[off, "amount"], matched.loc[off, "gross"] * sign))
        found.append(exc(anti(first, owed[ref].drop_duplicates(), ref), "UNMATCHED_SETTLEMENT", "settlement", None,
                         "id", "currency"))
        open_ = anti(owed, first[ref], ref)
        falling_due(open_, open_[when] + window, as_of, found, pending, missing,
                    "awaiting_settlement" if kind == "charge" else "awaiting_refund_settlement", record, ident,
                    amount="amount")

    rules = pd.DataFrame([{"processor": r["processor"], "bp": int(Decimal(r["percent"]) * 100),
                           "fixed": int(Decimal(r.get("fixed", "0")) * 100)} for r in config.get("fee_schedule", [])])
    charges = settlements[settlements["kind"] == "charge"].merge(rules, on="processor")
    unit = charges["currency"].map(MINOR).fillna(10_000).astype("int64")
    exact = charges["gross"].abs() * charges["bp"] + charges["fixed"] * 10_000
    expected = (exact + unit // 2) // unit * unit // 10_000
    bad_fee = (charges["fee"] - expected).abs() > tolerance
    found.append(exc(charges[bad_fee], "FEE_VARIANCE", "settlement", None, "id", "currency", expected[bad_fee],
                     charges.loc[bad_fee, "fee"]))
    arithmetic = settlements["net"] != settlements["gross"] - settlements["fee"]
    arithmetic &= settlements["gross"].notna() & settlements["fee"].notna()
    found.append(exc(settlements[arithmetic], "SETTLEMENT_ARITHMETIC", "settlement", None, "id", "currency"))
    reversals = settlements.loc[settlements["kind"] == "chargeback_reversal", ref].drop_duplicates()
    found.append(exc(anti(settlements[settlements["kind"] == "chargeback"], reversals, ref), "CHARGEBACK",
                     "settlement", None, "id", "currency"))
    batch = ["processor", "batch_id", "currency"]
    in_batches = settlements[(settlements["kind"] != "payout") & settlements["batch_id"].notna()]
    totals = in_batches.groupby(batch)["net"].sum().rename("lines").reset_index()
    payouts = settlements[settlements["kind"] == "payout"].merge(totals, on=batch, how="left")
    short = -payouts["net"] != payouts["lines"].fillna(0)
    found.append(exc(payouts[short], "BATCH_TOTAL_MISMATCH", "settlement", None, "id", "currency"))

    paid = payments.groupby("order_id")["amount"].sum().rename("paid")
    refunded = refunds.groupby("order_id")["amount"].sum().rename("refunded")
    books = orders.join(paid, on="order_id").join(refunded, on="order_id")
    books[["paid", "refunded"]] = books[["paid", "refunded"]].fillna(0)
    status = books["status"].fillna("fulfilled")
    is_short = (status == "open") & (books["paid"] < books["total"])
    late = books["placed_at"] + capture < as_of
    wrong = (((status == "fulfilled") & (books["paid"] != books["total"]))
             | ((status == "open") & ((books["paid"] > books["total"]) | (is_short & late)))
             | ((status == "cancelled") & (books["paid"] != books["refunded"])))
    found.append(exc(books[wrong], "PAYMENT_TOTAL_MISMATCH", "order", None, "order_id", "currency"))
    pending.append(pend(books[is_short & ~late], "awaiting_capture", "order", None, "order_id",
                        books.loc[is_short & ~late, "placed_at"] + capture))
    found.append(exc(books[books["refunded"] > books["paid"]], "OVER_REFUND", "order", None, "order_id", "currency"))

    return_ids = returns[["order_id", "return_id"]].drop_duplicates()
    found.append(exc(anti(refunds[refunds["return_id"].notna()], return_ids, ["order_id", "return_id"]),
                     "UNKNOWN_RETURN", "refund", "order_id", "refund_id"))
    restocking = returns[returns["restock"]].groupby(["order_id", "return_id"])["received_at"].max().rename(
        "last").reset_index()
    credited = refunds.loc[refunds["return_id"].notna(), ["order_id", "return_id"]].drop_duplicates()
    uncredited = anti(restocking, credited, ["order_id", "return_id"])
    falling_due(uncredited, uncredited["last"] + grace, as_of, found, pending, "RETURN_WITHOUT_CREDIT",
                "awaiting_credit", "return", "return_id")
    restocks = movements[movements["kind"] == "return_restock"]
    moved_returns = set(restocks["return_reference"])
    units = returns.assign(units=returns["quantity"].where(returns["restock"], 0)).groupby(
        ["order_id", "return_id", "sku"])["units"].sum().reset_index()
    units = units[units["return_id"].isin(moved_returns)]
    moved = restocks.groupby(["return_reference", "sku"])["delta"].sum().rename("moved").reset_index()
    both = units.merge(moved, left_on=["return_id", "sku"], right_on=["return_reference", "sku"], how="left")
    off = both["units"] != both["moved"].fillna(0)
    both["key"] = both["return_id"] + "/" + both["sku"]
    found.append(exc(both[off], "INVENTORY_QUANTITY_MISMATCH", "return_sku", "order_id", "key"))
    never_back = restocking[~restocking["return_id"].isin(moved_returns)][["order_id", "return_id"]]
    credits = refunds.merge(never_back, on=["order_id", "return_id"])
    falling_due(credits, credits["issued_at"] + grace, as_of, found, pending, "CREDIT_WITHOUT_RETURN",
                "awaiting_restock", "refund", "refund_id")

    sales = movements[movements["kind"] == "sale"]
    known_orders = set(orders["order_id"])
    found.append(exc(sales[~sales["order_reference"].isin(known_orders)], "UNMATCHED_MOVEMENT", "movement", None,
                     "id"))
    found.append(exc(restocks[~restocks["return_reference"].isin(set(returns["return_id"]))], "UNMATCHED_MOVEMENT",
                     "movement", None, "id"))
    shipped = fulfilments.groupby(["order_id", "sku"])["quantity"].sum().rename("shipped")
    ours = sales[sales["order_reference"].isin(known_orders)]
    sold = (-ours["delta"]).groupby([ours["order_reference"].rename("order_id"), ours["sku"]]).sum().rename("sold")
    stock = pd.concat([shipped, sold], axis=1).reset_index()
    stock = stock[stock["shipped"].fillna(0) != stock["sold"].fillna(0)]
    found.append(exc(stock[stock["sold"].isna()], "MISSING_INVENTORY_MOVEMENT", "order_sku", "order_id", "sku"))
    found.append(exc(stock[stock["sold"].notna()], "INVENTORY_QUANTITY_MISMATCH", "order_sku", "order_id", "sku"))

    queue = pd.concat([f for f in found if len(f)], ignore_index=True)[COLUMNS].sort_values(
        ["reason", "order_id", "key_id"])
    waiting = pd.concat([p for p in pending if len(p)], ignore_index=True).sort_values(["due", "key_id"])
    out.mkdir(parents=True, exist_ok=True)
    queue.to_csv(out / "exceptions.csv", index=False)
    waiting.to_csv(out / "pending.csv", index=False)
    by_reason = queue.groupby("reason").size()
    (out / "summary.txt").write_text(
        f"Tie-out as of {as_of.isoformat()}\n{len(queue)} exception(s); {len(waiting)} pending\n"
        + "".join(f"  {r}: {n}\n" for r, n in by_reason.items()))
    return queue, waiting


def main():
    queue, waiting = tieout(*[Path(a) for a in sys.argv[1:]])
    print(f"{len(queue)} exception(s); {len(waiting)} pending")


if __name__ == "__main__":
    main()
