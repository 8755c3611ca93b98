import datetime

import pytest

import seamline
from seamline import errors


def test_every_core_code_has_its_own_class():
    for code in seamline.ERROR_CODES:
        cls = errors._BY_CODE[code]
        assert issubclass(cls, seamline.SeamlineError)
        assert cls.code == code
    assert set(errors._BY_CODE) == set(seamline.ERROR_CODES)


def test_sku_normalization():
    assert seamline.normalize_sku("  RED-SHIRT-M ") == "RED-SHIRT-M"
    with pytest.raises(seamline.InvalidSkuError) as info:
        seamline.normalize_sku("   ")
    assert info.value.details == {"field": "sku", "value": "   ", "reason": "must not be empty"}


def test_aware_datetimes_become_utc_text():
    cet = datetime.timezone(datetime.timedelta(hours=1))
    dt = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=cet)
    assert seamline.canonical_instant(dt) == "2026-11-26T09:00:00Z"
    assert seamline.canonical_instant("2026-11-26T09:00:00.25Z") == "2026-11-26T09:00:00.250Z"


def test_naive_datetime_is_refused():
    with pytest.raises(seamline.InvalidTimestampError, match="naive"):
        seamline.canonical_instant(datetime.datetime(2026, 11, 26, 10, 0))
    with pytest.raises(seamline.InvalidTimestampError, match="no UTC offset"):
        seamline.canonical_instant("2026-11-26T10:00:00")
    with pytest.raises(seamline.InvalidTypeError):
        seamline.canonical_instant(1764151200)


def test_error_repr_names_the_code():
    err = seamline.InvalidArgumentError("bad", {"field": "x"})
    assert repr(err) == "InvalidArgumentError('bad', code='INVALID_ARGUMENT')"


def test_gtins_normalise_and_name_the_expected_check_digit():
    assert seamline.normalize_gtin("036000291452") == seamline.normalize_gtin("0036000291452")
    with pytest.raises(seamline.InvalidGtinError, match="expected 2"):
        seamline.normalize_gtin("036000291453")
    assert seamline.expand_upc_e("04252614") == "00042100005264"
    assert seamline.gtin_range("2912345678906") == "in_store"
