"""Runs the shared conformance vectors through the public Python API."""

import json
import math
from decimal import Decimal

import pytest

import seamline
from conftest import vector_dirs


def canon(d):
    """An amount as the vectors write it: decimal text without trailing zeros."""
    return None if d is None else format(Decimal(d).normalize(), "f")


def label(key):
    order = f"{key['order_id']}/" if key.get("order_id") else ""
    return f"{key['kind']} {order}{key['id']}"


RECON_SUMMARY = [
    "payments_captured", "processor_captured", "settled_gross", "amount_differences",
    "currency_mismatched", "pending_settlement", "missing_settlement", "expected_fees",
    "actual_fees", "refunds_settled", "chargebacks", "payouts", "amount_at_risk",
]


BOOKS = [
    "order_total", "awaiting_capture", "refunds_issued", "processor_refunds", "refunds_settled",
    "refund_differences", "refunds_currency_mismatched", "refunds_pending", "refunds_missing",
    "settlement_gross", "fees_reported", "fees_implied", "net_only", "settlement_net", "payouts",
    "batch_net_paid_out", "fee_lines",
]


def books_projection(r):
    out = reconcile_projection(r)
    out["books"] = {
        s["currency"]: {**{f: canon(s[f]) for f in BOOKS},
                        "open_orders": s["open_orders"], "cancelled_orders": s["cancelled_orders"]}
        for s in r.summary
    }
    for s in r.summary:
        assert all(isinstance(i["left"], Decimal) for i in s["identities"])
    out["identities"] = {
        s["currency"]: [[i["name"], i["ok"], canon(i["left"]), canon(i["right"])] for i in s["identities"]]
        for s in r.summary
    }
    return out


def reconcile_run(inp):
    return seamline.reconcile(
        orders=inp.get("orders"),
        settlements=inp.get("settlements"),
        movements=inp.get("movements"),
        config=inp["config"],
    )


def reconcile_projection(r):
    for e in r.exceptions:
        # Amounts come out as Decimal, never text or float.
        assert e["difference"] is None or isinstance(e["difference"], Decimal)
    out = {
        "exceptions": [[e["reason"], label(e["key"]), e["severity"], canon(e["difference"])] for e in r.exceptions],
        "pending": [[label(p["row"]), p["reason"]] for p in r.pending],
        "rows": {k: [v["matched"], v["pending"], v["exceptions"]] for k, v in r.rows.items()},
        "summary": {s["currency"]: {f: canon(s[f]) for f in RECON_SUMMARY} for s in r.summary},
    }
    suggestions = {}
    for e in r.exceptions:
        if e["suggestion"]:
            suggestions[label(e["key"])] = [label(e["suggestion"]["record"])]
        elif e["candidates"]:
            suggestions[label(e["key"])] = [label(c) for c in e["candidates"]]
    if suggestions:
        out["suggestions"] = suggestions
    evidence = {label(e["key"]): e["evidence"]["order_id"] for e in r.exceptions if e["evidence"]}
    if evidence:
        out["evidence"] = evidence
    return out


def reconcile_queue(inp):
    previous, days = [], []
    for day in inp["runs"]:
        r = reconcile_run(day)
        accepted = []
        for key in day.get("accept", []):
            e = next(e for e in r.exceptions if label(e["key"]) == key)
            accepted.append({"exception_id": e["id"], "fingerprint": e["fingerprint"], "by": "vector",
                             "note": "accepted by the vector", "at": day["config"]["as_of"]})
        items = r.queue(previous, accepted)
        days.append(sorted([label(i["key"]), i["status"]] for i in items))
        previous = items
    return days


def report_lines(report):
    lines = report.lines
    for l in lines:
        # Amounts come out as Decimal, never text or float.
        assert isinstance(l["net"], Decimal)
    return {
        "files": [[f["name"], f["layout"], f["rows"]] for f in report.files],
        "lines": [
            [l["id"], l["kind"], l["processor_reference"], l["merchant_reference"], canon(l["gross"]),
             canon(l["fee"]), canon(l["net"]), l["currency"], l["settled_at"], l["batch_id"],
             l.get("original_currency"), canon(l.get("original_gross"))]
            for l in lines
        ],
        "duplicates": [[d["file"], d["line"], d["id"]] for d in report.duplicates],
        "unknown": [[u["file"], u["line"], u["row_type"]] for u in report.unknown],
        "rejected": [[x["file"], x["line"], x["error"]["code"]] for x in report.rejected],
        "skipped": [[x["file"], x["line"]] for x in report.skipped],
    }


def processor_report(inp):
    files = [(f["name"], f["text"].encode("utf-8") if "text" in f else f["records"]) for f in inp["files"]]
    report = seamline.read_report(inp["processor"], files, **inp.get("options", {}))
    out = report_lines(report)
    if "tieout" in inp:
        t = inp["tieout"]
        out["tieout"] = reconcile_projection(seamline.reconcile(orders=t["orders"], reports=[report], config=t["config"]))
    return out


def load_cases():
    cases = []
    for directory in vector_dirs():
        for path in sorted(directory.glob("*.json")):
            doc = json.loads(path.read_text(encoding="utf-8"))
            for case in doc["cases"]:
                cases.append(pytest.param(case, id=f"{path.name}: {case['name']}"))
    return cases


def real(value):
    """JSON has no NaN or infinity; the vectors spell them as strings, and
    a double some JSON parsers round wrongly (1 - 2**-53) as decimal text."""
    if isinstance(value, str):
        return {"NaN": math.nan, "inf": math.inf, "-inf": -math.inf}.get(value) or float(value)
    return value


def money(value):
    # Amounts stay text: the vectors test how the library reads decimal text.
    return seamline.Money(value["amount"], value["currency"])


def money_json(m):
    return {"amount": str(m.amount), "currency": m.currency}


def cents(m):
    return int(m.amount * 100)


def stock_text(e):
    quantity = e.get("quantity")
    text = f"{e['type']} {'all' if quantity is None else quantity} {e['sku']}@{e['location']}"
    return text + " restock" if e.get("restock") is True else text


def run_orders(inp):
    book = seamline.OrderBook(shipping_refund=inp.get("shipping_refund", "on_full_return"))
    ledger = None
    if "stock" in inp:
        ledger = seamline.Ledger()
        for e in inp["stock"]:
            ledger.apply(e)
    transitions = []
    for e in inp["events"]:
        try:
            if ledger is not None:
                out = book.apply_with_ledger(ledger, e)
                t, reports = out["transition"], out["stock"]
            else:
                t = book.apply(e)
                reports = [{} for _ in t["stock_events"]]
        except seamline.SeamlineError as err:
            transitions.append(err.code)
            continue
        stock = [
            stock_text(s) + (f" !{r['error']['code']}" if "error" in r else "")
            for s, r in zip(t["stock_events"], reports)
        ]
        due = t["refund_due"]
        transitions.append({"state": t["state"], "stock": stock, "refund_due": None if due is None else cents(due)})
    if inp.get("restore_from_snapshot"):
        book = seamline.OrderBook.from_snapshot(book.to_snapshot())
    orders = {}
    for order_id in book.order_ids():
        s = book.order(order_id)
        orders[order_id] = {
            "state": s["state"],
            "total": cents(s["total"]),
            "captured": cents(s["captured"]),
            "refunded": cents(s["refunded"]),
            "refund_due": cents(s["refund_due"]),
            "lines": [
                [l["line_id"], l["ordered"], l["held"], l["fulfilled"], l["cancelled"], l["returned"], l["restocked"]]
                for l in s["lines"]
            ],
        }
    out = {"transitions": transitions, "orders": orders}
    if "levels" in inp:
        out["levels"] = []
        for sku, loc in inp["levels"]:
            level = ledger.stock(sku, loc, "2027-01-01T00:00:00Z")
            out["levels"].append([sku, loc, level["on_hand"], level["reserved"]])
    return out


def run_customers(inp):
    secret = inp["secret"].encode() if "secret" in inp else None
    book = seamline.CustomerBook(inp.get("policy"), secret=secret)
    book.add_records(inp["records"])
    for c in inp.get("corrections", []):
        book.correct(c)
    points = []
    for e in inp.get("points", []):
        try:
            points.append(book.apply_points(e))
        except seamline.SeamlineError as err:
            points.append(err.code)
    effects = []
    for c in inp.get("later_corrections", []):
        e = book.correct(c)
        effects.append([e["recorded"], [m["record"] for m in e["moved"]]])
    for c in inp.get("withdrawals", []):
        e = book.withdraw(c)
        effects.append([e["recorded"], [m["record"] for m in e["moved"]]])
    book.add_records(inp.get("later_records", []))
    r = book.resolution()
    profiles = list(book.profiles())  # as a job reads them, one at a time
    out = {
        "profiles": [[p["profile_id"], *p["members"]] for p in profiles],
        "golden": {p["profile_id"]: p["golden"] for p in profiles},
        "merges": [[m["into"], m["absorbed"], m["via"]] for m in r["merges"]],
        "review": [[i["record_a"], i["record_b"], i["kind"]] for i in r["review"]],
        "issues": [[i["record"], i["kind"], i["error"]["code"]] for i in r["issues"]],
        "points": points,
        "balances": [[key, book.balance(book.profile_of(key)["profile_id"])] for key in inp.get("balances", [])],
    }
    if "later_corrections" in inp or "withdrawals" in inp:
        out["effects"] = effects
    if inp.get("suggest"):
        # A given scoring's suggestions also show their probability in millionths.
        given = inp.get("scoring")
        out["suggestions"] = [
            [s["record_a"], s["record_b"], [e["level"] for e in s["evidence"]]]
            + ([round(s["probability"] * 1e6)] if given else [])
            for s in book.suggestions(given)["suggestions"]
        ]
    if inp.get("count_records"):
        out["record_count"] = book.record_count()
    if inp.get("show_identifiers"):
        out["identifiers"] = {p["profile_id"]: [list(i) for i in p["identifiers"]] for p in profiles}
    if inp.get("unclaimed"):
        out["unclaimed"] = [[u["account"], u["points"]] for u in book.unclaimed_points()]
    return out


def normalize_identifier(inp):
    kind, value = inp["kind"], inp["value"]
    if kind == "email":
        return seamline.normalize_email(value, provider_rules=inp.get("provider_rules", False))
    if kind == "phone":
        return seamline.normalize_phone(value, inp["region"])
    if kind == "loyalty":
        return seamline.normalize_loyalty(value)
    raise AssertionError(f"unknown identifier kind {kind}")


def run_systems_of_record(inp):
    # Pairs, not a dict, so a vector can name two owners for one domain.
    owners = list(inp["owners"].items()) + [tuple(p) for p in inp.get("extra_owners", [])]
    resolver = seamline.Resolver(owners, fields=inp.get("fields"), rank=inp["rank"])
    arrivals = []
    for u in inp["updates"]:
        try:
            arrivals.append(resolver.add(u))
        except seamline.SeamlineError as err:
            arrivals.append(err.code)
    r = resolver.resolve()
    return {
        "arrivals": arrivals,
        "fields": [
            [f["domain"], f["entity"], f["field"], f["winner"]["value"], f["winner"]["system"], f["won_by"]]
            for f in r["fields"]
        ],
        "conflicts": [
            [c["winner"]["entity"], c["winner"]["field"], c["winner"]["system"], c["overwritten"]["system"], c["overwritten"]["value"]]
            for c in r["conflicts"]
        ],
        "refused": [u["update_id"] for u in r["refused"]],
    }


def policy(value):
    kind = value["kind"]
    if kind == "fixed":
        return seamline.BufferPolicy.fixed(value["units"])
    if kind == "percent":
        return seamline.BufferPolicy.percent(
            Decimal(value["percent"]), min_units=value["min_units"], max_units=value["max_units"]
        )
    if kind == "velocity":
        return seamline.BufferPolicy.velocity(
            velocity_per_hour=real(value["velocity_per_hour"]),
            exposure_hours=real(value["exposure_hours"]),
            service_level=real(value["service_level"]),
        )
    raise AssertionError(f"unknown policy kind {kind}")


def ledger(inp):
    book = seamline.Ledger()
    for info in inp.get("locations", []):
        book.configure_location(
            info["location"], info["kind"], ships=info["ships"], pickup=info["pickup"], counter=info["counter"]
        )
    for c in inp.get("channels", []):
        book.configure_channel(
            c["channel"], c["locations"], ship_policy=policy(c["ship_policy"]), pickup_policy=policy(c["pickup_policy"])
        )
    outcomes = []
    for event in inp["events"]:
        try:
            outcomes.append("duplicate" if book.apply(event)["duplicate"] else "applied")
        except seamline.SeamlineError as err:
            outcomes.append(err.code)
    # An offline till: a copy of the ledger as it stands, its own events
    # applied, merged back after the carts (which stand for the web meanwhile).
    till = None
    if "merge_from" in inp:
        till = seamline.Ledger.from_snapshot(book.to_snapshot())
        for event in inp["merge_from"]:
            till.apply(event)
    channel_outcomes = []
    if "channel_events" in inp:
        sku_map = seamline.SkuMap()
        for r in inp["sku_map"]["rules"]:
            sku_map.set_rules(r["channel"], case_fold=r["case_fold"], strip_leading_zeros=r["strip_leading_zeros"], gtin=r["gtin"])
        sku_map.import_rows(inp["sku_map"]["rows"])
        for ce in inp["channel_events"]:
            try:
                reports = book.apply_channel_event(sku_map, ce["channel"], ce["event"])
                channel_outcomes.append([r["event_id"] for r in reports])
            except seamline.SeamlineError as err:
                channel_outcomes.append(err.code)
    if inp.get("restore_from_snapshot"):
        book = seamline.Ledger.from_snapshot(book.to_snapshot())
    carts = []
    for cart in inp.get("carts", []):
        try:
            carts.append(book.reserve_cart(cart))
        except seamline.SeamlineError as err:
            carts.append(err.code)
    merge = None
    if till is not None:
        r = book.merge(till, inp["now"])
        merge = {
            "applied": r["applied"],
            "duplicates": r["duplicates"],
            "rejected": [[x["index"], x["error"]["code"]] for x in r["rejected"]],
            "revealed": r["revealed"],
        }
    out = {
        "outcomes": outcomes,
        "stock": [book.stock(q["sku"], q["location"], inp["now"]) for q in inp["stock"]],
    }
    if "carts" in inp:
        out["carts"] = carts
    if merge is not None:
        out["merge"] = merge
    if "channel_events" in inp:
        out["channel_outcomes"] = channel_outcomes
    if "history" in inp:
        out["history"] = [
            {k: line[k] for k in ("event_id", "change", "on_hand_after", "description")}
            for line in book.history(inp["history"]["sku"], inp["history"]["location"])
        ]
    if "reservation_states" in inp:
        out["reservation_states"] = []
        for rid in inp["reservation_states"]:
            try:
                out["reservation_states"].append(book.reservation_state(rid, inp["now"]))
            except seamline.SeamlineError as err:
                out["reservation_states"].append(err.code)
    if "anomalies" in inp:
        out["anomalies"] = book.anomalies(inp["now"])
    if "channel_queries" in inp:
        out["channel_publications"] = []
        for q in inp["channel_queries"]:
            try:
                p = book.channel_publication(q["channel"], q["sku"], q["method"], inp["now"])
                out["channel_publications"].append(
                    {
                        "quantity": p["pooled"]["quantity"],
                        "buffer": p["pooled"]["buffer"],
                        "nodes": [{"location": n["location"], "quantity": n["quantity"]} for n in p["nodes"]],
                    }
                )
            except seamline.SeamlineError as err:
                out["channel_publications"].append(err.code)
    if "pool" in inp:
        pool = inp["pool"]
        publication = book.publish(pool["sku"], pool["locations"], policy(pool["policy"]), inp["now"])
        out["publication"] = {"quantity": publication["quantity"], "buffer": publication["buffer"]}
    return out


def run(op, inp):
    if op == "recommend_buffer":
        return seamline.recommend_buffer(
            velocity_per_hour=real(inp["velocity_per_hour"]),
            exposure_hours=real(inp["exposure_hours"]),
            service_level=real(inp["service_level"]),
        )
    if op == "oversell_probability":
        return seamline.oversell_probability(
            buffer=inp["buffer"],
            velocity_per_hour=real(inp["velocity_per_hour"]),
            exposure_hours=real(inp["exposure_hours"]),
        )
    if op == "max_exposure":
        hours = seamline.max_exposure(
            buffer=inp["buffer"],
            velocity_per_hour=real(inp["velocity_per_hour"]),
            service_level=real(inp["service_level"]),
        )
        return "inf" if math.isinf(hours) else hours
    if op == "published_quantity":
        return seamline.published_quantity(inp["on_hand"], inp["reserved"], policy(inp["policy"]))
    if op == "money_add":
        return money_json(money(inp["a"]) + money(inp["b"]))
    if op == "money_subtract":
        return money_json(money(inp["a"]) - money(inp["b"]))
    if op == "money_round":
        return money_json(money(inp["money"]).round(inp["mode"]))
    if op == "money_allocate":
        return [money_json(m) for m in money(inp["total"]).allocate([Decimal(w) for w in inp["weights"]])]
    if op == "currency_minor_units":
        return seamline.minor_units(inp["currency"])
    if op == "sku_normalize":
        return seamline.normalize_sku(inp["value"])
    if op == "instant_canonical":
        return seamline.canonical_instant(inp["text"])
    if op == "ledger":
        return ledger(inp)
    if op == "source_order":
        nodes = [
            {
                **n,
                "per_shipment": Decimal(n["per_shipment"]),
                "per_unit": Decimal(n["per_unit"]),
                "per_unit_by_sku": {k: Decimal(v) for k, v in n["per_unit_by_sku"].items()},
            }
            for n in inp["nodes"]
        ]
        plan = seamline.source_order(inp["lines"], inp["destination"], nodes)
        assert isinstance(plan["total_cost"], Decimal)
        plan["total_cost"] = str(plan["total_cost"])
        for shipment in plan["shipments"]:
            shipment["cost"] = str(shipment["cost"])
        return plan
    if op == "prices":
        table = seamline.PriceTable()
        added = []
        for e in inp["entries"]:
            try:
                price = seamline.Money(Decimal(e["price"]["amount"]), e["price"]["currency"])
                table.add(e["sku"], price, e["from"], e.get("to"), channel=e.get("channel"))
                added.append("ok")
            except seamline.SeamlineError as err:
                added.append(err.code)
        if inp.get("restore_from_snapshot"):
            table = seamline.PriceTable.from_snapshot(table.to_snapshot())
        promotions = []
        for p in inp["promotions"]:
            d = p["discount"]
            if d["type"] == "percent_off":
                discount = {"type": "percent_off", "percent": Decimal(d["percent"])}
            else:
                discount = {"type": "amount_off", "amount": seamline.Money(Decimal(d["amount"]["amount"]), d["amount"]["currency"])}
            promotions.append({**p, "discount": discount})
        results = []
        for q in inp["queries"]:
            try:
                price = table.price_at(q["sku"], q["channel"], q["currency"], q["at"])
            except seamline.SeamlineError as err:
                results.append(err.code)
                continue
            try:
                quote = table.quote(q["sku"], q["channel"], q["currency"], q["at"], promotions)
                quoted = {"price": money_json(quote["price"]), "promotions": quote["promotions"]}
            except seamline.SeamlineError as err:
                quoted = err.code
            results.append({"price_at": money_json(price), "quote": quoted})
        return {"added": added, "results": results}
    if op == "price_mismatch":
        sku_map = seamline.SkuMap()
        sku_map.import_rows(inp["rows"])
        table = seamline.PriceTable()
        for e in inp["entries"]:
            table.add(e["sku"], money(e["price"]), e["from"], e.get("to"))
        r = inp["rules"]
        observed = [{**o, "price": money(o["price"])} for o in inp["observed"]]
        report = seamline.price_mismatches(
            sku_map, table, r["channel"], observed, tax_inclusive=r["tax_inclusive"],
            tax_rate_percent=Decimal(r["tax_rate_percent"]), rounding=r["rounding"], grace_seconds=r["grace_seconds"],
        )
        return {
            "matched": report["matched"],
            "mismatches": [{k: (money_json(v) if k != "external_id" else v) for k, v in m.items()} for m in report["mismatches"]],
            "corrections": [{"external_id": c["external_id"], "price": money_json(c["price"])}
                            for c in report["corrections"]],
            "within_grace": report["within_grace"],
            "unmapped": report["unmapped"],
            "unpriced": [list(u) for u in report["unpriced"]],
        }
    if op == "sku_map":
        m = seamline.SkuMap()
        for r in inp["rules"]:
            m.set_rules(r["channel"], case_fold=r["case_fold"], strip_leading_zeros=r["strip_leading_zeros"], gtin=r["gtin"])
        report = m.import_rows(inp["rows"], replace=inp["replace"])
        if inp.get("restore_from_snapshot"):
            m = seamline.SkuMap.from_snapshot(m.to_snapshot())
        translations = []
        for t in inp["translate"]:
            try:
                translations.append(sorted([list(line) for line in m.translate(t["channel"], t["external_id"], t["quantity"])]))
            except seamline.SeamlineError as err:
                translations.append(err.code)
        out = {
            "import": {
                "added": report["added"],
                "unchanged": report["unchanged"],
                "conflict_rows": [c["row"] for c in report["conflicts"]],
                "invalid": [[r["row"], r["error"]["code"]] for r in report["invalid"]],
            },
            "translations": translations,
        }
        if "batch" in inp:
            m.translate_batch(inp["batch"])
            out["queue"] = [[q["channel"], q["external_id"], q["count"]] for q in m.unmapped_queue()]
        if "columns" in inp:
            c = inp["columns"]
            cols = m.translate_columns(c["channel"], c["external_ids"], c["quantities"], c["seen_at"])
            out["columns"] = {
                "rows": cols["rows"],
                "skus": cols["skus"],
                "units": cols["units"],
                "errors": [[e["row"], e["error"]["code"]] for e in cols["errors"]],
            }
            out["queue"] = [[q["channel"], q["external_id"], q["count"]] for q in m.unmapped_queue()]
        if "coverage" in inp:
            out["missing"] = m.coverage(inp["coverage"])["missing"]
        return out
    if op == "orders":
        return run_orders(inp)
    if op == "systems_of_record":
        return run_systems_of_record(inp)
    if op == "customers":
        return run_customers(inp)
    if op == "normalize_identifier":
        return normalize_identifier(inp)
    if op == "hash_identifier":
        return seamline.hash_identifier(inp["kind"], inp["canonical"], inp["convention"])
    if op == "gtin_normalize":
        return seamline.normalize_gtin(inp["value"])
    if op == "upc_e_expand":
        return seamline.expand_upc_e(inp["value"])
    if op == "gtin_range":
        return seamline.gtin_range(inp["value"])
    if op == "sync_health":
        return seamline.sync_health(inp["observations"], inp["now"], inp["max_silence_seconds"])
    if op == "reconcile":
        return reconcile_projection(reconcile_run(inp))
    if op == "reconcile_queue":
        return reconcile_queue(inp)
    if op == "reconcile_books":
        return books_projection(reconcile_run(inp))
    if op == "reconcile_records":
        r = reconcile_run(inp)
        out = reconcile_projection(r)
        out["invalid"] = {label(e["key"]): e["message"] for e in r.exceptions if e["reason"] == "INVALID_ROW"}
        return out
    if op == "processor_report":
        return processor_report(inp)
    raise AssertionError(f"unknown op {op}")


@pytest.mark.parametrize("case", load_cases())
def test_vector(case):
    if "expect_error" in case:
        with pytest.raises(seamline.SeamlineError) as info:
            run(case["op"], case["input"])
        assert info.value.code == case["expect_error"], str(info.value)
        return
    actual = run(case["op"], case["input"])
    expected = case["expect"]
    if "tolerance" in case:
        assert abs(actual - expected) <= case["tolerance"]
    else:
        assert actual == expected
