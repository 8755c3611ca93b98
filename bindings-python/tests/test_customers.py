"""Customers through the Python API: one shopper across the counter and the web."""

import hashlib
from datetime import datetime, timezone

import pytest

import seamline

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)


def record(source, record_id, identifiers, **attributes):
    return {
        "source": source,
        "record_id": record_id,
        "observed_at": T0,
        "identifiers": [{"kind": k, "value": v} for k, v in identifiers],
        "attributes": attributes,
    }


def test_normalisation_and_hashing_are_the_cores():
    assert seamline.normalize_phone("(415) 555-2671", "US") == "+14155552671"
    assert seamline.normalize_email(" Ann.Lee+shop@GMail.com", provider_rules=True) == "annlee@gmail.com"
    assert seamline.normalize_loyalty("1234-5678", digits_only=True) == "12345678"
    assert seamline.hash_identifier("phone", "+14155552671", "phone_digits_only") == hashlib.sha256(b"14155552671").hexdigest()
    with pytest.raises(seamline.InvalidIdentifierError) as info:
        seamline.normalize_email("ann.lee@example")
    assert "ann.lee" not in str(info.value)


def test_the_counter_phone_and_the_web_email_are_one_customer_with_one_balance():
    book = seamline.CustomerBook({"source_priority": ["pos"]})
    book.add_records([
        record("pos", "c-17", [("phone", "(415) 555-2671"), ("loyalty", "7788-1234")], name="Ann Lee"),
        record("web", "u-901", [("email", "ann.lee@example.com"), ("phone", "+1 415 555 2671")], name="ann"),
        record("pos", "c-18", [("phone", "415 555 2671"), ("loyalty", "9900-0001")], name="Bob Lee"),
    ])
    res = book.resolution()
    profiles = {tuple(p["members"]): p for p in res["profiles"]}
    assert ("pos/c-17", "web/u-901") in profiles
    assert profiles[("pos/c-17", "web/u-901")]["golden"]["name"] == "Ann Lee"
    # The household phone would give one profile two loyalty cards: a person decides.
    assert [r["record_b"] for r in res["review"]] == ["pos/c-18"]
    ann = profiles[("pos/c-17", "web/u-901")]["profile_id"]
    assert book.apply_points({"event_id": "e1", "loyalty_id": "77881234", "kind": "earn", "points": 120, "occurred_at": T0})
    assert book.apply_points({"event_id": "e2", "record": "web/u-901", "kind": "earn", "points": 30, "occurred_at": T0})
    assert book.balance(ann) == 150
    with pytest.raises(seamline.InsufficientPointsError):
        book.apply_points({"event_id": "r1", "record": "web/u-901", "kind": "redeem", "points": 151, "occurred_at": T0})
    assert book.apply_points({"event_id": "r1", "record": "web/u-901", "kind": "redeem", "points": 150, "occurred_at": T0})
    assert not book.apply_points({"event_id": "r1", "record": "web/u-901", "kind": "redeem", "points": 150, "occurred_at": T0})
    assert book.balance(ann) == 0
    restored = seamline.CustomerBook.from_snapshot(book.to_snapshot())
    assert restored.resolution() == book.resolution()
    with pytest.raises(seamline.InvalidArgumentError):
        seamline.CustomerBook({"limits": {"email": 3}, "no_such_field": 1})


def test_a_shopper_added_to_a_resolved_book_reads_back_alone():
    book = seamline.CustomerBook()
    book.add_records([record("pos", "c-17", [("phone", "(415) 555-2671")], name="Ann Lee")])
    ann = book.profile_of("pos/c-17")
    assert ann["members"] == ["pos/c-17"]
    book.add_records([record("web", "u-901", [("email", "ann@example.com"), ("phone", "+14155552671")])])
    joined = book.profile_of("web/u-901")
    assert joined["profile_id"] == ann["profile_id"]
    assert joined["members"] == ["pos/c-17", "web/u-901"]
    assert book.profile(ann["profile_id"]) == joined
    assert joined in book.resolution()["profiles"]
    assert book.profile_of("web/nobody") is None
    assert book.profile("P-0000000000000000") is None


def test_every_profile_reads_one_at_a_time_in_id_order():
    book = seamline.CustomerBook()
    book.add_records([
        record("pos", "c-17", [("phone", "(415) 555-2671")], name="Ann Lee"),
        record("web", "u-901", [("email", "ann@example.com"), ("phone", "+14155552671")]),
        record("pos", "c-40", [("phone", "(212) 555-0123")], name="Cy"),
        record("web", "u-77", [("email", "dee@example.com")]),
    ])
    everything = book.resolution()["profiles"]
    assert len(everything) == 3
    assert book.profile_ids() == [p["profile_id"] for p in everything]
    profiles = book.profiles()
    assert profiles.__length_hint__() == 3
    assert list(profiles) == everything
    assert next(profiles, None) is None
    # A change made during the loop: the profile it absorbs is skipped, the rest read as they are then.
    # A profile without attributes has an empty golden record, a dict like any other.
    assert book.profile_of("web/u-77")["golden"] == {}
    dee = book.profile_of("web/u-77")["profile_id"]
    loop = book.profiles()
    first = next(loop)
    book.add_records([record("pos", "c-41", [("email", "dee@example.com"), ("phone", "(212) 555-0123")])])
    rest = list(loop)
    assert book.profile(dee) is None
    assert [first["profile_id"], *(p["profile_id"] for p in rest)] == [
        p["profile_id"] for p in everything if p["profile_id"] in (first["profile_id"], *book.profile_ids())
    ]
    assert all(p == book.profile(p["profile_id"]) for p in rest)
    assert any(p["members"] == ["pos/c-40", "pos/c-41", "web/u-77"] for p in [*rest, book.profile_of("pos/c-40")])


def test_a_source_holding_a_slash_is_refused_and_nothing_of_the_batch_is_added():
    book = seamline.CustomerBook()
    with pytest.raises(seamline.InvalidIdError) as info:
        book.add_records([record("a", "b/c", []), record("a/b", "c", [])])
    assert info.value.code == "INVALID_ID"
    assert "records[1].source" in str(info.value)
    assert book.profile_ids() == []
    book.add_records([record(" pos ", " c-1 ", [])])
    assert book.profile_of("pos/c-1")["members"] == ["pos/c-1"]


def test_a_policy_mistake_raises_when_the_book_is_made():
    with pytest.raises(seamline.InvalidArgumentError) as info:
        seamline.CustomerBook({"default_region": "XX"})
    assert "policy.default_region" in str(info.value)
    with pytest.raises(seamline.InvalidArgumentError):
        seamline.CustomerBook({"limits": {"email": 0}})
    assert seamline.CustomerBook({"default_region": "GB"}).profile_ids() == []


def test_a_correction_names_who_made_it():
    book = seamline.CustomerBook()
    book.add_records([record("pos", "c-17", [("phone", "(415) 555-2671")]), record("web", "u-9", [])])
    with pytest.raises(seamline.InvalidArgumentError) as info:
        book.correct({"type": "always_link", "record_a": "pos/c-17", "record_b": "web/u-9", "by": " ", "reason": "x"})
    assert "correction.by" in str(info.value)
    with pytest.raises(seamline.InvalidIdentifierError):
        book.correct({"type": "never_link_value", "identifier": {"kind": "phone", "value": "12"}, "by": "ops", "reason": "x"})
    assert len(book.profile_ids()) == 2
    book.correct({"type": "always_link", "record_a": "pos/c-17", "record_b": "web/u-9", "by": "ops", "reason": "same person"})
    assert book.profile_of("web/u-9")["members"] == ["pos/c-17", "web/u-9"]
