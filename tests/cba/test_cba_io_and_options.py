"""Appraisal case files (data/examples/environment_project, science_facility) and option comparison."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from perfmethods.cba import CashFlows, NPVModel, appraise, compare_options, monte_carlo, switching_values
from perfmethods.cba.case_file import distribution_from_spec, read_appraisal
from perfmethods.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
ENV = ROOT / "data" / "examples" / "environment_project"
SCI = ROOT / "data" / "examples" / "science_facility"


def test_environment_project_reads_and_tells_its_story():
    case = read_appraisal(ENV)
    assert case.synthetic and case.price_base == 2023 and case.decision_year == 2025
    with pytest.raises(InputError, match="mix price bases"):
        case.cashflows["revised"].npv(0.08)       # nominal material quotes beside 2023-price lines
    revised = case.real("revised")
    assert revised.price_base == 2023
    # the nominal 2025 material quote deflated to 2023 prices
    assert revised.amounts.loc["工程材料", 2025] == pytest.approx(2350 * 100 / 103.0)
    eco = revised.economic(case.conversion_factors)
    assert eco.amounts.loc["税费"].sum() == 0
    options = {k: v.economic(case.conversion_factors) for k, v in case.option_flows().items()}
    cmp = compare_options(options, case.rates["economic"])
    t = cmp.table.set_index("option")
    assert t.loc["stop", "npv"] == pytest.approx(-case.closure_cost)
    assert cmp.best == "budget" and t.loc["budget", "npv"] > t.loc["target", "npv"] > 0
    json.dumps(cmp.to_dict(), allow_nan=False)
    model = NPVModel(eco, case.variables, rate=case.rates["economic"])
    sv = switching_values(model).table.set_index("variable")
    assert 1.0 < sv.loc["材料价格", "switching_value"] < 1.5
    mc = monte_carlo(model, case.uncertainty, n_draws=2000, rank_correlation=case.rank_correlation, seed=0)
    assert 0 < mc.p_negative < 1
    plan = appraise(case.real("plan").economic(case.conversion_factors), case.rates["economic"])
    assert plan.npv > 0   # the plan was (marginally) worth doing when approved


def test_science_facility_reads():
    case = read_appraisal(SCI)
    cf = case.cashflows["base"]
    assert len(cf.years) == 50 and cf.price_base == 2025
    a = appraise(cf, "green_book")
    b = appraise(cf, "china_2006")
    assert a.npv > b.npv       # lower long-run rates favour long-lived benefits
    # the decommissioning cost in the last year makes the net flow change sign twice: two real IRRs, none picked
    assert a.irr.flag == "multiple" and np.isnan(a.irr.value)
    assert len(a.irr.roots) == 2 and abs(a.irr.roots[1] - 0.08787) < 1e-4
    assert set(case.uncertainty) <= set(case.variables) | {"rate"}


def test_bad_case_files(tmp_path):
    folder = tmp_path / "case"
    shutil.copytree(ENV, folder)
    yml = folder / "appraisal.yaml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("distribution: pert", "distribution: beta"), encoding="utf-8")
    with pytest.raises(InputError, match="unknown distribution 'beta' for '材料价格'"):
        read_appraisal(folder)
    yml.write_text(text.replace("{distribution: pert, low: 0.95, mode: 1.0, high: 1.35}",
                                "{distribution: pert, low: 1.5, mode: 1.0, high: 1.35}"), encoding="utf-8")
    with pytest.raises(InputError, match="'材料价格'.*mode"):
        read_appraisal(folder)
    yml.write_text(text.replace("材料价格: 工程材料", "材料价格: 钢材"), encoding="utf-8")
    with pytest.raises(InputError, match="'钢材' is neither a flow"):
        read_appraisal(folder)
    yml.write_text(text, encoding="utf-8")
    (folder / "cashflows.csv").unlink()
    with pytest.raises(InputError, match="does not exist"):
        read_appraisal(folder)
    with pytest.raises(InputError, match="does not exist"):
        read_appraisal(tmp_path / "nowhere")
    with pytest.raises(InputError, match="wrong parameters"):
        distribution_from_spec({"distribution": "normal", "mu": 1})


def test_compare_options_needs_one_base():
    import pandas as pd

    a = CashFlows.from_wide(pd.DataFrame({"x": [-1.0, 2.0]}, index=[2025, 2026]), kinds={"x": "benefit"},
                            price_base=2024)
    b = CashFlows.from_wide(pd.DataFrame({"x": [-1.0, 2.0]}, index=[2025, 2026]), kinds={"x": "benefit"},
                            price_base="nominal")
    with pytest.raises(InputError, match="different price bases"):
        compare_options({"a": a, "b": b}, 0.05)
    res = compare_options({"a": a, "a2": a.scale({"x": 2})}, 0.05)
    assert res.best == "a2" and np.isclose(res.table["npv"].iloc[1], 2 * res.table["npv"].iloc[0])


def test_line_change_compares_versions_from_the_decision_year():
    case = read_appraisal(ENV)
    table = case.line_change("capital")
    plan, revised = case.real("plan"), case.real("revised")
    lines = plan.select("capital")
    assert table["flow"].tolist() == lines
    years = [y for y in plan.years if y >= case.decision_year]
    expected_plan = plan.amounts.loc[lines, years].sum(axis=1).to_numpy()
    expected_rev = revised.amounts.loc[lines, years].sum(axis=1).to_numpy()
    np.testing.assert_allclose(table["plan"], expected_plan)
    np.testing.assert_allclose(table["revised"], expected_rev)
    np.testing.assert_allclose(table["change"], expected_rev / expected_plan - 1)
    everything = case.line_change("capital", from_year=int(plan.years[0]))
    assert (everything["plan"] >= table["plan"]).all() and (everything["plan"] > table["plan"]).any()
    with pytest.raises(InputError, match="neither a flow"):
        case.line_change("nothing")
