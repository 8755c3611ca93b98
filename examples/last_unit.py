"""The main job, part two: one ledger under both channels.

The web store shows a pooled, buffered quantity; a counter sale of the last
unit at one store makes that published quantity drop at once.
"""

import datetime

import seamline
from seamline import BufferPolicy, Ledger

UTC = datetime.timezone.utc
WEB_POOL = ["warehouse", "store-a", "store-b"]


def at(hour, minute):
    return datetime.datetime(2026, 11, 26, hour, minute, tzinfo=UTC)


def event(event_id, when, location, kind, **fields):
    return {
        "event_id": event_id,
        "sku": "RED-SHIRT-M",
        "location": location,
        "occurred_at": when,
        "source": "demo",
        "type": kind,
        **fields,
    }


def show(book, when, note):
    publication = book.publish("RED-SHIRT-M", WEB_POOL, BufferPolicy.fixed(0), when)
    levels = ", ".join(f"{loc} {book.stock('RED-SHIRT-M', loc, when)['available']}" for loc in WEB_POOL)
    print(f"  {when:%H:%M}  web shows {publication['quantity']:>2}   ({levels})   {note}")


def main() -> None:
    book = Ledger()
    print("RED-SHIRT-M: one ledger, written by the till and read by the web\n")
    book.apply(event("wh-1", at(9, 0), "store-a", "received", quantity=1))
    show(book, at(9, 0), "store A receives its last unit; the warehouse and store B are empty")
    book.apply(event("till-a-771", at(9, 42), "store-a", "sold", quantity=1, order_ref="receipt 771"))
    show(book, at(9, 42), "a shopper buys it at store A's counter")
    try:
        book.apply(event("web-h1", at(9, 43), "store-a", "reserved", quantity=1, reservation_id="web-cart-5"))
    except seamline.InsufficientStockError as err:
        print(f"  09:43  a web cart tries to reserve it: {err.code}: {err}")
    print("\nHistory at store A:")
    for line in book.history("RED-SHIRT-M", "store-a"):
        print(f"  {line['occurred_at']}  {line['description']:<28} on hand {line['on_hand_after']}")


if __name__ == "__main__":
    main()
