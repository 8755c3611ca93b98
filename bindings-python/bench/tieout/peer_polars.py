"""The peer: the tie-out's checks as a careful data team would write them in polars.

    POLARS_MAX_THREADS=2 python bindings-python/bench/tieout/peer_polars.py DIR OUT [DATA]

Reads DIR's `seamline.toml`, `meta.json` (for the as-of instant) and the tables in DATA (default
DIR/data): `orders.parquet` where it exists (typed: decimal amounts, UTC timestamps), else
`orders.csv`, and so on. It runs the same checks as Seamline's tie-out (docs/reconciliation.md) on the
generated store's shape, and writes OUT/exceptions.{csv,parquet}, OUT/pending.{csv,parquet} and
OUT/summary.txt. Money is exact: amounts are read as decimals and compared in integer cents; the
expected fee is integer arithmetic rounded half-up to the currency's minor unit. What it leaves
out, as a hand-written job would: suggestions, severities, stable ids and fingerprints, yesterday's
queue, the books' identities and the HTML report; the cascade from an unreadable order to its
children; charges matched by merchant reference when the processor's is missing.
"""

import json
import sys
import tomllib
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import polars as pl

MONEY = pl.Decimal(20, 2)
TEXT = pl.String
SCHEMAS = {
    "orders": {"order_id": TEXT, "channel": TEXT, "currency": TEXT, "total": MONEY, "placed_at": TEXT,
               "customer": TEXT, "status": TEXT},
    "payments": {"order_id": TEXT, "payment_id": TEXT, "method": TEXT, "processor": TEXT,
                 "processor_reference": TEXT, "amount": MONEY, "captured_at": TEXT},
    "fulfilments": {"order_id": TEXT, "line_id": TEXT, "sku": TEXT, "quantity": pl.Int64, "location": TEXT,
                    "fulfilled_at": TEXT},
    "returns": {"order_id": TEXT, "return_id": TEXT, "line_id": TEXT, "sku": TEXT, "quantity": pl.Int64,
                "restock": pl.Boolean, "location": TEXT, "received_at": TEXT},
    "refunds": {"order_id": TEXT, "refund_id": TEXT, "return_id": TEXT, "method": TEXT, "processor": TEXT,
                "processor_reference": TEXT, "amount": MONEY, "issued_at": TEXT},
    "settlements": {"id": TEXT, "kind": TEXT, "processor": TEXT, "processor_reference": TEXT,
                    "merchant_reference": TEXT, "gross": MONEY, "fee": MONEY, "net": MONEY, "currency": TEXT,
                    "settled_at": TEXT, "batch_id": TEXT},
    "movements": {"id": TEXT, "sku": TEXT, "location": TEXT, "delta": pl.Int64, "kind": TEXT,
                  "order_reference": TEXT, "return_reference": TEXT, "occurred_at": TEXT},
}
TIMES = {"placed_at", "captured_at", "fulfilled_at", "received_at", "issued_at", "settled_at", "occurred_at"}
AMOUNTS = {"total", "amount", "gross", "fee", "net"}
# Units of 1/10,000 of a cent per minor unit: the fee is computed in them, exactly.
MINOR = {"JPY": 1_000_000}
EXCEPTION_COLUMNS = ["reason", "key_kind", "order_id", "key_id", "currency", "expected", "actual"]


def scan(data, table):
    """A table with amounts as integer cents and times as UTC instants; an absent file is empty."""
    schema = SCHEMAS[table]
    parquet = (data / f"{table}.parquet").exists()
    path = data / f"{table}.{'parquet' if parquet else 'csv'}"
    if not path.exists():
        return pl.LazyFrame(schema=schema)
    lf = pl.scan_parquet(path) if parquet else pl.scan_csv(path, schema=schema)
    return lf.with_columns(
        *[(pl.col(c).cast(MONEY) * 100).cast(pl.Int64) for c in schema if c in AMOUNTS],
        *[pl.col(c).cast(TEXT).str.to_datetime("%Y-%m-%dT%H:%M:%SZ", time_zone="UTC") for c in schema
          if c in TIMES and not parquet],
    )


def invalid_duplicates(df, key, kind, order, ident):
    """Rows whose key repeats with different content: identical copies keep one, others are refused.

    Only rows whose key repeats are compared whole (a few), not the table."""
    repeated = pl.struct(key).is_duplicated() if len(key) > 1 else pl.col(key[0]).is_duplicated()
    df = df.with_columns(repeated.alias("_repeated"))
    copies = df.filter(pl.col("_repeated")).drop("_repeated").unique(maintain_order=True).with_columns(
        pl.len().over(key).alias("_copies"))
    bad = copies.filter(pl.col("_copies") > 1).group_by(key, maintain_order=True).agg().select(
        pl.lit("INVALID_ROW").alias("reason"), pl.lit(kind).alias("key_kind"),
        (pl.col(order) if order else pl.lit("")).alias("order_id"), pl.col(ident).alias("key_id"))
    kept = pl.concat([df.filter(~pl.col("_repeated")).drop("_repeated"),
                      copies.filter(pl.col("_copies") == 1).drop("_copies")])
    return kept, bad


def exc(lf, reason, kind, order, key, currency=None, expected=None, actual=None):
    """Exceptions in one shape: who, and what was expected against what was found (cents)."""
    return lf.select(
        pl.lit(reason).alias("reason"), pl.lit(kind).alias("key_kind"),
        (order if order is not None else pl.lit("")).alias("order_id"), key.alias("key_id"),
        (currency if currency is not None else pl.lit(None, TEXT)).alias("currency"),
        (expected if expected is not None else pl.lit(None, pl.Int64)).alias("expected"),
        (actual if actual is not None else pl.lit(None, pl.Int64)).alias("actual"))


def pend(lf, reason, kind, order, key, due):
    return lf.select(pl.lit(reason).alias("reason"), pl.lit(kind).alias("key_kind"), order.alias("order_id"),
                     key.alias("key_id"), due.alias("due"))


def tieout(d, out, data=None):
    config = tomllib.loads((d / "seamline.toml").read_text())
    as_of = datetime.fromisoformat(json.loads((d / "meta.json").read_text())["as_of"].replace("Z", "+00:00"))
    window = timedelta(days=config.get("settlement_window_days", 3))
    grace = timedelta(days=config.get("credit_grace_days", 1))
    capture = timedelta(days=config.get("capture_window_days", 14))
    tolerance = int(Decimal(config.get("fee_tolerance", "0.01")) * 100)
    data = data or d / config.get("data", "data")
    t = {name: scan(data, name) for name in SCHEMAS}
    as_of_lit = pl.lit(as_of).dt.replace_time_zone("UTC") if as_of.tzinfo is None else pl.lit(as_of)

    # Rows stamped after as-of wait for a later run. Each table is read once, into memory.
    for name, col in [("orders", "placed_at"), ("payments", "captured_at"), ("fulfilments", "fulfilled_at"),
                      ("returns", "received_at"), ("refunds", "issued_at"), ("settlements", "settled_at"),
                      ("movements", "occurred_at")]:
        t[name] = t[name].filter(pl.col(col) <= as_of_lit)
    t = dict(zip(t, pl.collect_all(list(t.values()))))

    found = []
    keys = {"orders": (["order_id"], "order", None, "order_id"),
            "payments": (["order_id", "payment_id"], "payment", "order_id", "payment_id"),
            "fulfilments": (["order_id", "line_id"], "fulfilment", "order_id", "line_id"),
            "refunds": (["order_id", "refund_id"], "refund", "order_id", "refund_id"),
            "settlements": (["id"], "settlement", None, "id"),
            "movements": (["id"], "movement", None, "id")}
    for name, (key, kind, order, ident) in keys.items():
        t[name], bad = invalid_duplicates(t[name], key, kind, order, ident)
        found.append(bad.lazy().with_columns(currency=pl.lit(None, TEXT), expected=pl.lit(None, pl.Int64),
                                             actual=pl.lit(None, pl.Int64)))
    t = {name: df.lazy() for name, df in t.items()}
    orders, payments, fulfilments, returns, refunds, settlements, movements = (
        t[n] for n in ("orders", "payments", "fulfilments", "returns", "refunds", "settlements", "movements"))
    pending = []

    # --- settlement lines against payments and refunds ------------------------------------------
    def first_and_duplicates(kind):
        lines = settlements.filter(pl.col("kind") == kind).sort("settled_at", "id").with_columns(
            pl.int_range(pl.len()).over("processor", "processor_reference").alias("_n"))
        return lines.filter(pl.col("_n") == 0), lines.filter(pl.col("_n") > 0)

    for kind, tenders, when, sign, missing in [
        ("charge", payments, "captured_at", 1, "MISSING_SETTLEMENT"),
        ("refund", refunds, "issued_at", -1, "MISSING_REFUND_SETTLEMENT"),
    ]:
        first, dups = first_and_duplicates(kind)
        found.append(exc(dups, "DUPLICATE_SETTLEMENT", "settlement", None, pl.col("id"), pl.col("currency")))
        owed = tenders.filter(pl.col("processor").is_not_null())
        ident = "payment_id" if kind == "charge" else "refund_id"
        record = "payment" if kind == "charge" else "refund"
        matched = owed.join(first, on=["processor", "processor_reference"], how="inner", suffix="_s").join(
            orders.select("order_id", pl.col("currency").alias("_owed_in")), on="order_id")
        found.append(exc(matched.filter(pl.col("currency") != pl.col("_owed_in")), "CURRENCY_MISMATCH", record,
                         pl.col("order_id"), pl.col(ident), pl.col("_owed_in")))
        found.append(exc(matched.filter((pl.col("currency") == pl.col("_owed_in"))
                                        & (pl.col("gross") * sign != pl.col("amount"))),
                         "AMOUNT_MISMATCH", record, pl.col("order_id"), pl.col(ident), pl.col("currency"),
                         pl.col("amount"), pl.col("gross") * sign))
        found.append(exc(first.join(owed, on=["processor", "processor_reference"], how="anti"),
                         "UNMATCHED_SETTLEMENT", "settlement", None, pl.col("id"), pl.col("currency")))
        open_ = owed.join(first, on=["processor", "processor_reference"], how="anti").with_columns(
            (pl.col(when) + window).alias("due"))
        found.append(exc(open_.filter(pl.col("due") < as_of_lit), missing, record, pl.col("order_id"),
                         pl.col(ident), None, pl.col("amount")))
        pending.append(pend(open_.filter(pl.col("due") >= as_of_lit), "awaiting_settlement" if kind == "charge" else "awaiting_refund_settlement", record,
                            pl.col("order_id"), pl.col(ident), pl.col("due")))

    # Fees on charges (the most specific rule of the processor; integer arithmetic, half-up).
    rules = pl.LazyFrame({
        "processor": [r["processor"] for r in config.get("fee_schedule", [])],
        "_bp": [int(Decimal(r["percent"]) * 100) for r in config.get("fee_schedule", [])],
        "_fixed": [int(Decimal(r.get("fixed", "0")) * 100) for r in config.get("fee_schedule", [])],
    }, schema={"processor": TEXT, "_bp": pl.Int64, "_fixed": pl.Int64})
    unit = pl.col("currency").replace_strict(MINOR, default=10_000, return_dtype=pl.Int64)
    exact = pl.col("gross").abs() * pl.col("_bp") + pl.col("_fixed") * 10_000
    expected_fee = ((exact + unit // 2) // unit) * unit // 10_000
    charged = settlements.filter(pl.col("kind") == "charge").join(rules, on="processor").with_columns(
        expected_fee.alias("_expected"))
    found.append(exc(charged.filter((pl.col("fee") - pl.col("_expected")).abs() > tolerance), "FEE_VARIANCE",
                     "settlement", None, pl.col("id"), pl.col("currency"), pl.col("_expected"), pl.col("fee")))
    found.append(exc(settlements.filter(pl.col("net") != pl.col("gross") - pl.col("fee")), "SETTLEMENT_ARITHMETIC",
                     "settlement", None, pl.col("id"), pl.col("currency"), pl.col("gross") - pl.col("fee"),
                     pl.col("net")))
    reversals = settlements.filter(pl.col("kind") == "chargeback_reversal").select("processor",
                                                                                   "processor_reference")
    found.append(exc(settlements.filter(pl.col("kind") == "chargeback").join(
        reversals, on=["processor", "processor_reference"], how="anti"), "CHARGEBACK", "settlement", None,
        pl.col("id"), pl.col("currency")))
    batch = ["processor", "batch_id", "currency"]
    lines_net = settlements.filter((pl.col("kind") != "payout") & pl.col("batch_id").is_not_null()).group_by(
        batch).agg(pl.col("net").sum().alias("_lines"))
    found.append(exc(settlements.filter(pl.col("kind") == "payout").join(lines_net, on=batch, how="left").filter(
        -pl.col("net") != pl.col("_lines").fill_null(0)), "BATCH_TOTAL_MISMATCH", "settlement", None, pl.col("id"),
        pl.col("currency"), pl.col("_lines"), -pl.col("net")))

    # --- orders: payments, refunds --------------------------------------------------------------
    paid = payments.group_by("order_id").agg(pl.col("amount").sum().alias("_paid"))
    refunded = refunds.group_by("order_id").agg(pl.col("amount").sum().alias("_refunded"))
    books = orders.join(paid, on="order_id", how="left").join(refunded, on="order_id", how="left").with_columns(
        pl.col("_paid").fill_null(0), pl.col("_refunded").fill_null(0), pl.col("status").fill_null("fulfilled"))
    status = pl.col("status")
    short = (status == "open") & (pl.col("_paid") < pl.col("total"))
    wrong = (((status == "fulfilled") & (pl.col("_paid") != pl.col("total")))
             | ((status == "open") & ((pl.col("_paid") > pl.col("total"))
                                      | (short & (pl.col("placed_at") + capture < as_of_lit))))
             | ((status == "cancelled") & (pl.col("_paid") != pl.col("_refunded"))))
    found.append(exc(books.filter(wrong), "PAYMENT_TOTAL_MISMATCH", "order", None, pl.col("order_id"),
                     pl.col("currency"), pl.when(status == "cancelled").then(pl.col("_refunded"))
                     .otherwise(pl.col("total")), pl.col("_paid")))
    pending.append(pend(books.filter(short & (pl.col("placed_at") + capture >= as_of_lit)), "awaiting_capture",
                        "order", pl.lit(""), pl.col("order_id"), pl.col("placed_at") + capture))
    found.append(exc(books.filter(pl.col("_refunded") > pl.col("_paid")), "OVER_REFUND", "order", None,
                     pl.col("order_id"), pl.col("currency"), pl.col("_paid"), pl.col("_refunded")))

    # --- returns and their credits --------------------------------------------------------------
    return_ids = returns.select("order_id", "return_id").unique()
    found.append(exc(refunds.filter(pl.col("return_id").is_not_null()).join(
        return_ids, on=["order_id", "return_id"], how="anti"), "UNKNOWN_RETURN", "refund", pl.col("order_id"),
        pl.col("refund_id"), None, None, pl.col("amount")))
    restocking = returns.filter(pl.col("restock")).group_by("order_id", "return_id").agg(
        pl.col("received_at").max().alias("_last"))
    credited = refunds.filter(pl.col("return_id").is_not_null()).select("order_id", "return_id").unique()
    uncredited = restocking.join(credited, on=["order_id", "return_id"], how="anti").with_columns(
        (pl.col("_last") + grace).alias("due"))
    found.append(exc(uncredited.filter(pl.col("due") < as_of_lit), "RETURN_WITHOUT_CREDIT", "return",
                     pl.col("order_id"), pl.col("return_id")))
    pending.append(pend(uncredited.filter(pl.col("due") >= as_of_lit), "awaiting_credit", "return",
                        pl.col("order_id"), pl.col("return_id"), pl.col("due")))
    restocks = movements.filter(pl.col("kind") == "return_restock")
    restocked = restocks.group_by("return_reference", "sku").agg(pl.col("delta").sum().alias("_moved"))
    to_restock = returns.group_by("order_id", "return_id", "sku").agg(
        pl.col("quantity").filter(pl.col("restock")).sum().alias("_units"))
    with_moves = to_restock.join(restocks.select(pl.col("return_reference").alias("return_id")).unique(),
                                 on="return_id", how="semi")
    found.append(exc(with_moves.join(restocked, left_on=["return_id", "sku"], right_on=["return_reference", "sku"],
                                     how="left").filter(pl.col("_units") != pl.col("_moved").fill_null(0)),
                     "INVENTORY_QUANTITY_MISMATCH", "return_sku", pl.col("order_id"),
                     pl.concat_str("return_id", pl.lit("/"), "sku"), None, pl.col("_units"),
                     pl.col("_moved").fill_null(0)))
    never_back = restocking.join(restocks.select(pl.col("return_reference").alias("return_id")).unique(),
                                 on="return_id", how="anti")
    credits = refunds.join(never_back, on=["order_id", "return_id"], how="semi").with_columns(
        (pl.col("issued_at") + grace).alias("due"))
    found.append(exc(credits.filter(pl.col("due") < as_of_lit), "CREDIT_WITHOUT_RETURN", "refund",
                     pl.col("order_id"), pl.col("refund_id"), None, None, pl.col("amount")))
    pending.append(pend(credits.filter(pl.col("due") >= as_of_lit), "awaiting_restock", "refund",
                        pl.col("order_id"), pl.col("refund_id"), pl.col("due")))

    # --- stock: fulfilled units against sale movements, per order and SKU -------------------------
    sales = movements.filter(pl.col("kind") == "sale")
    known = orders.select(pl.col("order_id").alias("order_reference"))
    found.append(exc(sales.join(known, on="order_reference", how="anti"), "UNMATCHED_MOVEMENT", "movement", None,
                     pl.col("id")))
    found.append(exc(restocks.join(returns.select(pl.col("return_id").alias("return_reference")).unique(),
                                   on="return_reference", how="anti"), "UNMATCHED_MOVEMENT", "movement", None,
                     pl.col("id")))
    shipped = fulfilments.group_by("order_id", "sku").agg(pl.col("quantity").sum().alias("_shipped"))
    sold = sales.join(known, on="order_reference", how="semi").group_by(
        pl.col("order_reference").alias("order_id"), "sku").agg((-pl.col("delta")).sum().alias("_sold"))
    stock = shipped.join(sold, on=["order_id", "sku"], how="full", coalesce=True).filter(
        pl.col("_shipped").fill_null(0) != pl.col("_sold").fill_null(0))
    found.append(exc(stock.filter(pl.col("_sold").is_null()), "MISSING_INVENTORY_MOVEMENT", "order_sku",
                     pl.col("order_id"), pl.col("sku"), None, pl.col("_shipped"), pl.lit(0, pl.Int64)))
    found.append(exc(stock.filter(pl.col("_sold").is_not_null()), "INVENTORY_QUANTITY_MISMATCH", "order_sku",
                     pl.col("order_id"), pl.col("sku"), None, pl.col("_shipped").fill_null(0), pl.col("_sold")))

    queue = pl.concat([f.select(EXCEPTION_COLUMNS) for f in found]).sort("reason", "order_id", "key_id")
    waiting = pl.concat(pending).sort("due", "key_id")
    queue, waiting = pl.collect_all([queue, waiting])
    out.mkdir(parents=True, exist_ok=True)
    queue.write_csv(out / "exceptions.csv")
    queue.write_parquet(out / "exceptions.parquet")
    waiting.write_csv(out / "pending.csv")
    waiting.write_parquet(out / "pending.parquet")
    by_reason = queue.group_by("reason").len().sort("reason")
    (out / "summary.txt").write_text(
        f"Tie-out as of {as_of.isoformat()}\n{queue.height} exception(s); {waiting.height} pending\n"
        + "".join(f"  {r}: {n}\n" for r, n in by_reason.iter_rows()))
    return queue, waiting


def main():
    args = [Path(a) for a in sys.argv[1:]]
    queue, waiting = tieout(*args)
    print(f"{queue.height} exception(s); {waiting.height} pending")


if __name__ == "__main__":
    main()
