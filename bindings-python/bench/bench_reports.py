"""Processor reports from Python: `python bindings-python/bench/bench_reports.py [rows]`.

For each processor a report of 1,000,000 rows in its published layout
(Stripe itemized payout reconciliation, Adyen settlement details, PayPal
STL: the same mix as `cargo bench -p seamline --bench processors`) is
written to bytes, then read three ways in one run, best of three each:

- `seamline.read_report` given the file's bytes (settlement lines out, every
  row accounted for), on the machine's cores (the default) and on one thread;
- the peer a data team would write: pandas `read_csv(dtype=str)` of the same
  bytes, then `Decimal` for the three amount columns (parsing only: no
  mapping, no signs, no time zones, no ids);
- the same with polars (`read_csv(infer_schema=False)`, then a cast of the
  amounts to `Decimal(scale=2)`), when polars is installed.

Prints each time and the ratio to Seamline.
"""

import io
import sys
import time
from decimal import Decimal

import seamline


def money(cents):
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def stripe(rows):
    out = ["automatic_payout_id,balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,"
           "reporting_category,source_id,charge_id,payment_intent_id,payment_metadata[order_id]"]
    for i in range(rows):
        cents = 1000 + (i * 7919) % 50000
        fee = cents * 29 // 1000 + 30
        k = i % 100
        if k <= 94:
            cat, gross, src = "charge", cents, f"ch_{i}"
        elif k <= 97:
            cat, gross, fee, src = "refund", -cents, 0, f"re_{i}"
        elif k == 98:
            cat, gross, fee, src = "dispute", -cents, 1500, f"dp_{i}"
        else:
            cat, gross, fee, src = "network_cost", -42, 0, ""
        out.append(f"po_{i // 1000},txn_{i},2026-11-20 {(i // 60) % 24:02d}:{i % 60:02d}:00,2026-11-22 00:00:00,usd,"
                   f"{money(gross)},{money(fee)},{money(gross - fee)},{cat},{src},ch_{i},pi_{i},W{i}")
    return ("\n".join(out) + "\n").encode(), ["gross", "fee", "net"]


def adyen(rows):
    out = ["Company Account,Merchant Account,Psp Reference,Merchant Reference,Payment Method,Creation Date,TimeZone,"
           "Type,Modification Reference,Gross Currency,Gross Debit (GC),Gross Credit (GC),Exchange Rate,Net Currency,"
           "Net Debit (NC),Net Credit (NC),Commission (NC),Markup (NC),Scheme Fees (NC),Interchange (NC),"
           "Payment Method Variant,Modification Merchant Reference,Batch Number"]
    for i in range(rows):
        cents = 1000 + (i * 7919) % 50000
        fee = cents * 25 // 1000 + 10
        net, batch, k = cents - fee, i // 1000, i % 100
        if k <= 89:
            gc = "GBP" if i % 10 == 3 else "USD"
            out.append(f"Co,Store,{i},W{i},visa,2026-11-21 10:00:00,CET,Settled,{i},{gc},,{money(cents)},1,USD,,"
                       f"{money(net)},{money(fee)},,,,visa,,{batch}")
        elif k <= 97:
            out.append(f"Co,Store,{i},W{i},visa,2026-11-21 11:00:00,CET,Refunded,R{i},USD,{money(cents)},,1,USD,"
                       f"{money(cents)},,,,,,visa,,{batch}")
        elif k == 98:
            out.append(f"Co,Store,,,,2026-11-21 23:00:00,CET,Fee,,USD,,,,USD,3.50,,,,,,,,{batch}")
        else:
            out.append(f"Co,Store,,,,2026-11-21 23:30:00,CET,MerchantPayout,TX{i}XT,USD,,,,USD,1000.00,,,,,,,,{batch}")
    return ("\n".join(out) + "\n").encode(), ["Net Credit (NC)", "Net Debit (NC)", "Commission (NC)"]


def paypal(rows):
    out = ['"RH",2026/11/22 04:00:00 -0800,"A","ACCT",009,', '"FH",01',
           '"SH",2026/11/21 00:00:00 -0800,2026/11/21 23:59:59 -0800,"ACCT",""',
           '"CH","Transaction ID","Invoice ID","PayPal Reference ID","PayPal Reference ID Type",'
           '"Transaction Event Code","Transaction Initiation Date","Transaction Completion Date",'
           '"Transaction Debit or Credit","Gross Transaction Amount","Gross Transaction Currency",'
           '"Fee Debit or Credit","Fee Amount","Fee Currency","Custom Field"']
    for i in range(rows):
        cents = 1000 + (i * 7919) % 50000
        k = i % 100
        code, d, fd, fee = (("T0006", "CR", "DR", cents * 34 // 1000 + 30) if k <= 94 else
                            ("T1107", "DR", "CR", 30) if k <= 98 else ("T0400", "DR", "CR", 0))
        out.append(f'"SB","{i:017d}","W{i}","","","{code}",2026/11/21 10:00:00 -0800,2026/11/21 10:00:05 -0800,'
                   f'"{d}",{cents},"USD","{fd}",{fee},"USD",""')
    out += ['"SF","USD",0,0,0,0,0,0', f'"SC",{rows}', f'"RF",{rows}', f'"RC",{rows}', '"FF",1']
    return ("\n".join(out) + "\n").encode(), None


def best(f, runs=3):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main(rows):
    try:
        import pandas as pd
    except ImportError:
        pd = None
    try:
        import polars as pl
    except ImportError:
        pl = None
    for processor, make in [("stripe", stripe), ("adyen", adyen), ("paypal", paypal)]:
        data, amounts = make(rows)
        report = seamline.read_report(processor, {"report.csv": data})
        assert not report.rejected, report.rejected[:1]
        ours = best(lambda: seamline.read_report(processor, {"report.csv": data}))
        one = best(lambda: seamline.read_report(processor, {"report.csv": data}, threads=1))
        assert seamline.read_report(processor, {"report.csv": data}, threads=1).lines == report.lines
        line = (f"{processor}: {rows:,} rows ({len(data) >> 20} MiB): read_report {ours:.2f} s "
                f"(one thread {one:.2f} s; {len(report.lines):,} lines)")
        if pd is not None and amounts is not None:
            def with_pandas():
                frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
                for col in amounts:
                    frame[col] = [Decimal(v) if v else None for v in frame[col]]
            theirs = best(with_pandas)
            line += f"; pandas read_csv + Decimal {theirs:.2f} s ({ours / theirs:.2f}x)"
        if pl is not None and amounts is not None:
            def with_polars():
                frame = pl.read_csv(io.BytesIO(data), infer_schema=False)
                frame.with_columns([pl.col(c).cast(pl.Decimal(scale=2)) for c in amounts])
            theirs = best(with_polars)
            line += f"; polars read_csv + Decimal cast {theirs:.2f} s ({ours / theirs:.2f}x)"
        print(line, flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
