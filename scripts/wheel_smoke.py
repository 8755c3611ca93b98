"""The release wheels' smoke test: the package alone, in a clean environment
(a fresh venv, or an emulated aarch64 Python): exact money and a customer
merge across channels. Run by scripts/wheels.sh."""

import platform
from decimal import Decimal

import seamline

assert str(seamline.Money(Decimal("100.00"), "USD").allocate([1, 1, 1])[0].amount) == "33.34"
book = seamline.CustomerBook()
book.add_records([
    {"source": "pos", "record_id": "c1", "observed_at": "2026-12-01T10:00:00Z",
     "identifiers": [{"kind": "phone", "value": "(415) 555-2671"}]},
    {"source": "web", "record_id": "u1", "observed_at": "2026-12-01T11:00:00Z",
     "identifiers": [{"kind": "phone", "value": "+14155552671"}]},
])
assert book.profile_of("web/u1")["members"] == ["pos/c1", "web/u1"]
libc = " ".join(platform.libc_ver()) or "libc unknown"
print(f"  smoke test passed on {platform.machine()} ({libc}), Python {platform.python_version()}: {seamline.__file__}")
