"""Orders from Python: `python bindings-python/bench/bench_orders.py`.

1,000,000 order events (the core bench's mix: counter sales and pickup
orders, each placed, captured, fulfilled, every tenth partly returned, then
closed) replayed with one `OrderBook.apply_batch` call into a ledger.
"""

import time

import seamline

N = 1_000_000
SKUS = 10_000
STORES = 20


def life(i):
    order_id = f"o{i}"
    store = f"store-{i % STORES}"
    counter = i % 3 == 0
    at = "2026-12-01T10:00:00Z"
    order = {
        "order_id": order_id, "channel": "pos" if counter else "web", "location": store, "currency": "USD",
        "fulfilment": "carry_out" if counter else "pickup",
        "lines": [{"line_id": "1", "sku": f"SKU-{i % SKUS:05d}", "quantity": 2, "unit_price": "9.99", "tax": "1.60"}],
    }
    base = {"order_id": order_id, "occurred_at": at, "source": "bench"}
    events = [
        {**base, "event_id": f"{order_id}.p", "type": "placed", "order": order},
        {**base, "event_id": f"{order_id}.c", "type": "captured", "payment_id": "pay", "amount": "21.58"},
    ]
    if not counter:
        events.append({**base, "event_id": f"{order_id}.f", "type": "fulfilled", "shipment_id": "s", "location": store,
                       "lines": [{"line_id": "1", "quantity": 2}]})
    if i % 10 == 0:
        events.append({**base, "event_id": f"{order_id}.r", "type": "returned", "return_id": "r", "location": store,
                       "lines": [{"line_id": "1", "quantity": 1, "disposition": "restocked"}]})
    events.append({**base, "event_id": f"{order_id}.z", "type": "closed"})
    return events


def main() -> None:
    events = []
    i = 0
    while len(events) < N:
        events.extend(life(i))
        i += 1
    del events[N:]
    ledger = seamline.Ledger()
    stock = [
        {"event_id": f"in-{s}-{l}", "sku": f"SKU-{s:05d}", "location": f"store-{l}", "occurred_at": "2026-12-01T09:00:00Z",
         "source": "bench", "type": "received", "quantity": 1000}
        for s in range(SKUS) for l in range(STORES)
    ]
    ledger.apply_batch(stock, "2026-12-01T09:00:00Z")
    book = seamline.OrderBook()
    start = time.perf_counter()
    report = book.apply_batch(events, ledger=ledger)
    took = time.perf_counter() - start
    assert report["applied"] == N and not report["rejected"] and not report["stock_rejected"], report["rejected"][:3]
    print(f"apply_batch: {N:,} order events ({i:,} orders) into orders and ledger in {took:.2f} s")


if __name__ == "__main__":
    main()
