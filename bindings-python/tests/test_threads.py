"""Objects shared between threads: eight threads hammer one object of each
type at once, with datetimes whose conversion releases the GIL (a tzinfo
written in Python that sleeps). Every call finishes and every count adds up."""

import threading
import time
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal

import seamline

THREADS = 8
ROUNDS = 40


class SleepyUTC(tzinfo):
    """UTC, but asking for the offset gives up the GIL, as a zoneinfo
    lookup on disk or a pytz zone can."""

    def utcoffset(self, dt):
        time.sleep(0)
        return timedelta(0)

    def dst(self, dt):
        return timedelta(0)

    def tzname(self, dt):
        return "UTC"


TZ = SleepyUTC()


def hammer(work):
    """Runs work(thread, round) from every thread; fails on an error or a hang."""
    errors = []

    def run(t):
        try:
            for r in range(ROUNDS):
                work(t, r)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(t,), daemon=True) for t in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread is stuck: deadlock"
    assert errors == []


def at(minute):
    return datetime(2026, 11, 26, 10, 0, tzinfo=TZ) + timedelta(minutes=minute)


def test_a_price_table_quoted_from_eight_threads():
    table = seamline.PriceTable()
    table.add("A", seamline.Money(Decimal("10.00"), "USD"), at(0))
    promo = {"id": "p", "skus": ["A"], "from": at(0), "discount": {"type": "percent_off", "percent": Decimal("10")}}

    def work(t, r):
        assert table.price_at("A", "web", "USD", at(r)).amount == Decimal("10.00")
        assert table.quote("A", "web", "USD", at(r), [promo])["price"].amount == Decimal("9.00")

    hammer(work)


def test_a_ledger_applied_to_from_eight_threads():
    ledger = seamline.Ledger()

    def work(t, r):
        ledger.apply({"event_id": f"e{t}-{r}", "sku": "A", "location": "store", "occurred_at": at(r),
                      "source": "till", "type": "received", "quantity": 1})
        ledger.stock("A", "store", at(r))

    hammer(work)
    assert ledger.stock("A", "store", at(99))["on_hand"] == THREADS * ROUNDS


def test_a_resolver_and_a_customer_book_fed_from_eight_threads():
    resolver = seamline.Resolver({"inventory": "pos", "orders": "oms", "customers": "crm", "catalog": "pim",
                                 "payments": "psp"}, rank=["pos", "web"])
    book = seamline.CustomerBook()

    def work(t, r):
        update = {"update_id": f"u{t}-{r}", "system": "pos", "domain": "inventory", "entity": f"A@s{t}",
                  "field": "on_hand", "value": str(r), "occurred_at": at(r)}
        resolver.add_all([update])
        book.add_records([{"source": "pos", "record_id": f"c{t}-{r}", "observed_at": at(r),
                           "identifiers": [{"kind": "loyalty", "value": f"{t:04d}{r:04d}"}]}])

    hammer(work)
    assert len(resolver.resolve()["fields"]) == THREADS
    assert len(book.profile_ids()) == THREADS * ROUNDS


def test_a_sku_map_and_the_tie_out_from_eight_threads():
    sku_map = seamline.SkuMap()
    assert sku_map.import_rows([{"channel": "web", "external_id": "w-1", "components": [{"sku": "A"}]}])["added"] == 1
    config = {"as_of": datetime(2026, 11, 26, tzinfo=TZ)}

    def work(t, r):
        assert sku_map.translate("web", "w-1", 1) == [("A", 1)]
        orders = [{"order_id": f"O{r}", "channel": "pos", "currency": "USD", "total": "0",
                   "placed_at": at(r)}]
        assert seamline.reconcile(orders=orders, config=config).rows["orders"]["matched"] == 1

    hammer(work)
