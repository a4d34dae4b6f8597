"""parse_value and unit conversion: targets and actuals as written in real tables."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.model.values import (
    ParsedValue,
    convert_unit,
    parse_value,
    split_unit,
    to_halfwidth,
    units_compatible,
)

# text, operator, value, upper, unit
EXAMPLES = [
    ("≥266米", "≥", 266.0, None, "米"),
    ("≥ 50场", "≥", 50.0, None, "场"),
    ("5万人次以上", "≥", 5.0, None, "万人次"),
    ("不少于50场", "≥", 50.0, None, "场"),
    ("至少 50 场", "≥", 50.0, None, "场"),
    ("不低于95%", "≥", 95.0, None, "%"),
    ("大于等于10个", "≥", 10.0, None, "个"),
    (">=10", "≥", 10.0, None, ""),
    ("＞＝10个", "≥", 10.0, None, "个"),
    ("≧10", "≥", 10.0, None, ""),
    ("95%(含)以上", "≥", 95.0, None, "%"),
    ("≥95%以上", "≥", 95.0, None, "%"),
    ("不超过30万元", "≤", 30.0, None, "万元"),
    ("不高于5%", "≤", 5.0, None, "%"),
    ("不多于3次", "≤", 3.0, None, "次"),
    ("至多2起", "≤", 2.0, None, "起"),
    ("<=7天", "≤", 7.0, None, "天"),
    ("≤5%", "≤", 5.0, None, "%"),
    ("30万元以内", "≤", 30.0, None, "万元"),
    ("5%以下", "≤", 5.0, None, "%"),
    ("3个工作日内", "≤", 3.0, None, "个工作日"),
    ("=100%", "=", 100.0, None, "%"),
    ("等于0起", "=", 0.0, None, "起"),
    ("735 人次", None, 735.0, None, "人次"),
    ("100 %", None, 100.0, None, "%"),
    ("100%", None, 100.0, None, "%"),
    ("98.5％", None, 98.5, None, "%"),
    ("９８.５％", None, 98.5, None, "%"),
    ("1,234.5元", None, 1234.5, None, "元"),
    ("1,234,567", None, 1234567.0, None, ""),
    ("-5%", None, -5.0, None, "%"),
    ("≥-5", "≥", -5.0, None, ""),
    ("0.95", None, 0.95, None, ""),
    ("1e5人", None, 100000.0, None, "人"),
    ("达到95%", None, 95.0, None, "%"),
    ("约100人左右", None, 100.0, None, "人"),
    ("≤9万元/场", "≤", 9.0, None, "万元/场"),
    ("80-90%", "区间", 80.0, 90.0, "%"),
    ("80%~90%", "区间", 80.0, 90.0, "%"),
    ("80%～90%", "区间", 80.0, 90.0, "%"),
    ("80—90%", "区间", 80.0, 90.0, "%"),
    ("80至90%", "区间", 80.0, 90.0, "%"),
    ("[80,90]", "区间", 80.0, 90.0, ""),
    ("[80, 90]%", "区间", 80.0, 90.0, "%"),
    ("[80%,90%]", "区间", 80.0, 90.0, "%"),
    ("（80，90）", "区间", 80.0, 90.0, ""),
    ("[800,900]", "区间", 800.0, 900.0, ""),
    ("≥80%且≤90%", "区间", 80.0, 90.0, "%"),
    ("90-80", "区间", 80.0, 90.0, ""),
    ("5万-10万元", "区间", 5.0, 10.0, "万元"),
    ("有效", None, None, None, ""),
    ("按时完成", None, None, None, ""),
    ("明显改善", None, None, None, ""),
    ("五十场", None, None, None, ""),
    ("12月底前完成", None, None, None, ""),
    ("2024年底前", None, None, None, ""),
    ("2024年12月31日前", None, None, None, ""),
    ("2024年度", None, None, None, ""),
    ("50场社区文化活动，覆盖全市", None, None, None, ""),
    ("——", None, None, None, ""),
    ("80%-90个", None, None, None, ""),
]


@pytest.mark.parametrize(("text", "operator", "value", "upper", "unit"), EXAMPLES)
def test_parse_value_examples(
    text: str, operator: str | None, value: float | None, upper: float | None, unit: str
) -> None:
    parsed = parse_value(text)
    assert parsed == ParsedValue(text, operator, value, upper, unit)
    assert parsed.is_numeric is (value is not None)


@pytest.mark.parametrize("missing", [None, "", float("nan"), np.nan, pd.NA, pd.NaT, np.float64("nan")])
def test_missing_values(missing: object) -> None:
    parsed = parse_value(missing)
    assert parsed == ParsedValue("")
    assert parsed.is_missing


def test_blank_text_keeps_its_text_and_is_missing() -> None:
    parsed = parse_value("   ")
    assert parsed.text == "   " and parsed.value is None and parsed.is_missing


@pytest.mark.parametrize(
    ("number", "text", "value"),
    [
        (50, "50", 50.0),
        (50.0, "50", 50.0),
        (98.5, "98.5", 98.5),
        (np.int64(7), "7", 7.0),
        (np.float64(0.25), "0.25", 0.25),
        (Decimal("12.5"), "12.5", 12.5),
        (-3, "-3", -3.0),
        (1e20, "1e+20", 1e20),
    ],
)
def test_numbers(number: object, text: str, value: float) -> None:
    assert parse_value(number) == ParsedValue(text, None, value, None, "")


def test_non_finite_and_bool_are_not_numbers() -> None:
    assert parse_value(float("inf")).value is None
    assert parse_value(True) == ParsedValue("True")
    assert parse_value("1e400").value is None


def test_parsed_value_passes_through() -> None:
    pv = ParsedValue("≥50场", "≥", 50.0, None, "场")
    assert parse_value(pv) is pv


def test_to_halfwidth() -> None:
    assert to_halfwidth("＞＝９８．５％（含）　ＡＢ") == ">=98.5%(含) AB"


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("万人次", (1e4, "人次")),
        ("亿元", (1e8, "元")),
        ("百万元", (1e6, "元")),
        ("千万元", (1e7, "元")),
        ("万", (1e4, "")),
        ("人次", (1.0, "人次")),
        ("百分点", (1.0, "百分点")),
        ("％", (1.0, "%")),
        ("百分比", (1.0, "%")),
        ("公斤", (1e3, "克")),
        ("", (1.0, "")),
    ],
)
def test_split_unit(unit: str, expected: tuple[float, str]) -> None:
    assert split_unit(unit)[:2] == expected


@pytest.mark.parametrize(
    ("value", "unit", "to", "expected"),
    [
        (5, "万人次", "人次", 50000.0),
        (52300, "人次", "万人次", 5.23),
        (1.2, "亿元", "万元", 12000.0),
        (600, "万元", "元", 6_000_000.0),
        (98.5, "％", "%", 98.5),
        (52, "", "万元", 52.0),
        (52, "万元", "", 52.0),
        (3, "千米", "公里", 3.0),
        (5, "万", "", 5.0),
        (7, "场", "场", 7.0),
    ],
)
def test_convert_unit(value: float, unit: str, to: str, expected: float) -> None:
    assert convert_unit(value, unit, to) == pytest.approx(expected)


def test_convert_unit_rejects_incompatible_units_and_says_where() -> None:
    with pytest.raises(InputError, match=r"'场'.*'人次'") as info:
        convert_unit(5, "场", "人次", location={"file": "actuals.csv", "row": 4, "indicator": "C1"})
    assert info.value.location == {"file": "actuals.csv", "row": 4, "indicator": "C1"}
    assert str(info.value).startswith("file 'actuals.csv', row 4, indicator 'C1':")
    with pytest.raises(InputError):
        convert_unit(95, "%", "‰")
    assert not units_compatible("场", "人次")
    assert units_compatible("万人次", "人次") and units_compatible("", "场")


def test_percent_is_not_rescaled() -> None:
    # documented: 0.95 (no unit) is not 95 %; an empty unit takes the other side's unit unchanged.
    assert convert_unit(0.95, "", "%") == 0.95


def test_to_unit_converts_value_and_bounds_and_keeps_text() -> None:
    target = parse_value("5万人次以上")
    assert target.to_unit("人次") == ParsedValue("5万人次以上", "≥", 50000.0, None, "人次")
    rng = parse_value("1-2万元").to_unit("元")
    assert (rng.value, rng.upper, rng.unit, rng.text) == (10000.0, 20000.0, "元", "1-2万元")
    assert parse_value("有效").to_unit("人次") == parse_value("有效")
    with pytest.raises(InputError):
        parse_value("50场").to_unit("人次")


# -- properties -----------------------------------------------------------------------------------

GE_WORDS = ["≥", ">=", "＞＝", "不低于", "不少于", "至少", "大于等于", "不小于"]
LE_WORDS = ["≤", "<=", "不超过", "不高于", "不多于", "至多", "小于等于"]
EQ_WORDS = ["=", "等于"]
SUFFIXES = [("以上", "≥"), ("及以上", "≥"), ("以内", "≤"), ("以下", "≤")]
UNITS = ["", "场", "人次", "万人次", "%", "％", "万元", "个", "天", "米", "元/人", "个工作日"]
numbers = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)


def _fmt(x: float, style: str) -> str:
    return {"repr": repr(x), "fixed": f"{x:.3f}", "int": str(int(x))}[style]


@pytest.mark.property
@settings(max_examples=150, deadline=None)
@given(
    number=numbers,
    style=st.sampled_from(["repr", "fixed", "int"]),
    unit=st.sampled_from(UNITS),
    form=st.one_of(
        st.tuples(st.just("prefix"), st.sampled_from(GE_WORDS + LE_WORDS + EQ_WORDS)),
        st.tuples(st.just("suffix"), st.sampled_from([s for s, _ in SUFFIXES])),
        st.tuples(st.just("none"), st.just("")),
    ),
    space=st.sampled_from(["", " "]),
)
def test_formatted_values_parse_back(
    number: float, style: str, unit: str, form: tuple[str, str], space: str
) -> None:
    text_number = _fmt(number, style)
    kind, word = form
    if kind == "prefix":
        text = f"{word}{space}{text_number}{space}{unit}"
        expected_op = "≥" if word in GE_WORDS else "≤" if word in LE_WORDS else "="
    elif kind == "suffix":
        text = f"{text_number}{space}{unit}{word}"
        expected_op = dict(SUFFIXES)[word]
    else:
        text = f"{text_number}{space}{unit}"
        expected_op = None
    parsed = parse_value(text)
    assert parsed.text == text
    assert parsed.operator == expected_op
    assert parsed.value == float(text_number)
    assert parsed.unit == to_halfwidth(unit)
    assert parsed.upper is None


@pytest.mark.property
@settings(max_examples=80, deadline=None)
@given(
    lo=st.integers(0, 10**6),
    hi=st.integers(0, 10**6),
    unit=st.sampled_from(["", "%", "万元", "人次"]),
    sep=st.sampled_from(["-", "~", "～", "至"]),
    both=st.booleans(),
)
def test_ranges_parse_back(lo: int, hi: int, unit: str, sep: str, both: bool) -> None:
    text = f"{lo}{unit if both else ''}{sep}{hi}{unit}"
    parsed = parse_value(text)
    assert (parsed.operator, parsed.value, parsed.upper, parsed.unit) == (
        "区间",
        min(lo, hi),
        max(lo, hi),
        unit,
    )


@pytest.mark.property
@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40))
def test_parse_never_raises_on_arbitrary_text(text: str) -> None:
    parsed = parse_value(text)
    assert parsed.text == text
    if parsed.value is None:
        assert parsed.operator is None and parsed.upper is None and parsed.unit == ""
    else:
        assert math.isfinite(parsed.value)
        assert parsed.operator in {None, "≥", "≤", "=", "区间"}
        if parsed.operator == "区间":
            assert parsed.upper is not None and parsed.value <= parsed.upper


@pytest.mark.property
@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet="0123456789.,%万人次场≥≤=-~以上内下至[] ", max_size=20))
def test_parse_never_raises_on_number_like_text(text: str) -> None:
    parsed = parse_value(text)
    assert parsed.text == text
    assert parsed.value is None or math.isfinite(parsed.value)


@pytest.mark.property
@settings(max_examples=100, deadline=None)
@given(number=numbers)
def test_numbers_round_trip(number: float) -> None:
    parsed = parse_value(number)
    assert parsed.value == number
    assert parse_value(parsed.text).value == number
