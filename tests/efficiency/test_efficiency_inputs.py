"""Bad input raises the package's InputError, naming the unit, the variable (and the period) in the user's terms."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from efficiency_helpers import quiet

from perfmethods.efficiency import dea, malmquist, scale_efficiency, super_efficiency
from perfmethods.errors import DataQualityWarning, InputError

X = pd.DataFrame({"教育支出": [120.0, 95, 140, 80, 110, 100, 130], "教师": [30.0, 25, 40, 22, 28, 26, 35]},
                 index=["甲区", "乙区", "丙区", "丁区", "戊区", "己区", "庚区"])
Y = pd.DataFrame({"在校生": [900.0, 700, 1000, 650, 820, 760, 980]}, index=X.index)


def test_a_missing_value_names_the_unit_and_variable():
    x = X.copy()
    x.loc["丙区", "教师"] = np.nan
    with pytest.raises(InputError, match="missing") as err:
        dea(x, Y)
    assert err.value.location == {"unit": "丙区", "column": "教师"}
    assert "丙区" in str(err.value) and "教师" in str(err.value)


@pytest.mark.parametrize("value,match", [(0.0, "greater than 0"), (-5.0, "greater than 0")])
def test_non_positive_inputs_are_refused(value, match):
    x = X.copy()
    x.loc["丁区", "教育支出"] = value
    with pytest.raises(InputError, match=match) as err:
        dea(x, Y)
    assert err.value.location == {"unit": "丁区", "column": "教育支出"}


def test_negative_outputs_and_units_without_output_are_refused():
    y = Y.copy()
    y.loc["乙区", "在校生"] = -1
    with pytest.raises(InputError, match="0 or more") as err:
        dea(X, y)
    assert err.value.location == {"unit": "乙区", "column": "在校生"}
    y.loc["乙区", "在校生"] = 0
    with pytest.raises(InputError, match="every output of this unit is 0") as err:
        dea(X, y)
    assert err.value.location == {"unit": "乙区"}


def test_a_zero_output_is_allowed_when_the_unit_has_another():
    y = Y.assign(毕业生=[300.0, 0, 320, 200, 250, 240, 310])
    res = quiet(dea, X, y)
    assert np.isfinite(res.efficiency).all()


def test_text_in_a_number_column_names_the_cell():
    x = X.astype(object)
    x.loc["戊区", "教师"] = "二十八"
    with pytest.raises(InputError, match="not a number") as err:
        dea(x, Y)
    assert err.value.location == {"unit": "戊区", "column": "教师"}


def test_mismatched_units_are_named():
    y = Y.rename(index={"庚区": "辛区"})
    with pytest.raises(InputError, match=r"庚区.*inputs but no outputs.*辛区.*outputs but no inputs"):
        dea(X, y)
    with pytest.raises(InputError, match="7 units .* but the outputs have 6"):
        dea(X.to_numpy(), Y.to_numpy()[:6])


def test_units_are_matched_by_name_not_position():
    shuffled = Y.iloc[::-1]
    assert quiet(dea, X, shuffled).efficiency.equals(quiet(dea, X, Y).efficiency)


@pytest.mark.parametrize("bad", ["duplicate_unit", "shared_variable", "one_unit", "empty"])
def test_malformed_tables(bad):
    x, y = X, Y
    if bad == "duplicate_unit":
        x = X.rename(index={"乙区": "甲区"})
        match = "more than once"
    elif bad == "shared_variable":
        y = Y.rename(columns={"在校生": "教师"})
        match = "both as inputs and as outputs"
    elif bad == "one_unit":
        x, y = X.iloc[:1], Y.iloc[:1]
        match = "at least 2 units"
    else:
        x = X.iloc[:, :0]
        match = "no columns"
    with pytest.raises(InputError, match=match):
        dea(x, y)


@pytest.mark.parametrize("func", [dea, super_efficiency])
def test_unknown_options_are_refused(func):
    with pytest.raises(InputError, match="The 'model' parameter of .* must be one of 'ccr', 'bcc'; got 'sbm'"):
        func(X, Y, model="sbm")
    with pytest.raises(InputError, match="The 'orientation' parameter .* got 'graph'"):
        func(X, Y, orientation="graph")
    assert quiet(func, X, Y, model="BCC", orientation="Output").model == "bcc"


def test_scale_efficiency_checks_its_orientation():
    with pytest.raises(InputError, match="orientation"):
        scale_efficiency(X, Y, orientation="both")


def test_too_few_units_for_the_variables_is_a_warning_not_an_error():
    with pytest.warns(DataQualityWarning, match="Cooper, Seiford & Tone 2007"):
        dea(X.iloc[:4], Y.iloc[:4])


def test_arrays_get_numbered_units_and_variables():
    res = quiet(dea, X.to_numpy(), Y.to_numpy()[:, 0])
    assert list(res.efficiency.index) == ["1", "2", "3", "4", "5", "6", "7"]
    assert res.inputs == ("x1", "x2") and res.outputs == ("y1",)
    with pytest.raises(InputError, match="must be a table of numbers"):
        dea({"a": object()}, Y)


def _panel() -> pd.DataFrame:
    a = X.join(Y).reset_index(names="区县").assign(年度=2023)
    b = a.assign(年度=2024, 在校生=a["在校生"] * 1.05)
    return pd.concat([a, b], ignore_index=True)


@pytest.mark.filterwarnings("ignore::perfmethods.errors.DataQualityWarning")
def test_malmquist_names_the_unit_and_period_of_bad_data():
    panel = _panel()
    panel.loc[(panel["区县"] == "乙区") & (panel["年度"] == 2024), "教师"] = 0
    with pytest.raises(InputError, match="greater than 0") as err:
        malmquist(panel, unit="区县", period="年度", inputs=["教育支出", "教师"], outputs="在校生")
    assert err.value.location == {"unit": "乙区", "column": "教师", "period": 2024}
    assert str(err.value).startswith("column '教师', unit '乙区', period 2024: ")


def test_malmquist_refuses_duplicates_missing_columns_and_a_single_period():
    panel = _panel()
    with pytest.raises(InputError, match="more than one row") as err:
        malmquist(pd.concat([panel, panel.iloc[[0]]]), unit="区县", period="年度", inputs=["教育支出"],
                  outputs="在校生")
    assert err.value.location == {"unit": "甲区", "period": 2023}
    with pytest.raises(InputError, match="has no column '学生'"):
        malmquist(panel, unit="区县", period="年度", inputs=["教育支出"], outputs="学生")
    with pytest.raises(InputError, match="at least 2"):
        malmquist(panel[panel["年度"] == 2023], unit="区县", period="年度", inputs=["教育支出"], outputs="在校生")
    with pytest.raises(InputError, match="at least one column"):
        malmquist(panel, unit="区县", period="年度", inputs=[], outputs="在校生")


def test_malmquist_uses_the_units_seen_in_both_periods():
    panel = _panel()
    panel = panel[~((panel["区县"] == "庚区") & (panel["年度"] == 2024))]
    res = quiet(malmquist, panel, unit="区县", period="年度", inputs=["教育支出", "教师"], outputs="在校生")
    assert "庚区" not in set(res.indices["unit"]) and len(res.indices) == 6


@pytest.mark.parametrize("phase", ["radial_scores", "max_slacks"])
def test_a_solver_failure_is_reported_not_read_as_a_result(monkeypatch, phase):
    import perfmethods.efficiency.radial as radial

    real = getattr(radial, phase)

    def failing(*args, **kwargs):
        out = list(real(*args, **kwargs))
        out[-1] = np.where(np.arange(out[-1].size) == 2, 4, out[-1])  # HiGHS status 4: numerical difficulties
        return tuple(out)

    monkeypatch.setattr(radial, phase, failing)
    with pytest.raises(InputError, match="no optimum") as err:
        quiet(dea, X, Y)
    assert err.value.location == {"unit": "丙区"}
