"""Date targets and completion dates (issue 12, item 3): a ParsedValue kind of their own."""

from __future__ import annotations

import datetime
import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.model.values import VALUE_KINDS, ParsedValue, parse_date, parse_value

D = datetime.date


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("2026年6月底前完成竣工验收", None, D(2026, 6, 30)),
        ("2026年6月前完成竣工验收", None, D(2026, 6, 30)),
        ("2026年2月底前", None, D(2026, 2, 28)),
        ("2028年2月底前", None, D(2028, 2, 29)),
        ("2026年5月20日前完成设备采购", None, D(2026, 5, 20)),
        ("2026年5月20日完成", None, D(2026, 5, 20)),
        ("于2026年5月20日通过验收", None, D(2026, 5, 20)),
        ("２０２６年５月２０日前", None, D(2026, 5, 20)),
        ("2026-05-20", None, D(2026, 5, 20)),
        ("2026/5/20完成", None, D(2026, 5, 20)),
        ("2026年底前完成", None, D(2026, 12, 31)),
        ("2026年内完成", None, D(2026, 12, 31)),
        ("2026年第三季度前完成招标", None, D(2026, 9, 30)),
        ("第三季度前", 2026, D(2026, 9, 30)),
        ("第1季度末", 2025, D(2025, 3, 31)),
        ("12月底前", 2024, D(2024, 12, 31)),
        ("年底前完成", 2024, D(2024, 12, 31)),
        ("2026年3月开工，6月底前完成", None, D(2026, 6, 30)),
    ],
)
def test_deadlines_and_completion_dates(text, year, expected):
    parsed = parse_value(text, year=year)
    assert parsed.kind == "date"
    assert parsed.date == expected == parsed.deadline == parse_date(text, year=year)
    assert parsed.value is None and parsed.operator is None  # still not a number: scoring reads the date


@pytest.mark.parametrize("text", ["按期", "按期完成", "已按期完成", "按时完成", "如期完成", "按计划完成", "第三季度前",
                                  "12月底前"])
def test_schedule_words_and_undated_deadlines_are_dates_without_a_date(text):
    parsed = parse_value(text)
    assert parsed.kind == "date" and parsed.date is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [("2024年度", "text"), ("有效", "text"), ("明显改善", "text"), ("≥95%", "number"), ("80-90%", "range"),
     ("", "missing"), ("12个月", "number"), ("50场社区文化活动，覆盖全市", "text")],
)
def test_other_kinds(text, kind):
    assert parse_value(text).kind == kind and kind in VALUE_KINDS
    assert parse_value(text).date is None


def test_excel_date_cells_and_missing_dates():
    assert parse_value(D(2026, 5, 20)) == ParsedValue("2026-05-20")
    assert parse_value(pd.Timestamp("2026-05-20 00:00")).date == D(2026, 5, 20)
    assert parse_value(datetime.datetime(2026, 5, 20, 9, 30)).kind == "date"
    assert parse_value(pd.NaT).kind == "missing"
    assert parse_date("有效") is None and parse_date("2月30日前", year=2026) is None


def test_dates_round_trip_through_to_dict_and_json():
    parsed = parse_value("2026年6月底前完成竣工验收")
    data = json.loads(json.dumps(parsed.to_dict(), ensure_ascii=False))
    assert data["date"] == "2026-06-30"
    again = ParsedValue(**data)
    assert again.date == D(2026, 6, 30) and again.kind == "date"
    assert "date" not in parse_value("≥95%").to_dict()  # no new key on values without a date
    assert "date=datetime.date(2026, 6, 30)" in repr(parsed) and "date" not in repr(parse_value("≥95%"))
    with pytest.raises(InputError, match="must be a date"):
        ParsedValue("x", date="30/06/2026")


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2099, 12, 31)))
def test_any_written_day_reads_back(day):
    assert parse_date(f"{day.year}年{day.month}月{day.day}日前完成") == day
    assert parse_date(f"{day.year}年{day.month}月{day.day}日完成") == day
    month_end = parse_date(f"{day.year}年{day.month}月底前")
    assert month_end >= day and month_end.month == day.month and (month_end + datetime.timedelta(1)).day == 1
    quarter_end = parse_date(f"第{(day.month - 1) // 3 + 1}季度前", year=day.year)
    assert quarter_end >= month_end and quarter_end.month % 3 == 0
