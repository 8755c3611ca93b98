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


def test_a_review_item_is_accepted_as_shown_and_a_correction_can_be_withdrawn():
    book = seamline.CustomerBook()
    book.add_records([
        record("pos", "r1", [("loyalty", "11111111"), ("email", "ann@example.com")]),
        record("pos", "r2", [("loyalty", "1111-1111")]),
        record("web", "r3", [("loyalty", "22222222"), ("email", "ANN@example.com")]),
    ])
    book.apply_points({"event_id": "e1", "record": "pos/r2", "kind": "earn", "points": 50, "occurred_at": T0})
    [item] = book.resolution()["review"]
    accept = {"type": "accept_review", "left": item["left"], "right": item["right"], "by": "cs-2", "reason": "same shopper"}
    effect = book.correct(accept)
    assert effect["recorded"] is True
    [moved] = effect["moved"]
    assert moved["record"] == "web/r3"
    profile = book.profile_of("web/r3")
    assert profile["members"] == ["pos/r1", "pos/r2", "web/r3"]
    assert book.balance(profile["profile_id"]) == 50
    assert book.corrections() == [accept]
    assert book.correct(accept)["recorded"] is False
    undone = book.withdraw(accept)
    assert [m["record"] for m in undone["moved"]] == ["web/r3"]
    assert book.corrections() == []
    assert book.withdraw(accept)["recorded"] is False


def test_redemptions_draw_so_a_split_leaves_no_one_below_zero_and_unclaimed_points_are_listed():
    book = seamline.CustomerBook()
    book.add_records([
        record("pos", "r1", [("email", "family@example.com")]),
        record("web", "r2", [("email", "family@example.com")]),
    ])
    for event_id, rec, kind, n in [("e1", "pos/r1", "earn", 100), ("e2", "web/r2", "earn", 40), ("x1", "web/r2", "redeem", 120)]:
        assert book.apply_points({"event_id": event_id, "record": rec, "kind": kind, "points": n, "occurred_at": T0})
    assert book.postings()[2] == ("x1", [("record:web/r2", -40), ("record:pos/r1", -80)])
    effect = book.correct({"type": "never_link", "record_a": "pos/r1", "record_b": "web/r2", "by": "cs", "reason": "two people"})
    r1, r2 = (book.profile_of(k)["profile_id"] for k in ("pos/r1", "web/r2"))
    # r1's profile held 20 before the split and after it: only r2's new profile is reported.
    assert effect["balances"] == [{"profile_id": r2, "before": None, "after": 0}]
    assert (book.balance(r1), book.balance(r2)) == (20, 0)
    with pytest.raises(seamline.InsufficientPointsError):
        book.apply_points({"event_id": "x2", "record": "web/r2", "kind": "expire", "points": 1, "occurred_at": T0})
    book.apply_points({"event_id": "e3", "loyalty_id": "9999 8888", "kind": "earn", "points": 5, "occurred_at": T0})
    assert book.unclaimed_points() == [
        {"account": "loyalty:" + hashlib.sha256(b"99998888").hexdigest(), "points": 5}
    ]


def test_placeholders_unknown_kinds_and_households_are_the_cores_rules():
    book = seamline.CustomerBook({"kinds": ["web_account"]})
    book.add_records([
        record("pos", "a", [("email", "noemail@store.com"), ("Email", "ann@example.com")], name="Ann Lee"),
        record("pos", "b", [("email", "No.Email@store.com"), ("phone", "(415) 555-2671")], name="Bob Lee"),
        record("web", "c", [("phone", "+1 415 555 2671"), ("web_account", "acct-1")], name="Cy Lee"),
    ])
    res = book.resolution()
    assert len(res["profiles"]) == 3
    assert [(i["record"], i["kind"]) for i in res["issues"]] == [("pos/a", "email"), ("pos/a", "Email"), ("pos/b", "email")]
    assert "did you mean" in res["issues"][1]["error"]["reason"]
    assert "given names differ" in res["review"][0]["reason"]
    with pytest.raises(seamline.SeamlineError) as info:
        seamline.CustomerBook({"blocked": [{"kind": "phone", "value": "+10000000000"}]})
    assert info.value.code == "INVALID_ARGUMENT"
    assert seamline.normalize_email("ann@bücher.de") == "ann@xn--bcher-kva.de"
    assert seamline.normalize_phone("(415) 555-2671 ext. 12", "US") == "+14155552671;ext=12"


def test_a_keyed_book_shows_no_reversible_hash_and_restores_only_with_its_secret():
    secret = bytes(range(32))
    records = [
        record("pos", "a", [("phone", "(415) 555-2671"), ("loyalty", "11112222")], name="Ann"),
        record("pos", "b", [("phone", "415 555 2671"), ("loyalty", "33334444")], name="Ann"),
    ]
    plain, keyed = seamline.CustomerBook(), seamline.CustomerBook(secret=secret)
    for book in (plain, keyed):
        book.add_records(records)
    phone = hashlib.sha256(b"+14155552671").hexdigest()
    assert plain.resolution()["review"][0]["identifier"] == phone
    assert keyed.resolution()["review"][0]["identifier"] != phone
    assert set(plain.profile_ids()).isdisjoint(keyed.profile_ids())
    data = keyed.to_snapshot()
    assert secret not in data
    assert seamline.CustomerBook.from_snapshot(data, secret=secret).profile_ids() == keyed.profile_ids()
    with pytest.raises(seamline.InvalidArgumentError):
        seamline.CustomerBook.from_snapshot(data)
    with pytest.raises(seamline.InvalidArgumentError):
        seamline.CustomerBook(secret=b"short")


def test_suggestions_are_scored_with_evidence_and_merge_nothing_until_accepted():
    def person(source, rid, given, surname, dob, street, postcode):
        return {"source": source, "record_id": rid, "observed_at": T0, "identifiers": [],
                "attributes": {"given_name": given, "surname": surname, "date_of_birth": dob,
                               "address_1": street, "postcode": postcode}}
    records = []
    for i in range(20):
        records.append(person("pos", f"p{i}", f"given{i}", f"surname{i % 7}", f"19{50 + i}0{1 + i % 9}1{i % 10}", f"{i} street", str(2000 + i)))
        if i % 2 == 0:
            records.append(person("web", f"w{i}", f"given{i}x", f"surname{i % 7}", f"19{50 + i}0{1 + i % 9}1{i % 10}", f"{i} street", str(2000 + i)))
    book = seamline.CustomerBook()
    book.add_records(records)
    found = book.suggestions({"min_probability": 0.5})  # a probability is a float
    assert found == book.suggestions()
    pairs = sorted((s["record_a"], s["record_b"]) for s in found["suggestions"])
    assert pairs == sorted((f"pos/p{i}", f"web/w{i}") for i in range(0, 20, 2))
    assert len(book.resolution()["profiles"]) == 30
    best = found["suggestions"][0]
    assert {e["attribute"] for e in best["evidence"]} >= {"given_name", "surname", "date_of_birth"}
    assert 0.5 <= best["probability"] <= 1.0
    book.correct({"type": "accept_review", "left": best["left"], "right": best["right"], "by": "cs", "reason": "checked"})
    assert len(book.resolution()["profiles"]) == 29
    with pytest.raises(seamline.InvalidArgumentError):
        book.suggestions({"max_block": 1})
    with pytest.raises(seamline.SeamlineError):
        book.suggestions({"max_block": 2.5})  # a count is not a float


def test_an_inbound_hash_in_a_declared_convention_links():
    digits = hashlib.sha256(b"14155552671").hexdigest()
    records = [
        record("pos", "c1", [("phone", "(415) 555-2671")]),
        {"source": "ads", "record_id": "m1", "observed_at": T0,
         "identifiers": [{"kind": "phone", "value": digits, "hashed": True, "convention": "phone_digits_only"}]},
    ]
    plain = seamline.CustomerBook()
    plain.add_records(records)
    assert len(plain.resolution()["profiles"]) == 2
    book = seamline.CustomerBook({"hashed_conventions": ["phone_digits_only"]})
    book.add_records(records)
    assert book.profile_of("ads/m1")["members"] == ["ads/m1", "pos/c1"]
    assert seamline.hash_identifier("email", "ann.lee@gmail.com", "email_lowercase") == hashlib.sha256(b"ann.lee@gmail.com").hexdigest()
    # An unknown convention is core's INVALID_ARGUMENT, listing the names.
    with pytest.raises(seamline.SeamlineError) as err:
        seamline.hash_identifier("email", "ann.lee@gmail.com", "EmailLowercase")
    assert err.value.code == "INVALID_ARGUMENT" and "email_lowercase" in str(err.value)
