"""Tests of perfmethods.impact.variables (the data dictionary of an impact report)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.datasets import data_root
from perfmethods.errors import InputError
from perfmethods.impact import read_variables
from perfmethods.impact.variables import Variable

BUNDLED = data_root() / "examples" / "science_programme" / "variables.yaml"


def test_bundled_dictionary_describes_every_column_the_report_uses():
    variables = read_variables(BUNDLED)
    for key in ("rd_spending", "rd_post3", "revenue", "patents", "publications", "rd_intensity", "applications",
                "score", "firm_age", "employees", "rd_pre", "grant_amount"):
        assert variables[key].name("zh") and variables[key].unit("en")
    assert set(variables.pre_treatment) == {"score", "firm_age", "employees", "rd_pre"}
    assert variables["revenue"].with_unit(107.78) == "107.8 万元"
    assert variables["rd_intensity"].with_unit(0.3456, effect=True) == "0.35 个百分点"
    assert variables["rd_intensity"].with_unit(2.5) == "2.50%"
    assert variables["revenue"].with_unit(1234.5, "en") == "1,234.5 × 10,000 yuan"


def test_unknown_column_names_the_file(tmp_path: Path):
    variables = read_variables(BUNDLED)
    with pytest.raises(InputError, match="does not describe the column 'turnover'"):
        variables["turnover"]


@pytest.mark.parametrize("text, match", [
    ("revenue: {name_zh: 营业收入}", "lacks"),
    ("revenue: {name_zh: a, name_en: b, unit_zh: c, unit_en: d, decimals: 9, measured: yearly}", "0 to 6"),
    ("revenue: {name_zh: a, name_en: b, unit_zh: c, unit_en: d, decimals: 1, measured: later}", "before"),
    ("revenue: {name_zh: a, name_en: b, unit_zh: '', unit_en: d, decimals: 1, measured: after}", "empty"),
    ("revenue: {name_zh: a, name_en: b, unit_zh: c, unit_en: d, decimals: 1, measured: after, colour: red}",
     "unknown keys"),
    ("[1, 2]", "mapping"),
])
def test_bad_dictionary(tmp_path: Path, text: str, match: str):
    path = tmp_path / "variables.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=match) as err:
        read_variables(path)
    assert str(path) in str(err.value)


@pytest.mark.property
@settings(max_examples=80, deadline=None)
@given(value=st.floats(-1e7, 1e7, allow_nan=False), decimals=st.integers(0, 4))
def test_one_rounding(value: float, decimals: int):
    """The shown number is the value rounded once: parsing it back is within half a unit of the last place,
    and formatting is idempotent (formatting the shown number again gives the same text)."""
    v = Variable("x", "x", "x", "万元", "yuan", "万元", "yuan", decimals, "after")
    shown = v.format(value)
    back = float(shown.replace(",", ""))
    assert abs(back - value) <= 0.5 * 10 ** -decimals + 1e-9 * max(1.0, abs(value))
    assert v.format(back) == shown
    assert not shown.startswith("-") or back != 0


def test_membership_does_not_raise():
    variables = read_variables(BUNDLED)
    assert "revenue" in variables and "probability" not in variables
    assert len(variables) == len(list(variables))
