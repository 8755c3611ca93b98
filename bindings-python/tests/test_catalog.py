import datetime

import pytest

import seamline

UTC = datetime.timezone.utc


def catalog():
    m = seamline.SkuMap()
    m.set_rules("pos", strip_leading_zeros=True)
    m.set_rules("web", case_fold=True)
    m.set_rules("scan", gtin=True)
    report = m.import_rows(
        [
            {"channel": "pos", "external_id": "10042", "components": [{"sku": "RED-SHIRT-M"}]},
            {"channel": "web", "external_id": "red-shirt-m", "components": [{"sku": "RED-SHIRT-M"}]},
            {"channel": "scan", "external_id": "036000291452", "components": [{"sku": "RED-SHIRT-M"}]},
            {"channel": "web", "external_id": "SODA-6PK", "components": [{"sku": "SODA-CAN", "quantity": 6}]},
            {"channel": "web", "external_id": "broken"},
        ]
    )
    assert report["added"] == 4
    assert [(r["row"], r["error"]["code"]) for r in report["invalid"]] == [(4, "INVALID_ARGUMENT")]
    return m


def test_the_pos_code_and_the_web_handle_are_one_sku():
    m = catalog()
    assert m.translate("pos", "0010042", 1) == [("RED-SHIRT-M", 1)]
    assert m.translate("web", "Red-Shirt-M", 1) == [("RED-SHIRT-M", 1)]
    assert m.translate("scan", "0036000291452", 1) == [("RED-SHIRT-M", 1)]
    assert m.translate("web", "soda-6pk", 2) == [("SODA-CAN", 12)]


def test_unmapped_ids_raise_alone_and_queue_in_batches():
    m = catalog()
    with pytest.raises(seamline.UnmappedIdError):
        m.translate("pos", "99999", 1)
    seen = datetime.datetime(2026, 11, 26, 10, tzinfo=UTC)
    results = m.translate_batch(
        [
            {"channel": "pos", "external_id": "99999", "quantity": 1, "seen_at": seen},
            {"channel": "pos", "external_id": "10042", "quantity": 2, "seen_at": seen},
        ]
    )
    assert results[0]["error"]["code"] == "UNMAPPED_ID"
    assert results[1]["lines"] == [("RED-SHIRT-M", 2)]
    assert [(q["external_id"], q["count"]) for q in m.unmapped_queue()] == [("99999", 1)]
    # A reference is core's record: a missing field is refused, named by its path, before any is read.
    with pytest.raises(seamline.SeamlineError) as info:
        m.translate_batch([{"channel": "pos", "external_id": "1", "quantity": 1}])
    assert info.value.code == "INVALID_ARGUMENT" and "refs[0]" in str(info.value)
    assert len(m.unmapped_queue()) == 1


def test_conflicts_keep_the_existing_mapping_unless_replaced():
    m = catalog()
    clash = {"channel": "pos", "external_id": "10042", "components": [{"sku": "BLUE-SHIRT-M"}]}
    report = m.import_rows([clash])
    assert report["conflicts"][0]["replaced"] is False
    assert m.translate("pos", "10042", 1) == [("RED-SHIRT-M", 1)]
    m.import_rows([clash], replace=True)
    assert m.translate("pos", "10042", 1) == [("BLUE-SHIRT-M", 1)]


def test_coverage():
    m = catalog()
    m.import_rows([{"channel": "pos", "external_id": "20001", "components": [{"sku": "MUG"}]}])
    assert m.coverage("web")["missing"] == ["MUG"]


def test_columns_translate_in_bulk():
    m = catalog()
    seen = datetime.datetime(2026, 11, 26, 10, tzinfo=UTC)
    out = m.translate_columns("web", ["SODA-6PK", "nope", "red-shirt-m"], [2, 1, 1], seen)
    assert (out["rows"], out["skus"], out["units"]) == ([0, 2], ["SODA-CAN", "RED-SHIRT-M"], [12, 1])
    assert [(e["row"], e["error"]["code"]) for e in out["errors"]] == [(1, "UNMAPPED_ID")]
    with pytest.raises(seamline.InvalidArgumentError):
        m.translate_columns("web", ["a"], [1, 2], seen)


def test_columns_may_be_arrow_arrays():
    pa = pytest.importorskip("pyarrow")
    m = catalog()
    seen = datetime.datetime(2026, 11, 26, 10, tzinfo=UTC)
    ids = pa.chunked_array([["SODA-6PK", "nope"], ["red-shirt-m"]])
    out = m.translate_columns("web", ids, pa.array([2, 1, 1], type=pa.int16()), seen)
    assert (out["rows"], out["skus"], out["units"]) == ([0, 2], ["SODA-CAN", "RED-SHIRT-M"], [12, 1])
    # A null id is refused on its row; the others translate.
    holed = m.translate_columns("web", pa.array(["SODA-6PK", None]), pa.array([1, 1]), seen)
    assert holed["skus"] == ["SODA-CAN"] and [e["row"] for e in holed["errors"]] == [1]
    with pytest.raises(seamline.SeamlineError) as info:
        m.translate_columns("web", ids, pa.array([2, None, 1]), seen)
    assert info.value.code == "INVALID_ARGUMENT" and "quantities[1]" in str(info.value)


def test_pandas_series_are_read_through_arrow():
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    m = catalog()
    seen = datetime.datetime(2026, 11, 26, 10, tzinfo=UTC)
    out = m.translate_columns("web", pd.Series(["SODA-6PK", "red-shirt-m"]), pd.Series([1, 3]), seen)
    assert (out["skus"], out["units"]) == (["SODA-CAN", "RED-SHIRT-M"], [6, 3])
