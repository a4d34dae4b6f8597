"""Grades: 优 [90, 100], 良 [80, 90), 中 [60, 80), 差 [0, 60) (财预〔2020〕10号 bands as 预算司 unified them,
http://www.dz-gczx.com/wap/articleDetails_id_1290.html)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.i18n import LANGUAGES, t
from perfmethods.indicators.grades import GRADE_LABELS, GRADES, grade, grade_label, parse_grade


@pytest.mark.parametrize(
    "score,expected",
    [
        (100, "优"),
        (90, "优"),
        (89.999, "良"),
        (80, "良"),
        (79.99, "中"),
        (60, "中"),
        (59.999, "差"),
        (0, "差"),
    ],
)
def test_band_boundaries(score, expected):
    assert grade(score) == expected


def test_vectorised_and_english():
    out = grade(np.array([95, 85, 65, 30]), language="en")
    assert out.tolist() == ["excellent", "good", "fair", "poor"]
    assert grade(90, language="en") == "excellent"


@pytest.mark.parametrize("bad", [-0.01, 100.01, np.nan, np.inf])
def test_out_of_range_is_error(bad):
    with pytest.raises(InputError, match=r"in \[0, 100\]"):
        grade(bad)


def test_custom_bands_and_labels():
    assert grade(85, bands=[(85, "优"), (70, "良"), (60, "中"), (0, "差")]) == "优"
    with pytest.raises(InputError, match="cover 0"):
        grade(50, bands=[(90, "优"), (60, "中")])
    assert grade_label("良", "en") == "good"
    assert parse_grade("Excellent") == "优"
    with pytest.raises(InputError):
        parse_grade("A")


@pytest.mark.property
@settings(max_examples=200, deadline=None)
@given(st.floats(0, 100), st.floats(0, 100))
def test_grade_monotone_in_score(a, b):
    lo, hi = min(a, b), max(a, b)
    assert GRADES.index(grade(lo)) >= GRADES.index(grade(hi))


def test_grade_labels_come_from_the_catalogue_in_grade_order() -> None:
    assert list(GRADE_LABELS) == list(GRADES) and len(GRADE_LABELS) == 4
    for grade_zh, key in zip(GRADES, ("excellent", "good", "fair", "poor"), strict=True):
        assert dict(GRADE_LABELS[grade_zh]) == {language: t(f"grade.name.{key}", language) for language in LANGUAGES}
    assert GRADE_LABELS.get("甲") is None and "优" in GRADE_LABELS and "甲" not in GRADE_LABELS
