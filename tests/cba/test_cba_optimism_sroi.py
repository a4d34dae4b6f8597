"""Optimism-bias uplifts and SROI."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.cba import CashFlows
from perfmethods.cba.optimism import OPTIMISM_BIAS_TABLE, optimism_bias
from perfmethods.cba.social_return import sroi
from perfmethods.errors import InputError


@pytest.mark.reference
def test_optimism_bias_table_and_worked_examples(case):
    """Case 'green_book_optimism_bias' (HM Treasury Supplementary Green Book Guidance: Optimism Bias, Mott MacDonald
    2002, Table 2 and the combined-project and mitigation worked examples)."""
    c = case("green_book_optimism_bias")["expected"]
    for typ, bounds in c["table2_percent"].items():
        ours = OPTIMISM_BIAS_TABLE.value[typ]
        for key, value in bounds.items():
            if value is None:
                continue
            measure, bound = key.rsplit("_", 1)
            assert ours[measure][0 if bound == "U" else 1] == value, (typ, key)
    mix = {"non_standard_buildings": 0.3, "standard_buildings": 0.7}
    assert round(optimism_bias(mix).uplift * 100, 1) == c["combined_building_30pct_nonstandard_capex"]
    assert round(optimism_bias(mix, measure="duration").uplift * 100, 1) == c[
        "combined_building_30pct_nonstandard_duration"]
    m = c["mitigation_example"]
    ob = optimism_bias("non_standard_buildings", mitigation=m["reduction_pct"] / 100)
    assert ob.upper * 100 == m["upper"]
    assert round(ob.uplift * 100) == m["resultant_pct"]
    assert round(ob.adjust(100)) == m["capex_100m_becomes"]


def test_optimism_bias_application_and_errors():
    t = pd.DataFrame({"works": [100.0, 100.0, 0, 0], "benefit": [0, 0, 80.0, 80.0]}, index=range(2026, 2030))
    cf = CashFlows.from_wide(t, kinds={"works": "cost", "benefit": "benefit"},
                             categories={"works": "capital", "benefit": "benefit"}, price_base=2025)
    ob = optimism_bias("standard_civil_engineering")
    np.testing.assert_allclose(ob.apply(cf).amounts.loc["works"].to_numpy(), [144, 144, 0, 0])
    dur = optimism_bias("equipment_development", measure="duration")   # 54 % of 2 years -> 1 year later
    assert dur.apply(cf, works_years=2).amounts.loc["benefit"].tolist() == [0, 0, 0, 80, 80]
    assert optimism_bias("standard_buildings", mitigation=1.0).uplift == pytest.approx(0.02)   # the lower bound
    json.dumps(ob.to_dict(), allow_nan=False)
    assert ob.summary()["uplift"].iloc[0] == pytest.approx(0.44)
    with pytest.raises(InputError, match="unknown project type 'bridges'"):
        optimism_bias("bridges")
    with pytest.raises(InputError, match="no 'duration' uplift for 'outsourcing'"):
        optimism_bias("outsourcing", measure="duration")
    with pytest.raises(InputError, match="sum to 1"):
        optimism_bias({"standard_buildings": 0.5, "non_standard_buildings": 0.4})
    with pytest.raises(InputError, match="mitigation"):
        optimism_bias("standard_buildings", mitigation=1.2)
    with pytest.raises(InputError, match="works_years"):
        dur.apply(cf)


@pytest.mark.property
@settings(max_examples=40, deadline=None)
@given(share=st.floats(0, 1), m1=st.floats(0, 1), m2=st.floats(0, 1))
def test_uplift_between_bounds_and_monotone_in_mitigation(share, m1, m2):
    mix = {"non_standard_civil_engineering": share, "standard_civil_engineering": 1 - share}
    a, b = optimism_bias(mix, mitigation=min(m1, m2)), optimism_bias(mix, mitigation=max(m1, m2))
    assert a.lower - 1e-12 <= b.uplift <= a.uplift <= a.upper + 1e-12


@pytest.mark.reference
def test_sroi_constructed_case(case):
    """Case 'sroi_adjustments_constructed' (Cabinet Office / SROI Network guide 2009 rev. 2012 formulas;
    constructed numbers, abs 0.01)."""
    c = case("sroi_adjustments_constructed")["expected"]
    res = sroi([{"outcome": "jobs", "quantity": 100, "proxy": 1000, "deadweight": 0.2, "displacement": 0.1,
                 "attribution": 0.25, "drop_off": 0.1, "duration": 3}], 100_000, rate=0.035)
    np.testing.assert_allclose(res.impacts.loc["jobs", [1, 2, 3]].to_numpy(),
                               [c["impact_y1"], c["impact_y2"], c["impact_y3"]], atol=0.01)
    assert res.present_value == pytest.approx(c["pv"], abs=0.01)
    assert res.ratio == pytest.approx(c["sroi_ratio"], abs=1e-4)
    assert res.net_ratio == pytest.approx(c["net_sroi"], abs=1e-4)
    json.dumps(res.to_dict(), allow_nan=False)
    assert res.summary()["pv"].iloc[-1] == pytest.approx(res.present_value)
    fig, ax = plt.subplots()
    assert res.plot(ax=ax, language="en") is ax
    plt.close(fig)


def test_sroi_several_outcomes_and_errors():
    outs = pd.DataFrame({"outcome": ["a", "b"], "quantity": [10, 5], "proxy": [100.0, 50.0],
                         "duration": [2, 1], "start": [1, 2]})
    res = sroi(outs, [100.0, 100.0], rate=0.0)
    assert res.present_value == pytest.approx(10 * 100 * 2 + 5 * 50)
    assert res.investment == pytest.approx(200.0)
    with pytest.raises(InputError, match="outcome 'a': deadweight must be in"):
        sroi(outs.assign(deadweight=[1.5, 0]), 100)
    with pytest.raises(InputError, match="missing \\['proxy'\\]"):
        sroi(outs.drop(columns="proxy"), 100)
    with pytest.raises(InputError, match="investment"):
        sroi(outs, 0)
    with pytest.raises(InputError, match="duration must be a whole number"):
        sroi(outs.assign(duration=[0, 1]), 100)


@pytest.mark.property
@settings(max_examples=40, deadline=None)
@given(dw=st.floats(0, 1), dp=st.floats(0, 1), at=st.floats(0, 1), drop=st.floats(0, 1), n=st.integers(1, 10))
def test_sroi_adjustments_only_reduce_value(dw, dp, at, drop, n):
    base = {"outcome": "x", "quantity": 10, "proxy": 100, "duration": n}
    gross = sroi([base], 1000).present_value
    net = sroi([{**base, "deadweight": dw, "displacement": dp, "attribution": at, "drop_off": drop}], 1000)
    assert net.present_value <= gross + 1e-9
    y1 = 1000 * (1 - dw) * (1 - dp) * (1 - at)
    assert net.impacts.iloc[0, 1] == pytest.approx(y1)
