"""Adds the tie-out vectors of issue 10 (returns of several lines, order
statuses, unique exception ids, the summary's books and identities) to
reconciliation.json. A case already in the file keeps its expectation; a
new one is written with `"expect": null`, to be filled from what the Rust
runner reports and checked by hand before it is committed."""

import json
import pathlib

HERE = pathlib.Path(__file__).parent
FEES = [{"processor": "stripe", "percent": "2.9", "fixed": "0.30"}]


def order(**extra):
    o = {
        "order_id": "W1", "channel": "web", "currency": "USD", "total": "100.00",
        "placed_at": "2026-11-20T10:00:00Z", "customer": "C-9",
        "payments": [{"payment_id": "p1", "method": "card", "processor": "stripe",
                      "processor_reference": "ch_1", "amount": "100.00",
                      "captured_at": "2026-11-20T10:00:00Z"}],
        "fulfilments": [{"line_id": "l1", "sku": "A", "quantity": 2, "location": "WH",
                         "fulfilled_at": "2026-11-20T12:00:00Z"},
                        {"line_id": "l2", "sku": "B", "quantity": 2, "location": "WH",
                         "fulfilled_at": "2026-11-20T12:00:00Z"}],
    }
    o.update(extra)
    return o


CHARGE = {"id": "s1", "kind": "charge", "processor": "stripe", "processor_reference": "ch_1",
          "merchant_reference": "W1", "gross": "100.00", "fee": "3.20", "net": "96.80",
          "currency": "USD", "settled_at": "2026-11-21T02:00:00Z", "batch_id": "po_1"}
SALES = [
    {"id": "m1", "sku": "A", "location": "WH", "delta": -2, "kind": "sale",
     "order_reference": "W1", "occurred_at": "2026-11-20T12:00:00Z"},
    {"id": "m1b", "sku": "B", "location": "WH", "delta": -2, "kind": "sale",
     "order_reference": "W1", "occurred_at": "2026-11-20T12:00:00Z"},
]


def ret(line, sku, qty, restock=True, rid="r1", at="2026-11-22T09:00:00Z"):
    return {"return_id": rid, "line_id": line, "sku": sku, "quantity": qty, "restock": restock,
            "location": "S1", "received_at": at}


def restock(mid, sku, delta, rid="r1"):
    return {"id": mid, "sku": sku, "location": "S1", "delta": delta, "kind": "return_restock",
            "order_reference": "W1", "return_reference": rid, "occurred_at": "2026-11-22T09:10:00Z"}


def refund(rid, amount, method="store_credit", ref=None, ret_id="r1", at="2026-11-22T10:00:00Z"):
    r = {"refund_id": rid, "return_id": ret_id, "method": method, "amount": amount, "issued_at": at}
    if method in ("card", "wallet"):
        r.update(processor="stripe", processor_reference=ref)
    return r


def config(as_of="2026-11-26T00:00:00Z"):
    return {"as_of": as_of, "fee_schedule": FEES}


def case(name, op, orders, settlements=None, movements=None, as_of="2026-11-26T00:00:00Z"):
    return {"name": name, "op": op, "input": {
        "orders": orders, "settlements": settlements if settlements is not None else [CHARGE],
        "movements": movements if movements is not None else SALES, "config": config(as_of)}}


def cases():
    two_lines = [ret("l1", "A", 1), ret("l2", "B", 2, at="2026-11-22T09:05:00Z")]
    yield case(
        "a return of two lines and SKUs, restocked per SKU and refunded in two parts, ties out",
        "reconcile",
        [order(returns=two_lines, refunds=[refund("f1", "30.00"), refund("f2", "20.00")])],
        movements=SALES + [restock("m2", "A", 1), restock("m3", "B", 1), restock("m4", "B", 1)])
    yield case(
        "one SKU of a return of two lines restocked short: INVENTORY_QUANTITY_MISMATCH on the return",
        "reconcile",
        [order(returns=two_lines, refunds=[refund("f1", "50.00")])],
        movements=SALES + [restock("m2", "A", 1), restock("m3", "B", 1)])
    yield case(
        "a return of two lines restocked and never credited: one RETURN_WITHOUT_CREDIT for the return",
        "reconcile",
        [order(returns=two_lines)],
        movements=SALES + [restock("m2", "A", 1), restock("m3", "B", 2)])
    yield case(
        "one line partly restocked, partly damaged: restocks expected for the sellable unit only",
        "reconcile",
        [order(returns=[ret("l1", "A", 1), ret("l1", "A", 1, restock=False)],
               refunds=[refund("f1", "50.00")])],
        movements=SALES + [restock("m2", "A", 1)])
    yield case(
        "a return line given twice: each copy an INVALID_ROW with an id of its own, and the queue reads back",
        "reconcile_queue",
        None)
    yield case(
        "an open order with nothing captured waits for capture, not PAYMENT_TOTAL_MISMATCH",
        "reconcile",
        [order(status="open", payments=[], fulfilments=[])], settlements=[], movements=[])
    yield case(
        "an open order still uncaptured after its capture window: PAYMENT_TOTAL_MISMATCH",
        "reconcile",
        [order(status="open", payments=[], fulfilments=[])], settlements=[], movements=[],
        as_of="2026-12-05T00:00:00Z")
    yield case(
        "a cancelled order that kept what it captured: PAYMENT_TOTAL_MISMATCH of the amount kept",
        "reconcile",
        [order(status="cancelled", fulfilments=[])], movements=[])
    yield case(
        "a cancelled order refunded in full owes nothing and ties out",
        "reconcile_books",
        [order(status="cancelled", fulfilments=[],
               refunds=[refund("f1", "100.00", "card", "re_1", None, "2026-11-21T10:00:00Z")])],
        settlements=[CHARGE, {"id": "s2", "kind": "refund", "processor": "stripe",
                              "processor_reference": "re_1", "gross": "-100.00", "fee": "0",
                              "net": "-100.00", "currency": "USD",
                              "settled_at": "2026-11-22T02:00:00Z", "batch_id": "po_1"}],
        movements=[])
    yield case(
        "the books: refunds settled, pending and missing, a net-only line, a payout a cent short",
        "reconcile_books",
        [order(returns=two_lines,
               refunds=[refund("f1", "10.00", "card", "re_1"),
                        refund("f2", "15.00", "card", "re_2", at="2026-11-25T10:00:00Z"),
                        refund("f3", "5.00", "card", "re_3", ret_id=None, at="2026-11-21T10:00:00Z")])],
        settlements=[CHARGE,
                     {"id": "s2", "kind": "refund", "processor": "stripe", "processor_reference": "re_1",
                      "gross": "-10.00", "fee": "0", "net": "-10.00", "currency": "USD",
                      "settled_at": "2026-11-23T02:00:00Z", "batch_id": "po_1"},
                     {"id": "s3", "kind": "fee", "processor": "stripe", "net": "-1.50", "currency": "USD",
                      "settled_at": "2026-11-23T02:00:00Z", "batch_id": "po_1"},
                     {"id": "po1", "kind": "payout", "processor": "stripe", "net": "-85.29",
                      "currency": "USD", "settled_at": "2026-11-24T02:00:00Z", "batch_id": "po_1"}],
        movements=SALES + [restock("m2", "A", 1), restock("m3", "B", 2)])
    yield case(
        "a stock count that confirms the stock (delta 0) is a valid row",
        "reconcile",
        [order()],
        movements=SALES + [{"id": "c1", "sku": "A", "location": "WH", "delta": 0, "kind": "count",
                            "occurred_at": "2026-11-21T08:00:00Z"}])


def queue_case(c):
    repeated = [ret("l1", "A", 1), ret("l2", "B", 2), ret("l2", "B", 2)]
    day = {"orders": [order(returns=repeated, refunds=[refund("f1", "50.00")])],
           "settlements": [CHARGE],
           "movements": SALES + [restock("m2", "A", 1), restock("m3", "B", 2)]}
    c["input"] = {"runs": [dict(day, config=config("2026-11-26T00:00:00Z")),
                           dict(day, config=config("2026-11-27T00:00:00Z"))]}
    return c


def main():
    path = HERE / "reconciliation.json"
    doc = json.loads(path.read_text())
    known = {c["name"]: c for c in doc["cases"]}
    for c in cases():
        if c["op"] == "reconcile_queue":
            c = queue_case(c)
        c["expect"] = known.get(c["name"], {}).get("expect")
        if c["name"] in known:
            known[c["name"]].update(c)
        else:
            doc["cases"].append(c)
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
