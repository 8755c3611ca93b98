import math
from decimal import Decimal

import pytest

import seamline
from seamline import BufferPolicy


def test_issue_example():
    assert seamline.recommend_buffer(velocity_per_hour=24, exposure_hours=0.25, service_level=0.95) == 10


def test_oversell_probability_of_a_fixed_buffer():
    p = seamline.oversell_probability(buffer=3, velocity_per_hour=24, exposure_hours=0.25)
    assert p == pytest.approx(0.8487961172233521, abs=1e-12)


def test_max_exposure_round_trips():
    hours = seamline.max_exposure(buffer=10, velocity_per_hour=24, service_level=0.95)
    assert seamline.oversell_probability(10, 24, hours) == pytest.approx(0.05, abs=1e-12)
    assert seamline.max_exposure(0, 0, 0.9) == math.inf


def test_rates_accept_ints_floats_and_decimals():
    assert seamline.recommend_buffer(Decimal("24"), Decimal("0.25"), 0.95) == 10


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(velocity_per_hour=-1, exposure_hours=0.25, service_level=0.95),
        dict(velocity_per_hour=math.nan, exposure_hours=0.25, service_level=0.95),
        dict(velocity_per_hour=1, exposure_hours=math.inf, service_level=0.95),
        dict(velocity_per_hour=1, exposure_hours=0.25, service_level=1.0),
        dict(velocity_per_hour=1, exposure_hours=0.25, service_level=0),
    ],
)
def test_invalid_rates_raise_invalid_argument(kwargs):
    with pytest.raises(seamline.InvalidArgumentError) as info:
        seamline.recommend_buffer(**kwargs)
    assert info.value.code == "INVALID_ARGUMENT"
    assert isinstance(info.value, ValueError)
    assert info.value.details["field"] in kwargs


def test_wrong_types_raise_type_errors():
    with pytest.raises(seamline.InvalidTypeError):
        seamline.recommend_buffer("24", 0.25, 0.95)
    with pytest.raises(TypeError):
        seamline.oversell_probability(1.5, 24, 0.25)
    with pytest.raises(seamline.InvalidTypeError):
        seamline.oversell_probability(True, 24, 0.25)
    with pytest.raises(seamline.InvalidQuantityError):
        seamline.oversell_probability(-1, 24, 0.25)


def test_published_quantity_policies():
    assert seamline.published_quantity(10, 0, BufferPolicy.fixed(3)) == 7
    assert seamline.published_quantity(30, 0, BufferPolicy.percent(Decimal("10"))) == 27
    assert seamline.published_quantity(1000, 0, BufferPolicy.percent(10, max_units=20)) == 980
    burst = BufferPolicy.velocity(velocity_per_hour=24, exposure_hours=0.25, service_level=0.95)
    assert seamline.published_quantity(25, 3, burst) == 12
    assert burst.buffer_units(100) == 10
    assert burst.kind == "velocity"


def test_policy_validation_happens_at_construction():
    with pytest.raises(seamline.InvalidArgumentError):
        BufferPolicy.percent(Decimal("150"))
    with pytest.raises(seamline.InvalidArgumentError):
        BufferPolicy.percent(5, min_units=4, max_units=2)
    with pytest.raises(seamline.InvalidArgumentError):
        BufferPolicy.velocity(24, 0.25, 2)
    with pytest.raises(seamline.InvalidTypeError, match="float"):
        BufferPolicy.percent(12.5)
    with pytest.raises(seamline.InvalidQuantityError):
        BufferPolicy.fixed(-1)


def test_negative_reserved_is_refused():
    with pytest.raises(seamline.InvalidQuantityError) as info:
        seamline.published_quantity(3, -1, BufferPolicy.fixed(0))
    assert "reserved" in str(info.value)


def test_policies_compare_and_print():
    assert BufferPolicy.fixed(3) == BufferPolicy.fixed(3)
    assert BufferPolicy.fixed(3) != BufferPolicy.fixed(4)
    assert repr(BufferPolicy.percent(Decimal("12.5"), 1, 9)) == (
        "BufferPolicy.percent(Decimal('12.5'), min_units=1, max_units=9)"
    )
