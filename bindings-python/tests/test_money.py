import pickle
from decimal import Decimal

import pytest

import seamline
from seamline import Money


def test_arithmetic_is_exact():
    assert Money("0.1", "EUR") + Money("0.2", "EUR") == Money("0.3", "EUR")
    assert (Money(Decimal("1.10"), "USD") - Money(2, "USD")).amount == Decimal("-0.90")
    assert (-Money("5", "JPY")).amount == Decimal("-5")


def test_amount_is_a_decimal_and_keeps_scale():
    m = Money(Decimal("12.30"), "usd")
    assert isinstance(m.amount, Decimal)
    assert str(m.amount) == "12.30"
    assert m.currency == "USD"
    assert str(m) == "12.30 USD"
    assert repr(m) == "Money('12.30', 'USD')"


def test_float_money_is_a_type_error():
    with pytest.raises(TypeError) as info:
        Money(0.1, "USD")
    assert isinstance(info.value, seamline.SeamlineError)
    assert info.value.code == "INVALID_TYPE"
    with pytest.raises(seamline.InvalidTypeError):
        Money("1.00", "USD").allocate([0.5, 0.5])
    with pytest.raises(seamline.InvalidTypeError):
        Money(True, "USD")


def test_malformed_amounts_and_currencies():
    with pytest.raises(seamline.InvalidAmountError):
        Money("1e3", "USD")
    with pytest.raises(seamline.InvalidAmountError):
        Money(Decimal("NaN"), "USD")
    with pytest.raises(seamline.UnknownCurrencyError):
        Money("1", "XYZ")


def test_currency_mismatch():
    with pytest.raises(seamline.CurrencyMismatchError) as info:
        Money("1", "USD") + Money("1", "EUR")
    assert info.value.code == "CURRENCY_MISMATCH"
    assert "USD vs EUR" in str(info.value)


def test_adding_a_non_money_is_a_python_type_error():
    with pytest.raises(TypeError):
        Money("1", "USD") + Decimal("1")


def test_rounding_modes():
    assert Money("2.345", "USD").round().amount == Decimal("2.35")
    assert Money("2.345", "USD").round("half_even").amount == Decimal("2.34")
    assert Money("1234.5", "JPY").round("half_up").amount == Decimal("1235")
    with pytest.raises(seamline.InvalidArgumentError):
        Money("1", "USD").round("nearest")
    assert set(seamline.ROUNDING_MODES) == {"half_up", "half_even", "half_down", "down", "up"}


def test_allocate_sums_exactly():
    parts = Money("100.00", "USD").allocate([1, 1, 1])
    assert [p.amount for p in parts] == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum((p.amount for p in parts), Decimal(0)) == Decimal("100.00")
    with pytest.raises(seamline.InvalidAmountError):
        Money("1.005", "USD").allocate([1, 1])


def test_hash_eq_and_pickle():
    a, b = Money("1.10", "USD"), Money("1.1", "USD")
    assert a == b and hash(a) == hash(b)
    assert len({a, b, Money("1.1", "EUR")}) == 2
    assert pickle.loads(pickle.dumps(a)) == a


def test_minor_units():
    assert [seamline.minor_units(c) for c in ("JPY", "USD", "KWD")] == [0, 2, 3]
